//! The StatefulSet controller (§1 of the behaviour reference), after upstream
//! `pkg/controller/statefulset/` (`stateful_set.go`, `stateful_set_control.go`,
//! `stateful_set_utils.go`, `stateful_pod_control.go`) and `pkg/controller/history/`.
//!
//! [`sync`] is one reconcile of one set, in upstream's order:
//!
//! 1. bring the set's pod index up to date ([`index`]);
//! 2. adopt orphan ControllerRevisions the selector selects ([`history`]);
//! 3. claim pods: release controlled pods that no longer match, adopt matching orphans whose
//!    name parses to the set (`getPodsForStatefulSet` / `ClaimPods`);
//! 4. find or create the update revision, renumbering an older equal one on rollback;
//! 5. reconcile the pods ([`control`]): create, repair, scale down, roll;
//! 6. write the status if it changed ([`status`]);
//! 7. truncate the revision history.
//!
//! A sync that fails is retried with upstream's work-queue backoff (5 ms doubling to 1000 s,
//! reset by a success), and a set waiting for a pod to become available is woken at the instant
//! its `minReadySeconds` have passed, both through `Timer::StatefulSet`. Other wake-ups come from
//! the world's dispatch, which queues a set when its pods, its claims or the set change, and
//! calls [`observe`] so the index knows which pods and claims to re-read.
//!
//! Switches on [`StatefulSetState`]: `max_unavailable_stateful_set` is the
//! `MaxUnavailableStatefulSet` feature gate, off by default as in 1.34 and in the 1.35.x patch
//! releases (§1.4 step 14); `reference_mode` runs upstream's plain O(n) walk and rebuilds the
//! index every sync; `verify_index` checks the incremental index against a rebuild after every
//! update and records any difference in `index_mismatches`.
//!
//! Left out: the event recorder's spam filter and similar-event aggregation (identical events
//! are still counted); per-sync metrics; conflict retries (one writer at a time).
//! Where upstream is silent or random (the order of several claim templates, which of two pods
//! spelling one ordinal wins), the choice is documented where it is made.
//!
//! Architecture Invariant: a sync costs O(log n) index work plus the writes it makes, except
//! when the set's parameters change (replicas, ordinals, retention policy, minReadySeconds),
//! which rebuilds its index in O(n).
//! Architecture Invariant: the controller never panics on any object; bad data becomes a
//! `FailedCreate`/`FailedUpdate` event or a retried error.

pub mod control;
pub mod history;
pub mod index;
pub mod pod_control;
pub mod retention;
pub mod status;
pub mod utils;

use std::collections::{BTreeMap, BTreeSet};

use crate::sim::api;
use crate::sim::clock::SimTime;
use crate::sim::model::{Kind, Object, StatefulSet};
use crate::sim::store::{ApiError, ObjectKey};
use crate::sim::world::{Cluster, Timer};

use self::control::Switches;
use self::history::RevisionCache;
use self::index::{IndexParams, SetIndex};
use self::pod_control::aggregate;
use self::utils::{is_member_of, new_controller_ref, selector_is_valid, selector_matches};

/// The work queue's first retry delay after a failed sync (`DefaultControllerRateLimiter`).
pub const RETRY_BASE_MS: SimTime = 5;
/// The longest retry delay.
pub const RETRY_MAX_MS: SimTime = 1_000_000;

/// Work counters, for tests that check how a sync's cost grows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncStats {
    pub syncs: u64,
    /// Ordinals the reconcile looked at (`processReplica` calls, rolling-update slots, …).
    pub slot_visits: u64,
    /// Pods read into an index, by rebuilds and by incremental refreshes.
    pub pods_summarised: u64,
}

/// What the controller keeps between syncs, and its switches.
#[derive(Debug, Clone, Default)]
pub struct StatefulSetState {
    caches: BTreeMap<ObjectKey, SetCache>,
    /// Work done so far.
    pub stats: SyncStats,
    /// The `MaxUnavailableStatefulSet` feature gate (default off).
    pub max_unavailable_stateful_set: bool,
    /// Run upstream's plain walk over every ordinal and rebuild the index every sync.
    pub reference_mode: bool,
    /// Compare the incremental index with a rebuild after every update.
    pub verify_index: bool,
    /// Differences `verify_index` found (empty when the index is right).
    pub index_mismatches: Vec<String>,
}

/// Per-set state kept between syncs.
#[derive(Debug, Clone, Default)]
struct SetCache {
    index: Option<SetIndex>,
    dirty_pods: BTreeSet<String>,
    dirty_claims: BTreeSet<i64>,
    revisions: RevisionCache,
    /// The earliest pending `Timer::StatefulSet` for this set.
    wake_at: Option<SimTime>,
    /// Consecutive failed syncs (the work queue's per-item failure count).
    failures: u32,
}

impl StatefulSetState {
    fn caches_in_namespace<'a>(
        &'a mut self,
        namespace: &str,
    ) -> impl Iterator<Item = &'a mut SetCache> + 'a {
        let start = ObjectKey::new(Kind::StatefulSet, namespace, "");
        let namespace = namespace.to_string();
        self.caches
            .range_mut(start..)
            .take_while(move |(key, _)| key.kind == Kind::StatefulSet && key.namespace == namespace)
            .map(|(_, cache)| cache)
    }
}

/// Notes a changed object for the indexes it concerns: called by the world's dispatch for every
/// change, with the object as it is now (or as it was just before it was removed).
pub fn observe(state: &mut StatefulSetState, key: &ObjectKey, object: Option<&Object>) {
    match key.kind {
        Kind::Pod => {
            let owner = object
                .and_then(|o| o.meta().controller_ref())
                .map(|r| r.uid.as_str());
            for cache in state.caches_in_namespace(&key.namespace) {
                let Some(index) = &cache.index else {
                    continue;
                };
                if index.pods.contains_key(&key.name) || owner == Some(index.params.uid.as_str()) {
                    cache.dirty_pods.insert(key.name.clone());
                }
            }
        }
        Kind::PersistentVolumeClaim => {
            for cache in state.caches_in_namespace(&key.namespace) {
                let Some(index) = &cache.index else {
                    continue;
                };
                if let Some(ordinal) =
                    utils::claim_ordinal(&index.params.set_name, &index.params.templates, &key.name)
                {
                    cache.dirty_claims.insert(ordinal);
                }
            }
        }
        _ => {}
    }
}

/// One reconcile pass of one StatefulSet.
pub fn sync(cluster: &mut Cluster, key: &ObjectKey) {
    let Some(set) = cluster
        .store
        .get(key)
        .and_then(|o| o.as_stateful_set())
        .cloned()
    else {
        cluster.statefulset.caches.remove(key);
        return;
    };
    let mut cache = cluster.statefulset.caches.remove(key).unwrap_or_default();
    cluster.statefulset.stats.syncs += 1;
    let result = sync_stateful_set(cluster, &set, &mut cache);
    let now = cluster.now;
    let mut wake: Option<SimTime> = None;
    match result {
        Ok(()) => cache.failures = 0,
        Err(_) => {
            let exponent = cache.failures.min(40);
            let delay = RETRY_BASE_MS
                .saturating_mul(1u64 << exponent)
                .min(RETRY_MAX_MS);
            cache.failures = cache.failures.saturating_add(1);
            wake = Some(now + delay);
        }
    }
    if let Some(at) = cache.index.as_ref().and_then(|i| i.next_available_at()) {
        if at > now {
            wake = Some(wake.map_or(at, |w| w.min(at)));
        }
    }
    if let Some(at) = wake {
        let pending = cache.wake_at.filter(|w| *w > now && *w <= at);
        if pending.is_none() {
            cluster.timers.schedule(at, Timer::StatefulSet(key.clone()));
            cache.wake_at = Some(at);
        }
    }
    cluster.statefulset.caches.insert(key.clone(), cache);
}

fn sync_stateful_set(
    cluster: &mut Cluster,
    set: &StatefulSet,
    cache: &mut SetCache,
) -> Result<(), String> {
    if let Some(selector) = &set.spec.selector {
        if !selector_is_valid(selector) {
            // A non-transient error: upstream logs it and does not retry.
            return Ok(());
        }
    }
    update_index(cluster, set, cache);
    if set.metadata.is_deleting() {
        // Upstream still computes (and may create) the update revision of a set that is being
        // deleted, then only writes status. In a foreground deletion the garbage collector
        // deletes that revision and the next sync creates it again; a real cluster wins the race
        // by timing, a deterministic one would loop at one instant. So a deleting set writes
        // status only while its update revision still exists, and never adopts or creates.
        let update_revision_exists = history::list_revisions(cluster, set)
            .iter()
            .any(|r| r.name == set.status.update_revision);
        if !update_revision_exists {
            return Ok(());
        }
        return update_stateful_set(cluster, set, cache);
    }
    history::adopt_orphan_revisions(cluster, set)?;
    claim_pods(cluster, set, cache)?;
    update_stateful_set(cluster, set, cache)
}

/// Brings the set's index up to date: a rebuild when the set's parameters changed (or always,
/// in reference mode), otherwise the pods and claims [`observe`] marked, then the pods whose
/// `minReadySeconds` have passed.
fn update_index(cluster: &mut Cluster, set: &StatefulSet, cache: &mut SetCache) {
    let now = cluster.now;
    let params = IndexParams::of(set);
    let rebuild = cluster.statefulset.reference_mode
        || cache.index.as_ref().is_none_or(|i| i.params != params);
    if rebuild {
        let index = SetIndex::build(set, &cluster.store, now);
        cluster.statefulset.stats.pods_summarised += index.pods.len() as u64;
        cache.index = Some(index);
        cache.dirty_pods.clear();
        cache.dirty_claims.clear();
        return;
    }
    let Some(index) = cache.index.as_mut() else {
        return;
    };
    cluster.statefulset.stats.pods_summarised += cache.dirty_pods.len() as u64;
    for name in std::mem::take(&mut cache.dirty_pods) {
        index.refresh(&name, set, &cluster.store, now);
    }
    for ordinal in std::mem::take(&mut cache.dirty_claims) {
        index.refresh_claims(ordinal, set, &cluster.store, now);
    }
    index.promote_available(now);
    if cluster.statefulset.verify_index {
        let fresh = SetIndex::build(set, &cluster.store, now);
        if fresh != *index {
            cluster.statefulset.index_mismatches.push(format!(
                "t={now} statefulset {}/{}: incremental index differs from a rebuild\n  incremental: {index:?}\n  rebuilt: {fresh:?}",
                set.metadata.namespace(),
                set.metadata.name
            ));
            *index = fresh;
        }
    }
}

/// `getPodsForStatefulSet` / `ClaimPods`: releases controlled pods that no longer match and
/// adopts matching orphans, then re-reads them into the index.
fn claim_pods(
    cluster: &mut Cluster,
    set: &StatefulSet,
    cache: &mut SetCache,
) -> Result<(), String> {
    let Some(index) = cache.index.as_mut() else {
        return Ok(());
    };
    if set.metadata.is_deleting() {
        return Ok(());
    }
    let namespace = set.metadata.namespace().to_string();
    let mut errors = Vec::new();
    let mut touched: Vec<String> = Vec::new();
    for name in index.unmatched.clone() {
        let key = ObjectKey::new(Kind::Pod, &namespace, &name);
        let Some(mut pod) = cluster.store.get(&key).and_then(|o| o.as_pod()).cloned() else {
            continue;
        };
        pod.metadata
            .owner_references
            .retain(|r| r.uid != set.metadata.uid);
        match api::update(cluster, Object::Pod(Box::new(pod))) {
            Ok(()) | Err(ApiError::NotFound { .. }) => {}
            Err(error) => errors.push(error.server_message()),
        }
        touched.push(name);
    }
    let orphans: Vec<ObjectKey> = cluster.store.orphan_pods(&namespace).cloned().collect();
    for key in orphans {
        let Some(pod) = cluster.store.get(&key).and_then(|o| o.as_pod()) else {
            continue;
        };
        if pod.metadata.is_deleting()
            || !is_member_of(&set.metadata.name, &pod.metadata.name)
            || !selector_matches(set.spec.selector.as_ref(), &pod.metadata.labels)
        {
            continue;
        }
        let mut pod = pod.clone();
        pod.metadata.owner_references.push(new_controller_ref(set));
        match api::update(cluster, Object::Pod(Box::new(pod))) {
            Ok(()) | Err(ApiError::NotFound { .. }) => {}
            Err(error) => errors.push(error.server_message()),
        }
        touched.push(key.name);
    }
    for name in touched {
        index.refresh(&name, set, &cluster.store, cluster.now);
    }
    aggregate(errors)
}

/// `UpdateStatefulSet`: revisions, the reconcile, the status write and history truncation.
fn update_stateful_set(
    cluster: &mut Cluster,
    set: &StatefulSet,
    cache: &mut SetCache,
) -> Result<(), String> {
    let Some(index) = cache.index.as_ref() else {
        return Ok(());
    };
    let namespace = set.metadata.namespace().to_string();
    let revisions = history::list_revisions(cluster, set);
    let names: Vec<String> = revisions.iter().map(|r| r.name.clone()).collect();
    cache.revisions.retain_names(&names);
    let mut errors = Vec::new();
    let mut live: BTreeSet<String> = index.claimed_revisions.keys().cloned().collect();
    match history::get_stateful_set_revisions(cluster, set, &mut cache.revisions, &revisions) {
        Err(error) => errors.push(error),
        Ok(chosen) => {
            live.insert(chosen.current.clone());
            live.insert(chosen.update.clone());
            let loaded = cache
                .revisions
                .load_template(cluster, &namespace, &chosen.current)
                .and_then(|()| {
                    cache
                        .revisions
                        .load_template(cluster, &namespace, &chosen.update)
                });
            match loaded {
                Err(error) => errors.push(error),
                Ok(()) => {
                    let templates = (
                        cache.revisions.template(&chosen.current),
                        cache.revisions.template(&chosen.update),
                    );
                    if let (Some(current), Some(update)) = templates {
                        let switches = Switches {
                            max_unavailable_stateful_set: cluster
                                .statefulset
                                .max_unavailable_stateful_set,
                            reference_mode: cluster.statefulset.reference_mode,
                        };
                        let (status, result, visits) = control::update_stateful_set(
                            cluster,
                            set,
                            index,
                            &chosen,
                            (current, update),
                            switches,
                        );
                        cluster.statefulset.stats.slot_visits += visits;
                        if let Err(error) = result {
                            errors.push(error);
                        }
                        if let Err(error) = status::update_stateful_set_status(cluster, set, status)
                        {
                            errors.push(error);
                        }
                    }
                }
            }
        }
    }
    let is_live = |name: &str| live.contains(name);
    if let Err(error) = history::truncate_history(cluster, set, &revisions, &is_live) {
        errors.push(error);
    }
    aggregate(errors)
}
