//! The journal's JSON form: compact, versioned, and read back with an error that says what is
//! wrong instead of a panic. Share links, the page's autosave and bug reports carry it.
//!
//! Version 1, one object (keys in this order when written; unknown keys are refused):
//!
//! ```json
//! {"v":1,"seed":1,"preset":"kubeadm","end":81000,
//!  "texts":["apiVersion: v1\n…","apiVersion: apps/v1\n…"],
//!  "snapshots":[[["pv-demo.yaml",0],["stateful-demo.yaml",1]]],
//!  "inputs":[{"t":1200,"line":"kubectl apply -f pv-demo.yaml","files":0},
//!            {"t":5000,"interrupt":true},
//!            {"t":7000,"pod":"default/myapp-0","fault":"crash"}]}
//! ```
//!
//! * `v` — the format version, [`JOURNAL_VERSION`]; `seed` — the cluster's seed; `preset` —
//!   `kubeadm` or `kind`; `end` — how far the session ran, in simulated milliseconds.
//! * `texts` — each distinct file text once; `snapshots` — each distinct set of files a console
//!   line could read, as `[name, index into texts]` pairs in tab order.
//! * `inputs` — in time order, `t` in simulated milliseconds since the session started: a
//!   console line as typed (`files` names its snapshot; absent for lines that read no files),
//!   Ctrl+C (`interrupt`), or a pod fault (`pod` as `namespace/name`; `fault` one of
//!   `break-readiness`, `restore-readiness`, `crash`).
//!
//! Architecture Invariant: [`Journal::from_json`] never panics and accepts at most
//! [`JOURNAL_JSON_BYTES_MAX`] bytes; whatever it accepts satisfies the journal's invariants, so
//! replaying it cannot go wrong. `from_json(to_json(j)) == j` for every journal.

use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::sim::clock::SimTime;
use crate::sim::world::Preset;

use super::input::{Fault, Input};
use super::{Entry, Journal, Snapshot};

/// The version this code writes and reads.
pub const JOURNAL_VERSION: u64 = 1;
/// The largest JSON text [`Journal::from_json`] reads: 4 MiB.
pub const JOURNAL_JSON_BYTES_MAX: usize = 4 * 1024 * 1024;

/// Why a JSON text is not a journal this code can replay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JournalError {
    /// The text is larger than [`JOURNAL_JSON_BYTES_MAX`].
    TooLarge { bytes: usize },
    /// The text is not JSON at all.
    NotJson(String),
    /// The JSON has no version number: not a journal.
    NoVersion,
    /// Another version of the format.
    Version { found: u64 },
    /// The right version, but a field is missing, mistyped or inconsistent.
    Invalid(String),
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalError::TooLarge { bytes } => write!(
                f,
                "the journal is {bytes} bytes, more than the {JOURNAL_JSON_BYTES_MAX} this page reads"
            ),
            JournalError::NotJson(why) => write!(f, "the journal is not valid JSON: {why}"),
            JournalError::NoVersion => {
                write!(f, "this is not a playground journal: it has no version (\"v\")")
            }
            JournalError::Version { found } => write!(
                f,
                "the journal is format version {found}; this page reads version {JOURNAL_VERSION}"
            ),
            JournalError::Invalid(why) => write!(f, "the journal cannot be read: {why}"),
        }
    }
}

impl std::error::Error for JournalError {}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    v: u64,
    seed: u64,
    preset: String,
    end: SimTime,
    texts: Vec<String>,
    snapshots: Vec<Vec<(String, usize)>>,
    inputs: Vec<WireInput>,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct WireInput {
    t: SimTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    files: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interrupt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pod: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fault: Option<String>,
}

impl Journal {
    /// The journal as compact JSON (the format above).
    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }

    /// The journal as a JSON value, for embedding in a larger document (the page's autosave).
    pub fn to_value(&self) -> Value {
        let mut texts: Vec<String> = Vec::new();
        let mut text_index: BTreeMap<&str, usize> = BTreeMap::new();
        let snapshots = self
            .snapshots
            .iter()
            .map(|snapshot| {
                snapshot
                    .iter()
                    .map(|(name, text)| {
                        let index = *text_index.entry(text).or_insert_with(|| {
                            texts.push(text.to_string());
                            texts.len() - 1
                        });
                        (name.clone(), index)
                    })
                    .collect()
            })
            .collect();
        let inputs = self
            .entries
            .iter()
            .map(|entry| {
                let mut wire = WireInput {
                    t: entry.at,
                    ..WireInput::default()
                };
                match &entry.input {
                    Input::Line { line, files } => {
                        wire.line = Some(line.clone());
                        wire.files = *files;
                    }
                    Input::Interrupt => wire.interrupt = Some(true),
                    Input::Fault { pod, fault } => {
                        wire.pod = Some(pod.clone());
                        wire.fault = Some(fault.name().to_string());
                    }
                }
                wire
            })
            .collect();
        let wire = Wire {
            v: JOURNAL_VERSION,
            seed: self.seed,
            preset: self.preset.name().to_string(),
            end: self.end,
            texts,
            snapshots,
            inputs,
        };
        serde_json::to_value(wire).unwrap_or(Value::Null)
    }

    /// Reads a journal written by [`Journal::to_json`]. Refuses, with a reason, anything larger
    /// than [`JOURNAL_JSON_BYTES_MAX`], any other version, and anything inconsistent (an input
    /// before the one before it, a snapshot that does not exist, an unknown preset or fault).
    pub fn from_json(text: &str) -> Result<Journal, JournalError> {
        if text.len() > JOURNAL_JSON_BYTES_MAX {
            return Err(JournalError::TooLarge { bytes: text.len() });
        }
        let value: Value =
            serde_json::from_str(text).map_err(|error| JournalError::NotJson(error.to_string()))?;
        Journal::from_value(value)
    }

    /// Reads a journal from a JSON value (see [`Journal::from_json`]).
    pub fn from_value(value: Value) -> Result<Journal, JournalError> {
        let version = match value.get("v") {
            None => return Err(JournalError::NoVersion),
            Some(v) => v
                .as_u64()
                .ok_or_else(|| JournalError::Invalid(format!("the version {v} is not a number")))?,
        };
        if version != JOURNAL_VERSION {
            return Err(JournalError::Version { found: version });
        }
        let wire: Wire = serde_json::from_value(value)
            .map_err(|error| JournalError::Invalid(error.to_string()))?;
        let preset = Preset::parse(&wire.preset).ok_or_else(|| {
            JournalError::Invalid(format!(
                "unknown preset {:?} (expected \"kubeadm\" or \"kind\")",
                wire.preset
            ))
        })?;
        let texts: Vec<Rc<str>> = wire.texts.into_iter().map(Rc::from).collect();
        let mut snapshots: Vec<Snapshot> = Vec::with_capacity(wire.snapshots.len());
        for (index, files) in wire.snapshots.into_iter().enumerate() {
            let mut snapshot = Vec::with_capacity(files.len());
            for (name, text) in files {
                let text = texts.get(text).cloned().ok_or_else(|| {
                    JournalError::Invalid(format!(
                        "snapshots[{index}] names text {text}, but there are only {}",
                        texts.len()
                    ))
                })?;
                snapshot.push((name, text));
            }
            snapshots.push(snapshot.into());
        }
        let entries = wire
            .inputs
            .into_iter()
            .enumerate()
            .map(|(index, wire)| entry(index, wire))
            .collect::<Result<Vec<Entry>, JournalError>>()?;
        Journal::from_parts(wire.seed, preset, entries, snapshots, wire.end)
            .map_err(JournalError::Invalid)
    }
}

fn entry(index: usize, wire: WireInput) -> Result<Entry, JournalError> {
    let invalid = |why: &str| JournalError::Invalid(format!("inputs[{index}]: {why}"));
    let at = wire.t;
    let input =
        match wire {
            WireInput {
                line: Some(line),
                files,
                interrupt: None,
                pod: None,
                fault: None,
                ..
            } => Input::Line { line, files },
            WireInput {
                line: None,
                files: None,
                interrupt: Some(true),
                pod: None,
                fault: None,
                ..
            } => Input::Interrupt,
            WireInput {
                line: None,
                files: None,
                interrupt: None,
                pod: Some(pod),
                fault: Some(fault),
                ..
            } => {
                let fault = Fault::parse(&fault).ok_or_else(|| {
                    invalid(&format!(
                    "unknown fault {fault:?} (expected break-readiness, restore-readiness or crash)"
                ))
                })?;
                Input::Fault { pod, fault }
            }
            _ => return Err(invalid(
                "an input is a console line (\"line\", optional \"files\"), \"interrupt\": true, \
                 or a pod fault (\"pod\" and \"fault\")",
            )),
        };
    Ok(Entry { at, input })
}
