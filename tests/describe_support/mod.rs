//! Fixtures shared by the `describe_*` tests: clusters whose objects are written straight into
//! the store in the state a real v1.34 cluster would have them (defaulted by the API server,
//! bound, scheduled, running), with their events, so `kubectl describe` can be checked without
//! the controllers. Nothing here settles the cluster: the controllers never run on these
//! objects.

#![allow(dead_code)]

use std::collections::BTreeMap;

use serde_json::{json, Value};
use sts_playground::sim::clock::SimTime;
use sts_playground::sim::kubectl::{self, Context, Output};
use sts_playground::sim::model::{Kind, Object};
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::world::{reference_to, Cluster, Preset};

pub const SECOND: SimTime = 1_000;

/// Stores `value` (a full object with apiVersion and kind) at simulated time `at`.
pub fn put(cluster: &mut Cluster, at: SimTime, value: Value) -> ObjectKey {
    let kind = Kind::from_api_version_kind(
        value["apiVersion"].as_str().unwrap_or(""),
        value["kind"].as_str().unwrap_or(""),
    )
    .expect("fixture kind");
    let object = Object::from_json(kind, value).expect("fixture decodes");
    cluster.now = cluster.now.max(at);
    cluster.store.insert(object, at).expect("fixture is stored")
}

pub fn uid(cluster: &Cluster, key: &ObjectKey) -> String {
    cluster
        .store
        .get(key)
        .expect("object exists")
        .meta()
        .uid
        .clone()
}

/// Records an event about the object at `key` at time `at`.
pub fn event(
    cluster: &mut Cluster,
    at: SimTime,
    key: &ObjectKey,
    type_: &str,
    reason: &str,
    message: &str,
    component: &str,
) {
    let reference = reference_to(cluster.store.get(key).expect("involved object exists"));
    cluster
        .store
        .record_event(reference, type_, reason, message, component, at);
}

/// Runs one kubectl command line against the cluster without settling it afterwards.
pub fn kubectl(cluster: &mut Cluster, line: &str) -> (String, String, i32) {
    let argv: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    let files = BTreeMap::new();
    let mut out = Output::default();
    let code = {
        let mut ctx = Context {
            cluster,
            files: &files,
            stdin: None,
            out: &mut out,
        };
        match kubectl::run(&mut ctx, &argv[1..]) {
            kubectl::Invocation::Done(code) => code,
            kubectl::Invocation::Waiting(_) => panic!("describe never blocks"),
        }
    };
    (out.stdout(), out.stderr(), code)
}

/// Everything the terminal shows for a command, stdout and stderr interleaved.
pub fn terminal(cluster: &mut Cluster, line: &str) -> String {
    let argv: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    let files = BTreeMap::new();
    let mut out = Output::default();
    let code = {
        let mut ctx = Context {
            cluster,
            files: &files,
            stdin: None,
            out: &mut out,
        };
        match kubectl::run(&mut ctx, &argv[1..]) {
            kubectl::Invocation::Done(code) => code,
            kubectl::Invocation::Waiting(_) => panic!("describe never blocks"),
        }
    };
    format!("$ {line}\n{}[exit {code}]\n", out.text())
}

/// The tutorial notes' five NFS PersistentVolumes as the API server stores them.
fn notes_pv(name: &str, storage: &str) -> Value {
    let index = name.trim_start_matches("pv00");
    json!({
        "apiVersion": "v1", "kind": "PersistentVolume",
        "metadata": {"name": name, "labels": {"name": name},
                     "finalizers": ["kubernetes.io/pv-protection"]},
        "spec": {
            "nfs": {"path": format!("/data/volumes/v{index}"), "server": "k8s-master"},
            "accessModes": ["ReadWriteOnce", "ReadWriteMany"],
            "capacity": {"storage": storage},
            "persistentVolumeReclaimPolicy": "Retain",
            "volumeMode": "Filesystem"
        },
        "status": {"phase": "Available"}
    })
}

/// The notes' `myapp` StatefulSet after the API server's defaulting.
fn notes_stateful_set(replicas: i64, ready: i64, revision: &str) -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "StatefulSet",
        "metadata": {"name": "myapp", "namespace": "default", "generation": 1},
        "spec": {
            "serviceName": "myapp",
            "replicas": 2,
            "selector": {"matchLabels": {"app": "myapp-pod"}},
            "podManagementPolicy": "OrderedReady",
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
            "revisionHistoryLimit": 10,
            "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
            "template": {
                "metadata": {"labels": {"app": "myapp-pod"}},
                "spec": {
                    "containers": [{
                        "name": "myapp",
                        "image": "nginx:1.13",
                        "imagePullPolicy": "IfNotPresent",
                        "ports": [{"containerPort": 80, "name": "web", "protocol": "TCP"}],
                        "volumeMounts": [{"name": "myappdata", "mountPath": "/usr/share/nginx/html"}],
                        "resources": {},
                        "terminationMessagePath": "/dev/termination-log",
                        "terminationMessagePolicy": "File"
                    }],
                    "restartPolicy": "Always",
                    "terminationGracePeriodSeconds": 30,
                    "dnsPolicy": "ClusterFirst",
                    "schedulerName": "default-scheduler",
                    "securityContext": {}
                }
            },
            "volumeClaimTemplates": [{
                "apiVersion": "v1", "kind": "PersistentVolumeClaim",
                "metadata": {"name": "myappdata"},
                "spec": {
                    "accessModes": ["ReadWriteOnce"],
                    "resources": {"requests": {"storage": "2Gi"}},
                    "volumeMode": "Filesystem"
                },
                "status": {"phase": "Pending"}
            }]
        },
        "status": {
            "observedGeneration": 1, "replicas": replicas, "readyReplicas": ready,
            "currentReplicas": replicas, "updatedReplicas": replicas, "availableReplicas": ready,
            "currentRevision": revision, "updateRevision": revision, "collisionCount": 0
        }
    })
}

/// Pod `myapp-<ordinal>` as the StatefulSet controller, the scheduler and the kubelet leave it.
pub fn notes_pod(
    ordinal: usize,
    set_uid: &str,
    revision: &str,
    created: SimTime,
    node: (&str, &str),
    pod_ip: &str,
) -> Value {
    let name = format!("myapp-{ordinal}");
    let at = |offset: SimTime| sts_playground::sim::clock::rfc3339(created + offset);
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {
            "name": name, "namespace": "default", "generateName": "myapp-",
            "labels": {
                "app": "myapp-pod",
                "apps.kubernetes.io/pod-index": ordinal.to_string(),
                "controller-revision-hash": revision,
                "statefulset.kubernetes.io/pod-name": name
            },
            "ownerReferences": [{
                "apiVersion": "apps/v1", "kind": "StatefulSet", "name": "myapp",
                "uid": set_uid, "controller": true, "blockOwnerDeletion": true
            }]
        },
        "spec": {
            "containers": [{
                "name": "myapp", "image": "nginx:1.13", "imagePullPolicy": "IfNotPresent",
                "ports": [{"containerPort": 80, "name": "web", "protocol": "TCP"}],
                "resources": {},
                "volumeMounts": [
                    {"name": "myappdata", "mountPath": "/usr/share/nginx/html"},
                    {"name": format!("kube-api-access-{}", ["7xk2p", "q9w4z"][ordinal % 2]),
                     "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true}
                ]
            }],
            "hostname": name, "subdomain": "myapp",
            "nodeName": node.0,
            "priority": 0,
            "serviceAccountName": "default",
            "restartPolicy": "Always",
            "terminationGracePeriodSeconds": 30,
            "tolerations": [
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
            ],
            "volumes": [
                {"name": "myappdata", "persistentVolumeClaim": {"claimName": format!("myappdata-myapp-{ordinal}")}},
                {"name": format!("kube-api-access-{}", ["7xk2p", "q9w4z"][ordinal % 2]), "projected": {
                    "defaultMode": 420,
                    "sources": [
                        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                        {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}
                    ]
                }}
            ]
        },
        "status": {
            "phase": "Running",
            "conditions": [
                {"type": "PodReadyToStartContainers", "status": "True", "lastTransitionTime": at(19 * SECOND)},
                {"type": "Initialized", "status": "True", "lastTransitionTime": at(0)},
                {"type": "Ready", "status": "True", "lastTransitionTime": at(19 * SECOND)},
                {"type": "ContainersReady", "status": "True", "lastTransitionTime": at(19 * SECOND)},
                {"type": "PodScheduled", "status": "True", "lastTransitionTime": at(0)}
            ],
            "hostIP": node.1,
            "hostIPs": [{"ip": node.1}],
            "podIP": pod_ip,
            "podIPs": [{"ip": pod_ip}],
            "startTime": at(0),
            "containerStatuses": [{
                "name": "myapp", "ready": true, "restartCount": 0, "started": true,
                "image": "docker.io/library/nginx:1.13",
                "imageID": "docker.io/library/nginx@sha256:b1d09e9718890e6ebbbd2bc319ef1611559e30ce1b6f56b2e3b479d9da51dc35",
                "containerID": format!("containerd://{}", ["3f1c0a9e7d5b4c2a8e6f1d3b5a7c9e0f2d4b6a8c0e1f3a5b7c9d1e3f5a7b9c1d", "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b"][ordinal % 2]),
                "state": {"running": {"startedAt": at(19 * SECOND)}},
                "lastState": {}
            }],
            "qosClass": "BestEffort"
        }
    })
}

/// A claim of the notes' set, bound by the PV controller to a static NFS volume.
fn notes_claim(ordinal: usize, volume: &str, capacity: &str) -> Value {
    json!({
        "apiVersion": "v1", "kind": "PersistentVolumeClaim",
        "metadata": {
            "name": format!("myappdata-myapp-{ordinal}"), "namespace": "default",
            "labels": {"app": "myapp-pod"},
            "annotations": {
                "pv.kubernetes.io/bind-completed": "yes",
                "pv.kubernetes.io/bound-by-controller": "yes"
            },
            "finalizers": ["kubernetes.io/pvc-protection"]
        },
        "spec": {
            "accessModes": ["ReadWriteOnce"],
            "resources": {"requests": {"storage": "2Gi"}},
            "volumeName": volume,
            "volumeMode": "Filesystem"
        },
        "status": {
            "phase": "Bound",
            "accessModes": ["ReadWriteOnce", "ReadWriteMany"],
            "capacity": {"storage": capacity}
        }
    })
}

/// The notes' session on the kubeadm cluster two minutes in: five NFS volumes, the headless
/// Service and the two-replica StatefulSet `myapp`, both pods Running and Ready, their claims
/// bound to `pv003` (2Gi) and `pv002` (5Gi), with the events a real cluster records.
pub fn notes_cluster() -> Cluster {
    let mut cluster = Cluster::new(Preset::Kubeadm, 7);
    for (name, storage) in [
        ("pv001", "10Gi"),
        ("pv002", "5Gi"),
        ("pv003", "2Gi"),
        ("pv004", "20Gi"),
        ("pv005", "10Gi"),
    ] {
        put(&mut cluster, 0, notes_pv(name, storage));
    }
    let created = 5 * SECOND;
    put(
        &mut cluster,
        created,
        json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "myapp", "namespace": "default", "labels": {"app": "myapp"}},
            "spec": {
                "ports": [{"name": "web", "port": 80, "protocol": "TCP", "targetPort": 80}],
                "clusterIP": "None", "clusterIPs": ["None"],
                "selector": {"app": "myapp-pod"},
                "type": "ClusterIP", "sessionAffinity": "None",
                "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                "internalTrafficPolicy": "Cluster"
            },
            "status": {"loadBalancer": {}}
        }),
    );
    let revision = "myapp-6f7b9c8d5";
    let set = put(&mut cluster, created, notes_stateful_set(2, 2, revision));
    let set_uid = uid(&cluster, &set);
    let set_json = cluster
        .store
        .get(&set)
        .map(Object::to_json)
        .unwrap_or_default();
    put(
        &mut cluster,
        created,
        json!({
            "apiVersion": "apps/v1", "kind": "ControllerRevision",
            "metadata": {
                "name": revision, "namespace": "default",
                "labels": {"app": "myapp-pod", "controller.kubernetes.io/hash": "6f7b9c8d5"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "myapp",
                                     "uid": set_uid, "controller": true, "blockOwnerDeletion": true}]
            },
            "data": {"spec": {"template": {"$patch": "replace",
                "metadata": set_json["spec"]["template"]["metadata"].clone(),
                "spec": set_json["spec"]["template"]["spec"].clone()}}},
            "revision": 1
        }),
    );
    let nodes = [
        ("k8s-node1", "192.168.56.11"),
        ("k8s-node2", "192.168.56.12"),
    ];
    let pod_ips = ["10.244.1.2", "10.244.2.2"];
    let volumes = [("pv003", "2Gi"), ("pv002", "5Gi")];
    for ordinal in 0..2 {
        let at = created + ordinal as SimTime * 20 * SECOND;
        let claim_name = format!("myappdata-myapp-{ordinal}");
        let pod_name = format!("myapp-{ordinal}");
        event(
            &mut cluster,
            at,
            &set,
            "Normal",
            "SuccessfulCreate",
            &format!("create Claim {claim_name} Pod {pod_name} in StatefulSet myapp success"),
            "statefulset-controller",
        );
        let claim = put(
            &mut cluster,
            at,
            notes_claim(ordinal, volumes[ordinal].0, volumes[ordinal].1),
        );
        let claim_uid = uid(&cluster, &claim);
        let volume = ObjectKey::new(Kind::PersistentVolume, "", volumes[ordinal].0);
        cluster
            .store
            .modify(&volume, |object| {
                if let Some(pv) = object.as_pv_mut() {
                    pv.metadata
                        .annotations
                        .insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
                    pv.spec.claim_ref = Some(sts_playground::sim::model::ObjectReference {
                        api_version: "v1".into(),
                        kind: "PersistentVolumeClaim".into(),
                        namespace: "default".into(),
                        name: claim_name.clone(),
                        uid: claim_uid.clone(),
                        resource_version: "1010".into(),
                        ..Default::default()
                    });
                    pv.status.phase = Some("Bound".into());
                }
            })
            .expect("volume exists");
        event(
            &mut cluster,
            at,
            &set,
            "Normal",
            "SuccessfulCreate",
            &format!("create Pod {pod_name} in StatefulSet myapp successful"),
            "statefulset-controller",
        );
        let pod = put(
            &mut cluster,
            at,
            notes_pod(
                ordinal,
                &set_uid,
                revision,
                at,
                nodes[ordinal],
                pod_ips[ordinal],
            ),
        );
        event(
            &mut cluster,
            at,
            &pod,
            "Normal",
            "Scheduled",
            &format!(
                "Successfully assigned default/{pod_name} to {}",
                nodes[ordinal].0
            ),
            "default-scheduler",
        );
        event(
            &mut cluster,
            at + SECOND,
            &pod,
            "Normal",
            "Pulling",
            "Pulling image \"nginx:1.13\"",
            "kubelet",
        );
        event(
            &mut cluster,
            at + 18 * SECOND,
            &pod,
            "Normal",
            "Pulled",
            "Successfully pulled image \"nginx:1.13\" in 16.872s (16.872s including waiting). Image size: 44615434 bytes.",
            "kubelet",
        );
        event(
            &mut cluster,
            at + 18 * SECOND,
            &pod,
            "Normal",
            "Created",
            "Created container: myapp",
            "kubelet",
        );
        event(
            &mut cluster,
            at + 19 * SECOND,
            &pod,
            "Normal",
            "Started",
            "Started container myapp",
            "kubelet",
        );
    }
    cluster.now = 2 * 60 * SECOND;
    cluster
}

/// The description `kubectl describe` prints for one stored object.
pub fn describe(cluster: &Cluster, kind: Kind, namespace: &str, name: &str) -> String {
    let object = cluster
        .store
        .get(&ObjectKey::new(kind, namespace, name))
        .expect("described object exists");
    sts_playground::sim::kubectl::describe::describe_object(cluster, object)
}

/// The text with every uid (8-4-4-4-12 hex digits) and every `Resource Version:` value
/// replaced, for snapshots that should not depend on how the store numbers its writes.
pub fn mask_identities(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        if let Some(index) = line.find("Resource Version:") {
            let after = &line[index + "Resource Version:".len()..];
            let spaces = after.len() - after.trim_start().len();
            out.push_str(&line[..index + "Resource Version:".len() + spaces]);
            out.push_str("(resource version)\n");
            continue;
        }
        let mut rest = line;
        while let Some(position) = find_uid(rest) {
            out.push_str(&rest[..position]);
            out.push_str("(uid)");
            rest = &rest[position + 36..];
        }
        out.push_str(rest);
    }
    out
}

fn find_uid(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(35)).find(|&start| {
        bytes[start..start + 36]
            .iter()
            .enumerate()
            .all(|(i, b)| match i {
                8 | 13 | 18 | 23 => *b == b'-',
                _ => b.is_ascii_hexdigit(),
            })
    })
}
