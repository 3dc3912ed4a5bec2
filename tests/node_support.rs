//! Shared helpers of the `node_*` tests: a compact `kubectl get pods -w` of one pod over
//! simulated time, the STATUS column rules of the behaviour reference §5.1, and event lists.
//! Included by the other `node_*` files with `#[path]`; on its own it holds no test.
#![allow(dead_code)]

use sts_playground::sim::clock::SimTime;
use sts_playground::sim::containers;
use sts_playground::sim::model::{Kind, Object, Pod};
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::testkit;
use sts_playground::sim::world::{Cluster, Preset};

pub fn pod_key(name: &str) -> ObjectKey {
    ObjectKey::new(Kind::Pod, "default", name)
}

pub fn pod<'a>(cluster: &'a Cluster, name: &str) -> Option<&'a Pod> {
    cluster.store.get(&pod_key(name)).and_then(Object::as_pod)
}

pub fn cluster(preset: Preset, seed: u64, yaml: &str) -> Cluster {
    testkit::cluster_with(preset, seed, yaml)
}

/// Runs every timer due up to `until`, then sets the clock to `until`.
pub fn run_until(cluster: &mut Cluster, until: SimTime) {
    cluster.advance_to(until);
}

/// `kubectl`'s human durations (§4.4), for RESTARTS `(… ago)`.
pub fn human(ms: SimTime) -> String {
    let seconds = ms / 1000;
    match seconds {
        0..=119 => format!("{seconds}s"),
        120..=599 => {
            if seconds.is_multiple_of(60) {
                format!("{}m", seconds / 60)
            } else {
                format!("{}m{}s", seconds / 60, seconds % 60)
            }
        }
        600..=10_799 => format!("{}m", seconds / 60),
        _ => format!("{}h", seconds / 3600),
    }
}

/// The STATUS column of `kubectl get pods` (printers.go `printPod`, §5.1).
pub fn status_column(pod: &Pod) -> String {
    let mut reason = pod
        .status
        .reason
        .clone()
        .unwrap_or_else(|| pod.phase().to_string());
    let mut initializing = false;
    let total = pod.spec.init_containers.len();
    for (index, status) in pod.status.init_container_statuses.iter().enumerate() {
        if let Some(terminated) = &status.state.terminated {
            if terminated.exit_code == 0 {
                continue;
            }
            reason = match &terminated.reason {
                Some(r) if !r.is_empty() => format!("Init:{r}"),
                _ => format!("Init:ExitCode:{}", terminated.exit_code),
            };
        } else if let Some(waiting) = status.state.waiting.as_ref().filter(|w| {
            w.reason
                .as_deref()
                .is_some_and(|r| !r.is_empty() && r != "PodInitializing")
        }) {
            reason = format!("Init:{}", waiting.reason.clone().unwrap_or_default());
        } else {
            reason = format!("Init:{index}/{total}");
        }
        initializing = true;
        break;
    }
    if !initializing {
        let mut has_running = false;
        for status in pod.status.container_statuses.iter().rev() {
            if let Some(waiting) = &status.state.waiting {
                if let Some(r) = waiting.reason.as_deref().filter(|r| !r.is_empty()) {
                    reason = r.to_string();
                    continue;
                }
            }
            if let Some(terminated) = &status.state.terminated {
                reason = match terminated.reason.as_deref().filter(|r| !r.is_empty()) {
                    Some(r) => r.to_string(),
                    None => format!("ExitCode:{}", terminated.exit_code),
                };
            } else if status.ready && status.state.running.is_some() {
                has_running = true;
            }
        }
        if reason == "Completed" && has_running {
            reason = if pod.is_ready() {
                "Running".into()
            } else {
                "NotReady".into()
            };
        }
    }
    if pod.metadata.is_deleting() && !pod.is_terminated() {
        reason = "Terminating".into();
    }
    reason
}

/// `NAME READY STATUS RESTARTS` as one line.
pub fn row(pod: &Pod, now: SimTime) -> String {
    let ready = pod
        .status
        .container_statuses
        .iter()
        .filter(|c| c.ready && c.state.running.is_some())
        .count();
    let restarts: i32 = pod
        .status
        .container_statuses
        .iter()
        .map(|c| c.restart_count)
        .sum();
    let last = pod
        .status
        .container_statuses
        .iter()
        .filter_map(|c| c.last_state.terminated.as_ref()?.finished_at)
        .max();
    let restarts = match last {
        Some(at) if restarts > 0 => format!("{restarts} ({} ago)", human(now.saturating_sub(at.0))),
        _ => restarts.to_string(),
    };
    format!(
        "{} {ready}/{} {} {restarts}",
        pod.metadata.name,
        pod.spec.containers.len(),
        status_column(pod)
    )
}

fn seconds(ms: SimTime) -> String {
    format!("{}.{:03}s", ms / 1000, ms % 1000)
}

/// A `kubectl get pod NAME -w` over `[now, until]`: one line per change of the row, with the
/// instant it was seen; `(gone)` once the pod is removed.
pub fn watch(cluster: &mut Cluster, name: &str, until: SimTime) -> String {
    let mut out = String::new();
    let mut last = String::new();
    let record = |cluster: &Cluster, out: &mut String, last: &mut String| {
        let line = match pod(cluster, name) {
            Some(pod) => {
                let mut line = row(pod, cluster.now);
                if let Some(ip) = &pod.status.pod_ip {
                    line.push_str(&format!(" {ip}"));
                }
                if let Some(node) = &pod.spec.node_name {
                    line.push_str(&format!(" {node}"));
                }
                line
            }
            None => "(gone)".to_string(),
        };
        // RESTARTS ages move with the clock; compare without them.
        let stable: String = line.split(" (").next().unwrap_or("").to_string()
            + line.rsplit(" ago)").next().unwrap_or("");
        if stable != *last {
            out.push_str(&format!("{} {line}\n", seconds(cluster.now)));
            *last = stable;
        }
    };
    cluster.settle();
    record(cluster, &mut out, &mut last);
    for _ in 0..1_000_000 {
        match cluster.next_event_time() {
            Some(due) if due <= until => {
                cluster.advance_to(due);
                record(cluster, &mut out, &mut last);
            }
            _ => break,
        }
    }
    cluster.advance_to(until);
    out
}

/// The events about `name`, oldest first: `Type Reason Message` and the count when above 1.
pub fn events(cluster: &Cluster, name: &str) -> String {
    let mut out = String::new();
    let mut list: Vec<_> = cluster
        .store
        .events()
        .filter(|e| e.involved_object.name == name)
        .collect();
    list.sort_by_key(|e| e.first_timestamp.map_or(0, |t| t.0));
    for event in list {
        let count = if event.count > 1 {
            format!(" (x{})", event.count)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{} {} {} {}{count}\n",
            seconds(event.first_timestamp.map_or(0, |t| t.0)),
            event.type_,
            event.reason,
            event.message
        ));
    }
    out
}

/// `kubectl exec POD -- argv…` through the container runtime: the output and exit code, or
/// the error kubectl would print.
pub fn exec(cluster: &mut Cluster, name: &str, argv: &[&str]) -> String {
    let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
    match containers::exec_in(cluster, &pod_key(name), None, &argv) {
        Ok(outcome) => format!("{}[exit {}]", outcome.output, outcome.exit_code),
        Err(error) => error,
    }
}

/// The text of a container's log (`kubectl logs [--previous]`), without timestamps.
pub fn log_text(cluster: &Cluster, name: &str, container: &str, previous: bool) -> String {
    let Some(pod) = pod(cluster, name) else {
        return String::new();
    };
    cluster
        .runtime
        .log_lines(&pod.metadata.uid, container, previous)
        .iter()
        .map(|line| format!("{}\n", line.text))
        .collect()
}
