//! The inputs a learner gives a session, and what each one does to it. The page applies an
//! input through [`apply`] as it happens and the replay applies the recorded one through the
//! same function, so the two cannot drift apart.
//!
//! * A console line: `kubectl …` runs against the files the line could read (exactly those:
//!   a file deleted from the editor is gone for kubectl too); `clear` empties the console;
//!   `help` prints examples; anything else gets a shell's "command not found". Words are split
//!   as a POSIX shell splits them; pipes, redirections and heredocs are refused.
//! * Ctrl+C stops the running command.
//! * A pod fault: the kubelet's test and page hooks (break readiness, restore it, crash).
//!
//! Leaves out: the prompt (`$ line`), which the page's console echoes itself; [`super::replay`]
//! writes it for replayed lines.
//!
//! Architecture Invariant: applying an input reads nothing but the session, the input and the
//! journal's snapshots, so the same inputs at the same instants give the same effects.

use crate::sim::kubectl::{Output, Stream};
use crate::sim::model::Kind;
use crate::sim::session::Session;
use crate::sim::store::ObjectKey;
use crate::sim::text::words;

use super::Snapshot;

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

/// What the console prints after a line that is not a command the playground knows.
pub const NOT_KUBECTL_NOTE: &str =
    "This console runs kubectl commands; type `help` for examples.\n";

/// What the console prints when Ctrl+C stops a command.
pub const INTERRUPT_NOTE: &str = "^C\n";

/// What the console prints when a fault is injected, `{name}` standing for the pod's name. The
/// note is part of the input's effect, so a replay prints it again at the same place.
pub fn fault_note_template(fault: Fault) -> &'static str {
    match fault {
        Fault::BreakReadiness => "# playground: the readiness of pod {name} fails from now on (its application stops answering health checks)\n",
        Fault::RestoreReadiness => "# playground: the readiness of pod {name} passes again from its next probe\n",
        Fault::Crash => "# playground: the containers of pod {name} crashed (exit code 1); the kubelet restarts them\n",
    }
}

pub use crate::sim::session::Fault;

/// One input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A console line as typed, and the index of the file snapshot it could read (`None` when
    /// it reads no files).
    Line { line: String, files: Option<usize> },
    /// Ctrl+C.
    Interrupt,
    /// A fault injected into the pod `namespace/name`.
    Fault { pod: String, fault: Fault },
}

/// What kind of console text a piece is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsoleKind {
    /// `$ line`: what the learner typed.
    Prompt,
    Stdout,
    Stderr,
    /// The playground's own words (`^C`, help), not kubectl's.
    Note,
}

/// What an input (or time passing) printed, and whether it cleared the console first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Effect {
    pub clear: bool,
    /// Console text in terminal order. Pieces are not lines.
    pub chunks: Vec<(ConsoleKind, String)>,
}

impl Effect {
    pub fn push(&mut self, kind: ConsoleKind, text: impl Into<String>) {
        let text = text.into();
        if !text.is_empty() {
            self.chunks.push((kind, text));
        }
    }

    /// Appends kubectl's output, stdout and stderr interleaved as printed.
    pub fn append(&mut self, output: Output) {
        for (stream, text) in output.chunks {
            let kind = match stream {
                Stream::Stdout => ConsoleKind::Stdout,
                Stream::Stderr => ConsoleKind::Stderr,
            };
            self.push(kind, text);
        }
    }
}

/// Whether a console line reads files: only kubectl does. The page records files for these
/// lines alone.
pub fn reads_files(line: &str) -> bool {
    matches!(
        words::split_words(line).ok().as_deref().and_then(<[String]>::first),
        Some(word) if word == "kubectl"
    )
}

/// Applies one input to `session`. `snapshots` are the journal's (a line names its files by
/// index; a missing snapshot reads as no files).
pub fn apply(session: &mut Session, input: &Input, snapshots: &[Snapshot]) -> Effect {
    match input {
        Input::Line { line, files } => {
            let files = files.and_then(|index| snapshots.get(index));
            run_line(session, line, files)
        }
        Input::Interrupt => interrupt(session),
        Input::Fault { pod, fault } => inject(session, pod, *fault),
    }
}

fn run_line(session: &mut Session, line: &str, files: Option<&Snapshot>) -> Effect {
    let mut effect = Effect::default();
    match words::split_words(line) {
        Err(message) => effect.push(ConsoleKind::Stderr, format!("sh: {message}\n")),
        Ok(words) => match words.first().map(String::as_str) {
            None => {}
            Some("kubectl") => {
                if let Some(files) = files {
                    session.files = files
                        .iter()
                        .map(|(name, text)| (name.clone(), text.to_string()))
                        .collect();
                }
                let (output, _) = session.start(&words[1..], None);
                effect.append(output);
            }
            Some("clear") => effect.clear = true,
            Some("help") => effect.push(ConsoleKind::Note, HELP_TEXT),
            Some(other) => {
                effect.push(
                    ConsoleKind::Stderr,
                    format!("sh: {other}: command not found\n"),
                );
                effect.push(ConsoleKind::Note, NOT_KUBECTL_NOTE);
            }
        },
    }
    effect
}

fn interrupt(session: &mut Session) -> Effect {
    let mut effect = Effect::default();
    if session.is_running() {
        effect.push(ConsoleKind::Note, INTERRUPT_NOTE);
        effect.append(session.interrupt());
    }
    effect
}

/// The pod key of `namespace/name` (a bare name is in `default`).
pub fn pod_key(pod: &str) -> ObjectKey {
    let (namespace, name) = pod.split_once('/').unwrap_or(("default", pod));
    ObjectKey::new(Kind::Pod, namespace, name)
}

fn inject(session: &mut Session, pod: &str, fault: Fault) -> Effect {
    let key = pod_key(pod);
    let mut effect = Effect::default();
    if session.pod_fault(&key, fault) {
        effect.push(
            ConsoleKind::Note,
            fault_note_template(fault).replace("{name}", &key.name),
        );
    }
    // A command that waits (`get pods -w`) sees the change at this instant.
    if session.is_running() {
        let (output, _) = session.poll();
        effect.append(output);
    }
    effect
}
