//! Admission errors as users see them: each case creates (or replaces) one object and shows
//! what `kubectl` prints (§3.1 of the behaviour reference) and, on the second line, the raw
//! server message that other clients and controller events quote.
//!
//! The expected texts are the upstream messages of §3.2–§3.6 (v1.35 wording where versions
//! differ, see `validation.rs`); the rendering rules are checked against §3.1.

use expect_test::{expect, Expect};
use serde_json::{json, Value};
use sts_playground::sim::api::{self, DeleteOptions};
use sts_playground::sim::model::{Kind, Object};
use sts_playground::sim::store::{ApiError, ObjectKey};
use sts_playground::sim::world::{Cluster, Preset};

fn object(value: Value) -> Object {
    let kind = Kind::from_api_version_kind(
        value["apiVersion"].as_str().unwrap_or_default(),
        value["kind"].as_str().unwrap_or_default(),
    )
    .expect("known kind");
    Object::from_json(kind, value).expect("decodes")
}

fn describe(result: Result<String, ApiError>) -> String {
    match result {
        Ok(done) => done,
        Err(error) => format!(
            "{}\n  server: {}",
            api::kubectl_error_text(&error),
            error.server_message()
        ),
    }
}

fn create(cluster: &mut Cluster, value: Value) -> String {
    describe(
        api::create(cluster, object(value))
            .map(|key| format!("created {}/{}", key.kind.name(), key.name)),
    )
}

fn replace(cluster: &mut Cluster, value: Value) -> String {
    describe(api::update(cluster, object(value)).map(|()| "replaced".to_string()))
}

/// The StatefulSet of the tutorial notes, as a JSON value to change one field at a time.
fn notes_sts() -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "StatefulSet",
        "metadata": {"name": "web"},
        "spec": {
            "serviceName": "nginx",
            "replicas": 2,
            "selector": {"matchLabels": {"app": "nginx"}},
            "template": {
                "metadata": {"labels": {"app": "nginx"}},
                "spec": {"containers": [{
                    "name": "nginx", "image": "registry.k8s.io/nginx-slim:0.8",
                    "ports": [{"containerPort": 80, "name": "web"}],
                    "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]
                }]}
            },
            "volumeClaimTemplates": [{
                "metadata": {"name": "www"},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}
            }]
        }
    })
}

fn sts_with(change: impl FnOnce(&mut Value)) -> Value {
    let mut value = notes_sts();
    change(&mut value);
    value
}

fn check(cases: Vec<(&str, String)>, expect: Expect) {
    let text: Vec<String> = cases
        .into_iter()
        .map(|(name, outcome)| format!("## {name}\n{outcome}"))
        .collect();
    expect.assert_eq(&(text.join("\n") + "\n"));
}

#[test]
fn statefulset_create_rules() {
    let mut c = Cluster::new(Preset::Kubeadm, 1);
    let long = "a".repeat(64);
    let cases = vec![
        (
            "upper-case name",
            create(&mut c, sts_with(|v| v["metadata"]["name"] = json!("Web"))),
        ),
        (
            "dotted name",
            create(
                &mut c,
                sts_with(|v| v["metadata"]["name"] = json!("web.v1")),
            ),
        ),
        (
            "long name",
            create(&mut c, sts_with(|v| v["metadata"]["name"] = json!(long))),
        ),
        (
            "no name",
            create(
                &mut c,
                sts_with(|v| {
                    v["metadata"].as_object_mut().unwrap().remove("name");
                }),
            ),
        ),
        (
            "negative replicas",
            create(&mut c, sts_with(|v| v["spec"]["replicas"] = json!(-1))),
        ),
        (
            "negative minReadySeconds",
            create(
                &mut c,
                sts_with(|v| v["spec"]["minReadySeconds"] = json!(-1)),
            ),
        ),
        (
            "negative ordinals.start",
            create(
                &mut c,
                sts_with(|v| v["spec"]["ordinals"] = json!({"start": -1})),
            ),
        ),
        (
            "negative partition",
            create(
                &mut c,
                sts_with(|v| {
                    v["spec"]["updateStrategy"] =
                        json!({"type": "RollingUpdate", "rollingUpdate": {"partition": -1}})
                }),
            ),
        ),
        (
            "maxUnavailable 0",
            create(
                &mut c,
                sts_with(|v| {
                    v["spec"]["updateStrategy"] = json!({"rollingUpdate": {"maxUnavailable": 0}})
                }),
            ),
        ),
        (
            "maxUnavailable 150%",
            create(
                &mut c,
                sts_with(|v| {
                    v["spec"]["updateStrategy"] =
                        json!({"rollingUpdate": {"maxUnavailable": "150%"}})
                }),
            ),
        ),
        (
            "maxUnavailable x%",
            create(
                &mut c,
                sts_with(|v| {
                    v["spec"]["updateStrategy"] = json!({"rollingUpdate": {"maxUnavailable": "x%"}})
                }),
            ),
        ),
        (
            "podManagementPolicy Foo",
            create(
                &mut c,
                sts_with(|v| v["spec"]["podManagementPolicy"] = json!("Foo")),
            ),
        ),
        (
            "updateStrategy Foo",
            create(
                &mut c,
                sts_with(|v| v["spec"]["updateStrategy"] = json!({"type": "Foo"})),
            ),
        ),
        (
            "OnDelete with rollingUpdate",
            create(
                &mut c,
                sts_with(|v| {
                    v["spec"]["updateStrategy"] =
                        json!({"type": "OnDelete", "rollingUpdate": {"partition": 1}})
                }),
            ),
        ),
        (
            "retention Keep",
            create(
                &mut c,
                sts_with(|v| {
                    v["spec"]["persistentVolumeClaimRetentionPolicy"] =
                        json!({"whenDeleted": "Keep"})
                }),
            ),
        ),
        (
            "no selector",
            create(
                &mut c,
                sts_with(|v| {
                    v["spec"].as_object_mut().unwrap().remove("selector");
                }),
            ),
        ),
        (
            "empty selector",
            create(&mut c, sts_with(|v| v["spec"]["selector"] = json!({}))),
        ),
        (
            "selector does not match",
            create(
                &mut c,
                sts_with(|v| v["spec"]["selector"] = json!({"matchLabels": {"app": "web"}})),
            ),
        ),
        (
            "restartPolicy OnFailure",
            create(
                &mut c,
                sts_with(|v| v["spec"]["template"]["spec"]["restartPolicy"] = json!("OnFailure")),
            ),
        ),
        (
            "activeDeadlineSeconds",
            create(
                &mut c,
                sts_with(|v| v["spec"]["template"]["spec"]["activeDeadlineSeconds"] = json!(30)),
            ),
        ),
        (
            "serviceName not a label",
            create(
                &mut c,
                sts_with(|v| v["spec"]["serviceName"] = json!("Nginx_Svc")),
            ),
        ),
        (
            "bad template label key",
            create(
                &mut c,
                sts_with(|v| v["spec"]["template"]["metadata"]["labels"]["bad key"] = json!("x")),
            ),
        ),
        (
            "bad metadata label value and annotation key",
            create(
                &mut c,
                sts_with(|v| {
                    v["metadata"]["labels"] = json!({"app": "-web"});
                    v["metadata"]["annotations"] = json!({"example.com/a/b": "x"});
                }),
            ),
        ),
        (
            "bad generateName",
            create(
                &mut c,
                sts_with(|v| {
                    v["metadata"].as_object_mut().unwrap().remove("name");
                    v["metadata"]["generateName"] = json!("Web-");
                }),
            ),
        ),
        (
            "unknown finalizer",
            create(
                &mut c,
                sts_with(|v| v["metadata"]["finalizers"] = json!(["keep-me"])),
            ),
        ),
        (
            "playground replica limit",
            create(&mut c, sts_with(|v| v["spec"]["replicas"] = json!(5001))),
        ),
        (
            "several at once",
            create(
                &mut c,
                sts_with(|v| {
                    v["metadata"]["name"] = json!("Web");
                    v["spec"]["replicas"] = json!(-1);
                    v["spec"]["podManagementPolicy"] = json!("Foo");
                }),
            ),
        ),
        ("valid", create(&mut c, notes_sts())),
        ("again", create(&mut c, notes_sts())),
    ];
    check(
        cases,
        expect![[r###"
            ## upper-case name
            The StatefulSet "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
              server: StatefulSet.apps "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
            ## dotted name
            The StatefulSet "web.v1" is invalid: metadata.name: Invalid value: "web.v1": must not contain dots
              server: StatefulSet.apps "web.v1" is invalid: metadata.name: Invalid value: "web.v1": must not contain dots
            ## long name
            The StatefulSet "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" is invalid: metadata.name: Invalid value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": must be no more than 63 characters
              server: StatefulSet.apps "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" is invalid: metadata.name: Invalid value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": must be no more than 63 characters
            ## no name
            The StatefulSet "" is invalid: metadata.name: Required value: name or generateName is required
              server: StatefulSet.apps "" is invalid: metadata.name: Required value: name or generateName is required
            ## negative replicas
            The StatefulSet "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0
              server: StatefulSet.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0
            ## negative minReadySeconds
            The StatefulSet "web" is invalid: spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0
              server: StatefulSet.apps "web" is invalid: spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0
            ## negative ordinals.start
            The StatefulSet "web" is invalid: spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0
              server: StatefulSet.apps "web" is invalid: spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0
            ## negative partition
            The StatefulSet "web" is invalid: spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0
              server: StatefulSet.apps "web" is invalid: spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0
            ## maxUnavailable 0
            The StatefulSet "web" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0
              server: StatefulSet.apps "web" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0
            ## maxUnavailable 150%
            The StatefulSet "web" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%
              server: StatefulSet.apps "web" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%
            ## maxUnavailable x%
            The StatefulSet "web" is invalid: 
            * spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "x%": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')
            * spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "x%": cannot be 0
              server: StatefulSet.apps "web" is invalid: [spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "x%": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%'), spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "x%": cannot be 0]
            ## podManagementPolicy Foo
            The StatefulSet "web" is invalid: spec.podManagementPolicy: Invalid value: "Foo": must be 'OrderedReady' or 'Parallel'
              server: StatefulSet.apps "web" is invalid: spec.podManagementPolicy: Invalid value: "Foo": must be 'OrderedReady' or 'Parallel'
            ## updateStrategy Foo
            The StatefulSet "web" is invalid: spec.updateStrategy: Invalid value: {"Type":"Foo","RollingUpdate":null}: must be 'RollingUpdate' or 'OnDelete'
              server: StatefulSet.apps "web" is invalid: spec.updateStrategy: Invalid value: {"Type":"Foo","RollingUpdate":null}: must be 'RollingUpdate' or 'OnDelete'
            ## OnDelete with rollingUpdate
            The StatefulSet "web" is invalid: spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":1,"MaxUnavailable":null}: only allowed for updateStrategy 'RollingUpdate'
              server: StatefulSet.apps "web" is invalid: spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":1,"MaxUnavailable":null}: only allowed for updateStrategy 'RollingUpdate'
            ## retention Keep
            The StatefulSet "web" is invalid: spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"
              server: StatefulSet.apps "web" is invalid: spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"
            ## no selector
            The StatefulSet "web" is invalid: 
            * spec.selector: Required value
            * spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`
              server: StatefulSet.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`]
            ## empty selector
            The StatefulSet "web" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for statefulset
              server: StatefulSet.apps "web" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for statefulset
            ## selector does not match
            The StatefulSet "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`
              server: StatefulSet.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`
            ## restartPolicy OnFailure
            The StatefulSet "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"
              server: StatefulSet.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"
            ## activeDeadlineSeconds
            The StatefulSet "web" is invalid: spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported
              server: StatefulSet.apps "web" is invalid: spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported
            ## serviceName not a label
            The StatefulSet "web" is invalid: spec.serviceName: Invalid value: "Nginx_Svc": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
              server: StatefulSet.apps "web" is invalid: spec.serviceName: Invalid value: "Nginx_Svc": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
            ## bad template label key
            The StatefulSet "web" is invalid: spec.template.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')
              server: StatefulSet.apps "web" is invalid: spec.template.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')
            ## bad metadata label value and annotation key
            The StatefulSet "web" is invalid: 
            * metadata.labels: Invalid value: "-web": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')
            * metadata.annotations: Invalid value: "example.com/a/b": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')
              server: StatefulSet.apps "web" is invalid: [metadata.labels: Invalid value: "-web": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?'), metadata.annotations: Invalid value: "example.com/a/b": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')]
            ## bad generateName
            The StatefulSet "Web-qrmmm" is invalid: 
            * metadata.generateName: Invalid value: "Web-": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
            * metadata.name: Invalid value: "Web-qrmmm": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
              server: StatefulSet.apps "Web-qrmmm" is invalid: [metadata.generateName: Invalid value: "Web-": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?'), metadata.name: Invalid value: "Web-qrmmm": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')]
            ## unknown finalizer
            The StatefulSet "web" is invalid: metadata.finalizers[0]: Invalid value: "keep-me": name is neither a standard finalizer name nor is it fully qualified
              server: StatefulSet.apps "web" is invalid: metadata.finalizers[0]: Invalid value: "keep-me": name is neither a standard finalizer name nor is it fully qualified
            ## playground replica limit
            The StatefulSet "web" is invalid: spec.replicas: Invalid value: 5001: must be no more than 5000 in the playground (a limit of this simulator, not of Kubernetes)
              server: StatefulSet.apps "web" is invalid: spec.replicas: Invalid value: 5001: must be no more than 5000 in the playground (a limit of this simulator, not of Kubernetes)
            ## several at once
            The StatefulSet "Web" is invalid: 
            * metadata.name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
            * spec.podManagementPolicy: Invalid value: "Foo": must be 'OrderedReady' or 'Parallel'
            * spec.replicas: Invalid value: -1: must be greater than or equal to 0
              server: StatefulSet.apps "Web" is invalid: [metadata.name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?'), spec.podManagementPolicy: Invalid value: "Foo": must be 'OrderedReady' or 'Parallel', spec.replicas: Invalid value: -1: must be greater than or equal to 0]
            ## valid
            created StatefulSet/web
            ## again
            Error from server (AlreadyExists): statefulsets.apps "web" already exists
              server: statefulsets.apps "web" already exists
        "###]],
    );
}

#[test]
fn statefulset_update_rules() {
    let mut c = Cluster::new(Preset::Kubeadm, 1);
    create(&mut c, notes_sts());
    let cases = vec![
        (
            "claim template size",
            replace(
                &mut c,
                sts_with(|v| {
                    v["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]
                        ["storage"] = json!("2Gi")
                }),
            ),
        ),
        (
            "serviceName",
            replace(
                &mut c,
                sts_with(|v| v["spec"]["serviceName"] = json!("other")),
            ),
        ),
        (
            "podManagementPolicy",
            replace(
                &mut c,
                sts_with(|v| v["spec"]["podManagementPolicy"] = json!("Parallel")),
            ),
        ),
        (
            "immutable and invalid",
            replace(
                &mut c,
                sts_with(|v| {
                    v["spec"]["selector"] = json!({"matchLabels": {"app": "web"}});
                }),
            ),
        ),
        (
            "replicas, template, strategy, history, retention, minReadySeconds, ordinals",
            replace(
                &mut c,
                sts_with(|v| {
                    v["spec"]["replicas"] = json!(5);
                    v["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginx:1.25");
                    v["spec"]["updateStrategy"] = json!({"type": "OnDelete"});
                    v["spec"]["revisionHistoryLimit"] = json!(3);
                    v["spec"]["persistentVolumeClaimRetentionPolicy"] =
                        json!({"whenScaled": "Delete"});
                    v["spec"]["minReadySeconds"] = json!(5);
                    v["spec"]["ordinals"] = json!({"start": 1});
                }),
            ),
        ),
        (
            "stale resourceVersion",
            replace(
                &mut c,
                sts_with(|v| v["metadata"]["resourceVersion"] = json!("1")),
            ),
        ),
        (
            "missing object",
            replace(&mut c, sts_with(|v| v["metadata"]["name"] = json!("nope"))),
        ),
    ];
    check(
        cases,
        expect![[r###"
        ## claim template size
        The StatefulSet "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden
          server: StatefulSet.apps "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden
        ## serviceName
        The StatefulSet "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden
          server: StatefulSet.apps "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden
        ## podManagementPolicy
        The StatefulSet "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden
          server: StatefulSet.apps "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden
        ## immutable and invalid
        The StatefulSet "web" is invalid: 
        * spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`
        * spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden
          server: StatefulSet.apps "web" is invalid: [spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`, spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden]
        ## replicas, template, strategy, history, retention, minReadySeconds, ordinals
        replaced
        ## stale resourceVersion
        Error from server (Conflict): Operation cannot be fulfilled on statefulsets.apps "web": the object has been modified; please apply your changes to the latest version and try again
          server: Operation cannot be fulfilled on statefulsets.apps "web": the object has been modified; please apply your changes to the latest version and try again
        ## missing object
        Error from server (NotFound): statefulsets.apps "nope" not found
          server: statefulsets.apps "nope" not found
    "###]],
    );
}

fn claim(spec: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"}, "spec": spec})
}

#[test]
fn claim_rules() {
    let mut c = Cluster::new(Preset::Kind, 1);
    let cases = vec![
        (
            "no access modes",
            create(
                &mut c,
                claim(json!({"resources": {"requests": {"storage": "1Gi"}}})),
            ),
        ),
        (
            "unknown access mode",
            create(
                &mut c,
                claim(json!({
                    "accessModes": ["ReadWriteSometimes"], "resources": {"requests": {"storage": "1Gi"}}
                })),
            ),
        ),
        (
            "ReadWriteOncePod with another mode",
            create(
                &mut c,
                claim(json!({
                    "accessModes": ["ReadWriteOncePod", "ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}
                })),
            ),
        ),
        (
            "no storage request",
            create(&mut c, claim(json!({"accessModes": ["ReadWriteOnce"]}))),
        ),
        (
            "zero storage request",
            create(
                &mut c,
                claim(json!({
                    "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "0"}}
                })),
            ),
        ),
        (
            "bad volume mode",
            create(
                &mut c,
                claim(json!({
                    "accessModes": ["ReadWriteOnce"], "volumeMode": "Raw", "resources": {"requests": {"storage": "1Gi"}}
                })),
            ),
        ),
        (
            "valid",
            create(
                &mut c,
                claim(json!({
                    "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}
                })),
            ),
        ),
        (
            "change of class",
            replace(
                &mut c,
                claim(json!({
                    "accessModes": ["ReadWriteOnce"], "storageClassName": "fast", "resources": {"requests": {"storage": "1Gi"}}
                })),
            ),
        ),
        (
            "growing an unbound claim",
            replace(
                &mut c,
                claim(json!({
                    "accessModes": ["ReadWriteOnce"], "storageClassName": "standard", "resources": {"requests": {"storage": "2Gi"}}
                })),
            ),
        ),
    ];
    check(
        cases,
        expect![[r###"
        ## no access modes
        The PersistentVolumeClaim "data" is invalid: spec.accessModes: Required value: at least 1 access mode is required
          server: PersistentVolumeClaim "data" is invalid: spec.accessModes: Required value: at least 1 access mode is required
        ## unknown access mode
        The PersistentVolumeClaim "data" is invalid: spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"
          server: PersistentVolumeClaim "data" is invalid: spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"
        ## ReadWriteOncePod with another mode
        The PersistentVolumeClaim "data" is invalid: spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes
          server: PersistentVolumeClaim "data" is invalid: spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes
        ## no storage request
        The PersistentVolumeClaim "data" is invalid: spec.resources[storage]: Required value
          server: PersistentVolumeClaim "data" is invalid: spec.resources[storage]: Required value
        ## zero storage request
        The PersistentVolumeClaim "data" is invalid: spec.resources[storage]: Invalid value: "0": must be greater than zero
          server: PersistentVolumeClaim "data" is invalid: spec.resources[storage]: Invalid value: "0": must be greater than zero
        ## bad volume mode
        The PersistentVolumeClaim "data" is invalid: spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"
          server: PersistentVolumeClaim "data" is invalid: spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"
        ## valid
        created PersistentVolumeClaim/data
        ## change of class
        The PersistentVolumeClaim "data" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims
          core.PersistentVolumeClaimSpec{
          	... // 2 identical fields
        - 	StorageClassName: "standard",
        + 	StorageClassName: "fast",
          	... // 1 identical field
          }
          server: PersistentVolumeClaim "data" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims
          core.PersistentVolumeClaimSpec{
          	... // 2 identical fields
        - 	StorageClassName: "standard",
        + 	StorageClassName: "fast",
          	... // 1 identical field
          }
        ## growing an unbound claim
        The PersistentVolumeClaim "data" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims
          core.PersistentVolumeClaimSpec{
          	... // 1 identical field
        - 	Resources: {"requests":{"storage":"1Gi"}},
        + 	Resources: {"requests":{"storage":"2Gi"}},
          	... // 2 identical fields
          }
          server: PersistentVolumeClaim "data" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims
          core.PersistentVolumeClaimSpec{
          	... // 1 identical field
        - 	Resources: {"requests":{"storage":"1Gi"}},
        + 	Resources: {"requests":{"storage":"2Gi"}},
          	... // 2 identical fields
          }
    "###]],
    );
}

fn volume(name: &str, spec: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": name}, "spec": spec})
}

#[test]
fn volume_rules() {
    let mut c = Cluster::new(Preset::Kubeadm, 1);
    let nfs = json!({"path": "/data/volumes/v1", "server": "k8s-master"});
    let cases = vec![
        (
            "nothing but a source",
            create(&mut c, volume("pv1", json!({"nfs": nfs}))),
        ),
        (
            "no source",
            create(
                &mut c,
                volume(
                    "pv1",
                    json!({
                        "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}
                    }),
                ),
            ),
        ),
        (
            "two sources",
            create(
                &mut c,
                volume(
                    "pv1",
                    json!({
                        "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"},
                        "nfs": nfs, "hostPath": {"path": "/tmp/x"}
                    }),
                ),
            ),
        ),
        (
            "reclaim policy",
            create(
                &mut c,
                volume(
                    "pv1",
                    json!({
                        "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}, "nfs": nfs,
                        "persistentVolumeReclaimPolicy": "Keep"
                    }),
                ),
            ),
        ),
        (
            "nfs without server, relative path",
            create(
                &mut c,
                volume(
                    "pv1",
                    json!({
                        "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}, "nfs": {"path": "data"}
                    }),
                ),
            ),
        ),
        (
            "capacity other than storage",
            create(
                &mut c,
                volume(
                    "pv1",
                    json!({
                        "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi", "cpu": "1"}, "nfs": nfs
                    }),
                ),
            ),
        ),
        (
            "valid",
            create(
                &mut c,
                volume(
                    "pv1",
                    json!({
                        "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}, "nfs": nfs
                    }),
                ),
            ),
        ),
        (
            "change of source",
            replace(
                &mut c,
                volume(
                    "pv1",
                    json!({
                        "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"},
                        "nfs": {"path": "/data/volumes/v9", "server": "k8s-master"}
                    }),
                ),
            ),
        ),
    ];
    check(
        cases,
        expect![[r###"
        ## nothing but a source
        The PersistentVolume "pv1" is invalid: 
        * spec.accessModes: Required value
        * spec.capacity: Required value
        * spec.capacity: Unsupported value: {}: supported values: "storage"
          server: PersistentVolume "pv1" is invalid: [spec.accessModes: Required value, spec.capacity: Required value, spec.capacity: Unsupported value: {}: supported values: "storage"]
        ## no source
        The PersistentVolume "pv1" is invalid: spec: Required value: must specify a volume type
          server: PersistentVolume "pv1" is invalid: spec: Required value: must specify a volume type
        ## two sources
        The PersistentVolume "pv1" is invalid: spec.nfs: Forbidden: may not specify more than 1 volume type
          server: PersistentVolume "pv1" is invalid: spec.nfs: Forbidden: may not specify more than 1 volume type
        ## reclaim policy
        The PersistentVolume "pv1" is invalid: spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"
          server: PersistentVolume "pv1" is invalid: spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"
        ## nfs without server, relative path
        The PersistentVolume "pv1" is invalid: 
        * spec.nfs.server: Required value
        * spec.nfs.path: Invalid value: "data": must be an absolute path
          server: PersistentVolume "pv1" is invalid: [spec.nfs.server: Required value, spec.nfs.path: Invalid value: "data": must be an absolute path]
        ## capacity other than storage
        The PersistentVolume "pv1" is invalid: spec.capacity: Unsupported value: {"cpu":"1","storage":"1Gi"}: supported values: "storage"
          server: PersistentVolume "pv1" is invalid: spec.capacity: Unsupported value: {"cpu":"1","storage":"1Gi"}: supported values: "storage"
        ## valid
        created PersistentVolume/pv1
        ## change of source
        The PersistentVolume "pv1" is invalid: spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation
          core.PersistentVolumeSource{
        - 	NFS: {"path":"/data/volumes/v1","server":"k8s-master"},
        + 	NFS: {"path":"/data/volumes/v9","server":"k8s-master"},
          }
          server: PersistentVolume "pv1" is invalid: spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation
          core.PersistentVolumeSource{
        - 	NFS: {"path":"/data/volumes/v1","server":"k8s-master"},
        + 	NFS: {"path":"/data/volumes/v9","server":"k8s-master"},
          }
    "###]],
    );
}

fn service(name: &str, spec: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name}, "spec": spec})
}

#[test]
fn service_rules() {
    let mut c = Cluster::new(Preset::Kubeadm, 1);
    let cases = vec![
        (
            "no ports",
            create(&mut c, service("web", json!({"selector": {"app": "web"}}))),
        ),
        (
            "headless without ports",
            create(
                &mut c,
                service(
                    "headless",
                    json!({"clusterIP": "None", "selector": {"app": "web"}}),
                ),
            ),
        ),
        (
            "name not DNS-1035",
            create(&mut c, service("1web", json!({"ports": [{"port": 80}]}))),
        ),
        (
            "port out of range",
            create(&mut c, service("web", json!({"ports": [{"port": 70000}]}))),
        ),
        (
            "bad protocol",
            create(
                &mut c,
                service("web", json!({"ports": [{"port": 80, "protocol": "HTTP"}]})),
            ),
        ),
        (
            "two ports without names",
            create(
                &mut c,
                service("web", json!({"ports": [{"port": 80}, {"port": 443}]})),
            ),
        ),
        (
            "duplicate port",
            create(
                &mut c,
                service(
                    "web",
                    json!({"ports": [{"port": 80, "name": "a"}, {"port": 80, "name": "b"}]}),
                ),
            ),
        ),
        (
            "bad type",
            create(
                &mut c,
                service("web", json!({"type": "Cluster", "ports": [{"port": 80}]})),
            ),
        ),
        (
            "clusterIP outside the range",
            create(
                &mut c,
                service(
                    "web",
                    json!({"clusterIP": "192.168.0.10", "ports": [{"port": 80}]}),
                ),
            ),
        ),
        (
            "clusterIP taken",
            create(
                &mut c,
                service(
                    "web",
                    json!({"clusterIP": "10.96.0.1", "ports": [{"port": 80}]}),
                ),
            ),
        ),
        (
            "dual stack on a single-stack cluster",
            create(
                &mut c,
                service(
                    "web",
                    json!({"ipFamilyPolicy": "RequireDualStack", "ports": [{"port": 80}]}),
                ),
            ),
        ),
        (
            "clusterIP not an IP",
            create(
                &mut c,
                service("web", json!({"clusterIP": "ten", "ports": [{"port": 80}]})),
            ),
        ),
        (
            "valid",
            create(
                &mut c,
                service(
                    "web",
                    json!({"ports": [{"port": 80}], "selector": {"app": "web"}}),
                ),
            ),
        ),
        (
            "clusterIP changed",
            replace(
                &mut c,
                service("web", json!({"clusterIP": "None", "ports": [{"port": 80}]})),
            ),
        ),
        (
            "clusterIP left out keeps the allocated one",
            replace(&mut c, service("web", json!({"ports": [{"port": 8080}]}))),
        ),
    ];
    check(
        cases,
        expect![[r###"
            ## no ports
            The Service "web" is invalid: spec.ports: Required value
              server: Service "web" is invalid: spec.ports: Required value
            ## headless without ports
            created Service/headless
            ## name not DNS-1035
            The Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')
              server: Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')
            ## port out of range
            The Service "web" is invalid: 
            * spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive
            * spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive
              server: Service "web" is invalid: [spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive]
            ## bad protocol
            The Service "web" is invalid: spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"
              server: Service "web" is invalid: spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"
            ## two ports without names
            The Service "web" is invalid: 
            * spec.ports[0].name: Required value
            * spec.ports[1].name: Required value
              server: Service "web" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]
            ## duplicate port
            The Service "web" is invalid: spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}
              server: Service "web" is invalid: spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}
            ## bad type
            The Service "web" is invalid: spec.type: Unsupported value: "Cluster": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"
              server: Service "web" is invalid: spec.type: Unsupported value: "Cluster": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"
            ## clusterIP outside the range
            The Service "web" is invalid: spec.clusterIPs: Invalid value: ["192.168.0.10"]: failed to allocate IP 192.168.0.10: the provided IP (192.168.0.10) is not in the valid range. The range of valid IPs is 10.96.0.0/12
              server: Service "web" is invalid: spec.clusterIPs: Invalid value: ["192.168.0.10"]: failed to allocate IP 192.168.0.10: the provided IP (192.168.0.10) is not in the valid range. The range of valid IPs is 10.96.0.0/12
            ## clusterIP taken
            The Service "web" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.1"]: failed to allocate IP 10.96.0.1: provided IP is already allocated
              server: Service "web" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.1"]: failed to allocate IP 10.96.0.1: provided IP is already allocated
            ## dual stack on a single-stack cluster
            The Service "web" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services
              server: Service "web" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services
            ## clusterIP not an IP
            The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "ten": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)
              server: Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "ten": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)
            ## valid
            created Service/web
            ## clusterIP changed
            The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set
              server: Service "web" is invalid: spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set
            ## clusterIP left out keeps the allocated one
            replaced
        "###]],
    );
}

fn pod(spec: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-0"}, "spec": spec})
}

#[test]
fn pod_rules_met_by_controllers() {
    let mut c = Cluster::new(Preset::Kubeadm, 1);
    let revision_hash = format!("{}-6c48bdd8df", "a".repeat(56));
    let cases = vec![
        (
            "mount of a volume that does not exist",
            create(
                &mut c,
                pod(json!({"containers": [{
                    "name": "nginx", "image": "nginx", "volumeMounts": [{"name": "html", "mountPath": "/usr/share/nginx/html"}]
                }]})),
            ),
        ),
        (
            "no image",
            create(&mut c, pod(json!({"containers": [{"name": "nginx"}]}))),
        ),
        (
            "no containers",
            create(&mut c, pod(json!({"containers": []}))),
        ),
        (
            "container name not a label",
            create(
                &mut c,
                pod(json!({"containers": [{"name": "Nginx", "image": "nginx"}]})),
            ),
        ),
        (
            "hostname and subdomain",
            create(
                &mut c,
                pod(json!({
                    "hostname": "web.0", "subdomain": "Nginx", "containers": [{"name": "nginx", "image": "nginx"}]
                })),
            ),
        ),
        (
            "label value too long (§1.17)",
            create(
                &mut c,
                json!({
                    "apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": "web-0", "labels": {"controller-revision-hash": revision_hash}},
                    "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}
                }),
            ),
        ),
        (
            "unknown priority class",
            create(
                &mut c,
                pod(json!({
                    "priorityClassName": "gold", "containers": [{"name": "nginx", "image": "nginx"}]
                })),
            ),
        ),
        (
            "into a namespace that does not exist",
            create(
                &mut c,
                json!({
                    "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-0", "namespace": "prod"},
                    "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}
                }),
            ),
        ),
        (
            "resourceVersion on create",
            create(
                &mut c,
                json!({
                    "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-0", "resourceVersion": "5"},
                    "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}
                }),
            ),
        ),
    ];
    check(
        cases,
        expect![[r###"
            ## mount of a volume that does not exist
            The Pod "web-0" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "html"
              server: Pod "web-0" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "html"
            ## no image
            The Pod "web-0" is invalid: spec.containers[0].image: Required value
              server: Pod "web-0" is invalid: spec.containers[0].image: Required value
            ## no containers
            The Pod "web-0" is invalid: spec.containers: Required value
              server: Pod "web-0" is invalid: spec.containers: Required value
            ## container name not a label
            The Pod "web-0" is invalid: spec.containers[0].name: Invalid value: "Nginx": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
              server: Pod "web-0" is invalid: spec.containers[0].name: Invalid value: "Nginx": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
            ## hostname and subdomain
            The Pod "web-0" is invalid: 
            * spec.hostname: Invalid value: "web.0": must not contain dots
            * spec.subdomain: Invalid value: "Nginx": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
              server: Pod "web-0" is invalid: [spec.hostname: Invalid value: "web.0": must not contain dots, spec.subdomain: Invalid value: "Nginx": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')]
            ## label value too long (§1.17)
            The Pod "web-0" is invalid: metadata.labels: Invalid value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-6c48bdd8df": must be no more than 63 bytes
              server: Pod "web-0" is invalid: metadata.labels: Invalid value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-6c48bdd8df": must be no more than 63 bytes
            ## unknown priority class
            Error from server (Forbidden): pods "web-0" is forbidden: no PriorityClass with name gold was found
              server: pods "web-0" is forbidden: no PriorityClass with name gold was found
            ## into a namespace that does not exist
            Error from server (NotFound): namespaces "prod" not found
              server: namespaces "prod" not found
            ## resourceVersion on create
            Error from server: resourceVersion should not be set on objects to be created
              server: resourceVersion should not be set on objects to be created
        "###]],
    );
    // The form a StatefulSet controller event quotes (§1.17).
    let error = api::create(
        &mut c,
        object(pod(json!({"containers": [{
            "name": "nginx", "image": "nginx",
            "volumeMounts": [{"name": "html", "mountPath": "/usr/share/nginx/html"}]
        }]}))),
    )
    .unwrap_err();
    expect![[r#"create Pod web-0 in StatefulSet web failed error: Pod "web-0" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "html""#]]
        .assert_eq(&format!(
            "create Pod web-0 in StatefulSet web failed error: {}",
            error.server_message()
        ));
}

#[test]
fn storage_class_and_namespace_rules() {
    let mut c = Cluster::new(Preset::Kind, 1);
    let class = |name: &str, extra: Value| {
        let mut v = json!({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": name}});
        if let (Some(map), Some(more)) = (v.as_object_mut(), extra.as_object()) {
            map.extend(more.clone());
        }
        v
    };
    let cases = vec![
        ("no provisioner", create(&mut c, class("fast", json!({})))),
        (
            "reclaim policy Recycle",
            create(
                &mut c,
                class(
                    "fast",
                    json!({"provisioner": "example.com/fast", "reclaimPolicy": "Recycle"}),
                ),
            ),
        ),
        (
            "binding mode",
            create(
                &mut c,
                class(
                    "fast",
                    json!({"provisioner": "example.com/fast", "volumeBindingMode": "Later"}),
                ),
            ),
        ),
        (
            "valid",
            create(
                &mut c,
                class(
                    "fast",
                    json!({"provisioner": "example.com/fast", "parameters": {"type": "ssd"}}),
                ),
            ),
        ),
        (
            "parameters and provisioner changed",
            replace(
                &mut c,
                class(
                    "fast",
                    json!({"provisioner": "example.com/slow", "parameters": {"type": "hdd"}}),
                ),
            ),
        ),
        (
            "namespace name",
            create(
                &mut c,
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "Prod"}}),
            ),
        ),
        (
            "namespace",
            create(
                &mut c,
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "prod"}}),
            ),
        ),
    ];
    check(
        cases,
        expect![[r###"
        ## no provisioner
        The StorageClass "fast" is invalid: provisioner: Required value
          server: StorageClass.storage.k8s.io "fast" is invalid: provisioner: Required value
        ## reclaim policy Recycle
        The StorageClass "fast" is invalid: reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"
          server: StorageClass.storage.k8s.io "fast" is invalid: reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"
        ## binding mode
        The StorageClass "fast" is invalid: volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"
          server: StorageClass.storage.k8s.io "fast" is invalid: volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"
        ## valid
        created StorageClass/fast
        ## parameters and provisioner changed
        The StorageClass "fast" is invalid: 
        * parameters: Forbidden: updates to parameters are forbidden.
        * provisioner: Forbidden: updates to provisioner are forbidden.
          server: StorageClass.storage.k8s.io "fast" is invalid: [parameters: Forbidden: updates to parameters are forbidden., provisioner: Forbidden: updates to provisioner are forbidden.]
        ## namespace name
        The Namespace "Prod" is invalid: metadata.name: Invalid value: "Prod": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
          server: Namespace "Prod" is invalid: metadata.name: Invalid value: "Prod": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
        ## namespace
        created Namespace/prod
    "###]],
    );
    let key = ObjectKey::new(Kind::Namespace, "", "default");
    let error = api::delete(&mut c, &key, DeleteOptions::default()).unwrap_err();
    expect![[r#"Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted"#]]
        .assert_eq(&api::kubectl_error_text(&error));
}
