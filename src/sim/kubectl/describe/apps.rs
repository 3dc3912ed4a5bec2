//! `kubectl describe statefulset`.
//!
//! Models `describeStatefulSet`, `describeVolumeClaimTemplates` and `getPodStatusForController`
//! of `kubectl/pkg/describe/describe.go` at kubectl v1.34. That version prints no `Service
//! Name:`, `Pod Management Policy:` or `Persistent Volume Claim Retention Policy:` lines; they
//! arrived upstream in 2026 (kubectl 1.37) and are deliberately absent here, because the
//! playground reproduces kubectl v1.34.
//!
//! Architecture Invariant: the pod counts come from the caller, which finds the set's pods
//! through the store's owner index, never by scanning every pod.

use super::pod::{describe_pod_template, quantity_string};
use super::storage::storage_class_of;
use super::writer::{
    go_list, print_annotations_multiline, print_labels_multiline,
    print_labels_multiline_with_indent, selector_string, PrefixWriter, J, LEVEL_0, LEVEL_1,
};

/// `Pods Status:` counts, by phase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PodPhaseCounts {
    pub running: usize,
    pub waiting: usize,
    pub succeeded: usize,
    pub failed: usize,
}

impl PodPhaseCounts {
    /// Counts one pod's phase as `getPodStatusForController` does (other phases are ignored).
    pub fn count(&mut self, phase: &str) {
        match phase {
            "Running" => self.running += 1,
            "Pending" => self.waiting += 1,
            "Succeeded" => self.succeeded += 1,
            "Failed" => self.failed += 1,
            _ => {}
        }
    }
}

/// `describeStatefulSet` without its events.
pub fn describe_stateful_set_body(w: &mut PrefixWriter, set: J<'_>, pods: PodPhaseCounts) {
    let meta = set.get("metadata");
    let spec = set.get("spec");
    w.write(LEVEL_0, &format!("Name:\t{}\n", meta.get("name").str()));
    w.write(
        LEVEL_0,
        &format!("Namespace:\t{}\n", meta.get("namespace").str()),
    );
    w.write(
        LEVEL_0,
        &format!(
            "CreationTimestamp:\t{}\n",
            meta.get("creationTimestamp").rfc1123z()
        ),
    );
    w.write(
        LEVEL_0,
        &format!("Selector:\t{}\n", selector_string(spec.get("selector"))),
    );
    print_labels_multiline(w, "Labels", meta.get("labels"));
    print_annotations_multiline(w, "Annotations", meta.get("annotations"));
    w.write(
        LEVEL_0,
        &format!(
            "Replicas:\t{} desired | {} total\n",
            spec.get("replicas").opt_i64().unwrap_or(1),
            set.path(&["status", "replicas"]).i64()
        ),
    );
    let strategy = spec.get("updateStrategy");
    w.write(
        LEVEL_0,
        &format!("Update Strategy:\t{}\n", strategy.get("type").str()),
    );
    let rolling = strategy.get("rollingUpdate");
    if rolling.is_set() {
        if let Some(partition) = rolling.get("partition").opt_i64() {
            w.write(LEVEL_1, &format!("Partition:\t{partition}\n"));
            if rolling.get("maxUnavailable").is_set() {
                w.write(
                    LEVEL_1,
                    &format!(
                        "MaxUnavailable:\t{}\n",
                        rolling.get("maxUnavailable").int_or_string()
                    ),
                );
            }
        }
    }
    w.write(
        LEVEL_0,
        &format!(
            "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed\n",
            pods.running, pods.waiting, pods.succeeded, pods.failed
        ),
    );
    describe_pod_template(w, spec.get("template"));
    describe_volume_claim_templates(w, spec.get("volumeClaimTemplates"));
}

/// `describeVolumeClaimTemplates`.
fn describe_volume_claim_templates(w: &mut PrefixWriter, templates: J<'_>) {
    if templates.is_empty() {
        w.write(LEVEL_0, "Volume Claims:\t<none>\n");
        return;
    }
    w.write(LEVEL_0, "Volume Claims:\n");
    for claim in templates.items() {
        let meta = claim.get("metadata");
        w.write(LEVEL_1, &format!("Name:\t{}\n", meta.get("name").str()));
        w.write(
            LEVEL_1,
            &format!("StorageClass:\t{}\n", storage_class_of(claim)),
        );
        print_labels_multiline_with_indent(w, "  ", "Labels", "\t", meta.get("labels"));
        print_labels_multiline_with_indent(w, "  ", "Annotations", "\t", meta.get("annotations"));
        let storage = claim.path(&["spec", "resources", "requests", "storage"]);
        let capacity = if storage.is_set() {
            quantity_string(storage)
        } else {
            "<default>".to_string()
        };
        w.write(LEVEL_1, &format!("Capacity:\t{capacity}\n"));
        w.write(
            LEVEL_1,
            &format!(
                "Access Modes:\t{}\n",
                go_list(&claim.path(&["spec", "accessModes"]).strings())
            ),
        );
    }
}
