//! `kubectl exec`, `kubectl run` and `kubectl logs`: commands that reach into containers.
//!
//! **What it models.** kubectl 1.34's `pkg/cmd/exec/exec.go`, `pkg/cmd/run/run.go` (with the
//! attach it does for `-i`, `pkg/cmd/attach/attach.go`), `pkg/cmd/logs/logs.go`,
//! `pkg/polymorphichelpers/{attachablepodforobject,logsforobject,helpers}.go` (which pod a
//! `TYPE/NAME` means) and `pkg/cmd/util/podcmd` (the default container); the API server's checks
//! of the `exec` subresource (`pkg/registry/core/pod/strategy.go`: `container x is not valid for
//! pod y`, `pod y does not have a host assigned`) and the kubelet's (`container not found ("c")`
//! through the SPDY/WebSocket upgrade; `validateContainerLogStatus` for logs). The containers
//! themselves are [`crate::sim::containers`].
//!
//! **Choices.**
//! * kubectl 1.34 does not check `-c` itself for `exec`; the API server answers
//!   `Error from server (BadRequest): container x is not valid for pod web-0` (kubectl 1.36
//!   added a client-side check that also lists the containers).
//! * `kubectl run -i` prints the attach banner (`All commands and output from this session …` and
//!   `If you don't see a command prompt, try pressing enter.`, since kubectl 1.32) whenever it
//!   attaches to a running container and `-q` is not given, with or without `-t`; when the pod
//!   has already finished before kubectl could attach, it prints the container's log instead
//!   and no banner — as real kubectl does (`handleAttachPod` → `logOpts`).
//! * A command that takes simulated time (`sleep 5`, a network timeout) keeps `kubectl exec`
//!   running that long; one that never ends (`sleep infinity`, a server) runs until interrupted.
//! * The simulated terminal counts as a terminal: `-it` gives the command a TTY (stdout and
//!   stderr merged) without kubectl's `Unable to use a TTY` warning.
//!
//! **Left out.** `kubectl attach` as a command, `--expose` of `run`, `--overrides` other than
//! JSON merge, the defaults a server-side dry run (`--dry-run=server -o yaml`) would add, standard
//! input to a `run` container, `logs --max-log-requests` concurrency and
//! `--insecure-skip-tls-verify-backend` (accepted, no effect).
//!
//! Architecture Invariant: these commands change the cluster only through `api::` (the pod of
//! `run` and its `--rm` deletion); reading and writing container files goes through
//! `containers::`, never through controller state. Nothing here panics on user input.

use crate::sim::kubectl::sort;
use std::cmp::Reverse;

use serde_json::{json, Map, Value};

use crate::sim::api::{self, DeleteOptions};
use crate::sim::clock::SimTime;
use crate::sim::containers::{self, container_status, ExecOptions, LogLine};
use crate::sim::kubectl::args::{self, boolean, integer, value, FlagSpec, ParsedArgs};
use crate::sim::kubectl::merge;
use crate::sim::kubectl::mutate::{deleted_line, kind_slash_name, render_api_error};
use crate::sim::kubectl::printers;
use crate::sim::kubectl::resources;
use crate::sim::kubectl::{Context, Invocation, Output, Stream, Waiter};
use crate::sim::model::{parse_selector, Kind, LabelSelector, Object, Pod};
use crate::sim::session::COMMAND_MS_MAX;
use crate::sim::shell;
use crate::sim::store::{ApiError, ObjectKey};
use crate::sim::text::duration::parse_go_duration;
use crate::sim::world::Cluster;

/// `--pod-running-timeout` of `exec` and `run` (`defaultPodExecTimeout`, `defaultPodAttachTimeout`).
pub const EXEC_POD_TIMEOUT_MS: i64 = 60_000;
/// `--pod-running-timeout` of `logs` (`defaultPodLogsTimeout`).
pub const LOGS_POD_TIMEOUT_MS: i64 = 20_000;
/// The annotation that names a pod's default container (KEP 2227).
pub const DEFAULT_CONTAINER_ANNOTATION: &str = "kubectl.kubernetes.io/default-container";
/// `--tail` when logs are selected with `-l`.
const SELECTOR_TAIL: i64 = 10;
const LOGS_USAGE: &str = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";
const TIMED_OUT: &str = "error: timed out waiting for the condition";

fn usage_error(message: &str, command_path: &str) -> String {
    format!("error: {message}\nSee '{command_path} -h' for help and examples")
}

/// A pflag `Duration` flag, in milliseconds.
fn duration_flag(
    args: &ParsedArgs,
    long: &str,
    default_ms: i64,
    command_path: &str,
) -> Result<i64, String> {
    match args.value(long) {
        None => Ok(default_ms),
        Some(text) => parse_go_duration(text).map_err(|error| {
            format!(
                "Error: invalid argument \"{text}\" for \"--{long}\" flag: {error}\nSee '{command_path} --help' for usage."
            )
        }),
    }
}

/// `cmdutil.GetPodRunningTimeoutFlag`.
fn pod_running_timeout(
    args: &ParsedArgs,
    default_ms: i64,
    command_path: &str,
) -> Result<u64, String> {
    let timeout = duration_flag(args, "pod-running-timeout", default_ms, command_path)?;
    if timeout <= 0 {
        return Err(usage_error(
            "--pod-running-timeout must be higher than zero",
            command_path,
        ));
    }
    Ok(timeout as u64)
}

fn to_stream(stream: shell::Stream) -> Stream {
    match stream {
        shell::Stream::Stdout => Stream::Stdout,
        shell::Stream::Stderr => Stream::Stderr,
    }
}

// ---------------------------------------------------------------------------------------------
// Which pod a command means.

/// What a `POD` or `TYPE/NAME` argument names.
enum PodSource {
    Pod(ObjectKey),
    /// A workload or Service: its pods, chosen from when the command runs.
    Selector {
        namespace: String,
        selector: LabelSelector,
    },
}

enum LookupError {
    /// The object does not exist (each command words this differently).
    NotFound(ApiError),
    /// Anything else, as kubectl prints it.
    Message(String),
}

/// How Go prints the type of a typed object (`%T`): `*v1.PersistentVolumeClaim`.
fn go_type(kind: Kind) -> String {
    format!("*v1.{}", kind.name())
}

/// `polymorphichelpers.SelectorsForObject` for the kinds the simulation serves.
fn selector_for(object: &Object) -> Result<(String, LabelSelector), String> {
    match object {
        Object::StatefulSet(set) => Ok((
            set.metadata.namespace().to_string(),
            set.spec.selector.clone().unwrap_or_default(),
        )),
        Object::Service(service) => match &service.spec.selector {
            Some(selector) if !selector.is_empty() => Ok((
                service.metadata.namespace().to_string(),
                LabelSelector {
                    match_labels: selector.clone(),
                    ..Default::default()
                },
            )),
            _ => Err(format!(
                "invalid service '{}': Service is defined without a selector",
                service.metadata.name
            )),
        },
        other => Err(format!(
            "selector for {} not implemented",
            go_type(other.kind())
        )),
    }
}

/// Resolves `POD` or `TYPE/NAME` in `namespace`.
fn lookup(
    cluster: &Cluster,
    namespace: &str,
    resource: &str,
) -> Result<(Kind, Object), LookupError> {
    let (kind, name) = match resource.split_once('/') {
        Some((type_text, name)) => (
            resources::resolve_kind(type_text).map_err(LookupError::Message)?,
            name,
        ),
        None => (Kind::Pod, resource),
    };
    if name.is_empty() {
        return Err(LookupError::Message(
            "error: arguments in resource/name form must have a single resource and name"
                .to_string(),
        ));
    }
    let key = ObjectKey::new(kind, namespace, name);
    match cluster.store.get(&key) {
        Some(object) => Ok((kind, object.clone())),
        None => Err(LookupError::NotFound(ApiError::not_found(kind, name))),
    }
}

/// The pods a selector matches, in name order.
fn selected_pods<'c>(
    cluster: &'c Cluster,
    namespace: &str,
    selector: &LabelSelector,
) -> Vec<&'c Pod> {
    cluster
        .store
        .list(Kind::Pod, Some(namespace))
        .filter_map(Object::as_pod)
        .filter(|pod| selector.matches(&pod.metadata.labels))
        .collect()
}

fn ready_since(pod: &Pod) -> Option<SimTime> {
    pod.condition("Ready")
        .filter(|condition| condition.status == "True")
        .and_then(|condition| condition.last_transition_time)
        .map(|time| time.0)
}

fn max_restarts(pod: &Pod) -> i32 {
    pod.status
        .container_statuses
        .iter()
        .map(|status| status.restart_count)
        .max()
        .unwrap_or(0)
}

type ActiveKey = (
    bool,
    u8,
    bool,
    bool,
    SimTime,
    Reverse<SimTime>,
    Reverse<i32>,
    Reverse<SimTime>,
);

/// `podutils.ActivePods` as a sort key: a greater key is a more active pod (assigned, Running,
/// Ready, not being deleted, ready for longer, fewer restarts, older).
fn active_key(pod: &Pod) -> ActiveKey {
    let assigned = pod.spec.node_name.as_deref().is_some_and(|n| !n.is_empty());
    let phase = match pod.phase() {
        "Running" => 2,
        "Unknown" => 1,
        _ => 0,
    };
    let ready = pod.is_ready();
    let deleting = pod.metadata.deletion_timestamp.map(|time| time.0);
    let ready_time = if ready {
        ready_since(pod).unwrap_or(SimTime::MAX)
    } else {
        0
    };
    (
        assigned,
        phase,
        ready,
        deleting.is_none(),
        deleting.unwrap_or(0),
        Reverse(ready_time),
        Reverse(max_restarts(pod)),
        Reverse(
            pod.metadata
                .creation_timestamp
                .map_or(SimTime::MAX, |time| time.0),
        ),
    )
}

type LoggingKey = (bool, u8, bool, SimTime, Reverse<i32>, SimTime);

/// `podutils.ByLogging` as a sort key: the smallest key is the pod whose logs are shown
/// (assigned, Running, Ready, ready for longer, more restarts, older).
fn logging_key(pod: &Pod) -> LoggingKey {
    let unassigned = pod.spec.node_name.as_deref().is_none_or(str::is_empty);
    let phase = match pod.phase() {
        "Unknown" => 1,
        "Pending" => 2,
        _ => 0,
    };
    let ready = pod.is_ready();
    let ready_time = if ready {
        ready_since(pod).unwrap_or(SimTime::MAX)
    } else {
        0
    };
    (
        unassigned,
        phase,
        !ready,
        ready_time,
        Reverse(max_restarts(pod)),
        pod.metadata
            .creation_timestamp
            .map_or(SimTime::MAX, |time| time.0),
    )
}

fn pod_key(pod: &Pod) -> ObjectKey {
    ObjectKey::new(Kind::Pod, pod.metadata.namespace(), &pod.metadata.name)
}

/// The pod `exec` and `run` attach to among a selector's pods: the most active one.
fn first_active_pod(
    cluster: &Cluster,
    namespace: &str,
    selector: &LabelSelector,
) -> Option<ObjectKey> {
    let mut pods = selected_pods(cluster, namespace, selector);
    sort::sort_by_key(&mut pods, |pod| Reverse(active_key(pod)));
    pods.first().map(|pod| pod_key(pod))
}

/// Names of a pod's containers as kubectl lists them (`a, b, init (init)`).
fn all_container_names(pod: &Pod) -> String {
    pod.spec
        .containers
        .iter()
        .map(|container| container.name.clone())
        .chain(
            pod.spec
                .init_containers
                .iter()
                .map(|container| format!("{} (init)", container.name)),
        )
        .collect::<Vec<_>>()
        .join(", ")
}

/// `podcmd.FindOrDefaultContainerByName` without a name: the annotated default container, else
/// the first one (with a `Defaulted container` note on stderr when there was a choice).
fn default_container(pod: &Pod, quiet: bool, out: &mut Output) -> Result<String, String> {
    let Some(first) = pod.spec.containers.first() else {
        return Err(format!(
            "error: pod {}/{} does not have any containers",
            pod.metadata.namespace(),
            pod.metadata.name
        ));
    };
    if let Some(annotated) = pod.metadata.annotations.get(DEFAULT_CONTAINER_ANNOTATION) {
        let exists = pod
            .spec
            .containers
            .iter()
            .chain(pod.spec.init_containers.iter())
            .any(|container| &container.name == annotated);
        if exists {
            return Ok(annotated.clone());
        }
    }
    if !quiet && (pod.spec.containers.len() > 1 || !pod.spec.init_containers.is_empty()) {
        out.err(format!(
            "Defaulted container \"{}\" out of: {}",
            first.name,
            all_container_names(pod)
        ));
    }
    Ok(first.name.clone())
}

fn print_chunks(out: &mut Output, chunks: &[(Stream, String)]) {
    for (stream, text) in chunks {
        out.raw(*stream, text.clone());
    }
}

// ---------------------------------------------------------------------------------------------
// kubectl exec

const EXEC_FLAGS: &[FlagSpec] = &[
    value("container", Some('c')),
    boolean("stdin", Some('i')),
    boolean("tty", Some('t')),
    boolean("quiet", Some('q')),
    value("filename", Some('f')),
    value("pod-running-timeout", None),
];

#[derive(Debug, Clone)]
struct ExecRequest {
    container: Option<String>,
    command: Vec<String>,
    stdin: String,
    tty: bool,
    quiet: bool,
}

/// What an exec into one pod turned into.
enum ExecStep {
    Done(i32),
    /// The command takes simulated time: its output appears at `until`.
    Sleeping {
        until: SimTime,
        chunks: Vec<(Stream, String)>,
        exit_code: i32,
    },
    /// The command never ends by itself.
    Forever,
}

/// `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]`
pub fn exec(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    const PATH: &str = "kubectl exec";
    let args = args::parse(argv, EXEC_FLAGS, PATH)?;
    let has_dash = argv.iter().any(|word| word == "--");
    // `ExecOptions.Complete`: exactly one argument (the pod) may come before `--`.
    let (resource, command) = if has_dash {
        match args.positional.len() {
            0 => (None, args.after_dash.clone()),
            1 => (args.positional.first().cloned(), args.after_dash.clone()),
            _ => {
                return Err(usage_error(
                    "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
                    PATH,
                ))
            }
        }
    } else {
        if args.positional.len() > 1 || (!args.positional.is_empty() && args.has("filename")) {
            return Err(usage_error(
                "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
                PATH,
            ));
        }
        (args.positional.first().cloned(), Vec::new())
    };
    let timeout = pod_running_timeout(&args, EXEC_POD_TIMEOUT_MS, PATH)?;
    if resource.is_none() && !args.has("filename") {
        return Err("error: pod, type/name or --filename must be specified".into());
    }
    if command.is_empty() {
        return Err("error: you must specify at least one command for the container".into());
    }
    let stdin = args.bool("stdin", false);
    let request = ExecRequest {
        container: args.value("container").map(str::to_string),
        command,
        stdin: if stdin {
            ctx.stdin.unwrap_or_default().to_string()
        } else {
            String::new()
        },
        tty: stdin && args.bool("tty", false),
        quiet: args.bool("quiet", false),
    };
    let namespace = resources::namespace(&args);
    let source = if args.has("filename") {
        let sources = resources::read_files(ctx, &args)?;
        let mut objects = Vec::new();
        for source in sources {
            for item in source.objects {
                let mut object = item.object;
                resources::settle_namespace(&mut object, &args)?;
                objects.push(object);
            }
        }
        if objects.len() > 1 {
            return Err("error: cannot exec into multiple objects at a time".into());
        }
        let Some(object) = objects.pop() else {
            return Err("error: no objects passed to exec".into());
        };
        let key = ObjectKey::of(&object);
        let Some(live) = ctx.cluster.store.get(&key).cloned() else {
            return Err(render_api_error(
                &ApiError::not_found(key.kind, &key.name),
                None,
            ));
        };
        exec_source(&live)?
    } else {
        let resource = resource.unwrap_or_default();
        match lookup(ctx.cluster, &namespace, &resource) {
            Ok((_, object)) => exec_source(&object)?,
            Err(LookupError::NotFound(error)) => return Err(render_api_error(&error, None)),
            Err(LookupError::Message(message)) => return Err(message),
        }
    };
    let step = match source {
        PodSource::Pod(key) => exec_into_pod(ctx.cluster, ctx.out, &key, &request),
        PodSource::Selector {
            namespace,
            selector,
        } => match first_active_pod(ctx.cluster, &namespace, &selector) {
            Some(key) => exec_into_pod(ctx.cluster, ctx.out, &key, &request),
            None => {
                return Ok(Invocation::Waiting(Box::new(ExecWaiter {
                    state: ExecState::AwaitPod {
                        namespace,
                        selector,
                        request,
                    },
                    deadline: ctx.cluster.now + timeout,
                })))
            }
        },
    };
    Ok(step_invocation(step, ctx.cluster.now))
}

fn exec_source(object: &Object) -> Result<PodSource, String> {
    match object {
        Object::Pod(pod) => Ok(PodSource::Pod(pod_key(pod))),
        other => {
            let (namespace, selector) = selector_for(other).map_err(|reason| {
                format!(
                    "error: cannot attach to {}: {reason}",
                    go_type(other.kind())
                )
            })?;
            Ok(PodSource::Selector {
                namespace,
                selector,
            })
        }
    }
}

fn step_invocation(step: ExecStep, now: SimTime) -> Invocation {
    match step {
        ExecStep::Done(code) => Invocation::Done(code),
        ExecStep::Sleeping {
            until,
            chunks,
            exit_code,
        } => Invocation::Waiting(Box::new(ExecWaiter {
            state: ExecState::Sleeping { chunks, exit_code },
            deadline: until,
        })),
        ExecStep::Forever => Invocation::Waiting(Box::new(ExecWaiter {
            state: ExecState::Forever,
            deadline: now.saturating_add(COMMAND_MS_MAX),
        })),
    }
}

/// `ExecOptions.Run` once the pod is known: the client's checks, then the server's and the
/// kubelet's (in [`containers::exec_in_with`]), then the command.
fn exec_into_pod(
    cluster: &mut Cluster,
    out: &mut Output,
    key: &ObjectKey,
    request: &ExecRequest,
) -> ExecStep {
    let Some(pod) = cluster.store.get(key).and_then(Object::as_pod) else {
        out.err(render_api_error(
            &ApiError::not_found(Kind::Pod, &key.name),
            None,
        ));
        return ExecStep::Done(1);
    };
    if pod.is_terminated() {
        out.err(format!(
            "error: cannot exec into a container in a completed pod; current phase is {}",
            pod.phase()
        ));
        return ExecStep::Done(1);
    }
    let container = match &request.container {
        Some(name) => name.clone(),
        None => match default_container(pod, request.quiet, out) {
            Ok(name) => name,
            Err(message) => {
                out.err(message);
                return ExecStep::Done(1);
            }
        },
    };
    let options = ExecOptions {
        stdin: request.stdin.clone(),
        tty: request.tty,
    };
    match containers::exec_in_with(cluster, key, Some(&container), &request.command, &options) {
        Err(message) => {
            out.err(message);
            ExecStep::Done(1)
        }
        Ok(outcome) => {
            let chunks: Vec<(Stream, String)> = if request.tty {
                vec![(Stream::Stdout, outcome.output.clone())]
            } else {
                containers::split_streams(&outcome)
                    .into_iter()
                    .map(|(stream, text)| (to_stream(stream), text))
                    .collect()
            };
            if outcome.blocks_forever {
                print_chunks(out, &chunks);
                ExecStep::Forever
            } else if outcome.elapsed_ms > 0 {
                ExecStep::Sleeping {
                    until: cluster.now.saturating_add(outcome.elapsed_ms),
                    chunks,
                    exit_code: outcome.exit_code,
                }
            } else {
                print_chunks(out, &chunks);
                ExecStep::Done(finish_exec(out, outcome.exit_code))
            }
        }
    }
}

/// A remote command's exit code becomes kubectl's (`command terminated with exit code N`).
fn finish_exec(out: &mut Output, exit_code: i32) -> i32 {
    if exit_code != 0 {
        out.err(format!("command terminated with exit code {exit_code}"));
    }
    exit_code
}

enum ExecState {
    /// `exec TYPE/NAME` before any pod matches (kubectl watches for one).
    AwaitPod {
        namespace: String,
        selector: LabelSelector,
        request: ExecRequest,
    },
    Sleeping {
        chunks: Vec<(Stream, String)>,
        exit_code: i32,
    },
    Forever,
}

struct ExecWaiter {
    state: ExecState,
    deadline: SimTime,
}

impl Waiter for ExecWaiter {
    fn poll(&mut self, cluster: &mut Cluster, out: &mut Output) -> Option<i32> {
        match &self.state {
            ExecState::AwaitPod {
                namespace,
                selector,
                request,
            } => {
                if let Some(key) = first_active_pod(cluster, namespace, selector) {
                    let request = request.clone();
                    return match exec_into_pod(cluster, out, &key, &request) {
                        ExecStep::Done(code) => Some(code),
                        ExecStep::Sleeping {
                            until,
                            chunks,
                            exit_code,
                        } => {
                            self.state = ExecState::Sleeping { chunks, exit_code };
                            self.deadline = until;
                            None
                        }
                        ExecStep::Forever => {
                            self.state = ExecState::Forever;
                            self.deadline = cluster.now.saturating_add(COMMAND_MS_MAX);
                            None
                        }
                    };
                }
                if cluster.now >= self.deadline {
                    out.err(TIMED_OUT);
                    return Some(1);
                }
                None
            }
            ExecState::Sleeping { chunks, exit_code } => {
                if cluster.now < self.deadline {
                    return None;
                }
                print_chunks(out, chunks);
                Some(finish_exec(out, *exit_code))
            }
            ExecState::Forever => None,
        }
    }

    fn deadline(&self) -> SimTime {
        self.deadline
    }
}

// ---------------------------------------------------------------------------------------------
// kubectl run

const RUN_FLAGS: &[FlagSpec] = &[
    value("image", None),
    value("image-pull-policy", None),
    boolean("rm", None),
    value("env", None),
    value("port", None),
    value("labels", Some('l')),
    boolean("stdin", Some('i')),
    boolean("tty", Some('t')),
    boolean("attach", None),
    boolean("leave-stdin-open", None),
    value("restart", None),
    boolean("command", None),
    boolean("quiet", Some('q')),
    boolean("privileged", None),
    value("dry-run", None),
    value("overrides", None),
    value("override-type", None),
    value("output", Some('o')),
    value("pod-running-timeout", None),
    value("annotations", None),
    value("field-manager", None),
    boolean("save-config", None),
    boolean("show-managed-fields", None),
    boolean("force", None),
    integer("grace-period", None),
    value("timeout", None),
    boolean("wait", None),
    value("cascade", None),
    value("filename", Some('f')),
    boolean("recursive", Some('R')),
    value("kustomize", Some('k')),
];

/// `validation.IsEnvVarName`: `[-._a-zA-Z][-._a-zA-Z0-9]*`.
fn is_env_var_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || "-._".contains(c))
        && chars.all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
}

/// `generate.ParseLabels`: `k=v,k2=v2`.
fn parse_labels(text: &str) -> Result<Map<String, Value>, String> {
    let mut labels = Map::new();
    for spec in text.split(',') {
        let parts: Vec<&str> = spec.split('=').collect();
        let [key, value] = parts.as_slice() else {
            return Err(format!("error: unexpected label spec: {spec}"));
        };
        if key.is_empty() {
            return Err("error: unexpected empty label key".into());
        }
        labels.insert(key.to_string(), Value::String(value.to_string()));
    }
    Ok(labels)
}

/// `kubectl run NAME --image=IMAGE [--env=K=V] [--port=P] [-l k=v] [--restart=…] [-i] [-t]
/// [--rm] [--command] -- [COMMAND] [args...]`
pub fn run(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    const PATH: &str = "kubectl run";
    let args = args::parse(argv, RUN_FLAGS, PATH)?;
    if !args.has("image") {
        return Err("error: required flag(s) \"image\" not set".into());
    }
    let dry_run = match args.value("dry-run") {
        None | Some("none") => "none",
        Some("client") => "client",
        Some("server") => "server",
        Some(other) => {
            return Err(format!(
            "error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
        ))
        }
    };
    let interactive = args.bool("stdin", false);
    let tty = args.bool("tty", false);
    let attach = if args.has("attach") {
        args.bool("attach", false)
    } else {
        interactive
    };
    let output = args.value("output").map(str::to_string);
    if let Some(format) = output.as_deref() {
        if !matches!(format, "json" | "yaml" | "name") {
            return Err(format!(
                "error: unable to match a printer suitable for the output format \"{format}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml"
            ));
        }
    }
    // Every word that is not a flag, before and after `--`, as cobra gives them.
    let mut words: Vec<String> = args.positional.clone();
    words.extend(args.after_dash.iter().cloned());
    let dash_at_zero = args.positional.is_empty() && argv.iter().any(|word| word == "--");
    let Some(name) = words.first().cloned().filter(|_| !dash_at_zero) else {
        return Err(usage_error("NAME is required for run", PATH));
    };
    let timeout = pod_running_timeout(&args, EXEC_POD_TIMEOUT_MS, PATH)?;
    let image = args.value("image").unwrap_or_default().to_string();
    if image.is_empty() {
        return Err("error: --image is required".into());
    }
    if crate::sim::images::parse_reference(&image).is_err() {
        return Err(format!(
            "error: Invalid image name \"{image}\": invalid reference format"
        ));
    }
    if tty && !interactive {
        return Err(usage_error(
            "-i/--stdin is required for containers with -t/--tty=true",
            PATH,
        ));
    }
    let restart: &'static str = match args.value("restart").unwrap_or("Always") {
        "" if interactive => "OnFailure",
        "" => "Always",
        "Always" => "Always",
        "OnFailure" => "OnFailure",
        "Never" => "Never",
        other => {
            return Err(usage_error(
                &format!("invalid restart policy: {other}"),
                PATH,
            ))
        }
    };
    let remove = args.bool("rm", false);
    if !attach && remove {
        return Err(usage_error(
            "--rm should only be used for attached containers",
            PATH,
        ));
    }
    if attach && dry_run != "none" {
        return Err(usage_error(
            "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
            PATH,
        ));
    }
    let pull_policy = args.value("image-pull-policy").unwrap_or_default();
    if !matches!(pull_policy, "" | "Always" | "IfNotPresent" | "Never") {
        return Err(usage_error(
            &format!("invalid image pull policy: {pull_policy}"),
            PATH,
        ));
    }
    let labels = match args.value("labels").filter(|text| !text.is_empty()) {
        Some(text) => parse_labels(text)?,
        None => {
            let mut labels = Map::new();
            labels.insert("run".into(), Value::String(name.clone()));
            labels
        }
    };
    let mut env = Vec::new();
    for spec in args.values("env") {
        match spec.split_once('=') {
            Some((key, value)) if !key.is_empty() && is_env_var_name(key) => {
                env.push(json!({"name": key, "value": value}));
            }
            _ => return Err(format!("error: invalid env: {spec}")),
        }
    }
    let mut annotations = Map::new();
    for spec in args.values("annotations") {
        match spec.split_once('=') {
            Some((key, value)) if !key.is_empty() => {
                annotations.insert(key.to_string(), Value::String(value.to_string()));
            }
            _ => return Err(format!("error: invalid annotation spec: {spec}")),
        }
    }
    let namespace = resources::namespace(&args);
    let mut container = Map::new();
    container.insert("name".into(), Value::String(name.clone()));
    container.insert("image".into(), Value::String(image.clone()));
    let command_words: Vec<String> = words.iter().skip(1).cloned().collect();
    if !command_words.is_empty() {
        let field = if args.bool("command", false) {
            "command"
        } else {
            "args"
        };
        container.insert(field.into(), json!(command_words));
    }
    if !env.is_empty() {
        container.insert("env".into(), Value::Array(env));
    }
    if !pull_policy.is_empty() {
        container.insert("imagePullPolicy".into(), json!(pull_policy));
    }
    if let Some(port) = args.value("port").filter(|port| !port.is_empty()) {
        let number: i64 = port
            .parse()
            .map_err(|_| format!("error: strconv.Atoi: parsing \"{port}\": invalid syntax"))?;
        container.insert("ports".into(), json!([{ "containerPort": number }]));
    }
    container.insert("resources".into(), json!({}));
    if args.bool("privileged", false) {
        container.insert("securityContext".into(), json!({"privileged": true}));
    }
    if interactive {
        container.insert("stdin".into(), json!(true));
        if !args.bool("leave-stdin-open", false) {
            container.insert("stdinOnce".into(), json!(true));
        }
    }
    if tty {
        container.insert("tty".into(), json!(true));
    }
    let mut metadata = Map::new();
    metadata.insert("name".into(), Value::String(name.clone()));
    metadata.insert("namespace".into(), Value::String(namespace.clone()));
    metadata.insert("labels".into(), Value::Object(labels));
    if !annotations.is_empty() {
        metadata.insert("annotations".into(), Value::Object(annotations));
    }
    let mut pod_json = json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": Value::Object(metadata),
        "spec": {
            "containers": [Value::Object(container)],
            "dnsPolicy": "ClusterFirst",
            "restartPolicy": restart,
        },
        "status": {},
    });
    if let Some(overrides) = args.value("overrides") {
        let patch: Value = serde_json::from_str(overrides)
            .map_err(|error| format!("error: unable to parse --overrides: {error}"))?;
        merge::json_merge_patch(&mut pod_json, &patch);
    }
    let pod = Object::from_json(Kind::Pod, pod_json).map_err(|error| format!("error: {error}"))?;
    let key = ObjectKey::of(&pod);
    if dry_run == "client" {
        // The client prints its own object: the namespace only when `-n` forced one.
        let mut pod = pod;
        if !args.has("namespace") {
            pod.meta_mut().namespace = None;
        }
        print_run_result(ctx, &pod, output.as_deref(), " (dry run)");
        return Ok(Invocation::Done(0));
    }
    if dry_run == "server" {
        print_run_result(ctx, &pod, output.as_deref(), " (server dry run)");
        return Ok(Invocation::Done(0));
    }
    let created_key = match api::create(ctx.cluster, pod) {
        Ok(created) => created,
        Err(error) => return Err(render_api_error(&error, None)),
    };
    let uid = ctx
        .cluster
        .store
        .get(&created_key)
        .map(|object| object.meta().uid.clone())
        .unwrap_or_default();
    if attach {
        return Ok(Invocation::Waiting(Box::new(RunWaiter {
            key: created_key,
            uid,
            container: name,
            restart,
            remove,
            quiet: args.bool("quiet", false),
            stdin: interactive,
            tty,
            timeout_ms: timeout,
            state: RunState::WaitingForStart,
            deadline: ctx.cluster.now.saturating_add(timeout),
            cursor: LogCursor::default(),
        })));
    }
    let created = ctx.cluster.store.get(&key).cloned();
    if let Some(created) = created {
        print_run_result(ctx, &created, output.as_deref(), "");
    }
    Ok(Invocation::Done(0))
}

fn print_run_result(ctx: &mut Context<'_>, pod: &Object, output: Option<&str>, suffix: &str) {
    match output {
        Some("name") => ctx.out.out(kind_slash_name(Kind::Pod, pod.name())),
        Some("yaml") => ctx.out.out(printers::to_yaml(&pod.to_json())),
        Some("json") => ctx.out.out(printers::to_json(&pod.to_json())),
        _ => ctx.out.out(format!(
            "{} created{suffix}",
            kind_slash_name(Kind::Pod, pod.name())
        )),
    }
}

/// Where `kubectl run -i` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunState {
    /// `waitForPod(podRunningAndReady)`.
    WaitingForStart,
    /// Attached: the container's output streams until it exits.
    Attached,
    /// `waitForPod(podCompleted)` for `--restart=Never`/`OnFailure`.
    WaitingForExit,
}

/// `kubectl run -i`/`--attach`: waits for the pod, attaches (or shows the log of a pod that has
/// already finished), waits for it to complete, and with `--rm` deletes it.
struct RunWaiter {
    key: ObjectKey,
    uid: String,
    container: String,
    restart: &'static str,
    remove: bool,
    quiet: bool,
    stdin: bool,
    tty: bool,
    timeout_ms: u64,
    state: RunState,
    deadline: SimTime,
    cursor: LogCursor,
}

impl RunWaiter {
    /// Ends the command: `--rm` deletes the pod first (a deferred call in kubectl), then the
    /// error, if any, is printed.
    fn finish(
        &mut self,
        cluster: &mut Cluster,
        out: &mut Output,
        error: Option<String>,
        code: i32,
    ) -> Option<i32> {
        if self.remove {
            let exists = cluster
                .store
                .get(&self.key)
                .is_some_and(|object| object.meta().uid == self.uid);
            if exists
                && api::delete(cluster, &self.key, DeleteOptions::default()).is_ok()
                && !self.quiet
            {
                out.out(deleted_line(&self.key, false));
            }
        }
        if let Some(error) = error {
            out.err(error);
        }
        Some(code)
    }

    fn stream_attached(&mut self, cluster: &Cluster, out: &mut Output) {
        let lines = cluster.runtime.log_lines(&self.uid, &self.container, false);
        for line in self.cursor.advance(&lines) {
            let stream = if self.tty {
                Stream::Stdout
            } else {
                to_stream(line.stream)
            };
            out.raw(stream, format!("{}\n", line.text));
        }
    }
}

impl Waiter for RunWaiter {
    fn poll(&mut self, cluster: &mut Cluster, out: &mut Output) -> Option<i32> {
        // Bounded: each pass either returns or moves to a later state.
        for _ in 0..3 {
            let pod = cluster
                .store
                .get(&self.key)
                .and_then(Object::as_pod)
                .filter(|pod| pod.metadata.uid == self.uid)
                .cloned();
            let Some(pod) = pod else {
                // The watch saw the pod deleted: `errors.NewNotFound(pods, "")`.
                let error = "Error from server (NotFound): pods \"\" not found".to_string();
                return self.finish(cluster, out, Some(error), 1);
            };
            match self.state {
                RunState::WaitingForStart => {
                    if pod.is_terminated() {
                        // The pod finished before kubectl could attach: it shows the log.
                        let lines = cluster.runtime.log_lines(&self.uid, &self.container, false);
                        for line in self.cursor.advance(&lines) {
                            out.out(line.text);
                        }
                        self.enter_exit_wait(cluster.now);
                        continue;
                    }
                    if pod.phase() == "Running" && pod.is_ready() {
                        if !self.quiet {
                            out.err("All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.");
                            out.err("If you don't see a command prompt, try pressing enter.");
                        }
                        self.state = RunState::Attached;
                        self.deadline = cluster.now.saturating_add(COMMAND_MS_MAX);
                        continue;
                    }
                    if cluster.now >= self.deadline {
                        return self.finish(cluster, out, Some(TIMED_OUT.to_string()), 1);
                    }
                    return None;
                }
                RunState::Attached => {
                    self.stream_attached(cluster, out);
                    let running = !pod.is_terminated()
                        && containers::container_is_running(&pod, &self.container);
                    if running {
                        return None;
                    }
                    if self.stdin && self.tty && !self.quiet && self.restart == "Always" {
                        out.out(format!(
                            "Session ended, resume using 'kubectl attach {} -c {} -i -t' command when the pod is running",
                            self.key.name, self.container
                        ));
                    }
                    if self.restart == "Always" {
                        return self.finish(cluster, out, None, 0);
                    }
                    self.enter_exit_wait(cluster.now);
                    continue;
                }
                RunState::WaitingForExit => {
                    let done = match self.restart {
                        "OnFailure" => pod.phase() == "Succeeded",
                        _ => pod.is_terminated(),
                    };
                    if done {
                        return self.exit_result(cluster, out, &pod);
                    }
                    if cluster.now >= self.deadline {
                        return self.finish(cluster, out, Some(TIMED_OUT.to_string()), 1);
                    }
                    return None;
                }
            }
        }
        None
    }

    fn deadline(&self) -> SimTime {
        self.deadline
    }
}

impl RunWaiter {
    fn enter_exit_wait(&mut self, now: SimTime) {
        if self.restart == "Always" {
            // `kubectl run -i` of an Always pod does not wait for an exit code.
            self.state = RunState::WaitingForExit;
            self.deadline = now;
        } else {
            self.state = RunState::WaitingForExit;
            self.deadline = now.saturating_add(self.timeout_ms);
        }
    }

    /// The end of `RunOptions.Run` for a completed pod.
    fn exit_result(&mut self, cluster: &mut Cluster, out: &mut Output, pod: &Pod) -> Option<i32> {
        if self.restart == "Always" {
            return self.finish(cluster, out, None, 0);
        }
        let ns = pod.metadata.namespace();
        let name = &pod.metadata.name;
        match pod.phase() {
            "Succeeded" => self.finish(cluster, out, None, 0),
            "Failed" => {
                let terminated = pod
                    .status
                    .container_statuses
                    .first()
                    .and_then(|status| status.state.terminated.as_ref());
                match terminated {
                    Some(state) if state.exit_code != 0 => {
                        // kubectl adds the terminated state's message on a second line; the
                        // simulation's statuses carry none.
                        let reason = state.reason.clone().unwrap_or_default();
                        let error = format!("pod {ns}/{name} terminated ({reason})");
                        self.finish(cluster, out, Some(error), state.exit_code)
                    }
                    _ => {
                        let error = format!("error: pod {ns}/{name} failed with unknown exit code");
                        self.finish(cluster, out, Some(error), 1)
                    }
                }
            }
            phase => {
                let error = format!("error: pod {ns}/{name} left in phase {phase}");
                self.finish(cluster, out, Some(error), 1)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// kubectl logs

const LOGS_FLAGS: &[FlagSpec] = &[
    boolean("all-pods", None),
    boolean("all-containers", None),
    boolean("follow", Some('f')),
    boolean("timestamps", None),
    integer("limit-bytes", None),
    boolean("previous", Some('p')),
    integer("tail", None),
    boolean("ignore-errors", None),
    value("since-time", None),
    value("since", None),
    value("container", Some('c')),
    boolean("insecure-skip-tls-verify-backend", None),
    value("pod-running-timeout", None),
    value("selector", Some('l')),
    integer("max-log-requests", None),
    boolean("prefix", None),
];

/// Where a follower is in a log: the time of the last line shown and how many lines with that
/// time it has shown (logs only grow at the end, and only at the current instant).
#[derive(Debug, Clone, Copy, Default)]
struct LogCursor {
    started: bool,
    at: SimTime,
    seen_at: usize,
}

impl LogCursor {
    /// The lines after the cursor, moving it past them.
    fn advance(&mut self, lines: &[LogLine]) -> Vec<LogLine> {
        let mut fresh = Vec::new();
        let mut seen_at_cursor = 0usize;
        for line in lines {
            let new = if !self.started || line.at > self.at {
                true
            } else if line.at == self.at {
                seen_at_cursor += 1;
                seen_at_cursor > self.seen_at
            } else {
                false
            };
            if new {
                fresh.push(line.clone());
            }
        }
        if let Some(last) = lines.last() {
            let count = lines.iter().filter(|line| line.at == last.at).count();
            self.at = last.at;
            self.seen_at = count;
        }
        self.started = true;
        fresh
    }
}

#[derive(Debug, Clone)]
struct LogRequest {
    previous: bool,
    timestamps: bool,
    tail: Option<i64>,
    since_ms: Option<SimTime>,
    limit_bytes: Option<i64>,
    prefix: bool,
    ignore_errors: bool,
}

/// One container's log a `kubectl logs` shows.
#[derive(Debug, Clone)]
struct LogSource {
    pod: ObjectKey,
    uid: String,
    container: String,
}

/// `kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]`
pub fn logs(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    const PATH: &str = "kubectl logs";
    let args = args::parse(argv, LOGS_FLAGS, PATH)?;
    let mut words: Vec<String> = args.positional.clone();
    words.extend(args.after_dash.iter().cloned());
    let selector_text = args.value("selector").filter(|text| !text.is_empty());
    let mut container = args.value("container").map(str::to_string);
    let resource = match words.as_slice() {
        [] if selector_text.is_none() => return Err(usage_error(LOGS_USAGE, PATH)),
        [] => None,
        [_] if selector_text.is_some() => {
            return Err(usage_error(
                "only a selector (-l) or a POD name is allowed",
                PATH,
            ))
        }
        [resource] => Some(resource.clone()),
        [resource, inline] => {
            // With `-c` as well, the conflict is reported after the lookup, as kubectl does.
            if !args.has("container") {
                container = Some(inline.clone());
            }
            Some(resource.clone())
        }
        _ => return Err(usage_error(LOGS_USAGE, PATH)),
    };
    let timeout = pod_running_timeout(&args, LOGS_POD_TIMEOUT_MS, PATH)?;
    let since = duration_flag(&args, "since", 0, PATH)?;
    let since_time = match args.value("since-time") {
        Some(text) => Some(crate::sim::clock::parse_rfc3339(text).ok_or_else(|| {
            format!(
                "error: parsing time \"{text}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{text}\" as \"2006\""
            )
        })?),
        None => None,
    };
    let namespace = resources::namespace(&args);
    let all_pods = args.bool("all-pods", false);
    // `LogsOptions.Complete`: find the object.
    let mut pods: Vec<ObjectKey> = Vec::new();
    let mut waiting_for: Option<(String, LabelSelector)> = None;
    match (&resource, selector_text) {
        (None, Some(text)) => {
            let selector = parse_selector(text).map_err(|error| format!("error: {error}"))?;
            pods = selected_pods(ctx.cluster, &namespace, &selector)
                .into_iter()
                .map(pod_key)
                .collect();
            if pods.is_empty() {
                ctx.out
                    .err(format!("No resources found in {namespace} namespace."));
            }
        }
        (Some(resource), _) => match lookup(ctx.cluster, &namespace, resource) {
            Err(LookupError::NotFound(error)) => {
                return Err(format!(
                    "error: error from server (NotFound): {} in namespace \"{namespace}\"",
                    error.server_message()
                ))
            }
            Err(LookupError::Message(message)) => return Err(message),
            Ok((_, Object::Pod(pod))) => pods.push(pod_key(&pod)),
            Ok((kind, object)) => {
                let (ns, selector) = selector_for(&object).map_err(|reason| {
                    format!(
                        "error: cannot get the logs from {}: {reason}",
                        go_type(kind)
                    )
                })?;
                let mut matched = selected_pods(ctx.cluster, &ns, &selector);
                sort::sort_by_key(&mut matched, |pod| logging_key(pod));
                match matched.first() {
                    None => waiting_for = Some((ns, selector)),
                    Some(_) if all_pods => {
                        pods = matched.iter().map(|pod| pod_key(pod)).collect();
                    }
                    Some(first) => {
                        if matched.len() > 1 {
                            ctx.out.err(format!(
                                "Found {} pods, using pod/{}",
                                matched.len(),
                                first.metadata.name
                            ));
                        }
                        pods.push(pod_key(first));
                    }
                }
            }
        },
        (None, None) => return Err(usage_error(LOGS_USAGE, PATH)),
    }
    // `LogsOptions.Validate`.
    if since_time.is_some() && since != 0 {
        return Err("error: at most one of `sinceTime` or `sinceSeconds` may be specified".into());
    }
    let all_containers = args.bool("all-containers", false);
    if all_containers {
        if let Some(name) = &container {
            return Err(format!(
                "error: --all-containers=true should not be specified with container name {name}"
            ));
        }
    }
    if args.has("container") && words.len() == 2 {
        return Err("error: only one of -c or an inline [CONTAINER] arg is allowed".into());
    }
    let limit_bytes = args::int_flag(&args, "limit-bytes")?;
    if limit_bytes.is_some_and(|limit| limit < 0) {
        return Err("error: --limit-bytes must be greater than 0".into());
    }
    if since < 0 {
        return Err("error: --since must be greater than 0".into());
    }
    let tail = args::int_flag(&args, "tail")?.unwrap_or(-1);
    if tail < -1 {
        return Err("error: --tail must be greater than or equal to -1".into());
    }
    let tail = if selector_text.is_some() && tail == -1 && !args.has("tail") {
        SELECTOR_TAIL
    } else {
        tail
    };
    let now = ctx.cluster.now;
    let since_ms = match (since_time, since) {
        (Some(time), _) => Some(time),
        (None, since) if since > 0 => {
            // kubectl rounds `--since` to whole seconds.
            let seconds = (since + 500) / 1000;
            Some(now.saturating_sub(seconds as u64 * 1000))
        }
        _ => None,
    };
    let request = LogRequest {
        previous: args.bool("previous", false),
        timestamps: args.bool("timestamps", false),
        tail: (tail >= 0).then_some(tail),
        since_ms,
        limit_bytes: limit_bytes.filter(|limit| *limit > 0),
        prefix: args.bool("prefix", false) || all_pods,
        ignore_errors: args.bool("ignore-errors", false),
    };
    let follow = args.bool("follow", false);
    if let Some((ns, selector)) = waiting_for {
        return Ok(Invocation::Waiting(Box::new(LogsWaiter {
            pending: Some(PendingLogs {
                namespace: ns,
                selector,
                container,
                all_containers,
                request: request.clone(),
            }),
            followed: Vec::new(),
            request,
            follow,
            deadline: now.saturating_add(timeout),
        })));
    }
    let sources = log_sources(
        ctx.cluster,
        ctx.out,
        &pods,
        container.as_deref(),
        all_containers,
    )?;
    let (code, followed) = print_logs(ctx.cluster, ctx.out, &sources, &request, follow);
    if code != 0 || followed.is_empty() {
        return Ok(Invocation::Done(code));
    }
    Ok(Invocation::Waiting(Box::new(LogsWaiter {
        pending: None,
        followed,
        request,
        follow,
        deadline: now.saturating_add(COMMAND_MS_MAX),
    })))
}

/// The containers whose logs are shown for each pod (`logsForObjectWithClient`).
fn log_sources(
    cluster: &Cluster,
    out: &mut Output,
    pods: &[ObjectKey],
    container: Option<&str>,
    all_containers: bool,
) -> Result<Vec<LogSource>, String> {
    let mut sources = Vec::new();
    for key in pods {
        let Some(pod) = cluster.store.get(key).and_then(Object::as_pod) else {
            continue;
        };
        let names: Vec<String> = if all_containers {
            pod.spec
                .init_containers
                .iter()
                .chain(pod.spec.containers.iter())
                .map(|c| c.name.clone())
                .collect()
        } else {
            let name = match container {
                Some(name) => name.to_string(),
                None => default_container(pod, false, out)?,
            };
            let exists = pod
                .spec
                .containers
                .iter()
                .chain(pod.spec.init_containers.iter())
                .any(|c| c.name == name);
            if !exists {
                return Err(format!(
                    "error: container {name} is not valid for pod {}",
                    pod.metadata.name
                ));
            }
            vec![name]
        };
        for name in names {
            sources.push(LogSource {
                pod: key.clone(),
                uid: pod.metadata.uid.clone(),
                container: name,
            });
        }
    }
    Ok(sources)
}

/// The kubelet's `validateContainerLogStatus`: which instance's log a request reads, or why
/// there is none. `Ok(None)` is the empty answer for a pod without a node.
fn container_log(
    cluster: &Cluster,
    source: &LogSource,
    previous: bool,
) -> Result<Option<Vec<LogLine>>, String> {
    let Some(pod) = cluster
        .store
        .get(&source.pod)
        .and_then(Object::as_pod)
        .filter(|pod| pod.metadata.uid == source.uid)
    else {
        return Err(format!("pods \"{}\" not found", source.pod.name));
    };
    if pod.spec.node_name.as_deref().is_none_or(str::is_empty) {
        return Ok(None);
    }
    let (name, pod_name) = (&source.container, &pod.metadata.name);
    let Some(status) = container_status(pod, name) else {
        return Err(format!(
            "container \"{name}\" in pod \"{pod_name}\" is not available"
        ));
    };
    let runtime = &cluster.runtime;
    let state = &status.state;
    let last_terminated = status.last_state.terminated.is_some();
    if previous {
        if !last_terminated {
            return Err(format!(
                "previous terminated container \"{name}\" in pod \"{pod_name}\" not found"
            ));
        }
        // While the container waits to restart, the last started instance is the previous one.
        let from_previous = state.waiting.is_none();
        return Ok(Some(runtime.log_lines(&source.uid, name, from_previous)));
    }
    if state.running.is_some() || state.terminated.is_some() || last_terminated {
        return Ok(Some(runtime.log_lines(&source.uid, name, false)));
    }
    match &state.waiting {
        Some(waiting) => {
            let reason = waiting.reason.clone().unwrap_or_default();
            let why = match reason.as_str() {
                "ErrImagePull" => "image can't be pulled".to_string(),
                "ImagePullBackOff" => "trying and failing to pull image".to_string(),
                _ => reason,
            };
            Err(format!(
                "container \"{name}\" in pod \"{pod_name}\" is waiting to start: {why}"
            ))
        }
        None => Err(format!(
            "container \"{name}\" in pod \"{pod_name}\" is waiting to start - no logs yet"
        )),
    }
}

/// Applies `--since`, `--tail` and `--limit-bytes`, then formats the lines.
fn format_lines(lines: Vec<LogLine>, request: &LogRequest, prefix: &str) -> String {
    let mut lines: Vec<LogLine> = match request.since_ms {
        Some(since) => lines.into_iter().filter(|line| line.at >= since).collect(),
        None => lines,
    };
    if let Some(tail) = request.tail {
        let keep = usize::try_from(tail).unwrap_or(usize::MAX);
        if lines.len() > keep {
            lines.drain(..lines.len() - keep);
        }
    }
    let mut text = String::new();
    for line in lines {
        text.push_str(&format_line(&line, request.timestamps, prefix));
    }
    if let Some(limit) = request.limit_bytes {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        if text.len() > limit {
            let mut end = limit;
            while end > 0 && !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
        }
    }
    text
}

fn format_line(line: &LogLine, timestamps: bool, prefix: &str) -> String {
    if timestamps {
        format!(
            "{prefix}{} {}\n",
            containers::rfc3339_nano(line.at),
            line.text
        )
    } else {
        format!("{prefix}{}\n", line.text)
    }
}

fn source_prefix(source: &LogSource, request: &LogRequest) -> String {
    if request.prefix {
        format!("[pod/{}/{}] ", source.pod.name, source.container)
    } else {
        String::new()
    }
}

/// A container being followed with `-f`.
struct Followed {
    source: LogSource,
    cursor: LogCursor,
}

/// Prints the logs of every source; returns the exit code and, with `-f`, the sources still
/// running.
fn print_logs(
    cluster: &Cluster,
    out: &mut Output,
    sources: &[LogSource],
    request: &LogRequest,
    follow: bool,
) -> (i32, Vec<Followed>) {
    let mut followed = Vec::new();
    for source in sources {
        match container_log(cluster, source, request.previous) {
            Err(message) => {
                if request.ignore_errors {
                    out.out(format!("error: {message}"));
                    continue;
                }
                out.err(format!("Error from server (BadRequest): {message}"));
                return (1, Vec::new());
            }
            Ok(None) => {}
            Ok(Some(lines)) => {
                let mut cursor = LogCursor::default();
                let _ = cursor.advance(&lines);
                let text = format_lines(lines, request, &source_prefix(source, request));
                out.raw(Stream::Stdout, text);
                let running = cluster
                    .store
                    .get(&source.pod)
                    .and_then(Object::as_pod)
                    .is_some_and(|pod| containers::container_is_running(pod, &source.container));
                if follow && !request.previous && running {
                    followed.push(Followed {
                        source: source.clone(),
                        cursor,
                    });
                }
            }
        }
    }
    (0, followed)
}

/// `kubectl logs TYPE/NAME` before a pod exists, as kubectl waits for one.
struct PendingLogs {
    namespace: String,
    selector: LabelSelector,
    container: Option<String>,
    all_containers: bool,
    request: LogRequest,
}

/// `kubectl logs -f` (and `logs TYPE/NAME` waiting for a pod).
struct LogsWaiter {
    pending: Option<PendingLogs>,
    followed: Vec<Followed>,
    request: LogRequest,
    follow: bool,
    deadline: SimTime,
}

impl Waiter for LogsWaiter {
    fn poll(&mut self, cluster: &mut Cluster, out: &mut Output) -> Option<i32> {
        if let Some(pending) = &self.pending {
            let mut matched = selected_pods(cluster, &pending.namespace, &pending.selector);
            sort::sort_by_key(&mut matched, |pod| logging_key(pod));
            let Some(first) = matched.first().map(|pod| pod_key(pod)) else {
                if cluster.now >= self.deadline {
                    out.err(TIMED_OUT);
                    return Some(1);
                }
                return None;
            };
            let sources = match log_sources(
                cluster,
                out,
                &[first],
                pending.container.as_deref(),
                pending.all_containers,
            ) {
                Ok(sources) => sources,
                Err(message) => {
                    out.err(message);
                    return Some(1);
                }
            };
            let (code, followed) =
                print_logs(cluster, out, &sources, &pending.request, self.follow);
            self.pending = None;
            if code != 0 || followed.is_empty() {
                return Some(code);
            }
            self.followed = followed;
            self.deadline = cluster.now.saturating_add(COMMAND_MS_MAX);
            return None;
        }
        let request = self.request.clone();
        self.followed.retain_mut(|followed| {
            let source = &followed.source;
            let pod = cluster
                .store
                .get(&source.pod)
                .and_then(Object::as_pod)
                .filter(|pod| pod.metadata.uid == source.uid);
            let lines = cluster
                .runtime
                .log_lines(&source.uid, &source.container, false);
            let prefix = source_prefix(source, &request);
            for line in followed.cursor.advance(&lines) {
                out.raw(
                    Stream::Stdout,
                    format_line(&line, request.timestamps, &prefix),
                );
            }
            pod.is_some_and(|pod| containers::container_is_running(pod, &source.container))
        });
        if self.followed.is_empty() {
            return Some(0);
        }
        None
    }

    fn deadline(&self) -> SimTime {
        self.deadline
    }
}
