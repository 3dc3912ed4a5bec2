//! Invariant sweeps: many seeds × both pod management policies × random learner actions (apply,
//! scale, delete a pod, change the image, delete a claim, sleep). After every simulated step the
//! checkers below look at the cluster; they live here, outside the code they check.
//!
//! * No ordinal of a set exists twice.
//! * Under OrderedReady no pod is created while a lower ordinal is not Running, Ready and alive
//!   (checked at the instant of creation, by replaying every write in order).
//! * A Bound claim and its PV point at each other; a Bound PV's claim exists and points back.
//! * No claim is bound to a smaller PV, or to one lacking its access modes or class.
//! * Once settled, a set's status counts equal counts recomputed from its pods.
//! * The same seed gives the same history.

use std::collections::{BTreeMap, BTreeSet};

use sts_playground::sim::clock::Rng;
use sts_playground::sim::model::{Kind, Object, Pod};
use sts_playground::sim::session::Session;
use sts_playground::sim::store::{ChangeType, ObjectKey};
use sts_playground::sim::world::Preset;

const IMAGES: &[&str] = &[
    "nginx:1.25",
    "nginx:1.26",
    "nginx:doesnotexist",
    "busybox:1.36",
];

fn set_yaml(replicas: u64, policy: &str, image: &str, retention: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: {replicas}
  podManagementPolicy: {policy}
  persistentVolumeClaimRetentionPolicy:
    whenScaled: {retention}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      terminationGracePeriodSeconds: 5
      containers:
      - name: nginx
        image: {image}
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [\"ReadWriteOnce\"]
      resources:
        requests:
          storage: 1Gi
"
    )
}

fn kubectl(session: &mut Session, line: &str) {
    let argv: Vec<String> = line.split_whitespace().map(String::from).collect();
    let _ = session.start(&argv, None);
    let _ = session.interrupt();
}

fn ordinal(name: &str) -> Option<i64> {
    name.strip_prefix("web-")?.parse().ok()
}

/// Replays writes in order and checks the OrderedReady creation rule at each pod creation.
#[derive(Default)]
struct CreationChecker {
    pods: BTreeMap<String, Pod>,
    violations: Vec<String>,
}

impl CreationChecker {
    fn observe(&mut self, session: &mut Session, ordered: bool) {
        let set =
            match session
                .cluster
                .store
                .get(&ObjectKey::new(Kind::StatefulSet, "default", "web"))
            {
                Some(Object::StatefulSet(set)) => Some(set.clone()),
                _ => None,
            };
        for event in session.cluster.store.take_watch_events() {
            if event.key.kind != Kind::Pod {
                continue;
            }
            match (event.change, event.object) {
                (ChangeType::Deleted, _) => {
                    self.pods.remove(&event.key.name);
                }
                (ChangeType::Added, Some(Object::Pod(pod))) => {
                    if let (true, Some(set), Some(k)) = (ordered, &set, ordinal(&event.key.name)) {
                        let start = i64::from(set.start_ordinal());
                        for j in start..k {
                            let name = format!("web-{j}");
                            let healthy = self.pods.get(&name).is_some_and(|p| {
                                p.is_running_and_ready() && p.metadata.deletion_timestamp.is_none()
                            });
                            if !healthy {
                                self.violations.push(format!(
                                    "t={}ms: {} created while {name} was not Running and Ready",
                                    session.cluster.now, event.key.name
                                ));
                            }
                        }
                    }
                    self.pods.insert(event.key.name.clone(), *pod);
                }
                (_, Some(Object::Pod(pod))) => {
                    self.pods.insert(event.key.name.clone(), *pod);
                }
                _ => {}
            }
        }
    }
}

/// Checks the invariants that hold at any settled instant.
fn check_settled(session: &Session, violations: &mut Vec<String>) {
    let store = &session.cluster.store;
    let now = session.cluster.now;
    // Ordinals are unique among the set's pods.
    let mut seen = BTreeSet::new();
    for pod in store.list(Kind::Pod, Some("default")) {
        if let Some(k) = ordinal(pod.name()) {
            if !seen.insert(k) {
                violations.push(format!("t={now}ms: ordinal {k} exists twice"));
            }
        }
    }
    // Claims and volumes.
    for object in store.list(Kind::PersistentVolumeClaim, None) {
        let Object::PersistentVolumeClaim(claim) = object else {
            continue;
        };
        if claim.phase() != "Bound" {
            continue;
        }
        let Some(volume_name) = claim.spec.volume_name.as_deref() else {
            violations.push(format!(
                "t={now}ms: claim {} Bound without a volume",
                claim.metadata.name
            ));
            continue;
        };
        let Some(Object::PersistentVolume(volume)) =
            store.get(&ObjectKey::new(Kind::PersistentVolume, "", volume_name))
        else {
            continue; // A Lost claim is reported by the binder; a vanished PV is not an inconsistency here.
        };
        let points_back = volume
            .spec
            .claim_ref
            .as_ref()
            .is_some_and(|r| r.uid == claim.metadata.uid);
        if !points_back {
            violations.push(format!(
                "t={now}ms: claim {} → {volume_name}, which does not point back",
                claim.metadata.name
            ));
        }
        if let (Some(capacity), Some(request)) = (volume.capacity(), claim.requested_storage()) {
            if capacity < request {
                violations.push(format!(
                    "t={now}ms: claim {} bound to a smaller PV {volume_name}",
                    claim.metadata.name
                ));
            }
        }
        if !claim
            .spec
            .access_modes
            .iter()
            .all(|m| volume.spec.access_modes.contains(m))
        {
            violations.push(format!(
                "t={now}ms: claim {} bound to {volume_name} lacking its modes",
                claim.metadata.name
            ));
        }
        if claim.spec.storage_class_name.as_deref().unwrap_or("") != volume.class() {
            violations.push(format!(
                "t={now}ms: claim {} bound to {volume_name} of another class",
                claim.metadata.name
            ));
        }
    }
    for object in store.list(Kind::PersistentVolume, None) {
        let Object::PersistentVolume(volume) = object else {
            continue;
        };
        if volume.phase() != "Bound" {
            continue;
        }
        let Some(reference) = &volume.spec.claim_ref else {
            violations.push(format!(
                "t={now}ms: PV {} Bound without a claimRef",
                volume.metadata.name
            ));
            continue;
        };
        match store.get(&ObjectKey::new(
            Kind::PersistentVolumeClaim,
            &reference.namespace,
            &reference.name,
        )) {
            Some(Object::PersistentVolumeClaim(claim)) if claim.metadata.uid == reference.uid => {
                if claim.spec.volume_name.as_deref() != Some(volume.metadata.name.as_str())
                    && claim.phase() == "Bound"
                {
                    violations.push(format!(
                        "t={now}ms: PV {} Bound to a claim bound elsewhere",
                        volume.metadata.name
                    ));
                }
            }
            _ => violations.push(format!(
                "t={now}ms: PV {} Bound to a claim that is gone",
                volume.metadata.name
            )),
        }
    }
    // Status counts.
    if let Some(Object::StatefulSet(set)) =
        store.get(&ObjectKey::new(Kind::StatefulSet, "default", "web"))
    {
        let pods: Vec<&Pod> = store
            .pods_owned_by(&set.metadata.uid)
            .filter_map(|key| store.get(key).and_then(Object::as_pod))
            .collect();
        let replicas = pods.len() as i32;
        let ready = pods.iter().filter(|p| p.is_running_and_ready()).count() as i32;
        if set.status.observed_generation == set.metadata.generation
            && !set.status.update_revision.is_empty()
        {
            if set.status.replicas != replicas {
                violations.push(format!(
                    "t={now}ms: status.replicas {} but {replicas} pods",
                    set.status.replicas
                ));
            }
            if set.status.ready_replicas != ready {
                violations.push(format!(
                    "t={now}ms: status.readyReplicas {} but {ready} ready pods",
                    set.status.ready_replicas
                ));
            }
        }
    }
}

/// Runs one random history and returns (violations, a compact trace for determinism checks).
fn sweep(seed: u64, policy: &str, preset: Preset) -> (Vec<String>, String) {
    let mut rng = Rng::new(seed);
    let mut session = Session::new(preset, seed);
    let ordered = policy == "OrderedReady";
    if preset == Preset::Kubeadm {
        let mut pvs = String::new();
        for i in 0..8 {
            pvs.push_str(&format!(
                "---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv{i}\nspec:\n  capacity:\n    storage: {}Gi\n  accessModes: [\"ReadWriteOnce\"]\n  hostPath:\n    path: /data/pv{i}\n",
                1 + i % 3
            ));
        }
        session.files.insert("pvs.yaml".into(), pvs);
        kubectl(&mut session, "apply -f pvs.yaml");
    }
    session.cluster.store.start_watch();
    let mut checker = CreationChecker::default();
    let mut violations = Vec::new();
    let mut trace = String::new();
    let retention = if rng.range(0, 1) == 0 {
        "Retain"
    } else {
        "Delete"
    };
    for step in 0..25 {
        let action = rng.range(0, 6);
        match action {
            0 => {
                let yaml = set_yaml(
                    rng.range(0, 5),
                    policy,
                    IMAGES[rng.range(0, 3) as usize],
                    retention,
                );
                session.files.insert("web.yaml".into(), yaml);
                kubectl(&mut session, "apply -f web.yaml");
            }
            1 => kubectl(
                &mut session,
                &format!("scale sts web --replicas={}", rng.range(0, 5)),
            ),
            2 => kubectl(
                &mut session,
                &format!("delete pod web-{} --wait=false", rng.range(0, 4)),
            ),
            3 => kubectl(
                &mut session,
                &format!(
                    "set image sts/web nginx={}",
                    IMAGES[rng.range(0, 3) as usize]
                ),
            ),
            4 => kubectl(
                &mut session,
                &format!("delete pvc www-web-{} --wait=false", rng.range(0, 4)),
            ),
            _ => {}
        }
        checker.observe(&mut session, ordered);
        // Let time pass, checking after every timer.
        let until = session.cluster.now + rng.range(1_000, 60_000);
        let mut guard = 0;
        while session.cluster.now < until && guard < 100_000 {
            guard += 1;
            let next = session
                .cluster
                .next_event_time()
                .unwrap_or(until)
                .min(until);
            session.cluster.advance_to(next.max(session.cluster.now));
            checker.observe(&mut session, ordered);
            check_settled(&session, &mut violations);
            if next >= until {
                break;
            }
        }
        if let Some(stuck) = &session.cluster.stuck {
            violations.push(format!("step {step}: {stuck}"));
        }
        let pods: Vec<String> = session
            .cluster
            .store
            .list(Kind::Pod, Some("default"))
            .map(|p| format!("{}:{}", p.name(), p.meta().uid.get(..8).unwrap_or("")))
            .collect();
        trace.push_str(&format!(
            "{} {action} {}\n",
            session.cluster.now,
            pods.join(",")
        ));
    }
    violations.extend(checker.violations);
    (violations, trace)
}

#[test]
fn invariants_hold_across_seeds_and_policies() {
    let mut failures = Vec::new();
    for seed in 1..=24 {
        for policy in ["OrderedReady", "Parallel"] {
            let preset = if seed % 2 == 0 {
                Preset::Kubeadm
            } else {
                Preset::Kind
            };
            let (violations, _) = sweep(seed, policy, preset);
            if let Some(first) = violations.first() {
                failures.push(format!(
                    "seed {seed} {policy} {preset:?}: {first} (+{} more)",
                    violations.len() - 1
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_same_seed_gives_the_same_history() {
    for seed in [3, 8] {
        let (_, first) = sweep(seed, "OrderedReady", Preset::Kind);
        let (_, second) = sweep(seed, "OrderedReady", Preset::Kind);
        assert_eq!(first, second);
    }
}
