//! Demo accounts: L2 keys derived from Ethereum keys (state's EIP-712 derivation), funded with
//! test collateral and deposited through L1.

use alloy::primitives::{Address, U256};
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use zkclear_l1::bindings::TestToken;
use zkclear_l1::client::{Connection, RollupClient};
use zkclear_state::crypto::derive::{derive_secret_key, key_derivation_signing_hash};
use zkclear_state::crypto::ecgfp5::scalar::Scalar;
use zkclear_state::crypto::SecretKey;
use zkclear_state::genesis::key_hex;

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

/// blake3 key-derivation context of the devnet's genesis keys (fee account, oracles).
const GENESIS_KEY_CONTEXT: &str = "zkclear devnet genesis keys 2026-11 v1";

/// Number of oracle keys in `state/genesis/devnet.toml`.
pub const DEVNET_ORACLE_KEYS: u8 = 3;

/// A devnet genesis secret key, derived deterministically from a public label (so anyone can
/// recompute it: devnet only). Labels: `"fee account"`, `"oracle 0"`, `"oracle 1"`, ...
///
/// Invariant: the same label always gives the same key; the key is never zero.
pub fn devnet_genesis_key(label: &str) -> SecretKey {
    let mut counter = 0u8;
    loop {
        let mut h = blake3::Hasher::new_derive_key(GENESIS_KEY_CONTEXT);
        h.update(label.as_bytes());
        h.update(&[counter]);
        let mut wide = [0u8; 64];
        h.finalize_xof().fill(&mut wide);
        if let Ok(k) = SecretKey::from_scalar(Scalar::from_bytes_reduce(&wide)) {
            return k;
        }
        counter = counter.wrapping_add(1);
    }
}

/// The devnet oracle key with index `i` in the genesis key list.
pub fn devnet_oracle_key(i: u8) -> SecretKey {
    devnet_genesis_key(&format!("oracle {i}"))
}

/// The key lines of `state/genesis/devnet.toml`, as `zkclear-sequencer devnet-keys` prints them
/// (a unit test checks the file against the derivation).
pub fn devnet_genesis_keys_toml() -> String {
    let fee = devnet_genesis_key("fee account").public_key();
    let mut s = format!(
        "# [fee_account]\npubkey = \"{}\"\n# [oracle]\nkeys = [\n",
        key_hex::format(&fee)
    );
    for i in 0..DEVNET_ORACLE_KEYS {
        let k = devnet_oracle_key(i);
        s.push_str(&format!(
            "  \"{}\", # oracle {i}, secret 0x{}\n",
            key_hex::format(&k.public_key()),
            hex::encode(k.to_bytes())
        ));
    }
    s.push_str("]\n");
    s
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

#[cfg(test)]
mod tests {
    use super::*;
    use zkclear_state::genesis::Genesis;

    #[test]
    fn devnet_genesis_file_holds_the_derived_keys() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../state/genesis/devnet.toml");
        let g = Genesis::from_file(path).expect("devnet genesis parses");
        let oracles: Vec<_> = (0..DEVNET_ORACLE_KEYS)
            .map(|i| devnet_oracle_key(i).public_key())
            .collect();
        assert_eq!(
            (g.fee_account.pubkey, g.oracle.keys),
            (devnet_genesis_key("fee account").public_key(), oracles),
            "regenerate the key lines with `zkclear-sequencer devnet-keys`:\n{}",
            devnet_genesis_keys_toml()
        );
    }

    #[test]
    fn devnet_genesis_keys_are_deterministic_and_distinct() {
        assert_eq!(
            devnet_oracle_key(0).to_bytes(),
            devnet_oracle_key(0).to_bytes()
        );
        assert_ne!(
            devnet_oracle_key(0).to_bytes(),
            devnet_oracle_key(1).to_bytes()
        );
    }
}
