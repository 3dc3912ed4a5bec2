//! The facade both faces drive: a cluster, the session's files, and at most one running
//! command. The page calls `start` / `advance` / `poll` / `interrupt` frame by frame; the command
//! line calls `run_blocking`, which advances simulated time exactly as long as the real command
//! would block.
//!
//! Architecture Invariant: everything a learner does goes through here as a command or a file;
//! replaying the same seed, preset, files and commands gives the same transcript.

use std::collections::BTreeMap;

use crate::sim::clock::SimTime;
use crate::sim::controllers::kubelet;
use crate::sim::kubectl::{self, Context, Invocation, Output, Waiter};
use crate::sim::store::ObjectKey;
use crate::sim::world::{Cluster, Preset};

/// How long one blocking command may run at most (in simulated time), whatever it asked for.
pub const COMMAND_MS_MAX: SimTime = 24 * 60 * 60 * 1000;
/// How many timer steps one blocking command may take before it is stopped.
pub const COMMAND_STEPS_MAX: usize = 2_000_000;

pub struct Session {
    pub cluster: Cluster,
    pub files: BTreeMap<String, String>,
    pub seed: u64,
    running: Option<Box<dyn Waiter>>,
}

pub use crate::sim::controllers::kubelet::Fault;

/// The state of the current command after a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandState {
    Finished(i32),
    Running,
}

impl Session {
    pub fn new(preset: Preset, seed: u64) -> Session {
        Session {
            cluster: Cluster::new(preset, seed),
            files: BTreeMap::new(),
            seed,
            running: None,
        }
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Starts a kubectl command (the words after `kubectl`). A blocking command keeps running
    /// until `poll` reports it finished.
    pub fn start(&mut self, argv: &[String], stdin: Option<&str>) -> (Output, CommandState) {
        let mut out = Output::default();
        if self.running.is_some() {
            out.err("error: another command is still running; press Ctrl+C to stop it");
            return (out, CommandState::Finished(1));
        }
        let invocation = {
            let mut ctx = Context {
                cluster: &mut self.cluster,
                files: &self.files,
                stdin,
                out: &mut out,
            };
            kubectl::run(&mut ctx, argv)
        };
        self.cluster.settle();
        match invocation {
            Invocation::Done(code) => (out, CommandState::Finished(code)),
            Invocation::Waiting(mut waiter) => match waiter.poll(&mut self.cluster, &mut out) {
                Some(code) => (out, CommandState::Finished(code)),
                None => {
                    self.running = Some(waiter);
                    (out, CommandState::Running)
                }
            },
        }
    }

    /// Applies a [`Fault`] to the pod `key` and lets the cluster react at this instant. False
    /// when the pod does not exist or no kubelet runs it (nothing changes then). A fault is an
    /// input like a command: a replay must apply it at the same instant.
    pub fn pod_fault(&mut self, key: &ObjectKey, fault: Fault) -> bool {
        let done = match fault {
            Fault::BreakReadiness => kubelet::break_readiness(&mut self.cluster, key),
            Fault::RestoreReadiness => kubelet::restore_readiness(&mut self.cluster, key),
            Fault::Crash => kubelet::crash(&mut self.cluster, key),
        };
        self.cluster.settle();
        done
    }

    /// Runs a kubectl command that only reads (`describe`, `get -o yaml`) beside whatever is
    /// running, for the page's object inspector. A command that would wait is dropped after
    /// its first answer. Nothing is recorded: the cluster does not change.
    pub fn read_only(&mut self, argv: &[String]) -> Output {
        let mut out = Output::default();
        let verb = argv.first().map(String::as_str);
        if !matches!(verb, Some("describe" | "get"))
            || argv.iter().any(|a| a == "-w" || a.starts_with("--watch"))
        {
            out.err("error: only describe and get run beside other commands");
            return out;
        }
        let mut ctx = Context {
            cluster: &mut self.cluster,
            files: &self.files,
            stdin: None,
            out: &mut out,
        };
        let invocation = kubectl::run(&mut ctx, argv);
        drop(invocation);
        out
    }

    /// Lets the running command look at the cluster again (after time moved).
    pub fn poll(&mut self) -> (Output, CommandState) {
        let mut out = Output::default();
        let Some(waiter) = self.running.as_mut() else {
            return (out, CommandState::Finished(0));
        };
        match waiter.poll(&mut self.cluster, &mut out) {
            Some(code) => {
                self.running = None;
                (out, CommandState::Finished(code))
            }
            None => (out, CommandState::Running),
        }
    }

    /// Ctrl+C: stops the running command.
    pub fn interrupt(&mut self) -> Output {
        let mut out = Output::default();
        if let Some(mut waiter) = self.running.take() {
            waiter.interrupt(&mut self.cluster, &mut out);
        }
        out
    }

    /// When something next happens: the next timer or the running command's deadline.
    pub fn next_wakeup(&self) -> Option<SimTime> {
        let timer = self.cluster.next_event_time();
        let deadline = self.running.as_ref().map(|w| w.deadline());
        match (timer, deadline) {
            (Some(t), Some(d)) => Some(t.min(d)),
            (t, d) => t.or(d),
        }
    }

    /// Advances simulated time to `until`, polling a running command after every step so it
    /// sees each change at the instant it happened.
    pub fn advance_to(&mut self, until: SimTime) -> Output {
        let mut out = Output::default();
        let mut steps = 0;
        while self.cluster.now < until && steps < COMMAND_STEPS_MAX {
            steps += 1;
            let next = self
                .next_wakeup()
                .unwrap_or(until)
                .min(until)
                .max(self.cluster.now);
            self.cluster.advance_to(next);
            if self.running.is_some() {
                let (chunk, _) = self.poll();
                out.append(chunk);
            }
            if next >= until {
                break;
            }
        }
        self.cluster.advance_to(until);
        if self.running.is_some() {
            let (chunk, _) = self.poll();
            out.append(chunk);
        }
        out
    }

    /// Runs a command to its end, moving simulated time as the real command would block.
    pub fn run_blocking(&mut self, argv: &[String], stdin: Option<&str>) -> (Output, i32) {
        let (mut out, mut state) = self.start(argv, stdin);
        let started = self.cluster.now;
        let mut steps = 0;
        while state == CommandState::Running {
            steps += 1;
            let wakeup = self.next_wakeup().unwrap_or(started + COMMAND_MS_MAX);
            if steps > COMMAND_STEPS_MAX || wakeup > started + COMMAND_MS_MAX {
                out.append(self.interrupt());
                out.err("error: the playground stopped this command: it ran for more than a simulated day");
                return (out, 1);
            }
            self.cluster.advance_to(wakeup.max(self.cluster.now));
            let (chunk, next) = self.poll();
            out.append(chunk);
            state = next;
        }
        let code = match state {
            CommandState::Finished(code) => code,
            CommandState::Running => 1,
        };
        (out, code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::model::Kind;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    /// A session with `kubectl run web --image=nginx:1.25` running and ready.
    fn running_pod() -> Session {
        let mut session = Session::new(Preset::Kind, 3);
        session.run_blocking(&words("run web --image=nginx:1.25"), None);
        session.run_blocking(
            &words("wait --for=condition=Ready pod/web --timeout=120s"),
            None,
        );
        session
    }

    fn pod_line(session: &mut Session) -> String {
        let (out, _) = session.run_blocking(&words("get pod web --no-headers"), None);
        out.stdout()
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn faults_break_readiness_restore_it_and_crash_the_pod() {
        let mut session = running_pod();
        assert_eq!(pod_line(&mut session), "web 1/1 Running 0");
        assert!(session.pod_fault(
            &ObjectKey::new(Kind::Pod, "default", "web"),
            Fault::BreakReadiness
        ));
        assert_eq!(pod_line(&mut session), "web 0/1 Running 0");
        assert!(session.pod_fault(
            &ObjectKey::new(Kind::Pod, "default", "web"),
            Fault::RestoreReadiness
        ));
        assert_eq!(pod_line(&mut session), "web 1/1 Running 0");
        assert!(session.pod_fault(&ObjectKey::new(Kind::Pod, "default", "web"), Fault::Crash));
        let until = session.cluster.now + 30_000;
        session.advance_to(until);
        assert_eq!(pod_line(&mut session), "web 1/1 Running 1");
    }

    #[test]
    fn a_fault_on_a_missing_pod_changes_nothing() {
        let mut session = running_pod();
        let version = session.cluster.store.resource_version();
        assert!(!session.pod_fault(&ObjectKey::new(Kind::Pod, "default", "nope"), Fault::Crash));
        assert!(!session.pod_fault(
            &ObjectKey::new(Kind::Pod, "other", "web"),
            Fault::BreakReadiness
        ));
        assert_eq!(session.cluster.store.resource_version(), version);
    }

    #[test]
    fn read_only_commands_run_beside_a_waiting_one() {
        let mut session = running_pod();
        let (_, state) = session.start(&words("get pods -w"), None);
        assert_eq!(state, CommandState::Running);
        let yaml = session.read_only(&words("get pod web -o yaml")).text();
        assert!(yaml.starts_with("apiVersion: v1\nkind: Pod\n"), "{yaml}");
        let describe = session.read_only(&words("describe pod web")).text();
        assert!(describe.starts_with("Name:"), "{describe}");
        assert!(session.is_running());
        let refused = session.read_only(&words("delete pod web")).text();
        assert!(refused.starts_with("error:"));
        let watch = session.read_only(&words("get pods -w")).text();
        assert!(watch.starts_with("error:"));
    }
}
