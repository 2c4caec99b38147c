//! End to end on a real node: the escape hatch as a user would use it.
//!
//! Starts anvil (`.tools/bin/anvil`, from `scripts/install-tools`) on a free loopback port,
//! deploys the test token, the accept-all verifier fixture and the Rollup, then: deposits,
//! operator batches (with a withdrawal), operator stops, a third user's deposit stays queued,
//! forced withdrawal (paying the priority fee), deadline passes, freeze, claims recorded during
//! the claim window, claims paid after it, the queued deposit refunded in full.

use std::collections::BTreeMap;

use alloy::node_bindings::Anvil;
use alloy::primitives::{keccak256, Address, B256, U256};
use alloy::providers::Provider;
use alloy::signers::local::PrivateKeySigner;
use serde_json::json;
use zkclear_l1::artifacts::require_tool;
use zkclear_l1::bindings::TestToken;
use zkclear_l1::client::{Connection, EscapeAccount, EscapePosition, RollupClient};
use zkclear_l1::deploy::{
    deploy_accept_all_verifier, deploy_rollup, deploy_test_token, RollupConfig,
};
use zkclear_l1::escape::{
    account_leaf, embed, empty_root, market_leaf, pack, positions_root, state_root, AccountFields,
    Hash, PositionFields, SparseTree,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const USDC: u64 = 1_000_000;

fn free_port() -> std::io::Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(l.local_addr()?.port())
}

fn deposit_pubdata(id: u32, owner: Address, key: [u64; 5], amount: u64) -> Vec<u8> {
    let mut v = vec![1u8];
    v.extend_from_slice(&id.to_be_bytes());
    v.extend_from_slice(owner.as_slice());
    for k in key {
        v.extend_from_slice(&k.to_be_bytes());
    }
    v.extend_from_slice(&amount.to_be_bytes());
    v.push(0); // status: credited
    v
}

fn trade_pubdata(maker: u32, taker: u32, fill: u32, price: u32) -> Vec<u8> {
    let mut v = vec![3u8];
    v.extend_from_slice(&maker.to_be_bytes());
    v.extend_from_slice(&taker.to_be_bytes());
    v.extend_from_slice(&[0, 0]); // market 0, maker buys
    for x in [fill, price, 0, 0, 1, 1] {
        v.extend_from_slice(&x.to_be_bytes());
    }
    v
}

fn withdraw_pubdata(id: u32, nonce: u32, to: Address, amount: u64) -> Vec<u8> {
    let mut v = vec![4u8];
    v.extend_from_slice(&id.to_be_bytes());
    v.extend_from_slice(&nonce.to_be_bytes());
    v.extend_from_slice(to.as_slice());
    v.extend_from_slice(&amount.to_be_bytes());
    v
}

/// The L2 state the operator proves: accounts 1 (alice) and 2 (bob), market 0.
struct L2State {
    accounts: Vec<(AccountFields, Vec<PositionFields>)>,
    market: [u64; 17],
    globals: [u64; 5],
}

impl L2State {
    fn accounts_tree(&self) -> Result<SparseTree, Box<dyn std::error::Error>> {
        let mut leaves = BTreeMap::new();
        for (a, ps) in &self.accounts {
            leaves.insert(
                u64::from(a.account_id),
                account_leaf(a, &positions_root(ps)?),
            );
        }
        Ok(SparseTree::new(32, leaves)?)
    }

    fn markets_tree(&self) -> Result<SparseTree, Box<dyn std::error::Error>> {
        Ok(SparseTree::new(
            8,
            BTreeMap::from([(0u64, market_leaf(&self.market))]),
        )?)
    }

    fn root(&self) -> Result<Hash, Box<dyn std::error::Error>> {
        Ok(state_root(
            &self.accounts_tree()?.root(),
            &self.markets_tree()?.root(),
            &self.globals,
        ))
    }
}

#[tokio::test]
async fn escape_end_to_end_on_anvil() -> TestResult {
    // Never hang CI: the whole scenario takes a few seconds on a local node.
    tokio::time::timeout(std::time::Duration::from_secs(240), scenario())
        .await
        .map_err(|_| "escape scenario timed out after 240 s")?
}

async fn scenario() -> TestResult {
    let anvil_bin = require_tool("anvil")?;
    let anvil = Anvil::at(anvil_bin).port(free_port()?).try_spawn()?;
    let url = anvil.endpoint();
    let keys = anvil.keys();
    let signer = |i: usize| PrivateKeySigner::from(keys[i].clone());
    let operator = Connection::new(&url, signer(0))?;
    let alice = Connection::new(&url, signer(1))?;
    let bob = Connection::new(&url, signer(2))?;
    let keeper = Connection::new(&url, signer(3))?;
    let carol = Connection::new(&url, signer(4))?;

    // Genesis: no user accounts, market 0 is a perp.
    let mut market = [0u64; 17];
    market[8] = 100_000;
    market[9] = 50_000;
    let mut state = L2State {
        accounts: vec![],
        market,
        globals: [0, 0, 0, 0, 0],
    };
    let genesis = pack(&state.root()?);

    let token = deploy_test_token(&operator).await?;
    let verifier = deploy_accept_all_verifier(&operator).await?;
    let rollup = deploy_rollup(
        &operator,
        &RollupConfig {
            token,
            verifier,
            operator: operator.sender,
            genesis_root: genesis,
            first_account_id: 1,
            deadline_secs: 0, // default: 7 days
            claim_window_secs: 3_600,
            priority_fee_wei: U256::ZERO, // default: 0.001 ether
            min_deposit: 0,               // default: 1 USDC
            oracle_time_slack_secs: 0,    // default: 15 minutes
        },
    )
    .await?;
    let as_alice = RollupClient::new(alice.clone(), rollup);
    let as_bob = RollupClient::new(bob.clone(), rollup);
    let as_operator = RollupClient::new(operator.clone(), rollup);
    let as_keeper = RollupClient::new(keeper.clone(), rollup);
    let as_carol = RollupClient::new(carol.clone(), rollup);
    let erc20 = TestToken::new(token, alice.provider.clone());
    for who in [alice.sender, bob.sender, carol.sender] {
        erc20
            .mint(who, U256::from(5_000 * USDC))
            .send()
            .await?
            .get_receipt()
            .await?;
    }

    eprintln!("deployed rollup at {rollup}");
    // 1. Deposits.
    let (ka, kb) = ([11, 12, 13, 14, 15], [21, 22, 23, 24, 25]);
    as_alice.deposit(1_000 * USDC, ka).await?;
    as_bob.deposit(500 * USDC, kb).await?;
    assert_eq!(as_alice.account_of(alice.sender).await?, 1);
    assert_eq!(as_alice.account_of(bob.sender).await?, 2);

    // 2. The operator proves two batches: the deposits; then a trade (alice buys 2 lots from
    //    bob at 100 USDC) and a 100 USDC withdrawal by alice. Mark price 105 USDC.
    let fills = empty_root(16);
    let account = |id, owner, key, collateral, nonce| AccountFields {
        account_id: id,
        owner,
        l2_key: key,
        collateral,
        nonce,
        fills_root: fills,
    };
    state.accounts = vec![
        (
            account(1, alice.sender, ka, (1_000 * USDC) as i64, 0),
            vec![],
        ),
        (account(2, bob.sender, kb, (500 * USDC) as i64, 0), vec![]),
    ];
    state.globals = [0, 0, 0, 1, 2];
    let d1 = deposit_pubdata(1, alice.sender, ka, 1_000 * USDC);
    let d2 = deposit_pubdata(2, bob.sender, kb, 500 * USDC);
    let pubdata = [d1.clone(), d2.clone()].concat();
    // The statement the contract assembles is docs/pubdata.md's 152-byte layout.
    let new_root = pack(&state.root()?);
    let queue_hash = [&d1[..73], &d2[..73]]
        .iter()
        .fold(B256::ZERO, |h, op| keccak256([h.as_slice(), op].concat()));
    let want = [
        &1u64.to_be_bytes()[..],
        genesis.as_slice(),
        new_root.as_slice(),
        &0u64.to_be_bytes(),
        &2u64.to_be_bytes(),
        queue_hash.as_slice(),
        keccak256(&pubdata).as_slice(),
        &0u64.to_be_bytes(),
    ]
    .concat();
    assert_eq!(
        as_operator
            .batch_statement(new_root, 0, pubdata.clone())
            .await?,
        want
    );
    as_operator
        .commit_batch(new_root, 0, pubdata, vec![])
        .await?;

    let long = PositionFields {
        slot: 0,
        market: 0,
        size: 2,
        funding_index: 0,
    };
    let short = PositionFields { size: -2, ..long };
    state.accounts = vec![
        (
            account(1, alice.sender, ka, (700 * USDC) as i64, 1),
            vec![long],
        ),
        (
            account(2, bob.sender, kb, (700 * USDC) as i64, 0),
            vec![short],
        ),
    ];
    state.market[4] = 105 * USDC;
    state.market[5] = 1_700_000_000;
    state.globals = [0, 0, 1_700_000_000, 2, 2];
    let mut pubdata = trade_pubdata(1, 2, 2, (100 * USDC) as u32);
    pubdata.extend(withdraw_pubdata(1, 0, alice.sender, 100 * USDC));
    as_operator
        .commit_batch(pack(&state.root()?), 1_700_000_000, pubdata, vec![])
        .await?;
    assert_eq!(
        as_alice.pending(alice.sender).await?,
        U256::from(100 * USDC)
    );
    let before = erc20.balanceOf(alice.sender).call().await?;
    as_alice.withdraw().await?;
    assert_eq!(
        erc20.balanceOf(alice.sender).call().await? - before,
        U256::from(100 * USDC)
    );

    eprintln!("batches committed");
    // 3. The operator stops. Carol deposits (never processed); alice asks for her money through
    //    L1 (paying the priority fee); nobody processes either.
    let raw = zkclear_l1::bindings::Rollup::new(rollup, keeper.provider.clone());
    let carol_prev = raw.lastQueueHash().call().await?;
    let kc = [31, 32, 33, 34, 35];
    as_carol.deposit(300 * USDC, kc).await?;
    assert_eq!(raw.reservedDeposits().call().await?, U256::from(300 * USDC));
    let fee = as_alice.priority_fee().await?;
    assert_eq!(fee, U256::from(1_000_000_000_000_000u64), "default fee");
    let rollup_eth = alice.provider.get_balance(rollup).await?;
    as_alice.request_forced_withdrawal(1, 200 * USDC).await?;
    assert_eq!(
        alice.provider.get_balance(rollup).await? - rollup_eth,
        fee,
        "fee kept"
    );
    assert!(
        as_keeper.freeze().await.is_err(),
        "freeze must wait for the deadline"
    );
    as_keeper
        .connection()
        .rpc("evm_increaseTime", json!([7 * 24 * 3600 + 1]))
        .await?;
    as_keeper.connection().rpc("evm_mine", json!([])).await?;

    eprintln!("deadline passed");
    // 4. Anyone freezes; the last proven root is opened; market 0 is proven.
    as_keeper.freeze().await?;
    assert!(as_alice.frozen().await?);
    let accounts = state.accounts_tree()?;
    let markets = state.markets_tree()?;
    as_keeper
        .open_escape_roots(pack(&accounts.root()), pack(&markets.root()), state.globals)
        .await?;
    as_keeper
        .prove_market(0, state.market, markets.path(0))
        .await?;

    // 5. Claims during the window: alice 700 + 2 × 105 = 910 USDC; bob 700 − 210 = 490 USDC.
    //    They fit in the 1 400 USDC of assets (1 700 held − carol's 300 reserved): paid in full.
    let claims = [
        (alice.sender, &as_alice, 0usize, 910 * USDC),
        (bob.sender, &as_bob, 1, 490 * USDC),
    ];
    for (who, client, idx, expected) in claims {
        let (a, ps) = &state.accounts[idx];
        let before = erc20.balanceOf(who).call().await?;
        let escape_account = EscapeAccount {
            accountId: a.account_id,
            owner: a.owner,
            l2Key: a.l2_key,
            collateral: embed(a.collateral),
            nonce: u64::from(a.nonce),
            fillsRoot: pack(&a.fills_root),
        };
        let positions: Vec<EscapePosition> = ps
            .iter()
            .map(|p| EscapePosition {
                slot: p.slot,
                marketId: p.market,
                size: embed(p.size),
                fundingIndex: embed(p.funding_index),
            })
            .collect();
        let path = accounts.path(u64::from(a.account_id));
        client
            .escape(escape_account.clone(), positions.clone(), path.clone())
            .await?;
        assert_eq!(
            client.claim(a.account_id).await?,
            (who, U256::from(expected), 1),
            "claim recorded"
        );
        assert_eq!(
            erc20.balanceOf(who).call().await?,
            before,
            "recording pays nothing"
        );
        // once only
        assert!(client
            .escape(escape_account, positions, path)
            .await
            .is_err());
    }
    assert!(
        as_keeper.claim_escape(1).await.is_err(),
        "payouts wait for the window to close"
    );
    as_keeper
        .connection()
        .rpc("evm_increaseTime", json!([3_601]))
        .await?;
    as_keeper.connection().rpc("evm_mine", json!([])).await?;

    // 6. After the window anyone triggers the payouts; each goes to the claim's owner, once.
    for (who, _, idx, expected) in claims {
        let id = state.accounts[idx].0.account_id;
        assert_eq!(as_keeper.escape_payable(id).await?, U256::from(expected));
        let before = erc20.balanceOf(who).call().await?;
        as_keeper.claim_escape(id).await?;
        assert_eq!(
            erc20.balanceOf(who).call().await? - before,
            U256::from(expected),
            "paid amount"
        );
        assert!(as_keeper.claim_escape(id).await.is_err(), "paid once");
    }

    // 7. Carol's queued deposit is refunded in full.
    let mut carol_bytes = deposit_pubdata(3, carol.sender, kc, 300 * USDC);
    carol_bytes.pop(); // the status byte is pubdata only
    let before = erc20.balanceOf(carol.sender).call().await?;
    as_keeper.refund_deposit(2, carol_prev, carol_bytes).await?;
    assert_eq!(
        erc20.balanceOf(carol.sender).call().await? - before,
        U256::from(300 * USDC)
    );
    let rollup_balance = erc20.balanceOf(rollup).call().await?;
    assert_eq!(rollup_balance, U256::ZERO, "everything paid out");
    Ok(())
}
