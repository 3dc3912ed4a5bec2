//! Resource quantities (`2Gi`, `500m`, `1e3`, `800E`), as `k8s.io/apimachinery/pkg/api/resource`
//! parses, compares and canonicalises them.
//!
//! A quantity is held exactly as a whole number of nano-units (10^-9) in an `i128`, which covers
//! every value up to about 1.7 × 10^29 base units — far beyond `800E` (8 × 10^20). Values that do
//! not fit are rejected with a clear message instead of being rounded. Fractions finer than a
//! nano-unit are rounded up, as upstream does.
//!
//! The canonical text (what `kubectl get -o yaml` shows after the API server stored the object)
//! keeps the family of suffix the user wrote: binary (`Ki`…`Ei`) stays binary when the value is a
//! whole multiple of 1024 and at least 1024, otherwise it falls back to decimal SI; decimal SI
//! uses the largest suffix (`n`, `u`, `m`, none, `k` … `E`) that represents the value exactly;
//! exponent form uses `e<multiple of 3>`.
//!
//! Architecture Invariant: parsing never panics; comparison is exact (`1G` < `1Gi`).

use std::cmp::Ordering;
use std::fmt;

/// The family of suffix the quantity was written in; it decides the canonical text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityFormat {
    BinarySi,
    DecimalSi,
    DecimalExponent,
}

/// An exact resource quantity.
#[derive(Debug, Clone, Copy)]
pub struct Quantity {
    nanos: i128,
    format: QuantityFormat,
}

/// The message the API server gives for text that is not a quantity.
pub const QUANTITY_SYNTAX_ERROR: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const NANOS_PER_UNIT: i128 = 1_000_000_000;

impl Quantity {
    /// A quantity of whole base units (bytes for storage).
    pub fn from_units(units: i64) -> Quantity {
        Quantity {
            nanos: units as i128 * NANOS_PER_UNIT,
            format: QuantityFormat::DecimalSi,
        }
    }

    /// Parses the text form. The error is the API server's message.
    pub fn parse(text: &str) -> Result<Quantity, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err(QUANTITY_SYNTAX_ERROR.to_string());
        }
        let bytes = text.as_bytes();
        let mut index = 0;
        let mut negative = false;
        if bytes[0] == b'+' || bytes[0] == b'-' {
            negative = bytes[0] == b'-';
            index = 1;
        }
        let number_start = index;
        while index < bytes.len() && (bytes[index].is_ascii_digit() || bytes[index] == b'.') {
            index += 1;
        }
        let number = &text[number_start..index];
        let suffix = &text[index..];
        if number.is_empty() || number.matches('.').count() > 1 || number == "." {
            return Err(QUANTITY_SYNTAX_ERROR.to_string());
        }
        let (whole, fraction) = match number.split_once('.') {
            Some((whole, fraction)) => (whole, fraction),
            None => (number, ""),
        };
        // Multiplier as (numerator power of ten, power of two).
        let (format, ten_power, two_power): (QuantityFormat, i32, u32) = match suffix {
            "" => (QuantityFormat::DecimalSi, 0, 0),
            "n" => (QuantityFormat::DecimalSi, -9, 0),
            "u" => (QuantityFormat::DecimalSi, -6, 0),
            "m" => (QuantityFormat::DecimalSi, -3, 0),
            "k" => (QuantityFormat::DecimalSi, 3, 0),
            "M" => (QuantityFormat::DecimalSi, 6, 0),
            "G" => (QuantityFormat::DecimalSi, 9, 0),
            "T" => (QuantityFormat::DecimalSi, 12, 0),
            "P" => (QuantityFormat::DecimalSi, 15, 0),
            "E" => (QuantityFormat::DecimalSi, 18, 0),
            "Ki" => (QuantityFormat::BinarySi, 0, 10),
            "Mi" => (QuantityFormat::BinarySi, 0, 20),
            "Gi" => (QuantityFormat::BinarySi, 0, 30),
            "Ti" => (QuantityFormat::BinarySi, 0, 40),
            "Pi" => (QuantityFormat::BinarySi, 0, 50),
            "Ei" => (QuantityFormat::BinarySi, 0, 60),
            other => {
                let exponent_text = other
                    .strip_prefix('e')
                    .or_else(|| other.strip_prefix('E'))
                    .ok_or_else(|| QUANTITY_SYNTAX_ERROR.to_string())?;
                let digits = exponent_text.trim_start_matches(['+', '-']);
                if digits.is_empty()
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                    || exponent_text.len() - digits.len() > 1
                {
                    return Err(QUANTITY_SYNTAX_ERROR.to_string());
                }
                let exponent: i32 = exponent_text.parse().map_err(|_| too_large())?;
                if !(-40..=40).contains(&exponent) {
                    return Err(too_large());
                }
                (QuantityFormat::DecimalExponent, exponent, 0)
            }
        };
        // value = (whole.fraction) * 10^ten_power * 2^two_power, in nanos: * 10^9.
        let digits: String = format!("{whole}{fraction}");
        let digits = digits.trim_start_matches('0');
        let mut mantissa: i128 = 0;
        for digit in digits.bytes() {
            mantissa = mantissa
                .checked_mul(10)
                .and_then(|m| m.checked_add((digit - b'0') as i128))
                .ok_or_else(too_large)?;
        }
        let scale = ten_power + 9 - fraction.len() as i32;
        let mut nanos = mantissa;
        let mut divisor: i128 = 1;
        if scale >= 0 {
            for _ in 0..scale {
                nanos = nanos.checked_mul(10).ok_or_else(too_large)?;
            }
        } else {
            for _ in 0..(-scale) {
                divisor = match divisor.checked_mul(10) {
                    Some(d) => d,
                    None => {
                        // Smaller than any representable fraction: rounds up to one nano.
                        divisor = i128::MAX;
                        break;
                    }
                };
            }
        }
        nanos = nanos
            .checked_mul(1i128 << two_power)
            .ok_or_else(too_large)?;
        if divisor != 1 {
            let rounded_up = nanos / divisor + i128::from(nanos % divisor != 0);
            nanos = rounded_up;
        }
        if negative {
            nanos = -nanos;
        }
        Ok(Quantity { nanos, format })
    }

    /// Whole base units, rounded up (as `Value()` does upstream), saturating at i64 bounds.
    pub fn value(&self) -> i64 {
        let units = self.nanos / NANOS_PER_UNIT + i128::from(self.nanos % NANOS_PER_UNIT > 0);
        units.clamp(i64::MIN as i128, i64::MAX as i128) as i64
    }

    /// Thousandths of a base unit, rounded up (`MilliValue()` upstream), saturating at i64
    /// bounds. `kubectl describe node` divides CPU quantities by it.
    pub fn milli_value(&self) -> i64 {
        let per_milli = NANOS_PER_UNIT / 1000;
        let millis = self.nanos / per_milli + i128::from(self.nanos % per_milli > 0);
        millis.clamp(i64::MIN as i128, i64::MAX as i128) as i64
    }

    /// The sum of two quantities, in the format of `self` (`Add` upstream keeps the receiver's
    /// format), or None when the sum is beyond what a quantity can hold.
    pub fn checked_add(&self, other: &Quantity) -> Option<Quantity> {
        let nanos = self.nanos.checked_add(other.nanos)?;
        Some(Quantity {
            nanos,
            format: self.format,
        })
    }

    pub fn is_negative(&self) -> bool {
        self.nanos < 0
    }

    pub fn is_zero(&self) -> bool {
        self.nanos == 0
    }

    /// The canonical text the API server stores.
    pub fn canonical(&self) -> String {
        if self.nanos == 0 {
            return "0".to_string();
        }
        let sign = if self.nanos < 0 { "-" } else { "" };
        let magnitude = self.nanos.unsigned_abs();
        let whole_units = magnitude.is_multiple_of(NANOS_PER_UNIT as u128);
        if self.format == QuantityFormat::BinarySi && whole_units {
            let units = magnitude / NANOS_PER_UNIT as u128;
            if units >= 1024 {
                let suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
                let mut power = 0;
                let mut value = units;
                while power < 6 && value.is_multiple_of(1024) {
                    value /= 1024;
                    power += 1;
                }
                return format!("{sign}{value}{}", suffixes[power]);
            }
        }
        // Decimal: find the largest exponent (multiple of 3, from -9 to 18) dividing exactly.
        let mut exponent = -9i32;
        let mut value = magnitude;
        while exponent < 18 && value.is_multiple_of(1000) {
            value /= 1000;
            exponent += 3;
        }
        let suffix = if self.format == QuantityFormat::DecimalExponent {
            if exponent == 0 {
                String::new()
            } else {
                format!("e{exponent}")
            }
        } else {
            match exponent {
                -9 => "n",
                -6 => "u",
                -3 => "m",
                0 => "",
                3 => "k",
                6 => "M",
                9 => "G",
                12 => "T",
                15 => "P",
                _ => "E",
            }
            .to_string()
        };
        format!("{sign}{value}{suffix}")
    }
}

fn too_large() -> String {
    "quantity is too large for the playground (more than about 10^29)".to_string()
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Quantity) -> bool {
        self.nanos == other.nanos
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Quantity) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Quantity) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

impl serde::Serialize for Quantity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.canonical())
    }
}

impl<'de> serde::Deserialize<'de> for Quantity {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Quantity, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let text = match &value {
            serde_json::Value::String(text) => text.clone(),
            serde_json::Value::Number(number) => number.to_string(),
            _ => return Err(serde::de::Error::custom(QUANTITY_SYNTAX_ERROR)),
        };
        Quantity::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(text: &str) -> String {
        match Quantity::parse(text) {
            Ok(q) => q.canonical(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn canonical_forms_match_the_api_server() {
        let cases = [
            ("2Gi", "2Gi"),
            ("2048Mi", "2Gi"),
            ("1536Mi", "1536Mi"),
            ("1.5Gi", "1536Mi"),
            ("0.5Ki", "512"),
            ("1000M", "1G"),
            ("1e3", "1e3"),
            ("1000", "1k"),
            ("100m", "100m"),
            ("0.1", "100m"),
            ("800E", "800E"),
            ("0", "0"),
            ("-1Gi", "-1Gi"),
            ("10Gi", "10Gi"),
        ];
        for (input, expected) in cases {
            assert_eq!(canon(input), expected, "canonical form of {input}");
        }
    }

    #[test]
    fn comparison_is_exact() {
        let gi = Quantity::parse("1Gi").unwrap();
        let g = Quantity::parse("1G").unwrap();
        assert!(g < gi, "1G is smaller than 1Gi");
        assert_eq!(Quantity::parse("1024Mi").unwrap(), gi);
        assert!(Quantity::parse("800E").unwrap() > Quantity::parse("20Gi").unwrap());
        assert_eq!(gi.value(), 1 << 30);
    }

    #[test]
    fn malformed_quantities_are_errors() {
        for bad in [
            "", "Gi", "1.2.3", "1Gb", "abc", "1e", "1e+-3", "--1", "1 Gi",
        ] {
            assert!(Quantity::parse(bad).is_err(), "{bad:?} should not parse");
        }
        assert!(Quantity::parse("1e999").is_err());
        assert!(Quantity::parse("99999999999999999999999999999999999999999E").is_err());
    }
}
