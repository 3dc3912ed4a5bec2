//! `kubectl wait --for=…` as kubectl 1.34 runs it (`kubectl/pkg/cmd/wait/{wait,condition,
//! delete,json,create}.go`).
//!
//! The named or selected objects are visited one after the other, as kubectl's builder visits
//! them; each is watched until its condition holds, then `<kind>/<name> condition met` is
//! printed and the next object's turn begins. All objects share one deadline, `--timeout`
//! after the command started (default 30 s; 0 checks once; negative means a week). Errors are
//! gathered and printed at the end, as kubectl's `ContinueOnError` visitor does.
//!
//! Conditions (1.34 takes a single `--for`; the last one given wins):
//! * `delete`: met when the object is gone or replaced by a new object of the same name (a
//!   StatefulSet re-creating `web-0` counts as a deletion, as kubectl's watch sees a DELETED
//!   event). An object that is already missing when its turn comes is skipped silently: the
//!   builder's NotFound is ignored for `delete`, so kubectl prints nothing for it and exits 0.
//! * `create`: polls every 500 ms until the objects exist, then reports each as met.
//! * `condition=NAME[=VALUE]`: `status.conditions[type=NAME].status` equals VALUE (default
//!   `true`), both compared case-insensitively; a condition whose `observedGeneration` (or the
//!   status's) is older than `metadata.generation` does not count. The object may disappear
//!   and come back meanwhile (a StatefulSet pod being re-created); only a missing object at the
//!   start of its turn is an error.
//! * `jsonpath={.path}[=VALUE]`: the path must give exactly one scalar, printed as Go's `%v`
//!   and compared to VALUE after trimming spaces; without VALUE any result counts.
//!
//! Left out: `--field-selector` (accepted, not applied), `--local`, and printers other than the
//! name printer and `-o yaml|json`.
//!
//! Architecture Invariant: `wait` never changes the cluster; every loop is bounded by the
//! number of objects it visits.

use std::collections::VecDeque;

use serde_json::Value;

use crate::sim::clock::{SimTime, SECOND_MS};
use crate::sim::kubectl::args::{self, boolean, value, FlagSpec};
use crate::sim::kubectl::printers;
use crate::sim::kubectl::resources::{self, Selection};
use crate::sim::kubectl::rollout::{duration_flag, Errors};
use crate::sim::kubectl::{Context, Invocation, Output, Stream, Waiter};
use crate::sim::model::{Kind, LabelSelector, Object};
use crate::sim::store::{ApiError, ObjectKey};
use crate::sim::text::gofmt;
use crate::sim::text::jsonpath::JsonPath;
use crate::sim::world::Cluster;

/// kubectl wait's default `--timeout`.
pub const WAIT_TIMEOUT_MS_DEFAULT: i64 = 30 * SECOND_MS as i64;
/// What a negative `--timeout` means: a week.
pub const WAIT_TIMEOUT_MS_NEGATIVE: SimTime = 168 * 60 * 60 * SECOND_MS;
/// How often `--for=create` looks for the objects.
pub const CREATE_POLL_MS: SimTime = 500;

const WAIT_FLAGS: &[FlagSpec] = &[
    value("for", None),
    value("timeout", None),
    value("filename", Some('f')),
    boolean("recursive", Some('R')),
    value("kustomize", Some('k')),
    value("selector", Some('l')),
    value("field-selector", None),
    boolean("all", None),
    boolean("all-namespaces", Some('A')),
    value("output", Some('o')),
    boolean("allow-missing-template-keys", None),
    boolean("show-managed-fields", None),
    value("template", None),
    boolean("help", Some('h')),
];

/// What `--for` asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    Delete,
    Create,
    Status {
        name: String,
        value: String,
    },
    JsonPath {
        expression: String,
        value: Option<String>,
    },
}

/// Parses `--for` (`conditionFuncFor`).
pub fn parse_condition(text: Option<&str>) -> Result<Condition, String> {
    let text = text.unwrap_or("");
    let lower = text.to_lowercase();
    if lower == "delete" {
        return Ok(Condition::Delete);
    }
    if lower == "create" {
        return Ok(Condition::Create);
    }
    if let Some(rest) = text.strip_prefix("condition=") {
        let (name, value) = match rest.split_once('=') {
            Some((name, value)) => (name, value),
            None => (rest, "true"),
        };
        return Ok(Condition::Status {
            name: name.to_string(),
            value: value.to_string(),
        });
    }
    if let Some(rest) = text.strip_prefix("jsonpath=") {
        let (expression, value) = process_jsonpath_input(rest)?;
        if expression.is_empty() {
            return Err("error: jsonpath expression cannot be empty".into());
        }
        JsonPath::parse(&expression).map_err(|e| format!("error: {e}"))?;
        return Ok(Condition::JsonPath { expression, value });
    }
    Err(format!(
        "error: unrecognized condition: {}",
        gofmt::quote(text)
    ))
}

/// Splits `{.a}=b` at every `=` that is not part of `==` (`splitJSONPathInput`).
fn split_jsonpath_input(input: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut element = String::new();
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '=' {
            if chars.peek() == Some(&'=') {
                chars.next();
                element.push_str("==");
                continue;
            }
            parts.push(std::mem::take(&mut element));
            continue;
        }
        element.push(c);
    }
    parts.push(element);
    parts
}

/// `processJSONPathInput`: the relaxed expression and the expected value.
fn process_jsonpath_input(input: &str) -> Result<(String, Option<String>), String> {
    let parts = split_jsonpath_input(input);
    if parts.len() > 2 {
        return Err("error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'".into());
    }
    let expression = relaxed_jsonpath(&parts[0])?;
    let Some(raw_value) = parts.get(1) else {
        return Ok((expression, None));
    };
    let value = raw_value.trim_matches(|c| c == '\'' || c == '"');
    if value.is_empty() {
        return Err("error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3".into());
    }
    Ok((expression, Some(value.to_string())))
}

/// kubectl's `RelaxedJSONPathExpression`: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all mean
/// `{.a.b}`.
pub fn relaxed_jsonpath(text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Ok(String::new());
    }
    // `\.?([^{}]+)`, anchored: the optional dot is dropped only if something is left.
    let capture = |body: &str| -> Option<String> {
        if body.is_empty() || body.contains(['{', '}']) {
            return None;
        }
        match body.strip_prefix('.') {
            Some(rest) if !rest.is_empty() => Some(rest.to_string()),
            _ => Some(body.to_string()),
        }
    };
    let braced = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .and_then(capture);
    match braced.or_else(|| capture(text)) {
        Some(field) => Ok(format!("{{.{field}}}")),
        None => Err("error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into()),
    }
}

/// Unicode case-insensitive equality (Go's `strings.EqualFold`, approximated by lower-casing).
fn equal_fold(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

/// `ConditionalWait.checkCondition` over the object's JSON.
fn check_status_condition(object: &Value, name: &str, wanted: &str) -> bool {
    let Some(conditions) = object
        .get("status")
        .and_then(|s| s.get("conditions"))
        .and_then(Value::as_array)
    else {
        return false;
    };
    for condition in conditions {
        if !condition.is_object() {
            continue;
        }
        let Some(type_) = condition.get("type").and_then(Value::as_str) else {
            continue;
        };
        if !equal_fold(type_, name) {
            continue;
        }
        let Some(status) = condition.get("status").and_then(Value::as_str) else {
            continue;
        };
        let generation = object
            .get("metadata")
            .and_then(|m| m.get("generation"))
            .and_then(Value::as_i64);
        if let Some(generation) = generation {
            let observed = condition
                .get("observedGeneration")
                .and_then(Value::as_i64)
                .or_else(|| {
                    object
                        .get("status")
                        .and_then(|s| s.get("observedGeneration"))
                        .and_then(Value::as_i64)
                });
            if observed.is_some_and(|observed| observed < generation) {
                return false;
            }
        }
        return equal_fold(status, wanted);
    }
    false
}

/// `JSONPathWait.checkCondition` over the object's JSON.
fn check_jsonpath(object: &Value, expression: &str, wanted: Option<&str>) -> Result<bool, String> {
    let mut path = JsonPath::parse(expression)?.allow_missing_keys(true);
    let results = path.find_results(object)?;
    let Some(first) = results.first().filter(|r| !r.is_empty()) else {
        return Ok(false);
    };
    if results.len() > 1 {
        return Err("given jsonpath expression matches more than one list".into());
    }
    if first.len() > 1 {
        return Err("given jsonpath expression matches more than one value".into());
    }
    let Some(wanted) = wanted else {
        return Ok(true);
    };
    match &first[0] {
        Value::Object(_) | Value::Array(_) => {
            Err("jsonpath leads to a nested object or list which is not supported".into())
        }
        value => Ok(gofmt::value_v(value).trim() == wanted.trim()),
    }
}

/// How the objects of the command are found.
#[derive(Debug, Clone)]
enum Targets {
    Keys(Vec<ObjectKey>),
    Listing {
        kinds: Vec<Kind>,
        namespace: Option<String>,
        selector: Option<LabelSelector>,
    },
}

impl Targets {
    fn resolve(&self, cluster: &Cluster) -> Vec<ObjectKey> {
        match self {
            Targets::Keys(keys) => keys.clone(),
            Targets::Listing {
                kinds,
                namespace,
                selector,
            } => kinds
                .iter()
                .flat_map(|kind| {
                    cluster
                        .store
                        .list(*kind, namespace.as_deref())
                        .filter(|o| {
                            selector
                                .as_ref()
                                .is_none_or(|s| s.matches(&o.meta().labels))
                        })
                        .map(ObjectKey::of)
                        .collect::<Vec<_>>()
                })
                .collect(),
        }
    }

    /// Whether `--for=create` has found what it waits for.
    fn created(&self, cluster: &Cluster) -> bool {
        match self {
            Targets::Keys(keys) => keys.iter().all(|k| cluster.store.contains(k)),
            Targets::Listing { .. } => !self.resolve(cluster).is_empty(),
        }
    }
}

/// `kubectl wait ([-f FILE] | TYPE/NAME | TYPE [-l SEL | --all]) --for=…`
pub fn wait(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, WAIT_FLAGS, "kubectl wait")?;
    if args.bool("help", false) {
        ctx.out.out("Wait for a specific condition on one or many resources.\n\nUsage:\n  kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]\n");
        return Ok(Invocation::Done(0));
    }
    let output = args.value("output").unwrap_or("").to_string();
    if !["", "name", "yaml", "json"].contains(&output.as_str()) {
        return Err(format!(
            "error: unable to match a printer suitable for the output format \"{output}\", allowed formats are: json,name,yaml"
        ));
    }
    let timeout =
        duration_flag(&args, "timeout", "kubectl wait")?.unwrap_or(WAIT_TIMEOUT_MS_DEFAULT);
    let condition = parse_condition(args.value("for"))?;
    let targets = if args.has("filename") {
        let mut keys = Vec::new();
        for source in resources::read_files(ctx, &args)? {
            for item in source.objects {
                let mut object = item.object;
                resources::settle_namespace(&mut object, &args)?;
                keys.push(ObjectKey::of(&object));
            }
        }
        Targets::Keys(keys)
    } else {
        match resources::select(&args, &args.positional, true)? {
            Selection::Named(keys) => Targets::Keys(keys),
            Selection::Listing {
                kinds,
                namespace,
                selector,
            } => {
                if selector.is_none() && !args.bool("all", false) {
                    return Err(
                        "error: resource(s) were provided, but no name was specified".into(),
                    );
                }
                Targets::Listing {
                    kinds,
                    namespace,
                    selector,
                }
            }
        }
    };
    let now = ctx.cluster.now;
    let deadline = match timeout {
        t if t < 0 => now + WAIT_TIMEOUT_MS_NEGATIVE,
        t => now + t as SimTime,
    };
    let creating = condition == Condition::Create;
    let pending = if creating {
        VecDeque::new()
    } else {
        targets.resolve(ctx.cluster).into()
    };
    Ok(Invocation::Waiting(Box::new(WaitWaiter {
        condition,
        targets,
        creating,
        started: now,
        next_create_poll: now,
        pending,
        current: None,
        check_once: timeout == 0,
        deadline,
        visited: 0,
        errors: Errors::default(),
        output,
    })))
}

/// The object whose turn it is, and the uid it had when the turn began.
#[derive(Debug, Clone)]
struct Turn {
    key: ObjectKey,
    uid: String,
    last_seen: Option<Object>,
}

/// `kubectl wait`: one object after the other, one shared deadline.
pub struct WaitWaiter {
    condition: Condition,
    targets: Targets,
    creating: bool,
    started: SimTime,
    next_create_poll: SimTime,
    pending: VecDeque<ObjectKey>,
    current: Option<Turn>,
    check_once: bool,
    deadline: SimTime,
    visited: usize,
    errors: Errors,
    output: String,
}

impl WaitWaiter {
    /// Whether the condition holds for the object now (`Err` is the condition's own error).
    fn evaluate(&self, object: Option<&Object>, uid: &str) -> Result<bool, String> {
        match &self.condition {
            Condition::Delete => Ok(object.is_none_or(|o| o.meta().uid != uid)),
            Condition::Create => Ok(object.is_some()),
            Condition::Status { name, value } => {
                Ok(object.is_some_and(|o| check_status_condition(&o.to_json(), name, value)))
            }
            Condition::JsonPath { expression, value } => match object {
                None => Ok(false),
                Some(o) => check_jsonpath(&o.to_json(), expression, value.as_deref()),
            },
        }
    }

    /// `pod/web-0 condition met`, or the object in the `-o` format.
    fn print_met(&self, out: &mut Output, key: &ObjectKey, object: Option<&Object>) {
        let name = format!("{}/{}", key.kind.qualified_singular(), key.name);
        match self.output.as_str() {
            "name" => out.out(name),
            "yaml" => {
                if let Some(object) = object {
                    out.raw(Stream::Stdout, printers::to_yaml(&object.to_json()));
                }
            }
            "json" => {
                if let Some(object) = object {
                    out.out(printers::to_json(&object.to_json()));
                }
            }
            _ => out.out(format!("{name} condition met")),
        }
    }

    fn resource_slash_name(key: &ObjectKey) -> String {
        format!("{}/{}", key.kind.info().plural, key.name)
    }

    fn finish(&mut self, out: &mut Output) -> i32 {
        if self.errors.is_empty() && self.visited == 0 && self.condition != Condition::Delete {
            out.err("error: no matching resources found");
            return 1;
        }
        self.errors.finish(out)
    }

    /// `--for=create`: looks on a 500 ms grid; true once the wait may go on.
    fn poll_create(&mut self, cluster: &Cluster) -> Result<bool, ()> {
        if cluster.now < self.next_create_poll {
            return Ok(false);
        }
        if self.targets.created(cluster) {
            self.creating = false;
            self.pending = self.targets.resolve(cluster).into();
            return Ok(true);
        }
        if cluster.now >= self.deadline {
            return Err(());
        }
        let elapsed = cluster.now.saturating_sub(self.started);
        self.next_create_poll = self.started + (elapsed / CREATE_POLL_MS + 1) * CREATE_POLL_MS;
        Ok(false)
    }
}

impl Waiter for WaitWaiter {
    fn poll(&mut self, cluster: &mut Cluster, out: &mut Output) -> Option<i32> {
        if self.creating {
            match self.poll_create(cluster) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(()) => {
                    out.err("error: timed out waiting for the condition");
                    return Some(1);
                }
            }
        }
        // Each pass either finishes an object or returns, so this bound is never reached.
        let passes = 2 * (self.pending.len() + 1) + 2;
        for _ in 0..passes {
            let Some(turn) = self.current.as_mut() else {
                let Some(key) = self.pending.pop_front() else {
                    return Some(self.finish(out));
                };
                let Some(object) = cluster.store.get(&key) else {
                    if self.condition != Condition::Delete {
                        self.errors.api(&ApiError::not_found(key.kind, &key.name));
                    }
                    continue;
                };
                self.visited += 1;
                let object = object.clone();
                let uid = object.meta().uid.clone();
                if self.condition == Condition::Create {
                    self.print_met(out, &key, Some(&object));
                    continue;
                }
                if self.check_once {
                    match self.evaluate(Some(&object), &uid) {
                        Ok(true) => self.print_met(out, &key, Some(&object)),
                        Ok(false) => self.errors.plain(format!(
                            "condition not met for {}",
                            Self::resource_slash_name(&key)
                        )),
                        Err(message) => self.errors.plain(message),
                    }
                    continue;
                }
                if cluster.now >= self.deadline {
                    self.errors.plain(format!(
                        "timed out waiting for the condition on {}",
                        Self::resource_slash_name(&key)
                    ));
                    continue;
                }
                self.current = Some(Turn {
                    key,
                    uid,
                    last_seen: Some(object),
                });
                continue;
            };
            let object = cluster.store.get(&turn.key);
            if let Some(object) = object {
                if object.meta().uid == turn.uid || self.condition != Condition::Delete {
                    turn.last_seen = Some(object.clone());
                }
            }
            let turn = turn.clone();
            match self.evaluate(object, &turn.uid) {
                Err(message) => {
                    self.errors.plain(message);
                    self.current = None;
                    continue;
                }
                Ok(true) => {
                    self.print_met(out, &turn.key, turn.last_seen.as_ref());
                    self.current = None;
                    continue;
                }
                Ok(false) => {}
            }
            if cluster.now >= self.deadline {
                self.errors.plain(format!(
                    "timed out waiting for the condition on {}",
                    Self::resource_slash_name(&turn.key)
                ));
                self.current = None;
                continue;
            }
            return None;
        }
        self.errors.plain("internal error: wait made no progress");
        Some(self.finish(out))
    }

    fn deadline(&self) -> SimTime {
        if self.creating {
            self.next_create_poll.min(self.deadline)
        } else {
            self.deadline
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_parse_like_kubectl() {
        assert_eq!(parse_condition(Some("Delete")), Ok(Condition::Delete));
        assert_eq!(
            parse_condition(Some("condition=Ready=false")),
            Ok(Condition::Status {
                name: "Ready".into(),
                value: "false".into()
            })
        );
        assert_eq!(
            parse_condition(Some("jsonpath={.status.phase}=Running")),
            Ok(Condition::JsonPath {
                expression: "{.status.phase}".into(),
                value: Some("Running".into())
            })
        );
        assert_eq!(
            parse_condition(Some("jsonpath=status.readyReplicas")),
            Ok(Condition::JsonPath {
                expression: "{.status.readyReplicas}".into(),
                value: None
            })
        );
        assert_eq!(
            parse_condition(None),
            Err("error: unrecognized condition: \"\"".into())
        );
        assert_eq!(
            parse_condition(Some("Condition=Ready")),
            Err("error: unrecognized condition: \"Condition=Ready\"".into())
        );
        assert_eq!(
            parse_condition(Some("jsonpath={.a}=")),
            Err("error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3".into())
        );
        assert_eq!(
            parse_condition(Some("jsonpath={.a}=b=c")),
            Err("error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'".into())
        );
        assert_eq!(
            parse_condition(Some("jsonpath=")),
            Err("error: jsonpath expression cannot be empty".into())
        );
        assert_eq!(
            parse_condition(Some("jsonpath={.a")),
            Err("error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into())
        );
    }

    #[test]
    fn jsonpath_values_compare_as_go_prints_them() {
        let object =
            serde_json::json!({"status": {"phase": "Running", "readyReplicas": 3, "list": [1, 2]}});
        assert_eq!(
            check_jsonpath(&object, "{.status.phase}", Some("Running")),
            Ok(true)
        );
        assert_eq!(
            check_jsonpath(&object, "{.status.readyReplicas}", Some(" 3 ")),
            Ok(true)
        );
        assert_eq!(
            check_jsonpath(&object, "{.status.missing}", None),
            Ok(false)
        );
        assert_eq!(
            check_jsonpath(&object, "{.status.list[*]}", Some("1")),
            Err("given jsonpath expression matches more than one value".into())
        );
        assert_eq!(
            check_jsonpath(&object, "{.status.list}", Some("1")),
            Err("jsonpath leads to a nested object or list which is not supported".into())
        );
    }

    #[test]
    fn status_conditions_fold_case_and_respect_generations() {
        let ready = serde_json::json!({
            "metadata": {"generation": 2},
            "status": {"observedGeneration": 2, "conditions": [{"type": "Ready", "status": "True"}]}
        });
        assert!(check_status_condition(&ready, "ready", "true"));
        assert!(!check_status_condition(&ready, "Ready", "false"));
        let stale = serde_json::json!({
            "metadata": {"generation": 3},
            "status": {"conditions": [{"type": "Ready", "status": "True", "observedGeneration": 2}]}
        });
        assert!(!check_status_condition(&stale, "Ready", "True"));
    }
}
