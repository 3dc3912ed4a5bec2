//! The scheduler (`kube-scheduler` with its default profile), reduced to what a StatefulSet
//! lesson can observe: which node a pod lands on, why a pod stays `Pending`, and how volume
//! binding waits for the first consumer.
//!
//! **What it models.** One scheduling cycle per pod, as in kubernetes/kubernetes
//! `pkg/scheduler/schedule_one.go`: PreFilter, Filter on every node, Score, Reserve, PreBind,
//! Bind. The filter plugins run in the default profile's order and the first one that rejects a
//! node gives that node's reason (`pkg/scheduler/framework/plugins/*`):
//! * `NodeUnschedulable`: `spec.unschedulable` (cordon) unless the pod tolerates
//!   `node.kubernetes.io/unschedulable:NoSchedule` → `node(s) were unschedulable`;
//! * `TaintToleration`: `NoSchedule`/`NoExecute` taints not tolerated (the kubeadm control
//!   plane) → `node(s) had untolerated taint(s)` (the wording of v1.35; v1.25–v1.34 printed the
//!   taint, `{node-role.kubernetes.io/control-plane: }`);
//! * `NodeAffinity`: `spec.nodeSelector` and the required node affinity terms →
//!   `node(s) didn't match Pod's node affinity/selector`;
//! * `VolumeBinding` (`volume_binding.go`, `binder.go`): PreFilter rejects the whole pod when a
//!   claim is missing (`persistentvolumeclaim "x" not found`), being deleted, lost, or unbound
//!   with Immediate binding (`pod has unbound immediate PersistentVolumeClaims`); Filter checks
//!   the node affinity of bound volumes (`node(s) didn't match PersistentVolume's node
//!   affinity`, the v1.33+ wording), missing bound volumes, and whether each
//!   WaitForFirstConsumer claim can get a static volume or be provisioned on the node
//!   (`node(s) didn't find available persistent volumes to bind`).
//!
//! Every one of these rejections is "unschedulable and unresolvable", so the preemption
//! PostFilter finds nothing to do and says so per node. The failure text is `FitError.Error()`
//! (`pkg/scheduler/framework/types.go`): `0/N nodes are available:` then either the PreFilter
//! message or the sorted histogram `<count> <reason>` joined by `, `, each part closed by `.`,
//! then the PostFilter message. On clusters of v1.34 and later the DynamicResources plugin
//! runs its PostFilter before preemption and adds `no new claims to deallocate`, so a filter
//! failure reads `… no new claims to deallocate, preemption: 0/3 nodes are available: 3
//! Preemption is not helpful for scheduling.`; a PreFilter failure keeps the shorter form of
//! the behaviour reference (§5.3).
//!
//! Scoring gives each feasible node the number of pods already bound to it (plus the pods this
//! scheduler has reserved there); the fewest wins and ties are broken with the cluster's seeded
//! random source, which is what `selectHost` does among equal scores.
//!
//! WaitForFirstConsumer: Reserve picks the node, PreBind writes the binding decisions — the
//! `volume.kubernetes.io/selected-node` annotation on claims that need provisioning, or the
//! `claimRef` of a matching static volume — and the pod waits, unbound, until the PV
//! controller has bound every claim, looking again every second as `BindPodVolumes` polls.
//! Only then is the pod bound (`spec.nodeName`, condition `PodScheduled=True`, event
//! `Scheduled`). If the provisioner drops the annotation the cycle
//! fails with `running PreBind plugin "VolumeBinding": binding volumes: provisioning failed for
//! PVC "<claim>"` and the pod is retried.
//!
//! Retries follow the scheduling queue (`pkg/scheduler/backend/queue`): after a failure a pod
//! waits in back-off (1 s doubling to 10 s) and is retried when something it depends on has
//! changed (its claims, their volumes, the nodes, the storage classes, or the pod itself), and
//! at the latest after 5 minutes in the unschedulable queue. Every failed attempt records
//! `FailedScheduling`, which the event recorder counts, and sets `PodScheduled=False` with
//! reason `Unschedulable`.
//!
//! **Left out.** Resources (`Insufficient cpu`), the kubelet's pod limit (`Too many pods`),
//! host ports, inter-pod affinity, topology spread, priorities and real preemption, extenders,
//! the bind timeout of PreBind (600 s), CSI storage capacity and allowed topologies.
//!
//! Architecture Invariant: the scheduler writes pods only through `api::bind` (the binding
//! subresource) and the store's status path (`PodScheduled=False`), claims and volumes only
//! through `api::update`; it never calls another controller, and it never iterates over all
//! pods of the cluster (the per-node pod count comes from the store's index).
//! Architecture Invariant: `SchedulerState::unschedulable` holds exactly the pods that exist,
//! are not bound, and failed their last attempt; pods reserved on a node and waiting for their
//! volumes are kept apart (they are in a binding cycle, not unschedulable), so claim and
//! volume changes wake only the pods that could not be placed.

use std::collections::{BTreeMap, BTreeSet};

use crate::sim::api;
use crate::sim::clock::{SimTime, MINUTE_MS, SECOND_MS};
use crate::sim::model::{
    Kind, Node, Object, PersistentVolume, PersistentVolumeClaim, Pod, PodCondition, Taint, Time,
    Toleration,
};
use crate::sim::store::ObjectKey;
use crate::sim::world::{reference_to, Cluster, Timer};

/// The name under which the scheduler records events (`source.component`).
pub const SCHEDULER_NAME: &str = "default-scheduler";
/// The annotation PreBind writes on claims that need provisioning.
pub const ANN_SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";
/// The annotation the PV controller writes once a claim is fully bound.
pub const ANN_BIND_COMPLETED: &str = "pv.kubernetes.io/bind-completed";
/// The annotation on a volume the controller (or the scheduler) bound.
pub const ANN_BOUND_BY_CONTROLLER: &str = "pv.kubernetes.io/bound-by-controller";
/// The provisioner name of classes that cannot provision (local volumes).
pub const NOT_SUPPORTED_PROVISIONER: &str = "kubernetes.io/no-provisioner";

/// First back-off after a failed attempt (`podInitialBackoffDuration`).
pub const POD_INITIAL_BACKOFF_MS: SimTime = SECOND_MS;
/// Longest back-off (`podMaxBackoffDuration`).
pub const POD_MAX_BACKOFF_MS: SimTime = 10 * SECOND_MS;
/// How long a pod may sit in the unschedulable queue before it is retried anyway
/// (`podMaxInUnschedulablePodsDuration`).
pub const POD_MAX_IN_UNSCHEDULABLE_MS: SimTime = 5 * MINUTE_MS;

const REASON_UNSCHEDULABLE_NODE: &str = "node(s) were unschedulable";
const REASON_TAINT: &str = "node(s) had untolerated taint(s)";
const REASON_NODE_AFFINITY: &str = "node(s) didn't match Pod's node affinity/selector";
const REASON_VOLUME_NODE_CONFLICT: &str = "node(s) didn't match PersistentVolume's node affinity";
const REASON_BIND_CONFLICT: &str = "node(s) didn't find available persistent volumes to bind";
const REASON_PV_NOT_EXIST: &str =
    "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
const REASON_UNBOUND_IMMEDIATE: &str = "pod has unbound immediate PersistentVolumeClaims";
const PREEMPTION_NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";
const DRA_POST_FILTER: &str = "no new claims to deallocate";

/// The scheduler's own memory: its queue state per pod.
#[derive(Debug, Clone, Default)]
pub struct SchedulerState {
    /// When set, the scheduler binds nothing: for tests that place pods themselves.
    pub paused: bool,
    /// Pods that could not be scheduled, or wait for their volumes; the world moves them back
    /// to the active queue when claims, volumes or nodes change.
    pub unschedulable: BTreeSet<ObjectKey>,
    /// Queue bookkeeping of the pods in `unschedulable`.
    pending: BTreeMap<ObjectKey, PendingPod>,
    /// Pods reserved on a node whose PreBind waits for the PV controller to bind their
    /// claims; polled every second (`BindPodVolumes`' `wait.Poll`).
    waiting: BTreeMap<ObjectKey, WaitingPod>,
    /// How many waiting pods each node has reserved (counted when scoring).
    reserved: BTreeMap<String, usize>,
    /// When the earliest `SchedulerRetry` timer set by this scheduler fires.
    retry_at: Option<SimTime>,
}

#[derive(Debug, Clone)]
struct PendingPod {
    uid: String,
    /// Failed attempts so far (drives the back-off).
    attempts: u32,
    /// No new attempt before this instant.
    backoff_until: SimTime,
    /// Retried at this instant even if nothing changed.
    flush_at: SimTime,
    /// What the last attempt saw of the objects the pod depends on.
    fingerprint: u64,
    /// The pod's resourceVersion after the scheduler's own status write.
    seen_resource_version: String,
    /// Something relevant changed during the back-off; retry when it ends.
    retry_pending: bool,
}

#[derive(Debug, Clone)]
struct WaitingPod {
    uid: String,
    node: String,
}

impl SchedulerState {
    /// The node the scheduler reserved for a pod that waits for its volumes, if any.
    pub fn reserved_node(&self, key: &ObjectKey) -> Option<&str> {
        self.waiting.get(key).map(|w| w.node.as_str())
    }

    fn reserved_on(&self, node: &str) -> usize {
        self.reserved.get(node).copied().unwrap_or(0)
    }

    fn stop_waiting(&mut self, key: &ObjectKey) {
        if let Some(waiting) = self.waiting.remove(key) {
            if let Some(count) = self.reserved.get_mut(&waiting.node) {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    self.reserved.remove(&waiting.node);
                }
            }
        }
    }

    fn forget(&mut self, key: &ObjectKey) {
        self.unschedulable.remove(key);
        self.pending.remove(key);
        self.stop_waiting(key);
    }
}

/// One scheduling attempt (or a decision not to attempt yet) for the pod at `key`.
pub fn schedule(cluster: &mut Cluster, key: &ObjectKey) {
    if cluster.scheduler.paused {
        return;
    }
    let Some(pod) = cluster.store.get(key).and_then(Object::as_pod).cloned() else {
        cluster.scheduler.forget(key);
        return;
    };
    if pod.spec.node_name.is_some() || pod.metadata.is_deleting() || pod.is_terminated() {
        cluster.scheduler.forget(key);
        return;
    }
    let scheduler_name = pod
        .spec
        .extra
        .get("schedulerName")
        .and_then(|v| v.as_str())
        .unwrap_or(SCHEDULER_NAME);
    if scheduler_name != SCHEDULER_NAME {
        cluster.scheduler.forget(key);
        return;
    }
    if has_scheduling_gates(&pod) {
        cluster.scheduler.forget(key);
        set_pod_scheduled_false(
            cluster,
            key,
            "SchedulingGated",
            "Scheduling is blocked due to non-empty scheduling gates",
        );
        return;
    }
    if let Some(pending) = cluster.scheduler.pending.get(key) {
        if pending.uid != pod.metadata.uid {
            cluster.scheduler.forget(key);
        }
    }
    if let Some(waiting) = cluster.scheduler.waiting.get(key).cloned() {
        if waiting.uid == pod.metadata.uid {
            continue_volume_wait(cluster, key, &pod, &waiting.node);
            return;
        }
        cluster.scheduler.forget(key);
    }
    let now = cluster.now;
    let Some(pending) = cluster.scheduler.pending.get(key).cloned() else {
        attempt(cluster, key, &pod);
        return;
    };
    let changed = pending.retry_pending
        || pending.seen_resource_version != pod.metadata.resource_version
        || pending.fingerprint != fingerprint(cluster, &pod);
    if !changed && now < pending.flush_at {
        return;
    }
    if now < pending.backoff_until {
        if let Some(entry) = cluster.scheduler.pending.get_mut(key) {
            entry.retry_pending = true;
        }
        ensure_retry_timer(cluster, pending.backoff_until);
        return;
    }
    attempt(cluster, key, &pod);
}

/// What one node's filters said.
enum NodeVerdict {
    Fits(VolumePlan),
    Rejected(&'static str),
}

/// The binding decisions for a pod's delayed-binding claims on one node.
#[derive(Debug, Clone, Default)]
struct VolumePlan {
    /// Static volumes to pre-bind: (volume name, claim key).
    static_bindings: Vec<(String, ObjectKey)>,
    /// Claims to provision on the node.
    provisions: Vec<ObjectKey>,
}

impl VolumePlan {
    fn is_empty(&self) -> bool {
        self.static_bindings.is_empty() && self.provisions.is_empty()
    }
}

/// The pod's claims sorted as the VolumeBinding PreFilter sorts them.
#[derive(Default)]
struct PodClaims {
    bound: Vec<PersistentVolumeClaim>,
    delayed: Vec<PersistentVolumeClaim>,
}

fn attempt(cluster: &mut Cluster, key: &ObjectKey, pod: &Pod) {
    let nodes: Vec<Node> = cluster
        .store
        .list(Kind::Node, None)
        .filter_map(Object::as_node)
        .cloned()
        .collect();
    let node_count = nodes.len();
    if node_count == 0 {
        fail(cluster, key, pod, "no nodes available to schedule pods");
        return;
    }
    // PreFilter.
    let claims = match pre_filter_volumes(cluster, pod) {
        Ok(claims) => claims,
        Err(message) => {
            let text = format!(
                "0/{node_count} nodes are available: {message}. preemption: 0/{node_count} nodes are available: {node_count} {PREEMPTION_NOT_HELPFUL}."
            );
            fail(cluster, key, pod, &text);
            return;
        }
    };
    // Filter.
    let mut feasible: Vec<(String, VolumePlan)> = Vec::new();
    let mut histogram: BTreeMap<&'static str, usize> = BTreeMap::new();
    for node in &nodes {
        match filter_node(cluster, pod, &claims, node) {
            NodeVerdict::Fits(plan) => feasible.push((node.metadata.name.clone(), plan)),
            NodeVerdict::Rejected(reason) => *histogram.entry(reason).or_default() += 1,
        }
    }
    if feasible.is_empty() {
        let mut parts: Vec<String> = histogram
            .iter()
            .map(|(reason, count)| format!("{count} {reason}"))
            .collect();
        parts.sort();
        let text = format!(
            "0/{node_count} nodes are available: {}. {DRA_POST_FILTER}, preemption: 0/{node_count} nodes are available: {node_count} {PREEMPTION_NOT_HELPFUL}.",
            parts.join(", ")
        );
        fail(cluster, key, pod, &text);
        return;
    }
    // Score: fewest pods wins; ties are broken at random.
    let scored: Vec<(usize, usize)> = feasible
        .iter()
        .enumerate()
        .map(|(index, (node, _))| {
            let count = cluster.store.pod_count_on_node(node) + cluster.scheduler.reserved_on(node);
            (index, count)
        })
        .collect();
    let fewest = scored.iter().map(|(_, count)| *count).min().unwrap_or(0);
    let best: Vec<usize> = scored
        .iter()
        .filter(|(_, count)| *count == fewest)
        .map(|(index, _)| *index)
        .collect();
    let pick = if best.len() > 1 {
        cluster.rng.range(0, best.len() as u64 - 1) as usize
    } else {
        0
    };
    let Some((node, plan)) = best
        .get(pick)
        .and_then(|index| feasible.get(*index))
        .cloned()
    else {
        return;
    };
    if plan.is_empty() {
        bind(cluster, key, pod, &node);
        return;
    }
    // Reserve and PreBind: write the binding decisions, then wait for the PV controller.
    for (volume, claim_key) in &plan.static_bindings {
        pre_bind_volume(cluster, volume, claim_key);
    }
    for claim_key in &plan.provisions {
        let node_name = node.clone();
        if let Some(Object::PersistentVolumeClaim(mut claim)) =
            cluster.store.get(claim_key).cloned()
        {
            claim
                .metadata
                .annotations
                .insert(ANN_SELECTED_NODE.to_string(), node_name);
            let _ = api::update(cluster, Object::PersistentVolumeClaim(claim));
        }
    }
    cluster.scheduler.forget(key);
    cluster.scheduler.waiting.insert(
        key.clone(),
        WaitingPod {
            uid: pod.metadata.uid.clone(),
            node: node.clone(),
        },
    );
    *cluster.scheduler.reserved.entry(node.clone()).or_default() += 1;
    // The claims may already be bound (a pre-bound static volume).
    continue_volume_wait(cluster, key, pod, &node);
}

/// PreBind's wait: binds the pod once every claim is fully bound on the reserved node.
fn continue_volume_wait(cluster: &mut Cluster, key: &ObjectKey, pod: &Pod, node: &str) {
    let namespace = pod.metadata.namespace().to_string();
    let mut all_bound = true;
    for claim_name in claim_names(pod) {
        let claim_key = ObjectKey::new(Kind::PersistentVolumeClaim, &namespace, &claim_name);
        let Some(claim) = cluster.store.get(&claim_key).and_then(Object::as_pvc) else {
            all_bound = false;
            break;
        };
        if is_claim_fully_bound(claim) {
            continue;
        }
        all_bound = false;
        let selected = claim.metadata.annotations.contains_key(ANN_SELECTED_NODE);
        if !selected && !claim_pre_bound_volume_exists(cluster, claim) {
            // The provisioner gave up and removed the annotation: retry the whole cycle.
            let message = format!(
                "running PreBind plugin \"VolumeBinding\": binding volumes: provisioning failed for PVC \"{claim_name}\""
            );
            cluster.scheduler.stop_waiting(key);
            fail(cluster, key, pod, &message);
            return;
        }
    }
    if all_bound {
        bind(cluster, key, pod, node);
    } else {
        // `wait.Poll(time.Second, …)`: look again in a second.
        let next = cluster.now + SECOND_MS;
        ensure_retry_timer(cluster, next);
    }
}

/// The scheduler's retry timer: unschedulable pods whose back-off ended or whose five
/// minutes in the unschedulable queue are up get another attempt; pods waiting in PreBind
/// check their claims again.
pub fn on_retry_timer(cluster: &mut Cluster) {
    if cluster.scheduler.paused {
        return;
    }
    if cluster.scheduler.retry_at == Some(cluster.now) {
        cluster.scheduler.retry_at = None;
    }
    cluster.requeue_unscheduled_pods();
    let waiting: Vec<ObjectKey> = cluster.scheduler.waiting.keys().cloned().collect();
    cluster.queues.scheduling.extend(waiting);
}

/// A claim waiting for a static volume the scheduler pre-bound to it.
fn claim_pre_bound_volume_exists(cluster: &Cluster, claim: &PersistentVolumeClaim) -> bool {
    cluster
        .store
        .list(Kind::PersistentVolume, None)
        .filter_map(Object::as_pv)
        .any(|volume| is_volume_bound_to_claim(volume, claim))
}

/// Bind: `POST pods/<name>/binding` (which sets `spec.nodeName` and `PodScheduled=True`), then
/// the `Scheduled` event.
fn bind(cluster: &mut Cluster, key: &ObjectKey, pod: &Pod, node: &str) {
    let result = api::bind(cluster, key, node);
    cluster.scheduler.forget(key);
    if result.is_err() {
        // Deleted meanwhile, or bound by someone else: nothing left to schedule.
        return;
    }
    let message = format!(
        "Successfully assigned {}/{} to {node}",
        pod.metadata.namespace(),
        pod.metadata.name
    );
    if let Some(object) = cluster.store.get(key) {
        let reference = reference_to(object);
        cluster.event(reference, "Normal", "Scheduled", &message, SCHEDULER_NAME);
    }
}

/// Records a failed attempt: event, condition, back-off and the retry timer.
fn fail(cluster: &mut Cluster, key: &ObjectKey, pod: &Pod, message: &str) {
    let now = cluster.now;
    if let Some(object) = cluster.store.get(key) {
        let reference = reference_to(object);
        cluster.event(
            reference,
            "Warning",
            "FailedScheduling",
            message,
            SCHEDULER_NAME,
        );
    }
    set_pod_scheduled_false(cluster, key, "Unschedulable", message);
    let resource_version = cluster
        .store
        .get(key)
        .map(|o| o.meta().resource_version.clone())
        .unwrap_or_default();
    let print = fingerprint(cluster, pod);
    let attempts = cluster
        .scheduler
        .pending
        .get(key)
        .map_or(0, |p| p.attempts)
        .saturating_add(1);
    let backoff = backoff_for(attempts);
    let entry = PendingPod {
        uid: pod.metadata.uid.clone(),
        attempts,
        backoff_until: now + backoff,
        flush_at: now + POD_MAX_IN_UNSCHEDULABLE_MS,
        fingerprint: print,
        seen_resource_version: resource_version,
        retry_pending: false,
    };
    let flush_at = entry.flush_at;
    cluster.scheduler.pending.insert(key.clone(), entry);
    cluster.scheduler.unschedulable.insert(key.clone());
    ensure_retry_timer(cluster, flush_at);
}

/// 1 s, 2 s, 4 s, 8 s, then 10 s.
fn backoff_for(attempts: u32) -> SimTime {
    let shift = attempts.saturating_sub(1).min(8);
    (POD_INITIAL_BACKOFF_MS << shift).min(POD_MAX_BACKOFF_MS)
}

/// Makes sure a `SchedulerRetry` timer fires at `due` or earlier.
fn ensure_retry_timer(cluster: &mut Cluster, due: SimTime) {
    let now = cluster.now;
    let scheduled = cluster.scheduler.retry_at.filter(|at| *at > now);
    if scheduled.is_some_and(|at| at <= due) {
        return;
    }
    cluster.scheduler.retry_at = Some(due);
    cluster.timers.schedule(due, Timer::SchedulerRetry);
}

fn set_pod_scheduled_false(cluster: &mut Cluster, key: &ObjectKey, reason: &str, message: &str) {
    let now = cluster.now;
    let _ = cluster.store.modify(key, |object| {
        if let Some(pod) = object.as_pod_mut() {
            set_condition(
                &mut pod.status.conditions,
                PodCondition {
                    type_: "PodScheduled".into(),
                    status: "False".into(),
                    last_probe_time: Some(serde_json::Value::Null),
                    last_transition_time: Some(Time(now)),
                    reason: Some(reason.into()),
                    message: Some(message.into()),
                },
            );
            if pod.status.phase.is_none() {
                pod.status.phase = Some("Pending".into());
            }
        }
    });
}

/// Replaces or adds a condition, keeping `lastTransitionTime` when the status is unchanged
/// (as `podutil.UpdatePodCondition` does).
pub fn set_condition(conditions: &mut Vec<PodCondition>, mut condition: PodCondition) {
    if let Some(existing) = conditions.iter_mut().find(|c| c.type_ == condition.type_) {
        if existing.status == condition.status {
            condition.last_transition_time = existing.last_transition_time;
        }
        *existing = condition;
    } else {
        conditions.push(condition);
    }
}

fn has_scheduling_gates(pod: &Pod) -> bool {
    pod.spec
        .extra
        .get("schedulingGates")
        .and_then(|v| v.as_array())
        .is_some_and(|gates| !gates.is_empty())
}

/// The claim names of the pod's `persistentVolumeClaim` volumes, in volume order.
pub fn claim_names(pod: &Pod) -> Vec<String> {
    pod.spec
        .volumes
        .iter()
        .filter_map(|v| v.persistent_volume_claim.as_ref())
        .map(|c| c.claim_name.clone())
        .collect()
}

/// A claim is fully bound when it names its volume and the PV controller finished the bind
/// (`isPVCFullyBound`). A claim whose phase is `Bound` is taken as finished too.
pub fn is_claim_fully_bound(claim: &PersistentVolumeClaim) -> bool {
    claim
        .spec
        .volume_name
        .as_deref()
        .is_some_and(|v| !v.is_empty())
        && (claim.metadata.annotations.contains_key(ANN_BIND_COMPLETED)
            || claim.status.phase.as_deref() == Some("Bound"))
}

/// The class a claim asks for: the legacy beta annotation wins over `storageClassName`.
pub fn claim_class(claim: &PersistentVolumeClaim) -> String {
    claim
        .metadata
        .annotations
        .get("volume.beta.kubernetes.io/storage-class")
        .cloned()
        .or_else(|| claim.spec.storage_class_name.clone())
        .unwrap_or_default()
}

fn volume_class(volume: &PersistentVolume) -> String {
    volume
        .metadata
        .annotations
        .get("volume.beta.kubernetes.io/storage-class")
        .cloned()
        .unwrap_or_else(|| volume.class().to_string())
}

/// Whether the claim's class delays binding (`IsDelayBindingMode`): a missing class or a
/// class that does not exist means Immediate.
fn is_delay_binding(cluster: &Cluster, claim: &PersistentVolumeClaim) -> bool {
    let class = claim_class(claim);
    if class.is_empty() {
        return false;
    }
    cluster
        .store
        .get(&ObjectKey::new(Kind::StorageClass, "", &class))
        .and_then(Object::as_storage_class)
        .is_some_and(|c| c.waits_for_first_consumer())
}

/// The VolumeBinding PreFilter: classifies the pod's claims or rejects the pod outright.
fn pre_filter_volumes(cluster: &Cluster, pod: &Pod) -> Result<PodClaims, String> {
    let namespace = pod.metadata.namespace();
    let mut claims = PodClaims::default();
    let mut unbound_immediate = false;
    for name in claim_names(pod) {
        let key = ObjectKey::new(Kind::PersistentVolumeClaim, namespace, &name);
        let Some(claim) = cluster.store.get(&key).and_then(Object::as_pvc) else {
            return Err(format!("persistentvolumeclaim \"{name}\" not found"));
        };
        if claim.status.phase.as_deref() == Some("Lost") {
            return Err(format!(
                "persistentvolumeclaim \"{name}\" bound to non-existent persistentvolume \"{}\"",
                claim.spec.volume_name.as_deref().unwrap_or("")
            ));
        }
        if claim.metadata.is_deleting() {
            return Err(format!("persistentvolumeclaim \"{name}\" is being deleted"));
        }
        if is_claim_fully_bound(claim) {
            claims.bound.push(claim.clone());
        } else if is_delay_binding(cluster, claim)
            && claim.spec.volume_name.as_deref().unwrap_or("").is_empty()
        {
            claims.delayed.push(claim.clone());
        } else {
            unbound_immediate = true;
        }
    }
    if unbound_immediate {
        return Err(REASON_UNBOUND_IMMEDIATE.to_string());
    }
    Ok(claims)
}

/// The Filter plugins for one node, in the default profile's order.
fn filter_node(cluster: &Cluster, pod: &Pod, claims: &PodClaims, node: &Node) -> NodeVerdict {
    // NodeUnschedulable.
    if node.spec.unschedulable == Some(true) {
        let cordon_taint = Taint {
            key: "node.kubernetes.io/unschedulable".into(),
            value: None,
            effect: "NoSchedule".into(),
            time_added: None,
        };
        if !pod
            .spec
            .tolerations
            .iter()
            .any(|t| tolerates(t, &cordon_taint))
        {
            return NodeVerdict::Rejected(REASON_UNSCHEDULABLE_NODE);
        }
    }
    // TaintToleration.
    let untolerated = node.spec.taints.iter().any(|taint| {
        (taint.effect == "NoSchedule" || taint.effect == "NoExecute")
            && !pod.spec.tolerations.iter().any(|t| tolerates(t, taint))
    });
    if untolerated {
        return NodeVerdict::Rejected(REASON_TAINT);
    }
    // NodeAffinity.
    if !node_matches_pod_affinity(pod, node) {
        return NodeVerdict::Rejected(REASON_NODE_AFFINITY);
    }
    // VolumeBinding.
    match find_pod_volumes(cluster, claims, node) {
        Ok(plan) => NodeVerdict::Fits(plan),
        Err(reason) => NodeVerdict::Rejected(reason),
    }
}

/// `ToleratesTaint` (`k8s.io/api/core/v1/toleration.go`).
pub fn tolerates(toleration: &Toleration, taint: &Taint) -> bool {
    if let Some(effect) = toleration.effect.as_deref() {
        if !effect.is_empty() && effect != taint.effect {
            return false;
        }
    }
    let key = toleration.key.as_deref().unwrap_or("");
    if !key.is_empty() && key != taint.key {
        return false;
    }
    match toleration.operator.as_deref().unwrap_or("Equal") {
        "Exists" => true,
        "Equal" | "" => {
            if key.is_empty() {
                // An empty key with Equal matches nothing (validation forbids it).
                return false;
            }
            toleration.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or("")
        }
        _ => false,
    }
}

/// `spec.nodeSelector` and `affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`.
fn node_matches_pod_affinity(pod: &Pod, node: &Node) -> bool {
    let labels = &node.metadata.labels;
    if !pod
        .spec
        .node_selector
        .iter()
        .all(|(k, v)| labels.get(k) == Some(v))
    {
        return false;
    }
    let required = pod
        .spec
        .extra
        .get("affinity")
        .and_then(|a| a.get("nodeAffinity"))
        .and_then(|a| a.get("requiredDuringSchedulingIgnoredDuringExecution"));
    match required {
        None | Some(serde_json::Value::Null) => true,
        Some(selector) => node_selector_matches(selector, node),
    }
}

/// A `NodeSelector` (`nodeSelectorTerms`, ORed; each term's requirements ANDed). A term
/// without requirements matches no node.
pub fn node_selector_matches(selector: &serde_json::Value, node: &Node) -> bool {
    let Some(terms) = selector.get("nodeSelectorTerms").and_then(|t| t.as_array()) else {
        return false;
    };
    terms.iter().any(|term| {
        let expressions = term
            .get("matchExpressions")
            .and_then(|e| e.as_array())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let fields = term
            .get("matchFields")
            .and_then(|e| e.as_array())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if expressions.is_empty() && fields.is_empty() {
            return false;
        }
        expressions
            .iter()
            .all(|req| requirement_matches(req, |key| node.metadata.labels.get(key).cloned()))
            && fields.iter().all(|req| {
                requirement_matches(req, |key| {
                    (key == "metadata.name").then(|| node.metadata.name.clone())
                })
            })
    })
}

fn requirement_matches(
    requirement: &serde_json::Value,
    lookup: impl Fn(&str) -> Option<String>,
) -> bool {
    let key = requirement
        .get("key")
        .and_then(|k| k.as_str())
        .unwrap_or("");
    let operator = requirement
        .get("operator")
        .and_then(|o| o.as_str())
        .unwrap_or("");
    let values: Vec<&str> = requirement
        .get("values")
        .and_then(|v| v.as_array())
        .map(|values| values.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let value = lookup(key);
    match operator {
        "In" => value.is_some_and(|v| values.contains(&v.as_str())),
        "NotIn" => value.is_none_or(|v| !values.contains(&v.as_str())),
        "Exists" => value.is_some(),
        "DoesNotExist" => value.is_none(),
        "Gt" | "Lt" => {
            let (Some(value), Some(bound)) = (
                value.and_then(|v| v.parse::<i64>().ok()),
                values.first().and_then(|v| v.parse::<i64>().ok()),
            ) else {
                return false;
            };
            if operator == "Gt" {
                value > bound
            } else {
                value < bound
            }
        }
        _ => false,
    }
}

/// `CheckNodeAffinity`: a volume without node affinity fits every node.
pub fn volume_fits_node(volume: &PersistentVolume, node: &Node) -> bool {
    match volume
        .spec
        .extra
        .get("nodeAffinity")
        .and_then(|a| a.get("required"))
    {
        None | Some(serde_json::Value::Null) => true,
        Some(selector) => node_selector_matches(selector, node),
    }
}

/// `IsVolumeBoundToClaim`: the claimRef names the claim (and its uid, when set).
fn is_volume_bound_to_claim(volume: &PersistentVolume, claim: &PersistentVolumeClaim) -> bool {
    let Some(claim_ref) = &volume.spec.claim_ref else {
        return false;
    };
    claim_ref.name == claim.metadata.name
        && claim_ref.namespace == claim.metadata.namespace()
        && (claim_ref.uid.is_empty() || claim_ref.uid == claim.metadata.uid)
}

/// `FindPodVolumes` for one node.
fn find_pod_volumes(
    cluster: &Cluster,
    claims: &PodClaims,
    node: &Node,
) -> Result<VolumePlan, &'static str> {
    let mut plan = VolumePlan::default();
    let mut bound_satisfied = true;
    let mut bound_found = true;
    for claim in &claims.bound {
        let volume_name = claim.spec.volume_name.as_deref().unwrap_or("");
        match cluster
            .store
            .get(&ObjectKey::new(Kind::PersistentVolume, "", volume_name))
            .and_then(Object::as_pv)
        {
            None => {
                bound_found = false;
                break;
            }
            Some(volume) => {
                if !volume_fits_node(volume, node) {
                    bound_satisfied = false;
                    break;
                }
            }
        }
    }
    if !bound_satisfied {
        return Err(REASON_VOLUME_NODE_CONFLICT);
    }
    if !bound_found {
        return Err(REASON_PV_NOT_EXIST);
    }
    if claims.delayed.is_empty() {
        return Ok(plan);
    }
    let node_name = &node.metadata.name;
    let mut to_match: Vec<&PersistentVolumeClaim> = Vec::new();
    let mut to_provision: Vec<&PersistentVolumeClaim> = Vec::new();
    for claim in &claims.delayed {
        match claim.metadata.annotations.get(ANN_SELECTED_NODE) {
            Some(selected) if selected != node_name => return Err(REASON_BIND_CONFLICT),
            Some(_) => to_provision.push(claim),
            None => to_match.push(claim),
        }
    }
    // Smallest request first, so the smallest volumes go to the smallest claims.
    to_match.sort_by_key(|c| c.requested_storage());
    let mut chosen: BTreeSet<String> = BTreeSet::new();
    for claim in to_match {
        match find_matching_volume(cluster, claim, node, &chosen) {
            Some(volume) => {
                chosen.insert(volume.clone());
                plan.static_bindings.push((volume, claim_key(claim)));
            }
            None => to_provision.push(claim),
        }
    }
    for claim in to_provision {
        let class_name = claim_class(claim);
        let Some(class) = cluster
            .store
            .get(&ObjectKey::new(Kind::StorageClass, "", &class_name))
            .and_then(Object::as_storage_class)
        else {
            return Err(REASON_BIND_CONFLICT);
        };
        if class.provisioner.is_empty() || class.provisioner == NOT_SUPPORTED_PROVISIONER {
            return Err(REASON_BIND_CONFLICT);
        }
        if !class_topology_allows(class.extra.get("allowedTopologies"), node) {
            return Err(REASON_BIND_CONFLICT);
        }
        plan.provisions.push(claim_key(claim));
    }
    Ok(plan)
}

/// `allowedTopologies` of a class: terms of `matchLabelExpressions` (`key` + `values`).
fn class_topology_allows(topologies: Option<&serde_json::Value>, node: &Node) -> bool {
    let Some(terms) = topologies.and_then(|t| t.as_array()) else {
        return true;
    };
    if terms.is_empty() {
        return true;
    }
    terms.iter().any(|term| {
        term.get("matchLabelExpressions")
            .and_then(|e| e.as_array())
            .is_some_and(|expressions| {
                expressions.iter().all(|expression| {
                    let key = expression.get("key").and_then(|k| k.as_str()).unwrap_or("");
                    let value = node.metadata.labels.get(key);
                    expression
                        .get("values")
                        .and_then(|v| v.as_array())
                        .is_some_and(|values| {
                            values.iter().any(|v| {
                                v.as_str().is_some() && v.as_str() == value.map(String::as_str)
                            })
                        })
                })
            })
    })
}

/// The scheduler's `FindMatchingVolume` (node given, delayed binding): a volume pre-bound to
/// the claim wins; otherwise the smallest available volume of the claim's class whose size,
/// mode, access modes, selector and node affinity fit.
fn find_matching_volume(
    cluster: &Cluster,
    claim: &PersistentVolumeClaim,
    node: &Node,
    excluded: &BTreeSet<String>,
) -> Option<String> {
    let requested = claim.requested_storage();
    let requested_class = claim_class(claim);
    let mut smallest: Option<(&PersistentVolume, crate::sim::quantity::Quantity)> = None;
    for volume in cluster
        .store
        .list(Kind::PersistentVolume, None)
        .filter_map(Object::as_pv)
    {
        if excluded.contains(&volume.metadata.name) {
            continue;
        }
        if volume.spec.claim_ref.is_some() && !is_volume_bound_to_claim(volume, claim) {
            continue;
        }
        let Some(capacity) = volume.capacity() else {
            continue;
        };
        if requested.is_some_and(|r| capacity < r) {
            continue;
        }
        if volume.volume_mode() != claim.volume_mode() {
            continue;
        }
        if volume.metadata.is_deleting() {
            continue;
        }
        let fits_node = volume_fits_node(volume, node);
        if is_volume_bound_to_claim(volume, claim) {
            return fits_node.then(|| volume.metadata.name.clone());
        }
        if volume.phase() != "Available" {
            continue;
        }
        if let Some(selector) = &claim.spec.selector {
            if !selector.matches(&volume.metadata.labels) {
                continue;
            }
        }
        if volume_class(volume) != requested_class || !fits_node {
            continue;
        }
        if !claim
            .spec
            .access_modes
            .iter()
            .all(|mode| volume.spec.access_modes.contains(mode))
        {
            continue;
        }
        if smallest.as_ref().is_none_or(|(_, size)| capacity < *size) {
            smallest = Some((volume, capacity));
        }
    }
    smallest.map(|(volume, _)| volume.metadata.name.clone())
}

/// PreBind for a static binding: the volume's claimRef points at the claim (`GetBindVolumeToClaim`).
fn pre_bind_volume(cluster: &mut Cluster, volume: &str, claim_key: &ObjectKey) {
    let Some(claim) = cluster
        .store
        .get(claim_key)
        .and_then(Object::as_pvc)
        .cloned()
    else {
        return;
    };
    let volume_key = ObjectKey::new(Kind::PersistentVolume, "", volume);
    let Some(Object::PersistentVolume(mut pv)) = cluster.store.get(&volume_key).cloned() else {
        return;
    };
    if pv.spec.claim_ref.is_none() {
        pv.metadata
            .annotations
            .insert(ANN_BOUND_BY_CONTROLLER.to_string(), "yes".to_string());
    }
    pv.spec.claim_ref = Some(crate::sim::model::ObjectReference {
        api_version: "v1".into(),
        kind: "PersistentVolumeClaim".into(),
        namespace: claim.metadata.namespace().to_string(),
        name: claim.metadata.name.clone(),
        uid: claim.metadata.uid.clone(),
        resource_version: claim.metadata.resource_version.clone(),
        ..Default::default()
    });
    let _ = api::update(cluster, Object::PersistentVolume(pv));
}

/// A summary of everything a retry could depend on: the pod's claims and their volumes, the
/// nodes and the storage classes (their resourceVersions).
fn fingerprint(cluster: &Cluster, pod: &Pod) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |text: &str| {
        for byte in text.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    let namespace = pod.metadata.namespace();
    for name in claim_names(pod) {
        let key = ObjectKey::new(Kind::PersistentVolumeClaim, namespace, &name);
        match cluster.store.get(&key).and_then(Object::as_pvc) {
            Some(claim) => {
                mix(&claim.metadata.resource_version);
                if let Some(volume) = &claim.spec.volume_name {
                    let volume_key = ObjectKey::new(Kind::PersistentVolume, "", volume);
                    mix(cluster
                        .store
                        .get(&volume_key)
                        .map_or("-", |v| v.meta().resource_version.as_str()));
                }
            }
            None => mix("-"),
        }
    }
    for node in cluster.store.list(Kind::Node, None) {
        mix(&node.meta().name);
        mix(&node.meta().resource_version);
    }
    for class in cluster.store.list(Kind::StorageClass, None) {
        mix(&class.meta().name);
        mix(&class.meta().resource_version);
    }
    hash
}

fn claim_key(claim: &PersistentVolumeClaim) -> ObjectKey {
    ObjectKey::new(
        Kind::PersistentVolumeClaim,
        claim.metadata.namespace(),
        &claim.metadata.name,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toleration(key: &str, operator: &str, value: &str, effect: &str) -> Toleration {
        Toleration {
            key: (!key.is_empty()).then(|| key.to_string()),
            operator: (!operator.is_empty()).then(|| operator.to_string()),
            value: (!value.is_empty()).then(|| value.to_string()),
            effect: (!effect.is_empty()).then(|| effect.to_string()),
            toleration_seconds: None,
        }
    }

    #[test]
    fn tolerations_match_like_upstream() {
        let taint = Taint {
            key: "node-role.kubernetes.io/control-plane".into(),
            value: None,
            effect: "NoSchedule".into(),
            time_added: None,
        };
        assert!(tolerates(
            &toleration(
                "node-role.kubernetes.io/control-plane",
                "Exists",
                "",
                "NoSchedule"
            ),
            &taint
        ));
        assert!(tolerates(&toleration("", "Exists", "", ""), &taint));
        assert!(tolerates(
            &toleration("node-role.kubernetes.io/control-plane", "", "", ""),
            &taint
        ));
        assert!(!tolerates(
            &toleration("node-role.kubernetes.io/control-plane", "Equal", "x", ""),
            &taint
        ));
        assert!(!tolerates(
            &toleration(
                "node-role.kubernetes.io/control-plane",
                "Exists",
                "",
                "NoExecute"
            ),
            &taint
        ));
        assert!(!tolerates(&toleration("", "Equal", "", ""), &taint));
    }

    #[test]
    fn back_off_doubles_to_ten_seconds() {
        let steps: Vec<SimTime> = (1..=6).map(backoff_for).collect();
        assert_eq!(steps, [1000, 2000, 4000, 8000, 10000, 10000]);
        assert_eq!(backoff_for(u32::MAX), 10000);
    }
}
