//! Randomised sweeps over the StatefulSet controller: sequences of scaling, template changes,
//! partition changes, pod deletions and readiness faults, over many seeds and both pod
//! management policies. After every settle the checks below must hold; at the end, with the
//! faults cleared, the set must converge. Every run also goes through upstream's plain O(n)
//! walk (`reference_mode`) and must produce exactly the same history as the indexed one.
//!
//! Checked after every settle:
//! * no ordinal is held by two pods;
//! * OrderedReady: when a pod is created, every lower in-range ordinal holds a pod that is
//!   Running, Ready, available and not terminating (upstream guarantees this *at creation
//!   time*; a predecessor may fail afterwards);
//! * the status counts equal counts recomputed from the pods (the controller has seen every
//!   change once the cluster is quiet);
//! * the incremental index equals a rebuild (`verify_index`).

mod statefulset_support;

use std::collections::BTreeSet;

use proptest::prelude::*;
use statefulset_support::{web, Sim};
use sts_playground::sim::model::{Kind, Pod};
use sts_playground::sim::store::ObjectKey;

#[derive(Debug, Clone)]
enum Op {
    Scale(i32),
    Image(u8),
    Partition(i32),
    DeletePod(i64),
    Unready(i64),
    Ready(i64),
    Fail(i64),
    Wait(u64),
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0i32..=5).prop_map(Op::Scale),
        2 => (0u8..3).prop_map(Op::Image),
        1 => (0i32..=3).prop_map(Op::Partition),
        2 => (0i64..6).prop_map(Op::DeletePod),
        1 => (0i64..6).prop_map(Op::Unready),
        1 => (0i64..6).prop_map(Op::Ready),
        1 => (0i64..6).prop_map(Op::Fail),
        4 => (1u64..15).prop_map(Op::Wait),
    ]
}

/// A small xorshift generator for the seed sweep (independent of the cluster's).
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn ops_for_seed(seed: u64) -> Vec<Op> {
    let mut rng = Xorshift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    (0..40)
        .map(|_| match rng.below(14) {
            0 | 1 => Op::Scale(rng.below(6) as i32),
            2 | 3 => Op::Image(rng.below(3) as u8),
            4 => Op::Partition(rng.below(4) as i32),
            5 | 6 => Op::DeletePod(rng.below(6) as i64),
            7 => Op::Unready(rng.below(6) as i64),
            8 => Op::Ready(rng.below(6) as i64),
            9 => Op::Fail(rng.below(6) as i64),
            _ => Op::Wait(1 + rng.below(14)),
        })
        .collect()
}

/// The set's pods (by controller reference), by ordinal.
fn set_pods(sim: &Sim) -> Vec<(i64, Pod)> {
    let uid = sim.stateful_set().metadata.uid;
    let mut pods: Vec<(i64, Pod)> = sim
        .cluster
        .store
        .pods_owned_by(&uid)
        .filter_map(|k| sim.cluster.store.get(k).and_then(|o| o.as_pod()).cloned())
        .filter_map(|p| {
            let ordinal = p.metadata.name.rsplit_once('-')?.1.parse::<i64>().ok()?;
            Some((ordinal, p))
        })
        .collect();
    pods.sort_by_key(|(o, _)| *o);
    pods
}

struct Checker {
    seen: BTreeSet<String>,
}

impl Checker {
    fn check(&mut self, sim: &Sim, context: &str) {
        let set = sim.stateful_set();
        let pods = set_pods(sim);
        let now = sim.cluster.now;
        let min_ready = set.min_ready_seconds();
        // No ordinal twice.
        let ordinals: BTreeSet<i64> = pods.iter().map(|(o, _)| *o).collect();
        assert_eq!(
            ordinals.len(),
            pods.len(),
            "{context}: an ordinal is held twice"
        );
        // OrderedReady creation order.
        let start = i64::from(set.start_ordinal());
        for (ordinal, pod) in &pods {
            if self.seen.insert(pod.metadata.uid.clone()) && !set.is_parallel() {
                for lower in start..*ordinal {
                    let ok = pods.iter().any(|(o, p)| {
                        *o == lower
                            && p.is_running_and_ready()
                            && p.metadata.deletion_timestamp.is_none()
                            && p.is_available(min_ready, now)
                    });
                    assert!(
                        ok,
                        "{context}: {} was created while ordinal {lower} was not Running+Ready\n{}",
                        pod.metadata.name,
                        sim.transcript()
                    );
                }
            }
        }
        // Status counts.
        let status = &set.status;
        let live = |revision: &str| {
            pods.iter()
                .filter(|(_, p)| {
                    p.metadata.deletion_timestamp.is_none()
                        && p.metadata
                            .labels
                            .get("controller-revision-hash")
                            .map(String::as_str)
                            == Some(revision)
                })
                .count() as i32
        };
        let ready = pods
            .iter()
            .filter(|(_, p)| p.is_running_and_ready())
            .count() as i32;
        let available = pods
            .iter()
            .filter(|(_, p)| p.is_running_and_ready() && p.is_available(min_ready, now))
            .count() as i32;
        let expected = (
            pods.len() as i32,
            ready,
            available,
            live(&status.current_revision),
            live(&status.update_revision),
        );
        let actual = (
            status.replicas,
            status.ready_replicas,
            status.available_replicas,
            status.current_replicas,
            status.updated_replicas,
        );
        assert_eq!(
            actual, expected,
            "{context}: status (replicas, ready, available, current, updated) differs from the pods\n{}",
            sim.transcript()
        );
        assert_eq!(
            status.observed_generation, set.metadata.generation,
            "{context}"
        );
    }
}

/// Runs the ops; returns a record of everything observable for the equivalence comparison.
/// The set's variations: policy, minReadySeconds, retention policy and start ordinal.
#[derive(Debug, Clone, Copy)]
struct Shape {
    parallel: bool,
    min_ready: bool,
    retention: u8,
    start: i32,
}

impl Shape {
    fn of_seed(seed: u64, parallel: bool) -> Shape {
        Shape {
            parallel,
            min_ready: seed.is_multiple_of(3),
            retention: (seed / 3 % 4) as u8,
            start: if seed % 5 == 4 { 2 } else { 0 },
        }
    }

    fn manifest(&self) -> String {
        let policy = if self.parallel {
            "Parallel"
        } else {
            "OrderedReady"
        };
        let mut extra = String::from(
            "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 0\n",
        );
        if self.min_ready {
            extra.push_str("  minReadySeconds: 3\n");
        }
        let (deleted, scaled) = match self.retention {
            0 => ("Retain", "Retain"),
            1 => ("Delete", "Retain"),
            2 => ("Retain", "Delete"),
            _ => ("Delete", "Delete"),
        };
        extra.push_str(&format!(
            "  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: {deleted}\n    whenScaled: {scaled}\n"
        ));
        if self.start != 0 {
            extra.push_str(&format!("  ordinals:\n    start: {}\n", self.start));
        }
        web(2, policy, &extra)
    }
}

fn run(ops: &[Op], shape: Shape, reference: bool) -> String {
    let mut sim = Sim::with(&shape.manifest(), "web", reference);
    sim.kubelet.collect_claims = true;
    let mut checker = Checker {
        seen: BTreeSet::new(),
    };
    let mut log = String::new();
    let tick = |sim: &mut Sim, checker: &mut Checker, seconds: u64, context: &str| {
        for _ in 0..seconds {
            let next = sim.cluster.now + 1_000;
            sim.cluster.advance_to(next);
            checker.check(sim, context);
            sim.kubelet.step(&mut sim.cluster);
            sim.cluster.settle();
            checker.check(sim, context);
            sim.record();
        }
    };
    checker.check(&sim, "start");
    for (step, op) in ops.iter().enumerate() {
        let context = format!("step {step} {op:?}");
        log.push_str(&format!("t={} {op:?}\n", sim.cluster.now));
        match op {
            Op::Scale(n) => sim.scale(*n),
            Op::Image(v) => sim.set_image(&format!("nginx:1.{}", 25 + v)),
            Op::Partition(p) => sim.edit(|set| {
                if let Some(rolling) = set
                    .spec
                    .update_strategy
                    .as_mut()
                    .and_then(|s| s.rolling_update.as_mut())
                {
                    rolling.partition = Some(*p);
                }
            }),
            Op::DeletePod(o) => sim.delete_pod(&format!("web-{}", o + i64::from(shape.start))),
            Op::Unready(o) => {
                let name = format!("web-{}", o + i64::from(shape.start));
                sim.kubelet.forced_unready.insert(name);
            }
            Op::Ready(o) => {
                let name = format!("web-{}", o + i64::from(shape.start));
                sim.kubelet.forced_unready.remove(&name);
            }
            Op::Fail(o) => {
                let name = format!("web-{}", o + i64::from(shape.start));
                let key = ObjectKey::new(Kind::Pod, "default", &name);
                let _ = sim.cluster.store.modify(&key, |object| {
                    if let Some(pod) = object.as_pod_mut() {
                        if pod.metadata.deletion_timestamp.is_none() {
                            pod.status.phase = Some("Failed".into());
                            for c in &mut pod.status.conditions {
                                c.status = "False".into();
                            }
                        }
                    }
                });
                sim.cluster.settle();
                sim.record();
            }
            Op::Wait(seconds) => tick(&mut sim, &mut checker, *seconds, &context),
        }
        checker.check(&sim, &context);
    }
    // Liveness: faults cleared, partition 0, the set converges to every replica Ready at the
    // update revision.
    sim.kubelet.forced_unready.clear();
    sim.edit(|set| {
        if let Some(rolling) = set
            .spec
            .update_strategy
            .as_mut()
            .and_then(|s| s.rolling_update.as_mut())
        {
            rolling.partition = Some(0);
        }
    });
    tick(&mut sim, &mut checker, 240, "liveness");
    let set = sim.stateful_set();
    let replicas = set.replicas();
    let status = &set.status;
    assert!(
        status.replicas == replicas
            && status.ready_replicas == replicas
            && status.updated_replicas == replicas
            && status.current_revision == status.update_revision,
        "did not converge: {status:?}\n{}",
        sim.transcript()
    );
    log.push_str(&sim.transcript());
    log.push_str(&sim.events());
    log.push_str(&format!("{:?}\n{:?}\n", status, sim.revisions()));
    log
}

fn check_both_ways(ops: &[Op], shape: Shape) {
    let indexed = run(ops, shape, false);
    let reference = run(ops, shape, true);
    if indexed != reference {
        let diff: Vec<String> = indexed
            .lines()
            .zip(reference.lines())
            .filter(|(a, b)| a != b)
            .take(5)
            .map(|(a, b)| format!("indexed:   {a}\nreference: {b}"))
            .collect();
        panic!(
            "indexed and reference runs differ for {ops:?} {shape:?}\n{}",
            diff.join("\n")
        );
    }
}

#[test]
fn seed_sweep_ordered_ready() {
    for seed in 0..60 {
        check_both_ways(&ops_for_seed(seed), Shape::of_seed(seed, false));
    }
}

#[test]
fn seed_sweep_parallel() {
    for seed in 0..60 {
        check_both_ways(&ops_for_seed(seed + 1000), Shape::of_seed(seed, true));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn random_sequences_keep_the_invariants(
        ops in proptest::collection::vec(op_strategy(), 1..30),
        parallel in any::<bool>(),
        seed in 0u64..60,
    ) {
        check_both_ways(&ops, Shape::of_seed(seed, parallel));
    }
}
