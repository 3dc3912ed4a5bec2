//! One reconcile of a set's pods (§1.4 steps 4–14), after upstream `stateful_set_control.go`
//! `updateStatefulSet`, `processReplica`, `processCondemned`, `runForAll`, `slowStartBatch` and
//! `updateStatefulSetAfterInvariantEstablished`, in upstream's step order:
//!
//! 1. every in-range ordinal in ascending order (`processReplica`): failed pods deleted,
//!    missing pods created (claims first), pending pods' missing claims re-created, and under
//!    OrderedReady a stop at the first pod that is terminating, not Running+Ready or not
//!    available; identity, storage and claim references repaired;
//! 2. claim references of condemned pods fixed (`fixPodClaim`);
//! 3. condemned pods deleted from the highest ordinal (`processCondemned`);
//! 4. OnDelete stops here; RollingUpdate deletes the highest outdated pod at or above the
//!    partition once everything above it is healthy (or, behind the MaxUnavailable switch, up to
//!    `maxUnavailable` of them).
//!
//! Upstream walks every ordinal each time. Here the walk asks the [`SetIndex`] for the next
//! ordinal that can matter — one with no pod, or one whose pod is in the "attention" set of the
//! pod management policy — because for every other pod `processReplica` provably does nothing
//! and returns "continue". The rolling update likewise jumps to the highest ordinal that is
//! unhealthy, missing or outdated. The controller's `reference_mode` switch runs the plain walk
//! instead; the tests check that both give the same history.
//!
//! Status counts come from the snapshot taken at the start of the sync, as upstream's come from
//! the pods it listed: writes made during a sync show in the next one.
//!
//! Left out: parallel batches whose members fail concurrently in random order (the simulation
//! runs a batch's members in ordinal order, then stops after a batch with an error, as upstream
//! does); condemned pods under Parallel are all deleted in one pass, since a delete of an
//! existing pod cannot fail here.
//!
//! Architecture Invariant: the index is read-only during a reconcile; every write goes through
//! `pod_control` or `crate::sim::api`.

use crate::sim::model::{Kind, PodTemplateSpec, StatefulSet, StatefulSetStatus};
use crate::sim::store::{ApiError, ObjectKey};
use crate::sim::world::Cluster;

use super::history::Revisions;
use super::index::{between, PhaseClass, SetIndex};
use super::pod_control::{
    aggregate, claims_match_retention_policy, create_missing_persistent_volume_claims,
    create_stateful_pod, delete_stateful_pod, pod_claim_is_stale,
    update_pod_claim_for_retention_policy, update_stateful_pod,
};
use super::utils::{
    current_revision_threshold, get_pod_name, get_stateful_set_max_unavailable,
    new_stateful_set_pod, set_pod_revision, uses_current_revision,
};

/// `MaxBatchSize`: the largest slow-start batch under Parallel.
pub const MAX_BATCH_SIZE: i64 = 500;
/// How many ordinals one sync may visit under Parallel before it stops and retries later (the
/// object limit of the store normally stops it much earlier).
pub const PARALLEL_VISITS_PER_SYNC_MAX: usize = 50_000;

/// The switches the reconcile reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct Switches {
    pub max_unavailable_stateful_set: bool,
    pub reference_mode: bool,
}

/// What a step decided.
enum Flow {
    Continue,
    Exit(Result<(), String>),
}

/// One reconcile's view of the set: the snapshot index and the two revisions' templates.
struct Reconcile<'a> {
    set: &'a StatefulSet,
    index: &'a SetIndex,
    revisions: &'a Revisions,
    current_template: &'a PodTemplateSpec,
    update_template: &'a PodTemplateSpec,
    start: i64,
    end: i64,
    monotonic: bool,
    switches: Switches,
    /// Ordinals looked at, for [`super::SyncStats`].
    visits: std::cell::Cell<u64>,
}

/// The revision, terminating flag and health of the pod in a slot, planned or real.
struct SlotState {
    name: String,
    revision: String,
    terminating: bool,
    healthy: bool,
}

/// Which pod upstream calls `firstUnhealthyPod`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FirstUnhealthy {
    None,
    /// An in-range ordinal (a planned pod counts as unhealthy).
    InRange(i64),
    Condemned(i64),
}

/// `updateStatefulSet`: returns the status to write, the sync's error if any, and how many
/// ordinals it looked at.
pub fn update_stateful_set(
    cluster: &mut Cluster,
    set: &StatefulSet,
    index: &SetIndex,
    revisions: &Revisions,
    templates: (&PodTemplateSpec, &PodTemplateSpec),
    switches: Switches,
) -> (StatefulSetStatus, Result<(), String>, u64) {
    let mut status = StatefulSetStatus {
        observed_generation: set.metadata.generation,
        current_revision: revisions.current.clone(),
        update_revision: revisions.update.clone(),
        collision_count: Some(revisions.collision_count),
        ..Default::default()
    };
    if set.metadata.is_deleting() {
        // Only status: counted over every claimed pod, as upstream's first `updateStatus`.
        count_all_claimed(&mut status, index, revisions);
        return (status, Ok(()), 0);
    }
    let reconcile = Reconcile {
        set,
        index,
        revisions,
        current_template: templates.0,
        update_template: templates.1,
        start: index.params.start,
        end: index.params.end,
        monotonic: !set.is_parallel(),
        switches,
        visits: std::cell::Cell::new(0),
    };
    let first_unhealthy = reconcile.first_unhealthy();
    for step in 0..3 {
        let flow = match step {
            0 => reconcile.process_replicas(cluster),
            1 => reconcile.fix_condemned_claims(cluster),
            _ => reconcile.process_condemned(cluster, first_unhealthy),
        };
        if let Flow::Exit(result) = flow {
            reconcile.count_slots(&mut status);
            return (status, result, reconcile.visits.get());
        }
    }
    reconcile.count_slots(&mut status);
    if set.update_strategy_type() == "OnDelete" {
        return (status, Ok(()), reconcile.visits.get());
    }
    let result = if switches.max_unavailable_stateful_set {
        reconcile.update_after_invariant_established(cluster, &mut status)
    } else {
        reconcile.rolling_update(cluster, &mut status)
    };
    (status, result, reconcile.visits.get())
}

fn count_all_claimed(status: &mut StatefulSetStatus, index: &SetIndex, revisions: &Revisions) {
    for info in index.claimed() {
        status.replicas += 1;
        if info.running_ready {
            status.ready_replicas += 1;
            if info.available {
                status.available_replicas += 1;
            }
        }
        if !info.terminating {
            if info.revision == revisions.current {
                status.current_replicas += 1;
            }
            if info.revision == revisions.update {
                status.updated_replicas += 1;
            }
        }
    }
}

fn to_i32(n: i64) -> i32 {
    n.clamp(0, i64::from(i32::MAX)) as i32
}

impl Reconcile<'_> {
    fn visit(&self) {
        self.visits.set(self.visits.get() + 1);
    }

    fn params(&self) -> &super::index::IndexParams {
        &self.index.params
    }

    /// `updateStatus(..., replicas, condemned)`: counts over the pods holding an ordinal.
    fn count_slots(&self, status: &mut StatefulSetStatus) {
        let index = self.index;
        let by_revision = |name: &str| index.by_revision.get(name).map_or(0, |s| s.len()) as i64;
        let (created, ready, available, current, updated) = if self.switches.reference_mode {
            let mut counts = (0, 0, 0, 0, 0);
            for info in index.slots.values().filter_map(|n| index.pods.get(n)) {
                counts.0 += 1;
                if info.running_ready {
                    counts.1 += 1;
                    if info.available {
                        counts.2 += 1;
                    }
                }
                if !info.terminating && info.revision == self.revisions.current {
                    counts.3 += 1;
                }
                if !info.terminating && info.revision == self.revisions.update {
                    counts.4 += 1;
                }
            }
            counts
        } else {
            (
                index.counts.created,
                index.counts.ready,
                index.counts.available,
                by_revision(&self.revisions.current),
                by_revision(&self.revisions.update),
            )
        };
        status.replicas = to_i32(created);
        status.ready_replicas = to_i32(ready);
        status.available_replicas = to_i32(available);
        status.current_replicas = to_i32(current);
        status.updated_replicas = to_i32(updated);
    }

    /// The lowest unhealthy in-range ordinal (a missing pod counts), else the lowest unhealthy
    /// condemned pod.
    fn first_unhealthy(&self) -> FirstUnhealthy {
        let index = self.index;
        if self.switches.reference_mode {
            let mut ordinal = self.start;
            while ordinal <= self.end {
                self.visit();
                if index.slot(ordinal).is_none_or(|info| !info.healthy()) {
                    return FirstUnhealthy::InRange(ordinal);
                }
                ordinal += 1;
            }
            let condemned = index
                .slots
                .range(..self.start)
                .chain(index.slots.range(self.end + 1..))
                .filter_map(|(o, n)| index.pods.get(n).map(|info| (*o, info)))
                .find(|(_, info)| !info.healthy());
            return match condemned {
                Some((ordinal, _)) => FirstUnhealthy::Condemned(ordinal),
                None => FirstUnhealthy::None,
            };
        }
        let missing = index.runs.first_absent(self.start, self.end);
        let unhealthy = between(&index.unhealthy, self.start, self.end)
            .next()
            .copied();
        if let Some(ordinal) = [missing, unhealthy].into_iter().flatten().min() {
            return FirstUnhealthy::InRange(ordinal);
        }
        match index
            .unhealthy
            .range(..self.start)
            .next()
            .or_else(|| index.unhealthy.range(self.end + 1..).next())
        {
            Some(&ordinal) => FirstUnhealthy::Condemned(ordinal),
            None => FirstUnhealthy::None,
        }
    }

    /// The next in-range ordinal at or above `cursor` that `processReplica` may act on.
    fn next_replica_candidate(&self, cursor: i64) -> Option<i64> {
        if cursor > self.end {
            return None;
        }
        if self.switches.reference_mode {
            return Some(cursor);
        }
        let attention = if self.monotonic {
            &self.index.attention_monotonic
        } else {
            &self.index.attention_parallel
        };
        let missing = self.index.runs.first_absent(cursor, self.end);
        let noticed = between(attention, cursor, self.end).next().copied();
        [missing, noticed].into_iter().flatten().min()
    }

    /// Step 8: `runForAll(replicas, processReplica, monotonic)`.
    fn process_replicas(&self, cluster: &mut Cluster) -> Flow {
        let total = self.end - self.start + 1;
        // Slow-start batches over slot positions: 1, 2, 4, … up to MAX_BATCH_SIZE.
        let mut batch_start: i64 = 0;
        let mut batch_size: i64 = total.min(1);
        let mut batch_errors: Vec<String> = Vec::new();
        let mut visits = 0usize;
        let mut cursor = self.start;
        while let Some(ordinal) = self.next_replica_candidate(cursor) {
            cursor = ordinal + 1;
            if !self.monotonic {
                let position = ordinal - self.start;
                while batch_size > 0 && position >= batch_start + batch_size {
                    if !batch_errors.is_empty() {
                        return Flow::Exit(aggregate(batch_errors));
                    }
                    batch_start += batch_size;
                    let remaining = total - batch_start;
                    batch_size = (2 * batch_size).min(remaining).min(MAX_BATCH_SIZE);
                }
                visits += 1;
                if visits > PARALLEL_VISITS_PER_SYNC_MAX {
                    batch_errors.push(format!(
                        "visited {PARALLEL_VISITS_PER_SYNC_MAX} ordinals in one sync; continuing later"
                    ));
                    return Flow::Exit(aggregate(batch_errors));
                }
            }
            match self.process_replica(cluster, ordinal) {
                Ok(true) if self.monotonic => return Flow::Exit(Ok(())),
                Err(error) if self.monotonic => return Flow::Exit(Err(error)),
                Err(error) => batch_errors.push(error),
                Ok(_) => {}
            }
        }
        if batch_errors.is_empty() {
            Flow::Continue
        } else {
            Flow::Exit(aggregate(batch_errors))
        }
    }

    /// `processReplica`: Ok(true) means "stop here" (under OrderedReady).
    fn process_replica(&self, cluster: &mut Cluster, ordinal: i64) -> Result<bool, String> {
        self.visit();
        let set = self.set;
        let params = self.params();
        let Some(info) = self.index.slot(ordinal) else {
            let pod_name = get_pod_name(&set.metadata.name, ordinal);
            if pod_claim_is_stale(cluster, params, &pod_name) {
                return Ok(true);
            }
            let (template, revision) = if uses_current_revision(set, ordinal) {
                (self.current_template, &self.revisions.current)
            } else {
                (self.update_template, &self.revisions.update)
            };
            let mut pod = new_stateful_set_pod(set, template, ordinal);
            set_pod_revision(&mut pod, revision);
            create_stateful_pod(cluster, set, params, pod)?;
            // Under Parallel upstream goes on with the planned pod, whose identity, storage and
            // fresh claims all match: nothing more happens for it in this sync.
            return Ok(self.monotonic);
        };
        if info.phase == PhaseClass::Done {
            if !info.terminating {
                delete_stateful_pod(cluster, set, &info.name).map_err(|e| e.server_message())?;
            }
            return Ok(true);
        }
        if info.phase == PhaseClass::Pending {
            create_missing_persistent_volume_claims(cluster, set, params, &info.name, &info.uid)?;
        }
        if self.monotonic && (info.terminating || !info.running_ready || !info.available) {
            return Ok(true);
        }
        let retention_match =
            claims_match_retention_policy(cluster, set, params, &info.name, &info.uid);
        if info.identity_ok && info.storage_ok && retention_match {
            return Ok(false);
        }
        let key = ObjectKey::new(Kind::Pod, set.metadata.namespace(), &info.name);
        let Some(pod) = cluster.store.get(&key).and_then(|o| o.as_pod()).cloned() else {
            return Ok(false);
        };
        update_stateful_pod(cluster, set, params, pod)?;
        Ok(false)
    }

    /// Condemned ordinals, highest first, optionally only those in `subset`.
    fn condemned_descending<'s>(
        &'s self,
        subset: Option<&'s std::collections::BTreeSet<i64>>,
    ) -> Box<dyn Iterator<Item = i64> + 's> {
        let (start, end) = (self.start, self.end);
        match subset {
            Some(set) => Box::new(
                set.range(end + 1..)
                    .rev()
                    .chain(set.range(..start).rev())
                    .copied(),
            ),
            None => Box::new(
                self.index
                    .slots
                    .range(end + 1..)
                    .rev()
                    .chain(self.index.slots.range(..start).rev())
                    .map(|(o, _)| *o),
            ),
        }
    }

    /// Step 9: condemned pods' claims get the references the retention policy asks for.
    fn fix_condemned_claims(&self, cluster: &mut Cluster) -> Flow {
        let subset = (!self.switches.reference_mode).then_some(&self.index.retention_bad);
        let ordinals: Vec<i64> = self.condemned_descending(subset).collect();
        let mut errors = Vec::new();
        for ordinal in ordinals {
            self.visit();
            let Some(info) = self.index.slot(ordinal) else {
                continue;
            };
            if claims_match_retention_policy(
                cluster,
                self.set,
                self.params(),
                &info.name,
                &info.uid,
            ) {
                continue;
            }
            if let Err(error) = update_pod_claim_for_retention_policy(
                cluster,
                self.set,
                self.params(),
                &info.name,
                &info.uid,
            ) {
                if self.monotonic {
                    return Flow::Exit(Err(error));
                }
                errors.push(error);
            }
        }
        match aggregate(errors) {
            Ok(()) => Flow::Continue,
            Err(error) => Flow::Exit(Err(error)),
        }
    }

    /// Step 10: `processCondemned` from the highest ordinal.
    fn process_condemned(&self, cluster: &mut Cluster, first_unhealthy: FirstUnhealthy) -> Flow {
        if self.monotonic {
            // Every branch of processCondemned stops the walk, so only the highest condemned
            // pod is ever looked at.
            let Some(ordinal) = self.condemned_descending(None).next() else {
                return Flow::Continue;
            };
            let Some(info) = self.index.slot(ordinal) else {
                return Flow::Continue;
            };
            if info.terminating {
                return Flow::Exit(Ok(()));
            }
            let is_first = first_unhealthy == FirstUnhealthy::Condemned(ordinal);
            if (!info.running_ready || !info.available) && !is_first {
                return Flow::Exit(Ok(()));
            }
            let result =
                delete_stateful_pod(cluster, self.set, &info.name).map_err(|e| e.server_message());
            return Flow::Exit(result);
        }
        let mut ordinals: Vec<i64> = if self.switches.reference_mode {
            self.condemned_descending(None).collect()
        } else {
            let mut live: Vec<i64> = self
                .index
                .by_revision
                .values()
                .flat_map(|set| {
                    set.range(self.end + 1..)
                        .chain(set.range(..self.start))
                        .copied()
                })
                .collect();
            live.sort_unstable_by(|a, b| b.cmp(a));
            live
        };
        ordinals.retain(|o| self.index.slot(*o).is_some_and(|info| !info.terminating));
        let mut errors = Vec::new();
        for ordinal in ordinals {
            if let Some(info) = self.index.slot(ordinal) {
                if let Err(error) = delete_stateful_pod(cluster, self.set, &info.name) {
                    errors.push(error.server_message());
                }
            }
        }
        match aggregate(errors) {
            Ok(()) => Flow::Continue,
            Err(error) => Flow::Exit(Err(error)),
        }
    }

    /// The pod in a slot as the rolling update sees it: the real pod, or the planned one.
    fn slot_state(&self, ordinal: i64) -> SlotState {
        match self.index.slot(ordinal) {
            Some(info) => SlotState {
                name: info.name.clone(),
                revision: info.revision.clone(),
                terminating: info.terminating,
                healthy: info.healthy(),
            },
            None => SlotState {
                name: get_pod_name(&self.set.metadata.name, ordinal),
                revision: if uses_current_revision(self.set, ordinal) {
                    self.revisions.current.clone()
                } else {
                    self.revisions.update.clone()
                },
                terminating: false,
                healthy: false,
            },
        }
    }

    /// The lowest ordinal the rolling update may touch (`start + partition`).
    fn update_min(&self) -> i64 {
        let partition = self
            .set
            .spec
            .update_strategy
            .as_ref()
            .and_then(|s| s.rolling_update.as_ref())
            .map(|r| i64::from(r.partition.unwrap_or(0)))
            .unwrap_or(0);
        self.start + partition
    }

    /// Deletes a pod for the update; a pod already gone is not an error.
    fn delete_for_update(
        &self,
        cluster: &mut Cluster,
        status: &mut StatefulSetStatus,
        name: &str,
    ) -> Result<(), String> {
        match delete_stateful_pod(cluster, self.set, name) {
            Ok(()) | Err(ApiError::NotFound { .. }) => {
                status.current_replicas -= 1;
                Ok(())
            }
            Err(error) => Err(error.server_message()),
        }
    }

    /// Step 13: one pod at a time, highest ordinal first, down to the partition.
    fn rolling_update(
        &self,
        cluster: &mut Cluster,
        status: &mut StatefulSetStatus,
    ) -> Result<(), String> {
        let low = self.update_min();
        let update = &self.revisions.update;
        if self.switches.reference_mode {
            let mut ordinal = self.end;
            while ordinal >= low {
                self.visit();
                let slot = self.slot_state(ordinal);
                if slot.revision != *update && !slot.terminating {
                    return self.delete_for_update(cluster, status, &slot.name);
                }
                if !slot.healthy {
                    return Ok(());
                }
                ordinal -= 1;
            }
            return Ok(());
        }
        if low > self.end {
            return Ok(());
        }
        let index = self.index;
        let top = [
            between(&index.unhealthy, low, self.end)
                .next_back()
                .copied(),
            index.highest_outdated(update, low, self.end),
            index.runs.last_absent(low, self.end),
        ]
        .into_iter()
        .flatten()
        .max();
        let Some(ordinal) = top else {
            return Ok(());
        };
        self.visit();
        let slot = self.slot_state(ordinal);
        if slot.revision != *update && !slot.terminating {
            return self.delete_for_update(cluster, status, &slot.name);
        }
        Ok(())
    }

    /// Step 14 (behind the MaxUnavailableStatefulSet switch): delete up to `maxUnavailable`
    /// outdated pods at once, counting unhealthy pods against the budget.
    fn update_after_invariant_established(
        &self,
        cluster: &mut Cluster,
        status: &mut StatefulSetStatus,
    ) -> Result<(), String> {
        let replicas = self.end - self.start + 1;
        let rolling = self
            .set
            .spec
            .update_strategy
            .as_ref()
            .and_then(|s| s.rolling_update.as_ref());
        let max_unavailable = match rolling {
            Some(rolling) => {
                get_stateful_set_max_unavailable(rolling.max_unavailable.as_ref(), replicas)?
            }
            None => 1,
        };
        let index = self.index;
        let unavailable = if self.switches.reference_mode {
            (self.start..=self.end)
                .filter(|o| index.slot(*o).is_none_or(|info| !info.healthy()))
                .count() as i64
        } else {
            let missing = replicas.max(0) - index.runs.count_in(self.start, self.end);
            missing + between(&index.unhealthy, self.start, self.end).count() as i64
        };
        if unavailable >= max_unavailable {
            return Ok(());
        }
        let to_delete = max_unavailable - unavailable;
        let low = self.update_min();
        let update = &self.revisions.update;
        let mut deleted = 0;
        let mut ordinal = self.end;
        while ordinal >= low && deleted < to_delete {
            let next = if self.switches.reference_mode {
                Some(ordinal)
            } else {
                // Outdated real pods, or planned pods built from the current revision.
                let planned = current_revision_threshold(self.set)
                    .and_then(|threshold| index.runs.last_absent(low, ordinal.min(threshold - 1)));
                [index.highest_outdated(update, low, ordinal), planned]
                    .into_iter()
                    .flatten()
                    .max()
            };
            let Some(target) = next else {
                break;
            };
            let slot = self.slot_state(target);
            if slot.revision != *update && !slot.terminating {
                self.delete_for_update(cluster, status, &slot.name)?;
                deleted += 1;
            }
            ordinal = target - 1;
        }
        Ok(())
    }
}
