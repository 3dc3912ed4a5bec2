//! The pod worker: one `SyncPod` at a time per pod, its steps (sandbox, image, container
//! start), container exits and restarts with their back-off, and graceful termination.
//!
//! A sync ("round") is computed like `computePodActions`: create the sandbox if there is
//! none, then start the next unfinished init container, or every app container that is not
//! running and may run under the restart policy. Each start runs `doBackOff`, then the image
//! step, then create and start. A round that hit an error is retried after the pod worker's
//! back-off; an event that came in during the round (the new sandbox showing up in the PLEG
//! relist, a container exit) makes the worker sync again as soon as the round is over.

use std::collections::VecDeque;

use crate::sim::clock::SimTime;
use crate::sim::model::{Kind, Object, ObjectReference, Pod};
use crate::sim::store::ObjectKey;
use crate::sim::world::{Cluster, Timer};

use super::images::{self, ImageDecision};
use super::runtime::{self, ProcessStart};
use super::{
    jitter, network, probes, status, BackOff, ContainerRuntime, ContainerState, KubeletTimer,
    PodRuntime, Round, Sandbox, Step, Terminated, Termination, KUBELET, WORKER_BACKOFF_MS,
};

/// How long the kubelet takes to notice a container exit (the PLEG relist period).
const PLEG_RELIST_MS: SimTime = 1_000;
/// How often a pod waiting for its volumes reports `FailedMount` (the volume manager's
/// `WaitForAttachAndMount` timeout).
const MOUNT_TIMEOUT_MS: SimTime = 2 * 60 * 1_000 + 3_000;

fn schedule(cluster: &mut Cluster, at: SimTime, timer: KubeletTimer) {
    cluster.timers.schedule(at, Timer::Kubelet(timer));
}

/// The event reference for a pod (`involvedObject`), built without copying the pod.
pub(super) fn pod_reference_of(pod: &Pod) -> ObjectReference {
    ObjectReference {
        api_version: "v1".into(),
        kind: "Pod".into(),
        namespace: pod.metadata.namespace().to_string(),
        name: pod.metadata.name.clone(),
        uid: pod.metadata.uid.clone(),
        resource_version: pod.metadata.resource_version.clone(),
        ..Default::default()
    }
}

/// The event reference for a container of a pod (`involvedObject.fieldPath`).
pub(super) fn container_reference(pod: &Pod, index: usize) -> ObjectReference {
    let mut reference = pod_reference_of(pod);
    let init = pod.spec.init_containers.len();
    reference.field_path = Some(if index < init {
        format!(
            "spec.initContainers{{{}}}",
            pod.spec.init_containers[index].name
        )
    } else {
        format!(
            "spec.containers{{{}}}",
            pod.spec
                .containers
                .get(index - init)
                .map_or("", |c| c.name.as_str())
        )
    });
    reference
}

fn pod_reference(cluster: &Cluster, key: &ObjectKey) -> Option<ObjectReference> {
    super::pod_object(cluster, key).map(pod_reference_of)
}

/// What one container step needs of the pod: the container's spec, its event reference and
/// the kubelet's name for the pod, copied without the rest of the pod.
fn container_facts(
    cluster: &Cluster,
    key: &ObjectKey,
    index: usize,
) -> Option<(crate::sim::model::Container, ObjectReference, String)> {
    let pod = super::pod_object(cluster, key)?;
    let spec = runtime::spec_container(pod, index)?.clone();
    Some((spec, container_reference(pod, index), format_pod(pod)))
}

/// `<pod>_<namespace>(<uid>)`, the kubelet's `format.Pod`.
fn format_pod(pod: &Pod) -> String {
    format!(
        "{}_{}({})",
        pod.metadata.name,
        pod.metadata.namespace(),
        pod.metadata.uid
    )
}

fn new_container(name: &str, image: &str, init: bool) -> ContainerRuntime {
    ContainerRuntime {
        name: name.to_string(),
        init,
        image: image.to_string(),
        state: ContainerState::NotStarted,
        reason_cache: None,
        last_terminated: None,
        restart_count: 0,
        ready: false,
        started: false,
        image_ref: None,
        pull_backoff: BackOff::default(),
        crash_backoff: BackOff::default(),
        instance: 0,
        handles_sigterm: true,
        listening: Vec::new(),
        serves_http: false,
        stopping: false,
        probes: Default::default(),
        readiness_broken: false,
    }
}

/// See [`super::sync_pod`].
pub(super) fn sync_pod(cluster: &mut Cluster, key: &ObjectKey) {
    let Some(pod) = super::pod_object(cluster, key).cloned() else {
        forget(cluster, key);
        return;
    };
    let Some(node) = pod.spec.node_name.clone() else {
        return;
    };
    if let Some(runtime) = cluster.kubelet.pods.get(key) {
        if runtime.uid != pod.metadata.uid {
            forget(cluster, key);
        } else {
            if runtime.removed {
                return;
            }
            if pod.metadata.is_deleting() && runtime.termination.is_none() {
                start_termination(cluster, key, &pod);
            } else if !pod.metadata.is_deleting() {
                react_to_spec_changes(cluster, key, &pod);
            }
            return;
        }
    }
    if !cluster
        .store
        .contains(&ObjectKey::new(Kind::Node, "", &node))
    {
        // No kubelet runs for a node that does not exist: the pod stays Pending.
        return;
    }
    if pod.is_terminated() {
        return;
    }
    // Exactly as many as the pod has: every running pod keeps this vector, and growing it
    // from the init containers would leave room for four.
    let mut containers: Vec<ContainerRuntime> =
        Vec::with_capacity(pod.spec.init_containers.len() + pod.spec.containers.len());
    containers.extend(
        pod.spec
            .init_containers
            .iter()
            .map(|c| new_container(&c.name, &c.image, true)),
    );
    let init_count = containers.len();
    containers.extend(
        pod.spec
            .containers
            .iter()
            .map(|c| new_container(&c.name, &c.image, false)),
    );
    let now = cluster.now;
    cluster.kubelet.pods.insert(
        key.clone(),
        PodRuntime {
            uid: pod.metadata.uid.clone(),
            node,
            seen_at: now,
            sandbox: Sandbox::None,
            round: None,
            resync: false,
            sync_at: None,
            token: 0,
            containers,
            init_count,
            termination: None,
            terminal_phase: None,
            volume_wait_since: None,
            removed: false,
        },
    );
    if pod.metadata.is_deleting() {
        start_termination(cluster, key, &pod);
        return;
    }
    request_sync(cluster, key);
}

/// A container's image changed in the pod spec (`kubectl set image` on a pod): a running
/// container is killed and restarted with the new image; a waiting one retries at once.
fn react_to_spec_changes(cluster: &mut Cluster, key: &ObjectKey, pod: &Pod) {
    let Some(runtime) = cluster.kubelet.pods.get(key) else {
        return;
    };
    let mut changed: Vec<(usize, bool)> = Vec::new();
    for (index, container) in runtime.containers.iter().enumerate() {
        let Some(spec) = runtime::spec_container(pod, index) else {
            continue;
        };
        if spec.image != container.image {
            let running = matches!(container.state, ContainerState::Running { .. });
            changed.push((index, running && !container.stopping));
        }
    }
    if changed.is_empty() {
        return;
    }
    let mut restart_now = false;
    for (index, running) in changed {
        let name = runtime::spec_container(pod, index)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        if running {
            cluster.event(
                container_reference(pod, index),
                "Normal",
                "Killing",
                &format!("Container {name} definition changed, will be restarted"),
                KUBELET,
            );
            let deadline = cluster.now + grace_period_ms(pod, None);
            stop_container(cluster, key, index, deadline);
        } else {
            restart_now = true;
        }
        if let Some(container) = cluster
            .kubelet
            .pods
            .get_mut(key)
            .and_then(|rt| rt.containers.get_mut(index))
        {
            if let Some(spec) = runtime::spec_container(pod, index) {
                container.image = spec.image.clone();
            }
            container.pull_backoff = BackOff::default();
        }
    }
    if restart_now {
        request_sync(cluster, key);
    }
}

/// Forgets a pod that is gone: frees its IP, and the runtime drops its root layers,
/// `emptyDir`s and logs.
fn forget(cluster: &mut Cluster, key: &ObjectKey) {
    let Some(runtime) = cluster.kubelet.pods.remove(key) else {
        return;
    };
    if let Sandbox::Ready { ip, index } = &runtime.sandbox {
        network::release(cluster, &runtime.node, *index, &runtime.uid);
        if cluster.kubelet.pods_by_ip.get(ip) == Some(key) {
            cluster.kubelet.pods_by_ip.remove(ip);
        }
    }
    cluster.runtime.pod_gone(&runtime.uid);
}

/// Asks the pod worker to sync: now if it is idle, after the current round otherwise.
pub(super) fn request_sync(cluster: &mut Cluster, key: &ObjectKey) {
    let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
        return;
    };
    if runtime.round.is_some() {
        runtime.resync = true;
        return;
    }
    start_round(cluster, key);
}

/// Schedules a worker resync at `at` unless one is already due earlier.
fn schedule_sync(cluster: &mut Cluster, key: &ObjectKey, at: SimTime) {
    let now = cluster.now;
    let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
        return;
    };
    if runtime.sync_at.is_some_and(|due| due >= now && due <= at) {
        return;
    }
    runtime.sync_at = Some(at);
    let uid = runtime.uid.clone();
    schedule(
        cluster,
        at,
        KubeletTimer::Sync {
            pod: key.clone(),
            uid,
        },
    );
}

pub(super) fn on_sync_timer(cluster: &mut Cluster, key: &ObjectKey, uid: &str) {
    let now = cluster.now;
    let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
        return;
    };
    if runtime.uid != uid || runtime.sync_at != Some(now) {
        return;
    }
    runtime.sync_at = None;
    request_sync(cluster, key);
}

/// The worker back-off after a failed sync: 10 s plus up to 50 % jitter.
fn worker_backoff(cluster: &mut Cluster) -> SimTime {
    jitter(cluster, WORKER_BACKOFF_MS, WORKER_BACKOFF_MS * 3 / 2)
}

/// Whether every claim the pod mounts is bound; otherwise the volume manager's message.
fn volumes_ready(cluster: &Cluster, pod: &Pod) -> Result<(), String> {
    let namespace = pod.metadata.namespace();
    for volume in &pod.spec.volumes {
        let Some(source) = &volume.persistent_volume_claim else {
            continue;
        };
        let claim_key = ObjectKey::new(Kind::PersistentVolumeClaim, namespace, &source.claim_name);
        let problem = match cluster.store.get(&claim_key).and_then(Object::as_pvc) {
            None => Some(format!(
                "failed to fetch PVC from API server: persistentvolumeclaims \"{}\" not found",
                source.claim_name
            )),
            Some(claim) if claim.phase() != "Bound" || claim.spec.volume_name.is_none() => {
                Some("PVC is not bound".to_string())
            }
            Some(_) => None,
        };
        if let Some(problem) = problem {
            return Err(format!(
                "Unable to attach or mount volumes: unmounted volumes=[{}], unattached volumes=[], failed to process volumes=[{}]: error processing PVC {namespace}/{}: {problem}",
                volume.name, volume.name, source.claim_name
            ));
        }
    }
    Ok(())
}

/// Starts one `SyncPod`.
fn start_round(cluster: &mut Cluster, key: &ObjectKey) {
    let Some(pod) = super::pod_object(cluster, key) else {
        return;
    };
    let finished = pod_finished(pod, cluster.kubelet.pods.get(key));
    let volumes = volumes_ready(cluster, pod);
    let now = cluster.now;
    {
        let Some(runtime) = cluster.kubelet.pods.get(key) else {
            return;
        };
        if runtime.termination.is_some()
            || runtime.terminal_phase.is_some()
            || runtime.removed
            || runtime.round.is_some()
        {
            return;
        }
    }
    if finished {
        // Every container that should run has run to its end: the pod is terminal and its
        // sandbox goes away.
        if let Some(runtime) = cluster.kubelet.pods.get_mut(key) {
            runtime.terminal_phase = Some(status::terminal_phase(runtime));
        }
        teardown_sandbox(cluster, key);
        status::write(cluster, key);
        return;
    }
    // `SyncPod` starts by writing the status it sees: the runtime's state and the reasons the
    // previous sync's starts failed.
    status::write(cluster, key);
    if let Err(message) = volumes {
        let since = {
            let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
                return;
            };
            *runtime.volume_wait_since.get_or_insert(now)
        };
        if now >= since + MOUNT_TIMEOUT_MS {
            if let Some(reference) = pod_reference(cluster, key) {
                cluster.event(reference, "Warning", "FailedMount", &message, KUBELET);
            }
            if let Some(runtime) = cluster.kubelet.pods.get_mut(key) {
                runtime.volume_wait_since = Some(now);
            }
        }
        let backoff = worker_backoff(cluster);
        schedule_sync(cluster, key, now + backoff);
        return;
    }
    let needs_sandbox = {
        let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
            return;
        };
        runtime.volume_wait_since = None;
        matches!(runtime.sandbox, Sandbox::None)
    };
    if needs_sandbox {
        let delay = jitter(cluster, 500, 1_000);
        begin_step(cluster, key, Step::Sandbox, now + delay, VecDeque::new());
        return;
    }
    let to_start = match super::pod_object(cluster, key) {
        Some(pod) => containers_to_start(pod, cluster.kubelet.pods.get(key)),
        None => VecDeque::new(),
    };
    if let Some(runtime) = cluster.kubelet.pods.get_mut(key) {
        runtime.round = Some(Round {
            step: None,
            to_start,
            failed: false,
        });
    }
    continue_round(cluster, key);
}

/// Makes `step` the worker's current step, finishing at `due`.
fn begin_step(
    cluster: &mut Cluster,
    key: &ObjectKey,
    step: Step,
    due: SimTime,
    to_start: VecDeque<usize>,
) {
    let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
        return;
    };
    runtime.token += 1;
    let token = runtime.token;
    let uid = runtime.uid.clone();
    match &mut runtime.round {
        Some(round) => round.step = Some(step),
        None => {
            runtime.round = Some(Round {
                step: Some(step),
                to_start,
                failed: false,
            })
        }
    }
    schedule(
        cluster,
        due,
        KubeletTimer::StepDone {
            pod: key.clone(),
            uid,
            token,
        },
    );
}

/// `computePodActions`: which containers this round starts.
fn containers_to_start(pod: &Pod, runtime: Option<&PodRuntime>) -> VecDeque<usize> {
    let mut out = VecDeque::new();
    let Some(runtime) = runtime else {
        return out;
    };
    let policy = pod.spec.restart_policy.as_deref().unwrap_or("Always");
    let may_restart = |exit_code: i32| match policy {
        "Never" => false,
        "OnFailure" => exit_code != 0,
        _ => true,
    };
    for (index, container) in runtime.containers[..runtime.init_count].iter().enumerate() {
        if container.stopping {
            return out;
        }
        match &container.state {
            ContainerState::Terminated(t) if t.exit_code == 0 => continue,
            ContainerState::Running { .. } => return out,
            ContainerState::Terminated(_) => {
                // A failed init container is retried unless the pod never restarts.
                if policy != "Never" {
                    out.push_back(index);
                }
                return out;
            }
            ContainerState::NotStarted => {
                out.push_back(index);
                return out;
            }
        }
    }
    for (offset, container) in runtime.containers[runtime.init_count..].iter().enumerate() {
        let index = runtime.init_count + offset;
        if container.stopping {
            continue;
        }
        match &container.state {
            ContainerState::Running { .. } => {}
            ContainerState::Terminated(t) => {
                if may_restart(t.exit_code) {
                    out.push_back(index);
                }
            }
            ContainerState::NotStarted => out.push_back(index),
        }
    }
    out
}

/// Works through the round's containers until one needs time or none is left.
fn continue_round(cluster: &mut Cluster, key: &ObjectKey) {
    let bound = cluster
        .kubelet
        .pods
        .get(key)
        .map_or(0, |rt| rt.containers.len())
        + 1;
    for _ in 0..bound {
        let next = {
            let Some(round) = cluster
                .kubelet
                .pods
                .get_mut(key)
                .and_then(|rt| rt.round.as_mut())
            else {
                return;
            };
            round.step = None;
            round.to_start.pop_front()
        };
        let Some(index) = next else {
            finish_round(cluster, key);
            return;
        };
        if begin_container_start(cluster, key, index) {
            return;
        }
    }
    finish_round(cluster, key);
}

fn mark_round_failed(cluster: &mut Cluster, key: &ObjectKey) {
    if let Some(round) = cluster
        .kubelet
        .pods
        .get_mut(key)
        .and_then(|rt| rt.round.as_mut())
    {
        round.failed = true;
    }
}

/// Records why a start failed; the status shows it from the next sync on.
fn set_reason(cluster: &mut Cluster, key: &ObjectKey, index: usize, reason: &str, message: &str) {
    if let Some(container) = cluster
        .kubelet
        .pods
        .get_mut(key)
        .and_then(|rt| rt.containers.get_mut(index))
    {
        container.reason_cache = Some((reason.to_string(), message.to_string()));
    }
}

/// A PLEG relist notices a change of the pod's containers or sandbox within a second and
/// wakes the pod worker.
fn pleg_event(cluster: &mut Cluster, key: &ObjectKey) {
    let delay = jitter(cluster, 100, PLEG_RELIST_MS);
    let at = cluster.now + delay;
    schedule_sync(cluster, key, at);
}

/// The start of one container: back-off, then the image. Returns true when the worker now
/// waits for a step (a pull or the start itself).
fn begin_container_start(cluster: &mut Cluster, key: &ObjectKey, index: usize) -> bool {
    let now = cluster.now;
    let Some((spec, reference, pod_name)) = container_facts(cluster, key, index) else {
        return false;
    };
    let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
        return false;
    };
    let node = runtime.node.clone();
    let Some(container) = runtime.containers.get_mut(index) else {
        return false;
    };
    // doBackOff: the finish time of the last exit decides.
    let exited = match &container.state {
        ContainerState::Terminated(t) => Some(t.finished_at.unwrap_or(now)),
        ContainerState::NotStarted | ContainerState::Running { .. } => None,
    };
    if let Some(finished_at) = exited {
        if container.crash_backoff.in_backoff_since(finished_at, now) {
            let backoff = images::go_duration(container.crash_backoff.duration_ms);
            let message = format!(
                "back-off {backoff} restarting failed container={} pod={pod_name}",
                spec.name
            );
            set_reason(cluster, key, index, "CrashLoopBackOff", &message);
            cluster.event(
                reference,
                "Warning",
                "BackOff",
                &format!(
                    "Back-off restarting failed container {} in pod {pod_name}",
                    spec.name
                ),
                KUBELET,
            );
            mark_round_failed(cluster, key);
            return false;
        }
        container.crash_backoff.next(finished_at);
    }
    let pull_backoff = container.pull_backoff;
    match images::ensure_image(cluster, &reference, &node, &spec, &pull_backoff) {
        ImageDecision::Failed { reason, message } => {
            set_reason(cluster, key, index, &reason, &message);
            mark_round_failed(cluster, key);
            false
        }
        ImageDecision::Present {
            canonical,
            image_id,
        } => {
            if let Some(container) = cluster
                .kubelet
                .pods
                .get_mut(key)
                .and_then(|rt| rt.containers.get_mut(index))
            {
                container.image_ref = Some((canonical, image_id));
            }
            let delay = jitter(cluster, 100, 300);
            begin_step(
                cluster,
                key,
                Step::Start { container: index },
                now + delay,
                VecDeque::new(),
            );
            true
        }
        ImageDecision::Pull {
            started_at,
            duration_ms,
            result,
        } => {
            begin_step(
                cluster,
                key,
                Step::Pull {
                    container: index,
                    requested_at: now,
                    started_at,
                    result,
                },
                started_at + duration_ms,
                VecDeque::new(),
            );
            true
        }
    }
}

/// A step of the worker finished.
pub(super) fn on_step_done(cluster: &mut Cluster, key: &ObjectKey, uid: &str, token: u64) {
    let step = {
        let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
            return;
        };
        if runtime.uid != uid || runtime.token != token || runtime.termination.is_some() {
            return;
        }
        let Some(step) = runtime.round.as_mut().and_then(|r| r.step.take()) else {
            return;
        };
        step
    };
    match step {
        Step::Sandbox => sandbox_created(cluster, key),
        Step::Pull {
            container,
            requested_at,
            started_at,
            result,
        } => pull_finished(cluster, key, container, requested_at, started_at, &result),
        Step::Start { container } => {
            start_container(cluster, key, container);
            continue_round(cluster, key);
        }
    }
}

fn sandbox_created(cluster: &mut Cluster, key: &ObjectKey) {
    let Some((node, uid)) = cluster
        .kubelet
        .pods
        .get(key)
        .map(|rt| (rt.node.clone(), rt.uid.clone()))
    else {
        return;
    };
    match network::allocate(cluster, &node, &uid) {
        Ok((ip, index)) => {
            if let Some(runtime) = cluster.kubelet.pods.get_mut(key) {
                runtime.sandbox = Sandbox::Ready {
                    ip: ip.clone(),
                    index,
                };
            }
            cluster.kubelet.pods_by_ip.insert(ip, key.clone());
            // The new sandbox shows up in the next PLEG relist: one more sync follows.
            pleg_event(cluster, key);
            let to_start = super::pod_object(cluster, key)
                .map(|pod| containers_to_start(pod, cluster.kubelet.pods.get(key)))
                .unwrap_or_default();
            if let Some(round) = cluster
                .kubelet
                .pods
                .get_mut(key)
                .and_then(|rt| rt.round.as_mut())
            {
                round.to_start = to_start;
            }
            continue_round(cluster, key);
        }
        Err(error) => {
            let sandbox_id = cluster.rng.hex(64);
            if let Some(reference) = pod_reference(cluster, key) {
                cluster.event(
                    reference,
                    "Warning",
                    "FailedCreatePodSandBox",
                    &format!(
                        "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox \"{sandbox_id}\": {error}"
                    ),
                    KUBELET,
                );
            }
            mark_round_failed(cluster, key);
            finish_round(cluster, key);
        }
    }
}

fn pull_finished(
    cluster: &mut Cluster,
    key: &ObjectKey,
    index: usize,
    requested_at: SimTime,
    started_at: SimTime,
    result: &images::PullResult,
) {
    let Some((spec, reference, _)) = container_facts(cluster, key, index) else {
        return;
    };
    let Some(node) = cluster.kubelet.pods.get(key).map(|rt| rt.node.clone()) else {
        return;
    };
    let image = spec.image;
    let now = cluster.now;
    match images::finish_pull(
        cluster,
        &reference,
        &node,
        &image,
        requested_at,
        started_at,
        result,
    ) {
        Ok(image_ref) => {
            if let Some(container) = cluster
                .kubelet
                .pods
                .get_mut(key)
                .and_then(|rt| rt.containers.get_mut(index))
            {
                container.image_ref = Some(image_ref);
            }
            let delay = jitter(cluster, 100, 300);
            begin_step(
                cluster,
                key,
                Step::Start { container: index },
                now + delay,
                VecDeque::new(),
            );
        }
        Err(error) => {
            set_reason(cluster, key, index, "ErrImagePull", &error);
            if let Some(container) = cluster
                .kubelet
                .pods
                .get_mut(key)
                .and_then(|rt| rt.containers.get_mut(index))
            {
                container.pull_backoff.next(now);
            }
            mark_round_failed(cluster, key);
            continue_round(cluster, key);
        }
    }
}

/// Create and start: the container runs (or fails to start).
fn start_container(cluster: &mut Cluster, key: &ObjectKey, index: usize) {
    let now = cluster.now;
    let Some((spec, reference, _)) = container_facts(cluster, key, index) else {
        return;
    };
    cluster.event(
        reference.clone(),
        "Normal",
        "Created",
        &format!("Created container: {}", spec.name),
        KUBELET,
    );
    let container_id = format!("containerd://{}", cluster.rng.hex(64));
    {
        let Some(container) = cluster
            .kubelet
            .pods
            .get_mut(key)
            .and_then(|rt| rt.containers.get_mut(index))
        else {
            return;
        };
        let ran_before = container.instance > 0;
        if let ContainerState::Terminated(t) = &container.state {
            container.last_terminated = Some(t.clone());
        }
        if ran_before {
            container.restart_count = container.restart_count.saturating_add(1);
        }
        container.instance += 1;
        container.image = spec.image.clone();
        container.stopping = false;
        container.ready = false;
        container.started = false;
        container.probes = Default::default();
        container.listening = Vec::new();
        container.serves_http = false;
    }
    let restart_count = cluster
        .kubelet
        .pods
        .get(key)
        .and_then(|rt| rt.containers.get(index))
        .map_or(0, |c| c.restart_count);
    match runtime::start_process(cluster, key, index, restart_count) {
        ProcessStart::StartError { message } => {
            if let Some(container) = cluster
                .kubelet
                .pods
                .get_mut(key)
                .and_then(|rt| rt.containers.get_mut(index))
            {
                container.state = ContainerState::Terminated(Terminated {
                    exit_code: 128,
                    reason: "StartError".into(),
                    message: Some(message.clone()),
                    started_at: None,
                    finished_at: Some(now),
                    container_id: Some(container_id),
                });
                container.reason_cache = Some(("RunContainerError".into(), message.clone()));
            }
            cluster.event(
                reference,
                "Warning",
                "Failed",
                &format!("Error: {message}"),
                KUBELET,
            );
            mark_round_failed(cluster, key);
            pleg_event(cluster, key);
        }
        ProcessStart::Runs {
            exits,
            handles_sigterm,
            listening,
            serves_http,
        } => {
            let has_startup = spec.startup_probe.is_some();
            let has_readiness = spec.readiness_probe.is_some();
            let (uid, instance) = {
                let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
                    return;
                };
                let uid = runtime.uid.clone();
                let Some(container) = runtime.containers.get_mut(index) else {
                    return;
                };
                container.state = ContainerState::Running {
                    started_at: now,
                    container_id,
                };
                container.reason_cache = None;
                container.handles_sigterm = handles_sigterm;
                container.listening = listening;
                container.serves_http = serves_http;
                container.started = !has_startup;
                container.ready = !container.init
                    && !has_startup
                    && !has_readiness
                    && !container.readiness_broken;
                (uid, container.instance)
            };
            cluster.event(
                reference,
                "Normal",
                "Started",
                &format!("Started container {}", spec.name),
                KUBELET,
            );
            if let Some((after, exit_code)) = exits {
                let finished_at = now + after;
                schedule(
                    cluster,
                    finished_at,
                    KubeletTimer::ContainerExited {
                        pod: key.clone(),
                        uid,
                        container: index,
                        instance,
                        exit_code,
                        finished_at,
                    },
                );
            }
            probes::schedule_first(cluster, key, index);
            pleg_event(cluster, key);
        }
    }
}

/// A container's main process ended by itself (or crashed through [`crash`]).
pub(super) fn on_container_exited(
    cluster: &mut Cluster,
    key: &ObjectKey,
    uid: &str,
    index: usize,
    instance: u64,
    exit_code: i32,
    finished_at: SimTime,
) {
    {
        let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
            return;
        };
        if runtime.uid != uid || runtime.removed {
            return;
        }
        let Some(container) = runtime.containers.get_mut(index) else {
            return;
        };
        if container.instance != instance || container.stopping {
            return;
        }
        let ContainerState::Running {
            started_at,
            container_id,
        } = container.state.clone()
        else {
            return;
        };
        container.state = ContainerState::Terminated(Terminated {
            exit_code,
            reason: if exit_code == 0 { "Completed" } else { "Error" }.into(),
            message: None,
            started_at: Some(started_at),
            finished_at: Some(finished_at.max(started_at)),
            container_id: Some(container_id),
        });
        container.ready = false;
        container.started = false;
    }
    after_container_exit(cluster, key);
}

/// After a container stopped: during termination the pod may now be done; otherwise the
/// next PLEG relist notices the exit and wakes the pod worker (restart, next init container,
/// or the end of a pod that does not restart).
fn after_container_exit(cluster: &mut Cluster, key: &ObjectKey) {
    let terminating = cluster
        .kubelet
        .pods
        .get(key)
        .is_some_and(|rt| rt.termination.is_some());
    if terminating {
        let all_stopped = cluster.kubelet.pods.get(key).is_some_and(|rt| {
            rt.containers
                .iter()
                .all(|c| !matches!(c.state, ContainerState::Running { .. }))
        });
        if all_stopped {
            finish_termination(cluster, key);
        }
        return;
    }
    pleg_event(cluster, key);
}

/// Whether a pod whose containers do not restart has run to its end.
fn pod_finished(pod: &Pod, runtime: Option<&PodRuntime>) -> bool {
    let Some(runtime) = runtime else {
        return false;
    };
    let policy = pod.spec.restart_policy.as_deref().unwrap_or("Always");
    if policy == "Always" {
        return false;
    }
    let init = &runtime.containers[..runtime.init_count];
    if policy == "Never"
        && init
            .iter()
            .any(|c| matches!(&c.state, ContainerState::Terminated(t) if t.exit_code != 0))
    {
        return true;
    }
    let app = &runtime.containers[runtime.init_count..];
    !app.is_empty()
        && app.iter().all(|c| match &c.state {
            ContainerState::Terminated(t) => policy == "Never" || t.exit_code == 0,
            _ => false,
        })
}

/// Releases the pod IP; the status keeps showing it.
fn teardown_sandbox(cluster: &mut Cluster, key: &ObjectKey) {
    let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
        return;
    };
    if let Sandbox::Ready { ip, index } = runtime.sandbox.clone() {
        runtime.sandbox = Sandbox::Gone { ip: ip.clone() };
        let node = runtime.node.clone();
        let uid = runtime.uid.clone();
        network::release(cluster, &node, index, &uid);
        if cluster.kubelet.pods_by_ip.get(&ip) == Some(key) {
            cluster.kubelet.pods_by_ip.remove(&ip);
        }
    }
}

fn finish_round(cluster: &mut Cluster, key: &ObjectKey) {
    let now = cluster.now;
    let (failed, resync) = {
        let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
            return;
        };
        let failed = runtime.round.take().is_some_and(|r| r.failed);
        let resync = std::mem::take(&mut runtime.resync);
        (failed, resync)
    };
    if failed {
        let backoff = worker_backoff(cluster);
        schedule_sync(cluster, key, now + backoff);
    }
    if resync {
        start_round(cluster, key);
    }
}

/// The pod's termination grace period in milliseconds: the deletion's, a probe's override,
/// or `terminationGracePeriodSeconds` (30 s by default).
fn grace_period_ms(pod: &Pod, probe_override: Option<i64>) -> SimTime {
    let seconds = probe_override
        .or(pod.metadata.deletion_grace_period_seconds)
        .or(pod.spec.termination_grace_period_seconds)
        .unwrap_or(30)
        .clamp(0, 24 * 3600);
    seconds as SimTime * 1_000
}

/// Sends the stop signal to a running container; it stops by `deadline` at the latest.
pub(super) fn stop_container(
    cluster: &mut Cluster,
    key: &ObjectKey,
    index: usize,
    deadline: SimTime,
) {
    let now = cluster.now;
    let quick = jitter(cluster, 150, 900);
    let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
        return;
    };
    let uid = runtime.uid.clone();
    // A pod being deleted gives no container more time than its own grace period.
    let deadline = match &runtime.termination {
        Some(termination) => deadline.min(termination.deadline),
        None => deadline,
    };
    let Some(container) = runtime.containers.get_mut(index) else {
        return;
    };
    if !matches!(container.state, ContainerState::Running { .. }) || container.stopping {
        return;
    }
    container.stopping = true;
    let (at, exit_code) = if container.handles_sigterm {
        ((now + quick).min(deadline.max(now)), 0)
    } else {
        (deadline.max(now), 137)
    };
    let instance = container.instance;
    schedule(
        cluster,
        at,
        KubeletTimer::ContainerStopped {
            pod: key.clone(),
            uid,
            container: index,
            instance,
            exit_code,
        },
    );
}

pub(super) fn on_container_stopped(
    cluster: &mut Cluster,
    key: &ObjectKey,
    uid: &str,
    index: usize,
    instance: u64,
    exit_code: i32,
) {
    let now = cluster.now;
    {
        let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
            return;
        };
        if runtime.uid != uid {
            return;
        }
        let Some(container) = runtime.containers.get_mut(index) else {
            return;
        };
        if container.instance != instance || !container.stopping {
            return;
        }
        let ContainerState::Running {
            started_at,
            container_id,
        } = container.state.clone()
        else {
            return;
        };
        container.stopping = false;
        container.ready = false;
        container.started = false;
        container.state = ContainerState::Terminated(Terminated {
            exit_code,
            reason: if exit_code == 0 { "Completed" } else { "Error" }.into(),
            message: None,
            started_at: Some(started_at),
            finished_at: Some(now),
            container_id: Some(container_id),
        });
    }
    after_container_exit(cluster, key);
}

/// `killPod` for a pod being deleted: `Killing` for each running container, then the
/// containers stop (quickly, or when the grace period ends).
fn start_termination(cluster: &mut Cluster, key: &ObjectKey, pod: &Pod) {
    let now = cluster.now;
    let deadline = pod
        .metadata
        .deletion_timestamp
        .map(|t| t.0)
        .unwrap_or(now + grace_period_ms(pod, None))
        .max(now);
    let running: Vec<usize> = {
        let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
            return;
        };
        runtime.termination = Some(Termination { deadline });
        runtime.round = None;
        runtime.token += 1;
        runtime.resync = false;
        runtime
            .containers
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.state, ContainerState::Running { .. }))
            .map(|(index, _)| index)
            .collect()
    };
    if running.is_empty() {
        finish_termination(cluster, key);
        return;
    }
    for index in running {
        let stopping = cluster
            .kubelet
            .pods
            .get(key)
            .and_then(|rt| rt.containers.get(index))
            .is_some_and(|c| c.stopping);
        let name = runtime::spec_container(pod, index)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        cluster.event(
            container_reference(pod, index),
            "Normal",
            "Killing",
            &format!("Stopping container {name}"),
            KUBELET,
        );
        if stopping {
            // Already being stopped (a liveness kill): it now has until the deadline.
            continue;
        }
        stop_container(cluster, key, index, deadline);
    }
    status::write(cluster, key);
}

/// All containers have stopped: the pod gets its terminal phase, the sandbox goes, and the
/// status manager deletes the object shortly after.
fn finish_termination(cluster: &mut Cluster, key: &ObjectKey) {
    let uid = {
        let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
            return;
        };
        if runtime.terminal_phase.is_none() {
            // `TerminatePod`: containers that never stopped normally are reported as lost.
            for container in &mut runtime.containers {
                container.reason_cache = None;
                if !matches!(container.state, ContainerState::Terminated(_)) {
                    container.state = ContainerState::Terminated(Terminated {
                        exit_code: 137,
                        reason: "ContainerStatusUnknown".into(),
                        message: Some(
                            "The container could not be located when the pod was terminated".into(),
                        ),
                        started_at: None,
                        finished_at: None,
                        container_id: None,
                    });
                    container.ready = false;
                }
            }
            runtime.terminal_phase = Some(status::terminal_phase(runtime));
        }
        runtime.uid.clone()
    };
    teardown_sandbox(cluster, key);
    status::write(cluster, key);
    let delay = jitter(cluster, 200, 800);
    let at = cluster.now + delay;
    schedule(
        cluster,
        at,
        KubeletTimer::RemovePod {
            pod: key.clone(),
            uid,
        },
    );
}

/// The status manager's final delete of a terminated pod (grace period 0).
pub(super) fn on_remove(cluster: &mut Cluster, key: &ObjectKey, uid: &str) {
    let Some(pod) = super::pod_object(cluster, key) else {
        forget(cluster, key);
        return;
    };
    if pod.metadata.uid != uid || !pod.metadata.is_deleting() {
        return;
    }
    if !pod.metadata.finalizers.is_empty() {
        // The object stays (Terminating) until its finalizers are removed.
        if let Some(runtime) = cluster.kubelet.pods.get_mut(key) {
            runtime.removed = true;
        }
        return;
    }
    cluster.store.remove(key);
    forget(cluster, key);
}

/// See [`super::crash`].
/// The app containers a crash would stop now: running ones of a pod that is not terminating.
fn crash_targets(cluster: &Cluster, key: &ObjectKey) -> Vec<(usize, u64, String)> {
    let Some(runtime) = cluster.kubelet.pods.get(key) else {
        return Vec::new();
    };
    if runtime.termination.is_some() {
        return Vec::new();
    }
    runtime
        .containers
        .iter()
        .enumerate()
        .skip(runtime.init_count)
        .filter(|(_, c)| matches!(c.state, ContainerState::Running { .. }) && !c.stopping)
        .map(|(index, c)| (index, c.instance, runtime.uid.clone()))
        .collect()
}

/// Whether [`crash`] would stop anything now.
pub(super) fn can_crash(cluster: &Cluster, key: &ObjectKey) -> bool {
    !crash_targets(cluster, key).is_empty()
}

pub(super) fn crash(cluster: &mut Cluster, key: &ObjectKey) -> bool {
    let now = cluster.now;
    let targets = crash_targets(cluster, key);
    for (index, instance, uid) in &targets {
        on_container_exited(cluster, key, uid, *index, *instance, 1, now);
    }
    !targets.is_empty()
}

/// Kills a container whose liveness or startup probe failed (`Killing` was recorded by the
/// prober); it restarts once stopped.
pub(super) fn kill_for_restart(
    cluster: &mut Cluster,
    key: &ObjectKey,
    index: usize,
    probe_grace: Option<i64>,
) {
    let Some(pod) = super::pod_object(cluster, key).cloned() else {
        return;
    };
    let deadline = cluster.now + grace_period_ms(&pod, probe_grace);
    stop_container(cluster, key, index, deadline);
}
