//! The `Events:` section of `kubectl describe` (`DescribeEvents` and `searchEvents`): which
//! events belong to an object, their order, and the aggregated ages `<last> (xN over <first>)`.

mod describe_support;

use describe_support::{describe, event, put, SECOND};
use expect_test::expect;
use serde_json::json;
use sts_playground::sim::model::Kind;
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::world::{Cluster, Preset};

fn events_section(text: &str) -> String {
    text.split_once("Events:")
        .map(|(_, rest)| format!("Events:{rest}"))
        .unwrap_or_default()
}

fn pod(name: &str) -> serde_json::Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"containers": [{"name": "nginx", "image": "nginx:nope"}]},
        "status": {"phase": "Pending"}
    })
}

/// Repeated events are one row: the age of the last, the count, the age of the first. Rows are
/// ordered by their last occurrence.
#[test]
fn repeated_events_aggregate_and_sort_by_last_seen() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 5);
    let key = put(&mut cluster, 0, pod("web-0"));
    event(
        &mut cluster,
        0,
        &key,
        "Normal",
        "Scheduled",
        "Successfully assigned default/web-0 to k8s-node1",
        "default-scheduler",
    );
    for (at, reason, kind, message) in [
        (1, "Pulling", "Normal", "Pulling image \"nginx:nope\""),
        (3, "Failed", "Warning", "Failed to pull image \"nginx:nope\": rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:nope\": failed to resolve reference \"docker.io/library/nginx:nope\": docker.io/library/nginx:nope: not found"),
        (3, "Failed", "Warning", "Error: ErrImagePull"),
        (4, "BackOff", "Normal", "Back-off pulling image \"nginx:nope\""),
        (4, "Failed", "Warning", "Error: ImagePullBackOff"),
    ] {
        event(&mut cluster, at * SECOND, &key, kind, reason, message, "kubelet");
    }
    // The kubelet retries with a doubling back-off: 10s, 20s, 40s, 80s, 160s, 300s.
    for retry in [14, 34, 74, 154, 314] {
        event(
            &mut cluster,
            retry * SECOND,
            &key,
            "Normal",
            "Pulling",
            "Pulling image \"nginx:nope\"",
            "kubelet",
        );
        event(
            &mut cluster,
            (retry + 2) * SECOND,
            &key,
            "Warning",
            "Failed",
            "Error: ErrImagePull",
            "kubelet",
        );
        event(
            &mut cluster,
            (retry + 3) * SECOND,
            &key,
            "Normal",
            "BackOff",
            "Back-off pulling image \"nginx:nope\"",
            "kubelet",
        );
        event(
            &mut cluster,
            (retry + 3) * SECOND,
            &key,
            "Warning",
            "Failed",
            "Error: ImagePullBackOff",
            "kubelet",
        );
    }
    cluster.now = 400 * SECOND;
    expect![[r#"
        Events:
          Type     Reason     Age                  From               Message
          ----     ------     ----                 ----               -------
          Normal   Scheduled  6m40s                default-scheduler  Successfully assigned default/web-0 to k8s-node1
          Warning  Failed     6m37s                kubelet            Failed to pull image "nginx:nope": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found
          Normal   Pulling    86s (x6 over 6m39s)  kubelet            Pulling image "nginx:nope"
          Warning  Failed     84s (x6 over 6m37s)  kubelet            Error: ErrImagePull
          Normal   BackOff    83s (x6 over 6m36s)  kubelet            Back-off pulling image "nginx:nope"
          Warning  Failed     83s (x6 over 6m36s)  kubelet            Error: ImagePullBackOff
    "#]]
    .assert_eq(&events_section(&describe(&cluster, Kind::Pod, "default", "web-0")));
}

/// A pod deleted and re-created under the same name is a new object (a new uid): kubectl's
/// field selector includes the uid, so the old pod's events are not shown.
#[test]
fn events_of_a_previous_incarnation_are_not_shown() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 5);
    let key = put(&mut cluster, 0, pod("web-0"));
    event(
        &mut cluster,
        0,
        &key,
        "Normal",
        "Killing",
        "Stopping container nginx",
        "kubelet",
    );
    cluster.store.remove(&key);
    let key = put(&mut cluster, 10 * SECOND, pod("web-0"));
    event(
        &mut cluster,
        10 * SECOND,
        &key,
        "Normal",
        "Scheduled",
        "Successfully assigned default/web-0 to k8s-node1",
        "default-scheduler",
    );
    cluster.now = 15 * SECOND;
    expect![[r#"
        Events:
          Type    Reason     Age   From               Message
          ----    ------     ----  ----               -------
          Normal  Scheduled  5s    default-scheduler  Successfully assigned default/web-0 to k8s-node1
    "#]]
    .assert_eq(&events_section(&describe(&cluster, Kind::Pod, "default", "web-0")));
    assert_eq!(cluster.store.events().count(), 2);
}

/// Events about other objects with the same name (a pod and a claim both named `data`), or in
/// other namespaces, are not shown; a node's events are found by its uid and by its name.
#[test]
fn events_belong_to_one_object() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 5);
    let pod_key = put(&mut cluster, 0, pod("data"));
    let claim_key = put(
        &mut cluster,
        0,
        json!({
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": "data", "namespace": "default"},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}},
            "status": {"phase": "Pending"}
        }),
    );
    event(
        &mut cluster,
        0,
        &claim_key,
        "Normal",
        "FailedBinding",
        "no persistent volumes available for this claim and no storage class is set",
        "persistentvolume-controller",
    );
    event(
        &mut cluster,
        15 * SECOND,
        &claim_key,
        "Normal",
        "FailedBinding",
        "no persistent volumes available for this claim and no storage class is set",
        "persistentvolume-controller",
    );
    event(&mut cluster, 0, &pod_key, "Warning", "FailedScheduling",
        "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
        "default-scheduler");
    let node_key = ObjectKey::new(Kind::Node, "", "k8s-node1");
    event(
        &mut cluster,
        0,
        &node_key,
        "Normal",
        "RegisteredNode",
        "Node k8s-node1 event: Registered Node k8s-node1 in Controller",
        "node-controller",
    );
    // The kubelet names its node by name where a uid belongs.
    let mut by_name =
        sts_playground::sim::world::reference_to(cluster.store.get(&node_key).expect("node"));
    by_name.uid = "k8s-node1".into();
    cluster.store.record_event(
        by_name,
        "Normal",
        "NodeReady",
        "Node k8s-node1 status is now: NodeReady",
        "kubelet",
        2 * SECOND,
    );
    cluster.now = 30 * SECOND;

    let claim = events_section(&describe(
        &cluster,
        Kind::PersistentVolumeClaim,
        "default",
        "data",
    ));
    assert!(
        claim.contains("15s (x2 over 30s)  persistentvolume-controller"),
        "{claim}"
    );
    assert!(!claim.contains("FailedScheduling"), "{claim}");
    let pod = events_section(&describe(&cluster, Kind::Pod, "default", "data"));
    assert!(
        pod.contains("FailedScheduling") && !pod.contains("FailedBinding"),
        "{pod}"
    );
    expect![[r#"
        Events:
          Type    Reason          Age   From             Message
          ----    ------          ----  ----             -------
          Normal  RegisteredNode  30s   node-controller  Node k8s-node1 event: Registered Node k8s-node1 in Controller
          Normal  NodeReady       28s   kubelet          Node k8s-node1 status is now: NodeReady
    "#]]
    .assert_eq(&events_section(&describe(&cluster, Kind::Node, "", "k8s-node1")));
    let other = events_section(&describe(&cluster, Kind::Node, "", "k8s-node2"));
    assert_eq!(other, "Events:              <none>\n");
}
