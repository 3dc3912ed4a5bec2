//! Export: a playground session as files to run against a real cluster (kind or minikube): the
//! session's manifests and a `replay.sh` bash script that replays its commands.
//!
//! The playground's clock is simulated and its cluster is a preset, so a faithful replay needs
//! steps the simulation did not: the script refuses to run unless the kubectl context is a kind
//! or minikube cluster (a shared link must not touch a real cluster by accident); on the
//! `kubeadm` preset (no StorageClass, claims bind to hand-made volumes) it un-marks the local
//! cluster's default StorageClass, or every claim would get a provisioned volume instead; it
//! waits for a pod to be Ready before `kubectl exec` into it (real image pulls are slower than
//! the simulated ones); it ends a `kubectl get -w`, which on a real cluster never returns, after
//! a while; and it scales every `sleep` by `REPLAY_SLEEP_FACTOR`. Each of these is explained by a
//! comment in the script itself. Volumes the notes made with `nfs:` cannot mount on a local
//! cluster that has no such server; the script says so at the top (a `hostPath:` volume works on
//! kind and minikube: their container runtime creates a missing host directory).
//!
//! Everything from the session reaches the script only as quoted words (single quotes) or as
//! a here-document with a quoted delimiter that appears in no line of its body, so nothing in a
//! shared session can make bash run anything but `kubectl`, `sleep`, `printf` and `cat > FILE`
//! with a file name that passed [`crate::share::valid_file_name`].
//!
//! Left out: replaying against other namespaces or contexts, and zipping the files (the page
//! offers them one by one).
//!
//! Architecture Invariant: the export is a pure function of the session's inputs (files,
//! commands, preset, lesson); it never runs anything.

use crate::lessons;
use crate::share::{valid_file_name, SharePayload};
use crate::sim::script::{self, Action, Step};
use crate::sim::world::Preset;

/// The replay script's file name.
pub const REPLAY_SCRIPT: &str = "replay.sh";
/// Seconds a `kubectl get -w` runs on the real cluster before the script moves on.
pub const WATCH_SECONDS: u64 = 60;
/// Seconds the script waits for a pod to be Ready before an exec into it.
pub const READY_TIMEOUT_SECONDS: u64 = 300;

/// Quotes a word for bash: bare when it is made only of safe characters, else in single quotes.
pub fn shell_quote(word: &str) -> String {
    let safe = !word.is_empty()
        && word.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'-' | b'_' | b'.' | b'/' | b'=' | b':' | b',' | b'@' | b'%' | b'+'
                )
        });
    if safe {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// A here-document delimiter that is no line of `body`.
fn delimiter_for(body: &str) -> String {
    let mut delimiter = "EOF".to_string();
    let mut counter = 0;
    while body.lines().any(|line| line == delimiter) && counter < 1_000_000 {
        counter += 1;
        delimiter = format!("EOF_{counter}");
    }
    delimiter
}

/// Prints the command line as the playground's transcript shows it.
fn echo_line(out: &mut String, echo: &str) {
    out.push_str(&format!(
        "printf '%s\\n' {}\n",
        shell_quote(&format!("$ {echo}"))
    ));
}

/// The pod a `kubectl exec` runs in: the first word after `exec` that is not a flag or a flag's
/// value (`-c NAME`, `--container NAME`, `-n NS`, `--namespace NS`).
fn exec_pod(argv: &[String]) -> Option<String> {
    let mut words = argv.iter().skip_while(|w| *w != "exec").skip(1);
    while let Some(word) = words.next() {
        if word == "--" {
            return None;
        }
        if matches!(word.as_str(), "-c" | "--container" | "-n" | "--namespace") {
            words.next();
            continue;
        }
        if word.starts_with('-') {
            continue;
        }
        return Some(word.strip_prefix("pod/").unwrap_or(word).to_string());
    }
    None
}

fn is_watch(argv: &[String]) -> bool {
    argv.first().is_some_and(|w| w == "get")
        && argv.iter().take_while(|w| *w != "--").any(|w| {
            w == "-w" || w == "--watch" || w == "--watch-only" || w.starts_with("--watch=")
        })
}

/// Appends one step of the session to the script.
fn write_step(out: &mut String, step: &Step) {
    match &step.action {
        Action::Kubectl { argv, stdin } => {
            echo_line(out, &step.echo);
            if let Some(pod) = exec_pod(argv) {
                out.push_str(&format!(
                    "kubectl wait --for=condition=Ready pod/{} --timeout={READY_TIMEOUT_SECONDS}s >/dev/null || true\n",
                    shell_quote(&pod)
                ));
            }
            let mut line = String::new();
            if is_watch(argv) {
                line.push_str("timeout \"$REPLAY_WATCH_SECONDS\" ");
            }
            line.push_str("kubectl");
            for word in argv {
                line.push(' ');
                line.push_str(&shell_quote(word));
            }
            match stdin {
                Some(body) => {
                    let delimiter = delimiter_for(body);
                    out.push_str(&format!("{line} <<'{delimiter}'\n{body}"));
                    if !body.is_empty() && !body.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(&delimiter);
                    out.push('\n');
                }
                None => {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
        }
        Action::Sleep { ms } => {
            echo_line(out, &step.echo);
            let seconds = ms.div_ceil(1000);
            out.push_str(&format!("pause {seconds}\n"));
        }
        Action::Echo { text } => {
            out.push_str(&format!("printf '%s\\n' {}\n", shell_quote(text)));
        }
        Action::WriteFile { path, body } => {
            if !valid_file_name(path) {
                out.push_str(&format!(
                    "# Not replayed: the file name {} is not one the playground exports.\n",
                    shell_quote(path).replace('\n', " ")
                ));
                return;
            }
            echo_line(out, &step.echo);
            let delimiter = delimiter_for(body);
            out.push_str(&format!(
                "cat > {} <<'{delimiter}'\n{body}",
                shell_quote(path)
            ));
            if !body.is_empty() && !body.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&delimiter);
            out.push('\n');
        }
    }
}

/// Appends a script (the lesson's setup or the session's commands), one command at a time; a
/// command that is not a session-script line becomes a comment.
fn write_commands(out: &mut String, commands: &[String]) {
    for command in commands {
        match script::parse(command) {
            Ok(steps) => {
                for step in &steps {
                    write_step(out, step);
                }
            }
            Err(error) => {
                let first = command.lines().next().unwrap_or("");
                out.push_str(&format!(
                    "# Not replayed ({}): {}\n",
                    error.message.replace('\n', " "),
                    first.replace('\n', " ")
                ));
            }
        }
    }
}

const HEADER: &str = r#"#!/usr/bin/env bash
# Replays a StatefulSet Playground session on a real cluster: kind or minikube.
#
#   kind create cluster        (or: minikube start)
#   bash replay.sh
#
# Run it in the folder with the manifests beside it, against a fresh, throw-away cluster: it
# creates, changes and deletes objects in the "default" namespace exactly as the session did.
# The playground's clock is simulated, so a real cluster is slower: image pulls take seconds to
# minutes. REPLAY_SLEEP_FACTOR (default 1) multiplies every sleep of the session;
# REPLAY_WATCH_SECONDS (default 60) is how long each `kubectl get -w` runs here, since a real
# watch never ends on its own (the playground ends one after 30 quiet seconds).
#
# A failing kubectl command does not stop the script: in the session it was part of the story.
set -u
cd "$(dirname "$0")" || exit 1
REPLAY_SLEEP_FACTOR="${REPLAY_SLEEP_FACTOR:-1}"
REPLAY_WATCH_SECONDS="${REPLAY_WATCH_SECONDS:-60}"

# Sleeps N seconds times REPLAY_SLEEP_FACTOR (a whole number).
pause() { sleep "$(( $1 * REPLAY_SLEEP_FACTOR ))"; }

# Safety first: only a local kind or minikube cluster. Set REPLAY_ANY_CONTEXT=1 to override.
context="$(kubectl config current-context 2>/dev/null || true)"
case "$context" in
  kind-*|minikube) ;;
  *)
    if [ "${REPLAY_ANY_CONTEXT:-}" != 1 ]; then
      echo "replay.sh: the kubectl context is '$context', not a kind-* or minikube cluster;" >&2
      echo "replay.sh: create one with 'kind create cluster', or set REPLAY_ANY_CONTEXT=1" >&2
      exit 1
    fi
    ;;
esac
"#;

const NO_STORAGE_CLASS: &str = r#"
# The session ran on the playground's "kubeadm" preset, the cluster of the tutorial notes: no
# StorageClass, so claims bind only to PersistentVolumes made by hand. kind and minikube have a
# default StorageClass, which would give every claim without a class a new provisioned volume,
# and the hand-made volumes would stay Available. Un-mark the default class so the claims bind as
# in the session. To undo it afterwards:
#   kubectl annotate storageclass standard storageclass.kubernetes.io/is-default-class=true --overwrite
if [ "${REPLAY_KEEP_DEFAULT_STORAGECLASS:-}" != 1 ]; then
  for class in $(kubectl get storageclass -o name); do
    kubectl annotate "$class" storageclass.kubernetes.io/is-default-class- >/dev/null
  done
fi
"#;

const DYNAMIC: &str = r#"
# The session ran on the playground's "kind" preset: a default StorageClass "standard"
# (rancher.io/local-path, WaitForFirstConsumer, reclaim Delete), exactly what kind has. On
# minikube the default class is also "standard" but binds at once (Immediate), so a claim there
# is Bound before its pod is scheduled.
"#;

/// The `replay.sh` of a session, and the manifests it needs, in order: the manifests first.
/// For a lesson's session, the lesson's setup runs before the session's own commands and the
/// lesson's manifests are included (the session's files win over a lesson file of the same name).
pub fn export(payload: &SharePayload) -> Vec<(String, String)> {
    let lesson = payload
        .lesson
        .as_deref()
        .and_then(lessons::find)
        .and_then(Result::ok);
    let mut files: Vec<(String, String)> = Vec::new();
    for (name, text) in &payload.files {
        if valid_file_name(name) && name != REPLAY_SCRIPT && !files.iter().any(|(n, _)| n == name) {
            files.push((name.clone(), text.clone()));
        }
    }
    if let Some(lesson) = &lesson {
        for (name, text) in lesson.files {
            if !files.iter().any(|(n, _)| n == name) {
                files.push(((*name).to_string(), (*text).to_string()));
            }
        }
    }
    let mut script = String::from(HEADER);
    let nfs_files: Vec<&str> = files
        .iter()
        .filter(|(_, text)| {
            text.lines()
                .any(|line| line.trim_start().starts_with("nfs:"))
        })
        .map(|(name, _)| name.as_str())
        .collect();
    if !nfs_files.is_empty() {
        script.push_str(&format!(
            "\n# Note: {} {} `nfs:` volumes (the notes' NFS server k8s-master). A kind or minikube\n\
             # cluster has no such server: a pod using one stays ContainerCreating with a mount\n\
             # error. To replay it locally, replace `nfs: {{path: …, server: …}}` with\n\
             # `hostPath: {{path: …}}`; the node's container runtime creates a missing directory.\n",
            nfs_files.join(", "),
            if nfs_files.len() == 1 { "uses" } else { "use" }
        ));
    }
    script.push_str(match payload.preset {
        Preset::Kubeadm => NO_STORAGE_CLASS,
        Preset::Kind => DYNAMIC,
    });
    script.push_str(
        "\n# Before each `kubectl exec`, the script waits for the pod to be Ready: the playground's\n\
         # pods start in simulated seconds, a real image pull can take longer.\n",
    );
    if let Some(lesson) = &lesson {
        script.push_str(&format!(
            "\n# The setup of the lesson \"{}\" ({}).\n",
            lesson.en.title.replace('\n', " "),
            lesson.id
        ));
        let setup: Vec<String> = vec![lesson.setup.to_string()];
        write_commands(&mut script, &setup);
    }
    script.push_str("\n# The session.\n");
    write_commands(&mut script, &payload.commands);
    files.push((REPLAY_SCRIPT.to_string(), script));
    files
}

#[cfg(test)]
mod tests;
