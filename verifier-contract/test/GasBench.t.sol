// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {RollupBase} from "./utils/RollupBase.sol";
import {Meter} from "./utils/Meter.sol";
import {Rollup} from "../src/Rollup.sol";
import {StateProofs} from "../src/StateProofs.sol";
import {AcceptAllVerifier} from "./fixtures/AcceptAllVerifier.sol";

/// @notice Transaction gas of each user-facing call in a steady state (queue and token balance
///         not empty, existing accounts), as `Meter` measures it: 21,000 + calldata + execution,
///         before refunds. Each test function makes exactly one measured call, first thing after
///         its `setUp`, so every slot starts cold and clean as in a real transaction and the
///         figures are identical with and without `--gas-report`.
///         Run: `forge test --match-path test/GasBench.t.sol -vv` (docs/l1.md, BENCHMARKS.md).
abstract contract GasBase is RollupBase {
    Meter internal meter;

    function setUp() public virtual override {
        super.setUp();
        meter = new Meter();
        // commitBatch is measured without the proof check (accept-all fixture); the meter is
        // the operator so it can commit.
        Rollup.Config memory cfg = _config(address(new AcceptAllVerifier()));
        cfg.operator = address(meter);
        rollup = new Rollup(cfg);
        _fund(alice, 1e15);
        _fund(bob, 1e15);
        _fund(address(meter), 1e15);
        meter.exec(address(token), 0, abi.encodeCall(token.approve, (address(rollup), type(uint256).max)));
        vm.prank(bob);
        rollup.deposit(10, _key(2)); // the queue and the rollup's token balance are not empty
    }

    function _measure(string memory what, uint256 value, bytes memory data) internal returns (uint256 g) {
        g = meter.measure(address(rollup), value, data);
        emit log_named_uint(what, g);
    }

    function _meterDeposit(uint64 amount) internal {
        meter.exec(address(rollup), 0, abi.encodeCall(rollup.deposit, (amount, _key(9))));
    }
}

contract GasDepositTest is GasBase {
    Meter internal fresh; // funded, no account yet

    function setUp() public override {
        super.setUp();
        _meterDeposit(1000); // the meter has an account
        fresh = new Meter();
        _fund(address(fresh), 1e9);
    }

    function testGasDepositExistingAccount() public {
        uint256 g = _measure("deposit, existing account", 0, abi.encodeCall(rollup.deposit, (1000, _key(9))));
        assertLe(g, 60_000, "deposit goal");
    }

    function testGasDepositNewAccount() public {
        uint256 g = fresh.measure(address(rollup), 0, abi.encodeCall(rollup.deposit, (1000, _key(9))));
        emit log_named_uint("deposit, first (new account)", g);
        assertLe(g, 85_000, "first deposit");
    }

    function testGasRequestForcedWithdrawal() public {
        uint256 g =
            _measure("requestForcedWithdrawal", FEE, abi.encodeCall(rollup.requestForcedWithdrawal, (2, 500)));
        assertLe(g, 60_000, "forced goal");
    }

    function testGasSetL2Key() public {
        _measure("setL2Key", FEE, abi.encodeCall(rollup.setL2Key, (_key(7))));
    }
}

contract GasWithdrawTest is GasBase {
    function setUp() public override {
        super.setUp();
        meter.exec(address(rollup), 0, abi.encodeCall(rollup.commitBatch, (bytes32(uint256(1)), 0, _withdrawOp(1, 0, address(meter), 5), "")));
        meter.exec(address(rollup), 0, abi.encodeCall(rollup.commitBatch, (bytes32(uint256(2)), 0, _withdrawOp(1, 1, address(meter), 5), "")));
    }

    function testGasWithdraw() public {
        _measure("withdraw", 0, abi.encodeCall(rollup.withdraw, ()));
    }
}

contract GasCommitTest is GasBase {
    function setUp() public override {
        super.setUp();
        // steady state: not the first batch (batchNumber's slot is already non-zero)
        meter.exec(address(rollup), 0, abi.encodeCall(rollup.commitBatch, (bytes32(uint256(7)), 0, hex"00", "")));
    }

    function _trades(uint256 n) internal pure returns (bytes memory pubdata) {
        bytes memory t = hex"0300000001000000020000000000fa05f5e100000000c8000001f40000000700010007";
        pubdata = new bytes(35 * n);
        for (uint256 i = 0; i < 35 * n; ++i) {
            pubdata[i] = t[i % 35];
        }
    }

    function _commitGas(string memory what, bytes memory pubdata) internal returns (uint256) {
        return _measure(
            string.concat(what, " (", vm.toString(pubdata.length), " B)"),
            0,
            abi.encodeCall(rollup.commitBatch, (bytes32(uint256(keccak256(pubdata))), 0, pubdata, ""))
        );
    }

    function testGasCommitOneDeposit() public {
        _commitGas("commitBatch, 1 deposit", abi.encodePacked(_depositBytes(1, bob, _key(2), 10), uint8(0)));
    }

    function testGasCommitTrades10() public {
        _commitGas("commitBatch, 10 trades", _trades(10));
    }

    function testGasCommitTrades100() public {
        _commitGas("commitBatch, 100 trades", _trades(100));
    }

    function testGasCommitTrades1000() public {
        _commitGas("commitBatch, 1000 trades", _trades(1000));
    }

    function testGasCommitTrades2800() public {
        _commitGas("commitBatch, 2800 trades", _trades(2800));
    }

    function testGasCommitWithdrawals100() public {
        bytes memory w;
        for (uint256 i = 0; i < 100; ++i) {
            w = bytes.concat(w, _withdrawOp(1, uint32(i), address(uint160(0x1000 + i)), 1));
        }
        _commitGas("commitBatch, 100 withdrawals to new addresses", w);
    }
}

/// @dev A frozen rollup whose last proven state holds alice (account 1) with `_n()` positions,
///      escape roots opened and market 0 proven (unless `_openRoots()` is false).
abstract contract GasEscapeBase is GasBase {
    Scenario internal s;

    function _n() internal pure virtual returns (uint256);

    function _openRoots() internal pure virtual returns (bool) {
        return true;
    }

    function setUp() public virtual override {
        super.setUp();
        uint256 n = _n();
        StateProofs.Position[] memory ps = new StateProofs.Position[](n);
        for (uint256 i = 0; i < n; ++i) {
            ps[i] = StateProofs.Position({slot: uint8(i), marketId: 0, size: 1, fundingIndex: 0});
        }
        Scenario memory sc = _scenario(alice, 1000, ps, 10, 0);
        s.account = sc.account;
        for (uint256 i = 0; i < n; ++i) {
            s.positions.push(sc.positions[i]);
        }
        s.accountPath = sc.accountPath;
        s.accountsRoot = sc.accountsRoot;
        s.marketsRoot = sc.marketsRoot;
        s.market = sc.market;
        s.marketPath = sc.marketPath;
        s.globals = sc.globals;
        s.stateRoot = sc.stateRoot;
        vm.prank(alice);
        rollup.deposit(5000, _key(1));
        meter.exec(
            address(rollup),
            0,
            abi.encodeCall(
                rollup.commitBatch,
                (
                    s.stateRoot, 0,
                    abi.encodePacked(
                        _depositBytes(1, bob, _key(2), 10), uint8(0), _depositBytes(2, alice, _key(1), 5000), uint8(0)
                    ),
                    ""
                )
            )
        );
        vm.prank(alice);
        rollup.requestForcedWithdrawal{value: FEE}(2, 1);
        vm.warp(block.timestamp + 8 days);
        rollup.freeze();
        if (_openRoots()) {
            rollup.openEscapeRoots(s.accountsRoot, s.marketsRoot, s.globals);
            rollup.proveMarket(0, s.market, s.marketPath);
        }
    }

    function _escapeGas() internal returns (uint256) {
        return _measure(
            string.concat("escape (record the claim), ", vm.toString(_n()), " positions"),
            0,
            abi.encodeCall(rollup.escape, (s.account, s.positions, s.accountPath))
        );
    }
}

contract GasEscapeOpenTest is GasEscapeBase {
    function _n() internal pure override returns (uint256) {
        return 1;
    }

    function _openRoots() internal pure override returns (bool) {
        return false;
    }

    function testGasOpenEscapeRoots() public {
        _measure("openEscapeRoots", 0, abi.encodeCall(rollup.openEscapeRoots, (s.accountsRoot, s.marketsRoot, s.globals)));
    }
}

contract GasProveMarketTest is GasEscapeBase {
    function _n() internal pure override returns (uint256) {
        return 1;
    }

    function _openRoots() internal pure override returns (bool) {
        return false;
    }

    function setUp() public override {
        super.setUp();
        rollup.openEscapeRoots(s.accountsRoot, s.marketsRoot, s.globals);
    }

    function testGasProveMarket() public {
        _measure("proveMarket", 0, abi.encodeCall(rollup.proveMarket, (0, s.market, s.marketPath)));
    }
}

contract GasEscape0Test is GasEscapeBase {
    function _n() internal pure override returns (uint256) {
        return 0;
    }

    function testGasEscapeNoPosition() public {
        _escapeGas();
    }
}

contract GasEscape1Test is GasEscapeBase {
    function _n() internal pure override returns (uint256) {
        return 1;
    }

    function testGasEscapeOnePosition() public {
        _escapeGas();
    }
}

contract GasEscape4Test is GasEscapeBase {
    function _n() internal pure override returns (uint256) {
        return 4;
    }

    function testGasEscapeFourPositions() public {
        _escapeGas();
    }
}

contract GasEscape16Test is GasEscapeBase {
    function _n() internal pure override returns (uint256) {
        return 16;
    }

    /// @dev The issue's goal is 1.5M; recording a 16-position claim costs 66 Poseidon
    ///      permutations (31 positions tree + 3 account leaf + 32 path) at ~34k each, so the goal
    ///      is not reached (BENCHMARKS.md, L1). This bound guards against regressions only.
    function testGasEscapeSixteenPositions() public {
        uint256 g = _escapeGas();
        assertLe(g, 2_500_000, "escape regression bound");
    }
}

/// @dev The payout phase: the claim is recorded, the window is over.
contract GasClaimEscapeTest is GasEscapeBase {
    function _n() internal pure override returns (uint256) {
        return 1;
    }

    function setUp() public override {
        super.setUp();
        rollup.escape(s.account, s.positions, s.accountPath);
        vm.warp(rollup.claimWindowEnd() + 1);
    }

    function testGasClaimEscape() public {
        _measure("claimEscape (first payout: settles the assets)", 0, abi.encodeCall(rollup.claimEscape, (1)));
    }
}
