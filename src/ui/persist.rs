//! Autosave: the learner's work kept in the browser's localStorage under one versioned key,
//! [`STORAGE_KEY`], and brought back on reload — the editor's tabs, the console history, and the
//! session's [`Journal`] (seed, preset, every input), which replays the cluster to where it was.
//!
//! The saved document, version 1:
//! `{"v":1,"journal":{…the journal's JSON…},"files":[["name","text"],…],"selected":0,"history":["kubectl get pods",…]}`
//!
//! A saved document that cannot be read (not JSON, another version, an inconsistent journal) is
//! never a blank page: it is moved aside to `sts-playground/v1/unreadable/<n>` and the page starts
//! fresh with a message. A replay that stopped the page (a panic) is caught on the next load by
//! a marker written before replaying ([`REPLAYING_KEY`]) and removed after: if the marker is
//! still there, the saved work is moved aside the same way. Storage that is full or blocked
//! (private mode, a policy) gives a message, never a panic.
//!
//! Leaves out: the play state, speed, language and the moment looked at on the timeline.
//!
//! Architecture Invariant: [`decode`] never panics and accepts only documents whose journal
//! replays; the encoding and decoding are native and tested with `cargo test`, the storage calls
//! are wasm32 only.

use serde_json::{json, Value};

use crate::sim::journal::{Journal, JOURNAL_JSON_BYTES_MAX};

/// Where the work is saved.
pub const STORAGE_KEY: &str = "sts-playground/v1";
/// Where unreadable saved work is moved, followed by a number from 1.
pub const UNREADABLE_PREFIX: &str = "sts-playground/v1/unreadable/";
/// Present while a saved session is being replayed on load.
pub const REPLAYING_KEY: &str = "sts-playground/v1/replaying";
/// The saved document's version.
pub const SAVED_VERSION: u64 = 1;
/// The largest saved document read back (the journal's own limit plus the tabs).
pub const SAVED_BYTES_MAX: usize = 2 * JOURNAL_JSON_BYTES_MAX;
/// The most tabs and history lines read back.
pub const FILES_MAX: usize = 200;
pub const HISTORY_MAX: usize = 500;
/// How many set-aside documents are kept; the oldest number is reused after that.
pub const UNREADABLE_SLOTS: u32 = 20;

/// The work as saved.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    pub journal: Journal,
    /// The editor's tabs, in order: name and text.
    pub files: Vec<(String, String)>,
    pub selected: usize,
    pub history: Vec<String>,
}

/// The saved document for this work.
pub fn encode(
    journal: &Journal,
    files: &[(String, String)],
    selected: usize,
    history: &[String],
) -> String {
    json!({
        "v": SAVED_VERSION,
        "journal": journal.to_value(),
        "files": files,
        "selected": selected,
        "history": history,
    })
    .to_string()
}

/// Reads a saved document, or says why it cannot.
pub fn decode(text: &str) -> Result<Saved, String> {
    if text.len() > SAVED_BYTES_MAX {
        return Err(format!(
            "it is {} bytes, more than the {SAVED_BYTES_MAX} this page reads",
            text.len()
        ));
    }
    let value: Value =
        serde_json::from_str(text).map_err(|error| format!("it is not valid JSON: {error}"))?;
    match value.get("v").map(Value::as_u64) {
        Some(Some(SAVED_VERSION)) => {}
        Some(Some(other)) => {
            return Err(format!(
                "it was saved in format version {other}; this page reads version {SAVED_VERSION}"
            ))
        }
        _ => return Err("it has no format version".to_string()),
    }
    let Value::Object(mut fields) = value else {
        return Err("it is not an object".to_string());
    };
    let journal = Journal::from_value(fields.remove("journal").unwrap_or(Value::Null))
        .map_err(|error| error.to_string())?;
    let files: Vec<(String, String)> =
        serde_json::from_value(fields.remove("files").unwrap_or(Value::Null))
            .map_err(|error| format!("its files cannot be read: {error}"))?;
    if files.len() > FILES_MAX {
        return Err(format!(
            "it has {} files, more than the {FILES_MAX} this page opens",
            files.len()
        ));
    }
    let selected = fields
        .get("selected")
        .and_then(Value::as_u64)
        .map_or(0, |index| index as usize);
    let history: Vec<String> =
        serde_json::from_value(fields.remove("history").unwrap_or(Value::Array(Vec::new())))
            .map_err(|error| format!("its console history cannot be read: {error}"))?;
    let skip = history.len().saturating_sub(HISTORY_MAX);
    Ok(Saved {
        journal,
        selected: selected.min(files.len().saturating_sub(1)),
        files,
        history: history.into_iter().skip(skip).collect(),
    })
}

/// Something the learner should know about their saved work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The saved work could not be read and was moved to `key`.
    Unreadable { why: String, key: String },
    /// Replaying the saved work stopped the page last time; it was moved to `key`.
    Crashed { key: String },
    /// The work cannot be saved.
    CannotSave { why: String },
}

#[cfg(target_arch = "wasm32")]
pub use storage::{load, replay_done, save, Loaded};

#[cfg(target_arch = "wasm32")]
mod storage {
    use wasm_bindgen::JsValue;
    use web_sys::Storage;

    use super::*;

    /// What the page found in storage.
    pub struct Loaded {
        pub saved: Option<Saved>,
        pub notice: Option<Notice>,
    }

    fn local_storage() -> Result<Storage, String> {
        let window = web_sys::window().ok_or("no window")?;
        match window.local_storage() {
            Ok(Some(storage)) => Ok(storage),
            Ok(None) => Err("this browser has no local storage".to_string()),
            Err(error) => Err(describe(&error)),
        }
    }

    /// A storage error's name and message (QuotaExceededError, SecurityError, …).
    fn describe(error: &JsValue) -> String {
        let field = |name: &str| {
            js_sys::Reflect::get(error, &JsValue::from_str(name))
                .ok()
                .and_then(|value| value.as_string())
        };
        match (field("name"), field("message")) {
            (Some(name), Some(message)) if !message.is_empty() => format!("{name}: {message}"),
            (Some(name), _) => name,
            _ => error
                .as_string()
                .unwrap_or_else(|| "the browser refused".to_string()),
        }
    }

    /// Reads the saved work. Unreadable work, or work whose replay stopped the page last time,
    /// is moved aside and reported. Call [`replay_done`] once the saved work has replayed.
    pub fn load() -> Loaded {
        let Ok(storage) = local_storage() else {
            // Saving will say what is wrong.
            return Loaded {
                saved: None,
                notice: None,
            };
        };
        let text = storage.get_item(STORAGE_KEY).ok().flatten();
        let crashed = storage.get_item(REPLAYING_KEY).ok().flatten().is_some();
        let _ = storage.remove_item(REPLAYING_KEY);
        let Some(text) = text else {
            return Loaded {
                saved: None,
                notice: None,
            };
        };
        if crashed {
            let key = set_aside(&storage, &text);
            return Loaded {
                saved: None,
                notice: Some(Notice::Crashed { key }),
            };
        }
        match decode(&text) {
            Ok(saved) => {
                let _ = storage.set_item(REPLAYING_KEY, "1");
                Loaded {
                    saved: Some(saved),
                    notice: None,
                }
            }
            Err(why) => {
                let key = set_aside(&storage, &text);
                Loaded {
                    saved: None,
                    notice: Some(Notice::Unreadable { why, key }),
                }
            }
        }
    }

    /// The saved work replayed without stopping the page.
    pub fn replay_done() {
        if let Ok(storage) = local_storage() {
            let _ = storage.remove_item(REPLAYING_KEY);
        }
    }

    /// Moves `text` out of the main key to the first free numbered key and returns that key.
    fn set_aside(storage: &Storage, text: &str) -> String {
        let key_of = |n: u32| format!("{UNREADABLE_PREFIX}{n}");
        let free = (1..=UNREADABLE_SLOTS)
            .find(|n| matches!(storage.get_item(&key_of(*n)), Ok(None)))
            .unwrap_or(1);
        let key = key_of(free);
        let _ = storage.remove_item(STORAGE_KEY);
        let _ = storage.set_item(&key, text);
        key
    }

    /// Saves the work; says why when the browser refuses (full, blocked).
    pub fn save(text: &str) -> Result<(), Notice> {
        let storage = local_storage().map_err(|why| Notice::CannotSave { why })?;
        storage
            .set_item(STORAGE_KEY, text)
            .map_err(|error| Notice::CannotSave {
                why: describe(&error),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::world::Preset;

    fn work() -> (Journal, Vec<(String, String)>) {
        let files = vec![
            ("a.yaml".to_string(), "kind: ConfigMap\n".to_string()),
            ("b.yaml".to_string(), "ünïcode: \"quoted\"\n".to_string()),
        ];
        let mut journal = Journal::new(Preset::Kind, 5);
        journal
            .record_line(10, "kubectl apply -f a.yaml", Some(&files))
            .expect("room");
        journal.reach(9_000);
        (journal, files)
    }

    #[test]
    fn saved_work_reads_back() {
        let (journal, files) = work();
        let history = vec!["kubectl apply -f a.yaml".to_string()];
        let text = encode(&journal, &files, 1, &history);
        assert!(text.starts_with("{\"v\":1,\"journal\":{\"v\":1,\"seed\":5,"));
        let saved = decode(&text).expect("reads back");
        assert_eq!(
            saved,
            Saved {
                journal,
                files,
                selected: 1,
                history
            }
        );
    }

    #[test]
    fn unreadable_work_says_why() {
        let (journal, files) = work();
        let good = encode(&journal, &files, 9, &[]);
        assert_eq!(decode(&good).map(|saved| saved.selected), Ok(1));
        let cases = [
            "{not json".to_string(),
            "{}".to_string(),
            "{\"v\":2}".to_string(),
            "[1]".to_string(),
            good.replace("\"seed\":5", "\"seed\":\"five\""),
            good.replace("\"files\":[[", "\"files\":[[1,"),
            good.replace("\"journal\":{\"v\":1", "\"journal\":{\"v\":7"),
            " ".repeat(SAVED_BYTES_MAX + 1),
        ];
        let report: Vec<String> = cases
            .iter()
            .map(|text| decode(text).err().unwrap_or_else(|| "ACCEPTED".into()))
            .map(|why| why.chars().take(100).collect())
            .collect();
        expect_test::expect![[r#"
            [
                "it is not valid JSON: key must be a string at line 1 column 2",
                "it has no format version",
                "it was saved in format version 2; this page reads version 1",
                "it has no format version",
                "the journal cannot be read: invalid type: string \"five\", expected u64",
                "its files cannot be read: invalid type: integer `1`, expected a string",
                "the journal is format version 7; this page reads version 1",
                "it is 8388609 bytes, more than the 8388608 this page reads",
            ]
        "#]]
        .assert_debug_eq(&report);
    }
}
