//! Which strings `resource.ParseQuantity` rejects, and with which error.
//!
//! Models kubernetes/apimachinery `pkg/api/resource/quantity.go` (`parseQuantityString`,
//! `ParseQuantity`) and `suffix.go` (the suffix table) as far as they decide *whether* a
//! quantity parses. The value itself is not computed here; the playground's model has its own
//! quantity arithmetic.
//!
//! Left out: the arbitrary-precision slow path (`inf.Dec.SetString`) is approximated: it fails
//! only when the numeric part holds no digit at all.

/// The three errors `ParseQuantity` returns, in the API server's words.
pub(crate) const ERR_FORMAT_WRONG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
pub(crate) const ERR_NUMERIC: &str = "unable to parse numeric part of quantity";
pub(crate) const ERR_SUFFIX: &str = "unable to parse quantity's suffix";

/// The pieces `parseQuantityString` splits a quantity into.
struct QuantityParts<'a> {
    /// Sign, digits and decimal point: everything before the suffix.
    value: &'a str,
    numerator: &'a str,
    denominator: &'a str,
    suffix: &'a str,
}

const SUFFIX_CHARS: &[u8] = b"eEinumkKMGTP";

/// Splits a quantity the way upstream's fast scanner does, or reports `ERR_FORMAT_WRONG`.
fn split_quantity(text: &str) -> Result<QuantityParts<'_>, &'static str> {
    let bytes = text.as_bytes();
    let end = bytes.len();
    let mut position = 0;
    if position < end && (bytes[0] == b'-' || bytes[0] == b'+') {
        position += 1;
    }
    // Leading zeros are skipped; a quantity of only zeros is zero.
    while position < end && bytes[position] == b'0' {
        position += 1;
    }
    if position >= end {
        return Ok(QuantityParts {
            value: "0",
            numerator: "0",
            denominator: "",
            suffix: "",
        });
    }
    let numerator_start = position;
    while position < end && bytes[position].is_ascii_digit() {
        position += 1;
    }
    if position >= end {
        return Ok(QuantityParts {
            value: text,
            numerator: &text[numerator_start..],
            denominator: "",
            suffix: "",
        });
    }
    let numerator = match &text[numerator_start..position] {
        "" => "0",
        digits => digits,
    };
    let mut denominator = "";
    if bytes[position] == b'.' {
        position += 1;
        let denominator_start = position;
        while position < end && bytes[position].is_ascii_digit() {
            position += 1;
        }
        denominator = &text[denominator_start..position];
        if position >= end {
            return Ok(QuantityParts {
                value: text,
                numerator,
                denominator,
                suffix: "",
            });
        }
    }
    let value = &text[..position];
    let suffix_start = position;
    while position < end && SUFFIX_CHARS.contains(&bytes[position]) {
        position += 1;
    }
    if position < end && (bytes[position] == b'-' || bytes[position] == b'+') {
        position += 1;
    }
    while position < end && bytes[position].is_ascii_digit() {
        position += 1;
    }
    if position < end {
        return Err(ERR_FORMAT_WRONG);
    }
    Ok(QuantityParts {
        value,
        numerator,
        denominator,
        suffix: &text[suffix_start..],
    })
}

/// How a suffix scales the number: decimal (`k`, `m`, `e3`) or binary (`Ki`).
enum SuffixKind {
    Decimal { exponent: i64 },
    Binary { exponent: i64 },
}

fn interpret_suffix(suffix: &str) -> Option<SuffixKind> {
    let decimal = |exponent| Some(SuffixKind::Decimal { exponent });
    let binary = |exponent| Some(SuffixKind::Binary { exponent });
    match suffix {
        "" => decimal(0),
        "n" => decimal(-9),
        "u" => decimal(-6),
        "m" => decimal(-3),
        "k" => decimal(3),
        "M" => decimal(6),
        "G" => decimal(9),
        "T" => decimal(12),
        "P" => decimal(15),
        "E" => decimal(18),
        "Ki" => binary(10),
        "Mi" => binary(20),
        "Gi" => binary(30),
        "Ti" => binary(40),
        "Pi" => binary(50),
        "Ei" => binary(60),
        _ => {
            let exponent = suffix
                .strip_prefix('e')
                .or_else(|| suffix.strip_prefix('E'))?;
            if exponent.is_empty() {
                return None;
            }
            go_parse_int64(exponent).map(|exponent| SuffixKind::Decimal { exponent })
        }
    }
}

/// Go's `strconv.ParseInt(text, 10, 64)`: optional sign, decimal digits, no overflow.
fn go_parse_int64(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    unsigned.parse::<i64>().ok()
}

/// Checks one quantity string, as `ParseQuantity` would.
pub(crate) fn check_quantity(text: &str) -> Result<(), &'static str> {
    if text.is_empty() {
        return Err(ERR_FORMAT_WRONG);
    }
    if text == "0" {
        return Ok(());
    }
    let parts = split_quantity(text)?;
    let suffix = interpret_suffix(parts.suffix).ok_or(ERR_SUFFIX)?;
    let digit_count = (parts.numerator.len() + parts.denominator.len()) as i64;
    // Upstream takes an int64 fast path when the digits fit; otherwise it parses the numeric
    // part as an arbitrary-precision decimal, which fails only without any digit.
    let fast_path = match suffix {
        SuffixKind::Decimal { exponent } => {
            18 - digit_count >= 0 && exponent - parts.denominator.len() as i64 >= -9
        }
        SuffixKind::Binary { exponent } => {
            let precision =
                15 - parts.numerator.len() as i64 - (exponent as f32 * 3.0 / 10.0) as i64 - 1;
            parts.denominator.is_empty() && precision >= 0
        }
    };
    if fast_path || parts.value.bytes().any(|byte| byte.is_ascii_digit()) {
        Ok(())
    } else {
        Err(ERR_NUMERIC)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_upstream_accepts() {
        for text in [
            "1",
            "0",
            "1Gi",
            "500m",
            "1.5",
            "1e3",
            "1E3",
            "-1",
            "+1Ki",
            "1.",
            ".5",
            "100Mi",
            "0.1n",
            "1e-3",
            "1e+21",
            "123456789012345678901234",
            ".",
            "+",
            "-0",
        ] {
            assert_eq!(check_quantity(text), Ok(()), "{text}");
        }
    }

    #[test]
    fn rejects_with_upstream_errors() {
        for (text, error) in [
            ("", ERR_FORMAT_WRONG),
            ("abc", ERR_FORMAT_WRONG),
            ("1GB", ERR_FORMAT_WRONG),
            ("1 Gi", ERR_FORMAT_WRONG),
            ("1gi", ERR_FORMAT_WRONG),
            ("1.2.3", ERR_FORMAT_WRONG),
            ("true", ERR_FORMAT_WRONG),
            ("{}", ERR_FORMAT_WRONG),
            ("1e3Gi", ERR_FORMAT_WRONG),
            ("1ki", ERR_SUFFIX),
            ("1mi", ERR_SUFFIX),
            ("1e", ERR_SUFFIX),
            ("1e99999999999999999999", ERR_SUFFIX),
        ] {
            assert_eq!(check_quantity(text), Err(error), "{text}");
        }
    }
}
