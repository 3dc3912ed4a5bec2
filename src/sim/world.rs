//! The cluster as a whole: the store, the simulated clock and its timers, the controllers'
//! work queues, and the discrete-event loop that drives them.
//!
//! The loop follows madsim/turmoil: everything due at the current instant runs until nothing is
//! left (`settle`), then the clock jumps to the next timer (`advance_to`). Controllers are
//! level-triggered: a change in the store puts the keys of interested objects on de-duplicating
//! queues (ordered sets), and a sync looks at the state as it is now, never at why it was woken.
//! Within one pass the controllers run in a fixed order — StatefulSet, PV binder, scheduler,
//! kubelet, garbage collector — so the same inputs always give the same history.
//!
//! Architecture Invariant: `settle` is bounded (`SETTLE_STEPS_MAX`); a cluster that keeps
//! changing at one instant is reported as stuck, never spins forever.

use std::collections::{BTreeMap, BTreeSet};

use crate::sim::clock::{Rng, SimTime, TimerQueue};
use crate::sim::controllers::{
    self, kubelet::KubeletState, kubelet::KubeletTimer, scheduler::SchedulerState,
    volume_binder::BinderState, volume_binder::BinderTimer,
};
use crate::sim::model::{
    Kind, Namespace, NamespaceStatus, Node, NodeAddress, NodeCondition, NodeSpec, NodeStatus,
    Object, ObjectMeta, ObjectReference, Service, ServicePort, ServiceSpec, StorageClass, Taint,
    Time,
};
use crate::sim::store::{ChangeType, ObjectKey, Store};

/// Which cluster the session starts with (session-scripts.md, "Cluster presets").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// The tutorial notes' cluster: a tainted control plane, two workers, no StorageClass.
    Kubeadm,
    /// A local kind cluster: one node and the default `standard` StorageClass.
    Kind,
}

impl Preset {
    pub fn parse(text: &str) -> Option<Preset> {
        match text {
            "kubeadm" => Some(Preset::Kubeadm),
            "kind" => Some(Preset::Kind),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Preset::Kubeadm => "kubeadm",
            Preset::Kind => "kind",
        }
    }
}

/// A timer owned by one of the controllers.
#[derive(Debug, Clone, PartialEq)]
pub enum Timer {
    /// The kubelet's own clockwork: pulls, container starts, probes, grace periods.
    Kubelet(KubeletTimer),
    /// Re-sync a StatefulSet later (for `minReadySeconds`).
    StatefulSet(ObjectKey),
    /// The PV controller's periodic resync of every claim and volume (15 s upstream).
    BinderResync,
    /// The scheduler retries unschedulable pods.
    SchedulerRetry,
    /// The PV controller's and the provisioner's asynchronous operations finish.
    Binder(BinderTimer),
}

/// The de-duplicating work queues of the controllers.
#[derive(Debug, Clone, Default)]
pub struct Queues {
    pub stateful_sets: BTreeSet<ObjectKey>,
    pub claims: BTreeSet<ObjectKey>,
    pub volumes: BTreeSet<ObjectKey>,
    pub scheduling: BTreeSet<ObjectKey>,
    pub kubelet: BTreeSet<ObjectKey>,
    /// Objects whose owners may be gone, or which wait for dependents (foreground/orphan).
    pub garbage: BTreeSet<ObjectKey>,
}

impl Queues {
    pub fn is_empty(&self) -> bool {
        self.stateful_sets.is_empty()
            && self.claims.is_empty()
            && self.volumes.is_empty()
            && self.scheduling.is_empty()
            && self.kubelet.is_empty()
            && self.garbage.is_empty()
    }
}

/// How many controller passes may run at one instant before the cluster is called stuck.
pub const SETTLE_STEPS_MAX: usize = 200_000;
/// The PV controller's resync period (`--pvclaimbinder-sync-period`).
pub const BINDER_RESYNC_MS: SimTime = 15_000;

#[derive(Debug, Clone)]
pub struct Cluster {
    pub now: SimTime,
    pub preset: Preset,
    pub store: Store,
    pub rng: Rng,
    pub timers: TimerQueue<Timer>,
    pub queues: Queues,
    pub kubelet: KubeletState,
    pub scheduler: SchedulerState,
    pub binder: BinderState,
    /// The StatefulSet controller's caches, retry timers and switches.
    pub statefulset: controllers::statefulset::StatefulSetState,
    /// Pod IPs handed out so far, per node, for sequential allocation.
    pub next_pod_ip: BTreeMap<String, u32>,
    /// Claims and volumes that are not yet bound to each other (or are being deleted, or
    /// inconsistent): what the binder's periodic resync looks at. Kept up to date on every
    /// change, so a resync costs what is unsettled, not the whole cluster.
    pub unsettled_storage: BTreeSet<ObjectKey>,
    /// Set when `settle` hit its bound; reported to the user.
    pub stuck: Option<String>,
    /// The container runtime's data: volume and container files, logs, main processes.
    pub runtime: crate::sim::containers::Runtime,
}

impl Cluster {
    pub fn new(preset: Preset, seed: u64) -> Cluster {
        let mut cluster = Cluster {
            now: 0,
            preset,
            store: Store::new(seed),
            rng: Rng::new(seed),
            timers: TimerQueue::default(),
            queues: Queues::default(),
            kubelet: KubeletState::default(),
            scheduler: SchedulerState::default(),
            binder: BinderState::default(),
            statefulset: Default::default(),
            next_pod_ip: BTreeMap::new(),
            unsettled_storage: BTreeSet::new(),
            stuck: None,
            runtime: crate::sim::containers::Runtime::default(),
        };
        cluster.bootstrap();
        cluster
            .timers
            .schedule(BINDER_RESYNC_MS, Timer::BinderResync);
        cluster.settle();
        cluster
    }

    fn bootstrap(&mut self) {
        for name in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            let namespace = Namespace {
                metadata: ObjectMeta {
                    name: name.into(),
                    labels: [("kubernetes.io/metadata.name".to_string(), name.to_string())].into(),
                    ..Default::default()
                },
                spec: [("finalizers".to_string(), serde_json::json!(["kubernetes"]))]
                    .into_iter()
                    .collect(),
                status: NamespaceStatus {
                    phase: Some("Active".into()),
                },
            };
            self.create_system(Object::Namespace(Box::new(namespace)));
        }
        let nodes: &[(&str, &str, bool)] = match self.preset {
            Preset::Kubeadm => &[
                ("k8s-master", "192.168.56.10", true),
                ("k8s-node1", "192.168.56.11", false),
                ("k8s-node2", "192.168.56.12", false),
            ],
            Preset::Kind => &[("kind-control-plane", "172.18.0.2", false)],
        };
        for (index, (name, address, tainted)) in nodes.iter().enumerate() {
            let control_plane = *tainted || self.preset == Preset::Kind;
            let mut labels: BTreeMap<String, String> = [
                ("beta.kubernetes.io/arch", "amd64"),
                ("beta.kubernetes.io/os", "linux"),
                ("kubernetes.io/arch", "amd64"),
                ("kubernetes.io/hostname", name),
                ("kubernetes.io/os", "linux"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
            if control_plane {
                labels.insert(
                    "node-role.kubernetes.io/control-plane".into(),
                    String::new(),
                );
            }
            let node = Node {
                metadata: ObjectMeta {
                    name: name.to_string(),
                    labels: labels.into(),
                    ..Default::default()
                },
                spec: NodeSpec {
                    pod_cidr: Some(format!("10.244.{index}.0/24")),
                    taints: if *tainted {
                        vec![Taint {
                            key: "node-role.kubernetes.io/control-plane".into(),
                            value: None,
                            effect: "NoSchedule".into(),
                            time_added: None,
                        }]
                    } else {
                        vec![]
                    },
                    ..Default::default()
                },
                status: NodeStatus {
                    addresses: vec![
                        NodeAddress {
                            type_: "InternalIP".into(),
                            address: address.to_string(),
                        },
                        NodeAddress {
                            type_: "Hostname".into(),
                            address: name.to_string(),
                        },
                    ],
                    conditions: vec![NodeCondition {
                        type_: "Ready".into(),
                        status: "True".into(),
                        reason: Some("KubeletReady".into()),
                        message: Some("kubelet is posting ready status".into()),
                        last_transition_time: Some(Time(0)),
                    }],
                    ..Default::default()
                },
            };
            self.create_system(Object::Node(Box::new(node)));
        }
        let kubernetes = Service {
            metadata: ObjectMeta {
                name: "kubernetes".into(),
                namespace: Some("default".into()),
                labels: [
                    ("component".to_string(), "apiserver".to_string()),
                    ("provider".to_string(), "kubernetes".to_string()),
                ]
                .into(),
                ..Default::default()
            },
            spec: ServiceSpec {
                type_: Some("ClusterIP".into()),
                cluster_ip: Some("10.96.0.1".into()),
                cluster_ips: vec!["10.96.0.1".into()],
                ports: vec![ServicePort {
                    name: Some("https".into()),
                    protocol: Some("TCP".into()),
                    port: 443,
                    target_port: Some(crate::sim::model::IntOrString::Int(6443)),
                    ..Default::default()
                }],
                extra: [
                    ("ipFamilies".to_string(), serde_json::json!(["IPv4"])),
                    (
                        "ipFamilyPolicy".to_string(),
                        serde_json::json!("SingleStack"),
                    ),
                ]
                .into_iter()
                .collect(),
                ..Default::default()
            },
            status: [("loadBalancer".to_string(), serde_json::json!({}))]
                .into_iter()
                .collect(),
        };
        self.create_system(Object::Service(Box::new(kubernetes)));
        if self.preset == Preset::Kind {
            let class = StorageClass {
                metadata: ObjectMeta {
                    name: "standard".into(),
                    annotations: [(
                        "storageclass.kubernetes.io/is-default-class".to_string(),
                        "true".to_string(),
                    )]
                    .into(),
                    ..Default::default()
                },
                provisioner: "rancher.io/local-path".into(),
                reclaim_policy: Some("Delete".into()),
                volume_binding_mode: Some("WaitForFirstConsumer".into()),
                ..Default::default()
            };
            self.create_system(Object::StorageClass(Box::new(class)));
        }
    }

    fn create_system(&mut self, mut object: Object) {
        // The preset's objects get the same defaults the API server gives anything else.
        crate::sim::defaults::apply_defaults(&mut object);
        // The preset is fixed data; a failure here is a bug caught by the preset tests.
        if let Err(error) = self.store.insert(object, self.now) {
            self.stuck = Some(format!("bootstrap failed: {}", error.server_message()));
        }
    }

    /// Records an event about `involved` at the current instant.
    pub fn event(
        &mut self,
        involved: ObjectReference,
        type_: &str,
        reason: &str,
        message: &str,
        component: &str,
    ) {
        self.store
            .record_event(involved, type_, reason, message, component, self.now);
    }

    /// Schedules a timer `delay_ms` from now.
    pub fn after(&mut self, delay_ms: SimTime, timer: Timer) {
        self.timers.schedule(self.now + delay_ms, timer);
    }

    /// Routes the store's recent changes to the controllers that care about them.
    fn dispatch(&mut self) {
        for change in self.store.take_changes() {
            let key = change.key;
            // Borrowed, not copied: objects are large and every write passes through here.
            let object: Option<&Object> = self.store.get(&key).or(change.previous.as_ref());
            let mut requeue = false;
            controllers::statefulset::observe(&mut self.statefulset, &key, object);
            if change.change == ChangeType::Deleted {
                self.queues.garbage.insert(key.clone());
                if let Some(previous) = &change.previous {
                    // The garbage collector looks at the dependents of a removed owner, and at
                    // the owners of a removed dependent (a foreground deletion waits for it).
                    let dependents: Vec<ObjectKey> = self
                        .store
                        .dependents_of(&previous.meta().uid)
                        .cloned()
                        .collect();
                    self.queues.garbage.extend(dependents);
                    self.queues
                        .garbage
                        .extend(controllers::gc::owner_keys(previous));
                }
            }
            if change.change == ChangeType::Deleted && key.kind == Kind::Pod {
                // The scheduler and the kubelet forget a pod that is gone (and free its IP).
                self.queues.scheduling.insert(key.clone());
                self.queues.kubelet.insert(key.clone());
            }
            let Some(object) = object else {
                self.track_storage(&key);
                continue;
            };
            if object.meta().is_deleting() || !object.meta().owner_references.is_empty() {
                self.queues.garbage.insert(key.clone());
            }
            match object {
                Object::StatefulSet(_) => {
                    self.queues.stateful_sets.insert(key.clone());
                }
                Object::Pod(pod) => {
                    match pod.metadata.controller_ref() {
                        Some(owner) if owner.kind == "StatefulSet" => {
                            self.queues.stateful_sets.insert(ObjectKey::new(
                                Kind::StatefulSet,
                                &key.namespace,
                                &owner.name,
                            ));
                        }
                        Some(_) => {}
                        None => {
                            // Orphans may be adopted by any set in the namespace.
                            let sets: Vec<ObjectKey> = self
                                .store
                                .list(Kind::StatefulSet, Some(&key.namespace))
                                .map(ObjectKey::of)
                                .collect();
                            self.queues.stateful_sets.extend(sets);
                        }
                    }
                    if change.change != ChangeType::Deleted {
                        if pod.spec.node_name.is_none() {
                            self.queues.scheduling.insert(key.clone());
                        } else {
                            self.queues.kubelet.insert(key.clone());
                        }
                    }
                    for volume in &pod.spec.volumes {
                        if let Some(claim) = &volume.persistent_volume_claim {
                            // Of the claim's controllers only pvc-protection watches pods: it
                            // waits for the pods of a claim that is being deleted.
                            let claim = ObjectKey::new(
                                Kind::PersistentVolumeClaim,
                                &key.namespace,
                                &claim.claim_name,
                            );
                            if self
                                .store
                                .get(&claim)
                                .is_some_and(|claim| claim.meta().is_deleting())
                            {
                                self.queues.claims.insert(claim);
                            }
                        }
                    }
                }
                Object::PersistentVolumeClaim(claim) => {
                    self.queues.claims.insert(key.clone());
                    if let Some(volume) = &claim.spec.volume_name {
                        self.queues.volumes.insert(ObjectKey::new(
                            Kind::PersistentVolume,
                            "",
                            volume,
                        ));
                    }
                    let sets: Vec<ObjectKey> = self
                        .store
                        .list(Kind::StatefulSet, Some(&key.namespace))
                        .map(ObjectKey::of)
                        .collect();
                    self.queues.stateful_sets.extend(sets);
                    requeue = true;
                }
                Object::PersistentVolume(volume) => {
                    self.queues.volumes.insert(key.clone());
                    // A removed volume wakes its claim at once (it is Lost now); any other
                    // change reaches the claim through the volume's own sync, as upstream.
                    let removed = change.change == ChangeType::Deleted;
                    if let Some(claim) = volume.spec.claim_ref.as_ref().filter(|_| removed) {
                        self.queues.claims.insert(ObjectKey::new(
                            Kind::PersistentVolumeClaim,
                            &claim.namespace,
                            &claim.name,
                        ));
                    }
                    requeue = true;
                }
                Object::ControllerRevision(revision) => {
                    if let Some(owner) = revision.metadata.controller_ref() {
                        self.queues.stateful_sets.insert(ObjectKey::new(
                            Kind::StatefulSet,
                            &key.namespace,
                            &owner.name,
                        ));
                    }
                }
                Object::Node(_) => requeue = true,
                _ => {}
            }
            if requeue {
                self.requeue_unscheduled_pods();
            }
            self.track_storage(&key);
        }
    }

    /// Moves every pod waiting for a node back to the scheduler's active queue (upstream does
    /// this on the cluster events that could make a pod schedulable).
    pub fn requeue_unscheduled_pods(&mut self) {
        let pending: Vec<ObjectKey> = self.scheduler.unschedulable.iter().cloned().collect();
        self.queues.scheduling.extend(pending);
    }

    /// Runs every controller until nothing is left to do at the current instant.
    pub fn settle(&mut self) {
        for _ in 0..SETTLE_STEPS_MAX {
            self.dispatch();
            if self.queues.is_empty() {
                return;
            }
            for key in std::mem::take(&mut self.queues.stateful_sets) {
                controllers::statefulset::sync(self, &key);
            }
            self.dispatch();
            for key in std::mem::take(&mut self.queues.claims) {
                controllers::volume_binder::sync_claim(self, &key);
            }
            for key in std::mem::take(&mut self.queues.volumes) {
                controllers::volume_binder::sync_volume(self, &key);
            }
            self.dispatch();
            for key in std::mem::take(&mut self.queues.scheduling) {
                controllers::scheduler::schedule(self, &key);
            }
            self.dispatch();
            for key in std::mem::take(&mut self.queues.kubelet) {
                controllers::kubelet::sync_pod(self, &key);
            }
            self.dispatch();
            for key in std::mem::take(&mut self.queues.garbage) {
                controllers::gc::process(self, &key);
            }
        }
        self.stuck = Some(format!(
            "the cluster kept changing at {} ms without settling after {SETTLE_STEPS_MAX} controller passes",
            self.now
        ));
        self.queues = Queues::default();
    }

    /// When the next timer fires, if any.
    pub fn next_event_time(&self) -> Option<SimTime> {
        self.timers.next_due()
    }

    /// Advances simulated time to `until`, firing every timer due on the way and settling after
    /// each one.
    pub fn advance_to(&mut self, until: SimTime) {
        self.settle();
        while let Some(due) = self.timers.next_due() {
            if due > until {
                break;
            }
            let Some((due, timer)) = self.timers.pop_due(until) else {
                break;
            };
            self.now = self.now.max(due);
            self.fire(timer);
            self.settle();
        }
        self.now = self.now.max(until);
    }

    /// Fires the next timer (and every other timer due at that same instant). Returns false when
    /// there is no timer left.
    pub fn step(&mut self) -> bool {
        match self.timers.next_due() {
            Some(due) => {
                self.advance_to(due);
                true
            }
            None => false,
        }
    }

    /// Re-evaluates whether a changed claim or volume (and the one it points at) is settled.
    fn track_storage(&mut self, key: &ObjectKey) {
        if !matches!(
            key.kind,
            Kind::PersistentVolumeClaim | Kind::PersistentVolume
        ) {
            return;
        }
        let mut keys = vec![key.clone()];
        match self.store.get(key) {
            Some(Object::PersistentVolumeClaim(claim)) => {
                if let Some(volume) = &claim.spec.volume_name {
                    keys.push(ObjectKey::new(Kind::PersistentVolume, "", volume));
                }
            }
            Some(Object::PersistentVolume(volume)) => {
                if let Some(reference) = &volume.spec.claim_ref {
                    keys.push(ObjectKey::new(
                        Kind::PersistentVolumeClaim,
                        &reference.namespace,
                        &reference.name,
                    ));
                }
            }
            _ => {}
        }
        for key in keys {
            let settled = match self.store.get(&key) {
                None => {
                    self.unsettled_storage.remove(&key);
                    continue;
                }
                Some(object) => match key.kind {
                    Kind::PersistentVolumeClaim => {
                        controllers::volume_binder::is_settled_claim(&self.store, object)
                    }
                    _ => controllers::volume_binder::is_settled_volume(&self.store, object),
                },
            };
            if settled {
                self.unsettled_storage.remove(&key);
            } else {
                self.unsettled_storage.insert(key);
            }
        }
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::Kubelet(timer) => controllers::kubelet::on_timer(self, timer),
            Timer::StatefulSet(key) => {
                self.queues.stateful_sets.insert(key);
            }
            Timer::BinderResync => {
                // Upstream resyncs every claim and volume; a claim and volume that are bound to
                // each other (and not being deleted) would sync to nothing, so only the others
                // (kept in `unsettled_storage`) are queued. The outcome is the same.
                let claims: Vec<ObjectKey> = self
                    .unsettled_storage
                    .iter()
                    .filter(|k| k.kind == Kind::PersistentVolumeClaim)
                    .cloned()
                    .collect();
                let volumes: Vec<ObjectKey> = self
                    .unsettled_storage
                    .iter()
                    .filter(|k| k.kind == Kind::PersistentVolume)
                    .cloned()
                    .collect();
                self.queues.claims.extend(claims);
                self.queues.volumes.extend(volumes);
                self.after(BINDER_RESYNC_MS, Timer::BinderResync);
            }
            Timer::SchedulerRetry => controllers::scheduler::on_retry_timer(self),
            Timer::Binder(timer) => controllers::volume_binder::on_timer(self, timer),
        }
    }
}

/// A reference to `object` for events (`involvedObject`).
pub fn reference_to(object: &Object) -> ObjectReference {
    let meta = object.meta();
    ObjectReference {
        api_version: object.kind().api_version(),
        kind: object.kind().name().to_string(),
        namespace: meta.namespace().to_string(),
        name: meta.name.clone(),
        uid: meta.uid.clone(),
        resource_version: meta.resource_version.clone(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::testkit;

    #[test]
    fn presets_boot_with_their_nodes_and_classes() {
        let kubeadm = Cluster::new(Preset::Kubeadm, 1);
        assert!(kubeadm.stuck.is_none());
        let nodes: Vec<&str> = kubeadm
            .store
            .list(Kind::Node, None)
            .map(|o| o.name())
            .collect();
        assert_eq!(nodes, ["k8s-master", "k8s-node1", "k8s-node2"]);
        assert_eq!(kubeadm.store.count(Kind::StorageClass), 0);
        let kind = Cluster::new(Preset::Kind, 1);
        assert_eq!(
            kind.store
                .list(Kind::StorageClass, None)
                .map(|o| o.name())
                .collect::<Vec<_>>(),
            ["standard"]
        );
    }

    #[test]
    fn the_notes_manifests_load() {
        let mut cluster = testkit::cluster_with(Preset::Kubeadm, 1, testkit::NOTES_PV_DEMO);
        assert_eq!(cluster.store.count(Kind::PersistentVolume), 5);
        testkit::create_all(&mut cluster, testkit::NOTES_STATEFUL_DEMO);
        assert_eq!(cluster.store.count(Kind::StatefulSet), 1);
    }
}
