//! Durations and timestamps as kubectl and Go print and parse them.
//!
//! Models:
//! * `human_duration`: apimachinery `pkg/util/duration/duration.go` `HumanDuration`, the function
//!   behind every AGE column, `RESTARTS (… ago)`, event LAST SEEN and describe ages.
//! * `parse_go_duration`: Go's `time.ParseDuration`, which pflag uses for duration flags such as
//!   `--timeout=2m30s` and `--request-timeout=5s`, with Go's exact error texts.
//! * `go_duration_string`: Go's `time.Duration.String` (`2.512s`, `1m30s`, `1h0m0s`, `500ms`), as
//!   it appears inside event messages.
//! * `rfc1123z` / `rfc3339`: Go's `time.RFC1123Z` and `time.RFC3339` layouts applied to simulated
//!   time, where simulated time 0 is [`EPOCH_UNIX_SECONDS`] (Monday 2026-01-05 09:00:00 UTC).
//! * `parse_sleep`: the playground's own `sleep` line in session scripts (not a Go function).
//!
//! Leaves out: time zones other than UTC (kubectl would print the local zone; the playground's
//! terminal is always in UTC), sub-millisecond precision (simulated time counts milliseconds,
//! so Go durations are truncated toward zero to whole milliseconds).
//!
//! Invariants: pure functions, no clock, no panics on any input; every parser returns a
//! `Result` whose error is a complete sentence-like message.

use crate::sim::clock;

/// Unix seconds that simulated time 0 stands for: Monday 2026-01-05 09:00:00 UTC.
pub use crate::sim::clock::EPOCH_UNIX_SECONDS;

const SECOND_MS: i64 = 1_000;
const MINUTE_MS: i64 = 60 * SECOND_MS;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

/// The longest `sleep` a session script may ask for: 30 simulated days.
pub const SLEEP_MS_MAX: u64 = 30 * DAY_MS as u64;

/// kubectl's `HumanDuration`: about two or three significant figures of a duration given in
/// milliseconds. Negative values down to -1.999s print `0s` (clock skew tolerance); anything
/// more negative prints `<invalid>`.
pub fn human_duration(d_ms: i64) -> String {
    // Go converts to float seconds and truncates toward zero; integer division does the same.
    let seconds = d_ms / SECOND_MS;
    if seconds < -1 {
        return "<invalid>".to_string();
    }
    if seconds < 0 {
        return "0s".to_string();
    }
    if seconds < 2 * 60 {
        return format!("{seconds}s");
    }
    let minutes = d_ms / MINUTE_MS;
    if minutes < 10 {
        let rest_seconds = seconds % 60;
        if rest_seconds == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{rest_seconds}s");
    }
    if minutes < 3 * 60 {
        return format!("{minutes}m");
    }
    let hours = d_ms / HOUR_MS;
    if hours < 8 {
        let rest_minutes = minutes % 60;
        if rest_minutes == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{rest_minutes}m");
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    let days = hours / 24;
    if hours < 24 * 8 {
        let rest_hours = hours % 24;
        if rest_hours == 0 {
            return format!("{days}d");
        }
        return format!("{days}d{rest_hours}h");
    }
    if hours < 24 * 365 * 2 {
        return format!("{days}d");
    }
    let years = days / 365;
    if hours < 24 * 365 * 8 {
        let rest_days = days % 365;
        if rest_days == 0 {
            return format!("{years}y");
        }
        return format!("{years}y{rest_days}d");
    }
    format!("{years}y")
}

/// Parses the argument of a session script's `sleep` line into milliseconds.
///
/// Accepts what a learner would type at a shell, plus Go-style compounds: a bare number of
/// seconds (`30`, `0.5`), a number with one unit (`30s`, `2m`, `1h`, `1d`, `250ms`), several
/// number-unit pairs run together (`1m30s`), and several such words separated by blanks, which
/// are added up as GNU `sleep 1m 30s` does. Fractions are exact to the millisecond (truncated).
/// Signs, empty input, unknown units and anything over [`SLEEP_MS_MAX`] are errors.
pub fn parse_sleep(s: &str) -> Result<u64, String> {
    let mut total_ms: u64 = 0;
    let mut words = 0usize;
    for word in s.split([' ', '\t']).filter(|word| !word.is_empty()) {
        words += 1;
        let word_ms = parse_sleep_word(word)
            .ok_or_else(|| format!("sleep: invalid time interval '{word}'"))?;
        total_ms = total_ms.saturating_add(word_ms);
        if total_ms > SLEEP_MS_MAX {
            return Err(format!(
                "sleep: time interval '{}' is longer than the playground's limit of 30 days",
                s.trim()
            ));
        }
    }
    if words == 0 {
        return Err("sleep: missing operand".to_string());
    }
    Ok(total_ms)
}

/// One word of a `sleep` argument, or `None` if it is not a valid interval. Values that exceed
/// the limit by far saturate; the caller reports them as too long.
fn parse_sleep_word(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    let mut index = 0usize;
    let mut total_ms: u64 = 0;
    let mut pairs = 0usize;
    while index < bytes.len() {
        let number_start = index;
        while index < bytes.len() && bytes[index].is_ascii_digit() {
            index += 1;
        }
        let integer_digits = &word[number_start..index];
        let mut fraction_digits = "";
        if index < bytes.len() && bytes[index] == b'.' {
            index += 1;
            let fraction_start = index;
            while index < bytes.len() && bytes[index].is_ascii_digit() {
                index += 1;
            }
            fraction_digits = &word[fraction_start..index];
        }
        if integer_digits.is_empty() && fraction_digits.is_empty() {
            return None;
        }
        let unit_start = index;
        while index < bytes.len() && bytes[index].is_ascii_alphabetic() {
            index += 1;
        }
        let unit = &word[unit_start..index];
        let unit_ms: u64 = match unit {
            // A bare number means seconds, but only as the whole word (`1m30` is not valid).
            "" if pairs == 0 && index == bytes.len() => 1_000,
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return None,
        };
        total_ms =
            total_ms.saturating_add(decimal_times_unit(integer_digits, fraction_digits, unit_ms));
        pairs += 1;
    }
    if pairs == 0 {
        return None;
    }
    Some(total_ms)
}

/// `integer.fraction × unit_ms`, truncated to whole milliseconds, saturating on overflow.
fn decimal_times_unit(integer_digits: &str, fraction_digits: &str, unit_ms: u64) -> u64 {
    let mut integer: u64 = 0;
    for digit in integer_digits.bytes() {
        integer = integer
            .saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'));
    }
    // Twenty fraction digits are exact for every unit (the largest is 86_400_000 ms); the
    // products stay far below u128's range.
    let mut numerator: u128 = 0;
    let mut denominator: u128 = 1;
    for digit in fraction_digits.bytes().take(20) {
        numerator = numerator * 10 + u128::from(digit - b'0');
        denominator *= 10;
    }
    let fraction_ms = (numerator * u128::from(unit_ms) / denominator) as u64;
    integer.saturating_mul(unit_ms).saturating_add(fraction_ms)
}

/// Go's `time.ParseDuration`, returned as whole milliseconds (truncated toward zero). Negative
/// durations are valid Go syntax (`-5s`) and come back negative; kubectl gives them meaning per
/// flag. Errors are Go's texts, such as `time: invalid duration "abc"`; pflag wraps them as
/// `invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"`.
pub fn parse_go_duration(s: &str) -> Result<i64, String> {
    parse_go_duration_ns(s).map(|ns| ns / 1_000_000)
}

/// Go's `time.ParseDuration` in nanoseconds, exactly as Go computes it.
pub fn parse_go_duration_ns(s: &str) -> Result<i64, String> {
    const LIMIT: u64 = 1 << 63;
    let original = s;
    let invalid = || format!("time: invalid duration {}", go_time_quote(original));
    let mut rest = s;
    let mut negative = false;
    if let Some(first) = rest.as_bytes().first() {
        if *first == b'-' || *first == b'+' {
            negative = *first == b'-';
            rest = &rest[1..];
        }
    }
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !rest.is_empty() {
        let first = rest.as_bytes()[0];
        if !(first == b'.' || first.is_ascii_digit()) {
            return Err(invalid());
        }
        let before_integer = rest.len();
        let (integer, after_integer) = go_leading_int(rest).ok_or_else(invalid)?;
        rest = after_integer;
        let has_integer = before_integer != rest.len();

        let mut fraction: u64 = 0;
        let mut scale: f64 = 1.0;
        let mut has_fraction = false;
        if rest.as_bytes().first() == Some(&b'.') {
            rest = &rest[1..];
            let before_fraction = rest.len();
            let (value, value_scale, after_fraction) = go_leading_fraction(rest);
            fraction = value;
            scale = value_scale;
            rest = after_fraction;
            has_fraction = before_fraction != rest.len();
        }
        if !has_integer && !has_fraction {
            return Err(invalid());
        }

        let unit_len = rest
            .bytes()
            .position(|byte| byte == b'.' || byte.is_ascii_digit())
            .unwrap_or(rest.len());
        if unit_len == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                go_time_quote(original)
            ));
        }
        let unit_name = &rest[..unit_len];
        rest = &rest[unit_len..];
        let unit: u64 = match unit_name {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    go_time_quote(unit_name),
                    go_time_quote(original)
                ))
            }
        };
        if integer > LIMIT / unit {
            return Err(invalid());
        }
        let mut value = integer * unit;
        if fraction > 0 {
            // The product is at most 3.6e12 (nanoseconds in an hour), so the cast is exact enough
            // and cannot saturate; this mirrors Go's float step for fractions of large units.
            value += (fraction as f64 * (unit as f64 / scale)) as u64;
            if value > LIMIT {
                return Err(invalid());
            }
        }
        total += value;
        if total > LIMIT {
            return Err(invalid());
        }
    }
    if negative {
        // total <= 2^63 here, so the negation always fits.
        return Ok((total as i128).wrapping_neg() as i64);
    }
    if total > LIMIT - 1 {
        return Err(invalid());
    }
    Ok(total as i64)
}

/// Go's `leadingInt`: the leading run of ASCII digits, or `None` on overflow past 2^63.
fn go_leading_int(s: &str) -> Option<(u64, &str)> {
    const LIMIT: u64 = 1 << 63;
    let mut value: u64 = 0;
    let mut index = 0;
    for byte in s.bytes() {
        if !byte.is_ascii_digit() {
            break;
        }
        if value > LIMIT / 10 {
            return None;
        }
        value = value * 10 + u64::from(byte - b'0');
        if value > LIMIT {
            return None;
        }
        index += 1;
    }
    Some((value, &s[index..]))
}

/// Go's `leadingFraction`: digits after the point, stopping accumulation (not failing) once
/// more digits would overflow.
fn go_leading_fraction(s: &str) -> (u64, f64, &str) {
    const LIMIT: u64 = 1 << 63;
    let mut value: u64 = 0;
    let mut scale: f64 = 1.0;
    let mut overflowed = false;
    let mut index = 0;
    for byte in s.bytes() {
        if !byte.is_ascii_digit() {
            break;
        }
        index += 1;
        if overflowed {
            continue;
        }
        if value > (LIMIT - 1) / 10 {
            overflowed = true;
            continue;
        }
        let next = value * 10 + u64::from(byte - b'0');
        if next > LIMIT {
            overflowed = true;
            continue;
        }
        value = next;
        scale *= 10.0;
    }
    (value, scale, &s[index..])
}

/// The `quote` helper of Go's time package: double quotes, `"` and `\` escaped, and every byte
/// of a control or non-ASCII character written as `\xNN` (unlike `strconv.Quote`).
fn go_time_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for character in s.chars() {
        if !character.is_ascii() || character < ' ' {
            let mut buffer = [0u8; 4];
            for byte in character.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("\\x{byte:02x}"));
            }
        } else {
            if character == '"' || character == '\\' {
                out.push('\\');
            }
            out.push(character);
        }
    }
    out.push('"');
    out
}

/// Go's `time.Duration.String` for a duration given in milliseconds: `0s`, `500ms`, `2.512s`,
/// `1m30s`, `1h0m0s`, `-5s`.
pub fn go_duration_string(d_ms: i64) -> String {
    let negative = d_ms < 0;
    let magnitude_ms = d_ms.unsigned_abs();
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if magnitude_ms == 0 {
        return "0s".to_string();
    }
    if magnitude_ms < 1_000 {
        out.push_str(&format!("{magnitude_ms}ms"));
        return out;
    }
    let milliseconds = magnitude_ms % 1_000;
    let total_seconds = magnitude_ms / 1_000;
    let seconds = total_seconds % 60;
    let total_minutes = total_seconds / 60;
    let minutes = total_minutes % 60;
    let hours = total_minutes / 60;
    if hours > 0 {
        out.push_str(&format!("{hours}h{minutes}m"));
    } else if total_minutes > 0 {
        out.push_str(&format!("{minutes}m"));
    }
    out.push_str(&seconds.to_string());
    if milliseconds > 0 {
        let fraction = format!("{milliseconds:03}");
        out.push('.');
        out.push_str(fraction.trim_end_matches('0'));
    }
    out.push('s');
    out
}

const WEEKDAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Unix seconds of a simulated instant, saturating far beyond any real session.
fn unix_seconds(sim_ms: u64) -> i64 {
    EPOCH_UNIX_SECONDS.saturating_add(i64::try_from(sim_ms / 1_000).unwrap_or(i64::MAX / 2))
}

/// Go's `time.RFC1123Z` layout in UTC: `Mon, 05 Jan 2026 09:00:00 +0000`, as `kubectl describe`
/// prints `Creation Timestamp` and `Start Time`. Milliseconds are dropped, as Go drops them.
pub fn rfc1123z(sim_ms: u64) -> String {
    let seconds = unix_seconds(sim_ms);
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    let (year, month, day) = clock::civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = WEEKDAY_NAMES[(days + 4).rem_euclid(7) as usize];
    let month_name = MONTH_NAMES[(month as usize).saturating_sub(1).min(11)];
    format!(
        "{weekday}, {day:02} {month_name} {year:04} {:02}:{:02}:{:02} +0000",
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60
    )
}

/// Go's `time.RFC3339` layout in UTC (`2026-01-05T09:00:00Z`): the clock's own formatter, the
/// one `metav1.Time` fields serialise with.
pub use crate::sim::clock::rfc3339;

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;
    use proptest::prelude::*;

    fn table(inputs: &[(&str, i64)], format: fn(i64) -> String) -> String {
        inputs
            .iter()
            .map(|(label, value)| format!("{label} -> {}\n", format(*value)))
            .collect()
    }

    #[test]
    fn human_duration_follows_the_table_row_by_row() {
        let s = SECOND_MS;
        let m = MINUTE_MS;
        let h = HOUR_MS;
        let d = DAY_MS;
        let y = 365 * d;
        let rows = [
            ("-2s", -2 * s),
            ("-1.999s", -1999),
            ("-1s", -s),
            ("-0.5s", -500),
            ("0", 0),
            ("0.999s", 999),
            ("7s", 7 * s),
            ("59s", 59 * s),
            ("119.9s", 119_900),
            ("2m", 2 * m),
            ("3m20s", 3 * m + 20 * s),
            ("9m59s", 9 * m + 59 * s),
            ("10m", 10 * m),
            ("10m59s", 10 * m + 59 * s),
            ("45m", 45 * m),
            ("179m59s", 179 * m + 59 * s),
            ("3h", 3 * h),
            ("5h12m", 5 * h + 12 * m),
            ("7h59m59s", 8 * h - s),
            ("8h", 8 * h),
            ("23h", 23 * h),
            ("47h59m", 48 * h - m),
            ("2d", 2 * d),
            ("6d23h", 6 * d + 23 * h),
            ("8d", 8 * d),
            ("77d", 77 * d),
            ("400d", 400 * d),
            ("729d23h", 2 * y - h),
            ("2y", 2 * y),
            ("2y3d", 2 * y + 3 * d),
            ("7y364d", 8 * y - d),
            ("9y", 9 * y),
            ("i64::MAX", i64::MAX),
            ("i64::MIN", i64::MIN),
        ];
        expect![[r#"
            -2s -> <invalid>
            -1.999s -> 0s
            -1s -> 0s
            -0.5s -> 0s
            0 -> 0s
            0.999s -> 0s
            7s -> 7s
            59s -> 59s
            119.9s -> 119s
            2m -> 2m
            3m20s -> 3m20s
            9m59s -> 9m59s
            10m -> 10m
            10m59s -> 10m
            45m -> 45m
            179m59s -> 179m
            3h -> 3h
            5h12m -> 5h12m
            7h59m59s -> 7h59m
            8h -> 8h
            23h -> 23h
            47h59m -> 47h
            2d -> 2d
            6d23h -> 6d23h
            8d -> 8d
            77d -> 77d
            400d -> 400d
            729d23h -> 729d
            2y -> 2y
            2y3d -> 2y3d
            7y364d -> 7y364d
            9y -> 9y
            i64::MAX -> 292471208y
            i64::MIN -> <invalid>
        "#]]
        .assert_eq(&table(&rows, human_duration));
    }

    #[test]
    fn parse_sleep_accepts_shell_and_go_forms() {
        let inputs = [
            "30",
            "30s",
            "2m",
            "1h",
            "1m30s",
            "0.5s",
            "0.5",
            ".5",
            "1.",
            "250ms",
            "1d",
            "1m 30s",
            "  2  ",
            "0",
            "0.0001s",
            "30d",
            "30d1ms",
            "",
            "abc",
            "-1",
            "+1",
            "1x",
            "1m30",
            "s",
            "1..5s",
            "99999999999999999999999h",
            "1e3",
        ];
        let out: String = inputs
            .iter()
            .map(|input| format!("{input:?} -> {:?}\n", parse_sleep(input)))
            .collect();
        expect![[r#"
            "30" -> Ok(30000)
            "30s" -> Ok(30000)
            "2m" -> Ok(120000)
            "1h" -> Ok(3600000)
            "1m30s" -> Ok(90000)
            "0.5s" -> Ok(500)
            "0.5" -> Ok(500)
            ".5" -> Ok(500)
            "1." -> Ok(1000)
            "250ms" -> Ok(250)
            "1d" -> Ok(86400000)
            "1m 30s" -> Ok(90000)
            "  2  " -> Ok(2000)
            "0" -> Ok(0)
            "0.0001s" -> Ok(0)
            "30d" -> Ok(2592000000)
            "30d1ms" -> Err("sleep: time interval '30d1ms' is longer than the playground's limit of 30 days")
            "" -> Err("sleep: missing operand")
            "abc" -> Err("sleep: invalid time interval 'abc'")
            "-1" -> Err("sleep: invalid time interval '-1'")
            "+1" -> Err("sleep: invalid time interval '+1'")
            "1x" -> Err("sleep: invalid time interval '1x'")
            "1m30" -> Err("sleep: invalid time interval '1m30'")
            "s" -> Err("sleep: invalid time interval 's'")
            "1..5s" -> Err("sleep: invalid time interval '1..5s'")
            "99999999999999999999999h" -> Err("sleep: time interval '99999999999999999999999h' is longer than the playground's limit of 30 days")
            "1e3" -> Err("sleep: invalid time interval '1e3'")
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn parse_go_duration_matches_go() {
        let inputs = [
            "120s",
            "2m30s",
            "5s",
            "1h",
            "1.5h",
            "300ms",
            "-1.5h",
            "+5s",
            "0",
            "-0",
            "0s",
            ".5s",
            "1.s",
            "1500us",
            "1500\u{b5}s",
            "1500\u{3bc}s",
            "100ns",
            "2h45m0.5s",
            "",
            "-",
            "abc",
            "5",
            "5x",
            "5 s",
            ".s",
            "1d",
            "9223372036854775807ns",
            "9223372036854775808ns",
            "-9223372036854775808ns",
            "2562047h",
            "2562048h",
            "100000000000000000000s",
            "1é",
            "\"q\\",
            "1s\n",
        ];
        let out: String = inputs
            .iter()
            .map(|input| format!("{input:?} -> {:?}\n", parse_go_duration_ns(input)))
            .collect();
        expect![[r#"
            "120s" -> Ok(120000000000)
            "2m30s" -> Ok(150000000000)
            "5s" -> Ok(5000000000)
            "1h" -> Ok(3600000000000)
            "1.5h" -> Ok(5400000000000)
            "300ms" -> Ok(300000000)
            "-1.5h" -> Ok(-5400000000000)
            "+5s" -> Ok(5000000000)
            "0" -> Ok(0)
            "-0" -> Ok(0)
            "0s" -> Ok(0)
            ".5s" -> Ok(500000000)
            "1.s" -> Ok(1000000000)
            "1500us" -> Ok(1500000)
            "1500µs" -> Ok(1500000)
            "1500μs" -> Ok(1500000)
            "100ns" -> Ok(100)
            "2h45m0.5s" -> Ok(9900500000000)
            "" -> Err("time: invalid duration \"\"")
            "-" -> Err("time: invalid duration \"-\"")
            "abc" -> Err("time: invalid duration \"abc\"")
            "5" -> Err("time: missing unit in duration \"5\"")
            "5x" -> Err("time: unknown unit \"x\" in duration \"5x\"")
            "5 s" -> Err("time: unknown unit \" s\" in duration \"5 s\"")
            ".s" -> Err("time: invalid duration \".s\"")
            "1d" -> Err("time: unknown unit \"d\" in duration \"1d\"")
            "9223372036854775807ns" -> Ok(9223372036854775807)
            "9223372036854775808ns" -> Err("time: invalid duration \"9223372036854775808ns\"")
            "-9223372036854775808ns" -> Ok(-9223372036854775808)
            "2562047h" -> Ok(9223369200000000000)
            "2562048h" -> Err("time: invalid duration \"2562048h\"")
            "100000000000000000000s" -> Err("time: invalid duration \"100000000000000000000s\"")
            "1é" -> Err("time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\"")
            "\"q\\" -> Err("time: invalid duration \"\\\"q\\\\\"")
            "1s\n" -> Err("time: unknown unit \"s\\x0a\" in duration \"1s\\x0a\"")
        "#]]
        .assert_eq(&out);
        assert_eq!(parse_go_duration("2m30s"), Ok(150_000));
        assert_eq!(parse_go_duration("1500us"), Ok(1));
        assert_eq!(parse_go_duration("-1.5s"), Ok(-1_500));
    }

    #[test]
    fn go_duration_string_matches_go() {
        let rows = [
            ("0", 0),
            ("1ms", 1),
            ("500ms", 500),
            ("999ms", 999),
            ("1s", 1_000),
            ("2.512s", 2_512),
            ("2.5s", 2_500),
            ("59.001s", 59_001),
            ("60s", 60_000),
            ("90s", 90_000),
            ("1h", 3_600_000),
            ("1h0m0.1s", 3_600_100),
            ("26h3m4s", 93_784_000),
            ("-5s", -5_000),
            ("-500ms", -500),
            ("i64::MIN", i64::MIN),
        ];
        expect![[r#"
            0 -> 0s
            1ms -> 1ms
            500ms -> 500ms
            999ms -> 999ms
            1s -> 1s
            2.512s -> 2.512s
            2.5s -> 2.5s
            59.001s -> 59.001s
            60s -> 1m0s
            90s -> 1m30s
            1h -> 1h0m0s
            1h0m0.1s -> 1h0m0.1s
            26h3m4s -> 26h3m4s
            -5s -> -5s
            -500ms -> -500ms
            i64::MIN -> -2562047788015h12m55.808s
        "#]]
        .assert_eq(&table(&rows, go_duration_string));
    }

    #[test]
    fn timestamps_start_on_monday_morning() {
        let instants: [u64; 7] = [
            0,
            999,
            2_000,
            15 * 3_600_000,
            (15 * 3_600_000) + 1_000,
            56 * 86_400_000,
            u64::MAX,
        ];
        let out: String = instants
            .iter()
            .map(|at| format!("{at:>20} {} | {}\n", rfc1123z(*at), rfc3339(*at)))
            .collect();
        expect![[r#"
                               0 Mon, 05 Jan 2026 09:00:00 +0000 | 2026-01-05T09:00:00Z
                             999 Mon, 05 Jan 2026 09:00:00 +0000 | 2026-01-05T09:00:00Z
                            2000 Mon, 05 Jan 2026 09:00:02 +0000 | 2026-01-05T09:00:02Z
                        54000000 Tue, 06 Jan 2026 00:00:00 +0000 | 2026-01-06T00:00:00Z
                        54001000 Tue, 06 Jan 2026 00:00:01 +0000 | 2026-01-06T00:00:01Z
                      4838400000 Mon, 02 Mar 2026 09:00:00 +0000 | 2026-03-02T09:00:00Z
            18446744073709551615 Sun, 07 Apr 584556075 23:25:51 +0000 | 584556075-04-07T23:25:51Z
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn epoch_constant_is_the_documented_instant() {
        assert_eq!(
            clock::days_from_civil(2026, 1, 5) * 86_400 + 9 * 3_600,
            EPOCH_UNIX_SECONDS
        );
    }

    proptest! {
        #[test]
        fn parsers_never_panic(input in ".{0,40}") {
            let _ = parse_sleep(&input);
            let _ = parse_go_duration(&input);
        }

        #[test]
        fn duration_like_strings_never_panic(input in "[-+0-9.a-zµμ ]{0,30}") {
            let _ = parse_sleep(&input);
            if let Ok(ns) = parse_go_duration_ns(&input) {
                let _ = go_duration_string(ns / 1_000_000);
            }
        }

        #[test]
        fn human_duration_never_panics(ms in any::<i64>()) {
            let _ = human_duration(ms);
            let _ = go_duration_string(ms);
        }

        #[test]
        fn sleep_round_trips_go_strings(ms in 0u64..SLEEP_MS_MAX) {
            let text = go_duration_string(ms as i64);
            prop_assert_eq!(parse_sleep(&text), Ok(ms));
            prop_assert_eq!(parse_go_duration(&text), Ok(ms as i64));
        }
    }
}
