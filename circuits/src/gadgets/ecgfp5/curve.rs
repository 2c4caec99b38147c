//! ECgFp5 group operations over typed targets (mirrors `zkclear_state::crypto::ecgfp5::curve`,
//! same formulas and step names).

use anyhow::Result;
use plonky2::field::types::Field;
use plonky2::iop::generator::{GeneratedValues, SimpleGenerator};
use plonky2::iop::target::Target;
use plonky2::iop::witness::PartitionWitness;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::CommonCircuitData;
use plonky2::util::serialization::{Buffer, IoResult, Write};
use zkclear_state::crypto::ecgfp5::curve::B1;
use zkclear_state::crypto::ecgfp5::field::fp5_sqrt;
use zkclear_state::crypto::ecgfp5::{AffinePoint, Fp5, Point};

use super::field::{
    get_quintic_ext, read_quintic, set_quintic_ext, CircuitBuilderGFp5, QuinticExtTarget, D, F,
};

/// A group element in fractional `(X : Z : U : T)` coordinates, `(x, u) = (X/Z, U/T)`.
/// Invariant (kept by every gadget that makes one): it is a group element with `Z, T != 0`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CurvePointTarget {
    /// `X`.
    pub x: QuinticExtTarget,
    /// `Z`.
    pub z: QuinticExtTarget,
    /// `U`.
    pub u: QuinticExtTarget,
    /// `T`.
    pub t: QuinticExtTarget,
}

/// A group element in affine `(x, u)` coordinates (`(0, 0)` is the neutral).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AffinePointTarget {
    /// `x`.
    pub x: QuinticExtTarget,
    /// `u = x / y`.
    pub u: QuinticExtTarget,
}

/// ECgFp5 group operations; each output is constrained to be the exact group operation.
pub trait CircuitBuilderEcGFp5 {
    /// A constant point.
    fn curve_constant(&mut self, p: &Point) -> CurvePointTarget;
    /// A constant affine point.
    fn curve_constant_affine(&mut self, p: &AffinePoint) -> AffinePointTarget;
    /// `(x, 1, u, 1)`.
    fn curve_from_affine(&mut self, p: &AffinePointTarget) -> CurvePointTarget;
    /// `p + q` (complete).
    fn curve_add(&mut self, p: &CurvePointTarget, q: &CurvePointTarget) -> CurvePointTarget;
    /// `p + q` for an affine `q` (complete).
    fn curve_add_affine(&mut self, p: &CurvePointTarget, q: &AffinePointTarget)
        -> CurvePointTarget;
    /// `2 p`.
    fn curve_double(&mut self, p: &CurvePointTarget) -> CurvePointTarget;
    /// `2^n p` with the repeated-doubling formulas (`n >= 2`; smaller `n` use `curve_double`).
    fn curve_mdouble(&mut self, p: &CurvePointTarget, n: u32) -> CurvePointTarget;
    /// Decodes `w`, which must encode a non-neutral group element (else the proof fails).
    fn curve_decode_non_neutral(&mut self, w: &QuinticExtTarget) -> AffinePointTarget;
    /// The encoding `w = T/U` of `p`, which must not be the neutral (else the proof fails).
    fn curve_encode_non_neutral(&mut self, p: &CurvePointTarget) -> QuinticExtTarget;
}

impl CircuitBuilderEcGFp5 for CircuitBuilder<F, D> {
    fn curve_constant(&mut self, p: &Point) -> CurvePointTarget {
        let a = p.to_affine();
        let a = self.curve_constant_affine(&a);
        self.curve_from_affine(&a)
    }

    fn curve_constant_affine(&mut self, p: &AffinePoint) -> AffinePointTarget {
        AffinePointTarget {
            x: self.constant_quintic_ext(p.x),
            u: self.constant_quintic_ext(p.u),
        }
    }

    fn curve_from_affine(&mut self, p: &AffinePointTarget) -> CurvePointTarget {
        let one = self.constant_quintic_ext(Fp5::ONE);
        CurvePointTarget {
            x: p.x,
            z: one,
            u: p.u,
            t: one,
        }
    }

    fn curve_add(&mut self, p: &CurvePointTarget, q: &CurvePointTarget) -> CurvePointTarget {
        let t1 = self.mul_quintic_ext(&p.x, &q.x);
        let t2 = self.mul_quintic_ext(&p.z, &q.z);
        let t3 = self.mul_quintic_ext(&p.u, &q.u);
        let t4 = self.mul_quintic_ext(&p.t, &q.t);
        let pxz = self.add_quintic_ext(&p.x, &p.z);
        let qxz = self.add_quintic_ext(&q.x, &q.z);
        let m5 = self.mul_quintic_ext(&pxz, &qxz);
        let m5 = self.sub_quintic_ext(&m5, &t1);
        let t5 = self.sub_quintic_ext(&m5, &t2);
        let put = self.add_quintic_ext(&p.u, &p.t);
        let qut = self.add_quintic_ext(&q.u, &q.t);
        let m6 = self.mul_quintic_ext(&put, &qut);
        let m6 = self.sub_quintic_ext(&m6, &t3);
        let t6 = self.sub_quintic_ext(&m6, &t4);
        add_finish(self, t1, t2, t3, t4, t5, t6)
    }

    fn curve_add_affine(
        &mut self,
        p: &CurvePointTarget,
        q: &AffinePointTarget,
    ) -> CurvePointTarget {
        let t1 = self.mul_quintic_ext(&p.x, &q.x);
        let t3 = self.mul_quintic_ext(&p.u, &q.u);
        let m5 = self.mul_quintic_ext(&q.x, &p.z);
        let t5 = self.add_quintic_ext(&p.x, &m5);
        let m6 = self.mul_quintic_ext(&q.u, &p.t);
        let t6 = self.add_quintic_ext(&p.u, &m6);
        add_finish(self, t1, p.z, t3, p.t, t5, t6)
    }

    fn curve_double(&mut self, p: &CurvePointTarget) -> CurvePointTarget {
        let t1 = self.mul_quintic_ext(&p.z, &p.t);
        let t2 = self.mul_quintic_ext(&t1, &p.t);
        let x1 = self.square_quintic_ext(&t2);
        let z1 = self.mul_quintic_ext(&t1, &p.u);
        let t3 = self.square_quintic_ext(&p.u);
        let s = self.add_quintic_ext(&p.x, &p.z);
        let s2 = self.scale_quintic_ext(2, &s);
        let st3 = self.mul_quintic_ext(&s2, &t3);
        let w1 = self.sub_quintic_ext(&t2, &st3);
        let t4 = self.square_quintic_ext(&z1);
        let zz = self.square_quintic_ext(&w1);
        let x = self.scale_z_quintic_ext(4 * B1, &t4);
        let wz = self.add_quintic_ext(&w1, &z1);
        let wz2 = self.square_quintic_ext(&wz);
        let u = self.sub_quintic_ext(&wz2, &t4);
        let u = self.sub_quintic_ext(&u, &zz);
        let x2 = self.scale_quintic_ext(2, &x1);
        let t44 = self.scale_quintic_ext(4, &t4);
        let t = self.sub_quintic_ext(&x2, &t44);
        let t = self.sub_quintic_ext(&t, &zz);
        CurvePointTarget { x, z: zz, u, t }
    }

    fn curve_mdouble(&mut self, p: &CurvePointTarget, n: u32) -> CurvePointTarget {
        if n < 2 {
            return if n == 0 { *p } else { self.curve_double(p) };
        }
        let t1 = self.mul_quintic_ext(&p.z, &p.t);
        let t2 = self.mul_quintic_ext(&t1, &p.t);
        let x1 = self.square_quintic_ext(&t2);
        let z1 = self.mul_quintic_ext(&t1, &p.u);
        let t3 = self.square_quintic_ext(&p.u);
        let s = self.add_quintic_ext(&p.x, &p.z);
        let s2 = self.scale_quintic_ext(2, &s);
        let st3 = self.mul_quintic_ext(&s2, &t3);
        let w1 = self.sub_quintic_ext(&t2, &st3);
        let t4 = self.square_quintic_ext(&w1);
        let t5 = self.square_quintic_ext(&z1);
        let t55 = self.square_quintic_ext(&t5);
        let mut x = self.scale_z_quintic_ext(16 * B1, &t55);
        let x12 = self.scale_quintic_ext(2, &x1);
        let t54 = self.scale_quintic_ext(4, &t5);
        let w = self.sub_quintic_ext(&x12, &t54);
        let mut w = self.sub_quintic_ext(&w, &t4);
        let wz = self.add_quintic_ext(&w1, &z1);
        let wz2 = self.square_quintic_ext(&wz);
        let z = self.sub_quintic_ext(&wz2, &t4);
        let mut z = self.sub_quintic_ext(&z, &t5);
        for _ in 2..n {
            let t1 = self.square_quintic_ext(&z);
            let t2 = self.square_quintic_ext(&t1);
            let t3 = self.square_quintic_ext(&w);
            let t4 = self.square_quintic_ext(&t3);
            let wz = self.add_quintic_ext(&w, &z);
            let wz2 = self.square_quintic_ext(&wz);
            let t5 = self.sub_quintic_ext(&wz2, &t1);
            let t5 = self.sub_quintic_ext(&t5, &t3);
            let xt = self.add_quintic_ext(&x, &t1);
            let xt2 = self.scale_quintic_ext(2, &xt);
            let f = self.sub_quintic_ext(&xt2, &t3);
            z = self.mul_quintic_ext(&t5, &f);
            let t24 = self.mul_quintic_ext(&t2, &t4);
            x = self.scale_z_quintic_ext(16 * B1, &t24);
            // W = -t4 - t2 (4b - 4)
            let a = self.scale_quintic_ext(4, &t2);
            let b = self.scale_z_quintic_ext(4 * B1, &t2);
            let a = self.sub_quintic_ext(&a, &t4);
            w = self.sub_quintic_ext(&a, &b);
        }
        let t1 = self.square_quintic_ext(&w);
        let t2 = self.square_quintic_ext(&z);
        let wz = self.add_quintic_ext(&w, &z);
        let wz2 = self.square_quintic_ext(&wz);
        let t3 = self.sub_quintic_ext(&wz2, &t1);
        let t3 = self.sub_quintic_ext(&t3, &t2);
        let xt = self.add_quintic_ext(&x, &t2);
        let xt2 = self.scale_quintic_ext(2, &xt);
        let w1 = self.sub_quintic_ext(&t1, &xt2);
        let zz = self.square_quintic_ext(&w1);
        let t32 = self.square_quintic_ext(&t3);
        let xo = self.scale_z_quintic_ext(B1, &t32);
        let uo = self.mul_quintic_ext(&t3, &w1);
        let t22 = self.scale_quintic_ext(2, &t2);
        let tt = self.sub_quintic_ext(&t1, &t22);
        let t12 = self.scale_quintic_ext(2, &t1);
        let to = self.mul_quintic_ext(&t12, &tt);
        let to = self.sub_quintic_ext(&to, &zz);
        CurvePointTarget {
            x: xo,
            z: zz,
            u: uo,
            t: to,
        }
    }

    fn curve_decode_non_neutral(&mut self, w: &QuinticExtTarget) -> AffinePointTarget {
        // x^2 - e x + b = 0 with e = w^2 - 2. The prover supplies y with y^2 a root; as the roots
        // multiply to the non-square b, y^2 is the square root and x = e - y^2 the other one.
        let y = self.add_virtual_quintic_ext_target();
        self.add_simple_generator(DecodeHintGenerator { w: *w, y });
        let w2 = self.square_quintic_ext(w);
        let two = self.constant_quintic_ext(Fp5::TWO);
        let e = self.sub_quintic_ext(&w2, &two);
        let r = self.square_quintic_ext(&y);
        let r2 = self.square_quintic_ext(&r);
        let er = self.mul_quintic_ext(&e, &r);
        let lhs = self.sub_quintic_ext(&r2, &er);
        let one = self.constant_quintic_ext(Fp5::ONE);
        let b = self.scale_z_quintic_ext(B1, &one);
        let lhs = self.add_quintic_ext(&lhs, &b);
        let zero = self.constant_quintic_ext(Fp5::ZERO);
        self.connect_quintic_ext(&lhs, &zero);
        let x = self.sub_quintic_ext(&e, &r);
        // u = 1/w; the inverse exists only for w != 0 (non-neutral).
        let u = self.inverse_quintic_ext(w);
        AffinePointTarget { x, u }
    }

    fn curve_encode_non_neutral(&mut self, p: &CurvePointTarget) -> QuinticExtTarget {
        let inv_u = self.inverse_quintic_ext(&p.u);
        self.mul_quintic_ext(&p.t, &inv_u)
    }
}

/// The common tail of the addition formulas (steps `t7..t10` of the native code).
fn add_finish(
    b: &mut CircuitBuilder<F, D>,
    t1: QuinticExtTarget,
    t2: QuinticExtTarget,
    t3: QuinticExtTarget,
    t4: QuinticExtTarget,
    t5: QuinticExtTarget,
    t6: QuinticExtTarget,
) -> CurvePointTarget {
    let bt2 = b.scale_z_quintic_ext(B1, &t2);
    let t7 = b.add_quintic_ext(&t1, &bt2);
    let t8 = b.mul_quintic_ext(&t4, &t7);
    let bt5 = b.scale_z_quintic_ext(2 * B1, &t5);
    let t72 = b.scale_quintic_ext(2, &t7);
    let f9 = b.add_quintic_ext(&bt5, &t72);
    let t9 = b.mul_quintic_ext(&t3, &f9);
    let t32 = b.scale_quintic_ext(2, &t3);
    let a10 = b.add_quintic_ext(&t4, &t32);
    let b10 = b.add_quintic_ext(&t5, &t7);
    let t10 = b.mul_quintic_ext(&a10, &b10);
    let d = b.sub_quintic_ext(&t10, &t8);
    let x = b.scale_z_quintic_ext(B1, &d);
    let z = b.sub_quintic_ext(&t8, &t9);
    let f6 = b.sub_quintic_ext(&bt2, &t1);
    let u = b.mul_quintic_ext(&t6, &f6);
    let t = b.add_quintic_ext(&t8, &t9);
    CurvePointTarget { x, z, u, t }
}

/// Supplies `y` with `y^2` the square root of the decoding quadratic (zero if `w` does not
/// decode, which then fails the quadratic check).
#[derive(Debug, Default)]
pub struct DecodeHintGenerator {
    w: QuinticExtTarget,
    y: QuinticExtTarget,
}

impl SimpleGenerator<F, D> for DecodeHintGenerator {
    fn id(&self) -> String {
        "EcGFp5DecodeHintGenerator".to_string()
    }

    fn dependencies(&self) -> Vec<Target> {
        self.w.0.to_vec()
    }

    fn run_once(&self, witness: &PartitionWitness<F>, out: &mut GeneratedValues<F>) -> Result<()> {
        let w = get_quintic_ext(witness, &self.w);
        let y = Point::decode(&w)
            .filter(|p| !p.is_neutral())
            .and_then(|p| {
                let e = w * w - Fp5::TWO;
                fp5_sqrt(&(e - p.to_affine().x))
            })
            .unwrap_or(Fp5::ZERO);
        set_quintic_ext(out, &self.y, &y)
    }

    fn serialize(&self, dst: &mut Vec<u8>, _: &CommonCircuitData<F, D>) -> IoResult<()> {
        dst.write_target_array(&self.w.0)?;
        dst.write_target_array(&self.y.0)
    }

    fn deserialize(src: &mut Buffer, _: &CommonCircuitData<F, D>) -> IoResult<Self> {
        Ok(Self {
            w: read_quintic(src)?,
            y: read_quintic(src)?,
        })
    }
}

#[cfg(test)]
#[path = "curve_tests.rs"]
mod tests;
