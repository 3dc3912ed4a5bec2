//! The garbage collector: background, foreground and orphan deletion, owners that exist
//! only by uid, and claims owned by pods.

mod binding_support;

use binding_support::*;
use expect_test::expect;
use sts_playground::sim::api::{self, DeleteOptions, Propagation};
use sts_playground::sim::model::{Kind, Object};
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::world::{Cluster, Preset};

fn sts_key(name: &str) -> ObjectKey {
    ObjectKey::new(Kind::StatefulSet, "default", name)
}

fn uid(cluster: &Cluster, key: &ObjectKey) -> String {
    get(cluster, key)
        .map(|o| o.meta().uid.clone())
        .unwrap_or_default()
}

fn stateful_set(name: &str, finalizers: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {name}\n  finalizers: [{finalizers}]\nspec:\n  serviceName: {name}\n  replicas: 0\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n"
    )
}

/// A pod owned by the set `owner` (uid `owner_uid`), optionally scheduled so that its
/// deletion is graceful (the kubelet of these tests never finishes it). The reference is not a
/// controller reference, so the StatefulSet controller leaves these pods to the garbage
/// collector, whose rules do not depend on it.
fn pod(name: &str, owner: &str, owner_uid: &str, block: bool, node: Option<&str>) -> String {
    let node = node
        .map(|n| format!("  nodeName: {n}\n"))
        .unwrap_or_default();
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  ownerReferences:\n  - apiVersion: apps/v1\n    kind: StatefulSet\n    name: {owner}\n    uid: {owner_uid}\n    controller: false\n    blockOwnerDeletion: {block}\nspec:\n{node}  containers:\n  - name: c\n    image: nginx\n"
    )
}

/// Pods and sets: `name [Terminating] owners=<owner names>`.
fn objects(cluster: &Cluster) -> String {
    let mut out = String::new();
    for kind in [Kind::StatefulSet, Kind::Pod, Kind::PersistentVolumeClaim] {
        for object in cluster.store.list(kind, Some("default")) {
            let meta = object.meta();
            let owners: Vec<&str> = meta
                .owner_references
                .iter()
                .map(|r| r.name.as_str())
                .collect();
            out.push_str(&format!(
                "{}/{}{}{}{}\n",
                kind.info().singular,
                meta.name,
                if meta.is_deleting() {
                    " Terminating"
                } else {
                    ""
                },
                if owners.is_empty() {
                    String::new()
                } else {
                    format!(" owners={}", owners.join(","))
                },
                if meta.finalizers.is_empty() {
                    String::new()
                } else {
                    format!(" finalizers={}", meta.finalizers.join(","))
                },
            ));
        }
    }
    out
}

#[test]
fn background_deletion_removes_the_set_at_once_and_its_pods_after() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 41);
    // The kubelet of these tests never finishes a pod.
    cluster.kubelet.paused = true;
    cluster.scheduler.paused = true;
    create(&mut cluster, &stateful_set("web", ""));
    let owner = uid(&cluster, &sts_key("web"));
    create(
        &mut cluster,
        &pod("web-0", "web", &owner, true, Some("k8s-node1")),
    );
    create(&mut cluster, &pod("web-1", "web", &owner, true, None));
    let before = objects(&cluster);
    delete(&mut cluster, &sts_key("web"));
    expect![[r#"
        statefulset/web
        pod/web-0 owners=web
        pod/web-1 owners=web

        pod/web-0 Terminating owners=web
    "#]]
    .assert_eq(&format!("{before}\n{}", objects(&cluster)));
}

#[test]
fn an_owner_exists_only_with_the_same_uid() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 42);
    // The kubelet of these tests never finishes a pod.
    cluster.kubelet.paused = true;
    cluster.scheduler.paused = true;
    create(&mut cluster, &stateful_set("web", ""));
    let owner = uid(&cluster, &sts_key("web"));
    create(&mut cluster, &pod("real", "web", &owner, true, None));
    create(
        &mut cluster,
        &pod(
            "stale",
            "web",
            "00000000-0000-4000-8000-000000000000",
            true,
            None,
        ),
    );
    create(&mut cluster, &pod("never", "ghost", &owner, false, None));
    expect![[r#"
        statefulset/web
        pod/real owners=web
    "#]]
    .assert_eq(&objects(&cluster));
}

#[test]
fn a_dependent_with_a_live_owner_only_loses_the_dead_reference() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 43);
    // The kubelet of these tests never finishes a pod.
    cluster.kubelet.paused = true;
    cluster.scheduler.paused = true;
    create(&mut cluster, &stateful_set("a", ""));
    create(&mut cluster, &stateful_set("b", ""));
    let (a, b) = (uid(&cluster, &sts_key("a")), uid(&cluster, &sts_key("b")));
    create(
        &mut cluster,
        &format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: shared\n  ownerReferences:\n  - {{apiVersion: apps/v1, kind: StatefulSet, name: a, uid: {a}}}\n  - {{apiVersion: apps/v1, kind: StatefulSet, name: b, uid: {b}}}\nspec:\n  containers:\n  - name: c\n    image: nginx\n"
        ),
    );
    delete(&mut cluster, &sts_key("a"));
    let after_a = objects(&cluster);
    delete(&mut cluster, &sts_key("b"));
    expect![[r#"
        statefulset/b
        pod/shared owners=b

    "#]]
    .assert_eq(&format!("{after_a}\n{}", objects(&cluster)));
}

#[test]
fn foreground_deletion_waits_for_blocking_dependents() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 44);
    // The kubelet of these tests never finishes a pod.
    cluster.kubelet.paused = true;
    cluster.scheduler.paused = true;
    // What the API server does for `--cascade=foreground`: the finalizer, then the timestamp.
    create(&mut cluster, &stateful_set("web", "foregroundDeletion"));
    let owner = uid(&cluster, &sts_key("web"));
    create(
        &mut cluster,
        &pod("web-0", "web", &owner, true, Some("k8s-node1")),
    );
    create(
        &mut cluster,
        &pod("web-1", "web", &owner, false, Some("k8s-node2")),
    );
    create(&mut cluster, &pod("web-2", "web", &owner, true, None));
    delete(&mut cluster, &sts_key("web"));
    let waiting = objects(&cluster);
    // The kubelet finishes web-0; the non-blocking web-1 does not hold the set.
    let _ = api::delete(
        &mut cluster,
        &pod_key("web-0"),
        DeleteOptions {
            grace_period_seconds: Some(0),
            ..Default::default()
        },
    );
    cluster.settle();
    expect![[r#"
        statefulset/web Terminating finalizers=foregroundDeletion
        pod/web-0 Terminating owners=web
        pod/web-1 Terminating owners=web

        pod/web-1 Terminating owners=web
    "#]]
    .assert_eq(&format!("{waiting}\n{}", objects(&cluster)));
}

#[test]
fn orphan_deletion_keeps_the_dependents_without_their_reference() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 45);
    // The kubelet of these tests never finishes a pod.
    cluster.kubelet.paused = true;
    cluster.scheduler.paused = true;
    create(&mut cluster, &stateful_set("web", "orphan"));
    let owner = uid(&cluster, &sts_key("web"));
    create(
        &mut cluster,
        &pod("web-0", "web", &owner, true, Some("k8s-node1")),
    );
    create(&mut cluster, &pod("web-1", "web", &owner, true, None));
    delete(&mut cluster, &sts_key("web"));
    expect![[r#"
        pod/web-0
        pod/web-1
    "#]]
    .assert_eq(&objects(&cluster));
}

#[test]
fn a_claim_owned_by_a_pod_goes_when_the_pod_goes_and_releases_its_volume() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 46);
    // The kubelet of these tests never finishes a pod.
    cluster.kubelet.paused = true;
    cluster.scheduler.paused = true;
    create(
        &mut cluster,
        &volume_yaml("pv1", "1Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-0\nspec:\n  nodeName: k8s-node1\n  containers:\n  - name: c\n    image: nginx\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data-web-0\n",
    );
    let pod_uid = uid(&cluster, &pod_key("web-0"));
    create(
        &mut cluster,
        &format!(
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data-web-0\n  finalizers: [kubernetes.io/pvc-protection]\n  ownerReferences:\n  - {{apiVersion: v1, kind: Pod, name: web-0, uid: {pod_uid}, controller: true, blockOwnerDeletion: true}}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n"
        ),
    );
    let before = format!("{}{}", objects(&cluster), volumes(&cluster));
    let _ = api::delete(
        &mut cluster,
        &pod_key("web-0"),
        DeleteOptions {
            grace_period_seconds: Some(0),
            propagation: Propagation::Background,
        },
    );
    cluster.settle();
    expect![[r#"
        pod/web-0
        persistentvolumeclaim/data-web-0 owners=web-0 finalizers=kubernetes.io/pvc-protection
        pv1 1Gi RWO Retain Bound default/data-web-0 -

        pv1 1Gi RWO Retain Released default/data-web-0 -
    "#]]
    .assert_eq(&format!(
        "{before}\n{}{}",
        objects(&cluster),
        volumes(&cluster)
    ));
}

#[test]
fn owners_of_kinds_the_cluster_does_not_serve_are_left_alone() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 47);
    // The kubelet of these tests never finishes a pod.
    cluster.kubelet.paused = true;
    cluster.scheduler.paused = true;
    create(
        &mut cluster,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: adopted\n  ownerReferences:\n  - {apiVersion: example.com/v1, kind: Widget, name: w, uid: 00000000-0000-4000-8000-00000000000a}\nspec:\n  containers:\n  - name: c\n    image: nginx\n",
    );
    assert!(matches!(
        get(&cluster, &pod_key("adopted")),
        Some(Object::Pod(_))
    ));
}
