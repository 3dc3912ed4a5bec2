//! Everything the page remembers, and the only ways it changes: [`PageState`] and
//! [`PageAction`], in the manner of Yew's `function_todomvc` example. [`PageState::apply`] is a
//! pure function of the old state and one action; it never touches the simulation. What the
//! simulation said (output, a new view, the clock) arrives inside an action as an [`Update`]
//! from [`crate::ui::engine::Engine`].
//!
//! Leaves out: anything drawn. This file knows nothing of HTML and compiles natively, so its
//! tests run with `cargo test`.
//!
//! Architecture Invariant: every collection here is bounded (console text, history, files), so a
//! long session cannot grow the page without limit.

use std::rc::Rc;

use crate::sim::view::{self, ClockView, ClusterView, DiagnosticView};

/// One manifest file the page opens with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExampleFile {
    /// The file name as the tutorial uses it with `kubectl apply -f`.
    pub name: &'static str,
    /// The file's YAML text.
    pub text: &'static str,
}

/// The tutorial's manifests, in the order the notes apply them: the PersistentVolumes first,
/// because the StatefulSet's claims need volumes to bind to.
pub const EXAMPLE_FILES: [ExampleFile; 2] = [
    ExampleFile {
        name: "pv-demo.yaml",
        text: include_str!("../../examples/pv-demo.yaml"),
    },
    ExampleFile {
        name: "stateful-demo.yaml",
        text: include_str!("../../examples/stateful-demo.yaml"),
    },
];

/// The speeds the time control offers, as multiples of real time.
pub const SPEEDS: [f64; 6] = [0.5, 1.0, 2.0, 5.0, 10.0, 20.0];
/// The speed the page starts at (an index into [`SPEEDS`]).
pub const SPEED_INDEX_DEFAULT: usize = 1;
/// The most characters the console keeps; the oldest entries go first.
pub const CONSOLE_CHARS_MAX: usize = 400_000;
/// The most commands the console history keeps.
pub const HISTORY_MAX: usize = 500;

/// What kind of text a console entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// `$ kubectl get pods`: what the learner typed.
    Prompt,
    Stdout,
    Stderr,
    /// The playground's own words (`^C`, help), not kubectl's.
    Note,
}

/// A piece of console text. Pieces are not lines: kubectl may print part of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleEntry {
    /// Unique within a page, for keyed rendering.
    pub id: u64,
    pub kind: EntryKind,
    pub text: String,
}

/// What the simulation reported after a command, a frame or a step.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Update {
    /// New console text, in terminal order.
    pub output: Vec<(EntryKind, String)>,
    /// The command still running afterwards, as typed (without `kubectl `'s prompt).
    pub running: Option<String>,
    /// A new cluster view, when anything in the store changed.
    pub view: Option<Rc<ClusterView>>,
    /// The clock afterwards.
    pub clock: Option<ClockView>,
    /// The learner typed `clear`.
    pub clear_console: bool,
}

/// One file in the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorFile {
    pub name: String,
    pub text: String,
    /// Bumped on every edit; diagnostics computed for an older revision are dropped.
    pub revision: u64,
    pub diagnostics: Vec<DiagnosticView>,
    /// The revision the diagnostics were computed for.
    pub diagnostics_revision: u64,
}

impl EditorFile {
    pub fn new(name: &str, text: &str) -> EditorFile {
        EditorFile {
            name: name.to_string(),
            text: text.to_string(),
            revision: 0,
            diagnostics: view::diagnostics(name, text),
            diagnostics_revision: 0,
        }
    }
}

/// The console: its text, the line being typed, and the history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsoleState {
    pub entries: Vec<ConsoleEntry>,
    pub next_entry_id: u64,
    /// Characters held in `entries`.
    pub chars: usize,
    /// The line being typed.
    pub input: String,
    /// Commands entered, oldest first.
    pub history: Vec<String>,
    /// The history entry shown in the input while browsing with ↑/↓.
    pub history_cursor: Option<usize>,
    /// What was typed before browsing started, restored by ↓ past the newest entry.
    pub draft: String,
}

impl ConsoleState {
    fn push(&mut self, kind: EntryKind, text: String) {
        if text.is_empty() {
            return;
        }
        // Consecutive pieces of the same stream are joined, so the console holds few entries.
        if let Some(last) = self.entries.last_mut() {
            if last.kind == kind && kind != EntryKind::Prompt && !text.starts_with("$ ") {
                self.chars += text.len();
                last.text.push_str(&text);
                self.trim();
                return;
            }
        }
        self.chars += text.len();
        self.entries.push(ConsoleEntry {
            id: self.next_entry_id,
            kind,
            text,
        });
        self.next_entry_id += 1;
        self.trim();
    }

    fn trim(&mut self) {
        let mut drop = 0;
        let mut chars = self.chars;
        while chars > CONSOLE_CHARS_MAX && drop + 1 < self.entries.len() {
            chars -= self.entries[drop].text.len();
            drop += 1;
        }
        if drop > 0 {
            self.entries.drain(..drop);
            self.chars = chars;
        }
    }

    fn clear(&mut self) {
        self.entries.clear();
        self.chars = 0;
    }
}

/// Everything the page remembers.
#[derive(Clone, Debug, PartialEq)]
pub struct PageState {
    /// Whether the app has mounted; shown as the root element's `data-ready`.
    pub is_mounted: bool,
    pub files: Rc<Vec<EditorFile>>,
    /// Index into `files` of the selected tab.
    pub selected_file: usize,
    pub console: Rc<ConsoleState>,
    /// The command still running, as typed.
    pub running: Option<String>,
    /// Whether simulated time flows with real time.
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed_index: usize,
    pub clock: ClockView,
    pub view: Rc<ClusterView>,
}

/// The only ways [`PageState`] changes.
#[derive(Clone, Debug, PartialEq)]
pub enum PageAction {
    /// The app's first render reached the document.
    Mounted,
    /// The learner chose a file tab.
    SelectFile(usize),
    /// The learner edited a file.
    EditFile {
        index: usize,
        text: String,
    },
    /// Diagnostics computed (debounced) for one revision of a file.
    Diagnostics {
        index: usize,
        revision: u64,
        diagnostics: Vec<DiagnosticView>,
    },
    /// The console's input line changed.
    ConsoleInput(String),
    /// ↑ in the console.
    HistoryPrevious,
    /// ↓ in the console.
    HistoryNext,
    /// A line was entered (typed and Enter, or a button that types it): it goes into the
    /// history and is echoed after the prompt.
    Submitted(String),
    /// The simulation reported something.
    Updated(Update),
    Play,
    Pause,
    SetSpeed(usize),
    /// The classroom (lessons, share links) replaced the session or wrote a file.
    Classroom(ClassroomAction),
}

// --- Classroom: lessons and share links (src/ui/lessons.rs) ---

/// What opening a lesson or a shared playground does to the page.
#[derive(Clone, Debug, PartialEq)]
pub enum ClassroomAction {
    /// A new session: the editor's tabs become `files` (the first selected), the console and
    /// its history are emptied (the history is what a share link replays) and nothing runs. The view and clock follow in an [`Update`].
    Reset { files: Vec<(String, String)> },
    /// A script wrote a file (a heredoc): the tab is replaced, or added at the end.
    WriteFile { name: String, text: String },
}

impl PageState {
    fn apply_classroom(&mut self, action: ClassroomAction) {
        match action {
            ClassroomAction::Reset { files } => {
                self.files = Rc::new(
                    files
                        .iter()
                        .map(|(name, text)| EditorFile::new(name, text))
                        .collect(),
                );
                self.selected_file = 0;
                self.console = Rc::new(ConsoleState::default());
                self.running = None;
            }
            ClassroomAction::WriteFile { name, text } => {
                let files = Rc::make_mut(&mut self.files);
                match files.iter().position(|file| file.name == name) {
                    Some(index) => {
                        if let Some(file) = files.get_mut(index) {
                            *file = EditorFile {
                                revision: file.revision + 1,
                                diagnostics_revision: file.revision + 1,
                                ..EditorFile::new(&name, &text)
                            };
                        }
                    }
                    None => files.push(EditorFile::new(&name, &text)),
                }
            }
        }
    }
}

impl PageState {
    /// The page as it opens: the notes' files, an empty console, time flowing at 1×.
    pub fn new(view: ClusterView) -> PageState {
        PageState {
            is_mounted: false,
            files: Rc::new(
                EXAMPLE_FILES
                    .iter()
                    .map(|file| EditorFile::new(file.name, file.text))
                    .collect(),
            ),
            selected_file: 0,
            console: Rc::new(ConsoleState::default()),
            running: None,
            playing: true,
            speed_index: SPEED_INDEX_DEFAULT,
            clock: view.clock.clone(),
            view: Rc::new(view),
        }
    }

    pub fn speed(&self) -> f64 {
        SPEEDS
            .get(self.speed_index)
            .copied()
            .unwrap_or(SPEEDS[SPEED_INDEX_DEFAULT])
    }

    pub fn selected(&self) -> Option<&EditorFile> {
        self.files.get(self.selected_file)
    }

    /// The session's files: every tab, by name.
    pub fn file_contents(&self) -> Vec<(String, String)> {
        self.files
            .iter()
            .map(|file| (file.name.clone(), file.text.clone()))
            .collect()
    }

    /// The state after `action`. Pure: no simulation, no browser.
    pub fn apply(mut self, action: PageAction) -> PageState {
        match action {
            PageAction::Mounted => self.is_mounted = true,
            PageAction::SelectFile(index) => {
                if index < self.files.len() {
                    self.selected_file = index;
                }
            }
            PageAction::EditFile { index, text } => {
                let changed = self.files.get(index).is_some_and(|file| file.text != text);
                if changed {
                    if let Some(file) = Rc::make_mut(&mut self.files).get_mut(index) {
                        file.text = text;
                        file.revision += 1;
                    }
                }
            }
            PageAction::Diagnostics {
                index,
                revision,
                diagnostics,
            } => {
                let current = self
                    .files
                    .get(index)
                    .is_some_and(|file| file.revision == revision);
                if current {
                    if let Some(file) = Rc::make_mut(&mut self.files).get_mut(index) {
                        file.diagnostics = diagnostics;
                        file.diagnostics_revision = revision;
                    }
                }
            }
            PageAction::ConsoleInput(text) => {
                let console = Rc::make_mut(&mut self.console);
                console.input = text;
                console.history_cursor = None;
            }
            PageAction::HistoryPrevious => {
                if self.console.history.is_empty() {
                    return self;
                }
                let console = Rc::make_mut(&mut self.console);
                let cursor = match console.history_cursor {
                    None => {
                        console.draft = console.input.clone();
                        console.history.len() - 1
                    }
                    Some(cursor) => cursor.saturating_sub(1),
                };
                console.history_cursor = Some(cursor);
                console.input = console.history[cursor].clone();
            }
            PageAction::HistoryNext => {
                let Some(cursor) = self.console.history_cursor else {
                    return self;
                };
                let console = Rc::make_mut(&mut self.console);
                if cursor + 1 < console.history.len() {
                    console.history_cursor = Some(cursor + 1);
                    console.input = console.history[cursor + 1].clone();
                } else {
                    console.history_cursor = None;
                    console.input = std::mem::take(&mut console.draft);
                }
            }
            PageAction::Submitted(line) => {
                let console = Rc::make_mut(&mut self.console);
                let trimmed = line.trim();
                if !trimmed.is_empty()
                    && console.history.last().map(String::as_str) != Some(trimmed)
                {
                    console.history.push(trimmed.to_string());
                    if console.history.len() > HISTORY_MAX {
                        console.history.remove(0);
                    }
                }
                console.history_cursor = None;
                console.draft.clear();
                console.input.clear();
                console.push(EntryKind::Prompt, format!("$ {line}\n"));
            }
            PageAction::Updated(update) => {
                if update.clear_console || !update.output.is_empty() {
                    let console = Rc::make_mut(&mut self.console);
                    if update.clear_console {
                        console.clear();
                    }
                    for (kind, text) in update.output {
                        console.push(kind, text);
                    }
                }
                self.running = update.running;
                if let Some(view) = update.view {
                    self.view = view;
                }
                if let Some(clock) = update.clock {
                    self.clock = clock;
                }
            }
            PageAction::Play => self.playing = true,
            PageAction::Pause => self.playing = false,
            PageAction::SetSpeed(index) => {
                if index < SPEEDS.len() {
                    self.speed_index = index;
                }
            }
            PageAction::Classroom(action) => self.apply_classroom(action),
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::view::cluster_view;
    use crate::sim::world::{Cluster, Preset};

    fn fresh() -> PageState {
        PageState::new(cluster_view(&Cluster::new(Preset::Kubeadm, 1)))
    }

    fn apply_all(state: PageState, actions: Vec<PageAction>) -> PageState {
        actions.into_iter().fold(state, PageState::apply)
    }

    #[test]
    fn opens_on_the_notes_files_playing_at_one_times() {
        let state = fresh();
        let names: Vec<&str> = state.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["pv-demo.yaml", "stateful-demo.yaml"]);
        assert!(state.files.iter().all(|f| f.diagnostics.is_empty()));
        assert!(state.playing);
        assert_eq!(state.speed(), 1.0);
        assert!(!state.is_mounted);
    }

    #[test]
    fn stale_diagnostics_are_dropped() {
        let state = apply_all(
            fresh(),
            vec![
                PageAction::EditFile {
                    index: 0,
                    text: "a: [".into(),
                },
                PageAction::EditFile {
                    index: 0,
                    text: "a: [\n".into(),
                },
            ],
        );
        assert_eq!(state.files[0].revision, 2);
        let row = DiagnosticView {
            line: 1,
            column: 1,
            path: String::new(),
            message: "x".into(),
            is_error: true,
        };
        let stale = state.clone().apply(PageAction::Diagnostics {
            index: 0,
            revision: 1,
            diagnostics: vec![row.clone()],
        });
        assert!(stale.files[0].diagnostics.is_empty());
        let fresh = state.apply(PageAction::Diagnostics {
            index: 0,
            revision: 2,
            diagnostics: vec![row],
        });
        assert_eq!(fresh.files[0].diagnostics.len(), 1);
        assert_eq!(fresh.files[0].diagnostics_revision, 2);
    }

    #[test]
    fn history_walks_back_and_forward_and_restores_the_draft() {
        let mut state = apply_all(
            fresh(),
            vec![
                PageAction::Submitted("kubectl get pods".into()),
                PageAction::Submitted("kubectl get pvc".into()),
                PageAction::Submitted("kubectl get pvc".into()),
                PageAction::ConsoleInput("kubectl get p".into()),
            ],
        );
        assert_eq!(
            state.console.history,
            ["kubectl get pods", "kubectl get pvc"]
        );
        let mut seen = Vec::new();
        for action in [
            PageAction::HistoryPrevious,
            PageAction::HistoryPrevious,
            PageAction::HistoryPrevious,
            PageAction::HistoryNext,
            PageAction::HistoryNext,
            PageAction::HistoryNext,
        ] {
            state = state.apply(action);
            seen.push(state.console.input.clone());
        }
        assert_eq!(
            seen,
            [
                "kubectl get pvc",
                "kubectl get pods",
                "kubectl get pods",
                "kubectl get pvc",
                "kubectl get p",
                "kubectl get p"
            ]
        );
    }

    #[test]
    fn console_output_is_joined_per_stream_and_bounded() {
        let mut state = fresh().apply(PageAction::Submitted("kubectl get pods".into()));
        state = state.apply(PageAction::Updated(Update {
            output: vec![
                (EntryKind::Stdout, "NAME ".into()),
                (EntryKind::Stdout, "READY\n".into()),
                (EntryKind::Stderr, "oops\n".into()),
            ],
            ..Update::default()
        }));
        let texts: Vec<(EntryKind, &str)> = state
            .console
            .entries
            .iter()
            .map(|e| (e.kind, e.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                (EntryKind::Prompt, "$ kubectl get pods\n"),
                (EntryKind::Stdout, "NAME READY\n"),
                (EntryKind::Stderr, "oops\n")
            ]
        );
        let big = "x".repeat(CONSOLE_CHARS_MAX / 3);
        for _ in 0..10 {
            state = state
                .apply(PageAction::Submitted("echo".into()))
                .apply(PageAction::Updated(Update {
                    output: vec![(EntryKind::Stdout, big.clone())],
                    ..Update::default()
                }));
        }
        assert!(state.console.chars <= CONSOLE_CHARS_MAX);
        assert_eq!(
            state.console.chars,
            state
                .console
                .entries
                .iter()
                .map(|e| e.text.len())
                .sum::<usize>()
        );
        let cleared = state.apply(PageAction::Updated(Update {
            clear_console: true,
            ..Update::default()
        }));
        assert!(cleared.console.entries.is_empty());
    }

    #[test]
    fn out_of_range_indices_change_nothing() {
        let state = fresh();
        let same = apply_all(
            state.clone(),
            vec![
                PageAction::SelectFile(9),
                PageAction::SetSpeed(99),
                PageAction::EditFile {
                    index: 7,
                    text: "x".into(),
                },
                PageAction::HistoryNext,
                PageAction::HistoryPrevious,
            ],
        );
        assert_eq!(same, state);
    }
}
