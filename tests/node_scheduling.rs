//! The scheduler: where pods land, why they stay Pending (the FailedScheduling texts), and
//! how WaitForFirstConsumer claims get their node. The PV controller is not part of these
//! tests: where a claim must become bound, the test binds it by hand as the controller would.

#[path = "node_support.rs"]
mod support;

use expect_test::expect;
use sts_playground::sim::model::{Kind, Object, ObjectReference};
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::testkit;
use sts_playground::sim::world::{Cluster, Preset};
use support::*;

fn pods(names: &[&str], extra: &str) -> String {
    names
        .iter()
        .map(|name| {
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: default\nspec:\n{extra}  containers:\n  - name: nginx\n    image: nginx:1.25\n"
            )
        })
        .collect::<Vec<_>>()
        .join("---\n")
}

fn placement(cluster: &Cluster, names: &[&str]) -> String {
    names
        .iter()
        .map(|name| {
            let node = pod(cluster, name)
                .and_then(|p| p.spec.node_name.clone())
                .unwrap_or_else(|| "<none>".into());
            format!("{name} → {node}\n")
        })
        .collect()
}

fn failed_scheduling(cluster: &Cluster, name: &str) -> String {
    events(cluster, name)
        .lines()
        .filter(|l| l.contains("FailedScheduling"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// What the PV controller does when it binds `claim` to `volume` (both exist).
fn bind_by_hand(cluster: &mut Cluster, claim: &str, volume: &str) {
    let claim_key = ObjectKey::new(Kind::PersistentVolumeClaim, "default", claim);
    let volume_key = ObjectKey::new(Kind::PersistentVolume, "", volume);
    let uid = cluster.store.get(&claim_key).unwrap().meta().uid.clone();
    cluster
        .store
        .modify(&volume_key, |object| {
            let pv = object.as_pv_mut().unwrap();
            pv.spec.claim_ref = Some(ObjectReference {
                kind: "PersistentVolumeClaim".into(),
                namespace: "default".into(),
                name: claim.into(),
                uid: uid.clone(),
                ..Default::default()
            });
            pv.status.phase = Some("Bound".into());
        })
        .unwrap();
    cluster
        .store
        .modify(&claim_key, |object| {
            let pvc = object.as_pvc_mut().unwrap();
            pvc.spec.volume_name = Some(volume.into());
            pvc.metadata
                .annotations
                .insert("pv.kubernetes.io/bind-completed".into(), "yes".into());
            pvc.status.phase = Some("Bound".into());
        })
        .unwrap();
    cluster.settle();
}

#[test]
fn pods_spread_over_the_workers_and_never_land_on_the_control_plane() {
    let names = ["a", "b", "c", "d", "e", "f"];
    let c = cluster(Preset::Kubeadm, 7, &pods(&names, ""));
    expect![[r#"
        a → k8s-node2
        b → k8s-node1
        c → k8s-node2
        d → k8s-node1
        e → k8s-node1
        f → k8s-node2
    "#]]
    .assert_eq(&placement(&c, &names));
    assert_eq!(c.store.pod_count_on_node("k8s-master"), 0);
    assert_eq!(c.store.pod_count_on_node("k8s-node1"), 3);
    assert_eq!(c.store.pod_count_on_node("k8s-node2"), 3);
    assert!(c.scheduler.unschedulable.is_empty());
}

#[test]
fn a_cordoned_node_gets_no_new_pods() {
    let mut c = Cluster::new(Preset::Kubeadm, 1);
    c.store
        .modify(&ObjectKey::new(Kind::Node, "", "k8s-node1"), |object| {
            object.as_node_mut().unwrap().spec.unschedulable = Some(true);
        })
        .unwrap();
    testkit::create_all(&mut c, &pods(&["a", "b", "c"], ""));
    expect![[r#"
        a → k8s-node2
        b → k8s-node2
        c → k8s-node2
    "#]]
    .assert_eq(&placement(&c, &["a", "b", "c"]));
}

#[test]
fn a_node_selector_that_matches_no_worker_leaves_the_pod_pending() {
    let mut c = cluster(
        Preset::Kubeadm,
        1,
        &pods(&["picky"], "  nodeSelector:\n    disktype: ssd\n"),
    );
    run_until(&mut c, 1_000);
    expect![[r#"
        0.000s Warning FailedScheduling 0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.
    "#]]
    .assert_eq(&failed_scheduling(&c, "picky"));
    let scheduled = pod(&c, "picky")
        .unwrap()
        .condition("PodScheduled")
        .unwrap()
        .clone();
    assert_eq!(scheduled.status, "False");
    assert_eq!(scheduled.reason.as_deref(), Some("Unschedulable"));
    assert!(c.scheduler.unschedulable.contains(&pod_key("picky")));
    // Labelling a worker makes the pod schedulable: the node change requeues it.
    c.store
        .modify(&ObjectKey::new(Kind::Node, "", "k8s-node2"), |object| {
            object
                .meta_mut()
                .labels
                .insert("disktype".into(), "ssd".into());
        })
        .unwrap();
    run_until(&mut c, 5_000);
    assert_eq!(placement(&c, &["picky"]), "picky → k8s-node2\n");
    assert!(c.scheduler.unschedulable.is_empty());
}

#[test]
fn tolerating_the_control_plane_taint_allows_the_master() {
    let c = cluster(
        Preset::Kubeadm,
        1,
        &pods(
            &["admin"],
            "  nodeSelector:\n    node-role.kubernetes.io/control-plane: \"\"\n  tolerations:\n  - key: node-role.kubernetes.io/control-plane\n    operator: Exists\n    effect: NoSchedule\n",
        ),
    );
    assert_eq!(placement(&c, &["admin"]), "admin → k8s-master\n");
}

const CLAIMED_POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web-0
  namespace: default
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    volumeMounts:
    - name: www
      mountPath: /usr/share/nginx/html
  volumes:
  - name: www
    persistentVolumeClaim:
      claimName: www-web-0
";

const CLAIM_NO_CLASS: &str = "apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: www-web-0
  namespace: default
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
";

const VOLUME: &str = "apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv003
spec:
  capacity:
    storage: 2Gi
  accessModes: [ReadWriteOnce]
  nfs:
    server: k8s-master
    path: /data/volumes/v3
";

#[test]
fn an_unbound_immediate_claim_keeps_the_pod_pending_until_it_is_bound() {
    let mut c = cluster(
        Preset::Kubeadm,
        1,
        &format!("{CLAIM_NO_CLASS}---\n{CLAIMED_POD}"),
    );
    run_until(&mut c, 60_000);
    expect![[r#"
        0.000s Warning FailedScheduling 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.
    "#]]
    .assert_eq(&failed_scheduling(&c, "web-0"));
    assert_eq!(placement(&c, &["web-0"]), "web-0 → <none>\n");
    testkit::create_all(&mut c, VOLUME);
    bind_by_hand(&mut c, "www-web-0", "pv003");
    expect![[r#"
        60.000s web-0 0/1 ContainerCreating 0 k8s-node2
        64.095s web-0 1/1 Running 0 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "web-0", 70_000));
    expect![[r#"
        0.000s Warning FailedScheduling 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.
        60.000s Normal Scheduled Successfully assigned default/web-0 to k8s-node2
        60.673s Normal Pulling Pulling image "nginx:1.25"
        63.991s Normal Pulled Successfully pulled image "nginx:1.25" in 3.318s (3.318s including waiting). Image size: 75456000 bytes.
        64.095s Normal Created Created container: nginx
        64.095s Normal Started Started container nginx
    "#]]
    .assert_eq(&events(&c, "web-0"));
    assert!(c.scheduler.unschedulable.is_empty());
}

#[test]
fn a_missing_claim_is_named_in_the_failure() {
    let mut c = cluster(Preset::Kubeadm, 1, CLAIMED_POD);
    run_until(&mut c, 1_000);
    expect![[r#"
        0.000s Warning FailedScheduling 0/3 nodes are available: persistentvolumeclaim "www-web-0" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.
    "#]]
    .assert_eq(&failed_scheduling(&c, "web-0"));
}

#[test]
fn failed_attempts_are_counted_and_retried_at_least_every_five_minutes() {
    let mut c = cluster(
        Preset::Kubeadm,
        1,
        &format!("{CLAIM_NO_CLASS}---\n{CLAIMED_POD}"),
    );
    run_until(&mut c, 16 * 60_000);
    expect![[r#"
        0.000s Warning FailedScheduling 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling. (x4)
    "#]]
    .assert_eq(&failed_scheduling(&c, "web-0"));
}

#[test]
fn a_bound_volume_with_node_affinity_decides_the_node() {
    let volume = |node: &str| {
        format!(
            "{VOLUME}  nodeAffinity:\n    required:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - key: kubernetes.io/hostname\n          operator: In\n          values: [{node}]\n"
        )
    };
    let mut c = cluster(
        Preset::Kubeadm,
        1,
        &format!("{CLAIM_NO_CLASS}---\n{}", volume("k8s-node2")),
    );
    bind_by_hand(&mut c, "www-web-0", "pv003");
    testkit::create_all(&mut c, CLAIMED_POD);
    assert_eq!(placement(&c, &["web-0"]), "web-0 → k8s-node2\n");

    let mut c = cluster(
        Preset::Kubeadm,
        1,
        &format!("{CLAIM_NO_CLASS}---\n{}", volume("k8s-master")),
    );
    bind_by_hand(&mut c, "www-web-0", "pv003");
    testkit::create_all(&mut c, CLAIMED_POD);
    expect![[r#"
        0.000s Warning FailedScheduling 0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match PersistentVolume's node affinity. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.
    "#]]
    .assert_eq(&failed_scheduling(&c, "web-0"));
}

const CLAIM_STANDARD: &str = "apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: www-web-0
  namespace: default
spec:
  storageClassName: standard
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
";

#[test]
fn wait_for_first_consumer_selects_the_node_then_binds_after_provisioning() {
    let mut c = cluster(
        Preset::Kind,
        1,
        &format!("{CLAIM_STANDARD}---\n{CLAIMED_POD}"),
    );
    run_until(&mut c, 2_000);
    let claim = c
        .store
        .get(&ObjectKey::new(
            Kind::PersistentVolumeClaim,
            "default",
            "www-web-0",
        ))
        .and_then(Object::as_pvc)
        .unwrap()
        .clone();
    assert_eq!(
        claim
            .metadata
            .annotations
            .get("volume.kubernetes.io/selected-node")
            .map(String::as_str),
        Some("kind-control-plane")
    );
    assert_eq!(placement(&c, &["web-0"]), "web-0 → <none>\n");
    assert!(
        failed_scheduling(&c, "web-0").is_empty(),
        "waiting is not a failure"
    );
    assert_eq!(
        c.scheduler.reserved_node(&pod_key("web-0")),
        Some("kind-control-plane")
    );
    // The provisioner creates the volume on that node and the PV controller binds it.
    testkit::create_all(
        &mut c,
        "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pvc-1\nspec:\n  storageClassName: standard\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /var/local-path-provisioner/pvc-1_default_www-web-0\n",
    );
    bind_by_hand(&mut c, "www-web-0", "pvc-1");
    // PreBind looks at the claims once a second.
    run_until(&mut c, 3_000);
    assert_eq!(placement(&c, &["web-0"]), "web-0 → kind-control-plane\n");
    assert!(c.scheduler.reserved_node(&pod_key("web-0")).is_none());
    assert!(c.scheduler.unschedulable.is_empty());
    expect![[r#"
        3.000s Normal Scheduled Successfully assigned default/web-0 to kind-control-plane
    "#]]
    .assert_eq(&events(&c, "web-0"));
}

#[test]
fn wait_for_first_consumer_prebinds_a_matching_static_volume() {
    let static_volume = "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: local-1\nspec:\n  storageClassName: standard\n  capacity:\n    storage: 5Gi\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /mnt/disk1\nstatus:\n  phase: Available\n";
    let mut c = cluster(Preset::Kind, 1, static_volume);
    testkit::create_all(&mut c, &format!("{CLAIM_STANDARD}---\n{CLAIMED_POD}"));
    let pv = c
        .store
        .get(&ObjectKey::new(Kind::PersistentVolume, "", "local-1"))
        .and_then(Object::as_pv)
        .unwrap();
    let claim_ref = pv
        .spec
        .claim_ref
        .as_ref()
        .expect("the scheduler pre-binds it");
    assert_eq!(claim_ref.name, "www-web-0");
    assert!(!claim_ref.uid.is_empty());
    assert_eq!(
        pv.metadata
            .annotations
            .get("pv.kubernetes.io/bound-by-controller")
            .map(String::as_str),
        Some("yes")
    );
    assert_eq!(placement(&c, &["web-0"]), "web-0 → <none>\n");
}

#[test]
fn deleted_pending_pods_leave_the_unschedulable_queue() {
    let mut c = cluster(
        Preset::Kubeadm,
        1,
        &pods(&["picky"], "  nodeSelector:\n    disktype: ssd\n"),
    );
    assert!(c.scheduler.unschedulable.contains(&pod_key("picky")));
    sts_playground::sim::api::delete(&mut c, &pod_key("picky"), Default::default()).unwrap();
    c.settle();
    assert!(c.scheduler.unschedulable.is_empty());
}
