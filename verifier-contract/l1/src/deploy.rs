//! Deploy helpers.

use alloy::primitives::{Address, B256, U256};

use crate::bindings::Rollup;
use crate::client::Connection;
use crate::error::{L1Error, L1Result};

/// Constructor arguments of `Rollup` (see its NatSpec).
#[derive(Debug, Clone)]
pub struct RollupConfig {
    /// Collateral ERC-20.
    pub token: Address,
    /// Batch verifier (the generated Groth16 verifier in production).
    pub verifier: Address,
    /// Operator allowed to commit batches.
    pub operator: Address,
    /// Genesis state root.
    pub genesis_root: B256,
    /// `genesis.next_account_id` (≥ 1).
    pub first_account_id: u32,
    /// Forced-inclusion deadline in seconds (0 = 7 days).
    pub deadline_secs: u64,
}

/// Deploys a Rollup from `conn`'s sender. Returns its address.
///
/// Invariant: the contract reverts at construction when the token or verifier has no code.
pub async fn deploy_rollup(conn: &Connection, cfg: &RollupConfig) -> L1Result<Address> {
    let r = Rollup::deploy(
        conn.provider.clone(),
        cfg.token,
        cfg.verifier,
        cfg.operator,
        cfg.genesis_root,
        cfg.first_account_id,
        U256::from(cfg.deadline_secs),
    )
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
