//! What happens to a volume whose claim is gone (`reclaimVolume`, `deleteVolumeOperation`,
//! `recycleVolumeOperation`, `isVolumeReleased`, `isVolumeUsed` of `pv_controller.go`), and
//! the two protection controllers (`pkg/controller/volume/pvcprotection`, `pvprotection`).
//!
//! Retain does nothing. Delete asks the volume's deleter: a volume made by an external
//! provisioner is left to that provisioner; an in-tree hostPath volume is deleted only under
//! `/tmp/` (the hostPath deleter's rule); every other volume has no deleter and fails. Recycle
//! scrubs NFS and hostPath volumes with a recycler pod (modelled as a delay) and makes them
//! Available again. An unknown policy marks the volume Failed.
//!
//! Left out: the recycler pod itself and its `RecyclerPod` events, and deleters of in-tree
//! plugins other than hostPath (none is compiled into a modern controller manager).
//!
//! Architecture Invariant: a protection finalizer is removed only when nothing depends on the
//! object any more: no scheduled pod uses the claim, the volume is not Bound.

use crate::sim::api::{self, DeleteOptions};
use crate::sim::model::{Object, PersistentVolume};
use crate::sim::store::ObjectKey;
use crate::sim::world::{Cluster, Timer};

use super::binder::{
    unbind_volume, update_volume_phase_with_event, write_claim, write_volume, WriteFailed,
};
use super::{
    claim_key, emit_for_volume, get_claim, get_volume, volume_key, BinderTimer,
    ANN_DYNAMICALLY_PROVISIONED, ANN_MIGRATED_TO, PVC_PROTECTION_FINALIZER,
    PV_PROTECTION_FINALIZER, RECYCLE_DELAY_MS,
};

/// `reclaimVolume`: carry out the reclaim policy of a Released volume.
pub fn reclaim_volume(cluster: &mut Cluster, volume: PersistentVolume) -> Result<(), WriteFailed> {
    if volume
        .metadata
        .annotations
        .get(ANN_MIGRATED_TO)
        .is_some_and(|to| !to.is_empty())
    {
        // A CSI driver's provisioner owns this volume now.
        return Ok(());
    }
    match volume.reclaim_policy() {
        "Retain" => Ok(()),
        "Recycle" => {
            start_recycle(cluster, volume);
            Ok(())
        }
        "Delete" => delete_volume_operation(cluster, &volume.metadata.name),
        _ => {
            update_volume_phase_with_event(
                cluster,
                &volume,
                "Failed",
                "Warning",
                "VolumeUnknownReclaimPolicy",
                "Volume has unrecognized PersistentVolumeReclaimPolicy",
            )?;
            Ok(())
        }
    }
}

/// `isVolumeReleased`: the volume was bound (claimRef with a uid) and that claim no longer
/// exists, or exists but is bound to another volume.
pub fn is_volume_released(cluster: &Cluster, volume: &PersistentVolume) -> bool {
    let Some(claim_ref) = &volume.spec.claim_ref else {
        return false;
    };
    if claim_ref.uid.is_empty() {
        return false;
    }
    match get_claim(cluster, &claim_key(&claim_ref.namespace, &claim_ref.name)) {
        Some(claim) if claim.metadata.uid == claim_ref.uid => {
            let bound_to = claim.spec.volume_name.as_deref().unwrap_or("");
            !bound_to.is_empty() && bound_to != volume.metadata.name
        }
        _ => true,
    }
}

/// The source fields a PersistentVolume may carry (kept in the spec's `extra`).
fn has_source(volume: &PersistentVolume, source: &str) -> bool {
    volume.spec.extra.get(source).is_some_and(|v| v.is_object())
}

fn host_path(volume: &PersistentVolume) -> Option<String> {
    volume
        .spec
        .extra
        .get("hostPath")
        .and_then(|host_path| host_path.get("path"))
        .and_then(|path| path.as_str())
        .map(str::to_string)
}

/// `doDeleteVolume`: Ok(true) when the storage is gone, Ok(false) when an external deleter
/// must do it, Err with the deleter's message otherwise.
fn do_delete_volume(volume: &PersistentVolume) -> Result<bool, String> {
    let provisioned_by = volume
        .metadata
        .annotations
        .get(ANN_DYNAMICALLY_PROVISIONED)
        .cloned()
        .unwrap_or_default();
    if !provisioned_by.is_empty() {
        if provisioned_by == "kubernetes.io/host-path" {
            return delete_host_path(volume);
        }
        if provisioned_by.starts_with("kubernetes.io/") {
            return Err(format!("no volume plugin matched name: {provisioned_by}"));
        }
        // An external provisioner deletes what it provisioned.
        return Ok(false);
    }
    if has_source(volume, "csi") {
        // A CSI volume made by hand: the driver's external provisioner deletes it.
        return Ok(false);
    }
    if has_source(volume, "hostPath") {
        return delete_host_path(volume);
    }
    Err(format!(
        "error getting deleter volume plugin for volume \"{}\": no deletable volume plugin matched",
        volume.metadata.name
    ))
}

/// The hostPath deleter removes only directories below `/tmp/`.
fn delete_host_path(volume: &PersistentVolume) -> Result<bool, String> {
    let path = host_path(volume).unwrap_or_default();
    let under_tmp = path
        .find("/tmp/")
        .is_some_and(|at| path.len() > at + "/tmp/".len());
    if under_tmp {
        Ok(true)
    } else {
        Err(format!(
            "host_path deleter only supports /tmp/.+ but received provided {path}"
        ))
    }
}

/// `deleteVolumeOperation`: delete the storage, then the PersistentVolume object.
fn delete_volume_operation(cluster: &mut Cluster, name: &str) -> Result<(), WriteFailed> {
    let Some(volume) = get_volume(cluster, name) else {
        return Ok(());
    };
    if !is_volume_released(cluster, &volume) {
        return Ok(());
    }
    match do_delete_volume(&volume) {
        Err(message) => {
            // Failed is shown once; every later sync tries the deleter again.
            update_volume_phase_with_event(
                cluster,
                &volume,
                "Failed",
                "Warning",
                "VolumeFailedDelete",
                &message,
            )?;
            Ok(())
        }
        Ok(false) => Ok(()),
        Ok(true) => {
            // The deleter removed the storage: the files written through the volume are gone.
            cluster.runtime.delete_volume_data(name);
            let _ = api::delete(cluster, &volume_key(name), DeleteOptions::default());
            Ok(())
        }
    }
}

/// Names of the non-terminated pods using the volume's claim, as `namespace/name`.
fn pods_using_volume(cluster: &Cluster, volume: &PersistentVolume) -> Vec<String> {
    let Some(claim_ref) = &volume.spec.claim_ref else {
        return Vec::new();
    };
    cluster
        .store
        .pods_using_claim(&claim_ref.namespace, &claim_ref.name)
        .filter_map(|key| cluster.store.get(key).and_then(Object::as_pod))
        .filter(|pod| !pod.is_terminated())
        .map(|pod| format!("{}/{}", pod.metadata.namespace(), pod.metadata.name))
        .collect()
}

/// The first half of `recycleVolumeOperation`: check that the volume may be scrubbed, then
/// start the recycler pod (a timer).
fn start_recycle(cluster: &mut Cluster, volume: PersistentVolume) {
    let name = volume.metadata.name.clone();
    if cluster.binder.reclaiming.contains(&name) || !is_volume_released(cluster, &volume) {
        return;
    }
    let claim_cached = volume.spec.claim_ref.as_ref().is_some_and(|claim_ref| {
        get_claim(cluster, &claim_key(&claim_ref.namespace, &claim_ref.name)).is_some()
    });
    let pods = pods_using_volume(cluster, &volume);
    if !pods.is_empty() && !claim_cached {
        let message = format!("Volume is used by pods: {}", pods.join(","));
        emit_for_volume(cluster, &volume, "Normal", "VolumeFailedRecycle", &message);
        return;
    }
    if !has_source(&volume, "nfs") && !has_source(&volume, "hostPath") {
        let _ = update_volume_phase_with_event(
            cluster,
            &volume,
            "Failed",
            "Warning",
            "VolumeFailedRecycle",
            "No recycler plugin found for the volume!",
        );
        return;
    }
    cluster.binder.reclaiming.insert(name.clone());
    let uid = volume.metadata.uid.clone();
    cluster.after(
        RECYCLE_DELAY_MS,
        Timer::Binder(BinderTimer::Recycled { volume: name, uid }),
    );
}

/// The second half of `recycleVolumeOperation`: the volume is clean; make it Available.
pub fn on_recycled(cluster: &mut Cluster, name: &str, uid: &str) {
    cluster.binder.reclaiming.remove(name);
    let Some(volume) = get_volume(cluster, name) else {
        return;
    };
    if volume.metadata.uid != uid || !is_volume_released(cluster, &volume) {
        return;
    }
    emit_for_volume(
        cluster,
        &volume,
        "Normal",
        "VolumeRecycled",
        "Volume recycled",
    );
    let _ = unbind_volume(cluster, volume);
}

/// The pvc-protection controller for one claim: a deleting claim loses its finalizer once no
/// scheduled pod uses it. Returns true when the claim is gone afterwards.
pub fn sync_claim_protection(cluster: &mut Cluster, key: &ObjectKey) -> bool {
    let Some(claim) = get_claim(cluster, key) else {
        return true;
    };
    let protected = claim
        .metadata
        .finalizers
        .iter()
        .any(|f| f == PVC_PROTECTION_FINALIZER);
    if !claim.metadata.is_deleting() || !protected {
        return false;
    }
    if is_claim_being_used(cluster, key) {
        return false;
    }
    let mut updated = claim;
    updated
        .metadata
        .finalizers
        .retain(|f| f != PVC_PROTECTION_FINALIZER);
    let _ = write_claim(cluster, updated);
    !cluster.store.contains(key)
}

/// `podUsesPVC` over the pods that name the claim: a pod counts once it is scheduled (the
/// kubelet may be mounting the volume), until the pod object is gone.
fn is_claim_being_used(cluster: &Cluster, key: &ObjectKey) -> bool {
    cluster
        .store
        .pods_using_claim(&key.namespace, &key.name)
        .filter_map(|pod| cluster.store.get(pod).and_then(Object::as_pod))
        .any(|pod| !pod.spec.node_name.as_deref().unwrap_or("").is_empty())
}

/// The pv-protection controller for one volume: a deleting volume loses its finalizer once it
/// is not Bound.
pub fn sync_volume_protection(cluster: &mut Cluster, name: &str) {
    let Some(volume) = get_volume(cluster, name) else {
        return;
    };
    let protected = volume
        .metadata
        .finalizers
        .iter()
        .any(|f| f == PV_PROTECTION_FINALIZER);
    if !volume.metadata.is_deleting() || !protected || volume.phase() == "Bound" {
        return;
    }
    let mut updated = volume;
    updated
        .metadata
        .finalizers
        .retain(|f| f != PV_PROTECTION_FINALIZER);
    let _ = write_volume(cluster, updated);
}
