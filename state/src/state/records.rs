//! Raw records (`StateDb::put_value`) holding the contents behind the tree leaves.
//!
//! Invariant: the trees hold digests, these records the values; every write of a record is
//! paired with the update of its leaf, so a record always hashes to its leaf. Encodings are
//! fixed-width big-endian and private to this crate (not a protocol format).

use crate::crypto::PublicKey;
use crate::types::{
    Account, AccountId, Address, FillSlot, Globals, Market, MarketId, MarketKind, Position,
    Positions, POSITION_SLOTS,
};

/// Why a stored record could not be decoded.
#[derive(Debug, thiserror::Error)]
#[error("corrupt {what} record")]
pub struct CorruptRecord {
    /// Which record.
    pub what: &'static str,
}

/// Key of an account record.
pub fn account_key(id: AccountId) -> Vec<u8> {
    let mut k = vec![b'a'];
    k.extend_from_slice(&id.to_be_bytes());
    k
}

/// Key of an account's positions record (all 16 slots).
pub fn positions_key(id: AccountId) -> Vec<u8> {
    let mut k = vec![b'p'];
    k.extend_from_slice(&id.to_be_bytes());
    k
}

/// Key of one fill slot.
pub fn fill_key(id: AccountId, slot: u64) -> Vec<u8> {
    let mut k = vec![b'f'];
    k.extend_from_slice(&id.to_be_bytes());
    k.extend_from_slice(&slot.to_be_bytes());
    k
}

/// Key of a market record.
pub fn market_key(id: MarketId) -> Vec<u8> {
    vec![b'm', id]
}

/// Key of the globals record.
pub const GLOBALS_KEY: &[u8] = b"g";

struct Reader<'a> {
    bytes: &'a [u8],
    what: &'static str,
}

impl<'a> Reader<'a> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], CorruptRecord> {
        if self.bytes.len() < N {
            return Err(CorruptRecord { what: self.what });
        }
        let (head, rest) = self.bytes.split_at(N);
        self.bytes = rest;
        head.try_into()
            .map_err(|_| CorruptRecord { what: self.what })
    }
    fn u8(&mut self) -> Result<u8, CorruptRecord> {
        Ok(self.take::<1>()?[0])
    }
    fn u32(&mut self) -> Result<u32, CorruptRecord> {
        Ok(u32::from_be_bytes(self.take()?))
    }
    fn u64(&mut self) -> Result<u64, CorruptRecord> {
        Ok(u64::from_be_bytes(self.take()?))
    }
    fn i64(&mut self) -> Result<i64, CorruptRecord> {
        Ok(i64::from_be_bytes(self.take()?))
    }
    fn done(&self) -> Result<(), CorruptRecord> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(CorruptRecord { what: self.what })
        }
    }
}

/// Encodes an account record.
pub fn encode_account(a: &Account) -> Vec<u8> {
    let mut v = Vec::with_capacity(72);
    v.extend_from_slice(&a.owner.0);
    for l in a.pubkey.0 {
        v.extend_from_slice(&l.to_be_bytes());
    }
    v.extend_from_slice(&a.collateral.to_be_bytes());
    v.extend_from_slice(&a.nonce.to_be_bytes());
    v
}

/// Decodes [`encode_account`].
pub fn decode_account(bytes: &[u8]) -> Result<Account, CorruptRecord> {
    let mut r = Reader {
        bytes,
        what: "account",
    };
    let owner = Address(r.take()?);
    let mut pk = [0u64; 5];
    for l in pk.iter_mut() {
        *l = r.u64()?;
    }
    let a = Account {
        owner,
        pubkey: PublicKey(pk),
        collateral: r.i64()?,
        nonce: r.u32()?,
    };
    r.done()?;
    Ok(a)
}

/// Encodes all position slots of an account.
pub fn encode_positions(p: &Positions) -> Vec<u8> {
    let mut v = Vec::with_capacity(POSITION_SLOTS * 18);
    for slot in p {
        match slot {
            None => v.extend_from_slice(&[0u8; 18]),
            Some(pos) => {
                v.push(1);
                v.push(pos.market);
                v.extend_from_slice(&pos.size.to_be_bytes());
                v.extend_from_slice(&pos.funding_index.to_be_bytes());
            }
        }
    }
    v
}

/// Decodes [`encode_positions`].
pub fn decode_positions(bytes: &[u8]) -> Result<Positions, CorruptRecord> {
    let mut r = Reader {
        bytes,
        what: "positions",
    };
    let mut out: Positions = [None; POSITION_SLOTS];
    for slot in out.iter_mut() {
        let present = r.u8()?;
        let market = r.u8()?;
        let size = r.i64()?;
        let funding_index = r.i64()?;
        *slot = match present {
            0 => None,
            1 => Some(Position {
                market,
                size,
                funding_index,
            }),
            _ => return Err(CorruptRecord { what: "positions" }),
        };
    }
    r.done()?;
    Ok(out)
}

/// Encodes a fill slot.
pub fn encode_fill(f: &FillSlot) -> Vec<u8> {
    let mut v = f.nonce.to_be_bytes().to_vec();
    v.extend_from_slice(&f.filled.to_be_bytes());
    v
}

/// Decodes [`encode_fill`].
pub fn decode_fill(bytes: &[u8]) -> Result<FillSlot, CorruptRecord> {
    let mut r = Reader {
        bytes,
        what: "fill",
    };
    let f = FillSlot {
        nonce: r.u32()?,
        filled: r.u32()?,
    };
    r.done()?;
    Ok(f)
}

/// Encodes a market record.
pub fn encode_market(m: &Market) -> Vec<u8> {
    let mut v = vec![m.id, m.kind as u8, m.underlying];
    v.extend_from_slice(&m.strike.to_be_bytes());
    v.extend_from_slice(&m.expiry.to_be_bytes());
    v.extend_from_slice(&m.price.to_be_bytes());
    v.extend_from_slice(&m.price_time.to_be_bytes());
    v.extend_from_slice(&m.funding_index.to_be_bytes());
    v.extend_from_slice(&m.funding_time.to_be_bytes());
    for x in [
        m.initial_ppm,
        m.maintenance_ppm,
        m.beta_initial_ppm,
        m.beta_maintenance_ppm,
        m.liquidation_fee_ppm,
        m.max_funding_rate_ppm,
        m.settlement_price,
        m.band_ppm,
        m.max_price_age,
    ] {
        v.extend_from_slice(&x.to_be_bytes());
    }
    v
}

/// Decodes [`encode_market`].
pub fn decode_market(bytes: &[u8]) -> Result<Market, CorruptRecord> {
    let mut r = Reader {
        bytes,
        what: "market",
    };
    let id = r.u8()?;
    let kind = MarketKind::from_byte(r.u8()?).ok_or(CorruptRecord { what: "market" })?;
    let m = Market {
        id,
        kind,
        underlying: r.u8()?,
        strike: r.u32()?,
        expiry: r.u64()?,
        price: r.u32()?,
        price_time: r.u64()?,
        funding_index: r.i64()?,
        funding_time: r.u64()?,
        initial_ppm: r.u32()?,
        maintenance_ppm: r.u32()?,
        beta_initial_ppm: r.u32()?,
        beta_maintenance_ppm: r.u32()?,
        liquidation_fee_ppm: r.u32()?,
        max_funding_rate_ppm: r.u32()?,
        settlement_price: r.u32()?,
        band_ppm: r.u32()?,
        max_price_age: r.u32()?,
    };
    r.done()?;
    Ok(m)
}

/// Encodes the globals.
pub fn encode_globals(g: &Globals) -> Vec<u8> {
    let mut v = Vec::with_capacity(36);
    v.extend_from_slice(&g.insurance_fund.to_be_bytes());
    v.extend_from_slice(&g.fee_account.to_be_bytes());
    v.extend_from_slice(&g.oracle_time.to_be_bytes());
    v.extend_from_slice(&g.batch_number.to_be_bytes());
    v.extend_from_slice(&g.priority_cursor.to_be_bytes());
    v
}

/// Decodes [`encode_globals`].
pub fn decode_globals(bytes: &[u8]) -> Result<Globals, CorruptRecord> {
    let mut r = Reader {
        bytes,
        what: "globals",
    };
    let g = Globals {
        insurance_fund: r.u64()?,
        fee_account: r.u32()?,
        oracle_time: r.u64()?,
        batch_number: r.u64()?,
        priority_cursor: r.u64()?,
    };
    r.done()?;
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip() {
        let a = Account {
            owner: Address([7; 20]),
            pubkey: PublicKey([1, 2, 3, 4, 5]),
            collateral: -42,
            nonce: 9,
        };
        assert_eq!(decode_account(&encode_account(&a)).expect("valid"), a);
        let mut p: Positions = [None; POSITION_SLOTS];
        p[3] = Some(Position {
            market: 2,
            size: -5,
            funding_index: 11,
        });
        assert_eq!(decode_positions(&encode_positions(&p)).expect("valid"), p);
        let g = Globals {
            insurance_fund: 1,
            fee_account: 2,
            oracle_time: 3,
            batch_number: 4,
            priority_cursor: 5,
        };
        assert_eq!(decode_globals(&encode_globals(&g)).expect("valid"), g);
        let f = FillSlot {
            nonce: 3,
            filled: 4,
        };
        assert_eq!(decode_fill(&encode_fill(&f)).expect("valid"), f);
    }

    #[test]
    fn truncated_record_is_corrupt_not_a_panic() {
        assert!(decode_account(&[1, 2, 3]).is_err());
        assert!(decode_market(&[]).is_err());
        assert!(decode_positions(&[2; 288]).is_err());
    }
}
