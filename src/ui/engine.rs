//! The page's hold on the simulation: one [`Session`] (the same facade the command line
//! drives), plus what the page needs to know between frames — which command is running, which
//! store version the last view showed, the fraction of a simulated millisecond not yet spent.
//!
//! Everything the learner does arrives here as a console line (`kubectl …`), Ctrl+C, a pod
//! fault, a frame (real time passed at some speed) or a step, and leaves as an [`Update`] for
//! the reducer. The Apply button and the cluster view's buttons type console lines too, so the
//! page and the command line tell the same story: the same line, seed and timing print the same
//! text. What a line does is [`crate::sim::journal::input`]'s business, shared with the replay.
//!
//! Every input is written into the session's [`Journal`] at the instant it happened. The
//! timeline is the journal: looking at an earlier moment replays the journal to it (the page
//! shows the past, frozen), forking truncates the journal there and carries on, and any input
//! made while looking at the past forks first, the way typing after an undo drops the redo.
//!
//! Leaves out: shell features. The console runs `kubectl …` lines (words split as a POSIX shell
//! splits them), `clear` and `help`; pipes, redirections and heredocs are refused with a
//! message.
//!
//! Architecture Invariant: the engine knows nothing of the browser and compiles natively; the
//! components call it and dispatch what it returns.
//!
//! Architecture Invariant: the session is always the journal replayed to the moment shown:
//! [`Journal::now`] while live, the moment looked at while viewing the past.
//!
//! Architecture Invariant: one frame advances simulated time by at most
//! [`FRAME_REAL_MS_MAX`] × speed, so a page left in the background does not jump hours ahead
//! when it comes back.

use std::rc::Rc;

use crate::sim::clock::{SimTime, SECOND_MS};
use crate::sim::controllers::kubelet;
use crate::sim::journal::{self, input, ConsoleKind, Effect, Fault, Input, Journal, Moment};
use crate::sim::model::Kind;
use crate::sim::session::Session;
use crate::sim::store::ObjectKey;
use crate::sim::view::{cluster_view_cached, ClockView, ClusterView, ViewCache};
use crate::sim::world::Preset;
use crate::ui::state::{EntryKind, Update};
// Used by the cluster view's additions below.
use crate::ui::console_complete::{self, Completion};
use crate::ui::i18n::{Lang, Message};
use crate::ui::state::{Inspection, ObjectRef};
use crate::ui::words::cluster::ClusterText;

pub use crate::sim::journal::input::HELP_TEXT;

/// The most real time one frame may account for, in milliseconds.
pub const FRAME_REAL_MS_MAX: f64 = 250.0;
/// The seed and preset the page starts with (the command line's defaults).
pub const SEED_DEFAULT: u64 = 1;
pub const PRESET_DEFAULT: Preset = Preset::Kubeadm;
/// The largest seed "new seed" picks, so a seed stays short enough to read out.
pub const SEED_PICK_MAX: u64 = 999_999;

/// What the console says once when the journal is full: later inputs still run, but the
/// timeline and the autosave stop at the last one recorded.
pub const JOURNAL_FULL_NOTE: &str =
    "The timeline is full: later inputs run but are not recorded (restart to record again).\n";

impl Default for TimelineView {
    fn default() -> TimelineView {
        TimelineView::of(&Journal::new(PRESET_DEFAULT, SEED_DEFAULT), None)
    }
}

/// One input on the timeline, as the page draws its mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkView {
    /// When it happened, in simulated milliseconds.
    pub at: SimTime,
    /// The moment just after it.
    pub moment: Moment,
    pub input: Input,
}

/// The timeline as the page draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineView {
    pub marks: Rc<Vec<MarkView>>,
    /// How far the session has run (while live, the clock runs ahead of this between inputs).
    pub end: SimTime,
    /// The earlier moment the page shows, if any.
    pub viewing: Option<Moment>,
    pub seed: u64,
    pub preset: Preset,
    /// The journal refuses more inputs.
    pub full: bool,
}

impl TimelineView {
    /// The timeline of `journal`.
    pub fn of(journal: &Journal, viewing: Option<Moment>) -> TimelineView {
        let marks = journal
            .entries()
            .iter()
            .enumerate()
            .map(|(index, entry)| MarkView {
                at: entry.at,
                moment: Moment {
                    at: entry.at,
                    inputs: index + 1,
                },
                input: entry.input.clone(),
            })
            .collect();
        TimelineView {
            marks: Rc::new(marks),
            end: journal.end(),
            viewing,
            seed: journal.seed,
            preset: journal.preset,
            full: journal.is_full(),
        }
    }

    /// The stops the keyboard moves between, in order: the start, every mark, and now.
    pub fn stops(&self, now: SimTime) -> Vec<Moment> {
        let mut stops = vec![Moment::START];
        stops.extend(self.marks.iter().map(|mark| mark.moment));
        stops.push(Moment {
            at: now.max(self.end),
            inputs: self.marks.len(),
        });
        stops.dedup();
        stops
    }
}

impl From<ConsoleKind> for EntryKind {
    fn from(kind: ConsoleKind) -> EntryKind {
        match kind {
            ConsoleKind::Prompt => EntryKind::Prompt,
            ConsoleKind::Stdout => EntryKind::Stdout,
            ConsoleKind::Stderr => EntryKind::Stderr,
            ConsoleKind::Note => EntryKind::Note,
        }
    }
}

pub struct Engine {
    session: Session,
    journal: Journal,
    /// The earlier moment shown, while looking at the past.
    viewing: Option<Moment>,
    /// The store's resourceVersion of the last view handed out.
    view_version: Option<u64>,
    /// The simulated second of the last clock handed out.
    clock_second: Option<SimTime>,
    /// The line of the command still running.
    running_line: Option<String>,
    /// Simulated milliseconds earned by frames but not spent yet (below one).
    carry_ms: f64,
    /// The timeline changed since the last update.
    timeline_dirty: bool,
    /// The console already said the journal is full.
    full_noted: bool,
    /// What the next view may reuse from the last one (pods and event rows that did not
    /// change), so a frame pays only for what moved.
    view_cache: ViewCache,
}

impl Engine {
    pub fn new(preset: Preset, seed: u64) -> Engine {
        Engine::with_journal(Journal::new(preset, seed))
    }

    fn with_journal(journal: Journal) -> Engine {
        Engine {
            session: Session::new(journal.preset, journal.seed),
            journal,
            viewing: None,
            view_version: None,
            clock_second: None,
            running_line: None,
            carry_ms: 0.0,
            timeline_dirty: true,
            full_noted: false,
            view_cache: ViewCache::default(),
        }
    }

    /// An engine that carries on from a saved journal: the session replayed to where it was.
    /// The update puts the replayed console text on the page.
    pub fn restore(journal: Journal) -> (Engine, Update) {
        let mut engine = Engine::with_journal(journal);
        let update = engine.show(engine.journal.now(), None);
        (engine, update)
    }

    /// The current view, recomputed unconditionally.
    pub fn view(&mut self) -> ClusterView {
        self.view_version = Some(self.session.cluster.store.resource_version());
        self.clock_second = Some(self.session.cluster.now / SECOND_MS);
        cluster_view_cached(&self.session.cluster, &mut self.view_cache)
    }

    pub fn now(&self) -> SimTime {
        self.session.cluster.now
    }

    /// The session, read-only (the lesson panel checks its goals on it).
    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn running(&self) -> Option<&str> {
        self.running_line.as_deref()
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// The earlier moment shown, if the page looks at the past.
    pub fn viewing(&self) -> Option<Moment> {
        self.viewing
    }

    pub fn timeline(&self) -> TimelineView {
        TimelineView::of(&self.journal, self.viewing)
    }

    /// Runs one console line. `files` are the editor's tabs: a kubectl line reads exactly
    /// those, so `-f stateful-demo.yaml` reads what the editor shows.
    pub fn run_line(&mut self, line: &str, files: &[(String, String)]) -> Update {
        let mut update = self.fork_if_viewing();
        let now = self.session.cluster.now;
        let reads = input::reads_files(line).then_some(files);
        let recorded = self.journal.record_line(now, line, reads).is_ok();
        let input = match (recorded, self.journal.entries().last()) {
            (true, Some(entry)) => entry.input.clone(),
            // Not recorded: the line still runs, reading the files as given.
            _ => Input::Line {
                line: line.to_string(),
                files: None,
            },
        };
        let was_running = self.session.is_running();
        let effect = if recorded {
            input::apply(&mut self.session, &input, self.journal.snapshots())
        } else {
            self.apply_unrecorded(&input, reads)
        };
        if !was_running && self.session.is_running() {
            self.running_line = Some(line.trim().to_string());
        }
        Engine::take(&mut update, effect);
        self.noted(&mut update, recorded);
        self.finish(update, true)
    }

    /// Ctrl+C: stops the running command, if any.
    pub fn interrupt(&mut self) -> Update {
        if !self.session.is_running() {
            return self.finish(Update::default(), true);
        }
        self.input(Input::Interrupt)
    }

    /// Injects a fault into the pod `namespace/name` (the cluster view's pod actions).
    pub fn fault(&mut self, pod: &str, fault: Fault) -> Update {
        self.input(Input::Fault {
            pod: pod.to_string(),
            fault,
        })
    }

    /// Records and applies an input that carries no files.
    fn input(&mut self, input: Input) -> Update {
        let mut update = self.fork_if_viewing();
        let now = self.session.cluster.now;
        let recorded = self.journal.record(now, input.clone()).is_ok();
        let effect = input::apply(&mut self.session, &input, self.journal.snapshots());
        Engine::take(&mut update, effect);
        self.noted(&mut update, recorded);
        self.finish(update, true)
    }

    fn apply_unrecorded(&mut self, input: &Input, files: Option<&[(String, String)]>) -> Effect {
        let snapshot: Vec<journal::File> = files
            .unwrap_or_default()
            .iter()
            .map(|(name, text)| (name.clone(), Rc::from(text.as_str())))
            .collect();
        let input = match input {
            Input::Line { line, .. } => Input::Line {
                line: line.clone(),
                files: files.map(|_| 0),
            },
            other => other.clone(),
        };
        input::apply(&mut self.session, &input, &[snapshot.into()])
    }

    /// Puts what an input or time passing printed into `update`.
    fn take(update: &mut Update, effect: Effect) {
        if effect.clear {
            update.clear_console = true;
            update.output.clear();
        }
        update.output.extend(
            effect
                .chunks
                .into_iter()
                .map(|(kind, text)| (kind.into(), text)),
        );
    }

    /// Notes an input: the timeline changed, or (once) that the journal is full.
    fn noted(&mut self, update: &mut Update, recorded: bool) {
        if recorded {
            self.timeline_dirty = true;
        } else if !self.full_noted {
            self.full_noted = true;
            update
                .output
                .push((EntryKind::Note, JOURNAL_FULL_NOTE.to_string()));
        }
    }

    /// One animation frame: `real_ms` of real time passed at `speed`. None when nothing the
    /// page shows changed. The past stands still: no frame moves it.
    pub fn frame(&mut self, real_ms: f64, speed: f64) -> Option<Update> {
        if self.viewing.is_some() {
            return None;
        }
        let real_ms = if real_ms.is_finite() {
            real_ms.clamp(0.0, FRAME_REAL_MS_MAX)
        } else {
            0.0
        };
        let speed = if speed.is_finite() {
            speed.clamp(0.0, 1_000.0)
        } else {
            1.0
        };
        let earned = real_ms * speed + self.carry_ms;
        let whole = earned.floor();
        self.carry_ms = earned - whole;
        let mut update = Update::default();
        let was_running = self.running_line.is_some();
        if whole >= 1.0 {
            let until = self.session.cluster.now + whole as SimTime;
            let output = self.session.advance_to(until);
            self.journal.reach(self.session.cluster.now);
            let mut effect = Effect::default();
            effect.append(output);
            Engine::take(&mut update, effect);
        }
        let update = self.finish(update, false);
        let changed = !update.output.is_empty()
            || update.view.is_some()
            || update.clock.is_some()
            || was_running != update.running.is_some();
        changed.then_some(update)
    }

    /// Moves simulated time to the next thing that happens (the next timer, or the running
    /// command's deadline). The past stands still.
    pub fn step(&mut self) -> Update {
        let mut update = Update::default();
        if self.viewing.is_none() {
            if let Some(next) = self.session.next_wakeup() {
                let until = next.max(self.session.cluster.now);
                let output = self.session.advance_to(until);
                self.journal.reach(self.session.cluster.now);
                let mut effect = Effect::default();
                effect.append(output);
                Engine::take(&mut update, effect);
            }
        }
        self.finish(update, true)
    }

    /// Shows the session as it was at `moment` (the journal replayed to it). The moment now
    /// is the live session again.
    pub fn view_at(&mut self, moment: Moment) -> Update {
        let moment = self.journal.clamp(moment);
        if moment == self.journal.now() {
            return self.back_to_now();
        }
        self.show(moment, Some(moment))
    }

    /// Leaves the past: the live session again, where it was.
    pub fn back_to_now(&mut self) -> Update {
        if self.viewing.is_none() {
            return self.finish(Update::default(), true);
        }
        self.show(self.journal.now(), None)
    }

    /// Forks from the moment shown: the inputs after it are forgotten, and the session carries
    /// on from there, live. Nothing happens while live.
    pub fn fork(&mut self) -> Update {
        let update = self.fork_if_viewing();
        self.finish(update, true)
    }

    fn fork_if_viewing(&mut self) -> Update {
        if let Some(moment) = self.viewing.take() {
            self.journal.truncate(moment);
            self.timeline_dirty = true;
            self.carry_ms = 0.0;
        }
        Update::default()
    }

    /// A fresh cluster with `seed` (the same preset): the journal and the console start over.
    /// The editor's files are the page's and stay.
    pub fn restart(&mut self, seed: u64) -> Update {
        *self = Engine::new(self.journal.preset, seed);
        let update = Update {
            clear_console: true,
            ..Update::default()
        };
        self.finish(update, true)
    }

    /// A seed for "new seed": picked from the current one by the cluster's own generator, so
    /// the page stays deterministic too.
    pub fn next_seed(&self) -> u64 {
        let mut rng = crate::sim::clock::Rng::new(self.journal.seed);
        let mut seed = rng.range(1, SEED_PICK_MAX);
        if seed == self.journal.seed {
            seed = seed % SEED_PICK_MAX + 1;
        }
        seed
    }

    /// Replays the journal to `moment` and shows it; `viewing` says whether it is the past.
    fn show(&mut self, moment: Moment, viewing: Option<Moment>) -> Update {
        let replayed = journal::replay(&self.journal, moment);
        self.session = replayed.session;
        // Another session: uids and resourceVersions may mean other objects there.
        self.view_cache = ViewCache::default();
        self.running_line = replayed.running_line;
        self.viewing = viewing;
        self.view_version = None;
        self.carry_ms = 0.0;
        self.timeline_dirty = true;
        let update = Update {
            clear_console: true,
            output: replayed
                .console
                .into_iter()
                .map(|(kind, text)| (kind.into(), text))
                .collect(),
            ..Update::default()
        };
        self.finish(update, true)
    }

    /// Adds the running command, a view when the store changed, the clock (always when
    /// `always_clock`, otherwise when its second changed) and the timeline when it changed.
    fn finish(&mut self, mut update: Update, always_clock: bool) -> Update {
        if !self.session.is_running() {
            self.running_line = None;
        }
        update.running = self.running_line.clone();
        let version = self.session.cluster.store.resource_version();
        if self.view_version != Some(version) {
            update.view = Some(Rc::new(self.view()));
        }
        let second = self.session.cluster.now / SECOND_MS;
        if always_clock || update.view.is_some() || self.clock_second != Some(second) {
            self.clock_second = Some(second);
            update.clock = Some(ClockView::at(self.session.cluster.now));
        }
        if std::mem::take(&mut self.timeline_dirty) {
            update.timeline = Some(self.timeline());
        }
        update
    }
}

// What the cluster view adds (view engineer): pod faults, the inspector and Tab completion.
impl Engine {
    /// A pod action that kubectl has no command for: break or restore readiness, or crash the
    /// containers. The console gets a note in the page's language saying what was done. The
    /// timeline records it as an input (a replay applies it at the same instant).
    pub fn pod_fault(&mut self, namespace: &str, name: &str, fault: Fault, lang: Lang) -> Update {
        let key = ObjectKey::new(Kind::Pod, namespace, name);
        if !kubelet::accepts_fault(&self.session.cluster, &key, fault) {
            let mut update = Update::default();
            let note = ClusterText::FaultMissing.with(lang, &[("name", name)]);
            update.output.push((EntryKind::Note, note));
            return update;
        }
        // The fault goes through the journal, so a replay applies it at the same instant and
        // prints its note again (in English; the console shows it in the page's language).
        self.fault(&format!("{namespace}/{name}"), fault)
    }

    /// `kubectl describe` and `kubectl get -o yaml` of one object, printed by the session
    /// beside whatever command is running. Changes nothing in the cluster.
    pub fn inspect(&mut self, target: &ObjectRef) -> Inspection {
        Inspection {
            target: target.clone(),
            resource_version: self.session.cluster.store.resource_version(),
            describe: self.session.read_only(&target.describe_argv()).text(),
            yaml: self.session.read_only(&target.yaml_argv()).text(),
        }
    }

    /// Tab: completes the last word of a console line from the session's store.
    pub fn complete(&self, input: &str) -> Completion {
        console_complete::complete(input, &self.session.cluster)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::script;
    use crate::ui::state::{PageAction, PageState, EXAMPLE_FILES};

    fn files() -> Vec<(String, String)> {
        EXAMPLE_FILES
            .iter()
            .map(|f| (f.name.to_string(), f.text.to_string()))
            .collect()
    }

    fn text(update: &Update) -> String {
        update.output.iter().map(|(_, t)| t.as_str()).collect()
    }

    /// The console prints exactly what the command line prints for the same lines.
    #[test]
    fn console_and_command_line_tell_the_same_story() {
        let lines = [
            "kubectl apply -f pv-demo.yaml",
            "kubectl apply -f stateful-demo.yaml",
            "kubectl get pv",
            "kubectl get statefulsets",
        ];
        let mut engine = Engine::new(PRESET_DEFAULT, SEED_DEFAULT);
        let mut page = String::new();
        for line in lines {
            page.push_str(&format!("$ {line}\n"));
            page.push_str(&text(&engine.run_line(line, &files())));
        }
        let mut session = Session::new(PRESET_DEFAULT, SEED_DEFAULT);
        let steps = script::parse(&lines.join("\n")).expect("script reads");
        let loader = |path: &str| {
            EXAMPLE_FILES
                .iter()
                .find(|f| f.name == path)
                .map(|f| f.text.to_string())
        };
        let cli = script::run(&mut session, &steps, &loader);
        assert_eq!(page, cli);
        assert!(page.contains("persistentvolume/pv001 created"));
        assert!(page.contains("statefulset.apps/myapp created"));
    }

    #[test]
    fn the_editor_tabs_are_the_files() {
        let mut engine = Engine::new(PRESET_DEFAULT, SEED_DEFAULT);
        let edited = vec![(
            "mine.yaml".to_string(),
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n".to_string(),
        )];
        let update = engine.run_line("kubectl apply -f mine.yaml", &edited);
        assert_eq!(text(&update), "configmap/notes created\n");
        assert!(update.view.is_some());
        assert!(update.clock.is_some());
        assert_eq!(update.running, None);
    }

    #[test]
    fn other_lines_get_a_shell_answer() {
        let mut engine = Engine::new(PRESET_DEFAULT, SEED_DEFAULT);
        let update = engine.run_line("ls -l", &[]);
        assert_eq!(
            update.output[0],
            (EntryKind::Stderr, "sh: ls: command not found\n".into())
        );
        let update = engine.run_line("kubectl get pods | grep web", &[]);
        assert!(text(&update).starts_with("sh: unsupported shell syntax `|`"));
        let update = engine.run_line("echo 'open", &[]);
        assert_eq!(update.output[0].0, EntryKind::Stderr);
        assert!(engine.run_line("clear", &[]).clear_console);
        assert!(text(&engine.run_line("help", &[])).contains("kubectl get pods"));
        assert!(engine.run_line("   ", &[]).output.is_empty());
    }

    #[test]
    fn a_waiting_command_streams_as_frames_pass_and_stops_on_ctrl_c() {
        let mut engine = Engine::new(PRESET_DEFAULT, SEED_DEFAULT);
        engine.run_line("kubectl apply -f pv-demo.yaml", &files());
        let update = engine.run_line("kubectl get pv -w", &files());
        assert_eq!(update.running.as_deref(), Some("kubectl get pv -w"));
        assert!(text(&update).starts_with("NAME"));
        let another = engine.run_line("kubectl get pods", &files());
        assert!(text(&another).contains("another command is still running"));
        assert_eq!(another.running.as_deref(), Some("kubectl get pv -w"));
        let stopped = engine.interrupt();
        assert_eq!(stopped.output[0], (EntryKind::Note, "^C\n".into()));
        assert_eq!(stopped.running, None);
        assert!(engine.interrupt().output.is_empty());
    }

    #[test]
    fn frames_advance_by_real_time_times_speed_with_a_cap() {
        let mut engine = Engine::new(PRESET_DEFAULT, SEED_DEFAULT);
        engine.view();
        // 16.5 ms at 1× twice: 33 simulated ms, the halves carried.
        engine.frame(16.5, 1.0);
        engine.frame(16.5, 1.0);
        assert_eq!(engine.now(), 33);
        // A long pause counts as one capped frame.
        engine.frame(60_000.0, 2.0);
        assert_eq!(engine.now(), 33 + 500);
        // Nothing visible changes within the same simulated second.
        assert!(engine.frame(10.0, 0.5).is_none());
        let update = engine
            .frame(250.0, 20.0)
            .expect("the clock moved to a new second");
        assert_eq!(update.clock.expect("clock").ms, 33 + 500 + 5 + 5_000);
        assert!(engine.frame(f64::NAN, f64::INFINITY).is_none());
    }

    #[test]
    fn pod_faults_leave_a_note_and_a_new_view() {
        let mut engine = Engine::new(PRESET_DEFAULT, SEED_DEFAULT);
        engine.run_line("kubectl run web --image=nginx:1.25", &[]);
        let update = engine.pod_fault("default", "web", Fault::Crash, Lang::En);
        assert_eq!(update.output[0].0, EntryKind::Note);
        // Not scheduled yet on the kubeadm preset's first instant: no kubelet runs it.
        assert!(update.output[0]
            .1
            .contains("pod web is not running on any node"));
        engine.run_line("kubectl wait --for=condition=Ready pod/web", &[]);
        for _ in 0..200 {
            engine.frame(250.0, 20.0);
        }
        let update = engine.pod_fault("default", "web", Fault::BreakReadiness, Lang::Zh);
        let note = crate::ui::words::console::localize_note(&update.output[0].1, Lang::Zh);
        assert!(
            note.contains("Pod web 的就绪检查失败"),
            "{:?}",
            update.output
        );
        assert!(update.view.is_some());
        // The note is part of the journal's input: a replay (a reload) prints it again.
        let (_, replayed) = Engine::restore(engine.journal().clone());
        let printed: Vec<&str> = replayed
            .output
            .iter()
            .map(|(_, text)| text.as_str())
            .collect();
        assert!(
            printed.contains(&"# playground: the readiness of pod web fails from now on (its application stops answering health checks)\n"),
            "{printed:?}"
        );
        let inspection = engine.inspect(&ObjectRef::new(
            crate::sim::model::Kind::Pod,
            "default",
            "web",
        ));
        assert!(inspection.describe.starts_with("Name:"));
        assert!(
            inspection.describe.contains("Ready             False")
                || inspection.describe.contains("Ready:")
        );
        assert!(inspection.yaml.starts_with("apiVersion: v1\nkind: Pod\n"));
        assert_eq!(
            engine.complete("kubectl get pods w").input,
            "kubectl get pods web "
        );
    }

    #[test]
    fn step_goes_to_the_next_timer() {
        let mut engine = Engine::new(PRESET_DEFAULT, SEED_DEFAULT);
        let update = engine.step();
        // With nothing created yet, the next thing due is the PV controller's 15 s resync.
        assert_eq!(update.clock.expect("clock").ms, 15_000);
    }

    /// The page's console as the reducer keeps it: kinds and text of every entry.
    fn console_of(state: &PageState) -> Vec<(EntryKind, String)> {
        state
            .console
            .entries
            .iter()
            .map(|entry| (entry.kind, entry.text.clone()))
            .collect()
    }

    /// A page: the reducer's state and the engine, driven as the app drives them.
    struct Page {
        engine: Engine,
        state: PageState,
    }

    impl Page {
        fn new() -> Page {
            let mut engine = Engine::new(PRESET_DEFAULT, SEED_DEFAULT);
            let state = PageState::new(engine.view());
            Page { engine, state }
        }

        fn line(&mut self, line: &str) {
            self.state = self.state.clone().apply(PageAction::Submitted(line.into()));
            let update = self.engine.run_line(line, &self.state.file_contents());
            self.state = self.state.clone().apply(PageAction::Updated(update));
        }

        fn with(&mut self, act: impl FnOnce(&mut Engine) -> Update) {
            let update = act(&mut self.engine);
            self.update(update);
        }

        fn update(&mut self, update: Update) {
            self.state = self.state.clone().apply(PageAction::Updated(update));
        }

        /// Plays `ms` of real time at 20× in frames of uneven length.
        fn play(&mut self, ms: u32) {
            let mut spent = 0;
            let mut frame = 7;
            while spent < ms {
                frame = frame * 13 % 40 + 3;
                spent += frame;
                if let Some(update) = self.engine.frame(f64::from(frame) + 0.37, 20.0) {
                    self.update(update);
                }
            }
        }

        fn pods(&self) -> usize {
            self.state
                .view
                .stateful_sets
                .iter()
                .map(|set| set.slots.iter().filter(|slot| slot.pod.is_some()).count())
                .sum()
        }
    }

    fn notes_page() -> Page {
        let mut page = Page::new();
        page.play(500);
        page.line("kubectl apply -f pv-demo.yaml");
        page.play(300);
        page.line("kubectl apply -f stateful-demo.yaml");
        page.line("kubectl get pods -w");
        page.play(1_500);
        let update = page.engine.interrupt();
        page.update(update);
        page.play(3_000);
        page.line("kubectl get pods");
        page.play(200);
        page
    }

    /// A journal restored on another page gives the same cluster and the same console, byte
    /// for byte, as the page that recorded it.
    #[test]
    fn a_restored_journal_gives_the_same_page() {
        let page = notes_page();
        assert_eq!(page.pods(), 2);
        let console = console_of(&page.state);
        let text: String = console.iter().map(|(_, text)| text.as_str()).collect();
        assert!(text.contains("^C\n"), "{text}");
        assert!(text.contains("myapp-1   1/1     Running"), "{text}");

        let json = page.engine.journal().to_json();
        let journal = Journal::from_json(&json).expect("reads back");
        let (mut restored, update) = Engine::restore(journal);
        let mut state = PageState::new(restored.view());
        state = state.apply(PageAction::Updated(update));
        assert_eq!(console_of(&state), console);
        // The view's own clock is that of its last store change; everything else is the same.
        let mut view = (*state.view).clone();
        view.clock = page.state.view.clock.clone();
        assert_eq!(view, *page.state.view);
        assert_eq!(state.clock.ms, page.engine.now());
        assert_eq!(restored.now(), page.engine.now());
        assert_eq!(
            restored.timeline().marks,
            page.engine.timeline().marks,
            "the same inputs"
        );
        assert_eq!(state.timeline.marks.len(), 5);
    }

    #[test]
    fn looking_back_shows_the_earlier_cluster_and_forking_carries_on_from_there() {
        let mut page = notes_page();
        let now = page.engine.journal().now();
        let marks = page.engine.timeline().marks;
        // Just after the set was applied: only myapp-0 exists, nothing runs.
        let applied = marks[1].moment;
        let update = page.engine.view_at(applied);
        page.update(update);
        assert_eq!(page.pods(), 1);
        assert_eq!(page.state.timeline.viewing, Some(applied));
        assert_eq!(page.state.clock.ms, applied.at);
        let text: String = console_of(&page.state)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert!(
            text.ends_with("$ kubectl apply -f stateful-demo.yaml\nservice/myapp created\nstatefulset.apps/myapp created\n"),
            "{text}"
        );
        // The past stands still.
        assert!(page.engine.frame(200.0, 20.0).is_none());
        assert_eq!(page.engine.step().clock.map(|c| c.ms), Some(applied.at));

        // Midway through the watch, the command is running again.
        let watching = marks[2].moment;
        let update = page.engine.view_at(Moment {
            at: watching.at + 5_000,
            inputs: 3,
        });
        page.update(update);
        assert_eq!(page.state.running.as_deref(), Some("kubectl get pods -w"));

        // Back to now: the page as it was.
        let update = page.engine.back_to_now();
        page.update(update);
        assert_eq!(page.state.timeline.viewing, None);
        assert_eq!(page.pods(), 2);
        assert_eq!(page.engine.journal().now(), now);
        assert_eq!(page.state.running, None);

        // Fork just after the apply: the later inputs are gone and time flows from there.
        page.with(|engine| engine.view_at(applied));
        page.with(|engine| engine.fork());
        assert_eq!(page.state.timeline.viewing, None);
        assert_eq!(page.engine.journal().entries().len(), 2);
        assert_eq!(page.state.timeline.marks.len(), 2);
        page.play(3_000);
        assert_eq!(page.pods(), 2, "the set comes up again from the fork");
    }

    #[test]
    fn an_input_while_looking_back_forks_first() {
        let mut page = notes_page();
        let applied = page.engine.timeline().marks[0].moment;
        page.with(|engine| engine.view_at(applied));
        page.line("kubectl get pv");
        assert_eq!(page.state.timeline.viewing, None);
        let lines: Vec<&str> = page.engine.journal().lines().collect();
        assert_eq!(lines, ["kubectl apply -f pv-demo.yaml", "kubectl get pv"]);
        assert_eq!(page.pods(), 0);
        // A fault is an input too.
        page.with(|engine| engine.view_at(Moment::START));
        page.with(|engine| engine.fault("default/myapp-0", Fault::Crash));
        assert_eq!(page.engine.journal().entries().len(), 1);
        assert!(console_of(&page.state).is_empty());
    }

    #[test]
    fn restart_starts_over_with_the_same_files_and_a_new_seed_differs() {
        let mut page = notes_page();
        let files = page.state.file_contents();
        let seed = page.engine.next_seed();
        assert_ne!(seed, SEED_DEFAULT);
        assert!((1..=SEED_PICK_MAX).contains(&seed));
        page.with(|engine| engine.restart(seed));
        assert!(page.state.console.entries.is_empty());
        assert_eq!(page.state.file_contents(), files);
        assert_eq!(page.pods(), 0);
        assert_eq!(page.state.clock.ms, 0);
        assert_eq!(page.state.timeline.seed, seed);
        assert!(page.state.timeline.marks.is_empty());
        page.line("kubectl apply -f pv-demo.yaml");
        assert_eq!(page.engine.journal().seed, seed);
    }
}
