//! Snapshot tests of the API server's decoding errors and of `kubectl explain`, plus checks of
//! the generated data. Update snapshots with `UPDATE_EXPECT=1 cargo test`.

use expect_test::{expect, Expect};
use proptest::prelude::*;
use serde_json::{json, Value};

use super::*;

/// Strict-decodes `object` as `api_version`/`kind` and compares the API server's answer.
fn check_decode(api_version: &str, kind: &str, object: Value, expected: Expect) {
    let actual = match check_strict(api_version, kind, &object) {
        Ok(()) => "ok".to_string(),
        Err(error) => error,
    };
    expected.assert_eq(&actual);
}

fn check_sts(object: Value, expected: Expect) {
    check_decode("apps/v1", "StatefulSet", object, expected);
}

/// Shows trailing spaces as `␣`: kubectl's indented blank lines are significant, and snapshot
/// literals would lose them.
fn show_trailing_spaces(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let kept = line.trim_end_matches(' ');
            format!("{kept}{}", "␣".repeat(line.len() - kept.len()))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_explain(resource: (&str, &str, &str), path: &[&str], recursive: bool, expected: Expect) {
    let (group, version, kind) = resource;
    let actual = match explain(group, version, kind, path, recursive) {
        Ok(text) => text,
        Err(error) => format!("ERR {error}"),
    };
    expected.assert_eq(&show_trailing_spaces(&actual));
}

const STS: (&str, &str, &str) = ("apps", "v1", "StatefulSet");
const POD: (&str, &str, &str) = ("", "v1", "Pod");
const PVC: (&str, &str, &str) = ("", "v1", "PersistentVolumeClaim");

fn web() -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "web", "labels": {"app": "nginx"}},
        "spec": {
            "serviceName": "nginx",
            "replicas": 3,
            "selector": {"matchLabels": {"app": "nginx"}},
            "template": {
                "metadata": {"labels": {"app": "nginx"}},
                "spec": {
                    "containers": [{
                        "name": "nginx",
                        "image": "registry.k8s.io/nginx-slim:0.24",
                        "ports": [{"containerPort": 80, "name": "web"}],
                        "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]
                    }]
                }
            },
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "50%"}},
            "volumeClaimTemplates": [{
                "metadata": {"name": "www"},
                "spec": {
                    "accessModes": ["ReadWriteOnce"],
                    "resources": {"requests": {"storage": "1Gi"}}
                }
            }]
        }
    })
}

/// Sets `value` at a dotted path of `object` (numbers index lists), creating objects.
fn with(mut object: Value, path: &str, value: Value) -> Value {
    let mut current = &mut object;
    for part in path.split('.') {
        current = match part.parse::<usize>() {
            Ok(index) => &mut current[index],
            Err(_) => &mut current[part],
        };
    }
    *current = value;
    object
}

#[test]
fn the_data_parses_and_every_kind_is_known() {
    let schema = schema().expect("the committed schema data parses");
    let kinds = [
        ("v1", "Namespace"),
        ("v1", "Node"),
        ("v1", "Service"),
        ("v1", "Endpoints"),
        ("v1", "Pod"),
        ("v1", "PersistentVolumeClaim"),
        ("v1", "PersistentVolume"),
        ("v1", "ConfigMap"),
        ("v1", "Event"),
        ("apps/v1", "StatefulSet"),
        ("apps/v1", "ControllerRevision"),
        ("storage.k8s.io/v1", "StorageClass"),
    ];
    for (api_version, kind) in kinds {
        assert!(knows_kind(api_version, kind), "{api_version} {kind}");
    }
    assert_eq!(schema.kinds.len(), kinds.len());
    assert!(!knows_kind("apps/v1beta1", "StatefulSet"));
    assert!(!knows_kind("v1", "StatefulSet"));
    assert!(!knows_kind("apps/v1", "Deployment"));
    // Every field's enum values are non-empty, and every stored description unescapes.
    schema
        .check_all()
        .expect("every struct of the committed data parses");
    for type_def in (0..schema.type_count()).map(|index| schema.type_def(index)) {
        for field in &type_def.fields {
            assert!(field.enum_values.iter().all(|value| !value.is_empty()));
            let _ = data::unescape(field.description);
        }
    }
}

#[test]
fn the_data_stays_small() {
    // The page's whole gzip budget is 350 KB; this file should stay far below it.
    assert!(SCHEMA_DATA.len() < 200_000, "{} bytes", SCHEMA_DATA.len());
}

#[test]
fn valid_objects_decode() {
    check_sts(web(), expect!["ok"]);
    check_decode(
        "v1",
        "PersistentVolume",
        json!({
            "apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": {"name": "pv-1", "creationTimestamp": null},
            "spec": {
                "capacity": {"storage": 5_000_000_000u64},
                "accessModes": ["ReadWriteOnce"],
                "hostPath": {"path": "/data"},
                "persistentVolumeReclaimPolicy": "Retain"
            }
        }),
        expect!["ok"],
    );
    check_decode(
        "v1",
        "ConfigMap",
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"},
               "data": {"a": "b"}, "binaryData": {"k": "aGVsbG8="}}),
        expect!["ok"],
    );
    check_decode(
        "apps/v1",
        "ControllerRevision",
        json!({"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": {"name": "r"},
               "revision": 1, "data": {"anything": [1, {"goes": true}]}}),
        expect!["ok"],
    );
    // kubectl writes 3.0 as 3, so an integral float is an integer.
    check_sts(with(web(), "spec.replicas", json!(3.0)), expect!["ok"]);
}

#[test]
fn unknown_fields() {
    check_sts(
        with(web(), "spec.replcas", json!(3)),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.replcas""#
        ]],
    );
    let two = with(with(web(), "spec.a", json!(1)), "spec.b", json!({"c": 1}));
    check_sts(
        two,
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.a", unknown field "spec.b""#
        ]],
    );
    check_sts(
        with(web(), "spec.template.spec.containers.0.imagee", json!("x")),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.template.spec.containers[0].imagee""#
        ]],
    );
    check_sts(
        with(web(), "metadata.nmae", json!("x")),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "metadata.nmae""#
        ]],
    );
    check_sts(
        with(web(), "status2", json!({})),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "status2""#
        ]],
    );
    // Field names are case-sensitive.
    check_sts(
        with(web(), "spec.ServiceName", json!("x")),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.ServiceName""#
        ]],
    );
    check_decode(
        "v1",
        "PersistentVolumeClaim",
        json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "c"},
               "spec": {"accessModes": ["ReadWriteOnce"], "resource": {"requests": {"storage": "1Gi"}}}}),
        expect![[
            r#"PersistentVolumeClaim in version "v1" cannot be handled as a PersistentVolumeClaim: strict decoding error: unknown field "spec.resource""#
        ]],
    );
}

#[test]
fn wrong_types() {
    check_sts(
        with(web(), "spec.replicas", json!("3")),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32"#
        ]],
    );
    check_sts(
        with(web(), "metadata.name", json!(5)),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string"#
        ]],
    );
    check_sts(
        with(web(), "spec.replicas", json!(1.5)),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal number 1.5 into Go struct field StatefulSetSpec.spec.replicas of type int32"#
        ]],
    );
    check_sts(
        with(web(), "spec.replicas", json!(3_000_000_000u64)),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal number 3000000000 into Go struct field StatefulSetSpec.spec.replicas of type int32"#
        ]],
    );
    check_sts(
        with(
            web(),
            "spec.template.spec.containers",
            json!({"name": "nginx"}),
        ),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container"#
        ]],
    );
    check_sts(
        with(web(), "spec.selector", json!([])),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal array into Go struct field StatefulSetSpec.spec.selector of type v1.LabelSelector"#
        ]],
    );
    check_sts(
        with(web(), "metadata.labels.app", json!(true)),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string"#
        ]],
    );
    check_sts(
        with(
            web(),
            "spec.template.spec.containers.0.ports.0.containerPort",
            json!("80"),
        ),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32"#
        ]],
    );
    check_sts(
        with(
            web(),
            "spec.template.spec.containers.0.env",
            json!([{"name": "PORT", "value": 8080}]),
        ),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string"#
        ]],
    );
    check_sts(
        with(
            web(),
            "spec.volumeClaimTemplates.0.spec.accessModes",
            json!("ReadWriteOnce"),
        ),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field PersistentVolumeClaimSpec.spec.volumeClaimTemplates.spec.accessModes of type []v1.PersistentVolumeAccessMode"#
        ]],
    );
    check_sts(
        with(web(), "spec.podManagementPolicy", json!(1)),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal number into Go struct field StatefulSetSpec.spec.podManagementPolicy of type v1.PodManagementPolicyType"#
        ]],
    );
    check_sts(
        with(
            web(),
            "spec.volumeClaimTemplates.0.spec.resources.requests",
            json!("1Gi"),
        ),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field VolumeResourceRequirements.spec.volumeClaimTemplates.spec.resources.requests of type v1.ResourceList"#
        ]],
    );
    // Promoted fields name the embedded struct (Go 1.24 decoder, kube-apiserver 1.35).
    check_sts(
        with(
            web(),
            "spec.template.spec.volumes",
            json!([{"name": "data", "hostPath": "/data"}]),
        ),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field Volume.spec.template.spec.volumes.VolumeSource.hostPath of type v1.HostPathVolumeSource"#
        ]],
    );
    check_sts(
        with(web(), "metadata.uid", json!(7)),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.uid of type types.UID"#
        ]],
    );
}

#[test]
fn a_type_error_hides_unknown_fields_and_only_the_first_is_reported() {
    let object = with(
        with(
            with(web(), "spec.replcas", json!(1)),
            "spec.replicas",
            json!("a"),
        ),
        "spec.minReadySeconds",
        json!("b"),
    );
    check_sts(
        object,
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32"#
        ]],
    );
}

#[test]
fn custom_decoders() {
    check_sts(
        with(
            web(),
            "spec.volumeClaimTemplates.0.spec.resources.requests.storage",
            json!("1GB"),
        ),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"#
        ]],
    );
    check_sts(
        with(
            web(),
            "spec.volumeClaimTemplates.0.spec.resources.requests.storage",
            json!("1ki"),
        ),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: unable to parse quantity's suffix"#
        ]],
    );
    // A quantity error stops decoding, so it wins over an earlier type error.
    let both = with(
        with(web(), "spec.replicas", json!("3")),
        "spec.volumeClaimTemplates.0.spec.resources.requests.storage",
        json!(true),
    );
    check_sts(
        both,
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"#
        ]],
    );
    check_sts(
        with(
            web(),
            "spec.updateStrategy.rollingUpdate.maxUnavailable",
            json!(true),
        ),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal bool into Go struct field RollingUpdateStatefulSetStrategy.spec.updateStrategy.rollingUpdate.maxUnavailable of type int32"#
        ]],
    );
    check_sts(
        with(
            web(),
            "spec.updateStrategy.rollingUpdate.maxUnavailable",
            json!(1.5),
        ),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal number 1.5 into Go struct field RollingUpdateStatefulSetStrategy.spec.updateStrategy.rollingUpdate.maxUnavailable of type int32"#
        ]],
    );
    check_sts(
        with(web(), "metadata.creationTimestamp", json!("yesterday")),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006""#
        ]],
    );
    check_sts(
        with(web(), "metadata.creationTimestamp", json!(5)),
        expect![[
            r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string"#
        ]],
    );
    check_decode(
        "v1",
        "ConfigMap",
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"},
               "binaryData": {"k": "aGVsbG8"}}),
        expect![[
            r#"ConfigMap in version "v1" cannot be handled as a ConfigMap: illegal base64 data at input byte 4"#
        ]],
    );
}

#[test]
fn unknown_kinds_are_refused() {
    check_decode(
        "apps/v1beta1",
        "StatefulSet",
        json!({}),
        expect![[r#"no matches for kind "StatefulSet" in version "apps/v1beta1""#]],
    );
}

#[test]
fn decode_problems_lists_everything_with_indexes() {
    let object = with(
        with(web(), "spec.replcas", json!(1)),
        "spec.template.spec.containers.0.image",
        json!(5),
    );
    let problems = decode_problems("apps/v1", "StatefulSet", &object);
    let rendered: Vec<String> = problems
        .iter()
        .map(|problem| format!("{}: {}", problem.path, problem.message))
        .collect();
    expect![[r#"
        [
            "spec.template.spec.containers[0].image: json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string",
            "spec.replcas: unknown field \"spec.replcas\"",
        ]
    "#]]
    .assert_debug_eq(&rendered);
}

#[test]
fn explain_statefulset() {
    check_explain(
        STS,
        &[],
        false,
        expect![[r#"
            GROUP:      apps
            KIND:       StatefulSet
            VERSION:    v1

            DESCRIPTION:
                StatefulSet represents a set of pods with consistent identities. Identities
                are defined as:
                  - Network: A single stable DNS and hostname.
                  - Storage: As many VolumeClaims as requested.
            ␣␣␣␣
                The StatefulSet guarantees that a given network identity will always map to
                the same storage identity.
            ␣␣␣␣
            FIELDS:
              apiVersion	<string>
                APIVersion defines the versioned schema of this representation of an object.
                Servers should convert recognized schemas to the latest internal value, and
                may reject unrecognized values. More info:
                https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources

              kind	<string>
                Kind is a string value representing the REST resource this object
                represents. Servers may infer this from the endpoint the client submits
                requests to. Cannot be updated. In CamelCase. More info:
                https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds

              metadata	<ObjectMeta>
                Standard object's metadata. More info:
                https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata

              spec	<StatefulSetSpec>
                Spec defines the desired identities of pods in this set.

              status	<StatefulSetStatus>
                Status is the current status of Pods in this StatefulSet. This data may be
                out of date by some window of time.


        "#]],
    );
}

#[test]
fn explain_statefulset_spec() {
    check_explain(
        STS,
        &["spec"],
        false,
        expect![[r#"
            GROUP:      apps
            KIND:       StatefulSet
            VERSION:    v1

            FIELD: spec <StatefulSetSpec>


            DESCRIPTION:
                Spec defines the desired identities of pods in this set.
                A StatefulSetSpec is the specification of a StatefulSet.
            ␣␣␣␣
            FIELDS:
              minReadySeconds	<integer>
                Minimum number of seconds for which a newly created pod should be ready
                without any of its container crashing for it to be considered available.
                Defaults to 0 (pod will be considered available as soon as it is ready)

              ordinals	<StatefulSetOrdinals>
                ordinals controls the numbering of replica indices in a StatefulSet. The
                default ordinals behavior assigns a "0" index to the first replica and
                increments the index by one for each additional replica requested.

              persistentVolumeClaimRetentionPolicy	<StatefulSetPersistentVolumeClaimRetentionPolicy>
                persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent
                volume claims created from volumeClaimTemplates. By default, all persistent
                volume claims are created as needed and retained until manually deleted.
                This policy allows the lifecycle to be altered, for example by deleting
                persistent volume claims when their stateful set is deleted, or when their
                pod is scaled down.

              podManagementPolicy	<string>
              enum: OrderedReady, Parallel
                podManagementPolicy controls how pods are created during initial scale up,
                when replacing pods on nodes, or when scaling down. The default policy is
                `OrderedReady`, where pods are created in increasing order (pod-0, then
                pod-1, etc) and the controller will wait until each pod is ready before
                continuing. When scaling down, the pods are removed in the opposite order.
                The alternative policy is `Parallel` which will create pods in parallel to
                match the desired scale without waiting, and on scale down will delete all
                pods at once.
            ␣␣␣␣
                Possible enum values:
                 - `"OrderedReady"` will create pods in strictly increasing order on scale
                up and strictly decreasing order on scale down, progressing only when the
                previous pod is ready or terminated. At most one pod will be changed at any
                time.
                 - `"Parallel"` will create and delete pods as soon as the stateful set
                replica count is changed, and will not wait for pods to be ready or complete
                termination.

              replicas	<integer>
                replicas is the desired number of replicas of the given Template. These are
                replicas in the sense that they are instantiations of the same Template, but
                individual replicas also have a consistent identity. If unspecified,
                defaults to 1.

              revisionHistoryLimit	<integer>
                revisionHistoryLimit is the maximum number of revisions that will be
                maintained in the StatefulSet's revision history. The revision history
                consists of all revisions not represented by a currently applied
                StatefulSetSpec version. The default value is 10.

              selector	<LabelSelector> -required-
                selector is a label query over pods that should match the replica count. It
                must match the pod template's labels. More info:
                https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors

              serviceName	<string>
                serviceName is the name of the service that governs this StatefulSet. This
                service must exist before the StatefulSet, and is responsible for the
                network identity of the set. Pods get DNS/hostnames that follow the pattern:
                pod-specific-string.serviceName.default.svc.cluster.local where
                "pod-specific-string" is managed by the StatefulSet controller.

              template	<PodTemplateSpec> -required-
                template is the object that describes the pod that will be created if
                insufficient replicas are detected. Each pod stamped out by the StatefulSet
                will fulfill this Template, but have a unique identity from the rest of the
                StatefulSet. Each pod will be named with the format
                <statefulsetname>-<podindex>. For example, a pod in a StatefulSet named
                "web" with index number "3" would be named "web-3". The only allowed
                template.spec.restartPolicy value is "Always".

              updateStrategy	<StatefulSetUpdateStrategy>
                updateStrategy indicates the StatefulSetUpdateStrategy that will be employed
                to update Pods in the StatefulSet when a revision is made to Template.

              volumeClaimTemplates	<[]PersistentVolumeClaim>
                volumeClaimTemplates is a list of claims that pods are allowed to reference.
                The StatefulSet controller is responsible for mapping network identities to
                claims in a way that maintains the identity of a pod. Every claim in this
                list must have at least one matching (by name) volumeMount in one container
                in the template. A claim in this list takes precedence over any volumes in
                the template, with the same name.


        "#]],
    );
}

#[test]
fn explain_statefulset_spec_replicas() {
    check_explain(
        STS,
        &["spec", "replicas"],
        false,
        expect![[r#"
            GROUP:      apps
            KIND:       StatefulSet
            VERSION:    v1

            FIELD: replicas <integer>


            DESCRIPTION:
                replicas is the desired number of replicas of the given Template. These are
                replicas in the sense that they are instantiations of the same Template, but
                individual replicas also have a consistent identity. If unspecified,
                defaults to 1.
            ␣␣␣␣

        "#]],
    );
}

#[test]
fn explain_enum_field() {
    check_explain(
        STS,
        &["spec", "podManagementPolicy"],
        false,
        expect![[r#"
            GROUP:      apps
            KIND:       StatefulSet
            VERSION:    v1

            FIELD: podManagementPolicy <string>
            ENUM:
                OrderedReady
                Parallel

            DESCRIPTION:
                podManagementPolicy controls how pods are created during initial scale up,
                when replacing pods on nodes, or when scaling down. The default policy is
                `OrderedReady`, where pods are created in increasing order (pod-0, then
                pod-1, etc) and the controller will wait until each pod is ready before
                continuing. When scaling down, the pods are removed in the opposite order.
                The alternative policy is `Parallel` which will create pods in parallel to
                match the desired scale without waiting, and on scale down will delete all
                pods at once.
            ␣␣␣␣
                Possible enum values:
                 - `"OrderedReady"` will create pods in strictly increasing order on scale
                up and strictly decreasing order on scale down, progressing only when the
                previous pod is ready or terminated. At most one pod will be changed at any
                time.
                 - `"Parallel"` will create and delete pods as soon as the stateful set
                replica count is changed, and will not wait for pods to be ready or complete
                termination.
            ␣␣␣␣

        "#]],
    );
}

#[test]
fn explain_pvc_spec_resources() {
    check_explain(
        PVC,
        &["spec", "resources"],
        false,
        expect![[r#"
            KIND:       PersistentVolumeClaim
            VERSION:    v1

            FIELD: resources <VolumeResourceRequirements>


            DESCRIPTION:
                resources represents the minimum resources the volume should have. Users are
                allowed to specify resource requirements that are lower than previous value
                but must still be higher than capacity recorded in the status field of the
                claim. More info:
                https://kubernetes.io/docs/concepts/storage/persistent-volumes#resources
                VolumeResourceRequirements describes the storage resource requirements for a
                volume.
            ␣␣␣␣
            FIELDS:
              limits	<map[string]Quantity>
                Limits describes the maximum amount of compute resources allowed. More info:
                https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/

              requests	<map[string]Quantity>
                Requests describes the minimum amount of compute resources required. If
                Requests is omitted for a container, it defaults to Limits if that is
                explicitly specified, otherwise to an implementation-defined value. Requests
                cannot exceed Limits. More info:
                https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/


        "#]],
    );
}

#[test]
fn explain_pod_containers_recursive_first_lines() {
    let text = explain("", "v1", "Pod", &["spec", "containers"], true).unwrap_or_default();
    let first_lines: Vec<&str> = text.lines().take(40).collect();
    expect![[r#"
        KIND:       Pod
        VERSION:    v1

        FIELD: containers <[]Container>


        DESCRIPTION:
            List of containers belonging to the pod. Containers cannot currently be
            added or removed. There must be at least one container in a Pod. Cannot be
            updated.
            A single application container that you want to run within a pod.
        ␣␣␣␣
        FIELDS:
          args	<[]string>
          command	<[]string>
          env	<[]EnvVar>
            name	<string> -required-
            value	<string>
            valueFrom	<EnvVarSource>
              configMapKeyRef	<ConfigMapKeySelector>
                key	<string> -required-
                name	<string>
                optional	<boolean>
              fieldRef	<ObjectFieldSelector>
                apiVersion	<string>
                fieldPath	<string> -required-
              fileKeyRef	<FileKeySelector>
                key	<string> -required-
                optional	<boolean>
                path	<string> -required-
                volumeName	<string> -required-
              resourceFieldRef	<ResourceFieldSelector>
                containerName	<string>
                divisor	<Quantity>
                resource	<string> -required-
              secretKeyRef	<SecretKeySelector>
                key	<string> -required-
                name	<string>
                optional	<boolean>
          envFrom	<[]EnvFromSource>"#]]
    .assert_eq(&show_trailing_spaces(&first_lines.join("\n")));
}

#[test]
fn explain_unknown_field() {
    check_explain(
        STS,
        &["spec", "foo"],
        false,
        expect![[r#"ERR error: field "foo" does not exist"#]],
    );
    check_explain(
        STS,
        &["foo", "bar"],
        false,
        expect![[r#"ERR error: field "bar" does not exist"#]],
    );
    check_explain(
        POD,
        &["metadata", "labels", "app"],
        false,
        expect![[r#"ERR error: field "app" does not exist"#]],
    );
    check_explain(
        ("apps", "v1", "Deployment"),
        &[],
        false,
        expect![
            "ERR error: GVK map[group:apps kind:Deployment version:v1] not found in OpenAPI schema"
        ],
    );
}

#[test]
fn explain_field_without_kept_description() {
    check_explain(
        POD,
        &["spec", "containers", "env", "valueFrom"],
        false,
        expect![[r#"
        KIND:       Pod
        VERSION:    v1

        FIELD: valueFrom <EnvVarSource>


        DESCRIPTION:
            <empty>
        FIELDS:
          configMapKeyRef	<ConfigMapKeySelector>

          fieldRef	<ObjectFieldSelector>

          fileKeyRef	<FileKeySelector>

          resourceFieldRef	<ResourceFieldSelector>

          secretKeyRef	<SecretKeySelector>


    "#]],
    );
}

/// JSON values of bounded depth, with keys that sometimes hit real field names.
fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|number| json!(number)),
        any::<f64>().prop_map(|number| json!(number)),
        "[a-zA-Z0-9.:+-]{0,12}".prop_map(Value::String),
    ];
    let keys = prop_oneof![
        Just("apiVersion".to_string()),
        Just("metadata".to_string()),
        Just("spec".to_string()),
        Just("template".to_string()),
        Just("containers".to_string()),
        Just("resources".to_string()),
        Just("requests".to_string()),
        Just("replicas".to_string()),
        Just("creationTimestamp".to_string()),
        Just("volumeClaimTemplates".to_string()),
        Just("updateStrategy".to_string()),
        Just("rollingUpdate".to_string()),
        Just("maxUnavailable".to_string()),
        "[a-z]{1,8}",
    ];
    leaf.prop_recursive(6, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..5)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn check_strict_never_panics(object in arbitrary_json()) {
        for (api_version, kind) in [("apps/v1", "StatefulSet"), ("v1", "Pod"), ("v1", "PersistentVolumeClaim")] {
            let _ = check_strict(api_version, kind, &object);
            let _ = decode_problems(api_version, kind, &object);
        }
    }

    #[test]
    fn quantities_and_times_never_panic(text in "\\PC{0,24}") {
        let _ = quantity::check_quantity(&text);
        let _ = gotime::check_time(&gotime::RFC3339, &text);
        let _ = gotime::check_time(&gotime::RFC3339_MICRO, &text);
        let _ = explain::wrap(&text, 5);
    }
}
