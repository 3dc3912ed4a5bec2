//! View snapshots over hand-built cluster states. The objects are written straight into the
//! store (no controller runs), so each state is exactly the one a real cluster passes through
//! at that moment of the tutorial notes, and the expectations come from the behaviour
//! reference, not from whatever the controllers do today.

use expect_test::{expect, Expect};
use serde_json::{json, Value};

use super::*;
use crate::sim::model::Object;
use crate::sim::testkit;
use crate::sim::world::Preset;

const SET_UID: &str = "5e7f0000-0000-4000-8000-000000000001";
const OLD: &str = "myapp-6c9f8d7b5";
const NEW: &str = "myapp-7d8b6f9c4";

/// How far a pod has come.
#[derive(Clone, Copy)]
enum PodState {
    /// Scheduled, containers being created.
    Creating,
    /// Running and Ready.
    Ready,
    /// Running, readiness failing.
    NotReady,
    /// Running and Ready, but deleted (grace period running).
    Terminating,
}

fn insert(cluster: &mut Cluster, kind: Kind, value: Value) {
    let object = Object::from_json(kind, value).expect("fixture decodes");
    cluster
        .store
        .insert(object, cluster.now)
        .expect("fixture is stored");
}

fn insert_yaml(cluster: &mut Cluster, yaml: &str) {
    for object in testkit::objects_from_yaml(yaml) {
        cluster
            .store
            .insert(object, cluster.now)
            .expect("fixture is stored");
    }
}

fn stateful_set(cluster: &mut Cluster, spec_extra: Value, status: Value) {
    let mut spec = json!({
        "serviceName": "myapp",
        "replicas": 2,
        "selector": {"matchLabels": {"app": "myapp-pod"}},
        "podManagementPolicy": "OrderedReady",
        "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
        "template": {
            "metadata": {"labels": {"app": "myapp-pod"}},
            "spec": {"containers": [{"name": "myapp", "image": "nginx:1.13"}]}
        },
        "volumeClaimTemplates": [{
            "metadata": {"name": "myappdata"},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "2Gi"}}}
        }]
    });
    if let (Value::Object(spec), Value::Object(extra)) = (&mut spec, spec_extra) {
        spec.extend(extra);
    }
    insert(
        cluster,
        Kind::StatefulSet,
        json!({
            "metadata": {"name": "myapp", "namespace": "default", "uid": SET_UID, "generation": 1},
            "spec": spec,
            "status": status,
        }),
    );
}

fn pod(cluster: &mut Cluster, ordinal: i32, revision: &str, state: PodState, node: &str) {
    let name = format!("myapp-{ordinal}");
    let (phase, container, ready) = match state {
        PodState::Creating => (
            "Pending",
            json!({"waiting": {"reason": "ContainerCreating"}}),
            "False",
        ),
        PodState::NotReady => (
            "Running",
            json!({"running": {"startedAt": "2026-01-05T09:00:05Z"}}),
            "False",
        ),
        PodState::Ready | PodState::Terminating => (
            "Running",
            json!({"running": {"startedAt": "2026-01-05T09:00:05Z"}}),
            "True",
        ),
    };
    let ip = format!("10.244.1.{}", 10 + ordinal);
    let mut metadata = json!({
        "name": name,
        "namespace": "default",
        "labels": {
            "app": "myapp-pod",
            "controller-revision-hash": revision,
            "statefulset.kubernetes.io/pod-name": name,
        },
        "ownerReferences": [{
            "apiVersion": "apps/v1", "kind": "StatefulSet", "name": "myapp",
            "uid": SET_UID, "controller": true, "blockOwnerDeletion": true
        }],
    });
    if let PodState::Terminating = state {
        metadata["deletionTimestamp"] = json!("2026-01-05T09:01:00Z");
        metadata["deletionGracePeriodSeconds"] = json!(30);
    }
    let started = !matches!(state, PodState::Creating);
    let mut object = Object::from_json(
        Kind::Pod,
        json!({
            "metadata": metadata,
            "spec": {
                "hostname": name,
                "subdomain": "myapp",
                "nodeName": node,
                "containers": [{"name": "myapp", "image": "nginx:1.13"}],
                "volumes": [{"name": "myappdata", "persistentVolumeClaim": {"claimName": format!("myappdata-myapp-{ordinal}")}}],
            },
            "status": {
                "phase": phase,
                "conditions": [{"type": "Ready", "status": ready}],
                "containerStatuses": [{
                    "name": "myapp", "ready": ready == "True", "restartCount": 0,
                    "image": "nginx:1.13", "imageID": "", "state": container, "lastState": {}
                }],
            },
        }),
    )
    .expect("fixture decodes");
    // Set through the typed field, so the fixture does not depend on the JSON spelling.
    if let Some(pod) = object.as_pod_mut() {
        pod.status.pod_ip = started.then_some(ip);
    }
    cluster
        .store
        .insert(object, cluster.now)
        .expect("fixture is stored");
}

fn claim(cluster: &mut Cluster, ordinal: i32, volume: &str) {
    insert(
        cluster,
        Kind::PersistentVolumeClaim,
        json!({
            "metadata": {
                "name": format!("myappdata-myapp-{ordinal}"),
                "namespace": "default",
                "labels": {"app": "myapp-pod"},
            },
            "spec": {
                "accessModes": ["ReadWriteOnce"],
                "resources": {"requests": {"storage": "2Gi"}},
                "volumeName": volume,
            },
            "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce", "ReadWriteMany"], "capacity": {"storage": notes_volume_capacity(volume)}},
        }),
    );
}

/// The capacity pv-demo.yaml gives each volume (a bound claim's capacity is its volume's).
fn notes_volume_capacity(volume: &str) -> &'static str {
    match volume {
        "pv002" => "5Gi",
        "pv003" => "2Gi",
        "pv004" => "20Gi",
        _ => "10Gi",
    }
}

/// The notes' five volumes, with the given ones bound to the given claims.
fn volumes(cluster: &mut Cluster, bound: &[(&str, &str)]) {
    let mut yaml = testkit::NOTES_PV_DEMO.to_string();
    yaml.push('\n');
    insert_yaml(cluster, &yaml);
    let names: Vec<String> = cluster
        .store
        .list(Kind::PersistentVolume, None)
        .map(|object| object.name().to_string())
        .collect();
    for name in names {
        let key = ObjectKey::new(Kind::PersistentVolume, "", &name);
        let claim = bound
            .iter()
            .find(|(volume, _)| *volume == name)
            .map(|(_, claim)| claim.to_string());
        cluster
            .store
            .modify(&key, |object| {
                if let Some(volume) = object.as_pv_mut() {
                    match &claim {
                        Some(claim) => {
                            volume.spec.claim_ref = Some(crate::sim::model::ObjectReference {
                                kind: "PersistentVolumeClaim".into(),
                                namespace: "default".into(),
                                name: claim.clone(),
                                ..Default::default()
                            });
                            volume.status.phase = Some("Bound".into());
                        }
                        None => volume.status.phase = Some("Available".into()),
                    }
                }
            })
            .expect("volume exists");
    }
}

fn service(cluster: &mut Cluster) {
    let yaml = testkit::NOTES_STATEFUL_DEMO
        .split("\n---")
        .next()
        .expect("the notes' file starts with the Service");
    insert_yaml(cluster, yaml);
}

/// A compact, line-per-thing rendering of a view for snapshots.
fn render(view: &ClusterView) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "clock {} ({}, {} ms)\n",
        view.clock.time_of_day, view.clock.elapsed, view.clock.ms
    ));
    for service in &view.services {
        out.push_str(&format!(
            "service {}/{} selector {} domain {}\n",
            service.namespace, service.name, service.selector, service.domain
        ));
        for record in &service.records {
            out.push_str(&format!(
                "  dns {} -> {} {}\n",
                record.name,
                record.ip.as_deref().unwrap_or("<no ip>"),
                if record.published {
                    "published"
                } else {
                    "not published"
                }
            ));
        }
    }
    for set in &view.stateful_sets {
        out.push_str(&format!(
            "statefulset {}/{} ready {} {} {} partition {:?} service {} revisions {} -> {}\n",
            set.namespace,
            set.name,
            set.ready,
            set.pod_management_policy,
            set.update_strategy,
            set.partition,
            set.service_name,
            set.current_revision,
            set.update_revision
        ));
        for slot in &set.slots {
            out.push_str(&format!(
                "  [{}] {} {:?}",
                slot.ordinal, slot.pod_name, slot.role
            ));
            match &slot.pod {
                Some(pod) => out.push_str(&format!(
                    " pod {} {} ip {} node {} rev {} {:?}",
                    pod.status,
                    pod.ready,
                    pod.ip.as_deref().unwrap_or("<none>"),
                    pod.node.as_deref().unwrap_or("<none>"),
                    pod.revision,
                    pod.revision_state
                )),
                None => out.push_str(" no pod"),
            }
            if slot.below_partition {
                out.push_str(" below-partition");
            }
            out.push('\n');
            for claim in &slot.claims {
                out.push_str(&format!(
                    "      claim {} {} -> {} {} {}\n",
                    claim.name,
                    claim.phase,
                    claim.volume.as_deref().unwrap_or("<none>"),
                    claim.capacity,
                    claim.access_modes
                ));
            }
            if let Some(waiting) = &slot.waiting {
                out.push_str(&format!("      {waiting}\n"));
            }
        }
        if set.slots_hidden > 0 {
            out.push_str(&format!("  … {} more\n", set.slots_hidden));
        }
    }
    for other in &view.other_pods {
        out.push_str(&format!(
            "pod {} {} {}\n",
            other.pod.name, other.pod.status, other.pod.ready
        ));
    }
    for claim in &view.other_claims {
        out.push_str(&format!("claim {} {}\n", claim.name, claim.phase));
    }
    for volume in &view.volumes {
        out.push_str(&format!(
            "pv {} {} {} {} {} {}\n",
            volume.name,
            volume.phase,
            volume.capacity,
            volume.access_modes,
            volume.reclaim_policy,
            volume.claim.as_deref().unwrap_or("-")
        ));
    }
    for class in &view.storage_classes {
        out.push_str(&format!(
            "storageclass {} {} {} {}{}\n",
            class.name,
            class.provisioner,
            class.reclaim_policy,
            class.volume_binding_mode,
            if class.is_default { " (default)" } else { "" }
        ));
    }
    for event in view.events.iter() {
        out.push_str(&format!(
            "event {} {} {} {} {} x{}\n",
            event.time_of_day, event.type_, event.reason, event.object, event.message, event.count
        ));
    }
    out
}

fn check(cluster: &Cluster, expect: Expect) {
    expect.assert_eq(&render(&cluster_view(cluster)));
}

/// The notes, seconds after `kubectl apply -f stateful-demo.yaml`: myapp-0 is being created on
/// pv003 (the smallest volume that fits 2Gi), myapp-1 is not created yet because OrderedReady
/// waits for myapp-0.
#[test]
fn ordered_ready_holds_the_next_ordinal_back() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 1);
    cluster.now = 4_000;
    volumes(&mut cluster, &[("pv003", "myappdata-myapp-0")]);
    service(&mut cluster);
    stateful_set(
        &mut cluster,
        json!({}),
        json!({"replicas": 1, "currentRevision": OLD, "updateRevision": OLD}),
    );
    claim(&mut cluster, 0, "pv003");
    pod(&mut cluster, 0, OLD, PodState::Creating, "k8s-node1");
    cluster.event(
        crate::sim::world::reference_to(
            cluster
                .store
                .get(&ObjectKey::new(Kind::StatefulSet, "default", "myapp"))
                .expect("set"),
        ),
        "Normal",
        "SuccessfulCreate",
        "create Pod myapp-0 in StatefulSet myapp successful",
        "statefulset-controller",
    );
    check(
        &cluster,
        expect![[r#"
            clock 09:00:04 (0:00:04, 4000 ms)
            service default/myapp selector app=myapp-pod domain myapp.default.svc.cluster.local
              dns myapp-0.myapp.default.svc.cluster.local -> <no ip> not published
            statefulset default/myapp ready 0/2 OrderedReady RollingUpdate partition Some(0) service myapp revisions myapp-6c9f8d7b5 -> myapp-6c9f8d7b5
              [0] myapp-0 Desired pod ContainerCreating 0/1 ip <none> node k8s-node1 rev myapp-6c9f8d7b5 Update
                  claim myappdata-myapp-0 Bound -> pv003 2Gi RWO,RWX
              [1] myapp-1 Desired no pod
                  waiting for myapp-0 to be Running and Ready
            pv pv001 Available 10Gi RWO,RWX Retain -
            pv pv002 Available 5Gi RWO,RWX Retain -
            pv pv003 Bound 2Gi RWO,RWX Retain default/myappdata-myapp-0
            pv pv004 Available 20Gi RWO,RWX Retain -
            pv pv005 Available 10Gi RWO,RWX Retain -
            event 09:00:04 Normal SuccessfulCreate statefulset/myapp create Pod myapp-0 in StatefulSet myapp successful x1
        "#]],
    );
}

/// Both pods up: each has its own DNS name and its own claim; the second claim took pv002,
/// the smallest volume left that fits.
#[test]
fn both_pods_ready_have_names_and_volumes() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 1);
    cluster.now = 30_000;
    volumes(
        &mut cluster,
        &[
            ("pv003", "myappdata-myapp-0"),
            ("pv002", "myappdata-myapp-1"),
        ],
    );
    service(&mut cluster);
    stateful_set(
        &mut cluster,
        json!({}),
        json!({"replicas": 2, "readyReplicas": 2, "availableReplicas": 2, "currentRevision": OLD, "updateRevision": OLD}),
    );
    claim(&mut cluster, 0, "pv003");
    claim(&mut cluster, 1, "pv002");
    pod(&mut cluster, 0, OLD, PodState::Ready, "k8s-node1");
    pod(&mut cluster, 1, OLD, PodState::Ready, "k8s-node2");
    check(
        &cluster,
        expect![[r#"
            clock 09:00:30 (0:00:30, 30000 ms)
            service default/myapp selector app=myapp-pod domain myapp.default.svc.cluster.local
              dns myapp-0.myapp.default.svc.cluster.local -> 10.244.1.10 published
              dns myapp-1.myapp.default.svc.cluster.local -> 10.244.1.11 published
            statefulset default/myapp ready 2/2 OrderedReady RollingUpdate partition Some(0) service myapp revisions myapp-6c9f8d7b5 -> myapp-6c9f8d7b5
              [0] myapp-0 Desired pod Running 1/1 ip 10.244.1.10 node k8s-node1 rev myapp-6c9f8d7b5 Update
                  claim myappdata-myapp-0 Bound -> pv003 2Gi RWO,RWX
              [1] myapp-1 Desired pod Running 1/1 ip 10.244.1.11 node k8s-node2 rev myapp-6c9f8d7b5 Update
                  claim myappdata-myapp-1 Bound -> pv002 5Gi RWO,RWX
            pv pv001 Available 10Gi RWO,RWX Retain -
            pv pv002 Bound 5Gi RWO,RWX Retain default/myappdata-myapp-1
            pv pv003 Bound 2Gi RWO,RWX Retain default/myappdata-myapp-0
            pv pv004 Available 20Gi RWO,RWX Retain -
            pv pv005 Available 10Gi RWO,RWX Retain -
        "#]],
    );
}

/// Scaling 3 → 1 under OrderedReady: myapp-2 terminates first, myapp-1 waits for it; a claim
/// of an ordinal scaled away long ago stays, Bound, with no pod.
#[test]
fn scale_down_goes_from_the_highest_ordinal_and_keeps_claims() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 1);
    cluster.now = 60_000;
    volumes(
        &mut cluster,
        &[
            ("pv003", "myappdata-myapp-0"),
            ("pv002", "myappdata-myapp-1"),
            ("pv001", "myappdata-myapp-2"),
            ("pv005", "myappdata-myapp-3"),
        ],
    );
    stateful_set(
        &mut cluster,
        json!({"replicas": 1}),
        json!({"replicas": 3, "readyReplicas": 3, "currentRevision": OLD, "updateRevision": OLD}),
    );
    for (ordinal, volume) in [(0, "pv003"), (1, "pv002"), (2, "pv001"), (3, "pv005")] {
        claim(&mut cluster, ordinal, volume);
    }
    pod(&mut cluster, 0, OLD, PodState::Ready, "k8s-node1");
    pod(&mut cluster, 1, OLD, PodState::Ready, "k8s-node2");
    pod(&mut cluster, 2, OLD, PodState::Terminating, "k8s-node1");
    check(
        &cluster,
        expect![[r#"
            clock 09:01:00 (0:01:00, 60000 ms)
            statefulset default/myapp ready 3/1 OrderedReady RollingUpdate partition Some(0) service myapp revisions myapp-6c9f8d7b5 -> myapp-6c9f8d7b5
              [0] myapp-0 Desired pod Running 1/1 ip 10.244.1.10 node k8s-node1 rev myapp-6c9f8d7b5 Update
                  claim myappdata-myapp-0 Bound -> pv003 2Gi RWO,RWX
              [1] myapp-1 Condemned pod Running 1/1 ip 10.244.1.11 node k8s-node2 rev myapp-6c9f8d7b5 Update
                  claim myappdata-myapp-1 Bound -> pv002 5Gi RWO,RWX
                  waiting for myapp-2 to terminate prior to scale down
              [2] myapp-2 Condemned pod Terminating 1/1 ip 10.244.1.12 node k8s-node1 rev myapp-6c9f8d7b5 Update
                  claim myappdata-myapp-2 Bound -> pv001 10Gi RWO,RWX
              [3] myapp-3 Retained no pod
                  claim myappdata-myapp-3 Bound -> pv005 10Gi RWO,RWX
            pv pv001 Bound 10Gi RWO,RWX Retain default/myappdata-myapp-2
            pv pv002 Bound 5Gi RWO,RWX Retain default/myappdata-myapp-1
            pv pv003 Bound 2Gi RWO,RWX Retain default/myappdata-myapp-0
            pv pv004 Available 20Gi RWO,RWX Retain -
            pv pv005 Bound 10Gi RWO,RWX Retain default/myappdata-myapp-3
        "#]],
    );
}

/// A rolling update of three pods: myapp-2 was replaced and is not ready yet, so the lower,
/// outdated pods wait for it; with partition 1, myapp-0 is held at the old revision.
#[test]
fn rolling_update_waits_for_the_replaced_pod_and_respects_the_partition() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 1);
    cluster.now = 90_000;
    stateful_set(
        &mut cluster,
        json!({"replicas": 3, "volumeClaimTemplates": [],
               "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 1}}}),
        json!({"replicas": 3, "readyReplicas": 2, "currentRevision": OLD, "updateRevision": NEW}),
    );
    pod(&mut cluster, 0, OLD, PodState::Ready, "k8s-node1");
    pod(&mut cluster, 1, OLD, PodState::Ready, "k8s-node2");
    pod(&mut cluster, 2, NEW, PodState::NotReady, "k8s-node1");
    check(
        &cluster,
        expect![[r#"
            clock 09:01:30 (0:01:30, 90000 ms)
            statefulset default/myapp ready 2/3 OrderedReady RollingUpdate partition Some(1) service myapp revisions myapp-6c9f8d7b5 -> myapp-7d8b6f9c4
              [0] myapp-0 Desired pod Running 1/1 ip 10.244.1.10 node k8s-node1 rev myapp-6c9f8d7b5 Old below-partition
              [1] myapp-1 Desired pod Running 1/1 ip 10.244.1.11 node k8s-node2 rev myapp-6c9f8d7b5 Old
                  waiting for myapp-2 to be Running and Ready
              [2] myapp-2 Desired pod Running 0/1 ip 10.244.1.12 node k8s-node1 rev myapp-7d8b6f9c4 Update
        "#]],
    );
}

/// Parallel pods are all created at once (nothing waits), but a rolling update still goes one
/// pod at a time from the top: myapp-1 is next, myapp-0 waits for it.
#[test]
fn parallel_sets_wait_only_in_rolling_updates() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 1);
    cluster.now = 5_000;
    stateful_set(
        &mut cluster,
        json!({"replicas": 3, "podManagementPolicy": "Parallel", "volumeClaimTemplates": []}),
        json!({"replicas": 3, "readyReplicas": 1, "currentRevision": OLD, "updateRevision": NEW}),
    );
    pod(&mut cluster, 0, OLD, PodState::Ready, "k8s-node1");
    pod(&mut cluster, 1, OLD, PodState::Ready, "k8s-node2");
    pod(&mut cluster, 2, NEW, PodState::Ready, "k8s-node1");
    check(
        &cluster,
        expect![[r#"
            clock 09:00:05 (0:00:05, 5000 ms)
            statefulset default/myapp ready 1/3 Parallel RollingUpdate partition Some(0) service myapp revisions myapp-6c9f8d7b5 -> myapp-7d8b6f9c4
              [0] myapp-0 Desired pod Running 1/1 ip 10.244.1.10 node k8s-node1 rev myapp-6c9f8d7b5 Old
                  waiting for myapp-1 to update
              [1] myapp-1 Desired pod Running 1/1 ip 10.244.1.11 node k8s-node2 rev myapp-6c9f8d7b5 Old
              [2] myapp-2 Desired pod Running 1/1 ip 10.244.1.12 node k8s-node1 rev myapp-7d8b6f9c4 Update
        "#]],
    );
}

/// A terminating pod in range blocks the ordinals above it under OrderedReady; the kind
/// preset's default StorageClass is listed; a pod no set owns is shown on its own.
#[test]
fn terminating_pod_blocks_and_other_objects_are_listed() {
    let mut cluster = Cluster::new(Preset::Kind, 1);
    stateful_set(
        &mut cluster,
        json!({"replicas": 3, "volumeClaimTemplates": []}),
        json!({"replicas": 2, "currentRevision": OLD, "updateRevision": OLD}),
    );
    pod(
        &mut cluster,
        0,
        OLD,
        PodState::Terminating,
        "kind-control-plane",
    );
    insert(
        &mut cluster,
        Kind::Pod,
        json!({"metadata": {"name": "debug", "namespace": "default"},
               "spec": {"containers": [{"name": "debug", "image": "busybox"}]}}),
    );
    check(
        &cluster,
        expect![[r#"
            clock 09:00:00 (0:00:00, 0 ms)
            statefulset default/myapp ready 0/3 OrderedReady RollingUpdate partition Some(0) service myapp revisions myapp-6c9f8d7b5 -> myapp-6c9f8d7b5
              [0] myapp-0 Desired pod Terminating 1/1 ip 10.244.1.10 node kind-control-plane rev myapp-6c9f8d7b5 Update
              [1] myapp-1 Desired no pod
                  waiting for myapp-0 to terminate
              [2] myapp-2 Desired no pod
                  waiting for myapp-0 to terminate
            pod debug Pending 0/1
            storageclass standard rancher.io/local-path Delete WaitForFirstConsumer (default)
        "#]],
    );
}

#[test]
fn big_sets_draw_a_bounded_number_of_slots() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 1);
    stateful_set(
        &mut cluster,
        json!({"replicas": 1000, "volumeClaimTemplates": []}),
        json!({"replicas": 0}),
    );
    let view = cluster_view(&cluster);
    let set = &view.stateful_sets[0];
    assert_eq!(set.slots.len(), SLOTS_SHOWN_MAX);
    assert_eq!(set.slots_hidden, 1000 - SLOTS_SHOWN_MAX);
    assert_eq!(
        set.slots[1].waiting.as_deref(),
        Some("waiting for myapp-0 to be created")
    );
}

#[test]
fn ordinals_are_read_like_upstream() {
    assert_eq!(get_ordinal("web", "web-0"), Some(0));
    assert_eq!(get_ordinal("web", "web-12"), Some(12));
    assert_eq!(get_ordinal("web", "web-"), None);
    assert_eq!(get_ordinal("web", "web-1a"), None);
    assert_eq!(get_ordinal("web", "webx-1"), None);
    assert_eq!(get_ordinal("web", "web--1"), None);
    assert_eq!(get_ordinal("web", "web-99999999999"), None);
    assert!(natural_key("web-2") < natural_key("web-10"));
}

#[test]
fn clock_reads_as_time_of_day_and_elapsed() {
    let clock = ClockView::at(3_723_000);
    assert_eq!(clock.time_of_day, "10:02:03");
    assert_eq!(clock.elapsed, "1:02:03");
    assert_eq!(clock.rfc3339, "2026-01-05T10:02:03Z");
}

#[test]
fn diagnostics_name_line_column_and_path() {
    let broken =
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replcas: 3\n";
    let rows = diagnostics("web.yaml", broken);
    expect![[r#"
        [
            DiagnosticView {
                document: 0,
                line: 6,
                column: 3,
                path: "spec.replcas",
                message: "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replcas\"",
                is_error: true,
            },
        ]
    "#]]
    .assert_debug_eq(&rows);
    let syntax = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n   bad: [\n";
    let rows = diagnostics("svc.yaml", syntax);
    assert_eq!(rows.len(), 1);
    assert!(rows[0].is_error);
    assert_eq!(rows[0].path, "");
    assert!(diagnostics("ok.yaml", testkit::NOTES_STATEFUL_DEMO).is_empty());
    let second = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n  labls: {}\n";
    let rows = diagnostics("two.yaml", second);
    assert_eq!(
        rows.iter()
            .map(|row| (row.document, row.line, row.path.as_str()))
            .collect::<Vec<_>>(),
        [(1, 10, "metadata.labls")]
    );
}

/// A view built with the page's cache equals the view built from nothing at every instant of a
/// session with creation, a crash (RESTARTS then says how long ago), a rolling update and a
/// scale-down; and an unchanged pod keeps its shared view.
#[test]
fn a_cached_view_equals_a_fresh_one_and_shares_what_did_not_change() {
    use crate::sim::session::{Fault, Session};
    let mut session = Session::new(Preset::Kubeadm, 7);
    let mut cache = ViewCache::default();
    let run = |session: &mut Session, line: &str, stdin: Option<&str>| {
        let argv: Vec<String> = line.split(' ').map(String::from).collect();
        session.start(&argv, stdin);
    };
    run(&mut session, "apply -f -", Some(testkit::NOTES_PV_DEMO));
    run(
        &mut session,
        "apply -f -",
        Some(testkit::NOTES_STATEFUL_DEMO),
    );
    let mut compared = 0;
    let mut shared = 0;
    let mut previous: Option<ClusterView> = None;
    for step in 0..240 {
        match step {
            60 => {
                let key = ObjectKey::new(Kind::Pod, "default", "myapp-0");
                session.pod_fault(&key, Fault::Crash);
            }
            100 => run(
                &mut session,
                "set image statefulset/myapp *=nginx:1.26",
                None,
            ),
            170 => run(&mut session, "scale statefulset myapp --replicas=1", None),
            _ => {}
        }
        let until = session.cluster.now + 1_500;
        session.advance_to(until);
        let cached = cluster_view_cached(&session.cluster, &mut cache);
        assert_eq!(cached, cluster_view(&session.cluster), "at step {step}");
        // The rows are the newest events, newest first, as the store lists them oldest first.
        let all: Vec<_> = session.cluster.store.events().collect();
        let newest: Vec<&str> = all
            .iter()
            .rev()
            .take(EVENTS_SHOWN_MAX)
            .map(|event| event.metadata.uid.as_str())
            .collect();
        let rows: Vec<&str> = cached.events.iter().map(|row| row.uid.as_str()).collect();
        assert_eq!(rows, newest, "at step {step}");
        compared += 1;
        if let Some(previous) = &previous {
            for (set, before) in cached.stateful_sets.iter().zip(&previous.stateful_sets) {
                for (slot, old) in set.slots.iter().zip(&before.slots) {
                    if let (Some(pod), Some(old_pod)) = (&slot.pod, &old.pod) {
                        if pod == old_pod && !pod.restarts.contains('(') {
                            assert!(Rc::ptr_eq(pod, old_pod), "{} is shared", pod.name);
                            shared += 1;
                        }
                    }
                }
            }
            if cached.events_total == previous.events_total && cached.events == previous.events {
                assert!(Rc::ptr_eq(&cached.events, &previous.events));
            }
        }
        previous = Some(cached);
    }
    assert_eq!(compared, 240);
    assert!(shared > 100, "pods shared between views: {shared}");
}
