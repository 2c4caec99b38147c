//! Stable JSON-RPC error codes. docs/rpc.md is the one place they are documented; this table and
//! that page must list the same codes and messages. Ours are in -32101..=-32199 because
//! jsonrpsee itself answers with -32000..=-32011 (busy, oversize, ...), so no code is ambiguous.

use jsonrpsee::types::ErrorObjectOwned;

use crate::keeper::KeeperError;

/// Invalid signature.
pub const INVALID_SIGNATURE: i32 = -32101;
/// Unknown market.
pub const UNKNOWN_MARKET: i32 = -32102;
/// Stale nonce.
pub const STALE_NONCE: i32 = -32103;
/// Unknown account.
pub const UNKNOWN_ACCOUNT: i32 = -32104;
/// Order expired.
pub const ORDER_EXPIRED: i32 = -32105;
/// Market not tradable.
pub const MARKET_NOT_TRADABLE: i32 = -32106;
/// Duplicate order.
pub const DUPLICATE_ORDER: i32 = -32107;
/// Post-only would cross.
pub const POST_ONLY_WOULD_CROSS: i32 = -32108;
/// Market halted.
pub const MARKET_HALTED: i32 = -32109;
/// Unknown order.
pub const UNKNOWN_ORDER: i32 = -32110;
/// Invalid order.
pub const INVALID_ORDER: i32 = -32111;
/// Rejected by the state transition.
pub const REJECTED: i32 = -32112;
/// Not found.
pub const NOT_FOUND: i32 = -32113;
/// Unknown or expired prover lease.
pub const UNKNOWN_LEASE: i32 = -32114;
/// Method disabled by configuration.
pub const METHOD_DISABLED: i32 = -32115;
/// Resting the order would leave the account below initial margin (worst case of its resting
/// orders).
pub const RESTING_MARGIN: i32 = -32116;
/// The account rests the most orders allowed.
pub const TOO_MANY_ORDERS: i32 = -32117;
/// The order's signed fee limit is below the configured fee.
pub const FEE_TOO_LOW: i32 = -32118;
/// The signed order was placed before and has finished.
pub const ORDER_FINISHED: i32 = -32119;
/// Missing or wrong prover worker credentials.
pub const UNAUTHORIZED: i32 = -32120;
/// The worker holds the most leases allowed.
pub const LEASE_LIMIT: i32 = -32121;
/// A price the request depends on is stale (older than the market's `max_price_age`).
pub const STALE_PRICE: i32 = -32150;
/// The state refused an oracle or settlement tick (band, quorum, clock, signatures).
pub const ORACLE_TICK_REFUSED: i32 = -32151;
/// Node unavailable (keeper stopped).
pub const UNAVAILABLE: i32 = -32198;
/// Storage failure.
pub const STORAGE: i32 = -32199;
/// Invalid params (JSON-RPC standard).
pub const INVALID_PARAMS: i32 = -32602;

/// `(code, message)` of every application error, as documented in docs/rpc.md.
pub const TABLE: &[(i32, &str)] = &[
    (INVALID_SIGNATURE, "invalid signature"),
    (UNKNOWN_MARKET, "unknown market"),
    (STALE_NONCE, "stale nonce"),
    (UNKNOWN_ACCOUNT, "unknown account"),
    (ORDER_EXPIRED, "order expired"),
    (MARKET_NOT_TRADABLE, "market not tradable"),
    (DUPLICATE_ORDER, "duplicate order"),
    (POST_ONLY_WOULD_CROSS, "post-only order would cross"),
    (MARKET_HALTED, "market halted"),
    (UNKNOWN_ORDER, "unknown order"),
    (INVALID_ORDER, "invalid order"),
    (REJECTED, "rejected by the state transition"),
    (NOT_FOUND, "not found"),
    (STALE_PRICE, "stale price"),
    (ORACLE_TICK_REFUSED, "oracle tick refused"),
    (UNKNOWN_LEASE, "unknown or expired lease"),
    (METHOD_DISABLED, "method disabled"),
    (RESTING_MARGIN, "insufficient margin for resting orders"),
    (TOO_MANY_ORDERS, "too many resting orders"),
    (FEE_TOO_LOW, "fee limit below the charged fee"),
    (ORDER_FINISHED, "order already finished"),
    (UNAUTHORIZED, "unauthorized"),
    (LEASE_LIMIT, "lease limit reached"),
    (UNAVAILABLE, "node unavailable"),
    (STORAGE, "storage failure"),
];

/// The error object for `code`, with the table's message and `detail` as data.
pub fn rpc_error(code: i32, detail: impl Into<String>) -> ErrorObjectOwned {
    let msg = TABLE
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("error", |(_, m)| *m);
    ErrorObjectOwned::owned(code, msg, Some(detail.into()))
}

/// Invalid params with a reason.
pub fn invalid_params(detail: impl Into<String>) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(INVALID_PARAMS, "Invalid params", Some(detail.into()))
}

/// The code of a keeper error.
pub fn code_of(e: &KeeperError) -> i32 {
    match e {
        KeeperError::InvalidSignature => INVALID_SIGNATURE,
        KeeperError::UnknownMarket(_) => UNKNOWN_MARKET,
        KeeperError::StaleNonce { .. } => STALE_NONCE,
        KeeperError::UnknownAccount(_) => UNKNOWN_ACCOUNT,
        KeeperError::Expired { .. } => ORDER_EXPIRED,
        KeeperError::MarketNotTradable(_) => MARKET_NOT_TRADABLE,
        KeeperError::DuplicateOrder => DUPLICATE_ORDER,
        KeeperError::PostOnlyWouldCross => POST_ONLY_WOULD_CROSS,
        KeeperError::MarketHalted(_) => MARKET_HALTED,
        KeeperError::UnknownOrder => UNKNOWN_ORDER,
        KeeperError::InvalidOrder(_) => INVALID_ORDER,
        KeeperError::FeeTooLow { .. } => FEE_TOO_LOW,
        KeeperError::OrderFinished => ORDER_FINISHED,
        KeeperError::RestingMargin(_) => RESTING_MARGIN,
        KeeperError::TooManyRestingOrders { .. } => TOO_MANY_ORDERS,
        KeeperError::Rejected(_) | KeeperError::PriorityOutOfOrder { .. } => REJECTED,
        KeeperError::NotFound(_) => NOT_FOUND,
        KeeperError::StalePrice(_) => STALE_PRICE,
        KeeperError::OracleTickRefused(_) => ORACLE_TICK_REFUSED,
        KeeperError::Unavailable => UNAVAILABLE,
        KeeperError::Storage(_) => STORAGE,
    }
}

impl From<KeeperError> for ErrorObjectOwned {
    fn from(e: KeeperError) -> Self {
        rpc_error(code_of(&e), e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_documented_in_docs_rpc_md_with_its_message() {
        let doc = include_str!("../../../docs/rpc.md");
        for (code, msg) in TABLE {
            let row = format!("| {code} | {msg} |");
            assert!(doc.contains(&row), "docs/rpc.md lacks the row `{row}`");
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<i32> = TABLE.iter().map(|(c, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), TABLE.len());
    }
}
