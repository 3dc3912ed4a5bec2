//! `kubectl cordon`, `uncordon` and `drain` transcripts (kubectl 1.34 `pkg/cmd/drain`,
//! `pkg/drain`). Pods leave when the test removes them, so these pin kubectl's side only:
//! what it prints, when (evictions are checked on a one-second grid), and with which errors.

mod kubectl_support;

use expect_test::expect;
use kubectl_support::*;
use sts_playground::sim::model::{Kind, Object};
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::world::{Cluster, Preset};

/// A pod of the StatefulSet `web` (uid `owner`) on `node`.
fn owned_pod(name: &str, node: &str, owner: &str) -> String {
    pod_yaml(name, node, true).replace(
        "  labels:\n",
        &format!(
            "  ownerReferences:\n  - apiVersion: apps/v1\n    kind: StatefulSet\n    name: web\n    uid: {owner}\n    controller: true\n    blockOwnerDeletion: true\n  labels:\n"
        ),
    )
}

/// `web` with web-0 and web-1 on k8s-node1, web-2 on k8s-node2, and a bare pod `client` on
/// k8s-node1.
fn cluster() -> Cluster {
    let mut cluster = cluster_with(Preset::Kubeadm, WEB);
    let owner = uid(&cluster, Kind::StatefulSet, "web");
    insert(&mut cluster, &owned_pod("web-0", "k8s-node1", &owner));
    insert(&mut cluster, &owned_pod("web-1", "k8s-node1", &owner));
    insert(&mut cluster, &owned_pod("web-2", "k8s-node2", &owner));
    insert(
        &mut cluster,
        &pod_yaml("client", "k8s-node1", true).replace("app: web", "run: client"),
    );
    cluster
}

fn unschedulable(cluster: &Cluster, node: &str) -> Option<bool> {
    match cluster.store.get(&ObjectKey::new(Kind::Node, "", node)) {
        Some(Object::Node(node)) => node.spec.unschedulable,
        _ => None,
    }
}

#[test]
fn cordon_and_uncordon() {
    let mut cluster = cluster();
    let files = no_files();
    let mut transcript = String::new();
    for line in [
        "cordon k8s-node1",
        "cordon node/k8s-node1",
        "cordon k8s-node2 --dry-run=client",
    ] {
        transcript.push_str(&drive(&mut cluster, &files, line, vec![]));
    }
    transcript.push_str(&format!(
        "k8s-node1 unschedulable: {:?}, k8s-node2: {:?}\n",
        unschedulable(&cluster, "k8s-node1"),
        unschedulable(&cluster, "k8s-node2")
    ));
    for line in [
        "uncordon k8s-node1",
        "uncordon k8s-node1",
        "cordon -l kubernetes.io/hostname=k8s-node2",
        "cordon",
        "uncordon k8s-node9",
        "cordon k8s-node1 -l a=b",
        "cordon pod/web-0",
    ] {
        transcript.push_str(&drive(&mut cluster, &files, line, vec![]));
    }
    transcript.push_str(&format!(
        "k8s-node1 unschedulable: {:?}, k8s-node2: {:?}\n",
        unschedulable(&cluster, "k8s-node1"),
        unschedulable(&cluster, "k8s-node2")
    ));
    expect![[r#"
        $ kubectl cordon k8s-node1
            0s   node/k8s-node1 cordoned
        exit 0
        $ kubectl cordon node/k8s-node1
            0s   node/k8s-node1 already cordoned
        exit 0
        $ kubectl cordon k8s-node2 --dry-run=client
            0s   node/k8s-node2 cordoned (dry run)
        exit 0
        k8s-node1 unschedulable: Some(true), k8s-node2: None
        $ kubectl uncordon k8s-node1
            0s   node/k8s-node1 uncordoned
        exit 0
        $ kubectl uncordon k8s-node1
            0s   node/k8s-node1 already uncordoned
        exit 0
        $ kubectl cordon -l kubernetes.io/hostname=k8s-node2
            0s   node/k8s-node2 cordoned
        exit 0
        $ kubectl cordon
            0s ! error: USAGE: cordon NODE [flags]
            0s ! See 'kubectl cordon -h' for help and examples
        exit 1
        $ kubectl uncordon k8s-node9
            0s ! Error from server (NotFound): nodes "k8s-node9" not found
        exit 1
        $ kubectl cordon k8s-node1 -l a=b
            0s ! error: error: cannot specify both a node name and a --selector option
            0s ! See 'kubectl cordon -h' for help and examples
        exit 1
        $ kubectl cordon pod/web-0
            0s ! error: expected resource of type node, got "/v1, Resource=pods"
        exit 1
        k8s-node1 unschedulable: None, k8s-node2: Some(true)
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn drain_refuses_pods_without_a_controller_unless_forced() {
    let mut cluster = cluster();
    let transcript = drive(
        &mut cluster,
        &no_files(),
        "drain k8s-node1 --ignore-daemonsets",
        vec![],
    );
    expect![[r#"
        $ kubectl drain k8s-node1 --ignore-daemonsets
            0s   node/k8s-node1 cordoned
            0s ! error: unable to drain node "k8s-node1" due to error: cannot delete cannot delete Pods that declare no controller (use --force to override): default/client, continuing command...
            0s ! There are pending nodes to be drained:
            0s !  k8s-node1
            0s ! cannot delete cannot delete Pods that declare no controller (use --force to override): default/client
        exit 1 at 0s
    "#]]
    .assert_eq(&transcript);
    assert_eq!(unschedulable(&cluster, "k8s-node1"), Some(true));
}

#[test]
fn drain_evicts_and_reports_each_pod_on_the_next_second() {
    let mut cluster = cluster();
    let transcript = drive(
        &mut cluster,
        &no_files(),
        "drain k8s-node1 --force",
        vec![
            (2300, remove(Kind::Pod, "web-0")),
            (
                3000,
                Box::new(|cluster: &mut Cluster| {
                    // The StatefulSet re-creates web-1 at once, on the other node.
                    cluster
                        .store
                        .remove(&ObjectKey::new(Kind::Pod, "default", "web-1"));
                    let owner = uid(cluster, Kind::StatefulSet, "web");
                    insert(cluster, &owned_pod("web-1", "k8s-node2", &owner));
                }),
            ),
            (30_000, remove(Kind::Pod, "client")),
        ],
    );
    expect![[r#"
        $ kubectl drain k8s-node1 --force
            0s   node/k8s-node1 cordoned
            0s ! Warning: deleting Pods that declare no controller: default/client
            0s   evicting pod default/client
            0s   evicting pod default/web-0
            0s   evicting pod default/web-1
            3s   pod/web-0 evicted
            3s   pod/web-1 evicted
           30s   pod/client evicted
           30s   node/k8s-node1 drained
        exit 0 at 30s
    "#]]
    .assert_eq(&transcript);
    // The evictions went through the API: the remaining pods were marked for deletion with
    // their own grace period.
    let key = ObjectKey::new(Kind::Pod, "default", "web-2");
    assert!(cluster
        .store
        .get(&key)
        .is_some_and(|o| !o.meta().is_deleting()));
}

#[test]
fn drain_with_a_zero_grace_period_and_a_pod_selector() {
    let mut cluster = cluster();
    let transcript = drive(
        &mut cluster,
        &no_files(),
        "drain k8s-node1 --grace-period=0 --pod-selector=app=web",
        vec![],
    );
    expect![[r#"
        $ kubectl drain k8s-node1 --grace-period=0 --pod-selector=app=web
            0s   node/k8s-node1 cordoned
            0s   evicting pod default/web-0
            0s   evicting pod default/web-1
            0s   pod/web-0 evicted
            0s   pod/web-1 evicted
            0s   node/k8s-node1 drained
        exit 0 at 0s
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn drain_gives_up_after_its_timeout() {
    let mut cluster = cluster();
    let transcript = drive(
        &mut cluster,
        &no_files(),
        "drain k8s-node1 --force --timeout=5s",
        vec![(1500, remove(Kind::Pod, "web-0"))],
    );
    expect![[r#"
        $ kubectl drain k8s-node1 --force --timeout=5s
            0s   node/k8s-node1 cordoned
            0s ! Warning: deleting Pods that declare no controller: default/client
            0s   evicting pod default/client
            0s   evicting pod default/web-0
            0s   evicting pod default/web-1
            2s   pod/web-0 evicted
            5s ! There are pending pods in node "k8s-node1" when an error occurred: [error when waiting for pod "client" in namespace "default" to terminate: context deadline exceeded, error when waiting for pod "web-1" in namespace "default" to terminate: context deadline exceeded]
            5s ! pod/client
            5s ! pod/web-1
            5s ! error: unable to drain node "k8s-node1" due to error: [error when waiting for pod "client" in namespace "default" to terminate: context deadline exceeded, error when waiting for pod "web-1" in namespace "default" to terminate: context deadline exceeded], continuing command...
            5s ! There are pending nodes to be drained:
            5s !  k8s-node1
            5s ! error when waiting for pod "client" in namespace "default" to terminate: context deadline exceeded
            5s ! error when waiting for pod "web-1" in namespace "default" to terminate: context deadline exceeded
        exit 1 at 5s
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn drain_dry_runs_and_an_empty_node() {
    let mut cluster = cluster();
    let files = no_files();
    let mut transcript = String::new();
    for line in [
        "drain k8s-node1 --force --dry-run=client",
        "drain k8s-node2 --dry-run=server",
        "drain k8s-master",
        "drain",
        "drain k8s-node1 --grace-period=soon",
        "drain k8s-node1 --pod-selector='a b'",
    ] {
        transcript.push_str(&drive(&mut cluster, &files, line, vec![]));
    }
    expect![[r#"
        $ kubectl drain k8s-node1 --force --dry-run=client
            0s   node/k8s-node1 cordoned (dry run)
            0s ! Warning: deleting Pods that declare no controller: default/client
            0s   evicting pod default/client (dry run)
            0s   evicting pod default/web-0 (dry run)
            0s   evicting pod default/web-1 (dry run)
            0s   node/k8s-node1 drained (dry run)
        exit 0 at 0s
        $ kubectl drain k8s-node2 --dry-run=server
            0s   node/k8s-node2 cordoned (server dry run)
            0s   evicting pod default/web-2 (server dry run)
            0s   node/k8s-node2 drained (server dry run)
        exit 0 at 0s
        $ kubectl drain k8s-master
            0s   node/k8s-master cordoned
            0s   node/k8s-master drained
        exit 0 at 0s
        $ kubectl drain
            0s ! error: USAGE: drain NODE [flags]
            0s ! See 'kubectl drain -h' for help and examples
        exit 1
        $ kubectl drain k8s-node1 --grace-period=soon
            0s ! Error: invalid argument "soon" for "--grace-period" flag: strconv.ParseInt: parsing "soon": invalid syntax
            0s ! See 'kubectl drain --help' for usage.
        exit 1
        $ kubectl drain k8s-node1 --pod-selector='a b'
            0s ! error: --pod-selector=<pod_selector> must be a valid label selector
        exit 1
    "#]]
    .assert_eq(&transcript);
    assert_eq!(unschedulable(&cluster, "k8s-node1"), None);
    assert_eq!(unschedulable(&cluster, "k8s-node2"), None);
}
