//! The describer kubectl falls back to for kinds without their own (here ControllerRevision
//! and Event): the object's fields, sorted, as indented `Label:  value` lines.
//!
//! Models `genericDescriber.Describe`, `printUnstructuredContent` and `smartLabelFor` of
//! `kubectl/pkg/describe/describe.go` (v1.34), and `github.com/fatih/camelcase.Split`, which
//! v1.34 uses to turn `apiVersion` into `API Version` (and, faithfully, `clusterIPs` into
//! `Cluster I Ps`).
//!
//! Architecture Invariant: the recursion depth is bounded by the depth of the JSON value, which
//! serde_json itself limits when parsing.

use serde_json::Value;

use super::writer::{
    print_annotations_multiline, print_labels_multiline, PrefixWriter, J, LEVEL_0,
};
use crate::sim::text::gofmt::{sorted_entries, value_v};

/// The fields the generic describer prints itself or never shows.
const SKIPPED: &[&str] = &[
    ".metadata.managedFields",
    ".metadata.name",
    ".metadata.namespace",
    ".metadata.labels",
    ".metadata.annotations",
];

/// `genericDescriber.Describe` without its events.
pub fn describe_generic_body(w: &mut PrefixWriter, object: &Value) {
    let meta = J::new(object).get("metadata");
    w.write(LEVEL_0, &format!("Name:\t{}\n", meta.get("name").str()));
    w.write(
        LEVEL_0,
        &format!("Namespace:\t{}\n", meta.get("namespace").str()),
    );
    print_labels_multiline(w, "Labels", meta.get("labels"));
    print_annotations_multiline(w, "Annotations", meta.get("annotations"));
    if let Value::Object(content) = object {
        print_unstructured_content(w, LEVEL_0, content, "", SKIPPED);
    }
}

/// `printUnstructuredContent`: fields in sorted order; maps and lists open a nested level.
fn print_unstructured_content(
    w: &mut PrefixWriter,
    level: usize,
    content: &serde_json::Map<String, Value>,
    skip_prefix: &str,
    skip: &[&str],
) {
    for (field, value) in sorted_entries(content) {
        let skip_expression = format!("{skip_prefix}.{field}");
        if skip.contains(&skip_expression.as_str()) {
            continue;
        }
        match value {
            Value::Object(map) => {
                w.write(level, &format!("{}:\n", smart_label_for(field)));
                print_unstructured_content(w, level + 1, map, &skip_expression, skip);
            }
            Value::Array(items) => {
                w.write(level, &format!("{}:\n", smart_label_for(field)));
                for item in items {
                    match item {
                        Value::Object(map) => {
                            print_unstructured_content(w, level + 1, map, &skip_expression, skip)
                        }
                        other => w.write(level + 1, &format!("{}\n", value_v(other))),
                    }
                }
            }
            other => w.write(
                level,
                &format!("{}:\t{}\n", smart_label_for(field), value_v(other)),
            ),
        }
    }
}

/// `smartLabelFor`: `creationTimestamp` → `Creation Timestamp`, `uid` → `UID`; a field with
/// anything but letters and `-` is printed as is.
pub fn smart_label_for(field: &str) -> String {
    if field.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return field.to_string();
    }
    const ACRONYMS: &[&str] = &["API", "URL", "UID", "OSB", "GUID"];
    camelcase_split(field)
        .into_iter()
        .filter(|part| part != "_")
        .map(|part| {
            let upper = part.to_uppercase();
            if ACRONYMS.contains(&upper.as_str()) {
                upper
            } else {
                title(&part)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `strings.Title` of one camel-case part: its first letter upper-cased.
fn title(part: &str) -> String {
    let mut chars = part.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `camelcase.Split`: runs of lower-case, upper-case, digits and other characters, with the
/// last upper-case letter of a run moved to a following lower-case run (`IPs` → `I`, `Ps`).
fn camelcase_split(text: &str) -> Vec<String> {
    fn class(c: char) -> u8 {
        if c.is_lowercase() {
            1
        } else if c.is_uppercase() {
            2
        } else if c.is_numeric() {
            3
        } else {
            4
        }
    }
    let mut runs: Vec<Vec<char>> = Vec::new();
    let mut last_class = 0;
    for c in text.chars() {
        let current = class(c);
        match runs.last_mut() {
            Some(run) if current == last_class => run.push(c),
            _ => runs.push(vec![c]),
        }
        last_class = current;
    }
    for index in 0..runs.len().saturating_sub(1) {
        let upper_then_lower = runs[index].first().is_some_and(|c| c.is_uppercase())
            && runs[index + 1].first().is_some_and(|c| c.is_lowercase());
        if upper_then_lower {
            if let Some(moved) = runs[index].pop() {
                runs[index + 1].insert(0, moved);
            }
        }
    }
    runs.into_iter()
        .filter(|run| !run.is_empty())
        .map(|run| run.into_iter().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Upstream's `TestDescribeUnstructuredContent`, written through a plain writer.
    #[test]
    fn unstructured_content_matches_upstream_test() {
        let object = serde_json::json!({
            "apiVersion": "v1",
            "kind": "Test",
            "dummyDummy": "present",
            "dummy/dummy": "present",
            "dummy-dummy@dummy": "present",
            "dummy-dummy": "present",
            "dummy1": "present",
            "dummy2": "present",
            "metadata": {
                "name": "MyName",
                "namespace": "MyNamespace",
                "creationTimestamp": "2017-04-01T00:00:00Z",
                "resourceVersion": 123,
                "uid": "00000000-0000-0000-0000-000000000001",
                "dummy3": "present",
            },
            "items": [{"itemBool": true, "itemInt": 42}],
            "url": "http://localhost",
            "status": "ok",
        });
        let mut w = PrefixWriter::plain();
        if let Value::Object(content) = &object {
            print_unstructured_content(
                &mut w,
                LEVEL_0,
                content,
                "",
                &[".dummy1", ".metadata.dummy3"],
            );
        }
        let expected = "API Version:\tv1\nDummy - Dummy:\tpresent\ndummy-dummy@dummy:\tpresent\ndummy/dummy:\tpresent\ndummy2:\tpresent\nDummy Dummy:\tpresent\nItems:\n  Item Bool:\ttrue\n  Item Int:\t42\nKind:\tTest\nMetadata:\n  Creation Timestamp:\t2017-04-01T00:00:00Z\n  Name:\tMyName\n  Namespace:\tMyNamespace\n  Resource Version:\t123\n  UID:\t00000000-0000-0000-0000-000000000001\nStatus:\tok\nURL:\thttp://localhost\n";
        assert_eq!(w.finish(), expected);
    }

    #[test]
    fn smart_labels_follow_kubectl_1_34() {
        let labels: Vec<String> = [
            "apiVersion",
            "creationTimestamp",
            "uid",
            "clusterIPs",
            "podCIDR",
            "$patch",
            "app.kubernetes.io/name",
            "blockOwnerDeletion",
            "kube-proxy",
        ]
        .iter()
        .map(|f| smart_label_for(f))
        .collect();
        assert_eq!(
            labels,
            [
                "API Version",
                "Creation Timestamp",
                "UID",
                "Cluster I Ps",
                "Pod CIDR",
                "$patch",
                "app.kubernetes.io/name",
                "Block Owner Deletion",
                "Kube - Proxy",
            ]
        );
    }
}
