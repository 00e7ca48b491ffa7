//! Login rate limiting: failures counted per user name + client address and per address
//! alone, in sliding windows, with exponential back-off, in bounded memory.
//!
//! [`RateLimits::default`]: at most 5 failures per 15 minutes for one user name from one
//! address, with a wait of 1 s after the first failure doubling after each further one
//! (1, 2, 4, 8 s), and at most 50 failures per 15 minutes from one address whatever the user
//! names (password spraying). IPv6 clients are counted per /64, the block one subscriber
//! usually holds; IPv4-mapped IPv6 addresses count as their IPv4 address.
//!
//! The server calls [`LoginLimiter::check`] before verifying a password (and answers 429 with
//! `Retry-After` when it fails, without touching argon2), then [`LoginLimiter::record_failure`]
//! or [`LoginLimiter::record_success`]. A success clears the user name + address counter but
//! not the address counter, so an attacker holding one valid account cannot reset the
//! spraying limit by logging into it. Nothing is counted per user name alone: that would let
//! anyone lock a victim out.
//!
//! Memory: each counter keeps at most its limit's number of timestamps; each map holds at most
//! [`RateLimits::max_keys`] counters, and when full it drops expired counters, then the one
//! whose last failure is oldest. The limiter is not shared by itself: the server wraps it in a
//! `Mutex` (one per process; several instances each limit on their own).

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr};
use std::time::{Duration, SystemTime};

/// Longest user name kept in a key, in characters (longer ones are cut).
const MAX_USERNAME_CHARS: usize = 128;

/// What a login attempt is counted under: the user name tried (trimmed, lower case) and the
/// client address (IPv6 reduced to its /64).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LoginKey {
    username: String,
    ip: IpAddr,
}

impl LoginKey {
    /// The key for `username` tried from `ip`.
    pub fn new(username: &str, ip: IpAddr) -> Self {
        Self {
            username: username
                .trim()
                .to_lowercase()
                .chars()
                .take(MAX_USERNAME_CHARS)
                .collect(),
            ip: client_block(ip),
        }
    }

    /// The normalised user name.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The client address as counted (IPv6: the /64 network address).
    pub const fn ip(&self) -> IpAddr {
        self.ip
    }
}

/// IPv4 as is; IPv4-mapped IPv6 as IPv4; other IPv6 masked to /64.
fn client_block(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let masked = v6.to_bits() & (u128::MAX << 64);
                IpAddr::V6(Ipv6Addr::from_bits(masked))
            }
        },
    }
}

/// At most `max_failures` failures within any `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Failures allowed in a window; the next attempt waits until the oldest leaves it.
    pub max_failures: u32,
    /// The sliding window.
    pub window: Duration,
}

/// The limiter's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// Per user name + client address. Default 5 per 15 minutes.
    pub per_user_ip: Limit,
    /// Per client address. Default 50 per 15 minutes.
    pub per_ip: Limit,
    /// Wait after the first failure of a user name + address; doubles with each further
    /// failure in the window. Default 1 s.
    pub backoff_base: Duration,
    /// Longest back-off wait. Default 5 minutes.
    pub backoff_max: Duration,
    /// Most counters kept in each of the two maps. Default 10,000.
    pub max_keys: usize,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            per_user_ip: Limit {
                max_failures: 5,
                window: Duration::from_secs(15 * 60),
            },
            per_ip: Limit {
                max_failures: 50,
                window: Duration::from_secs(15 * 60),
            },
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(5 * 60),
            max_keys: 10_000,
        }
    }
}

/// A refused attempt: how long until the next one is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, thiserror::Error)]
#[error("too many failed logins; retry after {} s", self.seconds())]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds, rounded up (at least 1): the `Retry-After` header value.
    pub fn seconds(&self) -> u64 {
        let s = self.0.as_secs() + u64::from(self.0.subsec_nanos() > 0);
        s.max(1)
    }
}

#[derive(Debug, Clone)]
struct Counter {
    /// Failure times, oldest first, at most the limit's `max_failures`.
    failures: VecDeque<SystemTime>,
}

fn elapsed(earlier: SystemTime, later: SystemTime) -> Duration {
    later.duration_since(earlier).unwrap_or(Duration::ZERO)
}

impl Counter {
    fn live(&self, now: SystemTime, window: Duration) -> impl Iterator<Item = &SystemTime> {
        self.failures
            .iter()
            .filter(move |t| elapsed(**t, now) < window)
    }

    /// How long until an attempt is allowed, or `None` if it is now.
    fn wait(
        &self,
        now: SystemTime,
        limit: Limit,
        backoff: Option<(Duration, Duration)>,
    ) -> Option<Duration> {
        let live: Vec<SystemTime> = self.live(now, limit.window).copied().collect();
        let mut wait = Duration::ZERO;
        if limit.max_failures == 0 {
            return Some(limit.window);
        }
        let max = usize::try_from(limit.max_failures).unwrap_or(usize::MAX);
        if live.len() >= max
            && let Some(oldest) = live.first()
        {
            wait = wait.max(limit.window.saturating_sub(elapsed(*oldest, now)));
        }
        if let (Some((base, cap)), Some(last)) = (backoff, live.last()) {
            let doublings = u32::try_from(live.len().saturating_sub(1)).unwrap_or(u32::MAX);
            let factor = 1u32.checked_shl(doublings.min(31)).unwrap_or(u32::MAX);
            let backoff = base.saturating_mul(factor).min(cap);
            wait = wait.max(backoff.saturating_sub(elapsed(*last, now)));
        }
        (!wait.is_zero()).then_some(wait)
    }

    fn record(&mut self, now: SystemTime, limit: Limit) {
        self.failures.retain(|t| elapsed(*t, now) < limit.window);
        self.failures.push_back(now);
        let max = usize::try_from(limit.max_failures.max(1)).unwrap_or(usize::MAX);
        while self.failures.len() > max {
            self.failures.pop_front();
        }
    }

    fn expired(&self, now: SystemTime, window: Duration, backoff_max: Duration) -> bool {
        let keep_for = window.max(backoff_max);
        self.failures
            .back()
            .is_none_or(|last| elapsed(*last, now) >= keep_for)
    }

    fn last(&self) -> Option<SystemTime> {
        self.failures.back().copied()
    }
}

/// Makes room for one more key: drops expired counters, then the stalest.
fn make_room<K: Eq + Hash + Clone>(
    map: &mut HashMap<K, Counter>,
    max_keys: usize,
    now: SystemTime,
    window: Duration,
    backoff_max: Duration,
) {
    if map.len() < max_keys {
        return;
    }
    map.retain(|_, c| !c.expired(now, window, backoff_max));
    while map.len() >= max_keys.max(1) {
        let stalest = map
            .iter()
            .min_by_key(|(_, c)| c.last())
            .map(|(k, _)| k.clone());
        match stalest {
            Some(k) => {
                map.remove(&k);
            }
            None => break,
        }
    }
}

/// The in-memory login limiter (see the module docs). Time is always passed in.
#[derive(Debug, Clone)]
pub struct LoginLimiter {
    limits: RateLimits,
    by_user_ip: HashMap<LoginKey, Counter>,
    by_ip: HashMap<IpAddr, Counter>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        Self::new(RateLimits::default())
    }
}

impl LoginLimiter {
    /// A limiter with these settings, tracking nothing yet.
    pub fn new(limits: RateLimits) -> Self {
        Self {
            limits,
            by_user_ip: HashMap::new(),
            by_ip: HashMap::new(),
        }
    }

    /// The settings.
    pub const fn limits(&self) -> &RateLimits {
        &self.limits
    }

    /// Whether a login attempt for `key` may be made at `now`; otherwise the longer of the
    /// waits the two counters ask for.
    pub fn check(&self, key: &LoginKey, now: SystemTime) -> Result<(), RetryAfter> {
        let l = &self.limits;
        let user_wait = self
            .by_user_ip
            .get(key)
            .and_then(|c| c.wait(now, l.per_user_ip, Some((l.backoff_base, l.backoff_max))));
        let ip_wait = self
            .by_ip
            .get(&key.ip)
            .and_then(|c| c.wait(now, l.per_ip, None));
        match user_wait.max(ip_wait) {
            None => Ok(()),
            Some(d) => Err(RetryAfter(d)),
        }
    }

    /// Counts a failed login for `key` at `now` (wrong password, or an unknown user name:
    /// count both alike so the limiter does not reveal which names exist).
    pub fn record_failure(&mut self, key: &LoginKey, now: SystemTime) {
        let l = self.limits;
        if !self.by_user_ip.contains_key(key) {
            make_room(
                &mut self.by_user_ip,
                l.max_keys,
                now,
                l.per_user_ip.window,
                l.backoff_max,
            );
        }
        self.by_user_ip
            .entry(key.clone())
            .or_insert_with(|| Counter {
                failures: VecDeque::new(),
            })
            .record(now, l.per_user_ip);
        if !self.by_ip.contains_key(&key.ip) {
            make_room(
                &mut self.by_ip,
                l.max_keys,
                now,
                l.per_ip.window,
                Duration::ZERO,
            );
        }
        self.by_ip
            .entry(key.ip)
            .or_insert_with(|| Counter {
                failures: VecDeque::new(),
            })
            .record(now, l.per_ip);
    }

    /// A successful login for `key`: clears its user name + address counter (the address
    /// counter stays).
    pub fn record_success(&mut self, key: &LoginKey) {
        self.by_user_ip.remove(key);
    }

    /// Drops every counter with nothing left to limit at `now` (call it now and then; the
    /// maps also make room by themselves when full).
    pub fn purge(&mut self, now: SystemTime) {
        let l = self.limits;
        self.by_user_ip
            .retain(|_, c| !c.expired(now, l.per_user_ip.window, l.backoff_max));
        self.by_ip
            .retain(|_, c| !c.expired(now, l.per_ip.window, Duration::ZERO));
    }

    /// Number of counters held: (user name + address, address).
    pub fn len(&self) -> (usize, usize) {
        (self.by_user_ip.len(), self.by_ip.len())
    }

    /// Whether no counter is held.
    pub fn is_empty(&self) -> bool {
        self.by_user_ip.is_empty() && self.by_ip.is_empty()
    }
}

impl fmt::Display for LoginKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.username, self.ip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::net::Ipv4Addr;
    use std::time::UNIX_EPOCH;

    fn t(ms: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_800_000_000) + Duration::from_millis(ms)
    }
    const S: u64 = 1000;
    const MIN: u64 = 60 * S;

    fn ip(last: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(192, 0, 2, last))
    }

    fn secs(r: Result<(), RetryAfter>) -> Option<u64> {
        r.err().map(|e| e.seconds())
    }

    #[test]
    fn back_off_then_lockout_then_window_slides() {
        let mut l = LoginLimiter::default();
        let k = LoginKey::new("alice", ip(1));
        assert_eq!(l.check(&k, t(0)), Ok(()));
        // 1st failure: wait 1 s
        l.record_failure(&k, t(0));
        assert_eq!(secs(l.check(&k, t(0))), Some(1));
        assert_eq!(
            l.check(&k, t(999)),
            Err(RetryAfter(Duration::from_millis(1)))
        );
        assert_eq!(l.check(&k, t(S)), Ok(()));
        // 2nd: wait 2 s; 3rd: 4 s; 4th: 8 s
        l.record_failure(&k, t(S));
        assert_eq!(secs(l.check(&k, t(S))), Some(2));
        assert_eq!(l.check(&k, t(3 * S)), Ok(()));
        l.record_failure(&k, t(3 * S));
        assert_eq!(secs(l.check(&k, t(3 * S))), Some(4));
        l.record_failure(&k, t(7 * S));
        assert_eq!(secs(l.check(&k, t(7 * S))), Some(8));
        assert_eq!(l.check(&k, t(15 * S)), Ok(()));
        // 5th failure: locked until the 1st leaves the 15-minute window.
        l.record_failure(&k, t(15 * S));
        assert_eq!(secs(l.check(&k, t(15 * S))), Some(15 * 60 - 15));
        assert_eq!(secs(l.check(&k, t(10 * MIN))), Some(5 * 60));
        assert!(l.check(&k, t(15 * MIN - 1)).is_err());
        // At 15 min the 1st failure has left the window, 4 remain: back-off of the 4th
        // failure count (8 s) since the last one has long passed.
        assert_eq!(l.check(&k, t(15 * MIN)), Ok(()));
        // Another address, and another user name at the same address, are not affected.
        assert_eq!(l.check(&LoginKey::new("alice", ip(2)), t(20 * S)), Ok(()));
        assert_eq!(l.check(&LoginKey::new("bob", ip(1)), t(20 * S)), Ok(()));
    }

    #[test]
    fn success_clears_the_user_counter_only() {
        let mut l = LoginLimiter::default();
        let k = LoginKey::new("alice", ip(1));
        for i in 0..4 {
            l.record_failure(&k, t(i * 10 * S));
        }
        assert!(l.check(&k, t(31 * S)).is_err());
        l.record_success(&k);
        assert_eq!(l.check(&k, t(31 * S)), Ok(()));
        assert_eq!(l.len(), (0, 1));
    }

    #[test]
    fn spraying_from_one_address_is_capped_at_50() {
        let mut l = LoginLimiter::default();
        let mut now = 0;
        for i in 0..50 {
            let k = LoginKey::new(&format!("user{i}"), ip(9));
            assert_eq!(l.check(&k, t(now)), Ok(()), "attempt {i}");
            l.record_failure(&k, t(now));
            now += S;
        }
        let fresh = LoginKey::new("someone-else", ip(9));
        assert_eq!(secs(l.check(&fresh, t(now))), Some(15 * 60 - 50));
        // A success with an attacker's own account does not reset the address counter.
        let own = LoginKey::new("user0", ip(9));
        l.record_success(&own);
        assert!(l.check(&fresh, t(now)).is_err());
        // Other addresses are fine; after the window the address may try again.
        assert_eq!(l.check(&LoginKey::new("x", ip(10)), t(now)), Ok(()));
        assert_eq!(l.check(&fresh, t(15 * MIN)), Ok(()));
    }

    #[test]
    fn user_names_are_normalised() {
        let mut l = LoginLimiter::default();
        l.record_failure(&LoginKey::new("Alice", ip(1)), t(0));
        assert!(l.check(&LoginKey::new("  alice ", ip(1)), t(0)).is_err());
        let long = "a".repeat(10_000);
        assert_eq!(
            LoginKey::new(&long, ip(1)).username().len(),
            MAX_USERNAME_CHARS
        );
    }

    #[test]
    fn ipv6_is_counted_per_64_and_mapped_v4_as_v4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(LoginKey::new("u", a), LoginKey::new("u", b));
        assert_ne!(LoginKey::new("u", a), LoginKey::new("u", c));
        assert_eq!(
            LoginKey::new("u", a).ip(),
            "2001:db8:1:2::".parse::<IpAddr>().unwrap()
        );
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().unwrap();
        assert_eq!(LoginKey::new("u", mapped).ip(), ip(1));
        assert_eq!(LoginKey::new("U", a).to_string(), "u@2001:db8:1:2::");
    }

    #[test]
    fn memory_is_bounded() {
        let limits = RateLimits {
            max_keys: 100,
            ..RateLimits::default()
        };
        let mut l = LoginLimiter::new(limits);
        for i in 0..1000u32 {
            let addr = IpAddr::V4(Ipv4Addr::from(0x0A00_0000 + i));
            let k = LoginKey::new(&format!("user{i}"), addr);
            l.record_failure(&k, t(u64::from(i)));
            let (a, b) = l.len();
            assert!(a <= 100 && b <= 100, "{a} {b}");
        }
        // The newest key is still tracked; the oldest was evicted.
        let newest = LoginKey::new("user999", IpAddr::V4(Ipv4Addr::from(0x0A00_0000 + 999)));
        assert!(l.check(&newest, t(999)).is_err());
        let oldest = LoginKey::new("user0", IpAddr::V4(Ipv4Addr::from(0x0A00_0000)));
        assert_eq!(l.check(&oldest, t(1000)), Ok(()));
        // Each counter holds at most its limit of timestamps.
        let k = LoginKey::new("hammer", ip(1));
        for i in 0..1000 {
            l.record_failure(&k, t(2000 + i));
        }
        assert!(l.by_user_ip.get(&k).unwrap().failures.len() <= 5);
        assert!(l.by_ip.get(&ip(1)).unwrap().failures.len() <= 50);
    }

    #[test]
    fn purge_drops_stale_counters() {
        let mut l = LoginLimiter::default();
        l.record_failure(&LoginKey::new("a", ip(1)), t(0));
        l.record_failure(&LoginKey::new("b", ip(2)), t(10 * MIN));
        l.purge(t(16 * MIN));
        assert_eq!(l.len(), (1, 1));
        l.purge(t(30 * MIN));
        assert!(l.is_empty());
    }

    #[test]
    fn retry_after_seconds_round_up() {
        assert_eq!(RetryAfter(Duration::from_millis(1)).seconds(), 1);
        assert_eq!(RetryAfter(Duration::from_millis(1001)).seconds(), 2);
        assert_eq!(RetryAfter(Duration::from_secs(3)).seconds(), 3);
        assert_eq!(RetryAfter(Duration::ZERO).seconds(), 1);
        assert_eq!(
            RetryAfter(Duration::from_secs(90)).to_string(),
            "too many failed logins; retry after 90 s"
        );
    }

    #[test]
    fn clock_going_backwards_does_not_unlock() {
        let mut l = LoginLimiter::default();
        let k = LoginKey::new("a", ip(1));
        for i in 0..5 {
            l.record_failure(&k, t(i * 20 * S));
        }
        assert!(l.check(&k, t(0)).is_err());
    }

    proptest! {
        /// Whatever the sequence of attempts, a client that only tries when `check` allows it
        /// never fails more than 5 times for one key, nor 50 times from one address, within
        /// any 15-minute window.
        #[test]
        fn limits_hold_for_any_sequence(
            steps in proptest::collection::vec((0u8..3, 0u8..4, 0u64..120_000, any::<bool>()), 1..400)
        ) {
            let mut l = LoginLimiter::default();
            let mut now = 0u64;
            // Failures since the key's last success, and all failures (per address).
            let mut failures: Vec<(LoginKey, u64)> = Vec::new();
            let mut all: Vec<(LoginKey, u64)> = Vec::new();
            for (user, addr, dt, success) in steps {
                now += dt;
                let k = LoginKey::new(&format!("u{user}"), ip(addr));
                if l.check(&k, t(now)).is_ok() {
                    if success {
                        l.record_success(&k);
                        failures.retain(|(fk, _)| fk != &k);
                    } else {
                        l.record_failure(&k, t(now));
                        failures.push((k.clone(), now));
                        all.push((k.clone(), now));
                        let w = 15 * MIN;
                        let per_key = failures.iter().filter(|(fk, at)| fk == &k && now - at < w).count();
                        let per_ip = all.iter().filter(|(fk, at)| fk.ip() == k.ip() && now - at < w).count();
                        prop_assert!(per_key <= 5, "{per_key}");
                        prop_assert!(per_ip <= 50, "{per_ip}");
                    }
                }
            }
        }
    }
}
