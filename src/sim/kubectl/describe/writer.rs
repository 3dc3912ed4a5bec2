//! The text machinery every describer shares: kubectl's `PrefixWriter` (indentation levels over
//! a tabwriter), the multi-line printers for labels, annotations, taints, tolerations and pod
//! lists, the events table, and the small formatting rules (`FormatLabels`, selectors, access
//! modes, Go's `%v` of a list, RFC 1123Z times).
//!
//! Models `kubectl/pkg/describe/describe.go` (v1.34): `prefixWriter`, `nestedPrefixWriter`,
//! `tabbedString`, `printLabelsMultilineWithIndent`, `printAnnotationsMultiline`,
//! `printTaintsMultilineWithIndent`, `printPodsMultilineWithIndent`,
//! `printTolerationsMultilineWithIndent`, `DescribeEvents`, `translateTimestampSince`; and
//! cli-runtime's `printers.WriteEscaped`.
//!
//! Describers read objects as the JSON the API server returns, through [`J`], so every field a
//! user wrote is visible to them whether or not the typed model knows it, and a missing or
//! oddly typed field reads as Go's zero value instead of failing.
//!
//! Architecture Invariant: nothing here panics on any object content; every loop walks a finite
//! slice of the object.

use crate::sim::kubectl::sort;
use std::collections::BTreeMap;

use serde_json::Value;

use crate::sim::clock::{parse_rfc3339, SimTime, SECOND_MS};
use crate::sim::model::Event;
use crate::sim::text::duration::{human_duration, rfc1123z};
use crate::sim::text::gofmt::{sorted_entries, value_v};
use crate::sim::text::table::{TabWriter, TableStyle};

pub const LEVEL_0: usize = 0;
pub const LEVEL_1: usize = 1;
pub const LEVEL_2: usize = 2;
pub const LEVEL_3: usize = 3;

/// Go's zero `time.Time` in `time.RFC1123Z`, what kubectl prints for an unset timestamp.
pub const ZERO_TIME_RFC1123Z: &str = "Mon, 01 Jan 0001 00:00:00 +0000";

/// Annotations longer than this (key, value and `: `) are printed on their own lines.
const MAX_ANNOTATION_LEN: usize = 140;

/// The annotation kubectl never shows in `describe`.
const LAST_APPLIED_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// kubectl's `PrefixWriter`: text at indentation levels of two spaces, written into a tabwriter
/// (minimum width 0, padding 2) for `describe`, or into plain text for `rollout history
/// --revision`, which prints the pod template with its tabs unexpanded.
pub struct PrefixWriter {
    tab: Option<TabWriter>,
    raw: String,
    /// Levels added by a nested writer (`NewNestedPrefixWriter`).
    indent: usize,
}

impl PrefixWriter {
    /// The writer of `tabbedString`: aligned columns.
    pub fn tabbed() -> PrefixWriter {
        PrefixWriter {
            tab: Some(TabWriter::new(TableStyle::TABBED_STRING)),
            raw: String::new(),
            indent: 0,
        }
    }

    /// A writer straight into a buffer: tabs stay tabs.
    pub fn plain() -> PrefixWriter {
        PrefixWriter {
            tab: None,
            raw: String::new(),
            indent: 0,
        }
    }

    /// `Write(level, format, …)`: the text, after two spaces per level.
    pub fn write(&mut self, level: usize, text: &str) {
        let mut line = "  ".repeat(level.saturating_add(self.indent).min(64));
        line.push_str(text);
        self.emit(&line);
    }

    /// `WriteLine(…)`: the text and a newline, indented only by a nested writer's levels.
    pub fn write_line(&mut self, text: &str) {
        let mut line = "  ".repeat(self.indent.min(64));
        line.push_str(text);
        line.push('\n');
        self.emit(&line);
    }

    /// `Flush()`: ends the current block of aligned columns.
    pub fn flush(&mut self) {
        if let Some(tab) = &mut self.tab {
            tab.flush();
        }
    }

    /// Runs `body` with a nested writer `levels` deeper (`NewNestedPrefixWriter`).
    pub fn nested(&mut self, levels: usize, body: impl FnOnce(&mut PrefixWriter)) {
        let saved = self.indent;
        self.indent = saved.saturating_add(levels);
        body(self);
        self.indent = saved;
    }

    /// Everything written, aligned.
    pub fn finish(mut self) -> String {
        match &mut self.tab {
            Some(tab) => {
                tab.flush();
                tab.take_output()
            }
            None => self.raw,
        }
    }

    fn emit(&mut self, text: &str) {
        let escaped = escape_terminal(text);
        match &mut self.tab {
            Some(tab) => tab.write(&escaped),
            None => self.raw.push_str(&escaped),
        }
    }
}

/// cli-runtime's `WriteEscaped`: ESC and carriage returns from object content cannot reach the
/// terminal as control characters.
pub fn escape_terminal(text: &str) -> String {
    if !text.contains(['\x1b', '\r']) {
        return text.to_string();
    }
    text.replace('\x1b', "^[").replace('\r', "\\r")
}

/// Read-only access to a JSON value with Go's zero values for whatever is missing.
#[derive(Clone, Copy, Debug)]
pub struct J<'a>(pub Option<&'a Value>);

impl<'a> J<'a> {
    pub fn new(value: &'a Value) -> J<'a> {
        J(Some(value))
    }

    /// A field of an object (nothing if this is not an object).
    pub fn get(self, key: &str) -> J<'a> {
        J(self.0.and_then(|v| v.as_object()).and_then(|m| m.get(key)))
    }

    /// Follows several fields.
    pub fn path(self, keys: &[&str]) -> J<'a> {
        keys.iter().fold(self, |j, key| j.get(key))
    }

    /// Present and not null (a set pointer in Go).
    pub fn is_set(self) -> bool {
        self.0.is_some_and(|v| !v.is_null())
    }

    /// A string field; "" when missing or not a string.
    pub fn str(self) -> &'a str {
        self.0.and_then(|v| v.as_str()).unwrap_or("")
    }

    pub fn opt_str(self) -> Option<&'a str> {
        self.0.and_then(|v| v.as_str())
    }

    pub fn bool(self) -> bool {
        self.0.and_then(|v| v.as_bool()).unwrap_or(false)
    }

    pub fn i64(self) -> i64 {
        self.opt_i64().unwrap_or(0)
    }

    pub fn opt_i64(self) -> Option<i64> {
        self.0
            .and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
    }

    /// The elements of an array (none if this is not an array).
    pub fn items(self) -> impl Iterator<Item = J<'a>> {
        self.0
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .map(|v| J(Some(v)))
    }

    pub fn len(self) -> usize {
        match self.0 {
            Some(Value::Array(items)) => items.len(),
            Some(Value::Object(map)) => map.len(),
            _ => 0,
        }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The entries of an object, sorted by key.
    pub fn entries(self) -> Vec<(&'a str, J<'a>)> {
        match self.0 {
            Some(Value::Object(map)) => sorted_entries(map)
                .into_iter()
                .map(|(k, v)| (k.as_str(), J(Some(v))))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A `map[string]string` (labels, annotations, selectors), sorted by key.
    pub fn string_map(self) -> BTreeMap<String, String> {
        sort::map_from(
            self.entries()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.v())),
        )
    }

    /// The strings of a `[]string`.
    pub fn strings(self) -> Vec<String> {
        self.items().map(|item| item.v()).collect()
    }

    /// Go's `%v` of the value (`""` when missing).
    pub fn v(self) -> String {
        match self.0 {
            None | Some(Value::Null) => String::new(),
            Some(value) => value_v(value),
        }
    }

    /// An `intstr.IntOrString` as `String()` prints it.
    pub fn int_or_string(self) -> String {
        match self.0 {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Number(number)) => number.to_string(),
            _ => "0".to_string(),
        }
    }

    /// A `metav1.Time`, in simulated milliseconds (whole seconds, as the API server stores).
    pub fn time(self) -> Option<SimTime> {
        self.opt_str().and_then(parse_rfc3339)
    }

    /// `Time.Format(time.RFC1123Z)`, Go's zero time when unset.
    pub fn rfc1123z(self) -> String {
        match self.time() {
            Some(at) => rfc1123z(at),
            None => ZERO_TIME_RFC1123Z.to_string(),
        }
    }
}

/// `translateTimestampSince`: how long ago, `<unknown>` for an unset time.
pub fn since(at: Option<SimTime>, now: SimTime) -> String {
    match at {
        Some(at) => human_duration((now as i64).saturating_sub(at as i64)),
        None => "<unknown>".to_string(),
    }
}

/// Go's `%v` of a `[]string`: `[a b]`.
pub fn go_list(items: &[String]) -> String {
    format!("[{}]", items.join(" "))
}

/// `labels.FormatLabels`: `k=v,k2=v2` sorted by key, `<none>` when empty.
pub fn format_labels(labels: &BTreeMap<String, String>) -> String {
    if labels.is_empty() {
        return "<none>".to_string();
    }
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `metav1.LabelSelectorAsSelector(selector).String()`: requirements sorted by key,
/// `key=value`, `key in (a,b)`, `key notin (a,b)`, `key`, `!key`. An unset or empty selector
/// prints nothing.
pub fn selector_string(selector: J<'_>) -> String {
    let mut requirements: Vec<(String, String)> = Vec::new();
    for (key, value) in selector.get("matchLabels").entries() {
        requirements.push((key.to_string(), format!("{key}={}", value.v())));
    }
    for expression in selector.get("matchExpressions").items() {
        let key = expression.get("key").str();
        let mut values = expression.get("values").strings();
        sort::sort(&mut values);
        values.dedup();
        let text = match expression.get("operator").str() {
            "In" => format!("{key} in ({})", values.join(",")),
            "NotIn" => format!("{key} notin ({})", values.join(",")),
            "Exists" => key.to_string(),
            "DoesNotExist" => format!("!{key}"),
            other => format!("{key} {} ({})", other.to_lowercase(), values.join(",")),
        };
        requirements.push((key.to_string(), text));
    }
    sort::sort_by(&mut requirements, |a, b| a.0.cmp(&b.0));
    requirements
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join(",")
}

/// `metav1.FormatLabelSelector`: the selector, `<none>` when it selects by nothing.
pub fn format_label_selector(selector: J<'_>) -> String {
    let text = selector_string(selector);
    if text.is_empty() {
        "<none>".to_string()
    } else {
        text
    }
}

/// `storageutil.GetAccessModesAsString`: `RWO,ROX,RWX,RWOP` in that order.
pub fn access_modes_string(modes: J<'_>) -> String {
    let modes = modes.strings();
    crate::sim::model::access_modes_short(&modes)
}

/// `printLabelsMultiline`.
pub fn print_labels_multiline(w: &mut PrefixWriter, title: &str, labels: J<'_>) {
    print_labels_multiline_with_indent(w, "", title, "\t", labels);
}

/// `printLabelsMultilineWithIndent`: the first pair after the title, the others on their own
/// lines after `initial_indent` and `inner_indent`.
pub fn print_labels_multiline_with_indent(
    w: &mut PrefixWriter,
    initial_indent: &str,
    title: &str,
    inner_indent: &str,
    labels: J<'_>,
) {
    w.write(LEVEL_0, &format!("{initial_indent}{title}:{inner_indent}"));
    let labels = labels.string_map();
    if labels.is_empty() {
        w.write_line("<none>");
        return;
    }
    for (index, (key, value)) in labels.iter().enumerate() {
        if index != 0 {
            w.write(LEVEL_0, initial_indent);
            w.write(LEVEL_0, inner_indent);
        }
        w.write(LEVEL_0, &format!("{key}={value}\n"));
    }
}

/// `printAnnotationsMultiline`: `key: value` pairs; long or multi-line values go below their
/// key, each line cut at 140 bytes. The last-applied-configuration annotation is skipped.
pub fn print_annotations_multiline(w: &mut PrefixWriter, title: &str, annotations: J<'_>) {
    w.write(LEVEL_0, &format!("{title}:\t"));
    let annotations: Vec<(String, String)> = annotations
        .string_map()
        .into_iter()
        .filter(|(key, _)| key != LAST_APPLIED_ANNOTATION)
        .collect();
    if annotations.is_empty() {
        w.write_line("<none>");
        return;
    }
    let indent = "\t";
    for (index, (key, value)) in annotations.iter().enumerate() {
        if index != 0 {
            w.write(LEVEL_0, indent);
        }
        let value = value.strip_suffix('\n').unwrap_or(value);
        if value.len() + key.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            w.write(LEVEL_0, &format!("{key}:\n"));
            for line in value.split('\n') {
                w.write(
                    LEVEL_0,
                    &format!("{indent}  {}\n", shorten(line, MAX_ANNOTATION_LEN - 2)),
                );
            }
        } else {
            w.write(LEVEL_0, &format!("{key}: {value}\n"));
        }
    }
}

/// `shorten`: the first `max_bytes` bytes and `...` (cut at a character boundary).
pub fn shorten(text: &str, max_bytes: usize) -> String {
    if text.len() <= max_bytes {
        return text.to_string();
    }
    let mut end = max_bytes;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

/// `Taint.ToString`: `key=value:effect` or `key:effect`.
pub fn taint_string(taint: J<'_>) -> String {
    let key = taint.get("key").str();
    let value = taint.get("value").str();
    let effect = taint.get("effect").str();
    if value.is_empty() {
        format!("{key}:{effect}")
    } else {
        format!("{key}={value}:{effect}")
    }
}

/// `printTaintsMultilineWithIndent`, sorted by effect then key.
pub fn print_taints_multiline(w: &mut PrefixWriter, title: &str, taints: J<'_>) {
    w.write(LEVEL_0, &format!("{title}:\t"));
    let mut taints: Vec<J<'_>> = taints.items().collect();
    if taints.is_empty() {
        w.write_line("<none>");
        return;
    }
    sort::sort_by_key(&mut taints, |t| {
        format!("{},{}", t.get("effect").str(), t.get("key").str())
    });
    for (index, taint) in taints.iter().enumerate() {
        if index != 0 {
            w.write(LEVEL_0, "\t");
        }
        w.write(LEVEL_0, &format!("{}\n", taint_string(*taint)));
    }
}

/// `printPodsMultilineWithIndent`: pod names sorted.
pub fn print_pods_multiline(w: &mut PrefixWriter, title: &str, mut names: Vec<String>) {
    w.write(LEVEL_0, &format!("{title}:\t"));
    if names.is_empty() {
        w.write_line("<none>");
        return;
    }
    sort::sort(&mut names);
    for (index, name) in names.iter().enumerate() {
        if index != 0 {
            w.write(LEVEL_0, "\t");
        }
        w.write(LEVEL_0, &format!("{name}\n"));
    }
}

/// `printTolerationsMultilineWithIndent`: one toleration per line, sorted by key, as
/// `key=value:Effect op=Exists for 300s`.
pub fn print_tolerations_multiline(w: &mut PrefixWriter, title: &str, tolerations: J<'_>) {
    w.write(LEVEL_0, &format!("{title}:\t"));
    let mut tolerations: Vec<J<'_>> = tolerations.items().collect();
    if tolerations.is_empty() {
        w.write_line("<none>");
        return;
    }
    sort::sort_by(&mut tolerations, |a, b| {
        a.get("key").str().cmp(b.get("key").str())
    });
    for (index, toleration) in tolerations.iter().enumerate() {
        if index != 0 {
            w.write(LEVEL_0, "\t");
        }
        let key = toleration.get("key").str();
        let value = toleration.get("value").str();
        let effect = toleration.get("effect").str();
        let mut text = key.to_string();
        if !value.is_empty() {
            text.push_str(&format!("={value}"));
        }
        if !effect.is_empty() {
            text.push_str(&format!(":{effect}"));
        }
        if toleration.get("operator").str() == "Exists" && value.is_empty() {
            if !key.is_empty() || !effect.is_empty() {
                text.push_str(" op=Exists");
            } else {
                text.push_str("op=Exists");
            }
        }
        if let Some(seconds) = toleration.get("tolerationSeconds").opt_i64() {
            text.push_str(&format!(" for {seconds}s"));
        }
        text.push('\n');
        w.write(LEVEL_0, &text);
    }
}

/// A timestamp as the API server stores it: whole seconds.
fn stored_seconds(at: SimTime) -> SimTime {
    at - at % SECOND_MS
}

/// `DescribeEvents`: `Events:  <none>`, or a table of the events sorted by last timestamp,
/// repeated events shown as `<last> (xN over <first>)`.
pub fn describe_events(w: &mut PrefixWriter, events: &[&Event], now: SimTime) {
    if events.is_empty() {
        w.write(LEVEL_0, "Events:\t<none>\n");
        return;
    }
    w.flush();
    let mut sorted: Vec<&Event> = events.to_vec();
    // Go sorts by LastTimestamp, which the API server keeps to the second; a stable sort keeps
    // the list order (creation order) among events of the same second.
    sort::sort_by_key(&mut sorted, |e| {
        e.last_timestamp.map(|t| stored_seconds(t.0))
    });
    w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.write(LEVEL_1, "----\t------\t----\t----\t-------\n");
    for event in sorted {
        let first = since(event.first_timestamp.map(|t| stored_seconds(t.0)), now);
        let interval = if event.count > 1 {
            format!(
                "{} (x{} over {first})",
                since(event.last_timestamp.map(|t| stored_seconds(t.0)), now),
                event.count
            )
        } else {
            first
        };
        let source = if event.source.component.is_empty() {
            event.reporting_component.as_str()
        } else {
            event.source.component.as_str()
        };
        w.write(
            LEVEL_1,
            &format!(
                "{}\t{}\t{interval}\t{source}\t{}\n",
                event.type_,
                event.reason,
                event.message.trim()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(body: impl FnOnce(&mut PrefixWriter)) -> String {
        let mut w = PrefixWriter::tabbed();
        body(&mut w);
        w.finish()
    }

    #[test]
    fn labels_and_annotations_align_like_kubectl() {
        let object = serde_json::json!({
            "labels": {"b": "2", "a": "1"},
            "annotations": {
                "kubectl.kubernetes.io/last-applied-configuration": "{}",
                "long": "x".repeat(200),
                "note": "hello\n",
            }
        });
        let text = render(|w| {
            w.write(LEVEL_0, "Name:\tweb\n");
            print_labels_multiline(w, "Labels", J::new(&object).get("labels"));
            print_annotations_multiline(w, "Annotations", J::new(&object).get("annotations"));
            print_labels_multiline(w, "Selector", J(None));
        });
        let expected = format!(
            "Name:         web\nLabels:       a=1\n              b=2\nAnnotations:  long:\n                {}...\n              note: hello\nSelector:     <none>\n",
            "x".repeat(138)
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn tolerations_print_as_upstream_tests_expect() {
        let tolerations = serde_json::json!([
            {"operator": "Exists"},
            {"effect": "NoSchedule", "operator": "Exists"},
            {"key": "key0", "operator": "Exists"},
            {"key": "key1", "value": "value1"},
            {"key": "key2", "operator": "Equal", "value": "value2", "effect": "NoSchedule"},
            {"key": "key3", "value": "value3", "effect": "NoExecute", "tolerationSeconds": 300},
            {"key": "key4", "effect": "NoExecute", "tolerationSeconds": 60},
        ]);
        let text = render(|w| print_tolerations_multiline(w, "Tolerations", J::new(&tolerations)));
        for expected in [
            "  op=Exists\n",
            ":NoSchedule op=Exists\n",
            "key0 op=Exists\n",
            "key1=value1\n",
            "key2=value2:NoSchedule\n",
            "key3=value3:NoExecute for 300s\n",
            "key4:NoExecute for 60s\n",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from {text}");
        }
    }

    #[test]
    fn selectors_sort_requirements_by_key() {
        let selector = serde_json::json!({
            "matchLabels": {"tier": "web", "app": "nginx"},
            "matchExpressions": [
                {"key": "env", "operator": "In", "values": ["prod", "dev"]},
                {"key": "zone", "operator": "DoesNotExist"},
            ]
        });
        assert_eq!(
            selector_string(J::new(&selector)),
            "app=nginx,env in (dev,prod),tier=web,!zone"
        );
        assert_eq!(selector_string(J(None)), "");
        assert_eq!(format_label_selector(J(None)), "<none>");
    }

    #[test]
    fn terminal_escapes_are_neutralised() {
        assert_eq!(escape_terminal("a\x1b[31mb\rc"), "a^[[31mb\\rc");
    }
}
