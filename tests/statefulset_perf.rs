//! How the controller's work grows with the number of replicas. The counted test runs in the
//! normal suite (deterministic counters, no clocks); the timed ones are for optimised builds:
//! `cargo test --profile bench-native --test statefulset_perf -- --ignored --nocapture`
//! (`STS_REPLICAS=n` sizes `timed_one_size`).
//!
//! The timings count only the cluster (controllers, dispatch, store), not this file's kubelet,
//! which scans every pod each tick; that scan still pollutes the caches, so the timed numbers
//! grow a little faster than the cluster's own work. With an event-driven kubelet stand-in the
//! three phases measured 36/36/16 ms at 1,000 replicas and 152/170/91 ms at 4,000
//! (OrderedReady, terminationGracePeriodSeconds 0).

mod statefulset_support;

use std::time::{Duration, Instant};

use statefulset_support::Sim;
use sts_playground::sim::controllers::statefulset::SyncStats;
use sts_playground::sim::model::{Object, PodCondition, Time};

fn manifest(replicas: usize, policy: &str) -> String {
    format!(
        r#"apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: {replicas}
  podManagementPolicy: {policy}
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: nginx
        image: nginx:1.25
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
"#
    )
}

/// A kubelet that makes every pod of the set Running and Ready the moment it sees it.
fn instant_kubelet(sim: &mut Sim) {
    let uid = sim.stateful_set().metadata.uid;
    let now = sim.cluster.now;
    let pending: Vec<_> = sim
        .cluster
        .store
        .pods_owned_by(&uid)
        .filter(|key| {
            sim.cluster
                .store
                .get(key)
                .and_then(|o| o.as_pod())
                .is_some_and(|p| {
                    !p.is_running_and_ready() && p.metadata.deletion_timestamp.is_none()
                })
        })
        .cloned()
        .collect();
    for key in pending {
        let _ = sim.cluster.store.modify(&key, |object| {
            if let Object::Pod(pod) = object {
                pod.spec.node_name = Some("k8s-node1".into());
                pod.status.phase = Some("Running".into());
                pod.status.conditions = vec![PodCondition {
                    type_: "Ready".into(),
                    status: "True".into(),
                    last_transition_time: Some(Time(now)),
                    ..Default::default()
                }];
            }
        });
    }
}

/// Runs until `done`, one kubelet pass and one settle per simulated second; returns the time
/// spent in the cluster (controllers and dispatch), not in the test's kubelet.
fn drive(sim: &mut Sim, done: impl Fn(&Sim) -> bool) -> Duration {
    let mut spent = Duration::ZERO;
    for _ in 0..100_000 {
        if done(sim) {
            return spent;
        }
        let started = Instant::now();
        let next = sim.cluster.now + 1_000;
        sim.cluster.advance_to(next);
        spent += started.elapsed();
        instant_kubelet(sim);
        let started = Instant::now();
        sim.cluster.settle();
        spent += started.elapsed();
    }
    panic!("did not finish: {:?}", sim.stateful_set().status);
}

/// Times an edit of the set (which settles the cluster) plus the run that follows.
fn timed(sim: &mut Sim, edit: impl FnOnce(&mut Sim)) -> Duration {
    let started = Instant::now();
    edit(sim);
    started.elapsed()
}

/// Create, roll, scale to zero; returns the work counters and the time of each phase.
fn three_phases(replicas: usize, policy: &str, reference: bool) -> (SyncStats, [Duration; 3]) {
    let mut sim = Sim::with("", "web", reference);
    sim.cluster.statefulset.verify_index = false;
    sim.recording = false;
    let n = replicas as i32;
    let mut create = timed(&mut sim, |sim| sim.create(&manifest(replicas, policy)));
    create += drive(&mut sim, |s| s.stateful_set().status.ready_replicas == n);
    let mut roll = timed(&mut sim, |sim| sim.set_image("nginx:1.26"));
    roll += drive(&mut sim, |s| {
        let status = s.stateful_set().status;
        status.updated_replicas == n
            && status.ready_replicas == n
            && status.current_revision == status.update_revision
    });
    let mut scale = timed(&mut sim, |sim| sim.scale(0));
    scale += drive(&mut sim, |s| s.stateful_set().status.replicas == 0);
    (sim.cluster.statefulset.stats, [create, roll, scale])
}

#[test]
fn work_per_replica_stays_flat() {
    let small = three_phases(50, "OrderedReady", false).0;
    let large = three_phases(200, "OrderedReady", false).0;
    // Four times the replicas: about four times the syncs, visits and summaries, not sixteen.
    assert!(large.syncs <= small.syncs * 5, "{small:?} {large:?}");
    assert!(
        large.slot_visits <= small.slot_visits * 5,
        "{small:?} {large:?}"
    );
    assert!(
        large.pods_summarised <= small.pods_summarised * 5,
        "{small:?} {large:?}"
    );
    // The plain walk of the reference mode is quadratic.
    let reference = three_phases(200, "OrderedReady", true).0;
    assert!(
        reference.slot_visits > large.slot_visits * 20,
        "{reference:?} {large:?}"
    );
    let parallel_small = three_phases(50, "Parallel", false).0;
    let parallel_large = three_phases(200, "Parallel", false).0;
    assert!(
        parallel_large.slot_visits <= parallel_small.slot_visits * 5,
        "{parallel_small:?} {parallel_large:?}"
    );
}

#[test]
#[ignore]
fn timed_phases() {
    for policy in ["OrderedReady", "Parallel"] {
        for replicas in [1000, 2000, 4000] {
            let (stats, times) = three_phases(replicas, policy, false);
            println!(
                "{policy} {replicas}: create {:?} roll {:?} scale-to-0 {:?} ({stats:?})",
                times[0], times[1], times[2]
            );
        }
    }
}

#[test]
#[ignore]
fn timed_one_size() {
    let replicas = std::env::var("STS_REPLICAS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let (stats, times) = three_phases(replicas, "OrderedReady", false);
    println!("{times:?} {stats:?}");
}
