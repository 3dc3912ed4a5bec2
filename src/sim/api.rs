//! Admission: what the API server does between receiving an object and storing it —
//! namespace from the request, defaulting, mutating admission plugins, the registry's
//! create/update strategies (status reset, generation, allocated Service fields), validation,
//! protection finalizers, and the deletion options (grace period, propagation finalizers).
//!
//! Modelled on kubernetes/apiserver `pkg/registry/rest/create.go` / `update.go` and
//! `pkg/registry/generic/registry/store.go` (the order of the steps), the per-kind strategies in
//! kubernetes/kubernetes `pkg/registry/{apps/statefulset,core/pod,core/persistentvolumeclaim,
//! core/persistentvolume,core/service,core/namespace}/strategy.go`, the Service registry's IP
//! and port allocation (`pkg/registry/core/service/storage/alloc.go`), and the admission plugins
//! `NamespaceLifecycle`, `ServiceAccount`, `Priority`, `DefaultTolerationSeconds`,
//! `DefaultStorageClass`, `StorageObjectInUseProtection` and `PersistentVolumeClaimResize`.
//!
//! The order of a create is upstream's: namespace from the request → decode defaults
//! ([`defaults::apply_defaults`]) → `NamespaceLifecycle` → mutating plugins → generated name →
//! Service allocation (`BeginCreate`) → strategy `PrepareForCreate` → validation
//! ([`validation::validate_create`]) → storage (`AlreadyExists`, the playground's object limit).
//!
//! Writers: users (kubectl) and controllers both call [`update`] for a `PUT` of the main
//! resource — it keeps the stored `status` of kinds that have a status subresource, exactly as
//! the real main endpoint does. Controllers writing status call [`update_status`] (the
//! `/status` endpoint: only `status` is taken from the new object), or write through
//! `cluster.store` directly when they need no validation. [`modify`] and [`modify_status`] are
//! read-modify-write helpers over the two. The scheduler binds pods with [`bind`] (the
//! `/binding` subresource), since the main endpoint refuses a change of `spec.nodeName`.
//! [`kubectl_error_text`] renders an error the way kubectl prints it.
//!
//! Deletion: `Foreground` adds the `foregroundDeletion` finalizer and `Orphan` the `orphan`
//! finalizer; the garbage collector (`controllers::gc`) does the rest. A Namespace delete marks
//! it `Terminating`, deletes what it contains and removes it once it is empty
//! ([`sync_terminating_namespace`], to be called again when contents disappear later).
//!
//! Left out: optimistic-concurrency retries (a stale `resourceVersion` is a `Conflict`, as
//! upstream), field managers, dry-run, server-side apply, ResourceQuota and LimitRange,
//! PodSecurity, webhooks, dual-stack Services, health-check node ports.
//!
//! Playground rules (not Kubernetes): at most `validation::PLAYGROUND_REPLICAS_MAX` replicas per
//! StatefulSet, at most `store::OBJECT_COUNT_MAX` objects.
//!
//! Architecture Invariant: every object a user or a controller creates or replaces passes
//! through this module, so defaulting and validation apply uniformly; nothing here panics on
//! any object, and randomness (generated names, cluster IPs, node ports) comes only from
//! `cluster.rng`.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::sim::defaults;
use crate::sim::model::{Kind, Object, Service, Time};
use crate::sim::store::{ApiError, ObjectKey};
use crate::sim::validation::{self, invalid, invalid_error, Path};
use crate::sim::world::Cluster;

/// How a delete propagates to dependents (`--cascade`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Propagation {
    #[default]
    Background,
    Foreground,
    Orphan,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct DeleteOptions {
    pub grace_period_seconds: Option<i64>,
    pub propagation: Propagation,
}

/// The namespaces `NamespaceLifecycle` refuses to delete.
pub const IMMORTAL_NAMESPACES: &[&str] = &["default", "kube-system", "kube-public"];

/// The Service cluster IP range (`--service-cluster-ip-range` of kubeadm and kind).
pub const SERVICE_CIDR: &str = "10.96.0.0/12";
const SERVICE_CIDR_BASE: u32 = 0x0A60_0000; // 10.96.0.0
const SERVICE_CIDR_SIZE: u32 = 1 << 20;
/// The node port range (`--service-node-port-range`).
pub const NODE_PORT_MIN: i32 = 30000;
pub const NODE_PORT_MAX: i32 = 32767;
/// How many times a generated name is retried after a collision (`RetryGenerateName`).
const GENERATE_NAME_ATTEMPTS: usize = 8;

/// The namespace a create or update goes to: the object's own, else `default`.
fn object_namespace(object: &Object) -> String {
    match object.meta().namespace.as_deref() {
        Some(ns) if !ns.is_empty() => ns.to_string(),
        _ => "default".to_string(),
    }
}

/// Creates an object as `POST` does, in the object's namespace (or `default`).
pub fn create(cluster: &mut Cluster, object: Object) -> Result<ObjectKey, ApiError> {
    let namespace = object_namespace(&object);
    create_in(cluster, &namespace, object)
}

/// Creates an object as `POST /api/v1/namespaces/<request_namespace>/…` does: an object without
/// a namespace takes the request's; a different one is refused.
pub fn create_in(
    cluster: &mut Cluster,
    request_namespace: &str,
    mut object: Object,
) -> Result<ObjectKey, ApiError> {
    let kind = object.kind();
    if !object.meta().resource_version.is_empty() {
        // The storage layer refuses it with a plain error, which reaches the client as a
        // status without a reason (`Error from server: …`).
        return Err(ApiError::Status {
            reason: String::new(),
            message: "resourceVersion should not be set on objects to be created".into(),
        });
    }
    ensure_namespace_matches_request(kind, request_namespace, &mut object)?;
    defaults::apply_defaults(&mut object);
    check_namespace_lifecycle(cluster, &object)?;
    admit_create(cluster, &mut object)?;

    let generate_name = object
        .meta()
        .generate_name
        .clone()
        .filter(|g| !g.is_empty() && object.meta().name.is_empty());
    let attempts = if generate_name.is_some() {
        GENERATE_NAME_ATTEMPTS
    } else {
        1
    };
    let mut last_error = None;
    for _ in 0..attempts {
        let mut candidate = object.clone();
        if let Some(base) = &generate_name {
            let name = defaults::generate_name(base, &mut cluster.rng);
            candidate.meta_mut().name = name;
        }
        prepare_for_create(cluster, &mut candidate)?;
        let errors = validation::validate_create(&candidate);
        if !errors.is_empty() {
            return Err(invalid_error(kind, candidate.name(), &errors));
        }
        let now = cluster.now;
        match cluster.store.insert(candidate, now) {
            Err(ApiError::AlreadyExists { kind, name }) if generate_name.is_some() => {
                last_error = Some(ApiError::AlreadyExists { kind, name });
            }
            result => return result,
        }
    }
    Err(last_error.unwrap_or_else(|| ApiError::bad_request("could not generate a name")))
}

/// `EnsureObjectNamespaceMatchesRequestNamespace`.
fn ensure_namespace_matches_request(
    kind: Kind,
    request_namespace: &str,
    object: &mut Object,
) -> Result<(), ApiError> {
    let expected = if kind.namespaced() {
        request_namespace
    } else {
        ""
    };
    let meta = object.meta_mut();
    let current = meta.namespace.clone().unwrap_or_default();
    if current == expected {
    } else if current.is_empty() || expected.is_empty() {
        meta.namespace = if expected.is_empty() {
            None
        } else {
            Some(expected.to_string())
        };
    } else {
        return Err(ApiError::bad_request(
            "the namespace of the provided object does not match the namespace sent on the request",
        ));
    }
    if !kind.namespaced() {
        meta.namespace = None;
    }
    Ok(())
}

/// `NamespaceLifecycle`: content goes only into namespaces that exist and are not terminating.
fn check_namespace_lifecycle(cluster: &Cluster, object: &Object) -> Result<(), ApiError> {
    let kind = object.kind();
    if !kind.namespaced() {
        return Ok(());
    }
    let namespace = object.meta().namespace();
    let key = ObjectKey::new(Kind::Namespace, "", namespace);
    match cluster.store.get(&key) {
        None => Err(ApiError::not_found(Kind::Namespace, namespace)),
        Some(ns) if ns.meta().is_deleting() => Err(ApiError::forbidden(format!(
            "{} \"{}\" is forbidden: unable to create new content in namespace {namespace} because it is being terminated",
            kind.qualified_plural(),
            object.name()
        ))),
        Some(_) => Ok(()),
    }
}

/// The mutating admission plugins that act on creation.
fn admit_create(cluster: &mut Cluster, object: &mut Object) -> Result<(), ApiError> {
    match object {
        Object::Pod(pod) => {
            defaults::admit_service_account(pod, &mut cluster.rng);
            defaults::admit_priority(pod)?;
            defaults::admit_default_toleration_seconds(pod);
        }
        Object::PersistentVolumeClaim(claim) => {
            let class = defaults::default_class(
                cluster
                    .store
                    .list(Kind::StorageClass, None)
                    .filter_map(Object::as_storage_class),
            )
            .map(|c| c.metadata.name.clone());
            defaults::admit_default_storage_class(claim, class.as_deref());
        }
        _ => {}
    }
    defaults::admit_protection_finalizer(object);
    Ok(())
}

/// `BeginCreate` and `PrepareForCreate`: what the registry sets on every new object.
fn prepare_for_create(cluster: &mut Cluster, object: &mut Object) -> Result<(), ApiError> {
    let now = cluster.now;
    {
        let meta = object.meta_mut();
        meta.deletion_timestamp = None;
        meta.deletion_grace_period_seconds = None;
        // The store gives every new object a fresh uid and creation time.
        meta.uid.clear();
    }
    match object {
        Object::StatefulSet(set) => {
            set.status = Default::default();
            set.metadata.generation = Some(1);
        }
        Object::Pod(pod) => {
            pod.metadata.generation = Some(1);
            let qos = defaults::pod_qos_class(&pod.spec);
            pod.status = crate::sim::model::PodStatus {
                phase: Some("Pending".into()),
                qos_class: Some(qos.into()),
                ..Default::default()
            };
            let gated = pod
                .spec
                .extra
                .get("schedulingGates")
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty());
            if gated {
                pod.status.conditions.push(crate::sim::model::PodCondition {
                    type_: "PodScheduled".into(),
                    status: "False".into(),
                    last_probe_time: Some(Value::Null),
                    last_transition_time: Some(Time(now)),
                    reason: Some("SchedulingGated".into()),
                    message: Some("Scheduling is blocked due to non-empty scheduling gates".into()),
                });
            }
        }
        Object::PersistentVolumeClaim(claim) => {
            claim.status = crate::sim::model::PersistentVolumeClaimStatus {
                phase: Some("Pending".into()),
                ..Default::default()
            };
        }
        Object::PersistentVolume(volume) => {
            let mut status = crate::sim::model::PersistentVolumeStatus {
                phase: Some("Pending".into()),
                ..Default::default()
            };
            status.extra.insert(
                "lastPhaseTransitionTime".into(),
                json!(crate::sim::clock::rfc3339(now)),
            );
            volume.status = status;
        }
        Object::Service(service) => {
            service.status = [("loadBalancer".to_string(), json!({}))]
                .into_iter()
                .collect();
            allocate_service(cluster, service, None)?;
        }
        Object::Namespace(namespace) => {
            namespace.status.phase = Some("Active".into());
            let finalizers = namespace
                .spec
                .entry("finalizers")
                .or_insert_with(|| json!([]));
            if !finalizers.is_array() {
                *finalizers = json!([]);
            }
            if let Some(list) = finalizers.as_array_mut() {
                if !list.iter().any(|f| f == "kubernetes") {
                    list.push(json!("kubernetes"));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Service IPs and node ports
// ---------------------------------------------------------------------------------------------

fn ipv4_to_u32(ip: std::net::Ipv4Addr) -> u32 {
    u32::from(ip)
}

fn u32_to_ipv4(value: u32) -> String {
    std::net::Ipv4Addr::from(value).to_string()
}

fn needs_cluster_ip(service: &Service) -> bool {
    service.spec.type_.as_deref() != Some("ExternalName")
}

fn needs_node_port(service: &Service) -> bool {
    let type_ = service.spec.type_.as_deref().unwrap_or("");
    type_ == "NodePort"
        || (type_ == "LoadBalancer"
            && service
                .spec
                .extra
                .get("allocateLoadBalancerNodePorts")
                .and_then(Value::as_bool)
                != Some(false))
}

/// The cluster IPs and node ports in use by other Services.
fn allocated_service_values(
    cluster: &Cluster,
    except: Option<&ObjectKey>,
) -> (BTreeSet<u32>, BTreeSet<i32>) {
    let mut ips = BTreeSet::new();
    let mut ports = BTreeSet::new();
    for object in cluster.store.list(Kind::Service, None) {
        if except.is_some_and(|k| k == &ObjectKey::of(object)) {
            continue;
        }
        let Some(service) = object.as_service() else {
            continue;
        };
        for ip in &service.spec.cluster_ips {
            if let Ok(v4) = ip.parse::<std::net::Ipv4Addr>() {
                ips.insert(ipv4_to_u32(v4));
            }
        }
        for port in &service.spec.ports {
            if let Some(node_port) = port.node_port.filter(|p| *p != 0) {
                ports.insert(node_port);
            }
        }
    }
    (ips, ports)
}

/// The allocators' random scan: a random start in the dynamic (upper) band, then forward with
/// wrap-around, then the static (lower) band. Returns an offset in `0..size`.
fn random_scan(
    cluster: &mut Cluster,
    size: u32,
    static_band: u32,
    taken: impl Fn(u32) -> bool,
) -> Option<u32> {
    let dynamic = size.saturating_sub(static_band);
    if dynamic > 0 {
        let start = cluster.rng.range(0, dynamic as u64 - 1) as u32;
        for step in 0..dynamic {
            let offset = static_band + (start + step) % dynamic;
            if !taken(offset) {
                return Some(offset);
            }
        }
    }
    (0..static_band.min(size)).find(|&offset| !taken(offset))
}

/// The band kept for static choices: a sixteenth of the range, between 16 and 256 addresses
/// (`calculateRangeOffset`); for node ports a thirty-second, between 16 and 128.
fn range_offset(size: u32, divisor: u32, max: u32) -> u32 {
    (size / divisor).clamp(16, max).min(size)
}

/// The registry's allocation step: cluster IP(s), IP family fields and node ports, for a new
/// Service (`old` is None) or for a replacement (`old` is the stored Service).
fn allocate_service(
    cluster: &mut Cluster,
    service: &mut Service,
    old: Option<(&ObjectKey, &Service)>,
) -> Result<(), ApiError> {
    let name = service.metadata.name.clone();
    let spec_path = Path::new("spec");
    if !needs_cluster_ip(service) {
        return Ok(());
    }
    // Pre-validation of the IP fields (`initIPFamilyFields`): only these errors are reported.
    if let Some(ip) = service.spec.cluster_ip.clone().filter(|ip| !ip.is_empty()) {
        if service.spec.cluster_ips.is_empty() {
            service.spec.cluster_ips = vec![ip];
        }
    }
    let errors = validation::validate_service_cluster_ips(service);
    if !errors.is_empty() {
        return Err(invalid_error(Kind::Service, &name, &errors));
    }
    let headless = validation::is_headless(service);
    let no_selector = service.spec.selector.as_ref().is_none_or(|s| s.is_empty());
    if let Some(error) = init_ip_family_fields(service, headless && no_selector) {
        return Err(invalid_error(Kind::Service, &name, &[error]));
    }
    let except = old.map(|(key, _)| key);
    let (used_ips, used_ports) = allocated_service_values(cluster, except);
    let old_ips: Vec<String> = old
        .map(|(_, s)| s.spec.cluster_ips.clone())
        .unwrap_or_default();
    if headless {
        service.spec.cluster_ips = vec!["None".into()];
    } else if let Some(ip) = service.spec.cluster_ip.clone().filter(|ip| !ip.is_empty()) {
        if !old_ips.contains(&ip) {
            let parsed = ip.parse::<std::net::Ipv4Addr>().ok().map(ipv4_to_u32);
            let in_range = parsed.is_some_and(|v| {
                v > SERVICE_CIDR_BASE && v < SERVICE_CIDR_BASE + SERVICE_CIDR_SIZE - 1
            });
            let reason = if !in_range {
                Some(format!(
                    "failed to allocate IP {ip}: the provided IP ({ip}) is not in the valid range. The range of valid IPs is {SERVICE_CIDR}"
                ))
            } else if parsed.is_some_and(|v| used_ips.contains(&v)) {
                Some(format!(
                    "failed to allocate IP {ip}: provided IP is already allocated"
                ))
            } else {
                None
            };
            if let Some(reason) = reason {
                let error = invalid(
                    &spec_path.child("clusterIPs"),
                    json!(service.spec.cluster_ips),
                    &reason,
                );
                return Err(invalid_error(Kind::Service, &name, &[error]));
            }
        }
    } else {
        // Offsets 0..size-2 stand for 10.96.0.1 … 10.111.255.254.
        let usable = SERVICE_CIDR_SIZE - 2;
        let band = range_offset(SERVICE_CIDR_SIZE, 16, 256);
        let taken = |offset: u32| used_ips.contains(&(SERVICE_CIDR_BASE + 1 + offset));
        let Some(offset) = random_scan(cluster, usable, band, taken) else {
            return Err(ApiError::Status {
                reason: "InternalError".into(),
                message: "Internal error occurred: failed to allocate a serviceIP: range is full"
                    .to_string(),
            });
        };
        let ip = u32_to_ipv4(SERVICE_CIDR_BASE + 1 + offset);
        service.spec.cluster_ip = Some(ip.clone());
        service.spec.cluster_ips = vec![ip];
    }
    if service.spec.cluster_ip.as_deref().is_none_or(str::is_empty) {
        service.spec.cluster_ip = service.spec.cluster_ips.first().cloned();
    }
    if needs_node_port(service) {
        let mut taken_ports = used_ports;
        // Ports the Service already holds stay its own.
        let own: BTreeSet<i32> = old
            .map(|(_, s)| s.spec.ports.iter().filter_map(|p| p.node_port).collect())
            .unwrap_or_default();
        for i in 0..service.spec.ports.len() {
            let port_path = spec_path.child("ports").index(i).child("nodePort");
            let requested = service.spec.ports[i].node_port.unwrap_or(0);
            if requested != 0 {
                if !own.contains(&requested) {
                    let reason = if !(NODE_PORT_MIN..=NODE_PORT_MAX).contains(&requested) {
                        Some(format!(
                            "provided port is not in the valid range. The range of valid ports is {NODE_PORT_MIN}-{NODE_PORT_MAX}"
                        ))
                    } else if taken_ports.contains(&requested) {
                        Some("provided port is already allocated".to_string())
                    } else {
                        None
                    };
                    if let Some(reason) = reason {
                        let error = invalid(&port_path, requested, &reason);
                        return Err(invalid_error(Kind::Service, &name, &[error]));
                    }
                }
                taken_ports.insert(requested);
                continue;
            }
            let size = (NODE_PORT_MAX - NODE_PORT_MIN + 1) as u32;
            let band = range_offset(size, 32, 128);
            let snapshot = taken_ports.clone();
            let taken = |offset: u32| snapshot.contains(&(NODE_PORT_MIN + offset as i32));
            let Some(offset) = random_scan(cluster, size, band, taken) else {
                return Err(ApiError::Status {
                    reason: "InternalError".into(),
                    message:
                        "Internal error occurred: failed to allocate a nodePort: range is full"
                            .into(),
                });
            };
            let port = NODE_PORT_MIN + offset as i32;
            service.spec.ports[i].node_port = Some(port);
            taken_ports.insert(port);
        }
    }
    Ok(())
}

/// `initIPFamilyFields` for a single-stack IPv4 cluster: `SingleStack` and `[IPv4]` unless the
/// user chose otherwise; a headless Service without a selector is the one case that defaults to
/// `RequireDualStack` and lists both families. Asking a normal Service for dual stack or IPv6
/// is refused, as this cluster has no IPv6 range.
fn init_ip_family_fields(
    service: &mut Service,
    headless_without_selector: bool,
) -> Option<validation::FieldError> {
    let spec_path = Path::new("spec");
    let extra = &mut service.spec.extra;
    if extra.get("ipFamilyPolicy").is_none_or(Value::is_null) {
        let policy = if headless_without_selector {
            "RequireDualStack"
        } else {
            "SingleStack"
        };
        extra.insert("ipFamilyPolicy".into(), json!(policy));
    }
    let policy = extra
        .get("ipFamilyPolicy")
        .and_then(Value::as_str)
        .unwrap_or("SingleStack")
        .to_string();
    let mut families: Vec<String> = extra
        .get("ipFamilies")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|f| f.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if families.is_empty() {
        families.push("IPv4".into());
    }
    if headless_without_selector {
        if families.len() < 2 && policy != "SingleStack" {
            let other = if families[0] == "IPv4" {
                "IPv6"
            } else {
                "IPv4"
            };
            families.push(other.into());
        }
    } else {
        if policy == "RequireDualStack" {
            return Some(invalid(
                &spec_path.child("ipFamilyPolicy"),
                policy.as_str(),
                "this cluster is not configured for dual-stack services",
            ));
        }
        if let Some((i, family)) = families.iter().enumerate().find(|(_, f)| *f != "IPv4") {
            return Some(invalid(
                &spec_path.child("ipFamilies").index(i),
                family.as_str(),
                "not configured on this cluster",
            ));
        }
        families.truncate(1);
    }
    extra.insert("ipFamilies".into(), json!(families));
    None
}

/// `patchAllocatedValues`: a replacement that leaves out allocated values keeps the old ones.
fn patch_allocated_service_values(new: &mut Service, old: &Service) {
    if needs_cluster_ip(old) && needs_cluster_ip(new) {
        if new.spec.cluster_ip.as_deref().is_none_or(str::is_empty) {
            new.spec.cluster_ip = old.spec.cluster_ip.clone();
        }
        if new.spec.cluster_ips.is_empty() && !old.spec.cluster_ips.is_empty() {
            new.spec.cluster_ips = old.spec.cluster_ips.clone();
        }
        for key in ["ipFamilies", "ipFamilyPolicy"] {
            if new.spec.extra.get(key).is_none_or(Value::is_null) {
                if let Some(value) = old.spec.extra.get(key) {
                    new.spec.extra.insert(key.into(), value.clone());
                }
            }
        }
    }
    if needs_node_port(old) && needs_node_port(new) {
        let old_used: BTreeSet<i32> = old.spec.ports.iter().filter_map(|p| p.node_port).collect();
        let new_used: BTreeSet<i32> = new.spec.ports.iter().filter_map(|p| p.node_port).collect();
        let used: BTreeSet<i32> = old_used.intersection(&new_used).copied().collect();
        for port in &mut new.spec.ports {
            if port.node_port.unwrap_or(0) == 0 {
                let old_value = old
                    .spec
                    .ports
                    .iter()
                    .find(|p| p.name == port.name)
                    .and_then(|p| p.node_port);
                if let Some(value) = old_value.filter(|v| !used.contains(v)) {
                    port.node_port = Some(value);
                }
            }
        }
    }
}

/// `normalizeClusterIPs` on update: a changed `clusterIP` with untouched `clusterIPs` means
/// the user meant the new value for both (which validation then refuses as a change).
fn normalize_cluster_ips(new: &mut Service, old: &Service) {
    if new.spec.cluster_ip != old.spec.cluster_ip && new.spec.cluster_ips == old.spec.cluster_ips {
        new.spec.cluster_ips = match new.spec.cluster_ip.as_deref() {
            None | Some("") => Vec::new(),
            Some(ip) => vec![ip.to_string()],
        };
    }
}

// ---------------------------------------------------------------------------------------------
// Updates
// ---------------------------------------------------------------------------------------------

/// Whether a kind has a `/status` subresource (whose main endpoint ignores `status`).
fn has_status_subresource(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Pod
            | Kind::PersistentVolumeClaim
            | Kind::PersistentVolume
            | Kind::Service
            | Kind::StatefulSet
            | Kind::Namespace
            | Kind::Node
    )
}

fn key_for_write(object: &Object) -> ObjectKey {
    ObjectKey::new(object.kind(), &object_namespace(object), object.name())
}

fn conflict(kind: Kind, name: &str) -> ApiError {
    ApiError::Status {
        reason: "Conflict".into(),
        message: format!(
            "Operation cannot be fulfilled on {} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            kind.qualified_plural()
        ),
    }
}

/// Keeps the fields a client cannot change (`BeforeUpdate`): uid if none was sent, creation
/// and deletion timestamps, the generation (the strategy bumps it), and the resourceVersion.
fn keep_system_fields(new: &mut Object, old: &Object) {
    let old_meta = old.meta();
    let meta = new.meta_mut();
    if meta.uid.is_empty() {
        meta.uid = old_meta.uid.clone();
    }
    meta.creation_timestamp = old_meta.creation_timestamp;
    if old_meta.deletion_timestamp.is_some() {
        meta.deletion_timestamp = old_meta.deletion_timestamp;
    }
    if old_meta.deletion_grace_period_seconds.is_some()
        && meta.deletion_grace_period_seconds.is_none()
    {
        meta.deletion_grace_period_seconds = old_meta.deletion_grace_period_seconds;
    }
    meta.generation = old_meta.generation;
    meta.resource_version = old_meta.resource_version.clone();
    if meta.namespace.is_none() && old.kind().namespaced() {
        meta.namespace = old_meta.namespace.clone();
    }
}

/// The strategies' `PrepareForUpdate` for the main resource.
fn prepare_for_update(
    cluster: &mut Cluster,
    key: &ObjectKey,
    new: &mut Object,
    old: &Object,
) -> Result<(), ApiError> {
    match (new, old) {
        (Object::StatefulSet(n), Object::StatefulSet(o)) => {
            n.status = o.status.clone();
            if n.spec != o.spec {
                n.metadata.generation = Some(o.metadata.generation.unwrap_or(0) + 1);
            }
        }
        (Object::Pod(n), Object::Pod(o)) => {
            n.status = o.status.clone();
            if n.spec != o.spec {
                n.metadata.generation = Some(o.metadata.generation.unwrap_or(0) + 1);
            }
        }
        (Object::PersistentVolumeClaim(n), Object::PersistentVolumeClaim(o)) => {
            n.status = o.status.clone();
        }
        (Object::PersistentVolume(n), Object::PersistentVolume(o)) => {
            n.status = o.status.clone();
        }
        (Object::Service(n), Object::Service(o)) => {
            n.status = o.status.clone();
            patch_allocated_service_values(n, o);
            normalize_cluster_ips(n, o);
            allocate_service(cluster, n, Some((key, o)))?;
        }
        (Object::Namespace(n), Object::Namespace(o)) => {
            n.status = o.status.clone();
            match o.spec.get("finalizers") {
                Some(finalizers) => {
                    n.spec.insert("finalizers".into(), finalizers.clone());
                }
                None => {
                    n.spec.remove("finalizers");
                }
            }
        }
        (Object::Node(n), Object::Node(o)) => {
            n.status = o.status.clone();
        }
        _ => {}
    }
    Ok(())
}

/// `PersistentVolumeClaimResize`: a bound claim may only grow if its class allows expansion.
fn admit_claim_resize(cluster: &Cluster, new: &Object, old: &Object) -> Result<(), ApiError> {
    let (Object::PersistentVolumeClaim(n), Object::PersistentVolumeClaim(o)) = (new, old) else {
        return Ok(());
    };
    let new_size = n.spec.resources.requests.get("storage");
    let old_size = o.spec.resources.requests.get("storage");
    let (Some(new_size), Some(old_size)) = (new_size, old_size) else {
        return Ok(());
    };
    if new_size <= old_size {
        return Ok(());
    }
    if o.phase() != "Bound" {
        return Err(ApiError::forbidden(format!(
            "persistentvolumeclaims \"{}\" is forbidden: Only bound persistent volume claims can be expanded",
            n.metadata.name
        )));
    }
    let class_allows = o
        .spec
        .storage_class_name
        .as_deref()
        .filter(|c| !c.is_empty())
        .and_then(|c| {
            cluster
                .store
                .get(&ObjectKey::new(Kind::StorageClass, "", c))
                .and_then(Object::as_storage_class)
                .map(|class| class.allow_volume_expansion == Some(true))
        })
        .unwrap_or(false);
    if !class_allows {
        return Err(ApiError::forbidden(format!(
            "persistentvolumeclaims \"{}\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize",
            n.metadata.name
        )));
    }
    Ok(())
}

/// Replaces an object as `PUT` of the main resource does. For kinds with a status subresource
/// the stored `status` is kept (whatever the new object says); the generation of StatefulSets
/// and Pods goes up by one when the spec changes. A non-empty `resourceVersion` that is not
/// the stored one is a `Conflict`.
pub fn update(cluster: &mut Cluster, mut object: Object) -> Result<(), ApiError> {
    let key = key_for_write(&object);
    let Some(old) = cluster.store.get(&key).cloned() else {
        return Err(ApiError::not_found(key.kind, &key.name));
    };
    let sent_version = object.meta().resource_version.clone();
    if !sent_version.is_empty() && sent_version != old.meta().resource_version {
        return Err(conflict(key.kind, &key.name));
    }
    if object.meta().namespace.is_none() && key.kind.namespaced() {
        object.meta_mut().namespace = Some(key.namespace.clone());
    }
    if !key.kind.namespaced() {
        object.meta_mut().namespace = None;
    }
    defaults::apply_defaults(&mut object);
    keep_system_fields(&mut object, &old);
    prepare_for_update(cluster, &key, &mut object, &old)?;
    let errors = validation::validate_update(&object, &old);
    if !errors.is_empty() {
        return Err(invalid_error(key.kind, &key.name, &errors));
    }
    admit_claim_resize(cluster, &object, &old)?;
    cluster.store.update(object)
}

/// Replaces the status of an object as `PUT …/status` does: only `status` is taken from the
/// new object; spec and metadata stay as stored. For PersistentVolumes a phase change records
/// `status.lastPhaseTransitionTime`.
pub fn update_status(cluster: &mut Cluster, object: Object) -> Result<(), ApiError> {
    let key = key_for_write(&object);
    let Some(old) = cluster.store.get(&key).cloned() else {
        return Err(ApiError::not_found(key.kind, &key.name));
    };
    let sent_version = object.meta().resource_version.clone();
    if !sent_version.is_empty() && sent_version != old.meta().resource_version {
        return Err(conflict(key.kind, &key.name));
    }
    if !has_status_subresource(key.kind) {
        return Err(ApiError::not_found(key.kind, &key.name));
    }
    let mut new = old.clone();
    match (&mut new, object) {
        (Object::StatefulSet(n), Object::StatefulSet(o)) => n.status = o.status,
        (Object::Pod(n), Object::Pod(o)) => n.status = o.status,
        (Object::PersistentVolumeClaim(n), Object::PersistentVolumeClaim(o)) => n.status = o.status,
        (Object::PersistentVolume(n), Object::PersistentVolume(o)) => {
            let old_phase = n.status.phase.clone();
            let old_time = n.status.extra.get("lastPhaseTransitionTime").cloned();
            n.status = o.status;
            let new_time = n.status.extra.get("lastPhaseTransitionTime").cloned();
            if n.status.phase != old_phase && (new_time.is_none() || new_time == old_time) {
                n.status.extra.insert(
                    "lastPhaseTransitionTime".into(),
                    json!(crate::sim::clock::rfc3339(cluster.now)),
                );
            }
        }
        (Object::Service(n), Object::Service(o)) => n.status = o.status,
        (Object::Namespace(n), Object::Namespace(o)) => n.status = o.status,
        (Object::Node(n), Object::Node(o)) => n.status = o.status,
        _ => {}
    }
    let errors = validation::validate_status_update(&new, &old);
    if !errors.is_empty() {
        return Err(invalid_error(key.kind, &key.name, &errors));
    }
    cluster.store.update(new)
}

/// Read-modify-write through [`update`]: `change` edits the stored object.
pub fn modify<F>(cluster: &mut Cluster, key: &ObjectKey, change: F) -> Result<(), ApiError>
where
    F: FnOnce(&mut Object),
{
    let Some(mut object) = cluster.store.get(key).cloned() else {
        return Err(ApiError::not_found(key.kind, &key.name));
    };
    change(&mut object);
    update(cluster, object)
}

/// Read-modify-write through [`update_status`].
pub fn modify_status<F>(cluster: &mut Cluster, key: &ObjectKey, change: F) -> Result<(), ApiError>
where
    F: FnOnce(&mut Object),
{
    let Some(mut object) = cluster.store.get(key).cloned() else {
        return Err(ApiError::not_found(key.kind, &key.name));
    };
    change(&mut object);
    update_status(cluster, object)
}

/// Binds a pod to a node as `POST …/pods/<name>/binding` does (what the scheduler calls): sets
/// `spec.nodeName` and the `PodScheduled=True` condition in one write. The main endpoint refuses
/// a change of `spec.nodeName`, so this is the only way to set it after creation.
pub fn bind(cluster: &mut Cluster, key: &ObjectKey, node_name: &str) -> Result<(), ApiError> {
    let Some(mut object) = cluster.store.get(key).cloned() else {
        return Err(ApiError::not_found(Kind::Pod, &key.name));
    };
    let Object::Pod(pod) = &mut object else {
        return Err(ApiError::not_found(key.kind, &key.name));
    };
    if node_name.is_empty() {
        let error = validation::required(&Path::new("target").child("name"), "");
        return Err(invalid_error(Kind::Pod, &key.name, &[error]));
    }
    if pod.metadata.is_deleting() {
        return Err(ApiError::Status {
            reason: "Conflict".into(),
            message: format!(
                "Operation cannot be fulfilled on pods/binding \"{}\": pod {} is being deleted, cannot be assigned to a host",
                key.name, key.name
            ),
        });
    }
    if let Some(current) = pod.spec.node_name.as_deref().filter(|n| !n.is_empty()) {
        return Err(ApiError::Status {
            reason: "Conflict".into(),
            message: format!(
                "Operation cannot be fulfilled on pods/binding \"{}\": pod {} is already assigned to node \"{current}\"",
                key.name, key.name
            ),
        });
    }
    pod.spec.node_name = Some(node_name.to_string());
    let now = Time(cluster.now);
    match pod
        .status
        .conditions
        .iter_mut()
        .find(|c| c.type_ == "PodScheduled")
    {
        Some(condition) => {
            if condition.status != "True" {
                condition.last_transition_time = Some(now);
            }
            condition.status = "True".into();
            condition.reason = None;
            condition.message = None;
        }
        None => pod.status.conditions.push(crate::sim::model::PodCondition {
            type_: "PodScheduled".into(),
            status: "True".into(),
            last_probe_time: Some(Value::Null),
            last_transition_time: Some(now),
            reason: None,
            message: None,
        }),
    }
    cluster.store.update(object)
}

// ---------------------------------------------------------------------------------------------
// Deletes
// ---------------------------------------------------------------------------------------------

/// Deletes an object as `DELETE` does. Returns true when it is gone at once, false when it is
/// now terminating (grace period, finalizers, or dependents to be handled first).
pub fn delete(
    cluster: &mut Cluster,
    key: &ObjectKey,
    options: DeleteOptions,
) -> Result<bool, ApiError> {
    if key.kind == Kind::Namespace {
        return delete_namespace(cluster, &key.name);
    }
    let Some(object) = cluster.store.get(key).cloned() else {
        return Err(ApiError::not_found(key.kind, &key.name));
    };
    let now = cluster.now;
    let grace = match (key.kind, options.grace_period_seconds) {
        // A negative grace period on a pod means "as short as possible but graceful".
        (Kind::Pod, Some(g)) if g < 0 => Some(1),
        (_, g) => g,
    };
    let finalizer = match options.propagation {
        Propagation::Background => None,
        Propagation::Foreground => Some("foregroundDeletion"),
        Propagation::Orphan => Some("orphan"),
    };
    if let Some(finalizer) = finalizer {
        if !object.meta().is_deleting() {
            let mut marked = object.clone();
            let meta = marked.meta_mut();
            meta.finalizers
                .retain(|f| f != "foregroundDeletion" && f != "orphan");
            meta.finalizers.push(finalizer.to_string());
            if key.kind != Kind::Pod {
                // Non-graceful kinds are marked deleted in the same write.
                meta.deletion_timestamp = Some(Time(now));
                meta.deletion_grace_period_seconds = Some(0);
                cluster.store.update(marked)?;
                return Ok(false);
            }
            cluster.store.update(marked)?;
        }
    }
    cluster.store.delete(key, grace, now)
}

/// Deletes a namespace: refused for the immortal ones, otherwise marked `Terminating`, its
/// contents deleted, and the namespace removed once nothing is left in it.
fn delete_namespace(cluster: &mut Cluster, name: &str) -> Result<bool, ApiError> {
    if IMMORTAL_NAMESPACES.contains(&name) {
        return Err(ApiError::forbidden(format!(
            "namespaces \"{name}\" is forbidden: this namespace may not be deleted"
        )));
    }
    let key = ObjectKey::new(Kind::Namespace, "", name);
    let Some(object) = cluster.store.get(&key).cloned() else {
        return Err(ApiError::not_found(Kind::Namespace, name));
    };
    if !object.meta().is_deleting() {
        let mut marked = object;
        let meta = marked.meta_mut();
        meta.deletion_timestamp = Some(Time(cluster.now));
        meta.deletion_grace_period_seconds = Some(0);
        if let Object::Namespace(ns) = &mut marked {
            ns.status.phase = Some("Terminating".into());
        }
        cluster.store.update(marked)?;
    }
    let contents: Vec<ObjectKey> = crate::sim::model::KINDS
        .iter()
        .filter(|info| info.namespaced && info.kind != Kind::Event)
        .flat_map(|info| {
            cluster
                .store
                .list(info.kind, Some(name))
                .filter(|o| !o.meta().is_deleting())
                .map(ObjectKey::of)
                .collect::<Vec<_>>()
        })
        .collect();
    for content in contents {
        // Each object goes as a background delete would take it; errors (already gone) are
        // of no interest here.
        let _ = delete(cluster, &content, DeleteOptions::default());
    }
    Ok(sync_terminating_namespace(cluster, name))
}

/// Finishes the deletion of a terminating namespace once it holds nothing any more (the
/// namespace controller's last step: removing the `kubernetes` finalizer). Returns true when
/// the namespace is gone. Cheap when the namespace is not terminating; safe to call often.
pub fn sync_terminating_namespace(cluster: &mut Cluster, name: &str) -> bool {
    let key = ObjectKey::new(Kind::Namespace, "", name);
    let Some(object) = cluster.store.get(&key) else {
        return true;
    };
    if !object.meta().is_deleting() {
        return false;
    }
    let empty = crate::sim::model::KINDS
        .iter()
        .filter(|info| info.namespaced && info.kind != Kind::Event)
        .all(|info| cluster.store.list(info.kind, Some(name)).next().is_none());
    if !empty {
        return false;
    }
    let mut finished = object.clone();
    if let Object::Namespace(ns) = &mut finished {
        if let Some(list) = ns.spec.get_mut("finalizers").and_then(Value::as_array_mut) {
            list.retain(|f| f != "kubernetes");
        }
        if ns
            .spec
            .get("finalizers")
            .and_then(Value::as_array)
            .is_some_and(|a| a.is_empty())
        {
            ns.spec.remove("finalizers");
        }
    }
    let _ = cluster.store.update(finished);
    cluster.store.get(&key).is_none()
}

/// The text kubectl prints for an API error (`checkErr` in kubectl's `cmdutil`), without the
/// `error when creating "<file>": ` part kubectl inserts for objects read from files.
pub fn kubectl_error_text(error: &ApiError) -> String {
    match error {
        ApiError::Invalid { kind, name, causes } => {
            let header = format!("The {} \"{name}\" is invalid: ", kind.name());
            match causes.as_slice() {
                [] => format!("The {} \"{name}\" is invalid", kind.name()),
                [one] => format!("{header}{one}"),
                many => {
                    let mut text = header;
                    for cause in many {
                        text.push_str("\n* ");
                        text.push_str(cause);
                    }
                    text
                }
            }
        }
        other if other.reason().is_empty() => {
            format!("Error from server: {}", other.server_message())
        }
        other => format!(
            "Error from server ({}): {}",
            other.reason(),
            other.server_message()
        ),
    }
}
