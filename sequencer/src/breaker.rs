//! Per-market circuit breakers: halt matching when the oracle price moves more than a band within a
//! time window, or when the oracle goes stale; only the operator resumes. Integers only.
//!
//! Rules (docs/matching.md, "Circuit breakers"):
//! - the window holds the ticks with timestamp ≥ now − `window_secs`; a new tick at price p halts
//!   the market if (p − min)·10⁶ > band_ppm·min or (max − p)·10⁶ > band_ppm·max over the window
//!   (exact integer comparison, no rounding);
//! - the market is stale when `check(now)` finds now − last tick > `stale_after_secs`;
//! - halts latch: ticks keep being recorded but only [`CircuitBreaker::resume`] reopens, and it
//!   refuses while the oracle is stale; resuming restarts the window from the last tick;
//! - a new market waits for its first tick ([`HaltReason::NoOraclePrice`]), the one halt that clears
//!   by itself.

use std::collections::{BTreeMap, VecDeque};

use thiserror::Error;

/// Market identifier, as in the state's markets tree.
pub type MarketId = u32;

/// Seconds since the Unix epoch (oracle timestamps and the sequencer clock).
pub type Seconds = u64;

/// Thresholds of one market's breaker; all must be at least 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Largest allowed move within the window, in parts per million of the reference price.
    pub band_ppm: u64,
    /// Length of the look-back window in seconds.
    pub window_secs: Seconds,
    /// Halt when no tick arrived for more than this many seconds.
    pub stale_after_secs: Seconds,
}

/// Why a market is halted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HaltReason {
    /// No oracle tick yet; cleared automatically by the first tick.
    NoOraclePrice,
    /// The price moved outside the band within the window.
    PriceBand {
        /// The window's extreme price the move is measured from.
        reference: u64,
        /// The tick that broke the band.
        price: u64,
        /// |price − reference|·10⁶ / reference, rounded down (saturating).
        move_ppm: u64,
    },
    /// No tick for longer than `stale_after_secs`.
    StaleOracle {
        /// Timestamp of the last tick.
        last_tick: Seconds,
        /// When staleness was detected.
        now: Seconds,
    },
    /// Halted by the operator.
    Operator,
}

/// Whether a market may match orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarketStatus {
    /// Matching allowed.
    Trading,
    /// Matching stopped until resumed.
    Halted {
        /// The first trigger.
        reason: HaltReason,
        /// When it triggered (seconds).
        since: Seconds,
    },
}

/// Rejected breaker calls; a rejected call changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum BreakerError {
    /// A threshold was zero.
    #[error("breaker config: {0} must be at least 1")]
    InvalidConfig(&'static str),
    /// Oracle price was zero.
    #[error("oracle price must be at least 1")]
    ZeroPrice,
    /// Tick timestamps must strictly increase.
    #[error("oracle tick at {got} is not after the last tick at {last}")]
    NonIncreasingTimestamp {
        /// Last accepted tick.
        last: Seconds,
        /// Rejected tick.
        got: Seconds,
    },
    /// Resume requested for a market that is trading.
    #[error("market is not halted")]
    NotHalted,
    /// Resume requested before any oracle tick.
    #[error("market has no oracle price yet")]
    NoOraclePrice,
    /// Resume requested while the oracle is stale.
    #[error("oracle is stale: last tick at {last_tick}, now {now}")]
    OracleStale {
        /// Last tick.
        last_tick: Seconds,
        /// Time of the request.
        now: Seconds,
    },
    /// No breaker for this market.
    #[error("unknown market {0}")]
    UnknownMarket(MarketId),
    /// A breaker for this market already exists.
    #[error("market {0} already has a breaker")]
    DuplicateMarket(MarketId),
}

impl BreakerConfig {
    /// Accepts configs whose thresholds are all at least 1.
    pub fn validate(&self) -> Result<(), BreakerError> {
        if self.band_ppm == 0 {
            return Err(BreakerError::InvalidConfig("band_ppm"));
        }
        if self.window_secs == 0 {
            return Err(BreakerError::InvalidConfig("window_secs"));
        }
        if self.stale_after_secs == 0 {
            return Err(BreakerError::InvalidConfig("stale_after_secs"));
        }
        Ok(())
    }
}

/// The breaker of one market.
///
/// Invariant: `min_q` (`max_q`) holds window ticks with strictly increasing timestamps and
/// increasing (decreasing) prices, so its front is the window's minimum (maximum).
#[derive(Clone, Debug)]
pub struct CircuitBreaker {
    config: BreakerConfig,
    status: MarketStatus,
    last_tick: Option<(Seconds, u64)>,
    min_q: VecDeque<(Seconds, u64)>,
    max_q: VecDeque<(Seconds, u64)>,
}

impl CircuitBreaker {
    /// A breaker waiting for its first tick.
    pub fn new(config: BreakerConfig) -> Result<Self, BreakerError> {
        config.validate()?;
        Ok(CircuitBreaker {
            config,
            status: MarketStatus::Halted {
                reason: HaltReason::NoOraclePrice,
                since: 0,
            },
            last_tick: None,
            min_q: VecDeque::new(),
            max_q: VecDeque::new(),
        })
    }

    /// Current (latched) status, without checking staleness.
    pub fn status(&self) -> MarketStatus {
        self.status
    }

    /// Last accepted oracle tick as (timestamp, price).
    pub fn last_tick(&self) -> Option<(Seconds, u64)> {
        self.last_tick
    }

    /// Records an oracle tick and halts the market if it breaks the band; returns the status.
    pub fn on_tick(&mut self, ts: Seconds, price: u64) -> Result<MarketStatus, BreakerError> {
        if price == 0 {
            return Err(BreakerError::ZeroPrice);
        }
        if let Some((last, _)) = self.last_tick {
            if ts <= last {
                return Err(BreakerError::NonIncreasingTimestamp { last, got: ts });
            }
        }
        let start = ts.saturating_sub(self.config.window_secs);
        for q in [&mut self.min_q, &mut self.max_q] {
            while q.front().is_some_and(|&(t, _)| t < start) {
                q.pop_front();
            }
        }
        let breach = self.band_breach(price);
        match (self.status, breach) {
            (
                MarketStatus::Halted {
                    reason: HaltReason::NoOraclePrice,
                    ..
                },
                _,
            ) => self.status = MarketStatus::Trading,
            (MarketStatus::Trading, Some(reason)) => {
                self.status = MarketStatus::Halted { reason, since: ts }
            }
            _ => {}
        }
        self.push(ts, price);
        Ok(self.status)
    }

    /// Halts the market if the oracle is stale at `now`; returns the status.
    pub fn check(&mut self, now: Seconds) -> MarketStatus {
        if let (MarketStatus::Trading, Some((last, _))) = (self.status, self.last_tick) {
            if now.saturating_sub(last) > self.config.stale_after_secs {
                self.status = MarketStatus::Halted {
                    reason: HaltReason::StaleOracle {
                        last_tick: last,
                        now,
                    },
                    since: now,
                };
            }
        }
        self.status
    }

    /// True when matching is allowed at `now` (checks staleness first).
    pub fn allows_matching(&mut self, now: Seconds) -> bool {
        self.check(now) == MarketStatus::Trading
    }

    /// Operator halt; keeps an existing halt's reason.
    pub fn halt(&mut self, now: Seconds) {
        if self.status == MarketStatus::Trading {
            self.status = MarketStatus::Halted {
                reason: HaltReason::Operator,
                since: now,
            };
        }
    }

    /// Operator resume: reopens a halted market whose oracle is fresh at `now`, and restarts the
    /// band window from the last tick (so the move that halted it does not halt it again).
    pub fn resume(&mut self, now: Seconds) -> Result<(), BreakerError> {
        if self.status == MarketStatus::Trading {
            return Err(BreakerError::NotHalted);
        }
        let Some((last, price)) = self.last_tick else {
            return Err(BreakerError::NoOraclePrice);
        };
        if now.saturating_sub(last) > self.config.stale_after_secs {
            return Err(BreakerError::OracleStale {
                last_tick: last,
                now,
            });
        }
        self.min_q.clear();
        self.max_q.clear();
        self.push(last, price);
        self.status = MarketStatus::Trading;
        Ok(())
    }

    fn push(&mut self, ts: Seconds, price: u64) {
        while self.min_q.back().is_some_and(|&(_, p)| p >= price) {
            self.min_q.pop_back();
        }
        self.min_q.push_back((ts, price));
        while self.max_q.back().is_some_and(|&(_, p)| p <= price) {
            self.max_q.pop_back();
        }
        self.max_q.push_back((ts, price));
        self.last_tick = Some((ts, price));
    }

    /// The band violation `price` would cause against the window's extremes, if any.
    fn band_breach(&self, price: u64) -> Option<HaltReason> {
        let band = u128::from(self.config.band_ppm);
        let p = u128::from(price);
        let breach = |reference: u64| {
            let r = u128::from(reference);
            let diff = p.abs_diff(r);
            (diff * 1_000_000 > band * r).then(|| HaltReason::PriceBand {
                reference,
                price,
                move_ppm: u64::try_from(diff * 1_000_000 / r).unwrap_or(u64::MAX),
            })
        };
        let low = self.min_q.front().and_then(|&(_, min)| breach(min));
        let high = self.max_q.front().and_then(|&(_, max)| breach(max));
        low.or(high)
    }
}

/// The breakers of all markets.
#[derive(Clone, Debug, Default)]
pub struct Breakers {
    markets: BTreeMap<MarketId, CircuitBreaker>,
}

impl Breakers {
    /// No markets.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a market's breaker (waiting for its first tick).
    pub fn add_market(
        &mut self,
        market: MarketId,
        config: BreakerConfig,
    ) -> Result<(), BreakerError> {
        if self.markets.contains_key(&market) {
            return Err(BreakerError::DuplicateMarket(market));
        }
        self.markets.insert(market, CircuitBreaker::new(config)?);
        Ok(())
    }

    /// The breaker of `market`.
    pub fn get_mut(&mut self, market: MarketId) -> Result<&mut CircuitBreaker, BreakerError> {
        self.markets
            .get_mut(&market)
            .ok_or(BreakerError::UnknownMarket(market))
    }

    /// Status of every market at `now` (staleness checked), in market order.
    pub fn statuses(&mut self, now: Seconds) -> Vec<(MarketId, MarketStatus)> {
        self.markets
            .iter_mut()
            .map(|(&m, b)| (m, b.check(now)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CFG: BreakerConfig = BreakerConfig {
        band_ppm: 50_000, // 5%
        window_secs: 60,
        stale_after_secs: 10,
    };

    fn trading_at(ts: Seconds, price: u64) -> CircuitBreaker {
        let mut b = CircuitBreaker::new(CFG).expect("valid config");
        assert_eq!(b.on_tick(ts, price), Ok(MarketStatus::Trading));
        b
    }

    fn reason(status: MarketStatus) -> Option<HaltReason> {
        match status {
            MarketStatus::Halted { reason, .. } => Some(reason),
            MarketStatus::Trading => None,
        }
    }

    #[test]
    fn new_market_waits_for_first_tick_then_trades() {
        let mut b = CircuitBreaker::new(CFG).expect("valid config");
        assert_eq!(reason(b.check(100)), Some(HaltReason::NoOraclePrice));
        assert_eq!(b.resume(100), Err(BreakerError::NoOraclePrice));
        assert_eq!(b.on_tick(100, 1_000), Ok(MarketStatus::Trading));
    }

    #[test]
    fn move_within_band_keeps_trading() {
        let mut b = trading_at(0, 1_000_000);
        assert_eq!(b.on_tick(1, 1_050_000), Ok(MarketStatus::Trading));
        assert_eq!(b.on_tick(2, 1_000_000), Ok(MarketStatus::Trading));
    }

    #[test]
    fn upward_move_beyond_band_within_window_halts() {
        let mut b = trading_at(0, 1_000_000);
        b.on_tick(5, 1_030_000).expect("valid tick");
        let s = b.on_tick(30, 1_050_001).expect("valid tick");
        assert_eq!(
            s,
            MarketStatus::Halted {
                reason: HaltReason::PriceBand {
                    reference: 1_000_000,
                    price: 1_050_001,
                    move_ppm: 50_001
                },
                since: 30
            }
        );
        assert!(!b.allows_matching(31));
    }

    #[test]
    fn downward_move_is_measured_from_window_maximum() {
        let mut b = trading_at(0, 1_000);
        b.on_tick(10, 1_040).expect("valid tick");
        let s = b.on_tick(20, 987).expect("valid tick");
        assert!(matches!(
            reason(s),
            Some(HaltReason::PriceBand {
                reference: 1_040,
                price: 987,
                ..
            })
        ));
    }

    #[test]
    fn slow_move_spread_beyond_the_window_does_not_halt() {
        let mut b = trading_at(0, 1_000);
        for (i, p) in [1_040u64, 1_080, 1_120, 1_160].into_iter().enumerate() {
            let ts = 40 * (i as u64 + 1);
            b.on_tick(ts, p).expect("valid tick");
            // each tick must be fresh for the next one
            assert_eq!(b.check(ts), MarketStatus::Trading, "at {ts}");
        }
    }

    #[test]
    fn no_tick_for_longer_than_stale_after_halts() {
        let mut b = trading_at(100, 1_000);
        assert!(b.allows_matching(110));
        assert_eq!(
            b.check(111),
            MarketStatus::Halted {
                reason: HaltReason::StaleOracle {
                    last_tick: 100,
                    now: 111
                },
                since: 111
            }
        );
    }

    #[test]
    fn halts_latch_until_operator_resumes() {
        let mut b = trading_at(100, 1_000);
        b.check(200);
        b.on_tick(201, 1_000).expect("valid tick");
        assert!(!b.allows_matching(201));
        assert_eq!(b.resume(202), Ok(()));
        assert!(b.allows_matching(202));
    }

    #[test]
    fn resume_is_refused_while_oracle_is_stale() {
        let mut b = trading_at(100, 1_000);
        b.check(200);
        assert_eq!(
            b.resume(200),
            Err(BreakerError::OracleStale {
                last_tick: 100,
                now: 200
            })
        );
        assert!(!b.allows_matching(200));
    }

    #[test]
    fn resume_restarts_band_window_from_last_tick() {
        let mut b = trading_at(0, 1_000);
        assert!(reason(b.on_tick(1, 1_100).expect("valid tick")).is_some());
        b.resume(2).expect("fresh oracle");
        assert_eq!(b.on_tick(3, 1_101), Ok(MarketStatus::Trading));
        assert!(reason(b.on_tick(4, 1_000).expect("valid tick")).is_some());
    }

    #[test]
    fn operator_halt_and_resume() {
        let mut b = trading_at(0, 1_000);
        b.halt(1);
        assert_eq!(reason(b.status()), Some(HaltReason::Operator));
        assert_eq!(b.resume(2), Ok(()));
        assert_eq!(b.resume(2), Err(BreakerError::NotHalted));
    }

    #[test]
    fn bad_ticks_and_configs_are_rejected_without_effect() {
        let mut b = trading_at(10, 1_000);
        assert_eq!(b.on_tick(11, 0), Err(BreakerError::ZeroPrice));
        assert_eq!(
            b.on_tick(10, 5_000),
            Err(BreakerError::NonIncreasingTimestamp { last: 10, got: 10 })
        );
        assert_eq!(b.last_tick(), Some((10, 1_000)));
        assert_eq!(b.status(), MarketStatus::Trading);
        for (cfg, field) in [
            (BreakerConfig { band_ppm: 0, ..CFG }, "band_ppm"),
            (
                BreakerConfig {
                    window_secs: 0,
                    ..CFG
                },
                "window_secs",
            ),
            (
                BreakerConfig {
                    stale_after_secs: 0,
                    ..CFG
                },
                "stale_after_secs",
            ),
        ] {
            assert_eq!(
                CircuitBreaker::new(cfg).err(),
                Some(BreakerError::InvalidConfig(field))
            );
        }
    }

    #[test]
    fn extreme_prices_do_not_overflow() {
        let mut b = trading_at(0, 1);
        let s = b.on_tick(1, u64::MAX).expect("valid tick");
        assert!(matches!(
            reason(s),
            Some(HaltReason::PriceBand {
                move_ppm: u64::MAX,
                ..
            })
        ));
    }

    proptest::proptest! {
        #[test]
        fn band_halt_matches_brute_force_scan_of_the_window(
            steps in proptest::collection::vec((1u64..30, 900u64..1_100), 1..80)
        ) {
            let cfg = BreakerConfig { band_ppm: 60_000, window_secs: 45, stale_after_secs: 1_000 };
            let mut b = CircuitBreaker::new(cfg).expect("valid config");
            let mut seen: Vec<(Seconds, u64)> = Vec::new();
            let mut ts = 0;
            for (dt, price) in steps {
                ts += dt;
                let window = seen.iter().filter(|&&(t, _)| t + cfg.window_secs >= ts);
                let breach = window.clone().any(|&(_, r)| {
                    u128::from(price.abs_diff(r)) * 1_000_000 > u128::from(cfg.band_ppm) * u128::from(r)
                });
                let status = b.on_tick(ts, price).expect("increasing timestamps");
                seen.push((ts, price));
                proptest::prop_assert_eq!(status != MarketStatus::Trading, breach, "at {}", ts);
                if breach {
                    b.resume(ts).expect("fresh oracle");
                    seen.clear();
                    seen.push((ts, price));
                }
            }
        }
    }

    #[test]
    fn registry_tracks_markets_and_rejects_unknown_ones() {
        let mut all = Breakers::new();
        all.add_market(1, CFG).expect("new market");
        all.add_market(2, CFG).expect("new market");
        assert_eq!(
            all.add_market(1, CFG),
            Err(BreakerError::DuplicateMarket(1))
        );
        assert_eq!(all.get_mut(9).err(), Some(BreakerError::UnknownMarket(9)));
        all.get_mut(1)
            .and_then(|b| b.on_tick(5, 100))
            .expect("known market");
        let st = all.statuses(6);
        assert_eq!(st[0], (1, MarketStatus::Trading));
        assert_eq!(reason(st[1].1), Some(HaltReason::NoOraclePrice));
    }
}
