//! Adoption and release of pods and revisions (§1.13), identity repair (§1.2) and a set being
//! deleted (§1.14).

mod statefulset_support;

use expect_test::expect;
use statefulset_support::{web, Sim};
use sts_playground::sim::model::{Kind, Time};
use sts_playground::sim::store::ObjectKey;

/// What the garbage collector does for `kubectl delete sts web --cascade=orphan`: the set goes,
/// its pods and revisions lose their owner reference.
fn orphan_delete(sim: &mut Sim) {
    let key = sim.set_key();
    let uid = sim.stateful_set().metadata.uid;
    sim.cluster.store.remove(&key);
    for kind in [Kind::Pod, Kind::ControllerRevision] {
        let keys: Vec<ObjectKey> = sim
            .cluster
            .store
            .list(kind, Some("default"))
            .map(ObjectKey::of)
            .collect();
        for key in keys {
            sim.cluster
                .store
                .modify(&key, |o| {
                    o.meta_mut().owner_references.retain(|r| r.uid != uid)
                })
                .unwrap();
        }
    }
    sim.cluster.settle();
}

/// The tutorial: re-creating the set with 2 replicas adopts the three running pods and the
/// revision, and scales web-2 away.
#[test]
fn a_recreated_set_adopts_orphans_and_scales_down() {
    let mut sim = Sim::new(&web(3, "OrderedReady", ""), "web");
    sim.run_for(12);
    let revision = sim.stateful_set().status.update_revision;
    orphan_delete(&mut sim);
    sim.lines.clear();
    sim.create(&web(2, "OrderedReady", ""));
    sim.run_for(12);
    expect![[r#"
        t=12s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Terminating A
        t=22s web-0 Running/Ready A | web-1 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
    let set = sim.stateful_set();
    assert_eq!(
        set.status.update_revision, revision,
        "the orphaned revision is reused"
    );
    let pod = sim.pod("web-0").unwrap();
    assert_eq!(pod.metadata.owner_references[0].uid, set.metadata.uid);
    expect!["replicas=2 ready=2 available=2 current=2 updated=2 currentRevision=A updateRevision=A observedGeneration=1"]
        .assert_eq(&sim.status_line());
    assert_eq!(sim.revisions(), ["A revision=1"]);
}

/// A pod whose labels stop matching is released; its name stays taken (creation fails with
/// AlreadyExists, silently) until the orphan is deleted, then the set re-creates it.
#[test]
fn a_relabelled_pod_is_released_and_replaced_once_gone() {
    let mut sim = Sim::new(&web(3, "OrderedReady", ""), "web");
    sim.run_for(12);
    let key = ObjectKey::new(Kind::Pod, "default", "web-1");
    sim.cluster
        .store
        .modify(&key, |o| {
            o.meta_mut().labels.insert("app".into(), "debug".into());
        })
        .unwrap();
    sim.run_for(5);
    let pod = sim.pod("web-1").unwrap();
    assert!(pod.metadata.owner_references.is_empty(), "released");
    expect!["replicas=2 ready=2 available=2 current=2 updated=2 currentRevision=A updateRevision=A observedGeneration=1"]
        .assert_eq(&sim.status_line());
    assert!(!sim.events().contains("Failed"), "{}", sim.events());
    sim.lines.clear();
    sim.delete_pod("web-1");
    sim.run_for(14);
    expect![[r#"
        t=17s web-0 Running/Ready A | web-1 Terminating A | web-2 Running/Ready A
        t=27s web-0 Running/Ready A | web-1 Pending A | web-2 Running/Ready A
        t=29s web-0 Running/Ready A | web-1 Running A | web-2 Running/Ready A
        t=30s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
}

/// §1.2: a pod that lost its pod-name label gets it back, with an update event.
#[test]
fn identity_labels_are_repaired() {
    let mut sim = Sim::new(&web(2, "OrderedReady", ""), "web");
    sim.run_for(8);
    let key = ObjectKey::new(Kind::Pod, "default", "web-0");
    sim.cluster
        .store
        .modify(&key, |o| {
            o.meta_mut()
                .labels
                .remove("statefulset.kubernetes.io/pod-name");
        })
        .unwrap();
    sim.run_for(1);
    let pod = sim.pod("web-0").unwrap();
    assert_eq!(
        pod.metadata
            .labels
            .get("statefulset.kubernetes.io/pod-name")
            .map(String::as_str)
            .unwrap_or(""),
        "web-0"
    );
    assert!(sim
        .events()
        .contains("Normal SuccessfulUpdate: update Pod web-0 in StatefulSet web successful"));
}

/// §1.14 foreground deletion: a set with a deletionTimestamp only updates its status.
#[test]
fn a_deleting_set_only_writes_status() {
    let mut sim = Sim::new(&web(3, "OrderedReady", ""), "web");
    sim.run_for(5);
    let key = sim.set_key();
    sim.cluster
        .store
        .modify(&key, |o| {
            let meta = o.meta_mut();
            meta.deletion_timestamp = Some(Time(5_000));
            // A finalizer the garbage collector does not act on, so only the controller's
            // part shows: it must not replace the pods of a set that is being deleted.
            meta.finalizers = vec!["example.com/hold".into()];
        })
        .unwrap();
    sim.lines.clear();
    sim.run_for(20);
    sim.delete_pod("web-0");
    sim.run_for(20);
    expect![[r#"
        t=6s web-0 Running/Ready A | web-1 Running/Ready A
        t=25s web-0 Terminating A | web-1 Running/Ready A
        t=35s web-1 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
    expect!["replicas=1 ready=1 available=1 current=1 updated=1 currentRevision=A updateRevision=A observedGeneration=1"]
        .assert_eq(&sim.status_line());
}
