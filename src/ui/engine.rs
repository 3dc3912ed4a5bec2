//! The page's hold on the simulation: one [`Session`] (the same facade the command line
//! drives), plus what the page needs to know between frames — which command is running, which
//! store version the last view showed, the fraction of a simulated millisecond not yet spent.
//!
//! Everything the learner does arrives here as a console line (`kubectl …`), a frame (real time
//! passed at some speed) or a step, and leaves as an [`Update`] for the reducer. The Apply
//! button and the cluster view's buttons type console lines too, so the page and the command
//! line tell the same story: the same line, seed and timing print the same text.
//!
//! Leaves out: shell features. The console runs `kubectl …` lines (words split as a POSIX shell
//! splits them), `clear` and `help`; pipes, redirections and heredocs are refused with a
//! message.
//!
//! Architecture Invariant: the engine knows nothing of the browser and compiles natively; the
//! components call it and dispatch what it returns.
//!
//! Architecture Invariant: one frame advances simulated time by at most
//! [`FRAME_REAL_MS_MAX`] × speed, so a page left in the background does not jump hours ahead
//! when it comes back.

use std::rc::Rc;

use crate::sim::clock::{SimTime, SECOND_MS};
use crate::sim::kubectl::{Output, Stream};
use crate::sim::session::{CommandState, Session};
use crate::sim::text::words;
use crate::sim::view::{cluster_view, ClockView, ClusterView};
use crate::sim::world::Preset;
use crate::ui::state::{EntryKind, Update};

/// The most real time one frame may account for, in milliseconds.
pub const FRAME_REAL_MS_MAX: f64 = 250.0;
/// The seed and preset the page starts with (the command line's defaults).
pub const SEED_DEFAULT: u64 = 1;
pub const PRESET_DEFAULT: Preset = Preset::Kubeadm;

/// What `help` prints.
pub const HELP_TEXT: &str =
    "This console runs kubectl against the simulated cluster, one command per line:
  kubectl apply -f stateful-demo.yaml   (the editor's tabs are the files)
  kubectl get pods -o wide
  kubectl get pvc,pv
  kubectl describe pod myapp-0
  kubectl scale statefulset myapp --replicas=3
  kubectl get pods -w                   (Ctrl+C stops a command that waits)
↑ and ↓ walk through the history; `clear` empties the console.
";

pub struct Engine {
    session: Session,
    /// The store's resourceVersion of the last view handed out.
    view_version: Option<u64>,
    /// The simulated second of the last clock handed out.
    clock_second: Option<SimTime>,
    /// The line of the command still running.
    running_line: Option<String>,
    /// Simulated milliseconds earned by frames but not spent yet (below one).
    carry_ms: f64,
}

impl Engine {
    pub fn new(preset: Preset, seed: u64) -> Engine {
        Engine {
            session: Session::new(preset, seed),
            view_version: None,
            clock_second: None,
            running_line: None,
            carry_ms: 0.0,
        }
    }

    /// The current view, recomputed unconditionally.
    pub fn view(&mut self) -> ClusterView {
        self.view_version = Some(self.session.cluster.store.resource_version());
        self.clock_second = Some(self.session.cluster.now / SECOND_MS);
        cluster_view(&self.session.cluster)
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

    /// Runs one console line. `files` are the editor's tabs; they become the session's files
    /// first, so `-f stateful-demo.yaml` reads what the editor shows.
    pub fn run_line(&mut self, line: &str, files: &[(String, String)]) -> Update {
        let mut update = Update::default();
        match words::split_words(line) {
            Err(message) => update
                .output
                .push((EntryKind::Stderr, format!("sh: {message}\n"))),
            Ok(words) => match words.first().map(String::as_str) {
                None => {}
                Some("kubectl") => {
                    for (name, text) in files {
                        self.session.files.insert(name.clone(), text.clone());
                    }
                    let (output, state) = self.session.start(&words[1..], None);
                    push_output(&mut update, output);
                    if state == CommandState::Running {
                        self.running_line = Some(line.trim().to_string());
                    }
                }
                Some("clear") => update.clear_console = true,
                Some("help") => update.output.push((EntryKind::Note, HELP_TEXT.into())),
                Some(other) => {
                    update.output.push((
                        EntryKind::Stderr,
                        format!("sh: {other}: command not found\n"),
                    ));
                    update.output.push((
                        EntryKind::Note,
                        "This console runs kubectl commands; type `help` for examples.\n".into(),
                    ));
                }
            },
        }
        self.finish(update, true)
    }

    /// Ctrl+C: stops the running command, if any.
    pub fn interrupt(&mut self) -> Update {
        let mut update = Update::default();
        if self.running_line.is_some() || self.session.is_running() {
            update.output.push((EntryKind::Note, "^C\n".into()));
            let output = self.session.interrupt();
            push_output(&mut update, output);
        }
        self.finish(update, true)
    }

    /// One animation frame: `real_ms` of real time passed at `speed`. None when nothing the
    /// page shows changed.
    pub fn frame(&mut self, real_ms: f64, speed: f64) -> Option<Update> {
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
            push_output(&mut update, output);
        }
        let update = self.finish(update, false);
        let changed = !update.output.is_empty()
            || update.view.is_some()
            || update.clock.is_some()
            || was_running != update.running.is_some();
        changed.then_some(update)
    }

    /// Moves simulated time to the next thing that happens (the next timer, or the running
    /// command's deadline).
    pub fn step(&mut self) -> Update {
        let mut update = Update::default();
        if let Some(next) = self.session.next_wakeup() {
            let until = next.max(self.session.cluster.now);
            let output = self.session.advance_to(until);
            push_output(&mut update, output);
        }
        self.finish(update, true)
    }

    /// Adds the running command, a view when the store changed, and the clock (always when
    /// `always_clock`, otherwise when its second changed).
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
        update
    }
}

fn push_output(update: &mut Update, output: Output) {
    for (stream, text) in output.chunks {
        let kind = match stream {
            Stream::Stdout => EntryKind::Stdout,
            Stream::Stderr => EntryKind::Stderr,
        };
        update.output.push((kind, text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::script;
    use crate::ui::state::EXAMPLE_FILES;

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
    fn step_goes_to_the_next_timer() {
        let mut engine = Engine::new(PRESET_DEFAULT, SEED_DEFAULT);
        let update = engine.step();
        // With nothing created yet, the next thing due is the PV controller's 15 s resync.
        assert_eq!(update.clock.expect("clock").ms, 15_000);
    }
}
