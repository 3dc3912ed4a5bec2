//! PersistentVolumes, PersistentVolumeClaims (`k8s.io/api/core/v1`) and StorageClasses
//! (`k8s.io/api/storage/v1`).

use super::string_map::SortedMap;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::meta::{Extra, LabelSelector, ObjectMeta, ObjectReference, Shared};
use crate::sim::quantity::Quantity;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PersistentVolumeClaim {
    pub metadata: ObjectMeta,
    /// Shared with the copies of this claim until written (status writes leave it alone).
    pub spec: Shared<PersistentVolumeClaimSpec>,
    #[serde(skip_serializing_if = "PersistentVolumeClaimStatus::is_empty")]
    pub status: PersistentVolumeClaimStatus,
    /// Only used by the claim templates of a StatefulSet, which carry their own `apiVersion`
    /// and `kind` (the API server writes `v1` / `PersistentVolumeClaim` there).
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PersistentVolumeClaimSpec {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    pub resources: VolumeResourceRequirements,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_class_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_attributes_class_name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VolumeResourceRequirements {
    #[serde(skip_serializing_if = "SortedMap::is_empty")]
    pub requests: SortedMap<Quantity>,
    #[serde(skip_serializing_if = "SortedMap::is_empty")]
    pub limits: SortedMap<Quantity>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PersistentVolumeClaimStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[serde(skip_serializing_if = "SortedMap::is_empty")]
    pub capacity: SortedMap<Quantity>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl PersistentVolumeClaimStatus {
    pub fn is_empty(&self) -> bool {
        self.phase.is_none()
            && self.access_modes.is_empty()
            && self.capacity.is_empty()
            && self.extra.is_empty()
    }
}

impl PersistentVolumeClaim {
    pub fn phase(&self) -> &str {
        self.status.phase.as_deref().unwrap_or("Pending")
    }

    pub fn requested_storage(&self) -> Option<Quantity> {
        self.spec.resources.requests.get("storage").copied()
    }

    pub fn volume_mode(&self) -> &str {
        self.spec.volume_mode.as_deref().unwrap_or("Filesystem")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PersistentVolume {
    pub metadata: ObjectMeta,
    /// Shared with the copies of this volume until written.
    pub spec: Shared<PersistentVolumeSpec>,
    pub status: PersistentVolumeStatus,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PersistentVolumeSpec {
    #[serde(skip_serializing_if = "SortedMap::is_empty")]
    pub capacity: SortedMap<Quantity>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_ref: Option<ObjectReference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persistent_volume_reclaim_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_class_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_attributes_class_name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PersistentVolumeStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl PersistentVolume {
    pub fn phase(&self) -> &str {
        self.status.phase.as_deref().unwrap_or("Pending")
    }

    pub fn capacity(&self) -> Option<Quantity> {
        self.spec.capacity.get("storage").copied()
    }

    pub fn class(&self) -> &str {
        self.spec.storage_class_name.as_deref().unwrap_or("")
    }

    pub fn reclaim_policy(&self) -> &str {
        self.spec
            .persistent_volume_reclaim_policy
            .as_deref()
            .unwrap_or("Retain")
    }

    pub fn volume_mode(&self) -> &str {
        self.spec.volume_mode.as_deref().unwrap_or("Filesystem")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StorageClass {
    pub metadata: ObjectMeta,
    pub provisioner: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reclaim_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_binding_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_volume_expansion: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl StorageClass {
    pub fn is_default(&self) -> bool {
        self.metadata
            .annotations
            .get("storageclass.kubernetes.io/is-default-class")
            .is_some_and(|v| v == "true")
    }

    pub fn waits_for_first_consumer(&self) -> bool {
        self.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer")
    }
}

/// The short access-mode names kubectl prints, in kubectl's fixed order.
pub fn access_modes_short(modes: &[String]) -> String {
    let order = [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ];
    order
        .iter()
        .filter(|(long, _)| modes.iter().any(|m| m == long))
        .map(|(_, short)| *short)
        .collect::<Vec<_>>()
        .join(",")
}
