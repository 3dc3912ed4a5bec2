//! Object metadata, owner references, label selectors and the small shared value types
//! (`Time`, `IntOrString`) of `k8s.io/apimachinery/pkg/apis/meta/v1`.
//!
//! Every struct keeps the fields it does not model in `extra`, so an object written by a user
//! comes back from `kubectl get -o yaml` with all of its real fields. Whether a field is real at
//! all is decided before deserialisation, by the strict-decoding schema.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::sim::clock::SimTime;

pub use super::shared::{Extra, ExtraMap, Labels, Shared, StringMap};

/// A point in simulated time, written as RFC 3339 (`2026-01-05T09:00:02Z`) in YAML and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Time(pub SimTime);

impl Serialize for Time {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&crate::sim::clock::rfc3339(self.0))
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Time, D::Error> {
        let text = String::deserialize(deserializer)?;
        crate::sim::clock::parse_rfc3339(&text)
            .map(Time)
            .ok_or_else(|| serde::de::Error::custom(format!("parsing time {text:?}: not RFC 3339")))
    }
}

/// `metadata` of every object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ObjectMeta {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generate_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generation: Option<i64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_time"
    )]
    pub creation_timestamp: Option<Time>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_time"
    )]
    pub deletion_timestamp: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_grace_period_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub labels: Labels,
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub annotations: Labels,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub owner_references: Vec<OwnerReference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub finalizers: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Timestamps a user writes into a manifest (often `creationTimestamp: null`) are ignored by
/// the API server; ones the simulation wrote itself round-trip.
fn lenient_time<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Time>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(match value {
        Some(serde_json::Value::String(text)) => crate::sim::clock::parse_rfc3339(&text).map(Time),
        _ => None,
    })
}

impl ObjectMeta {
    pub fn namespace(&self) -> &str {
        self.namespace.as_deref().unwrap_or("")
    }

    /// The controlling owner, if any.
    pub fn controller_ref(&self) -> Option<&OwnerReference> {
        self.owner_references
            .iter()
            .find(|r| r.controller == Some(true))
    }

    pub fn is_deleting(&self) -> bool {
        self.deletion_timestamp.is_some()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub uid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_owner_deletion: Option<bool>,
}

/// A label selector (`matchLabels` and `matchExpressions`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LabelSelector {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

impl LabelSelector {
    /// True when the selector selects nothing at all (an empty selector is invalid for
    /// workloads; a nil selector matches nothing).
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// Whether `labels` satisfy every requirement.
    pub fn matches(&self, labels: &super::StringMap) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|req| {
                let value = labels.get(&req.key);
                match req.operator.as_str() {
                    "In" => value.is_some_and(|v| req.values.contains(v)),
                    "NotIn" => value.is_none_or(|v| !req.values.contains(v)),
                    "Exists" => value.is_some(),
                    "DoesNotExist" => value.is_none(),
                    _ => false,
                }
            })
    }

    /// `app=nginx,tier in (web)` as kubectl prints a selector.
    pub fn to_display_string(&self) -> String {
        let mut parts: Vec<String> = self
            .match_labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for req in &self.match_expressions {
            parts.push(match req.operator.as_str() {
                "In" => format!("{} in ({})", req.key, req.values.join(",")),
                "NotIn" => format!("{} notin ({})", req.key, req.values.join(",")),
                "Exists" => req.key.clone(),
                "DoesNotExist" => format!("!{}", req.key),
                other => format!("{} {other}", req.key),
            });
        }
        parts.join(",")
    }
}

/// An integer or a string, as `intstr.IntOrString`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i64),
    String(String),
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::String(s) => f.write_str(s),
        }
    }
}

/// A reference to another object (`claimRef`, `involvedObject`, `targetRef`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ObjectReference {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_path: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Parses a label selector written on the command line (`-l app=web,tier!=db,env in (a,b)`).
pub fn parse_selector(text: &str) -> Result<LabelSelector, String> {
    let mut selector = LabelSelector::default();
    let mut rest = text.trim();
    while !rest.is_empty() {
        // Split on the next comma that is not inside parentheses.
        let mut depth = 0;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let term = rest[..end].trim();
        rest = rest.get(end + 1..).unwrap_or("").trim();
        if term.is_empty() {
            return Err(format!(
                "unable to parse requirement: found '', expected: identifier ({text})"
            ));
        }
        let requirement =
            |key: &str, operator: &str, values: Vec<String>| LabelSelectorRequirement {
                key: key.trim().to_string(),
                operator: operator.to_string(),
                values,
            };
        let set_values = |inside: &str| -> Vec<String> {
            inside
                .split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect()
        };
        if let Some(key) = term.strip_prefix('!') {
            selector
                .match_expressions
                .push(requirement(key, "DoesNotExist", vec![]));
        } else if let Some((key, value)) = term.split_once("!=") {
            selector.match_expressions.push(requirement(
                key,
                "NotIn",
                vec![value.trim().to_string()],
            ));
        } else if let Some((key, value)) = term.split_once("==").or_else(|| term.split_once('=')) {
            selector
                .match_labels
                .insert(key.trim().to_string(), value.trim().to_string());
        } else if let Some(index) = term.find(" notin ") {
            let inside = term[index + 7..]
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(')');
            selector.match_expressions.push(requirement(
                &term[..index],
                "NotIn",
                set_values(inside),
            ));
        } else if let Some(index) = term.find(" in ") {
            let inside = term[index + 4..]
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(')');
            selector
                .match_expressions
                .push(requirement(&term[..index], "In", set_values(inside)));
        } else if term
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        {
            selector
                .match_expressions
                .push(requirement(term, "Exists", vec![]));
        } else {
            return Err(format!("unable to parse requirement: {term}"));
        }
    }
    Ok(selector)
}
