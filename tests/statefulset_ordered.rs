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
