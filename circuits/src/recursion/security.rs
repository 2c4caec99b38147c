//! FRI parameters of the shrink layers, as a config value.
//!
//! Conjectured security of a FRI-based plonky2 proof (the "conjectured" soundness plonky2 itself
//! targets): `queries * rate_bits + proof_of_work_bits` bits.
//! - [`WrapSecurity::Secure`]: rate 1/16 (`rate_bits = 4`), 21 queries, 16 grinding bits:
//!   `21 * 4 + 16 = 100` bits.
//! - [`WrapSecurity::InsecureTest`]: rate 1/8, 2 queries, no grinding: `2 * 3 = 6` bits.
//!   INSECURE: for CI only, so the full plonky2 → Groth16 → EVM path runs in minutes.

use plonky2::fri::reduction_strategies::FriReductionStrategy;
use plonky2::fri::FriConfig;
use plonky2::plonk::circuit_data::CircuitConfig;
use serde::{Deserialize, Serialize};

/// Which FRI parameters the shrink layers (and so the wrapper) use.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WrapSecurity {
    /// ≥ 100 bits of conjectured security (see the module documentation).
    Secure,
    /// INSECURE (6 bits): a handful of queries so tests run fast. Never use in production.
    InsecureTest,
}

impl WrapSecurity {
    /// The FRI configuration of this security level.
    pub fn fri_config(self) -> FriConfig {
        match self {
            Self::Secure => FriConfig {
                rate_bits: 4,
                cap_height: 4,
                proof_of_work_bits: 16,
                reduction_strategy: FriReductionStrategy::ConstantArityBits(4, 5),
                num_query_rounds: 21,
            },
            Self::InsecureTest => FriConfig {
                rate_bits: 3,
                cap_height: 0,
                proof_of_work_bits: 0,
                reduction_strategy: FriReductionStrategy::ConstantArityBits(4, 5),
                num_query_rounds: 2,
            },
        }
    }

    /// Conjectured security in bits: `queries * rate_bits + proof_of_work_bits`.
    pub fn conjectured_bits(self) -> usize {
        let fri = self.fri_config();
        fri.num_query_rounds * fri.rate_bits + fri.proof_of_work_bits as usize
    }

    /// The circuit configuration of a shrink layer: plonky2's standard recursion layout (135
    /// wires, degree-8 constraints so the Poseidon gate fits one row) with these FRI parameters.
    pub fn circuit_config(self) -> CircuitConfig {
        CircuitConfig {
            fri_config: self.fri_config(),
            security_bits: self.conjectured_bits(),
            ..CircuitConfig::standard_recursion_config()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_parameters_reach_100_bits() {
        assert!(WrapSecurity::Secure.conjectured_bits() >= 100);
    }

    #[test]
    fn test_parameters_are_far_below_security() {
        assert!(WrapSecurity::InsecureTest.conjectured_bits() < 20);
    }

    #[test]
    fn security_round_trips_through_serde() -> anyhow::Result<()> {
        let s = serde_json::to_string(&WrapSecurity::InsecureTest)?;
        assert_eq!(s, "\"insecure_test\"");
        assert_eq!(
            serde_json::from_str::<WrapSecurity>(&s)?,
            WrapSecurity::InsecureTest
        );
        Ok(())
    }
}
