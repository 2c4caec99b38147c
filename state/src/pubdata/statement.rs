//! The priority-queue hash chain and the batch statement (`docs/pubdata.md`).

use alloy_primitives::keccak256;

use crate::state::leaves::root_to_be_bytes;
use crate::tree::Hash;

/// `queueHash_0`: 32 zero bytes.
pub const QUEUE_HASH_INITIAL: [u8; 32] = [0u8; 32];

/// `keccak256(prev ‖ priority_bytes)`.
pub fn chain_priority(prev: &[u8; 32], priority_bytes: &[u8]) -> [u8; 32] {
    let mut v = Vec::with_capacity(32 + priority_bytes.len());
    v.extend_from_slice(prev);
    v.extend_from_slice(priority_bytes);
    keccak256(&v).0
}

/// The public statement of a batch, hashed by the contract and exposed by the proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchStatement {
    /// Batch number (the first batch is 1).
    pub batch_number: u64,
    /// Root before the batch.
    pub old_root: Hash,
    /// Root after the batch.
    pub new_root: Hash,
    /// Priority cursor before.
    pub queue_first: u64,
    /// Priority cursor after.
    pub queue_last: u64,
    /// `queueHash_{queue_last}`.
    pub queue_hash_after: [u8; 32],
    /// `keccak256(pubdata)`.
    pub pubdata_hash: [u8; 32],
    /// The rollup clock after the batch (`Globals::oracle_time`): the batch's largest oracle
    /// timestamp, since the clock only moves forward. `Rollup.sol` refuses a batch whose clock is
    /// beyond L1 time plus a configured slack.
    pub oracle_time: u64,
}

/// Length of [`BatchStatement::to_bytes`].
pub const STATEMENT_BYTES: usize = 160;

impl BatchStatement {
    /// The fixed 160-byte layout (`docs/pubdata.md`).
    pub fn to_bytes(&self) -> [u8; STATEMENT_BYTES] {
        let mut v = [0u8; STATEMENT_BYTES];
        v[0..8].copy_from_slice(&self.batch_number.to_be_bytes());
        v[8..40].copy_from_slice(&root_to_be_bytes(&self.old_root));
        v[40..72].copy_from_slice(&root_to_be_bytes(&self.new_root));
        v[72..80].copy_from_slice(&self.queue_first.to_be_bytes());
        v[80..88].copy_from_slice(&self.queue_last.to_be_bytes());
        v[88..120].copy_from_slice(&self.queue_hash_after);
        v[120..152].copy_from_slice(&self.pubdata_hash);
        v[152..160].copy_from_slice(&self.oracle_time.to_be_bytes());
        v
    }

    /// `keccak256(to_bytes())`: what the proof's public inputs carry.
    pub fn hash(&self) -> [u8; 32] {
        keccak256(self.to_bytes()).0
    }

    /// `keccak256(pubdata)`.
    pub fn pubdata_hash_of(pubdata: &[u8]) -> [u8; 32] {
        keccak256(pubdata).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::u64_to_field;

    #[test]
    fn statement_layout_has_fixed_offsets() {
        let s = BatchStatement {
            batch_number: 1,
            old_root: Hash {
                elements: [1, 2, 3, 4].map(u64_to_field),
            },
            new_root: Hash {
                elements: [5, 6, 7, 8].map(u64_to_field),
            },
            queue_first: 9,
            queue_last: 10,
            queue_hash_after: [0xaa; 32],
            pubdata_hash: [0xbb; 32],
            oracle_time: 11,
        };
        let b = s.to_bytes();
        assert_eq!(b[7], 1);
        assert_eq!(b[15], 1);
        assert_eq!(b[47], 5);
        assert_eq!(b[79], 9);
        assert_eq!(b[87], 10);
        assert_eq!(b[88], 0xaa);
        assert_eq!(b[151], 0xbb);
        assert_eq!(b[159], 11);
        assert_ne!(s.hash(), [0u8; 32]);
    }

    #[test]
    fn priority_chain_starts_at_zero_and_depends_on_order() {
        let a = chain_priority(&QUEUE_HASH_INITIAL, b"a");
        let ab = chain_priority(&a, b"b");
        let b = chain_priority(&QUEUE_HASH_INITIAL, b"b");
        assert_ne!(ab, chain_priority(&b, b"a"));
        assert_eq!(a, keccak256([&[0u8; 32][..], b"a"].concat()).0);
    }
}
