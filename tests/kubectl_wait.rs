//! `kubectl wait` transcripts (kubectl 1.34 `pkg/cmd/wait`). Pods and their conditions are
//! written by the test, so these pin kubectl's side only.

mod kubectl_support;

use expect_test::expect;
use kubectl_support::*;
use sts_playground::sim::model::Kind;
use sts_playground::sim::world::{Cluster, Preset};

/// Pods web-0 (ready), web-1 and web-2 (not ready) on k8s-node1.
fn pods() -> Cluster {
    let mut cluster = cluster_with(Preset::Kubeadm, &pod_yaml("web-0", "k8s-node1", true));
    insert(&mut cluster, &pod_yaml("web-1", "k8s-node1", false));
    insert(&mut cluster, &pod_yaml("web-2", "k8s-node1", false));
    cluster
}

#[test]
fn condition_met_per_object_in_turn() {
    let mut cluster = pods();
    let transcript = drive(
        &mut cluster,
        &no_files(),
        "wait --for=condition=Ready pod -l app=web --timeout=60s",
        vec![
            (3000, pod_ready("web-2", true)),
            (7000, pod_ready("web-1", true)),
        ],
    );
    expect![[r#"
        $ kubectl wait --for=condition=Ready pod -l app=web --timeout=60s
            0s   pod/web-0 condition met
            7s   pod/web-1 condition met
            7s   pod/web-2 condition met
        exit 0 at 7s
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn condition_names_and_values_fold_case() {
    let mut cluster = pods();
    let files = no_files();
    let mut transcript = drive(
        &mut cluster,
        &files,
        "wait pod/web-1 --for=condition=ready=FALSE",
        vec![],
    );
    transcript.push_str(&drive(
        &mut cluster,
        &files,
        "wait pods web-1 web-0 --for condition=Ready=false --timeout=2s",
        vec![],
    ));
    expect![[r#"
        $ kubectl wait pod/web-1 --for=condition=ready=FALSE
            0s   pod/web-1 condition met
        exit 0 at 0s
        $ kubectl wait pods web-1 web-0 --for condition=Ready=false --timeout=2s
            0s   pod/web-1 condition met
            2s ! error: timed out waiting for the condition on pods/web-0
        exit 1 at 2s
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn the_default_timeout_is_thirty_seconds_for_all_objects_together() {
    let mut cluster = pods();
    let transcript = drive(
        &mut cluster,
        &no_files(),
        "wait --for=condition=Ready pod/web-1 pod/web-2 pod/web-0",
        vec![],
    );
    expect![[r#"
        $ kubectl wait --for=condition=Ready pod/web-1 pod/web-2 pod/web-0
           30s ! timed out waiting for the condition on pods/web-1
           30s ! timed out waiting for the condition on pods/web-2
           30s ! timed out waiting for the condition on pods/web-0
        exit 1 at 30s
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn a_pod_recreated_under_the_same_name_is_followed() {
    let mut cluster = pods();
    let transcript = drive(
        &mut cluster,
        &no_files(),
        "wait --for=condition=Ready pod/web-1 --timeout=120s",
        vec![
            (2000, remove(Kind::Pod, "web-1")),
            (
                4000,
                Box::new(|cluster: &mut Cluster| {
                    insert(cluster, &pod_yaml("web-1", "k8s-node2", false));
                }),
            ),
            (11000, pod_ready("web-1", true)),
        ],
    );
    expect![[r#"
        $ kubectl wait --for=condition=Ready pod/web-1 --timeout=120s
           11s   pod/web-1 condition met
        exit 0 at 11s
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn delete_is_met_when_the_object_goes_or_is_replaced() {
    let mut cluster = pods();
    let files = no_files();
    let mut transcript = drive(
        &mut cluster,
        &files,
        "wait --for=delete pod/web-0 pod/web-1 --timeout=1m",
        vec![
            (5000, remove(Kind::Pod, "web-1")),
            (
                8000,
                Box::new(|cluster: &mut Cluster| {
                    cluster
                        .store
                        .remove(&sts_playground::sim::store::ObjectKey::new(
                            Kind::Pod,
                            "default",
                            "web-0",
                        ));
                    insert(cluster, &pod_yaml("web-0", "k8s-node2", false));
                }),
            ),
        ],
    );
    for line in [
        "wait --for=delete pod/web-1",
        "wait --for=delete pod -l app=nothing",
        "wait --for=delete pod/web-2 --timeout=0",
        "wait --for=delete pod/web-2 --timeout=3s",
    ] {
        transcript.push_str(&drive(&mut cluster, &files, line, vec![]));
    }
    expect![[r#"
        $ kubectl wait --for=delete pod/web-0 pod/web-1 --timeout=1m
            8s   pod/web-0 condition met
        exit 0 at 8s
        $ kubectl wait --for=delete pod/web-1
        exit 0 at 0s
        $ kubectl wait --for=delete pod -l app=nothing
        exit 0 at 0s
        $ kubectl wait --for=delete pod/web-2 --timeout=0
            0s ! error: condition not met for pods/web-2
        exit 1 at 0s
        $ kubectl wait --for=delete pod/web-2 --timeout=3s
            3s ! error: timed out waiting for the condition on pods/web-2
        exit 1 at 3s
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn jsonpath_conditions() {
    let mut cluster = pods();
    let files = no_files();
    let mut transcript = drive(
        &mut cluster,
        &files,
        "wait --for=jsonpath={.status.phase}=Running pod/web-1",
        vec![],
    );
    transcript.push_str(&drive(
        &mut cluster,
        &files,
        "wait --for=jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}'=True pod/web-2 --timeout=10s",
        vec![(4000, pod_ready("web-2", true))],
    ));
    transcript.push_str(&drive(
        &mut cluster,
        &files,
        "wait --for=jsonpath=.spec.nodeName pods --all -o name",
        vec![],
    ));
    transcript.push_str(&drive(
        &mut cluster,
        &files,
        "wait --for=jsonpath={.spec.containers} pod/web-0",
        vec![],
    ));
    transcript.push_str(&drive(
        &mut cluster,
        &files,
        "wait --for=jsonpath={.spec.containers}=x pod/web-0",
        vec![],
    ));
    expect![[r#"
        $ kubectl wait --for=jsonpath={.status.phase}=Running pod/web-1
            0s   pod/web-1 condition met
        exit 0 at 0s
        $ kubectl wait --for=jsonpath='{.status.conditions[?(@.type=="Ready")].status}'=True pod/web-2 --timeout=10s
            4s   pod/web-2 condition met
        exit 0 at 4s
        $ kubectl wait --for=jsonpath=.spec.nodeName pods --all -o name
            0s   pod/web-0
            0s   pod/web-1
            0s   pod/web-2
        exit 0 at 0s
        $ kubectl wait --for=jsonpath={.spec.containers} pod/web-0
            0s   pod/web-0 condition met
        exit 0 at 0s
        $ kubectl wait --for=jsonpath={.spec.containers}=x pod/web-0
            0s ! error: jsonpath leads to a nested object or list which is not supported
        exit 1 at 0s
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn create_waits_for_the_object_to_appear() {
    let mut cluster = pods();
    let files = no_files();
    let mut transcript = drive(
        &mut cluster,
        &files,
        "wait --for=create pod/web-3 --timeout=10s",
        vec![(
            2300,
            Box::new(|cluster: &mut Cluster| {
                insert(cluster, &pod_yaml("web-3", "k8s-node2", false));
            }),
        )],
    );
    transcript.push_str(&drive(
        &mut cluster,
        &files,
        "wait --for=create pod/web-9 --timeout=2s",
        vec![],
    ));
    expect![[r#"
        $ kubectl wait --for=create pod/web-3 --timeout=10s
          2.5s   pod/web-3 condition met
        exit 0 at 2.5s
        $ kubectl wait --for=create pod/web-9 --timeout=2s
            2s ! error: timed out waiting for the condition
        exit 1 at 2s
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn wait_errors() {
    let mut cluster = pods();
    let mut transcript = String::new();
    for line in [
        "wait pod/web-0",
        "wait --for=Ready pod/web-0",
        "wait --for=condition=Ready pod/nothere",
        "wait --for=condition=Ready pod",
        "wait --for=condition=Ready pods -l app=nothing",
        "wait --for=condition=Ready",
        "wait --for=condition=Ready pod/web-1 --timeout=0",
        "wait --for=condition=Ready pod/web-1 --timeout=x",
        "wait --for=jsonpath={..name}=web-0 pod/web-0",
        "wait --for=condition=Ready pods/web-0 -o wide",
        "wait --for=condition=Ready pods/web-0 pods/nothere",
    ] {
        transcript.push_str(&drive(&mut cluster, &no_files(), line, vec![]));
    }
    expect![[r#"
        $ kubectl wait pod/web-0
            0s ! error: unrecognized condition: ""
        exit 1
        $ kubectl wait --for=Ready pod/web-0
            0s ! error: unrecognized condition: "Ready"
        exit 1
        $ kubectl wait --for=condition=Ready pod/nothere
            0s ! Error from server (NotFound): pods "nothere" not found
        exit 1 at 0s
        $ kubectl wait --for=condition=Ready pod
            0s ! error: resource(s) were provided, but no name was specified
        exit 1
        $ kubectl wait --for=condition=Ready pods -l app=nothing
            0s ! error: no matching resources found
        exit 1 at 0s
        $ kubectl wait --for=condition=Ready
            0s ! error: You must provide one or more resources by argument or filename.
            0s ! Example resource specifications include:
            0s !    '-f rsrc.yaml'
            0s !    '--filename=rsrc.json'
            0s !    '<resource> <name>'
            0s !    '<resource>'
        exit 1
        $ kubectl wait --for=condition=Ready pod/web-1 --timeout=0
            0s ! error: condition not met for pods/web-1
        exit 1 at 0s
        $ kubectl wait --for=condition=Ready pod/web-1 --timeout=x
            0s ! Error: invalid argument "x" for "--timeout" flag: time: invalid duration "x"
            0s ! See 'kubectl wait --help' for usage.
        exit 1
        $ kubectl wait --for=jsonpath={..name}=web-0 pod/web-0
            0s ! error: given jsonpath expression matches more than one value
        exit 1 at 0s
        $ kubectl wait --for=condition=Ready pods/web-0 -o wide
            0s ! error: unable to match a printer suitable for the output format "wide", allowed formats are: json,name,yaml
        exit 1
        $ kubectl wait --for=condition=Ready pods/web-0 pods/nothere
            0s   pod/web-0 condition met
            0s ! Error from server (NotFound): pods "nothere" not found
        exit 1 at 0s
    "#]]
    .assert_eq(&transcript);
}
