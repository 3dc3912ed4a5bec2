//! The session journal: everything a learner gave a session, in order, each input stamped with
//! the simulated instant it happened at. Seed + preset + the journal reproduce the session: the
//! same cluster and the same console text, byte for byte. The journal is the page's undo (the
//! timeline replays it to an earlier moment and forks from there), its autosave, its bug report
//! and the base of share links.
//!
//! * [`input`] — the inputs (console lines, Ctrl+C, pod faults) and what each does to a
//!   [`Session`](crate::sim::session::Session); the live page and the replay share it.
//! * [`replay`] — a fresh session from seed and preset, replayed to a [`Moment`].
//! * [`codec`] — the compact, versioned JSON form ([`Journal::to_json`], [`Journal::from_json`]).
//!
//! Time passing is not an input: the simulation is deterministic, so an input's instant is all a
//! replay needs. The journal only remembers how far the session had run ([`Journal::end`]).
//!
//! The files a console line could read are stored as snapshots: each distinct set of files once,
//! each line naming its snapshot by index, and unchanged file texts shared between snapshots.
//!
//! Leaves out: the editor's unsaved text (the page saves its tabs beside the journal), speed and
//! play state, and anything the page shows but the session does not compute.
//!
//! Architecture Invariant: entries are in non-decreasing time order, every entry's instant is at
//! most [`Journal::end`], and every snapshot index an entry names exists. The journal holds at
//! most [`INPUTS_MAX`] inputs and [`SNAPSHOTS_MAX`] snapshots; beyond them it refuses to record
//! and says so ([`JournalFull`]).

pub mod codec;
pub mod input;
pub mod replay;

use std::rc::Rc;

use crate::sim::clock::SimTime;
use crate::sim::world::Preset;

pub use codec::{JournalError, JOURNAL_JSON_BYTES_MAX, JOURNAL_VERSION};
pub use input::{ConsoleKind, Effect, Fault, Input};
pub use replay::{replay, Replayed};

/// The most inputs one journal holds.
pub const INPUTS_MAX: usize = 20_000;
/// The most distinct file snapshots one journal holds.
pub const SNAPSHOTS_MAX: usize = 2_000;

/// One file as a console line could read it: its name and its text.
pub type File = (String, Rc<str>);
/// The files a console line could read, in the editor's tab order. Shared by every line that
/// saw the same files.
pub type Snapshot = Rc<[File]>;

/// One input and the simulated instant it happened at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub at: SimTime,
    pub input: Input,
}

/// A point on the timeline: the simulated instant, and how many inputs had happened by then.
/// Several inputs may share an instant (commands typed while time stood still), so the count
/// tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment {
    pub at: SimTime,
    pub inputs: usize,
}

impl Moment {
    /// The session's very start: time 0, nothing done yet.
    pub const START: Moment = Moment { at: 0, inputs: 0 };
}

/// The journal refused an input because it holds as many as it may.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JournalFull;

/// Seed, preset, and every input of one session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Journal {
    pub seed: u64,
    pub preset: Preset,
    entries: Vec<Entry>,
    snapshots: Vec<Snapshot>,
    end: SimTime,
}

impl Journal {
    /// An empty journal: a session that has not started.
    pub fn new(preset: Preset, seed: u64) -> Journal {
        Journal {
            seed,
            preset,
            entries: Vec::new(),
            snapshots: Vec::new(),
            end: 0,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn snapshots(&self) -> &[Snapshot] {
        &self.snapshots
    }

    /// How far the session had run: the last instant it reached.
    pub fn end(&self) -> SimTime {
        self.end
    }

    /// The moment the session is at now: every input, at its end.
    pub fn now(&self) -> Moment {
        Moment {
            at: self.end,
            inputs: self.entries.len(),
        }
    }

    /// Whether the next input would be refused.
    pub fn is_full(&self) -> bool {
        self.entries.len() >= INPUTS_MAX
    }

    /// Notes that the session has run to `at` (never backwards).
    pub fn reach(&mut self, at: SimTime) {
        self.end = self.end.max(at);
    }

    /// Records a console line typed at `at`; `files` are the files it could read (`None` for a
    /// line that reads none). Returns the recorded input.
    pub fn record_line(
        &mut self,
        at: SimTime,
        line: &str,
        files: Option<&[(String, String)]>,
    ) -> Result<&Entry, JournalFull> {
        if self.is_full() {
            return Err(JournalFull);
        }
        let files = match files {
            Some(files) => Some(self.intern(files)?),
            None => None,
        };
        self.push(
            at,
            Input::Line {
                line: line.to_string(),
                files,
            },
        )
    }

    /// Records an input that carries no files (Ctrl+C, a pod fault).
    pub fn record(&mut self, at: SimTime, input: Input) -> Result<&Entry, JournalFull> {
        if self.is_full() {
            return Err(JournalFull);
        }
        let input = match input {
            // A line's files must come through `record_line`, which stores them.
            Input::Line { line, .. } => Input::Line { line, files: None },
            other => other,
        };
        self.push(at, input)
    }

    fn push(&mut self, at: SimTime, input: Input) -> Result<&Entry, JournalFull> {
        // Time never runs backwards within a session; an earlier stamp is a caller's slip and
        // is moved up to keep the order.
        let at = at.max(self.entries.last().map_or(0, |entry| entry.at));
        self.reach(at);
        self.entries.push(Entry { at, input });
        self.entries.last().ok_or(JournalFull)
    }

    /// The index of the snapshot holding exactly `files`, stored now if it is new.
    fn intern(&mut self, files: &[(String, String)]) -> Result<usize, JournalFull> {
        let same = |snapshot: &Snapshot| {
            snapshot.len() == files.len()
                && snapshot
                    .iter()
                    .zip(files)
                    .all(|((name, text), (other_name, other_text))| {
                        name == other_name && **text == **other_text
                    })
        };
        // The usual case first: the files did not change since the last line.
        if let Some(index) = self.snapshots.iter().rposition(same) {
            return Ok(index);
        }
        if self.snapshots.len() >= SNAPSHOTS_MAX {
            return Err(JournalFull);
        }
        let previous = self.snapshots.last().cloned();
        let snapshot: Snapshot = files
            .iter()
            .map(|(name, text)| {
                // An unchanged file shares its text with the previous snapshot.
                let shared = previous.as_ref().and_then(|previous| {
                    previous
                        .iter()
                        .find(|(old_name, old_text)| old_name == name && **old_text == **text)
                        .map(|(_, old_text)| old_text.clone())
                });
                (
                    name.clone(),
                    shared.unwrap_or_else(|| Rc::from(text.as_str())),
                )
            })
            .collect();
        self.snapshots.push(snapshot);
        Ok(self.snapshots.len() - 1)
    }

    /// The moment at `at` with every input made by then.
    pub fn moment_at(&self, at: SimTime) -> Moment {
        let at = at.min(self.end);
        Moment {
            at,
            inputs: self.entries.partition_point(|entry| entry.at <= at),
        }
    }

    /// The moment just after the input at `index`.
    pub fn moment_after(&self, index: usize) -> Option<Moment> {
        self.entries.get(index).map(|entry| Moment {
            at: entry.at,
            inputs: index + 1,
        })
    }

    /// `moment` made consistent with this journal: within its time, its inputs, and with the
    /// input count matching the instant.
    pub fn clamp(&self, moment: Moment) -> Moment {
        let at = moment.at.min(self.end);
        let first = self.entries.partition_point(|entry| entry.at < at);
        let last = self.entries.partition_point(|entry| entry.at <= at);
        Moment {
            at,
            inputs: moment.inputs.clamp(first, last),
        }
    }

    /// Forgets everything after `moment`: the inputs made later and the time run since. The
    /// snapshots no remaining input names go too. This is the timeline's fork.
    pub fn truncate(&mut self, moment: Moment) {
        let moment = self.clamp(moment);
        self.entries.truncate(moment.inputs);
        self.end = moment.at;
        let used = self
            .entries
            .iter()
            .filter_map(|entry| match &entry.input {
                Input::Line { files, .. } => *files,
                _ => None,
            })
            .max();
        // Snapshots are stored in order of first use, so those still named are a prefix.
        self.snapshots.truncate(used.map_or(0, |index| index + 1));
    }

    /// The console lines, oldest first (the console's history after a reload).
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().filter_map(|entry| match &entry.input {
            Input::Line { line, .. } => Some(line.as_str()),
            _ => None,
        })
    }

    /// Builds a journal from parts, checking the invariants (the codec's way in).
    fn from_parts(
        seed: u64,
        preset: Preset,
        entries: Vec<Entry>,
        snapshots: Vec<Snapshot>,
        end: SimTime,
    ) -> Result<Journal, String> {
        if entries.len() > INPUTS_MAX {
            return Err(format!(
                "{} inputs, more than the {INPUTS_MAX} a journal holds",
                entries.len()
            ));
        }
        if snapshots.len() > SNAPSHOTS_MAX {
            return Err(format!(
                "{} file snapshots, more than the {SNAPSHOTS_MAX} a journal holds",
                snapshots.len()
            ));
        }
        let mut previous = 0;
        for (index, entry) in entries.iter().enumerate() {
            if entry.at < previous {
                return Err(format!(
                    "inputs[{index}] happens at {} ms, before the input before it ({previous} ms)",
                    entry.at
                ));
            }
            previous = entry.at;
            if let Input::Line {
                files: Some(files), ..
            } = &entry.input
            {
                if *files >= snapshots.len() {
                    return Err(format!(
                        "inputs[{index}] reads file snapshot {files}, but there are only {}",
                        snapshots.len()
                    ));
                }
            }
        }
        if end < previous {
            return Err(format!(
                "the session ends at {end} ms, before its last input ({previous} ms)"
            ));
        }
        Ok(Journal {
            seed,
            preset,
            entries,
            snapshots,
            end,
        })
    }
}

#[cfg(test)]
mod tests;
