//! The journal's tests: a session driven as the page drives it (time in uneven frames, inputs at
//! whatever instant they came) replays to the same cluster and the same console text; the JSON
//! form reads back what it wrote and refuses the rest with a reason.

use super::*;
use crate::sim::clock::Rng;
use crate::sim::kubectl::Output;
use crate::sim::session::Session;
use crate::sim::view::cluster_view;

const PV_DEMO: &str = include_str!("../../../examples/pv-demo.yaml");
const STATEFUL_DEMO: &str = include_str!("../../../examples/stateful-demo.yaml");

fn notes_files() -> Vec<(String, String)> {
    vec![
        ("pv-demo.yaml".to_string(), PV_DEMO.to_string()),
        ("stateful-demo.yaml".to_string(), STATEFUL_DEMO.to_string()),
    ]
}

/// A session driven as the page drives it: simulated time moves in frames of uneven length,
/// inputs are recorded and applied at the instant they come, and the console text is kept as
/// the page's console keeps it (the prompt echoed before the line runs).
struct Live {
    session: Session,
    journal: Journal,
    console: Vec<(ConsoleKind, String)>,
    frames: Rng,
}

impl Live {
    fn new(seed: u64, frames_seed: u64) -> Live {
        Live {
            session: Session::new(Preset::Kubeadm, seed),
            journal: Journal::new(Preset::Kubeadm, seed),
            console: Vec::new(),
            frames: Rng::new(frames_seed),
        }
    }

    /// Lets `ms` of simulated time pass in frames of 1 to 400 ms.
    fn wait(&mut self, ms: SimTime) {
        let until = self.session.cluster.now + ms;
        while self.session.cluster.now < until {
            let frame = self.frames.range(1, 400);
            let next = (self.session.cluster.now + frame).min(until);
            let output = self.session.advance_to(next);
            self.print(output);
        }
        self.journal.reach(self.session.cluster.now);
    }

    fn print(&mut self, output: Output) {
        let mut effect = Effect::default();
        effect.append(output);
        self.console.extend(effect.chunks);
    }

    fn line(&mut self, line: &str, files: &[(String, String)]) {
        let now = self.session.cluster.now;
        let files = input::reads_files(line).then_some(files);
        self.journal
            .record_line(now, line, files)
            .expect("room for a line");
        self.console
            .push((ConsoleKind::Prompt, format!("$ {line}\n")));
        self.apply_last();
    }

    fn input(&mut self, input: Input) {
        let now = self.session.cluster.now;
        self.journal.record(now, input).expect("room for an input");
        self.apply_last();
    }

    fn apply_last(&mut self) {
        let entry = self
            .journal
            .entries()
            .last()
            .expect("just recorded")
            .clone();
        let effect = input::apply(&mut self.session, &entry.input, self.journal.snapshots());
        if effect.clear {
            self.console.clear();
        }
        self.console.extend(effect.chunks);
    }
}

fn text(console: &[(ConsoleKind, String)]) -> String {
    console.iter().map(|(_, text)| text.as_str()).collect()
}

/// Everything one can ask the cluster, as text: what kubectl prints for every kind, the view the
/// page draws, the clock and the next timer.
fn cluster_text(session: &mut Session) -> String {
    let argv: Vec<String> = "get all,pvc,pv,events -A -o yaml"
        .split(' ')
        .map(String::from)
        .collect();
    let (output, _) = session.start(&argv, None);
    let yaml: String = output.chunks.into_iter().map(|(_, text)| text).collect();
    format!(
        "{yaml}\n{:?}\nnow {} next {:?}",
        cluster_view(&session.cluster),
        session.cluster.now,
        session.cluster.next_event_time()
    )
}

fn assert_replays(live: &mut Live) {
    let mut replayed = replay(&live.journal, live.journal.now());
    assert_eq!(text(&replayed.console), text(&live.console));
    assert_eq!(replayed.console, live.console);
    assert_eq!(replayed.session.is_running(), live.session.is_running());
    assert_eq!(
        cluster_text(&mut replayed.session),
        cluster_text(&mut live.session)
    );
}

/// The notes' session (examples/notes-session.sh), typed into the page with time running.
fn notes_session(frames_seed: u64) -> Live {
    let mut live = Live::new(1, frames_seed);
    let files = notes_files();
    live.wait(3_000);
    live.line("kubectl apply -f pv-demo.yaml", &files);
    live.wait(1_500);
    live.line("kubectl get pv", &files);
    live.line("kubectl apply -f stateful-demo.yaml", &files);
    live.wait(120_000);
    for line in [
        "kubectl get sts",
        "kubectl get svc",
        "kubectl get pvc",
        "kubectl get pv",
        "kubectl get pds",
        "kubectl get pods",
    ] {
        live.line(line, &files);
        live.wait(700);
    }
    live
}

#[test]
fn the_notes_session_replays_to_the_same_cluster_and_console() {
    for frames_seed in [1, 2, 3] {
        let mut live = notes_session(frames_seed);
        assert!(text(&live.console).contains("myapp-1   1/1     Running"));
        assert_replays(&mut live);
    }
}

#[test]
fn a_blocking_command_interrupted_midway_replays_the_same() {
    let mut live = Live::new(7, 11);
    let files = notes_files();
    live.line("kubectl apply -f pv-demo.yaml", &files);
    live.line("kubectl apply -f stateful-demo.yaml", &files);
    live.wait(2_000);
    live.line("kubectl get pods -w", &files);
    live.wait(25_000);
    // Typing while a command runs is refused, and that is part of the story too.
    live.line("kubectl get pvc", &files);
    live.wait(5_000);
    live.input(Input::Interrupt);
    live.wait(1_000);
    live.line("kubectl rollout status sts/myapp", &files);
    live.wait(120_000);
    live.line("help", &files);
    live.line("ls", &files);
    let console = text(&live.console);
    assert!(console.contains("^C\n"), "{console}");
    assert!(console.contains("another command is still running"));
    assert!(console.contains("partitioned roll out complete") || console.contains("complete"));
    assert_replays(&mut live);

    // Midway through `get pods -w`, the replay has the command still running.
    let watching = live.journal.moment_after(2).expect("the watch");
    let midway = replay(
        &live.journal,
        Moment {
            at: watching.at + 10_000,
            inputs: 3,
        },
    );
    assert_eq!(midway.running_line.as_deref(), Some("kubectl get pods -w"));
    assert!(midway.session.is_running());
    let after = replay(&live.journal, live.journal.moment_after(4).expect("^C"));
    assert_eq!(after.running_line, None);
}

#[test]
fn faults_and_clear_replay_the_same() {
    let mut live = Live::new(3, 5);
    let files = notes_files();
    live.line("kubectl apply -f pv-demo.yaml", &files);
    live.line("kubectl apply -f stateful-demo.yaml", &files);
    live.wait(90_000);
    live.line("kubectl get pods -w", &files);
    live.input(Input::Fault {
        pod: "default/myapp-0".into(),
        fault: Fault::Crash,
    });
    live.wait(20_000);
    live.input(Input::Fault {
        pod: "default/myapp-1".into(),
        fault: Fault::BreakReadiness,
    });
    live.wait(30_000);
    live.input(Input::Interrupt);
    live.input(Input::Fault {
        pod: "default/myapp-1".into(),
        fault: Fault::RestoreReadiness,
    });
    live.input(Input::Fault {
        pod: "default/no-such-pod".into(),
        fault: Fault::Crash,
    });
    live.wait(30_000);
    live.line("kubectl get pods", &files);
    let console = text(&live.console);
    assert!(console.contains("Error"), "the crash shows: {console}");
    assert_replays(&mut live);
    live.line("clear", &files);
    live.line("kubectl get pods", &files);
    assert!(text(&live.console).starts_with("$ kubectl get pods\nNAME"));
    assert_replays(&mut live);
}

#[test]
fn an_edited_file_is_read_as_it_was_when_the_line_ran() {
    let mut live = Live::new(1, 1);
    let mut files = notes_files();
    live.line("kubectl apply -f pv-demo.yaml", &files);
    live.line("kubectl apply -f stateful-demo.yaml", &files);
    live.wait(60_000);
    files[1].1 = STATEFUL_DEMO.replace("replicas: 2", "replicas: 4");
    assert_ne!(files[1].1, STATEFUL_DEMO, "the notes' set has two replicas");
    live.line("kubectl apply -f stateful-demo.yaml", &files);
    live.wait(60_000);
    // A tab deleted from the editor is gone for kubectl too.
    files.remove(0);
    live.line("kubectl apply -f pv-demo.yaml", &files);
    live.line("kubectl get pods", &files);
    assert!(text(&live.console).contains("myapp-3"));
    assert!(text(&live.console).contains("pv-demo.yaml"));
    assert_replays(&mut live);

    // Three distinct snapshots; the unchanged pv-demo.yaml is stored once and shared.
    let snapshots = live.journal.snapshots();
    assert_eq!(snapshots.len(), 3);
    assert!(Rc::ptr_eq(&snapshots[0][0].1, &snapshots[1][0].1));
    let value = live.journal.to_value();
    assert_eq!(value["texts"].as_array().map(Vec::len), Some(3));
    assert_eq!(value["inputs"][2]["files"], 1);
    assert_eq!(value["inputs"][3]["files"], 2);
}

#[test]
fn earlier_moments_show_the_earlier_cluster() {
    let mut live = notes_session(4);
    let journal = live.journal.clone();
    let pods = |replayed: &Replayed| {
        cluster_view(&replayed.session.cluster)
            .stateful_sets
            .iter()
            .map(|set| set.slots.iter().filter(|slot| slot.pod.is_some()).count())
            .sum::<usize>()
    };
    let start = replay(&journal, Moment::START);
    assert_eq!(pods(&start), 0);
    assert!(start.console.is_empty());
    let applied = journal.moment_after(2).expect("the set applied");
    let early = replay(&journal, applied);
    assert_eq!(pods(&early), 1, "only myapp-0 right after the apply");
    assert!(text(&early.console).ends_with("statefulset.apps/myapp created\n"));
    let now = replay(&journal, journal.now());
    assert_eq!(pods(&now), 2);

    // Forking there forgets the later inputs and continues from that moment.
    let mut forked = journal.clone();
    forked.truncate(applied);
    assert_eq!(forked.entries().len(), 3);
    assert_eq!(forked.end(), applied.at);
    assert_eq!(forked.now(), applied);
    let mut again = replay(&forked, forked.now());
    assert_eq!(
        cluster_text(&mut again.session),
        cluster_text(&mut replay(&journal, applied).session)
    );
    let _ = &mut live;
}

#[test]
fn moments_are_clamped_to_the_journal() {
    let mut journal = Journal::new(Preset::Kubeadm, 1);
    journal.record_line(100, "help", None).expect("room");
    journal.record_line(100, "help", None).expect("room");
    journal.record(500, Input::Interrupt).expect("room");
    journal.reach(900);
    assert_eq!(journal.moment_at(100), Moment { at: 100, inputs: 2 });
    assert_eq!(journal.moment_at(99), Moment { at: 99, inputs: 0 });
    assert_eq!(journal.moment_at(5_000), journal.now());
    assert_eq!(journal.now(), Moment { at: 900, inputs: 3 });
    assert_eq!(
        journal.clamp(Moment { at: 100, inputs: 9 }),
        Moment { at: 100, inputs: 2 }
    );
    assert_eq!(
        journal.clamp(Moment { at: 600, inputs: 0 }),
        Moment { at: 600, inputs: 3 }
    );
    // An input stamped before the one before it is moved up, keeping the order.
    journal.record(50, Input::Interrupt).expect("room");
    assert_eq!(journal.entries()[3].at, 500);
    assert_eq!(journal.lines().collect::<Vec<_>>(), ["help", "help"]);
}

#[test]
fn a_full_journal_refuses_more() {
    let mut journal = Journal::new(Preset::Kind, 2);
    for index in 0..INPUTS_MAX {
        journal
            .record(index as SimTime, Input::Interrupt)
            .expect("room");
    }
    assert!(journal.is_full());
    assert_eq!(journal.record(0, Input::Interrupt), Err(JournalFull));
    assert_eq!(journal.record_line(0, "help", None), Err(JournalFull));
}

#[test]
fn json_reads_back_what_it_wrote() {
    let mut live = Live::new(42, 3);
    let files = notes_files();
    live.line("kubectl apply -f pv-demo.yaml", &files);
    live.line("kubectl get pods -w", &files);
    live.wait(1_000);
    live.input(Input::Interrupt);
    live.input(Input::Fault {
        pod: "default/web-0".into(),
        fault: Fault::BreakReadiness,
    });
    live.line("echo \"ünïcode\" 'quotes'", &files);
    live.wait(2_500);
    let json = live.journal.to_json();
    let back = Journal::from_json(&json).expect("reads back");
    assert_eq!(back, live.journal);
    assert_eq!(back.to_json(), json);
    let start = &json[..json.find("\"texts\"").expect("texts")];
    expect_test::expect![[r#"{"v":1,"seed":42,"preset":"kubeadm","end":3500,"#]].assert_eq(start);
    let inputs = &json[json.find("\"inputs\"").expect("inputs")..];
    expect_test::expect![[r#""inputs":[{"t":0,"line":"kubectl apply -f pv-demo.yaml","files":0},{"t":0,"line":"kubectl get pods -w","files":0},{"t":1000,"interrupt":true},{"t":1000,"pod":"default/web-0","fault":"break-readiness"},{"t":1000,"line":"echo \"ünïcode\" 'quotes'"}]}"#]].assert_eq(inputs);
    let empty = Journal::new(Preset::Kind, 9);
    assert_eq!(
        empty.to_json(),
        r#"{"v":1,"seed":9,"preset":"kind","end":0,"texts":[],"snapshots":[],"inputs":[]}"#
    );
    assert_eq!(Journal::from_json(&empty.to_json()), Ok(empty));
}

#[test]
fn json_that_is_not_a_journal_is_refused_with_a_reason() {
    let errors = [
        "",
        "{\"v\":1,",
        "[1,2]",
        "{\"seed\":1}",
        "{\"v\":\"1\"}",
        "{\"v\":2,\"anything\":true}",
        r#"{"v":1,"seed":1,"preset":"kubeadm","end":0,"texts":[],"snapshots":[]}"#,
        r#"{"v":1,"seed":1,"preset":"minikube","end":0,"texts":[],"snapshots":[],"inputs":[]}"#,
        r#"{"v":1,"seed":-1,"preset":"kind","end":0,"texts":[],"snapshots":[],"inputs":[]}"#,
        r#"{"v":1,"seed":1,"preset":"kind","end":0,"texts":[],"snapshots":[],"inputs":[],"extra":1}"#,
        r#"{"v":1,"seed":1,"preset":"kind","end":9,"texts":[],"snapshots":[[["a.yaml",0]]],"inputs":[]}"#,
        r#"{"v":1,"seed":1,"preset":"kind","end":9,"texts":[],"snapshots":[],"inputs":[{"t":1,"line":"x","files":0}]}"#,
        r#"{"v":1,"seed":1,"preset":"kind","end":9,"texts":[],"snapshots":[],"inputs":[{"t":5,"interrupt":true},{"t":4,"interrupt":true}]}"#,
        r#"{"v":1,"seed":1,"preset":"kind","end":3,"texts":[],"snapshots":[],"inputs":[{"t":5,"interrupt":true}]}"#,
        r#"{"v":1,"seed":1,"preset":"kind","end":9,"texts":[],"snapshots":[],"inputs":[{"t":5,"interrupt":false}]}"#,
        r#"{"v":1,"seed":1,"preset":"kind","end":9,"texts":[],"snapshots":[],"inputs":[{"t":5,"line":"x","interrupt":true}]}"#,
        r#"{"v":1,"seed":1,"preset":"kind","end":9,"texts":[],"snapshots":[],"inputs":[{"t":5,"pod":"a/b","fault":"explode"}]}"#,
        r#"{"v":1,"seed":1,"preset":"kind","end":9,"texts":[],"snapshots":[],"inputs":[{"line":"x"}]}"#,
    ];
    let report: String = errors
        .iter()
        .map(|text| match Journal::from_json(text) {
            Ok(_) => format!("ACCEPTED {text}\n"),
            Err(error) => format!("{error}\n"),
        })
        .collect();
    expect_test::expect![[r#"
        the journal is not valid JSON: EOF while parsing a value at line 1 column 0
        the journal is not valid JSON: EOF while parsing a value at line 1 column 7
        this is not a playground journal: it has no version ("v")
        this is not a playground journal: it has no version ("v")
        the journal cannot be read: the version "1" is not a number
        the journal is format version 2; this page reads version 1
        the journal cannot be read: missing field `inputs`
        the journal cannot be read: unknown preset "minikube" (expected "kubeadm" or "kind")
        the journal cannot be read: invalid value: integer `-1`, expected u64
        the journal cannot be read: unknown field `extra`, expected one of `v`, `seed`, `preset`, `end`, `texts`, `snapshots`, `inputs`
        the journal cannot be read: snapshots[0] names text 0, but there are only 0
        the journal cannot be read: inputs[0] reads file snapshot 0, but there are only 0
        the journal cannot be read: inputs[1] happens at 4 ms, before the input before it (5 ms)
        the journal cannot be read: the session ends at 3 ms, before its last input (5 ms)
        the journal cannot be read: inputs[0]: an input is a console line ("line", optional "files"), "interrupt": true, or a pod fault ("pod" and "fault")
        the journal cannot be read: inputs[0]: an input is a console line ("line", optional "files"), "interrupt": true, or a pod fault ("pod" and "fault")
        the journal cannot be read: inputs[0]: unknown fault "explode" (expected break-readiness, restore-readiness or crash)
        the journal cannot be read: missing field `t`
    "#]].assert_eq(&report);
    let huge = " ".repeat(JOURNAL_JSON_BYTES_MAX + 1);
    assert_eq!(
        Journal::from_json(&huge),
        Err(JournalError::TooLarge {
            bytes: JOURNAL_JSON_BYTES_MAX + 1
        })
    );
}

#[test]
fn damaged_json_never_panics() {
    let mut live = notes_session(9);
    live.input(Input::Interrupt);
    let json = live.journal.to_json();
    let bytes = json.as_bytes();
    let mut rng = Rng::new(5);
    for round in 0..300 {
        let mut damaged = bytes.to_vec();
        match round % 3 {
            0 => damaged.truncate(rng.range(0, bytes.len() as u64) as usize),
            1 => {
                let at = rng.range(0, bytes.len() as u64 - 1) as usize;
                damaged[at] = b"{}[],:\"0-9ax"[rng.range(0, 11) as usize];
            }
            _ => {
                let at = rng.range(0, bytes.len() as u64 - 1) as usize;
                damaged.remove(at);
            }
        }
        let text = String::from_utf8_lossy(&damaged);
        if let Ok(journal) = Journal::from_json(&text) {
            // Whatever is accepted replays without trouble.
            let _ = replay(&journal, journal.now());
        }
    }
}
