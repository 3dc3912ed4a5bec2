//! `kubectl describe` for PersistentVolumeClaims, PersistentVolumes and StorageClasses.
//!
//! Models `kubectl/pkg/describe/describe.go` (v1.34): `describePersistentVolumeClaim`,
//! `printPersistentVolumeClaim`, `getPodsForPVC` (the `Used By:` list is computed by the
//! caller), `describePersistentVolume`, `printVolumeNodeAffinity`,
//! `printNodeSelectorTermsMultilineWithIndent`, `describeStorageClass`,
//! `printAllowedTopologies`; and `kubectl/pkg/util/storage` (`GetPersistentVolumeClaimClass`,
//! `GetPersistentVolumeClass`, `IsDefaultAnnotationText`).
//!
//! Leaves out: PV sources of cloud and vendor plugins a playground cannot have (iSCSI, RBD,
//! Cinder, vSphere, …), which print `<unknown>` as kubectl does for a PV without a source.
//!
//! Architecture Invariant: these functions only format what they are given; nothing here
//! panics on any object content.

use crate::sim::clock::SimTime;

use super::pod::{
    print_aws_elastic_block_store, print_csi_attributes, print_gce_persistent_disk,
    print_host_path, print_nfs, quantity_string,
};
use super::writer::{
    access_modes_string, format_labels, go_list, print_annotations_multiline,
    print_labels_multiline, print_pods_multiline, since, PrefixWriter, J, LEVEL_0, LEVEL_1,
    LEVEL_2,
};

/// The beta annotation that, when present, wins over `storageClassName`.
const BETA_STORAGE_CLASS_ANNOTATION: &str = "volume.beta.kubernetes.io/storage-class";

/// `GetPersistentVolumeClaimClass` / `GetPersistentVolumeClass`.
pub fn storage_class_of(object: J<'_>) -> String {
    let annotation = object.path(&["metadata", "annotations", BETA_STORAGE_CLASS_ANNOTATION]);
    if annotation.is_set() {
        return annotation.v();
    }
    object.path(&["spec", "storageClassName"]).str().to_string()
}

/// `describePersistentVolumeClaim` without its events.
pub fn describe_pvc_body(w: &mut PrefixWriter, pvc: J<'_>, used_by: Vec<String>, now: SimTime) {
    print_persistent_volume_claim(w, pvc, true, now);
    print_pods_multiline(w, "Used By", used_by);
    let conditions = pvc.path(&["status", "conditions"]);
    if !conditions.is_empty() {
        w.write(LEVEL_0, "Conditions:\n");
        w.write(
            LEVEL_1,
            "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.write(
            LEVEL_1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for condition in conditions.items() {
            w.write(
                LEVEL_1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    condition.get("type").str(),
                    condition.get("status").str(),
                    condition.get("lastProbeTime").rfc1123z(),
                    condition.get("lastTransitionTime").rfc1123z(),
                    condition.get("reason").str(),
                    condition.get("message").str()
                ),
            );
        }
    }
}

/// `printPersistentVolumeClaim`: a claim, or (when `full` is false) a claim template, which
/// has no name, namespace, status or finalizers worth printing.
pub fn print_persistent_volume_claim(w: &mut PrefixWriter, pvc: J<'_>, full: bool, now: SimTime) {
    let meta = pvc.get("metadata");
    let spec = pvc.get("spec");
    if full {
        w.write(LEVEL_0, &format!("Name:\t{}\n", meta.get("name").str()));
        w.write(
            LEVEL_0,
            &format!("Namespace:\t{}\n", meta.get("namespace").str()),
        );
    }
    w.write(
        LEVEL_0,
        &format!("StorageClass:\t{}\n", storage_class_of(pvc)),
    );
    if full {
        if meta.get("deletionTimestamp").is_set() {
            w.write(
                LEVEL_0,
                &format!(
                    "Status:\tTerminating (lasts {})\n",
                    since(meta.get("deletionTimestamp").time(), now)
                ),
            );
        } else {
            w.write(
                LEVEL_0,
                &format!("Status:\t{}\n", pvc.path(&["status", "phase"]).str()),
            );
        }
    }
    let volume_name = spec.get("volumeName").str();
    w.write(LEVEL_0, &format!("Volume:\t{volume_name}\n"));
    print_labels_multiline(w, "Labels", meta.get("labels"));
    print_annotations_multiline(w, "Annotations", meta.get("annotations"));
    if full {
        w.write(
            LEVEL_0,
            &format!(
                "Finalizers:\t{}\n",
                go_list(&meta.get("finalizers").strings())
            ),
        );
    }
    let (capacity, access_modes) = if volume_name.is_empty() {
        (String::new(), String::new())
    } else {
        let storage = pvc.path(&["status", "capacity", "storage"]);
        let capacity = if storage.is_set() {
            quantity_string(storage)
        } else {
            "0".to_string()
        };
        (
            capacity,
            access_modes_string(pvc.path(&["status", "accessModes"])),
        )
    };
    w.write(LEVEL_0, &format!("Capacity:\t{capacity}\n"));
    w.write(LEVEL_0, &format!("Access Modes:\t{access_modes}\n"));
    if let Some(mode) = spec.get("volumeMode").opt_str() {
        w.write(LEVEL_0, &format!("VolumeMode:\t{mode}\n"));
    }
    let data_source = spec.get("dataSource");
    if data_source.is_set() {
        w.write(LEVEL_0, "DataSource:\n");
        if let Some(group) = data_source.get("apiGroup").opt_str() {
            w.write(LEVEL_1, &format!("APIGroup:\t{group}\n"));
        }
        w.write(
            LEVEL_1,
            &format!("Kind:\t{}\n", data_source.get("kind").str()),
        );
        w.write(
            LEVEL_1,
            &format!("Name:\t{}\n", data_source.get("name").str()),
        );
    }
}

/// `describePersistentVolume` without its events.
pub fn describe_pv_body(w: &mut PrefixWriter, pv: J<'_>, now: SimTime) {
    let meta = pv.get("metadata");
    let spec = pv.get("spec");
    w.write(LEVEL_0, &format!("Name:\t{}\n", meta.get("name").str()));
    print_labels_multiline(w, "Labels", meta.get("labels"));
    print_annotations_multiline(w, "Annotations", meta.get("annotations"));
    w.write(
        LEVEL_0,
        &format!(
            "Finalizers:\t{}\n",
            go_list(&meta.get("finalizers").strings())
        ),
    );
    w.write(
        LEVEL_0,
        &format!("StorageClass:\t{}\n", storage_class_of(pv)),
    );
    if meta.get("deletionTimestamp").is_set() {
        w.write(
            LEVEL_0,
            &format!(
                "Status:\tTerminating (lasts {})\n",
                since(meta.get("deletionTimestamp").time(), now)
            ),
        );
    } else {
        w.write(
            LEVEL_0,
            &format!("Status:\t{}\n", pv.path(&["status", "phase"]).str()),
        );
    }
    let claim = spec.get("claimRef");
    if claim.is_set() {
        w.write(
            LEVEL_0,
            &format!(
                "Claim:\t{}/{}\n",
                claim.get("namespace").str(),
                claim.get("name").str()
            ),
        );
    } else {
        w.write(LEVEL_0, "Claim:\t\n");
    }
    w.write(
        LEVEL_0,
        &format!(
            "Reclaim Policy:\t{}\n",
            spec.get("persistentVolumeReclaimPolicy").str()
        ),
    );
    w.write(
        LEVEL_0,
        &format!(
            "Access Modes:\t{}\n",
            access_modes_string(spec.get("accessModes"))
        ),
    );
    if let Some(mode) = spec.get("volumeMode").opt_str() {
        w.write(LEVEL_0, &format!("VolumeMode:\t{mode}\n"));
    }
    let storage = spec.path(&["capacity", "storage"]);
    let capacity = if storage.is_set() {
        quantity_string(storage)
    } else {
        "0".to_string()
    };
    w.write(LEVEL_0, &format!("Capacity:\t{capacity}\n"));
    print_volume_node_affinity(w, spec.get("nodeAffinity"));
    w.write(
        LEVEL_0,
        &format!("Message:\t{}\n", pv.path(&["status", "message"]).str()),
    );
    w.write(LEVEL_0, "Source:\n");
    let source = |field: &str| {
        let value = spec.get(field);
        value.is_set().then_some(value)
    };
    if let Some(host_path) = source("hostPath") {
        print_host_path(w, host_path);
    } else if let Some(gce) = source("gcePersistentDisk") {
        print_gce_persistent_disk(w, gce);
    } else if let Some(aws) = source("awsElasticBlockStore") {
        print_aws_elastic_block_store(w, aws);
    } else if let Some(nfs) = source("nfs") {
        print_nfs(w, nfs);
    } else if let Some(local) = source("local") {
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t{}\n",
                local.get("path").str()
            ),
        );
    } else if let Some(csi) = source("csi") {
        w.write(
            LEVEL_2,
            &format!(
                "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n    FSType:\t{}\n    VolumeHandle:\t{}\n    ReadOnly:\t{}\n",
                csi.get("driver").str(),
                csi.get("fsType").str(),
                csi.get("volumeHandle").str(),
                csi.get("readOnly").bool()
            ),
        );
        print_csi_attributes(w, csi.get("volumeAttributes"));
    } else {
        w.write(LEVEL_1, "<unknown>\n");
    }
}

/// `printVolumeNodeAffinity`.
fn print_volume_node_affinity(w: &mut PrefixWriter, affinity: J<'_>) {
    w.write(LEVEL_0, "Node Affinity:\t");
    let required = affinity.get("required");
    if !required.is_set() {
        w.write_line("<none>");
        return;
    }
    w.write_line("");
    w.write(LEVEL_1, "Required Terms:\t");
    let terms = required.get("nodeSelectorTerms");
    if terms.is_empty() {
        w.write_line("<none>");
        return;
    }
    w.write_line("");
    for (index, term) in terms.items().enumerate() {
        print_node_selector_terms(
            w,
            LEVEL_2,
            &format!("Term {index}"),
            term.get("matchExpressions"),
        );
    }
}

/// `printNodeSelectorTermsMultilineWithIndent`: `key in [a, b]` per requirement.
fn print_node_selector_terms(w: &mut PrefixWriter, level: usize, title: &str, requirements: J<'_>) {
    w.write(level, &format!("{title}:\t"));
    if requirements.is_empty() {
        w.write_line("<none>");
        return;
    }
    for (index, requirement) in requirements.items().enumerate() {
        if index != 0 {
            w.write(level, "\t");
        }
        let mut text = format!(
            "{} {}",
            requirement.get("key").str(),
            requirement.get("operator").str().to_lowercase()
        );
        let values = requirement.get("values").strings();
        if !values.is_empty() {
            text.push_str(&format!(" [{}]", values.join(", ")));
        }
        text.push('\n');
        w.write(LEVEL_0, &text);
    }
}

/// `describeStorageClass` without its events.
pub fn describe_storage_class_body(w: &mut PrefixWriter, class: J<'_>) {
    let meta = class.get("metadata");
    w.write(LEVEL_0, &format!("Name:\t{}\n", meta.get("name").str()));
    w.write(
        LEVEL_0,
        &format!("IsDefaultClass:\t{}\n", is_default_annotation_text(meta)),
    );
    w.write(
        LEVEL_0,
        &format!(
            "Annotations:\t{}\n",
            format_labels(&meta.get("annotations").string_map())
        ),
    );
    w.write(
        LEVEL_0,
        &format!("Provisioner:\t{}\n", class.get("provisioner").str()),
    );
    w.write(
        LEVEL_0,
        &format!(
            "Parameters:\t{}\n",
            format_labels(&class.get("parameters").string_map())
        ),
    );
    let expansion = class.get("allowVolumeExpansion");
    let expansion = if expansion.is_set() {
        super::pod::print_bool(expansion.bool())
    } else {
        "<unset>"
    };
    w.write(LEVEL_0, &format!("AllowVolumeExpansion:\t{expansion}\n"));
    let options = class.get("mountOptions");
    if options.is_empty() {
        w.write(LEVEL_0, "MountOptions:\t<none>\n");
    } else {
        w.write(LEVEL_0, "MountOptions:\n");
        for option in options.strings() {
            w.write(LEVEL_1, &format!("{option}\n"));
        }
    }
    if let Some(policy) = class.get("reclaimPolicy").opt_str() {
        w.write(LEVEL_0, &format!("ReclaimPolicy:\t{policy}\n"));
    }
    if let Some(mode) = class.get("volumeBindingMode").opt_str() {
        w.write(LEVEL_0, &format!("VolumeBindingMode:\t{mode}\n"));
    }
    let topologies = class.get("allowedTopologies");
    if topologies.is_set() {
        print_allowed_topologies(w, topologies);
    }
}

/// `storageutil.IsDefaultAnnotationText`.
fn is_default_annotation_text(meta: J<'_>) -> &'static str {
    let annotations = meta.get("annotations");
    let is_default = |key: &str| annotations.get(key).str() == "true";
    if is_default("storageclass.kubernetes.io/is-default-class")
        || is_default("storageclass.beta.kubernetes.io/is-default-class")
    {
        "Yes"
    } else {
        "No"
    }
}

/// `printAllowedTopologies`.
fn print_allowed_topologies(w: &mut PrefixWriter, topologies: J<'_>) {
    w.write(LEVEL_0, "AllowedTopologies:\t");
    if topologies.is_empty() {
        w.write_line("<none>");
        return;
    }
    w.write_line("");
    for (index, term) in topologies.items().enumerate() {
        let title = format!("Term {index}");
        w.write(LEVEL_1, &format!("{title}:\t"));
        let requirements = term.get("matchLabelExpressions");
        if requirements.is_empty() {
            w.write_line("<none>");
            continue;
        }
        for (position, requirement) in requirements.items().enumerate() {
            if position != 0 {
                w.write(LEVEL_1, "\t");
            }
            let mut text = format!("{} in", requirement.get("key").str());
            let values = requirement.get("values").strings();
            if !values.is_empty() {
                text.push_str(&format!(" [{}]", values.join(", ")));
            }
            text.push('\n');
            w.write(LEVEL_0, &text);
        }
    }
}
