//! Simulated time, the timer queue and the seeded random source.
//!
//! Time is a count of simulated milliseconds since the cluster started (`SimTime`). Timers are
//! kept in a queue ordered by `(due time, sequence number)`, so two timers due at the same
//! instant fire in the order they were set, on every run. The random source is SplitMix64
//! seeded once per simulation; nothing else in the core may produce randomness.
//!
//! Architecture Invariant: nothing here reads the wall clock or the operating system's entropy.

use std::collections::BTreeMap;

/// Simulated milliseconds since the cluster started.
pub type SimTime = u64;

pub const SECOND_MS: SimTime = 1_000;
pub const MINUTE_MS: SimTime = 60 * SECOND_MS;

/// Wall-clock instant (Unix seconds) that simulated time 0 stands for: Monday 2026-01-05 09:00 UTC.
/// Only used to print timestamps; the simulation never reads a real clock.
pub const EPOCH_UNIX_SECONDS: i64 = 1_767_603_600;

/// Civil date (year, month, day) of a count of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

/// Days since 1970-01-01 of a civil date.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = month as i64;
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `2026-01-05T09:00:02Z`: how the API server writes a timestamp.
pub fn rfc3339(at: SimTime) -> String {
    let seconds = EPOCH_UNIX_SECONDS + (at / SECOND_MS) as i64;
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let in_day = seconds.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60
    )
}

/// Reads back what [`rfc3339`] wrote; instants before simulated time 0 are clamped to 0.
pub fn parse_rfc3339(text: &str) -> Option<SimTime> {
    let bytes = text.as_bytes();
    if bytes.len() != 20
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || bytes[10] != b'T'
        || bytes[19] != b'Z'
    {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
    let days = days_from_civil(number(0..4)?, number(5..7)? as u32, number(8..10)? as u32);
    let seconds = days * 86_400 + number(11..13)? * 3600 + number(14..16)? * 60 + number(17..19)?;
    Some((seconds - EPOCH_UNIX_SECONDS).max(0) as SimTime * SECOND_MS)
}

/// A queue of timers of type `T`, ordered by due time then by insertion.
#[derive(Debug, Clone)]
pub struct TimerQueue<T> {
    timers: BTreeMap<(SimTime, u64), T>,
    next_sequence: u64,
}

impl<T> Default for TimerQueue<T> {
    fn default() -> Self {
        TimerQueue {
            timers: BTreeMap::new(),
            next_sequence: 0,
        }
    }
}

impl<T> TimerQueue<T> {
    pub fn schedule(&mut self, due: SimTime, timer: T) {
        self.timers.insert((due, self.next_sequence), timer);
        self.next_sequence += 1;
    }

    /// The due time of the earliest timer.
    pub fn next_due(&self) -> Option<SimTime> {
        self.timers.keys().next().map(|(due, _)| *due)
    }

    /// Removes and returns the earliest timer if it is due at or before `now`.
    pub fn pop_due(&mut self, now: SimTime) -> Option<(SimTime, T)> {
        let (&(due, sequence), _) = self.timers.iter().next()?;
        if due > now {
            return None;
        }
        self.timers
            .remove(&(due, sequence))
            .map(|timer| (due, timer))
    }

    pub fn len(&self) -> usize {
        self.timers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.timers.is_empty()
    }

    /// Drops every timer for which `keep` is false.
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.timers.retain(|_, timer| keep(timer));
    }
}

/// SplitMix64: small, fast and good enough for choosing nodes and delays deterministically.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng {
            state: seed ^ 0x5DEE_CE66_D1CE_4E5B,
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `low..=high` (returns `low` when the range is empty).
    pub fn range(&mut self, low: u64, high: u64) -> u64 {
        if high <= low {
            return low;
        }
        low + self.next_u64() % (high - low + 1)
    }

    /// Lower-case hexadecimal of `n` random nibbles.
    pub fn hex(&mut self, n: usize) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(n.div_ceil(16) * 16);
        while out.len() < n {
            let value = self.next_u64();
            // Most significant nibble first, as `{:016x}` writes it.
            for shift in (0..16).rev() {
                out.push(char::from(DIGITS[((value >> (shift * 4)) & 0xf) as usize]));
            }
        }
        out.truncate(n);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timers_fire_in_time_then_insertion_order() {
        let mut queue = TimerQueue::default();
        queue.schedule(5, "b");
        queue.schedule(1, "a");
        queue.schedule(5, "c");
        assert_eq!(queue.next_due(), Some(1));
        assert_eq!(queue.pop_due(0), None);
        assert_eq!(queue.pop_due(10), Some((1, "a")));
        assert_eq!(queue.pop_due(10), Some((5, "b")));
        assert_eq!(queue.pop_due(10), Some((5, "c")));
        assert!(queue.is_empty());
    }

    #[test]
    fn the_same_seed_gives_the_same_numbers() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(Rng::new(8).next_u64(), xs[0]);
        assert_eq!(a.hex(36).len(), 36);
    }

    #[test]
    fn hex_is_the_numbers_in_lower_case_most_significant_first() {
        let mut a = Rng::new(11);
        let mut b = Rng::new(11);
        let expected: String = (0..3).map(|_| format!("{:016x}", b.next_u64())).collect();
        assert_eq!(a.hex(40), expected[..40]);
    }

    #[test]
    fn timestamps_round_trip() {
        assert_eq!(rfc3339(0), "2026-01-05T09:00:00Z");
        assert_eq!(rfc3339(86_400_000 * 60 + 1_500), "2026-03-06T09:00:01Z");
        assert_eq!(
            parse_rfc3339("2026-03-06T09:00:01Z"),
            Some(86_400_000 * 60 + 1_000)
        );
        assert_eq!(parse_rfc3339("garbage"), None);
    }
}
