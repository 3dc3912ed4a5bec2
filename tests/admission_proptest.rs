//! Admission never panics, whatever a user sends: arbitrary JSON decoded into each kind (both
//! free-form trees over the real field names and valid manifests with one field replaced by
//! something arbitrary) goes through create, replace, status write and delete.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use sts_playground::sim::api::{self, DeleteOptions, Propagation};
use sts_playground::sim::model::{Kind, Object, KINDS};
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::validation;
use sts_playground::sim::world::{Cluster, Preset};

const FIELD_NAMES: &[&str] = &[
    "metadata",
    "name",
    "generateName",
    "namespace",
    "labels",
    "annotations",
    "finalizers",
    "ownerReferences",
    "uid",
    "generation",
    "spec",
    "status",
    "replicas",
    "selector",
    "matchLabels",
    "matchExpressions",
    "key",
    "operator",
    "values",
    "template",
    "containers",
    "initContainers",
    "image",
    "ports",
    "containerPort",
    "protocol",
    "hostPort",
    "volumeMounts",
    "mountPath",
    "subPath",
    "volumes",
    "persistentVolumeClaim",
    "claimName",
    "emptyDir",
    "hostPath",
    "path",
    "type",
    "nfs",
    "server",
    "configMap",
    "secret",
    "projected",
    "sources",
    "serviceAccountToken",
    "downwardAPI",
    "items",
    "fieldRef",
    "csi",
    "driver",
    "local",
    "volumeClaimTemplates",
    "accessModes",
    "resources",
    "requests",
    "limits",
    "storage",
    "cpu",
    "memory",
    "storageClassName",
    "volumeMode",
    "volumeName",
    "capacity",
    "persistentVolumeReclaimPolicy",
    "claimRef",
    "serviceName",
    "podManagementPolicy",
    "updateStrategy",
    "rollingUpdate",
    "partition",
    "maxUnavailable",
    "revisionHistoryLimit",
    "minReadySeconds",
    "persistentVolumeClaimRetentionPolicy",
    "whenDeleted",
    "whenScaled",
    "ordinals",
    "start",
    "restartPolicy",
    "activeDeadlineSeconds",
    "terminationGracePeriodSeconds",
    "hostname",
    "subdomain",
    "nodeName",
    "nodeSelector",
    "tolerations",
    "effect",
    "value",
    "tolerationSeconds",
    "readinessProbe",
    "livenessProbe",
    "startupProbe",
    "httpGet",
    "tcpSocket",
    "exec",
    "command",
    "grpc",
    "port",
    "scheme",
    "periodSeconds",
    "timeoutSeconds",
    "successThreshold",
    "failureThreshold",
    "env",
    "valueFrom",
    "priorityClassName",
    "priority",
    "schedulingGates",
    "clusterIP",
    "clusterIPs",
    "targetPort",
    "nodePort",
    "sessionAffinity",
    "ipFamilies",
    "ipFamilyPolicy",
    "externalName",
    "externalIPs",
    "provisioner",
    "parameters",
    "reclaimPolicy",
    "volumeBindingMode",
    "allowVolumeExpansion",
    "data",
    "binaryData",
    "immutable",
    "revision",
    "taints",
    "phase",
    "readyReplicas",
    "availableReplicas",
    "collisionCount",
    "observedGeneration",
    "serviceAccountName",
    "automountServiceAccountToken",
    "securityContext",
    "runAsUser",
    "dnsPolicy",
    "lifecycle",
    "preStop",
    "hostNetwork",
];

const STRINGS: &[&str] = &[
    "",
    "None",
    "Always",
    "Never",
    "OnFailure",
    "RollingUpdate",
    "OnDelete",
    "OrderedReady",
    "Parallel",
    "Retain",
    "Delete",
    "Recycle",
    "ReadWriteOnce",
    "ReadWriteOncePod",
    "Filesystem",
    "Block",
    "TCP",
    "UDP",
    "HTTP",
    "1Gi",
    "0",
    "-1",
    "500m",
    "150%",
    "x%",
    "0%",
    "nginx",
    "nginx:1.25",
    "web",
    "web-0",
    "Web",
    "a.b",
    "é-",
    "-",
    "10.96.0.1",
    "10.96.0.10",
    "1.2.3.4",
    "ClusterIP",
    "NodePort",
    "LoadBalancer",
    "ExternalName",
    "Exists",
    "Equal",
    "In",
    "NoExecute",
    "kubernetes.io/pvc-protection",
    "orphan",
    "foregroundDeletion",
    "standard",
    "default",
    "kube-system",
    "system-node-critical",
    "/data",
    "data/../x",
    "app",
    "apps/v1",
    "v1",
    "a/b/c",
    "controller.kubernetes.io/pod-deletion-cost",
    "9999999999999999999999",
    "1e400",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        (-3i64..70_000).prop_map(|i| json!(i)),
        any::<f64>().prop_map(|f| json!(f)),
        prop::sample::select(STRINGS).prop_map(|s| json!(s)),
        "[a-zA-Z0-9./_%:@ -]{0,70}".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(prop::sample::select(FIELD_NAMES), inner, 0..7).prop_map(
                |m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            ),
        ]
    })
}

/// A valid manifest of each kind, to be damaged one field at a time.
fn base(kind: Kind) -> Value {
    match kind {
        Kind::StatefulSet => json!({"metadata": {"name": "web"}, "spec": {
            "serviceName": "nginx", "replicas": 2, "selector": {"matchLabels": {"app": "nginx"}},
            "template": {"metadata": {"labels": {"app": "nginx"}}, "spec": {"containers": [
                {"name": "nginx", "image": "nginx", "volumeMounts": [{"name": "www", "mountPath": "/www"}]}
            ]}},
            "volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {
                "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]
        }}),
        Kind::Pod => json!({"metadata": {"name": "web-0", "labels": {"app": "nginx"}}, "spec": {
            "hostname": "web-0", "subdomain": "nginx",
            "containers": [{"name": "nginx", "image": "nginx", "ports": [{"containerPort": 80}],
                "resources": {"limits": {"cpu": "1"}}, "readinessProbe": {"httpGet": {"port": 80}}}],
            "volumes": [{"name": "www", "persistentVolumeClaim": {"claimName": "www-web-0"}}]
        }}),
        Kind::PersistentVolumeClaim => json!({"metadata": {"name": "www-web-0"}, "spec": {
            "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}),
        Kind::PersistentVolume => json!({"metadata": {"name": "pv001"}, "spec": {
            "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"},
            "nfs": {"path": "/data", "server": "k8s-master"}}}),
        Kind::Service => json!({"metadata": {"name": "nginx"}, "spec": {
            "ports": [{"port": 80, "name": "web"}], "selector": {"app": "nginx"}}}),
        Kind::StorageClass => {
            json!({"metadata": {"name": "fast"}, "provisioner": "example.com/fast"})
        }
        Kind::Namespace => json!({"metadata": {"name": "prod"}}),
        Kind::ConfigMap => json!({"metadata": {"name": "settings"}, "data": {"a": "b"}}),
        Kind::ControllerRevision => {
            json!({"metadata": {"name": "web-1"}, "data": {"spec": {}}, "revision": 1})
        }
        _ => json!({"metadata": {"name": "thing"}}),
    }
}

/// Replaces the value at a path of object keys (creating objects on the way).
fn set_path(value: &mut Value, path: &[&str], new: Value) {
    let mut current = value;
    for (i, key) in path.iter().enumerate() {
        if !current.is_object() {
            *current = Value::Object(Map::new());
        }
        let Some(map) = current.as_object_mut() else {
            return;
        };
        if i + 1 == path.len() {
            map.insert(key.to_string(), new);
            return;
        }
        current = map.entry(key.to_string()).or_insert(Value::Null);
    }
}

fn exercise(kind: Kind, value: Value, seed: u64) {
    let Ok(mut object) = Object::from_json(kind, value) else {
        return;
    };
    // This test is about admission never panicking; a set of thousands of replicas would only
    // make the controllers' settle below slow (large sets are measured by the benchmark).
    if let Object::StatefulSet(set) = &mut object {
        if let Some(replicas) = set.spec.replicas.as_mut() {
            *replicas = (*replicas).clamp(-1, 3);
        }
    }
    let _ = validation::validate_create(&object);
    let mut cluster = Cluster::new(Preset::Kind, seed);
    let created = api::create(&mut cluster, object.clone());
    let _ = api::create_in(&mut cluster, "kube-system", object.clone());
    let key = match created {
        Ok(key) => key,
        Err(error) => {
            let _ = api::kubectl_error_text(&error);
            let _ = error.server_message();
            ObjectKey::of(&object)
        }
    };
    if let Some(stored) = cluster.store.get(&key).cloned() {
        let _ = validation::validate_update(&object, &stored);
        let mut replacement = object.clone();
        replacement.meta_mut().resource_version = String::new();
        let _ = api::update(&mut cluster, replacement.clone());
        let _ = api::update_status(&mut cluster, replacement);
        let _ = api::modify(&mut cluster, &key, |o| {
            o.meta_mut().labels.insert("x".into(), "y".into());
        });
    }
    let _ = api::bind(&mut cluster, &key, "k8s-node1");
    for propagation in [
        Propagation::Foreground,
        Propagation::Orphan,
        Propagation::Background,
    ] {
        let _ = api::delete(
            &mut cluster,
            &key,
            DeleteOptions {
                grace_period_seconds: Some(-5),
                propagation,
            },
        );
    }
    let _ = api::sync_terminating_namespace(&mut cluster, &key.namespace);
    cluster.settle();
    assert!(cluster.stuck.is_none(), "{:?}", cluster.stuck);
}

fn kinds() -> impl Strategy<Value = Kind> {
    prop::sample::select(
        KINDS
            .iter()
            .map(|info| info.kind)
            .filter(|k| *k != Kind::Event)
            .collect::<Vec<_>>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_trees_never_panic(kind in kinds(), value in tree(), seed in 0u64..1000) {
        exercise(kind, value, seed);
    }

    #[test]
    fn damaged_manifests_never_panic(
        kind in kinds(),
        path in prop::collection::vec(prop::sample::select(FIELD_NAMES), 1..5),
        new in tree(),
        seed in 0u64..1000,
    ) {
        let mut value = base(kind);
        set_path(&mut value, &path, new);
        exercise(kind, value, seed);
    }
}

#[test]
fn damaged_manifests_of_nested_lists_never_panic() {
    // Paths through lists, which `set_path` above does not reach.
    let cases = [
        (
            Kind::StatefulSet,
            "/spec/template/spec/containers/0/ports",
            json!([{"containerPort": -1, "hostPort": 99999}]),
        ),
        (
            Kind::StatefulSet,
            "/spec/volumeClaimTemplates/0/spec/resources/requests/storage",
            json!("-1Gi"),
        ),
        (
            Kind::Pod,
            "/spec/containers/0/resources",
            json!({"limits": {"cpu": "2"}, "requests": {"cpu": "3", "bad key": 1}}),
        ),
        (
            Kind::Pod,
            "/spec/volumes/0",
            json!({"name": "www", "nfs": {}, "hostPath": {"path": "../x", "type": "Odd"}}),
        ),
        (
            Kind::Pod,
            "/spec/containers/0/readinessProbe",
            json!({"exec": {"command": []}, "httpGet": {"port": "x--y"}, "periodSeconds": -1}),
        ),
        (
            Kind::Service,
            "/spec/ports/0",
            json!({"port": 80, "nodePort": 5, "targetPort": "Bad Name"}),
        ),
    ];
    for (kind, pointer, new) in cases {
        let mut value = base(kind);
        if let Some(slot) = value.pointer_mut(pointer) {
            *slot = new;
        }
        exercise(kind, value, 1);
    }
}
