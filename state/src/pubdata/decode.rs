//! Decoder of batch pubdata into typed operations (no signatures: pubdata carries none).

use crate::crypto::PublicKey;
use crate::ops::{Deleverage, Deposit, ForcedWithdrawal, FundingTick, SetKey, SettleOption};
use crate::types::{AccountId, Address, MarketId, OpType, Side};

use super::encode::op_len;

/// Why pubdata does not decode.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PubdataError {
    /// A type byte that is no `OpType`.
    #[error("unknown op type {byte} at offset {offset}")]
    UnknownOpType {
        /// Offset of the op.
        offset: usize,
        /// The byte.
        byte: u8,
    },
    /// The pubdata ends inside an op.
    #[error("op at offset {offset} is truncated")]
    Truncated {
        /// Offset of the op.
        offset: usize,
    },
    /// A field has an invalid value (e.g. a side byte other than 0/1).
    #[error("op at offset {offset}: invalid {field}")]
    InvalidField {
        /// Offset of the op.
        offset: usize,
        /// Field name.
        field: &'static str,
    },
}

/// One decoded operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodedOp {
    /// Padding.
    Noop,
    /// Deposit and its status.
    Deposit(Deposit, u8),
    /// Key change and its status.
    SetKey(SetKey, u8),
    /// Trade fields.
    Trade {
        /// Maker account.
        maker: AccountId,
        /// Taker account.
        taker: AccountId,
        /// Market.
        market: MarketId,
        /// Maker side.
        maker_side: Side,
        /// Fill.
        fill: u32,
        /// Price.
        price: u32,
        /// Maker fee ppm.
        maker_fee_ppm: u32,
        /// Taker fee ppm.
        taker_fee_ppm: u32,
        /// Maker nonce.
        maker_nonce: u32,
        /// Taker nonce.
        taker_nonce: u32,
    },
    /// Withdrawal fields.
    Withdraw {
        /// Account.
        account: AccountId,
        /// Nonce.
        nonce: u32,
        /// Recipient.
        to: Address,
        /// Amount.
        amount: u64,
    },
    /// Oracle tick result.
    OracleTick {
        /// Market.
        market: MarketId,
        /// Timestamp.
        timestamp: u64,
        /// Median price.
        price: u32,
    },
    /// Funding tick.
    FundingTick(FundingTick),
    /// Liquidation fields.
    Liquidate {
        /// Liquidated account.
        liquidated: AccountId,
        /// Liquidator account.
        liquidator: AccountId,
        /// Market.
        market: MarketId,
        /// Fill.
        fill: u32,
        /// Price.
        price: u32,
        /// Liquidator's order nonce.
        nonce: u32,
    },
    /// Deleveraging.
    Deleverage(Deleverage),
    /// Option settlement.
    SettleOption(SettleOption),
    /// Forced withdrawal, amount withdrawn, status.
    ForcedWithdrawal(ForcedWithdrawal, u64, u8),
    /// Deficit cover.
    CoverDeficit {
        /// Account covered.
        account: AccountId,
        /// Amount the insurance fund paid.
        amount: u64,
    },
    /// Option settlement price.
    SettlementTick {
        /// Option market.
        market: MarketId,
        /// Settlement price (median).
        price: u32,
    },
    /// Cancel of an order.
    CancelOrder {
        /// Account.
        account: AccountId,
        /// Nonce of the cancelled order.
        nonce: u32,
    },
}

struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        // Callers check the op length first, so the slice is in bounds; `get` keeps it panic-free.
        if let Some(s) = self.b.get(self.pos..self.pos + N) {
            out.copy_from_slice(s);
        }
        self.pos += N;
        out
    }
    fn u8(&mut self) -> u8 {
        self.take::<1>()[0]
    }
    fn u32(&mut self) -> u32 {
        u32::from_be_bytes(self.take())
    }
    fn u64(&mut self) -> u64 {
        u64::from_be_bytes(self.take())
    }
    fn addr(&mut self) -> Address {
        Address(self.take())
    }
    fn key(&mut self) -> PublicKey {
        PublicKey([self.u64(), self.u64(), self.u64(), self.u64(), self.u64()])
    }
}

/// Decodes a batch's pubdata into its ops, each with its exact bytes.
pub fn decode_batch(bytes: &[u8]) -> Result<Vec<(DecodedOp, &[u8])>, PubdataError> {
    let mut out = Vec::new();
    let mut offset = 0;
    while offset < bytes.len() {
        let byte = bytes[offset];
        let t = OpType::from_byte(byte).ok_or(PubdataError::UnknownOpType { offset, byte })?;
        let end = offset + op_len(t);
        let chunk = bytes
            .get(offset..end)
            .ok_or(PubdataError::Truncated { offset })?;
        let mut c = Cursor { b: chunk, pos: 1 };
        let op = match t {
            OpType::Noop => DecodedOp::Noop,
            OpType::Deposit => DecodedOp::Deposit(
                Deposit {
                    account: c.u32(),
                    owner: c.addr(),
                    pubkey: c.key(),
                    amount: c.u64(),
                },
                c.u8(),
            ),
            OpType::SetKey => DecodedOp::SetKey(
                SetKey {
                    account: c.u32(),
                    owner: c.addr(),
                    pubkey: c.key(),
                },
                c.u8(),
            ),
            OpType::Trade => DecodedOp::Trade {
                maker: c.u32(),
                taker: c.u32(),
                market: c.u8(),
                maker_side: Side::from_byte(c.u8()).ok_or(PubdataError::InvalidField {
                    offset,
                    field: "maker_side",
                })?,
                fill: c.u32(),
                price: c.u32(),
                maker_fee_ppm: c.u32(),
                taker_fee_ppm: c.u32(),
                maker_nonce: c.u32(),
                taker_nonce: c.u32(),
            },
            OpType::Withdraw => DecodedOp::Withdraw {
                account: c.u32(),
                nonce: c.u32(),
                to: c.addr(),
                amount: c.u64(),
            },
            OpType::OracleTick => DecodedOp::OracleTick {
                market: c.u8(),
                timestamp: c.u64(),
                price: c.u32(),
            },
            OpType::FundingTick => DecodedOp::FundingTick(FundingTick {
                market: c.u8(),
                index_delta: c.u64() as i64,
            }),
            OpType::Liquidate => DecodedOp::Liquidate {
                liquidated: c.u32(),
                liquidator: c.u32(),
                market: c.u8(),
                fill: c.u32(),
                price: c.u32(),
                nonce: c.u32(),
            },
            OpType::Deleverage => DecodedOp::Deleverage(Deleverage {
                deleveraged: c.u32(),
                counterparty: c.u32(),
                market: c.u8(),
                fill: c.u32(),
                price: c.u32(),
            }),
            OpType::SettleOption => DecodedOp::SettleOption(SettleOption {
                account: c.u32(),
                market: c.u8(),
            }),
            OpType::ForcedWithdrawal => DecodedOp::ForcedWithdrawal(
                ForcedWithdrawal {
                    account: c.u32(),
                    owner: c.addr(),
                    amount: c.u64(),
                },
                c.u64(),
                c.u8(),
            ),
            OpType::CoverDeficit => DecodedOp::CoverDeficit {
                account: c.u32(),
                amount: c.u64(),
            },
            OpType::SettlementTick => DecodedOp::SettlementTick {
                market: c.u8(),
                price: c.u32(),
            },
            OpType::CancelOrder => DecodedOp::CancelOrder {
                account: c.u32(),
                nonce: c.u32(),
            },
        };
        out.push((op, chunk));
        offset = end;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_unknown_type() {
        assert_eq!(
            decode_batch(&[0, 99]),
            Err(PubdataError::UnknownOpType {
                offset: 1,
                byte: 99
            })
        );
    }

    #[test]
    fn decode_rejects_truncated_op() {
        assert_eq!(
            decode_batch(&[9, 0, 0]),
            Err(PubdataError::Truncated { offset: 0 })
        );
    }

    #[test]
    fn decode_rejects_invalid_side() {
        let mut t = vec![3u8; 35];
        t[10] = 2;
        assert!(matches!(
            decode_batch(&t),
            Err(PubdataError::InvalidField { offset: 0, .. })
        ));
    }

    #[test]
    fn decode_reads_documented_cancel_order_example() {
        let bytes = hex::decode("0b0000000100000007").expect("hex");
        let ops = decode_batch(&bytes).expect("decodes");
        assert_eq!(
            ops[0].0,
            DecodedOp::CancelOrder {
                account: 1,
                nonce: 7
            }
        );
        assert_eq!(
            decode_batch(&bytes[..8]),
            Err(PubdataError::Truncated { offset: 0 })
        );
    }

    #[test]
    fn decode_reads_documented_trade_example() {
        let bytes =
            hex::decode("0300000001000000020000000000fa05f5e100000000c8000001f40000000700010007")
                .expect("hex");
        let ops = decode_batch(&bytes).expect("decodes");
        assert_eq!(
            ops[0].0,
            DecodedOp::Trade {
                maker: 1,
                taker: 2,
                market: 0,
                maker_side: Side::Buy,
                fill: 250,
                price: 100_000_000,
                maker_fee_ppm: 200,
                taker_fee_ppm: 500,
                maker_nonce: 7,
                taker_nonce: 65_543
            }
        );
    }
}
