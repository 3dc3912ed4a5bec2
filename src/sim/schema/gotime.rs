//! Which timestamps Go's `time.Parse` rejects for the two layouts the API uses, and its errors.
//!
//! `metav1.Time` decodes with `time.Parse(time.RFC3339, s)` and `metav1.MicroTime` with
//! `time.Parse("2006-01-02T15:04:05.000000Z07:00", s)` (kubernetes/apimachinery
//! `pkg/apis/meta/v1/time.go`, `micro_time.go`). This ports the general `parse` loop of Go's
//! `src/time/format.go` for just the layout elements those two layouts contain, including its
//! `ParseError` texts (`parsing time "x" as "layout": cannot parse "x" as "2006"`, range errors,
//! extra text, day of month). The parsed instant itself is not needed and not computed.

/// One element of a layout, in the order Go's `nextStdChunk` yields them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Element {
    /// `2006`
    LongYear,
    /// `01`
    ZeroMonth,
    /// `02`
    ZeroDay,
    /// `15`
    Hour,
    /// `04`
    ZeroMinute,
    /// `05`
    ZeroSecond,
    /// `.000000`: exactly six fractional digits.
    FracSecond6,
    /// `Z07:00`
    Iso8601ColonTz,
}

impl Element {
    fn text(self) -> &'static str {
        match self {
            Element::LongYear => "2006",
            Element::ZeroMonth => "01",
            Element::ZeroDay => "02",
            Element::Hour => "15",
            Element::ZeroMinute => "04",
            Element::ZeroSecond => "05",
            Element::FracSecond6 => ".000000",
            Element::Iso8601ColonTz => "Z07:00",
        }
    }
}

/// A layout as (literal prefix, element) chunks.
pub(crate) struct Layout {
    text: &'static str,
    chunks: &'static [(&'static str, Element)],
}

pub(crate) const RFC3339: Layout = Layout {
    text: "2006-01-02T15:04:05Z07:00",
    chunks: &[
        ("", Element::LongYear),
        ("-", Element::ZeroMonth),
        ("-", Element::ZeroDay),
        ("T", Element::Hour),
        (":", Element::ZeroMinute),
        (":", Element::ZeroSecond),
        ("", Element::Iso8601ColonTz),
    ],
};

pub(crate) const RFC3339_MICRO: Layout = Layout {
    text: "2006-01-02T15:04:05.000000Z07:00",
    chunks: &[
        ("", Element::LongYear),
        ("-", Element::ZeroMonth),
        ("-", Element::ZeroDay),
        ("T", Element::Hour),
        (":", Element::ZeroMinute),
        (":", Element::ZeroSecond),
        ("", Element::FracSecond6),
        ("", Element::Iso8601ColonTz),
    ],
};

/// Go's `time.quote`: double quotes, `\"` and `\\` escaped, other bytes outside printable ASCII
/// as `\xNN` (every byte of a multi-byte character, and every byte of invalid UTF-8).
fn go_time_quote(text: &[u8]) -> String {
    let mut result = String::from("\"");
    for chunk in text.utf8_chunks() {
        for char in chunk.valid().chars() {
            if (char as u32) >= 0x80 || char < ' ' {
                let mut buffer = [0u8; 4];
                for byte in char.encode_utf8(&mut buffer).bytes() {
                    result.push_str(&format!("\\x{byte:02x}"));
                }
            } else {
                if char == '"' || char == '\\' {
                    result.push('\\');
                }
                result.push(char);
            }
        }
        for byte in chunk.invalid() {
            result.push_str(&format!("\\x{byte:02x}"));
        }
    }
    result.push('"');
    result
}

fn cannot_parse(
    layout: &Layout,
    value: &[u8],
    value_element: &[u8],
    layout_element: &str,
) -> String {
    format!(
        "parsing time {} as {}: cannot parse {} as {}",
        go_time_quote(value),
        go_time_quote(layout.text.as_bytes()),
        go_time_quote(value_element),
        go_time_quote(layout_element.as_bytes())
    )
}

fn with_message(value: &[u8], message: &str) -> String {
    format!("parsing time {}{message}", go_time_quote(value))
}

/// Go's `getnum`: one or two leading digits; `fixed` demands two.
fn get_number(value: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    if value.is_empty() || !value[0].is_ascii_digit() {
        return None;
    }
    if value.len() < 2 || !value[1].is_ascii_digit() {
        if fixed {
            return None;
        }
        return Some((i64::from(value[0] - b'0'), &value[1..]));
    }
    Some((
        i64::from(value[0] - b'0') * 10 + i64::from(value[1] - b'0'),
        &value[2..],
    ))
}

/// Go's `atoi` on a fixed-width field: optional sign, then digits only.
fn go_atoi(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let mut number: i64 = 0;
    for &digit in digits {
        number = number
            .checked_mul(10)?
            .checked_add(i64::from(digit - b'0'))?;
    }
    Some(if negative { -number } else { number })
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(month: i64, year: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Why one element failed: Go's `errBad` or a named range error.
enum ElementError {
    Bad,
    Range(&'static str),
}

/// Checks `value` against `layout` as Go's `time.Parse` would, returning its error text.
pub(crate) fn check_time(layout: &Layout, value: &str) -> Result<(), String> {
    let value = value.as_bytes();
    let mut rest = value;
    let (mut year, mut month, mut day) = (0i64, 1i64, 1i64);
    for (chunk_index, &(prefix, element)) in layout.chunks.iter().enumerate() {
        // Literal prefix: Go reports the whole prefix against what is left of the value.
        for expected in prefix.bytes() {
            match rest.first() {
                Some(&byte) if byte == expected => rest = &rest[1..],
                _ => return Err(cannot_parse(layout, value, rest, prefix)),
            }
        }
        let hold = rest;
        let outcome: Result<(), ElementError> = match element {
            Element::LongYear => {
                if rest.len() < 4 || !rest[0].is_ascii_digit() {
                    Err(ElementError::Bad)
                } else {
                    let (digits, after) = rest.split_at(4);
                    rest = after;
                    go_atoi(digits)
                        .map(|parsed| year = parsed)
                        .ok_or(ElementError::Bad)
                }
            }
            Element::ZeroMonth => match get_number(rest, true) {
                Some((parsed, after)) => {
                    rest = after;
                    month = parsed;
                    if (1..=12).contains(&parsed) {
                        Ok(())
                    } else {
                        Err(ElementError::Range("month"))
                    }
                }
                None => Err(ElementError::Bad),
            },
            Element::ZeroDay => match get_number(rest, true) {
                Some((parsed, after)) => {
                    rest = after;
                    day = parsed;
                    Ok(())
                }
                None => Err(ElementError::Bad),
            },
            Element::Hour => match get_number(rest, false) {
                Some((parsed, after)) => {
                    rest = after;
                    if parsed >= 24 {
                        Err(ElementError::Range("hour"))
                    } else {
                        Ok(())
                    }
                }
                None => Err(ElementError::Bad),
            },
            Element::ZeroMinute => match get_number(rest, true) {
                Some((parsed, after)) => {
                    rest = after;
                    if parsed >= 60 {
                        Err(ElementError::Range("minute"))
                    } else {
                        Ok(())
                    }
                }
                None => Err(ElementError::Bad),
            },
            Element::ZeroSecond => match get_number(rest, true) {
                Some((parsed, after)) => {
                    rest = after;
                    if parsed >= 60 {
                        Err(ElementError::Range("second"))
                    } else {
                        // A fractional second the layout does not mention is accepted, unless
                        // the layout's next element is the fraction itself.
                        let next_is_fraction = layout
                            .chunks
                            .get(chunk_index + 1)
                            .is_some_and(|(_, next)| *next == Element::FracSecond6);
                        if !next_is_fraction
                            && rest.len() >= 2
                            && (rest[0] == b'.' || rest[0] == b',')
                            && rest[1].is_ascii_digit()
                        {
                            let digits = rest[1..]
                                .iter()
                                .take_while(|byte| byte.is_ascii_digit())
                                .count();
                            rest = &rest[1 + digits..];
                        }
                        Ok(())
                    }
                }
                None => Err(ElementError::Bad),
            },
            Element::FracSecond6 => {
                if rest.len() < 7 {
                    Err(ElementError::Bad)
                } else {
                    let (fraction, after) = rest.split_at(7);
                    rest = after;
                    if fraction[0] != b'.' && fraction[0] != b',' {
                        Err(ElementError::Bad)
                    } else {
                        match go_atoi(&fraction[1..]) {
                            None => Err(ElementError::Bad),
                            Some(nanos) if nanos < 0 => {
                                Err(ElementError::Range("fractional second"))
                            }
                            Some(_) => Ok(()),
                        }
                    }
                }
            }
            Element::Iso8601ColonTz => check_zone(&mut rest),
        };
        match outcome {
            Ok(()) => {}
            Err(ElementError::Bad) => {
                return Err(cannot_parse(layout, value, hold, element.text()));
            }
            Err(ElementError::Range(what)) => {
                return Err(with_message(value, &format!(": {what} out of range")));
            }
        }
    }
    if !rest.is_empty() {
        return Err(with_message(
            value,
            &format!(": extra text: {}", go_time_quote(rest)),
        ));
    }
    if day < 1 || day > days_in_month(month, year) {
        return Err(with_message(value, ": day out of range"));
    }
    Ok(())
}

/// The `Z07:00` element: `Z`, or a sign and `hh:mm`.
fn check_zone(rest: &mut &[u8]) -> Result<(), ElementError> {
    if rest.first() == Some(&b'Z') {
        *rest = &rest[1..];
        return Ok(());
    }
    if rest.len() < 6 || rest[3] != b':' {
        return Err(ElementError::Bad);
    }
    let (sign, hours, minutes) = (rest[0], &rest[1..3], &rest[4..6]);
    *rest = &rest[6..];
    // Go parses the minutes only when the hours parsed, checks the ranges (a later range error
    // replacing an earlier one) and reports a range error before a parse or sign error.
    let hours = get_number(hours, true).map(|(parsed, _)| parsed);
    let minutes = hours.and_then(|_| get_number(minutes, true).map(|(parsed, _)| parsed));
    let mut range = None;
    if hours.unwrap_or(0) > 24 {
        range = Some("time zone offset hour");
    }
    if minutes.unwrap_or(0) > 60 {
        range = Some("time zone offset minute");
    }
    if let Some(what) = range {
        return Err(ElementError::Range(what));
    }
    if minutes.is_none() || (sign != b'+' && sign != b'-') {
        return Err(ElementError::Bad);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_rfc3339() {
        for value in [
            "2024-01-31T12:00:00Z",
            "2024-02-29T23:59:59+01:00",
            "2024-01-01T00:00:00.123Z",
            "2024-01-01T1:00:00Z",
        ] {
            assert_eq!(check_time(&RFC3339, value), Ok(()), "{value}");
        }
        assert_eq!(
            check_time(&RFC3339_MICRO, "2024-01-01T00:00:00.123456Z"),
            Ok(())
        );
    }

    #[test]
    fn rejects_like_go() {
        let cases = [
            (
                "yesterday",
                r#"parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006""#,
            ),
            (
                "2024/01/01",
                r#"parsing time "2024/01/01" as "2006-01-02T15:04:05Z07:00": cannot parse "/01/01" as "-""#,
            ),
            (
                "2024-01-01",
                r#"parsing time "2024-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T""#,
            ),
            (
                "2024-13-01T00:00:00Z",
                r#"parsing time "2024-13-01T00:00:00Z": month out of range"#,
            ),
            (
                "2024-02-30T00:00:00Z",
                r#"parsing time "2024-02-30T00:00:00Z": day out of range"#,
            ),
            (
                "2024-01-01T00:00:00",
                r#"parsing time "2024-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00""#,
            ),
            (
                "2024-01-01T00:00:00Zjunk",
                r#"parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk""#,
            ),
            (
                "2024-01-01T25:00:00Z",
                r#"parsing time "2024-01-01T25:00:00Z": hour out of range"#,
            ),
        ];
        for (value, error) in cases {
            assert_eq!(
                check_time(&RFC3339, value),
                Err(error.to_string()),
                "{value}"
            );
        }
        assert_eq!(
            check_time(&RFC3339_MICRO, "2024-01-01T00:00:00Z"),
            Err(r#"parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000""#.to_string())
        );
    }
}
