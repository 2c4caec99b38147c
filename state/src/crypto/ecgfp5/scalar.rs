//! The scalar field of ECgFp5: integers modulo the prime group order
//! n = 1067993516717146951041484916571792702745057740581727230159139685185762082554198619328292418486241
//! (about 2^318.99), with canonical 40-byte little-endian encodings.

/// The group order n as five little-endian 64-bit limbs.
pub const N: [u64; 5] = [
    0xE80F_D996_948B_FFE1,
    0xE888_5C39_D724_A09C,
    0x7FFF_FFE6_CFB8_0639,
    0x7FFF_FFF1_0000_0016,
    0x7FFF_FFFD_8000_0007,
];

/// Length of an encoded scalar.
pub const SCALAR_BYTES: usize = 40;

/// A scalar modulo n. Invariant: the little-endian limbs hold a value `< n`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Scalar([u64; 5]);

impl std::fmt::Debug for Scalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Scalar(0x{})", hex::encode(self.to_bytes()))
    }
}

/// `a - b` over 320 bits, with the final borrow.
fn sub_raw(a: &[u64; 5], b: &[u64; 5]) -> ([u64; 5], bool) {
    let mut r = [0u64; 5];
    let mut borrow = false;
    for i in 0..5 {
        let (x, b1) = a[i].overflowing_sub(b[i]);
        let (x, b2) = x.overflowing_sub(borrow as u64);
        r[i] = x;
        borrow = b1 | b2;
    }
    (r, borrow)
}

/// `a + b` over 320 bits, with the final carry.
fn add_raw(a: &[u64; 5], b: &[u64; 5]) -> ([u64; 5], bool) {
    let mut r = [0u64; 5];
    let mut carry = false;
    for i in 0..5 {
        let (x, c1) = a[i].overflowing_add(b[i]);
        let (x, c2) = x.overflowing_add(carry as u64);
        r[i] = x;
        carry = c1 | c2;
    }
    (r, carry)
}

impl Scalar {
    /// Zero.
    pub const ZERO: Scalar = Scalar([0; 5]);
    /// One.
    pub const ONE: Scalar = Scalar([1, 0, 0, 0, 0]);

    /// The scalar with these little-endian limbs if their value is `< n`.
    pub fn from_limbs(limbs: [u64; 5]) -> Option<Scalar> {
        let (_, borrow) = sub_raw(&limbs, &N);
        borrow.then_some(Scalar(limbs))
    }

    /// The little-endian limbs (value `< n`).
    pub fn to_limbs(&self) -> [u64; 5] {
        self.0
    }

    /// Decodes a canonical 40-byte little-endian encoding; `None` if the value is `>= n`.
    pub fn from_bytes(bytes: &[u8; SCALAR_BYTES]) -> Option<Scalar> {
        let mut limbs = [0u64; 5];
        for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            *limb = u64::from_le_bytes(b);
        }
        Scalar::from_limbs(limbs)
    }

    /// The canonical 40-byte little-endian encoding.
    pub fn to_bytes(&self) -> [u8; SCALAR_BYTES] {
        let mut out = [0u8; SCALAR_BYTES];
        for (chunk, limb) in out.chunks_exact_mut(8).zip(self.0.iter()) {
            chunk.copy_from_slice(&limb.to_le_bytes());
        }
        out
    }

    /// The little-endian bytes of any length, read as an integer and reduced modulo n.
    pub fn from_bytes_reduce(bytes: &[u8]) -> Scalar {
        let mut r = [0u64; 5];
        for byte in bytes.iter().rev() {
            for bit in (0..8).rev() {
                r = Self::double_add_bit(&r, (byte >> bit) & 1 == 1);
            }
        }
        Scalar(r)
    }

    /// `2r + bit mod n` for `r < n` (fits in 320 bits since n < 2^319).
    fn double_add_bit(r: &[u64; 5], bit: bool) -> [u64; 5] {
        let mut d = [0u64; 5];
        let mut carry = bit as u64;
        for i in 0..5 {
            d[i] = (r[i] << 1) | carry;
            carry = r[i] >> 63;
        }
        let (s, borrow) = sub_raw(&d, &N);
        if borrow {
            d
        } else {
            s
        }
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.0 == [0; 5]
    }

    /// Bit `i` (little-endian; `false` for `i >= 320`).
    pub fn bit(&self, i: usize) -> bool {
        i < 320 && (self.0[i / 64] >> (i % 64)) & 1 == 1
    }

    /// `self + rhs mod n`.
    pub fn add(&self, rhs: &Scalar) -> Scalar {
        let (s, _) = add_raw(&self.0, &rhs.0);
        let (t, borrow) = sub_raw(&s, &N);
        Scalar(if borrow { s } else { t })
    }

    /// `self - rhs mod n`.
    pub fn sub(&self, rhs: &Scalar) -> Scalar {
        let (d, borrow) = sub_raw(&self.0, &rhs.0);
        if borrow {
            Scalar(add_raw(&d, &N).0)
        } else {
            Scalar(d)
        }
    }

    /// `-self mod n`.
    pub fn neg(&self) -> Scalar {
        Scalar::ZERO.sub(self)
    }

    /// `self * rhs mod n` (schoolbook product, then bitwise reduction of the 640-bit result).
    pub fn mul(&self, rhs: &Scalar) -> Scalar {
        let mut wide = [0u64; 10];
        for i in 0..5 {
            let mut carry: u128 = 0;
            for j in 0..5 {
                let t = (self.0[i] as u128) * (rhs.0[j] as u128) + wide[i + j] as u128 + carry;
                wide[i + j] = t as u64;
                carry = t >> 64;
            }
            wide[i + 5] = carry as u64;
        }
        let mut r = [0u64; 5];
        for limb in wide.iter().rev() {
            for bit in (0..64).rev() {
                r = Self::double_add_bit(&r, (limb >> bit) & 1 == 1);
            }
        }
        Scalar(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn n_encoding_is_rejected_and_n_minus_one_accepted() {
        let mut bytes = Scalar::ONE.to_bytes();
        for (chunk, limb) in bytes.chunks_exact_mut(8).zip(N.iter()) {
            chunk.copy_from_slice(&limb.to_le_bytes());
        }
        assert_eq!(Scalar::from_bytes(&bytes), None);
        bytes[0] -= 1;
        let m1 = Scalar::from_bytes(&bytes).expect("n - 1 is canonical");
        assert_eq!(m1.add(&Scalar::ONE), Scalar::ZERO);
        assert_eq!(m1, Scalar::ONE.neg());
        assert_eq!(Scalar::from_bytes(&[0xFF; 40]), None);
    }

    #[test]
    fn arithmetic_is_consistent() {
        let a = Scalar::from_bytes_reduce(&[0xA5; 64]);
        let b = Scalar::from_bytes_reduce(&[0x3C; 48]);
        let c = Scalar::from_bytes_reduce(&[0x11; 20]);
        assert_eq!(a.mul(&b), b.mul(&a));
        assert_eq!(a.mul(&b.add(&c)), a.mul(&b).add(&a.mul(&c)));
        assert_eq!(a.sub(&b).add(&b), a);
        assert_eq!(a.mul(&Scalar::ONE), a);
        assert_eq!(Scalar::from_bytes(&a.to_bytes()), Some(a));
    }

    #[test]
    fn reduction_matches_small_integers() {
        let mut bytes = [0u8; 64];
        bytes[0] = 7;
        let seven = Scalar::from_bytes_reduce(&bytes);
        assert_eq!(seven.to_limbs(), [7, 0, 0, 0, 0]);
        let x = Scalar::from_limbs([u64::MAX, 1, 0, 0, 0]).expect("small");
        // (2^65 - 1)^2 = 2^130 - 2^66 + 1
        let sq = x.mul(&x).to_limbs();
        assert_eq!(sq, [1, u64::MAX - 3, 3, 0, 0]);
    }
}
