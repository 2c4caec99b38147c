//! A client for the Rollup contract against a node URL: what a user (or the operator) does on L1.
//! Priority requests pay the contract's `priorityFee` in ETH; escapes are two-phase (record the
//! claim during the window, `claim_escape` after it).

use alloy::network::{Ethereum, EthereumWallet};
use alloy::primitives::{Address, B256, U256};
use alloy::providers::{DynProvider, PendingTransactionBuilder, Provider, ProviderBuilder};
use alloy::rpc::types::TransactionReceipt;
use alloy::signers::local::PrivateKeySigner;

use crate::bindings::Rollup;
use crate::error::{L1Error, L1Result};

/// The ABI structs of `Rollup.escape` (declared in `StateProofs`).
pub use crate::bindings::StateProofs::{Account as EscapeAccount, Position as EscapePosition};

/// A signing connection to a node.
///
/// Invariant: every transaction is signed by `signer` and waited for; a reverted transaction is
/// an error, never a silent success.
#[derive(Debug, Clone)]
pub struct Connection {
    /// The provider (with the signer as wallet).
    pub provider: DynProvider,
    /// The signer's address.
    pub sender: Address,
}

impl Connection {
    /// Connects to `url` (http) with a local private-key signer.
    pub fn new(url: &str, signer: PrivateKeySigner) -> L1Result<Self> {
        let parsed = url.parse().map_err(|e| L1Error::InvalidUrl {
            url: url.to_owned(),
            reason: format!("{e}"),
        })?;
        let sender = signer.address();
        // Fresh nonce per transaction (the pending count), not alloy's default cached nonce:
        // a call whose gas estimate reverts after the nonce was reserved would otherwise leave
        // a gap, and every later transaction from this key would wait in the pool forever.
        let provider = ProviderBuilder::default()
            .with_gas_estimation()
            .with_simple_nonce_management()
            .fetch_chain_id()
            .wallet(EthereumWallet::from(signer))
            .connect_http(parsed)
            .erased();
        Ok(Self { provider, sender })
    }

    /// Raw JSON-RPC call (e.g. anvil's `evm_increaseTime`).
    pub async fn rpc(
        &self,
        method: &'static str,
        params: serde_json::Value,
    ) -> L1Result<serde_json::Value> {
        self.provider
            .raw_request::<_, serde_json::Value>(method.into(), params)
            .await
            .map_err(|e| L1Error::Rpc {
                method,
                reason: e.to_string(),
            })
    }
}

/// Waits for a sent call and turns a revert into an error.
pub(crate) async fn confirm(
    call: &'static str,
    sent: Result<PendingTransactionBuilder<Ethereum>, alloy::contract::Error>,
) -> L1Result<TransactionReceipt> {
    let pending = sent.map_err(|source| L1Error::Contract { call, source })?;
    let receipt = pending.get_receipt().await.map_err(|e| L1Error::Pending {
        call,
        reason: e.to_string(),
    })?;
    if !receipt.status() {
        return Err(L1Error::Reverted {
            call,
            tx: receipt.transaction_hash.to_string(),
        });
    }
    Ok(receipt)
}

/// A user's (or operator's) handle on a deployed Rollup.
#[derive(Debug, Clone)]
pub struct RollupClient {
    conn: Connection,
    rollup: Rollup::RollupInstance<DynProvider>,
}

impl RollupClient {
    /// Binds to the Rollup at `address`.
    pub fn new(conn: Connection, address: Address) -> Self {
        let rollup = Rollup::new(address, conn.provider.clone());
        Self { conn, rollup }
    }

    /// The Rollup's address.
    pub fn address(&self) -> Address {
        *self.rollup.address()
    }

    /// The connection (sender and provider).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The collateral token's address.
    pub async fn token(&self) -> L1Result<Address> {
        self.rollup
            .token()
            .call()
            .await
            .map_err(|source| L1Error::Contract {
                call: "token",
                source,
            })
    }

    /// Approves the Rollup for `amount` of the collateral token, then deposits it.
    /// Returns the receipt of the deposit.
    pub async fn deposit(&self, amount: u64, l2_key: [u64; 5]) -> L1Result<TransactionReceipt> {
        let token = crate::bindings::IERC20::new(self.token().await?, self.conn.provider.clone());
        confirm(
            "approve",
            token
                .approve(self.address(), U256::from(amount))
                .send()
                .await,
        )
        .await?;
        confirm("deposit", self.rollup.deposit(amount, l2_key).send().await).await
    }

    /// The ETH fee (wei) of each priority request (`setL2Key`, `requestForcedWithdrawal`).
    pub async fn priority_fee(&self) -> L1Result<U256> {
        self.rollup
            .priorityFee()
            .call()
            .await
            .map_err(|source| L1Error::Contract {
                call: "priorityFee",
                source,
            })
    }

    /// Requests a forced withdrawal of up to `amount` from `account_id` (the sender's account),
    /// paying the priority fee.
    pub async fn request_forced_withdrawal(
        &self,
        account_id: u32,
        amount: u64,
    ) -> L1Result<TransactionReceipt> {
        let fee = self.priority_fee().await?;
        confirm(
            "requestForcedWithdrawal",
            self.rollup
                .requestForcedWithdrawal(account_id, amount)
                .value(fee)
                .send()
                .await,
        )
        .await
    }

    /// Requests that the sender's L2 key become `l2_key`, paying the priority fee.
    pub async fn set_l2_key(&self, l2_key: [u64; 5]) -> L1Result<TransactionReceipt> {
        let fee = self.priority_fee().await?;
        confirm(
            "setL2Key",
            self.rollup.setL2Key(l2_key).value(fee).send().await,
        )
        .await
    }

    /// Commits a batch (operator only); `oracle_time` is the statement's rollup clock.
    pub async fn commit_batch(
        &self,
        new_root: B256,
        oracle_time: u64,
        pubdata: Vec<u8>,
        proof: Vec<u8>,
    ) -> L1Result<TransactionReceipt> {
        confirm(
            "commitBatch",
            self.rollup
                .commitBatch(new_root, oracle_time, pubdata.into(), proof.into())
                .send()
                .await,
        )
        .await
    }

    /// Freezes the rollup (anyone, once a priority operation is overdue).
    pub async fn freeze(&self) -> L1Result<TransactionReceipt> {
        confirm("freeze", self.rollup.freeze().send().await).await
    }

    /// Opens the last proven state root for escapes.
    pub async fn open_escape_roots(
        &self,
        accounts_root: B256,
        markets_root: B256,
        globals: [u64; 5],
    ) -> L1Result<TransactionReceipt> {
        confirm(
            "openEscapeRoots",
            self.rollup
                .openEscapeRoots(accounts_root, markets_root, globals)
                .send()
                .await,
        )
        .await
    }

    /// Opens a market's last proven price for escapes.
    pub async fn prove_market(
        &self,
        market_id: u8,
        leaf: [u64; 17],
        path: Vec<B256>,
    ) -> L1Result<TransactionReceipt> {
        confirm(
            "proveMarket",
            self.rollup.proveMarket(market_id, leaf, path).send().await,
        )
        .await
    }

    /// Records the escape claim of `account` (its value at the last proven root) with its
    /// positions and accounts-tree path, during the claim window. Paid by [`Self::claim_escape`].
    pub async fn escape(
        &self,
        account: EscapeAccount,
        positions: Vec<EscapePosition>,
        path: Vec<B256>,
    ) -> L1Result<TransactionReceipt> {
        confirm(
            "escape",
            self.rollup.escape(account, positions, path).send().await,
        )
        .await
    }

    /// Pays the recorded escape claim of `account_id` to its owner (after the claim window; pro
    /// rata when the claims exceed the assets).
    pub async fn claim_escape(&self, account_id: u32) -> L1Result<TransactionReceipt> {
        confirm(
            "claimEscape",
            self.rollup.claimEscape(account_id).send().await,
        )
        .await
    }

    /// Refunds the unprocessed deposit at queue `index` after freeze: `prev_hash` is
    /// queueHash_index and `priority_bytes` the deposit's 73 bytes (both from `PriorityOp` events).
    pub async fn refund_deposit(
        &self,
        index: u64,
        prev_hash: B256,
        priority_bytes: Vec<u8>,
    ) -> L1Result<TransactionReceipt> {
        confirm(
            "refundDeposit",
            self.rollup
                .refundDeposit(index, prev_hash, priority_bytes.into())
                .send()
                .await,
        )
        .await
    }

    /// The escape claim of `account_id`: (owner, amount, status: 0 none, 1 recorded, 2 paid).
    pub async fn claim(&self, account_id: u32) -> L1Result<(Address, U256, u8)> {
        let c = self
            .rollup
            .claims(account_id)
            .call()
            .await
            .map_err(|source| L1Error::Contract {
                call: "claims",
                source,
            })?;
        Ok((c.owner, U256::from(c.amount), c.status))
    }

    /// What the claim of `account_id` pays (now, or at settlement).
    pub async fn escape_payable(&self, account_id: u32) -> L1Result<U256> {
        self.rollup
            .escapePayable(account_id)
            .call()
            .await
            .map_err(|source| L1Error::Contract {
                call: "escapePayable",
                source,
            })
    }

    /// The last second of the escape claim window (0 before freeze).
    pub async fn claim_window_end(&self) -> L1Result<U256> {
        self.rollup
            .claimWindowEnd()
            .call()
            .await
            .map_err(|source| L1Error::Contract {
                call: "claimWindowEnd",
                source,
            })
    }

    /// Sends the accumulated priority fees to `to` (operator only).
    pub async fn collect_fees(&self, to: Address) -> L1Result<TransactionReceipt> {
        confirm("collectFees", self.rollup.collectFees(to).send().await).await
    }

    /// The operator (the contract's owner).
    pub async fn operator(&self) -> L1Result<Address> {
        self.rollup
            .operator()
            .call()
            .await
            .map_err(|source| L1Error::Contract {
                call: "operator",
                source,
            })
    }

    /// Starts handing the operator role to `next` (operator only); `next` must accept.
    pub async fn transfer_operator(&self, next: Address) -> L1Result<TransactionReceipt> {
        confirm(
            "transferOwnership",
            self.rollup.transferOwnership(next).send().await,
        )
        .await
    }

    /// Accepts a pending operator handover (by the new operator).
    pub async fn accept_operator(&self) -> L1Result<TransactionReceipt> {
        confirm(
            "acceptOwnership",
            self.rollup.acceptOwnership().send().await,
        )
        .await
    }

    /// Pulls the sender's pending withdrawals.
    pub async fn withdraw(&self) -> L1Result<TransactionReceipt> {
        confirm("withdraw", self.rollup.withdraw().send().await).await
    }

    /// The sender's account id (0 = none).
    pub async fn account_of(&self, owner: Address) -> L1Result<u32> {
        self.rollup
            .accountOf(owner)
            .call()
            .await
            .map_err(|source| L1Error::Contract {
                call: "accountOf",
                source,
            })
    }

    /// Pending withdrawals of `owner`.
    pub async fn pending(&self, owner: Address) -> L1Result<U256> {
        self.rollup
            .pendingWithdrawals(owner)
            .call()
            .await
            .map_err(|source| L1Error::Contract {
                call: "pendingWithdrawals",
                source,
            })
    }

    /// Whether the rollup is frozen.
    pub async fn frozen(&self) -> L1Result<bool> {
        self.rollup
            .frozen()
            .call()
            .await
            .map_err(|source| L1Error::Contract {
                call: "frozen",
                source,
            })
    }

    /// The statement bytes `commitBatch` would verify now for the rollup clock `oracle_time`.
    pub async fn batch_statement(
        &self,
        new_root: B256,
        oracle_time: u64,
        pubdata: Vec<u8>,
    ) -> L1Result<Vec<u8>> {
        self.rollup
            .batchStatement(new_root, oracle_time, pubdata.into())
            .call()
            .await
            .map(|b| b.to_vec())
            .map_err(|source| L1Error::Contract {
                call: "batchStatement",
                source,
            })
    }
}
