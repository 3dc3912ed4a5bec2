//! Pod lifecycle on a node: STATUS over simulated time as `kubectl get pods -w` shows it
//! (behaviour reference §5.1–§5.3), with the kubelet's events. Times are seconds since the
//! pod was created; the numbers come from the seeded cluster and change only when the model
//! changes.

#[path = "node_support.rs"]
mod support;

use expect_test::expect;
use sts_playground::sim::api::{self, DeleteOptions};
use sts_playground::sim::controllers::kubelet;
use sts_playground::sim::testkit;
use sts_playground::sim::world::{Cluster, Preset};
use support::*;

/// A pod named `name` whose spec is the indented YAML `body`.
fn pod_yaml(name: &str, body: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: default\nspec:\n{body}"
    )
}

fn single(name: &str, body: &str) -> Cluster {
    cluster(Preset::Kubeadm, 1, &pod_yaml(name, body))
}

fn delete(cluster: &mut Cluster, name: &str) {
    api::delete(cluster, &pod_key(name), DeleteOptions::default()).expect("pod exists");
    cluster.settle();
}

const NGINX: &str = "  containers:
  - name: nginx
    image: nginx:1.25
    ports:
    - containerPort: 80
      name: web
";

#[test]
fn a_pod_goes_from_pending_to_running() {
    let mut c = single("web-0", NGINX);
    expect![[r#"
          0.000s web-0 0/1 ContainerCreating 0 k8s-node2
          4.351s web-0 1/1 Running 0 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "web-0", 30_000));
    expect![[r#"
          0.000s Normal Scheduled Successfully assigned default/web-0 to k8s-node2
          0.885s Normal Pulling Pulling image "nginx:1.25"
          4.203s Normal Pulled Successfully pulled image "nginx:1.25" in 3.318s (3.318s including waiting). Image size: 75456000 bytes.
          4.351s Normal Created Created container: nginx
          4.351s Normal Started Started container nginx
    "#]]
    .assert_eq(&events(&c, "web-0"));
    let pod = pod(&c, "web-0").unwrap();
    let conditions: Vec<String> = pod
        .status
        .conditions
        .iter()
        .map(|c| format!("{}={}", c.type_, c.status))
        .collect();
    assert_eq!(
        conditions,
        [
            "PodReadyToStartContainers=True",
            "Initialized=True",
            "Ready=True",
            "ContainersReady=True",
            "PodScheduled=True"
        ]
    );
    assert_eq!(pod.status.host_ip.as_deref(), Some("192.168.56.12"));
    assert_eq!(
        pod.status.container_statuses[0].image,
        "docker.io/library/nginx:1.25"
    );
    assert!(pod.status.container_statuses[0]
        .container_id
        .as_deref()
        .is_some_and(|id| id.starts_with("containerd://") && id.len() == 13 + 64));
}
