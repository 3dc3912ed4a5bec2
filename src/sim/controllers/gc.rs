//! The garbage collector (`pkg/controller/garbagecollector/garbagecollector.go`:
//! `attemptToDeleteItem`, `classifyReferences`, `processDeletingDependentsItem`,
//! `orphanDependents`), by behaviour rather than by structure.
//!
//! Upstream keeps a graph of owners and dependents fed by informers. Here the store's
//! `dependents_of(owner uid)` index is the graph: it is exact after every write, so there is
//! no virtual node and no absent-owner cache. An owner "exists" only if an object of the
//! owner reference's kind, name and namespace exists with the same uid.
//!
//! * Background: a dependent whose owners are all gone is deleted (with its own pending
//!   propagation: an `orphan` or `foregroundDeletion` finalizer it already carries).
//! * Foreground: an owner that is being deleted with the `foregroundDeletion` finalizer gets
//!   its dependents deleted (those without another live owner); the finalizer is removed once
//!   no dependent with `blockOwnerDeletion: true` remains. A dependent that has dependents of
//!   its own is deleted in the foreground too.
//! * Orphan: an owner that is being deleted with the `orphan` finalizer has its reference
//!   removed from every dependent, then loses the finalizer.
//! * A dependent with a live owner keeps it, but loses its references to owners that are gone
//!   or are waiting for their dependents.
//!
//! Left out: owner references to kinds the simulation does not serve (such an owner is
//! treated as present, as upstream keeps retrying what it cannot resolve), the
//! `OwnerRefInvalidNamespace` event, and the graph's own delays (the collector acts at the
//! instant it is woken).
//!
//! Architecture Invariant: one pass looks only at the object, its owners (by key) and its
//! dependents (by the index); it never scans the store.

use crate::sim::api::{self, DeleteOptions, Propagation};
use crate::sim::model::{Kind, Object, OwnerReference};
use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

/// The finalizer of a foreground deletion (`metav1.FinalizerDeleteDependents`).
pub const FOREGROUND_FINALIZER: &str = "foregroundDeletion";
/// The finalizer of an orphaning deletion (`metav1.FinalizerOrphanDependents`).
pub const ORPHAN_FINALIZER: &str = "orphan";

fn has_finalizer(object: &Object, finalizer: &str) -> bool {
    object.meta().finalizers.iter().any(|f| f == finalizer)
}

/// Whether the object is being deleted and waits for its dependents (`isDeletingDependents`).
fn is_deleting_dependents(object: &Object) -> bool {
    object.meta().is_deleting() && has_finalizer(object, FOREGROUND_FINALIZER)
}

/// The key an owner reference points at, seen from a dependent in `namespace`; None when the
/// kind is not one the simulation serves.
fn owner_key(namespace: &str, owner: &OwnerReference) -> Option<ObjectKey> {
    let kind = Kind::from_api_version_kind(&owner.api_version, &owner.kind)?;
    Some(ObjectKey::new(kind, namespace, &owner.name))
}

/// The keys of an object's owners (for the queue when the object goes away).
pub fn owner_keys(object: &Object) -> Vec<ObjectKey> {
    let namespace = object.meta().namespace();
    object
        .meta()
        .owner_references
        .iter()
        .filter_map(|owner| owner_key(namespace, owner))
        .collect()
}

/// One pass of the collector over one object.
pub fn process(cluster: &mut Cluster, key: &ObjectKey) {
    let Some(object) = cluster.store.get(key).cloned() else {
        // Gone: the dispatcher already queued its dependents and owners. The namespace it lived
        // in may be waiting for its last object to go (the namespace controller's part).
        if key.kind.namespaced() && !key.namespace.is_empty() {
            crate::sim::api::sync_terminating_namespace(cluster, &key.namespace);
        }
        return;
    };
    if object.meta().is_deleting() {
        if has_finalizer(&object, ORPHAN_FINALIZER) {
            orphan_dependents(cluster, &object);
            return;
        }
        if has_finalizer(&object, FOREGROUND_FINALIZER) {
            process_deleting_dependents_item(cluster, &object);
        }
        // Being deleted without waiting for dependents: nothing to decide.
        return;
    }
    attempt_to_delete_item(cluster, &object);
}

/// How one owner reference of a dependent stands (`classifyReferences`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OwnerState {
    /// The owner exists and is not waiting for its dependents.
    Solid,
    /// No object with that uid exists.
    Dangling,
    /// The owner is being deleted in the foreground.
    WaitingForDependentsDeletion,
}

fn classify_reference(cluster: &Cluster, dependent: &Object, owner: &OwnerReference) -> OwnerState {
    let dependent_namespace = dependent.meta().namespace();
    let Some(kind) = Kind::from_api_version_kind(&owner.api_version, &owner.kind) else {
        return OwnerState::Solid;
    };
    if kind.namespaced() && dependent_namespace.is_empty() {
        // A cluster-scoped object cannot be owned by a namespaced one.
        return OwnerState::Dangling;
    }
    let key = ObjectKey::new(kind, dependent_namespace, &owner.name);
    match cluster.store.get(&key) {
        Some(found) if found.meta().uid == owner.uid => {
            if is_deleting_dependents(found) {
                OwnerState::WaitingForDependentsDeletion
            } else {
                OwnerState::Solid
            }
        }
        _ => OwnerState::Dangling,
    }
}

/// `attemptToDeleteItem`: delete a dependent with no live owner, or drop the references to
/// owners that are gone or waiting while another owner lives.
fn attempt_to_delete_item(cluster: &mut Cluster, item: &Object) {
    if item.meta().is_deleting() {
        if is_deleting_dependents(item) {
            process_deleting_dependents_item(cluster, item);
        }
        return;
    }
    let owners = &item.meta().owner_references;
    if owners.is_empty() {
        return;
    }
    let states: Vec<OwnerState> = owners
        .iter()
        .map(|owner| classify_reference(cluster, item, owner))
        .collect();
    let key = ObjectKey::of(item);
    if states.contains(&OwnerState::Solid) {
        if states.iter().all(|state| *state == OwnerState::Solid) {
            return;
        }
        // Keep the live owners; forget the others, so a waiting owner is not stuck on us.
        let mut updated = item.clone();
        let mut index = 0;
        updated.meta_mut().owner_references.retain(|_| {
            let keep = states.get(index) == Some(&OwnerState::Solid);
            index += 1;
            keep
        });
        let _ = api::update(cluster, updated);
        return;
    }
    let uid = item.meta().uid.clone();
    let has_dependents = cluster.store.dependents_of(&uid).next().is_some();
    let propagation =
        if states.contains(&OwnerState::WaitingForDependentsDeletion) && has_dependents {
            unblock_if_cycle(cluster, item);
            Propagation::Foreground
        } else if has_finalizer(item, ORPHAN_FINALIZER) {
            Propagation::Orphan
        } else if has_finalizer(item, FOREGROUND_FINALIZER) {
            Propagation::Foreground
        } else {
            Propagation::Background
        };
    // The uid precondition: delete only the object that was classified.
    if cluster.store.get(&key).map(|o| o.meta().uid.as_str()) != Some(uid.as_str()) {
        return;
    }
    let options = DeleteOptions {
        grace_period_seconds: None,
        propagation,
    };
    let _ = api::delete(cluster, &key, options);
}

/// When one of the item's own dependents also waits for its dependents, the item's references
/// stop blocking its owners, so that two foreground deletions cannot wait on each other.
fn unblock_if_cycle(cluster: &mut Cluster, item: &Object) {
    let uid = item.meta().uid.clone();
    let dependents: Vec<ObjectKey> = cluster.store.dependents_of(&uid).cloned().collect();
    let cycle = dependents
        .iter()
        .any(|key| cluster.store.get(key).is_some_and(is_deleting_dependents));
    if !cycle {
        return;
    }
    let mut updated = item.clone();
    for owner in &mut updated.meta_mut().owner_references {
        if owner.block_owner_deletion == Some(true) {
            owner.block_owner_deletion = Some(false);
        }
    }
    let _ = api::update(cluster, updated);
}

/// `processDeletingDependentsItem`: delete the dependents of an owner deleted in the
/// foreground; drop its finalizer once none that blocks it remains.
fn process_deleting_dependents_item(cluster: &mut Cluster, owner: &Object) {
    let uid = owner.meta().uid.clone();
    let dependents: Vec<ObjectKey> = cluster.store.dependents_of(&uid).cloned().collect();
    let mut blocking = false;
    for key in &dependents {
        let Some(dependent) = cluster.store.get(key).cloned() else {
            continue;
        };
        let blocks = dependent
            .meta()
            .owner_references
            .iter()
            .any(|r| r.uid == uid && r.block_owner_deletion == Some(true));
        blocking |= blocks;
        if !is_deleting_dependents(&dependent) {
            attempt_to_delete_item(cluster, &dependent);
        }
    }
    if blocking {
        return;
    }
    remove_finalizer(cluster, &ObjectKey::of(owner), FOREGROUND_FINALIZER);
}

/// `orphanDependents`: remove the owner's reference from every dependent, then the finalizer.
fn orphan_dependents(cluster: &mut Cluster, owner: &Object) {
    let uid = owner.meta().uid.clone();
    let dependents: Vec<ObjectKey> = cluster.store.dependents_of(&uid).cloned().collect();
    for key in dependents {
        let Some(mut dependent) = cluster.store.get(&key).cloned() else {
            continue;
        };
        dependent
            .meta_mut()
            .owner_references
            .retain(|r| r.uid != uid);
        let _ = api::update(cluster, dependent);
    }
    remove_finalizer(cluster, &ObjectKey::of(owner), ORPHAN_FINALIZER);
}

fn remove_finalizer(cluster: &mut Cluster, key: &ObjectKey, finalizer: &str) {
    let Some(mut object) = cluster.store.get(key).cloned() else {
        return;
    };
    if !has_finalizer(&object, finalizer) {
        return;
    }
    object.meta_mut().finalizers.retain(|f| f != finalizer);
    let _ = api::update(cluster, object);
}
