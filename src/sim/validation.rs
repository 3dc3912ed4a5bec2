//! API validation: the checks the API server runs on an object before it stores it, with the
//! exact field paths, messages and order of a v1.34/1.35 server.
//!
//! Modelled on kubernetes/apimachinery `pkg/util/validation/field/errors.go` (error types and how
//! a bad value is rendered), `pkg/util/validation` and `pkg/api/validate/content` (names, label
//! keys and values), `pkg/api/validation` (object metadata), and on kubernetes/kubernetes
//! `pkg/apis/core/validation/validation.go` (pods, volumes, claims, services, namespaces,
//! config maps), `pkg/apis/apps/validation/validation.go` (StatefulSets, ControllerRevisions)
//! and `pkg/apis/storage/validation/validation.go` (StorageClasses). Functions keep the upstream
//! names in snake case so the two can be read side by side.
//!
//! Version choices (v1.35 where versions differ):
//! * label keys and values that are too long say `must be no more than 63 bytes` (1.35; 1.34 and
//!   the tutorial-era outputs say `characters`); DNS names still say `characters`;
//! * the StatefulSet immutable-spec message lists `revisionHistoryLimit` (1.33+);
//! * `spec.serviceName`, when set, must be a DNS-1123 label (1.33+). Upstream's placement of
//!   that check among the others is not recorded in our references; it runs right after the
//!   `spec.ordinals.start` check.
//! * Bad values of maps and structs render as JSON (1.34+). Internal (untagged) Go structs
//!   render with their Go field names, as `encoding/json` does for them
//!   (`{"Type":"Foo","RollingUpdate":null}`); an absent map renders as `null`.
//!
//! Left out: declarative-validation bookkeeping, dual-stack Service families, the many in-tree
//! volume plugins beyond nfs/hostPath/local/csi/configMap/secret/persistentVolumeClaim,
//! security-context details beyond user and group ids, topology spread constraints, affinity,
//! and the exact text of upstream's `cmp.Diff` in the "spec is immutable" messages (ours is a
//! shorter diff of the changed fields in the same spirit).
//!
//! Playground rule (not Kubernetes): a StatefulSet may ask for at most
//! [`PLAYGROUND_REPLICAS_MAX`] replicas; the message says so in plain words.
//!
//! Architecture Invariant: validation is a pure function of the objects it is given; it never
//! panics on any input (all string handling is byte-safe and all arithmetic is checked), and
//! the order of the errors it returns is the upstream order, so the first error a user sees is
//! the one a real cluster would print first.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::sim::model::shared::StringMap;
use crate::sim::model::{
    ConfigMap, Container, ControllerRevision, IntOrString, Kind, LabelSelector, Namespace, Node,
    Object, ObjectMeta, PersistentVolume, PersistentVolumeClaim, Pod, PodSpec, Probe, Service,
    ServicePort, StatefulSet, StorageClass, Toleration, Volume,
};
use crate::sim::quantity::Quantity;
use crate::sim::store::ApiError;

/// The most replicas one StatefulSet may ask for in the playground (our own limit, so that a
/// typo such as `--replicas=100000` cannot freeze the page).
pub const PLAYGROUND_REPLICAS_MAX: i32 = 5_000;

/// Why a field is wrong (`field.ErrorType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorType {
    NotFound,
    Required,
    Duplicate,
    Invalid,
    NotSupported,
    Forbidden,
    TooLong,
    TooMany,
    Internal,
}

impl ErrorType {
    /// The canonical text of the type (`ErrorType.String()`).
    pub fn text(self) -> &'static str {
        match self {
            ErrorType::NotFound => "Not found",
            ErrorType::Required => "Required value",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::TooLong => "Too long",
            ErrorType::TooMany => "Too many",
            ErrorType::Internal => "Internal error",
        }
    }
}

/// The offending value of a field error, rendered the way `ErrorBody` renders Go values.
#[derive(Debug, Clone, PartialEq)]
pub enum BadValue {
    /// Not shown (Required, Forbidden, TooLong, Internal).
    Omit,
    /// Integers print bare: `-1`.
    Int(i64),
    /// Booleans print bare: `true`.
    Bool(bool),
    /// Strings print quoted as Go's `%q` does: `"Web"`.
    Str(String),
    /// Maps, lists and structs print as compact JSON (`encoding/json`, HTML-escaped).
    Json(Value),
}

impl BadValue {
    fn render(&self) -> Option<String> {
        match self {
            BadValue::Omit => None,
            BadValue::Int(i) => Some(i.to_string()),
            BadValue::Bool(b) => Some(b.to_string()),
            BadValue::Str(s) => Some(go_quote(s)),
            BadValue::Json(v) => Some(go_json(v)),
        }
    }
}

impl From<&str> for BadValue {
    fn from(s: &str) -> BadValue {
        BadValue::Str(s.to_string())
    }
}

impl From<String> for BadValue {
    fn from(s: String) -> BadValue {
        BadValue::Str(s)
    }
}

impl From<&String> for BadValue {
    fn from(s: &String) -> BadValue {
        BadValue::Str(s.clone())
    }
}

impl From<i64> for BadValue {
    fn from(i: i64) -> BadValue {
        BadValue::Int(i)
    }
}

impl From<i32> for BadValue {
    fn from(i: i32) -> BadValue {
        BadValue::Int(i as i64)
    }
}

impl From<bool> for BadValue {
    fn from(b: bool) -> BadValue {
        BadValue::Bool(b)
    }
}

impl From<Value> for BadValue {
    fn from(v: Value) -> BadValue {
        BadValue::Json(v)
    }
}

/// Go's `strconv.Quote`: printable characters as they are, the usual escapes otherwise.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() => {
                let code = c as u32;
                if code > 0xFFFF {
                    out.push_str(&format!("\\U{code:08x}"));
                } else {
                    out.push_str(&format!("\\u{code:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `encoding/json` output: compact, with `<`, `>` and `&` escaped as Go escapes them.
pub fn go_json(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// One field error (`field.Error`).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub error_type: ErrorType,
    pub field: String,
    pub bad_value: BadValue,
    pub detail: String,
}

impl FieldError {
    /// `ErrorBody()`: the message without the field path.
    pub fn body(&self) -> String {
        let mut body = self.error_type.text().to_string();
        let shows_value = matches!(
            self.error_type,
            ErrorType::Invalid
                | ErrorType::NotSupported
                | ErrorType::NotFound
                | ErrorType::Duplicate
                | ErrorType::TooMany
        );
        if shows_value {
            if let Some(value) = self.bad_value.render() {
                body.push_str(": ");
                body.push_str(&value);
            }
        }
        if !self.detail.is_empty() {
            body.push_str(": ");
            body.push_str(&self.detail);
        }
        body
    }

    /// `Error()`: `path: body`.
    pub fn message(&self) -> String {
        format!("{}: {}", self.field, self.body())
    }
}

pub type ErrorList = Vec<FieldError>;

/// A field path (`field.Path`): `spec.containers[0].name`, `metadata.labels[app]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path(String);

impl Path {
    pub fn new(root: &str) -> Path {
        Path(root.to_string())
    }

    pub fn child(&self, name: &str) -> Path {
        if self.0.is_empty() {
            Path(name.to_string())
        } else {
            Path(format!("{}.{name}", self.0))
        }
    }

    pub fn index(&self, index: usize) -> Path {
        Path(format!("{}[{index}]", self.0))
    }

    pub fn key(&self, key: &str) -> Path {
        Path(format!("{}[{key}]", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub fn required(path: &Path, detail: &str) -> FieldError {
    FieldError {
        error_type: ErrorType::Required,
        field: path.0.clone(),
        bad_value: BadValue::Omit,
        detail: detail.to_string(),
    }
}

pub fn invalid(path: &Path, value: impl Into<BadValue>, detail: &str) -> FieldError {
    FieldError {
        error_type: ErrorType::Invalid,
        field: path.0.clone(),
        bad_value: value.into(),
        detail: detail.to_string(),
    }
}

pub fn forbidden(path: &Path, detail: &str) -> FieldError {
    FieldError {
        error_type: ErrorType::Forbidden,
        field: path.0.clone(),
        bad_value: BadValue::Omit,
        detail: detail.to_string(),
    }
}

pub fn not_found(path: &Path, value: impl Into<BadValue>) -> FieldError {
    FieldError {
        error_type: ErrorType::NotFound,
        field: path.0.clone(),
        bad_value: value.into(),
        detail: String::new(),
    }
}

pub fn duplicate(path: &Path, value: impl Into<BadValue>) -> FieldError {
    FieldError {
        error_type: ErrorType::Duplicate,
        field: path.0.clone(),
        bad_value: value.into(),
        detail: String::new(),
    }
}

/// `field.NotSupported`: the detail lists the valid values, each quoted.
pub fn not_supported(path: &Path, value: impl Into<BadValue>, valid: &[&str]) -> FieldError {
    let detail = if valid.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = valid.iter().map(|v| go_quote(v)).collect();
        format!("supported values: {}", quoted.join(", "))
    };
    FieldError {
        error_type: ErrorType::NotSupported,
        field: path.0.clone(),
        bad_value: value.into(),
        detail,
    }
}

pub fn too_long(path: &Path, max_bytes: usize) -> FieldError {
    let unit = if max_bytes == 1 { "byte" } else { "bytes" };
    FieldError {
        error_type: ErrorType::TooLong,
        field: path.0.clone(),
        bad_value: BadValue::Omit,
        detail: format!("may not be more than {max_bytes} {unit}"),
    }
}

/// Builds the `Invalid` API error from a list of field errors: causes in order, identical
/// `path: message` pairs kept once (as `ErrorList.ToAggregate` does).
pub fn invalid_error(kind: Kind, name: &str, errors: &[FieldError]) -> ApiError {
    let mut seen = BTreeSet::new();
    let mut causes = Vec::new();
    for error in errors {
        let message = error.message();
        if seen.insert(message.clone()) {
            causes.push(message);
        }
    }
    ApiError::Invalid {
        kind,
        name: name.to_string(),
        causes,
    }
}

// ---------------------------------------------------------------------------------------------
// Names, label keys and values (apimachinery `pkg/util/validation`, `pkg/api/validate/content`)
// ---------------------------------------------------------------------------------------------

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_ERR: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_ERR: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";
const DNS1035_LABEL_ERR: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const LABEL_KEY_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_KEY_ERR: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_ERR: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const CONFIG_MAP_KEY_FMT: &str = "[-._a-zA-Z0-9]+";
const CONFIG_MAP_KEY_ERR: &str =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const PERCENT_FMT: &str = "[0-9]+%";
const PERCENT_ERR: &str =
    "a valid percent string must be a numeric string followed by an ending '%'";

/// The message shape of `RegexError`: `<msg> (e.g. 'a',  or 'b', regex used for validation is '<re>')`.
pub fn regex_error(message: &str, regex: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{message} (regex used for validation is '{regex}')");
    }
    let mut out = format!("{message} (e.g. ");
    for (i, example) in examples.iter().enumerate() {
        if i > 0 {
            out.push_str(" or ");
        }
        out.push_str(&format!("'{example}', "));
    }
    out.push_str(&format!("regex used for validation is '{regex}')"));
    out
}

/// `MaxLenError` of `pkg/util/validation` (names): characters.
fn max_len_characters(length: usize) -> String {
    format!("must be no more than {length} characters")
}

/// `MaxLenError` of `pkg/api/validate/content` (label keys and values, 1.35): bytes.
fn max_len_bytes(length: usize) -> String {
    format!("must be no more than {length} bytes")
}

fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
fn matches_dns1123_label(value: &str) -> bool {
    let b = value.as_bytes();
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            is_lower_alnum(first)
                && is_lower_alnum(last)
                && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
        }
        _ => false,
    }
}

/// `^label(\.label)*$`
fn matches_dns1123_subdomain(value: &str) -> bool {
    !value.is_empty() && value.split('.').all(matches_dns1123_label)
}

/// `^[a-z]([-a-z0-9]*[a-z0-9])?$`
fn matches_dns1035_label(value: &str) -> bool {
    let b = value.as_bytes();
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            first.is_ascii_lowercase()
                && is_lower_alnum(last)
                && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
        }
        _ => false,
    }
}

/// `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`
fn matches_label_key_name(value: &str) -> bool {
    let b = value.as_bytes();
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            is_alnum(first)
                && is_alnum(last)
                && b.iter()
                    .all(|&c| is_alnum(c) || c == b'-' || c == b'_' || c == b'.')
        }
        _ => false,
    }
}

pub fn is_dns1123_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_characters(63));
    }
    if !matches_dns1123_label(value) {
        if matches_dns1123_subdomain(value) {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(regex_error(
                DNS1123_LABEL_ERR,
                DNS1123_LABEL_FMT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errs
}

pub fn is_dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 253 {
        errs.push(max_len_characters(253));
    }
    if !matches_dns1123_subdomain(value) {
        errs.push(regex_error(
            DNS1123_SUBDOMAIN_ERR,
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

pub fn is_dns1035_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_characters(63));
    }
    if !matches_dns1035_label(value) {
        errs.push(regex_error(
            DNS1035_LABEL_ERR,
            DNS1035_LABEL_FMT,
            &["my-name", "abc-123"],
        ));
    }
    errs
}

/// A label key or any other "qualified name": an optional DNS subdomain prefix and a name.
pub fn is_qualified_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                for msg in is_dns1123_subdomain(prefix) {
                    errs.push(format!("prefix part {msg}"));
                }
            }
            *name
        }
        _ => {
            errs.push(format!(
                "a valid label key {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(LABEL_KEY_ERR, LABEL_KEY_FMT, &["MyName", "my.name", "123-abc"])
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", max_len_bytes(63)));
    }
    if !matches_label_key_name(name) {
        errs.push(format!(
            "name part {}",
            regex_error(
                LABEL_KEY_ERR,
                LABEL_KEY_FMT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    errs
}

pub fn is_valid_label_value(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_bytes(63));
    }
    if !value.is_empty() && !matches_label_key_name(value) {
        errs.push(regex_error(
            LABEL_VALUE_ERR,
            LABEL_VALUE_FMT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

pub fn is_config_map_key(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 253 {
        errs.push(max_len_characters(253));
    }
    let valid = !value.is_empty()
        && value
            .bytes()
            .all(|c| is_alnum(c) || c == b'-' || c == b'_' || c == b'.');
    if !valid {
        errs.push(regex_error(
            CONFIG_MAP_KEY_ERR,
            CONFIG_MAP_KEY_FMT,
            &["key.name", "KEY_NAME", "key-name"],
        ));
    }
    errs.extend(relative_path_errors(value));
    errs
}

/// `hasChDirPrefix`: a key that would name `.`, `..` or a parent directory as a file.
fn relative_path_errors(value: &str) -> Option<String> {
    match value {
        "." => Some("must not be '.'".to_string()),
        ".." => Some("must not be '..'".to_string()),
        v if v.starts_with("..") => Some("must not start with '..'".to_string()),
        _ => None,
    }
}

pub fn is_valid_percent(value: &str) -> Vec<String> {
    let b = value.as_bytes();
    let ok = b.len() >= 2
        && b.last() == Some(&b'%')
        && b[..b.len() - 1].iter().all(|c| c.is_ascii_digit());
    if ok {
        Vec::new()
    } else {
        vec![regex_error(PERCENT_ERR, PERCENT_FMT, &["1%", "93%"])]
    }
}

pub fn is_valid_port_num(port: i64) -> Vec<String> {
    if (1..=65535).contains(&port) {
        Vec::new()
    } else {
        vec![inclusive_range_error(1, 65535)]
    }
}

pub fn inclusive_range_error(low: i64, high: i64) -> String {
    format!("must be between {low} and {high}, inclusive")
}

pub fn is_valid_port_name(port: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if port.len() > 15 {
        errs.push(max_len_characters(15));
    }
    if port.is_empty()
        || !port
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        errs.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if !port.bytes().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if port.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if port.starts_with('-') || port.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

const ENV_VAR_NAME_FMT: &str = "[-._a-zA-Z][-._a-zA-Z0-9]*";
const ENV_VAR_NAME_ERR: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";

pub fn is_env_var_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let b = value.as_bytes();
    let ok = !b.is_empty()
        && !b[0].is_ascii_digit()
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.' || c == b'_');
    if !ok {
        errs.push(regex_error(
            ENV_VAR_NAME_ERR,
            ENV_VAR_NAME_FMT,
            &["my.env-name", "MY_ENV.NAME", "MyEnvName1"],
        ));
    }
    errs.extend(relative_path_errors(value));
    errs
}

/// `maskTrailingDash`: a generateName may end in `-`; the character before it is dropped too,
/// exactly as upstream does (byte-wise, so a non-ASCII name still fails the pattern).
fn mask_trailing_dash(name: &str) -> String {
    let bytes = name.as_bytes();
    if bytes.len() > 1 && name.ends_with('-') {
        let mut masked = String::from_utf8_lossy(&bytes[..bytes.len() - 2]).into_owned();
        masked.push('a');
        masked
    } else {
        name.to_string()
    }
}

/// A rule for the names of one kind (`ValidateNameFunc`): `prefix` is true for a generateName.
pub type NameFn = fn(&str, bool) -> Vec<String>;

pub fn name_is_dns_subdomain(name: &str, prefix: bool) -> Vec<String> {
    if prefix {
        is_dns1123_subdomain(&mask_trailing_dash(name))
    } else {
        is_dns1123_subdomain(name)
    }
}

pub fn name_is_dns_label(name: &str, prefix: bool) -> Vec<String> {
    if prefix {
        is_dns1123_label(&mask_trailing_dash(name))
    } else {
        is_dns1123_label(name)
    }
}

pub fn name_is_dns1035_label(name: &str, prefix: bool) -> Vec<String> {
    if prefix {
        is_dns1035_label(&mask_trailing_dash(name))
    } else {
        is_dns1035_label(name)
    }
}

/// The name rule of each kind.
pub fn name_fn_for(kind: Kind) -> NameFn {
    match kind {
        Kind::StatefulSet | Kind::Namespace => name_is_dns_label,
        Kind::Service => name_is_dns1035_label,
        _ => name_is_dns_subdomain,
    }
}

// ---------------------------------------------------------------------------------------------
// Object metadata (`pkg/api/validation/objectmeta.go` and core's finalizer rule)
// ---------------------------------------------------------------------------------------------

const IS_NEGATIVE: &str = "must be greater than or equal to 0";
const FIELD_IMMUTABLE: &str = "field is immutable";
const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;
const STANDARD_FINALIZERS: &[&str] = &["kubernetes", "orphan", "foregroundDeletion"];

pub fn validate_nonnegative(value: i64, path: &Path) -> ErrorList {
    if value < 0 {
        vec![invalid(path, value, IS_NEGATIVE)]
    } else {
        Vec::new()
    }
}

pub fn validate_dns1123_label(value: &str, path: &Path) -> ErrorList {
    is_dns1123_label(value)
        .into_iter()
        .map(|msg| invalid(path, value, &msg))
        .collect()
}

pub fn validate_dns1123_subdomain(value: &str, path: &Path) -> ErrorList {
    is_dns1123_subdomain(value)
        .into_iter()
        .map(|msg| invalid(path, value, &msg))
        .collect()
}

pub fn validate_qualified_name(value: &str, path: &Path) -> ErrorList {
    is_qualified_name(value)
        .into_iter()
        .map(|msg| invalid(path, value, &msg))
        .collect()
}

/// `ValidateLabels`: keys then values, in key order (upstream walks a Go map, in no order).
pub fn validate_labels<'a>(
    labels: impl IntoIterator<Item = (&'a String, &'a String)>,
    path: &Path,
) -> ErrorList {
    let mut errs = Vec::new();
    for (key, value) in labels {
        errs.extend(validate_qualified_name(key, path));
        for msg in is_valid_label_value(value) {
            errs.push(invalid(path, value.as_str(), &msg));
        }
    }
    errs
}

pub fn validate_annotations(annotations: &StringMap, path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    let mut total = 0usize;
    for (key, value) in annotations {
        for msg in is_qualified_name(&key.to_ascii_lowercase()) {
            errs.push(invalid(path, key.as_str(), &msg));
        }
        total = total.saturating_add(key.len()).saturating_add(value.len());
    }
    if total > TOTAL_ANNOTATION_SIZE_LIMIT {
        errs.push(too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT));
    }
    errs
}

fn validate_owner_references(meta: &ObjectMeta, path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    let mut first_controller = String::new();
    for (i, reference) in meta.owner_references.iter().enumerate() {
        let ref_path = path.index(i);
        if reference.api_version.is_empty() {
            errs.push(required(&ref_path.child("apiVersion"), "must not be empty"));
        } else if !valid_group_version(&reference.api_version) {
            errs.push(invalid(
                &ref_path.child("apiVersion"),
                reference.api_version.as_str(),
                "must be <group>/<version> or <version>",
            ));
        }
        if reference.kind.is_empty() {
            errs.push(required(&ref_path.child("kind"), "must not be empty"));
        }
        if reference.name.is_empty() {
            errs.push(required(&ref_path.child("name"), "must not be empty"));
        }
        if reference.uid.is_empty() {
            errs.push(required(&ref_path.child("uid"), "must not be empty"));
        }
        if reference.api_version == "v1" && reference.kind == "Event" {
            errs.push(invalid(
                &ref_path,
                owner_reference_json(reference),
                "/v1, Kind=Event is disallowed from being an owner",
            ));
        }
        if reference.controller == Some(true) {
            let current = format!("{}/{}", reference.kind, reference.name);
            if first_controller.is_empty() {
                first_controller = current;
            } else {
                let all: Vec<Value> = meta
                    .owner_references
                    .iter()
                    .map(owner_reference_json)
                    .collect();
                errs.push(invalid(
                    path,
                    Value::Array(all),
                    &format!(
                        "Only one reference can have Controller set to true. Found \"true\" in references for {first_controller} and {current}"
                    ),
                ));
            }
        }
    }
    errs
}

fn owner_reference_json(reference: &crate::sim::model::OwnerReference) -> Value {
    serde_json::to_value(reference).unwrap_or(Value::Null)
}

fn valid_group_version(text: &str) -> bool {
    match text.split('/').collect::<Vec<_>>().as_slice() {
        [version] => !version.is_empty(),
        [group, version] => !group.is_empty() && !version.is_empty(),
        _ => false,
    }
}

fn validate_finalizers(finalizers: &[String], path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    for finalizer in finalizers {
        errs.extend(validate_qualified_name(finalizer, path));
    }
    let orphan = finalizers.iter().any(|f| f == "orphan");
    let foreground = finalizers.iter().any(|f| f == "foregroundDeletion");
    if orphan && foreground {
        errs.push(invalid(
            path,
            json!(finalizers),
            "finalizer orphan and foregroundDeletion cannot be both set",
        ));
    }
    errs
}

/// Core's extra rule: a finalizer without a `/` must be one of the standard names.
fn validate_kube_finalizer_name(finalizer: &str, path: &Path) -> ErrorList {
    if !finalizer.contains('/') && !STANDARD_FINALIZERS.contains(&finalizer) {
        vec![invalid(
            path,
            finalizer,
            "name is neither a standard finalizer name nor is it fully qualified",
        )]
    } else {
        Vec::new()
    }
}

/// `ValidateObjectMeta` (core flavour): metadata of a new object.
pub fn validate_object_meta(
    meta: &ObjectMeta,
    namespaced: bool,
    name_fn: NameFn,
    path: &Path,
) -> ErrorList {
    let mut errs = Vec::new();
    if let Some(generate_name) = meta.generate_name.as_deref().filter(|g| !g.is_empty()) {
        for msg in name_fn(generate_name, true) {
            errs.push(invalid(&path.child("generateName"), generate_name, &msg));
        }
    }
    if meta.name.is_empty() {
        errs.push(required(
            &path.child("name"),
            "name or generateName is required",
        ));
    } else {
        for msg in name_fn(&meta.name, false) {
            errs.push(invalid(&path.child("name"), meta.name.as_str(), &msg));
        }
    }
    errs.extend(validate_object_meta_common(meta, namespaced, path));
    for (i, finalizer) in meta.finalizers.iter().enumerate() {
        errs.extend(validate_kube_finalizer_name(
            finalizer,
            &path.child("finalizers").index(i),
        ));
    }
    errs
}

fn validate_object_meta_common(meta: &ObjectMeta, namespaced: bool, path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    let namespace = meta.namespace.as_deref().unwrap_or("");
    if namespaced {
        if namespace.is_empty() {
            errs.push(required(&path.child("namespace"), ""));
        } else {
            for msg in name_is_dns_label(namespace, false) {
                errs.push(invalid(&path.child("namespace"), namespace, &msg));
            }
        }
    } else if !namespace.is_empty() {
        errs.push(forbidden(
            &path.child("namespace"),
            "not allowed on this type",
        ));
    }
    errs.extend(validate_nonnegative(
        meta.generation.unwrap_or(0),
        &path.child("generation"),
    ));
    errs.extend(validate_labels(meta.labels.iter(), &path.child("labels")));
    errs.extend(validate_annotations(
        &meta.annotations,
        &path.child("annotations"),
    ));
    errs.extend(validate_owner_references(
        meta,
        &path.child("ownerReferences"),
    ));
    errs.extend(validate_finalizers(
        &meta.finalizers,
        &path.child("finalizers"),
    ));
    errs
}

fn time_json(time: Option<crate::sim::model::Time>) -> Value {
    match time {
        Some(t) => Value::String(crate::sim::clock::rfc3339(t.0)),
        None => Value::Null,
    }
}

/// `ValidateObjectMetaUpdate` (core flavour).
pub fn validate_object_meta_update(new: &ObjectMeta, old: &ObjectMeta, path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    if old.deletion_timestamp.is_some() {
        let old_set: BTreeSet<&String> = old.finalizers.iter().collect();
        let extra: BTreeSet<&String> = new
            .finalizers
            .iter()
            .filter(|f| !old_set.contains(f))
            .collect();
        if !extra.is_empty() {
            let listed: Vec<String> = extra.iter().map(|f| go_quote(f)).collect();
            errs.push(forbidden(
                &path.child("finalizers"),
                &format!(
                    "no new finalizers can be added if the object is being deleted, found new finalizers []string{{{}}}",
                    listed.join(", ")
                ),
            ));
        }
    }
    let generation = new.generation.unwrap_or(0);
    errs.extend(validate_nonnegative(generation, &path.child("generation")));
    if generation < old.generation.unwrap_or(0) {
        errs.push(invalid(
            &path.child("generation"),
            generation,
            "must not be decremented",
        ));
    }
    if new.name != old.name {
        errs.push(invalid(
            &path.child("name"),
            new.name.as_str(),
            FIELD_IMMUTABLE,
        ));
    }
    if new.namespace() != old.namespace() {
        errs.push(invalid(
            &path.child("namespace"),
            new.namespace(),
            FIELD_IMMUTABLE,
        ));
    }
    if new.uid != old.uid {
        errs.push(invalid(
            &path.child("uid"),
            new.uid.as_str(),
            FIELD_IMMUTABLE,
        ));
    }
    if new.creation_timestamp != old.creation_timestamp {
        errs.push(invalid(
            &path.child("creationTimestamp"),
            time_json(new.creation_timestamp),
            FIELD_IMMUTABLE,
        ));
    }
    if new.deletion_timestamp != old.deletion_timestamp {
        errs.push(invalid(
            &path.child("deletionTimestamp"),
            time_json(new.deletion_timestamp),
            FIELD_IMMUTABLE,
        ));
    }
    if new.deletion_grace_period_seconds != old.deletion_grace_period_seconds {
        let value = match new.deletion_grace_period_seconds {
            Some(g) => BadValue::Int(g),
            None => BadValue::Json(Value::Null),
        };
        errs.push(invalid(
            &path.child("deletionGracePeriodSeconds"),
            value,
            FIELD_IMMUTABLE,
        ));
    }
    errs.extend(validate_labels(new.labels.iter(), &path.child("labels")));
    errs.extend(validate_annotations(
        &new.annotations,
        &path.child("annotations"),
    ));
    errs.extend(validate_owner_references(
        new,
        &path.child("ownerReferences"),
    ));
    for (i, finalizer) in new.finalizers.iter().enumerate() {
        errs.extend(validate_kube_finalizer_name(
            finalizer,
            &path.child("finalizers").index(i),
        ));
    }
    errs
}

// ---------------------------------------------------------------------------------------------
// Label selectors (`pkg/apis/meta/v1/validation`, `LabelSelectorAsSelector`)
// ---------------------------------------------------------------------------------------------

pub fn validate_label_selector(selector: &LabelSelector, path: &Path) -> ErrorList {
    let mut errs = validate_labels(&selector.match_labels, &path.child("matchLabels"));
    for (i, requirement) in selector.match_expressions.iter().enumerate() {
        let req_path = path.child("matchExpressions").index(i);
        match requirement.operator.as_str() {
            "In" | "NotIn" => {
                if requirement.values.is_empty() {
                    errs.push(required(
                        &req_path.child("values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    ));
                }
            }
            "Exists" | "DoesNotExist" => {
                if !requirement.values.is_empty() {
                    errs.push(forbidden(
                        &req_path.child("values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    ));
                }
            }
            other => errs.push(invalid(
                &req_path.child("operator"),
                other,
                "not a valid selector operator",
            )),
        }
        errs.extend(validate_qualified_name(
            &requirement.key,
            &req_path.child("key"),
        ));
        for (j, value) in requirement.values.iter().enumerate() {
            for msg in is_valid_label_value(value) {
                errs.push(invalid(
                    &req_path.child("values").index(j),
                    value.as_str(),
                    &msg,
                ));
            }
        }
    }
    errs
}

/// Whether `LabelSelectorAsSelector` would refuse this selector (bad keys, values or operators).
fn selector_conversion_fails(selector: &LabelSelector) -> bool {
    let bad_label = selector
        .match_labels
        .iter()
        .any(|(k, v)| !is_qualified_name(k).is_empty() || !is_valid_label_value(v).is_empty());
    let bad_expression = selector.match_expressions.iter().any(|req| {
        let operator_ok = match req.operator.as_str() {
            "In" | "NotIn" => !req.values.is_empty(),
            "Exists" | "DoesNotExist" => req.values.is_empty(),
            _ => false,
        };
        !operator_ok
            || !is_qualified_name(&req.key).is_empty()
            || req
                .values
                .iter()
                .any(|v| !is_valid_label_value(v).is_empty())
    });
    bad_label || bad_expression
}

fn labels_json(labels: &StringMap) -> Value {
    if labels.is_empty() {
        // An absent map is nil in Go and renders as `null`.
        Value::Null
    } else {
        json!(labels)
    }
}

fn selector_json(selector: &LabelSelector) -> Value {
    serde_json::to_value(selector).unwrap_or(Value::Null)
}

// ---------------------------------------------------------------------------------------------
// StatefulSets (`pkg/apis/apps/validation/validation.go`)
// ---------------------------------------------------------------------------------------------

/// The modern (1.33+) immutable-spec message.
pub const STATEFULSET_IMMUTABLE_SPEC: &str = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

fn int_or_string_json(value: &IntOrString) -> Value {
    match value {
        IntOrString::Int(i) => json!(i),
        IntOrString::String(s) => json!(s),
    }
}

fn int_or_string_bad_value(value: &IntOrString) -> BadValue {
    BadValue::Json(int_or_string_json(value))
}

/// The internal `RollingUpdateStatefulSetStrategy`, as `encoding/json` writes it.
fn rolling_update_json(rolling: &crate::sim::model::RollingUpdateStatefulSetStrategy) -> Value {
    json!({
        "Partition": rolling.partition.unwrap_or(0),
        "MaxUnavailable": rolling.max_unavailable.as_ref().map(int_or_string_json),
    })
}

/// `getIntOrPercentValue`: the number of a valid percent, otherwise the integer value (a
/// string that is not a number counts as 0, as `IntValue` does).
fn int_or_percent_value(value: &IntOrString) -> i64 {
    match value {
        IntOrString::Int(i) => *i,
        IntOrString::String(s) => {
            if is_valid_percent(s).is_empty() {
                s.trim_end_matches('%').parse::<i64>().unwrap_or(i64::MAX)
            } else {
                s.parse::<i64>().unwrap_or(0)
            }
        }
    }
}

fn validate_positive_int_or_percent(value: &IntOrString, path: &Path) -> ErrorList {
    match value {
        IntOrString::String(s) => is_valid_percent(s)
            .into_iter()
            .map(|msg| invalid(path, int_or_string_bad_value(value), &msg))
            .collect(),
        IntOrString::Int(i) => validate_nonnegative(*i, path),
    }
}

fn validate_rolling_update_stateful_set(
    rolling: &crate::sim::model::RollingUpdateStatefulSetStrategy,
    path: &Path,
) -> ErrorList {
    let mut errs = validate_nonnegative(
        rolling.partition.unwrap_or(0) as i64,
        &path.child("partition"),
    );
    if let Some(max_unavailable) = &rolling.max_unavailable {
        let max_path = path.child("maxUnavailable");
        errs.extend(validate_positive_int_or_percent(max_unavailable, &max_path));
        if int_or_percent_value(max_unavailable) == 0 {
            errs.push(invalid(
                &max_path,
                int_or_string_bad_value(max_unavailable),
                "cannot be 0",
            ));
        }
        if let IntOrString::String(s) = max_unavailable {
            if is_valid_percent(s).is_empty() && int_or_percent_value(max_unavailable) > 100 {
                errs.push(invalid(
                    &max_path,
                    int_or_string_bad_value(max_unavailable),
                    "must not be greater than 100%",
                ));
            }
        }
    }
    errs
}

/// `ValidatePodSpecificAnnotations` (the part that applies to us: the deletion cost).
fn validate_pod_specific_annotations(annotations: &StringMap, path: &Path) -> ErrorList {
    let key = "controller.kubernetes.io/pod-deletion-cost";
    match annotations.get(key) {
        Some(value) if value.parse::<i32>().is_err() || value.starts_with('+') => {
            vec![invalid(
                &path.key(key),
                value.as_str(),
                "must be a 32bit integer",
            )]
        }
        _ => Vec::new(),
    }
}

/// `ValidateStatefulSetSpec`.
pub fn validate_stateful_set_spec(set: &StatefulSet, path: &Path) -> ErrorList {
    let spec = &set.spec;
    let mut errs = Vec::new();

    match spec.pod_management_policy.as_deref().unwrap_or("") {
        "" => errs.push(required(&path.child("podManagementPolicy"), "")),
        "OrderedReady" | "Parallel" => {}
        other => errs.push(invalid(
            &path.child("podManagementPolicy"),
            other,
            "must be 'OrderedReady' or 'Parallel'",
        )),
    }

    let strategy = spec.update_strategy.clone().unwrap_or_default();
    match strategy.type_.as_deref().unwrap_or("") {
        "" => errs.push(required(&path.child("updateStrategy"), "")),
        "OnDelete" => {
            if let Some(rolling) = &strategy.rolling_update {
                errs.push(invalid(
                    &path.child("updateStrategy").child("rollingUpdate"),
                    rolling_update_json(rolling),
                    "only allowed for updateStrategy 'RollingUpdate'",
                ));
            }
        }
        "RollingUpdate" => {
            if let Some(rolling) = &strategy.rolling_update {
                errs.extend(validate_rolling_update_stateful_set(
                    rolling,
                    &path.child("updateStrategy").child("rollingUpdate"),
                ));
            }
        }
        other => errs.push(invalid(
            &path.child("updateStrategy"),
            json!({
                "Type": other,
                "RollingUpdate": strategy.rolling_update.as_ref().map(rolling_update_json),
            }),
            "must be 'RollingUpdate' or 'OnDelete'",
        )),
    }

    if let Some(policy) = &spec.persistent_volume_claim_retention_policy {
        let policy_path = path.child("persistentVolumeClaimRetentionPolicy");
        for (field, value) in [
            ("whenDeleted", &policy.when_deleted),
            ("whenScaled", &policy.when_scaled),
        ] {
            let value = value.as_deref().unwrap_or("");
            if value != "Retain" && value != "Delete" {
                errs.push(not_supported(
                    &policy_path.child(field),
                    value,
                    &["Retain", "Delete"],
                ));
            }
        }
    }

    let replicas = spec.replicas.unwrap_or(0);
    errs.extend(validate_nonnegative(
        replicas as i64,
        &path.child("replicas"),
    ));
    if replicas > PLAYGROUND_REPLICAS_MAX {
        errs.push(invalid(
            &path.child("replicas"),
            replicas,
            &format!(
                "must be no more than {PLAYGROUND_REPLICAS_MAX} in the playground (a limit of this simulator, not of Kubernetes)"
            ),
        ));
    }
    errs.extend(validate_nonnegative(
        spec.min_ready_seconds.unwrap_or(0) as i64,
        &path.child("minReadySeconds"),
    ));
    if let Some(ordinals) = &spec.ordinals {
        errs.extend(validate_nonnegative(
            ordinals.start.unwrap_or(0) as i64,
            &path.child("ordinals.start"),
        ));
    }
    if let Some(service_name) = spec.service_name.as_deref().filter(|s| !s.is_empty()) {
        for msg in name_is_dns_label(service_name, false) {
            errs.push(invalid(&path.child("serviceName"), service_name, &msg));
        }
    }

    match &spec.selector {
        None => errs.push(required(&path.child("selector"), "")),
        Some(selector) => {
            errs.extend(validate_label_selector(selector, &path.child("selector")));
            if selector.is_empty() {
                errs.push(invalid(
                    &path.child("selector"),
                    selector_json(selector),
                    "empty selector is invalid for statefulset",
                ));
            }
        }
    }

    let template_path = path.child("template");
    match &spec.selector {
        Some(selector) if selector_conversion_fails(selector) => {
            errs.push(invalid(
                &path.child("selector"),
                selector_json(selector),
                "",
            ));
        }
        selector => {
            // A missing selector selects nothing, so it never matches the template labels; an
            // empty one selects everything and is not compared.
            let matches = match selector {
                None => false,
                Some(s) if s.is_empty() => true,
                Some(s) => s.matches(&spec.template.metadata.labels),
            };
            if !matches {
                errs.push(invalid(
                    &template_path.child("metadata").child("labels"),
                    labels_json(&spec.template.metadata.labels),
                    "`selector` does not match template `labels`",
                ));
            }
            errs.extend(validate_labels(
                &spec.template.metadata.labels,
                &template_path.child("labels"),
            ));
            errs.extend(validate_annotations(
                &spec.template.metadata.annotations,
                &template_path.child("annotations"),
            ));
            errs.extend(validate_pod_specific_annotations(
                &spec.template.metadata.annotations,
                &template_path.child("annotations"),
            ));
        }
    }

    let restart_policy = spec.template.spec.restart_policy.as_deref().unwrap_or("");
    if restart_policy != "Always" {
        errs.push(not_supported(
            &template_path.child("spec").child("restartPolicy"),
            restart_policy,
            &["Always"],
        ));
    }
    if spec.template.spec.active_deadline_seconds.is_some() {
        errs.push(forbidden(
            &template_path.child("spec").child("activeDeadlineSeconds"),
            "activeDeadlineSeconds in StatefulSet is not Supported",
        ));
    }
    errs
}

pub fn validate_stateful_set(set: &StatefulSet) -> ErrorList {
    let mut errs = validate_object_meta(
        &set.metadata,
        true,
        name_is_dns_label,
        &Path::new("metadata"),
    );
    errs.extend(validate_stateful_set_spec(set, &Path::new("spec")));
    errs
}

pub fn validate_stateful_set_update(new: &StatefulSet, old: &StatefulSet) -> ErrorList {
    let mut errs =
        validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    errs.extend(validate_stateful_set_spec(new, &Path::new("spec")));
    let mut clone = new.spec.clone();
    clone.replicas = old.spec.replicas;
    clone.template = old.spec.template.clone();
    clone.update_strategy = old.spec.update_strategy.clone();
    clone.min_ready_seconds = old.spec.min_ready_seconds;
    clone.ordinals = old.spec.ordinals.clone();
    clone.revision_history_limit = old.spec.revision_history_limit;
    clone.persistent_volume_claim_retention_policy =
        old.spec.persistent_volume_claim_retention_policy.clone();
    if clone != old.spec {
        errs.push(forbidden(&Path::new("spec"), STATEFULSET_IMMUTABLE_SPEC));
    }
    errs
}

pub fn validate_stateful_set_status_update(new: &StatefulSet, old: &StatefulSet) -> ErrorList {
    let status = &new.status;
    let path = Path::new("status");
    let mut errs = Vec::new();
    for (field, value) in [
        ("replicas", status.replicas),
        ("readyReplicas", status.ready_replicas),
        ("currentReplicas", status.current_replicas),
        ("updatedReplicas", status.updated_replicas),
        ("availableReplicas", status.available_replicas),
    ] {
        errs.extend(validate_nonnegative(value as i64, &path.child(field)));
    }
    if let Some(observed) = status.observed_generation {
        errs.extend(validate_nonnegative(
            observed,
            &path.child("observedGeneration"),
        ));
    }
    if let Some(collisions) = status.collision_count {
        errs.extend(validate_nonnegative(
            collisions as i64,
            &path.child("collisionCount"),
        ));
    }
    let message = "cannot be greater than status.replicas";
    for (field, value) in [
        ("readyReplicas", status.ready_replicas),
        ("currentReplicas", status.current_replicas),
        ("updatedReplicas", status.updated_replicas),
        ("availableReplicas", status.available_replicas),
    ] {
        if value > status.replicas {
            errs.push(invalid(&path.child(field), value, message));
        }
    }
    if status.available_replicas > status.ready_replicas {
        errs.push(invalid(
            &path.child("availableReplicas"),
            status.available_replicas,
            "cannot be greater than status.readyReplicas",
        ));
    }
    errs.extend(validate_object_meta_update(
        &new.metadata,
        &old.metadata,
        &Path::new("metadata"),
    ));
    let new_count = new.status.collision_count;
    let old_count = old.status.collision_count;
    let decremented = match (new_count, old_count) {
        (None, Some(_)) => true,
        (Some(n), Some(o)) => n < o,
        _ => false,
    };
    if decremented {
        errs.push(invalid(
            &path.child("collisionCount"),
            new_count.unwrap_or(0),
            "cannot be decremented",
        ));
    }
    errs
}

pub fn validate_controller_revision(revision: &ControllerRevision) -> ErrorList {
    let mut errs = validate_object_meta(
        &revision.metadata,
        true,
        name_is_dns_subdomain,
        &Path::new("metadata"),
    );
    if revision.data.is_null() {
        errs.push(required(&Path::new("data"), "data is mandatory"));
    }
    errs.extend(validate_nonnegative(
        revision.revision,
        &Path::new("revision"),
    ));
    errs
}

pub fn validate_controller_revision_update(
    new: &ControllerRevision,
    old: &ControllerRevision,
) -> ErrorList {
    let mut errs =
        validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    errs.extend(validate_controller_revision(new));
    if new.data != old.data {
        errs.push(invalid(
            &Path::new("data"),
            new.data.clone(),
            FIELD_IMMUTABLE,
        ));
    }
    errs
}

// ---------------------------------------------------------------------------------------------
// Pods (`ValidatePodCreate`, `ValidatePodSpec`, containers, volumes)
// ---------------------------------------------------------------------------------------------

/// The pod volume sources we know by name, in upstream's checking order.
const POD_VOLUME_SOURCES: &[&str] = &[
    "emptyDir",
    "hostPath",
    "gitRepo",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "secret",
    "nfs",
    "iscsi",
    "glusterfs",
    "flocker",
    "persistentVolumeClaim",
    "rbd",
    "cinder",
    "cephfs",
    "quobyte",
    "downwardAPI",
    "fc",
    "flexVolume",
    "configMap",
    "azureFile",
    "vsphereVolume",
    "photonPersistentDisk",
    "portworxVolume",
    "azureDisk",
    "storageos",
    "projected",
    "scaleIO",
    "csi",
    "ephemeral",
    "image",
];

fn json_str<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

fn is_absolute_path(path: &str) -> bool {
    path.starts_with('/')
}

fn has_backsteps(path: &str) -> bool {
    path.split(['/', '\\']).any(|part| part == "..")
}

fn validate_host_path(source: &Value, path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    let host_path = json_str(source, "path");
    if host_path.is_empty() {
        errs.push(required(&path.child("path"), ""));
        return errs;
    }
    if has_backsteps(host_path) {
        errs.push(invalid(
            &path.child("path"),
            host_path,
            "must not contain '..'",
        ));
    }
    let type_ = json_str(source, "type");
    const TYPES: &[&str] = &[
        "",
        "BlockDevice",
        "CharDevice",
        "Directory",
        "DirectoryOrCreate",
        "File",
        "FileOrCreate",
        "Socket",
    ];
    if source.get("type").is_some_and(|t| !t.is_null()) && !TYPES.contains(&type_) {
        errs.push(not_supported(&path.child("type"), type_, TYPES));
    }
    errs
}

fn validate_nfs(source: &Value, path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    if json_str(source, "server").is_empty() {
        errs.push(required(&path.child("server"), ""));
    }
    let nfs_path = json_str(source, "path");
    if nfs_path.is_empty() {
        errs.push(required(&path.child("path"), ""));
    }
    if !is_absolute_path(nfs_path) {
        errs.push(invalid(
            &path.child("path"),
            nfs_path,
            "must be an absolute path",
        ));
    }
    errs
}

fn validate_file_mode(source: &Value, key: &str, path: &Path) -> ErrorList {
    match source.get(key).and_then(Value::as_i64) {
        Some(mode) if !(0..=0o777).contains(&mode) => vec![invalid(
            &path.child(key),
            mode,
            "must be a number between 0 and 0777 (octal), both inclusive",
        )],
        _ => Vec::new(),
    }
}

/// `validateVolumeSource`, for the sources the simulation knows.
fn validate_pod_volume_source(volume: &Volume, path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    let mut count = 0;
    for &source in POD_VOLUME_SOURCES {
        let value = if source == "persistentVolumeClaim" {
            volume
                .persistent_volume_claim
                .as_ref()
                .map(|c| serde_json::to_value(c).unwrap_or(Value::Null))
        } else {
            volume.extra.get(source).filter(|v| !v.is_null()).cloned()
        };
        let Some(value) = value else { continue };
        if count > 0 {
            errs.push(forbidden(
                &path.child(source),
                "may not specify more than 1 volume type",
            ));
            continue;
        }
        count += 1;
        let source_path = path.child(source);
        match source {
            "hostPath" => errs.extend(validate_host_path(&value, &source_path)),
            "nfs" => errs.extend(validate_nfs(&value, &source_path)),
            "persistentVolumeClaim" if json_str(&value, "claimName").is_empty() => {
                errs.push(required(&source_path.child("claimName"), ""));
            }
            "configMap" => {
                if json_str(&value, "name").is_empty() {
                    errs.push(required(&source_path.child("name"), ""));
                }
                errs.extend(validate_file_mode(&value, "defaultMode", &source_path));
            }
            "secret" => {
                if json_str(&value, "secretName").is_empty() {
                    errs.push(required(&source_path.child("secretName"), ""));
                }
                errs.extend(validate_file_mode(&value, "defaultMode", &source_path));
            }
            "downwardAPI" | "projected" => {
                errs.extend(validate_file_mode(&value, "defaultMode", &source_path));
            }
            "csi" if json_str(&value, "driver").is_empty() => {
                errs.push(required(&source_path.child("driver"), ""));
            }
            _ => {}
        }
    }
    if count == 0 {
        errs.push(required(path, "must specify a volume type"));
    }
    errs
}

/// `ValidateVolumes`: returns the names of the volumes that are valid (only those can be
/// mounted) and the errors.
fn validate_volumes(volumes: &[Volume], path: &Path) -> (BTreeSet<String>, ErrorList) {
    let mut all_errs = Vec::new();
    let mut names = BTreeSet::new();
    for (i, volume) in volumes.iter().enumerate() {
        let index_path = path.index(i);
        let name_path = index_path.child("name");
        let mut errs = validate_pod_volume_source(volume, &index_path);
        if volume.name.is_empty() {
            errs.push(required(&name_path, ""));
        } else {
            errs.extend(validate_dns1123_label(&volume.name, &name_path));
        }
        if names.contains(&volume.name) {
            errs.push(duplicate(&name_path, volume.name.as_str()));
        }
        if errs.is_empty() {
            names.insert(volume.name.clone());
        } else {
            all_errs.extend(errs);
        }
    }
    (names, all_errs)
}

fn validate_container_ports(container: &Container, path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    let mut names = BTreeSet::new();
    for (i, port) in container.ports.iter().enumerate() {
        let index_path = path.index(i);
        if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
            let msgs = is_valid_port_name(name);
            if !msgs.is_empty() {
                for msg in msgs {
                    errs.push(invalid(&index_path.child("name"), name, &msg));
                }
            } else if !names.insert(name.to_string()) {
                errs.push(duplicate(&index_path.child("name"), name));
            }
        }
        if port.container_port == 0 {
            errs.push(required(&index_path.child("containerPort"), ""));
        } else {
            for msg in is_valid_port_num(port.container_port as i64) {
                errs.push(invalid(
                    &index_path.child("containerPort"),
                    port.container_port,
                    &msg,
                ));
            }
        }
        if let Some(host_port) = port.extra.get("hostPort").and_then(Value::as_i64) {
            if host_port != 0 {
                for msg in is_valid_port_num(host_port) {
                    errs.push(invalid(&index_path.child("hostPort"), host_port, &msg));
                }
            }
        }
        match port.protocol.as_deref().unwrap_or("") {
            "" => errs.push(required(&index_path.child("protocol"), "")),
            "TCP" | "UDP" | "SCTP" => {}
            other => errs.push(not_supported(
                &index_path.child("protocol"),
                other,
                &["SCTP", "TCP", "UDP"],
            )),
        }
    }
    errs
}

fn validate_env(container: &Container, path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    for (i, var) in container.env.iter().enumerate() {
        let index_path = path.index(i);
        if var.name.is_empty() {
            errs.push(required(&index_path.child("name"), ""));
        } else {
            for msg in is_env_var_name(&var.name) {
                errs.push(invalid(&index_path.child("name"), var.name.as_str(), &msg));
            }
        }
        if let Some(from) = var.extra.get("valueFrom").filter(|v| !v.is_null()) {
            let from_path = index_path.child("valueFrom");
            let sources = [
                "fieldRef",
                "resourceFieldRef",
                "configMapKeyRef",
                "secretKeyRef",
            ]
            .iter()
            .filter(|k| from.get(**k).is_some_and(|v| !v.is_null()))
            .count();
            if sources == 0 {
                errs.push(invalid(
                    &from_path,
                    "",
                    "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
                ));
            } else if var.value.as_deref().is_some_and(|v| !v.is_empty()) {
                errs.push(invalid(
                    &from_path,
                    "",
                    "may not be specified when `value` is not empty",
                ));
            } else if sources > 1 {
                errs.push(invalid(
                    &from_path,
                    "",
                    "may not have more than one field specified at a time",
                ));
            }
        }
    }
    errs
}

fn validate_volume_mounts(
    container: &Container,
    volumes: &BTreeSet<String>,
    path: &Path,
) -> ErrorList {
    let mut errs = Vec::new();
    let mut mount_points = BTreeSet::new();
    for (i, mount) in container.volume_mounts.iter().enumerate() {
        let index_path = path.index(i);
        if mount.name.is_empty() {
            errs.push(required(&index_path.child("name"), ""));
        }
        if !volumes.contains(&mount.name) {
            errs.push(not_found(&index_path.child("name"), mount.name.as_str()));
        }
        if mount.mount_path.is_empty() {
            errs.push(required(&index_path.child("mountPath"), ""));
        }
        if !mount_points.insert(mount.mount_path.clone()) {
            errs.push(invalid(
                &index_path.child("mountPath"),
                mount.mount_path.as_str(),
                "must be unique",
            ));
        }
        if let Some(sub_path) = mount.sub_path.as_deref().filter(|s| !s.is_empty()) {
            if is_absolute_path(sub_path) {
                errs.push(invalid(
                    &path.child("subPath"),
                    sub_path,
                    "must be a relative path",
                ));
            }
            if has_backsteps(sub_path) {
                errs.push(invalid(
                    &path.child("subPath"),
                    sub_path,
                    "must not contain '..'",
                ));
            }
        }
    }
    errs
}

const CONTAINER_RESOURCES: &[&str] = &["cpu", "memory", "ephemeral-storage"];

fn parse_quantity_value(value: &Value) -> Option<Quantity> {
    match value {
        Value::String(s) => Quantity::parse(s).ok(),
        Value::Number(n) => Quantity::parse(&n.to_string()).ok(),
        _ => None,
    }
}

fn validate_resource_name(name: &str, path: &Path) -> ErrorList {
    let mut errs = validate_qualified_name(name, path);
    if !errs.is_empty() {
        return errs;
    }
    if !name.contains('/') {
        if !CONTAINER_RESOURCES.contains(&name) && !name.starts_with("hugepages-") {
            errs.push(invalid(
                path,
                name,
                "must be a standard resource for containers",
            ));
        }
    } else if name.starts_with("kubernetes.io/") || name.starts_with("requests.") {
        errs.push(invalid(
            path,
            name,
            "doesn't follow extended resource name standard",
        ));
    }
    errs
}

fn resource_list(resources: &Value, key: &str) -> BTreeMap<String, Value> {
    resources
        .get(key)
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

fn validate_resource_requirements(container: &Container, path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    let Some(resources) = container.extra.get("resources") else {
        return errs;
    };
    let limits = resource_list(resources, "limits");
    let requests = resource_list(resources, "requests");
    let limits_path = path.child("limits");
    for (name, value) in &limits {
        let key_path = limits_path.key(name);
        errs.extend(validate_resource_name(name, &key_path));
        if let Some(q) = parse_quantity_value(value) {
            if q.is_negative() {
                errs.push(invalid(&key_path, q.canonical(), IS_NEGATIVE));
            }
        }
    }
    let requests_path = path.child("requests");
    for (name, value) in &requests {
        let key_path = requests_path.key(name);
        errs.extend(validate_resource_name(name, &key_path));
        let Some(q) = parse_quantity_value(value) else {
            continue;
        };
        if q.is_negative() {
            errs.push(invalid(&key_path, q.canonical(), IS_NEGATIVE));
        }
        if let Some(limit) = limits.get(name).and_then(parse_quantity_value) {
            if q > limit {
                errs.push(invalid(
                    &key_path,
                    q.canonical(),
                    &format!(
                        "must be less than or equal to {name} limit of {}",
                        limit.canonical()
                    ),
                ));
            }
        }
    }
    errs
}

fn validate_security_context_ids(context: Option<&Value>, path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    let Some(context) = context else { return errs };
    for key in ["runAsUser", "runAsGroup", "fsGroup"] {
        if let Some(id) = context.get(key).and_then(Value::as_i64) {
            if !(0..=i32::MAX as i64).contains(&id) {
                errs.push(invalid(
                    &path.child(key),
                    id,
                    &inclusive_range_error(0, i32::MAX as i64),
                ));
            }
        }
    }
    errs
}

/// `validateContainerCommon`.
fn validate_container_common(
    container: &Container,
    volumes: &BTreeSet<String>,
    path: &Path,
) -> ErrorList {
    let mut errs = Vec::new();
    let name_path = path.child("name");
    if container.name.is_empty() {
        errs.push(required(&name_path, ""));
    } else {
        errs.extend(validate_dns1123_label(&container.name, &name_path));
    }
    if container.image.is_empty() {
        errs.push(required(&path.child("image"), ""));
    }
    let policy = json_str_opt(container.extra.get("terminationMessagePolicy"));
    match policy {
        "File" | "FallbackToLogsOnError" => {}
        "" => errs.push(required(&path.child("terminationMessagePolicy"), "")),
        other => errs.push(not_supported(
            &path.child("terminationMessagePolicy"),
            other,
            &["File", "FallbackToLogsOnError"],
        )),
    }
    errs.extend(validate_container_ports(container, &path.child("ports")));
    errs.extend(validate_env(container, &path.child("env")));
    errs.extend(validate_volume_mounts(
        container,
        volumes,
        &path.child("volumeMounts"),
    ));
    match container.image_pull_policy.as_deref().unwrap_or("") {
        "Always" | "IfNotPresent" | "Never" => {}
        "" => errs.push(required(&path.child("imagePullPolicy"), "")),
        other => errs.push(not_supported(
            &path.child("imagePullPolicy"),
            other,
            &["Always", "IfNotPresent", "Never"],
        )),
    }
    errs.extend(validate_resource_requirements(
        container,
        &path.child("resources"),
    ));
    errs.extend(validate_security_context_ids(
        container.extra.get("securityContext"),
        &path.child("securityContext"),
    ));
    errs
}

fn json_str_opt(value: Option<&Value>) -> &str {
    value.and_then(Value::as_str).unwrap_or("")
}

fn validate_handler(probe: &Probe, path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    let mut handlers = 0;
    if let Some(exec) = &probe.exec {
        handlers += 1;
        if exec.command.is_empty() {
            errs.push(required(&path.child("exec").child("command"), ""));
        }
    }
    if let Some(http) = &probe.http_get {
        let http_path = path.child("httpGet");
        if handlers > 0 {
            errs.push(forbidden(
                &http_path,
                "may not specify more than 1 handler type",
            ));
        } else {
            handlers += 1;
            if http.path.as_deref().unwrap_or("").is_empty() {
                errs.push(required(&http_path.child("path"), ""));
            }
            errs.extend(validate_port_num_or_name(
                &http.port,
                &http_path.child("port"),
            ));
            let scheme = http.scheme.as_deref().unwrap_or("");
            if scheme != "HTTP" && scheme != "HTTPS" {
                errs.push(not_supported(
                    &http_path.child("scheme"),
                    scheme,
                    &["HTTP", "HTTPS"],
                ));
            }
        }
    }
    if let Some(tcp) = &probe.tcp_socket {
        let tcp_path = path.child("tcpSocket");
        if handlers > 0 {
            errs.push(forbidden(
                &tcp_path,
                "may not specify more than 1 handler type",
            ));
        } else {
            handlers += 1;
            errs.extend(validate_port_num_or_name(
                &tcp.port,
                &tcp_path.child("port"),
            ));
        }
    }
    if let Some(grpc) = probe.extra.get("grpc").filter(|v| !v.is_null()) {
        let grpc_path = path.child("grpc");
        if handlers > 0 {
            errs.push(forbidden(
                &grpc_path,
                "may not specify more than 1 handler type",
            ));
        } else {
            handlers += 1;
            let port = grpc.get("port").and_then(Value::as_i64).unwrap_or(0);
            for msg in is_valid_port_num(port) {
                errs.push(invalid(&grpc_path.child("port"), port, &msg));
            }
        }
    }
    if handlers == 0 {
        errs.push(required(path, "must specify a handler type"));
    }
    errs
}

pub fn validate_port_num_or_name(port: &IntOrString, path: &Path) -> ErrorList {
    match port {
        IntOrString::Int(i) => is_valid_port_num(*i)
            .into_iter()
            .map(|msg| invalid(path, *i, &msg))
            .collect(),
        IntOrString::String(s) => is_valid_port_name(s)
            .into_iter()
            .map(|msg| invalid(path, s.as_str(), &msg))
            .collect(),
    }
}

fn validate_probe(probe: Option<&Probe>, path: &Path, kind: ProbeKind) -> ErrorList {
    let Some(probe) = probe else {
        return Vec::new();
    };
    let mut errs = validate_handler(probe, path);
    for (field, value) in [
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("timeoutSeconds", probe.timeout_seconds),
        ("periodSeconds", probe.period_seconds),
        ("successThreshold", probe.success_threshold),
        ("failureThreshold", probe.failure_threshold),
    ] {
        errs.extend(validate_nonnegative(
            value.unwrap_or(0) as i64,
            &path.child(field),
        ));
    }
    if let Some(grace) = probe
        .extra
        .get("terminationGracePeriodSeconds")
        .and_then(Value::as_i64)
    {
        if grace <= 0 {
            errs.push(invalid(
                &path.child("terminationGracePeriodSeconds"),
                grace,
                "must be greater than 0",
            ));
        }
    }
    match kind {
        ProbeKind::Liveness | ProbeKind::Startup => {
            let threshold = probe.success_threshold.unwrap_or(0);
            if threshold != 1 {
                errs.push(invalid(
                    &path.child("successThreshold"),
                    threshold,
                    "must be 1",
                ));
            }
        }
        ProbeKind::Readiness => {
            if let Some(value) = probe
                .extra
                .get("terminationGracePeriodSeconds")
                .filter(|v| !v.is_null())
            {
                errs.push(invalid(
                    &path.child("terminationGracePeriodSeconds"),
                    value.clone(),
                    "must not be set for readinessProbes",
                ));
            }
        }
    }
    errs
}

#[derive(Clone, Copy)]
enum ProbeKind {
    Liveness,
    Readiness,
    Startup,
}

fn check_host_port_conflicts(containers: &[Container], path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    let mut seen = BTreeSet::new();
    for (ci, container) in containers.iter().enumerate() {
        for (pi, port) in container.ports.iter().enumerate() {
            let host_port = port
                .extra
                .get("hostPort")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            if host_port == 0 {
                continue;
            }
            let key = format!(
                "{}/{}/{host_port}",
                port.protocol.as_deref().unwrap_or(""),
                json_str_opt(port.extra.get("hostIP"))
            );
            if !seen.insert(key.clone()) {
                errs.push(duplicate(
                    &path.index(ci).child("ports").index(pi).child("hostPort"),
                    key,
                ));
            }
        }
    }
    errs
}

fn validate_containers(
    containers: &[Container],
    volumes: &BTreeSet<String>,
    path: &Path,
) -> ErrorList {
    if containers.is_empty() {
        return vec![required(path, "")];
    }
    let mut errs = Vec::new();
    let mut names = BTreeSet::new();
    for (i, container) in containers.iter().enumerate() {
        let container_path = path.index(i);
        errs.extend(validate_container_common(
            container,
            volumes,
            &container_path,
        ));
        if !names.insert(container.name.clone()) {
            errs.push(duplicate(
                &container_path.child("name"),
                container.name.as_str(),
            ));
        }
        errs.extend(validate_probe(
            container.liveness_probe.as_ref(),
            &container_path.child("livenessProbe"),
            ProbeKind::Liveness,
        ));
        errs.extend(validate_probe(
            container.readiness_probe.as_ref(),
            &container_path.child("readinessProbe"),
            ProbeKind::Readiness,
        ));
        errs.extend(validate_probe(
            container.startup_probe.as_ref(),
            &container_path.child("startupProbe"),
            ProbeKind::Startup,
        ));
        if container
            .extra
            .get("restartPolicy")
            .is_some_and(|v| !v.is_null())
        {
            errs.push(forbidden(
                &container_path.child("restartPolicy"),
                "may not be set for non-init containers",
            ));
        }
    }
    errs.extend(check_host_port_conflicts(containers, path));
    errs
}

fn validate_init_containers(
    init_containers: &[Container],
    containers: &[Container],
    volumes: &BTreeSet<String>,
    path: &Path,
) -> ErrorList {
    let mut errs = Vec::new();
    let mut names: BTreeSet<String> = containers.iter().map(|c| c.name.clone()).collect();
    for (i, container) in init_containers.iter().enumerate() {
        let container_path = path.index(i);
        errs.extend(validate_container_common(
            container,
            volumes,
            &container_path,
        ));
        let restart_always = match container.extra.get("restartPolicy") {
            Some(Value::String(policy)) => {
                if policy != "Always" {
                    errs.push(not_supported(
                        &container_path.child("restartPolicy"),
                        policy.as_str(),
                        &["Always"],
                    ));
                }
                policy == "Always"
            }
            _ => false,
        };
        if names.contains(&container.name) {
            errs.push(duplicate(
                &container_path.child("name"),
                container.name.as_str(),
            ));
        } else if !container.name.is_empty() {
            names.insert(container.name.clone());
        }
        errs.extend(check_host_port_conflicts(
            std::slice::from_ref(container),
            path,
        ));
        if restart_always {
            errs.extend(validate_probe(
                container.liveness_probe.as_ref(),
                &container_path.child("livenessProbe"),
                ProbeKind::Liveness,
            ));
            errs.extend(validate_probe(
                container.readiness_probe.as_ref(),
                &container_path.child("readinessProbe"),
                ProbeKind::Readiness,
            ));
            errs.extend(validate_probe(
                container.startup_probe.as_ref(),
                &container_path.child("startupProbe"),
                ProbeKind::Startup,
            ));
        } else {
            let forbidden_text = "may not be set for init containers without restartPolicy=Always";
            if container
                .extra
                .get("lifecycle")
                .is_some_and(|v| !v.is_null())
            {
                errs.push(forbidden(
                    &container_path.child("lifecycle"),
                    forbidden_text,
                ));
            }
            if container.liveness_probe.is_some() {
                errs.push(forbidden(
                    &container_path.child("livenessProbe"),
                    forbidden_text,
                ));
            }
            if container.readiness_probe.is_some() {
                errs.push(forbidden(
                    &container_path.child("readinessProbe"),
                    forbidden_text,
                ));
            }
            if container.startup_probe.is_some() {
                errs.push(forbidden(
                    &container_path.child("startupProbe"),
                    forbidden_text,
                ));
            }
        }
    }
    errs
}

pub fn validate_tolerations(tolerations: &[Toleration], path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    for (i, toleration) in tolerations.iter().enumerate() {
        let index_path = path.index(i);
        let key = toleration.key.as_deref().unwrap_or("");
        let operator = toleration.operator.as_deref().unwrap_or("");
        let value = toleration.value.as_deref().unwrap_or("");
        let effect = toleration.effect.as_deref().unwrap_or("");
        if !key.is_empty() {
            errs.extend(validate_qualified_name(key, &index_path.child("key")));
        }
        if key.is_empty() && operator != "Exists" {
            errs.push(invalid(
                &index_path.child("operator"),
                operator,
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            ));
        }
        if toleration.toleration_seconds.is_some() && effect != "NoExecute" {
            errs.push(invalid(
                &index_path.child("effect"),
                effect,
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            ));
        }
        match operator {
            "Equal" | "" => {
                let msgs = is_valid_label_value(value);
                if !msgs.is_empty() {
                    errs.push(invalid(
                        &index_path.child("operator"),
                        value,
                        &msgs.join(";"),
                    ));
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    errs.push(invalid(
                        &index_path.child("operator"),
                        json!({
                            "Key": key, "Operator": operator, "Value": value,
                            "Effect": effect, "TolerationSeconds": toleration.toleration_seconds,
                        }),
                        "value must be empty when `operator` is 'Exists'",
                    ));
                }
            }
            other => errs.push(not_supported(
                &index_path.child("operator"),
                other,
                &["Equal", "Exists"],
            )),
        }
        if !effect.is_empty() && !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect)
        {
            errs.push(not_supported(
                &index_path.child("effect"),
                effect,
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            ));
        }
    }
    errs
}

/// `ValidatePodSpec`.
pub fn validate_pod_spec(spec: &PodSpec, path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    if spec.termination_grace_period_seconds.is_none() {
        errs.push(required(&path.child("terminationGracePeriodSeconds"), ""));
    }
    let (volumes, volume_errs) = validate_volumes(&spec.volumes, &path.child("volumes"));
    errs.extend(volume_errs);
    errs.extend(validate_containers(
        &spec.containers,
        &volumes,
        &path.child("containers"),
    ));
    errs.extend(validate_init_containers(
        &spec.init_containers,
        &spec.containers,
        &volumes,
        &path.child("initContainers"),
    ));
    match spec.restart_policy.as_deref().unwrap_or("") {
        "Always" | "OnFailure" | "Never" => {}
        "" => errs.push(required(&path.child("restartPolicy"), "")),
        other => errs.push(not_supported(
            &path.child("restartPolicy"),
            other,
            &["Always", "OnFailure", "Never"],
        )),
    }
    match json_str_opt(spec.extra.get("dnsPolicy")) {
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None" => {}
        "" => errs.push(required(&path.child("dnsPolicy"), "")),
        other => errs.push(not_supported(
            &path.child("dnsPolicy"),
            other,
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        )),
    }
    errs.extend(validate_labels(
        &spec.node_selector,
        &path.child("nodeSelector"),
    ));
    errs.extend(validate_security_context_ids(
        spec.extra.get("securityContext"),
        &path.child("securityContext"),
    ));
    if let Some(account) = spec.extra.get("serviceAccountName").and_then(Value::as_str) {
        if !account.is_empty() {
            for msg in name_is_dns_subdomain(account, false) {
                errs.push(invalid(&path.child("serviceAccountName"), account, &msg));
            }
        }
    }
    if let Some(node) = spec.node_name.as_deref().filter(|n| !n.is_empty()) {
        for msg in name_is_dns_subdomain(node, false) {
            errs.push(invalid(&path.child("nodeName"), node, &msg));
        }
    }
    if let Some(deadline) = spec.active_deadline_seconds {
        if !(1..=i32::MAX as i64).contains(&deadline) {
            errs.push(invalid(
                &path.child("activeDeadlineSeconds"),
                deadline,
                &inclusive_range_error(1, i32::MAX as i64),
            ));
        }
    }
    if let Some(hostname) = spec.hostname.as_deref().filter(|h| !h.is_empty()) {
        errs.extend(validate_dns1123_label(hostname, &path.child("hostname")));
    }
    if let Some(subdomain) = spec.subdomain.as_deref().filter(|s| !s.is_empty()) {
        errs.extend(validate_dns1123_label(subdomain, &path.child("subdomain")));
    }
    if !spec.tolerations.is_empty() {
        errs.extend(validate_tolerations(
            &spec.tolerations,
            &path.child("tolerations"),
        ));
    }
    if let Some(class) = spec.extra.get("priorityClassName").and_then(Value::as_str) {
        if !class.is_empty() {
            for msg in name_is_dns_subdomain(class, false) {
                errs.push(invalid(&path.child("priorityClassName"), class, &msg));
            }
        }
    }
    if let Some(policy) = spec.extra.get("preemptionPolicy").and_then(Value::as_str) {
        match policy {
            "PreemptLowerPriority" | "Never" => {}
            "" => errs.push(required(&path.child("preemptionPolicy"), "")),
            other => errs.push(not_supported(
                &path.child("preemptionPolicy"),
                other,
                &["PreemptLowerPriority", "Never"],
            )),
        }
    }
    errs
}

/// `validatePodMetadataAndSpec`.
fn validate_pod_metadata_and_spec(pod: &Pod) -> ErrorList {
    let meta_path = Path::new("metadata");
    let spec_path = Path::new("spec");
    let mut errs = validate_object_meta(&pod.metadata, true, name_is_dns_subdomain, &meta_path);
    errs.extend(validate_pod_specific_annotations(
        &pod.metadata.annotations,
        &meta_path.child("annotations"),
    ));
    errs.extend(validate_pod_spec(&pod.spec, &spec_path));
    let account = json_str_opt(pod.spec.extra.get("serviceAccountName"));
    if account.is_empty() {
        for (vi, volume) in pod.spec.volumes.iter().enumerate() {
            let Some(sources) = volume
                .extra
                .get("projected")
                .and_then(|p| p.get("sources"))
                .and_then(Value::as_array)
            else {
                continue;
            };
            for (si, source) in sources.iter().enumerate() {
                if source
                    .get("serviceAccountToken")
                    .is_some_and(|v| !v.is_null())
                {
                    errs.push(forbidden(
                        &spec_path
                            .child("volumes")
                            .index(vi)
                            .child("projected")
                            .child("sources")
                            .index(si)
                            .child("serviceAccountToken"),
                        "must not be specified when serviceAccountName is not set",
                    ));
                }
            }
        }
    }
    for (field, containers) in [
        ("containers", &pod.spec.containers),
        ("initContainers", &pod.spec.init_containers),
    ] {
        for (i, container) in containers.iter().enumerate() {
            if container.image.trim() != container.image {
                errs.push(invalid(
                    &spec_path.child(field).index(i).child("image"),
                    container.image.as_str(),
                    "must not have leading or trailing whitespace",
                ));
            }
        }
    }
    errs
}

/// `ValidatePodCreate`.
pub fn validate_pod_create(pod: &Pod) -> ErrorList {
    let mut errs = validate_pod_metadata_and_spec(pod);
    let spec_path = Path::new("spec");
    if pod
        .spec
        .extra
        .get("ephemeralContainers")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty())
    {
        errs.push(forbidden(
            &spec_path.child("ephemeralContainers"),
            "cannot be set on create",
        ));
    }
    let gated = pod
        .spec
        .extra
        .get("schedulingGates")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    if pod.spec.node_name.as_deref().is_some_and(|n| !n.is_empty()) && gated {
        errs.push(forbidden(
            &spec_path.child("nodeName"),
            "cannot be set until all schedulingGates have been cleared",
        ));
    }
    errs
}

/// The fields a user may change in a running pod (with in-place resize, GA in 1.35).
const UPDATABLE_POD_SPEC_FIELDS: &str = "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative),`spec.containers[*].resources` (for CPU/memory only)";

/// `ValidatePodUpdate`.
pub fn validate_pod_update(new: &Pod, old: &Pod) -> ErrorList {
    let meta_path = Path::new("metadata");
    let spec_path = Path::new("spec");
    let mut errs = validate_object_meta_update(&new.metadata, &old.metadata, &meta_path);
    errs.extend(validate_pod_metadata_and_spec(new));
    for (field, new_list, old_list) in [
        ("containers", &new.spec.containers, &old.spec.containers),
        (
            "initContainers",
            &new.spec.init_containers,
            &old.spec.init_containers,
        ),
    ] {
        if new_list.len() != old_list.len() {
            errs.push(forbidden(
                &spec_path.child(field),
                "pod updates may not add or remove containers",
            ));
            return errs;
        }
        for (i, container) in new_list.iter().enumerate() {
            if container.image.is_empty() {
                errs.push(required(
                    &spec_path.child(field).index(i).child("image"),
                    "",
                ));
            }
        }
    }
    if let Some(deadline) = new.spec.active_deadline_seconds {
        if !(0..=i32::MAX as i64).contains(&deadline) {
            errs.push(invalid(
                &spec_path.child("activeDeadlineSeconds"),
                deadline,
                &inclusive_range_error(0, i32::MAX as i64),
            ));
            return errs;
        }
        if let Some(old_deadline) = old.spec.active_deadline_seconds {
            if old_deadline < deadline {
                errs.push(invalid(
                    &spec_path.child("activeDeadlineSeconds"),
                    deadline,
                    "must be less than or equal to previous value",
                ));
                return errs;
            }
        }
    } else if old.spec.active_deadline_seconds.is_some() {
        errs.push(invalid(
            &spec_path.child("activeDeadlineSeconds"),
            Value::Null,
            "must not update from a positive integer to nil value",
        ));
    }
    // Only additions to tolerations (and changes of their seconds) are allowed.
    for old_toleration in &old.spec.tolerations {
        let found = new.spec.tolerations.iter().any(|t| {
            let mut clone = old_toleration.clone();
            clone.toleration_seconds = t.toleration_seconds;
            &clone == t
        });
        if !found {
            errs.push(forbidden(
                &spec_path.child("tolerations"),
                "existing toleration can not be modified except its tolerationSeconds",
            ));
            break;
        }
    }
    if new.spec == old.spec {
        return errs;
    }
    let mut munged = new.spec.clone();
    for (i, container) in munged.containers.iter_mut().enumerate() {
        if let Some(old_container) = old.spec.containers.get(i) {
            container.image = old_container.image.clone();
            munge_resources(container, old_container);
        }
    }
    for (i, container) in munged.init_containers.iter_mut().enumerate() {
        if let Some(old_container) = old.spec.init_containers.get(i) {
            container.image = old_container.image.clone();
        }
    }
    munged.active_deadline_seconds = old.spec.active_deadline_seconds;
    munged.tolerations = old.spec.tolerations.clone();
    match old.spec.extra.get("schedulingGates") {
        Some(gates) => {
            munged.extra.insert("schedulingGates".into(), gates.clone());
        }
        None => {
            munged.extra.remove("schedulingGates");
        }
    }
    if munged != old.spec {
        let diff = spec_diff(
            "core.PodSpec",
            &pod_spec_json(&old.spec),
            &pod_spec_json(&munged),
        );
        errs.push(forbidden(
            &spec_path,
            &format!(
                "pod updates may not change fields other than {UPDATABLE_POD_SPEC_FIELDS}\n{diff}"
            ),
        ));
    }
    errs
}

/// In-place resize: CPU and memory of the new container are taken as the old ones for the
/// comparison, everything else in `resources` must be unchanged.
fn munge_resources(container: &mut Container, old: &Container) {
    let new_resources = container
        .extra
        .get("resources")
        .cloned()
        .unwrap_or(json!({}));
    let old_resources = old.extra.get("resources").cloned().unwrap_or(json!({}));
    let mut munged = serde_json::Map::new();
    for list in ["limits", "requests"] {
        let old_list = old_resources.get(list).and_then(Value::as_object);
        let Some(old_list) = old_list else { continue };
        let mut entries: serde_json::Map<String, Value> = new_resources
            .get(list)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        entries.remove("cpu");
        entries.remove("memory");
        for key in ["cpu", "memory"] {
            if let Some(v) = old_list.get(key) {
                entries.insert(key.into(), v.clone());
            }
        }
        munged.insert(list.into(), Value::Object(entries));
    }
    for (key, value) in new_resources.as_object().into_iter().flatten() {
        if key != "limits" && key != "requests" {
            munged.insert(key.clone(), value.clone());
        }
    }
    container
        .extra
        .insert("resources".into(), Value::Object(munged));
}

fn pod_spec_json(spec: &PodSpec) -> Value {
    serde_json::to_value(spec).unwrap_or(Value::Null)
}

/// A short diff of two specs in the spirit of `cmp.Diff` (which upstream appends to its
/// "immutable" messages): changed top-level fields shown as `-`/`+` lines, unchanged ones
/// summarised. The exact upstream text is not reproduced.
pub fn spec_diff(type_name: &str, old: &Value, new: &Value) -> String {
    let empty = serde_json::Map::new();
    let old_map = old.as_object().unwrap_or(&empty);
    let new_map = new.as_object().unwrap_or(&empty);
    let mut keys: Vec<&String> = old_map.keys().collect();
    for key in new_map.keys() {
        if !old_map.contains_key(key) {
            keys.push(key);
        }
    }
    let mut lines = vec![format!("  {type_name}{{")];
    let mut identical = 0usize;
    let flush = |identical: &mut usize, lines: &mut Vec<String>| {
        if *identical > 0 {
            let noun = if *identical == 1 { "field" } else { "fields" };
            lines.push(format!("  \t... // {identical} identical {noun}"));
            *identical = 0;
        }
    };
    for key in keys {
        let old_value = old_map.get(key);
        let new_value = new_map.get(key);
        if old_value == new_value {
            identical += 1;
            continue;
        }
        flush(&mut identical, &mut lines);
        let field = go_field_name(key);
        if let Some(v) = old_value {
            lines.push(format!("- \t{field}: {},", go_json(v)));
        }
        if let Some(v) = new_value {
            lines.push(format!("+ \t{field}: {},", go_json(v)));
        }
    }
    flush(&mut identical, &mut lines);
    lines.push("  }".to_string());
    lines.join("\n")
}

fn go_field_name(json_name: &str) -> String {
    let known = [
        ("nfs", "NFS"),
        ("csi", "CSI"),
        ("iscsi", "ISCSI"),
        ("fc", "FC"),
        ("rbd", "RBD"),
        ("cephfs", "CephFS"),
        ("hostPath", "HostPath"),
        ("gcePersistentDisk", "GCEPersistentDisk"),
        ("awsElasticBlockStore", "AWSElasticBlockStore"),
        ("storageos", "StorageOS"),
        ("scaleIO", "ScaleIO"),
    ];
    if let Some((_, go)) = known.iter().find(|(json, _)| *json == json_name) {
        return go.to_string();
    }
    let mut chars = json_name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// PersistentVolumes and PersistentVolumeClaims
// ---------------------------------------------------------------------------------------------

const ACCESS_MODES: &[&str] = &[
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOnce",
    "ReadWriteOncePod",
];
const VOLUME_MODES: &[&str] = &["Block", "Filesystem"];

fn validate_access_modes(modes: &[String], path: &Path) -> ErrorList {
    let mut errs = Vec::new();
    let mut found_rwop = false;
    let mut found_other = false;
    for mode in modes {
        if !ACCESS_MODES.contains(&mode.as_str()) {
            errs.push(not_supported(path, mode.as_str(), ACCESS_MODES));
        }
        if mode == "ReadWriteOncePod" {
            found_rwop = true;
        } else if ACCESS_MODES.contains(&mode.as_str()) {
            found_other = true;
        }
    }
    if found_rwop && found_other {
        errs.push(forbidden(
            path,
            "may not use ReadWriteOncePod with other access modes",
        ));
    }
    errs
}

fn quantity_map_json(map: &crate::sim::model::string_map::SortedMap<Quantity>) -> Value {
    Value::Object(
        map.iter()
            .map(|(k, q)| (k.clone(), Value::String(q.canonical())))
            .collect(),
    )
}

/// The PV volume sources we know by name, in upstream's checking order.
const PV_VOLUME_SOURCES: &[&str] = &[
    "hostPath",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "glusterfs",
    "flocker",
    "nfs",
    "rbd",
    "quobyte",
    "cephfs",
    "iscsi",
    "cinder",
    "fc",
    "flexVolume",
    "azureFile",
    "vsphereVolume",
    "photonPersistentDisk",
    "portworxVolume",
    "azureDisk",
    "scaleIO",
    "local",
    "storageos",
    "csi",
];

pub fn validate_persistent_volume_spec(pv: &PersistentVolume, path: &Path) -> ErrorList {
    let spec = &pv.spec;
    let mut errs = Vec::new();
    if spec.access_modes.is_empty() {
        errs.push(required(&path.child("accessModes"), ""));
    }
    errs.extend(validate_access_modes(
        &spec.access_modes,
        &path.child("accessModes"),
    ));
    if spec.capacity.is_empty() {
        errs.push(required(&path.child("capacity"), ""));
    }
    if !spec.capacity.contains_key("storage") || spec.capacity.len() > 1 {
        errs.push(not_supported(
            &path.child("capacity"),
            quantity_map_json(&spec.capacity),
            &["storage"],
        ));
    }
    for (name, quantity) in &spec.capacity {
        let key_path = path.child("capacity").key(name);
        if quantity.is_negative() {
            errs.push(invalid(&key_path, quantity.canonical(), IS_NEGATIVE));
        }
        if quantity.is_negative() || quantity.is_zero() {
            errs.push(invalid(
                &key_path,
                quantity.canonical(),
                "must be greater than zero",
            ));
        }
    }
    if let Some(policy) = spec
        .persistent_volume_reclaim_policy
        .as_deref()
        .filter(|p| !p.is_empty())
    {
        if !["Delete", "Recycle", "Retain"].contains(&policy) {
            errs.push(not_supported(
                &path.child("persistentVolumeReclaimPolicy"),
                policy,
                &["Delete", "Recycle", "Retain"],
            ));
        }
    }
    let mut count = 0;
    let mut has_node_affinity = spec.extra.get("nodeAffinity").is_some_and(|v| !v.is_null());
    for &source in PV_VOLUME_SOURCES {
        let Some(value) = spec.extra.get(source).filter(|v| !v.is_null()) else {
            continue;
        };
        if count > 0 && source != "flexVolume" {
            let name = if source == "cephfs" { "cephFS" } else { source };
            errs.push(forbidden(
                &path.child(name),
                "may not specify more than 1 volume type",
            ));
            continue;
        }
        count += 1;
        let source_path = path.child(source);
        match source {
            "hostPath" => errs.extend(validate_host_path(value, &source_path)),
            "nfs" => errs.extend(validate_nfs(value, &source_path)),
            "local" => {
                if json_str(value, "path").is_empty() {
                    errs.push(required(&source_path.child("path"), ""));
                }
                if !has_node_affinity {
                    errs.push(required(
                        &path.child("nodeAffinity"),
                        "Local volume requires node affinity",
                    ));
                    has_node_affinity = true;
                }
            }
            "csi" => {
                if json_str(value, "driver").is_empty() {
                    errs.push(required(&source_path.child("driver"), ""));
                }
                if json_str(value, "volumeHandle").is_empty() {
                    errs.push(required(&source_path.child("volumeHandle"), ""));
                }
            }
            _ => {}
        }
    }
    if count == 0 {
        errs.push(required(path, "must specify a volume type"));
    }
    if let Some(host_path) = spec.extra.get("hostPath").filter(|v| !v.is_null()) {
        if json_str(host_path, "path").trim_end_matches('/').is_empty()
            && !json_str(host_path, "path").is_empty()
            && spec.persistent_volume_reclaim_policy.as_deref() == Some("Recycle")
        {
            errs.push(forbidden(
                &path.child("persistentVolumeReclaimPolicy"),
                "may not be 'recycle' for a hostPath mount of '/'",
            ));
        }
    }
    if let Some(class) = spec.storage_class_name.as_deref().filter(|c| !c.is_empty()) {
        for msg in name_is_dns_subdomain(class, false) {
            errs.push(invalid(&path.child("storageClassName"), class, &msg));
        }
    }
    if let Some(mode) = &spec.volume_mode {
        if !VOLUME_MODES.contains(&mode.as_str()) {
            errs.push(not_supported(
                &path.child("volumeMode"),
                mode.as_str(),
                VOLUME_MODES,
            ));
        }
    }
    if let Some(class) = &spec.volume_attributes_class_name {
        if class.is_empty() {
            errs.push(required(
                &path.child("volumeAttributesClassName"),
                "an empty string is disallowed",
            ));
        } else {
            for msg in name_is_dns_subdomain(class, false) {
                errs.push(invalid(
                    &path.child("volumeAttributesClassName"),
                    class.as_str(),
                    &msg,
                ));
            }
        }
        if spec.extra.get("csi").is_none_or(|v| v.is_null()) {
            errs.push(required(
                &path.child("csi"),
                "has to be specified when using volumeAttributesClassName",
            ));
        }
    }
    errs
}

pub fn validate_persistent_volume(pv: &PersistentVolume) -> ErrorList {
    let mut errs = validate_object_meta(
        &pv.metadata,
        false,
        name_is_dns_subdomain,
        &Path::new("metadata"),
    );
    errs.extend(validate_persistent_volume_spec(pv, &Path::new("spec")));
    errs
}

/// The volume source part of a PV spec (everything but the fields a PV may change).
fn pv_source(pv: &PersistentVolume) -> Value {
    Value::Object(
        pv.spec
            .extra
            .iter()
            .filter(|(k, _)| PV_VOLUME_SOURCES.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

pub fn validate_persistent_volume_update(
    new: &PersistentVolume,
    old: &PersistentVolume,
) -> ErrorList {
    let mut errs =
        validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    errs.extend(validate_persistent_volume(new));
    let old_source = pv_source(old);
    let new_source = pv_source(new);
    if old_source != new_source {
        let diff = spec_diff("core.PersistentVolumeSource", &old_source, &new_source);
        errs.push(forbidden(
            &Path::new("spec").child("persistentvolumesource"),
            &format!("spec.persistentvolumesource is immutable after creation\n{diff}"),
        ));
    }
    if new.spec.volume_mode != old.spec.volume_mode {
        errs.push(invalid(
            &Path::new("volumeMode"),
            new.spec
                .volume_mode
                .as_ref()
                .map(|m| Value::String(m.clone()))
                .unwrap_or(Value::Null),
            FIELD_IMMUTABLE,
        ));
    }
    if old.spec.volume_attributes_class_name.is_some()
        && new.spec.volume_attributes_class_name.is_none()
    {
        errs.push(forbidden(
            &Path::new("spec").child("volumeAttributesClassName"),
            "update from non-nil value to nil is forbidden",
        ));
    }
    errs
}

pub fn validate_persistent_volume_claim_spec(
    claim: &PersistentVolumeClaim,
    path: &Path,
) -> ErrorList {
    let spec = &claim.spec;
    let mut errs = Vec::new();
    if spec.access_modes.is_empty() {
        errs.push(required(
            &path.child("accessModes"),
            "at least 1 access mode is required",
        ));
    }
    if let Some(selector) = &spec.selector {
        errs.extend(validate_label_selector(selector, &path.child("selector")));
    }
    errs.extend(validate_access_modes(
        &spec.access_modes,
        &path.child("accessModes"),
    ));
    let storage_path = path.child("resources").key("storage");
    match spec.resources.requests.get("storage") {
        None => errs.push(required(&storage_path, "")),
        Some(q) if q.is_negative() || q.is_zero() => errs.push(invalid(
            &storage_path,
            q.canonical(),
            "must be greater than zero",
        )),
        Some(_) => {}
    }
    if let Some(class) = spec.storage_class_name.as_deref().filter(|c| !c.is_empty()) {
        for msg in name_is_dns_subdomain(class, false) {
            errs.push(invalid(&path.child("storageClassName"), class, &msg));
        }
    }
    if let Some(mode) = &spec.volume_mode {
        if !VOLUME_MODES.contains(&mode.as_str()) {
            errs.push(not_supported(
                &path.child("volumeMode"),
                mode.as_str(),
                VOLUME_MODES,
            ));
        }
    }
    if let Some(class) = spec
        .volume_attributes_class_name
        .as_deref()
        .filter(|c| !c.is_empty())
    {
        for msg in name_is_dns_subdomain(class, false) {
            errs.push(invalid(
                &path.child("volumeAttributesClassName"),
                class,
                &msg,
            ));
        }
    }
    errs
}

pub fn validate_persistent_volume_claim(claim: &PersistentVolumeClaim) -> ErrorList {
    let mut errs = validate_object_meta(
        &claim.metadata,
        true,
        name_is_dns_subdomain,
        &Path::new("metadata"),
    );
    errs.extend(validate_persistent_volume_claim_spec(
        claim,
        &Path::new("spec"),
    ));
    errs
}

pub const PVC_IMMUTABLE_SPEC: &str = "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

pub fn validate_persistent_volume_claim_update(
    new: &PersistentVolumeClaim,
    old: &PersistentVolumeClaim,
) -> ErrorList {
    let mut errs =
        validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    errs.extend(validate_persistent_volume_claim(new));
    let mut new_clone = new.spec.clone();
    let mut old_clone = old.spec.clone();
    // The binder sets volumeName once.
    if old.spec.volume_name.as_deref().unwrap_or("").is_empty() {
        old_clone.volume_name = new_clone.volume_name.clone();
    }
    // A class may be set once on a claim that had none.
    if new.spec.storage_class_name.is_some() && old.spec.storage_class_name.is_none() {
        new_clone.storage_class_name = old_clone.storage_class_name.clone();
    }
    if new.status.phase.as_deref() == Some("Bound") {
        match old.spec.resources.requests.get("storage") {
            Some(q) => {
                new_clone.resources.requests.insert("storage".into(), *q);
            }
            None => {
                new_clone.resources.requests.remove("storage");
            }
        }
    }
    new_clone.volume_attributes_class_name = old_clone.volume_attributes_class_name.clone();
    if new_clone != old_clone {
        let diff = spec_diff(
            "core.PersistentVolumeClaimSpec",
            &serde_json::to_value(&old_clone).unwrap_or(Value::Null),
            &serde_json::to_value(&new_clone).unwrap_or(Value::Null),
        );
        errs.push(forbidden(
            &Path::new("spec"),
            &format!("{PVC_IMMUTABLE_SPEC}\n{diff}"),
        ));
    }
    let zero = Quantity::from_units(0);
    let old_size = old
        .spec
        .resources
        .requests
        .get("storage")
        .copied()
        .unwrap_or(zero);
    let new_size = new
        .spec
        .resources
        .requests
        .get("storage")
        .copied()
        .unwrap_or(zero);
    let status_size = old.status.capacity.get("storage").copied().unwrap_or(zero);
    // RecoverVolumeExpansionFailure is GA: a request may shrink, but not to or below the
    // capacity the volume already has.
    if new_size < old_size && new_size <= status_size {
        errs.push(forbidden(
            &Path::new("spec")
                .child("resources")
                .child("requests")
                .child("storage"),
            "field can not be less than status.capacity",
        ));
    }
    if new.spec.volume_mode != old.spec.volume_mode {
        errs.push(invalid(
            &Path::new("volumeMode"),
            new.spec
                .volume_mode
                .as_ref()
                .map(|m| Value::String(m.clone()))
                .unwrap_or(Value::Null),
            FIELD_IMMUTABLE,
        ));
    }
    errs
}

// ---------------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------------

pub fn is_headless(service: &Service) -> bool {
    service.spec.cluster_ip.as_deref() == Some("None")
}

fn service_type(service: &Service) -> &str {
    service.spec.type_.as_deref().unwrap_or("")
}

fn spec_str<'a>(service: &'a Service, key: &str) -> &'a str {
    json_str_opt(service.spec.extra.get(key))
}

/// A valid IP as `netutils.ParseIPSloppy` understands it (IPv4 dotted quad or IPv6).
pub fn parse_ip(text: &str) -> Option<std::net::IpAddr> {
    if let Ok(ip) = text.parse::<std::net::IpAddr>() {
        return Some(ip);
    }
    // Sloppy IPv4: leading zeros are accepted by the legacy parser.
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() == 4 {
        let mut octets = [0u8; 4];
        for (i, part) in parts.iter().enumerate() {
            if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            octets[i] = part.parse::<u8>().ok()?;
        }
        return Some(std::net::IpAddr::from(octets));
    }
    None
}

/// `ValidateServiceClusterIPsRelatedFields`, the part a single-stack IPv4 cluster needs.
pub fn validate_service_cluster_ips(service: &Service) -> ErrorList {
    let mut errs = Vec::new();
    if service_type(service) == "ExternalName" {
        return errs;
    }
    let spec_path = Path::new("spec");
    let ips_path = spec_path.child("clusterIPs");
    let cluster_ip = service.spec.cluster_ip.as_deref().unwrap_or("");
    if !cluster_ip.is_empty() {
        if service.spec.cluster_ips.is_empty() {
            errs.push(required(&ips_path, ""));
        } else if service.spec.cluster_ips[0] != cluster_ip {
            errs.push(invalid(
                &ips_path,
                json!(service.spec.cluster_ips),
                "first value must match `clusterIP`",
            ));
        }
    } else if !service.spec.cluster_ips.is_empty() {
        errs.push(invalid(
            &ips_path,
            json!(service.spec.cluster_ips),
            "must be empty when `clusterIP` is not specified",
        ));
    }
    if let Some(policy) = service
        .spec
        .extra
        .get("ipFamilyPolicy")
        .and_then(Value::as_str)
    {
        if !["SingleStack", "PreferDualStack", "RequireDualStack"].contains(&policy) {
            errs.push(not_supported(
                &spec_path.child("ipFamilyPolicy"),
                policy,
                &["PreferDualStack", "RequireDualStack", "SingleStack"],
            ));
        }
    }
    if let Some(families) = service
        .spec
        .extra
        .get("ipFamilies")
        .and_then(Value::as_array)
    {
        for (i, family) in families.iter().enumerate() {
            let family = family.as_str().unwrap_or("");
            if family != "IPv4" && family != "IPv6" {
                errs.push(not_supported(
                    &spec_path.child("ipFamilies").index(i),
                    family,
                    &["IPv4", "IPv6"],
                ));
            }
        }
    }
    for (i, ip) in service.spec.cluster_ips.iter().enumerate() {
        if i == 0 && ip == "None" {
            continue;
        }
        if ip == "None" {
            errs.push(invalid(
                &ips_path.index(i),
                ip.as_str(),
                "must be empty when `clusterIPs[0]` is not 'None'",
            ));
            continue;
        }
        if parse_ip(ip).is_none() {
            errs.push(invalid(
                &ips_path.index(i),
                ip.as_str(),
                "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            ));
        }
    }
    errs
}

/// The internal `ServicePort` as `encoding/json` writes it (for duplicate ports).
fn service_port_key_json(port: &ServicePort) -> Value {
    json!({
        "Name": "",
        "Protocol": port.protocol.as_deref().unwrap_or(""),
        "AppProtocol": null,
        "Port": port.port,
        "TargetPort": 0,
        "NodePort": 0,
    })
}

fn validate_service_port(
    port: &ServicePort,
    require_name: bool,
    names: &mut BTreeSet<String>,
    path: &Path,
) -> ErrorList {
    let mut errs = Vec::new();
    let name = port.name.as_deref().unwrap_or("");
    if require_name && name.is_empty() {
        errs.push(required(&path.child("name"), ""));
    } else if !name.is_empty() {
        errs.extend(validate_dns1123_label(name, &path.child("name")));
        if !names.insert(name.to_string()) {
            errs.push(duplicate(&path.child("name"), name));
        }
    }
    for msg in is_valid_port_num(port.port as i64) {
        errs.push(invalid(&path.child("port"), port.port, &msg));
    }
    match port.protocol.as_deref().unwrap_or("") {
        "" => errs.push(required(&path.child("protocol"), "")),
        "TCP" | "UDP" | "SCTP" => {}
        other => errs.push(not_supported(
            &path.child("protocol"),
            other,
            &["SCTP", "TCP", "UDP"],
        )),
    }
    let target = port.target_port.clone().unwrap_or(IntOrString::Int(0));
    errs.extend(validate_port_num_or_name(
        &target,
        &path.child("targetPort"),
    ));
    if let Some(app) = port.extra.get("appProtocol").and_then(Value::as_str) {
        errs.extend(validate_qualified_name(app, &path.child("appProtocol")));
    }
    errs
}

/// `ValidateService`.
pub fn validate_service(service: &Service) -> ErrorList {
    let meta_path = Path::new("metadata");
    let spec_path = Path::new("spec");
    let mut errs = validate_object_meta(&service.metadata, true, name_is_dns1035_label, &meta_path);
    let headless = is_headless(service);
    let type_ = service_type(service);
    if service.spec.ports.is_empty() && !headless && type_ != "ExternalName" {
        errs.push(required(&spec_path.child("ports"), ""));
    }
    match type_ {
        "LoadBalancer" => {
            for (i, port) in service.spec.ports.iter().enumerate() {
                if port.port == 10250 {
                    errs.push(invalid(
                        &spec_path.child("ports").index(i),
                        port.port,
                        "may not expose port 10250 externally since it is used by kubelet",
                    ));
                }
            }
            if headless {
                errs.push(invalid(
                    &spec_path.child("clusterIPs").index(0),
                    "None",
                    "may not be set to 'None' for LoadBalancer services",
                ));
            }
        }
        "NodePort" if headless => {
            errs.push(invalid(
                &spec_path.child("clusterIPs").index(0),
                "None",
                "may not be set to 'None' for NodePort services",
            ));
        }
        "ExternalName" => {
            if !service.spec.cluster_ips.is_empty() {
                errs.push(forbidden(
                    &spec_path.child("clusterIPs"),
                    "may not be set for ExternalName services",
                ));
            }
            if service
                .spec
                .extra
                .get("ipFamilies")
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty())
            {
                errs.push(forbidden(
                    &spec_path.child("ipFamilies"),
                    "may not be set for ExternalName services",
                ));
            }
            if service
                .spec
                .extra
                .get("ipFamilyPolicy")
                .is_some_and(|v| !v.is_null())
            {
                errs.push(forbidden(
                    &spec_path.child("ipFamilyPolicy"),
                    "may not be set for ExternalName services",
                ));
            }
            let cname = spec_str(service, "externalName").trim_end_matches('.');
            if cname.is_empty() {
                errs.push(required(&spec_path.child("externalName"), ""));
            } else {
                errs.extend(validate_dns1123_subdomain(
                    cname,
                    &spec_path.child("externalName"),
                ));
            }
        }
        _ => {}
    }
    let mut names = BTreeSet::new();
    let require_names = service.spec.ports.len() > 1;
    for (i, port) in service.spec.ports.iter().enumerate() {
        errs.extend(validate_service_port(
            port,
            require_names,
            &mut names,
            &spec_path.child("ports").index(i),
        ));
    }
    if let Some(selector) = &service.spec.selector {
        errs.extend(validate_labels(selector, &spec_path.child("selector")));
    }
    match spec_str(service, "sessionAffinity") {
        "" => errs.push(required(&spec_path.child("sessionAffinity"), "")),
        "None" => {
            if service
                .spec
                .extra
                .get("sessionAffinityConfig")
                .is_some_and(|v| !v.is_null())
            {
                errs.push(forbidden(
                    &spec_path.child("sessionAffinityConfig"),
                    "must not be set when session affinity is None",
                ));
            }
        }
        "ClientIP" => {}
        other => errs.push(not_supported(
            &spec_path.child("sessionAffinity"),
            other,
            &["ClientIP", "None"],
        )),
    }
    errs.extend(validate_service_cluster_ips(service));
    for (i, ip) in service.spec.external_ips.iter().enumerate() {
        if parse_ip(ip).is_none() {
            errs.push(invalid(
                &spec_path.child("externalIPs").index(i),
                ip.as_str(),
                "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            ));
        }
    }
    match type_ {
        "" => errs.push(required(&spec_path.child("type"), "")),
        "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName" => {}
        other => errs.push(not_supported(
            &spec_path.child("type"),
            other,
            &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        )),
    }
    if type_ == "ClusterIP" {
        for (i, port) in service.spec.ports.iter().enumerate() {
            if port.node_port.unwrap_or(0) != 0 {
                errs.push(forbidden(
                    &spec_path.child("ports").index(i).child("nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                ));
            }
        }
    }
    let mut node_ports = BTreeSet::new();
    for (i, port) in service.spec.ports.iter().enumerate() {
        let node_port = port.node_port.unwrap_or(0);
        if node_port == 0 {
            continue;
        }
        let key = (port.protocol.clone().unwrap_or_default(), node_port);
        if !node_ports.insert(key) {
            errs.push(duplicate(
                &spec_path.child("ports").index(i).child("nodePort"),
                node_port,
            ));
        }
    }
    let mut ports = BTreeSet::new();
    for (i, port) in service.spec.ports.iter().enumerate() {
        let key = (port.protocol.clone().unwrap_or_default(), port.port);
        if !ports.insert(key) {
            errs.push(duplicate(
                &spec_path.child("ports").index(i),
                service_port_key_json(port),
            ));
        }
    }
    let externally_accessible = type_ == "LoadBalancer"
        || type_ == "NodePort"
        || (type_ == "ClusterIP" && !service.spec.external_ips.is_empty());
    let external_policy = spec_str(service, "externalTrafficPolicy");
    if !externally_accessible {
        if !external_policy.is_empty() {
            errs.push(invalid(
                &spec_path.child("externalTrafficPolicy"),
                external_policy,
                "may only be set for externally-accessible services",
            ));
        }
    } else if external_policy.is_empty() {
        errs.push(required(&spec_path.child("externalTrafficPolicy"), ""));
    } else if external_policy != "Cluster" && external_policy != "Local" {
        errs.push(not_supported(
            &spec_path.child("externalTrafficPolicy"),
            external_policy,
            &["Cluster", "Local"],
        ));
    }
    let internal_policy = service.spec.extra.get("internalTrafficPolicy");
    match internal_policy.and_then(Value::as_str) {
        None => {
            if ["NodePort", "LoadBalancer", "ClusterIP"].contains(&type_) {
                errs.push(required(&spec_path.child("internalTrafficPolicy"), ""));
            }
        }
        Some("Cluster") | Some("Local") => {}
        Some(other) => errs.push(not_supported(
            &spec_path.child("internalTrafficPolicy"),
            other,
            &["Cluster", "Local"],
        )),
    }
    errs
}

pub fn validate_service_update(new: &Service, old: &Service) -> ErrorList {
    let mut errs =
        validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    let external = service_type(new) == "ExternalName" || service_type(old) == "ExternalName";
    if !(external || is_headless(new) && is_headless(old)) {
        let ips_path = Path::new("spec").child("clusterIPs");
        if old.spec.cluster_ips.len() == new.spec.cluster_ips.len() {
            for (i, ip) in old.spec.cluster_ips.iter().enumerate() {
                if ip != &new.spec.cluster_ips[i] {
                    errs.push(invalid(
                        &ips_path.index(i),
                        json!(new.spec.cluster_ips),
                        "may not change once set",
                    ));
                }
            }
        } else if new.spec.cluster_ips.is_empty() {
            errs.push(invalid(
                &ips_path.index(0),
                json!(new.spec.cluster_ips),
                "primary clusterIP can not be unset",
            ));
        } else if !old.spec.cluster_ips.is_empty()
            && old.spec.cluster_ips[0] != new.spec.cluster_ips[0]
        {
            errs.push(invalid(
                &ips_path.index(0),
                json!(new.spec.cluster_ips),
                "may not change once set",
            ));
        }
    }
    errs.extend(validate_service(new));
    errs
}

// ---------------------------------------------------------------------------------------------
// Namespaces, StorageClasses, ConfigMaps, Nodes and the rest
// ---------------------------------------------------------------------------------------------

pub fn validate_namespace(namespace: &Namespace) -> ErrorList {
    let mut errs = validate_object_meta(
        &namespace.metadata,
        false,
        name_is_dns_label,
        &Path::new("metadata"),
    );
    if let Some(finalizers) = namespace.spec.get("finalizers").and_then(Value::as_array) {
        for (i, finalizer) in finalizers.iter().enumerate() {
            let finalizer = finalizer.as_str().unwrap_or("");
            let path = Path::new("spec").child("finalizers").index(i);
            errs.extend(validate_qualified_name(finalizer, &path));
            errs.extend(validate_kube_finalizer_name(finalizer, &path));
        }
    }
    errs
}

pub fn validate_namespace_update(new: &Namespace, old: &Namespace) -> ErrorList {
    validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"))
}

pub fn validate_storage_class(class: &StorageClass) -> ErrorList {
    let mut errs = validate_object_meta(
        &class.metadata,
        false,
        name_is_dns_subdomain,
        &Path::new("metadata"),
    );
    let provisioner_path = Path::new("provisioner");
    if class.provisioner.is_empty() {
        errs.push(required(&provisioner_path, ""));
    } else {
        errs.extend(validate_qualified_name(
            &class.provisioner.to_ascii_lowercase(),
            &provisioner_path,
        ));
    }
    let mut total = 0usize;
    for (key, value) in &class.parameters {
        if key.is_empty() {
            errs.push(invalid(
                &Path::new("parameters"),
                "",
                "field can not be empty.",
            ));
        }
        total = total.saturating_add(key.len()).saturating_add(value.len());
    }
    if class.parameters.len() > 512 {
        errs.push(too_long(&Path::new("parameters"), 512));
    } else if total > 256 * 1024 {
        errs.push(too_long(&Path::new("parameters"), 256 * 1024));
    }
    if let Some(policy) = class.reclaim_policy.as_deref().filter(|p| !p.is_empty()) {
        if policy != "Delete" && policy != "Retain" {
            errs.push(not_supported(
                &Path::new("reclaimPolicy"),
                policy,
                &["Delete", "Retain"],
            ));
        }
    }
    match class.volume_binding_mode.as_deref() {
        None => errs.push(required(&Path::new("volumeBindingMode"), "")),
        Some("Immediate") | Some("WaitForFirstConsumer") => {}
        Some(other) => errs.push(not_supported(
            &Path::new("volumeBindingMode"),
            other,
            &["Immediate", "WaitForFirstConsumer"],
        )),
    }
    errs
}

pub fn validate_storage_class_update(new: &StorageClass, old: &StorageClass) -> ErrorList {
    let mut errs =
        validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    if new.parameters != old.parameters {
        errs.push(forbidden(
            &Path::new("parameters"),
            "updates to parameters are forbidden.",
        ));
    }
    if new.provisioner != old.provisioner {
        errs.push(forbidden(
            &Path::new("provisioner"),
            "updates to provisioner are forbidden.",
        ));
    }
    if new.reclaim_policy != old.reclaim_policy {
        errs.push(forbidden(
            &Path::new("reclaimPolicy"),
            "updates to reclaimPolicy are forbidden.",
        ));
    }
    if new.volume_binding_mode != old.volume_binding_mode {
        errs.push(invalid(
            &Path::new("volumeBindingMode"),
            new.volume_binding_mode
                .as_ref()
                .map(|m| Value::String(m.clone()))
                .unwrap_or(Value::Null),
            FIELD_IMMUTABLE,
        ));
    }
    errs
}

pub fn validate_config_map(config_map: &ConfigMap) -> ErrorList {
    let mut errs = validate_object_meta(
        &config_map.metadata,
        true,
        name_is_dns_subdomain,
        &Path::new("metadata"),
    );
    let mut total = 0usize;
    for (key, value) in &config_map.data {
        for msg in is_config_map_key(key) {
            errs.push(invalid(&Path::new("data").key(key), key.as_str(), &msg));
        }
        if config_map.binary_data.contains_key(key) {
            errs.push(invalid(
                &Path::new("data").key(key),
                key.as_str(),
                "duplicate of key present in binaryData",
            ));
        }
        total = total.saturating_add(value.len());
    }
    for (key, value) in &config_map.binary_data {
        for msg in is_config_map_key(key) {
            errs.push(invalid(
                &Path::new("binaryData").key(key),
                key.as_str(),
                &msg,
            ));
        }
        total = total.saturating_add(value.len());
    }
    if total > 1024 * 1024 {
        errs.push(too_long(&Path::new(""), 1024 * 1024));
    }
    errs
}

pub fn validate_config_map_update(new: &ConfigMap, old: &ConfigMap) -> ErrorList {
    let mut errs =
        validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    if old.immutable == Some(true) {
        let text = "field is immutable when `immutable` is set";
        if new.immutable != Some(true) {
            errs.push(forbidden(&Path::new("immutable"), text));
        }
        if new.data != old.data {
            errs.push(forbidden(&Path::new("data"), text));
        }
        if new.binary_data != old.binary_data {
            errs.push(forbidden(&Path::new("binaryData"), text));
        }
    }
    errs.extend(validate_config_map(new));
    errs
}

pub fn validate_node(node: &Node) -> ErrorList {
    let mut errs = validate_object_meta(
        &node.metadata,
        false,
        name_is_dns_subdomain,
        &Path::new("metadata"),
    );
    let mut unique = BTreeSet::new();
    for (i, taint) in node.spec.taints.iter().enumerate() {
        let path = Path::new("metadata").child("taints").index(i);
        errs.extend(validate_qualified_name(&taint.key, &path.child("key")));
        let value = taint.value.as_deref().unwrap_or("");
        let msgs = is_valid_label_value(value);
        if !msgs.is_empty() {
            errs.push(invalid(&path.child("value"), value, &msgs.join(";")));
        }
        if taint.effect.is_empty() {
            errs.push(required(&path.child("effect"), ""));
        } else if !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&taint.effect.as_str())
        {
            errs.push(not_supported(
                &path.child("effect"),
                taint.effect.as_str(),
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            ));
        }
        if !unique.insert((taint.effect.clone(), taint.key.clone())) {
            let mut error = duplicate(
                &path,
                json!({"key": taint.key, "value": taint.value, "effect": taint.effect}),
            );
            error.detail = "taints must be unique by key and effect pair".to_string();
            errs.push(error);
        }
    }
    errs
}

/// Validation of a new object of any kind (what `strategy.Validate` does for it).
pub fn validate_create(object: &Object) -> ErrorList {
    match object {
        Object::StatefulSet(set) => validate_stateful_set(set),
        Object::Pod(pod) => validate_pod_create(pod),
        Object::PersistentVolumeClaim(claim) => validate_persistent_volume_claim(claim),
        Object::PersistentVolume(volume) => validate_persistent_volume(volume),
        Object::Service(service) => validate_service(service),
        Object::StorageClass(class) => validate_storage_class(class),
        Object::Namespace(namespace) => validate_namespace(namespace),
        Object::ConfigMap(config_map) => validate_config_map(config_map),
        Object::ControllerRevision(revision) => validate_controller_revision(revision),
        Object::Node(node) => validate_node(node),
        Object::Endpoints(endpoints) => validate_object_meta(
            &endpoints.metadata,
            true,
            name_is_dns_subdomain,
            &Path::new("metadata"),
        ),
        Object::Event(event) => validate_object_meta(
            &event.metadata,
            true,
            name_is_dns_subdomain,
            &Path::new("metadata"),
        ),
    }
}

/// Validation of a replacement (`strategy.ValidateUpdate`). Both objects have the same kind;
/// if they do not, nothing kind-specific is checked.
pub fn validate_update(new: &Object, old: &Object) -> ErrorList {
    match (new, old) {
        (Object::StatefulSet(n), Object::StatefulSet(o)) => validate_stateful_set_update(n, o),
        (Object::Pod(n), Object::Pod(o)) => validate_pod_update(n, o),
        (Object::PersistentVolumeClaim(n), Object::PersistentVolumeClaim(o)) => {
            validate_persistent_volume_claim_update(n, o)
        }
        (Object::PersistentVolume(n), Object::PersistentVolume(o)) => {
            validate_persistent_volume_update(n, o)
        }
        (Object::Service(n), Object::Service(o)) => validate_service_update(n, o),
        (Object::StorageClass(n), Object::StorageClass(o)) => {
            let mut errs = validate_storage_class(n);
            errs.extend(validate_storage_class_update(n, o));
            errs
        }
        (Object::Namespace(n), Object::Namespace(o)) => validate_namespace_update(n, o),
        (Object::ConfigMap(n), Object::ConfigMap(o)) => validate_config_map_update(n, o),
        (Object::ControllerRevision(n), Object::ControllerRevision(o)) => {
            validate_controller_revision_update(n, o)
        }
        (n, o) => validate_object_meta_update(n.meta(), o.meta(), &Path::new("metadata")),
    }
}

/// Validation of a status write (`statusStrategy.ValidateUpdate`).
pub fn validate_status_update(new: &Object, old: &Object) -> ErrorList {
    match (new, old) {
        (Object::StatefulSet(n), Object::StatefulSet(o)) => {
            validate_stateful_set_status_update(n, o)
        }
        (n, o) => validate_object_meta_update(n.meta(), o.meta(), &Path::new("metadata")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_upstream_patterns() {
        assert!(is_dns1123_label("web-0").is_empty());
        assert_eq!(is_dns1123_label("web.v1"), ["must not contain dots"]);
        assert_eq!(is_dns1123_label("Web").len(), 1);
        assert!(is_dns1123_subdomain("a.b-c.d").is_empty());
        assert!(!is_dns1123_subdomain("a..b").is_empty());
        assert!(is_dns1035_label("nginx").is_empty());
        assert!(!is_dns1035_label("1nginx").is_empty());
        assert!(is_qualified_name("app.kubernetes.io/name").is_empty());
        assert!(!is_qualified_name("a/b/c").is_empty());
        assert!(is_valid_label_value("").is_empty());
        assert!(!is_valid_label_value("-a").is_empty());
        assert_eq!(mask_trailing_dash("web-"), "wea");
        assert_eq!(mask_trailing_dash("é-"), "\u{fffd}a");
    }

    #[test]
    fn bad_values_render_like_go() {
        let e = invalid(&Path::new("spec").child("replicas"), -1, IS_NEGATIVE);
        assert_eq!(
            e.message(),
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
        let e = not_supported(&Path::new("x"), "Keep", &["Retain", "Delete"]);
        assert_eq!(
            e.message(),
            "x: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\""
        );
        assert_eq!(go_quote("a\"b\n\u{1}"), "\"a\\\"b\\n\\x01\"");
        assert_eq!(
            go_json(&json!({"a": "<&>"})),
            "{\"a\":\"\\u003c\\u0026\\u003e\"}"
        );
        assert_eq!(
            required(&Path::new("spec").child("selector"), "").message(),
            "spec.selector: Required value"
        );
    }
}
