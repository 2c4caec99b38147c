// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {RollupBase} from "./utils/RollupBase.sol";
import {StateProofs} from "../src/StateProofs.sol";
import {PoseidonGoldilocks} from "../src/lib/PoseidonGoldilocks.sol";

/// @notice StateProofs: empty roots, slot rules, canonical inputs.
contract StateProofsTest is RollupBase {
    StateProofs internal proofs;

    function setUp() public override {
        super.setUp();
        proofs = new StateProofs();
    }

    function testEmptyPositionsRootIsEmptyRoot4() public view {
        StateProofs.Position[] memory none = new StateProofs.Position[](0);
        assertEq(proofs.positionsRoot(none), _emptyRoots(4)[4], "empty_root(4)");
    }

    function testPositionsRootMatchesFullTree() public view {
        StateProofs.Position[] memory ps = new StateProofs.Position[](3);
        ps[0] = StateProofs.Position({slot: 1, marketId: 2, size: 3, fundingIndex: _embed(-10)});
        ps[1] = StateProofs.Position({slot: 6, marketId: 0, size: _embed(-4), fundingIndex: 0});
        ps[2] = StateProofs.Position({slot: 15, marketId: 9, size: 1, fundingIndex: 5});
        bytes32[16] memory nodes;
        for (uint256 i = 0; i < 3; ++i) {
            uint64[] memory e = new uint64[](3);
            e[0] = ps[i].marketId;
            e[1] = ps[i].size;
            e[2] = ps[i].fundingIndex;
            nodes[ps[i].slot] = PoseidonGoldilocks.hashNoPadPacked(e);
        }
        for (uint256 w = 8; w >= 1; w /= 2) {
            for (uint256 j = 0; j < w; ++j) {
                nodes[j] = PoseidonGoldilocks.twoToOne(nodes[2 * j], nodes[2 * j + 1]);
            }
        }
        assertEq(proofs.positionsRoot(ps), nodes[0], "root");
    }

    function testPositionsRejectUnorderedEmptyOrNonCanonical() public {
        StateProofs.Position[] memory ps = new StateProofs.Position[](2);
        ps[0] = StateProofs.Position({slot: 3, marketId: 0, size: 1, fundingIndex: 0});
        ps[1] = StateProofs.Position({slot: 3, marketId: 1, size: 1, fundingIndex: 0});
        vm.expectRevert(abi.encodeWithSelector(StateProofs.BadPositionSlot.selector, 3));
        proofs.positionsRoot(ps);
        ps[1].slot = 16;
        vm.expectRevert(abi.encodeWithSelector(StateProofs.BadPositionSlot.selector, 16));
        proofs.positionsRoot(ps);
        ps[1].slot = 4;
        ps[1].size = 0;
        vm.expectRevert(abi.encodeWithSelector(StateProofs.EmptyPosition.selector, 4));
        proofs.positionsRoot(ps);
        ps[1].size = uint64(P);
        vm.expectRevert(abi.encodeWithSelector(StateProofs.NonCanonical.selector, P));
        proofs.positionsRoot(ps);
    }
}
