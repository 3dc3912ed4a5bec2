//! `syncClaim` and `syncVolume` of `pv_controller.go`, with the writes they make: `bind`
//! (volume first, then claim), `unbindVolume`, the status updates, the retroactive default
//! StorageClass and `provisionClaim` (the PV controller's half of dynamic provisioning).
//!
//! Each branch says in a comment what it observed, as upstream's "OBSERVATION" lines do.
//!
//! Architecture Invariant: every write re-reads the object it wrote; a failed write ends the
//! sync, and the next sync (an edit or the 15 s resync) finishes the job.

use crate::sim::api;
use crate::sim::model::{
    Kind, Object, ObjectReference, PersistentVolume, PersistentVolumeClaim, StorageClass,
};
use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

use super::index::{
    check_access_modes, check_volume_mode_mismatches, claim_class, claim_has_class,
    find_best_match_for_claim, is_volume_bound_to_claim, requested_storage, volume_class,
    volume_storage,
};
use super::{
    claim_key, emit_for_claim, emit_for_volume, get_claim, get_volume, reclaim, volume_key,
    ANN_BETA_STORAGE_PROVISIONER, ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER,
    ANN_DYNAMICALLY_PROVISIONED, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, COMPONENT,
};

/// A write that did not happen; the sync stops and a later one retries.
pub struct WriteFailed;

/// `syncClaim`: claims that never completed binding go to `sync_unbound_claim`, the others to
/// `sync_bound_claim`.
pub fn sync_claim(cluster: &mut Cluster, claim: PersistentVolumeClaim) {
    // A failed write ends the sync; the next one (an edit or the resync) retries it, as
    // upstream's requeue does.
    let _ = if claim.metadata.annotations.contains_key(ANN_BIND_COMPLETED) {
        sync_bound_claim(cluster, claim)
    } else {
        sync_unbound_claim(cluster, claim)
    };
}

/// `checkVolumeSatisfyClaim`: why a volume the claim asked for by name cannot be used.
fn check_volume_satisfy_claim(
    volume: &PersistentVolume,
    claim: &PersistentVolumeClaim,
) -> Result<(), String> {
    if volume.metadata.is_deleting() {
        return Err(format!(
            "the volume is marked for deletion \"{}\"",
            volume.metadata.name
        ));
    }
    if volume_storage(volume) < requested_storage(claim) {
        return Err("requested PV is too small".into());
    }
    if volume_class(volume) != claim_class(claim) {
        return Err("storageClassName does not match".into());
    }
    if check_volume_mode_mismatches(claim, volume) {
        return Err("incompatible volumeMode".into());
    }
    if !check_access_modes(claim, volume) {
        return Err("incompatible accessMode".into());
    }
    Ok(())
}

/// `IsDelayBindingMode`: the claim's class exists and binds on first consumer.
pub fn is_delay_binding_mode(cluster: &Cluster, claim: &PersistentVolumeClaim) -> bool {
    let class = claim_class(claim);
    if class.is_empty() {
        return false;
    }
    get_class(cluster, class).is_some_and(|class| class.waits_for_first_consumer())
}

fn get_class(cluster: &Cluster, name: &str) -> Option<StorageClass> {
    cluster
        .store
        .get(&ObjectKey::new(Kind::StorageClass, "", name))
        .and_then(Object::as_storage_class)
        .cloned()
}

/// `syncUnboundClaim`: the claim is Pending; find it a volume, provision one, or wait.
fn sync_unbound_claim(
    cluster: &mut Cluster,
    claim: PersistentVolumeClaim,
) -> Result<(), WriteFailed> {
    let requested_volume = claim.spec.volume_name.clone().unwrap_or_default();
    if requested_volume.is_empty() {
        // The user does not care which volume the claim gets.
        let delay_binding = is_delay_binding_mode(cluster, &claim);
        let found = find_best_match_for_claim(&cluster.store, &claim, delay_binding);
        let Some(volume) = found.and_then(|name| get_volume(cluster, &name)) else {
            // OBSERVATION: claim is Pending and no volume fits; try to provision one.
            if assign_default_storage_class(cluster, &claim)? {
                // The claim changed; its next sync continues with the class.
                return Ok(());
            }
            if delay_binding && !claim.metadata.annotations.contains_key(ANN_SELECTED_NODE) {
                // The scheduler has not chosen a node for a pod using the claim yet.
                emit_for_unbound_delay_binding_claim(cluster, &claim);
            } else if !claim_class(&claim).is_empty() {
                // Provisioning writes the claim itself; binding happens in a later sync.
                return provision_claim(cluster, claim);
            } else {
                emit_for_claim(
                    cluster,
                    &claim,
                    "Normal",
                    "FailedBinding",
                    "no persistent volumes available for this claim and no storage class is set",
                    COMPONENT,
                );
            }
            update_claim_status(cluster, &claim, "Pending", None)?;
            return Ok(());
        };
        // OBSERVATION: claim is Pending, volume is Available or pre-bound to it.
        return bind(cluster, volume, claim);
    }
    // The user asked for a specific volume.
    let Some(volume) = get_volume(cluster, &requested_volume) else {
        // OBSERVATION: claim is Pending, the volume does not exist (yet); retry later.
        update_claim_status(cluster, &claim, "Pending", None)?;
        return Ok(());
    };
    if volume.spec.claim_ref.is_none() {
        // OBSERVATION: claim is Pending, the volume is unclaimed.
        match check_volume_satisfy_claim(&volume, &claim) {
            Err(reason) => {
                let message = format!(
                    "Cannot bind to requested volume \"{}\": {reason}",
                    volume.metadata.name
                );
                emit_for_claim(
                    cluster,
                    &claim,
                    "Warning",
                    "VolumeMismatch",
                    &message,
                    COMPONENT,
                );
                update_claim_status(cluster, &claim, "Pending", None)?;
                Ok(())
            }
            Ok(()) => bind(cluster, volume, claim),
        }
    } else if is_volume_bound_to_claim(&volume, &claim) {
        // OBSERVATION: claim is Pending, the volume is (pre-)bound to it; finish the binding.
        bind(cluster, volume, claim)
    } else {
        // OBSERVATION: claim is Pending, the volume belongs to another claim.
        let message = format!(
            "volume \"{}\" already bound to a different claim.",
            volume.metadata.name
        );
        emit_for_claim(
            cluster,
            &claim,
            "Warning",
            "FailedBinding",
            &message,
            COMPONENT,
        );
        if !claim
            .metadata
            .annotations
            .contains_key(ANN_BOUND_BY_CONTROLLER)
        {
            // The user asked for this volume; wait until it is free.
            update_claim_status(cluster, &claim, "Pending", None)?;
        }
        Ok(())
    }
}

/// `syncBoundClaim`: the claim was bound once; keep it bound, or mark it Lost.
fn sync_bound_claim(
    cluster: &mut Cluster,
    claim: PersistentVolumeClaim,
) -> Result<(), WriteFailed> {
    let volume_name = claim.spec.volume_name.clone().unwrap_or_default();
    if volume_name.is_empty() {
        // OBSERVATION: the claim was bound, but its volumeName has been cleared.
        update_claim_status_with_event(
            cluster,
            &claim,
            "Lost",
            "ClaimLost",
            "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!",
        )?;
        return Ok(());
    }
    let Some(volume) = get_volume(cluster, &volume_name) else {
        // OBSERVATION: the claim is bound to a volume that no longer exists.
        update_claim_status_with_event(
            cluster,
            &claim,
            "Lost",
            "ClaimLost",
            "Bound claim has lost its PersistentVolume. Data on the volume is lost!",
        )?;
        return Ok(());
    };
    match &volume.spec.claim_ref {
        None => {
            // OBSERVATION: the claim is bound but the volume came unbound; bind it again.
            bind(cluster, volume, claim)
        }
        Some(claim_ref) if claim_ref.uid == claim.metadata.uid => {
            // OBSERVATION: all is well; `bind` only fills in what is missing.
            bind(cluster, volume, claim)
        }
        Some(_) => {
            // OBSERVATION: the volume belongs to another claim; this binding is wrong.
            update_claim_status_with_event(
                cluster,
                &claim,
                "Lost",
                "ClaimMisbound",
                "Two claims are bound to the same volume, this one is bound incorrectly",
            )?;
            Ok(())
        }
    }
}

/// `syncVolume`: keep the volume's phase in step with its claim, and reclaim it when the
/// claim is gone.
pub fn sync_volume(cluster: &mut Cluster, volume: PersistentVolume) {
    // As for claims, a failed write is retried by the next sync.
    let _ = sync_volume_inner(cluster, volume);
}

fn sync_volume_inner(cluster: &mut Cluster, volume: PersistentVolume) -> Result<(), WriteFailed> {
    let Some(claim_ref) = volume.spec.claim_ref.clone() else {
        // OBSERVATION: the volume is unused.
        update_volume_phase(cluster, &volume, "Available", None)?;
        return Ok(());
    };
    if claim_ref.uid.is_empty() {
        // OBSERVATION: the volume is reserved for a claim that has not bound yet; the claim's
        // sync does the binding.
        update_volume_phase(cluster, &volume, "Available", None)?;
        return Ok(());
    }
    let claim = get_claim(cluster, &claim_key(&claim_ref.namespace, &claim_ref.name))
        .filter(|claim| claim.metadata.uid == claim_ref.uid);
    let Some(claim) = claim else {
        // OBSERVATION: the claim is gone (or was deleted and re-created with a new uid).
        let mut volume = volume;
        if volume.phase() != "Released" && volume.phase() != "Failed" {
            volume = update_volume_phase(cluster, &volume, "Released", None)?;
        }
        reclaim::reclaim_volume(cluster, volume)?;
        return Ok(());
    };
    let claim_volume = claim.spec.volume_name.clone().unwrap_or_default();
    if claim_volume.is_empty() {
        if check_volume_mode_mismatches(&claim, &volume) {
            // The claim's sync will never pick this volume; say why on both objects.
            let volume_message = format!(
                "Cannot bind PersistentVolume to requested PersistentVolumeClaim \"{}\" due to incompatible volumeMode.",
                claim.metadata.name
            );
            emit_for_volume(
                cluster,
                &volume,
                "Warning",
                "VolumeMismatch",
                &volume_message,
            );
            let claim_message = format!(
                "Cannot bind PersistentVolume \"{}\" to requested PersistentVolumeClaim due to incompatible volumeMode.",
                volume.metadata.name
            );
            emit_for_claim(
                cluster,
                &claim,
                "Warning",
                "VolumeMismatch",
                &claim_message,
                COMPONENT,
            );
            return Ok(());
        }
        // OBSERVATION: the volume points at the claim, the claim does not point back yet
        // (a provisioned volume, or a binding interrupted half-way); the claim's sync
        // completes it.
        cluster
            .queues
            .claims
            .insert(claim_key(&claim_ref.namespace, &claim_ref.name));
        return Ok(());
    }
    if claim_volume == volume.metadata.name {
        // OBSERVATION: the volume and the claim point at each other.
        update_volume_phase(cluster, &volume, "Bound", None)?;
        return Ok(());
    }
    // OBSERVATION: the claim is bound to another volume.
    let provisioned = volume
        .metadata
        .annotations
        .contains_key(ANN_DYNAMICALLY_PROVISIONED);
    if provisioned && volume.spec.persistent_volume_reclaim_policy.as_deref() == Some("Delete") {
        // A volume provisioned for this claim that it no longer needs: release and delete it.
        let mut volume = volume;
        if volume.phase() != "Released" && volume.phase() != "Failed" {
            volume = update_volume_phase(cluster, &volume, "Released", None)?;
        }
        reclaim::reclaim_volume(cluster, volume)?;
        return Ok(());
    }
    // The controller un-binds what it bound; a user's reservation only loses its uid.
    unbind_volume(cluster, volume)
}

/// `assignDefaultStorageClass`: a claim without any class gets the default class (the newest
/// one if several are marked default). Returns whether the claim was changed.
fn assign_default_storage_class(
    cluster: &mut Cluster,
    claim: &PersistentVolumeClaim,
) -> Result<bool, WriteFailed> {
    if claim_has_class(claim) {
        return Ok(false);
    }
    let default = cluster
        .store
        .list(Kind::StorageClass, None)
        .filter_map(Object::as_storage_class)
        .filter(|class| class.is_default())
        .max_by(|a, b| {
            a.metadata
                .creation_timestamp
                .cmp(&b.metadata.creation_timestamp)
                .then_with(|| b.metadata.name.cmp(&a.metadata.name))
        })
        .map(|class| class.metadata.name.clone());
    let Some(default) = default else {
        return Ok(false);
    };
    let mut updated = claim.clone();
    updated.spec.storage_class_name = Some(default);
    write_claim(cluster, updated)?;
    Ok(true)
}

/// `emitEventForUnboundDelayBindingClaim`: WaitForFirstConsumer, or WaitForPodScheduled when
/// pods that use the claim wait for the scheduler.
fn emit_for_unbound_delay_binding_claim(cluster: &mut Cluster, claim: &PersistentVolumeClaim) {
    let pods = find_non_scheduled_pods_by_claim(cluster, claim);
    let (reason, message) = match pods.as_slice() {
        [] => (
            "WaitForFirstConsumer",
            "waiting for first consumer to be created before binding".to_string(),
        ),
        [pod] => (
            "WaitForPodScheduled",
            format!("waiting for pod {pod} to be scheduled"),
        ),
        pods => (
            "WaitForPodScheduled",
            format!("waiting for pods {} to be scheduled", pods.join(",")),
        ),
    };
    emit_for_claim(cluster, claim, "Normal", reason, &message, COMPONENT);
}

/// `findNonScheduledPodsByPVC`: names of the pods that use the claim, are not terminated and
/// have no node yet. The controller reads pods from its informer, which lags the API server a
/// little: a pod created at this very instant is not seen yet (so a StatefulSet's claim, made
/// just before its pod, first reports WaitForFirstConsumer, as on a real cluster).
fn find_non_scheduled_pods_by_claim(
    cluster: &Cluster,
    claim: &PersistentVolumeClaim,
) -> Vec<String> {
    let now = cluster.now;
    cluster
        .store
        .pods_using_claim(claim.metadata.namespace(), &claim.metadata.name)
        .filter_map(|key| cluster.store.get(key).and_then(Object::as_pod))
        .filter(|pod| pod.metadata.creation_timestamp.is_some_and(|at| at.0 < now))
        .filter(|pod| !pod.is_terminated())
        .filter(|pod| pod.spec.node_name.as_deref().unwrap_or("").is_empty())
        .map(|pod| pod.metadata.name.clone())
        .collect()
}

/// In-tree provisioner names that CSI migration hands to their CSI driver.
const MIGRATED_PROVISIONERS: [(&str, &str); 7] = [
    ("kubernetes.io/aws-ebs", "ebs.csi.aws.com"),
    ("kubernetes.io/gce-pd", "pd.csi.storage.gke.io"),
    ("kubernetes.io/azure-disk", "disk.csi.azure.com"),
    ("kubernetes.io/azure-file", "file.csi.azure.com"),
    ("kubernetes.io/cinder", "cinder.csi.openstack.org"),
    ("kubernetes.io/vsphere-volume", "csi.vsphere.vmware.com"),
    ("kubernetes.io/portworx-volume", "pxd.portworx.com"),
];

/// `provisionClaim` with `provisionClaimOperationExternal`: find the claim's class, name the
/// provisioner on the claim, and tell the user the controller now waits for it.
fn provision_claim(cluster: &mut Cluster, claim: PersistentVolumeClaim) -> Result<(), WriteFailed> {
    let class_name = claim_class(&claim).to_string();
    let Some(class) = get_class(cluster, &class_name) else {
        let message = format!(
            "{} \"{class_name}\" not found",
            Kind::StorageClass.qualified_singular()
        );
        emit_for_claim(
            cluster,
            &claim,
            "Warning",
            "ProvisioningFailed",
            &message,
            COMPONENT,
        );
        return Ok(());
    };
    let mut provisioner = class.provisioner.clone();
    if let Some((_, csi)) = MIGRATED_PROVISIONERS
        .iter()
        .find(|(in_tree, _)| *in_tree == provisioner)
    {
        provisioner = csi.to_string();
    } else if provisioner.starts_with("kubernetes.io/") {
        // No in-tree provisioning plugin is compiled into a modern controller manager
        // (`kubernetes.io/no-provisioner` is the usual case: local volumes made by hand).
        let message = format!("no volume plugin matched name: {provisioner}");
        emit_for_claim(
            cluster,
            &claim,
            "Warning",
            "ProvisioningFailed",
            &message,
            COMPONENT,
        );
        return Ok(());
    }
    // `setClaimProvisioner`: both the current and the beta annotation.
    let annotations = &claim.metadata.annotations;
    let claim = if annotations.get(ANN_STORAGE_PROVISIONER) != Some(&provisioner)
        || annotations.get(ANN_BETA_STORAGE_PROVISIONER) != Some(&provisioner)
    {
        let mut updated = claim;
        updated
            .metadata
            .annotations
            .insert(ANN_STORAGE_PROVISIONER.into(), provisioner.clone());
        updated
            .metadata
            .annotations
            .insert(ANN_BETA_STORAGE_PROVISIONER.into(), provisioner.clone());
        write_claim(cluster, updated)?
    } else {
        claim
    };
    let message = format!(
        "Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."
    );
    emit_for_claim(
        cluster,
        &claim,
        "Normal",
        "ExternalProvisioning",
        &message,
        COMPONENT,
    );
    Ok(())
}

/// A reference to a claim, as `claimRef` holds it.
pub fn claim_reference(claim: &PersistentVolumeClaim) -> ObjectReference {
    ObjectReference {
        api_version: "v1".into(),
        kind: "PersistentVolumeClaim".into(),
        namespace: claim.metadata.namespace().to_string(),
        name: claim.metadata.name.clone(),
        uid: claim.metadata.uid.clone(),
        resource_version: claim.metadata.resource_version.clone(),
        ..Default::default()
    }
}

/// `bind`: the volume first (claimRef, then phase Bound), then the claim (volumeName and
/// annotations, then status Bound with the volume's modes and capacity).
pub fn bind(
    cluster: &mut Cluster,
    volume: PersistentVolume,
    claim: PersistentVolumeClaim,
) -> Result<(), WriteFailed> {
    let volume = bind_volume_to_claim(cluster, volume, &claim)?;
    let volume = update_volume_phase(cluster, &volume, "Bound", None)?;
    let claim = bind_claim_to_volume(cluster, claim, &volume)?;
    update_claim_status(cluster, &claim, "Bound", Some(&volume))?;
    Ok(())
}

/// `bindVolumeToClaim` (`GetBindVolumeToClaim`): point the volume at the claim, marking the
/// binding as the controller's unless the volume was already reserved for this claim.
fn bind_volume_to_claim(
    cluster: &mut Cluster,
    volume: PersistentVolume,
    claim: &PersistentVolumeClaim,
) -> Result<PersistentVolume, WriteFailed> {
    let should_set_bound_by_controller = !is_volume_bound_to_claim(&volume, claim);
    let mut updated = volume.clone();
    let points_at_claim = volume.spec.claim_ref.as_ref().is_some_and(|claim_ref| {
        claim_ref.name == claim.metadata.name
            && claim_ref.namespace == claim.metadata.namespace()
            && claim_ref.uid == claim.metadata.uid
    });
    if !points_at_claim {
        updated.spec.claim_ref = Some(claim_reference(claim));
    }
    if should_set_bound_by_controller
        && !updated
            .metadata
            .annotations
            .contains_key(ANN_BOUND_BY_CONTROLLER)
    {
        updated
            .metadata
            .annotations
            .insert(ANN_BOUND_BY_CONTROLLER.into(), "yes".into());
    }
    if updated == volume {
        return Ok(volume);
    }
    write_volume(cluster, updated)
}

/// `bindClaimToVolume`: point the claim at the volume and mark the binding complete.
fn bind_claim_to_volume(
    cluster: &mut Cluster,
    claim: PersistentVolumeClaim,
    volume: &PersistentVolume,
) -> Result<PersistentVolumeClaim, WriteFailed> {
    let mut updated = claim.clone();
    if claim.spec.volume_name.as_deref() != Some(volume.metadata.name.as_str()) {
        updated.spec.volume_name = Some(volume.metadata.name.clone());
        if !updated
            .metadata
            .annotations
            .contains_key(ANN_BOUND_BY_CONTROLLER)
        {
            updated
                .metadata
                .annotations
                .insert(ANN_BOUND_BY_CONTROLLER.into(), "yes".into());
        }
    }
    if !updated
        .metadata
        .annotations
        .contains_key(ANN_BIND_COMPLETED)
    {
        updated
            .metadata
            .annotations
            .insert(ANN_BIND_COMPLETED.into(), "yes".into());
    }
    if updated == claim {
        return Ok(claim);
    }
    write_claim(cluster, updated)
}

/// `unbindVolume`: undo a binding the controller made (claimRef and annotation removed), or
/// keep a user's reservation but forget the claim's uid; the volume becomes Available.
pub fn unbind_volume(cluster: &mut Cluster, volume: PersistentVolume) -> Result<(), WriteFailed> {
    let mut updated = volume.clone();
    if volume
        .metadata
        .annotations
        .contains_key(ANN_BOUND_BY_CONTROLLER)
    {
        updated.spec.claim_ref = None;
        updated.metadata.annotations.remove(ANN_BOUND_BY_CONTROLLER);
    } else if let Some(claim_ref) = &mut updated.spec.claim_ref {
        claim_ref.uid = String::new();
    }
    let updated = if updated == volume {
        volume
    } else {
        write_volume(cluster, updated)?
    };
    update_volume_phase(cluster, &updated, "Available", None)?;
    Ok(())
}

/// `updateClaimStatus`: the phase, and the volume's access modes and capacity (or none).
/// Capacity is copied only when the claim is becoming Bound.
pub fn update_claim_status(
    cluster: &mut Cluster,
    claim: &PersistentVolumeClaim,
    phase: &str,
    volume: Option<&PersistentVolume>,
) -> Result<PersistentVolumeClaim, WriteFailed> {
    let mut status = claim.status.clone();
    status.phase = Some(phase.to_string());
    match volume {
        None => {
            status.access_modes.clear();
            status.capacity.clear();
        }
        Some(volume) => {
            status.access_modes = volume.spec.access_modes.clone();
            if claim.status.phase.as_deref() != Some(phase) {
                let capacity = volume.capacity();
                let current = claim.status.capacity.get("storage").copied();
                if capacity.is_some() && capacity != current {
                    status.capacity = volume.spec.capacity.clone();
                }
            }
        }
    }
    if status == claim.status {
        return Ok(claim.clone());
    }
    let key = claim_key(claim.metadata.namespace(), &claim.metadata.name);
    let written = cluster.store.modify(&key, |object| {
        if let Some(stored) = object.as_pvc_mut() {
            stored.status = status;
        }
    });
    if written.is_err() {
        return Err(WriteFailed);
    }
    get_claim(cluster, &key).ok_or(WriteFailed)
}

/// `updateClaimStatusWithEvent`: the status write and its event, only when the phase changes.
fn update_claim_status_with_event(
    cluster: &mut Cluster,
    claim: &PersistentVolumeClaim,
    phase: &str,
    reason: &str,
    message: &str,
) -> Result<(), WriteFailed> {
    if claim.status.phase.as_deref() == Some(phase) {
        return Ok(());
    }
    let claim = update_claim_status(cluster, claim, phase, None)?;
    emit_for_claim(cluster, &claim, "Warning", reason, message, COMPONENT);
    Ok(())
}

/// `updateVolumePhase`: the phase and its message; the API server stamps
/// `lastPhaseTransitionTime` when the phase changes.
pub fn update_volume_phase(
    cluster: &mut Cluster,
    volume: &PersistentVolume,
    phase: &str,
    message: Option<&str>,
) -> Result<PersistentVolume, WriteFailed> {
    if volume.status.phase.as_deref() == Some(phase) {
        return Ok(volume.clone());
    }
    let now = crate::sim::clock::rfc3339(cluster.now);
    let phase = phase.to_string();
    let message = message.filter(|m| !m.is_empty()).map(str::to_string);
    let key = volume_key(&volume.metadata.name);
    let written = cluster.store.modify(&key, |object| {
        if let Some(stored) = object.as_pv_mut() {
            stored.status.phase = Some(phase);
            stored.status.message = message;
            stored
                .status
                .extra
                .insert("lastPhaseTransitionTime".into(), now.into());
        }
    });
    if written.is_err() {
        return Err(WriteFailed);
    }
    get_volume(cluster, &volume.metadata.name).ok_or(WriteFailed)
}

/// `updateVolumePhaseWithEvent`: the phase write and its event, only when the phase changes.
pub fn update_volume_phase_with_event(
    cluster: &mut Cluster,
    volume: &PersistentVolume,
    phase: &str,
    type_: &str,
    reason: &str,
    message: &str,
) -> Result<PersistentVolume, WriteFailed> {
    if volume.status.phase.as_deref() == Some(phase) {
        return Ok(volume.clone());
    }
    let volume = update_volume_phase(cluster, volume, phase, Some(message))?;
    emit_for_volume(cluster, &volume, type_, reason, message);
    Ok(volume)
}

/// Writes a claim's spec and metadata through the API, and reads it back.
pub fn write_claim(
    cluster: &mut Cluster,
    claim: PersistentVolumeClaim,
) -> Result<PersistentVolumeClaim, WriteFailed> {
    let key = claim_key(claim.metadata.namespace(), &claim.metadata.name);
    if api::update(cluster, Object::PersistentVolumeClaim(Box::new(claim))).is_err() {
        return Err(WriteFailed);
    }
    get_claim(cluster, &key).ok_or(WriteFailed)
}

/// Writes a volume's spec and metadata through the API, and reads it back.
pub fn write_volume(
    cluster: &mut Cluster,
    volume: PersistentVolume,
) -> Result<PersistentVolume, WriteFailed> {
    let name = volume.metadata.name.clone();
    if api::update(cluster, Object::PersistentVolume(Box::new(volume))).is_err() {
        return Err(WriteFailed);
    }
    get_volume(cluster, &name).ok_or(WriteFailed)
}
