//! How Go prints values, for messages and outputs that kubectl builds with `fmt` and
//! `encoding/json`.
//!
//! Models:
//! * [`quote`]: `strconv.Quote` (what `%q` prints), used in countless kubectl messages.
//! * [`format_float`]: `%v` of a `float64` (`strconv.FormatFloat(f, 'g', -1, 64)`): `3`, `1.5`,
//!   `1e+06`, `1.234567e+06`.
//! * [`json_marshal`] / [`json_marshal_indent`]: `encoding/json` of the generic values kubectl
//!   works with (`map[string]interface{}`, `[]interface{}`, `int64`, `float64`, …): map keys in
//!   sorted order, `<`, `>`, `&`, U+2028 and U+2029 escaped, Go's float layout.
//! * [`value_v`] / [`value_sharp_v`]: `%v` and `%#v` of those generic values, as they appear in
//!   JSONPath error messages.
//!
//! A `serde_json::Value` stands for the value kubectl's unstructured decoder produces: JSON
//! numbers that fit an `int64` are `int64`, every other number is a `float64`.
//!
//! Leaves out: Go's full Unicode tables. `strconv.Quote` keeps a character when Unicode calls it
//! printable; here a non-ASCII character counts as printable unless it is a control, a
//! separator other than the ASCII space, a common format character, or private use. That
//! matches Go for every character a Kubernetes object is likely to hold.
//!
//! Invariants: pure, total functions (no panics), output independent of the map order inside
//! the `Value`.

use serde_json::{Map, Number, Value};

/// A JSON number as kubectl's unstructured decoder holds it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GoNumber {
    Int(i64),
    Float(f64),
}

impl GoNumber {
    pub fn from_json(number: &Number) -> GoNumber {
        match number.as_i64() {
            Some(integer) => GoNumber::Int(integer),
            None => GoNumber::Float(number.as_f64().unwrap_or(0.0)),
        }
    }

    /// `%v` of the number.
    pub fn to_v(self) -> String {
        match self {
            GoNumber::Int(integer) => integer.to_string(),
            GoNumber::Float(float) => format_float(float),
        }
    }

    /// The Go type name (`int64` or `float64`).
    pub fn type_name(self) -> &'static str {
        match self {
            GoNumber::Int(_) => "int64",
            GoNumber::Float(_) => "float64",
        }
    }
}

/// The Go type name of a generic value, as `%T` or `reflect.Type` prints it.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "interface {}",
        Value::Bool(_) => "bool",
        Value::Number(number) => GoNumber::from_json(number).type_name(),
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

/// `strconv.Quote`: a double-quoted Go string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for character in s.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            _ if is_go_printable(character) => out.push(character),
            _ if (character as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02x}", character as u32));
            }
            _ if (character as u32) < 0x10000 => {
                out.push_str(&format!("\\u{:04x}", character as u32));
            }
            _ => out.push_str(&format!("\\U{:08x}", character as u32)),
        }
    }
    out.push('"');
    out
}

/// Approximates Go's `strconv.IsPrint` (see the module header).
pub fn is_go_printable(character: char) -> bool {
    let code = character as u32;
    if code < 0x80 {
        return (0x20..0x7f).contains(&code);
    }
    if character.is_control() || character.is_whitespace() {
        return false;
    }
    !matches!(
        code,
        0xad | 0x600..=0x605
            | 0x61c
            | 0x6dd
            | 0x70f
            | 0x180e
            | 0x200b..=0x200f
            | 0x202a..=0x202e
            | 0x2060..=0x206f
            | 0xd800..=0xf8ff
            | 0xfeff
            | 0xfff9..=0xfffb
            | 0xe0001..=0xe007f
            | 0xf0000..=0x10ffff
    ) && !(0xfdd0..=0xfdef).contains(&code)
        && (code & 0xfffe) != 0xfffe
}

/// Decimal digits of a finite float's shortest round-trip representation.
struct ShortestDecimal {
    negative: bool,
    /// Significant digits, no leading or trailing zeros; empty for zero.
    digits: Vec<u8>,
    /// Position of the decimal point relative to the digits (Go's `dp`).
    point: i32,
}

impl ShortestDecimal {
    fn of(value: f64) -> ShortestDecimal {
        let negative = value.is_sign_negative();
        let text = format!("{:e}", value.abs());
        let (mantissa, exponent) = text.split_once('e').unwrap_or((text.as_str(), "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        let digits: Vec<u8> = mantissa
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|digit| digit - b'0')
            .collect();
        if digits.iter().all(|digit| *digit == 0) {
            return ShortestDecimal {
                negative,
                digits: Vec::new(),
                point: 0,
            };
        }
        let mut digits = digits;
        while digits.last() == Some(&0) {
            digits.pop();
        }
        ShortestDecimal {
            negative,
            digits,
            point: exponent + 1,
        }
    }

    fn digit(&self, index: i32) -> char {
        if index < 0 {
            return '0';
        }
        match self.digits.get(index as usize) {
            Some(digit) => char::from(b'0' + digit),
            None => '0',
        }
    }

    /// Go's `%e` with `decimals` digits after the point.
    fn format_e(&self, decimals: i32) -> String {
        let mut out = String::new();
        if self.negative {
            out.push('-');
        }
        out.push(self.digit(0));
        if decimals > 0 {
            out.push('.');
            for index in 1..=decimals {
                out.push(self.digit(index));
            }
        }
        let exponent = if self.digits.is_empty() {
            0
        } else {
            self.point - 1
        };
        out.push('e');
        out.push(if exponent < 0 { '-' } else { '+' });
        let magnitude = exponent.unsigned_abs();
        if magnitude < 10 {
            out.push('0');
        }
        out.push_str(&magnitude.to_string());
        out
    }

    /// Go's `%f` with `decimals` digits after the point.
    fn format_f(&self, decimals: i32) -> String {
        let mut out = String::new();
        if self.negative {
            out.push('-');
        }
        if self.point > 0 {
            for index in 0..self.point {
                out.push(self.digit(index));
            }
        } else {
            out.push('0');
        }
        if decimals > 0 {
            out.push('.');
            for index in 0..decimals {
                out.push(self.digit(self.point + index));
            }
        }
        out
    }

    fn len(&self) -> i32 {
        self.digits.len() as i32
    }
}

/// `%v` of a `float64`: Go's shortest `'g'` format (exponent form below 1e-4 and from 1e6).
pub fn format_float(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    let decimal = ShortestDecimal::of(value);
    let exponent = decimal.point - 1;
    if !decimal.digits.is_empty() && !(-4..6).contains(&exponent) {
        return decimal.format_e(decimal.len() - 1);
    }
    decimal.format_f((decimal.len() - decimal.point).max(0))
}

/// How `encoding/json` writes a `float64`.
fn json_float(value: f64) -> String {
    if !value.is_finite() {
        // Go refuses to marshal these; a serde_json value cannot hold them anyway.
        return "null".to_string();
    }
    let magnitude = value.abs();
    let decimal = ShortestDecimal::of(value);
    if magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude) {
        let mut text = decimal.format_e((decimal.len() - 1).max(0));
        // Go shortens a two-digit negative exponent with a leading zero: e-07 becomes e-7.
        let bytes = text.as_bytes();
        let n = bytes.len();
        if n >= 4 && bytes[n - 4] == b'e' && bytes[n - 3] == b'-' && bytes[n - 2] == b'0' {
            let last = char::from(bytes[n - 1]);
            text.truncate(n - 2);
            text.push(last);
        }
        return text;
    }
    decimal.format_f((decimal.len() - decimal.point).max(0))
}

/// `encoding/json`'s string encoding with HTML escaping on (the `json.Marshal` default).
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for character in s.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", character as u32));
            }
            _ if (character as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", character as u32));
            }
            _ => out.push(character),
        }
    }
    out.push('"');
    out
}

/// The entries of a JSON object in Go's map order (sorted by key bytes).
pub fn sorted_entries(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|left, right| left.0.as_bytes().cmp(right.0.as_bytes()));
    entries
}

/// `json.Marshal` of a generic value: compact, keys sorted.
pub fn json_marshal(value: &Value) -> String {
    let mut out = String::new();
    write_json(&mut out, value, None, 0);
    out
}

/// `json.MarshalIndent(value, "", indent)`.
pub fn json_marshal_indent(value: &Value, indent: &str) -> String {
    let mut out = String::new();
    write_json(&mut out, value, Some(indent), 0);
    out
}

fn write_newline_and_indent(out: &mut String, indent: Option<&str>, depth: usize) {
    if let Some(indent) = indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(indent);
        }
    }
}

fn write_json(out: &mut String, value: &Value, indent: Option<&str>, depth: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => match GoNumber::from_json(number) {
            GoNumber::Int(integer) => out.push_str(&integer.to_string()),
            GoNumber::Float(float) => out.push_str(&json_float(float)),
        },
        Value::String(text) => out.push_str(&json_string(text)),
        Value::Array(items) => {
            out.push('[');
            if !items.is_empty() {
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    write_newline_and_indent(out, indent, depth + 1);
                    write_json(out, item, indent, depth + 1);
                }
                write_newline_and_indent(out, indent, depth);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            if !map.is_empty() {
                for (index, (key, item)) in sorted_entries(map).into_iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    write_newline_and_indent(out, indent, depth + 1);
                    out.push_str(&json_string(key));
                    out.push(':');
                    if indent.is_some() {
                        out.push(' ');
                    }
                    write_json(out, item, indent, depth + 1);
                }
                write_newline_and_indent(out, indent, depth);
            }
            out.push('}');
        }
    }
}

/// `%v` of a generic value: `map[a:1 b:[x y]]`, bare strings, `<nil>`.
pub fn value_v(value: &Value) -> String {
    let mut out = String::new();
    write_v(&mut out, value);
    out
}

fn write_v(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&GoNumber::from_json(number).to_v()),
        Value::String(text) => out.push_str(text),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(' ');
                }
                write_v(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push_str("map[");
            for (index, (key, item)) in sorted_entries(map).into_iter().enumerate() {
                if index > 0 {
                    out.push(' ');
                }
                out.push_str(key);
                out.push(':');
                write_v(out, item);
            }
            out.push(']');
        }
    }
}

/// `%#v` of a generic value held in an `interface{}`:
/// `map[string]interface {}{"a":1, "b":[]interface {}{"x"}}`.
pub fn value_sharp_v(value: &Value) -> String {
    let mut out = String::new();
    write_sharp_v(&mut out, value);
    out
}

fn write_sharp_v(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("interface {}(nil)"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&GoNumber::from_json(number).to_v()),
        Value::String(text) => out.push_str(&quote(text)),
        Value::Array(items) => {
            out.push_str("[]interface {}{");
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                write_sharp_v(out, item);
            }
            out.push('}');
        }
        Value::Object(map) => {
            out.push_str("map[string]interface {}{");
            for (index, (key, item)) in sorted_entries(map).into_iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                out.push_str(&quote(key));
                out.push(':');
                write_sharp_v(out, item);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;
    use serde_json::json;

    #[test]
    fn floats_print_like_go_v() {
        let values = [
            0.0,
            -0.0,
            1.0,
            3.0,
            1.5,
            0.1,
            0.0001,
            0.00001,
            123456.0,
            999999.0,
            1e6,
            1234567.0,
            1e21,
            1e-7,
            2.5e-5,
            -42.25,
            5e-324,
            1.7976931348623157e308,
            100.0,
        ];
        let out: String = values
            .iter()
            .map(|value| {
                format!(
                    "{value:?} -> {} | {}\n",
                    format_float(*value),
                    json_float(*value)
                )
            })
            .collect();
        expect![[r#"
            0.0 -> 0 | 0
            -0.0 -> -0 | -0
            1.0 -> 1 | 1
            3.0 -> 3 | 3
            1.5 -> 1.5 | 1.5
            0.1 -> 0.1 | 0.1
            0.0001 -> 0.0001 | 0.0001
            1e-5 -> 1e-05 | 0.00001
            123456.0 -> 123456 | 123456
            999999.0 -> 999999 | 999999
            1000000.0 -> 1e+06 | 1000000
            1234567.0 -> 1.234567e+06 | 1234567
            1e21 -> 1e+21 | 1e+21
            1e-7 -> 1e-07 | 1e-7
            2.5e-5 -> 2.5e-05 | 0.000025
            -42.25 -> -42.25 | -42.25
            5e-324 -> 5e-324 | 5e-324
            1.7976931348623157e308 -> 1.7976931348623157e+308 | 1.7976931348623157e+308
            100.0 -> 100 | 100
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn quote_matches_strconv() {
        let out = [
            "plain",
            "with \"quotes\" and \\",
            "tab\tnew\nline\r",
            "bell\u{7}\u{0}\u{7f}",
            "héllo 世界",
            "\u{a0}\u{ad}\u{2028}\u{feff}",
            "\u{1f600}",
        ]
        .iter()
        .map(|text| quote(text) + "\n")
        .collect::<String>();
        expect![[r#"
            "plain"
            "with \"quotes\" and \\"
            "tab\tnew\nline\r"
            "bell\a\x00\x7f"
            "héllo 世界"
            "\u00a0\u00ad\u2028\ufeff"
            "😀"
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn generic_values_print_like_go() {
        let value = json!({
            "kind": "List",
            "apiVersion": "v1",
            "items": [{"n": 1, "f": 1.5, "big": 1e6, "t": true, "nil": null, "s": "a<b>&c"}],
            "metadata": {"resourceVersion": ""},
            "empty": {}, "none": []
        });
        let out = format!(
            "{}\n{}\n{}\n{}\n",
            json_marshal(&value),
            value_v(&value),
            value_sharp_v(&value),
            json_marshal_indent(&json!(["a", {"b": [], "c": {}}, 1]), "    ")
        );
        expect![[r#"
            {"apiVersion":"v1","empty":{},"items":[{"big":1000000,"f":1.5,"n":1,"nil":null,"s":"a\u003cb\u003e\u0026c","t":true}],"kind":"List","metadata":{"resourceVersion":""},"none":[]}
            map[apiVersion:v1 empty:map[] items:[map[big:1e+06 f:1.5 n:1 nil:<nil> s:a<b>&c t:true]] kind:List metadata:map[resourceVersion:] none:[]]
            map[string]interface {}{"apiVersion":"v1", "empty":map[string]interface {}{}, "items":[]interface {}{map[string]interface {}{"big":1e+06, "f":1.5, "n":1, "nil":interface {}(nil), "s":"a<b>&c", "t":true}}, "kind":"List", "metadata":map[string]interface {}{"resourceVersion":""}, "none":[]interface {}{}}
            [
                "a",
                {
                    "b": [],
                    "c": {}
                },
                1
            ]
        "#]]
        .assert_eq(&out);
    }
}
