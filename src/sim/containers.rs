//! The container runtime's data: what is inside the simulated containers and what they print.
//!
//! **What it models.** The parts of a node's container runtime (containerd + runc, as the
//! kubelet drives them through the CRI) that a learner can observe with `kubectl exec`,
//! `kubectl run` and `kubectl logs`:
//! * every container instance gets a fresh writable copy of its image's files
//!   ([`crate::sim::images::ImageInfo::root_filesystem`]), kept per (pod uid, container name): a
//!   re-created pod (new uid) or a restarted container starts from the image again;
//! * `volumeMounts` are mapped through the pod's `volumes` the way the kubelet's volume manager
//!   does: a `persistentVolumeClaim` mounts the PersistentVolume its claim is bound to
//!   (`spec.volumeName`), whose files live in [`Runtime::volumes`] under the PV's name and
//!   therefore **survive the pod** — the StatefulSet storage guarantee; an `emptyDir` lives as
//!   long as the pod uid; a `configMap` shows the ConfigMap's keys as read-only files;
//! * the pod's network identity as the kubelet writes it (`hostname`, `hostname -f`,
//!   `/etc/hosts`), its environment (`env:` with `value`, `fieldRef` and `configMapKeyRef`,
//!   then the Service links `KUBERNETES_SERVICE_HOST`… of `enableServiceLinks`), the cluster
//!   DNS ([`resolve_a`]) and the pod network: an HTTP request to a pod IP is answered by the
//!   container of that pod that serves the port, from **that** pod's files
//!   ([`crate::sim::shell::serve_http`]); `127.0.0.1` is the pod itself; a Service cluster IP is
//!   routed to one ready endpoint (kube-proxy), in rotation;
//! * container logs (`/var/log/pods/…`, read by `kubectl logs`): what the main process printed,
//!   the startup lines of nginx's `docker-entrypoint.sh`, and one access-log line per request an
//!   nginx or httpd container served (plus nginx's error-log line for a 403 or 404).
//!
//! **Sources.** kubelet `pkg/kubelet/kubelet_pods.go` (`makeEnvironmentVariables`,
//! `getServiceEnvVarMap`, `GeneratePodHostNameAndDomain`, `validateContainerLogStatus`),
//! `pkg/kubelet/envvars/envvars.go` (the Service-link variable names), CoreDNS
//! `plugin/kubernetes` (the A records), the official nginx image (`docker-entrypoint.sh` and its
//! `/docker-entrypoint.d` scripts, `log_format main` of its `nginx.conf`), runc's start errors.
//!
//! **Who calls what.** `kubectl exec` calls [`exec_in`]. The kubelet calls [`start_container`]
//! when it starts a container instance (it runs the main process and writes its log; the result
//! tells the kubelet whether the container keeps running or exits, and when), [`Runtime::pod_gone`]
//! when it forgets a pod, and the PV binder calls [`Runtime::delete_volume_data`] when a volume
//! with reclaim policy `Delete` is deleted (a `Retain`ed or `Recycle`d… volume keeps its files).
//!
//! **Left out.** Real processes and their concurrency (a command runs to its end at one
//! instant; [`ExecOutcome::elapsed_ms`] says how long it would have taken), `subPath` mounts
//! (the whole volume is mounted), `secret`, `downwardAPI`, `projected` and `hostPath` volumes
//! (they appear as empty directories: `hostPath` would need per-node storage), the same volume
//! mounted twice into one container (the second mount sees a copy), `$(VAR)` expansion in `env`,
//! `envFrom`, log rotation files (a log keeps its last [`LOG_BYTES_MAX`] bytes), and which
//! program sent an HTTP request: the access log's user agent is guessed from the command line
//! (`Wget` for BusyBox wget, `curl/…` for curl).
//!
//! **DNS.** [`resolve_a`] answers A records straight from the store; it is the one function to
//! swap for the cluster DNS (`crate::sim::dns`) once that lands.
//!
//! Architecture Invariant: everything here is deterministic and total: no randomness (Service
//! endpoints rotate by a counter), no panics, every loop bounded by the objects it walks, every
//! map in [`Runtime`] bounded by [`RUNTIME_ENTRIES_MAX`] entries and every log by
//! [`LOG_BYTES_MAX`] bytes.
//! Architecture Invariant: the runtime never writes to the store; it only reads pods, claims,
//! Services and ConfigMaps.

use std::collections::BTreeMap;

use crate::sim::clock::{civil_from_days, SimTime, EPOCH_UNIX_SECONDS, SECOND_MS};
use crate::sim::fs::Userland;
use crate::sim::fs::{normalize_path, ContainerFs, FileTree};
use crate::sim::images::{
    self, HttpServerKind, ImageFamily, ImageInfo, ImageLookup, ProcessBehaviour,
};
use crate::sim::model::{Container, ContainerStatus, IntOrString, Kind, Object, Pod, Service};
use crate::sim::shell::{
    self, DnsAnswer, ExecContext, ExecOutcome, HttpResponse, HttpResult, Stream,
};
use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

/// Bound on the entries of each map of [`Runtime`]. Past it, new trees are used but not kept
/// (their writes are lost) and new logs are not written.
pub const RUNTIME_ENTRIES_MAX: usize = 10_000;
/// Bound on one container log; older lines are dropped first, as log rotation would.
pub const LOG_BYTES_MAX: usize = 64 * 1024;
/// Longest log line kept (the CRI splits longer lines; we cut them).
pub const LOG_LINE_BYTES_MAX: usize = 16 * 1024;
/// The cluster IP of the `kubernetes` Service in every preset.
pub const KUBERNETES_SERVICE_IP: &str = "10.96.0.1";
/// The first two octets of every preset's pod network (`10.244.N.0/24` per node).
const POD_NETWORK_PREFIX: &str = "10.244.";
/// Worker processes an nginx container starts (one per CPU of a 2-CPU node).
const NGINX_WORKER_PIDS: [u32; 2] = [29, 30];

/// A container of a pod: (pod uid, container name).
pub type ContainerKey = (String, String);

/// The runtime's state across commands: file trees, logs and main processes.
#[derive(Debug, Clone, Default)]
pub struct Runtime {
    /// The files of each PersistentVolume, by PV name. Survive pods and claims; removed only by
    /// [`Runtime::delete_volume_data`].
    pub volumes: BTreeMap<String, FileTree>,
    /// `emptyDir` volumes by (pod uid, volume name).
    pub empty_dirs: BTreeMap<(String, String), FileTree>,
    /// The writable root layer of each container instance.
    pub root_filesystems: BTreeMap<ContainerKey, FileTree>,
    /// The current container instance's log: one line per log line,
    /// `<simulated ms> <o|e> <text>` (o = stdout, e = stderr) — the simulation's stand-in for the
    /// CRI log file (`<RFC 3339> stdout F <text>`).
    pub logs: BTreeMap<ContainerKey, String>,
    /// The log of the instance before the current one (`kubectl logs --previous`).
    pub previous_logs: BTreeMap<ContainerKey, String>,
    /// The main process of the current instance, once started.
    pub processes: BTreeMap<ContainerKey, MainProcess>,
    /// Requests served so far by each server container (nginx's connection number `*N`).
    pub connections: BTreeMap<ContainerKey, u64>,
    /// Counter behind the choice of a Service endpoint (kube-proxy picks at random; we rotate).
    pub service_rotation: u64,
}

/// What a container's main process does once started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProcessExit {
    /// It keeps running (a server, `sleep infinity`).
    RunsForever,
    /// It exits with `exit_code` after `after_ms` of simulated time.
    Exits { exit_code: i32, after_ms: u64 },
    /// The runtime could not start it (`StartError`, exit code 128); `message` is the
    /// terminated state's message.
    StartError { message: String },
}

/// The main process of one container instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MainProcess {
    /// The `restartCount` of the instance it belongs to.
    pub restart_count: i32,
    /// When it started.
    pub started_at: SimTime,
    /// What it does.
    pub exit: ProcessExit,
}

/// One line of a container log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub at: SimTime,
    pub stream: Stream,
    pub text: String,
}

/// Options of one exec.
#[derive(Debug, Clone, Default)]
pub struct ExecOptions {
    /// Standard input (`kubectl exec -i` with input).
    pub stdin: String,
    /// `kubectl exec -it`: a terminal.
    pub tty: bool,
}

impl Runtime {
    /// Appends `text` (one or more lines) to a container's log at `at`.
    pub fn append_log(
        &mut self,
        pod_uid: &str,
        container: &str,
        at: SimTime,
        stream: Stream,
        text: &str,
    ) {
        if text.is_empty() {
            return;
        }
        let key = (pod_uid.to_string(), container.to_string());
        if !self.logs.contains_key(&key) && self.logs.len() >= RUNTIME_ENTRIES_MAX {
            return;
        }
        let log = self.logs.entry(key).or_default();
        let tag = match stream {
            Stream::Stdout => 'o',
            Stream::Stderr => 'e',
        };
        let body = text.strip_suffix('\n').unwrap_or(text);
        let mut added = String::new();
        for line in body.split('\n') {
            let line = truncate_at_char_boundary(line, LOG_LINE_BYTES_MAX);
            added.push_str(&format!("{at} {tag} {line}\n"));
        }
        // Grown to the exact length: a log is mostly written once, when its container starts,
        // and thousands of pods each keep one, so a doubled capacity would be kept as waste.
        log.reserve_exact(added.len());
        log.push_str(&added);
        if log.len() > LOG_BYTES_MAX {
            let excess = log.len() - LOG_BYTES_MAX;
            let cut = log
                .get(excess..)
                .and_then(|rest| rest.find('\n'))
                .map_or(log.len(), |index| excess + index + 1);
            log.drain(..cut);
        }
    }

    /// The lines of a container's current log, or of its previous instance.
    pub fn log_lines(&self, pod_uid: &str, container: &str, previous: bool) -> Vec<LogLine> {
        let key = (pod_uid.to_string(), container.to_string());
        let map = if previous {
            &self.previous_logs
        } else {
            &self.logs
        };
        map.get(&key).map(|log| parse_log(log)).unwrap_or_default()
    }

    /// The main process of a container's current instance, if it was started.
    pub fn process(&self, pod_uid: &str, container: &str) -> Option<&MainProcess> {
        self.processes
            .get(&(pod_uid.to_string(), container.to_string()))
    }

    /// Forgets the files of the PersistentVolume `pv`: what happens to the backing storage when
    /// a volume with `persistentVolumeReclaimPolicy: Delete` is deleted (the PV binder calls
    /// this). Returns whether there was anything to delete. A volume of the same name created
    /// later starts empty.
    pub fn delete_volume_data(&mut self, pv: &str) -> bool {
        self.volumes.remove(pv).is_some()
    }

    /// Forgets everything that belonged to the pod with `uid`: root layers, `emptyDir`s, logs,
    /// processes. Persistent volumes are kept. The kubelet calls this when the pod is gone.
    pub fn pod_gone(&mut self, uid: &str) {
        fn remove_uid<V>(map: &mut BTreeMap<(String, String), V>, uid: &str) {
            let keys: Vec<(String, String)> = map
                .range((uid.to_string(), String::new())..)
                .take_while(|((owner, _), _)| owner == uid)
                .map(|(key, _)| key.clone())
                .collect();
            for key in keys {
                map.remove(&key);
            }
        }
        remove_uid(&mut self.empty_dirs, uid);
        remove_uid(&mut self.root_filesystems, uid);
        remove_uid(&mut self.logs, uid);
        remove_uid(&mut self.previous_logs, uid);
        remove_uid(&mut self.processes, uid);
        remove_uid(&mut self.connections, uid);
    }
}

fn truncate_at_char_boundary(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn parse_log(log: &str) -> Vec<LogLine> {
    log.lines()
        .filter_map(|line| {
            let (at, rest) = line.split_once(' ')?;
            let (tag, text) = rest.split_once(' ').unwrap_or((rest, ""));
            Some(LogLine {
                at: at.parse().ok()?,
                stream: if tag == "e" {
                    Stream::Stderr
                } else {
                    Stream::Stdout
                },
                text: text.to_string(),
            })
        })
        .collect()
}

/// The status of container `name` in `pod`, if the kubelet wrote one.
pub fn container_status<'p>(pod: &'p Pod, name: &str) -> Option<&'p ContainerStatus> {
    pod.status
        .container_statuses
        .iter()
        .chain(pod.status.init_container_statuses.iter())
        .find(|status| status.name == name)
}

/// Whether container `name` of `pod` is running now.
pub fn container_is_running(pod: &Pod, name: &str) -> bool {
    container_status(pod, name).is_some_and(|status| status.state.running.is_some())
}

fn find_container<'p>(pod: &'p Pod, name: &str) -> Option<&'p Container> {
    pod.spec
        .containers
        .iter()
        .chain(pod.spec.init_containers.iter())
        .find(|container| container.name == name)
}

fn pullable(image: &str) -> Option<ImageInfo> {
    match images::lookup(image) {
        ImageLookup::Pullable(info) => Some(*info),
        _ => None,
    }
}

/// Runs `argv` in a container of a running pod, as `kubectl exec POD [-c C] -- argv…` does once
/// the API server and the kubelet let it through. `container` defaults to the first one.
///
/// The error is the line kubectl prints: `Error from server (NotFound): pods "x" not found`,
/// `Error from server (BadRequest): container x is not valid for pod web-0`,
/// `Error from server (BadRequest): pod web-0 does not have a host assigned`, or the kubelet's
/// `error: unable to upgrade connection: container not found ("nginx")` for a container that is
/// not running.
pub fn exec_in(
    cluster: &mut Cluster,
    pod: &ObjectKey,
    container: Option<&str>,
    argv: &[String],
) -> Result<ExecOutcome, String> {
    exec_in_with(cluster, pod, container, argv, &ExecOptions::default())
}

/// [`exec_in`] with standard input and a terminal.
pub fn exec_in_with(
    cluster: &mut Cluster,
    pod_key: &ObjectKey,
    container: Option<&str>,
    argv: &[String],
    options: &ExecOptions,
) -> Result<ExecOutcome, String> {
    let Some(pod) = cluster.store.get(pod_key).and_then(Object::as_pod) else {
        return Err(format!(
            "Error from server (NotFound): pods \"{}\" not found",
            pod_key.name
        ));
    };
    let name = match container {
        Some(name) => name.to_string(),
        None => match pod.spec.containers.first() {
            Some(first) => first.name.clone(),
            None => {
                return Err(format!(
                    "Error from server (BadRequest): a container name must be specified for pod {}",
                    pod.metadata.name
                ))
            }
        },
    };
    if find_container(pod, &name).is_none() {
        return Err(format!(
            "Error from server (BadRequest): container {name} is not valid for pod {}",
            pod.metadata.name
        ));
    }
    if pod.spec.node_name.as_deref().unwrap_or("").is_empty() {
        return Err(format!(
            "Error from server (BadRequest): pod {} does not have a host assigned",
            pod.metadata.name
        ));
    }
    if !container_is_running(pod, &name) {
        return Err(format!(
            "error: unable to upgrade connection: container not found (\"{name}\")"
        ));
    }
    run_in_container(cluster, pod_key, &name, argv, options)
}

/// Starts container `container` of the pod at `pod_key` as instance number `restart_count`:
/// gives it a fresh root layer, moves the log of the instance before to the previous log, writes
/// the image's startup lines, and runs its main process (the image's [`ProcessBehaviour`] for
/// its `command`, `args` and `env`), whose output goes to the log.
///
/// The kubelet calls this when it starts the container; calling it again for the same instance
/// returns the recorded result without running anything twice. The error is a message for an
/// image that cannot run (the kubelet never starts one).
pub fn start_container(
    cluster: &mut Cluster,
    pod_key: &ObjectKey,
    container: &str,
    restart_count: i32,
) -> Result<ProcessExit, String> {
    let Some(pod) = cluster.store.get(pod_key).and_then(Object::as_pod) else {
        return Err(format!("pods \"{}\" not found", pod_key.name));
    };
    let uid = pod.metadata.uid.clone();
    let Some(spec) = find_container(pod, container).cloned() else {
        return Err(format!(
            "container {container} is not valid for pod {}",
            pod.metadata.name
        ));
    };
    let Some(image) = pullable(&spec.image) else {
        return Err(format!("image {:?} cannot be pulled", spec.image));
    };
    let key = (uid.clone(), container.to_string());
    if let Some(process) = cluster.runtime.processes.get(&key) {
        if process.restart_count == restart_count {
            return Ok(process.exit.clone());
        }
    }
    let now = cluster.now;
    let runtime = &mut cluster.runtime;
    match runtime.logs.remove(&key) {
        Some(log) => {
            runtime.previous_logs.insert(key.clone(), log);
        }
        None => {
            runtime.previous_logs.remove(&key);
        }
    }
    runtime.root_filesystems.remove(&key);
    for (stream, line) in startup_lines(&image, now) {
        runtime.append_log(&uid, container, now, stream, &line);
    }
    let env_names: Vec<&str> = spec.env.iter().map(|var| var.name.as_str()).collect();
    let exit = match image.start(&spec.command, &spec.args, &env_names) {
        ProcessBehaviour::RunsForever => ProcessExit::RunsForever,
        ProcessBehaviour::Exits { exit_code, log } => {
            runtime.append_log(&uid, container, now, Stream::Stderr, &log);
            ProcessExit::Exits {
                exit_code,
                after_ms: 0,
            }
        }
        ProcessBehaviour::RunCommand(argv) => {
            let program = argv.first().cloned().unwrap_or_default();
            let outcome =
                run_in_container(cluster, pod_key, container, &argv, &ExecOptions::default())?;
            let not_found = format!("{}\n", shell::exec_not_found_message(&program));
            if outcome.exit_code == shell::EXIT_CODE_EXEC_NOT_FOUND && outcome.stderr == not_found {
                ProcessExit::StartError {
                    message: shell::start_error_message(&program),
                }
            } else {
                for (stream, text) in split_streams(&outcome) {
                    cluster
                        .runtime
                        .append_log(&uid, container, now, stream, &text);
                }
                if outcome.blocks_forever {
                    ProcessExit::RunsForever
                } else {
                    ProcessExit::Exits {
                        exit_code: outcome.exit_code,
                        after_ms: outcome.elapsed_ms,
                    }
                }
            }
        }
    };
    if cluster.runtime.processes.len() < RUNTIME_ENTRIES_MAX
        || cluster.runtime.processes.contains_key(&key)
    {
        cluster.runtime.processes.insert(
            key,
            MainProcess {
                restart_count,
                started_at: now,
                exit: exit.clone(),
            },
        );
    }
    Ok(exit)
}

/// Recovers the order of stdout and stderr lines from an outcome: each line of the combined
/// output is attributed to whichever stream continues with it.
pub fn split_streams(outcome: &ExecOutcome) -> Vec<(Stream, String)> {
    if outcome.stderr.is_empty() {
        return vec![(Stream::Stdout, outcome.stdout.clone())];
    }
    if outcome.stdout.is_empty() {
        return vec![(Stream::Stderr, outcome.stderr.clone())];
    }
    let mut chunks: Vec<(Stream, String)> = Vec::new();
    let mut out_at = 0usize;
    for line in outcome.output.split_inclusive('\n') {
        let from_stdout = outcome
            .stdout
            .get(out_at..)
            .is_some_and(|rest| rest.starts_with(line));
        let stream = if from_stdout {
            out_at += line.len();
            Stream::Stdout
        } else {
            Stream::Stderr
        };
        match chunks.last_mut() {
            Some((last, text)) if *last == stream => text.push_str(line),
            _ => chunks.push((stream, line.to_string())),
        }
    }
    chunks
}

/// The log lines an image prints when its default process starts.
fn startup_lines(image: &ImageInfo, at: SimTime) -> Vec<(Stream, String)> {
    if image.family != ImageFamily::Nginx {
        return Vec::new();
    }
    let version = version_triple(&image.version);
    // Before 1.19 the image had no entrypoint script and logged at `warn`: nothing at start.
    if version < (1, 19, 0) {
        return Vec::new();
    }
    // The entrypoint's lines as the image's history has them (nginxinc/docker-nginx): the ipv6
    // script's `info:` prefix and the worker-tuning script came with 1.19.6, the local-resolvers
    // script with 1.25.1.
    let entry = "/docker-entrypoint.sh";
    let info = if version >= (1, 19, 6) { "info: " } else { "" };
    let mut lines: Vec<(Stream, String)> = vec![
        format!("{entry}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"),
        format!("{entry}: Looking for shell scripts in /docker-entrypoint.d/"),
        format!("{entry}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"),
        format!("10-listen-on-ipv6-by-default.sh: {info}Getting the checksum of /etc/nginx/conf.d/default.conf"),
        format!("10-listen-on-ipv6-by-default.sh: {info}Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf"),
    ]
    .into_iter()
    .map(|line| (Stream::Stdout, line))
    .collect();
    if version >= (1, 25, 1) {
        lines.push((
            Stream::Stdout,
            format!("{entry}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh"),
        ));
    }
    lines.push((
        Stream::Stdout,
        format!("{entry}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh"),
    ));
    if version >= (1, 19, 6) {
        lines.push((
            Stream::Stdout,
            format!("{entry}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh"),
        ));
    }
    lines.push((
        Stream::Stdout,
        format!("{entry}: Configuration complete; ready for start up"),
    ));
    // The packaged nginx.conf logs at `notice` in the 1.21+ images, so the master process's
    // startup notices show; before that it logged at `warn` and said nothing.
    if version >= (1, 21, 0) {
        let date = nginx_error_time(at);
        let mut notice = vec![
            format!("{date} [notice] 1#1: using the \"epoll\" event method"),
            format!("{date} [notice] 1#1: nginx/{}", image.version),
            format!("{date} [notice] 1#1: start worker processes"),
        ];
        for pid in NGINX_WORKER_PIDS {
            notice.push(format!("{date} [notice] 1#1: start worker process {pid}"));
        }
        lines.extend(notice.into_iter().map(|line| (Stream::Stderr, line)));
    }
    lines
}

fn version_triple(version: &str) -> (u32, u32, u32) {
    let mut parts = version
        .split(['.', '-'])
        .map(|part| part.parse::<u32>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

/// (year, month, day, hour, minute, second) of a simulated instant.
fn civil_time(at: SimTime) -> (i64, u32, u32, i64, i64, i64) {
    let seconds = EPOCH_UNIX_SECONDS + (at / SECOND_MS) as i64;
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let in_day = seconds.rem_euclid(86_400);
    (
        year,
        month,
        day,
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60,
    )
}

/// `2026/01/05 09:00:02`: nginx's error-log time.
fn nginx_error_time(at: SimTime) -> String {
    let (year, month, day, hour, minute, second) = civil_time(at);
    format!("{year:04}/{month:02}/{day:02} {hour:02}:{minute:02}:{second:02}")
}

/// `05/Jan/2026:09:00:02 +0000`: the access log's `$time_local` (containers run in UTC).
fn access_log_time(at: SimTime) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, month, day, hour, minute, second) = civil_time(at);
    let name = MONTHS
        .get((month as usize).saturating_sub(1))
        .copied()
        .unwrap_or("Jan");
    format!("{day:02}/{name}/{year:04}:{hour:02}:{minute:02}:{second:02} +0000")
}

/// `2026-01-05T09:00:02.5Z`: Go's `time.RFC3339Nano` (trailing zeros of the fraction dropped), as
/// `kubectl logs --timestamps` prints a line's time.
pub fn rfc3339_nano(at: SimTime) -> String {
    let (year, month, day, hour, minute, second) = civil_time(at);
    let millis = at % SECOND_MS;
    let fraction = if millis == 0 {
        String::new()
    } else {
        format!(".{millis:03}").trim_end_matches('0').to_string()
    };
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}Z")
}

// ---------------------------------------------------------------------------------------------
// Pods as the runtime sees them.

/// Where a mounted volume's files live.
#[derive(Debug, Clone)]
enum VolumeSource {
    /// The files of this PersistentVolume.
    Persistent(String),
    /// The pod's `emptyDir` of this name.
    EmptyDir(String),
    /// Files computed from an object (a ConfigMap), never written back.
    Files(FileTree),
    /// Nothing behind it (an unbound claim, a volume type we do not model).
    Unbacked,
}

#[derive(Debug, Clone)]
struct MountSpec {
    path: String,
    source: VolumeSource,
    read_only: bool,
}

/// One container of one pod, with everything a command in it may ask.
#[derive(Debug, Clone)]
struct Instance {
    pod_key: ObjectKey,
    uid: String,
    namespace: String,
    container: String,
    hostname: String,
    fqdn: String,
    ip: String,
    image: ImageInfo,
    env: Vec<(String, String)>,
    mounts: Vec<MountSpec>,
}

impl Instance {
    fn of(
        cluster: &Cluster,
        pod_key: &ObjectKey,
        pod: &Pod,
        container: &str,
        with_env: bool,
    ) -> Result<Instance, String> {
        let Some(spec) = find_container(pod, container) else {
            return Err(format!(
                "container {container} is not valid for pod {}",
                pod.metadata.name
            ));
        };
        let Some(image) = pullable(&spec.image) else {
            return Err(format!(
                "error: unable to upgrade connection: container not found (\"{container}\")"
            ));
        };
        let namespace = pod.metadata.namespace().to_string();
        let (hostname, fqdn) = host_names(pod);
        Ok(Instance {
            pod_key: pod_key.clone(),
            uid: pod.metadata.uid.clone(),
            namespace,
            container: container.to_string(),
            hostname,
            fqdn,
            ip: pod_ip(pod).unwrap_or_default(),
            env: if with_env {
                container_env(cluster, pod, spec)
            } else {
                Vec::new()
            },
            mounts: mount_specs(cluster, pod, spec),
            image,
        })
    }

    fn key(&self) -> ContainerKey {
        (self.uid.clone(), self.container.clone())
    }
}

fn pod_ip(pod: &Pod) -> Option<String> {
    pod.status
        .pod_ip
        .clone()
        .filter(|ip| !ip.is_empty())
        .or_else(|| pod.status.pod_ips.first().map(|ip| ip.ip.clone()))
        .filter(|ip| !ip.is_empty())
}

/// The kubelet's `GeneratePodHostNameAndDomain`: `spec.hostname` or the pod name (cut to 63
/// characters), and with a subdomain the FQDN `<hostname>.<subdomain>.<ns>.svc.cluster.local`.
fn host_names(pod: &Pod) -> (String, String) {
    let hostname = pod
        .spec
        .hostname
        .clone()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| {
            truncate_at_char_boundary(&pod.metadata.name, 63)
                .trim_end_matches(['-', '.'])
                .to_string()
        });
    let fqdn = match pod.spec.subdomain.as_deref() {
        Some(subdomain) if !subdomain.is_empty() => format!(
            "{hostname}.{subdomain}.{}.svc.{}",
            pod.metadata.namespace(),
            shell::CLUSTER_DOMAIN
        ),
        _ => hostname.clone(),
    };
    (hostname, fqdn)
}

/// The container's environment: its `env` in order, then the Service links.
fn container_env(cluster: &Cluster, pod: &Pod, container: &Container) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = Vec::new();
    for var in &container.env {
        let value = match &var.value {
            Some(value) => Some(value.clone()),
            None => env_from_source(cluster, pod, var.extra.get("valueFrom")),
        };
        if let Some(value) = value {
            env.retain(|(name, _)| name != &var.name);
            env.push((var.name.clone(), value));
        }
    }
    let links = service_links(cluster, pod);
    for (name, value) in links {
        if !env.iter().any(|(existing, _)| existing == &name) {
            env.push((name, value));
        }
    }
    env
}

fn env_from_source(
    cluster: &Cluster,
    pod: &Pod,
    source: Option<&serde_json::Value>,
) -> Option<String> {
    let source = source?;
    if let Some(path) = source
        .get("fieldRef")
        .and_then(|field| field.get("fieldPath"))
        .and_then(|path| path.as_str())
    {
        let meta = &pod.metadata;
        let keyed = |prefix: &str, map: &crate::sim::model::shared::StringMap| -> Option<String> {
            let key = path
                .strip_prefix(prefix)?
                .strip_suffix("']")
                .map(str::to_string)?;
            map.get(&key).cloned()
        };
        return match path {
            "metadata.name" => Some(meta.name.clone()),
            "metadata.namespace" => Some(meta.namespace().to_string()),
            "metadata.uid" => Some(meta.uid.clone()),
            "spec.nodeName" => pod.spec.node_name.clone(),
            "spec.serviceAccountName" => Some(
                pod.spec
                    .extra
                    .get("serviceAccountName")
                    .and_then(|name| name.as_str())
                    .unwrap_or("default")
                    .to_string(),
            ),
            "status.podIP" => pod_ip(pod),
            "status.hostIP" => pod.status.host_ip.clone(),
            _ if path.starts_with("metadata.labels['") => keyed("metadata.labels['", &meta.labels),
            _ if path.starts_with("metadata.annotations['") => {
                keyed("metadata.annotations['", &meta.annotations)
            }
            _ => None,
        };
    }
    if let Some(reference) = source.get("configMapKeyRef") {
        let name = reference.get("name")?.as_str()?;
        let key = reference.get("key")?.as_str()?;
        let object = cluster.store.get(&ObjectKey::new(
            Kind::ConfigMap,
            pod.metadata.namespace(),
            name,
        ))?;
        return object.as_config_map()?.data.get(key).cloned();
    }
    None
}

/// `envvars.FromServices`: for every Service with a cluster IP in the pod's namespace (plus the
/// `kubernetes` Service of `default`), `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT`, named ports
/// and the Docker-link style `<NAME>_PORT…` variables, sorted by name.
fn service_links(cluster: &Cluster, pod: &Pod) -> Vec<(String, String)> {
    let namespace = pod.metadata.namespace();
    let links_enabled = pod
        .spec
        .extra
        .get("enableServiceLinks")
        .and_then(|value| value.as_bool())
        .unwrap_or(true);
    let mut services: Vec<&Service> = Vec::new();
    if links_enabled {
        services.extend(
            cluster
                .store
                .list(Kind::Service, Some(namespace))
                .filter_map(Object::as_service),
        );
    }
    if namespace != "default" || !links_enabled {
        if let Some(master) = cluster
            .store
            .get(&ObjectKey::new(Kind::Service, "default", "kubernetes"))
            .and_then(Object::as_service)
        {
            services.push(master);
        }
    }
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    for service in services {
        let Some(ip) = service
            .spec
            .cluster_ip
            .as_deref()
            .filter(|ip| !ip.is_empty() && *ip != "None")
        else {
            continue;
        };
        let Some(first) = service.spec.ports.first() else {
            continue;
        };
        let name = service.metadata.name.to_uppercase().replace('-', "_");
        vars.insert(format!("{name}_SERVICE_HOST"), ip.to_string());
        vars.insert(format!("{name}_SERVICE_PORT"), first.port.to_string());
        for port in &service.spec.ports {
            if let Some(port_name) = port.name.as_deref().filter(|n| !n.is_empty()) {
                vars.insert(
                    format!(
                        "{name}_SERVICE_PORT_{}",
                        port_name.to_uppercase().replace('-', "_")
                    ),
                    port.port.to_string(),
                );
            }
        }
        let protocol = |port: &crate::sim::model::ServicePort| {
            port.protocol.as_deref().unwrap_or("TCP").to_lowercase()
        };
        vars.insert(
            format!("{name}_PORT"),
            format!("{}://{ip}:{}", protocol(first), first.port),
        );
        for port in &service.spec.ports {
            let proto = protocol(port);
            let prefix = format!("{name}_PORT_{}_{}", port.port, proto.to_uppercase());
            vars.insert(prefix.clone(), format!("{proto}://{ip}:{}", port.port));
            vars.insert(format!("{prefix}_PROTO"), proto.clone());
            vars.insert(format!("{prefix}_PORT"), port.port.to_string());
            vars.insert(format!("{prefix}_ADDR"), ip.to_string());
        }
    }
    vars.into_iter().collect()
}

/// The volume mounts of a container, mapped through the pod's volumes.
fn mount_specs(cluster: &Cluster, pod: &Pod, container: &Container) -> Vec<MountSpec> {
    let namespace = pod.metadata.namespace();
    let mut mounts = Vec::new();
    for mount in &container.volume_mounts {
        let Some(volume) = pod.spec.volumes.iter().find(|v| v.name == mount.name) else {
            continue;
        };
        let mut read_only = mount.read_only == Some(true);
        let source = if let Some(claim) = &volume.persistent_volume_claim {
            read_only |= claim.read_only == Some(true);
            cluster
                .store
                .get(&ObjectKey::new(
                    Kind::PersistentVolumeClaim,
                    namespace,
                    &claim.claim_name,
                ))
                .and_then(Object::as_pvc)
                .and_then(|pvc| pvc.spec.volume_name.clone())
                .filter(|pv| !pv.is_empty())
                .map_or(VolumeSource::Unbacked, VolumeSource::Persistent)
        } else if volume.extra.contains_key("emptyDir") {
            VolumeSource::EmptyDir(volume.name.clone())
        } else if let Some(config) = volume.extra.get("configMap") {
            read_only = true;
            VolumeSource::Files(config_map_files(cluster, namespace, config))
        } else {
            VolumeSource::Unbacked
        };
        mounts.push(MountSpec {
            path: normalize_path("/", &mount.mount_path),
            source,
            read_only,
        });
    }
    mounts
}

/// The files a `configMap` volume shows: every key (or the listed `items`) as a file.
fn config_map_files(cluster: &Cluster, namespace: &str, source: &serde_json::Value) -> FileTree {
    let mut tree = FileTree::new();
    let Some(name) = source.get("name").and_then(|name| name.as_str()) else {
        return tree;
    };
    let Some(config) = cluster
        .store
        .get(&ObjectKey::new(Kind::ConfigMap, namespace, name))
        .and_then(Object::as_config_map)
    else {
        return tree;
    };
    match source.get("items").and_then(|items| items.as_array()) {
        Some(items) => {
            for item in items {
                let (Some(key), Some(path)) = (
                    item.get("key").and_then(|k| k.as_str()),
                    item.get("path").and_then(|p| p.as_str()),
                ) else {
                    continue;
                };
                if let Some(data) = config.data.get(key) {
                    let path = normalize_path("/", path);
                    let parent = crate::sim::fs::parent_of(&path).to_string();
                    let _ = tree.mkdir(&parent, true);
                    let _ = tree.write(&path, data, false);
                }
            }
        }
        None => {
            for (key, data) in &config.data {
                let _ = tree.write(&normalize_path("/", key), data, false);
            }
        }
    }
    tree
}

// ---------------------------------------------------------------------------------------------
// Checking file trees out of the runtime for the length of one command.

/// Where a checked-out tree goes back to.
#[derive(Debug, Clone, PartialEq)]
enum Home {
    Volume(String),
    EmptyDir(ContainerKey),
    Nowhere,
}

#[derive(Debug)]
struct MountedVolume {
    path: String,
    home: Home,
    tree: FileTree,
    read_only: bool,
}

/// The trees of one container, taken out of the runtime while a command uses them.
#[derive(Debug)]
struct Mounted {
    root_key: ContainerKey,
    root: FileTree,
    root_home: bool,
    mounts: Vec<MountedVolume>,
}

impl Mounted {
    fn holds(&self, home: &Home) -> Option<&FileTree> {
        self.mounts
            .iter()
            .find(|mount| &mount.home == home)
            .map(|mount| &mount.tree)
    }
}

/// Takes the trees of `instance` out of `runtime` (creating missing ones). A tree that `held`
/// (the container running the command) has checked out already is copied instead.
fn checkout(runtime: &mut Runtime, instance: &Instance, held: Option<&Mounted>) -> Mounted {
    let root_key = instance.key();
    let (root, root_home) = match runtime.root_filesystems.remove(&root_key) {
        Some(tree) => (tree, true),
        None => (
            instance.image.root_filesystem(),
            runtime.root_filesystems.len() < RUNTIME_ENTRIES_MAX,
        ),
    };
    let mut mounted = Mounted {
        root_key,
        root,
        root_home,
        mounts: Vec::new(),
    };
    for spec in &instance.mounts {
        let home = match &spec.source {
            VolumeSource::Persistent(pv) => Home::Volume(pv.clone()),
            VolumeSource::EmptyDir(name) => Home::EmptyDir((instance.uid.clone(), name.clone())),
            VolumeSource::Files(_) | VolumeSource::Unbacked => Home::Nowhere,
        };
        let stored = match &home {
            Home::Volume(pv) => runtime.volumes.remove(pv),
            Home::EmptyDir(key) => runtime.empty_dirs.remove(key),
            Home::Nowhere => None,
        };
        let (tree, home) = match stored {
            Some(tree) => (tree, home),
            None => {
                let copy = held
                    .and_then(|held| held.holds(&home))
                    .or_else(|| mounted.holds(&home))
                    .filter(|_| home != Home::Nowhere)
                    .cloned();
                match (copy, &spec.source) {
                    (Some(tree), _) => (tree, Home::Nowhere),
                    (None, VolumeSource::Files(files)) => (files.clone(), Home::Nowhere),
                    (None, _) => {
                        let room = match &home {
                            Home::Volume(_) => runtime.volumes.len() < RUNTIME_ENTRIES_MAX,
                            Home::EmptyDir(_) => runtime.empty_dirs.len() < RUNTIME_ENTRIES_MAX,
                            Home::Nowhere => false,
                        };
                        (FileTree::new(), if room { home } else { Home::Nowhere })
                    }
                }
            }
        };
        mounted.mounts.push(MountedVolume {
            path: spec.path.clone(),
            home,
            tree,
            read_only: spec.read_only,
        });
    }
    mounted
}

/// Puts checked-out trees back.
fn checkin(runtime: &mut Runtime, mounted: Mounted) {
    if mounted.root_home {
        runtime
            .root_filesystems
            .insert(mounted.root_key, mounted.root);
    }
    for mount in mounted.mounts {
        match mount.home {
            Home::Volume(pv) => {
                runtime.volumes.insert(pv, mount.tree);
            }
            Home::EmptyDir(key) => {
                runtime.empty_dirs.insert(key, mount.tree);
            }
            Home::Nowhere => {}
        }
    }
}

/// The container's view of its trees: outer mounts first, as runc mounts them.
fn build_fs(mounted: &mut Mounted) -> ContainerFs<'_> {
    let Mounted { root, mounts, .. } = mounted;
    let mut ordered: Vec<&mut MountedVolume> = mounts.iter_mut().collect();
    ordered.sort_by_key(|mount| mount.path.len());
    let mut fs = ContainerFs::new(root);
    for mount in ordered {
        fs = fs.with_mount(&mount.path, &mut mount.tree, mount.read_only);
    }
    fs
}

/// Runs `argv` in a container without checking its state (the callers do).
fn run_in_container(
    cluster: &mut Cluster,
    pod_key: &ObjectKey,
    container: &str,
    argv: &[String],
    options: &ExecOptions,
) -> Result<ExecOutcome, String> {
    let instance = {
        let Some(pod) = cluster.store.get(pod_key).and_then(Object::as_pod) else {
            return Err(format!(
                "Error from server (NotFound): pods \"{}\" not found",
                pod_key.name
            ));
        };
        Instance::of(cluster, pod_key, pod, container, true)?
    };
    let user_agent = guess_user_agent(argv, &instance.image);
    let mut runtime = std::mem::take(&mut cluster.runtime);
    let outcome = {
        let own = checkout(&mut runtime, &instance, None);
        let mut ctx = ContainerContext {
            cluster: &*cluster,
            runtime: &mut runtime,
            this: instance,
            own,
            user_agent,
            tty: options.tty,
        };
        let outcome = shell::exec_with_stdin(argv, &options.stdin, &mut ctx);
        let ContainerContext { runtime, own, .. } = ctx;
        checkin(runtime, own);
        outcome
    };
    cluster.runtime = runtime;
    Ok(outcome)
}

/// The `User-Agent` an HTTP request from this command carries: the first `wget` or `curl` named
/// on the command line, else what the image has.
fn guess_user_agent(argv: &[String], image: &ImageInfo) -> String {
    let curl = match image.userland {
        Userland::Busybox => "curl/8.5.0",
        Userland::Gnu => "curl/7.88.1",
    };
    for word in argv
        .iter()
        .flat_map(|arg| arg.split(|c: char| c.is_whitespace() || ";|&()'\"`$".contains(c)))
    {
        match word.rsplit('/').next().unwrap_or(word) {
            "wget" => return "Wget".to_string(),
            "curl" => return curl.to_string(),
            _ => {}
        }
    }
    if image.has_tool("wget") {
        "Wget".to_string()
    } else {
        curl.to_string()
    }
}

/// The [`ExecContext`] of one command in one container.
struct ContainerContext<'c> {
    cluster: &'c Cluster,
    runtime: &'c mut Runtime,
    this: Instance,
    own: Mounted,
    user_agent: String,
    tty: bool,
}

impl ExecContext for ContainerContext<'_> {
    fn image(&self) -> &ImageInfo {
        &self.this.image
    }

    fn hostname(&self) -> String {
        self.this.hostname.clone()
    }

    fn fqdn(&self) -> String {
        self.this.fqdn.clone()
    }

    fn pod_ip(&self) -> String {
        self.this.ip.clone()
    }

    fn namespace(&self) -> String {
        self.this.namespace.clone()
    }

    fn env(&self) -> Vec<(String, String)> {
        self.this.env.clone()
    }

    fn fs(&mut self) -> ContainerFs<'_> {
        build_fs(&mut self.own)
    }

    fn dns_a(&self, name: &str) -> DnsAnswer {
        resolve_a(self.cluster, name)
    }

    fn reverse_dns(&self, ip: &str) -> Option<String> {
        reverse_lookup(self.cluster, ip)
    }

    fn http_get(&mut self, ip: &str, port: u16, host: &str, path: &str) -> HttpResult {
        if ip == "127.0.0.1" || (!self.this.ip.is_empty() && ip == self.this.ip) {
            let remote = ip.to_string();
            let own = self.this.pod_key.clone();
            return self.serve(&own, port, host, path, &remote);
        }
        let remote = self.this.ip.clone();
        if let Some(pod) = pod_with_ip(self.cluster, ip) {
            return self.serve(&pod, port, host, path, &remote);
        }
        if let Some(service) = service_with_cluster_ip(self.cluster, ip) {
            return self.via_service(&service, port, host, path, &remote);
        }
        if ip.starts_with(POD_NETWORK_PREFIX) {
            HttpResult::HostUnreachable
        } else {
            HttpResult::TimedOut
        }
    }

    fn tty(&self) -> bool {
        self.tty
    }
}

impl ContainerContext<'_> {
    /// kube-proxy: a connection to a Service's cluster IP goes to one of its ready endpoints.
    fn via_service(
        &mut self,
        service_key: &ObjectKey,
        port: u16,
        host: &str,
        path: &str,
        remote: &str,
    ) -> HttpResult {
        let cluster = self.cluster;
        let Some(service) = cluster.store.get(service_key).and_then(Object::as_service) else {
            return HttpResult::TimedOut;
        };
        let Some(service_port) = service
            .spec
            .ports
            .iter()
            .find(|p| u16::try_from(p.port).ok() == Some(port))
        else {
            return HttpResult::TimedOut;
        };
        if service_key.namespace == "default" && service_key.name == "kubernetes" {
            return api_server_forbidden(path);
        }
        let endpoints = ready_endpoints(cluster, service);
        if endpoints.is_empty() {
            return HttpResult::ConnectionRefused;
        }
        let index = (self.runtime.service_rotation % endpoints.len() as u64) as usize;
        self.runtime.service_rotation = self.runtime.service_rotation.wrapping_add(1);
        let Some(pod) = endpoints.get(index).copied() else {
            return HttpResult::ConnectionRefused;
        };
        let target = match &service_port.target_port {
            None => Some(service_port.port),
            Some(IntOrString::Int(number)) => i32::try_from(*number).ok(),
            Some(IntOrString::String(name)) => pod
                .spec
                .containers
                .iter()
                .flat_map(|c| c.ports.iter())
                .find(|p| p.name.as_deref() == Some(name.as_str()))
                .map(|p| p.container_port),
        };
        let Some(target) = target.and_then(|t| u16::try_from(t).ok()) else {
            return HttpResult::ConnectionRefused;
        };
        let pod_key = ObjectKey::new(Kind::Pod, pod.metadata.namespace(), &pod.metadata.name);
        self.serve(&pod_key, target, host, path, remote)
    }

    /// A connection to `port` of a pod: the container serving that port answers from its own
    /// files, and logs the request.
    fn serve(
        &mut self,
        pod_key: &ObjectKey,
        port: u16,
        host: &str,
        path: &str,
        remote: &str,
    ) -> HttpResult {
        let cluster = self.cluster;
        let Some(pod) = cluster.store.get(pod_key).and_then(Object::as_pod) else {
            return HttpResult::HostUnreachable;
        };
        if pod.is_terminated() {
            return HttpResult::HostUnreachable;
        }
        let server = pod.spec.containers.iter().find_map(|container| {
            if !container_is_running(pod, &container.name) {
                return None;
            }
            let image = pullable(&container.image)?;
            (image.serves.as_ref()?.port == port).then(|| (container.name.clone(), image))
        });
        let Some((container, image)) = server else {
            return HttpResult::ConnectionRefused;
        };
        let key = (pod.metadata.uid.clone(), container.clone());
        let result = if key == self.this.key() {
            let fs = build_fs(&mut self.own);
            shell::serve_http(&image, &fs, path)
        } else {
            let instance = match Instance::of(cluster, pod_key, pod, &container, false) {
                Ok(instance) => instance,
                Err(_) => return HttpResult::ConnectionRefused,
            };
            let mut mounted = checkout(self.runtime, &instance, Some(&self.own));
            let result = {
                let fs = build_fs(&mut mounted);
                shell::serve_http(&image, &fs, path)
            };
            checkin(self.runtime, mounted);
            result
        };
        if let HttpResult::Response(response) = &result {
            let request = RequestLog {
                at: cluster.now,
                remote,
                host,
                path,
                user_agent: &self.user_agent,
            };
            log_request(self.runtime, &key, &image, &request, response);
        }
        result
    }
}

/// What the API server answers an anonymous request (no token is mounted in the simulation).
fn api_server_forbidden(path: &str) -> HttpResult {
    let path = if path.is_empty() { "/" } else { path };
    let body = format!(
        "{{\n  \"kind\": \"Status\",\n  \"apiVersion\": \"v1\",\n  \"metadata\": {{}},\n  \"status\": \"Failure\",\n  \"message\": \"forbidden: User \\\"system:anonymous\\\" cannot get path \\\"{path}\\\"\",\n  \"reason\": \"Forbidden\",\n  \"details\": {{}},\n  \"code\": 403\n}}"
    );
    HttpResult::Response(HttpResponse {
        status: 403,
        reason: "Forbidden".to_string(),
        location: None,
        body,
    })
}

struct RequestLog<'r> {
    at: SimTime,
    remote: &'r str,
    host: &'r str,
    path: &'r str,
    user_agent: &'r str,
}

/// Writes the access-log line (and nginx's error-log line for a 403 or 404) of one request.
fn log_request(
    runtime: &mut Runtime,
    key: &ContainerKey,
    image: &ImageInfo,
    request: &RequestLog<'_>,
    response: &HttpResponse,
) {
    let Some(server) = &image.serves else {
        return;
    };
    let connection = {
        let count = runtime.connections.entry(key.clone()).or_insert(0);
        *count = count.saturating_add(1);
        *count
    };
    if runtime.connections.len() > RUNTIME_ENTRIES_MAX {
        runtime.connections.remove(key);
    }
    let uri = if request.path.is_empty() {
        "/"
    } else {
        request.path
    };
    let time = access_log_time(request.at);
    let bytes = response.body.len();
    let remote = request.remote;
    let (uid, container) = (key.0.as_str(), key.1.as_str());
    match &server.kind {
        HttpServerKind::Nginx(_) => {
            if matches!(response.status, 403 | 404) {
                let file = uri.split(['?', '#']).next().unwrap_or("/");
                let what = if response.status == 403 {
                    format!(
                        "directory index of \"{}{file}\" is forbidden",
                        server.document_root
                    )
                } else {
                    format!(
                        "open() \"{}{file}\" failed (2: No such file or directory)",
                        server.document_root
                    )
                };
                let pid = if version_triple(&image.version) >= (1, 19, 0)
                    && image.family == ImageFamily::Nginx
                {
                    NGINX_WORKER_PIDS[0]
                } else {
                    6
                };
                let line = format!(
                    "{} [error] {pid}#{pid}: *{connection} {what}, client: {remote}, server: localhost, request: \"GET {uri} HTTP/1.1\", host: \"{}\"",
                    nginx_error_time(request.at),
                    request.host
                );
                runtime.append_log(uid, container, request.at, Stream::Stderr, &line);
            }
            let line = format!(
                "{remote} - - [{time}] \"GET {uri} HTTP/1.1\" {} {bytes} \"-\" \"{}\" \"-\"",
                response.status, request.user_agent
            );
            runtime.append_log(uid, container, request.at, Stream::Stdout, &line);
        }
        HttpServerKind::Apache(_) => {
            let size = if bytes == 0 {
                "-".to_string()
            } else {
                bytes.to_string()
            };
            let line = format!(
                "{remote} - - [{time}] \"GET {uri} HTTP/1.1\" {} {size}",
                response.status
            );
            runtime.append_log(uid, container, request.at, Stream::Stdout, &line);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The pod network and DNS, read straight from the store.

/// The pod that has `ip` now (a running or pending pod; a finished pod's IP is free again).
fn pod_with_ip(cluster: &Cluster, ip: &str) -> Option<ObjectKey> {
    cluster
        .store
        .list(Kind::Pod, None)
        .filter_map(Object::as_pod)
        .find(|pod| !pod.is_terminated() && pod_ip(pod).as_deref() == Some(ip))
        .map(|pod| ObjectKey::new(Kind::Pod, pod.metadata.namespace(), &pod.metadata.name))
}

/// The Service whose cluster IP is `ip`.
fn service_with_cluster_ip(cluster: &Cluster, ip: &str) -> Option<ObjectKey> {
    cluster
        .store
        .list(Kind::Service, None)
        .filter_map(Object::as_service)
        .find(|service| {
            service.spec.cluster_ip.as_deref() == Some(ip)
                || service.spec.cluster_ips.iter().any(|c| c == ip)
        })
        .map(|service| {
            ObjectKey::new(
                Kind::Service,
                service.metadata.namespace(),
                &service.metadata.name,
            )
        })
}

/// `ShouldPodBeInEndpoints` plus readiness: the pods behind a Service's DNS name and cluster IP,
/// in name order.
fn ready_endpoints<'c>(cluster: &'c Cluster, service: &Service) -> Vec<&'c Pod> {
    let Some(selector) = service.spec.selector.as_ref().filter(|s| !s.is_empty()) else {
        return Vec::new();
    };
    let publish_not_ready = service.spec.publish_not_ready_addresses == Some(true);
    cluster
        .store
        .list(Kind::Pod, Some(service.metadata.namespace()))
        .filter_map(Object::as_pod)
        .filter(|pod| {
            selector
                .iter()
                .all(|(key, value)| pod.metadata.labels.get(key) == Some(value))
                && pod_ip(pod).is_some()
                && !pod.is_terminated()
                && (publish_not_ready || (!pod.metadata.is_deleting() && pod.is_ready()))
        })
        .collect()
}

/// One A query to the cluster DNS, answered as CoreDNS's `kubernetes` plugin would:
/// * `<svc>.<ns>.svc.cluster.local`: a ClusterIP Service's cluster IP; a headless Service's
///   ready pod IPs (NXDOMAIN while it has none);
/// * `<host>.<svc>.<ns>.svc.cluster.local` (headless Services): the ready pod whose
///   `spec.hostname` is `<host>` and `spec.subdomain` is `<svc>`, or whose IP written with dashes
///   is `<host>`;
/// * `<a-b-c-d>.<ns>.pod.cluster.local`: `a.b.c.d`;
/// * anything else: NXDOMAIN (the simulation has no internet).
///
/// The `kubernetes` Service (`10.96.0.1`) is an ordinary stored Service. This is the one function
/// to replace with the cluster DNS of `crate::sim::dns` when it lands.
pub fn resolve_a(cluster: &Cluster, name: &str) -> DnsAnswer {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let suffix = format!(".{}", shell::CLUSTER_DOMAIN);
    let Some(inside) = name.strip_suffix(&suffix) else {
        return DnsAnswer::NxDomain;
    };
    let labels: Vec<&str> = inside.split('.').collect();
    let service_of = |namespace: &str, service: &str| {
        cluster
            .store
            .get(&ObjectKey::new(Kind::Service, namespace, service))
            .and_then(Object::as_service)
    };
    let answer = |ips: Vec<String>| {
        if ips.is_empty() {
            DnsAnswer::NxDomain
        } else {
            DnsAnswer::Addresses(ips)
        }
    };
    match labels.as_slice() {
        [service, namespace, "svc"] => {
            let Some(service) = service_of(namespace, service) else {
                return DnsAnswer::NxDomain;
            };
            if service.spec.type_.as_deref() == Some("ExternalName") {
                return DnsAnswer::NxDomain;
            }
            if !service.is_headless() {
                let mut ips: Vec<String> = service.spec.cluster_ips.clone();
                if ips.is_empty() {
                    ips.extend(service.spec.cluster_ip.clone());
                }
                ips.retain(|ip| !ip.is_empty() && ip != "None");
                return answer(ips);
            }
            answer(
                ready_endpoints(cluster, service)
                    .into_iter()
                    .filter_map(pod_ip)
                    .collect(),
            )
        }
        [host, service_name, namespace, "svc"] => {
            let Some(service) = service_of(namespace, service_name) else {
                return DnsAnswer::NxDomain;
            };
            if !service.is_headless() {
                return DnsAnswer::NxDomain;
            }
            let found = ready_endpoints(cluster, service).into_iter().find(|pod| {
                let ip = pod_ip(pod).unwrap_or_default();
                let by_hostname = pod.spec.hostname.as_deref() == Some(*host)
                    && pod.spec.subdomain.as_deref() == Some(*service_name);
                by_hostname || ip.replace('.', "-") == *host
            });
            answer(found.and_then(pod_ip).into_iter().collect())
        }
        [dashed, namespace, "pod"] => {
            let exists = cluster
                .store
                .contains(&ObjectKey::new(Kind::Namespace, "", namespace));
            let parts: Vec<&str> = dashed.split('-').collect();
            if !exists || parts.len() != 4 || parts.iter().any(|p| p.parse::<u8>().is_err()) {
                return DnsAnswer::NxDomain;
            }
            DnsAnswer::Addresses(vec![parts.join(".")])
        }
        _ => DnsAnswer::NxDomain,
    }
}

/// A PTR query: a Service's cluster IP names the Service; a pod IP behind a headless Service
/// names the pod's record under it.
fn reverse_lookup(cluster: &Cluster, ip: &str) -> Option<String> {
    let domain = shell::CLUSTER_DOMAIN;
    if let Some(service) = service_with_cluster_ip(cluster, ip) {
        return Some(format!(
            "{}.{}.svc.{domain}",
            service.name, service.namespace
        ));
    }
    let pod_key = pod_with_ip(cluster, ip)?;
    let pod = cluster.store.get(&pod_key).and_then(Object::as_pod)?;
    let namespace = pod.metadata.namespace();
    for service in cluster
        .store
        .list(Kind::Service, Some(namespace))
        .filter_map(Object::as_service)
        .filter(|service| service.is_headless())
    {
        let name = &service.metadata.name;
        if ready_endpoints(cluster, service)
            .iter()
            .any(|endpoint| endpoint.metadata.name == pod.metadata.name)
        {
            let host = match (&pod.spec.hostname, &pod.spec.subdomain) {
                (Some(hostname), Some(subdomain)) if subdomain == name => hostname.clone(),
                _ => ip.replace('.', "-"),
            };
            return Some(format!("{host}.{name}.{namespace}.svc.{domain}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logs_keep_lines_streams_and_their_bound() {
        let mut runtime = Runtime::default();
        runtime.append_log("u", "c", 1_500, Stream::Stdout, "one\ntwo\n");
        runtime.append_log("u", "c", 2_000, Stream::Stderr, "three");
        let lines = runtime.log_lines("u", "c", false);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[2].stream, Stream::Stderr);
        assert_eq!(lines[0].at, 1_500);
        for _ in 0..5_000 {
            runtime.append_log("u", "c", 3_000, Stream::Stdout, "a line of text");
        }
        assert!(runtime.logs[&("u".to_string(), "c".to_string())].len() <= LOG_BYTES_MAX);
        runtime.pod_gone("u");
        assert!(runtime.logs.is_empty());
    }

    #[test]
    fn times_print_like_nginx_and_go() {
        assert_eq!(access_log_time(62_000), "05/Jan/2026:09:01:02 +0000");
        assert_eq!(nginx_error_time(62_000), "2026/01/05 09:01:02");
        assert_eq!(rfc3339_nano(62_500), "2026-01-05T09:01:02.5Z");
        assert_eq!(rfc3339_nano(62_000), "2026-01-05T09:01:02Z");
    }

    #[test]
    fn streams_are_split_back_in_order() {
        let outcome = ExecOutcome {
            stdout: "a\nc\n".into(),
            stderr: "b\n".into(),
            output: "a\nb\nc\n".into(),
            ..ExecOutcome::default()
        };
        assert_eq!(
            split_streams(&outcome),
            vec![
                (Stream::Stdout, "a\n".to_string()),
                (Stream::Stderr, "b\n".to_string()),
                (Stream::Stdout, "c\n".to_string())
            ]
        );
    }
}
