//! GF(p^5) = GF(p)[z]/(z^5 - 3) arithmetic over typed targets (mirrors
//! `zkclear_state::crypto::ecgfp5::field`).

use anyhow::Result;
use plonky2::field::extension::quintic::QuinticExtension;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::types::Field;
use plonky2::iop::generator::{GeneratedValues, SimpleGenerator};
use plonky2::iop::target::Target;
use plonky2::iop::witness::{PartitionWitness, Witness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::CommonCircuitData;
use plonky2::util::serialization::{Buffer, IoResult, Read, Write};
use zkclear_state::crypto::ecgfp5::field::fp5_inverse_or_zero;
use zkclear_state::crypto::ecgfp5::Fp5;

/// The base field.
pub type F = GoldilocksField;
/// The extension degree of the proof system's challenges (plonky2's standard configuration).
pub const D: usize = 2;

/// A GF(p^5) element: targets for the coefficients of `1, z, .., z^4`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuinticExtTarget(pub [Target; 5]);

/// Reads the value of `t` from a witness.
pub fn get_quintic_ext<W: Witness<F>>(witness: &W, t: &QuinticExtTarget) -> Fp5 {
    QuinticExtension(t.0.map(|x| witness.get_target(x)))
}

/// Sets `t` to `v` in a generator's output buffer.
pub fn set_quintic_ext(out: &mut GeneratedValues<F>, t: &QuinticExtTarget, v: &Fp5) -> Result<()> {
    for (&target, &value) in t.0.iter().zip(v.0.iter()) {
        out.set_target(target, value)?;
    }
    Ok(())
}

/// GF(p^5) arithmetic on the circuit builder. Every method constrains its result: the outputs
/// are the field operation applied to the inputs, whatever the witness.
pub trait CircuitBuilderGFp5 {
    /// A fresh unconstrained element.
    fn add_virtual_quintic_ext_target(&mut self) -> QuinticExtTarget;
    /// The constant `c`.
    fn constant_quintic_ext(&mut self, c: Fp5) -> QuinticExtTarget;
    /// Constrains `a == b`.
    fn connect_quintic_ext(&mut self, a: &QuinticExtTarget, b: &QuinticExtTarget);
    /// `a + b`.
    fn add_quintic_ext(&mut self, a: &QuinticExtTarget, b: &QuinticExtTarget) -> QuinticExtTarget;
    /// `a - b`.
    fn sub_quintic_ext(&mut self, a: &QuinticExtTarget, b: &QuinticExtTarget) -> QuinticExtTarget;
    /// `-a`.
    fn neg_quintic_ext(&mut self, a: &QuinticExtTarget) -> QuinticExtTarget;
    /// `k a` for a base-field constant `k`.
    fn scale_quintic_ext(&mut self, k: u64, a: &QuinticExtTarget) -> QuinticExtTarget;
    /// `k z a` for a base-field constant `k` (multiplication by `k z`: a scaled rotation).
    fn scale_z_quintic_ext(&mut self, k: u64, a: &QuinticExtTarget) -> QuinticExtTarget;
    /// `a b` (25 arithmetic operations).
    fn mul_quintic_ext(&mut self, a: &QuinticExtTarget, b: &QuinticExtTarget) -> QuinticExtTarget;
    /// `a^2` (15 arithmetic operations).
    fn square_quintic_ext(&mut self, a: &QuinticExtTarget) -> QuinticExtTarget;
    /// `1 / a`; the proof fails unless `a != 0`.
    fn inverse_quintic_ext(&mut self, a: &QuinticExtTarget) -> QuinticExtTarget;
}

impl CircuitBuilderGFp5 for CircuitBuilder<F, D> {
    fn add_virtual_quintic_ext_target(&mut self) -> QuinticExtTarget {
        QuinticExtTarget([(); 5].map(|_| self.add_virtual_target()))
    }

    fn constant_quintic_ext(&mut self, c: Fp5) -> QuinticExtTarget {
        QuinticExtTarget(c.0.map(|x| self.constant(x)))
    }

    fn connect_quintic_ext(&mut self, a: &QuinticExtTarget, b: &QuinticExtTarget) {
        for (&x, &y) in a.0.iter().zip(b.0.iter()) {
            self.connect(x, y);
        }
    }

    fn add_quintic_ext(&mut self, a: &QuinticExtTarget, b: &QuinticExtTarget) -> QuinticExtTarget {
        QuinticExtTarget(std::array::from_fn(|i| self.add(a.0[i], b.0[i])))
    }

    fn sub_quintic_ext(&mut self, a: &QuinticExtTarget, b: &QuinticExtTarget) -> QuinticExtTarget {
        QuinticExtTarget(std::array::from_fn(|i| self.sub(a.0[i], b.0[i])))
    }

    fn neg_quintic_ext(&mut self, a: &QuinticExtTarget) -> QuinticExtTarget {
        QuinticExtTarget(a.0.map(|x| self.neg(x)))
    }

    fn scale_quintic_ext(&mut self, k: u64, a: &QuinticExtTarget) -> QuinticExtTarget {
        let k = F::from_canonical_u64(k);
        QuinticExtTarget(a.0.map(|x| self.mul_const(k, x)))
    }

    fn scale_z_quintic_ext(&mut self, k: u64, a: &QuinticExtTarget) -> QuinticExtTarget {
        let k = F::from_canonical_u64(k);
        let a = a.0;
        QuinticExtTarget([
            self.mul_const(k * F::from_canonical_u64(3), a[4]),
            self.mul_const(k, a[0]),
            self.mul_const(k, a[1]),
            self.mul_const(k, a[2]),
            self.mul_const(k, a[3]),
        ])
    }

    fn mul_quintic_ext(&mut self, a: &QuinticExtTarget, b: &QuinticExtTarget) -> QuinticExtTarget {
        let (a, b) = (a.0, b.0);
        let three = F::from_canonical_u64(3);
        QuinticExtTarget(std::array::from_fn(|k| {
            let mut acc = self.mul(a[0], b[k]);
            for i in 1..=k {
                acc = self.mul_add(a[i], b[k - i], acc);
            }
            for i in (k + 1)..5 {
                acc = self.arithmetic(three, F::ONE, a[i], b[k + 5 - i], acc);
            }
            acc
        }))
    }

    fn square_quintic_ext(&mut self, a: &QuinticExtTarget) -> QuinticExtTarget {
        let a = a.0;
        QuinticExtTarget(std::array::from_fn(|k| {
            // Terms a_i a_j with i <= j and i + j = k (weight 1) or k + 5 (weight 3), doubled
            // when i < j.
            let mut acc: Option<Target> = None;
            for (sum, wrap) in [(k, 1u64), (k + 5, 3u64)] {
                for i in 0..5 {
                    let j = match sum.checked_sub(i) {
                        Some(j) if j >= i && j < 5 => j,
                        _ => continue,
                    };
                    let c = F::from_canonical_u64(if i == j { wrap } else { 2 * wrap });
                    acc = Some(match acc {
                        None => {
                            let zero = self.zero();
                            self.arithmetic(c, F::ZERO, a[i], a[j], zero)
                        }
                        Some(acc) => self.arithmetic(c, F::ONE, a[i], a[j], acc),
                    });
                }
            }
            acc.unwrap_or_else(|| self.zero())
        }))
    }

    fn inverse_quintic_ext(&mut self, a: &QuinticExtTarget) -> QuinticExtTarget {
        let inv = self.add_virtual_quintic_ext_target();
        self.add_simple_generator(QuinticInverseGenerator { a: *a, inv });
        let prod = self.mul_quintic_ext(a, &inv);
        let one = self.constant_quintic_ext(Fp5::ONE);
        self.connect_quintic_ext(&prod, &one);
        inv
    }
}

/// Writes `1/a` (or zero, which then fails the product check) into `inv`.
#[derive(Debug, Default)]
pub struct QuinticInverseGenerator {
    a: QuinticExtTarget,
    inv: QuinticExtTarget,
}

impl SimpleGenerator<F, D> for QuinticInverseGenerator {
    fn id(&self) -> String {
        "QuinticInverseGenerator".to_string()
    }

    fn dependencies(&self) -> Vec<Target> {
        self.a.0.to_vec()
    }

    fn run_once(&self, witness: &PartitionWitness<F>, out: &mut GeneratedValues<F>) -> Result<()> {
        let a = get_quintic_ext(witness, &self.a);
        set_quintic_ext(out, &self.inv, &fp5_inverse_or_zero(&a))
    }

    fn serialize(&self, dst: &mut Vec<u8>, _: &CommonCircuitData<F, D>) -> IoResult<()> {
        dst.write_target_array(&self.a.0)?;
        dst.write_target_array(&self.inv.0)
    }

    fn deserialize(src: &mut Buffer, _: &CommonCircuitData<F, D>) -> IoResult<Self> {
        Ok(Self {
            a: read_quintic(src)?,
            inv: read_quintic(src)?,
        })
    }
}

/// Reads five targets written by `write_target_array`.
pub fn read_quintic(src: &mut Buffer) -> IoResult<QuinticExtTarget> {
    Ok(QuinticExtTarget(src.read_target_array::<5>()?))
}

impl Default for QuinticExtTarget {
    fn default() -> Self {
        QuinticExtTarget([Target::VirtualTarget { index: 0 }; 5])
    }
}

#[cfg(test)]
mod tests {
    use plonky2::field::types::Sample;
    use plonky2::iop::witness::PartialWitness;
    use plonky2::plonk::circuit_data::CircuitConfig;
    use plonky2::plonk::config::PoseidonGoldilocksConfig;
    use zkclear_state::crypto::ecgfp5::field::fp5_mul_z;

    use super::*;

    type C = PoseidonGoldilocksConfig;

    fn set(pw: &mut PartialWitness<F>, t: &QuinticExtTarget, v: &Fp5) {
        for (&target, &value) in t.0.iter().zip(v.0.iter()) {
            pw.set_target(target, value).expect("fresh target");
        }
    }

    /// Builds `a*b`, `a^2`, `1/a`, `a+b`, `a-b`, `263 z a`, checks them against native values, and
    /// returns whether proving succeeded with `expected_mul` as the claimed product.
    fn prove_ops(a: Fp5, b: Fp5, expected_mul: Fp5) -> bool {
        let mut builder = CircuitBuilder::<F, D>::new(CircuitConfig::standard_recursion_config());
        let (ta, tb) = (
            builder.add_virtual_quintic_ext_target(),
            builder.add_virtual_quintic_ext_target(),
        );
        let prod = builder.mul_quintic_ext(&ta, &tb);
        let sq = builder.square_quintic_ext(&ta);
        let inv = builder.inverse_quintic_ext(&ta);
        let sum = builder.add_quintic_ext(&ta, &tb);
        let diff = builder.sub_quintic_ext(&ta, &tb);
        let bz = builder.scale_z_quintic_ext(263, &ta);
        for (t, v) in [
            (prod, expected_mul),
            (sq, a * a),
            (inv, fp5_inverse_or_zero(&a)),
            (sum, a + b),
            (diff, a - b),
            (
                bz,
                QuinticExtension(fp5_mul_z(&a).0.map(|c| c * F::from_canonical_u64(263))),
            ),
        ] {
            let c = builder.constant_quintic_ext(v);
            builder.connect_quintic_ext(&t, &c);
        }
        let data = builder.build::<C>();
        let mut pw = PartialWitness::new();
        set(&mut pw, &ta, &a);
        set(&mut pw, &tb, &b);
        data.prove(pw).and_then(|p| data.verify(p)).is_ok()
    }

    #[test]
    fn quintic_ops_agree_with_native() {
        let (a, b) = (Fp5::rand(), Fp5::rand());
        assert!(prove_ops(a, b, a * b));
    }

    #[test]
    fn quintic_mul_with_wrong_product_fails_to_prove() {
        let (a, b) = (Fp5::rand(), Fp5::rand());
        assert!(!prove_ops(a, b, a * b + Fp5::ONE));
    }

    #[test]
    fn quintic_inverse_of_zero_fails_to_prove() {
        assert!(!prove_ops(Fp5::ZERO, Fp5::ONE, Fp5::ZERO));
    }
}
