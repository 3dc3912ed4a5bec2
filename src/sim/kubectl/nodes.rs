//! `kubectl cordon`, `uncordon` and `drain` as kubectl 1.34 runs them
//! (`kubectl/pkg/cmd/drain/drain.go`, `pkg/drain/{drain,filters,cordon}.go`).
//!
//! * `cordon`/`uncordon` set `spec.unschedulable` through `api::update` and print
//!   `node/k8s-node1 cordoned` (`already cordoned`, `uncordoned`, `already uncordoned`).
//! * `drain` cordons every node first, then takes the nodes one by one: it lists the pods
//!   bound to the node, runs kubectl's filters (mirror pods skipped; pods without a controller
//!   need `--force`; pods with `emptyDir` volumes need `--delete-emptydir-data`), prints
//!   `evicting pod default/web-0` for each, evicts them (an eviction is a delete with the pod's
//!   own grace period, or `--grace-period`), and then checks every second, as kubectl's
//!   `waitForDelete` does, printing `pod/web-0 evicted` once a pod is gone or replaced by a new
//!   pod of the same name. Then `node/k8s-node1 drained`. It is a [`Waiter`].
//!
//! Errors keep kubectl 1.34's exact words, including the doubled `cannot delete cannot delete
//! Pods that declare no controller` (fixed in a later kubectl) and the unprefixed last line
//! that `checkErr` prints for an aggregate error.
//!
//! Left out: DaemonSets and PodDisruptionBudgets. The simulation serves neither, so
//! `--ignore-daemonsets` is accepted and changes nothing, and a real cluster's kube-proxy and
//! CNI pods, which make a bare `kubectl drain` fail there, do not exist here; a pod whose
//! controller is a DaemonSet gets the owner-not-found verdict kubectl gives for a missing
//! DaemonSet. Also left out: `--chunk-size` (accepted), and the taint
//! `node.kubernetes.io/unschedulable` that the node lifecycle controller adds to a cordoned
//! node.
//!
//! Architecture Invariant: pods are only ever deleted through `api::delete`, nodes only
//! changed through `api::update`; every loop is bounded by the number of nodes and pods.

use std::collections::{BTreeMap, VecDeque};

use crate::sim::api::{self, DeleteOptions};
use crate::sim::clock::{SimTime, SECOND_MS};
use crate::sim::kubectl::args::{self, boolean, integer, value, FlagSpec, ParsedArgs};
use crate::sim::kubectl::mutate::render_api_error;
use crate::sim::kubectl::resources;
use crate::sim::kubectl::rollout::{duration_flag, DryRun};
use crate::sim::kubectl::{Context, Invocation, Output, Waiter};
use crate::sim::model::{parse_selector, Kind, LabelSelector, Object, Pod, Time};
use crate::sim::store::{ApiError, ObjectKey};
use crate::sim::text::gofmt;
use crate::sim::world::Cluster;

/// How often `drain` looks whether the evicted pods are gone (`waitForDelete`'s interval).
pub const DRAIN_POLL_MS: SimTime = SECOND_MS;

const CORDON_FLAGS: &[FlagSpec] = &[
    value("dry-run", None),
    value("selector", Some('l')),
    boolean("help", Some('h')),
];

const DRAIN_FLAGS: &[FlagSpec] = &[
    boolean("force", None),
    boolean("ignore-daemonsets", None),
    boolean("delete-emptydir-data", None),
    integer("grace-period", None),
    value("timeout", None),
    value("pod-selector", None),
    boolean("disable-eviction", None),
    integer("skip-wait-for-delete-timeout", None),
    integer("chunk-size", None),
    value("dry-run", None),
    value("selector", Some('l')),
    boolean("help", Some('h')),
];

const LOCAL_STORAGE_FATAL: &str =
    "Pods with local storage (use --delete-emptydir-data to override)";
const LOCAL_STORAGE_WARNING: &str = "deleting Pods with local storage";
const UNMANAGED_FATAL: &str =
    "cannot delete Pods that declare no controller (use --force to override)";
const UNMANAGED_WARNING: &str = "deleting Pods that declare no controller";

/// How Go prints an aggregate error: the error itself, or `[a, b]`.
fn aggregate(errors: &[String]) -> String {
    match errors {
        [single] => single.clone(),
        many => format!("[{}]", many.join(", ")),
    }
}

/// `apps/v1, Resource=statefulsets`: how Go prints a `GroupVersionResource`.
fn group_version_resource(kind: Kind) -> String {
    let info = kind.info();
    format!("{}/{}, Resource={}", info.group, info.version, info.plural)
}

/// The usage errors `Complete` checks first: a node or a selector, not both.
fn check_node_arguments(args: &ParsedArgs, command: &str, usage: &str) -> Result<(), String> {
    let selector = args.value("selector");
    if args.positional.is_empty() && selector.is_none() {
        return Err(format!(
            "error: USAGE: {usage} [flags]\nSee 'kubectl {command} -h' for help and examples"
        ));
    }
    if !args.positional.is_empty() && selector.is_some_and(|s| !s.is_empty()) {
        return Err(format!("error: error: cannot specify both a node name and a --selector option\nSee 'kubectl {command} -h' for help and examples"));
    }
    Ok(())
}

/// The nodes a command names (`ResourceNames("nodes", args…)` or `-l`), with the builder's
/// errors.
fn node_targets(
    ctx: &Context<'_>,
    args: &ParsedArgs,
    command: &str,
    usage: &str,
) -> Result<Vec<String>, String> {
    check_node_arguments(args, command, usage)?;
    let selector = args.value("selector");
    if let Some(text) = selector {
        let selector = parse_selector(text).map_err(|e| format!("error: {e}"))?;
        return Ok(ctx
            .cluster
            .store
            .list(Kind::Node, None)
            .filter(|n| selector.matches(&n.meta().labels))
            .map(|n| n.name().to_string())
            .collect());
    }
    let namespace = resources::namespace(args);
    let mut names = Vec::new();
    for word in &args.positional {
        let (kind, name) = match word.split_once('/') {
            Some((type_text, name)) => (resources::resolve_kind(type_text)?, name),
            None => (Kind::Node, word.as_str()),
        };
        let key = ObjectKey::new(kind, &namespace, name);
        if !ctx.cluster.store.contains(&key) {
            return Err(render_api_error(&ApiError::not_found(kind, name), None));
        }
        if kind != Kind::Node {
            return Err(format!(
                "error: expected resource of type node, got {}",
                gofmt::quote(&group_version_resource(kind))
            ));
        }
        names.push(name.to_string());
    }
    Ok(names)
}

/// `RunCordonOrUncordon`: prints one line per node.
fn cordon_nodes(
    cluster: &mut Cluster,
    out: &mut Output,
    names: &[String],
    desired: bool,
    dry_run: DryRun,
) {
    let verb = if desired { "cordon" } else { "uncordon" };
    for name in names {
        let key = ObjectKey::new(Kind::Node, "", name);
        let Some(Object::Node(mut node)) = cluster.store.get(&key).cloned() else {
            out.err(format!(
                "error: unable to {verb} node {}: {}",
                gofmt::quote(name),
                ApiError::not_found(Kind::Node, name).server_message()
            ));
            continue;
        };
        let current = node.spec.unschedulable.unwrap_or(false);
        let operation = if current == desired {
            format!("already {verb}ed")
        } else {
            if dry_run != DryRun::Client {
                node.spec.unschedulable = if desired { Some(true) } else { None };
                if dry_run == DryRun::None {
                    if let Err(error) = api::update(cluster, Object::Node(node)) {
                        out.err(format!(
                            "error: unable to {verb} node {}: {}",
                            gofmt::quote(name),
                            error.server_message()
                        ));
                        continue;
                    }
                }
            }
            format!("{verb}ed")
        };
        out.out(format!("node/{name} {operation}{}", dry_run.suffix()));
    }
}

/// `kubectl cordon NODE` and `kubectl uncordon NODE`.
pub fn cordon(ctx: &mut Context<'_>, argv: &[String], desired: bool) -> Result<Invocation, String> {
    let command = if desired { "cordon" } else { "uncordon" };
    let args = args::parse(argv, CORDON_FLAGS, &format!("kubectl {command}"))?;
    if args.bool("help", false) {
        let short = if desired {
            "Mark node as unschedulable."
        } else {
            "Mark node as schedulable."
        };
        ctx.out.out(format!(
            "{short}\n\nUsage:\n  kubectl {command} NODE [options]\n"
        ));
        return Ok(Invocation::Done(0));
    }
    let dry_run = DryRun::from_args(&args)?;
    let names = node_targets(ctx, &args, command, &format!("{command} NODE"))?;
    cordon_nodes(ctx.cluster, ctx.out, &names, desired, dry_run);
    Ok(Invocation::Done(0))
}

/// The flags of a drain that matter once it runs.
#[derive(Debug, Clone)]
struct DrainOptions {
    force: bool,
    delete_empty_dir_data: bool,
    grace_period_seconds: Option<i64>,
    pod_selector: Option<LabelSelector>,
    disable_eviction: bool,
    skip_wait_seconds: i64,
    timeout_ms: Option<SimTime>,
    dry_run: DryRun,
}

/// What kubectl's filters decided for one pod (`PodDeleteStatus`).
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    Okay,
    Skip,
    Warning { delete: bool, message: String },
    Error(String),
}

impl Verdict {
    fn deletes(&self) -> bool {
        matches!(self, Verdict::Okay | Verdict::Warning { delete: true, .. })
    }
}

/// Whether a pod's deletion started more than `--skip-wait-for-delete-timeout` seconds ago.
fn should_skip_pod(pod: &Pod, skip_seconds: i64, now: SimTime) -> bool {
    match pod.metadata.deletion_timestamp {
        Some(Time(at)) if skip_seconds > 0 => {
            (now as i64 - at as i64) / SECOND_MS as i64 > skip_seconds
        }
        _ => false,
    }
}

/// kubectl's filter chain (`makeFilters`): the first filter that keeps the pod decides;
/// otherwise the last filter's verdict stands.
fn filter_pod(pod: &Pod, options: &DrainOptions, now: SimTime) -> Verdict {
    let finished = matches!(pod.phase(), "Succeeded" | "Failed");
    let controller = pod.metadata.controller_ref();
    let filters: [&dyn Fn() -> Verdict; 5] = [
        &|| {
            if should_skip_pod(pod, options.skip_wait_seconds, now) {
                Verdict::Skip
            } else {
                Verdict::Okay
            }
        },
        &|| match controller {
            Some(owner)
                if owner.kind == "DaemonSet" && owner.api_version == "apps/v1" && !finished =>
            {
                // The simulation serves no DaemonSets, so the owner is never found.
                let missing = format!("daemonsets.apps {} not found", gofmt::quote(&owner.name));
                if options.force {
                    Verdict::Warning {
                        delete: true,
                        message: missing,
                    }
                } else {
                    Verdict::Error(missing)
                }
            }
            _ => Verdict::Okay,
        },
        &|| {
            if pod
                .metadata
                .annotations
                .contains_key("kubernetes.io/config.mirror")
            {
                Verdict::Skip
            } else {
                Verdict::Okay
            }
        },
        &|| {
            let local = pod
                .spec
                .volumes
                .iter()
                .any(|v| v.extra.contains_key("emptyDir"));
            if !local || finished {
                Verdict::Okay
            } else if !options.delete_empty_dir_data {
                Verdict::Error(LOCAL_STORAGE_FATAL.into())
            } else {
                Verdict::Warning {
                    delete: true,
                    message: LOCAL_STORAGE_WARNING.into(),
                }
            }
        },
        &|| {
            if finished || controller.is_some() {
                Verdict::Okay
            } else if options.force {
                Verdict::Warning {
                    delete: true,
                    message: UNMANAGED_WARNING.into(),
                }
            } else {
                Verdict::Error(UNMANAGED_FATAL.into())
            }
        },
    ];
    let mut verdict = Verdict::Okay;
    for filter in filters {
        verdict = filter();
        if !verdict.deletes() {
            break;
        }
    }
    verdict
}

/// `GetPodsForDeletion`: the pods to evict, the warnings, and the errors.
struct PodDeleteList {
    pods: Vec<(ObjectKey, String)>,
    warnings: Option<String>,
    errors: Vec<String>,
}

fn pods_for_deletion(cluster: &Cluster, node: &str, options: &DrainOptions) -> PodDeleteList {
    let mut pods = Vec::new();
    let mut warnings: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for object in cluster.store.list(Kind::Pod, None) {
        let Some(pod) = object.as_pod() else { continue };
        if pod.spec.node_name.as_deref() != Some(node) {
            continue;
        }
        if !options
            .pod_selector
            .as_ref()
            .is_none_or(|s| s.matches(&pod.metadata.labels))
        {
            continue;
        }
        let name = format!("{}/{}", pod.metadata.namespace(), pod.metadata.name);
        let verdict = filter_pod(pod, options, cluster.now);
        if verdict.deletes() {
            pods.push((ObjectKey::of(object), pod.metadata.uid.clone()));
        }
        match verdict {
            Verdict::Warning { message, .. } => warnings.entry(message).or_default().push(name),
            Verdict::Error(message) => failures.entry(message).or_default().push(name),
            Verdict::Okay | Verdict::Skip => {}
        }
    }
    let warnings = (!warnings.is_empty()).then(|| {
        warnings
            .iter()
            .map(|(message, pods)| format!("{message}: {}", pods.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    });
    let errors = failures
        .iter()
        .map(|(message, pods)| format!("cannot delete {message}: {}", pods.join(", ")))
        .collect();
    PodDeleteList {
        pods,
        warnings,
        errors,
    }
}

/// `kubectl drain NODE [--force] [--ignore-daemonsets] [--delete-emptydir-data]
/// [--grace-period=N] [--timeout=D]`
pub fn drain(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, DRAIN_FLAGS, "kubectl drain")?;
    if args.bool("help", false) {
        ctx.out.out(
            "Drain node in preparation for maintenance.\n\nUsage:\n  kubectl drain NODE [options]\n",
        );
        return Ok(Invocation::Done(0));
    }
    let grace = args::int_flag(&args, "grace-period")?.unwrap_or(-1);
    let skip_wait = args::int_flag(&args, "skip-wait-for-delete-timeout")?.unwrap_or(0);
    let timeout = duration_flag(&args, "timeout", "kubectl drain")?.unwrap_or(0);
    check_node_arguments(&args, "drain", "drain NODE")?;
    let dry_run = DryRun::from_args(&args)?;
    let pod_selector = match args.value("pod-selector").filter(|s| !s.is_empty()) {
        Some(text) => Some(parse_selector(text).map_err(|_| {
            "error: --pod-selector=<pod_selector> must be a valid label selector".to_string()
        })?),
        None => None,
    };
    let names = node_targets(ctx, &args, "drain", "drain NODE")?;
    let options = DrainOptions {
        force: args.bool("force", false),
        delete_empty_dir_data: args.bool("delete-emptydir-data", false),
        grace_period_seconds: (grace >= 0).then_some(grace),
        pod_selector,
        disable_eviction: args.bool("disable-eviction", false),
        skip_wait_seconds: skip_wait,
        timeout_ms: (timeout > 0).then_some(timeout as SimTime),
        dry_run,
    };
    cordon_nodes(ctx.cluster, ctx.out, &names, true, dry_run);
    Ok(Invocation::Waiting(Box::new(DrainWaiter {
        nodes: names.into(),
        current: None,
        options,
        fatal: Vec::new(),
        remaining: Vec::new(),
    })))
}

/// The node whose pods are being evicted.
#[derive(Debug, Clone)]
struct Eviction {
    node: String,
    /// Pods not yet gone, with the uid they had when they were evicted.
    pending: Vec<(ObjectKey, String)>,
    /// Evictions the API refused.
    errors: Vec<String>,
    started: SimTime,
    next_check: SimTime,
    deadline: Option<SimTime>,
}

/// `kubectl drain`: evicts node after node and waits for the pods to go.
pub struct DrainWaiter {
    nodes: VecDeque<String>,
    current: Option<Eviction>,
    options: DrainOptions,
    /// The errors of the nodes that could not be drained, per node.
    fatal: Vec<Vec<String>>,
    remaining: Vec<String>,
}

impl DrainWaiter {
    fn drained(&self, out: &mut Output, node: &str) {
        out.out(format!(
            "node/{node} drained{}",
            self.options.dry_run.suffix()
        ));
    }

    /// Reports a node that could not be drained and moves on.
    fn node_failed(&mut self, out: &mut Output, node: &str, errors: Vec<String>) {
        out.err(format!(
            "error: unable to drain node {} due to error: {}, continuing command...",
            gofmt::quote(node),
            aggregate(&errors)
        ));
        self.fatal.push(errors);
        self.remaining.push(node.to_string());
    }

    /// Lists, filters and evicts the pods of the next node. Returns the eviction to wait
    /// for, if any.
    fn start_node(
        &mut self,
        cluster: &mut Cluster,
        out: &mut Output,
        node: String,
    ) -> Option<Eviction> {
        let list = pods_for_deletion(cluster, &node, &self.options);
        if !list.errors.is_empty() {
            self.node_failed(out, &node, list.errors);
            return None;
        }
        if let Some(warnings) = &list.warnings {
            out.err(format!("Warning: {warnings}"));
        }
        if self.options.dry_run == DryRun::Client {
            for (key, _) in &list.pods {
                out.out(format!(
                    "evicting pod {}/{} (dry run)",
                    key.namespace, key.name
                ));
            }
            self.drained(out, &node);
            return None;
        }
        if list.pods.is_empty() {
            self.drained(out, &node);
            return None;
        }
        let options = DeleteOptions {
            grace_period_seconds: self.options.grace_period_seconds,
            ..Default::default()
        };
        let mut pending = Vec::new();
        let mut errors = Vec::new();
        for (key, uid) in list.pods {
            if self.options.dry_run == DryRun::Server {
                out.out(format!(
                    "evicting pod {}/{} (server dry run)",
                    key.namespace, key.name
                ));
                continue;
            }
            if !self.options.disable_eviction {
                out.out(format!("evicting pod {}/{}", key.namespace, key.name));
            }
            match api::delete(cluster, &key, options) {
                Ok(_) => pending.push((key, uid)),
                Err(ApiError::NotFound { .. }) => {}
                Err(error) => {
                    let message = error.server_message();
                    errors.push(format!(
                        "error when evicting pods/{} -n {}: {message}",
                        gofmt::quote(&key.name),
                        gofmt::quote(&key.namespace)
                    ));
                }
            }
        }
        if self.options.dry_run == DryRun::Server {
            self.drained(out, &node);
            return None;
        }
        Some(Eviction {
            node,
            pending,
            errors,
            started: cluster.now,
            next_check: cluster.now,
            deadline: self.options.timeout_ms.map(|t| cluster.now + t),
        })
    }

    /// The error path of `deleteOrEvictPodsSimple` for a node whose pods did not all go.
    fn eviction_failed(
        &mut self,
        cluster: &Cluster,
        out: &mut Output,
        eviction: Eviction,
        errors: Vec<String>,
    ) {
        let still = pods_for_deletion(cluster, &eviction.node, &self.options);
        if !still.pods.is_empty() {
            let mut text = format!(
                "There are pending pods in node {} when an error occurred: {}",
                gofmt::quote(&eviction.node),
                aggregate(&errors)
            );
            for (key, _) in &still.pods {
                text.push_str(&format!("\npod/{}", key.name));
            }
            out.err(text);
        }
        if !still.errors.is_empty() {
            out.err(format!(
                "Following errors occurred while getting the list of pods to delete:\n{}",
                aggregate(&still.errors)
            ));
        }
        self.node_failed(out, &eviction.node, errors);
    }

    fn finish(&mut self, out: &mut Output) -> i32 {
        if self.remaining.is_empty() {
            return 0;
        }
        let mut text = String::from("There are pending nodes to be drained:");
        for node in &self.remaining {
            text.push_str(&format!("\n {node}"));
        }
        out.err(text);
        // `checkErr` unwraps an aggregate of one and prints an aggregate's errors one per line,
        // without the `error: ` prefix.
        let lines: Vec<String> = match self.fatal.as_slice() {
            [single] => single.clone(),
            many => many.iter().map(|errors| aggregate(errors)).collect(),
        };
        out.err(lines.join("\n"));
        1
    }
}

impl Waiter for DrainWaiter {
    fn poll(&mut self, cluster: &mut Cluster, out: &mut Output) -> Option<i32> {
        // Each pass finishes a node or returns, so this bound is never reached.
        let passes = 2 * (self.nodes.len() + 1) + 2;
        for _ in 0..passes {
            let Some(mut eviction) = self.current.take() else {
                let Some(node) = self.nodes.pop_front() else {
                    return Some(self.finish(out));
                };
                self.current = self.start_node(cluster, out, node);
                continue;
            };
            let now = cluster.now;
            let timed_out = eviction.deadline.is_some_and(|d| now >= d);
            if now >= eviction.next_check {
                let verb = if self.options.disable_eviction {
                    "deleted"
                } else {
                    "evicted"
                };
                eviction.pending.retain(|(key, uid)| {
                    let gone = cluster.store.get(key).is_none_or(|o| &o.meta().uid != uid);
                    if gone {
                        out.out(format!("pod/{} {verb}", key.name));
                    }
                    !gone
                });
                let elapsed = now.saturating_sub(eviction.started);
                eviction.next_check =
                    eviction.started + (elapsed / DRAIN_POLL_MS + 1) * DRAIN_POLL_MS;
            }
            if eviction.pending.is_empty() {
                if eviction.errors.is_empty() {
                    self.drained(out, &eviction.node);
                } else {
                    let errors = std::mem::take(&mut eviction.errors);
                    self.eviction_failed(cluster, out, eviction, errors);
                }
                continue;
            }
            if timed_out {
                let mut errors = std::mem::take(&mut eviction.errors);
                if self.options.disable_eviction {
                    errors.push("context deadline exceeded".into());
                } else {
                    for (key, _) in &eviction.pending {
                        errors.push(format!(
                            "error when waiting for pod {} in namespace {} to terminate: context deadline exceeded",
                            gofmt::quote(&key.name),
                            gofmt::quote(&key.namespace)
                        ));
                    }
                }
                self.eviction_failed(cluster, out, eviction, errors);
                continue;
            }
            self.current = Some(eviction);
            return None;
        }
        out.err("error: internal error: drain made no progress");
        Some(1)
    }

    fn deadline(&self) -> SimTime {
        match &self.current {
            Some(eviction) => match eviction.deadline {
                Some(deadline) => eviction.next_check.min(deadline),
                None => eviction.next_check,
            },
            None => SimTime::MAX,
        }
    }
}
