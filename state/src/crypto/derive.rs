//! L2 key derivation from an Ethereum wallet signature (`docs/architecture.md`, "Keys and signatures"; `docs/signatures.md`).
//!
//! The wallet signs, with EIP-712, the fixed message [`ZkclearKey`] `{ action: DERIVE_ACTION,
//! accountIndex }` under the domain `{ name: "zkclear", version: "1", chainId }`. The L2 secret
//! key is then
//!
//! `sk = LE512(keccak256(DERIVE_TAG || 0x00 || r || s) || keccak256(DERIVE_TAG || 0x01 || r || s))
//! mod n`
//!
//! with `r`, `s` the signature's 32-byte big-endian components after low-s normalisation (so the
//! `v` convention, 0/1 or 27/28, and an s-malleated copy give the same key). The same wallet
//! gives the same key only if its ECDSA nonces are deterministic (RFC 6979), as alloy's local
//! signer, MetaMask and hardware wallets do.

use alloy_primitives::{keccak256, B256};
use alloy_sol_types::{eip712_domain, sol, Eip712Domain, SolStruct};

use super::ecgfp5::Scalar;
use super::schnorr::{SchnorrError, SecretKey};

/// Domain-separation prefix of the derivation hash.
pub const DERIVE_TAG: &[u8] = b"zkclear/l2-key/v1";

/// The fixed `action` string of the signed message; changing it changes every derived key.
pub const DERIVE_ACTION: &str = "Derive my zkclear L2 trading key. Only sign this on zkclear.";

sol! {
    /// The EIP-712 struct a wallet signs to derive its zkclear key.
    #[derive(Debug, PartialEq, Eq)]
    struct ZkclearKey {
        string action;
        uint32 accountIndex;
    }
}

/// Why a key could not be derived.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeriveError {
    /// The 65-byte signature is malformed (bad `v`).
    #[error("malformed wallet signature: {0}")]
    MalformedSignature(String),
    /// The derived scalar is zero (probability 2^-319).
    #[error("derived key is invalid: {0}")]
    InvalidKey(#[from] SchnorrError),
}

/// The EIP-712 domain `{ name: "zkclear", version: "1", chainId }`.
pub fn key_derivation_domain(chain_id: u64) -> Eip712Domain {
    eip712_domain! {
        name: "zkclear",
        version: "1",
        chain_id: chain_id,
    }
}

/// The message for account slot `account_index` (0 for a wallet's first key).
pub fn key_derivation_message(account_index: u32) -> ZkclearKey {
    ZkclearKey {
        action: DERIVE_ACTION.to_string(),
        accountIndex: account_index,
    }
}

/// The EIP-712 signing hash the wallet signs.
pub fn key_derivation_signing_hash(chain_id: u64, account_index: u32) -> B256 {
    key_derivation_message(account_index).eip712_signing_hash(&key_derivation_domain(chain_id))
}

/// The L2 secret key from the wallet's 65-byte `r || s || v` signature of
/// [`key_derivation_signing_hash`]. Deterministic; never panics.
pub fn derive_secret_key(wallet_signature: &[u8; 65]) -> Result<SecretKey, DeriveError> {
    let sig = alloy_primitives::Signature::from_raw_array(wallet_signature)
        .map_err(|e| DeriveError::MalformedSignature(e.to_string()))?
        .normalized_s();
    let mut wide = [0u8; 64];
    for (half, chunk) in wide.chunks_exact_mut(32).enumerate() {
        let mut input = Vec::with_capacity(DERIVE_TAG.len() + 65);
        input.extend_from_slice(DERIVE_TAG);
        input.push(half as u8);
        input.extend_from_slice(&sig.r().to_be_bytes::<32>());
        input.extend_from_slice(&sig.s().to_be_bytes::<32>());
        chunk.copy_from_slice(keccak256(&input).as_slice());
    }
    Ok(SecretKey::from_scalar(Scalar::from_bytes_reduce(&wide))?)
}

#[cfg(test)]
mod tests {
    use alloy_signer::SignerSync;
    use alloy_signer_local::PrivateKeySigner;

    use super::*;

    /// Hardhat/anvil's first well-known development key (public test key, never fund it).
    const TEST_WALLET_KEY: &str =
        "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    fn wallet_signature(chain_id: u64, index: u32) -> [u8; 65] {
        let signer: PrivateKeySigner = TEST_WALLET_KEY.parse().expect("valid test key");
        let hash = key_derivation_signing_hash(chain_id, index);
        signer
            .sign_hash_sync(&hash)
            .expect("local signing cannot fail")
            .as_bytes()
    }

    #[test]
    fn derived_key_matches_fixed_vector() {
        let sk = derive_secret_key(&wallet_signature(1, 0)).expect("derives");
        assert_eq!(sk.public_key().0, DERIVED_PK, "{:?}", sk.public_key().0);
    }

    #[test]
    fn derivation_is_deterministic_and_depends_on_chain_and_index() {
        let a = derive_secret_key(&wallet_signature(1, 0)).expect("derives");
        assert_eq!(
            derive_secret_key(&wallet_signature(1, 0)).expect("derives"),
            a
        );
        assert_ne!(
            derive_secret_key(&wallet_signature(1, 1)).expect("derives"),
            a
        );
        assert_ne!(
            derive_secret_key(&wallet_signature(31337, 0)).expect("derives"),
            a
        );
    }

    #[test]
    fn v_convention_and_high_s_give_the_same_key() {
        let sig = wallet_signature(1, 0);
        let base = derive_secret_key(&sig).expect("derives");
        let mut v01 = sig;
        v01[64] -= 27;
        assert_eq!(derive_secret_key(&v01).expect("derives"), base);
        let parsed = alloy_primitives::Signature::from_raw_array(&sig).expect("valid");
        let n = alloy_primitives::U256::from_str_radix(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141",
            16,
        )
        .expect("constant");
        let high = alloy_primitives::Signature::new(parsed.r(), n - parsed.s(), !parsed.v());
        assert_eq!(derive_secret_key(&high.as_bytes()).expect("derives"), base);
    }

    #[test]
    fn malformed_v_is_rejected() {
        let mut sig = wallet_signature(1, 0);
        sig[64] = 5;
        assert!(matches!(
            derive_secret_key(&sig),
            Err(DeriveError::MalformedSignature(_))
        ));
    }

    const DERIVED_PK: [u64; 5] = [
        10067293583131649658,
        8492615826798897808,
        5525814630382121497,
        15410110236749239702,
        14273009256805005397,
    ];
}
