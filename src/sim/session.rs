//! The facade both faces drive: a cluster, the session's files, and at most one running
//! command. The page calls `start` / `advance` / `poll` / `interrupt` frame by frame; the command
//! line calls `run_blocking`, which advances simulated time exactly as long as the real command
//! would block.
//!
//! Architecture Invariant: everything a learner does goes through here as a command or a file;
//! replaying the same seed, preset, files and commands gives the same transcript.

use std::collections::BTreeMap;

use crate::sim::clock::SimTime;
use crate::sim::kubectl::{self, Context, Invocation, Output, Waiter};
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
