//! YAML as `kubectl get -o yaml` writes it (sigs.k8s.io/yaml over go-yaml v2): keys sorted,
//! two-space indentation, sequences under a key at the key's own indentation, strings that would
//! read back as another type double-quoted (`"true"`, `"80"`, `""`), strings that cannot be
//! plain single-quoted, and multi-line strings as literal blocks (`|` / `|-`).
//!
//! Left out: go-yaml's folding of long plain strings at 80 columns (we never fold).

use crate::sim::kubectl::sort;
use serde_json::Value;

/// Renders a JSON value as kubectl's YAML.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_mapping(&mut out, value, 0),
        Value::Array(items) if !items.is_empty() => write_sequence(&mut out, value, 0),
        other => {
            out.push_str(&scalar(other, 0));
            out.push('\n');
        }
    }
    out
}

fn sorted_entries(value: &Value) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = value
        .as_object()
        .map(|m| m.iter().collect())
        .unwrap_or_default();
    sort::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
    entries
}

fn write_mapping(out: &mut String, value: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    for (key, child) in sorted_entries(value) {
        out.push_str(&pad);
        out.push_str(&quote_string(key));
        out.push(':');
        write_child(out, child, indent, false);
    }
}

fn write_sequence(out: &mut String, value: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    for item in value.as_array().into_iter().flatten() {
        out.push_str(&pad);
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                // The first key goes on the dash's line; the rest line up under it.
                let mut first = true;
                for (key, child) in sorted_entries(item) {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        out.push_str(&" ".repeat(indent + 2));
                    }
                    out.push_str(&quote_string(key));
                    out.push(':');
                    write_child(out, child, indent + 2, false);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                out.push('\n');
                write_sequence(out, item, indent + 2);
            }
            other => {
                out.push(' ');
                out.push_str(&scalar(other, indent + 2));
                out.push('\n');
            }
        }
    }
}

/// Writes what follows `key:`.
fn write_child(out: &mut String, child: &Value, indent: usize, _in_sequence: bool) {
    match child {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_mapping(out, child, indent + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_sequence(out, child, indent);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other, indent + 2));
            out.push('\n');
        }
    }
}

fn scalar(value: &Value, indent: usize) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            if s.contains('\n') && !s.trim().is_empty() && !s.starts_with(' ') {
                let indicator = if s.ends_with('\n') { "|" } else { "|-" };
                let pad = " ".repeat(indent);
                let mut block = indicator.to_string();
                for line in s.trim_end_matches('\n').split('\n') {
                    block.push('\n');
                    if !line.is_empty() {
                        block.push_str(&pad);
                        block.push_str(line);
                    }
                }
                block
            } else {
                quote_string(s)
            }
        }
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
    }
}

/// Whether go-yaml v2 would read the plain text back as something other than a string.
fn resolves_to_non_string(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~",
        ".inf", ".Inf", ".INF", "-.inf", "+.inf", ".nan", ".NaN", ".NAN",
    ];
    if s.is_empty() || WORDS.contains(&s) || looks_like_timestamp(s) {
        return true;
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if unsigned.is_empty() {
        return false;
    }
    let digits_only = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '_');
    if digits_only(unsigned) {
        return true;
    }
    if let Some(hex) = unsigned.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit() || c == '_');
    }
    if let Some(bin) = unsigned.strip_prefix("0b") {
        return !bin.is_empty() && bin.chars().all(|c| c == '0' || c == '1' || c == '_');
    }
    // Floats: digits with one dot and an optional exponent.
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(position) => (&unsigned[..position], Some(&unsigned[position + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = {
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        (digits_only(whole) || whole.is_empty())
            && (fraction.is_empty() || digits_only(fraction))
            && !(whole.is_empty() && fraction.is_empty())
            && (mantissa.contains('.') || exponent.is_some())
    };
    let exponent_ok = exponent.is_none_or(|e| digits_only(e.strip_prefix(['-', '+']).unwrap_or(e)));
    if mantissa_ok && exponent_ok {
        return true;
    }
    // Base-60 numbers such as 1:20.
    if unsigned.contains(':') && unsigned.split(':').all(digits_only) {
        return true;
    }
    false
}

/// `2026-01-05` or `2026-01-05T09:00:00Z`: go-yaml reads these back as timestamps.
fn looks_like_timestamp(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.len() >= 10
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5..7].iter().all(u8::is_ascii_digit)
        && bytes[7] == b'-'
        && bytes[8..10].iter().all(u8::is_ascii_digit)
        && (bytes.len() == 10 || matches!(bytes[10], b'T' | b't' | b' '))
}

fn plain_allowed(s: &str) -> bool {
    let first = s.chars().next().unwrap_or(' ');
    // Indicators may not start a plain scalar, except `-`, `?` and `:` followed by a non-space.
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        let continues =
            matches!(first, '-' | '?' | ':') && s.chars().nth(1).is_some_and(|c| c != ' ');
        if !continues {
            return false;
        }
    }
    if s.starts_with(' ')
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
    {
        return false;
    }
    if s.chars().any(|c| c.is_control() || c == '\t') {
        return false;
    }
    true
}

fn quote_string(s: &str) -> String {
    if resolves_to_non_string(s) {
        return format!("\"{s}\"");
    }
    if plain_allowed(s) {
        return s.to_string();
    }
    if s.chars().any(|c| c.is_control()) {
        return serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    }
    format!("'{}'", s.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_like_kubectl() {
        let value = json!({
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": {"name": "web-0", "annotations": {"a": "true", "b": "", "c": "80", "d": "{\"x\":1}\n"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.13", "ports": [{"containerPort": 80, "protocol": "TCP"}]}], "volumes": []},
            "status": {}
        });
        let expected = "apiVersion: v1
kind: Pod
metadata:
  annotations:
    a: \"true\"
    b: \"\"
    c: \"80\"
    d: |
      {\"x\":1}
  name: web-0
spec:
  containers:
  - image: nginx:1.13
    name: nginx
    ports:
    - containerPort: 80
      protocol: TCP
  volumes: []
status: {}
";
        assert_eq!(to_yaml(&value), expected);
    }

    #[test]
    fn quoting_rules() {
        assert_eq!(quote_string("1.5"), "\"1.5\"");
        assert_eq!(quote_string("10Gi"), "10Gi");
        assert_eq!(quote_string("yes"), "\"yes\"");
        assert_eq!(quote_string("*"), "'*'");
        assert_eq!(quote_string("a: b"), "'a: b'");
        assert_eq!(
            quote_string("2026-01-05T09:00:00Z"),
            "\"2026-01-05T09:00:00Z\""
        );
    }
}
