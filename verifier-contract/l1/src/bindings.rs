//! alloy bindings generated from the committed contract artefacts (`artifacts/*.json`: ABI and
//! creation bytecode, checked against a fresh `forge build` by `artifacts_are_up_to_date`).

#![allow(missing_docs, clippy::too_many_arguments)]

use alloy::sol;

sol!(
    /// The zkclear L1 rollup contract (`verifier-contract/src/Rollup.sol`).
    #[sol(rpc)]
    #[derive(Debug)]
    Rollup,
    "artifacts/Rollup.json"
);

sol!(
    /// TEST ONLY: an open-mint ERC-20 (`verifier-contract/test/fixtures/TestToken.sol`).
    #[sol(rpc)]
    #[derive(Debug)]
    TestToken,
    "artifacts/TestToken.json"
);

sol!(
    /// TEST ONLY, INSECURE: a batch verifier that accepts every proof
    /// (`verifier-contract/test/fixtures/AcceptAllVerifier.sol`). Never deploy outside tests.
    #[sol(rpc)]
    #[derive(Debug)]
    AcceptAllVerifier,
    "artifacts/AcceptAllVerifier.json"
);

sol!(
    /// The ERC-20 calls the client makes.
    #[sol(rpc)]
    #[derive(Debug)]
    interface IERC20 {
        function approve(address spender, uint256 amount) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
    }
);
