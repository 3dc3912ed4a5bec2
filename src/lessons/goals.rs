//! The goal language of lessons: small declarative checks the core evaluates on the cluster,
//! each reported as passed or failed with a reason a learner understands, in both languages.
//!
//! One check per line, words split on spaces (`'…'` and `"…"` quote a word with spaces):
//!
//! | check | passes when |
//! |---|---|
//! | `exists KIND/NAME` | the object exists (terminating or not) |
//! | `absent KIND/NAME` | the object is gone from the API server |
//! | `ready pod/NAME` | the pod is not terminating and its `Ready` condition is `True` |
//! | `KIND/NAME {JSONPATH} = VALUE` | kubectl's `-o jsonpath` of the object prints `VALUE` |
//! | `KIND/NAME {JSONPATH} != VALUE` | it prints something else (the object must exist) |
//! | `count KIND = N` | the namespace holds `N` objects of the kind (terminating ones count) |
//! | `file pvc/NAME PATH contains TEXT` | the file `PATH` on the volume the claim is bound to contains `TEXT` |
//! | `event REASON contains TEXT` | an event with that reason has a message containing `TEXT` |
//!
//! `KIND` is anything `kubectl get` takes (`pod`, `sts`, `pvc`, `statefulsets.apps`). A `VALUE`
//! written `$name` is a value captured when the lesson started (after its setup script), which
//! is how goals about history are written: `pod/myapp-0 {.status.podIP} != $ip0` says "the IP
//! changed since the start". Everything lives in the `default` namespace.
//!
//! Left out: other namespaces, numeric comparisons other than equality, and goals about the
//! order in which things happened (lessons use the events the controllers record instead).
//!
//! Architecture Invariant: evaluation only reads the cluster (the store's `get`, `list` and
//! `events`, and the runtime's volume files); it never changes anything and never panics.

use std::collections::BTreeMap;

use serde_json::Value;

use super::words::LessonText;
use crate::sim::model::{Kind, Object};
use crate::sim::store::ObjectKey;
use crate::sim::text::jsonpath::kubectl_jsonpath;
use crate::sim::world::Cluster;
use crate::ui::i18n::{Lang, Message};

/// Every goal is evaluated in this namespace.
pub const NAMESPACE: &str = "default";
/// The longest check or value text a lesson may write.
pub const CHECK_BYTES_MAX: usize = 1_000;

/// An object a check names: `pod/myapp-0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: Kind,
    pub name: String,
}

impl Target {
    fn key(&self) -> ObjectKey {
        ObjectKey::new(self.kind, NAMESPACE, &self.name)
    }

    /// `pod/myapp-0`, as kubectl names it.
    pub fn display(&self) -> String {
        format!("{}/{}", self.kind.info().singular, self.name)
    }
}

/// What a comparison compares with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    Literal(String),
    /// `$name`: a value captured when the lesson started.
    Captured(String),
}

/// One check, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    Exists(Target),
    Absent(Target),
    Ready(Target),
    Compare {
        target: Target,
        path: String,
        equal: bool,
        expected: Expected,
    },
    Count {
        kind: Kind,
        count: usize,
    },
    FileContains {
        claim: String,
        path: String,
        text: String,
    },
    EventContains {
        reason: String,
        text: String,
    },
}

/// A value read from the cluster: `KIND/NAME {JSONPATH}`, for captures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub target: Target,
    pub path: String,
}

/// The outcome of one check: passed or not, and why, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub passed: bool,
    reason: LessonText,
    args: Vec<(&'static str, String)>,
}

impl Outcome {
    /// Why the check passed or failed, in `lang`.
    pub fn reason(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = self
            .args
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        self.reason.with(lang, &args)
    }
}

/// Values captured when a lesson started, by name.
pub type Captures = BTreeMap<String, String>;

/// Splits a check into words: spaces separate, `'…'` and `"…"` quote.
fn split_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => current.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            None => {
                current.push(c);
                in_word = true;
            }
        }
    }
    if let Some(q) = quote {
        return Err(format!("unterminated {q}quote{q}"));
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
}

fn parse_target(word: &str) -> Result<Target, String> {
    let Some((kind, name)) = word.split_once('/') else {
        return Err(format!("`{word}` should be KIND/NAME, such as pod/myapp-0"));
    };
    let Some(kind) = Kind::from_resource_arg(kind) else {
        return Err(format!("`{kind}` is not a kind kubectl knows"));
    };
    if name.is_empty() || name.contains('/') {
        return Err(format!("`{word}` should be KIND/NAME, such as pod/myapp-0"));
    }
    Ok(Target {
        kind,
        name: name.to_string(),
    })
}

fn parse_path(word: &str) -> Result<String, String> {
    if !(word.starts_with('{') && word.ends_with('}')) {
        return Err(format!(
            "`{word}` should be a jsonpath template in braces, such as {{.status.podIP}}"
        ));
    }
    // Parse once now so a broken template is an error of the lesson, not of a learner's run.
    crate::sim::text::jsonpath::JsonPath::parse(word)
        .map(|_| word.to_string())
        .map_err(|error| format!("bad jsonpath {word}: {error}"))
}

/// Reads a probe: `KIND/NAME {JSONPATH}`.
pub fn parse_probe(text: &str) -> Result<Probe, String> {
    if text.len() > CHECK_BYTES_MAX {
        return Err(format!("longer than {CHECK_BYTES_MAX} bytes"));
    }
    match split_words(text)?.as_slice() {
        [target, path] => Ok(Probe {
            target: parse_target(target)?,
            path: parse_path(path)?,
        }),
        _ => Err("a capture is KIND/NAME {JSONPATH}, such as pod/myapp-0 {.status.podIP}".into()),
    }
}

/// Reads a check; the error says what is wrong in words for the lesson's author.
pub fn parse_check(text: &str) -> Result<Check, String> {
    if text.len() > CHECK_BYTES_MAX {
        return Err(format!("longer than {CHECK_BYTES_MAX} bytes"));
    }
    let words = split_words(text)?;
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["exists", target] => Ok(Check::Exists(parse_target(target)?)),
        ["absent", target] => Ok(Check::Absent(parse_target(target)?)),
        ["ready", target] => {
            let target = parse_target(target)?;
            if target.kind != Kind::Pod {
                return Err("`ready` takes a pod: ready pod/NAME".into());
            }
            Ok(Check::Ready(target))
        }
        ["count", kind, "=", number] => Ok(Check::Count {
            kind: Kind::from_resource_arg(kind)
                .ok_or_else(|| format!("`{kind}` is not a kind kubectl knows"))?,
            count: number
                .parse()
                .map_err(|_| format!("`{number}` is not a count"))?,
        }),
        ["file", claim, path, "contains", text] => {
            let target = parse_target(claim)?;
            if target.kind != Kind::PersistentVolumeClaim {
                return Err("`file` takes a claim: file pvc/NAME PATH contains TEXT".into());
            }
            if !path.starts_with('/') {
                return Err(format!(
                    "`{path}` should be a path on the volume, starting with /"
                ));
            }
            Ok(Check::FileContains {
                claim: target.name,
                path: path.to_string(),
                text: text.to_string(),
            })
        }
        ["event", reason, "contains", text] => Ok(Check::EventContains {
            reason: reason.to_string(),
            text: text.to_string(),
        }),
        [target, path, operator @ ("=" | "!="), value] => {
            let expected = match value.strip_prefix('$') {
                Some(name) if !name.is_empty() => Expected::Captured(name.to_string()),
                _ => Expected::Literal(value.to_string()),
            };
            Ok(Check::Compare {
                target: parse_target(target)?,
                path: parse_path(path)?,
                equal: *operator == "=",
                expected,
            })
        }
        _ => Err(format!(
            "cannot read the check `{text}`: expected one of exists KIND/NAME, absent KIND/NAME, \
             ready pod/NAME, KIND/NAME {{JSONPATH}} = VALUE (or !=), count KIND = N, \
             file pvc/NAME PATH contains TEXT, event REASON contains TEXT"
        )),
    }
}

impl Check {
    /// The capture names the check refers to.
    pub fn captures_used(&self) -> Option<&str> {
        match self {
            Check::Compare {
                expected: Expected::Captured(name),
                ..
            } => Some(name),
            _ => None,
        }
    }
}

fn outcome(passed: bool, reason: LessonText, args: Vec<(&'static str, String)>) -> Outcome {
    Outcome {
        passed,
        reason,
        args,
    }
}

/// The text kubectl's `-o jsonpath` prints for the object, or an error message.
fn read_path(object: &Object, path: &str) -> Result<String, String> {
    kubectl_jsonpath(path, &object.to_json())
}

/// Reads a probe on the cluster; a missing object reads as empty, like a missing field.
pub fn read_probe(cluster: &Cluster, probe: &Probe) -> String {
    cluster
        .store
        .get(&probe.target.key())
        .and_then(|object| read_path(object, &probe.path).ok())
        .unwrap_or_default()
}

fn shown(value: &str) -> String {
    if value.is_empty() {
        "\"\"".to_string()
    } else {
        value.to_string()
    }
}

/// Is the pod's `Ready` condition `True`, and if not, what kubectl's STATUS-like word says.
fn pod_ready(object: &Object) -> Result<(), String> {
    let json = object.to_json();
    let ready = json
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .and_then(|conditions| {
            conditions
                .iter()
                .find(|c| c.get("type").and_then(Value::as_str) == Some("Ready"))
        })
        .and_then(|c| c.get("status"))
        .and_then(Value::as_str)
        == Some("True");
    if ready {
        return Ok(());
    }
    let waiting = json
        .pointer("/status/containerStatuses/0/state/waiting/reason")
        .and_then(Value::as_str);
    let phase = json
        .pointer("/status/phase")
        .and_then(Value::as_str)
        .unwrap_or("Pending");
    Err(waiting.unwrap_or(phase).to_string())
}

/// Evaluates one check on the cluster. `captures` holds the values taken at the lesson's start.
pub fn evaluate(cluster: &Cluster, check: &Check, captures: &Captures) -> Outcome {
    let store = &cluster.store;
    match check {
        Check::Exists(target) => {
            let object = vec![("object", target.display())];
            if store.get(&target.key()).is_some() {
                outcome(true, LessonText::Exists, object)
            } else {
                outcome(false, LessonText::Missing, object)
            }
        }
        Check::Absent(target) => {
            let object = vec![("object", target.display())];
            match store.get(&target.key()) {
                None => outcome(true, LessonText::Gone, object),
                Some(o) if o.meta().deletion_timestamp.is_some() => {
                    outcome(false, LessonText::Terminating, object)
                }
                Some(_) => outcome(false, LessonText::StillThere, object),
            }
        }
        Check::Ready(target) => {
            let mut args = vec![("object", target.display())];
            match store.get(&target.key()) {
                None => outcome(false, LessonText::Missing, args),
                Some(o) if o.meta().deletion_timestamp.is_some() => {
                    outcome(false, LessonText::Terminating, args)
                }
                Some(o) => match pod_ready(o) {
                    Ok(()) => outcome(true, LessonText::Ready, args),
                    Err(status) => {
                        args.push(("status", status));
                        outcome(false, LessonText::NotReady, args)
                    }
                },
            }
        }
        Check::Compare {
            target,
            path,
            equal,
            expected,
        } => {
            let mut args = vec![("object", target.display()), ("path", path.clone())];
            let Some(object) = store.get(&target.key()) else {
                return outcome(false, LessonText::Missing, args);
            };
            let actual = match read_path(object, path) {
                Ok(actual) => actual,
                Err(error) => {
                    args.push(("error", error));
                    return outcome(false, LessonText::JsonPathError, args);
                }
            };
            let wanted = match expected {
                Expected::Literal(text) => text.clone(),
                Expected::Captured(name) => captures.get(name).cloned().unwrap_or_default(),
            };
            let passed = (actual == wanted) == *equal;
            args.push(("actual", shown(&actual)));
            let reason = match (equal, expected, passed) {
                (true, _, true) => LessonText::ValueIs,
                (true, _, false) => {
                    args.push(("wanted", shown(&wanted)));
                    LessonText::ValueIsNot
                }
                (false, Expected::Captured(_), true) => {
                    args.push(("before", shown(&wanted)));
                    LessonText::ValueChanged
                }
                (false, Expected::Captured(_), false) => LessonText::ValueUnchanged,
                (false, Expected::Literal(_), _) => LessonText::ValueIs,
            };
            outcome(passed, reason, args)
        }
        Check::Count { kind, count } => {
            let actual = store.list(*kind, Some(NAMESPACE)).count();
            let mut args = vec![
                ("actual", actual.to_string()),
                ("kind", kind.info().plural.to_string()),
            ];
            if actual == *count {
                outcome(true, LessonText::Count, args)
            } else {
                args.push(("wanted", count.to_string()));
                outcome(false, LessonText::CountNot, args)
            }
        }
        Check::FileContains { claim, path, text } => {
            let target = Target {
                kind: Kind::PersistentVolumeClaim,
                name: claim.clone(),
            };
            let mut args = vec![("object", target.display())];
            let Some(object) = store.get(&target.key()) else {
                return outcome(false, LessonText::Missing, args);
            };
            let volume = object
                .as_pvc()
                .and_then(|pvc| pvc.spec.volume_name.clone())
                .unwrap_or_default();
            if volume.is_empty() {
                return outcome(false, LessonText::ClaimUnbound, args);
            }
            args.push(("volume", volume.clone()));
            args.push(("file", path.clone()));
            let contents = cluster
                .runtime
                .volumes
                .get(&volume)
                .and_then(|tree| tree.read(path).ok());
            match contents {
                None => outcome(false, LessonText::VolumeEmpty, args),
                Some(contents) => {
                    let passed = contents.contains(text.as_str());
                    args.push(("text", format!("\"{text}\"")));
                    let reason = if passed {
                        LessonText::FileHas
                    } else {
                        LessonText::FileLacks
                    };
                    outcome(passed, reason, args)
                }
            }
        }
        Check::EventContains { reason, text } => {
            let seen = store
                .events()
                .any(|event| event.reason == *reason && event.message.contains(text.as_str()));
            let args = vec![("reason", reason.clone()), ("text", format!("\"{text}\""))];
            if seen {
                outcome(true, LessonText::EventSeen, args)
            } else {
                outcome(false, LessonText::EventMissing, args)
            }
        }
    }
}

#[cfg(test)]
mod tests;
