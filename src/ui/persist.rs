//! Autosave: the learner's work kept in the browser's localStorage under one versioned key,
//! [`STORAGE_KEY`], and brought back on reload — the editor's tabs, the console history, and the
//! session's [`Journal`] (seed, preset, every input), which replays the cluster to where it was.
//!
//! The saved document, version 1:
//! `{"v":1,"journal":{…the journal's JSON…},"files":[["name","text"],…],"selected":0,"history":["kubectl get pods",…],"link":"#lesson=network-identity"}`
//! (`link`, the link the work was opened from, is left out when there was none; documents saved
//! before it existed read as work without a link).
//!
//! A link or a lesson opened over the learner's work never loses it: the work is kept under
//! [`PREVIOUS_KEY`] (one slot) and the page offers to bring it back, which swaps the two. A
//! reload of the page the work came from (the same `#lesson=` or `#share=` link) keeps the work
//! instead of opening the link again.
//!
//! A saved document that cannot be read (not JSON, another version, an inconsistent journal) is
//! never a blank page: it is moved aside to `sts-playground/v1/unreadable/<n>` and the page starts
//! fresh with a message. A replay that stopped the page (a panic) is caught on the next load by
//! a marker written before replaying ([`REPLAYING_KEY`]) and removed after: if the marker is
//! still there, the saved work is moved aside the same way. Storage that is full or blocked
//! (private mode, a policy) gives a message, never a panic.
//!
//! The work is saved 250 ms after a change, and at once when the page is hidden or left
//! (`pagehide`, `visibilitychange`).
//!
//! An embedded page (`?embed`, in a tutorial's `<iframe>`) keeps its work in a [`Slot`] of its
//! own, named after the link it opens, so that a tutorial's embeds never overwrite the
//! learner's work in the full playground, nor each other's.
//!
//! Leaves out: more than one earlier piece of work; the play state, speed, language and the moment looked at on the timeline.
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
/// Where the work a link or lesson replaced is kept.
pub const PREVIOUS_KEY: &str = "sts-playground/v1/previous";
/// Where an embedded page's work is kept, followed by a hash of the link it opens.
pub const EMBED_PREFIX: &str = "sts-playground/v1/embed/";

/// Where one page keeps its work: the full playground's [`STORAGE_KEY`], or an embed's own key.
/// The replay marker and the earlier work are kept beside it (`…/replaying`, `…/previous`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    key: String,
}

impl Slot {
    /// The full playground's.
    pub fn main() -> Slot {
        Slot {
            key: STORAGE_KEY.to_string(),
        }
    }

    /// An embedded page's, for the link it opens (`None`: the notes' playground). Named by a
    /// 64-bit FNV-1a hash, as a share link can be 64 KiB long.
    pub fn embedded(origin: Option<&str>) -> Slot {
        let hash = origin
            .unwrap_or("")
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            });
        Slot {
            key: format!("{EMBED_PREFIX}{hash:016x}"),
        }
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn replaying_key(&self) -> String {
        format!("{}/replaying", self.key)
    }

    pub fn previous_key(&self) -> String {
        format!("{}/previous", self.key)
    }
}
/// The longest link read back (a share link is at most 64 KiB, plus its `#share=`).
pub const LINK_BYTES_MAX: usize = 64 * 1024 + 16;

/// The work as saved.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    pub journal: Journal,
    /// The editor's tabs, in order: name and text.
    pub files: Vec<(String, String)>,
    pub selected: usize,
    pub history: Vec<String>,
    /// The link the work was opened from (`#lesson=…` or `#share=…`), if any.
    pub link: Option<String>,
}

/// True for the page as it first opens: nothing run, no link, the notes' files untouched. Such
/// work is not worth keeping when a link replaces it.
pub fn untouched(journal: &Journal, files: &[(String, String)], link: Option<&str>) -> bool {
    let examples = &crate::ui::state::EXAMPLE_FILES;
    journal.entries().is_empty()
        && link.is_none()
        && files.len() == examples.len()
        && files
            .iter()
            .zip(examples.iter())
            .all(|((name, text), example)| name == example.name && text == example.text)
}

/// The saved document for this work.
pub fn encode(
    journal: &Journal,
    files: &[(String, String)],
    selected: usize,
    history: &[String],
    link: Option<&str>,
) -> String {
    let mut document = json!({
        "v": SAVED_VERSION,
        "journal": journal.to_value(),
        "files": files,
        "selected": selected,
        "history": history,
    });
    if let (Some(link), Value::Object(fields)) = (link, &mut document) {
        fields.insert("link".to_string(), Value::String(link.to_string()));
    }
    document.to_string()
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
    // A link the page could not have written is dropped, not fatal: the work itself reads.
    let link = match fields.remove("link") {
        Some(Value::String(link))
            if link.len() <= LINK_BYTES_MAX
                && (link.starts_with("#lesson=") || link.starts_with("#share=")) =>
        {
            Some(link)
        }
        _ => None,
    };
    Ok(Saved {
        journal,
        selected: selected.min(files.len().saturating_sub(1)),
        files,
        history: history.into_iter().skip(skip).collect(),
        link,
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

/// What bringing back the earlier work found.
#[derive(Clone, Debug, PartialEq)]
pub enum Previous {
    /// The earlier work; the work it replaces is kept in its place.
    Back(Box<Saved>),
    /// There is no earlier work.
    Missing,
    /// The earlier work could not be read; it was moved to `key`.
    Unreadable { why: String, key: String },
}

#[cfg(target_arch = "wasm32")]
pub use storage::{keep_previous, load, replay_done, save, swap_previous, Loaded};

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
    pub fn load(slot: &Slot) -> Loaded {
        let Ok(storage) = local_storage() else {
            // Saving will say what is wrong.
            return Loaded {
                saved: None,
                notice: None,
            };
        };
        let text = storage.get_item(slot.key()).ok().flatten();
        let crashed = storage
            .get_item(&slot.replaying_key())
            .ok()
            .flatten()
            .is_some();
        let _ = storage.remove_item(&slot.replaying_key());
        let Some(text) = text else {
            return Loaded {
                saved: None,
                notice: None,
            };
        };
        if crashed {
            let key = set_aside(&storage, slot.key(), &text);
            return Loaded {
                saved: None,
                notice: Some(Notice::Crashed { key }),
            };
        }
        match decode(&text) {
            Ok(saved) => {
                let _ = storage.set_item(&slot.replaying_key(), "1");
                Loaded {
                    saved: Some(saved),
                    notice: None,
                }
            }
            Err(why) => {
                let key = set_aside(&storage, slot.key(), &text);
                Loaded {
                    saved: None,
                    notice: Some(Notice::Unreadable { why, key }),
                }
            }
        }
    }

    /// The saved work replayed without stopping the page.
    pub fn replay_done(slot: &Slot) {
        if let Ok(storage) = local_storage() {
            let _ = storage.remove_item(&slot.replaying_key());
        }
    }

    /// Moves `text` out of `from` to the first free numbered key and returns that key.
    fn set_aside(storage: &Storage, from: &str, text: &str) -> String {
        let key_of = |n: u32| format!("{UNREADABLE_PREFIX}{n}");
        let free = (1..=UNREADABLE_SLOTS)
            .find(|n| matches!(storage.get_item(&key_of(*n)), Ok(None)))
            .unwrap_or(1);
        let key = key_of(free);
        let _ = storage.remove_item(from);
        let _ = storage.set_item(&key, text);
        key
    }

    /// Saves the work; says why when the browser refuses (full, blocked).
    pub fn save(slot: &Slot, text: &str) -> Result<(), Notice> {
        save_at(slot.key(), text)
    }

    fn save_at(key: &str, text: &str) -> Result<(), Notice> {
        let storage = local_storage().map_err(|why| Notice::CannotSave { why })?;
        storage
            .set_item(key, text)
            .map_err(|error| Notice::CannotSave {
                why: describe(&error),
            })
    }

    /// Keeps `text` (the work a link or lesson is about to replace) as the earlier work.
    pub fn keep_previous(slot: &Slot, text: &str) -> Result<(), Notice> {
        save_at(&slot.previous_key(), text)
    }

    /// Brings back the earlier work and keeps `current` (the work on the page now) in its
    /// place, so that the swap can be undone the same way.
    pub fn swap_previous(slot: &Slot, current: &str) -> Previous {
        let Ok(storage) = local_storage() else {
            return Previous::Missing;
        };
        let previous_key = slot.previous_key();
        let Some(text) = storage.get_item(&previous_key).ok().flatten() else {
            return Previous::Missing;
        };
        match decode(&text) {
            Ok(saved) => {
                let _ = storage.set_item(&previous_key, current);
                Previous::Back(Box::new(saved))
            }
            Err(why) => {
                let key = set_aside(&storage, &previous_key, &text);
                Previous::Unreadable { why, key }
            }
        }
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
        let text = encode(&journal, &files, 1, &history, None);
        assert!(text.starts_with("{\"v\":1,\"journal\":{\"v\":1,\"seed\":5,"));
        assert!(!text.contains("\"link\""), "{text}");
        let saved = decode(&text).expect("reads back");
        let expected = Saved {
            journal,
            files,
            selected: 1,
            history,
            link: None,
        };
        assert_eq!(saved, expected);
        let linked = encode(
            &expected.journal,
            &expected.files,
            1,
            &expected.history,
            Some("#lesson=network-identity"),
        );
        assert_eq!(
            decode(&linked).map(|saved| saved.link),
            Ok(Some("#lesson=network-identity".to_string()))
        );
    }

    #[test]
    fn a_link_the_page_could_not_have_written_is_dropped() {
        let (journal, files) = work();
        let links = [
            Some("javascript:alert(1)".to_string()),
            Some(format!("#share={}", "a".repeat(LINK_BYTES_MAX))),
            Some("#lesson=stable-storage".to_string()),
        ];
        let read: Vec<Option<String>> = links
            .iter()
            .map(|link| encode(&journal, &files, 0, &[], link.as_deref()))
            .map(|text| decode(&text).expect("the work reads").link)
            .collect();
        assert_eq!(
            read,
            vec![None, None, Some("#lesson=stable-storage".into())]
        );
        let mut numbered = encode(&journal, &files, 0, &[], None);
        numbered.pop();
        numbered.push_str(",\"link\":7}");
        assert_eq!(decode(&numbered).map(|saved| saved.link), Ok(None));
    }

    #[test]
    fn the_full_page_and_each_embed_keep_their_work_apart() {
        let main = Slot::main();
        assert_eq!(main.key(), STORAGE_KEY);
        assert_eq!(main.replaying_key(), REPLAYING_KEY);
        assert_eq!(main.previous_key(), PREVIOUS_KEY);
        let lesson = Slot::embedded(Some("#lesson=stable-storage"));
        let other = Slot::embedded(Some("#lesson=ordered-scaling"));
        let plain = Slot::embedded(None);
        assert!(
            lesson.key().starts_with(EMBED_PREFIX) && lesson.key().len() == EMBED_PREFIX.len() + 16
        );
        assert_eq!(lesson, Slot::embedded(Some("#lesson=stable-storage")));
        let keys = [main.key(), lesson.key(), other.key(), plain.key()];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(lesson.previous_key(), format!("{}/previous", lesson.key()));
    }

    #[test]
    fn only_the_untouched_first_page_is_not_worth_keeping() {
        let examples: Vec<(String, String)> = crate::ui::state::EXAMPLE_FILES
            .iter()
            .map(|file| (file.name.to_string(), file.text.to_string()))
            .collect();
        let fresh = Saved {
            journal: Journal::new(Preset::Kubeadm, 1),
            files: examples.clone(),
            selected: 0,
            history: Vec::new(),
            link: None,
        };
        let is_untouched =
            |saved: &Saved| untouched(&saved.journal, &saved.files, saved.link.as_deref());
        assert!(is_untouched(&fresh));
        let mut edited = fresh.clone();
        edited.files[1].1.push_str("# mine\n");
        let (journal, _) = work();
        let ran = Saved {
            journal,
            ..fresh.clone()
        };
        let linked = Saved {
            link: Some("#lesson=network-identity".into()),
            ..fresh.clone()
        };
        let closed_a_tab = Saved {
            files: examples[..1].to_vec(),
            ..fresh
        };
        for touched in [edited, ran, linked, closed_a_tab] {
            assert!(!is_untouched(&touched), "{touched:?}");
        }
    }

    #[test]
    fn unreadable_work_says_why() {
        let (journal, files) = work();
        let good = encode(&journal, &files, 9, &[], None);
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
