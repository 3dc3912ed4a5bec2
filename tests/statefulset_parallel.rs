//! `podManagementPolicy: Parallel` (§1.5): creation and deletion do not wait, in upstream's
//! slow-start batches.

mod statefulset_support;

use expect_test::expect;
use statefulset_support::{web, Sim};
use sts_playground::sim::model::{Kind, Object, PersistentVolumeClaim};
use sts_playground::sim::store::ObjectKey;

#[test]
fn parallel_creates_and_deletes_everything_at_once() {
    let mut sim = Sim::new(&web(3, "Parallel", ""), "web");
    sim.run_for(5);
    sim.scale(0);
    sim.run_for(12);
    expect![[r#"
        t=0s web-0 Pending A | web-1 Pending A | web-2 Pending A
        t=2s web-0 Running A | web-1 Running A | web-2 Running A
        t=3s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running/Ready A
        t=5s web-0 Terminating A | web-1 Terminating A | web-2 Terminating A
        t=15s (no pods)
    "#]]
    .assert_eq(&sim.transcript());
    expect![[r#"
        Normal SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success
        Normal SuccessfulCreate: create Pod web-0 in StatefulSet web successful
        Normal SuccessfulCreate: create Claim www-web-1 Pod web-1 in StatefulSet web success
        Normal SuccessfulCreate: create Pod web-1 in StatefulSet web successful
        Normal SuccessfulCreate: create Claim www-web-2 Pod web-2 in StatefulSet web success
        Normal SuccessfulCreate: create Pod web-2 in StatefulSet web successful
        Normal SuccessfulDelete: delete Pod web-2 in StatefulSet web successful
        Normal SuccessfulDelete: delete Pod web-1 in StatefulSet web successful
        Normal SuccessfulDelete: delete Pod web-0 in StatefulSet web successful
    "#]]
    .assert_eq(&sim.events());
}

/// A deleted pod comes back at once even while a lower pod is unhealthy.
#[test]
fn parallel_recreates_regardless_of_other_pods() {
    let mut sim = Sim::new(&web(3, "Parallel", ""), "web");
    sim.kubelet.forced_unready.insert("web-0".into());
    sim.run_for(5);
    sim.lines.clear();
    sim.delete_pod("web-2");
    sim.run_for(12);
    expect![[r#"
        t=5s web-0 Running A | web-1 Running/Ready A | web-2 Terminating A
        t=15s web-0 Running A | web-1 Running/Ready A | web-2 Pending A
        t=17s web-0 Running A | web-1 Running/Ready A | web-2 Running A
    "#]]
    .assert_eq(&sim.transcript());
}

/// `slowStartBatch`: batches of 1, 2, 4, … slots; a failing slot stops the batches after its
/// own, so with web-2's claim being deleted only web-0 and web-1 (batches {0} and {1, 2}) are
/// created until the claim is gone.
#[test]
fn a_failure_stops_the_slow_start_batches() {
    let mut sim = Sim::new("", "web");
    let mut doomed = PersistentVolumeClaim::default();
    doomed.metadata.name = "www-web-2".into();
    doomed.metadata.namespace = Some("default".into());
    // A finalizer no controller removes, so the claim stays "being deleted" until the test
    // clears it (pvc-protection would let it go at once: no pod uses it yet).
    doomed.metadata.finalizers = vec!["example.com/hold".into()];
    doomed.spec.access_modes = vec!["ReadWriteOnce".into()];
    doomed.spec.resources.requests.insert(
        "storage".into(),
        sts_playground::sim::quantity::Quantity::parse("1Gi").unwrap(),
    );
    let key = sts_playground::sim::api::create(
        &mut sim.cluster,
        Object::PersistentVolumeClaim(Box::new(doomed)),
    )
    .unwrap();
    sim.cluster.store.delete(&key, None, 0).unwrap();
    sim.lines.clear();
    sim.create(&web(10, "Parallel", ""));
    sim.run_for(3);
    sim.cluster
        .store
        .modify(&key, |o| o.meta_mut().finalizers.clear())
        .unwrap();
    sim.run_for(4);
    expect![[r#"
        t=0s web-0 Pending A | web-1 Pending A
        t=2s web-0 Running A | web-1 Running A
        t=3s web-0 Running/Ready A | web-1 Running/Ready A
        t=4s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Pending A | web-3 Pending A | web-4 Pending A | web-5 Pending A | web-6 Pending A | web-7 Pending A | web-8 Pending A | web-9 Pending A
        t=5s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running A | web-3 Running A | web-4 Running A | web-5 Running A | web-6 Running A | web-7 Running A | web-8 Running A | web-9 Running A
        t=6s web-0 Running/Ready A | web-1 Running/Ready A | web-2 Running/Ready A | web-3 Running/Ready A | web-4 Running/Ready A | web-5 Running/Ready A | web-6 Running/Ready A | web-7 Running/Ready A | web-8 Running/Ready A | web-9 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
    assert!(sim
        .cluster
        .store
        .get(&ObjectKey::new(Kind::Pod, "default", "web-9"))
        .is_some());
}
