//! The external provisioner of the kind preset: rancher's local-path-provisioner
//! (`provisioner.go`) driven by `sig-storage-lib-external-provisioner` (`controller.go`:
//! `shouldProvision`, `provisionClaimOperation`, `shouldDelete`, `deleteVolumeOperation`).
//!
//! It takes the claims the PV controller annotated with
//! `volume.kubernetes.io/storage-provisioner: rancher.io/local-path` — for a
//! WaitForFirstConsumer class only once the scheduler has written
//! `volume.kubernetes.io/selected-node` — emits `Provisioning`, runs a helper pod that makes
//! the directory (a delay), then creates the PersistentVolume `pvc-<claim uid>`: a hostPath
//! under `/var/local-path-provisioner`, pinned to the selected node, with the class's reclaim
//! policy, already pointing at the claim. The PV controller then binds the claim to it. A
//! Released volume with policy Delete is removed the same way: a helper pod, then the object.
//!
//! Only the kind preset runs this provisioner; on the kubeadm preset (and for any other
//! provisioner name) nothing answers, and the claim waits with `ExternalProvisioning` events,
//! as on a cluster whose provisioner is not installed.
//!
//! Left out: the helper pods themselves, shared-filesystem (RWX) mode, the `volumeType: local`
//! option and the per-node path configuration (kind's default `/var/local-path-provisioner`
//! is used everywhere). A failed claim is retried every `PROVISION_RETRY_MS` instead of with
//! the library's exponential back-off, and the selected node is not cleared on failure.
//!
//! Architecture Invariant: the provisioner creates at most one volume per claim uid; the
//! volume name is derived from the uid and creation is skipped when it already exists.

use serde_json::json;

use crate::sim::api::{self, DeleteOptions};
use crate::sim::model::{
    Kind, Node, Object, ObjectMeta, PersistentVolume, PersistentVolumeClaim, PersistentVolumeSpec,
    StorageClass,
};
use crate::sim::store::ObjectKey;
use crate::sim::world::{Cluster, Preset, Timer};

use super::binder::claim_reference;
use super::index::claim_class;
use super::{
    claim_key, emit_for_claim, get_claim, get_volume, volume_key, BinderTimer,
    ANN_BETA_STORAGE_PROVISIONER, ANN_DYNAMICALLY_PROVISIONED, ANN_SELECTED_NODE,
    ANN_STORAGE_PROVISIONER, DELETE_DELAY_MS, PROVISION_DELAY_MS, PROVISION_RETRY_MS,
};

/// The provisioner name of kind's default StorageClass.
pub const LOCAL_PATH_PROVISIONER: &str = "rancher.io/local-path";
/// The event source the provisioner reports as: `<provisioner>_<pod name>_<identity uuid>`.
pub const LOCAL_PATH_COMPONENT: &str =
    "rancher.io/local-path_local-path-provisioner-7577fdbbfb-m2xqk_5f0d9c38-2b7e-4a61-9d8e-3c1a7f4b6e20";
/// Where the provisioner makes volume directories on the node (kind's configuration).
pub const LOCAL_PATH_BASE: &str = "/var/local-path-provisioner";
/// Volume annotation of the local-path provisioner: the node the volume lives on.
pub const ANN_LOCAL_PATH_SELECTED_NODE: &str = "local.path.provisioner/selected-node";

fn runs_here(cluster: &Cluster) -> bool {
    cluster.preset == Preset::Kind
}

/// The name of the volume provisioned for a claim.
pub fn provisioned_volume_name(claim: &PersistentVolumeClaim) -> String {
    format!("pvc-{}", claim.metadata.uid)
}

fn get_class(cluster: &Cluster, name: &str) -> Option<StorageClass> {
    cluster
        .store
        .get(&ObjectKey::new(Kind::StorageClass, "", name))
        .and_then(Object::as_storage_class)
        .cloned()
}

fn get_node(cluster: &Cluster, name: &str) -> Option<Node> {
    cluster
        .store
        .get(&ObjectKey::new(Kind::Node, "", name))
        .and_then(Object::as_node)
        .cloned()
}

/// `shouldProvision`: the claim is unbound, names this provisioner, and (for a
/// WaitForFirstConsumer class) has a node.
fn should_provision(cluster: &Cluster, claim: &PersistentVolumeClaim) -> Option<StorageClass> {
    if !claim.spec.volume_name.as_deref().unwrap_or("").is_empty() {
        return None;
    }
    let annotations = &claim.metadata.annotations;
    let named = annotations
        .get(ANN_STORAGE_PROVISIONER)
        .or_else(|| annotations.get(ANN_BETA_STORAGE_PROVISIONER));
    if named.map(String::as_str) != Some(LOCAL_PATH_PROVISIONER) {
        return None;
    }
    let class = get_class(cluster, claim_class(claim))?;
    if class.provisioner != LOCAL_PATH_PROVISIONER {
        return None;
    }
    if class.waits_for_first_consumer() && !annotations.contains_key(ANN_SELECTED_NODE) {
        return None;
    }
    Some(class)
}

/// Looks at one claim: starts provisioning a volume for it when it is this provisioner's turn.
pub fn sync_claim(cluster: &mut Cluster, key: &ObjectKey) {
    if !runs_here(cluster) {
        return;
    }
    let Some(claim) = get_claim(cluster, key) else {
        cluster.binder.provision_failed_at.remove(key);
        return;
    };
    let uid = claim.metadata.uid.clone();
    let Some(class) = should_provision(cluster, &claim) else {
        cluster.binder.provision_failed_at.remove(key);
        return;
    };
    if cluster.binder.provisioning.contains_key(&uid)
        || get_volume(cluster, &provisioned_volume_name(&claim)).is_some()
    {
        return;
    }
    if let Some((failed_uid, failed_at)) = cluster.binder.provision_failed_at.get(key) {
        if *failed_uid == uid && cluster.now < failed_at + PROVISION_RETRY_MS {
            return;
        }
    }
    if claim.volume_mode() == "Block" {
        let message =
            format!("{LOCAL_PATH_PROVISIONER} does not support block volume provisioning");
        fail(cluster, &claim, &message);
        return;
    }
    let message = format!(
        "External provisioner is provisioning volume for claim \"{}/{}\"",
        claim.metadata.namespace(),
        claim.metadata.name
    );
    emit_for_claim(
        cluster,
        &claim,
        "Normal",
        "Provisioning",
        &message,
        LOCAL_PATH_COMPONENT,
    );
    if let Err(error) = check_provision(cluster, &claim) {
        let message = format!(
            "failed to provision volume with StorageClass \"{}\": {error}",
            class.metadata.name
        );
        fail(cluster, &claim, &message);
        return;
    }
    cluster.binder.provision_failed_at.remove(key);
    cluster.binder.provisioning.insert(uid.clone(), key.clone());
    cluster.after(
        PROVISION_DELAY_MS,
        Timer::Binder(BinderTimer::Provisioned {
            claim: key.clone(),
            uid,
        }),
    );
}

fn fail(cluster: &mut Cluster, claim: &PersistentVolumeClaim, message: &str) {
    emit_for_claim(
        cluster,
        claim,
        "Warning",
        "ProvisioningFailed",
        message,
        LOCAL_PATH_COMPONENT,
    );
    let key = claim_key(claim.metadata.namespace(), &claim.metadata.name);
    let failed = (claim.metadata.uid.clone(), cluster.now);
    cluster.binder.provision_failed_at.insert(key, failed);
}

/// The checks of local-path's `Provision` that fail before any directory is made.
fn check_provision(cluster: &Cluster, claim: &PersistentVolumeClaim) -> Result<(), String> {
    if claim.spec.selector.is_some() {
        return Err("claim.Spec.Selector is not supported".into());
    }
    let supported = ["ReadWriteOnce", "ReadWriteOncePod"];
    if claim
        .spec
        .access_modes
        .iter()
        .any(|mode| !supported.contains(&mode.as_str()))
    {
        return Err(
            "NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes".into(),
        );
    }
    let Some(node) = claim.metadata.annotations.get(ANN_SELECTED_NODE) else {
        return Err("configuration error, no node was specified".into());
    };
    if get_node(cluster, node).is_none() {
        return Err(format!("nodes \"{node}\" not found"));
    }
    Ok(())
}

/// The helper pod has made the directory: create the PersistentVolume for the claim.
pub fn on_provisioned(cluster: &mut Cluster, key: &ObjectKey, uid: &str) {
    cluster.binder.provisioning.remove(uid);
    let Some(claim) = get_claim(cluster, key) else {
        return;
    };
    if claim.metadata.uid != uid {
        return;
    }
    let Some(class) = should_provision(cluster, &claim) else {
        return;
    };
    let Some(node_name) = claim.metadata.annotations.get(ANN_SELECTED_NODE).cloned() else {
        return;
    };
    let Some(node) = get_node(cluster, &node_name) else {
        return;
    };
    let name = provisioned_volume_name(&claim);
    if get_volume(cluster, &name).is_some() {
        return;
    }
    let hostname = node
        .metadata
        .labels
        .get("kubernetes.io/hostname")
        .cloned()
        .unwrap_or_else(|| node_name.clone());
    let path = format!(
        "{LOCAL_PATH_BASE}/{name}_{}_{}",
        claim.metadata.namespace(),
        claim.metadata.name
    );
    let mut spec = PersistentVolumeSpec {
        capacity: claim.spec.resources.requests.clone(),
        access_modes: claim.spec.access_modes.clone(),
        claim_ref: Some(claim_reference(&claim)),
        persistent_volume_reclaim_policy: Some(
            class
                .reclaim_policy
                .clone()
                .unwrap_or_else(|| "Delete".into()),
        ),
        storage_class_name: Some(claim_class(&claim).to_string()),
        volume_mode: Some("Filesystem".into()),
        ..Default::default()
    };
    spec.capacity.retain(|resource, _| resource == "storage");
    spec.extra.insert(
        "hostPath".into(),
        json!({"path": path, "type": "DirectoryOrCreate"}),
    );
    spec.extra.insert(
        "nodeAffinity".into(),
        json!({"required": {"nodeSelectorTerms": [{"matchExpressions": [
            {"key": "kubernetes.io/hostname", "operator": "In", "values": [hostname]}
        ]}]}}),
    );
    let volume = PersistentVolume {
        metadata: ObjectMeta {
            name: name.clone(),
            annotations: [
                (ANN_LOCAL_PATH_SELECTED_NODE.to_string(), node_name),
                (
                    ANN_DYNAMICALLY_PROVISIONED.to_string(),
                    LOCAL_PATH_PROVISIONER.to_string(),
                ),
            ]
            .into(),
            ..Default::default()
        },
        spec: spec.into(),
        ..Default::default()
    };
    if api::create(cluster, Object::PersistentVolume(Box::new(volume))).is_err() {
        return;
    }
    let message = format!("Successfully provisioned volume {name}");
    emit_for_claim(
        cluster,
        &claim,
        "Normal",
        "ProvisioningSucceeded",
        &message,
        LOCAL_PATH_COMPONENT,
    );
}

/// `shouldDelete`: a Released volume this provisioner made, with policy Delete.
fn should_delete(volume: &PersistentVolume) -> bool {
    volume.phase() == "Released"
        && volume.spec.persistent_volume_reclaim_policy.as_deref() == Some("Delete")
        && volume
            .metadata
            .annotations
            .get(ANN_DYNAMICALLY_PROVISIONED)
            .is_some_and(|by| by == LOCAL_PATH_PROVISIONER)
}

/// Looks at one volume: starts deleting its storage when it is Released and this
/// provisioner's to delete.
pub fn sync_volume(cluster: &mut Cluster, name: &str) {
    if !runs_here(cluster) || cluster.binder.reclaiming.contains(name) {
        return;
    }
    let Some(volume) = get_volume(cluster, name) else {
        return;
    };
    if !should_delete(&volume) {
        return;
    }
    cluster.binder.reclaiming.insert(name.to_string());
    cluster.after(
        DELETE_DELAY_MS,
        Timer::Binder(BinderTimer::StorageDeleted {
            volume: name.to_string(),
            uid: volume.metadata.uid.clone(),
        }),
    );
}

/// The helper pod has removed the directory: delete the PersistentVolume object.
pub fn on_storage_deleted(cluster: &mut Cluster, name: &str, uid: &str) {
    cluster.binder.reclaiming.remove(name);
    let Some(volume) = get_volume(cluster, name) else {
        return;
    };
    if volume.metadata.uid != uid || !should_delete(&volume) {
        return;
    }
    // The provisioner removed the directory: the files written through the volume are gone.
    cluster.runtime.delete_volume_data(name);
    let _ = api::delete(cluster, &volume_key(name), DeleteOptions::default());
}
