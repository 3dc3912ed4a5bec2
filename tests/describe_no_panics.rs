//! `kubectl describe` never panics, whatever an object holds: every describer gets arbitrary
//! JSON shaped like Kubernetes objects (field names from the real schema, values of any type),
//! and arbitrary objects that the typed model accepts are stored and described through the
//! command line.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{Map, Value};
use sts_playground::sim::kubectl::describe::writer::{describe_events, PrefixWriter, J};
use sts_playground::sim::kubectl::describe::{apps, core, describe_object, generic, pod, storage};
use sts_playground::sim::kubectl::{self, Context, Output};
use sts_playground::sim::model::{Kind, Object};
use sts_playground::sim::world::{Cluster, Preset};

const KEYS: &[&str] = &[
    "metadata",
    "name",
    "namespace",
    "labels",
    "annotations",
    "ownerReferences",
    "controller",
    "kind",
    "uid",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "creationTimestamp",
    "finalizers",
    "spec",
    "status",
    "containers",
    "initContainers",
    "ephemeralContainers",
    "image",
    "ports",
    "containerPort",
    "hostPort",
    "protocol",
    "volumeMounts",
    "mountPath",
    "readOnly",
    "subPath",
    "env",
    "value",
    "valueFrom",
    "fieldRef",
    "fieldPath",
    "apiVersion",
    "resourceFieldRef",
    "resource",
    "divisor",
    "secretKeyRef",
    "configMapKeyRef",
    "key",
    "optional",
    "envFrom",
    "configMapRef",
    "secretRef",
    "prefix",
    "resources",
    "limits",
    "requests",
    "cpu",
    "memory",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "httpGet",
    "path",
    "port",
    "host",
    "scheme",
    "exec",
    "command",
    "args",
    "tcpSocket",
    "grpc",
    "service",
    "volumes",
    "persistentVolumeClaim",
    "claimName",
    "hostPath",
    "type",
    "emptyDir",
    "sizeLimit",
    "medium",
    "projected",
    "sources",
    "serviceAccountToken",
    "expirationSeconds",
    "configMap",
    "secret",
    "downwardAPI",
    "items",
    "csi",
    "driver",
    "volumeAttributes",
    "ephemeral",
    "volumeClaimTemplate",
    "reference",
    "pullPolicy",
    "nodeName",
    "tolerations",
    "operator",
    "effect",
    "tolerationSeconds",
    "nodeSelector",
    "topologySpreadConstraints",
    "topologyKey",
    "whenUnsatisfiable",
    "maxSkew",
    "labelSelector",
    "matchLabels",
    "matchExpressions",
    "values",
    "phase",
    "conditions",
    "reason",
    "message",
    "containerStatuses",
    "state",
    "running",
    "waiting",
    "terminated",
    "startedAt",
    "finishedAt",
    "exitCode",
    "signal",
    "lastState",
    "ready",
    "restartCount",
    "podIP",
    "podIPs",
    "ip",
    "hostIP",
    "startTime",
    "qosClass",
    "selector",
    "replicas",
    "updateStrategy",
    "rollingUpdate",
    "partition",
    "maxUnavailable",
    "template",
    "volumeClaimTemplates",
    "accessModes",
    "storageClassName",
    "volumeName",
    "volumeMode",
    "capacity",
    "storage",
    "claimRef",
    "persistentVolumeReclaimPolicy",
    "nodeAffinity",
    "required",
    "nodeSelectorTerms",
    "nfs",
    "server",
    "local",
    "clusterIP",
    "clusterIPs",
    "ipFamilies",
    "ipFamilyPolicy",
    "nodePort",
    "targetPort",
    "loadBalancer",
    "ingress",
    "ipMode",
    "hostname",
    "externalIPs",
    "taints",
    "unschedulable",
    "addresses",
    "address",
    "allocatable",
    "nodeInfo",
    "podCIDR",
    "podCIDRs",
    "subsets",
    "notReadyAddresses",
    "data",
    "binaryData",
    "provisioner",
    "parameters",
    "allowVolumeExpansion",
    "mountOptions",
    "reclaimPolicy",
    "volumeBindingMode",
    "allowedTopologies",
    "matchLabelExpressions",
    "dataSource",
    "apiGroup",
    "priority",
    "serviceAccountName",
    "securityContext",
    "seccompProfile",
    "localhostProfile",
    "readinessGates",
    "conditionType",
    "overhead",
    "restartPolicy",
    "lastHeartbeatTime",
    "lastTransitionTime",
    "lastProbeTime",
    "revision",
    "kubernetes.io/config.mirror",
    "hugepages-2Mi",
    "nvidia.com/gpu",
    "clusterIPsX",
    "$patch",
];

const STRINGS: &[&str] = &[
    "",
    "web-0",
    "default",
    "Localhost",
    "In",
    "NotIn",
    "Exists",
    "DoesNotExist",
    "Equal",
    "Always",
    "NoExecute",
    "1Gi",
    "100m",
    "-5",
    "1e3",
    "800E",
    "not-a-quantity",
    "TCP",
    "HTTP",
    "Running",
    "Pending",
    "Failed",
    "Succeeded",
    "True",
    "2026-01-05T09:00:00Z",
    "1969-12-31T23:59:59Z",
    "9999-12-31T23:59:59Z",
    "2026-01-05T09:00:00.5Z",
    "metadata.name",
    "limits.cpu",
    "limits.memory",
    "requests.memory",
    "ephemeral-storage",
    "a\u{1b}[31mred",
    "line\nbreak\r",
    "é🙂",
    "::1",
    "kubernetes.io/pvc-protection",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop::sample::select(vec![0i64, 1, -1, 2, 80, 300, i64::MAX, i64::MIN, 3607])
            .prop_map(Value::from),
        prop::sample::select(vec![0.5f64, -1.5, 1e21, 3.0]).prop_map(Value::from),
        prop::sample::select(STRINGS.to_vec()).prop_map(Value::from),
        "[a-z0-9./-]{0,12}".prop_map(Value::from),
        ".{0,160}".prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 96, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner), 0..7).prop_map(
                |entries| {
                    let mut map = Map::new();
                    for (key, value) in entries {
                        map.insert(key.to_string(), value);
                    }
                    Value::Object(map)
                }
            ),
        ]
    })
}

/// An object-shaped value: metadata, spec and status (and the flat fields of ConfigMaps,
/// Endpoints and StorageClasses), each arbitrary.
fn object_value() -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(KEYS.to_vec()), json_value()), 0..8).prop_flat_map(
        |extra| {
            (json_value(), json_value(), json_value()).prop_map(move |(metadata, spec, status)| {
                let mut map = Map::new();
                for (key, value) in &extra {
                    map.insert(key.to_string(), value.clone());
                }
                map.insert("metadata".into(), metadata);
                map.insert("spec".into(), spec);
                map.insert("status".into(), status);
                Value::Object(map)
            })
        },
    )
}

fn run(cluster: &mut Cluster, line: &str) -> i32 {
    let argv: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    let files = BTreeMap::new();
    let mut out = Output::default();
    let mut ctx = Context {
        cluster,
        files: &files,
        stdin: None,
        out: &mut out,
    };
    match kubectl::run(&mut ctx, &argv) {
        kubectl::Invocation::Done(code) => code,
        kubectl::Invocation::Waiting(_) => 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn every_describer_accepts_any_json(value in object_value(), now in 0u64..10_000_000) {
        let j = J::new(&value);
        let mut w = PrefixWriter::tabbed();
        pod::describe_pod_body(&mut w, j, now);
        apps::describe_stateful_set_body(&mut w, j, apps::PodPhaseCounts::default());
        storage::describe_pvc_body(&mut w, j, vec!["web-0".into()], now);
        storage::describe_pv_body(&mut w, j, now);
        storage::describe_storage_class_body(&mut w, j);
        core::describe_service_body(&mut w, j, None);
        core::describe_endpoints_body(&mut w, j);
        core::describe_namespace_body(&mut w, j);
        core::describe_config_map_body(&mut w, j);
        core::describe_node_body(&mut w, j, &[j, j.get("spec")], now % 2 == 0, now);
        generic::describe_generic_body(&mut w, &value);
        describe_events(&mut w, &[], now);
        let text = w.finish();
        prop_assert!(!text.contains(char::from(27)), "an escape reached the terminal");
        let mut plain = PrefixWriter::plain();
        pod::describe_pod_template(&mut plain, j.get("spec"));
        let _ = plain.finish();
    }

    #[test]
    fn stored_objects_of_any_content_describe(
        value in object_value(),
        kind in prop::sample::select(vec![
            Kind::Pod, Kind::PersistentVolume, Kind::PersistentVolumeClaim, Kind::StatefulSet,
            Kind::Service, Kind::Node, Kind::StorageClass, Kind::ControllerRevision,
            Kind::Endpoints, Kind::ConfigMap, Kind::Namespace,
        ]),
    ) {
        let Ok(mut object) = Object::from_json(kind, value) else { return Ok(()); };
        let meta = object.meta_mut();
        meta.name = "fuzz".into();
        meta.namespace = kind.namespaced().then(|| "default".to_string());
        let mut cluster = Cluster::new(Preset::Kubeadm, 1);
        let Ok(key) = cluster.store.insert(object, 0) else { return Ok(()); };
        cluster.now = 90_000;
        if let Some(object) = cluster.store.get(&key).cloned() {
            let _ = describe_object(&cluster, &object);
        }
        let resource = kind.info().plural;
        prop_assert_eq!(run(&mut cluster, &format!("describe {resource} fuzz")), 0);
        let _ = run(&mut cluster, &format!("describe {resource} fu"));
        let _ = run(&mut cluster, &format!("describe {resource}"));
        let _ = run(&mut cluster, "describe nodes");
        let _ = run(&mut cluster, "describe pvc -A");
    }
}
