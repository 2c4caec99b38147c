// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// @title IBatchVerifier
/// @notice Checks a batch's validity proof against the Keccak-256 of its 152-byte statement
///         (docs/pubdata.md, "Batch statement"). The production implementation is the generated
///         Groth16 verifier (`Groth16Verifier.sol`), which splits `statementHash` into the wrap
///         circuit's public inputs.
interface IBatchVerifier {
    /// @notice Whether `proof` proves the batch whose statement hashes to `statementHash`.
    /// @dev Must not revert on a malformed proof: return false instead.
    /// @param statementHash keccak256 of the statement bytes assembled by the Rollup.
    /// @param proof The proof bytes, in the verifier's own encoding.
    /// @return ok True iff the proof is valid for `statementHash`.
    function verify(bytes32 statementHash, bytes calldata proof) external view returns (bool ok);
}
