//! Deploy helpers.

use alloy::primitives::{Address, B256, U256};

use crate::bindings::Rollup;
use crate::client::Connection;
use crate::error::{L1Error, L1Result};

/// Constructor arguments of `Rollup` (its `Config` struct; see its NatSpec). A zero duration,
/// fee or minimum selects the contract's default.
#[derive(Debug, Clone)]
pub struct RollupConfig {
    /// Collateral ERC-20.
    pub token: Address,
    /// Batch verifier (the generated Groth16 verifier in production).
    pub verifier: Address,
    /// Operator (the `Ownable2Step` owner) allowed to commit batches.
    pub operator: Address,
    /// Genesis state root.
    pub genesis_root: B256,
    /// `genesis.next_account_id` (≥ 1).
    pub first_account_id: u32,
    /// Forced-inclusion deadline in seconds (0 = 7 days).
    pub deadline_secs: u64,
    /// Escape claim window after freeze, in seconds (0 = 14 days).
    pub claim_window_secs: u64,
    /// ETH fee of `setL2Key` / `requestForcedWithdrawal` in wei (0 = 0.001 ether).
    pub priority_fee_wei: U256,
    /// Smallest deposit in token base units (0 = 10^6).
    pub min_deposit: u64,
    /// How far a batch's oracle clock may run ahead of L1 time, in seconds (0 = 15 minutes).
    pub oracle_time_slack_secs: u64,
}

impl RollupConfig {
    /// A configuration with the contract's default deadline, claim window, fee and minimum.
    pub fn with_defaults(
        token: Address,
        verifier: Address,
        operator: Address,
        genesis_root: B256,
        first_account_id: u32,
    ) -> Self {
        Self {
            token,
            verifier,
            operator,
            genesis_root,
            first_account_id,
            deadline_secs: 0,
            claim_window_secs: 0,
            priority_fee_wei: U256::ZERO,
            min_deposit: 0,
            oracle_time_slack_secs: 0,
        }
    }
}

/// Deploys a Rollup from `conn`'s sender. Returns its address.
///
/// Invariant: the contract reverts at construction when the token or verifier has no code or
/// the operator is the zero address.
pub async fn deploy_rollup(conn: &Connection, cfg: &RollupConfig) -> L1Result<Address> {
    let config = Rollup::Config {
        token: cfg.token,
        verifier: cfg.verifier,
        operator: cfg.operator,
        genesisRoot: cfg.genesis_root,
        firstAccountId: cfg.first_account_id,
        deadline: U256::from(cfg.deadline_secs),
        claimWindow: U256::from(cfg.claim_window_secs),
        priorityFee: cfg.priority_fee_wei,
        minDeposit: U256::from(cfg.min_deposit),
        oracleTimeSlack: U256::from(cfg.oracle_time_slack_secs),
    };
    let r = Rollup::deploy(conn.provider.clone(), config)
        .await
        .map_err(|source| L1Error::Contract {
            call: "deploy Rollup",
            source,
        })?;
    Ok(*r.address())
}

/// TEST ONLY: deploys the open-mint test token.
pub async fn deploy_test_token(conn: &Connection) -> L1Result<Address> {
    let t = crate::bindings::TestToken::deploy(conn.provider.clone())
        .await
        .map_err(|source| L1Error::Contract {
            call: "deploy TestToken",
            source,
        })?;
    Ok(*t.address())
}

/// TEST ONLY, INSECURE: deploys the accept-everything verifier fixture.
pub async fn deploy_accept_all_verifier(conn: &Connection) -> L1Result<Address> {
    let v = crate::bindings::AcceptAllVerifier::deploy(conn.provider.clone())
        .await
        .map_err(|source| L1Error::Contract {
            call: "deploy AcceptAllVerifier",
            source,
        })?;
    Ok(*v.address())
}
