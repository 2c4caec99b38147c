//! Keccak-f[1600] on 1600 bit targets with the custom gates of [`super::gates`].
//!
//! Bit `z` of lane `(x, y)` is element `64·(x + 5y) + z`, which is also bit `8j + k` of the
//! byte string absorbed little-endian into the lanes (byte `j`, bit `k` LSB first).
//! Per round: 320 two-input XORs (θ's D, 26 per row) and 64 [`ChiGate`] rows (one per z-slice:
//! χ with θ, ρ and π folded into the wiring, ι from the row constant, and the next round's θ
//! column parities), about 77 rows. The first round's parities take 320 five-input XORs
//! (13 per row).

use plonky2::field::extension::Extendable;
use plonky2::hash::hash_types::RichField;
use plonky2::iop::target::Target;
use plonky2::plonk::circuit_builder::CircuitBuilder;

use super::gates::{ChiGate, XorGate};

/// Bits in the Keccak-f[1600] state.
pub const STATE_BITS: usize = 1600;

/// ι round constants.
pub(crate) const ROUND_CONSTANTS: [u64; 24] = [
    0x0000_0000_0000_0001,
    0x0000_0000_0000_8082,
    0x8000_0000_0000_808A,
    0x8000_0000_8000_8000,
    0x0000_0000_0000_808B,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8009,
    0x0000_0000_0000_008A,
    0x0000_0000_0000_0088,
    0x0000_0000_8000_8009,
    0x0000_0000_8000_000A,
    0x0000_0000_8000_808B,
    0x8000_0000_0000_008B,
    0x8000_0000_0000_8089,
    0x8000_0000_0000_8003,
    0x8000_0000_0000_8002,
    0x8000_0000_0000_0080,
    0x0000_0000_0000_800A,
    0x8000_0000_8000_000A,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8080,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8008,
];

/// ρ rotation offsets, indexed `[x][y]`.
pub(crate) const ROTATIONS: [[usize; 5]; 5] = [
    [0, 36, 3, 41, 18],
    [1, 44, 10, 45, 2],
    [62, 6, 43, 15, 61],
    [28, 55, 25, 21, 56],
    [27, 20, 39, 8, 14],
];

/// Index of bit `z` of lane `(x, y)`.
pub(crate) const fn bit_index(x: usize, y: usize, z: usize) -> usize {
    64 * (x + 5 * y) + z
}

/// XOR of `inputs` through one slot of an [`XorGate`] of that arity.
pub(crate) fn xor_bits<F: RichField + Extendable<D>, const D: usize>(
    builder: &mut CircuitBuilder<F, D>,
    inputs: &[Target],
) -> Target {
    let gate = XorGate::new_from_config(&builder.config, inputs.len());
    let (row, op) = builder.find_slot(gate, &[], &[]);
    for (k, &input) in inputs.iter().enumerate() {
        builder.connect(input, Target::wire(row, gate.wire_input(op, k)));
    }
    Target::wire(row, gate.wire_output(op))
}

/// Applies Keccak-f[1600] to `state` (1600 boolean targets, layout of [`bit_index`]).
///
/// Needs 80 routed wires (the standard recursion config); callers check
/// [`ChiGate::ROUTED_WIRES`] first.
pub(crate) fn keccak_f<F: RichField + Extendable<D>, const D: usize>(
    builder: &mut CircuitBuilder<F, D>,
    mut state: Vec<Target>,
) -> Vec<Target> {
    debug_assert_eq!(state.len(), STATE_BITS);
    let one = builder.one();
    // θ's column parities of the input; later rounds get them from the χ rows.
    let mut parity = Vec::with_capacity(320);
    for x in 0..5 {
        for z in 0..64 {
            let column: Vec<Target> = (0..5).map(|y| state[bit_index(x, y, z)]).collect();
            parity.push(xor_bits(builder, &column));
        }
    }
    for rc in ROUND_CONSTANTS {
        let mut theta = vec![one; 320];
        for x in 0..5 {
            for z in 0..64 {
                let left = parity[64 * ((x + 4) % 5) + z];
                let right = parity[64 * ((x + 1) % 5) + (z + 63) % 64];
                theta[64 * x + z] = xor_bits(builder, &[left, right]);
            }
        }
        let mut next = vec![one; STATE_BITS];
        let mut next_parity = vec![one; 320];
        for z in 0..64 {
            let row = builder.add_gate(ChiGate, vec![F::from_bool((rc >> z) & 1 == 1)]);
            for y in 0..5 {
                for x in 0..5 {
                    // B[x][y] = rot(A'[x0][y0], r) with x = y0 and y = 2·x0 + 3·y0 (mod 5).
                    let (x0, y0) = ((3 * (y + 5 * 3 - 3 * x)) % 5, x);
                    let src_z = (z + 64 - ROTATIONS[x0][y0]) % 64;
                    builder.connect(
                        state[bit_index(x0, y0, src_z)],
                        Target::wire(row, ChiGate::wire_a(y, x)),
                    );
                    builder.connect(
                        theta[64 * x0 + src_z],
                        Target::wire(row, ChiGate::wire_d(y, x)),
                    );
                    next[bit_index(x, y, z)] = Target::wire(row, ChiGate::wire_out(y, x));
                }
            }
            for (x, p) in next_parity.chunks_mut(64).enumerate() {
                p[z] = Target::wire(row, ChiGate::wire_parity(x));
            }
        }
        state = next;
        parity = next_parity;
    }
    state
}
