//! Keccak-256 (the Ethereum variant: pad10*1 with domain byte 0x01) over byte targets, with the
//! message length fixed at build time ([`CircuitBuilderKeccak::keccak256_fixed`]) or a witness
//! up to a build-time number of 136-byte blocks ([`CircuitBuilderKeccak::keccak256_var`]).
//!
//! Bytes are range-checked (`< 256`) and decomposed into bits; the sponge runs on bits with the
//! custom gates of [`gates`] (see [`permutation`] for the per-round layout). The digest comes
//! out as bits ([`KeccakDigestTarget`]) and can be packed into 32 bytes or into 8 big-endian
//! 32-bit limbs: limb 0 holds digest bytes 0..4, so limbs 0..4 are the high 128 bits and 4..8
//! the low 128 bits of the digest read as a `uint256`. A 128-bit half does not fit Goldilocks
//! (p < 2^64), hence 32-bit limbs, each canonical.
//!
//! Circuits using these gates serialise only with a gate serializer that lists [`gates::XorGate`]
//! and [`gates::ChiGate`].

pub mod gates;
pub mod permutation;

use core::marker::PhantomData;

use anyhow::Result as AnyResult;
use plonky2::field::extension::Extendable;
use plonky2::hash::hash_types::RichField;
use plonky2::iop::generator::{GeneratedValues, SimpleGenerator};
use plonky2::iop::target::{BoolTarget, Target};
use plonky2::iop::witness::{PartitionWitness, Witness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::CommonCircuitData;
use plonky2::util::serialization::{Buffer, IoResult, Read, Write};
use thiserror::Error;

use permutation::{keccak_f, xor_bits, STATE_BITS};

/// Bytes absorbed per Keccak-256 block (the rate).
pub const RATE_BYTES: usize = 136;
const RATE_BITS: usize = 8 * RATE_BYTES;
/// Bits of a Keccak-256 digest.
pub const DIGEST_BITS: usize = 256;

/// Why a Keccak gadget refused to build or a witness could not be set.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum KeccakError {
    /// A variable-length input must allow at least one block.
    #[error("a variable-length input needs at least one block")]
    ZeroBlocks,
    /// A bit string must be whole bytes.
    #[error("{0} bits is not a whole number of bytes")]
    PartialByte(usize),
    /// The message does not fit the blocks reserved at build time (padding needs one byte).
    #[error("message of {len} bytes exceeds the maximum of {max}")]
    TooLong {
        /// Message length.
        len: usize,
        /// Longest message the circuit accepts.
        max: usize,
    },
    /// The circuit config has fewer routed wires than [`gates::ChiGate`] needs.
    #[error("Keccak needs {needed} routed wires, the config has {have}")]
    ConfigTooNarrow {
        /// Routed wires required.
        needed: usize,
        /// Routed wires in the config.
        have: usize,
    },
    /// Setting a witness value failed (a target set twice to different values).
    #[error("witness: {0}")]
    Witness(String),
}

/// Result alias of this module.
pub type KeccakResult<T> = Result<T, KeccakError>;

/// A Keccak-256 digest as 256 bits: bit `8j + k` is bit `k` (LSB first) of digest byte `j`.
/// Every bit is proven boolean by the gates that produce it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeccakDigestTarget {
    bits: Vec<BoolTarget>,
}

impl KeccakDigestTarget {
    /// The 256 digest bits, layout as on the type.
    pub fn bits(&self) -> &[BoolTarget] {
        &self.bits
    }
}

/// Byte targets of a variable-length message and its length; `bytes.len()` is a multiple of
/// [`RATE_BYTES`] and the length is proven `< bytes.len()`. Bytes at or past `len` are ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeccakVarInputTarget {
    /// Message bytes, zero-padded by the witness to the reserved size.
    pub bytes: Vec<Target>,
    /// Message length in bytes.
    pub len: Target,
}

impl KeccakVarInputTarget {
    /// Longest message this input accepts.
    pub fn max_len(&self) -> usize {
        self.bytes.len().saturating_sub(1)
    }

    /// Sets the bytes (zero-filled past the message) and the length.
    pub fn set_witness<F: RichField>(
        &self,
        witness: &mut impl WitnessWrite<F>,
        message: &[u8],
    ) -> KeccakResult<()> {
        if message.len() > self.max_len() {
            return Err(KeccakError::TooLong {
                len: message.len(),
                max: self.max_len(),
            });
        }
        let padded = message.iter().copied().chain(core::iter::repeat(0));
        for (&t, byte) in self.bytes.iter().zip(padded) {
            witness
                .set_target(t, F::from_canonical_u8(byte))
                .map_err(|e| KeccakError::Witness(e.to_string()))?;
        }
        witness
            .set_target(self.len, F::from_canonical_usize(message.len()))
            .map_err(|e| KeccakError::Witness(e.to_string()))
    }
}

/// Builder extension computing Keccak-256 in-circuit.
pub trait CircuitBuilderKeccak<F: RichField + Extendable<D>, const D: usize> {
    /// Keccak-256 of `bytes` (length fixed now); each byte is proven `< 256`.
    fn keccak256_fixed(&mut self, bytes: &[Target]) -> KeccakResult<KeccakDigestTarget>;

    /// Keccak-256 of a bit string (bit `8j + k` = bit `k` of byte `j`); the caller has proven
    /// the bits boolean.
    fn keccak256_fixed_bits(&mut self, bits: &[BoolTarget]) -> KeccakResult<KeccakDigestTarget>;

    /// A fresh variable-length input of `max_blocks` blocks (messages up to
    /// `136·max_blocks − 1` bytes).
    fn add_virtual_keccak_input(&mut self, max_blocks: usize)
        -> KeccakResult<KeccakVarInputTarget>;

    /// Keccak-256 of the first `input.len` bytes of `input.bytes`, padding in-circuit; the cost
    /// is that of all reserved blocks.
    fn keccak256_var(&mut self, input: &KeccakVarInputTarget) -> KeccakResult<KeccakDigestTarget>;

    /// The 32 digest bytes in order, each a target `< 256`.
    fn keccak_digest_bytes(&mut self, digest: &KeccakDigestTarget) -> Vec<Target>;

    /// The digest as 8 big-endian 32-bit limbs (limb 0 = bytes 0..4, most significant).
    fn keccak_digest_u32_be(&mut self, digest: &KeccakDigestTarget) -> Vec<Target>;
}

impl<F: RichField + Extendable<D>, const D: usize> CircuitBuilderKeccak<F, D>
    for CircuitBuilder<F, D>
{
    fn keccak256_fixed(&mut self, bytes: &[Target]) -> KeccakResult<KeccakDigestTarget> {
        check_config(self)?;
        let bits: Vec<BoolTarget> = bytes.iter().flat_map(|&b| self.split_le(b, 8)).collect();
        let padded = pad_fixed(self, bits);
        let states = sponge(self, &padded)?;
        let last = states.last().cloned().unwrap_or_default();
        Ok(digest_of(&last))
    }

    fn keccak256_fixed_bits(&mut self, bits: &[BoolTarget]) -> KeccakResult<KeccakDigestTarget> {
        if bits.len() % 8 != 0 {
            return Err(KeccakError::PartialByte(bits.len()));
        }
        let padded = pad_fixed(self, bits.to_vec());
        let states = sponge(self, &padded)?;
        let last = states.last().cloned().unwrap_or_default();
        Ok(digest_of(&last))
    }

    fn add_virtual_keccak_input(
        &mut self,
        max_blocks: usize,
    ) -> KeccakResult<KeccakVarInputTarget> {
        if max_blocks == 0 {
            return Err(KeccakError::ZeroBlocks);
        }
        Ok(KeccakVarInputTarget {
            bytes: self.add_virtual_targets(max_blocks * RATE_BYTES),
            len: self.add_virtual_target(),
        })
    }

    fn keccak256_var(&mut self, input: &KeccakVarInputTarget) -> KeccakResult<KeccakDigestTarget> {
        let n = input.bytes.len();
        if n == 0 || n % RATE_BYTES != 0 {
            return Err(KeccakError::ZeroBlocks);
        }
        check_config(self)?;
        let mask = prefix_mask(self, input.len, n);
        let one = self.one();
        // e_i = m_{i−1} − m_i is 1 exactly at i = len, where the 0x01 domain byte goes.
        let mut bits = Vec::with_capacity(8 * n);
        for i in 0..n {
            let prev = if i == 0 { one } else { mask[i - 1] };
            let end = self.sub(prev, mask[i]);
            let mut byte = self.mul_add(mask[i], input.bytes[i], end);
            if i % RATE_BYTES == RATE_BYTES - 1 {
                // This block is the last one iff it holds position len: m_{start−1} − m_i.
                let start = i + 1 - RATE_BYTES;
                let before = if start == 0 { one } else { mask[start - 1] };
                let is_last = self.sub(before, mask[i]);
                byte = self.mul_const_add(F::from_canonical_u8(0x80), is_last, byte);
            }
            bits.extend(self.split_le(byte, 8));
        }
        let targets: Vec<Target> = bits.iter().map(|b| b.target).collect();
        let states = sponge(self, &targets)?;
        let mut digest: Option<Vec<Target>> = None;
        for (block, state) in states.iter().enumerate() {
            let end = (block + 1) * RATE_BYTES - 1;
            let before = if block == 0 {
                one
            } else {
                mask[block * RATE_BYTES - 1]
            };
            let is_last = self.sub(before, mask[end]);
            digest = Some(match digest {
                None => state[..DIGEST_BITS]
                    .iter()
                    .map(|&s| self.mul(is_last, s))
                    .collect(),
                Some(acc) => state[..DIGEST_BITS]
                    .iter()
                    .zip(acc)
                    .map(|(&s, a)| self.mul_add(is_last, s, a))
                    .collect(),
            });
        }
        let digest = digest.ok_or(KeccakError::ZeroBlocks)?;
        Ok(digest_of(&digest))
    }

    fn keccak_digest_bytes(&mut self, digest: &KeccakDigestTarget) -> Vec<Target> {
        digest
            .bits
            .chunks(8)
            .map(|byte| horner(self, byte.iter().rev()))
            .collect()
    }

    fn keccak_digest_u32_be(&mut self, digest: &KeccakDigestTarget) -> Vec<Target> {
        digest
            .bits
            .chunks(32)
            .map(|limb| horner(self, limb.chunks(8).flat_map(|byte| byte.iter().rev())))
            .collect()
    }
}

/// `Σ 2^k b_k` with the most significant bit first.
fn horner<'a, F: RichField + Extendable<D>, const D: usize>(
    builder: &mut CircuitBuilder<F, D>,
    msb_first: impl Iterator<Item = &'a BoolTarget>,
) -> Target {
    let mut acc = builder.zero();
    for bit in msb_first {
        acc = builder.mul_const_add(F::TWO, acc, bit.target);
    }
    acc
}

fn digest_of(state: &[Target]) -> KeccakDigestTarget {
    KeccakDigestTarget {
        // The permutation's gates keep every bit boolean (see `gates`).
        bits: state
            .iter()
            .take(DIGEST_BITS)
            .map(|&t| BoolTarget::new_unsafe(t))
            .collect(),
    }
}

/// Appends pad10*1 (0x01 … 0x80) to a fixed-length bit string, as constants.
fn pad_fixed<F: RichField + Extendable<D>, const D: usize>(
    builder: &mut CircuitBuilder<F, D>,
    bits: Vec<BoolTarget>,
) -> Vec<Target> {
    let (zero, one) = (builder.zero(), builder.one());
    let mut out: Vec<Target> = bits.into_iter().map(|b| b.target).collect();
    let total = (out.len() / RATE_BITS + 1) * RATE_BITS;
    out.push(one);
    out.resize(total, zero);
    out[total - 1] = one;
    out
}

/// Refuses configs too narrow for [`gates::ChiGate`].
fn check_config<F: RichField + Extendable<D>, const D: usize>(
    builder: &CircuitBuilder<F, D>,
) -> KeccakResult<()> {
    let have = builder.config.num_routed_wires;
    if have < gates::ChiGate::ROUTED_WIRES {
        return Err(KeccakError::ConfigTooNarrow {
            needed: gates::ChiGate::ROUTED_WIRES,
            have,
        });
    }
    Ok(())
}

/// Absorbs whole blocks of padded bits and returns the state after each block.
fn sponge<F: RichField + Extendable<D>, const D: usize>(
    builder: &mut CircuitBuilder<F, D>,
    padded: &[Target],
) -> KeccakResult<Vec<Vec<Target>>> {
    check_config(builder)?;
    let zero = builder.zero();
    let mut state = vec![zero; STATE_BITS];
    let mut states = Vec::with_capacity(padded.len() / RATE_BITS);
    for (block, chunk) in padded.chunks(RATE_BITS).enumerate() {
        for (i, &bit) in chunk.iter().enumerate() {
            state[i] = if block == 0 {
                bit
            } else {
                xor_bits(builder, &[state[i], bit])
            };
        }
        state = keccak_f(builder, state);
        states.push(state.clone());
    }
    Ok(states)
}

/// Bits `m_i = [i < len]` for `i < n`, proven: boolean, non-increasing, summing to `len`, and
/// `m_{n−1} = 0` (so `len < n`).
fn prefix_mask<F: RichField + Extendable<D>, const D: usize>(
    builder: &mut CircuitBuilder<F, D>,
    len: Target,
    n: usize,
) -> Vec<Target> {
    let mask = builder.add_virtual_targets(n);
    builder.add_simple_generator(PrefixMaskGenerator::<F, D> {
        len,
        mask: mask.clone(),
        _phantom: PhantomData,
    });
    for (i, &m) in mask.iter().enumerate() {
        builder.assert_bool(BoolTarget::new_unsafe(m));
        if i > 0 {
            // m_i · (1 − m_{i−1}) = 0: a one never follows a zero.
            let t = builder.arithmetic(F::NEG_ONE, F::ONE, m, mask[i - 1], m);
            builder.assert_zero(t);
        }
    }
    let sum = builder.add_many(&mask);
    builder.connect(sum, len);
    if let Some(&last) = mask.last() {
        builder.assert_zero(last);
    }
    mask
}

/// Fills the prefix mask from the length witness.
#[derive(Debug, Clone)]
pub struct PrefixMaskGenerator<F: RichField + Extendable<D>, const D: usize> {
    len: Target,
    mask: Vec<Target>,
    _phantom: PhantomData<F>,
}

impl<F: RichField + Extendable<D>, const D: usize> SimpleGenerator<F, D>
    for PrefixMaskGenerator<F, D>
{
    fn id(&self) -> String {
        "zkclear::PrefixMaskGenerator".to_string()
    }

    fn dependencies(&self) -> Vec<Target> {
        vec![self.len]
    }

    fn run_once(
        &self,
        witness: &PartitionWitness<F>,
        out: &mut GeneratedValues<F>,
    ) -> AnyResult<()> {
        let len = witness.get_target(self.len).to_canonical_u64();
        for (i, &m) in self.mask.iter().enumerate() {
            out.set_target(m, F::from_bool((i as u64) < len))?;
        }
        Ok(())
    }

    fn serialize(&self, dst: &mut Vec<u8>, _common: &CommonCircuitData<F, D>) -> IoResult<()> {
        dst.write_target(self.len)?;
        dst.write_target_vec(&self.mask)
    }

    fn deserialize(src: &mut Buffer, _common: &CommonCircuitData<F, D>) -> IoResult<Self> {
        Ok(Self {
            len: src.read_target()?,
            mask: src.read_target_vec()?,
            _phantom: PhantomData,
        })
    }
}

#[cfg(test)]
mod tests;
