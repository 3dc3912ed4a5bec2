//! Rolling updates, partitions, OnDelete, rollbacks and history (§1.4 steps 12–16, §1.7,
//! §1.8, §1.15), as transcripts of pod states; letters stand for revisions in order of first
//! appearance.

mod statefulset_support;

use expect_test::expect;
use statefulset_support::{web, Sim};

fn ready_web(replicas: i32, policy: &str, extra: &str) -> Sim {
    let mut sim = Sim::new(&web(replicas, policy, extra), "web");
    assert!(sim.run_until(60, |s| s
        .status_line()
        .contains(&format!("ready={replicas} "))));
    sim.lines.clear();
    sim
}

/// §1.4 step 13: one pod at a time, highest ordinal first, each replacement Ready before the
/// next lower ordinal is touched; the rollout completes by advancing currentRevision.
#[test]
fn rolling_update_goes_highest_first_one_at_a_time() {
    let mut sim = ready_web(3, "OrderedReady", "");
    sim.set_image("nginx:1.26");
    assert!(sim.run_until(120, |s| s.status_line().contains("current=3 updated=3")));
    expect![[r#"
        t=9s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Terminating A
        t=19s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Pending B
        t=21s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running B
        t=22s web-0 Running/Ready A | web-1 Terminating A | web-2 Running/Ready B
        t=32s web-0 Running/Ready A | web-1 Pending B | web-2 Running/Ready B
        t=34s web-0 Running/Ready A | web-1 Running B | web-2 Running/Ready B
        t=35s web-0 Terminating A | web-1 Running/Ready B | web-2 Running/Ready B
        t=45s web-0 Pending B | web-1 Running/Ready B | web-2 Running/Ready B
        t=47s web-0 Running B | web-1 Running/Ready B | web-2 Running/Ready B
        t=48s web-0 Running/Ready B | web-1 Running/Ready B | web-2 Running/Ready B
    "#]]
    .assert_eq(&sim.transcript());
    expect!["replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=B updateRevision=B observedGeneration=2"]
        .assert_eq(&sim.status_line());
    expect![[r#"
        Normal SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success
        Normal SuccessfulCreate: create Claim www-web-1 Pod web-1 in StatefulSet web success
        Normal SuccessfulCreate: create Claim www-web-2 Pod web-2 in StatefulSet web success
        Normal SuccessfulDelete: delete Pod web-2 in StatefulSet web successful
        Normal SuccessfulCreate: create Pod web-2 in StatefulSet web successful (x2)
        Normal SuccessfulDelete: delete Pod web-1 in StatefulSet web successful
        Normal SuccessfulCreate: create Pod web-1 in StatefulSet web successful (x2)
        Normal SuccessfulDelete: delete Pod web-0 in StatefulSet web successful
        Normal SuccessfulCreate: create Pod web-0 in StatefulSet web successful (x2)
    "#]]
    .assert_eq(&sim.events());
}

/// §1.7: a partition updates only the ordinals at or above it (a canary); lowering it
/// continues the rollout.
#[test]
fn partition_canary_then_lowered() {
    let mut sim = ready_web(
        3,
        "OrderedReady",
        "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 2\n",
    );
    sim.set_image("nginx:1.26");
    sim.run_for(20);
    expect!["replicas=3 ready=3 available=3 current=2 updated=1 currentRevision=A updateRevision=B observedGeneration=2"]
        .assert_eq(&sim.status_line());
    // A pod below the partition that is deleted comes back at the current (old) revision.
    sim.delete_pod("web-0");
    sim.run_for(15);
    sim.edit(|set| {
        let strategy = set.spec.update_strategy.as_mut().unwrap();
        strategy.rolling_update.as_mut().unwrap().partition = Some(0);
    });
    assert!(sim.run_until(120, |s| s.status_line().contains("current=3 updated=3")));
    expect![[r#"
        t=9s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Terminating A
        t=19s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Pending B
        t=21s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running B
        t=22s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running/Ready B
        t=29s web-0 Terminating A | web-1 Running/Ready A | web-2 Running/Ready B
        t=39s web-0 Pending A | web-1 Running/Ready A | web-2 Running/Ready B
        t=41s web-0 Running A | web-1 Running/Ready A | web-2 Running/Ready B
        t=42s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running/Ready B
        t=44s web-0 Running/Ready A | web-1 Terminating A | web-2 Running/Ready B
        t=54s web-0 Running/Ready A | web-1 Pending B | web-2 Running/Ready B
        t=56s web-0 Running/Ready A | web-1 Running B | web-2 Running/Ready B
        t=57s web-0 Terminating A | web-1 Running/Ready B | web-2 Running/Ready B
        t=67s web-0 Pending B | web-1 Running/Ready B | web-2 Running/Ready B
        t=69s web-0 Running B | web-1 Running/Ready B | web-2 Running/Ready B
        t=70s web-0 Running/Ready B | web-1 Running/Ready B | web-2 Running/Ready B
    "#]]
    .assert_eq(&sim.transcript());
    expect!["replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=B updateRevision=B observedGeneration=3"]
        .assert_eq(&sim.status_line());
}

/// §1.7 OnDelete: a template change replaces nothing; deleted pods come back at the update
/// revision; currentRevision is never advanced.
#[test]
fn on_delete_replaces_only_deleted_pods() {
    let mut sim = ready_web(3, "OrderedReady", "  updateStrategy:\n    type: OnDelete\n");
    sim.set_image("nginx:1.26");
    sim.run_for(20);
    sim.delete_pod("web-1");
    sim.run_for(15);
    expect![[r#"
        t=29s web-0 Running/Ready A | web-1 Terminating A | web-2 Running/Ready A
        t=39s web-0 Running/Ready A | web-1 Pending B | web-2 Running/Ready A
        t=41s web-0 Running/Ready A | web-1 Running B | web-2 Running/Ready A
        t=42s web-0 Running/Ready A | web-1 Running/Ready B | web-2 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
    expect!["replicas=3 ready=3 available=3 current=2 updated=1 currentRevision=A updateRevision=B observedGeneration=2"]
        .assert_eq(&sim.status_line());
    sim.delete_pod("web-0");
    sim.delete_pod("web-2");
    sim.run_for(30);
    expect!["replicas=3 ready=3 available=3 current=0 updated=3 currentRevision=A updateRevision=B observedGeneration=2"]
        .assert_eq(&sim.status_line());
}

/// §1.8: going back to an earlier template re-numbers the earlier revision instead of creating
/// a new one, so A→B→A leaves revisions B=2 and A=3, and A keeps its name.
#[test]
fn rollback_renumbers_the_old_revision() {
    let mut sim = ready_web(2, "OrderedReady", "");
    let first = sim.stateful_set().status.update_revision;
    sim.set_image("nginx:1.26");
    assert!(sim.run_until(120, |s| s.status_line().contains("current=2 updated=2")));
    sim.set_image("nginx:1.25");
    assert!(sim.run_until(120, |s| s.status_line().contains("current=2 updated=2")));
    expect![[r#"
        [
            "B revision=2",
            "A revision=3",
        ]
    "#]]
    .assert_debug_eq(&sim.revisions());
    let status = sim.stateful_set().status;
    assert_eq!(status.update_revision, first);
    assert_eq!(status.current_revision, first);
    assert!(first.starts_with("web-"));
    assert!(first["web-".len()..]
        .chars()
        .all(|c| "456789bcdf".contains(c)));
}

/// §1.8: revisions that are neither current, update, nor used by a pod are deleted oldest
/// first beyond `revisionHistoryLimit`.
#[test]
fn history_is_truncated_to_the_limit() {
    let mut sim = ready_web(1, "OrderedReady", "  revisionHistoryLimit: 2\n");
    for version in 1..=5 {
        sim.set_image(&format!("nginx:1.{}", 25 + version));
        assert!(
            sim.run_until(120, |s| s.status_line().contains("current=1 updated=1")
                && s.stateful_set().status.current_revision
                    == s.stateful_set().status.update_revision)
        );
    }
    expect![[r#"
        [
            "D revision=4",
            "E revision=5",
            "F revision=6",
        ]
    "#]]
    .assert_debug_eq(&sim.revisions());
}

/// §1.15: under OrderedReady a rollout to a template that never becomes Ready stalls, and
/// reverting the template does not help (the broken pod blocks step 8), until the broken pod
/// is deleted by hand.
#[test]
fn broken_rollout_stalls_until_the_bad_pod_is_deleted() {
    let mut sim = ready_web(3, "OrderedReady", "");
    sim.kubelet.unready_images.insert("nginx:broken".into());
    sim.set_image("nginx:broken");
    sim.run_for(30);
    sim.set_image("nginx:1.25");
    sim.run_for(60);
    expect!["replicas=3 ready=2 available=2 current=2 updated=2 currentRevision=A updateRevision=A observedGeneration=3"]
        .assert_eq(&sim.status_line());
    sim.delete_pod("web-2");
    assert!(sim.run_until(60, |s| s.status_line().contains("ready=3")));
    expect![[r#"
        t=9s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Terminating A
        t=19s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Pending B
        t=21s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running B
        t=99s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Terminating B
        t=109s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Pending A
        t=111s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running A
        t=112s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
    expect!["replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=A updateRevision=A observedGeneration=3"]
        .assert_eq(&sim.status_line());
}

/// §1.15: the same revert under Parallel recovers by itself — step 8 does not block on the
/// unready pod, and step 13 deletes it as outdated.
#[test]
fn broken_rollout_recovers_by_itself_under_parallel() {
    let mut sim = ready_web(3, "Parallel", "");
    sim.kubelet.unready_images.insert("nginx:broken".into());
    sim.set_image("nginx:broken");
    sim.run_for(30);
    sim.set_image("nginx:1.25");
    assert!(sim.run_until(60, |s| s.status_line().contains("ready=3")));
    expect![[r#"
        t=3s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Terminating A
        t=13s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Pending B
        t=15s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running B
        t=33s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Terminating B
        t=43s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Pending A
        t=45s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running A
        t=46s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
}

/// §1.15: a bad pod that ends up Failed is deleted and re-created at the update revision by
/// step 8a, so reverting the template is enough.
#[test]
fn a_failed_bad_pod_is_recreated_from_the_reverted_template() {
    let mut sim = ready_web(2, "OrderedReady", "");
    sim.kubelet.failing_images.insert("nginx:broken".into());
    sim.set_image("nginx:broken");
    sim.run_for(15);
    sim.set_image("nginx:1.25");
    assert!(sim.run_until(60, |s| s.status_line().contains("ready=2")));
    // Each broken pod fails two seconds after it is created and is replaced at once (at the
    // same instant, so it never shows as Failed in a line); the revert makes the next
    // replacement use the good template.
    expect![[r#"
        t=6s web-0 Running/Ready A | web-1 Terminating A
        t=16s web-0 Running/Ready A | web-1 Pending B
        t=22s web-0 Running/Ready A | web-1 Pending A
        t=24s web-0 Running/Ready A | web-1 Running A
        t=25s web-0 Running/Ready A | web-1 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
    expect!["replicas=2 ready=2 available=2 current=2 updated=2 currentRevision=A updateRevision=A observedGeneration=3"]
        .assert_eq(&sim.status_line());
}

/// §1.4 step 14: behind the MaxUnavailableStatefulSet switch, up to maxUnavailable outdated
/// pods are replaced at once.
#[test]
fn max_unavailable_replaces_several_at_once_when_switched_on() {
    let extra =
        "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 2\n";
    let mut sim = ready_web(4, "Parallel", extra);
    sim.cluster.statefulset.max_unavailable_stateful_set = true;
    sim.set_image("nginx:1.26");
    assert!(sim.run_until(120, |s| s.status_line().contains("current=4 updated=4")));
    expect![[r#"
        t=3s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Terminating A | web-3 Terminating A
        t=13s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Pending B | web-3 Pending B
        t=15s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running B | web-3 Running B
        t=16s web-0 Terminating A | web-1 Terminating A | web-2 Running/Ready B | web-3 Running/Ready B
        t=26s web-0 Pending B | web-1 Pending B | web-2 Running/Ready B | web-3 Running/Ready B
        t=28s web-0 Running B | web-1 Running B | web-2 Running/Ready B | web-3 Running/Ready B
        t=29s web-0 Running/Ready B | web-1 Running/Ready B | web-2 Running/Ready B | web-3 Running/Ready B
    "#]]
    .assert_eq(&sim.transcript());
}
