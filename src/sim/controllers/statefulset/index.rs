//! The controller's per-set index of its pods: what upstream's sync recomputes from the pod
//! lister on every pass (the `replicas` and `condemned` slices, the unhealthy count, the status
//! counts), kept up to date incrementally so a sync costs O(log n) in the common case instead of
//! O(n).
//!
//! Each claimed pod is summarised once, when it changes, into a [`PodInfo`]: a pure function of
//! the pod, its claims, the set's parameters ([`IndexParams`]) and the current instant. From the
//! summaries the index keeps ordered sets that answer the reconcile's questions directly:
//!
//! * `runs` — the ordinals that have a pod, as intervals, so "the first ordinal without a pod"
//!   and "the last one" are O(log n) even when `replicas` is huge;
//! * `unhealthy` — pods that are not Running+Ready or are terminating (`!isHealthy`);
//! * `attention_monotonic` / `attention_parallel` — pods on which `processReplica` would do or
//!   wait for something under OrderedReady / Parallel; every other pod is a no-op there;
//! * `retention_bad` — pods whose claims do not follow the retention policy;
//! * `by_revision` — non-terminating pods by `controller-revision-hash`;
//! * `available_pending` — Ready pods waiting out `minReadySeconds`, by the instant they become
//!   available; `promote_available` moves them over as the clock passes that instant.
//!
//! Who may hold an ordinal: upstream puts pods into `replicas[ordinal-start]` in lister order,
//! so two pods parsing to one ordinal (`web-1` and `web-01`) make it pick one at random. Here the
//! canonical name wins, then the smaller name; the others are "extras" that only count where
//! upstream counts every claimed pod (status of a deleting set, live revisions).
//!
//! Architecture Invariant: the index equals [`SetIndex::build`] over the store at the same
//! instant; the controller's `verify_index` switch checks this after every incremental update.

use std::collections::{BTreeMap, BTreeSet};

use crate::sim::clock::SimTime;
use crate::sim::model::{Kind, LabelSelector, Pod, StatefulSet, Time};
use crate::sim::store::{ObjectKey, Store};

use super::retention::{
    has_unexpected_controller, is_claim_owner_up_to_date, PodIdentity, RetentionPolicy, SetIdentity,
};
use super::utils::{
    claim_template_names, get_end_ordinal, get_parent_name_and_ordinal,
    get_persistent_volume_claim_name, get_pod_name, get_pod_revision, get_start_ordinal,
    identity_matches, is_running_and_ready, selector_matches, storage_matches,
};

/// Everything about the set that a pod's summary depends on. When any of it changes the index
/// is rebuilt from the store.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexParams {
    pub uid: String,
    pub set_name: String,
    pub namespace: String,
    pub selector: Option<LabelSelector>,
    pub start: i64,
    pub end: i64,
    pub min_ready_seconds: i64,
    pub policy: RetentionPolicy,
    pub templates: Vec<String>,
}

impl IndexParams {
    pub fn of(set: &StatefulSet) -> IndexParams {
        IndexParams {
            uid: set.metadata.uid.clone(),
            set_name: set.metadata.name.clone(),
            namespace: set.metadata.namespace().to_string(),
            selector: set.spec.selector.clone(),
            start: get_start_ordinal(set),
            end: get_end_ordinal(set),
            min_ready_seconds: set.min_ready_seconds(),
            policy: RetentionPolicy::of(set),
            templates: claim_template_names(set),
        }
    }

    pub fn in_range(&self, ordinal: i64) -> bool {
        ordinal >= self.start && ordinal <= self.end
    }

    fn set_identity(&self) -> SetIdentity<'_> {
        SetIdentity {
            name: &self.set_name,
            uid: &self.uid,
            policy: self.policy,
        }
    }
}

/// The phase classes the reconcile distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseClass {
    Pending,
    Running,
    /// `Failed` or `Succeeded`: deleted and re-created by the controller.
    Done,
    /// `Unknown` or anything else.
    Other,
}

/// What the reconcile needs to know about one pod owned by the set.
#[derive(Debug, Clone, PartialEq)]
pub struct PodInfo {
    pub name: String,
    pub uid: String,
    pub ordinal: i64,
    /// Labels match the selector and the name parses to the set (`ClaimPods`' match); an owned
    /// pod that does not is released.
    pub claimed: bool,
    pub revision: String,
    pub phase: PhaseClass,
    /// `isRunningAndReady`.
    pub running_ready: bool,
    /// Running, Ready and Ready for `minReadySeconds` at the last evaluation.
    pub available: bool,
    /// When a Ready pod that is not yet available becomes available.
    pub available_at: Option<SimTime>,
    pub terminating: bool,
    pub identity_ok: bool,
    pub storage_ok: bool,
    /// Every claim exists, none is being deleted, none has a conflicting controller and all
    /// follow the retention policy: `createMissingPersistentVolumeClaims` would do nothing.
    pub claims_quiet: bool,
    /// `ClaimsMatchRetentionPolicy`: every existing claim follows the retention policy.
    pub retention_ok: bool,
}

impl PodInfo {
    /// `isHealthy`.
    pub fn healthy(&self) -> bool {
        self.running_ready && !self.terminating
    }

    /// Under OrderedReady `processReplica` returns "continue" without writing anything.
    fn quiet_monotonic(&self) -> bool {
        self.healthy() && self.available && self.identity_ok && self.storage_ok && self.retention_ok
    }

    /// Under Parallel `processReplica` writes something (or fails) for this pod.
    fn needs_parallel_visit(&self) -> bool {
        if self.phase == PhaseClass::Done {
            return !self.terminating;
        }
        (self.phase == PhaseClass::Pending && !self.claims_quiet)
            || !self.identity_ok
            || !self.storage_ok
            || !self.retention_ok
    }

    /// Summarises `pod` for a set with `params`, reading the pod's claims from `store`.
    pub fn classify(
        pod: &Pod,
        params: &IndexParams,
        set: &StatefulSet,
        store: &Store,
        now: SimTime,
    ) -> PodInfo {
        let (parent, ordinal) = get_parent_name_and_ordinal(&pod.metadata.name);
        let claimed = parent == params.set_name
            && selector_matches(params.selector.as_ref(), &pod.metadata.labels);
        let phase = match pod.phase() {
            "Pending" => PhaseClass::Pending,
            "Running" => PhaseClass::Running,
            "Failed" | "Succeeded" => PhaseClass::Done,
            _ => PhaseClass::Other,
        };
        let running_ready = is_running_and_ready(pod);
        let available = running_ready && pod.is_available(params.min_ready_seconds, now);
        let available_at = if running_ready && !available {
            pod.condition("Ready")
                .and_then(|c| c.last_transition_time)
                .map(|Time(since)| since + params.min_ready_seconds.max(0) as u64 * 1000)
        } else {
            None
        };
        let (claims_quiet, retention_ok) = if ordinal >= 0 {
            claims_state(
                params,
                store,
                &pod.metadata.name,
                &pod.metadata.uid,
                ordinal,
            )
        } else {
            (true, true)
        };
        PodInfo {
            name: pod.metadata.name.clone(),
            uid: pod.metadata.uid.clone(),
            ordinal,
            claimed,
            revision: get_pod_revision(pod).to_string(),
            phase,
            running_ready,
            available,
            available_at,
            terminating: pod.metadata.deletion_timestamp.is_some(),
            identity_ok: identity_matches(set, pod),
            storage_ok: storage_matches(set, pod),
            claims_quiet,
            retention_ok,
        }
    }
}

/// (`claims_quiet`, `retention_ok`) of the claims of the pod `name` with `ordinal`.
pub fn claims_state(
    params: &IndexParams,
    store: &Store,
    pod_name: &str,
    pod_uid: &str,
    ordinal: i64,
) -> (bool, bool) {
    let set = params.set_identity();
    let pod = PodIdentity {
        name: pod_name,
        uid: pod_uid,
        scaled_down: !params.in_range(ordinal),
    };
    let mut quiet = true;
    let mut retention_ok = true;
    for template in &params.templates {
        let name = get_persistent_volume_claim_name(&params.set_name, template, ordinal);
        let key = ObjectKey::new(Kind::PersistentVolumeClaim, &params.namespace, &name);
        match store.get(&key).and_then(|o| o.as_pvc()) {
            None => quiet = false,
            Some(claim) => {
                if claim.metadata.is_deleting() || has_unexpected_controller(claim, &set, &pod) {
                    quiet = false;
                }
                if !is_claim_owner_up_to_date(claim, &set, &pod) {
                    quiet = false;
                    retention_ok = false;
                }
            }
        }
    }
    (quiet, retention_ok)
}

/// The members of `set` in `from..=to` (empty when `from > to`, where `BTreeSet::range` would
/// panic).
pub fn between(
    set: &BTreeSet<i64>,
    from: i64,
    to: i64,
) -> impl DoubleEndedIterator<Item = &i64> + '_ {
    (from <= to)
        .then(|| set.range(from..=to))
        .into_iter()
        .flatten()
}

/// A set of ordinals kept as maximal runs `start..=end`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrdinalRuns {
    runs: BTreeMap<i64, i64>,
}

impl OrdinalRuns {
    fn run_containing(&self, ordinal: i64) -> Option<(i64, i64)> {
        self.runs
            .range(..=ordinal)
            .next_back()
            .filter(|(_, &end)| end >= ordinal)
            .map(|(&start, &end)| (start, end))
    }

    pub fn contains(&self, ordinal: i64) -> bool {
        self.run_containing(ordinal).is_some()
    }

    pub fn insert(&mut self, ordinal: i64) {
        if self.contains(ordinal) {
            return;
        }
        let left = self
            .runs
            .range(..ordinal)
            .next_back()
            .filter(|(_, &end)| end == ordinal - 1)
            .map(|(&start, _)| start);
        let right = self.runs.get(&(ordinal + 1)).copied();
        if right.is_some() {
            self.runs.remove(&(ordinal + 1));
        }
        let start = left.unwrap_or(ordinal);
        let end = right.unwrap_or(ordinal);
        self.runs.insert(start, end);
    }

    pub fn remove(&mut self, ordinal: i64) {
        let Some((start, end)) = self.run_containing(ordinal) else {
            return;
        };
        self.runs.remove(&start);
        if start < ordinal {
            self.runs.insert(start, ordinal - 1);
        }
        if ordinal < end {
            self.runs.insert(ordinal + 1, end);
        }
    }

    /// The lowest ordinal in `from..=to` that is not in the set.
    pub fn first_absent(&self, from: i64, to: i64) -> Option<i64> {
        let candidate = match self.run_containing(from) {
            Some((_, end)) => end + 1,
            None => from,
        };
        (candidate <= to).then_some(candidate)
    }

    /// The highest ordinal in `from..=to` that is not in the set.
    pub fn last_absent(&self, from: i64, to: i64) -> Option<i64> {
        let candidate = match self.run_containing(to) {
            Some((start, _)) => start - 1,
            None => to,
        };
        (candidate >= from && from <= to).then_some(candidate)
    }

    /// How many ordinals of `from..=to` are in the set.
    pub fn count_in(&self, from: i64, to: i64) -> i64 {
        if from > to {
            return 0;
        }
        let first = self.run_containing(from).map(|(s, _)| s).unwrap_or(from);
        self.runs
            .range(first..=to)
            .map(|(&s, &e)| e.min(to) - s.max(from) + 1)
            .filter(|n| *n > 0)
            .sum()
    }
}

/// Status counts over the pods that hold an ordinal (`computeReplicaStatus` over
/// `replicas + condemned`, whose planned pods do not count).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub created: i64,
    pub ready: i64,
    pub available: i64,
}

/// The index of one StatefulSet's pods. See the module header.
#[derive(Debug, Clone, PartialEq)]
pub struct SetIndex {
    pub params: IndexParams,
    /// Every pod the set controls, claimed or about to be released, by name.
    pub pods: BTreeMap<String, PodInfo>,
    /// Which pod holds each ordinal.
    pub slots: BTreeMap<i64, String>,
    /// Claimed pods that hold no ordinal (no valid ordinal, or a duplicate spelling).
    pub extras: BTreeSet<String>,
    /// Controlled pods that no longer match the selector: to be released.
    pub unmatched: BTreeSet<String>,
    pub runs: OrdinalRuns,
    pub unhealthy: BTreeSet<i64>,
    pub attention_monotonic: BTreeSet<i64>,
    pub attention_parallel: BTreeSet<i64>,
    pub retention_bad: BTreeSet<i64>,
    pub by_revision: BTreeMap<String, BTreeSet<i64>>,
    pub available_pending: BTreeSet<(SimTime, i64)>,
    pub counts: Counts,
    /// Revision labels of all claimed pods (for history truncation), with multiplicity.
    pub claimed_revisions: BTreeMap<String, usize>,
}

impl SetIndex {
    fn empty(params: IndexParams) -> SetIndex {
        SetIndex {
            params,
            pods: BTreeMap::new(),
            slots: BTreeMap::new(),
            extras: BTreeSet::new(),
            unmatched: BTreeSet::new(),
            runs: OrdinalRuns::default(),
            unhealthy: BTreeSet::new(),
            attention_monotonic: BTreeSet::new(),
            attention_parallel: BTreeSet::new(),
            retention_bad: BTreeSet::new(),
            by_revision: BTreeMap::new(),
            available_pending: BTreeSet::new(),
            counts: Counts::default(),
            claimed_revisions: BTreeMap::new(),
        }
    }

    /// The index of `set` from scratch: every pod whose controller reference carries its uid.
    pub fn build(set: &StatefulSet, store: &Store, now: SimTime) -> SetIndex {
        let params = IndexParams::of(set);
        let mut index = SetIndex::empty(params);
        let keys: Vec<ObjectKey> = store
            .pods_owned_by(&set.metadata.uid)
            .filter(|key| key.namespace == index.params.namespace)
            .cloned()
            .collect();
        for key in keys {
            index.refresh(&key.name, set, store, now);
        }
        index
    }

    /// Re-reads one pod from the store (it may be gone, released or newly controlled).
    pub fn refresh(&mut self, name: &str, set: &StatefulSet, store: &Store, now: SimTime) {
        self.remove(name);
        let key = ObjectKey::new(Kind::Pod, &self.params.namespace, name);
        let Some(pod) = store.get(&key).and_then(|o| o.as_pod()) else {
            return;
        };
        if pod.metadata.controller_ref().map(|r| r.uid.as_str()) != Some(&self.params.uid) {
            return;
        }
        let info = PodInfo::classify(pod, &self.params, set, store, now);
        self.insert(info);
    }

    /// Re-reads the pod holding `ordinal` after one of its claims changed.
    pub fn refresh_claims(&mut self, ordinal: i64, set: &StatefulSet, store: &Store, now: SimTime) {
        if let Some(name) = self.slots.get(&ordinal).cloned() {
            self.refresh(&name, set, store, now);
        }
        let extras: Vec<String> = self
            .extras
            .iter()
            .filter(|n| self.pods.get(*n).is_some_and(|i| i.ordinal == ordinal))
            .cloned()
            .collect();
        for name in extras {
            self.refresh(&name, set, store, now);
        }
    }

    /// Counts as available every Ready pod whose `minReadySeconds` have passed by `now`.
    pub fn promote_available(&mut self, now: SimTime) {
        while let Some(&(at, ordinal)) = self.available_pending.iter().next() {
            if at > now {
                break;
            }
            let Some(name) = self.slots.get(&ordinal).cloned() else {
                self.available_pending.remove(&(at, ordinal));
                continue;
            };
            let Some(mut info) = self.pods.get(&name).cloned() else {
                self.available_pending.remove(&(at, ordinal));
                continue;
            };
            self.unlink_slot(&info);
            info.available = true;
            info.available_at = None;
            self.link_slot(&info);
            self.pods.insert(name, info);
        }
    }

    /// When the next Ready pod becomes available, if any is waiting.
    pub fn next_available_at(&self) -> Option<SimTime> {
        self.available_pending.iter().next().map(|(at, _)| *at)
    }

    fn canonical(&self, info: &PodInfo) -> bool {
        info.name == get_pod_name(&self.params.set_name, info.ordinal)
    }

    /// Whether `a` rather than `b` should hold their common ordinal.
    fn wins(&self, a: &PodInfo, b: &PodInfo) -> bool {
        match (self.canonical(a), self.canonical(b)) {
            (true, false) => true,
            (false, true) => false,
            _ => a.name < b.name,
        }
    }

    fn insert(&mut self, info: PodInfo) {
        let name = info.name.clone();
        if !info.claimed {
            self.unmatched.insert(name.clone());
            self.pods.insert(name, info);
            return;
        }
        *self
            .claimed_revisions
            .entry(info.revision.clone())
            .or_default() += 1;
        if info.ordinal < 0 {
            self.extras.insert(name.clone());
            self.pods.insert(name, info);
            return;
        }
        match self.slots.get(&info.ordinal).cloned() {
            None => {
                self.link_slot(&info);
                self.slots.insert(info.ordinal, name.clone());
            }
            Some(holder) => {
                let holder_info = self.pods.get(&holder).cloned();
                match holder_info {
                    Some(holder_info) if !self.wins(&info, &holder_info) => {
                        self.extras.insert(name.clone());
                    }
                    Some(holder_info) => {
                        self.unlink_slot(&holder_info);
                        self.extras.insert(holder);
                        self.link_slot(&info);
                        self.slots.insert(info.ordinal, name.clone());
                    }
                    None => {
                        self.link_slot(&info);
                        self.slots.insert(info.ordinal, name.clone());
                    }
                }
            }
        }
        self.pods.insert(name, info);
    }

    fn remove(&mut self, name: &str) {
        let Some(info) = self.pods.remove(name) else {
            return;
        };
        if !info.claimed {
            self.unmatched.remove(name);
            return;
        }
        if let Some(count) = self.claimed_revisions.get_mut(&info.revision) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.claimed_revisions.remove(&info.revision);
            }
        }
        if self.extras.remove(name) {
            return;
        }
        if self.slots.get(&info.ordinal).map(String::as_str) == Some(name) {
            self.unlink_slot(&info);
            self.slots.remove(&info.ordinal);
            // A duplicate spelling of the same ordinal takes over.
            let mut best: Option<PodInfo> = None;
            for extra in &self.extras {
                if let Some(candidate) = self.pods.get(extra) {
                    if candidate.ordinal == info.ordinal
                        && best.as_ref().is_none_or(|b| self.wins(candidate, b))
                    {
                        best = Some(candidate.clone());
                    }
                }
            }
            if let Some(best) = best {
                self.extras.remove(&best.name);
                self.link_slot(&best);
                self.slots.insert(best.ordinal, best.name.clone());
            }
        }
    }

    fn link_slot(&mut self, info: &PodInfo) {
        let ordinal = info.ordinal;
        self.runs.insert(ordinal);
        if !info.healthy() {
            self.unhealthy.insert(ordinal);
        }
        if !info.quiet_monotonic() {
            self.attention_monotonic.insert(ordinal);
        }
        if info.needs_parallel_visit() {
            self.attention_parallel.insert(ordinal);
        }
        if !info.retention_ok {
            self.retention_bad.insert(ordinal);
        }
        if !info.terminating {
            self.by_revision
                .entry(info.revision.clone())
                .or_default()
                .insert(ordinal);
        }
        if let Some(at) = info.available_at {
            self.available_pending.insert((at, ordinal));
        }
        self.counts.created += 1;
        if info.running_ready {
            self.counts.ready += 1;
            if info.available {
                self.counts.available += 1;
            }
        }
    }

    fn unlink_slot(&mut self, info: &PodInfo) {
        let ordinal = info.ordinal;
        self.runs.remove(ordinal);
        self.unhealthy.remove(&ordinal);
        self.attention_monotonic.remove(&ordinal);
        self.attention_parallel.remove(&ordinal);
        self.retention_bad.remove(&ordinal);
        if !info.terminating {
            if let Some(set) = self.by_revision.get_mut(&info.revision) {
                set.remove(&ordinal);
                if set.is_empty() {
                    self.by_revision.remove(&info.revision);
                }
            }
        }
        if let Some(at) = info.available_at {
            self.available_pending.remove(&(at, ordinal));
        }
        self.counts.created -= 1;
        if info.running_ready {
            self.counts.ready -= 1;
            if info.available {
                self.counts.available -= 1;
            }
        }
    }

    /// The summary of the pod holding `ordinal`.
    pub fn slot(&self, ordinal: i64) -> Option<&PodInfo> {
        self.slots
            .get(&ordinal)
            .and_then(|name| self.pods.get(name))
    }

    /// Claimed pods (slot holders and extras), as `ClaimPods` returns them.
    pub fn claimed(&self) -> impl Iterator<Item = &PodInfo> + '_ {
        self.pods.values().filter(|info| info.claimed)
    }

    /// Ordinals of non-terminating pods at a revision other than `revision`, in `from..=to`,
    /// highest first per revision (merged by the caller).
    pub fn highest_outdated(&self, revision: &str, from: i64, to: i64) -> Option<i64> {
        if from > to {
            return None;
        }
        self.by_revision
            .iter()
            .filter(|(rev, _)| rev.as_str() != revision)
            .filter_map(|(_, ordinals)| between(ordinals, from, to).next_back().copied())
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_answer_gap_queries() {
        let mut runs = OrdinalRuns::default();
        for o in [0, 1, 2, 5, 6, 9] {
            runs.insert(o);
        }
        assert_eq!(runs.first_absent(0, 100), Some(3));
        assert_eq!(runs.first_absent(5, 100), Some(7));
        assert_eq!(runs.first_absent(9, 9), None);
        assert_eq!(runs.last_absent(0, 9), Some(8));
        assert_eq!(runs.last_absent(0, 6), Some(4));
        assert_eq!(runs.last_absent(5, 6), None);
        assert_eq!(runs.count_in(1, 6), 4);
        assert_eq!(runs.count_in(0, 100), 6);
        runs.remove(1);
        assert_eq!(runs.first_absent(0, 100), Some(1));
        assert_eq!(runs.count_in(0, 2), 2);
        runs.insert(1);
        runs.insert(3);
        runs.insert(4);
        assert_eq!(runs.first_absent(0, 100), Some(7));
        assert_eq!(runs.runs.len(), 2);
        runs.remove(0);
        runs.remove(6);
        assert_eq!(runs.runs.len(), 2);
        assert!(runs.contains(5) && !runs.contains(6) && runs.contains(9));
    }
}
