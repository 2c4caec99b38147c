//! Goldilocks Poseidon (plonky2's `PoseidonHash`: width 12, rate 8, x^7, 4 + 22 + 4 rounds)
//! emulated in BN254, for the one place the final proof still uses it: the hash of its public
//! inputs (plonky2's algebraic inner hasher). Naive rounds (as `poseidon_naive`), lazy
//! reduction: each S-box input is reduced once, the partial rounds' S-box output once more, and
//! the linear layer is free; lanes are reduced when they pass [`LANE_BITS`] (about 65k
//! constraints per permutation, measured by the test below).

use ark_relations::gr1cs::SynthesisError;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::hash::poseidon::{
    Poseidon, ALL_ROUND_CONSTANTS, HALF_N_FULL_ROUNDS, N_PARTIAL_ROUNDS, SPONGE_RATE, SPONGE_WIDTH,
};

use super::goldilocks::GoldilocksVar;

/// A lane wider than this is reduced before the next round.
pub const LANE_BITS: u32 = 240;

/// `x^7` with two intermediate reductions (about 2 × 130 constraints plus the input's reduction).
fn sbox(x: &GoldilocksVar) -> Result<GoldilocksVar, SynthesisError> {
    let x = x.reduce()?;
    let x2 = x.mul(&x)?.reduce()?;
    let x3 = x2.mul(&x)?;
    let x4 = x2.mul(&x2)?.reduce()?;
    x4.mul(&x3)
}

fn constant_layer(state: &mut [GoldilocksVar; SPONGE_WIDTH], round: usize) {
    for (i, lane) in state.iter_mut().enumerate() {
        *lane = lane.add(&GoldilocksVar::constant(
            ALL_ROUND_CONSTANTS[i + SPONGE_WIDTH * round],
        ));
    }
}

fn mds_layer(
    state: &[GoldilocksVar; SPONGE_WIDTH],
) -> Result<[GoldilocksVar; SPONGE_WIDTH], SynthesisError> {
    let circ = <GoldilocksField as Poseidon>::MDS_MATRIX_CIRC;
    let diag = <GoldilocksField as Poseidon>::MDS_MATRIX_DIAG;
    let mut out: [GoldilocksVar; SPONGE_WIDTH] = std::array::from_fn(|_| GoldilocksVar::zero());
    for (r, lane) in out.iter_mut().enumerate() {
        let mut acc = state[r].mul_const(diag[r]);
        for (i, c) in circ.iter().enumerate() {
            acc = acc.add(&state[(i + r) % SPONGE_WIDTH].mul_const(*c));
        }
        *lane = if acc.bits > LANE_BITS {
            acc.reduce()?
        } else {
            acc
        };
    }
    Ok(out)
}

/// The permutation.
pub fn permute(
    state: &[GoldilocksVar; SPONGE_WIDTH],
) -> Result<[GoldilocksVar; SPONGE_WIDTH], SynthesisError> {
    let mut s = state.clone();
    let mut round = 0;
    let full = |s: &mut [GoldilocksVar; SPONGE_WIDTH], round: &mut usize| {
        for _ in 0..HALF_N_FULL_ROUNDS {
            constant_layer(s, *round);
            for lane in s.iter_mut() {
                *lane = sbox(lane)?;
            }
            *s = mds_layer(s)?;
            *round += 1;
        }
        Ok::<(), SynthesisError>(())
    };
    full(&mut s, &mut round)?;
    for _ in 0..N_PARTIAL_ROUNDS {
        constant_layer(&mut s, round);
        // Reduced so the other lanes, which only mix linearly, grow slowly.
        s[0] = sbox(&s[0])?.reduce()?;
        s = mds_layer(&s)?;
        round += 1;
    }
    full(&mut s, &mut round)?;
    Ok(s)
}

/// `PoseidonHash::hash_no_pad` (overwrite-mode sponge, four output elements, not reduced).
pub fn hash_no_pad(inputs: &[GoldilocksVar]) -> Result<[GoldilocksVar; 4], SynthesisError> {
    let mut state: [GoldilocksVar; SPONGE_WIDTH] = std::array::from_fn(|_| GoldilocksVar::zero());
    for chunk in inputs.chunks(SPONGE_RATE) {
        for (slot, x) in state.iter_mut().zip(chunk) {
            *slot = x.clone();
        }
        state = permute(&state)?;
    }
    let [a, b, c, d, ..] = state;
    Ok([a, b, c, d])
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::Fr;
    use ark_relations::gr1cs::ConstraintSystem;
    use plonky2::field::types::{Field, PrimeField64};
    use plonky2::hash::poseidon::PoseidonHash;
    use plonky2::plonk::config::Hasher;

    fn inputs() -> Vec<u64> {
        (0..8u64)
            .map(|i| GoldilocksField::NEG_ONE.to_canonical_u64() - i * 0x0123_4567_89ab)
            .collect()
    }

    #[test]
    fn emulated_hash_matches_plonky2_poseidon() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let vals = inputs();
        let vars = vals
            .iter()
            .map(|v| GoldilocksVar::new_canonical_witness(cs.clone(), Some(*v)).map(|x| x.0))
            .collect::<Result<Vec<_>, _>>()?;
        let before = cs.num_constraints();
        let out = hash_no_pad(&vars)?;
        let cost = cs.num_constraints() - before;
        let native = PoseidonHash::hash_no_pad(
            &vals
                .iter()
                .map(|v| GoldilocksField::from_canonical_u64(*v))
                .collect::<Vec<_>>(),
        );
        for (o, n) in out.iter().zip(native.elements) {
            assert_eq!(o.value()?, n.to_canonical_u64());
        }
        assert!(cs.is_satisfied()?);
        assert!(cost < 70_000, "one permutation costs {cost}");
        eprintln!("emulated Goldilocks Poseidon permutation: {cost} constraints");
        Ok(())
    }

    #[test]
    fn a_wrong_claimed_hash_is_rejected() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let vars = inputs()
            .iter()
            .map(|v| GoldilocksVar::new_canonical_witness(cs.clone(), Some(*v)).map(|x| x.0))
            .collect::<Result<Vec<_>, _>>()?;
        let out = hash_no_pad(&vars)?;
        let wrong = GoldilocksVar::new_u64_witness(cs.clone(), Some(out[0].value()? ^ 4))?;
        out[0].enforce_equal(&wrong)?;
        assert!(!cs.is_satisfied()?);
        Ok(())
    }
}
