//! The prober (`pkg/kubelet/prober/worker.go`, `prober.go`, `pkg/probe/{exec,http,tcp}`).
//!
//! Each probe of a running container ticks every `periodSeconds`, on a cadence that starts
//! when the kubelet first saw the pod; a tick is skipped while the container has run for less
//! than `initialDelaySeconds`. A result only counts once it repeats: `successThreshold`
//! successes or `failureThreshold` failures in a row flip it. Readiness starts out failed,
//! liveness passed, startup unknown; while a startup probe has not passed, the other two do
//! not run. Every failed probe records `Warning Unhealthy` with the prober's text; a liveness
//! or startup failure kills the container (`Killing`, `Container x failed liveness probe,
//! will be restarted`) and the pod worker restarts it.
//!
//! Probe texts: exec → the command's combined output (`command "…" timed out` when it outlasts
//! `timeoutSeconds`); httpGet → `HTTP probe failed with statuscode: 404`, or Go's client error
//! (`Get "http://10.244.1.5:8080/healthz": dial tcp 10.244.1.5:8080: connect: connection
//! refused`); tcpSocket → `dial tcp 10.244.1.5:3306: connect: connection refused`. gRPC probes
//! are not simulated and always pass.

use crate::sim::clock::SimTime;
use crate::sim::model::{Container, IntOrString, Probe};
use crate::sim::shell::HttpResult;
use crate::sim::store::ObjectKey;
use crate::sim::world::{Cluster, Timer};

use super::runtime;
use super::{lifecycle, status, ContainerState, KubeletTimer, ProbeKind, KUBELET};
use crate::sim::containers;

/// A probe's settings with the API defaults applied.
struct Settings {
    period_ms: SimTime,
    initial_delay_ms: SimTime,
    timeout_ms: SimTime,
    success_threshold: u32,
    failure_threshold: u32,
}

fn settings(probe: &Probe, kind: ProbeKind) -> Settings {
    let positive = |value: Option<i32>, default: i32| -> u64 {
        u64::try_from(value.filter(|v| *v > 0).unwrap_or(default)).unwrap_or(1)
    };
    let success_threshold = match kind {
        ProbeKind::Readiness => positive(probe.success_threshold, 1),
        _ => 1,
    };
    Settings {
        period_ms: positive(probe.period_seconds, 10).min(86_400) * 1_000,
        initial_delay_ms: u64::try_from(probe.initial_delay_seconds.unwrap_or(0).max(0))
            .unwrap_or(0)
            .min(86_400)
            * 1_000,
        timeout_ms: positive(probe.timeout_seconds, 1).min(86_400) * 1_000,
        success_threshold: u32::try_from(success_threshold).unwrap_or(1),
        failure_threshold: u32::try_from(positive(probe.failure_threshold, 3)).unwrap_or(3),
    }
}

fn probe_of(container: &Container, kind: ProbeKind) -> Option<&Probe> {
    match kind {
        ProbeKind::Startup => container.startup_probe.as_ref(),
        ProbeKind::Readiness => container.readiness_probe.as_ref(),
        ProbeKind::Liveness => container.liveness_probe.as_ref(),
    }
}

/// The first tick at or after `earliest` on the pod's probe cadence.
fn tick_at_or_after(seen_at: SimTime, period_ms: SimTime, earliest: SimTime) -> SimTime {
    if earliest <= seen_at {
        return seen_at;
    }
    let periods = (earliest - seen_at).div_ceil(period_ms.max(1));
    seen_at + periods * period_ms.max(1)
}

fn schedule_probe(
    cluster: &mut Cluster,
    key: &ObjectKey,
    index: usize,
    kind: ProbeKind,
    at: SimTime,
) {
    let Some(runtime) = cluster.kubelet.pods.get(key) else {
        return;
    };
    let Some(container) = runtime.containers.get(index) else {
        return;
    };
    let timer = KubeletTimer::Probe {
        pod: key.clone(),
        uid: runtime.uid.clone(),
        container: index,
        instance: container.instance,
        kind,
    };
    cluster.timers.schedule(at, Timer::Kubelet(timer));
}

/// Starts the probe workers of a container that just started.
pub(super) fn schedule_first(cluster: &mut Cluster, key: &ObjectKey, index: usize) {
    let Some(pod) = super::pod_object(cluster, key).cloned() else {
        return;
    };
    let Some(container) = runtime::spec_container(&pod, index).cloned() else {
        return;
    };
    let Some(seen_at) = cluster.kubelet.pods.get(key).map(|rt| rt.seen_at) else {
        return;
    };
    let now = cluster.now;
    for kind in [
        ProbeKind::Startup,
        ProbeKind::Readiness,
        ProbeKind::Liveness,
    ] {
        if let Some(probe) = probe_of(&container, kind) {
            let settings = settings(probe, kind);
            let at = tick_at_or_after(seen_at, settings.period_ms, now + settings.initial_delay_ms);
            schedule_probe(cluster, key, index, kind, at);
        }
    }
}

enum Outcome {
    Success,
    Failure(String),
}

/// One probe tick.
pub(super) fn on_probe(
    cluster: &mut Cluster,
    key: &ObjectKey,
    uid: &str,
    index: usize,
    instance: u64,
    kind: ProbeKind,
) {
    let Some((container, reference)) = super::pod_object(cluster, key).and_then(|pod| {
        let container = runtime::spec_container(pod, index)?.clone();
        Some((container, lifecycle::container_reference(pod, index)))
    }) else {
        return;
    };
    let Some(probe) = probe_of(&container, kind).cloned() else {
        return;
    };
    let settings = settings(&probe, kind);
    let (terminating, started, done) = {
        let Some(runtime) = cluster.kubelet.pods.get(key) else {
            return;
        };
        let Some(state) = runtime.containers.get(index) else {
            return;
        };
        if runtime.uid != uid
            || state.instance != instance
            || state.stopping
            || !matches!(state.state, ContainerState::Running { .. })
        {
            return;
        }
        let done = state.probes.get(&kind).is_some_and(|c| c.done);
        (runtime.termination.is_some(), state.started, done)
    };
    let now = cluster.now;
    let next_tick = now + settings.period_ms;
    if kind == ProbeKind::Startup && done {
        return;
    }
    // The prober works from the status the kubelet last wrote: until that shows the container
    // running, the tick does nothing.
    let reported_running = super::pod_object(cluster, key)
        .is_some_and(|pod| containers::container_is_running(pod, &container.name));
    if !reported_running {
        schedule_probe(cluster, key, index, kind, next_tick);
        return;
    }
    if kind != ProbeKind::Startup && !started {
        schedule_probe(cluster, key, index, kind, next_tick);
        return;
    }
    if kind == ProbeKind::Liveness && terminating {
        return;
    }
    let outcome = run_probe(cluster, key, index, &container, &probe, kind, &settings);
    if let Outcome::Failure(message) = &outcome {
        cluster.event(
            reference.clone(),
            "Warning",
            "Unhealthy",
            &format!("{} probe failed: {message}", kind.label()),
            KUBELET,
        );
    }
    let success = matches!(outcome, Outcome::Success);
    let (successes, failures) = {
        let Some(state) = cluster
            .kubelet
            .pods
            .get_mut(key)
            .and_then(|rt| rt.containers.get_mut(index))
        else {
            return;
        };
        let counters = state.probes.entry(kind).or_default();
        if success {
            counters.successes = counters.successes.saturating_add(1);
            counters.failures = 0;
        } else {
            counters.failures = counters.failures.saturating_add(1);
            counters.successes = 0;
        }
        (counters.successes, counters.failures)
    };
    let has_readiness_probe = container.readiness_probe.is_some();
    match kind {
        ProbeKind::Readiness => {
            if let Some(state) = cluster
                .kubelet
                .pods
                .get_mut(key)
                .and_then(|rt| rt.containers.get_mut(index))
            {
                if success && successes >= settings.success_threshold {
                    state.ready = !state.init;
                } else if !success && failures >= settings.failure_threshold {
                    state.ready = false;
                }
            }
            status::write(cluster, key);
            schedule_probe(cluster, key, index, kind, next_tick);
        }
        ProbeKind::Startup => {
            if success {
                if let Some(state) = cluster
                    .kubelet
                    .pods
                    .get_mut(key)
                    .and_then(|rt| rt.containers.get_mut(index))
                {
                    state.started = true;
                    state.probes.entry(kind).or_default().done = true;
                    if !has_readiness_probe && !state.init {
                        state.ready = !state.readiness_broken;
                    }
                }
                status::write(cluster, key);
            } else if failures >= settings.failure_threshold {
                kill(
                    cluster,
                    key,
                    index,
                    &container.name,
                    "startup",
                    &probe,
                    reference,
                );
            } else {
                schedule_probe(cluster, key, index, kind, next_tick);
            }
        }
        ProbeKind::Liveness => {
            if !success && failures >= settings.failure_threshold {
                kill(
                    cluster,
                    key,
                    index,
                    &container.name,
                    "liveness",
                    &probe,
                    reference,
                );
            } else {
                schedule_probe(cluster, key, index, kind, next_tick);
            }
        }
    }
}

fn kill(
    cluster: &mut Cluster,
    key: &ObjectKey,
    index: usize,
    name: &str,
    which: &str,
    probe: &Probe,
    reference: crate::sim::model::ObjectReference,
) {
    cluster.event(
        reference,
        "Normal",
        "Killing",
        &format!("Container {name} failed {which} probe, will be restarted"),
        KUBELET,
    );
    let probe_grace = probe
        .extra
        .get("terminationGracePeriodSeconds")
        .and_then(|v| v.as_i64());
    lifecycle::kill_for_restart(cluster, key, index, probe_grace);
}

/// The port a probe names: a number, or the name of one of the container's ports.
fn resolve_port(port: &IntOrString, container: &Container) -> Result<u16, String> {
    match port {
        IntOrString::Int(number) => {
            u16::try_from(*number).map_err(|_| format!("invalid port number: {number}"))
        }
        IntOrString::String(name) => container
            .ports
            .iter()
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .and_then(|p| u16::try_from(p.container_port).ok())
            .or_else(|| name.parse::<u16>().ok())
            .ok_or_else(|| format!("couldn't find port: {name} in {}", container.name)),
    }
}

#[allow(clippy::too_many_arguments)]
fn run_probe(
    cluster: &mut Cluster,
    key: &ObjectKey,
    index: usize,
    container: &Container,
    probe: &Probe,
    kind: ProbeKind,
    settings: &Settings,
) -> Outcome {
    let broken = kind == ProbeKind::Readiness
        && cluster
            .kubelet
            .pods
            .get(key)
            .and_then(|rt| rt.containers.get(index))
            .is_some_and(|c| c.readiness_broken);
    let pod_ip = cluster
        .kubelet
        .pods
        .get(key)
        .and_then(|rt| rt.sandbox.ip().map(str::to_string))
        .unwrap_or_default();
    if let Some(exec) = &probe.exec {
        if broken {
            return Outcome::Failure(String::new());
        }
        if exec.command.is_empty() {
            return Outcome::Failure(String::new());
        }
        let outcome = match containers::exec_in(cluster, key, Some(&container.name), &exec.command)
        {
            Ok(outcome) => outcome,
            Err(message) => return Outcome::Failure(message),
        };
        if outcome.blocks_forever || outcome.elapsed_ms > settings.timeout_ms {
            return Outcome::Failure(format!("command {:?} timed out", exec.command.join(" ")));
        }
        return if outcome.exit_code == 0 {
            Outcome::Success
        } else {
            Outcome::Failure(outcome.output)
        };
    }
    if let Some(http) = &probe.http_get {
        let port = match resolve_port(&http.port, container) {
            Ok(port) => port,
            Err(message) => return Outcome::Failure(message),
        };
        let host = http
            .extra
            .get("host")
            .and_then(|h| h.as_str())
            .filter(|h| !h.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| pod_ip.clone());
        let mut path = http.path.clone().unwrap_or_else(|| "/".to_string());
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        let https = http.scheme.as_deref() == Some("HTTPS");
        let url = format!(
            "{}://{host}:{port}{path}",
            if https { "https" } else { "http" }
        );
        if broken {
            return Outcome::Failure("HTTP probe failed with statuscode: 503".into());
        }
        let result = if host == pod_ip {
            runtime::probe_http(cluster, key, port, &path)
        } else {
            HttpResult::TimedOut
        };
        return match result {
            HttpResult::Response(response) => {
                if https {
                    Outcome::Failure(format!(
                        "Get \"{url}\": http: server gave HTTP response to HTTPS client"
                    ))
                } else if (200..400).contains(&response.status) {
                    Outcome::Success
                } else {
                    Outcome::Failure(format!(
                        "HTTP probe failed with statuscode: {}",
                        response.status
                    ))
                }
            }
            HttpResult::ConnectionRefused => Outcome::Failure(format!(
                "Get \"{url}\": dial tcp {host}:{port}: connect: connection refused"
            )),
            HttpResult::TimedOut => Outcome::Failure(format!(
                "Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
            )),
            HttpResult::HostUnreachable => Outcome::Failure(format!(
                "Get \"{url}\": dial tcp {host}:{port}: connect: no route to host"
            )),
        };
    }
    if let Some(tcp) = &probe.tcp_socket {
        let port = match resolve_port(&tcp.port, container) {
            Ok(port) => port,
            Err(message) => return Outcome::Failure(message),
        };
        let host = tcp
            .extra
            .get("host")
            .and_then(|h| h.as_str())
            .filter(|h| !h.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| pod_ip.clone());
        let refused = format!("dial tcp {host}:{port}: connect: connection refused");
        if broken {
            return Outcome::Failure(refused);
        }
        return if host == pod_ip && runtime::container_listening(cluster, key, port).is_some() {
            Outcome::Success
        } else {
            Outcome::Failure(refused)
        };
    }
    if broken {
        return Outcome::Failure(String::new());
    }
    Outcome::Success
}

/// See [`super::break_readiness`].
pub(super) fn set_readiness_broken(cluster: &mut Cluster, key: &ObjectKey, broken: bool) -> bool {
    let Some(pod) = super::pod_object(cluster, key).cloned() else {
        return false;
    };
    let Some(runtime) = cluster.kubelet.pods.get_mut(key) else {
        return false;
    };
    if runtime.uid != pod.metadata.uid {
        return false;
    }
    let init_count = runtime.init_count;
    for (index, container) in runtime.containers.iter_mut().enumerate().skip(init_count) {
        container.readiness_broken = broken;
        let has_probe =
            runtime::spec_container(&pod, index).is_some_and(|c| c.readiness_probe.is_some());
        let running = matches!(container.state, ContainerState::Running { .. });
        if !has_probe && running && container.started {
            container.ready = !broken;
        }
    }
    status::write(cluster, key);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_align_to_the_pods_first_sync() {
        assert_eq!(tick_at_or_after(1_000, 10_000, 500), 1_000);
        assert_eq!(tick_at_or_after(1_000, 10_000, 1_000), 1_000);
        assert_eq!(tick_at_or_after(1_000, 10_000, 1_001), 11_000);
        assert_eq!(tick_at_or_after(1_000, 10_000, 25_000), 31_000);
    }

    #[test]
    fn settings_use_the_api_defaults() {
        let probe = Probe {
            period_seconds: Some(-3),
            failure_threshold: Some(0),
            success_threshold: Some(4),
            ..Default::default()
        };
        let liveness = settings(&probe, ProbeKind::Liveness);
        assert_eq!(liveness.period_ms, 10_000);
        assert_eq!(liveness.failure_threshold, 3);
        assert_eq!(liveness.success_threshold, 1);
        assert_eq!(liveness.timeout_ms, 1_000);
        assert_eq!(liveness.initial_delay_ms, 0);
        assert_eq!(settings(&probe, ProbeKind::Readiness).success_threshold, 4);
    }
}
