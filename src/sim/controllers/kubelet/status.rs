//! The pod status the kubelet reports (`generateAPIPodStatus` in `kubelet_pods.go`,
//! `status/generate.go`, `getPhase`), built from the runtime state and written straight to
//! the store. Conditions the kubelet does not own (readiness gates, disruption targets) are
//! kept; a condition's `lastTransitionTime` moves only when its status changes.

use crate::sim::model::{
    ContainerState as ApiContainerState, ContainerStateRunning, ContainerStateTerminated,
    ContainerStateWaiting, ContainerStatus, Kind, Object, Pod, PodCondition, PodIp, Time,
};
use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

use super::{ContainerRuntime, ContainerState, PodRuntime, Terminated};

const KUBELET_CONDITIONS: [&str; 5] = [
    "PodReadyToStartContainers",
    "Initialized",
    "Ready",
    "ContainersReady",
    "PodScheduled",
];

/// Writes the status the runtime state implies, if it differs from the stored one.
pub(super) fn write(cluster: &mut Cluster, key: &ObjectKey) {
    let Some(runtime) = cluster.kubelet.pods.get(key) else {
        return;
    };
    let Some(pod) = cluster.store.get(key).and_then(Object::as_pod) else {
        return;
    };
    if pod.metadata.uid != runtime.uid {
        return;
    }
    let host_ip = cluster
        .store
        .get(&ObjectKey::new(Kind::Node, "", &runtime.node))
        .and_then(Object::as_node)
        .and_then(|node| node.internal_ip())
        .map(str::to_string);
    let status = generate(pod, runtime, host_ip, cluster.now);
    if status == pod.status {
        return;
    }
    let _ = cluster.store.modify(key, |object| {
        if let Some(pod) = object.as_pod_mut() {
            pod.status = status;
        }
    });
}

fn generate(
    pod: &Pod,
    runtime: &PodRuntime,
    host_ip: Option<String>,
    now: u64,
) -> crate::sim::model::PodStatus {
    let mut status = pod.status.clone();
    let init_statuses: Vec<ContainerStatus> = runtime.containers[..runtime.init_count]
        .iter()
        .map(|c| container_status(c, runtime.init_count > 0))
        .collect();
    let app_statuses: Vec<ContainerStatus> = runtime.containers[runtime.init_count..]
        .iter()
        .map(|c| container_status(c, runtime.init_count > 0))
        .collect();
    let initialized = runtime.containers[..runtime.init_count]
        .iter()
        .all(|c| matches!(&c.state, ContainerState::Terminated(t) if t.exit_code == 0));
    let phase = runtime
        .terminal_phase
        .map(str::to_string)
        .unwrap_or_else(|| get_phase(pod, runtime, initialized).to_string());
    status.phase = Some(phase.clone());
    status.host_ip = host_ip.clone();
    // Look before writing: the status's extra fields are shared with the stored status's, and
    // a write copies them (and makes the comparison below look inside).
    match &host_ip {
        Some(ip) => {
            let host_ips = serde_json::json!([{ "ip": ip }]);
            if status.extra.get("hostIPs") != Some(&host_ips) {
                status.extra.insert("hostIPs".into(), host_ips);
            }
        }
        None => {
            if status.extra.contains_key("hostIPs") {
                status.extra.remove("hostIPs");
            }
        }
    }
    match runtime.sandbox.ip() {
        Some(ip) => {
            status.pod_ip = Some(ip.to_string());
            status.pod_ips = vec![PodIp { ip: ip.to_string() }];
        }
        None => {
            status.pod_ip = None;
            status.pod_ips = Vec::new();
        }
    }
    status.start_time = Some(Time(runtime.seen_at));
    status.init_container_statuses = init_statuses;
    status.container_statuses = app_statuses;

    // Conditions, in the order the kubelet generates them.
    let terminal = phase == "Succeeded" || phase == "Failed";
    let sandbox_ready = matches!(runtime.sandbox, super::Sandbox::Ready { .. });
    let mut kubelet_conditions = vec![condition(
        "PodReadyToStartContainers",
        sandbox_ready,
        None,
        None,
    )];
    if initialized || terminal && runtime.init_count == 0 {
        kubelet_conditions.push(condition("Initialized", true, None, None));
    } else {
        let incomplete: Vec<&str> = runtime.containers[..runtime.init_count]
            .iter()
            .filter(|c| !matches!(&c.state, ContainerState::Terminated(t) if t.exit_code == 0))
            .map(|c| c.name.as_str())
            .collect();
        kubelet_conditions.push(condition(
            "Initialized",
            false,
            Some("ContainersNotInitialized"),
            Some(format!(
                "containers with incomplete status: [{}]",
                incomplete.join(" ")
            )),
        ));
    }
    let containers_ready = if terminal {
        condition("ContainersReady", false, Some("PodCompleted"), None)
    } else if !initialized {
        condition(
            "ContainersReady",
            false,
            Some("ContainersNotInitialized"),
            Some(format!(
                "containers with incomplete status: [{}]",
                runtime.containers[..runtime.init_count]
                    .iter()
                    .filter(
                        |c| !matches!(&c.state, ContainerState::Terminated(t) if t.exit_code == 0)
                    )
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
        )
    } else {
        let unready: Vec<&str> = runtime.containers[runtime.init_count..]
            .iter()
            .filter(|c| !(c.ready && matches!(c.state, ContainerState::Running { .. })))
            .map(|c| c.name.as_str())
            .collect();
        if unready.is_empty() {
            condition("ContainersReady", true, None, None)
        } else {
            condition(
                "ContainersReady",
                false,
                Some("ContainersNotReady"),
                Some(format!(
                    "containers with unready status: [{}]",
                    unready.join(" ")
                )),
            )
        }
    };
    let ready = PodCondition {
        type_: "Ready".into(),
        ..containers_ready.clone()
    };
    kubelet_conditions.push(ready);
    kubelet_conditions.push(containers_ready);
    kubelet_conditions.push(condition("PodScheduled", true, None, None));

    // Exactly as many as there will be: every pod keeps this vector for its whole life.
    let kept = pod
        .status
        .conditions
        .iter()
        .filter(|old| !KUBELET_CONDITIONS.contains(&old.type_.as_str()))
        .count();
    let mut conditions: Vec<PodCondition> = Vec::with_capacity(kubelet_conditions.len() + kept);
    for mut fresh in kubelet_conditions {
        if let Some(old) = pod
            .status
            .conditions
            .iter()
            .find(|c| c.type_ == fresh.type_)
        {
            if old.status == fresh.status {
                fresh.last_transition_time = old.last_transition_time;
            } else {
                fresh.last_transition_time = Some(Time(now));
            }
        } else {
            fresh.last_transition_time = Some(Time(now));
        }
        conditions.push(fresh);
    }
    for old in &pod.status.conditions {
        if !KUBELET_CONDITIONS.contains(&old.type_.as_str()) {
            conditions.push(old.clone());
        }
    }
    status.conditions = conditions;
    status
}

fn condition(
    type_: &str,
    value: bool,
    reason: Option<&str>,
    message: Option<String>,
) -> PodCondition {
    PodCondition {
        type_: type_.into(),
        status: if value { "True" } else { "False" }.into(),
        last_probe_time: Some(serde_json::Value::Null),
        last_transition_time: None,
        reason: reason.map(str::to_string),
        message,
    }
}

fn terminated_state(t: &Terminated) -> ContainerStateTerminated {
    ContainerStateTerminated {
        exit_code: t.exit_code,
        reason: Some(t.reason.clone()),
        message: t.message.clone(),
        started_at: t.started_at.map(Time),
        finished_at: t.finished_at.map(Time),
        container_id: t.container_id.clone(),
    }
}

fn container_status(container: &ContainerRuntime, has_init_containers: bool) -> ContainerStatus {
    let waiting = |reason: String, message: Option<String>| ApiContainerState {
        waiting: Some(ContainerStateWaiting {
            reason: Some(reason),
            message,
        }),
        ..Default::default()
    };
    let terminated = |t: &Terminated| ApiContainerState {
        terminated: Some(terminated_state(t)),
        ..Default::default()
    };
    let previous = || match &container.last_terminated {
        Some(t) => terminated(t),
        None => ApiContainerState::default(),
    };
    let (state, last_state, container_id) = match (&container.state, &container.reason_cache) {
        (
            ContainerState::Running {
                started_at,
                container_id,
            },
            _,
        ) => (
            ApiContainerState {
                running: Some(ContainerStateRunning {
                    started_at: Some(Time(*started_at)),
                }),
                ..Default::default()
            },
            previous(),
            Some(container_id.clone()),
        ),
        // The last start failed: the container waits with that reason; the exit before it is
        // the last state.
        (ContainerState::Terminated(t), Some((reason, message))) => (
            waiting(reason.clone(), Some(message.clone())),
            terminated(t),
            t.container_id.clone(),
        ),
        (ContainerState::Terminated(t), None) => {
            (terminated(t), previous(), t.container_id.clone())
        }
        (ContainerState::NotStarted, Some((reason, message))) => (
            waiting(reason.clone(), Some(message.clone())),
            previous(),
            None,
        ),
        (ContainerState::NotStarted, None) => {
            // A container that never started waits for the pod to initialize or for creation.
            let reason = if has_init_containers {
                "PodInitializing"
            } else {
                "ContainerCreating"
            };
            (waiting(reason.to_string(), None), previous(), None)
        }
    };
    let (image, image_id) = match &container.image_ref {
        Some((canonical, id)) => (canonical.clone(), id.clone()),
        None => (container.image.clone(), String::new()),
    };
    let running = matches!(container.state, ContainerState::Running { .. });
    ContainerStatus {
        name: container.name.clone(),
        ready: container.ready && running,
        restart_count: container.restart_count,
        image,
        image_id,
        container_id,
        started: Some(running && container.started),
        state,
        last_state,
    }
}

/// `getPhase` for a pod that is not terminal yet.
fn get_phase(pod: &Pod, runtime: &PodRuntime, initialized: bool) -> &'static str {
    let restart_policy = pod.spec.restart_policy.as_deref().unwrap_or("Always");
    let init = &runtime.containers[..runtime.init_count];
    let mut pending_initialization = false;
    for container in init {
        match &container.state {
            ContainerState::Terminated(t) if t.exit_code == 0 => {}
            ContainerState::Terminated(_) => {
                if restart_policy == "Never" {
                    return "Failed";
                }
                pending_initialization = true;
            }
            _ => pending_initialization = true,
        }
    }
    if !initialized || pending_initialization {
        return "Pending";
    }
    let app = &runtime.containers[runtime.init_count..];
    let (mut running, mut waiting, mut stopped, mut succeeded) = (0, 0, 0, 0);
    for container in app {
        match &container.state {
            ContainerState::Running { .. } => running += 1,
            ContainerState::Terminated(t) => {
                stopped += 1;
                if t.exit_code == 0 {
                    succeeded += 1;
                }
            }
            ContainerState::NotStarted => waiting += 1,
        }
    }
    if waiting > 0 {
        return "Pending";
    }
    if running > 0 {
        return "Running";
    }
    if stopped > 0 && stopped == app.len() {
        return match restart_policy {
            "Never" if succeeded == stopped => "Succeeded",
            "Never" => "Failed",
            "OnFailure" if succeeded == stopped => "Succeeded",
            _ => "Running",
        };
    }
    "Pending"
}

/// The phase a pod gets once its containers have stopped for good (termination or a
/// finished `Never`/`OnFailure` pod): `Succeeded` when every container that ran exited 0.
pub(super) fn terminal_phase(runtime: &PodRuntime) -> &'static str {
    let app = &runtime.containers[runtime.init_count..];
    let mut ran = 0;
    let mut all_zero = true;
    for container in app {
        let exit = match &container.state {
            ContainerState::Terminated(t) => Some(t.exit_code),
            _ => container.last_terminated.as_ref().map(|t| t.exit_code),
        };
        if let Some(code) = exit {
            ran += 1;
            if code != 0 {
                all_zero = false;
            }
        } else {
            all_zero = false;
        }
    }
    if ran > 0 && all_zero {
        "Succeeded"
    } else {
        "Failed"
    }
}
