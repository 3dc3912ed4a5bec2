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

use crate::sim::model::Kind;
use crate::sim::view::{self, ClockView, ClusterView, DiagnosticView};
use crate::ui::console_complete::Completion;
use crate::ui::engine::TimelineView;

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
    // --- timeline (journal, replay, autosave) ---
    /// The timeline, when its inputs or the moment shown changed.
    pub timeline: Option<TimelineView>,
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
    // Cluster view, console completion (view engineer).
    /// The words Tab found for the last word, when more than one fits.
    pub candidates: Vec<String>,
    /// Bumped when something asks the console's input to take the focus (the Shell action).
    pub focus_requests: u64,
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
    // --- timeline (journal, replay, autosave) ---
    /// The session's inputs as marks, and the earlier moment shown, if any.
    pub timeline: TimelineView,
    /// A message about the saved work (it could not be read, or cannot be saved), shown until
    /// dismissed.
    pub saved_state_message: Option<String>,
    // Cluster view, inspector and event log (view engineer).
    /// The object the learner clicked, shown in the inspector and marked in the cluster.
    pub selected: Option<ObjectRef>,
    /// `kubectl describe` and `-o yaml` of the selected object, as the session printed them.
    pub inspection: Option<Rc<Inspection>>,
    /// The event log shows only events whose object contains this text.
    pub event_filter: String,
}

/// One object of the cluster, as kubectl names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRef {
    pub kind: Kind,
    /// Empty for cluster-scoped kinds.
    pub namespace: String,
    pub name: String,
}

impl ObjectRef {
    pub fn new(kind: Kind, namespace: &str, name: &str) -> ObjectRef {
        ObjectRef {
            kind,
            namespace: if kind.namespaced() {
                namespace.to_string()
            } else {
                String::new()
            },
            name: name.to_string(),
        }
    }

    /// `pod/myapp-0`, as kubectl's `kind/name` arguments and the event log write it.
    pub fn label(&self) -> String {
        format!("{}/{}", self.kind.info().singular, self.name)
    }

    /// Reads the event log's `pod/myapp-0` (the namespace is the event's).
    pub fn parse(object: &str, namespace: &str) -> Option<ObjectRef> {
        let (kind, name) = object.split_once('/')?;
        let kind = Kind::from_resource_arg(kind)?;
        (!name.is_empty()).then(|| ObjectRef::new(kind, namespace, name))
    }

    fn with_namespace(&self, mut words: Vec<String>) -> Vec<String> {
        if self.kind.namespaced() && self.namespace != "default" && !self.namespace.is_empty() {
            words.push("-n".into());
            words.push(self.namespace.clone());
        }
        words
    }

    /// `describe pod myapp-0` (the words after `kubectl`).
    pub fn describe_argv(&self) -> Vec<String> {
        self.with_namespace(vec![
            "describe".into(),
            self.kind.info().singular.into(),
            self.name.clone(),
        ])
    }

    /// `get pod myapp-0 -o yaml`.
    pub fn yaml_argv(&self) -> Vec<String> {
        self.with_namespace(vec![
            "get".into(),
            self.kind.info().singular.into(),
            self.name.clone(),
            "-o".into(),
            "yaml".into(),
        ])
    }
}

/// What the inspector shows for one object at one store version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    pub target: ObjectRef,
    /// The store's resourceVersion the texts were printed at.
    pub resource_version: u64,
    pub describe: String,
    pub yaml: String,
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
    // --- timeline (journal, replay, autosave) ---
    /// Saved work came back on reload: its tabs, the selected one and the console history.
    Restored {
        files: Vec<(String, String)>,
        selected: usize,
        history: Vec<String>,
    },
    /// Something about the saved work the learner should know (shown until dismissed).
    SavedStateMessage(String),
    DismissSavedStateMessage,

    // The editor's file tabs (see `PageState::apply_file_action`).
    /// Adds an empty file with a fresh name (`untitled.yaml`, `untitled-2.yaml`, …) and
    /// selects it. Refused beyond [`FILES_MAX`].
    NewFile,
    /// Renames a file; refused when [`check_file_name`] refuses the name.
    RenameFile {
        index: usize,
        name: String,
    },
    /// Deletes a file; the last one is kept (see [`delete_refused`]).
    DeleteFile(usize),
    // Cluster view, inspector, event log and console completion (view engineer).
    /// The learner clicked an object (None closes the inspector).
    Select(Option<ObjectRef>),
    /// The session printed the selected object.
    Inspected(Rc<Inspection>),
    /// The event log's filter changed.
    EventFilter(String),
    /// Tab in the console.
    Completed(Completion),
    /// Puts a line into the console's input and focuses it, without running it.
    ConsoleFill(String),
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
            timeline: TimelineView::default(),
            saved_state_message: None,
            selected: None,
            inspection: None,
            event_filter: String::new(),
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
                console.candidates.clear();
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
                console.candidates.clear();
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
                if let Some(timeline) = update.timeline {
                    self.timeline = timeline;
                }
            }
            action @ (PageAction::NewFile
            | PageAction::RenameFile { .. }
            | PageAction::DeleteFile(_)) => self.apply_file_action(action),
            PageAction::Play => self.playing = true,
            PageAction::Pause => self.playing = false,
            PageAction::SetSpeed(index) => {
                if index < SPEEDS.len() {
                    self.speed_index = index;
                }
            }
            PageAction::Restored {
                files,
                selected,
                history,
            } => {
                if !files.is_empty() {
                    self.files = Rc::new(
                        files
                            .iter()
                            .map(|(name, text)| EditorFile::new(name, text))
                            .collect(),
                    );
                    self.selected_file = selected.min(self.files.len() - 1);
                }
                let console = Rc::make_mut(&mut self.console);
                let skip = history.len().saturating_sub(HISTORY_MAX);
                console.history = history.into_iter().skip(skip).collect();
                console.history_cursor = None;
            }
            PageAction::SavedStateMessage(message) => self.saved_state_message = Some(message),
            PageAction::DismissSavedStateMessage => self.saved_state_message = None,
            PageAction::Select(target) => {
                if self.selected != target {
                    self.inspection = None;
                }
                self.selected = target;
            }
            PageAction::Inspected(inspection) => {
                if self.selected.as_ref() == Some(&inspection.target) {
                    self.inspection = Some(inspection);
                }
            }
            PageAction::EventFilter(filter) => self.event_filter = filter,
            PageAction::Completed(completion) => {
                let console = Rc::make_mut(&mut self.console);
                console.input = completion.input;
                console.candidates = completion.candidates;
                console.history_cursor = None;
            }
            PageAction::ConsoleFill(line) => {
                let console = Rc::make_mut(&mut self.console);
                console.input = line;
                console.candidates.clear();
                console.history_cursor = None;
                console.focus_requests += 1;
            }
            PageAction::Classroom(action) => self.apply_classroom(action),
        }
        self
    }
}

// The editor's file tabs: new, rename, delete. -----------------------------------------------

/// The most files the editor holds.
pub const FILES_MAX: usize = 50;
/// The longest file name, in characters.
pub const FILE_NAME_CHARS_MAX: usize = 64;
/// The name a new file gets, before a number is added to make it unique.
const NEW_FILE_STEM: &str = "untitled";

/// Why a file name is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileNameError {
    Empty,
    TooLong,
    /// A character other than letters, digits, `.`, `-`, `_`, or a first character that is
    /// not a letter or digit. The name is typed after `kubectl apply -f`, where a space would
    /// split it and a leading `-` would read as a flag (`-` alone is standard input).
    Invalid,
    /// Another file already has this name.
    Taken(String),
}

/// The name file `index` may take, trimmed, or why not. `index` is the file being renamed
/// (its own name is not "taken"); `None` checks a name for a new file.
pub fn check_file_name(
    files: &[EditorFile],
    index: Option<usize>,
    name: &str,
) -> Result<String, FileNameError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(FileNameError::Empty);
    }
    if name.chars().count() > FILE_NAME_CHARS_MAX {
        return Err(FileNameError::TooLong);
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    let starts_well = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    if !starts_well || !name.chars().all(allowed) {
        return Err(FileNameError::Invalid);
    }
    let taken = files
        .iter()
        .enumerate()
        .any(|(other, file)| Some(other) != index && file.name == name);
    if taken {
        return Err(FileNameError::Taken(name.to_string()));
    }
    Ok(name.to_string())
}

/// Whether deleting a file is refused: the editor always keeps one file, so that Apply, the
/// console's `-f` and the tabs always have one to show. A learner who wants a fresh start
/// adds a new file first, or empties this one.
pub fn delete_refused(files: &[EditorFile]) -> bool {
    files.len() <= 1
}

/// The first free name among `untitled.yaml`, `untitled-2.yaml`, `untitled-3.yaml`, …
pub fn new_file_name(files: &[EditorFile]) -> String {
    (1..=FILES_MAX + 1)
        .map(|number| match number {
            1 => format!("{NEW_FILE_STEM}.yaml"),
            _ => format!("{NEW_FILE_STEM}-{number}.yaml"),
        })
        .find(|name| files.iter().all(|file| &file.name != name))
        .unwrap_or_else(|| format!("{NEW_FILE_STEM}-{}.yaml", files.len() + 1))
}

impl PageState {
    /// The tab actions: [`PageAction::NewFile`], [`PageAction::RenameFile`] and
    /// [`PageAction::DeleteFile`]. Refused actions change nothing.
    fn apply_file_action(&mut self, action: PageAction) {
        match action {
            PageAction::NewFile => {
                if self.files.len() >= FILES_MAX {
                    return;
                }
                let name = new_file_name(&self.files);
                let files = Rc::make_mut(&mut self.files);
                files.push(EditorFile::new(&name, ""));
                self.selected_file = files.len() - 1;
            }
            PageAction::RenameFile { index, name } => {
                if index >= self.files.len() {
                    return;
                }
                let Ok(name) = check_file_name(&self.files, Some(index), &name) else {
                    return;
                };
                if let Some(file) = Rc::make_mut(&mut self.files).get_mut(index) {
                    if file.name != name {
                        // kubectl's messages name the file, so its diagnostics are redone.
                        file.name = name;
                        file.revision += 1;
                    }
                }
            }
            PageAction::DeleteFile(index) => {
                if index >= self.files.len() || delete_refused(&self.files) {
                    return;
                }
                Rc::make_mut(&mut self.files).remove(index);
                if index < self.selected_file || self.selected_file >= self.files.len() {
                    self.selected_file = self.selected_file.saturating_sub(1);
                }
            }
            _ => {}
        }
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
            document: 0,
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

    fn names(state: &PageState) -> Vec<&str> {
        state.files.iter().map(|f| f.name.as_str()).collect()
    }

    #[test]
    fn new_files_get_fresh_names_and_are_selected() {
        let state = apply_all(
            fresh(),
            vec![
                PageAction::NewFile,
                PageAction::NewFile,
                PageAction::NewFile,
            ],
        );
        assert_eq!(
            names(&state),
            [
                "pv-demo.yaml",
                "stateful-demo.yaml",
                "untitled.yaml",
                "untitled-2.yaml",
                "untitled-3.yaml"
            ]
        );
        assert_eq!(state.selected_file, 4);
        assert_eq!(state.files[4].text, "");
        // A freed name is reused.
        let state = apply_all(state, vec![PageAction::DeleteFile(2), PageAction::NewFile]);
        assert_eq!(
            state.files.last().map(|f| f.name.as_str()),
            Some("untitled.yaml")
        );
    }

    #[test]
    fn no_more_than_files_max() {
        let state = apply_all(fresh(), vec![PageAction::NewFile; FILES_MAX + 5]);
        assert_eq!(state.files.len(), FILES_MAX);
        assert_eq!(state.selected_file, FILES_MAX - 1);
    }

    #[test]
    fn rename_checks_the_name() {
        let state = fresh();
        let check = |name: &str| check_file_name(&state.files, Some(1), name);
        assert_eq!(check("  web.yaml "), Ok("web.yaml".to_string()));
        assert_eq!(
            check("stateful-demo.yaml"),
            Ok("stateful-demo.yaml".to_string())
        );
        assert_eq!(check("   "), Err(FileNameError::Empty));
        assert_eq!(
            check("pv-demo.yaml"),
            Err(FileNameError::Taken("pv-demo.yaml".to_string()))
        );
        for invalid in [
            "my file.yaml",
            "-",
            "-f.yaml",
            ".hidden",
            "a/b.yaml",
            "名字.yaml",
            "a;b",
        ] {
            assert_eq!(check(invalid), Err(FileNameError::Invalid), "{invalid}");
        }
        assert_eq!(
            check(&"a".repeat(FILE_NAME_CHARS_MAX)).map(|n| n.len()),
            Ok(64)
        );
        assert_eq!(
            check(&"a".repeat(FILE_NAME_CHARS_MAX + 1)),
            Err(FileNameError::TooLong)
        );
    }

    #[test]
    fn rename_keeps_the_text_and_redoes_the_diagnostics() {
        let state = fresh();
        let text = state.files[1].text.clone();
        let renamed = state.clone().apply(PageAction::RenameFile {
            index: 1,
            name: " web.yaml ".into(),
        });
        assert_eq!(names(&renamed), ["pv-demo.yaml", "web.yaml"]);
        assert_eq!(renamed.files[1].text, text);
        assert_ne!(
            renamed.files[1].revision,
            renamed.files[1].diagnostics_revision
        );
        for refused in ["pv-demo.yaml", "bad name", ""] {
            let same = state.clone().apply(PageAction::RenameFile {
                index: 1,
                name: refused.into(),
            });
            assert_eq!(same, state, "{refused}");
        }
        let same = state.clone().apply(PageAction::RenameFile {
            index: 5,
            name: "x.yaml".into(),
        });
        assert_eq!(same, state);
    }

    #[test]
    fn delete_moves_the_selection_and_keeps_the_last_file() {
        let state = apply_all(
            fresh(),
            vec![PageAction::NewFile, PageAction::SelectFile(1)],
        );
        // Deleting a tab before the selected one keeps the same file selected.
        let after = state.clone().apply(PageAction::DeleteFile(0));
        assert_eq!(names(&after), ["stateful-demo.yaml", "untitled.yaml"]);
        assert_eq!(
            after.selected().map(|f| f.name.as_str()),
            Some("stateful-demo.yaml")
        );
        // Deleting the selected tab selects the one that took its place.
        let after = state.clone().apply(PageAction::DeleteFile(1));
        assert_eq!(
            after.selected().map(|f| f.name.as_str()),
            Some("untitled.yaml")
        );
        // Deleting the selected last tab selects the new last one.
        let after = apply_all(
            state.clone(),
            vec![PageAction::SelectFile(2), PageAction::DeleteFile(2)],
        );
        assert_eq!(after.selected_file, 1);
        // The last file stays.
        let one = apply_all(
            state,
            vec![PageAction::DeleteFile(0), PageAction::DeleteFile(0)],
        );
        assert_eq!(names(&one), ["untitled.yaml"]);
        assert!(delete_refused(&one.files));
        let same = one.clone().apply(PageAction::DeleteFile(0));
        assert_eq!(same, one);
        assert_eq!(same.selected_file, 0);
    }

    #[test]
    fn selecting_an_object_keeps_only_its_own_inspection() {
        let pod = ObjectRef::new(Kind::Pod, "default", "myapp-0");
        let volume = ObjectRef::new(Kind::PersistentVolume, "default", "pv003");
        assert_eq!(volume.namespace, "");
        assert_eq!(pod.label(), "pod/myapp-0");
        assert_eq!(pod.describe_argv(), ["describe", "pod", "myapp-0"]);
        assert_eq!(
            ObjectRef::new(Kind::StatefulSet, "shop", "cart").yaml_argv(),
            ["get", "statefulset", "cart", "-o", "yaml", "-n", "shop"]
        );
        assert_eq!(
            ObjectRef::parse("pod/myapp-0", "default"),
            Some(pod.clone())
        );
        assert_eq!(
            ObjectRef::parse("persistentvolume/pv003", "default"),
            Some(volume.clone())
        );
        assert_eq!(ObjectRef::parse("nothing", "default"), None);
        assert_eq!(ObjectRef::parse("pod/", "default"), None);
        let inspection = |target: &ObjectRef| {
            Rc::new(Inspection {
                target: target.clone(),
                resource_version: 1,
                describe: "Name: x".into(),
                yaml: "kind: X".into(),
            })
        };
        let state = fresh()
            .apply(PageAction::Select(Some(pod.clone())))
            .apply(PageAction::Inspected(inspection(&volume)));
        assert_eq!(state.inspection, None);
        let state = state.apply(PageAction::Inspected(inspection(&pod)));
        assert_eq!(state.inspection.as_ref().map(|i| &i.target), Some(&pod));
        let state = state.apply(PageAction::Select(Some(pod.clone())));
        assert!(state.inspection.is_some());
        let state = state.apply(PageAction::Select(None));
        assert_eq!((state.selected, state.inspection), (None, None));
    }

    #[test]
    fn completion_and_fill_set_the_input() {
        let state = fresh().apply(PageAction::Completed(Completion {
            input: "kubectl get pods myapp-".into(),
            candidates: vec!["myapp-0".into(), "myapp-1".into()],
        }));
        assert_eq!(state.console.input, "kubectl get pods myapp-");
        assert_eq!(state.console.candidates, ["myapp-0", "myapp-1"]);
        let state = state.apply(PageAction::ConsoleInput("kubectl get pods myapp-0".into()));
        assert!(state.console.candidates.is_empty());
        let state = state.apply(PageAction::ConsoleFill("kubectl exec myapp-0 -- ".into()));
        assert_eq!(state.console.input, "kubectl exec myapp-0 -- ");
        assert_eq!(state.console.focus_requests, 1);
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
                PageAction::DeleteFile(9),
                PageAction::RenameFile {
                    index: 9,
                    name: "x.yaml".into(),
                },
            ],
        );
        assert_eq!(same, state);
    }
}
