// SPDX-License-Identifier: MIT OR Apache-2.0
// GENERATED FILE, DO NOT EDIT. Generated from the Groth16 verifying key of the zkclear wrapper
// circuit by: cargo run --release -p zkclear-prover --bin wrap_bench -- --emit-verifier verifier-contract/src/Groth16Verifier.sol
// Security level: InsecureTest (6 bits conjectured); wrapper circuit id 0x1a28e7cdf6f317e8c5412db4906c4bc1ec0b2bdff3fae6c5fd0ec3cea45ae14c; 832603 R1CS constraints.
// Inner circuit: stand-in (eight range-checked 32-bit limbs exposed as the statement digest), not the aggregation layer.
// INSECURE, TEST ONLY: the key comes from a seeded setup whose toxic waste is public, so anyone can
// forge a proof for any statement. The wrapped proof uses INSECURE test FRI parameters. Never deploy this contract.
pragma solidity ^0.8.24;

import {IBatchVerifier} from "./IBatchVerifier.sol";

/// @title Groth16Verifier
/// @notice Verifies a Groth16 (BN254) proof of the zkclear wrap circuit for a statement hash.
/// @dev Proof encoding (256 bytes): A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y (big-endian words,
///      G2 in EIP-197 order). Public inputs: the high and low 128 bits of `statementHash`.
contract Groth16Verifier is IBatchVerifier {
    // ------------------------------------------------------------------ verifying key
    /// @dev Base field modulus of BN254.
    uint256 internal constant Q = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47;
    uint256 internal constant ALPHA_X = 0x08a4837c0c87ca6ac8573ae39a9dc8633b488dfe972e7c38e38c70b7dc8f435c;
    uint256 internal constant ALPHA_Y = 0x1ec5fd1b46fca790b41f49b958dc06788a362f72670aca2c1224914081473a05;
    uint256 internal constant BETA_X1 = 0x0be8d75fc11c73d56ea94e9ca86c9c8b8c43f8607207e5bce3e4a4f4c3930796;
    uint256 internal constant BETA_X0 = 0x23a7da84e8df2dd9803bc340b00ffe4d73e4e8cddc7af04c5ad40417cf55abfd;
    uint256 internal constant BETA_Y1 = 0x0896454da9f71ff54b61029c758d14ee463f4f2aadd299dbc708c1fdb14948e0;
    uint256 internal constant BETA_Y0 = 0x1d08aee829987c36fd2a875fd90d34ac39dfb946b9deec62702ab7bb49af1006;
    uint256 internal constant GAMMA_X1 = 0x1f24288e78952766ceab103bb08bbf8a6fd80f666c38f4d9e48e98638649e1e7;
    uint256 internal constant GAMMA_X0 = 0x1911be3184b143c4067fa1adecc3c8bab9ded0ff0c4d52b4231b4c14a4ecc4e8;
    uint256 internal constant GAMMA_Y1 = 0x11e30b93bb29512ae0f5ee86354c5c09521d5c46f87900234339d122e94e3add;
    uint256 internal constant GAMMA_Y0 = 0x27736497eb7f6656e2779903c3ed40764cd00c028b1ae5e0dcdd803d0454744d;
    uint256 internal constant DELTA_X1 = 0x198f8da0b67b56515d025dbce470052494168b764f69ca1846bc44a7d3111d51;
    uint256 internal constant DELTA_X0 = 0x01c01e36e99f62ca01dcf581d10e8f6ed9862ffba5aeb8c471e1e1776c797903;
    uint256 internal constant DELTA_Y1 = 0x01951f393e400af43fa57554e78f04493a4ea850b92eaae7ca67288d3dcbb86b;
    uint256 internal constant DELTA_Y0 = 0x25c835654117ffc7454aee0c424d167f25cd02d7d70a0bac2e5aa1e18a258cc2;
    uint256 internal constant IC0_X = 0x2a0eb1bc42f66383c93a2bd8e6d1668e3e2956bf8d5ff08d40618b24f30cb970;
    uint256 internal constant IC0_Y = 0x27289febe8c4b0ca2a4d4a35529ea6ff880358990db6fd2104c08bd0b6177704;
    uint256 internal constant IC1_X = 0x03b30be479229d0e98704b2fc3eff102e48ff2317f3f4640f9c78d33eed6ecf0;
    uint256 internal constant IC1_Y = 0x05d203b64a33b1c2b0ff48921c01ab5cdea15733f535c2909b8b75c715a31c3d;
    uint256 internal constant IC2_X = 0x249d8ce5aafd893902f97d55bd0ef21a35b215ffcc1d5e02cc0721369d468a66;
    uint256 internal constant IC2_Y = 0x1ca9d0fe9defd3ba48f020345cc9e210d8547cac58cb5a416e1e0f83d065888b;

    // ------------------------------------------------------------------ functions
    /// @inheritdoc IBatchVerifier
    function verify(bytes32 statementHash, bytes calldata proof) external view returns (bool ok) {
        if (proof.length != 256) return false;
        uint256[8] memory p;
        for (uint256 i = 0; i < 8; ++i) {
            uint256 w = uint256(bytes32(proof[i * 32:(i + 1) * 32]));
            if (w >= Q) return false;
            p[i] = w;
        }
        (bool okX, uint256 vx, uint256 vy) =
            _vkX(uint256(statementHash) >> 128, uint256(statementHash) & type(uint128).max);
        if (!okX) return false;
        return _pairing(p, vx, vy);
    }

    /// @dev vk_x = IC0 + hi * IC1 + lo * IC2.
    function _vkX(uint256 hi, uint256 lo) private view returns (bool ok, uint256 x, uint256 y) {
        (bool s1, uint256 ax, uint256 ay) = _mul(IC1_X, IC1_Y, hi);
        (bool s2, uint256 bx, uint256 by) = _mul(IC2_X, IC2_Y, lo);
        if (!s1 || !s2) return (false, 0, 0);
        (bool s3, uint256 cx, uint256 cy) = _add(ax, ay, bx, by);
        if (!s3) return (false, 0, 0);
        return _add(cx, cy, IC0_X, IC0_Y);
    }

    /// @dev e(-A, B) * e(alpha, beta) * e(vk_x, gamma) * e(C, delta) == 1.
    function _pairing(uint256[8] memory p, uint256 vx, uint256 vy) private view returns (bool) {
        uint256[24] memory input = [
            p[0], p[1] == 0 ? 0 : Q - p[1], p[2], p[3], p[4], p[5],
            ALPHA_X, ALPHA_Y, BETA_X1, BETA_X0, BETA_Y1, BETA_Y0,
            vx, vy, GAMMA_X1, GAMMA_X0, GAMMA_Y1, GAMMA_Y0,
            p[6], p[7], DELTA_X1, DELTA_X0, DELTA_Y1, DELTA_Y0
        ];
        uint256[1] memory out;
        bool success;
        assembly ("memory-safe") {
            success := staticcall(gas(), 0x08, input, 768, out, 32)
        }
        return success && out[0] == 1;
    }

    function _add(uint256 x1, uint256 y1, uint256 x2, uint256 y2)
        private
        view
        returns (bool success, uint256 x, uint256 y)
    {
        uint256[4] memory input = [x1, y1, x2, y2];
        uint256[2] memory out;
        assembly ("memory-safe") {
            success := staticcall(gas(), 0x06, input, 128, out, 64)
        }
        return (success, out[0], out[1]);
    }

    function _mul(uint256 x1, uint256 y1, uint256 s)
        private
        view
        returns (bool success, uint256 x, uint256 y)
    {
        uint256[3] memory input = [x1, y1, s];
        uint256[2] memory out;
        assembly ("memory-safe") {
            success := staticcall(gas(), 0x07, input, 96, out, 64)
        }
        return (success, out[0], out[1]);
    }
}
