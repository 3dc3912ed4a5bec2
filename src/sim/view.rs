//! What the page draws, as plain data computed from a [`Cluster`]: the headless Services and
//! the DNS names they give, each StatefulSet with one slot per ordinal (its pod, the pod's
//! claims, and why the controller is waiting, if it is), the pool of PersistentVolumes, the
//! StorageClasses, the simulated clock and the newest events. The editor's diagnostics are
//! turned into the same kind of plain rows here too.
//!
//! Every text a learner reads here is the text kubectl would show for the same object: a pod's
//! STATUS and READY come from [`pod_columns`], access modes from [`access_modes_short`], a
//! volume's claim is written `namespace/name` as in kubectl's CLAIM column.
//!
//! The controller's waiting reasons restate the `StatefulSet is waiting for Pod …` log lines of
//! `pkg/controller/statefulset/stateful_set_control.go` (`processReplica`, `processCondemned`,
//! the rolling-update loop of `updateStatefulSet`), computed from the state as it is now rather
//! than remembered from the last sync: under `OrderedReady` the lowest unhealthy ordinal holds
//! back every missing ordinal above it and every outdated pod; scale-down goes one pod at a
//! time from the highest ordinal; a rolling update goes from the highest ordinal down and waits
//! for each replaced pod.
//!
//! Leaves out: the MaxUnavailableStatefulSet gate, nodes, ConfigMaps, ages (the console prints
//! those), and slots beyond [`SLOTS_SHOWN_MAX`] per set (counted, not drawn).
//!
//! Architecture Invariant: this module only reads the cluster. It knows nothing of HTML; every
//! struct is plain data that a test can print.
//!
//! Architecture Invariant: the cost of a view is linear in the objects shown: a set's pods come
//! from the owner index, claims and volumes by key.
//!
//! The page computes a view on every animation frame in which the store changed, so a view is
//! built with a [`ViewCache`]: a pod whose object (resourceVersion) and set revision did not
//! change keeps the very `Rc<PodView>` of the previous view, and the event rows are rebuilt only
//! when an event was written. Shared parts compare by pointer, so the page skips their cards.
//!
//! Architecture Invariant: a view built with a cache equals the view built without one
//! ([`cluster_view`] is [`cluster_view_cached`] with a fresh cache); only what the cache keeps is
//! reused, never what depends on the clock.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::sim::clock::{rfc3339, SimTime, SECOND_MS};
use crate::sim::kubectl::printers::pod_columns;
use crate::sim::manifest::{self, Severity};
use crate::sim::model::{
    access_modes_short, Kind, Object, PersistentVolume, PersistentVolumeClaim, Pod, Service,
    StatefulSet, StorageClass,
};
use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

/// The most ordinal slots drawn for one StatefulSet; the rest are only counted.
pub const SLOTS_SHOWN_MAX: usize = 300;
/// The most events the log keeps, newest first.
pub const EVENTS_SHOWN_MAX: usize = 200;
/// The most pods, claims or volumes drawn outside the StatefulSets, per list.
pub const OTHERS_SHOWN_MAX: usize = 300;
/// The most diagnostics shown for one file.
pub const DIAGNOSTICS_SHOWN_MAX: usize = 100;
/// The cluster's DNS domain (kubelet's `--cluster-domain`).
pub const CLUSTER_DOMAIN: &str = "cluster.local";
/// The label that names a pod's revision.
pub const REVISION_LABEL: &str = "controller-revision-hash";

/// Everything the cluster panel draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterView {
    pub clock: ClockView,
    pub services: Vec<ServiceView>,
    pub stateful_sets: Vec<StatefulSetView>,
    /// Pods no StatefulSet owns (`kubectl run`, orphans), with their claims.
    pub other_pods: Vec<PodWithClaims>,
    /// Claims that belong to no slot and no pod.
    pub other_claims: Vec<ClaimView>,
    pub volumes: Vec<VolumeView>,
    pub storage_classes: Vec<StorageClassView>,
    /// Newest first, at most [`EVENTS_SHOWN_MAX`]; shared with the previous view while no event
    /// was written.
    pub events: Rc<Vec<EventView>>,
    pub events_total: usize,
    /// Set when the cluster could not settle (reported instead of spinning).
    pub stuck: Option<String>,
    /// The store's resourceVersion the view was computed at: an unchanged value means an
    /// unchanged view (apart from the clock).
    pub resource_version: u64,
}

/// The simulated clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockView {
    /// Simulated milliseconds since the cluster started.
    pub ms: SimTime,
    /// `09:00:42`: the time of day in UTC, as the cluster's timestamps say it.
    pub time_of_day: String,
    /// `2026-01-05T09:00:42Z`.
    pub rfc3339: String,
    /// `0:00:42`: how long the cluster has run.
    pub elapsed: String,
}

impl ClockView {
    pub fn at(ms: SimTime) -> ClockView {
        let stamp = rfc3339(ms);
        let time_of_day = stamp.get(11..19).unwrap_or("").to_string();
        let seconds = ms / SECOND_MS;
        let elapsed = format!(
            "{}:{:02}:{:02}",
            seconds / 3600,
            seconds % 3600 / 60,
            seconds % 60
        );
        ClockView {
            ms,
            time_of_day,
            rfc3339: stamp,
            elapsed,
        }
    }
}

/// A headless Service and the names cluster DNS gives for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceView {
    pub uid: String,
    pub name: String,
    pub namespace: String,
    /// `app=myapp-pod`, or `<none>`.
    pub selector: String,
    /// `myapp.default.svc.cluster.local`: resolves to every published pod.
    pub domain: String,
    /// One per pod that has `hostname` and `subdomain` = this Service and matches its
    /// selector, in ordinal-aware name order.
    pub records: Vec<DnsRecordView>,
}

/// `<pod>.<service>.<namespace>.svc.cluster.local`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsRecordView {
    pub name: String,
    pub pod: String,
    pub ip: Option<String>,
    /// Whether DNS answers for it now: the pod is ready (or the Service publishes not-ready
    /// addresses), has an IP and is not terminating.
    pub published: bool,
}

/// One StatefulSet and its ordinals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatefulSetView {
    pub uid: String,
    pub name: String,
    pub namespace: String,
    pub service_name: String,
    /// `spec.replicas`.
    pub replicas: i32,
    /// kubectl's READY column: `readyReplicas/replicas`.
    pub ready: String,
    /// `OrderedReady` or `Parallel`.
    pub pod_management_policy: String,
    /// `RollingUpdate` or `OnDelete`.
    pub update_strategy: String,
    /// The rolling update's partition, when one is set.
    pub partition: Option<i32>,
    pub start_ordinal: i32,
    pub current_revision: String,
    pub update_revision: String,
    pub deleting: bool,
    /// In ordinal order: every ordinal in range, every pod out of range (being scaled away),
    /// and every ordinal whose claims outlived its pod.
    pub slots: Vec<SlotView>,
    /// Slots not drawn because of [`SLOTS_SHOWN_MAX`].
    pub slots_hidden: usize,
}

/// Why an ordinal is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotRole {
    /// Within `[start, start + replicas)`: the set wants a pod here.
    Desired,
    /// A pod outside the range: the controller scales it away.
    Condemned,
    /// No pod and outside the range: only the claims are left (they are kept on scale-down).
    Retained,
}

/// One ordinal of a StatefulSet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotView {
    pub ordinal: i32,
    /// `<set>-<ordinal>`, whether or not the pod exists.
    pub pod_name: Rc<str>,
    pub role: SlotRole,
    /// Shared with the previous view while the pod did not change.
    pub pod: Option<Rc<PodView>>,
    /// The claims of this ordinal (`<template>-<set>-<ordinal>`) that exist, in template order.
    pub claims: Vec<ClaimView>,
    /// The ordinal is below the rolling update's partition: it stays at the current revision.
    pub below_partition: bool,
    /// What the controller waits for before it acts on this ordinal, e.g. `waiting for myapp-0
    /// to be Running and Ready`.
    pub waiting: Option<String>,
}

/// Whether a pod runs the set's update revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevisionState {
    /// The pod's revision is the update revision.
    Update,
    /// The pod runs an older revision.
    Old,
    /// The pod or the set names no revision yet.
    Unknown,
}

/// One pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodView {
    pub uid: String,
    pub name: String,
    pub namespace: String,
    /// kubectl's STATUS column (`ContainerCreating`, `Running`, `Terminating`, …).
    pub status: String,
    /// kubectl's READY column (`1/1`).
    pub ready: String,
    /// kubectl's RESTARTS column.
    pub restarts: String,
    /// `status.phase`.
    pub phase: String,
    pub is_ready: bool,
    pub ip: Option<String>,
    pub node: Option<String>,
    /// The `controller-revision-hash` label, empty when there is none.
    pub revision: String,
    pub revision_state: RevisionState,
    /// The first container's image.
    pub image: String,
    pub deleting: bool,
}

/// A pod that no StatefulSet owns, with the claims its volumes name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodWithClaims {
    pub pod: Rc<PodView>,
    pub claims: Vec<ClaimView>,
}

/// One PersistentVolumeClaim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimView {
    pub uid: String,
    pub name: String,
    pub namespace: String,
    /// `Pending`, `Bound` or `Lost`.
    pub phase: String,
    /// The bound volume's name (`spec.volumeName`).
    pub volume: Option<String>,
    /// The bound capacity, or the request while unbound.
    pub capacity: String,
    pub access_modes: String,
    pub storage_class: Option<String>,
    pub deleting: bool,
}

/// One PersistentVolume of the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeView {
    pub uid: String,
    pub name: String,
    /// `Available`, `Bound`, `Released` or `Failed` (`Pending` before the controller saw it).
    pub phase: String,
    pub capacity: String,
    pub access_modes: String,
    pub reclaim_policy: String,
    pub storage_class: String,
    /// `namespace/name` of the claim it is bound (or reserved) to, as kubectl's CLAIM column.
    pub claim: Option<String>,
    pub deleting: bool,
}

/// One StorageClass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageClassView {
    pub uid: String,
    pub name: String,
    pub provisioner: String,
    pub reclaim_policy: String,
    pub volume_binding_mode: String,
    pub is_default: bool,
}

/// One event, as `kubectl get events` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventView {
    pub uid: String,
    /// `09:00:42`: when it was last seen.
    pub time_of_day: String,
    pub last_seen_ms: SimTime,
    /// `Normal` or `Warning`.
    pub type_: String,
    pub reason: String,
    /// `pod/myapp-0`.
    pub object: String,
    pub message: String,
    pub count: i32,
}

/// One problem in the editor's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticView {
    /// Which `---`-separated document of the file, from 0.
    pub document: usize,
    pub line: usize,
    pub column: usize,
    pub path: String,
    pub message: String,
    pub is_error: bool,
}

/// The diagnostics of a manifest as the editor shows them, in file order.
pub fn diagnostics(file_name: &str, text: &str) -> Vec<DiagnosticView> {
    let mut rows: Vec<DiagnosticView> = manifest::parse(file_name, text)
        .diagnostics
        .into_iter()
        .take(DIAGNOSTICS_SHOWN_MAX)
        .map(|diagnostic| DiagnosticView {
            document: diagnostic.document,
            line: diagnostic.line,
            column: diagnostic.column,
            path: diagnostic.path,
            message: diagnostic.message,
            is_error: diagnostic.severity == Severity::Error,
        })
        .collect();
    rows.sort_by_key(|row| (row.line, row.column));
    rows
}

/// What a view keeps for the next one (see the module's header). Start with
/// `ViewCache::default()`; a cache may be dropped at any time, which only costs time.
#[derive(Debug, Default)]
pub struct ViewCache {
    /// By pod uid: the view of the pod as it was at a resourceVersion and set revision.
    pods: BTreeMap<String, CachedPod>,
    /// The event rows and what they were built from.
    events: Option<CachedEvents>,
}

#[derive(Debug)]
struct CachedPod {
    resource_version: String,
    update_revision: Option<String>,
    view: Rc<PodView>,
}

#[derive(Debug)]
struct CachedEvents {
    /// How many events the store held, and the resourceVersion of the newest write: any write
    /// or expiry changes one of them.
    count: usize,
    newest: Option<u64>,
    rows: Rc<Vec<EventView>>,
}

impl ViewCache {
    /// The view of `pod`, reused from the previous view when nothing it shows can have changed:
    /// the same object version, the same set revision, and no text that depends on the clock
    /// (RESTARTS says how long ago the last restart was).
    fn pod(&mut self, pod: &Pod, update_revision: Option<&str>, now: SimTime) -> Rc<PodView> {
        if let Some(cached) = self.pods.get(&pod.metadata.uid) {
            if cached.resource_version == pod.metadata.resource_version
                && cached.update_revision.as_deref() == update_revision
                && !cached.view.restarts.contains('(')
            {
                return cached.view.clone();
            }
        }
        let view = Rc::new(pod_view(pod, update_revision, now));
        self.pods.insert(
            pod.metadata.uid.clone(),
            CachedPod {
                resource_version: pod.metadata.resource_version.clone(),
                update_revision: update_revision.map(str::to_string),
                view: view.clone(),
            },
        );
        view
    }

    /// Forgets the pods a view did not show (deleted ones), so the cache stays as large as the
    /// cluster.
    fn keep_pods(&mut self, shown: &BTreeSet<&str>) {
        if self.pods.len() > shown.len() {
            self.pods.retain(|uid, _| shown.contains(uid.as_str()));
        }
    }

    /// The newest events as rows, rebuilt only when an event was written or expired.
    fn events(&mut self, cluster: &Cluster) -> Rc<Vec<EventView>> {
        let count = cluster.store.event_count();
        let newest = cluster.store.newest_event_version();
        if let Some(cached) = &self.events {
            if cached.count == count && cached.newest == newest {
                return cached.rows.clone();
            }
        }
        let rows = Rc::new(
            cluster
                .store
                .events_newest_first()
                .take(EVENTS_SHOWN_MAX)
                .map(event_view)
                .collect(),
        );
        self.events = Some(CachedEvents {
            count,
            newest,
            rows: Rc::clone(&rows),
        });
        rows
    }
}

/// Computes the whole view.
pub fn cluster_view(cluster: &Cluster) -> ClusterView {
    cluster_view_cached(cluster, &mut ViewCache::default())
}

/// Computes the whole view, reusing from `cache` what did not change since the view it last
/// built, and leaving in it what the next view may reuse.
pub fn cluster_view_cached(cluster: &Cluster, cache: &mut ViewCache) -> ClusterView {
    // Uids of the pods and claims drawn in a set's slots (borrowed from the store).
    let mut claims_shown: BTreeSet<&str> = BTreeSet::new();
    let mut pods_shown: BTreeSet<&str> = BTreeSet::new();
    let stateful_sets: Vec<StatefulSetView> = cluster
        .store
        .list(Kind::StatefulSet, None)
        .filter_map(Object::as_stateful_set)
        .map(|set| stateful_set_view(cluster, set, cache, &mut claims_shown, &mut pods_shown))
        .collect();
    let other_pods = cluster
        .store
        .list(Kind::Pod, None)
        .filter_map(Object::as_pod)
        .filter(|pod| !pods_shown.contains(pod.metadata.uid.as_str()))
        .take(OTHERS_SHOWN_MAX)
        .collect::<Vec<&Pod>>()
        .into_iter()
        .map(|pod| {
            pods_shown.insert(pod.metadata.uid.as_str());
            let claims = pod
                .spec
                .volumes
                .iter()
                .filter_map(|volume| volume.persistent_volume_claim.as_ref())
                .filter_map(|source| {
                    let key = ObjectKey::new(
                        Kind::PersistentVolumeClaim,
                        pod.metadata.namespace(),
                        &source.claim_name,
                    );
                    let claim = cluster.store.get(&key)?.as_pvc()?;
                    claims_shown.insert(claim.metadata.uid.as_str());
                    Some(claim_view(claim))
                })
                .collect();
            PodWithClaims {
                pod: cache.pod(pod, None, cluster.now),
                claims,
            }
        })
        .collect();
    cache.keep_pods(&pods_shown);
    let other_claims = cluster
        .store
        .list(Kind::PersistentVolumeClaim, None)
        .filter_map(Object::as_pvc)
        .filter(|claim| !claims_shown.contains(claim.metadata.uid.as_str()))
        .take(OTHERS_SHOWN_MAX)
        .map(claim_view)
        .collect();
    let volumes = cluster
        .store
        .list(Kind::PersistentVolume, None)
        .filter_map(Object::as_pv)
        .map(volume_view)
        .collect();
    let storage_classes = cluster
        .store
        .list(Kind::StorageClass, None)
        .filter_map(Object::as_storage_class)
        .map(storage_class_view)
        .collect();
    let services = cluster
        .store
        .list(Kind::Service, None)
        .filter_map(Object::as_service)
        .filter(|service| service.is_headless())
        .map(|service| service_view(cluster, service))
        .collect();
    ClusterView {
        clock: ClockView::at(cluster.now),
        services,
        stateful_sets,
        other_pods,
        other_claims,
        volumes,
        storage_classes,
        events: cache.events(cluster),
        events_total: cluster.store.event_count(),
        stuck: cluster.stuck.clone(),
        resource_version: cluster.store.resource_version(),
    }
}

/// One event as a row of `kubectl get events`.
fn event_view(event: &crate::sim::model::Event) -> EventView {
    let last = event
        .last_timestamp
        .or(event.first_timestamp)
        .map_or(0, |time| time.0);
    EventView {
        uid: event.metadata.uid.clone(),
        time_of_day: time_of_day(last),
        last_seen_ms: last,
        type_: event.type_.clone(),
        reason: event.reason.clone(),
        object: format!(
            "{}/{}",
            event.involved_object.kind.to_lowercase(),
            event.involved_object.name
        ),
        message: event.message.clone(),
        count: event.count,
    }
}

/// `09:00:42`: the time of day in UTC of a simulated instant.
fn time_of_day(ms: SimTime) -> String {
    rfc3339(ms).get(11..19).unwrap_or("").to_string()
}

/// The ordinal of a pod of the set `parent` (`myapp-2` → 2), as upstream's `getOrdinal` reads
/// `<parent>-<digits>`; None when the name has another form.
pub fn get_ordinal(parent: &str, pod_name: &str) -> Option<i32> {
    let digits = pod_name.strip_prefix(parent)?.strip_prefix('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Why the controller would not move past this pod: None when it is healthy (Running, Ready,
/// available and not terminating). A missing pod is "to be created".
fn unhealthy_reason(
    pod: Option<&Pod>,
    min_ready_seconds: i64,
    now: SimTime,
) -> Option<&'static str> {
    match pod {
        None => Some("to be created"),
        Some(pod) if pod.metadata.is_deleting() => Some("to terminate"),
        Some(pod) if !pod.is_running_and_ready() => Some("to be Running and Ready"),
        Some(pod) if !pod.is_available(min_ready_seconds, now) => Some("to be Available"),
        Some(_) => None,
    }
}

/// Running, Ready and not terminating (upstream `isHealthy`).
fn is_healthy(pod: &Pod) -> bool {
    pod.is_running_and_ready() && !pod.metadata.is_deleting()
}

fn stateful_set_view<'c>(
    cluster: &'c Cluster,
    set: &'c StatefulSet,
    cache: &mut ViewCache,
    claims_shown: &mut BTreeSet<&'c str>,
    pods_shown: &mut BTreeSet<&'c str>,
) -> StatefulSetView {
    let namespace = set.metadata.namespace().to_string();
    let name = set.metadata.name.clone();
    let start = set.start_ordinal();
    let replicas = set.replicas().max(0);
    let end = start.saturating_add(replicas);
    let now = cluster.now;
    let min_ready_seconds = set.min_ready_seconds();
    let monotonic = !set.is_parallel();
    let rolling = set.update_strategy_type() == "RollingUpdate";
    let partition = set
        .spec
        .update_strategy
        .as_ref()
        .and_then(|strategy| strategy.rolling_update.as_ref())
        .and_then(|rolling_update| rolling_update.partition);
    let update_revision = set.status.update_revision.clone();

    // The set's pods, by ordinal.
    let mut pods: BTreeMap<i32, &Pod> = BTreeMap::new();
    for key in cluster.store.pods_owned_by(&set.metadata.uid) {
        let Some(pod) = cluster.store.get(key).and_then(Object::as_pod) else {
            continue;
        };
        if let Some(ordinal) = get_ordinal(&name, &pod.metadata.name) {
            pods.insert(ordinal, pod);
            pods_shown.insert(pod.metadata.uid.as_str());
        }
    }
    // Claims of every ordinal that has any, by ordinal, in template order.
    let templates: Vec<&str> = set
        .spec
        .volume_claim_templates
        .iter()
        .map(|template| template.metadata.name.as_str())
        .collect();
    let mut claims: BTreeMap<i32, Vec<(usize, &PersistentVolumeClaim)>> = BTreeMap::new();
    if !templates.is_empty() {
        for claim in cluster
            .store
            .list(Kind::PersistentVolumeClaim, Some(&namespace))
            .filter_map(Object::as_pvc)
        {
            let found = templates.iter().enumerate().find_map(|(index, template)| {
                let rest = claim
                    .metadata
                    .name
                    .strip_prefix(template)?
                    .strip_prefix('-')?;
                get_ordinal(&name, rest).map(|ordinal| (index, ordinal))
            });
            if let Some((index, ordinal)) = found {
                claims.entry(ordinal).or_default().push((index, claim));
            }
        }
        for list in claims.values_mut() {
            list.sort_by_key(|(index, _)| *index);
        }
    }

    let in_range = |ordinal: i32| ordinal >= start && ordinal < end;
    let mut ordinals: BTreeSet<i32> = pods.keys().copied().collect();
    ordinals.extend(claims.keys().copied());
    let shown_range_end = end.min(start.saturating_add(SLOTS_SHOWN_MAX as i32));
    ordinals.extend(start..shown_range_end);
    let total_slots = {
        let outside = ordinals.iter().filter(|o| !in_range(**o)).count();
        outside + replicas as usize
    };

    // The lowest in-range ordinal the controller would stop at (OrderedReady only).
    let deleting = set.metadata.is_deleting();
    let first_blocker: Option<(String, &'static str)> = if monotonic && !deleting {
        (start..end).find_map(|ordinal| {
            unhealthy_reason(pods.get(&ordinal).copied(), min_ready_seconds, now)
                .map(|why| (format!("{name}-{ordinal}"), why))
        })
    } else {
        None
    };
    // Condemned pods, highest first; the first unhealthy one may itself be deleted.
    let condemned: Vec<(i32, &Pod)> = pods
        .iter()
        .rev()
        .filter(|(ordinal, _)| !in_range(**ordinal))
        .map(|(ordinal, pod)| (*ordinal, *pod))
        .collect();
    let first_unhealthy_condemned: Option<i32> = condemned
        .iter()
        .rev()
        .find(|(_, pod)| !is_healthy(pod))
        .map(|(ordinal, _)| *ordinal);

    let waiting_for = |ordinal: i32, pod: Option<&Pod>| -> Option<String> {
        if deleting {
            return None;
        }
        let pod_name = format!("{name}-{ordinal}");
        if in_range(ordinal) {
            let blocked_by_lower = first_blocker
                .as_ref()
                .filter(|(blocker, _)| *blocker != pod_name);
            let Some(pod) = pod else {
                return blocked_by_lower
                    .map(|(blocker, why)| format!("waiting for {blocker} {why}"));
            };
            let outdated = !pod.metadata.is_deleting()
                && !update_revision.is_empty()
                && pod_revision(pod).is_some_and(|revision| revision != update_revision);
            let held_by_partition = partition.is_some_and(|p| ordinal < start.saturating_add(p));
            if !outdated || held_by_partition {
                return None;
            }
            if !rolling {
                return Some("OnDelete: replaced only when the pod is deleted".into());
            }
            if let Some((blocker, why)) = blocked_by_lower {
                return Some(format!("waiting for {blocker} {why}"));
            }
            // The update walks from the highest ordinal down and stops at the first pod that
            // is not yet updated and healthy.
            ((ordinal + 1)..end).rev().find_map(|above| {
                let above_pod = pods.get(&above).copied();
                let settled = above_pod.is_some_and(|p| {
                    is_healthy(p) && pod_revision(p) == Some(update_revision.as_str())
                });
                (!settled).then(|| format!("waiting for {name}-{above} to update"))
            })
        } else {
            let pod = pod?;
            if !monotonic || pod.metadata.is_deleting() {
                return None;
            }
            if let Some((blocker, why)) = &first_blocker {
                return Some(format!("waiting for {blocker} {why} prior to scale down"));
            }
            // Scale-down deletes the highest condemned pod and waits until it is gone.
            if let Some((above, above_pod)) = condemned.iter().find(|(o, _)| *o > ordinal) {
                let why = if above_pod.metadata.is_deleting() {
                    "to terminate"
                } else {
                    "to be deleted"
                };
                return Some(format!(
                    "waiting for {name}-{above} {why} prior to scale down"
                ));
            }
            match first_unhealthy_condemned {
                Some(first) if first != ordinal && !is_healthy(pod) => Some(format!(
                    "waiting for {name}-{first} to be Running and Ready prior to scale down"
                )),
                _ => None,
            }
        }
    };

    let mut slots = Vec::new();
    for ordinal in ordinals {
        if slots.len() >= SLOTS_SHOWN_MAX {
            break;
        }
        let pod = pods.get(&ordinal).copied();
        let role = if in_range(ordinal) {
            SlotRole::Desired
        } else if pod.is_some() {
            SlotRole::Condemned
        } else {
            SlotRole::Retained
        };
        let slot_claims: Vec<ClaimView> = claims
            .get(&ordinal)
            .map(|list| {
                list.iter()
                    .map(|(_, claim)| {
                        claims_shown.insert(claim.metadata.uid.as_str());
                        claim_view(claim)
                    })
                    .collect()
            })
            .unwrap_or_default();
        slots.push(SlotView {
            ordinal,
            pod_name: Rc::from(format!("{name}-{ordinal}")),
            role,
            pod: pod.map(|pod| cache.pod(pod, Some(&update_revision), now)),
            claims: slot_claims,
            below_partition: rolling
                && partition.is_some_and(|p| p > 0 && ordinal < start.saturating_add(p)),
            waiting: waiting_for(ordinal, pod),
        });
    }
    // Claims of ordinals not drawn still belong to this set.
    for list in claims.values() {
        for (_, claim) in list {
            claims_shown.insert(claim.metadata.uid.as_str());
        }
    }
    let slots_hidden = total_slots.saturating_sub(slots.len());

    StatefulSetView {
        uid: set.metadata.uid.clone(),
        name: name.clone(),
        namespace,
        service_name: set.spec.service_name.clone().unwrap_or_default(),
        replicas: set.replicas(),
        ready: format!("{}/{}", set.status.ready_replicas, set.replicas()),
        pod_management_policy: if monotonic {
            "OrderedReady"
        } else {
            "Parallel"
        }
        .into(),
        update_strategy: set.update_strategy_type().to_string(),
        partition: partition.filter(|_| rolling),
        start_ordinal: start,
        current_revision: set.status.current_revision.clone(),
        update_revision,
        deleting,
        slots,
        slots_hidden,
    }
}

fn pod_revision(pod: &Pod) -> Option<&str> {
    pod.metadata.labels.get(REVISION_LABEL).map(String::as_str)
}

fn pod_view(pod: &Pod, update_revision: Option<&str>, now: SimTime) -> PodView {
    let columns = pod_columns(pod, now);
    let revision = pod_revision(pod).unwrap_or("").to_string();
    let revision_state = match update_revision {
        Some(update) if !update.is_empty() && !revision.is_empty() => {
            if revision == update {
                RevisionState::Update
            } else {
                RevisionState::Old
            }
        }
        _ => RevisionState::Unknown,
    };
    PodView {
        uid: pod.metadata.uid.clone(),
        name: pod.metadata.name.clone(),
        namespace: pod.metadata.namespace().to_string(),
        status: columns.status,
        ready: columns.ready,
        restarts: columns.restarts,
        phase: pod.phase().to_string(),
        is_ready: pod.is_ready(),
        ip: pod.status.pod_ip.clone(),
        node: pod.spec.node_name.clone(),
        revision,
        revision_state,
        image: pod
            .spec
            .containers
            .first()
            .map(|container| container.image.clone())
            .unwrap_or_default(),
        deleting: pod.metadata.is_deleting(),
    }
}

fn claim_view(claim: &PersistentVolumeClaim) -> ClaimView {
    let capacity = claim
        .status
        .capacity
        .get("storage")
        .copied()
        .or_else(|| claim.requested_storage())
        .map(|quantity| quantity.to_string())
        .unwrap_or_default();
    let modes = if claim.status.access_modes.is_empty() {
        &claim.spec.access_modes
    } else {
        &claim.status.access_modes
    };
    ClaimView {
        uid: claim.metadata.uid.clone(),
        name: claim.metadata.name.clone(),
        namespace: claim.metadata.namespace().to_string(),
        phase: claim.phase().to_string(),
        volume: claim
            .spec
            .volume_name
            .clone()
            .filter(|volume| !volume.is_empty()),
        capacity,
        access_modes: access_modes_short(modes),
        storage_class: claim.spec.storage_class_name.clone(),
        deleting: claim.metadata.is_deleting(),
    }
}

fn volume_view(volume: &PersistentVolume) -> VolumeView {
    VolumeView {
        uid: volume.metadata.uid.clone(),
        name: volume.metadata.name.clone(),
        phase: volume.phase().to_string(),
        capacity: volume
            .capacity()
            .map(|quantity| quantity.to_string())
            .unwrap_or_default(),
        access_modes: access_modes_short(&volume.spec.access_modes),
        reclaim_policy: volume.reclaim_policy().to_string(),
        storage_class: volume.class().to_string(),
        claim: volume
            .spec
            .claim_ref
            .as_ref()
            .map(|claim| format!("{}/{}", claim.namespace, claim.name)),
        deleting: volume.metadata.is_deleting(),
    }
}

fn storage_class_view(class: &StorageClass) -> StorageClassView {
    StorageClassView {
        uid: class.metadata.uid.clone(),
        name: class.metadata.name.clone(),
        provisioner: class.provisioner.clone(),
        reclaim_policy: class
            .reclaim_policy
            .clone()
            .unwrap_or_else(|| "Delete".into()),
        volume_binding_mode: class
            .volume_binding_mode
            .clone()
            .unwrap_or_else(|| "Immediate".into()),
        is_default: class.is_default(),
    }
}

fn service_view(cluster: &Cluster, service: &Service) -> ServiceView {
    let namespace = service.metadata.namespace().to_string();
    let name = service.metadata.name.clone();
    let domain = format!("{name}.{namespace}.svc.{CLUSTER_DOMAIN}");
    let selector = service.spec.selector.clone().unwrap_or_default();
    let publish_not_ready = service.spec.publish_not_ready_addresses == Some(true);
    let mut records: Vec<(String, DnsRecordView)> = Vec::new();
    if !selector.is_empty() {
        for pod in cluster
            .store
            .list(Kind::Pod, Some(&namespace))
            .filter_map(Object::as_pod)
        {
            let Some(hostname) = pod.spec.hostname.as_deref() else {
                continue;
            };
            if pod.spec.subdomain.as_deref() != Some(name.as_str())
                || !selector
                    .iter()
                    .all(|(key, value)| pod.metadata.labels.get(key) == Some(value))
            {
                continue;
            }
            let ip = pod.status.pod_ip.clone().filter(|ip| !ip.is_empty());
            let published = ip.is_some()
                && !pod.metadata.is_deleting()
                && (publish_not_ready || pod.is_ready());
            records.push((
                natural_key(&pod.metadata.name),
                DnsRecordView {
                    name: format!("{hostname}.{domain}"),
                    pod: pod.metadata.name.clone(),
                    ip,
                    published,
                },
            ));
        }
    }
    records.sort_by(|a, b| a.0.cmp(&b.0));
    let selector_text = if selector.is_empty() {
        "<none>".to_string()
    } else {
        selector
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    ServiceView {
        uid: service.metadata.uid.clone(),
        name,
        namespace,
        selector: selector_text,
        domain,
        records: records.into_iter().map(|(_, record)| record).collect(),
    }
}

/// A sort key that puts `web-2` before `web-10`: digit runs are zero-padded.
fn natural_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() + 8);
    let mut digits = String::new();
    for character in name.chars() {
        if character.is_ascii_digit() {
            digits.push(character);
            continue;
        }
        if !digits.is_empty() {
            key.push_str(&format!("{digits:0>10}"));
            digits.clear();
        }
        key.push(character);
    }
    if !digits.is_empty() {
        key.push_str(&format!("{digits:0>10}"));
    }
    key
}

#[cfg(test)]
mod tests;
