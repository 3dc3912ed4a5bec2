//! The PersistentVolume controller (`pkg/controller/volume/persistentvolume/pv_controller.go`,
//! `pv_controller_base.go`, `index.go`; helpers of `component-helpers/storage/volume`), the
//! two protection controllers (`pkg/controller/volume/pvcprotection`, `pvprotection`), and the
//! external provisioner a kind cluster runs (rancher's local-path-provisioner on top of
//! `sig-storage-lib-external-provisioner`).
//!
//! * [`index`]: how an unbound claim picks a volume (`find_matching_volume`).
//! * [`binder`]: `syncClaim` / `syncVolume` and the bind, unbind and status writes, including
//!   dynamic provisioning's first half (`provisionClaim`: annotate the claim, emit
//!   `ExternalProvisioning`).
//! * [`reclaim`]: what happens to a volume whose claim is gone (Retain, Delete, Recycle), and
//!   the protection finalizers `kubernetes.io/pvc-protection` and `kubernetes.io/pv-protection`.
//! * [`provisioner`]: the local-path provisioner of the kind preset, which creates
//!   `pvc-<claim uid>` volumes on the node the scheduler picked and deletes them again.
//!
//! Every sync is level-triggered: [`sync_claim`] and [`sync_volume`] look at the store as it
//! is, never at why they were called (an edit, a pod change, or the 15 s resync timer in
//! `world.rs`). Like upstream, a volume that appears does not wake pending claims: they find
//! it on the next resync, unless the volume names them in its `claimRef`.
//!
//! Modelling choices, each standing in for something asynchronous upstream:
//! * The provisioner's helper pods and the recycler pod are delays (`PROVISION_DELAY_MS`,
//!   `DELETE_DELAY_MS`, `RECYCLE_DELAY_MS`), close to what kind shows (a volume two to three
//!   seconds after `Provisioning`).
//! * The controller sees pods through an informer that lags a little: a pod created at this
//!   very instant does not count yet for `WaitForPodScheduled`.
//! * A sync woken at the same instant by the controller's own write does not send the same
//!   event a second time; syncs at later instants (edits, resyncs) count it again, as
//!   `kubectl describe` shows with `(xN over …)`.
//! * Where upstream's choice depends on goroutine or map order, the first in name order wins.
//!
//! Left out: CSI migration annotations (`pv.kubernetes.io/migrated-to` only makes the
//! controller stand down), volume expansion, volume attributes classes beyond matching on
//! their name, the recycler pod's own events, the metrics, and the scheduler's half of
//! WaitForFirstConsumer binding (the scheduler sets `volume.kubernetes.io/selected-node`; this
//! module reacts to it).
//!
//! Architecture Invariant: the binder writes claims and volumes only through `api::` (spec and
//! metadata) or `store.modify` (status), and re-reads an object after every write, so a sync
//! never acts on a stale copy of something it just changed.
//! Architecture Invariant: a settled cluster never has a volume and a claim that point at each
//! other half-way: either both pointers agree or the next sync repairs or releases them.

pub mod binder;
pub mod index;
pub mod provisioner;
pub mod reclaim;

use std::collections::{BTreeMap, BTreeSet};

use crate::sim::clock::SimTime;
use crate::sim::model::{Kind, Object, PersistentVolume, PersistentVolumeClaim};
use crate::sim::store::{ObjectKey, Store};
use crate::sim::world::{self, Cluster};

pub use index::{find_best_match_for_claim, find_matching_volume};

/// The event source of the PV controller.
pub const COMPONENT: &str = "persistentvolume-controller";

/// Claim annotation: binding has completed at least once.
pub const ANN_BIND_COMPLETED: &str = "pv.kubernetes.io/bind-completed";
/// Claim and volume annotation: the controller (not the user) made the binding.
pub const ANN_BOUND_BY_CONTROLLER: &str = "pv.kubernetes.io/bound-by-controller";
/// Volume annotation: the provisioner that created it.
pub const ANN_DYNAMICALLY_PROVISIONED: &str = "pv.kubernetes.io/provisioned-by";
/// Claim annotation set by the scheduler for WaitForFirstConsumer classes.
pub const ANN_SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";
/// Claim annotation naming the provisioner that should create its volume.
pub const ANN_STORAGE_PROVISIONER: &str = "volume.kubernetes.io/storage-provisioner";
/// The same, under its older beta name (still written next to the new one).
pub const ANN_BETA_STORAGE_PROVISIONER: &str = "volume.beta.kubernetes.io/storage-provisioner";
/// Volume annotation of CSI migration; the controller stands down for such volumes.
pub const ANN_MIGRATED_TO: &str = "pv.kubernetes.io/migrated-to";
/// The finalizer that keeps a claim while a pod uses it.
pub const PVC_PROTECTION_FINALIZER: &str = "kubernetes.io/pvc-protection";
/// The finalizer that keeps a volume while it is bound.
pub const PV_PROTECTION_FINALIZER: &str = "kubernetes.io/pv-protection";

/// How long the local-path provisioner's helper pod takes to create a volume's directory.
pub const PROVISION_DELAY_MS: SimTime = 2_500;
/// How long the local-path provisioner's helper pod takes to remove a volume's directory.
pub const DELETE_DELAY_MS: SimTime = 1_500;
/// How long the recycler pod takes to scrub a volume.
pub const RECYCLE_DELAY_MS: SimTime = 5_000;
/// How long the provisioner waits before it tries a failed claim again.
pub const PROVISION_RETRY_MS: SimTime = 15_000;

/// What the PV controller and the provisioner remember between syncs: the operations they
/// have started (upstream's `runningOperations`), and the events already sent at the current
/// instant, so that a sync woken by the controller's own write does not count its event twice.
#[derive(Debug, Clone, Default)]
pub struct BinderState {
    /// Claims (by uid) whose volume the provisioner is creating, with the claim's key.
    pub provisioning: BTreeMap<String, ObjectKey>,
    /// Claims whose provisioning failed: the claim's uid and when it last failed.
    pub provision_failed_at: BTreeMap<ObjectKey, (String, SimTime)>,
    /// Volumes (by name) whose storage is being deleted or recycled.
    pub reclaiming: BTreeSet<String>,
    /// The instant of `events_sent`.
    events_at: SimTime,
    /// (object, reason, message) of the events sent at `events_at`.
    events_sent: BTreeSet<(ObjectKey, String, String)>,
}

/// A timer of the binder's asynchronous operations.
#[derive(Debug, Clone, PartialEq)]
pub enum BinderTimer {
    /// The provisioner's helper pod has created the directory for this claim's volume.
    Provisioned { claim: ObjectKey, uid: String },
    /// The provisioner's helper pod has removed this volume's directory.
    StorageDeleted { volume: String, uid: String },
    /// The recycler pod has scrubbed this volume.
    Recycled { volume: String, uid: String },
}

/// One sync of one claim: the pvc-protection controller, then the PV controller's
/// `syncClaim`, then the provisioner.
pub fn sync_claim(cluster: &mut Cluster, key: &ObjectKey) {
    if reclaim::sync_claim_protection(cluster, key) {
        // The claim is gone; forget what the provisioner remembered of it.
        cluster.binder.provision_failed_at.remove(key);
        return;
    }
    if let Some(claim) = get_claim(cluster, key) {
        binder::sync_claim(cluster, claim);
    }
    provisioner::sync_claim(cluster, key);
}

/// One sync of one volume: the PV controller's `syncVolume`, the provisioner's deleter, then
/// the pv-protection controller.
pub fn sync_volume(cluster: &mut Cluster, key: &ObjectKey) {
    if let Some(volume) = get_volume(cluster, &key.name) {
        binder::sync_volume(cluster, volume);
    }
    provisioner::sync_volume(cluster, &key.name);
    reclaim::sync_volume_protection(cluster, &key.name);
}

/// Fires one of the binder's timers.
pub fn on_timer(cluster: &mut Cluster, timer: BinderTimer) {
    match timer {
        BinderTimer::Provisioned { claim, uid } => {
            provisioner::on_provisioned(cluster, &claim, &uid)
        }
        BinderTimer::StorageDeleted { volume, uid } => {
            provisioner::on_storage_deleted(cluster, &volume, &uid)
        }
        BinderTimer::Recycled { volume, uid } => reclaim::on_recycled(cluster, &volume, &uid),
    }
}

/// The key of a claim.
pub fn claim_key(namespace: &str, name: &str) -> ObjectKey {
    ObjectKey::new(Kind::PersistentVolumeClaim, namespace, name)
}

/// The key of a volume.
pub fn volume_key(name: &str) -> ObjectKey {
    ObjectKey::new(Kind::PersistentVolume, "", name)
}

/// The claim stored under `key`, if any.
pub fn get_claim(cluster: &Cluster, key: &ObjectKey) -> Option<PersistentVolumeClaim> {
    cluster.store.get(key).and_then(Object::as_pvc).cloned()
}

/// The volume called `name`, if any.
pub fn get_volume(cluster: &Cluster, name: &str) -> Option<PersistentVolume> {
    cluster
        .store
        .get(&volume_key(name))
        .and_then(Object::as_pv)
        .cloned()
}

/// Records an event about `object` from `component`, unless the very same event was already
/// sent at this instant (a sync woken by the controller's own write would repeat it).
pub fn emit(
    cluster: &mut Cluster,
    object: &Object,
    type_: &str,
    reason: &str,
    message: &str,
    component: &str,
) {
    let state = &mut cluster.binder;
    if state.events_at != cluster.now {
        state.events_at = cluster.now;
        state.events_sent.clear();
    }
    let identity = (
        ObjectKey::of(object),
        reason.to_string(),
        message.to_string(),
    );
    if !state.events_sent.insert(identity) {
        return;
    }
    cluster.event(
        world::reference_to(object),
        type_,
        reason,
        message,
        component,
    );
}

/// `emit` for a claim.
pub fn emit_for_claim(
    cluster: &mut Cluster,
    claim: &PersistentVolumeClaim,
    type_: &str,
    reason: &str,
    message: &str,
    component: &str,
) {
    let object = Object::PersistentVolumeClaim(Box::new(claim.clone()));
    emit(cluster, &object, type_, reason, message, component);
}

/// `emit` for a volume.
pub fn emit_for_volume(
    cluster: &mut Cluster,
    volume: &PersistentVolume,
    type_: &str,
    reason: &str,
    message: &str,
) {
    let object = Object::PersistentVolume(Box::new(volume.clone()));
    emit(cluster, &object, type_, reason, message, COMPONENT);
}

/// Whether the periodic resync can skip a claim: it is Bound, its volume exists and points
/// back at it, and neither is being deleted (a sync would change nothing).
pub fn is_settled_claim(store: &Store, object: &Object) -> bool {
    let Some(claim) = object.as_pvc() else {
        return false;
    };
    if claim.phase() != "Bound" || claim.metadata.is_deleting() {
        return false;
    }
    let Some(volume_name) = claim.spec.volume_name.as_deref() else {
        return false;
    };
    match store
        .get(&ObjectKey::new(Kind::PersistentVolume, "", volume_name))
        .and_then(Object::as_pv)
    {
        Some(volume) => {
            !volume.metadata.is_deleting()
                && volume.phase() == "Bound"
                && volume
                    .spec
                    .claim_ref
                    .as_ref()
                    .is_some_and(|r| r.uid == claim.metadata.uid)
        }
        None => false,
    }
}

/// Whether the periodic resync can skip a volume: it is Bound and its claim exists, has its uid
/// and names it.
pub fn is_settled_volume(store: &Store, object: &Object) -> bool {
    let Some(volume) = object.as_pv() else {
        return false;
    };
    if volume.phase() != "Bound" || volume.metadata.is_deleting() {
        return false;
    }
    let Some(reference) = &volume.spec.claim_ref else {
        return false;
    };
    let key = ObjectKey::new(
        Kind::PersistentVolumeClaim,
        &reference.namespace,
        &reference.name,
    );
    match store.get(&key).and_then(Object::as_pvc) {
        Some(claim) => {
            claim.metadata.uid == reference.uid
                && claim.spec.volume_name.as_deref() == Some(volume.metadata.name.as_str())
                && claim.phase() == "Bound"
                && !claim.metadata.is_deleting()
        }
        None => false,
    }
}
