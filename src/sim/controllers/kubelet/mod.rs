//! The kubelet of every node, with containerd and the CNI plugin behind it: what makes a bound
//! pod go `ContainerCreating` → `Running`, crash, back off, become ready or not, and go away.
//!
//! **What it models** (kubernetes/kubernetes `pkg/kubelet`):
//! * the pod worker (`pod_workers.go`): one sync of a pod at a time; a sync that fails is
//!   retried after the worker back-off (10 s plus up to 50 % jitter); an event that arrives
//!   during a sync (the sandbox showing up in the PLEG relist, a container exiting) makes the
//!   worker sync again as soon as the current sync ends;
//! * `SyncPod` of the runtime manager (`kuberuntime_manager.go`, `kuberuntime_container.go`):
//!   create the sandbox (network: a pod IP from the node's `podCIDR`, handed out in order like
//!   the `host-local` IPAM plugin, never one still in use), then start the next init container
//!   or every app container that should run, each with its image step, `Created` and `Started`;
//! * the image manager (`images/image_manager.go`): `imagePullPolicy` (defaulted from the tag),
//!   a per-node image store, pulls serialized per node, `Pulling`/`Pulled` with
//!   `in 3.211s (3.211s including waiting). Image size: N bytes.`, `already present on
//!   machine`, `ErrImagePull` then `ImagePullBackOff` with a 10 s back-off doubling to 5 min
//!   (`IsInBackOffSinceUpdate`), `InvalidImageName`, `ErrImageNeverPull`;
//! * container restarts (`doBackOff`): the first exit restarts at once, later ones wait in
//!   `CrashLoopBackOff` (10 s doubling to 5 min, `back-off 20s restarting failed
//!   container=… pod=…_…(uid)` and the `BackOff` event), `restartCount`, `lastState`;
//! * the prober (`prober/worker.go`, `prober.go`): startup, readiness and liveness probes by
//!   exec (a command run in the container by [`crate::sim::containers::exec_in`]), httpGet
//!   (answered by the container serving that port, from its own files) and tcpSocket;
//!   `initialDelaySeconds`, `periodSeconds` (ticks aligned to when the kubelet first saw the
//!   pod), thresholds; `Unhealthy` events with the prober's texts; a failed liveness or startup
//!   probe kills and restarts the container;
//! * the container runtime's side is [`crate::sim::containers`]: the kubelet asks it to start
//!   each container instance (it runs the main process and keeps files and logs) and tells it
//!   when a pod is gone;
//! * the status manager and `generateAPIPodStatus` (`kubelet_pods.go`, `status/generate.go`):
//!   phase (`getPhase`), the five kubelet conditions in their real order, container statuses;
//!   status writes go straight to the store (status is not admission-validated);
//! * graceful termination (`killPod`): `Killing` / `Stopping container X`, a process that exits
//!   on SIGTERM (the images' servers) stops within a second, one that ignores it (a shell or
//!   `sleep` as PID 1) is killed when the grace period ends (exit code 137); since v1.27 the pod
//!   then gets a terminal phase (`Succeeded` when every container exited 0, else `Failed`) and
//!   the kubelet deletes the object, freeing the pod IP.
//!
//! Every duration the kubelet cannot know from upstream (sandbox setup, a failing pull, a
//! container start, noticing an exit) is drawn from the cluster's seeded random source within
//! a realistic range, so a run is reproducible.
//!
//! Status is written the way `SyncPod` writes it: at the start of every sync, from what the
//! runtime reports and the reasons the previous sync's starts failed (`reasonCache`). So a
//! pull that just failed shows `ErrImagePull` from the next sync on, `ImagePullBackOff` after
//! that, and a container that keeps crashing alternates between `Error` and
//! `CrashLoopBackOff`. Failed syncs, including those that only met a back-off, are retried
//! after the worker back-off (kubernetes/kubernetes#123602 describes why the back-off error is
//! never suppressed).
//!
//! **Left out.** cgroups and resources (QoS is whatever the API server wrote), OOM kills,
//! eviction, lifecycle hooks, sidecar (restartable init) containers beyond a plain init
//! container, ephemeral containers, static pods, image garbage collection, secrets and image
//! pull secrets, `subPath` mounts, node failures and node status updates, the
//! `ReduceDefaultCrashLoopBackOffDecay` gates.
//!
//! Architecture Invariant: the kubelet writes only pod status, events and (when a pod has
//! finished terminating) the removal of the pod; it never creates or updates other objects.
//! Architecture Invariant: a pod's runtime state is keyed by its key *and* uid; every timer
//! carries the uid and a token or container instance, so a timer of a pod that is gone, was
//! re-created, or moved on is ignored when it fires.
//! Architecture Invariant: a pod IP is in `NodeRuntime::ips` exactly while the pod's sandbox
//! exists; an IP is handed out again only after it was released.

mod images;
mod lifecycle;
mod network;
mod probes;
mod runtime;
mod status;

use std::collections::{BTreeMap, VecDeque};

use crate::sim::clock::SimTime;
use crate::sim::model::Object;
use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

pub use images::go_duration;

/// The name under which the kubelet records events (`source.component`).
pub const KUBELET: &str = "kubelet";
/// The pod worker's back-off after a failed sync (`backOffPeriod`), before jitter.
pub const WORKER_BACKOFF_MS: SimTime = 10_000;
/// First image pull back-off and first crash back-off.
pub const INITIAL_BACKOFF_MS: SimTime = 10_000;
/// Cap of both back-offs (`MaxContainerBackOff`, image pull `maxBackOff`).
pub const MAX_BACKOFF_MS: SimTime = 300_000;

/// The kubelets' memory: what each node's runtime holds.
#[derive(Debug, Clone, Default)]
pub struct KubeletState {
    /// When set, no kubelet acts: for tests that play the kubelet themselves (set it before
    /// the first pod is bound).
    pub paused: bool,
    pods: BTreeMap<ObjectKey, PodRuntime>,
    nodes: BTreeMap<String, NodeRuntime>,
    /// The pod whose sandbox holds each IP (what the pod network routes to).
    pods_by_ip: BTreeMap<String, ObjectKey>,
}

/// What a node's container runtime and network plugin hold.
#[derive(Debug, Clone, Default)]
struct NodeRuntime {
    /// Images in the node's store, by normalized reference.
    images: BTreeMap<String, CachedImage>,
    /// Image pulls are serialized: the next pull starts no earlier than this.
    pulls_free_at: SimTime,
    /// Successful pulls in progress: image → when it will be in the store.
    pulling: BTreeMap<String, SimTime>,
    /// Pod IPs in use (host index within the node's ranges → pod uid).
    ips: BTreeMap<u32, String>,
}

#[derive(Debug, Clone)]
struct CachedImage {
    image_id: String,
}

/// Which probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProbeKind {
    Startup,
    Readiness,
    Liveness,
}

impl ProbeKind {
    fn label(self) -> &'static str {
        match self {
            ProbeKind::Startup => "Startup",
            ProbeKind::Readiness => "Readiness",
            ProbeKind::Liveness => "Liveness",
        }
    }
}

/// The kubelet's timers. Each names the pod by key and uid; a timer whose pod is gone or
/// has moved on is ignored.
#[derive(Debug, Clone, PartialEq)]
pub enum KubeletTimer {
    /// The pod worker syncs the pod again (after its back-off, or a runtime event).
    Sync { pod: ObjectKey, uid: String },
    /// The step the pod worker is busy with (sandbox, image pull, container start) is done.
    StepDone {
        pod: ObjectKey,
        uid: String,
        token: u64,
    },
    /// The kubelet notices that a container's main process ended by itself.
    ContainerExited {
        pod: ObjectKey,
        uid: String,
        container: usize,
        instance: u64,
        exit_code: i32,
        finished_at: SimTime,
    },
    /// A container that was asked to stop has stopped.
    ContainerStopped {
        pod: ObjectKey,
        uid: String,
        container: usize,
        instance: u64,
        exit_code: i32,
    },
    /// A probe worker's tick.
    Probe {
        pod: ObjectKey,
        uid: String,
        container: usize,
        instance: u64,
        kind: ProbeKind,
    },
    /// The status manager deletes a pod whose containers have all stopped.
    RemovePod { pod: ObjectKey, uid: String },
}

/// The runtime state of one pod on its node.
#[derive(Debug, Clone)]
struct PodRuntime {
    uid: String,
    node: String,
    /// When the kubelet first saw the pod (`status.startTime`; probe ticks align to it).
    seen_at: SimTime,
    sandbox: Sandbox,
    /// The pod worker's current sync, if one is running.
    round: Option<Round>,
    /// An event arrived during the current sync: sync again right after it.
    resync: bool,
    /// When the next `Sync` timer fires, if one is set.
    sync_at: Option<SimTime>,
    /// Token of the step the worker waits for; a `StepDone` with another token is stale.
    token: u64,
    containers: Vec<ContainerRuntime>,
    /// Number of init containers at the front of `containers`.
    init_count: usize,
    termination: Option<Termination>,
    /// Set once the pod reached a terminal phase (all containers done, or terminated).
    terminal_phase: Option<&'static str>,
    /// When the pod started waiting for its volumes, if it is waiting.
    volume_wait_since: Option<SimTime>,
    /// Set when the object has been removed from the store by the kubelet.
    removed: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Sandbox {
    None,
    Ready {
        ip: String,
        index: u32,
    },
    /// Torn down after the pod finished; the IP stays in the status but is free again.
    Gone {
        ip: String,
    },
}

impl Sandbox {
    fn ip(&self) -> Option<&str> {
        match self {
            Sandbox::None => None,
            Sandbox::Ready { ip, .. } | Sandbox::Gone { ip } => Some(ip),
        }
    }
}

/// One run of `SyncPod`: the step in progress and the containers still to start.
#[derive(Debug, Clone)]
struct Round {
    step: Option<Step>,
    to_start: VecDeque<usize>,
    failed: bool,
}

#[derive(Debug, Clone)]
enum Step {
    Sandbox,
    Pull {
        container: usize,
        requested_at: SimTime,
        started_at: SimTime,
        result: images::PullResult,
    },
    Start {
        container: usize,
    },
}

#[derive(Debug, Clone)]
struct Termination {
    /// When the grace period ends (SIGKILL for whatever still runs).
    deadline: SimTime,
}

/// The runtime state of one container.
#[derive(Debug, Clone)]
struct ContainerRuntime {
    name: String,
    init: bool,
    /// The image the current state belongs to (the spec's image when it was last started).
    image: String,
    state: ContainerState,
    /// Why the last start attempt failed (`reasonCache`): the status shows the container
    /// waiting with this reason and message until a start succeeds.
    reason_cache: Option<(String, String)>,
    last_terminated: Option<Terminated>,
    restart_count: i32,
    ready: bool,
    /// The startup probe passed (or there is none) while running.
    started: bool,
    /// Normalized reference and image ID once the image was resolved on the node.
    image_ref: Option<(String, String)>,
    pull_backoff: BackOff,
    crash_backoff: BackOff,
    /// Bumped on every start; exit, stop and probe timers carry it.
    instance: u64,
    /// Whether the running process exits on SIGTERM.
    handles_sigterm: bool,
    /// Ports the running process listens on.
    listening: Vec<u16>,
    /// The running process is the image's HTTP server.
    serves_http: bool,
    /// A stop is in progress (termination, liveness or startup failure).
    stopping: bool,
    probes: BTreeMap<ProbeKind, ProbeCounters>,
    /// Test hook: readiness fails from now on.
    readiness_broken: bool,
}

/// What the container runtime knows of a container (the API's `waiting` state is derived
/// from this and the reason the last start attempt failed).
#[derive(Debug, Clone, PartialEq)]
enum ContainerState {
    /// No container was created yet.
    NotStarted,
    Running {
        started_at: SimTime,
        container_id: String,
    },
    Terminated(Terminated),
}

#[derive(Debug, Clone, PartialEq)]
struct Terminated {
    exit_code: i32,
    reason: String,
    message: Option<String>,
    started_at: Option<SimTime>,
    finished_at: Option<SimTime>,
    container_id: Option<String>,
}

/// `flowcontrol.Backoff` for one key: the current back-off and when it was last updated.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct BackOff {
    duration_ms: SimTime,
    last_update: SimTime,
}

impl BackOff {
    /// `IsInBackOffSinceUpdate`.
    fn in_backoff_since_update(&self, now: SimTime) -> bool {
        self.duration_ms > 0 && now.saturating_sub(self.last_update) < self.duration_ms
    }

    /// `IsInBackOffSince(eventTime)`: now is still within the back-off after `event_time`.
    fn in_backoff_since(&self, event_time: SimTime, now: SimTime) -> bool {
        self.duration_ms > 0 && now.saturating_sub(event_time) < self.duration_ms
    }

    /// `Next`: start at the initial back-off, double up to the cap; an entry idle for twice
    /// the cap starts over.
    fn next(&mut self, event_time: SimTime) {
        let expired = event_time.saturating_sub(self.last_update) > 2 * MAX_BACKOFF_MS;
        if self.duration_ms == 0 || expired {
            self.duration_ms = INITIAL_BACKOFF_MS;
        } else {
            self.duration_ms = (self.duration_ms * 2).min(MAX_BACKOFF_MS);
        }
        self.last_update = event_time;
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct ProbeCounters {
    successes: u32,
    failures: u32,
    /// The startup probe succeeded; it does not run again for this container instance.
    done: bool,
}

/// A level-triggered look at one pod: new pods start, deleted pods start terminating, pods
/// that are gone are forgotten. Status changes the kubelet wrote itself do nothing here; the
/// pod worker is driven by its own timers.
pub fn sync_pod(cluster: &mut Cluster, key: &ObjectKey) {
    if cluster.kubelet.paused {
        return;
    }
    lifecycle::sync_pod(cluster, key);
}

/// Fires one kubelet timer.
pub fn on_timer(cluster: &mut Cluster, timer: KubeletTimer) {
    if cluster.kubelet.paused {
        return;
    }
    match timer {
        KubeletTimer::Sync { pod, uid } => lifecycle::on_sync_timer(cluster, &pod, &uid),
        KubeletTimer::StepDone { pod, uid, token } => {
            lifecycle::on_step_done(cluster, &pod, &uid, token)
        }
        KubeletTimer::ContainerExited {
            pod,
            uid,
            container,
            instance,
            exit_code,
            finished_at,
        } => lifecycle::on_container_exited(
            cluster,
            &pod,
            &uid,
            container,
            instance,
            exit_code,
            finished_at,
        ),
        KubeletTimer::ContainerStopped {
            pod,
            uid,
            container,
            instance,
            exit_code,
        } => lifecycle::on_container_stopped(cluster, &pod, &uid, container, instance, exit_code),
        KubeletTimer::Probe {
            pod,
            uid,
            container,
            instance,
            kind,
        } => probes::on_probe(cluster, &pod, &uid, container, instance, kind),
        KubeletTimer::RemovePod { pod, uid } => lifecycle::on_remove(cluster, &pod, &uid),
    }
}

/// Something the playground does to a pod from outside kubectl, as the page's pod actions do:
/// the application inside stops answering its health checks, answers again, or crashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// From now on the pod's readiness fails (its probes fail, or it is marked not ready).
    BreakReadiness,
    /// Readiness passes again from the next probe.
    RestoreReadiness,
    /// Every running app container exits with code 1; the kubelet restarts it.
    Crash,
}

impl Fault {
    pub const ALL: [Fault; 3] = [Fault::BreakReadiness, Fault::RestoreReadiness, Fault::Crash];

    /// The fault's name, as the journal's JSON writes it.
    pub fn name(self) -> &'static str {
        match self {
            Fault::BreakReadiness => "break-readiness",
            Fault::RestoreReadiness => "restore-readiness",
            Fault::Crash => "crash",
        }
    }

    pub fn parse(name: &str) -> Option<Fault> {
        Fault::ALL.into_iter().find(|fault| fault.name() == name)
    }
}

/// Test and page hook: from now on the pod's readiness fails. Containers with a readiness
/// probe fail their next probes (the application's health endpoint breaks); containers
/// without one are marked not ready at once, which is what a failing probe would lead to.
/// Returns false when the pod is not known to any kubelet.
pub fn break_readiness(cluster: &mut Cluster, pod_key: &ObjectKey) -> bool {
    probes::set_readiness_broken(cluster, pod_key, true)
}

/// Undoes [`break_readiness`]: probes pass again from their next run, containers without a
/// readiness probe are ready again at once.
pub fn restore_readiness(cluster: &mut Cluster, pod_key: &ObjectKey) -> bool {
    probes::set_readiness_broken(cluster, pod_key, false)
}

/// Test and page hook: every running app container of the pod exits now with code 1, as if
/// the application crashed; the kubelet notices within a second and restarts it under the
/// pod's restart policy and back-off. Returns false when nothing was running.
pub fn crash(cluster: &mut Cluster, pod_key: &ObjectKey) -> bool {
    lifecycle::crash(cluster, pod_key)
}

/// Whether `fault` would change anything for this pod now: a kubelet runs this very pod (by
/// uid), and for a crash some app container is running. The page checks it before it records
/// a fault, so the timeline holds only faults that happened.
pub fn accepts_fault(cluster: &Cluster, pod_key: &ObjectKey, fault: Fault) -> bool {
    let runs = pod_object(cluster, pod_key).is_some_and(|pod| {
        cluster
            .kubelet
            .pods
            .get(pod_key)
            .is_some_and(|runtime| runtime.uid == pod.metadata.uid)
    });
    runs && (fault != Fault::Crash || lifecycle::can_crash(cluster, pod_key))
}

/// The pod IPs in use on `node`, in allocation order of their host index.
pub fn pod_ips_in_use(cluster: &Cluster, node: &str) -> Vec<String> {
    network::ips_in_use(cluster, node)
}

/// Whether the node's image store holds `image` (as a container would write it).
pub fn image_present(cluster: &Cluster, node: &str, image: &str) -> bool {
    images::is_present(cluster, node, image)
}

fn pod_object<'a>(cluster: &'a Cluster, key: &ObjectKey) -> Option<&'a crate::sim::model::Pod> {
    cluster.store.get(key).and_then(Object::as_pod)
}

/// A random duration in `low..=high` milliseconds from the cluster's seeded source.
fn jitter(cluster: &mut Cluster, low: SimTime, high: SimTime) -> SimTime {
    cluster.rng.range(low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_and_caps_and_resets() {
        let mut backoff = BackOff::default();
        assert!(!backoff.in_backoff_since_update(0));
        backoff.next(1_000);
        assert_eq!(backoff.duration_ms, 10_000);
        assert!(backoff.in_backoff_since_update(10_999));
        assert!(!backoff.in_backoff_since_update(11_000));
        let mut durations = Vec::new();
        for step in 0..7 {
            backoff.next(2_000 + step);
            durations.push(backoff.duration_ms / 1000);
        }
        assert_eq!(durations, [20, 40, 80, 160, 300, 300, 300]);
        backoff.next(2_000 + 7 + 2 * MAX_BACKOFF_MS + 1);
        assert_eq!(backoff.duration_ms, 10_000, "an idle entry starts over");
    }
}
