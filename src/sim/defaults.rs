//! Defaulting: the values the API server fills in, both when it decodes an object (the scheme
//! defaults of `pkg/apis/core/v1/defaults.go`, `pkg/apis/apps/v1/defaults.go`,
//! `pkg/apis/storage/v1/defaults.go` and the generated `zz_generated.defaults.go`) and in the
//! mutating admission plugins that run on create (`ServiceAccount`, `Priority`,
//! `DefaultTolerationSeconds`, `DefaultStorageClass`, `StorageObjectInUseProtection`).
//!
//! Everything here is what a user sees in `kubectl get -o yaml` without having written it:
//! `restartPolicy: Always`, `terminationMessagePath: /dev/termination-log`, `resources: {}`,
//! the `kube-api-access-xxxxx` volume, the two `NoExecute` tolerations, `volumeMode:
//! Filesystem`, a StatefulSet's `rollingUpdate: {partition: 0}`, and so on.
//!
//! Version notes (v1.34/1.35): the `MaxUnavailableStatefulSet` gate is off, so no
//! `maxUnavailable` is defaulted; `creationTimestamp: null` no longer appears in templates
//! (the model omits it); StatefulSet claim templates carry `apiVersion: v1` and `kind:
//! PersistentVolumeClaim`.
//!
//! Left out: defaults of volume plugins the simulation does not model (iSCSI, RBD, Azure…),
//! host-network port defaulting for templates (gate off by default), pod-level resources, the
//! `ServiceAccount` objects themselves (every namespace is taken to have a `default` one that
//! allows token mounting), and PriorityClasses other than the two system classes.
//!
//! Architecture Invariant: every function here is idempotent (defaulting an already defaulted
//! object changes nothing), which is what makes a no-op `kubectl apply` a no-op; only the
//! admission functions that name things (`kube-api-access-…`) draw from the cluster's seeded
//! random source.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::sim::clock::Rng;
use crate::sim::model::{
    Container, Extra, IntOrString, Namespace, Object, PersistentVolume, PersistentVolumeClaim, Pod,
    PodSpec, PodTemplateSpec, Probe, Service, StatefulSet, StorageClass, Toleration, Volume,
};
use crate::sim::quantity::Quantity;
use crate::sim::store::ApiError;

/// Where every container gets the service account token mounted.
pub const SERVICE_ACCOUNT_TOKEN_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
/// The annotation that marks the default StorageClass.
pub const IS_DEFAULT_CLASS_ANNOTATION: &str = "storageclass.kubernetes.io/is-default-class";
const BETA_IS_DEFAULT_CLASS_ANNOTATION: &str = "storageclass.beta.kubernetes.io/is-default-class";
const BETA_STORAGE_CLASS_ANNOTATION: &str = "volume.beta.kubernetes.io/storage-class";
pub const PVC_PROTECTION_FINALIZER: &str = "kubernetes.io/pvc-protection";
pub const PV_PROTECTION_FINALIZER: &str = "kubernetes.io/pv-protection";
/// The letters `utilrand.String` draws generated-name suffixes from (no vowels, no look-alikes).
const NAME_SUFFIX_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

fn is_blank(value: Option<&str>) -> bool {
    value.is_none_or(str::is_empty)
}

fn set_if_blank(slot: &mut Option<String>, value: &str) {
    if is_blank(slot.as_deref()) {
        *slot = Some(value.to_string());
    }
}

/// Sets `extra[key]` when it is absent, null or an empty string.
fn extra_default(extra: &mut Extra, key: &str, value: Value) {
    let blank = match extra.get(key) {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        _ => false,
    };
    if blank {
        extra.insert(key.to_string(), value);
    }
}

/// Defaults applied to every object when it is decoded (on create and on update).
pub fn apply_defaults(object: &mut Object) {
    match object {
        Object::StatefulSet(set) => default_stateful_set(set),
        Object::Pod(pod) => default_pod(pod),
        Object::PersistentVolumeClaim(claim) => {
            // A top-level claim's apiVersion and kind are those of its kind, not data.
            claim.extra.remove("apiVersion");
            claim.extra.remove("kind");
            default_persistent_volume_claim(claim);
        }
        Object::PersistentVolume(volume) => default_persistent_volume(volume),
        Object::Service(service) => default_service(service),
        Object::StorageClass(class) => default_storage_class(class),
        Object::Namespace(namespace) => default_namespace(namespace),
        Object::Endpoints(endpoints) => {
            for subset in &mut endpoints.subsets {
                for port in &mut subset.ports {
                    set_if_blank(&mut port.protocol, "TCP");
                }
            }
        }
        Object::Node(_)
        | Object::ControllerRevision(_)
        | Object::ConfigMap(_)
        | Object::Event(_) => {}
    }
}

/// `SetDefaults_StatefulSet` plus the generated defaults of its template and claim templates.
pub fn default_stateful_set(set: &mut StatefulSet) {
    let spec = &mut set.spec;
    set_if_blank(&mut spec.pod_management_policy, "OrderedReady");
    let strategy = spec.update_strategy.get_or_insert_with(Default::default);
    if is_blank(strategy.type_.as_deref()) {
        strategy.type_ = Some("RollingUpdate".into());
        if strategy.rolling_update.is_none() {
            strategy.rolling_update = Some(Default::default());
        }
    }
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        if let Some(rolling) = &mut strategy.rolling_update {
            if rolling.partition.is_none() {
                rolling.partition = Some(0);
            }
        }
    }
    let policy = spec
        .persistent_volume_claim_retention_policy
        .get_or_insert_with(Default::default);
    set_if_blank(&mut policy.when_deleted, "Retain");
    set_if_blank(&mut policy.when_scaled, "Retain");
    if spec.replicas.is_none() {
        spec.replicas = Some(1);
    }
    if spec.revision_history_limit.is_none() {
        spec.revision_history_limit = Some(10);
    }
    default_pod_template(&mut spec.template);
    for template in &mut spec.volume_claim_templates {
        template
            .extra
            .entry("apiVersion")
            .or_insert_with(|| json!("v1"));
        template
            .extra
            .entry("kind")
            .or_insert_with(|| json!("PersistentVolumeClaim"));
        default_persistent_volume_claim(template);
    }
}

pub fn default_pod_template(template: &mut PodTemplateSpec) {
    default_pod_spec(&mut template.spec, false);
}

/// `SetDefaults_Pod` and the defaults of its spec.
pub fn default_pod(pod: &mut Pod) {
    default_pod_spec(&mut pod.spec, true);
}

/// `SetDefaults_PodSpec` (and, for a pod, the pod-only parts of `SetDefaults_Pod`).
pub fn default_pod_spec(spec: &mut PodSpec, is_pod: bool) {
    extra_default(&mut spec.extra, "dnsPolicy", json!("ClusterFirst"));
    set_if_blank(&mut spec.restart_policy, "Always");
    if spec.extra.get("securityContext").is_none_or(Value::is_null) {
        spec.extra.insert("securityContext".into(), json!({}));
    }
    if spec.termination_grace_period_seconds.is_none() {
        spec.termination_grace_period_seconds = Some(30);
    }
    extra_default(&mut spec.extra, "schedulerName", json!("default-scheduler"));
    // `serviceAccount` is the deprecated alias of `serviceAccountName`; the server keeps them
    // equal (conversion), and the new name wins when both are set.
    let account = spec
        .extra
        .get("serviceAccountName")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .or_else(|| {
            spec.extra
                .get("serviceAccount")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        });
    if let Some(account) = account {
        spec.extra
            .insert("serviceAccountName".into(), json!(account.clone()));
        spec.extra.insert("serviceAccount".into(), json!(account));
    }
    let host_network = spec.extra.get("hostNetwork").and_then(Value::as_bool) == Some(true);
    for container in spec
        .init_containers
        .iter_mut()
        .chain(spec.containers.iter_mut())
    {
        default_container(container);
        if is_pod {
            default_requests_from_limits(container);
            if host_network {
                for port in &mut container.ports {
                    let host_port = port.extra.get("hostPort").and_then(Value::as_i64);
                    if host_port.is_none_or(|p| p == 0) {
                        port.extra
                            .insert("hostPort".into(), json!(port.container_port));
                    }
                }
            }
        }
    }
    for volume in &mut spec.volumes {
        default_volume(volume);
    }
    if is_pod
        && spec
            .extra
            .get("enableServiceLinks")
            .is_none_or(Value::is_null)
    {
        spec.extra.insert("enableServiceLinks".into(), json!(true));
    }
}

/// The tag of an image reference as the defaulting code sees it: untagged means `latest`, a
/// digest without a tag or an unparsable reference means no tag at all.
pub fn image_tag(image: &str) -> Option<String> {
    if image.is_empty() || image.chars().any(|c| c.is_whitespace()) {
        return None;
    }
    let (name, digest) = match image.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (image, None),
    };
    let last_slash = name.rfind('/').map_or(0, |i| i + 1);
    let (repository, tag) = match name[last_slash..].rfind(':') {
        Some(i) => (&name[..last_slash + i], Some(&name[last_slash + i + 1..])),
        None => (name, None),
    };
    // The repository path (after an optional registry host) must be lower case.
    let path = match repository.split_once('/') {
        Some((host, rest)) if host.contains('.') || host.contains(':') || host == "localhost" => {
            rest
        }
        _ => repository,
    };
    let path_ok = !path.is_empty()
        && path
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-/".contains(&b));
    if !path_ok || tag == Some("") || digest == Some("") {
        return None;
    }
    match (tag, digest) {
        (Some(tag), _) => Some(tag.to_string()),
        (None, Some(_)) => None,
        (None, None) => Some("latest".to_string()),
    }
}

/// `Always` for `:latest` or untagged images, `IfNotPresent` otherwise.
pub fn image_pull_policy(image: &str) -> &'static str {
    if image_tag(image).as_deref() == Some("latest") {
        "Always"
    } else {
        "IfNotPresent"
    }
}

/// `SetDefaults_Container` and the defaults of what a container holds.
pub fn default_container(container: &mut Container) {
    if is_blank(container.image_pull_policy.as_deref()) {
        container.image_pull_policy = Some(image_pull_policy(&container.image).to_string());
    }
    extra_default(
        &mut container.extra,
        "terminationMessagePath",
        json!("/dev/termination-log"),
    );
    extra_default(
        &mut container.extra,
        "terminationMessagePolicy",
        json!("File"),
    );
    match container.extra.get_mut("resources") {
        None | Some(Value::Null) => {
            container.extra.insert("resources".into(), json!({}));
        }
        Some(resources) => canonicalize_resources(resources),
    }
    for port in &mut container.ports {
        set_if_blank(&mut port.protocol, "TCP");
    }
    for probe in [
        &mut container.liveness_probe,
        &mut container.readiness_probe,
        &mut container.startup_probe,
    ]
    .into_iter()
    .flatten()
    {
        default_probe(probe);
    }
    if let Some(lifecycle) = container.extra.get_mut("lifecycle") {
        for hook in ["postStart", "preStop"] {
            if let Some(http) = lifecycle.get_mut(hook).and_then(|h| h.get_mut("httpGet")) {
                default_http_get_json(http);
            }
        }
    }
    for var in &mut container.env {
        if let Some(field_ref) = var
            .extra
            .get_mut("valueFrom")
            .and_then(|v| v.get_mut("fieldRef"))
            .and_then(Value::as_object_mut)
        {
            object_default(field_ref, "apiVersion", json!("v1"));
        }
    }
}

fn object_default(map: &mut Map<String, Value>, key: &str, value: Value) {
    let blank = match map.get(key) {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        _ => false,
    };
    if blank {
        map.insert(key.to_string(), value);
    }
}

fn default_http_get_json(http: &mut Value) {
    if let Some(map) = http.as_object_mut() {
        object_default(map, "path", json!("/"));
        object_default(map, "scheme", json!("HTTP"));
    }
}

/// `SetDefaults_Probe`, `SetDefaults_HTTPGetAction` and the gRPC service default.
pub fn default_probe(probe: &mut Probe) {
    for slot in [
        (&mut probe.timeout_seconds, 1),
        (&mut probe.period_seconds, 10),
        (&mut probe.success_threshold, 1),
        (&mut probe.failure_threshold, 3),
    ] {
        if slot.0.is_none_or(|v| v == 0) {
            *slot.0 = Some(slot.1);
        }
    }
    if let Some(http) = &mut probe.http_get {
        set_if_blank(&mut http.path, "/");
        set_if_blank(&mut http.scheme, "HTTP");
    }
    if let Some(grpc) = probe.extra.get_mut("grpc").and_then(Value::as_object_mut) {
        if grpc.get("service").is_none_or(Value::is_null) {
            grpc.insert("service".into(), json!(""));
        }
    }
}

/// Quantities inside `resources` are stored in canonical form (`0.5` → `500m`), as every
/// quantity the server writes back.
fn canonicalize_resources(resources: &mut Value) {
    for list in ["limits", "requests"] {
        let Some(map) = resources.get_mut(list).and_then(Value::as_object_mut) else {
            continue;
        };
        for value in map.values_mut() {
            if let Some(q) = quantity_of(value) {
                *value = Value::String(q.canonical());
            }
        }
    }
}

fn quantity_of(value: &Value) -> Option<Quantity> {
    match value {
        Value::String(s) => Quantity::parse(s).ok(),
        Value::Number(n) => Quantity::parse(&n.to_string()).ok(),
        _ => None,
    }
}

/// `SetDefaults_Pod`: a limit without a request makes the request equal to the limit.
fn default_requests_from_limits(container: &mut Container) {
    // Look before writing: the container's extra fields are shared with its template's, and
    // a write would copy them.
    let has_limits = container
        .extra
        .get("resources")
        .and_then(|r| r.get("limits"))
        .and_then(Value::as_object)
        .is_some_and(|limits| !limits.is_empty());
    if !has_limits {
        return;
    }
    let Some(resources) = container
        .extra
        .get_mut("resources")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let Some(limits) = resources.get("limits").and_then(Value::as_object).cloned() else {
        return;
    };
    if limits.is_empty() {
        return;
    }
    let requests = resources
        .entry("requests")
        .or_insert_with(|| Value::Object(Map::new()));
    if requests.is_null() {
        *requests = Value::Object(Map::new());
    }
    if let Some(requests) = requests.as_object_mut() {
        for (name, value) in limits {
            requests.entry(name).or_insert(value);
        }
    }
}

/// `SetDefaults_Volume` and the defaults of the volume sources we know.
pub fn default_volume(volume: &mut Volume) {
    let has_source = volume.persistent_volume_claim.is_some()
        || volume.extra.iter().any(|(_, value)| !value.is_null());
    if !has_source {
        volume.extra.insert("emptyDir".into(), json!({}));
    }
    for source in ["configMap", "secret", "downwardAPI", "projected"] {
        if let Some(map) = volume.extra.get_mut(source).and_then(Value::as_object_mut) {
            object_default(map, "defaultMode", json!(420));
        }
    }
    if let Some(map) = volume
        .extra
        .get_mut("hostPath")
        .and_then(Value::as_object_mut)
    {
        if map.get("type").is_none_or(Value::is_null) {
            map.insert("type".into(), json!(""));
        }
    }
    if let Some(sources) = volume
        .extra
        .get_mut("projected")
        .and_then(|p| p.get_mut("sources"))
        .and_then(Value::as_array_mut)
    {
        for source in sources {
            if let Some(token) = source
                .get_mut("serviceAccountToken")
                .and_then(Value::as_object_mut)
            {
                object_default(token, "expirationSeconds", json!(3600));
            }
            default_downward_items(source.get_mut("downwardAPI"));
        }
    }
    default_downward_items(volume.extra.get_mut("downwardAPI"));
}

fn default_downward_items(source: Option<&mut Value>) {
    let Some(items) = source
        .and_then(|s| s.get_mut("items"))
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for item in items {
        if let Some(field_ref) = item.get_mut("fieldRef").and_then(Value::as_object_mut) {
            object_default(field_ref, "apiVersion", json!("v1"));
        }
    }
}

/// `SetDefaults_PersistentVolumeClaim` and `SetDefaults_PersistentVolumeClaimSpec`.
pub fn default_persistent_volume_claim(claim: &mut PersistentVolumeClaim) {
    set_if_blank(&mut claim.spec.volume_mode, "Filesystem");
    set_if_blank(&mut claim.status.phase, "Pending");
}

/// `SetDefaults_PersistentVolume`.
pub fn default_persistent_volume(volume: &mut PersistentVolume) {
    set_if_blank(&mut volume.status.phase, "Pending");
    set_if_blank(&mut volume.spec.persistent_volume_reclaim_policy, "Retain");
    set_if_blank(&mut volume.spec.volume_mode, "Filesystem");
    if let Some(map) = volume
        .spec
        .extra
        .get_mut("hostPath")
        .and_then(Value::as_object_mut)
    {
        if map.get("type").is_none_or(Value::is_null) {
            map.insert("type".into(), json!(""));
        }
    }
}

/// `SetDefaults_Service` (the allocated fields, cluster IPs and node ports, are the registry's
/// business: see `api::create`).
pub fn default_service(service: &mut Service) {
    let spec = &mut service.spec;
    extra_default(&mut spec.extra, "sessionAffinity", json!("None"));
    match spec.extra.get("sessionAffinity").and_then(Value::as_str) {
        Some("None") => {
            spec.extra.remove("sessionAffinityConfig");
        }
        Some("ClientIP") => {
            let has_timeout = spec
                .extra
                .get("sessionAffinityConfig")
                .and_then(|c| c.get("clientIP"))
                .and_then(|c| c.get("timeoutSeconds"))
                .is_some_and(|t| !t.is_null());
            if !has_timeout {
                spec.extra.insert(
                    "sessionAffinityConfig".into(),
                    json!({"clientIP": {"timeoutSeconds": 10800}}),
                );
            }
        }
        _ => {}
    }
    set_if_blank(&mut spec.type_, "ClusterIP");
    for port in &mut spec.ports {
        set_if_blank(&mut port.protocol, "TCP");
        let blank_target = match &port.target_port {
            None => true,
            Some(IntOrString::Int(0)) => true,
            Some(IntOrString::String(s)) => s.is_empty(),
            Some(_) => false,
        };
        if blank_target {
            port.target_port = Some(IntOrString::Int(port.port as i64));
        }
    }
    let type_ = spec.type_.clone().unwrap_or_default();
    let externally_accessible = type_ == "LoadBalancer"
        || type_ == "NodePort"
        || (type_ == "ClusterIP" && !spec.external_ips.is_empty());
    if externally_accessible {
        extra_default(&mut spec.extra, "externalTrafficPolicy", json!("Cluster"));
    }
    if ["NodePort", "LoadBalancer", "ClusterIP"].contains(&type_.as_str())
        && spec
            .extra
            .get("internalTrafficPolicy")
            .is_none_or(Value::is_null)
    {
        spec.extra
            .insert("internalTrafficPolicy".into(), json!("Cluster"));
    }
    if type_ == "LoadBalancer"
        && spec
            .extra
            .get("allocateLoadBalancerNodePorts")
            .is_none_or(Value::is_null)
    {
        spec.extra
            .insert("allocateLoadBalancerNodePorts".into(), json!(true));
    }
}

/// `SetDefaults_StorageClass`.
pub fn default_storage_class(class: &mut StorageClass) {
    set_if_blank(&mut class.reclaim_policy, "Delete");
    set_if_blank(&mut class.volume_binding_mode, "Immediate");
}

/// `SetDefaults_Namespace` and `SetDefaults_NamespaceStatus`.
pub fn default_namespace(namespace: &mut Namespace) {
    if !namespace.metadata.name.is_empty() {
        namespace.metadata.labels.insert(
            "kubernetes.io/metadata.name".into(),
            namespace.metadata.name.clone(),
        );
    }
    set_if_blank(&mut namespace.status.phase, "Active");
}

// ---------------------------------------------------------------------------------------------
// Mutating admission (create only)
// ---------------------------------------------------------------------------------------------

/// `names.SimpleNameGenerator`: the base cut to 58 bytes, then five random letters.
pub fn generate_name(base: &str, rng: &mut Rng) -> String {
    const MAX_BASE: usize = 63 - 5;
    let mut cut = base.len().min(MAX_BASE);
    while cut > 0 && !base.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut name = base[..cut].to_string();
    for _ in 0..5 {
        let index = rng.range(0, NAME_SUFFIX_ALPHABET.len() as u64 - 1) as usize;
        name.push(NAME_SUFFIX_ALPHABET[index.min(NAME_SUFFIX_ALPHABET.len() - 1)] as char);
    }
    name
}

/// The `ServiceAccount` admission plugin: the `default` account, and the projected token
/// volume mounted into every container that does not already mount something there.
pub fn admit_service_account(pod: &mut Pod, rng: &mut Rng) {
    let spec: &mut PodSpec = &mut pod.spec;
    extra_default(&mut spec.extra, "serviceAccountName", json!("default"));
    let account = spec
        .extra
        .get("serviceAccountName")
        .cloned()
        .unwrap_or(json!("default"));
    spec.extra.insert("serviceAccount".into(), account);
    if spec
        .extra
        .get("automountServiceAccountToken")
        .and_then(Value::as_bool)
        == Some(false)
    {
        return;
    }
    let existing = spec
        .volumes
        .iter()
        .find(|v| v.name.starts_with("kube-api-access-"))
        .map(|v| v.name.clone());
    let has_token_volume = existing.is_some();
    let volume_name = existing.unwrap_or_else(|| generate_name("kube-api-access-", rng));
    let mut needs_volume = false;
    for container in spec
        .init_containers
        .iter_mut()
        .chain(spec.containers.iter_mut())
    {
        let mounted = container
            .volume_mounts
            .iter()
            .any(|m| m.mount_path == SERVICE_ACCOUNT_TOKEN_MOUNT_PATH);
        if !mounted {
            container
                .volume_mounts
                .push(crate::sim::model::VolumeMount {
                    name: volume_name.clone(),
                    mount_path: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH.into(),
                    read_only: Some(true),
                    ..Default::default()
                });
            needs_volume = true;
        }
    }
    if !has_token_volume && needs_volume {
        spec.volumes.push(Volume {
            name: volume_name,
            extra: token_volume_source(),
            ..Default::default()
        });
    }
}

/// The projected source of the service account token volume: the same for every pod, so
/// built once and shared (it is a dozen small JSON maps per pod otherwise).
fn token_volume_source() -> Extra {
    static SOURCE: std::sync::OnceLock<Extra> = std::sync::OnceLock::new();
    SOURCE
        .get_or_init(|| {
            [(
                "projected".to_string(),
                json!({
                    "defaultMode": 420,
                    "sources": [
                        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                        {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                        {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}},
                    ],
                }),
            )]
            .into_iter()
            .collect()
        })
        .clone()
}

/// The `Priority` admission plugin: priority from the PriorityClass (only the two system
/// classes exist; without a class and without a global default the priority is 0).
pub fn admit_priority(pod: &mut Pod) -> Result<(), ApiError> {
    let name = pod.metadata.name.clone();
    let spec = &mut pod.spec;
    let class = spec
        .extra
        .get("priorityClassName")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let priority: i64 = match class.as_str() {
        "" => 0,
        "system-node-critical" => 2_000_001_000,
        "system-cluster-critical" => 2_000_000_000,
        other => {
            return Err(ApiError::forbidden(format!(
                "pods \"{name}\" is forbidden: no PriorityClass with name {other} was found"
            )))
        }
    };
    if let Some(given) = spec.extra.get("priority").and_then(Value::as_i64) {
        if given != priority {
            return Err(ApiError::forbidden(format!(
                "pods \"{name}\" is forbidden: the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name"
            )));
        }
    }
    spec.extra.insert("priority".into(), json!(priority));
    extra_default(
        &mut spec.extra,
        "preemptionPolicy",
        json!("PreemptLowerPriority"),
    );
    Ok(())
}

/// The `DefaultTolerationSeconds` admission plugin: tolerate `not-ready` and `unreachable`
/// nodes for 300 s unless the pod already says something about them.
pub fn admit_default_toleration_seconds(pod: &mut Pod) {
    let tolerates = |key: &str, tolerations: &[Toleration]| {
        tolerations.iter().any(|t| {
            let t_key = t.key.as_deref().unwrap_or("");
            let effect = t.effect.as_deref().unwrap_or("");
            (t_key == key || t_key.is_empty()) && (effect == "NoExecute" || effect.is_empty())
        })
    };
    for key in [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ] {
        if !tolerates(key, &pod.spec.tolerations) {
            pod.spec.tolerations.push(Toleration {
                key: Some(key.into()),
                operator: Some("Exists".into()),
                value: None,
                effect: Some("NoExecute".into()),
                toleration_seconds: Some(300),
            });
        }
    }
}

/// Whether a StorageClass is marked default (GA or beta annotation).
pub fn is_default_class(class: &StorageClass) -> bool {
    [
        IS_DEFAULT_CLASS_ANNOTATION,
        BETA_IS_DEFAULT_CLASS_ANNOTATION,
    ]
    .iter()
    .any(|key| {
        class
            .metadata
            .annotations
            .get(key)
            .is_some_and(|v| v == "true")
    })
}

/// `GetDefaultClass`: the newest default class (by creation time, then by name).
pub fn default_class<'a>(
    classes: impl Iterator<Item = &'a StorageClass>,
) -> Option<&'a StorageClass> {
    let mut best: Option<&StorageClass> = None;
    for class in classes.filter(|c| is_default_class(c)) {
        best = match best {
            None => Some(class),
            Some(current) => {
                let newer = class.metadata.creation_timestamp > current.metadata.creation_timestamp;
                let tie = class.metadata.creation_timestamp == current.metadata.creation_timestamp
                    && class.metadata.name < current.metadata.name;
                if newer || tie {
                    Some(class)
                } else {
                    Some(current)
                }
            }
        };
    }
    best
}

/// The `DefaultStorageClass` admission plugin: a claim that does not name a class (not even
/// `""`) gets the default class, if there is one.
pub fn admit_default_storage_class(claim: &mut PersistentVolumeClaim, default_class: Option<&str>) {
    if claim.spec.storage_class_name.is_some()
        || claim
            .metadata
            .annotations
            .contains_key(BETA_STORAGE_CLASS_ANNOTATION)
    {
        return;
    }
    if let Some(name) = default_class {
        claim.spec.storage_class_name = Some(name.to_string());
    }
}

/// The `StorageObjectInUseProtection` admission plugin.
pub fn admit_protection_finalizer(object: &mut Object) {
    let finalizer = match object {
        Object::PersistentVolumeClaim(_) => PVC_PROTECTION_FINALIZER,
        Object::PersistentVolume(_) => PV_PROTECTION_FINALIZER,
        _ => return,
    };
    let finalizers = &mut object.meta_mut().finalizers;
    if !finalizers.iter().any(|f| f == finalizer) {
        finalizers.push(finalizer.to_string());
    }
}

/// `qos.GetPodQOS`: BestEffort without any CPU or memory request or limit, Guaranteed when
/// every container limits both and requests equal limits, Burstable otherwise.
pub fn pod_qos_class(spec: &PodSpec) -> &'static str {
    let mut any = false;
    let mut guaranteed = true;
    for container in spec.init_containers.iter().chain(spec.containers.iter()) {
        let resources = container.extra.get("resources");
        let list = |key: &str| -> BTreeMap<String, Quantity> {
            resources
                .and_then(|r| r.get(key))
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter(|(name, _)| name.as_str() == "cpu" || name.as_str() == "memory")
                        .filter_map(|(name, v)| quantity_of(v).map(|q| (name.clone(), q)))
                        .filter(|(_, q)| !q.is_zero() && !q.is_negative())
                        .collect()
                })
                .unwrap_or_default()
        };
        let requests = list("requests");
        let limits = list("limits");
        if !requests.is_empty() || !limits.is_empty() {
            any = true;
        }
        if !(limits.contains_key("cpu") && limits.contains_key("memory")) {
            guaranteed = false;
        }
        if requests.iter().any(|(name, q)| limits.get(name) != Some(q))
            || requests.len() != limits.len()
        {
            guaranteed = false;
        }
    }
    if !any {
        "BestEffort"
    } else if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_policy_follows_the_tag() {
        assert_eq!(image_pull_policy("nginx"), "Always");
        assert_eq!(image_pull_policy("nginx:latest"), "Always");
        assert_eq!(image_pull_policy("nginx:1.13"), "IfNotPresent");
        assert_eq!(image_pull_policy("localhost:5000/nginx"), "Always");
        assert_eq!(
            image_pull_policy("registry.k8s.io/nginx-slim:0.8"),
            "IfNotPresent"
        );
        assert_eq!(image_pull_policy("nginx@sha256:abc"), "IfNotPresent");
        assert_eq!(image_pull_policy("Nginx"), "IfNotPresent");
        assert_eq!(image_pull_policy(""), "IfNotPresent");
        assert_eq!(image_pull_policy("nginx:"), "IfNotPresent");
    }

    #[test]
    fn generated_names_use_the_upstream_alphabet() {
        let mut rng = Rng::new(1);
        let name = generate_name("kube-api-access-", &mut rng);
        assert_eq!(name.len(), "kube-api-access-".len() + 5);
        assert!(name[16..]
            .bytes()
            .all(|b| NAME_SUFFIX_ALPHABET.contains(&b)));
        let long = "é".repeat(40);
        assert!(generate_name(&long, &mut rng).len() <= 63);
    }
}
