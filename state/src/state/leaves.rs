//! Leaf encodings and the state root, exactly as `docs/state-layout.md` specifies.
//!
//! Invariant: every function here is the single native definition of its leaf; circuits and the
//! L1 escape hatch reproduce these element vectors bit for bit.

use plonky2::hash::poseidon::PoseidonHash;
use plonky2::plonk::config::Hasher;

use crate::math::{signed_to_field, u64_to_field};
use crate::tree::{Hash, F};
use crate::types::{Account, FillSlot, Globals, Market, Position};

/// The 20 field elements of an account leaf.
pub fn account_elements(account: &Account, positions_root: &Hash, fills_root: &Hash) -> Vec<F> {
    let mut v = Vec::with_capacity(20);
    v.extend(account.owner.limbs().map(u64_to_field));
    v.extend(account.pubkey.0.map(u64_to_field));
    v.push(signed_to_field(account.collateral));
    v.push(u64_to_field(u64::from(account.nonce)));
    v.extend_from_slice(&positions_root.elements);
    v.extend_from_slice(&fills_root.elements);
    v
}

/// Account leaf digest.
pub fn account_leaf(account: &Account, positions_root: &Hash, fills_root: &Hash) -> Hash {
    PoseidonHash::hash_no_pad(&account_elements(account, positions_root, fills_root))
}

/// Position leaf digest: `hash_no_pad([market, size, funding_index])`; `None` is the empty leaf.
pub fn position_leaf(position: Option<&Position>) -> Hash {
    match position {
        None => Hash::ZERO,
        Some(p) => PoseidonHash::hash_no_pad(&[
            u64_to_field(u64::from(p.market)),
            signed_to_field(p.size),
            signed_to_field(p.funding_index),
        ]),
    }
}

/// Fill leaf digest: `hash_no_pad([nonce, filled])`; `(0, 0)` is the empty leaf.
pub fn fill_leaf(slot: &FillSlot) -> Hash {
    if *slot == FillSlot::default() {
        return Hash::ZERO;
    }
    PoseidonHash::hash_no_pad(&[
        u64_to_field(u64::from(slot.nonce)),
        u64_to_field(u64::from(slot.filled)),
    ])
}

/// The 17 field elements of a market leaf.
pub fn market_elements(m: &Market) -> Vec<F> {
    vec![
        u64_to_field(m.kind as u64),
        u64_to_field(u64::from(m.underlying)),
        u64_to_field(u64::from(m.strike)),
        u64_to_field(m.expiry),
        u64_to_field(u64::from(m.price)),
        u64_to_field(m.price_time),
        signed_to_field(m.funding_index),
        u64_to_field(m.funding_time),
        u64_to_field(u64::from(m.initial_ppm)),
        u64_to_field(u64::from(m.maintenance_ppm)),
        u64_to_field(u64::from(m.beta_initial_ppm)),
        u64_to_field(u64::from(m.beta_maintenance_ppm)),
        u64_to_field(u64::from(m.liquidation_fee_ppm)),
        u64_to_field(u64::from(m.max_funding_rate_ppm)),
        u64_to_field(u64::from(m.settlement_price)),
        u64_to_field(u64::from(m.band_ppm)),
        u64_to_field(u64::from(m.max_price_age)),
    ]
}

/// Market leaf digest.
pub fn market_leaf(m: &Market) -> Hash {
    PoseidonHash::hash_no_pad(&market_elements(m))
}

/// The state root over the two global trees and the globals (13 elements).
pub fn state_root(accounts_root: &Hash, markets_root: &Hash, g: &Globals) -> Hash {
    let mut v = Vec::with_capacity(13);
    v.extend_from_slice(&accounts_root.elements);
    v.extend_from_slice(&markets_root.elements);
    v.push(u64_to_field(g.insurance_fund));
    v.push(u64_to_field(u64::from(g.fee_account)));
    v.push(u64_to_field(g.oracle_time));
    v.push(u64_to_field(g.batch_number));
    v.push(u64_to_field(g.priority_cursor));
    PoseidonHash::hash_no_pad(&v)
}

/// A root as 32 bytes: four canonical u64, big-endian, element 0 first (`docs/pubdata.md`).
pub fn root_to_be_bytes(root: &Hash) -> [u8; 32] {
    use plonky2::field::types::PrimeField64;
    let mut out = [0u8; 32];
    for (chunk, e) in out.chunks_exact_mut(8).zip(root.elements.iter()) {
        chunk.copy_from_slice(&e.to_canonical_u64().to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use plonky2::field::types::PrimeField64;

    use super::*;
    use crate::crypto::PublicKey;
    use crate::tree::empty_root;
    use crate::types::Address;

    #[test]
    fn account_leaf_matches_documented_example() {
        let account = Account {
            owner: Address::from_hex("0x00112233445566778899aabbccddeeff00112233").expect("valid"),
            pubkey: PublicKey([1, 2, 3, 4, 5]),
            collateral: -5_000_000,
            nonce: 7,
        };
        let v = account_elements(&account, &empty_root(4), &empty_root(16));
        let raw: Vec<u64> = v.iter().map(|f| f.to_canonical_u64()).collect();
        assert_eq!(
            &raw[..12],
            &[
                0x00112233,
                0x44556677,
                0x8899aabb,
                0xccddeeff,
                0x00112233,
                1,
                2,
                3,
                4,
                5,
                0xfffffffeffb3b4c1,
                7
            ]
        );
        assert_eq!(&v[12..16], &empty_root(4).elements);
        assert_eq!(&v[16..20], &empty_root(16).elements);
        assert_eq!(
            account_leaf(&account, &empty_root(4), &empty_root(16)),
            PoseidonHash::hash_no_pad(&v)
        );
    }

    #[test]
    fn empty_records_hash_to_the_zero_leaf() {
        assert_eq!(position_leaf(None), Hash::ZERO);
        assert_eq!(fill_leaf(&FillSlot::default()), Hash::ZERO);
        assert_ne!(
            fill_leaf(&FillSlot {
                nonce: 1,
                filled: 0
            }),
            Hash::ZERO
        );
    }

    #[test]
    fn root_bytes_are_big_endian_elements() {
        let h = Hash {
            elements: [1u64, 2, 3, 4].map(u64_to_field),
        };
        let b = root_to_be_bytes(&h);
        assert_eq!(b[7], 1);
        assert_eq!(b[31], 4);
        assert_eq!(b[0], 0);
    }
}
