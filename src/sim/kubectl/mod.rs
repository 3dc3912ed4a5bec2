//! kubectl: parse a command line, run it against the simulated API server, print like kubectl.
//!
//! Models kubectl's commands (`kubernetes/kubectl/pkg/cmd/*`), its resource builder
//! (`cli-runtime/pkg/resource`) and printers. Commands that block on a real cluster (`delete`
//! waiting for removal, `rollout status`, `wait`, `get -w`, `run -i`) return a [`Waiter`]: the
//! session advances simulated time and polls it, so the command line and the page's console
//! both stream the same lines at the same simulated instants.
//!
//! Output keeps stdout and stderr interleaved in the order a terminal shows them. Exit codes
//! follow kubectl: 0 on success, 1 on an error (`exec` returns the remote command's code).
//!
//! Architecture Invariant: a command either changes the cluster through `api::` (admission) or
//! only reads it; it never reaches into controller state. Nothing here panics on user input.

pub mod args;
pub mod describe;
pub mod exec;
pub mod get;
pub mod info;
pub mod merge;
pub mod mutate;
pub mod nodes;
pub mod printers;
pub mod resources;
pub mod rollout;
mod sort;
pub mod wait;

use std::collections::BTreeMap;

use crate::sim::clock::SimTime;
use crate::sim::world::Cluster;

/// Which stream a piece of output went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// What a command printed, in terminal order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Output {
    pub chunks: Vec<(Stream, String)>,
}

impl Output {
    /// Appends text to stdout (a newline is added when missing).
    pub fn out(&mut self, text: impl Into<String>) {
        self.push(Stream::Stdout, text.into());
    }

    /// Appends text to stderr (a newline is added when missing).
    pub fn err(&mut self, text: impl Into<String>) {
        self.push(Stream::Stderr, text.into());
    }

    /// Appends text exactly as given (no newline added).
    pub fn raw(&mut self, stream: Stream, text: impl Into<String>) {
        let text = text.into();
        if !text.is_empty() {
            self.chunks.push((stream, text));
        }
    }

    fn push(&mut self, stream: Stream, mut text: String) {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        self.chunks.push((stream, text));
    }

    /// Everything, as a terminal would show it.
    pub fn text(&self) -> String {
        self.chunks.iter().map(|(_, t)| t.as_str()).collect()
    }

    pub fn stdout(&self) -> String {
        self.chunks
            .iter()
            .filter(|(s, _)| *s == Stream::Stdout)
            .map(|(_, t)| t.as_str())
            .collect()
    }

    pub fn stderr(&self) -> String {
        self.chunks
            .iter()
            .filter(|(s, _)| *s == Stream::Stderr)
            .map(|(_, t)| t.as_str())
            .collect()
    }

    pub fn append(&mut self, other: Output) {
        self.chunks.extend(other.chunks);
    }

    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }
}

/// A command that is still running: it is polled each time simulated time moves.
pub trait Waiter {
    /// Looks at the cluster as it is now, prints what changed, and returns the exit code once
    /// the command is over.
    fn poll(&mut self, cluster: &mut Cluster, out: &mut Output) -> Option<i32>;
    /// The simulated instant at which the command gives up on its own (its timeout).
    fn deadline(&self) -> SimTime;
    /// What interrupting it (Ctrl+C) prints, if anything; the exit code is 130.
    fn interrupt(&mut self, _cluster: &mut Cluster, _out: &mut Output) {}
}

/// How a command invocation ended.
pub enum Invocation {
    Done(i32),
    Waiting(Box<dyn Waiter>),
}

/// Everything a command may use.
pub struct Context<'a> {
    pub cluster: &'a mut Cluster,
    /// The session's files (heredocs, the editor's tabs), by path.
    pub files: &'a BTreeMap<String, String>,
    /// Standard input, when the command line fed one (`-f -`).
    pub stdin: Option<&'a str>,
    pub out: &'a mut Output,
}

/// The kubectl version the simulation reproduces.
pub const CLIENT_VERSION: &str = "v1.34.2";
pub const KUSTOMIZE_VERSION: &str = "v5.7.1";

/// kubectl's commands in the order it registers them (cobra's suggestion order).
const REGISTRATION_ORDER: &[&str] = &[
    "create",
    "expose",
    "run",
    "set",
    "explain",
    "get",
    "edit",
    "delete",
    "rollout",
    "scale",
    "autoscale",
    "certificate",
    "cluster-info",
    "top",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "describe",
    "logs",
    "attach",
    "exec",
    "port-forward",
    "proxy",
    "cp",
    "auth",
    "debug",
    "events",
    "diff",
    "apply",
    "patch",
    "replace",
    "wait",
    "kustomize",
    "label",
    "annotate",
    "completion",
    "alpha",
    "api-resources",
    "api-versions",
    "config",
    "plugin",
    "version",
    "options",
];

/// Runs one kubectl command line (the words after `kubectl`).
pub fn run(ctx: &mut Context<'_>, argv: &[String]) -> Invocation {
    let Some(command) = argv.first() else {
        ctx.out.out(HELP_SUMMARY);
        return Invocation::Done(0);
    };
    let rest = &argv[1..];
    let result = match command.as_str() {
        "apply" => mutate::apply(ctx, rest),
        "create" => mutate::create(ctx, rest),
        "replace" => mutate::replace(ctx, rest),
        "delete" => mutate::delete(ctx, rest),
        "scale" => mutate::scale(ctx, rest),
        "patch" => mutate::patch(ctx, rest),
        "set" => mutate::set(ctx, rest),
        "label" => mutate::label(ctx, rest, "label"),
        "annotate" => mutate::label(ctx, rest, "annotate"),
        "get" => get::get(ctx, rest),
        "describe" => describe::describe(ctx, rest),
        "rollout" => rollout::rollout(ctx, rest),
        "wait" => wait::wait(ctx, rest),
        "exec" => exec::exec(ctx, rest),
        "run" => exec::run(ctx, rest),
        "logs" => exec::logs(ctx, rest),
        "explain" => info::explain(ctx, rest),
        "api-resources" => info::api_resources(ctx, rest),
        "version" => info::version(ctx, rest),
        "cluster-info" => info::cluster_info(ctx, rest),
        "cordon" => nodes::cordon(ctx, rest, true),
        "uncordon" => nodes::cordon(ctx, rest, false),
        "drain" => nodes::drain(ctx, rest),
        "-h" | "--help" | "help" => {
            ctx.out.out(HELP_SUMMARY);
            Ok(Invocation::Done(0))
        }
        unknown => Err(unknown_command(unknown)),
    };
    match result {
        Ok(invocation) => invocation,
        Err(message) => {
            ctx.out.err(message);
            Invocation::Done(1)
        }
    }
}

fn unknown_command(word: &str) -> String {
    // cobra suggests commands within two edits or starting with the typed word, in the order
    // kubectl registers them.
    let lower = word.to_lowercase();
    let suggestions: Vec<&&str> = REGISTRATION_ORDER
        .iter()
        .filter(|c| edit_distance(c, &lower) <= 2 || c.starts_with(lower.as_str()))
        .collect();
    let mut text = format!("Error: unknown command \"{word}\" for \"kubectl\"");
    if !suggestions.is_empty() {
        text.push_str("\n\nDid you mean this?\n");
        for suggestion in suggestions {
            text.push_str(&format!("\t{suggestion}\n"));
        }
    }
    text
}

/// Levenshtein distance, for "Did you mean this?".
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

const HELP_SUMMARY: &str = "kubectl controls the Kubernetes cluster manager.

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller

Cluster Management Commands:
  cluster-info    Display cluster information
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  exec            Execute a command in a container
  wait            Experimental: Wait for a specific condition on one or many resources

Advanced Commands:
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  replace         Replace a resource by file name or stdin

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource

Other Commands:
  api-resources   Print the supported API resources on the server
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]
";
