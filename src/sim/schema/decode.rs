//! The API server's strict JSON decoding of one object into its Go type, over `serde_json::Value`.
//!
//! Models sigs.k8s.io/json `internal/golang/encoding/json/decode.go` and `kubernetes_patch.go`
//! (the Go 1.24 `encoding/json` decoder with Kubernetes' case-sensitive, strict options, as used
//! by kube-apiserver 1.35 through apimachinery `pkg/runtime/serializer/json/json.go`), plus the
//! `UnmarshalJSON` methods of the types with custom decoding: `resource.Quantity`,
//! `intstr.IntOrString`, `metav1.Time`, `metav1.MicroTime`, `runtime.RawExtension` and
//! `metav1.FieldsV1`.
//!
//! What the decoder does, and so what this walk reports:
//! * A value of the wrong JSON kind for its Go type is a *saved* error: decoding goes on and only
//!   the first one is returned (`json: cannot unmarshal string into Go struct field
//!   StatefulSetSpec.spec.replicas of type int32`). The field path has no list indexes and names
//!   the Go structs a field is promoted from (`Volume.spec.volumes.VolumeSource.hostPath`).
//! * An error returned by a custom `UnmarshalJSON` *aborts* decoding and wins over saved errors
//!   (`quantities must match the regular expression …`, `parsing time …`, and IntOrString's
//!   `cannot unmarshal bool … of type int32`).
//! * Unknown fields are *strict* errors, reported only when nothing else went wrong, all of them
//!   in document order, de-duplicated and capped at 100, with list indexes in their paths
//!   (`unknown field "spec.template.spec.containers[0].imagee"`).
//! * `null` is accepted everywhere.
//!
//! Numbers arrive as `serde_json::Number`; the decoder saw them as the JSON text kubectl sent,
//! which kubectl produced with Go's float formatting (`1.0` becomes `1`, `1e21` becomes `1e+21`).
//! [`go_number_literal`] reproduces that text.
//!
//! Left out: duplicate fields (a `Value` cannot hold them), the `,string` tag option (unused by
//! the API types we model) and the scanner's nesting limit (we stop descending at
//! [`DEPTH_MAX`] instead).
//!
//! Architecture Invariant: the walk never panics and visits each input value at most once.

use serde_json::{Map, Number, Value};

use super::data::{element_go_type, go_type_name, Schema, TypeDef, ValueType};
use super::gotime::{check_time, RFC3339, RFC3339_MICRO};
use super::quantity::check_quantity;

/// Below this nesting depth values are no longer inspected.
pub(crate) const DEPTH_MAX: usize = 256;
/// The decoder keeps at most this many strict errors.
pub(crate) const STRICT_ERRORS_MAX: usize = 100;

/// How an error affects the decoder's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Severity {
    /// A type mismatch; the first one is returned after decoding finished.
    Saved,
    /// An error from a custom `UnmarshalJSON`; decoding stops and returns it.
    Abort,
    /// An unknown field; reported only when no other error occurred.
    Strict,
}

/// One error, with the location of the offending value (list indexes included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub severity: Severity,
    pub path: String,
    pub message: String,
}

/// The Go decoder's error context: the innermost struct entered and the JSON field names.
struct ErrorContext {
    struct_name: Option<&'static str>,
    field_stack: Vec<&'static str>,
}

struct Walk<'schema> {
    schema: &'schema Schema,
    findings: Vec<Finding>,
}

/// Walks `object` as a value of the struct `root` and returns every error in document order.
pub(crate) fn walk_object(schema: &Schema, root: usize, object: &Value) -> Vec<Finding> {
    let mut walk = Walk {
        schema,
        findings: Vec::new(),
    };
    let mut context = ErrorContext {
        struct_name: None,
        field_stack: Vec::new(),
    };
    let mut path = String::new();
    walk.value(
        object,
        &ValueType::Object(root),
        None,
        &mut context,
        &mut path,
        0,
    );
    walk.findings
}

/// The single error text the decoder returns for these findings, if any, without the API
/// server's `Kind in version "v" cannot be handled as a Kind: ` prefix.
pub(crate) fn decoder_error(findings: &[Finding]) -> Option<String> {
    if let Some(abort) = findings.iter().find(|f| f.severity == Severity::Abort) {
        return Some(abort.message.clone());
    }
    if let Some(saved) = findings.iter().find(|f| f.severity == Severity::Saved) {
        return Some(saved.message.clone());
    }
    let mut strict: Vec<&str> = Vec::new();
    for finding in findings.iter().filter(|f| f.severity == Severity::Strict) {
        if strict.len() >= STRICT_ERRORS_MAX {
            break;
        }
        if !strict.contains(&finding.message.as_str()) {
            strict.push(&finding.message);
        }
    }
    if strict.is_empty() {
        None
    } else {
        Some(format!("strict decoding error: {}", strict.join(", ")))
    }
}

/// The JSON kind word Go's decoder uses in `cannot unmarshal <kind>`.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The text of a number as kubectl's JSON encoder (Go `encoding/json`) writes it.
pub(crate) fn go_number_literal(number: &Number) -> String {
    if let Some(integer) = number.as_i64() {
        return integer.to_string();
    }
    if let Some(integer) = number.as_u64() {
        return integer.to_string();
    }
    let float = number.as_f64().unwrap_or(0.0);
    let magnitude = float.abs();
    if magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude) {
        // Go writes exponents with an explicit sign: 1e+21, 1.5e-7.
        let text = format!("{float:e}");
        match text.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => {
                format!("{mantissa}e+{exponent}")
            }
            _ => text,
        }
    } else {
        format!("{float}")
    }
}

/// Go's `strconv.ParseInt(text, 10, 64)` followed by an overflow check against `bits`.
fn parse_go_int(text: &str, bits: u32) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let value: i64 = text.parse().ok()?;
    let limit = 1i64.checked_shl(bits - 1).unwrap_or(i64::MAX);
    if bits < 64 && (value < -limit || value >= limit) {
        return None;
    }
    Some(value)
}

/// Where Go's `base64.StdEncoding.Decode` reports corrupt input, if it does.
fn base64_error_offset(input: &[u8]) -> Option<usize> {
    let is_alphabet = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'+' || byte == b'/';
    let is_newline = |byte: u8| byte == b'\n' || byte == b'\r';
    let length = input.len();
    let mut index = 0;
    while index < length {
        let mut count = 0;
        while count < 4 {
            if index == length {
                // A quantum cut short: padding was required.
                return (count != 0).then(|| index - count);
            }
            let byte = input[index];
            index += 1;
            if is_alphabet(byte) {
                count += 1;
                continue;
            }
            if is_newline(byte) {
                continue;
            }
            if byte != b'=' || count < 2 {
                return Some(index - 1);
            }
            if count == 2 {
                // A second '=' must follow.
                while index < length && is_newline(input[index]) {
                    index += 1;
                }
                if index == length {
                    return Some(length);
                }
                if input[index] != b'=' {
                    return Some(index - 1);
                }
                index += 1;
            }
            while index < length && is_newline(input[index]) {
                index += 1;
            }
            return (index < length).then_some(index);
        }
    }
    None
}

impl Walk<'_> {
    fn report(&mut self, severity: Severity, path: &str, message: String) {
        self.findings.push(Finding {
            severity,
            path: path.to_string(),
            message,
        });
    }

    /// Go's `UnmarshalTypeError` text in the current context.
    fn type_error_message(
        &self,
        value_word: &str,
        go_type: &str,
        context: &ErrorContext,
    ) -> String {
        if context.struct_name.is_some() || !context.field_stack.is_empty() {
            format!(
                "json: cannot unmarshal {value_word} into Go struct field {}.{} of type {go_type}",
                context.struct_name.unwrap_or(""),
                context.field_stack.join(".")
            )
        } else {
            format!("json: cannot unmarshal {value_word} into Go value of type {go_type}")
        }
    }

    fn type_error(
        &mut self,
        severity: Severity,
        value_word: &str,
        go_type: &str,
        context: &ErrorContext,
        path: &str,
    ) {
        let message = self.type_error_message(value_word, go_type, context);
        self.report(severity, path, message);
    }

    fn value(
        &mut self,
        value: &Value,
        value_type: &ValueType,
        go_type: Option<&str>,
        context: &mut ErrorContext,
        path: &mut String,
        depth: usize,
    ) {
        if value.is_null() || depth > DEPTH_MAX {
            return;
        }
        let schema = self.schema;
        let go_name = || go_type_name(schema, value_type, go_type);
        match value_type {
            ValueType::Object(index) => match value {
                Value::Object(map) => {
                    self.object(map, schema.type_def(*index), context, path, depth);
                }
                other => {
                    self.type_error(Severity::Saved, json_kind(other), &go_name(), context, path)
                }
            },
            ValueType::Array(element) => match value {
                Value::Array(items) => {
                    let element_go = element_go_type(go_type);
                    for (position, item) in items.iter().enumerate() {
                        let length = path.len();
                        path.push_str(&format!("[{position}]"));
                        self.value(item, element, element_go, context, path, depth + 1);
                        path.truncate(length);
                    }
                }
                other => {
                    self.type_error(Severity::Saved, json_kind(other), &go_name(), context, path)
                }
            },
            ValueType::Map(element) => match value {
                Value::Object(map) => {
                    let element_go = element_go_type(go_type);
                    for (key, item) in map {
                        let length = path.len();
                        push_key(path, key);
                        self.value(item, element, element_go, context, path, depth + 1);
                        path.truncate(length);
                    }
                }
                other => {
                    self.type_error(Severity::Saved, json_kind(other), &go_name(), context, path)
                }
            },
            ValueType::String => {
                if !value.is_string() {
                    self.type_error(Severity::Saved, json_kind(value), &go_name(), context, path);
                }
            }
            ValueType::Bool => {
                if !value.is_boolean() {
                    self.type_error(Severity::Saved, json_kind(value), &go_name(), context, path);
                }
            }
            ValueType::Int32 | ValueType::Int64 => {
                let bits = if *value_type == ValueType::Int32 {
                    32
                } else {
                    64
                };
                match value {
                    Value::Number(number) => {
                        let literal = go_number_literal(number);
                        if parse_go_int(&literal, bits).is_none() {
                            let word = format!("number {literal}");
                            self.type_error(Severity::Saved, &word, &go_name(), context, path);
                        }
                    }
                    other => self.type_error(
                        Severity::Saved,
                        json_kind(other),
                        &go_name(),
                        context,
                        path,
                    ),
                }
            }
            ValueType::Float64 => {
                if !value.is_number() {
                    self.type_error(Severity::Saved, json_kind(value), &go_name(), context, path);
                }
            }
            ValueType::Quantity => {
                // UnmarshalJSON strips the quotes (not the escapes) and trims spaces.
                let raw = match value {
                    Value::String(text) => json_string_body(text),
                    Value::Number(number) => go_number_literal(number),
                    Value::Bool(flag) => flag.to_string(),
                    _ => String::from("{"),
                };
                if let Err(error) = check_quantity(raw.trim()) {
                    self.report(Severity::Abort, path, error.to_string());
                }
            }
            ValueType::IntOrString => match value {
                Value::String(_) => {}
                Value::Number(number) => {
                    let literal = go_number_literal(number);
                    if parse_go_int(&literal, 32).is_none() {
                        let word = format!("number {literal}");
                        self.type_error(Severity::Abort, &word, "int32", context, path);
                    }
                }
                other => self.type_error(Severity::Abort, json_kind(other), "int32", context, path),
            },
            ValueType::Time | ValueType::MicroTime => match value {
                Value::String(text) => {
                    let layout = if *value_type == ValueType::Time {
                        &RFC3339
                    } else {
                        &RFC3339_MICRO
                    };
                    if let Err(error) = check_time(layout, text) {
                        self.report(Severity::Abort, path, error);
                    }
                }
                other => {
                    self.type_error(Severity::Abort, json_kind(other), "string", context, path)
                }
            },
            ValueType::RawExtension | ValueType::FieldsV1 => {}
            ValueType::Bytes => match value {
                Value::String(text) => {
                    if let Some(offset) = base64_error_offset(text.as_bytes()) {
                        let message = format!("illegal base64 data at input byte {offset}");
                        self.report(Severity::Saved, path, message);
                    }
                }
                Value::Array(items) => {
                    for (position, item) in items.iter().enumerate() {
                        let length = path.len();
                        path.push_str(&format!("[{position}]"));
                        match item {
                            Value::Null => {}
                            Value::Number(number) => {
                                let literal = go_number_literal(number);
                                let fits =
                                    literal.parse::<u8>().is_ok() && !literal.starts_with('+');
                                if !fits {
                                    let word = format!("number {literal}");
                                    self.type_error(Severity::Saved, &word, "uint8", context, path);
                                }
                            }
                            other => self.type_error(
                                Severity::Saved,
                                json_kind(other),
                                "uint8",
                                context,
                                path,
                            ),
                        }
                        path.truncate(length);
                    }
                }
                other => {
                    self.type_error(Severity::Saved, json_kind(other), "[]uint8", context, path)
                }
            },
        }
    }

    fn object(
        &mut self,
        map: &Map<String, Value>,
        type_def: &TypeDef,
        context: &mut ErrorContext,
        path: &mut String,
        depth: usize,
    ) {
        for (key, item) in map {
            let Some(field) = type_def.field(key) else {
                let mut unknown = path.clone();
                push_key(&mut unknown, key);
                let message = format!("unknown field {}", go_quote(&unknown));
                self.report(Severity::Strict, &unknown, message);
                continue;
            };
            let saved_struct = context.struct_name;
            let saved_length = context.field_stack.len();
            if let Some(embedded) = field.embedded_in {
                context.field_stack.extend(embedded.split('.'));
            }
            context.field_stack.push(field.name);
            context.struct_name = Some(type_def.name);
            let length = path.len();
            push_key(path, field.name);
            self.value(item, &field.value, field.go_type, context, path, depth + 1);
            path.truncate(length);
            context.field_stack.truncate(saved_length);
            context.struct_name = saved_struct;
        }
    }
}

/// Appends `key` to a strict-error path the way the decoder's field stack joins them.
fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

/// Go's `strconv.Quote`. Printable characters stay; Go's notion of printable (Unicode graphic
/// characters except non-ASCII spaces) is approximated by escaping control characters, the
/// common invisible format characters and non-ASCII spaces.
pub(crate) fn go_quote(text: &str) -> String {
    let mut result = String::from("\"");
    for char in text.chars() {
        match char {
            '"' => result.push_str("\\\""),
            '\\' => result.push_str("\\\\"),
            '\u{7}' => result.push_str("\\a"),
            '\u{8}' => result.push_str("\\b"),
            '\u{c}' => result.push_str("\\f"),
            '\n' => result.push_str("\\n"),
            '\r' => result.push_str("\\r"),
            '\t' => result.push_str("\\t"),
            '\u{b}' => result.push_str("\\v"),
            _ if char < ' ' || char == '\u{7f}' => {
                result.push_str(&format!("\\x{:02x}", char as u32))
            }
            _ if is_go_printable(char) => result.push(char),
            _ if (char as u32) < 0x10000 => result.push_str(&format!("\\u{:04x}", char as u32)),
            _ => result.push_str(&format!("\\U{:08x}", char as u32)),
        }
    }
    result.push('"');
    result
}

fn is_go_printable(char: char) -> bool {
    if char == ' ' {
        return true;
    }
    let code = char as u32;
    !(char.is_control()
        || char.is_whitespace()
        || code == 0xad
        || (0x200b..=0x200f).contains(&code)
        || (0x202a..=0x202e).contains(&code)
        || (0x2060..=0x2064).contains(&code)
        || code == 0xfeff
        || (0xe000..=0xf8ff).contains(&code))
}

/// The characters between the quotes of the JSON string kubectl sent for `text`.
fn json_string_body(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|body| body.strip_suffix('"'))
        .unwrap_or(&quoted)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_like_go() {
        let cases = [
            (serde_json::json!(3), "3"),
            (serde_json::json!(-3), "-3"),
            (
                serde_json::json!(18446744073709551615u64),
                "18446744073709551615",
            ),
            (serde_json::json!(1.5), "1.5"),
            (serde_json::json!(1.0), "1"),
            (serde_json::json!(1e20), "100000000000000000000"),
            (serde_json::json!(1e21), "1e+21"),
            (serde_json::json!(1.5e-7), "1.5e-7"),
            (serde_json::json!(0.000001), "0.000001"),
            (serde_json::json!(-2.5e22), "-2.5e+22"),
        ];
        for (value, expected) in cases {
            let Value::Number(number) = value else {
                unreachable!()
            };
            assert_eq!(go_number_literal(&number), expected);
        }
    }

    #[test]
    fn integers_must_fit() {
        assert_eq!(parse_go_int("2147483647", 32), Some(2147483647));
        assert_eq!(parse_go_int("2147483648", 32), None);
        assert_eq!(parse_go_int("-2147483648", 32), Some(-2147483648));
        assert_eq!(parse_go_int("1.5", 32), None);
        assert_eq!(parse_go_int("1e+21", 64), None);
        assert_eq!(parse_go_int("9223372036854775807", 64), Some(i64::MAX));
        assert_eq!(parse_go_int("9223372036854775808", 64), None);
    }

    #[test]
    fn base64_errors_match_go_offsets() {
        assert_eq!(base64_error_offset(b"aGVsbG8="), None);
        assert_eq!(base64_error_offset(b"aGVsbG8"), Some(4));
        assert_eq!(base64_error_offset(b"aGVs\nbG8="), None);
        assert_eq!(base64_error_offset(b"aGV*"), Some(3));
        assert_eq!(base64_error_offset(b"a==="), Some(1));
        assert_eq!(base64_error_offset(b"aG=="), None);
        assert_eq!(base64_error_offset(b"aG="), Some(3));
        assert_eq!(base64_error_offset(b"aG=x"), Some(2));
        assert_eq!(base64_error_offset(b"aGk=aGk="), Some(4));
        assert_eq!(base64_error_offset(b""), None);
    }

    #[test]
    fn quoting_follows_strconv() {
        assert_eq!(go_quote("spec.a"), "\"spec.a\"");
        assert_eq!(go_quote("a\"b\\c\td"), r#""a\"b\\c\td""#);
        assert_eq!(go_quote("é\u{a0}\u{1}\u{85}"), r#""é\u00a0\x01\u0085""#);
    }

    #[test]
    fn quoted_bodies_keep_escapes() {
        assert_eq!(json_string_body("1Gi"), "1Gi");
        assert_eq!(json_string_body("\t1Gi"), "\\t1Gi");
    }
}
