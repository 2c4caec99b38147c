//! Renders `Groth16Verifier.sol` from a verifying key: the BN254 precompiles (ecAdd 0x06, ecMul
//! 0x07, ecPairing 0x08) check `e(A, B) = e(alpha, beta) e(vk_x, gamma) e(C, delta)` with
//! `vk_x = IC0 + hi * IC1 + lo * IC2`, where `hi`/`lo` are the 128-bit halves of the statement
//! hash ([`groth16::statement_inputs`](super::groth16::statement_inputs)). The contract never
//! reverts on a malformed proof: it returns false (`IBatchVerifier`'s rule).
//!
//! [`check_in_forge`] runs a rendered verifier in forge's EVM (revm) on a proof.

use std::path::{Path, PathBuf};
use std::process::Command;

use ark_bn254::{Bn254, Fq};
use ark_ff::{BigInteger, PrimeField};
use ark_groth16::VerifyingKey;
use thiserror::Error;

use super::groth16::{g1_words, g2_words, NUM_PUBLIC_INPUTS};
use crate::recursion::security::WrapSecurity;

/// Where the generated verifier is committed, relative to the repository root.
pub const VERIFIER_PATH: &str = "verifier-contract/src/Groth16Verifier.sol";

/// The command that regenerates the committed verifier (written into its header).
pub const EMIT_COMMAND: &str =
    "cargo run --release -p zkclear-prover --bin wrap_bench -- --emit-verifier verifier-contract/src/Groth16Verifier.sol";

/// What the generated file's header states about the key it embeds.
#[derive(Clone, Debug)]
pub struct VerifierProvenance<'a> {
    /// The command that regenerates the file.
    pub command: &'a str,
    /// FRI parameters of the wrapped final proof.
    pub security: WrapSecurity,
    /// The wrapper's circuit id (key-cache id).
    pub circuit_id: [u8; 32],
    /// R1CS constraints of the wrapper.
    pub num_constraints: usize,
    /// The key comes from a seeded (public) setup: anyone can forge proofs under it.
    pub seeded_setup: bool,
    /// What the wrapped final circuit verifies (e.g. the stand-in inner circuit).
    pub inner_circuit: &'a str,
}

impl VerifierProvenance<'_> {
    /// Whether the key must never be deployed: a seeded setup or test FRI parameters.
    pub fn insecure(&self) -> bool {
        self.seeded_setup || self.security != WrapSecurity::Secure
    }

    fn header(&self) -> String {
        let mut h = String::new();
        h += "// GENERATED FILE, DO NOT EDIT. Generated from the Groth16 verifying key of the zkclear wrapper\n";
        h += &format!("// circuit by: {}\n", self.command);
        h += &format!(
            "// Security level: {:?} ({} bits conjectured); wrapper circuit id 0x{}; {} R1CS constraints.\n",
            self.security,
            self.security.conjectured_bits(),
            hex::encode(self.circuit_id),
            self.num_constraints
        );
        h += &format!("// Inner circuit: {}.\n", self.inner_circuit);
        if self.insecure() {
            h += "// INSECURE, TEST ONLY: ";
            if self.seeded_setup {
                h += "the key comes from a seeded setup whose toxic waste is public, so anyone can\n";
                h += "// forge a proof for any statement. ";
            }
            if self.security != WrapSecurity::Secure {
                h += "The wrapped proof uses INSECURE test FRI parameters. ";
            }
            h += "Never deploy this contract.\n";
        }
        h
    }
}

/// Failures of [`check_in_forge`].
#[derive(Debug, Error)]
pub enum EvmCheckError {
    /// forge or solc is not installed (`scripts/install-tools`).
    #[error("{0} not found: run scripts/install-tools")]
    ToolMissing(PathBuf),
    /// Writing the scratch project or running forge failed.
    #[error("forge project I/O: {0}")]
    Io(#[from] std::io::Error),
    /// A forge test failed (the verifier accepted or refused the wrong input).
    #[error("forge test failed:\n{0}")]
    Failed(String),
}

fn word(w: &[u8; 32]) -> String {
    format!("0x{}", hex::encode(w))
}

/// Renders the contract with a header stating its provenance. Returns `None` if the key does not
/// have exactly [`NUM_PUBLIC_INPUTS`] public inputs.
pub fn render_verifier(
    vk: &VerifyingKey<Bn254>,
    provenance: &VerifierProvenance<'_>,
) -> Option<String> {
    if vk.gamma_abc_g1.len() != NUM_PUBLIC_INPUTS + 1 {
        return None;
    }
    let g1 = |name: &str, p| {
        let [x, y] = g1_words(p);
        format!(
            "    uint256 internal constant {name}_X = {};\n    uint256 internal constant {name}_Y = {};\n",
            word(&x),
            word(&y)
        )
    };
    let g2 = |name: &str, p| {
        let [x1, x0, y1, y0] = g2_words(p);
        format!(
            "    uint256 internal constant {name}_X1 = {};\n    uint256 internal constant {name}_X0 = {};\n    uint256 internal constant {name}_Y1 = {};\n    uint256 internal constant {name}_Y0 = {};\n",
            word(&x1),
            word(&x0),
            word(&y1),
            word(&y0)
        )
    };
    let mut consts = String::new();
    consts += &g1("ALPHA", &vk.alpha_g1);
    consts += &g2("BETA", &vk.beta_g2);
    consts += &g2("GAMMA", &vk.gamma_g2);
    consts += &g2("DELTA", &vk.delta_g2);
    for (i, p) in vk.gamma_abc_g1.iter().enumerate() {
        consts += &g1(&format!("IC{i}"), p);
    }
    let q = {
        let mut w = [0u8; 32];
        w.copy_from_slice(&Fq::MODULUS.to_bytes_be());
        word(&w)
    };
    Some(format!(
        r#"// SPDX-License-Identifier: MIT OR Apache-2.0
{header}pragma solidity ^0.8.24;

import {{IBatchVerifier}} from "./IBatchVerifier.sol";

/// @title Groth16Verifier
/// @notice Verifies a Groth16 (BN254) proof of the zkclear wrap circuit for a statement hash.
/// @dev Proof encoding (256 bytes): A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y (big-endian words,
///      G2 in EIP-197 order). Public inputs: the high and low 128 bits of `statementHash`.
contract Groth16Verifier is IBatchVerifier {{
    // ------------------------------------------------------------------ verifying key
    /// @dev Base field modulus of BN254.
    uint256 internal constant Q = {q};
{consts}
    // ------------------------------------------------------------------ functions
    /// @inheritdoc IBatchVerifier
    function verify(bytes32 statementHash, bytes calldata proof) external view returns (bool ok) {{
        if (proof.length != 256) return false;
        uint256[8] memory p;
        for (uint256 i = 0; i < 8; ++i) {{
            uint256 w = uint256(bytes32(proof[i * 32:(i + 1) * 32]));
            if (w >= Q) return false;
            p[i] = w;
        }}
        (bool okX, uint256 vx, uint256 vy) =
            _vkX(uint256(statementHash) >> 128, uint256(statementHash) & type(uint128).max);
        if (!okX) return false;
        return _pairing(p, vx, vy);
    }}

    /// @dev vk_x = IC0 + hi * IC1 + lo * IC2.
    function _vkX(uint256 hi, uint256 lo) private view returns (bool ok, uint256 x, uint256 y) {{
        (bool s1, uint256 ax, uint256 ay) = _mul(IC1_X, IC1_Y, hi);
        (bool s2, uint256 bx, uint256 by) = _mul(IC2_X, IC2_Y, lo);
        if (!s1 || !s2) return (false, 0, 0);
        (bool s3, uint256 cx, uint256 cy) = _add(ax, ay, bx, by);
        if (!s3) return (false, 0, 0);
        return _add(cx, cy, IC0_X, IC0_Y);
    }}

    /// @dev e(-A, B) * e(alpha, beta) * e(vk_x, gamma) * e(C, delta) == 1.
    function _pairing(uint256[8] memory p, uint256 vx, uint256 vy) private view returns (bool) {{
        uint256[24] memory input = [
            p[0], p[1] == 0 ? 0 : Q - p[1], p[2], p[3], p[4], p[5],
            ALPHA_X, ALPHA_Y, BETA_X1, BETA_X0, BETA_Y1, BETA_Y0,
            vx, vy, GAMMA_X1, GAMMA_X0, GAMMA_Y1, GAMMA_Y0,
            p[6], p[7], DELTA_X1, DELTA_X0, DELTA_Y1, DELTA_Y0
        ];
        uint256[1] memory out;
        bool success;
        assembly ("memory-safe") {{
            success := staticcall(gas(), 0x08, input, 768, out, 32)
        }}
        return success && out[0] == 1;
    }}

    function _add(uint256 x1, uint256 y1, uint256 x2, uint256 y2)
        private
        view
        returns (bool success, uint256 x, uint256 y)
    {{
        uint256[4] memory input = [x1, y1, x2, y2];
        uint256[2] memory out;
        assembly ("memory-safe") {{
            success := staticcall(gas(), 0x06, input, 128, out, 64)
        }}
        return (success, out[0], out[1]);
    }}

    function _mul(uint256 x1, uint256 y1, uint256 s)
        private
        view
        returns (bool success, uint256 x, uint256 y)
    {{
        uint256[3] memory input = [x1, y1, s];
        uint256[2] memory out;
        assembly ("memory-safe") {{
            success := staticcall(gas(), 0x07, input, 96, out, 64)
        }}
        return (success, out[0], out[1]);
    }}
}}
"#,
        header = provenance.header()
    ))
}

/// The repository root (this crate lives at `<repo>/circuits`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `contract` (a rendered `Groth16Verifier`) in forge's EVM (revm) from a scratch project
/// under `work_dir`: `proof` must be accepted for `statement`, and refused with either 128-bit
/// half of the statement changed, with a changed proof byte and with a short proof. Returns the
/// execution gas of `verify` on the valid proof, called from a contract.
pub fn check_in_forge(
    contract: &str,
    statement: [u8; 32],
    proof: &[u8],
    work_dir: &Path,
) -> Result<u64, EvmCheckError> {
    let root = repo_root().canonicalize()?;
    let forge = root.join(".tools/bin/forge");
    let solc = root.join(".tools/bin/solc");
    for tool in [&forge, &solc] {
        if !tool.exists() {
            return Err(EvmCheckError::ToolMissing(tool.clone()));
        }
    }
    let src = work_dir.join("src");
    let test = work_dir.join("test");
    std::fs::create_dir_all(&src)?;
    std::fs::create_dir_all(&test)?;
    std::fs::write(src.join("Groth16Verifier.sol"), contract)?;
    std::fs::copy(
        root.join("verifier-contract/src/IBatchVerifier.sol"),
        src.join("IBatchVerifier.sol"),
    )?;
    std::fs::write(
        work_dir.join("foundry.toml"),
        format!(
            "[profile.default]\nsrc = \"src\"\ntest = \"test\"\nlibs = []\nsolc = \"{}\"\noffline = true\noptimizer = true\noptimizer_runs = 200\nevm_version = \"cancun\"\n",
            solc.display()
        ),
    )?;
    let mut hi_flip = statement;
    hi_flip[0] ^= 1;
    let mut lo_flip = statement;
    lo_flip[31] ^= 1;
    let mut bad_proof = proof.to_vec();
    if let Some(b) = bad_proof.get_mut(100) {
        *b ^= 1;
    }
    let test_src = format!(
        r#"// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
import {{Groth16Verifier}} from "../src/Groth16Verifier.sol";
contract WrapTest {{
    event log_named_uint(string key, uint256 val);
    Groth16Verifier v;
    bytes constant PROOF = hex"{proof}";
    bytes constant BAD_PROOF = hex"{bad}";
    function setUp() public {{ v = new Groth16Verifier(); }}
    function test_accepts_valid_proof() public {{
        uint256 g = gasleft();
        bool ok = v.verify(hex"{h}", PROOF);
        emit log_named_uint("verify gas", g - gasleft());
        require(ok, "valid proof refused");
    }}
    function test_rejects_changed_inputs() public view {{
        require(!v.verify(hex"{hi}", PROOF), "changed high half accepted");
        require(!v.verify(hex"{lo}", PROOF), "changed low half accepted");
        require(!v.verify(hex"{h}", BAD_PROOF), "changed proof accepted");
        require(!v.verify(hex"{h}", hex"00"), "short proof accepted");
    }}
}}
"#,
        proof = hex::encode(proof),
        bad = hex::encode(&bad_proof),
        h = hex::encode(statement),
        hi = hex::encode(hi_flip),
        lo = hex::encode(lo_flip),
    );
    std::fs::write(test.join("Wrap.t.sol"), test_src)?;
    let out = Command::new(&forge)
        .args(["test", "-vv"])
        .current_dir(work_dir)
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    if !out.status.success() {
        return Err(EvmCheckError::Failed(format!(
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("verify gas:"))
        .and_then(|g| g.trim().parse::<u64>().ok())
        .ok_or(EvmCheckError::Failed(format!(
            "no gas line in forge output:\n{stdout}"
        )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wrap::groth16::tests::square_instance;
    use crate::wrap::groth16::{encode_proof, prove, setup, Groth16Keys};
    use rand::SeedableRng;

    #[test]
    fn generated_verifier_accepts_proof_and_rejects_changed_inputs_in_evm() -> anyhow::Result<()> {
        let statement = {
            let mut h = [0u8; 32];
            for (i, b) in h.iter_mut().enumerate() {
                *b = (i as u8).wrapping_mul(37).wrapping_add(11);
            }
            h
        };
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        let inst = square_instance(statement);
        let pk = setup(inst.clone(), &mut rng)?;
        let keys = Groth16Keys {
            pk,
            circuit_id: [0; 32],
        };
        let proof = prove(&keys, inst.clone(), &inst.inputs, &mut rng)?;
        let provenance = VerifierProvenance {
            command: "cargo test (component test key)",
            security: WrapSecurity::InsecureTest,
            circuit_id: [0; 32],
            num_constraints: 2,
            seeded_setup: true,
            inner_circuit: "none (component-test circuit)",
        };
        let contract = render_verifier(&keys.pk.vk, &provenance)
            .ok_or_else(|| anyhow::anyhow!("key has the wrong number of inputs"))?;
        assert!(contract.contains("INSECURE, TEST ONLY"));
        let dir = tempfile::tempdir()?;
        let gas = check_in_forge(&contract, statement, &encode_proof(&proof), dir.path())?;
        eprintln!("Groth16Verifier.verify execution gas: {gas}");
        assert!(gas < 230_000);
        Ok(())
    }

    #[test]
    fn a_secure_key_from_a_real_setup_has_no_insecure_banner() {
        let p = VerifierProvenance {
            command: EMIT_COMMAND,
            security: WrapSecurity::Secure,
            circuit_id: [1; 32],
            num_constraints: 3,
            seeded_setup: false,
            inner_circuit: "x",
        };
        assert!(!p.insecure());
        assert!(!p.header().contains("INSECURE"));
        let seeded = VerifierProvenance {
            seeded_setup: true,
            ..p
        };
        assert!(seeded.header().contains("INSECURE, TEST ONLY"));
    }
}
