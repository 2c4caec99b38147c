//! A fast hash map for tree-node keys.
//!
//! Node lookups dominate an update after the Poseidon hashes, and std's SipHash costs about as
//! much per key as the lookup itself. Node keys are a few integers, so a multiply-rotate mix
//! (FxHash-like) with a strong final avalanche is enough; it is seeded per map from std's random
//! state so that chosen indices (e.g. order hashes in a fill tree) cannot be aimed at one bucket
//! without knowing the seed.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

const K: u64 = 0x517c_c1b7_2722_0a95;

/// Builds [`NodeHasher`]s sharing one random seed.
#[derive(Clone, Debug)]
pub(crate) struct NodeHashBuilder {
    seed: u64,
}

impl Default for NodeHashBuilder {
    fn default() -> Self {
        Self {
            seed: RandomState::new().hash_one(0x007a_6b63_6c65_6172_u64),
        }
    }
}

impl BuildHasher for NodeHashBuilder {
    type Hasher = NodeHasher;

    fn build_hasher(&self) -> NodeHasher {
        NodeHasher(self.seed)
    }
}

/// Multiply-rotate hasher over integers, finished with the murmur3 64-bit avalanche.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NodeHasher(u64);

impl NodeHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for NodeHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// A `HashMap` keyed by tree nodes with [`NodeHashBuilder`].
pub(crate) type NodeMap<K, V> = HashMap<K, V, NodeHashBuilder>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_hasher_spreads_sequential_keys() {
        let build = NodeHashBuilder::default();
        let hashes: std::collections::HashSet<u64> = (0..1000u64)
            .map(|i| build.hash_one((7u8, i)) >> 54)
            .collect();
        // 1000 keys over 1024 top-10-bit buckets: a poor mix would collapse them.
        assert!(hashes.len() > 500, "only {} distinct buckets", hashes.len());
    }
}
