//! Shared helpers of the binder and garbage-collector tests: compact, kubectl-like views of
//! volumes, claims and events, so snapshots read like a terminal session.

#![allow(dead_code)]

use sts_playground::sim::model::{access_modes_short, Kind, Object};
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::testkit;
use sts_playground::sim::world::Cluster;

/// `kubectl get pv` without AGE: NAME CAPACITY MODES POLICY STATUS CLAIM CLASS.
pub fn volumes(cluster: &Cluster) -> String {
    let mut out = String::new();
    for object in cluster.store.list(Kind::PersistentVolume, None) {
        let Some(pv) = object.as_pv() else { continue };
        let status = if pv.metadata.is_deleting() {
            "Terminating"
        } else {
            pv.phase()
        };
        let claim = pv
            .spec
            .claim_ref
            .as_ref()
            .map(|c| format!("{}/{}", c.namespace, c.name))
            .unwrap_or_default();
        let capacity = pv.capacity().map(|q| q.to_string()).unwrap_or_default();
        out.push_str(&format!(
            "{} {} {} {} {} {} {}\n",
            pv.metadata.name,
            capacity,
            access_modes_short(&pv.spec.access_modes),
            pv.reclaim_policy(),
            status,
            if claim.is_empty() { "-" } else { &claim },
            if pv.class().is_empty() {
                "-"
            } else {
                pv.class()
            },
        ));
    }
    out
}

/// `kubectl get pvc -A` without AGE: NAMESPACE/NAME STATUS VOLUME CAPACITY MODES CLASS.
pub fn claims(cluster: &Cluster) -> String {
    let mut out = String::new();
    for object in cluster.store.list(Kind::PersistentVolumeClaim, None) {
        let Some(pvc) = object.as_pvc() else { continue };
        let status = if pvc.metadata.is_deleting() {
            "Terminating"
        } else {
            pvc.phase()
        };
        let capacity = pvc
            .status
            .capacity
            .get("storage")
            .map(|q| q.to_string())
            .unwrap_or_else(|| "-".into());
        let modes = access_modes_short(&pvc.status.access_modes);
        out.push_str(&format!(
            "{}/{} {} {} {} {} {}\n",
            pvc.metadata.namespace(),
            pvc.metadata.name,
            status,
            pvc.spec.volume_name.as_deref().unwrap_or("-"),
            capacity,
            if modes.is_empty() { "-" } else { &modes },
            pvc.spec
                .storage_class_name
                .as_deref()
                .map_or("<unset>", |c| if c.is_empty() { "\"\"" } else { c }),
        ));
    }
    out
}

/// Events, oldest first: `TYPE REASON kind/name (xN) from: message`.
pub fn events(cluster: &Cluster) -> String {
    let mut out = String::new();
    for event in cluster.store.events() {
        let count = if event.count > 1 {
            format!(" (x{})", event.count)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{} {} {}/{}{} from {}: {}\n",
            event.type_,
            event.reason,
            event.involved_object.kind.to_ascii_lowercase(),
            event.involved_object.name,
            count,
            event.source.component,
            event.message,
        ));
    }
    out
}

/// Volumes, claims and events, with a blank line between.
pub fn state(cluster: &Cluster) -> String {
    format!(
        "{}\n{}\n{}",
        volumes(cluster),
        claims(cluster),
        events(cluster)
    )
}

pub fn pv_key(name: &str) -> ObjectKey {
    ObjectKey::new(Kind::PersistentVolume, "", name)
}

pub fn pvc_key(name: &str) -> ObjectKey {
    ObjectKey::new(Kind::PersistentVolumeClaim, "default", name)
}

pub fn pod_key(name: &str) -> ObjectKey {
    ObjectKey::new(Kind::Pod, "default", name)
}

pub fn get(cluster: &Cluster, key: &ObjectKey) -> Option<Object> {
    cluster.store.get(key).cloned()
}

/// A claim in `default` as YAML, with the protection finalizer admission would add.
pub fn claim_yaml(name: &str, size: &str, modes: &str, extra_spec: &str) -> String {
    format!(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {name}\n  finalizers: [kubernetes.io/pvc-protection]\nspec:\n  accessModes: [{modes}]\n  resources:\n    requests:\n      storage: {size}\n{extra_spec}"
    )
}

/// A hostPath volume as YAML, with the protection finalizer admission would add.
pub fn volume_yaml(name: &str, size: &str, modes: &str, extra_spec: &str) -> String {
    format!(
        "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: {name}\n  finalizers: [kubernetes.io/pv-protection]\nspec:\n  capacity:\n    storage: {size}\n  accessModes: [{modes}]\n  hostPath:\n    path: /data/{name}\n{extra_spec}"
    )
}

/// Creates the objects of `yaml` and settles.
pub fn create(cluster: &mut Cluster, yaml: &str) {
    testkit::create_all(cluster, yaml);
}

/// Deletes an object through the API (default options) and settles.
pub fn delete(cluster: &mut Cluster, key: &ObjectKey) {
    let _ = sts_playground::sim::api::delete(cluster, key, Default::default());
    cluster.settle();
}

/// Advances the clock by `ms` milliseconds, firing timers on the way.
pub fn wait(cluster: &mut Cluster, ms: u64) {
    let until = cluster.now + ms;
    cluster.advance_to(until);
}
