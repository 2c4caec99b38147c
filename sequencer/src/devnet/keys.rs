//! Demo accounts: L2 keys derived from Ethereum keys (state's EIP-712 derivation), funded with
//! test collateral and deposited through L1.

use alloy::primitives::{Address, U256};
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use zkclear_l1::bindings::TestToken;
use zkclear_l1::client::{Connection, RollupClient};
use zkclear_state::crypto::derive::{derive_secret_key, key_derivation_signing_hash};
use zkclear_state::crypto::SecretKey;

use super::{l1, DevnetError, CHAIN_ID};

/// A funded demo trader.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    /// L2 account id (assigned by the Rollup at the first deposit).
    pub account: u32,
    /// Ethereum address.
    pub address: Address,
    /// Ethereum private key (hex, no 0x).
    pub eth_key: String,
    /// Derived L2 secret key (hex).
    pub l2_secret_hex: String,
    /// Derived L2 public key limbs.
    pub l2_pubkey: [u64; 5],
    /// Derived L2 secret key.
    pub l2_secret: SecretKey,
}

/// The L2 key of `eth_key` for account index 0 on `chain_id` (the wallet's derivation).
pub fn derive_l2_key(eth_key: &PrivateKeySigner, chain_id: u64) -> Result<SecretKey, DevnetError> {
    let hash = key_derivation_signing_hash(chain_id, 0);
    let sig = eth_key
        .sign_hash_sync(&hash)
        .map_err(|e| DevnetError::Key(e.to_string()))?;
    derive_secret_key(&sig.as_bytes()).map_err(|e| DevnetError::Key(e.to_string()))
}

/// Mints `amount` test collateral to the key's address (anyone may mint the test token) and
/// deposits it through the Rollup.
pub async fn fund(
    url: &str,
    rollup: Address,
    token: Address,
    eth_key: &str,
    amount: u64,
) -> Result<DemoAccount, DevnetError> {
    let signer: PrivateKeySigner = eth_key
        .parse()
        .map_err(|e| DevnetError::Key(format!("{e}")))?;
    let l2 = derive_l2_key(&signer, CHAIN_ID)?;
    let conn = Connection::new(url, signer).map_err(l1)?;
    let address = conn.sender;
    TestToken::new(token, conn.provider.clone())
        .mint(address, U256::from(amount))
        .send()
        .await
        .map_err(l1)?
        .get_receipt()
        .await
        .map_err(l1)?;
    let client = RollupClient::new(conn, rollup);
    let pk = l2.public_key().0;
    client.deposit(amount, pk).await.map_err(l1)?;
    let account = client.account_of(address).await.map_err(l1)?;
    Ok(DemoAccount {
        account,
        address,
        eth_key: eth_key.to_owned(),
        l2_secret_hex: hex::encode(l2.to_bytes()),
        l2_pubkey: pk,
        l2_secret: l2,
    })
}
