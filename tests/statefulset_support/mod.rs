//! Test support for the StatefulSet controller: a tiny fake kubelet (and scheduler) that moves
//! pods through Pending → Running → Ready and removes terminating pods when their grace period
//! ends, plus helpers to edit sets and print one compact line of state per change.
//!
//! The fake kubelet is deliberately simple and explicit: every pod starts `start_ms` after it is
//! created and becomes Ready `ready_ms` after it starts, unless its image is listed as never
//! ready or failing, or its name is held Pending. Tests change those lists to script faults.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use sts_playground::sim::model::{Kind, Object, Pod, PodCondition, PodIp, StatefulSet, Time};
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::testkit;
use sts_playground::sim::world::{Cluster, Preset};

/// The fake kubelet's rules.
#[derive(Debug, Clone)]
pub struct FakeKubelet {
    /// From creation to phase Running.
    pub start_ms: u64,
    /// From Running to Ready.
    pub ready_ms: u64,
    /// Pods with this image run but never become Ready (a failing readiness probe, a crash loop).
    pub unready_images: BTreeSet<String>,
    /// Pods with this image end in phase Failed once started.
    pub failing_images: BTreeSet<String>,
    /// Pods with these names stay Pending (say, a claim that never binds).
    pub held: BTreeSet<String>,
    /// Pods with these names are forced not ready (readiness probe failing from now on).
    pub forced_unready: BTreeSet<String>,
    /// Also play garbage collector for claims: remove a claim whose Pod owner is gone.
    pub collect_claims: bool,
    next_ip: u32,
}

impl Default for FakeKubelet {
    fn default() -> Self {
        FakeKubelet {
            start_ms: 2_000,
            ready_ms: 1_000,
            unready_images: BTreeSet::new(),
            failing_images: BTreeSet::new(),
            held: BTreeSet::new(),
            forced_unready: BTreeSet::new(),
            collect_claims: false,
            next_ip: 10,
        }
    }
}

fn set_ready(pod: &mut Pod, ready: bool, now: u64) {
    let status = if ready { "True" } else { "False" };
    match pod
        .status
        .conditions
        .iter_mut()
        .find(|c| c.type_ == "Ready")
    {
        Some(condition) if condition.status == status => {}
        Some(condition) => {
            condition.status = status.into();
            condition.last_transition_time = Some(Time(now));
        }
        None => pod.status.conditions.push(PodCondition {
            type_: "Ready".into(),
            status: status.into(),
            last_transition_time: Some(Time(now)),
            ..Default::default()
        }),
    }
}

impl FakeKubelet {
    /// One pass over every pod at the cluster's current instant.
    pub fn step(&mut self, cluster: &mut Cluster) {
        let now = cluster.now;
        if self.collect_claims {
            let orphaned: Vec<ObjectKey> = cluster
                .store
                .list(Kind::PersistentVolumeClaim, None)
                .filter(|claim| {
                    claim.meta().owner_references.iter().any(|owner| {
                        owner.kind == "Pod"
                            && cluster
                                .store
                                .get(&ObjectKey::new(
                                    Kind::Pod,
                                    claim.meta().namespace(),
                                    &owner.name,
                                ))
                                .is_none_or(|pod| pod.meta().uid != owner.uid)
                    })
                })
                .map(ObjectKey::of)
                .collect();
            for key in orphaned {
                cluster.store.remove(&key);
            }
        }
        let keys: Vec<ObjectKey> = cluster
            .store
            .list(Kind::Pod, None)
            .map(ObjectKey::of)
            .collect();
        for key in keys {
            let Some(pod) = cluster.store.get(&key).and_then(|o| o.as_pod()).cloned() else {
                continue;
            };
            if let Some(Time(at)) = pod.metadata.deletion_timestamp {
                if at <= now {
                    cluster.store.remove(&key);
                }
                continue;
            }
            let mut next = pod.clone();
            if next.spec.node_name.is_none() {
                next.spec.node_name = Some("k8s-node1".into());
            }
            let created = pod
                .metadata
                .creation_timestamp
                .map(|Time(t)| t)
                .unwrap_or(0);
            let image = pod
                .spec
                .containers
                .first()
                .map(|c| c.image.clone())
                .unwrap_or_default();
            let phase = pod.status.phase.clone().unwrap_or_else(|| "Pending".into());
            if self.held.contains(&pod.metadata.name)
                || matches!(phase.as_str(), "Failed" | "Succeeded")
            {
                // Nothing moves.
            } else if phase == "Pending" && now >= created + self.start_ms {
                if self.failing_images.contains(&image) {
                    next.status.phase = Some("Failed".into());
                    set_ready(&mut next, false, now);
                } else {
                    next.status.phase = Some("Running".into());
                    next.status.start_time = Some(Time(now));
                    self.next_ip += 1;
                    next.status.pod_ip = Some(format!("10.244.1.{}", self.next_ip));
                    next.status.pod_ips = vec![PodIp {
                        ip: format!("10.244.1.{}", self.next_ip),
                    }];
                    set_ready(&mut next, false, now);
                }
            } else if phase == "Running" {
                let started = pod.status.start_time.map(|Time(t)| t).unwrap_or(now);
                let wants_ready = !self.unready_images.contains(&image)
                    && !self.forced_unready.contains(&pod.metadata.name)
                    && now >= started + self.ready_ms;
                if wants_ready != pod.is_ready() {
                    set_ready(&mut next, wants_ready, now);
                }
            }
            if next != pod {
                let _ = cluster.store.update(Object::Pod(Box::new(next)));
            }
        }
    }
}

/// A cluster, the fake kubelet, and a transcript of state lines.
pub struct Sim {
    pub cluster: Cluster,
    pub kubelet: FakeKubelet,
    pub set: String,
    pub namespace: String,
    revision_letters: BTreeMap<String, char>,
    pub lines: Vec<String>,
    last_state: String,
    /// Seconds between fake kubelet passes.
    pub tick_ms: u64,
    /// Whether `record` keeps a transcript (off for timing runs).
    pub recording: bool,
}

impl Sim {
    /// A kubeadm cluster with `yaml` created at t=0, watching the set `set`; the controller's
    /// index is verified against a rebuild after every update.
    pub fn new(yaml: &str, set: &str) -> Sim {
        Sim::with(yaml, set, false)
    }

    /// As [`Sim::new`], running the controller's plain reference walk when `reference` is set.
    pub fn with(yaml: &str, set: &str, reference: bool) -> Sim {
        let mut cluster = Cluster::new(Preset::Kubeadm, 1);
        // These tests play the node side themselves (FakeKubelet).
        cluster.kubelet.paused = true;
        cluster.scheduler.paused = true;
        cluster.statefulset.verify_index = true;
        cluster.statefulset.reference_mode = reference;
        let mut sim = Sim {
            cluster,
            kubelet: FakeKubelet::default(),
            set: set.to_string(),
            namespace: "default".into(),
            revision_letters: BTreeMap::new(),
            lines: Vec::new(),
            last_state: String::new(),
            tick_ms: 1_000,
            recording: true,
        };
        sim.create(yaml);
        sim
    }

    /// Creates objects as `kubectl create -f` would (generation 1, as admission sets it).
    pub fn create(&mut self, yaml: &str) {
        for mut object in testkit::objects_from_yaml(yaml) {
            if object.kind() == Kind::StatefulSet {
                object.meta_mut().generation = Some(1);
            }
            sts_playground::sim::api::create(&mut self.cluster, object).expect("admitted");
        }
        self.cluster.settle();
        self.record();
    }

    pub fn set_key(&self) -> ObjectKey {
        ObjectKey::new(Kind::StatefulSet, &self.namespace, &self.set)
    }

    pub fn stateful_set(&self) -> StatefulSet {
        self.cluster
            .store
            .get(&self.set_key())
            .and_then(|o| o.as_stateful_set())
            .cloned()
            .expect("the set exists")
    }

    /// Edits the set's spec as `kubectl edit`/`apply` would, bumping the generation.
    pub fn edit(&mut self, change: impl FnOnce(&mut StatefulSet)) {
        let key = self.set_key();
        self.cluster
            .store
            .modify(&key, |object| {
                if let Some(set) = object.as_stateful_set_mut() {
                    let before = set.spec.clone();
                    change(set);
                    if set.spec != before {
                        set.metadata.generation = Some(set.metadata.generation.unwrap_or(0) + 1);
                    }
                }
            })
            .expect("the set exists");
        self.cluster.settle();
        self.record();
    }

    pub fn scale(&mut self, replicas: i32) {
        self.edit(|set| set.spec.replicas = Some(replicas));
    }

    pub fn set_image(&mut self, image: &str) {
        let image = image.to_string();
        self.edit(move |set| {
            if let Some(container) = set.spec.template.spec.containers.first_mut() {
                container.image = image;
            }
        });
    }

    /// `kubectl delete pod NAME` (graceful).
    pub fn delete_pod(&mut self, name: &str) {
        let key = ObjectKey::new(Kind::Pod, &self.namespace, name);
        let _ = sts_playground::sim::api::delete(&mut self.cluster, &key, Default::default());
        self.cluster.settle();
        self.record();
    }

    pub fn pod(&self, name: &str) -> Option<Pod> {
        self.cluster
            .store
            .get(&ObjectKey::new(Kind::Pod, &self.namespace, name))
            .and_then(|o| o.as_pod())
            .cloned()
    }

    /// Advances `seconds` of simulated time, one kubelet pass per tick.
    pub fn run_for(&mut self, seconds: u64) {
        let until = self.cluster.now + seconds * 1_000;
        while self.cluster.now < until {
            let next = (self.cluster.now + self.tick_ms).min(until);
            self.cluster.advance_to(next);
            self.kubelet.step(&mut self.cluster);
            self.cluster.settle();
            self.record();
        }
    }

    /// Runs until `done` holds (checked after every tick) or `max_seconds` pass.
    pub fn run_until(&mut self, max_seconds: u64, mut done: impl FnMut(&mut Sim) -> bool) -> bool {
        for _ in 0..max_seconds {
            if done(self) {
                return true;
            }
            self.run_for(1);
        }
        done(self)
    }

    fn letter(&mut self, revision: &str) -> char {
        let next = (b'A' + self.revision_letters.len() as u8) as char;
        *self
            .revision_letters
            .entry(revision.to_string())
            .or_insert(next)
    }

    /// `myapp-0 Running/Ready A | myapp-1 Pending A` for the set's pods, in ordinal order.
    pub fn state(&mut self) -> String {
        let mut pods: Vec<Pod> = self
            .cluster
            .store
            .list(Kind::Pod, Some(&self.namespace))
            .filter_map(|o| o.as_pod())
            .filter(|p| {
                p.metadata
                    .name
                    .rsplit_once('-')
                    .is_some_and(|(parent, _)| parent == self.set)
            })
            .cloned()
            .collect();
        pods.sort_by_key(|p| {
            p.metadata
                .name
                .rsplit_once('-')
                .and_then(|(_, o)| o.parse::<i64>().ok())
                .unwrap_or(-1)
        });
        let mut parts = Vec::new();
        for pod in pods {
            let revision = pod
                .metadata
                .labels
                .get("controller-revision-hash")
                .cloned()
                .unwrap_or_default();
            let letter = self.letter(&revision);
            let phase = if pod.metadata.deletion_timestamp.is_some() {
                "Terminating".to_string()
            } else {
                match (pod.phase(), pod.is_ready()) {
                    ("Running", true) => "Running/Ready".into(),
                    (phase, _) => phase.to_string(),
                }
            };
            parts.push(format!("{} {phase} {letter}", pod.metadata.name));
        }
        if parts.is_empty() {
            "(no pods)".into()
        } else {
            parts.join(" | ")
        }
    }

    /// Status as `status: replicas=… ready=… current=… updated=… available=…`.
    pub fn status_line(&mut self) -> String {
        let set = self.stateful_set();
        let status = set.status.clone();
        let current = self.letter(&status.current_revision);
        let update = self.letter(&status.update_revision);
        format!(
            "replicas={} ready={} available={} current={} updated={} currentRevision={current} updateRevision={update} observedGeneration={}",
            status.replicas,
            status.ready_replicas,
            status.available_replicas,
            status.current_replicas,
            status.updated_replicas,
            status.observed_generation.unwrap_or(0),
        )
    }

    /// Records a transcript line when the pods changed.
    pub fn record(&mut self) {
        if !self.recording {
            return;
        }
        let state = self.state();
        if state != self.last_state {
            self.lines
                .push(format!("t={}s {state}", self.cluster.now / 1_000));
            self.last_state = state;
        }
        assert!(
            self.cluster.statefulset.index_mismatches.is_empty(),
            "{}",
            self.cluster.statefulset.index_mismatches.join("\n")
        );
        assert!(self.cluster.stuck.is_none(), "{:?}", self.cluster.stuck);
    }

    pub fn transcript(&self) -> String {
        self.lines.join("\n") + "\n"
    }

    /// The controller's events for the set, oldest first, as `Reason: message (xN)`.
    pub fn events(&self) -> String {
        let mut out = String::new();
        for event in self.cluster.store.events() {
            if event.source.component != "statefulset-controller" {
                continue;
            }
            out.push_str(&format!(
                "{} {}: {}",
                event.type_, event.reason, event.message
            ));
            if event.count > 1 {
                out.push_str(&format!(" (x{})", event.count));
            }
            out.push('\n');
        }
        out
    }

    /// Names of the set's claims, in name order.
    pub fn claims(&self) -> Vec<String> {
        self.cluster
            .store
            .list(Kind::PersistentVolumeClaim, Some(&self.namespace))
            .map(|o| o.name().to_string())
            .collect()
    }

    /// `name revision=N` of the set's ControllerRevisions, by revision number.
    pub fn revisions(&mut self) -> Vec<String> {
        let mut revisions: Vec<(i64, String)> = self
            .cluster
            .store
            .list(Kind::ControllerRevision, Some(&self.namespace))
            .filter_map(|o| o.as_controller_revision())
            .map(|r| (r.revision, r.metadata.name.clone()))
            .collect();
        revisions.sort();
        revisions
            .into_iter()
            .map(|(number, name)| format!("{} revision={number}", self.letter(&name)))
            .collect()
    }
}

/// The notes' StatefulSet (`stateful-demo.yaml`): Service `myapp`, set `myapp`, 2 replicas.
pub const NOTES: &str = testkit::NOTES_STATEFUL_DEMO;

/// A small set `web` with a `www` claim template; `{policy}`, `{replicas}` and `{extra}` are
/// filled in by [`web`].
pub fn web(replicas: i32, policy: &str, extra_spec: &str) -> String {
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
{extra_spec}  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: nginx:1.25
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
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
