//! OrderedReady creation, scale-down and recovery, checked as transcripts of pod states over
//! time (one line per change) against the behaviour reference §1.4–§1.6 and §1.12.

mod statefulset_support;

use expect_test::expect;
use statefulset_support::{web, Sim, NOTES};

/// The notes' set: `myapp-1` is created only once `myapp-0` is Running and Ready, and each
/// pod's claim is created just before the pod.
#[test]
fn notes_set_starts_in_order_with_claims_first() {
    let mut sim = Sim::new(NOTES, "myapp");
    sim.run_for(10);
    expect![[r#"
        t=0s myapp-0 Pending A
        t=2s myapp-0 Running A
        t=3s myapp-0 Running/Ready A | myapp-1 Pending A
        t=5s myapp-0 Running/Ready A | myapp-1 Running A
        t=6s myapp-0 Running/Ready A | myapp-1 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
    expect![[r#"
        Normal SuccessfulCreate: create Claim myappdata-myapp-0 Pod myapp-0 in StatefulSet myapp success
        Normal SuccessfulCreate: create Pod myapp-0 in StatefulSet myapp successful
        Normal SuccessfulCreate: create Claim myappdata-myapp-1 Pod myapp-1 in StatefulSet myapp success
        Normal SuccessfulCreate: create Pod myapp-1 in StatefulSet myapp successful
    "#]]
    .assert_eq(&sim.events());
    assert_eq!(sim.claims(), ["myappdata-myapp-0", "myappdata-myapp-1"]);
    expect!["replicas=2 ready=2 available=2 current=2 updated=2 currentRevision=A updateRevision=A observedGeneration=1"]
        .assert_eq(&sim.status_line());
}

/// §1.5: scale 3→0 deletes web-2, then web-1, then web-0, each only once the previous one is
/// completely gone (terminationGracePeriodSeconds is 10).
#[test]
fn scale_down_goes_highest_first_one_at_a_time() {
    let mut sim = Sim::new(&web(3, "OrderedReady", ""), "web");
    sim.run_for(12);
    sim.lines.clear();
    sim.scale(0);
    sim.run_for(35);
    expect![[r#"
        t=12s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Terminating A
        t=22s web-0 Running/Ready A | web-1 Terminating A
        t=32s web-0 Terminating A
        t=42s (no pods)
    "#]]
    .assert_eq(&sim.transcript());
    expect!["replicas=0 ready=0 available=0 current=0 updated=0 currentRevision=A updateRevision=A observedGeneration=2"]
        .assert_eq(&sim.status_line());
    // Claims are retained (default Retain/Retain).
    assert_eq!(sim.claims(), ["www-web-0", "www-web-1", "www-web-2"]);
}

/// §1.5: scale-down halts while an in-range pod is unhealthy, and resumes when it recovers.
#[test]
fn scale_down_waits_for_an_unhealthy_pod() {
    let mut sim = Sim::new(&web(3, "OrderedReady", ""), "web");
    sim.run_for(12);
    sim.lines.clear();
    sim.kubelet.forced_unready.insert("web-0".into());
    sim.run_for(1);
    sim.scale(1);
    sim.run_for(20);
    sim.kubelet.forced_unready.clear();
    sim.run_for(25);
    expect![[r#"
        t=13s web-0 Running A | web-1 Running/Ready A | web-2 Running/Ready A
        t=34s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Terminating A
        t=44s web-0 Running/Ready A | web-1 Terminating A
        t=54s web-0 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
}

/// §1.4 step 10: the lowest unhealthy condemned pod may itself be deleted, but only in turn
/// (web-2 first, then the unready web-1).
#[test]
fn the_first_unhealthy_condemned_pod_is_deleted_in_turn() {
    let mut sim = Sim::new(&web(3, "OrderedReady", ""), "web");
    sim.run_for(12);
    sim.kubelet.forced_unready.insert("web-1".into());
    sim.run_for(1);
    sim.lines.clear();
    sim.scale(1);
    sim.run_for(25);
    expect![[r#"
        t=13s web-0 Running/Ready A | web-1 Running A | web-2 Terminating A
        t=23s web-0 Running/Ready A | web-1 Terminating A
        t=33s web-0 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
}

/// §1.12: a deleted pod comes back with the same name and the same claim, once it is gone.
#[test]
fn a_deleted_pod_is_recreated_with_its_claim() {
    let mut sim = Sim::new(&web(3, "OrderedReady", ""), "web");
    sim.run_for(12);
    let old_uid = sim.pod("web-1").unwrap().metadata.uid;
    sim.lines.clear();
    sim.delete_pod("web-1");
    sim.run_for(15);
    expect![[r#"
        t=12s web-0 Running/Ready A | web-1 Terminating A | web-2 Running/Ready A
        t=22s web-0 Running/Ready A | web-1 Pending A | web-2 Running/Ready A
        t=24s web-0 Running/Ready A | web-1 Running A | web-2 Running/Ready A
        t=25s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
    let pod = sim.pod("web-1").unwrap();
    assert_ne!(pod.metadata.uid, old_uid);
    assert_eq!(pod.spec.hostname.as_deref(), Some("web-1"));
    assert_eq!(pod.spec.subdomain.as_deref(), Some("nginx"));
    let claim = pod.spec.volumes[0]
        .persistent_volume_claim
        .as_ref()
        .unwrap();
    assert_eq!(claim.claim_name, "www-web-1");
    assert_eq!(sim.claims(), ["www-web-0", "www-web-1", "www-web-2"]);
}

/// e2e "should not deadlock when a pod's predecessor fails": with web-1 running but not
/// ready, deleting web-0 still re-creates web-0, because the walk is ascending.
#[test]
fn a_predecessor_is_recreated_while_a_successor_is_unready() {
    let mut sim = Sim::new(&web(2, "OrderedReady", ""), "web");
    sim.kubelet.forced_unready.insert("web-1".into());
    sim.run_for(8);
    sim.lines.clear();
    sim.delete_pod("web-0");
    sim.run_for(15);
    sim.kubelet.forced_unready.clear();
    sim.run_for(2);
    expect![[r#"
        t=8s web-0 Terminating A | web-1 Running A
        t=18s web-0 Pending A | web-1 Running A
        t=20s web-0 Running A | web-1 Running A
        t=21s web-0 Running/Ready A | web-1 Running A
        t=24s web-0 Running/Ready A | web-1 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
}

/// OrderedReady with a pod that never leaves Pending: nothing after it is created (§1.5).
#[test]
fn a_pending_pod_blocks_the_rest() {
    let mut sim = Sim::new(&web(3, "OrderedReady", ""), "web");
    sim.kubelet.held.insert("web-0".into());
    sim.run_for(30);
    expect![[r#"
        t=0s web-0 Pending A
    "#]]
    .assert_eq(&sim.transcript());
    expect!["replicas=1 ready=0 available=0 current=1 updated=1 currentRevision=A updateRevision=A observedGeneration=1"]
        .assert_eq(&sim.status_line());
}

/// §1.10: with minReadySeconds the next ordinal waits until the previous pod has been Ready
/// for that long, and availableReplicas follows.
#[test]
fn min_ready_seconds_spaces_out_creation() {
    let mut sim = Sim::new(&web(2, "OrderedReady", "  minReadySeconds: 10\n"), "web");
    let mut statuses = Vec::new();
    for _ in 0..30 {
        sim.run_for(1);
        let line = sim.status_line();
        if statuses.last().map(|(_, l)| l) != Some(&line) {
            statuses.push((sim.cluster.now / 1000, line));
        }
    }
    expect![[r#"
        t=0s web-0 Pending A
        t=2s web-0 Running A
        t=3s web-0 Running/Ready A
        t=13s web-0 Running/Ready A | web-1 Pending A
        t=15s web-0 Running/Ready A | web-1 Running A
        t=16s web-0 Running/Ready A | web-1 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
    let statuses: Vec<String> = statuses
        .into_iter()
        .map(|(t, l)| format!("t={t}s {l}"))
        .collect();
    expect![[r#"
        t=1s replicas=1 ready=0 available=0 current=1 updated=1 currentRevision=A updateRevision=A observedGeneration=1
        t=3s replicas=1 ready=1 available=0 current=1 updated=1 currentRevision=A updateRevision=A observedGeneration=1
        t=13s replicas=2 ready=1 available=1 current=2 updated=2 currentRevision=A updateRevision=A observedGeneration=1
        t=16s replicas=2 ready=2 available=1 current=2 updated=2 currentRevision=A updateRevision=A observedGeneration=1
        t=26s replicas=2 ready=2 available=2 current=2 updated=2 currentRevision=A updateRevision=A observedGeneration=1"#]]
    .assert_eq(&statuses.join("\n"));
    // Setting minReadySeconds high drops availability at once (e2e); back to 0 restores it.
    sim.edit(|set| set.spec.min_ready_seconds = Some(3600));
    assert!(sim.status_line().contains("available=0"));
    sim.edit(|set| set.spec.min_ready_seconds = Some(0));
    assert!(sim.status_line().contains("available=2"));
}

/// §1.2: `ordinals.start` shifts the names; the pod-index label follows the ordinal.
#[test]
fn ordinals_start_shifts_names() {
    let mut sim = Sim::new(
        &web(2, "OrderedReady", "  ordinals:\n    start: 5\n"),
        "web",
    );
    sim.run_for(8);
    sim.edit(|set| set.spec.ordinals.as_mut().unwrap().start = Some(4));
    sim.run_for(20);
    expect![[r#"
        t=0s web-5 Pending A
        t=2s web-5 Running A
        t=3s web-5 Running/Ready A | web-6 Pending A
        t=5s web-5 Running/Ready A | web-6 Running A
        t=6s web-5 Running/Ready A | web-6 Running/Ready A
        t=8s web-4 Pending A | web-5 Running/Ready A | web-6 Running/Ready A
        t=10s web-4 Running A | web-5 Running/Ready A | web-6 Running/Ready A
        t=11s web-4 Running/Ready A | web-5 Running/Ready A | web-6 Terminating A
        t=21s web-4 Running/Ready A | web-5 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
    let pod = sim.pod("web-4").unwrap();
    assert_eq!(
        pod.metadata
            .labels
            .get("apps.kubernetes.io/pod-index")
            .map(String::as_str)
            .unwrap_or(""),
        "4"
    );
    assert_eq!(
        pod.metadata
            .labels
            .get("statefulset.kubernetes.io/pod-name")
            .map(String::as_str)
            .unwrap_or(""),
        "web-4"
    );
    assert_eq!(sim.claims(), ["www-web-4", "www-web-5", "www-web-6"]);
}
