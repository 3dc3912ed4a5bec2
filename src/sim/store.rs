//! The API server's storage: every object by (kind, namespace, name), uids, resourceVersions,
//! graceful deletion with finalizers, the event recorder, and a feed of changes for the
//! controllers and for watches.
//!
//! Modelled on the generic registry of `k8s.io/apiserver` (`pkg/registry/generic/registry`):
//! a write bumps one global resourceVersion; a delete of an object that still has finalizers
//! (or a pod that still runs) only sets `deletionTimestamp`; the object goes away when the last
//! finalizer is removed. Admission (defaulting, validation, protection finalizers) lives in
//! [`crate::sim::api`], which is the only caller that creates user objects.
//!
//! Left out: optimistic concurrency between concurrent writers (there is one writer at a time),
//! field managers, and the 1 MiB etcd object limit (the playground's own limits apply instead).
//!
//! Architecture Invariant: iteration order is the key order (kind, namespace, name), never a hash
//! order; the change feed lists every write in the order it happened.

use std::collections::{BTreeMap, BTreeSet};

use crate::sim::clock::{Rng, SimTime};
use crate::sim::model::{Event, EventSource, Extra, Kind, Object, ObjectReference, Pod, Time};

/// Where an object lives: cluster-scoped kinds have an empty namespace.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectKey {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
}

impl ObjectKey {
    pub fn new(kind: Kind, namespace: &str, name: &str) -> ObjectKey {
        let namespace = if kind.namespaced() { namespace } else { "" };
        ObjectKey {
            kind,
            namespace: namespace.to_string(),
            name: name.to_string(),
        }
    }

    pub fn of(object: &Object) -> ObjectKey {
        ObjectKey::new(object.kind(), object.meta().namespace(), object.name())
    }
}

/// What happened to an object, for the controllers' queues and for watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeType {
    Added,
    Modified,
    Deleted,
}

#[derive(Debug, Clone)]
pub struct Change {
    pub key: ObjectKey,
    pub change: ChangeType,
    pub resource_version: u64,
    /// The object as it was just before it was removed (deletions only).
    pub previous: Option<Object>,
}

/// An API error, carrying what kubectl needs to print it (§3.1 of the behaviour reference).
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// `Error from server (NotFound): pods "x" not found`
    NotFound { kind: Kind, name: String },
    /// `Error from server (AlreadyExists): statefulsets.apps "web" already exists`
    AlreadyExists { kind: Kind, name: String },
    /// `The StatefulSet "web" is invalid: …` with one or more `path: message` causes.
    Invalid {
        kind: Kind,
        name: String,
        causes: Vec<String>,
    },
    /// Any other status error: `Error from server (<reason>): <message>`.
    Status { reason: String, message: String },
}

impl ApiError {
    pub fn not_found(kind: Kind, name: &str) -> ApiError {
        ApiError::NotFound {
            kind,
            name: name.to_string(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::Status {
            reason: "BadRequest".into(),
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::Status {
            reason: "Forbidden".into(),
            message: message.into(),
        }
    }

    /// The status message as the server sends it (and as controller events quote it).
    pub fn server_message(&self) -> String {
        match self {
            ApiError::NotFound { kind, name } => {
                format!("{} \"{name}\" not found", kind.qualified_plural())
            }
            ApiError::AlreadyExists { kind, name } => {
                format!("{} \"{name}\" already exists", kind.qualified_plural())
            }
            ApiError::Invalid { kind, name, causes } => {
                let qualified = match kind.info().group {
                    "" => kind.name().to_string(),
                    group => format!("{}.{group}", kind.name()),
                };
                if causes.len() == 1 {
                    format!("{qualified} \"{name}\" is invalid: {}", causes[0])
                } else {
                    format!("{qualified} \"{name}\" is invalid: [{}]", causes.join(", "))
                }
            }
            ApiError::Status { message, .. } => message.clone(),
        }
    }

    /// The reason word kubectl puts in `Error from server (<reason>)`.
    pub fn reason(&self) -> &str {
        match self {
            ApiError::NotFound { .. } => "NotFound",
            ApiError::AlreadyExists { .. } => "AlreadyExists",
            ApiError::Invalid { .. } => "Invalid",
            ApiError::Status { reason, .. } => reason,
        }
    }
}

/// How many objects the playground keeps at most (events are counted separately).
pub const OBJECT_COUNT_MAX: usize = 20_000;
/// How many events are kept; older ones are dropped first, as the event TTL would.
pub const EVENT_COUNT_MAX: usize = 5_000;
/// The API server's default event TTL (`--event-ttl=1h`).
pub const EVENT_TTL_MS: SimTime = 60 * 60 * 1000;

#[derive(Debug, Clone)]
pub struct Store {
    objects: BTreeMap<ObjectKey, Object>,
    /// Events, each boxed (an event is large and thousands are kept) under a key that the
    /// bookkeeping maps below share instead of copying.
    events: BTreeMap<EventKey, Box<Event>>,
    /// Event keys in the order they were last written, for expiry and "newest first" views.
    event_order: BTreeMap<u64, EventKey>,
    /// Event keys by a hash of what makes two events "the same" (object, type, reason,
    /// message, source); a lookup compares those fields, so a collision never merges two.
    event_index: BTreeMap<u64, Vec<EventKey>>,
    /// The last write (resourceVersion) of each event, to find it in `event_order`.
    event_written: BTreeMap<EventKey, u64>,
    resource_version: u64,
    changes: Vec<Change>,
    /// Objects that exist per kind, for limits and quick counts.
    counts: BTreeMap<Kind, usize>,
    rng: Rng,
    /// Ordered index: pods by the uid of their controlling owner.
    pods_by_owner: BTreeMap<String, BTreeSet<ObjectKey>>,
    /// Ordered index: pods by `spec.nodeName` (the field index the scheduler and kubelet use).
    pods_by_node: BTreeMap<String, BTreeSet<ObjectKey>>,
    /// Ordered index: every object by the uid of each of its owner references (for the garbage
    /// collector).
    dependents_by_owner: BTreeMap<String, BTreeSet<ObjectKey>>,
    /// Ordered index: pods by the (namespace, claim name) of each claim their volumes use.
    pods_by_claim: BTreeMap<(String, String), BTreeSet<ObjectKey>>,
    /// Ordered index: PersistentVolume names by the (namespace, name) of their `claimRef`;
    /// volumes without a `claimRef` are under `None`.
    volumes_by_claim: BTreeMap<Option<(String, String)>, BTreeSet<String>>,
    /// Every write while a watch is open (`kubectl get -w`), in order.
    watch_log: Option<std::collections::VecDeque<WatchEvent>>,
    /// Ordered index: pods without a controlling owner, by namespace (the orphans a workload
    /// controller may adopt; upstream's `OrphanPodIndexKey`).
    orphan_pods: BTreeMap<String, BTreeSet<ObjectKey>>,
    /// The last non-empty map of uninterpreted fields stored at each [`ExtraSite`]: the pods,
    /// claims and volumes of one workload end up with equal ones (defaults, the node's
    /// `hostIPs`, a provisioner's `hostPath`), and an equal map is stored shared, not once per
    /// object.
    last_extra: [Option<Extra>; EXTRA_SITES],
}

/// Where a map of uninterpreted fields sits in a stored object (see `Store::last_extra`).
#[derive(Debug, Clone, Copy)]
enum ExtraSite {
    PodSpec,
    Container,
    ContainerPort,
    VolumeMount,
    PodVolume,
    PodStatus,
    ClaimSpec,
    ClaimStatus,
    VolumeSpec,
    VolumeStatus,
}

/// How many [`ExtraSite`]s there are.
const EXTRA_SITES: usize = 10;

/// The key of a kept event, shared by the store's four event maps.
type EventKey = std::sync::Arc<ObjectKey>;

/// One write seen by a watch: the object after the write (before it, for a removal).
#[derive(Debug, Clone)]
pub struct WatchEvent {
    pub key: ObjectKey,
    pub change: ChangeType,
    pub object: Option<Object>,
}

/// How many writes a watch buffers between polls before dropping the oldest.
pub const WATCH_LOG_MAX: usize = 100_000;

impl Store {
    pub fn new(seed: u64) -> Store {
        Store {
            objects: BTreeMap::new(),
            events: BTreeMap::new(),
            event_order: BTreeMap::new(),
            event_index: BTreeMap::new(),
            event_written: BTreeMap::new(),
            resource_version: 1000,
            changes: Vec::new(),
            counts: BTreeMap::new(),
            rng: Rng::new(seed ^ 0xA11C_E5ED),
            pods_by_owner: BTreeMap::new(),
            pods_by_node: BTreeMap::new(),
            dependents_by_owner: BTreeMap::new(),
            pods_by_claim: BTreeMap::new(),
            volumes_by_claim: BTreeMap::new(),
            watch_log: None,
            orphan_pods: BTreeMap::new(),
            last_extra: Default::default(),
        }
    }

    /// A fresh uid in the usual 8-4-4-4-12 form, from the seeded source.
    pub fn new_uid(&mut self) -> String {
        let hex = self.rng.hex(32);
        // Version 4 (random) with the RFC 4122 variant, like the API server's uids.
        let variant = ["8", "9", "a", "b"][usize::from(hex.as_bytes()[16] % 4)];
        let mut uid = String::with_capacity(36);
        for part in [
            &hex[0..8],
            "-",
            &hex[8..12],
            "-4",
            &hex[13..16],
            "-",
            variant,
            &hex[17..20],
            "-",
            &hex[20..32],
        ] {
            uid.push_str(part);
        }
        uid
    }

    pub fn resource_version(&self) -> u64 {
        self.resource_version
    }

    pub fn get(&self, key: &ObjectKey) -> Option<&Object> {
        if key.kind == Kind::Event {
            return None;
        }
        self.objects.get(key)
    }

    pub fn contains(&self, key: &ObjectKey) -> bool {
        self.objects.contains_key(key)
    }

    /// All objects of a kind (in one namespace, or all namespaces when `namespace` is None),
    /// in name order.
    pub fn list(&self, kind: Kind, namespace: Option<&str>) -> impl Iterator<Item = &Object> + '_ {
        let (start, end) = match namespace {
            Some(ns) if kind.namespaced() => (
                ObjectKey {
                    kind,
                    namespace: ns.to_string(),
                    name: String::new(),
                },
                Some(ObjectKey {
                    kind,
                    namespace: format!("{ns}\0"),
                    name: String::new(),
                }),
            ),
            _ => (
                ObjectKey {
                    kind,
                    namespace: String::new(),
                    name: String::new(),
                },
                None,
            ),
        };
        self.objects
            .range(start..)
            .take_while(move |(key, _)| {
                key.kind == kind && end.as_ref().is_none_or(|end| *key < end)
            })
            .map(|(_, object)| object)
    }

    pub fn count(&self, kind: Kind) -> usize {
        self.counts.get(&kind).copied().unwrap_or(0)
    }

    pub fn total_objects(&self) -> usize {
        self.objects.len()
    }

    /// Keys of the pods whose controller owner has this uid.
    pub fn pods_owned_by(&self, owner_uid: &str) -> impl Iterator<Item = &ObjectKey> + '_ {
        self.pods_by_owner.get(owner_uid).into_iter().flatten()
    }

    /// Keys of the pods bound to `node` (`spec.nodeName`), in key order.
    pub fn pods_on_node(&self, node: &str) -> impl Iterator<Item = &ObjectKey> + '_ {
        self.pods_by_node.get(node).into_iter().flatten()
    }

    /// How many pods are bound to `node`, in constant time.
    pub fn pod_count_on_node(&self, node: &str) -> usize {
        self.pods_by_node.get(node).map_or(0, BTreeSet::len)
    }

    /// Keys of the objects that list this uid among their owner references.
    pub fn dependents_of(&self, owner_uid: &str) -> impl Iterator<Item = &ObjectKey> + '_ {
        self.dependents_by_owner
            .get(owner_uid)
            .into_iter()
            .flatten()
    }

    /// Keys of the pods in `namespace` with a volume that uses the claim `claim_name`.
    pub fn pods_using_claim(
        &self,
        namespace: &str,
        claim_name: &str,
    ) -> impl Iterator<Item = &ObjectKey> + '_ {
        self.pods_by_claim
            .get(&(namespace.to_string(), claim_name.to_string()))
            .into_iter()
            .flatten()
    }

    /// Names of the PersistentVolumes whose `claimRef` names this claim, or of the volumes
    /// without a `claimRef` when `claim` is None.
    pub fn volumes_claimed_by(
        &self,
        claim: Option<(&str, &str)>,
    ) -> impl Iterator<Item = &String> + '_ {
        let key = claim.map(|(namespace, name)| (namespace.to_string(), name.to_string()));
        self.volumes_by_claim.get(&key).into_iter().flatten()
    }

    /// Opens the watch log: every write from now on is kept for [`Store::take_watch_events`].
    pub fn start_watch(&mut self) {
        self.watch_log
            .get_or_insert_with(std::collections::VecDeque::new);
    }

    pub fn stop_watch(&mut self) {
        self.watch_log = None;
    }

    /// The writes since the last call (empty when no watch is open).
    pub fn take_watch_events(&mut self) -> Vec<WatchEvent> {
        match &mut self.watch_log {
            Some(log) => std::mem::take(log).into(),
            None => Vec::new(),
        }
    }

    fn record_change(&mut self, change: Change) {
        if let Some(log) = &mut self.watch_log {
            let object = self
                .objects
                .get(&change.key)
                .cloned()
                .or_else(|| change.previous.clone());
            if log.len() >= WATCH_LOG_MAX {
                log.pop_front();
            }
            log.push_back(WatchEvent {
                key: change.key.clone(),
                change: change.change,
                object,
            });
        }
        self.changes.push(change);
    }

    /// Keys of the pods of a namespace that have no controlling owner, in name order.
    pub fn orphan_pods(&self, namespace: &str) -> impl Iterator<Item = &ObjectKey> + '_ {
        self.orphan_pods.get(namespace).into_iter().flatten()
    }

    /// The map to store instead of `extra` at `site`: the last one stored there when it is
    /// equal but not already the same allocation (None when `extra` stays as it is).
    fn shared_extra(&mut self, site: ExtraSite, extra: &Extra) -> Option<Extra> {
        if extra.is_empty() {
            // Empty maps already share one allocation.
            return None;
        }
        let slot = self.last_extra.get_mut(site as usize)?;
        match slot {
            Some(last) if last.ptr_eq(extra) => None,
            Some(last) if *last == *extra => Some(last.clone()),
            _ => {
                *slot = Some(extra.clone());
                None
            }
        }
    }

    /// Stores an object's maps of uninterpreted fields shared with the previous object's when
    /// they are equal (a memory saving only: the two compare, print and serialise the same).
    /// A shared spec is written (and so copied) only where a map is replaced.
    fn share_extras(&mut self, object: &mut Object) {
        match object {
            Object::Pod(pod) => {
                if let Some(extra) = self.shared_extra(ExtraSite::PodSpec, &pod.spec.extra) {
                    pod.spec.extra = extra;
                }
                for init in [true, false] {
                    let count = if init {
                        pod.spec.init_containers.len()
                    } else {
                        pod.spec.containers.len()
                    };
                    for index in 0..count {
                        self.share_container_extras(pod, init, index);
                    }
                }
                for index in 0..pod.spec.volumes.len() {
                    let replacement =
                        pod.spec.volumes.get(index).and_then(|volume| {
                            self.shared_extra(ExtraSite::PodVolume, &volume.extra)
                        });
                    if let (Some(extra), Some(volume)) =
                        (replacement, pod.spec.volumes.get_mut(index))
                    {
                        volume.extra = extra;
                    }
                }
                if let Some(extra) = self.shared_extra(ExtraSite::PodStatus, &pod.status.extra) {
                    pod.status.extra = extra;
                }
            }
            Object::PersistentVolumeClaim(claim) => {
                if let Some(extra) = self.shared_extra(ExtraSite::ClaimSpec, &claim.spec.extra) {
                    claim.spec.extra = extra;
                }
                if let Some(extra) = self.shared_extra(ExtraSite::ClaimStatus, &claim.status.extra)
                {
                    claim.status.extra = extra;
                }
            }
            Object::PersistentVolume(volume) => {
                if let Some(extra) = self.shared_extra(ExtraSite::VolumeSpec, &volume.spec.extra) {
                    volume.spec.extra = extra;
                }
                if let Some(extra) =
                    self.shared_extra(ExtraSite::VolumeStatus, &volume.status.extra)
                {
                    volume.status.extra = extra;
                }
            }
            _ => {}
        }
    }

    /// [`Store::share_extras`] for one container of a pod (an init container when `init`):
    /// its own map, its ports' and its volume mounts'.
    fn share_container_extras(&mut self, pod: &mut Pod, init: bool, index: usize) {
        let found = if init {
            pod.spec.init_containers.get(index)
        } else {
            pod.spec.containers.get(index)
        };
        let Some(found) = found else {
            return;
        };
        let own = self.shared_extra(ExtraSite::Container, &found.extra);
        let ports: Vec<Option<Extra>> = found
            .ports
            .iter()
            .map(|port| self.shared_extra(ExtraSite::ContainerPort, &port.extra))
            .collect();
        let mounts: Vec<Option<Extra>> = found
            .volume_mounts
            .iter()
            .map(|mount| self.shared_extra(ExtraSite::VolumeMount, &mount.extra))
            .collect();
        if own.is_none() && ports.iter().chain(&mounts).all(Option::is_none) {
            return;
        }
        let spec = &mut pod.spec;
        let container = if init {
            spec.init_containers.get_mut(index)
        } else {
            spec.containers.get_mut(index)
        };
        let Some(container) = container else {
            return;
        };
        if let Some(extra) = own {
            container.extra = extra;
        }
        for (port, extra) in container.ports.iter_mut().zip(ports) {
            if let Some(extra) = extra {
                port.extra = extra;
            }
        }
        for (mount, extra) in container.volume_mounts.iter_mut().zip(mounts) {
            if let Some(extra) = extra {
                mount.extra = extra;
            }
        }
    }

    fn next_resource_version(&mut self) -> u64 {
        self.resource_version += 1;
        self.resource_version
    }

    fn index_remove(&mut self, key: &ObjectKey, object: &Object) {
        for (owner, claim, volume_claim) in secondary_index_keys(object) {
            if let Some(owner) = owner {
                index_forget(&mut self.dependents_by_owner, &owner, key);
            }
            if let Some(claim) = claim {
                index_forget(&mut self.pods_by_claim, &claim, key);
            }
            if let Some(volume_claim) = volume_claim {
                index_forget(&mut self.volumes_by_claim, &volume_claim, &key.name);
            }
        }
        if let Object::Pod(pod) = object {
            if let Some(owner) = pod.metadata.controller_ref() {
                if let Some(set) = self.pods_by_owner.get_mut(&owner.uid) {
                    set.remove(key);
                    if set.is_empty() {
                        self.pods_by_owner.remove(&owner.uid);
                    }
                }
            } else if let Some(set) = self.orphan_pods.get_mut(&key.namespace) {
                set.remove(key);
                if set.is_empty() {
                    self.orphan_pods.remove(&key.namespace);
                }
            }
            if let Some(node) = &pod.spec.node_name {
                if let Some(set) = self.pods_by_node.get_mut(node) {
                    set.remove(key);
                    if set.is_empty() {
                        self.pods_by_node.remove(node);
                    }
                }
            }
        }
    }

    fn index_add(&mut self, key: &ObjectKey, object: &Object) {
        for (owner, claim, volume_claim) in secondary_index_keys(object) {
            if let Some(owner) = owner {
                self.dependents_by_owner
                    .entry(owner)
                    .or_default()
                    .insert(key.clone());
            }
            if let Some(claim) = claim {
                self.pods_by_claim
                    .entry(claim)
                    .or_default()
                    .insert(key.clone());
            }
            if let Some(volume_claim) = volume_claim {
                self.volumes_by_claim
                    .entry(volume_claim)
                    .or_default()
                    .insert(key.name.clone());
            }
        }
        if let Object::Pod(pod) = object {
            if let Some(owner) = pod.metadata.controller_ref() {
                self.pods_by_owner
                    .entry(owner.uid.clone())
                    .or_default()
                    .insert(key.clone());
            } else {
                self.orphan_pods
                    .entry(key.namespace.clone())
                    .or_default()
                    .insert(key.clone());
            }
            if let Some(node) = &pod.spec.node_name {
                self.pods_by_node
                    .entry(node.clone())
                    .or_default()
                    .insert(key.clone());
            }
        }
    }

    /// Stores a new object exactly as given (admission already ran), assigning uid,
    /// resourceVersion and creationTimestamp.
    pub fn insert(&mut self, mut object: Object, now: SimTime) -> Result<ObjectKey, ApiError> {
        let key = ObjectKey::of(&object);
        if self.objects.contains_key(&key) {
            return Err(ApiError::AlreadyExists {
                kind: key.kind,
                name: key.name,
            });
        }
        if self.objects.len() >= OBJECT_COUNT_MAX {
            return Err(ApiError::forbidden(format!(
                "the playground holds at most {OBJECT_COUNT_MAX} objects; delete some before creating more"
            )));
        }
        let rv = self.next_resource_version();
        let uid = if object.meta().uid.is_empty() {
            self.new_uid()
        } else {
            object.meta().uid.clone()
        };
        let meta = object.meta_mut();
        meta.uid = uid;
        meta.resource_version = rv.to_string();
        meta.creation_timestamp = Some(Time(now));
        if !key.kind.namespaced() {
            meta.namespace = None;
        }
        self.share_extras(&mut object);
        self.index_add(&key, &object);
        self.objects.insert(key.clone(), object);
        *self.counts.entry(key.kind).or_default() += 1;
        self.record_change(Change {
            key: key.clone(),
            change: ChangeType::Added,
            resource_version: rv,
            previous: None,
        });
        Ok(key)
    }

    /// Replaces a stored object (same key), bumping its resourceVersion. If the new version has
    /// a deletionTimestamp and no finalizers left, the object is removed instead.
    pub fn update(&mut self, mut object: Object) -> Result<(), ApiError> {
        let key = ObjectKey::of(&object);
        let Some(old) = self.objects.get(&key) else {
            return Err(ApiError::NotFound {
                kind: key.kind,
                name: key.name,
            });
        };
        if old == &object {
            return Ok(());
        }
        if object.meta().is_deleting()
            && object.meta().finalizers.is_empty()
            && !self.blocks_removal(&object)
        {
            self.remove(&key);
            return Ok(());
        }
        let reindex = !same_index_entries(old, &object);
        self.share_extras(&mut object);
        let rv = self.next_resource_version();
        object.meta_mut().resource_version = rv.to_string();
        if reindex {
            // Take the old version out rather than copying it: objects are large.
            if let Some(old) = self.objects.remove(&key) {
                self.index_remove(&key, &old);
            }
            self.index_add(&key, &object);
            self.objects.insert(key.clone(), object);
        } else if let Some(slot) = self.objects.get_mut(&key) {
            // Most writes (status, phase, conditions) leave every index entry as it was.
            *slot = object;
        }
        self.record_change(Change {
            key,
            change: ChangeType::Modified,
            resource_version: rv,
            previous: None,
        });
        Ok(())
    }

    /// Changes one object in place through a closure; no write happens if nothing changed.
    pub fn modify<F>(&mut self, key: &ObjectKey, change: F) -> Result<(), ApiError>
    where
        F: FnOnce(&mut Object),
    {
        let Some(mut object) = self.objects.get(key).cloned() else {
            return Err(ApiError::NotFound {
                kind: key.kind,
                name: key.name.clone(),
            });
        };
        change(&mut object);
        self.update(object)
    }

    /// A scheduled pod deleted with a grace period is not removed by an update (not even the
    /// kubelet's status update that reports it terminated): the kubelet removes it with its
    /// final delete once the containers have stopped, as the API server only completes a
    /// graceful pod deletion on a delete with grace period 0. A namespace with
    /// `spec.finalizers` is not removed either.
    fn blocks_removal(&self, object: &Object) -> bool {
        match object {
            // A namespace is held by its `spec.finalizers` until the namespace controller has
            // emptied it (see `api::sync_terminating_namespace`).
            Object::Namespace(namespace) => namespace
                .spec
                .get("finalizers")
                .and_then(|f| f.as_array())
                .is_some_and(|list| !list.is_empty()),
            Object::Pod(pod) => {
                pod.spec.node_name.is_some()
                    && pod.metadata.deletion_grace_period_seconds.unwrap_or(0) > 0
            }
            _ => false,
        }
    }

    /// Starts deleting an object: immediate removal when nothing holds it, otherwise sets
    /// deletionTimestamp (and the grace period for pods). Returns true if it is gone now.
    pub fn delete(
        &mut self,
        key: &ObjectKey,
        grace_period_seconds: Option<i64>,
        now: SimTime,
    ) -> Result<bool, ApiError> {
        let Some(object) = self.objects.get(key).cloned() else {
            return Err(ApiError::NotFound {
                kind: key.kind,
                name: key.name.clone(),
            });
        };
        let mut object = object;
        let meta = object.meta_mut();
        if meta.deletion_timestamp.is_some() {
            // Already terminating: a shorter grace period still takes effect for pods.
            if let (Some(grace), Object::Pod(_)) = (grace_period_seconds, &object) {
                if grace == 0 {
                    self.remove(key);
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        let grace = match &object {
            Object::Pod(pod) => grace_period_seconds
                .or(pod.spec.termination_grace_period_seconds)
                .unwrap_or(30)
                .max(0),
            _ => 0,
        };
        let unscheduled_pod =
            matches!(&object, Object::Pod(p) if p.spec.node_name.is_none() || p.is_terminated());
        let meta = object.meta_mut();
        if meta.finalizers.is_empty() && (grace == 0 || unscheduled_pod || key.kind != Kind::Pod) {
            self.remove(key);
            return Ok(true);
        }
        meta.deletion_timestamp = Some(Time(now + grace as u64 * 1000));
        meta.deletion_grace_period_seconds = Some(grace);
        let rv = self.next_resource_version();
        object.meta_mut().resource_version = rv.to_string();
        self.objects.insert(key.clone(), object);
        self.record_change(Change {
            key: key.clone(),
            change: ChangeType::Modified,
            resource_version: rv,
            previous: None,
        });
        Ok(false)
    }

    /// Removes an object for good (the last step of a deletion).
    pub fn remove(&mut self, key: &ObjectKey) -> Option<Object> {
        let object = self.objects.remove(key)?;
        self.index_remove(key, &object);
        if let Some(count) = self.counts.get_mut(&key.kind) {
            *count = count.saturating_sub(1);
        }
        let rv = self.next_resource_version();
        self.record_change(Change {
            key: key.clone(),
            change: ChangeType::Deleted,
            resource_version: rv,
            previous: Some(object.clone()),
        });
        Some(object)
    }

    /// Takes the changes recorded since the last call.
    pub fn take_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }

    pub fn has_pending_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    /// Records an event the way client-go's recorder does: an identical event on the same
    /// object (same type, reason, message and source) is counted instead of repeated.
    pub fn record_event(
        &mut self,
        involved: ObjectReference,
        type_: &str,
        reason: &str,
        message: &str,
        component: &str,
        now: SimTime,
    ) {
        self.expire_events(now);
        let identity = event_identity(&involved, type_, reason, message, component);
        let rv = self.next_resource_version();
        let same = self.event_index.get(&identity).and_then(|keys| {
            keys.iter().find(|key| {
                self.events.get(*key).is_some_and(|event| {
                    same_event(event, &involved, type_, reason, message, component)
                })
            })
        });
        if let Some(key) = same.cloned() {
            if let Some(event) = self.events.get_mut(&key) {
                event.count += 1;
                event.last_timestamp = Some(Time(now));
                event.metadata.resource_version = rv.to_string();
                if let Some(previous) = self.event_written.insert(key.clone(), rv) {
                    self.event_order.remove(&previous);
                }
                self.event_order.insert(rv, key);
                return;
            }
        }
        // Like the real recorder: the hex of the event's Unix time in nanoseconds, so names sort
        // by object and then by time. The resourceVersion keeps two events at one instant apart.
        let unix_nanos = (crate::sim::clock::EPOCH_UNIX_SECONDS as u128 * 1000 + now as u128)
            * 1_000_000
            + u128::from(rv % 1_000_000);
        let suffix = format!("{unix_nanos:x}");
        let namespace = if involved.namespace.is_empty() {
            "default".to_string()
        } else {
            involved.namespace.clone()
        };
        let name = format!("{}.{suffix}", involved.name);
        let uid = self.new_uid();
        let event = Event {
            metadata: crate::sim::model::ObjectMeta {
                name: name.clone(),
                namespace: Some(namespace.clone()),
                uid,
                resource_version: rv.to_string(),
                creation_timestamp: Some(Time(now)),
                ..Default::default()
            },
            involved_object: involved,
            reason: reason.to_string(),
            message: message.to_string(),
            source: EventSource {
                component: component.to_string(),
                host: String::new(),
            },
            first_timestamp: Some(Time(now)),
            last_timestamp: Some(Time(now)),
            count: 1,
            type_: type_.to_string(),
            reporting_component: component.to_string(),
            reporting_instance: String::new(),
        };
        let key = EventKey::new(ObjectKey::new(Kind::Event, &namespace, &name));
        self.events.insert(key.clone(), Box::new(event));
        self.event_index
            .entry(identity)
            .or_default()
            .push(key.clone());
        self.event_written.insert(key.clone(), rv);
        self.event_order.insert(rv, key);
        while self.events.len() > EVENT_COUNT_MAX {
            let Some((&oldest, _)) = self.event_order.iter().next() else {
                break;
            };
            self.drop_event(oldest);
        }
    }

    fn drop_event(&mut self, written: u64) {
        if let Some(key) = self.event_order.remove(&written) {
            self.event_written.remove(&key);
            if let Some(event) = self.events.remove(&key) {
                let identity = event_identity(
                    &event.involved_object,
                    &event.type_,
                    &event.reason,
                    &event.message,
                    &event.source.component,
                );
                if let Some(keys) = self.event_index.get_mut(&identity) {
                    keys.retain(|k| *k != key);
                    if keys.is_empty() {
                        self.event_index.remove(&identity);
                    }
                }
            }
        }
    }

    fn expire_events(&mut self, now: SimTime) {
        while let Some((&rv, key)) = self.event_order.iter().next() {
            let key = key.clone();
            let expired = self
                .events
                .get(&key)
                .and_then(|e| e.last_timestamp)
                .is_none_or(|Time(at)| at + EVENT_TTL_MS < now);
            if !expired {
                break;
            }
            self.drop_event(rv);
        }
    }

    /// Events, oldest write first.
    pub fn events(&self) -> impl Iterator<Item = &Event> + '_ {
        self.event_order
            .values()
            .filter_map(|key| self.events.get(key).map(|event| &**event))
    }

    pub fn event_count(&self) -> usize {
        self.events.len()
    }

    /// Events, newest write first: the page's log reads only the newest few.
    pub fn events_newest_first(&self) -> impl Iterator<Item = &Event> + '_ {
        self.event_order
            .values()
            .rev()
            .filter_map(|key| self.events.get(key).map(|event| &**event))
    }

    /// The resourceVersion of the newest event write. With [`Store::event_count`] it tells
    /// whether any event was written or expired since it was last read.
    pub fn newest_event_version(&self) -> Option<u64> {
        self.event_order.keys().next_back().copied()
    }
}

/// One entry of the secondary indexes: an owner uid, a claim a pod uses, or a volume's claim.
type SecondaryIndexKey = (
    Option<String>,
    Option<(String, String)>,
    Option<Option<(String, String)>>,
);

/// The secondary index entries of one object: one per owner reference, one per claim a pod's
/// volumes use, and one for a PersistentVolume's `claimRef` (or its absence).
fn secondary_index_keys(object: &Object) -> Vec<SecondaryIndexKey> {
    let mut keys: Vec<SecondaryIndexKey> = object
        .meta()
        .owner_references
        .iter()
        .map(|owner| (Some(owner.uid.clone()), None, None))
        .collect();
    match object {
        Object::Pod(pod) => {
            let namespace = pod.metadata.namespace().to_string();
            keys.extend(pod.spec.volumes.iter().filter_map(|volume| {
                let claim = volume.persistent_volume_claim.as_ref()?;
                Some((
                    None,
                    Some((namespace.clone(), claim.claim_name.clone())),
                    None,
                ))
            }));
        }
        Object::PersistentVolume(volume) => {
            let claim = volume
                .spec
                .claim_ref
                .as_ref()
                .map(|claim| (claim.namespace.clone(), claim.name.clone()));
            keys.push((None, None, Some(claim)));
        }
        _ => {}
    }
    keys
}

/// Whether two versions of one object have the same secondary index entries: the same owner
/// references (uid and controller flag), and for a pod the same node and claims, for a volume
/// the same `claimRef`.
fn same_index_entries(old: &Object, new: &Object) -> bool {
    let (old_owners, new_owners) = (&old.meta().owner_references, &new.meta().owner_references);
    if old_owners.len() != new_owners.len()
        || old_owners
            .iter()
            .zip(new_owners)
            .any(|(a, b)| a.uid != b.uid || a.controller != b.controller)
    {
        return false;
    }
    match (old, new) {
        (Object::Pod(old), Object::Pod(new)) => {
            old.spec.node_name == new.spec.node_name
                && old.spec.volumes.len() == new.spec.volumes.len()
                && old
                    .spec
                    .volumes
                    .iter()
                    .zip(&new.spec.volumes)
                    .all(|(a, b)| {
                        a.persistent_volume_claim.as_ref().map(|c| &c.claim_name)
                            == b.persistent_volume_claim.as_ref().map(|c| &c.claim_name)
                    })
        }
        (Object::PersistentVolume(old), Object::PersistentVolume(new)) => {
            old.spec.claim_ref.as_ref().map(|c| (&c.namespace, &c.name))
                == new.spec.claim_ref.as_ref().map(|c| (&c.namespace, &c.name))
        }
        (Object::Pod(_) | Object::PersistentVolume(_), _) => false,
        _ => true,
    }
}

/// Removes `value` from the set under `key`, dropping the set when it becomes empty.
fn index_forget<K: Ord, V: Ord>(map: &mut BTreeMap<K, BTreeSet<V>>, key: &K, value: &V) {
    if let Some(set) = map.get_mut(key) {
        set.remove(value);
        if set.is_empty() {
            map.remove(key);
        }
    }
}

/// A hash of what makes two events the same for counting: object, type, reason, message and
/// source. (A fixed-key hasher: the same on every run; only used for lookups.)
fn event_identity(
    involved: &ObjectReference,
    type_: &str,
    reason: &str,
    message: &str,
    component: &str,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    (
        &involved.kind,
        &involved.namespace,
        &involved.name,
        &involved.uid,
    )
        .hash(&mut hasher);
    (type_, reason, message, component).hash(&mut hasher);
    hasher.finish()
}

/// Whether `event` is about the same object, with the same type, reason, message and source.
fn same_event(
    event: &Event,
    involved: &ObjectReference,
    type_: &str,
    reason: &str,
    message: &str,
    component: &str,
) -> bool {
    event.involved_object.kind == involved.kind
        && event.involved_object.namespace == involved.namespace
        && event.involved_object.name == involved.name
        && event.involved_object.uid == involved.uid
        && event.type_ == type_
        && event.reason == reason
        && event.message == message
        && event.source.component == component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::model::{ObjectMeta, PersistentVolume, Pod};

    fn pod(name: &str) -> Object {
        Object::Pod(Box::new(Pod {
            metadata: ObjectMeta {
                name: name.into(),
                namespace: Some("default".into()),
                ..Default::default()
            },
            ..Default::default()
        }))
    }

    #[test]
    fn insert_assigns_identity_and_lists_in_name_order() {
        let mut store = Store::new(1);
        store.insert(pod("b"), 5).unwrap();
        store.insert(pod("a"), 6).unwrap();
        let names: Vec<&str> = store
            .list(Kind::Pod, Some("default"))
            .map(|o| o.name())
            .collect();
        assert_eq!(names, ["a", "b"]);
        let a = store
            .get(&ObjectKey::new(Kind::Pod, "default", "a"))
            .unwrap();
        assert_eq!(a.meta().uid.len(), 36);
        assert_eq!(a.meta().creation_timestamp, Some(Time(6)));
        assert!(matches!(
            store.insert(pod("a"), 7),
            Err(ApiError::AlreadyExists { .. })
        ));
        assert_eq!(store.list(Kind::Pod, Some("other")).count(), 0);
    }

    #[test]
    fn finalizers_hold_deletion_until_removed() {
        let mut store = Store::new(1);
        let mut pv = PersistentVolume::default();
        pv.metadata.name = "pv1".into();
        pv.metadata.finalizers = vec!["kubernetes.io/pv-protection".into()];
        let key = store
            .insert(Object::PersistentVolume(Box::new(pv)), 0)
            .unwrap();
        assert!(!store.delete(&key, None, 10).unwrap());
        assert!(store.get(&key).unwrap().meta().is_deleting());
        store
            .modify(&key, |o| o.meta_mut().finalizers.clear())
            .unwrap();
        assert!(store.get(&key).is_none());
        let kinds: Vec<ChangeType> = store.take_changes().iter().map(|c| c.change).collect();
        assert_eq!(
            kinds,
            [ChangeType::Added, ChangeType::Modified, ChangeType::Deleted]
        );
    }

    #[test]
    fn equal_pod_spec_fields_are_stored_shared() {
        let mut store = Store::new(1);
        let with_policy = |name: &str, policy: &str| {
            let mut pod = pod(name);
            if let Object::Pod(p) = &mut pod {
                p.spec
                    .extra
                    .insert("dnsPolicy".into(), serde_json::json!(policy));
            }
            pod
        };
        let a = store.insert(with_policy("a", "ClusterFirst"), 0).unwrap();
        let b = store.insert(with_policy("b", "ClusterFirst"), 0).unwrap();
        let c = store.insert(with_policy("c", "Default"), 0).unwrap();
        let extra = |key: &ObjectKey| match store.get(key) {
            Some(Object::Pod(pod)) => pod.spec.extra.clone(),
            _ => Extra::default(),
        };
        assert!(extra(&a).ptr_eq(&extra(&b)));
        assert!(!extra(&b).ptr_eq(&extra(&c)));
        assert_eq!(
            extra(&c).get("dnsPolicy"),
            Some(&serde_json::json!("Default"))
        );
    }

    #[test]
    fn equal_container_and_status_fields_are_stored_shared_on_insert_and_update() {
        let mut store = Store::new(1);
        let with_fields = |name: &str| {
            let mut pod = pod(name);
            if let Object::Pod(p) = &mut pod {
                p.spec.containers.push(crate::sim::model::Container {
                    name: "c".into(),
                    ..Default::default()
                });
                if let Some(container) = p.spec.containers.first_mut() {
                    container
                        .extra
                        .insert("imagePullPolicy".into(), serde_json::json!("Always"));
                }
            }
            pod
        };
        let a = store.insert(with_fields("a"), 0).unwrap();
        let b = store.insert(with_fields("b"), 0).unwrap();
        let container_extra = |store: &Store, key: &ObjectKey| match store.get(key) {
            Some(Object::Pod(pod)) => pod.spec.containers[0].extra.clone(),
            _ => Extra::default(),
        };
        assert!(container_extra(&store, &a).ptr_eq(&container_extra(&store, &b)));
        for key in [&a, &b] {
            store
                .modify(key, |object| {
                    if let Some(pod) = object.as_pod_mut() {
                        pod.status
                            .extra
                            .insert("hostIPs".into(), serde_json::json!([{"ip": "10.0.0.1"}]));
                    }
                })
                .unwrap();
        }
        let status_extra = |store: &Store, key: &ObjectKey| match store.get(key) {
            Some(Object::Pod(pod)) => pod.status.extra.clone(),
            _ => Extra::default(),
        };
        assert!(status_extra(&store, &a).ptr_eq(&status_extra(&store, &b)));
        assert_eq!(
            status_extra(&store, &b).get("hostIPs"),
            Some(&serde_json::json!([{"ip": "10.0.0.1"}]))
        );
        // A write to one pod's shared map copies it first: the other keeps its value.
        store
            .modify(&a, |object| {
                if let Some(pod) = object.as_pod_mut() {
                    pod.status.extra.remove("hostIPs");
                }
            })
            .unwrap();
        assert!(status_extra(&store, &a).get("hostIPs").is_none());
        assert!(status_extra(&store, &b).get("hostIPs").is_some());
    }

    #[test]
    fn identical_events_are_counted() {
        let mut store = Store::new(1);
        let involved = ObjectReference {
            kind: "Pod".into(),
            name: "web-0".into(),
            namespace: "default".into(),
            ..Default::default()
        };
        store.record_event(involved.clone(), "Normal", "Pulled", "x", "kubelet", 0);
        store.record_event(involved, "Normal", "Pulled", "x", "kubelet", 5);
        let events: Vec<&Event> = store.events().collect();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].count, 2);
    }
}
