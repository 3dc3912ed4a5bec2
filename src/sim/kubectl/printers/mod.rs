//! kubectl's printers: the server-side table columns of each kind
//! (`pkg/printers/internalversion/printers.go`, §4.2 and §5.1 of the behaviour reference), YAML
//! and JSON output as kubectl writes them, and the name printer.
//!
//! Architecture Invariant: printers only read; every cell is computed from the object and the
//! current simulated time.

pub mod yaml;

pub use yaml::to_yaml;

use crate::sim::kubectl::sort;
use serde_json::Value;

use crate::sim::clock::SimTime;
use crate::sim::model::{access_modes_short, Kind, Object, Pod, Time};
use crate::sim::text::duration::human_duration;
use crate::sim::world::Cluster;

/// JSON as `kubectl get -o json` prints it: keys sorted, four-space indentation.
pub fn to_json(value: &Value) -> String {
    let sorted = sort_keys(value);
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    if serde::Serialize::serialize(&sorted, &mut serializer).is_err() {
        return "{}".into();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// A copy of `value` with every object's keys in sorted order (Go marshals maps sorted).
pub fn sort_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            sort::sort(&mut keys);
            let mut sorted = serde_json::Map::new();
            for key in keys {
                sorted.insert(key.clone(), sort_keys(&map[key]));
            }
            Value::Object(sorted)
        }
        Value::Array(items) => Value::Array(items.iter().map(sort_keys).collect()),
        other => other.clone(),
    }
}

/// AGE of an object at `now`.
pub fn age(time: Option<Time>, now: SimTime) -> String {
    match time {
        Some(Time(at)) => human_duration(now as i64 - at as i64),
        None => "<unknown>".to_string(),
    }
}

/// The column headers of a kind's table.
pub fn headers(kind: Kind, wide: bool) -> Vec<&'static str> {
    let mut columns: Vec<&'static str> = match kind {
        Kind::Pod => vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
        Kind::StatefulSet => vec!["NAME", "READY", "AGE"],
        Kind::Service => vec![
            "NAME",
            "TYPE",
            "CLUSTER-IP",
            "EXTERNAL-IP",
            "PORT(S)",
            "AGE",
        ],
        Kind::PersistentVolumeClaim => {
            vec![
                "NAME",
                "STATUS",
                "VOLUME",
                "CAPACITY",
                "ACCESS MODES",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "AGE",
            ]
        }
        Kind::PersistentVolume => vec![
            "NAME",
            "CAPACITY",
            "ACCESS MODES",
            "RECLAIM POLICY",
            "STATUS",
            "CLAIM",
            "STORAGECLASS",
            "VOLUMEATTRIBUTESCLASS",
            "REASON",
            "AGE",
        ],
        Kind::StorageClass => {
            vec![
                "NAME",
                "PROVISIONER",
                "RECLAIMPOLICY",
                "VOLUMEBINDINGMODE",
                "ALLOWVOLUMEEXPANSION",
                "AGE",
            ]
        }
        Kind::ControllerRevision => vec!["NAME", "CONTROLLER", "REVISION", "AGE"],
        Kind::Endpoints => vec!["NAME", "ENDPOINTS", "AGE"],
        Kind::Event => vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
        Kind::Namespace => vec!["NAME", "STATUS", "AGE"],
        Kind::Node => vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
        Kind::ConfigMap => vec!["NAME", "DATA", "AGE"],
    };
    if wide {
        match kind {
            Kind::Pod => columns.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]),
            Kind::StatefulSet => columns.extend(["CONTAINERS", "IMAGES"]),
            Kind::Service => columns.push("SELECTOR"),
            Kind::PersistentVolumeClaim | Kind::PersistentVolume => columns.push("VOLUMEMODE"),
            Kind::Node => columns.extend([
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ]),
            _ => {}
        }
    }
    columns
}

/// STATUS, READY and RESTARTS of a pod as `printPod` derives them (§5.1).
pub struct PodColumns {
    pub ready: String,
    pub status: String,
    pub restarts: String,
}

pub fn pod_columns(pod: &Pod, now: SimTime) -> PodColumns {
    let total = pod.spec.containers.len();
    let mut ready = 0;
    let mut restarts = 0;
    let mut last_restart: Option<SimTime> = None;
    let mut reason = pod
        .status
        .reason
        .clone()
        .unwrap_or_else(|| pod.phase().to_string());
    let mut initializing = false;
    let init_total = pod.spec.init_containers.len();
    for (index, status) in pod.status.init_container_statuses.iter().enumerate() {
        restarts += status.restart_count;
        if let Some(terminated) = &status.state.terminated {
            if terminated.exit_code == 0 {
                continue;
            }
            reason = match &terminated.reason {
                Some(r) if !r.is_empty() => format!("Init:{r}"),
                _ => format!("Init:ExitCode:{}", terminated.exit_code),
            };
            initializing = true;
        } else if let Some(waiting) = status
            .state
            .waiting
            .as_ref()
            .and_then(|w| w.reason.as_ref())
            .filter(|r| !r.is_empty() && *r != "PodInitializing")
        {
            reason = format!("Init:{waiting}");
            initializing = true;
        } else {
            reason = format!("Init:{index}/{init_total}");
            initializing = true;
        }
        break;
    }
    if !initializing {
        restarts = 0;
        let mut has_running = false;
        for status in pod.status.container_statuses.iter().rev() {
            restarts += status.restart_count;
            if let Some(Time(at)) = status
                .last_state
                .terminated
                .as_ref()
                .and_then(|t| t.finished_at)
            {
                last_restart = Some(last_restart.map_or(at, |l: SimTime| l.max(at)));
            }
            if let Some(waiting) = status
                .state
                .waiting
                .as_ref()
                .and_then(|w| w.reason.as_ref())
                .filter(|r| !r.is_empty())
            {
                reason = waiting.clone();
            } else if let Some(terminated) = &status.state.terminated {
                reason = match &terminated.reason {
                    Some(r) if !r.is_empty() => r.clone(),
                    _ => format!("ExitCode:{}", terminated.exit_code),
                };
            } else if status.ready && status.state.running.is_some() {
                has_running = true;
                ready += 1;
            } else if status.state.running.is_some() {
                has_running = true;
            }
        }
        if reason == "Completed" && has_running {
            reason = if pod.is_ready() {
                "Running".into()
            } else {
                "NotReady".into()
            };
        }
    }
    if pod.metadata.deletion_timestamp.is_some() && !pod.is_terminated() {
        reason = "Terminating".into();
    }
    let restarts = match (restarts, last_restart) {
        (0, _) => "0".to_string(),
        (n, Some(at)) => format!("{n} ({} ago)", human_duration(now as i64 - at as i64)),
        (n, None) => n.to_string(),
    };
    PodColumns {
        ready: format!("{ready}/{total}"),
        status: reason,
        restarts,
    }
}

/// One table row of an object (without any kind prefix or namespace column).
pub fn row(cluster: &Cluster, object: &Object, wide: bool) -> Vec<String> {
    let now = cluster.now;
    let meta = object.meta();
    let age_cell = age(meta.creation_timestamp, now);
    let none = || "<none>".to_string();
    match object {
        Object::Pod(pod) => {
            let columns = pod_columns(pod, now);
            let mut cells = vec![
                meta.name.clone(),
                columns.ready,
                columns.status,
                columns.restarts,
                age_cell,
            ];
            if wide {
                cells.push(pod.status.pod_ip.clone().unwrap_or_else(none));
                cells.push(pod.spec.node_name.clone().unwrap_or_else(none));
                cells.push(none());
                cells.push(none());
            }
            cells
        }
        Object::StatefulSet(set) => {
            let mut cells = vec![
                meta.name.clone(),
                format!("{}/{}", set.status.ready_replicas, set.replicas()),
                age_cell,
            ];
            if wide {
                let containers = &set.spec.template.spec.containers;
                cells.push(
                    containers
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                );
                cells.push(
                    containers
                        .iter()
                        .map(|c| c.image.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                );
            }
            cells
        }
        Object::Service(service) => {
            let spec = &service.spec;
            let type_ = spec.type_.clone().unwrap_or_else(|| "ClusterIP".into());
            let external = if !spec.external_ips.is_empty() {
                spec.external_ips.join(",")
            } else if type_ == "LoadBalancer" {
                "<pending>".into()
            } else {
                none()
            };
            let ports = if spec.ports.is_empty() {
                none()
            } else {
                spec.ports
                    .iter()
                    .map(|p| {
                        let protocol = p.protocol.clone().unwrap_or_else(|| "TCP".into());
                        match p.node_port {
                            Some(node_port) if type_ == "NodePort" || type_ == "LoadBalancer" => {
                                format!("{}:{node_port}/{protocol}", p.port)
                            }
                            _ => format!("{}/{protocol}", p.port),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let mut cells = vec![
                meta.name.clone(),
                type_,
                spec.cluster_ip.clone().unwrap_or_else(none),
                external,
                ports,
                age_cell,
            ];
            if wide {
                cells.push(match &spec.selector {
                    Some(selector) if !selector.is_empty() => selector
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(","),
                    _ => none(),
                });
            }
            cells
        }
        Object::PersistentVolumeClaim(claim) => {
            let bound = claim.spec.volume_name.as_deref().filter(|v| !v.is_empty());
            let status = if meta.deletion_timestamp.is_some() {
                "Terminating".to_string()
            } else {
                claim.phase().to_string()
            };
            let (volume, capacity, modes) = match bound {
                Some(volume) => (
                    volume.to_string(),
                    claim
                        .status
                        .capacity
                        .get("storage")
                        .map(|q| q.to_string())
                        .unwrap_or_default(),
                    access_modes_short(&claim.status.access_modes),
                ),
                None => (String::new(), String::new(), String::new()),
            };
            let mut cells = vec![
                meta.name.clone(),
                status,
                volume,
                capacity,
                modes,
                claim.spec.storage_class_name.clone().unwrap_or_default(),
                claim
                    .spec
                    .volume_attributes_class_name
                    .clone()
                    .unwrap_or_else(|| "<unset>".into()),
                age_cell,
            ];
            if wide {
                cells.push(
                    claim
                        .spec
                        .volume_mode
                        .clone()
                        .unwrap_or_else(|| "<unset>".into()),
                );
            }
            cells
        }
        Object::PersistentVolume(volume) => {
            let status = if meta.deletion_timestamp.is_some() {
                "Terminating".to_string()
            } else {
                volume.phase().to_string()
            };
            let claim = volume
                .spec
                .claim_ref
                .as_ref()
                .map(|r| format!("{}/{}", r.namespace, r.name))
                .unwrap_or_default();
            let mut cells = vec![
                meta.name.clone(),
                volume.capacity().map(|q| q.to_string()).unwrap_or_default(),
                access_modes_short(&volume.spec.access_modes),
                volume.reclaim_policy().to_string(),
                status,
                claim,
                volume.class().to_string(),
                volume
                    .spec
                    .volume_attributes_class_name
                    .clone()
                    .unwrap_or_else(|| "<unset>".into()),
                volume.status.reason.clone().unwrap_or_default(),
                age_cell,
            ];
            if wide {
                cells.push(
                    volume
                        .spec
                        .volume_mode
                        .clone()
                        .unwrap_or_else(|| "<unset>".into()),
                );
            }
            cells
        }
        Object::StorageClass(class) => vec![
            if class.is_default() {
                format!("{} (default)", meta.name)
            } else {
                meta.name.clone()
            },
            class.provisioner.clone(),
            class
                .reclaim_policy
                .clone()
                .unwrap_or_else(|| "Delete".into()),
            class
                .volume_binding_mode
                .clone()
                .unwrap_or_else(|| "Immediate".into()),
            class.allow_volume_expansion.unwrap_or(false).to_string(),
            age_cell,
        ],
        Object::ControllerRevision(revision) => vec![
            meta.name.clone(),
            meta.controller_ref()
                .map(|r| {
                    let kind = Kind::from_resource_arg(&r.kind)
                        .map(|k| k.qualified_singular())
                        .unwrap_or_else(|| r.kind.to_lowercase());
                    format!("{kind}/{}", r.name)
                })
                .unwrap_or_else(none),
            revision.revision.to_string(),
            age_cell,
        ],
        Object::Endpoints(endpoints) => {
            let mut addresses = Vec::new();
            for subset in &endpoints.subsets {
                for address in &subset.addresses {
                    if subset.ports.is_empty() {
                        addresses.push(address.ip.clone());
                    }
                    for port in &subset.ports {
                        addresses.push(format!("{}:{}", address.ip, port.port));
                    }
                }
            }
            let cell = if addresses.is_empty() {
                none()
            } else if addresses.len() > 3 {
                format!(
                    "{} + {} more...",
                    addresses[..3].join(","),
                    addresses.len() - 3
                )
            } else {
                addresses.join(",")
            };
            vec![meta.name.clone(), cell, age_cell]
        }
        Object::Event(event) => vec![
            age(event.last_timestamp.or(event.first_timestamp), now),
            event.type_.clone(),
            event.reason.clone(),
            format!(
                "{}/{}",
                event.involved_object.kind.to_lowercase(),
                event.involved_object.name
            ),
            event.message.clone(),
        ],
        Object::Namespace(namespace) => vec![
            meta.name.clone(),
            if meta.deletion_timestamp.is_some() {
                "Terminating".into()
            } else {
                namespace
                    .status
                    .phase
                    .clone()
                    .unwrap_or_else(|| "Active".into())
            },
            age_cell,
        ],
        Object::Node(node) => {
            let ready = node
                .status
                .conditions
                .iter()
                .any(|c| c.type_ == "Ready" && c.status == "True");
            let mut status = if ready {
                "Ready".to_string()
            } else {
                "NotReady".to_string()
            };
            if node.spec.unschedulable == Some(true) {
                status.push_str(",SchedulingDisabled");
            }
            let roles: Vec<&str> = meta
                .labels
                .keys()
                .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
                .collect();
            let mut cells = vec![
                meta.name.clone(),
                status,
                if roles.is_empty() {
                    none()
                } else {
                    roles.join(",")
                },
                age_cell,
                crate::sim::kubectl::CLIENT_VERSION.to_string(),
            ];
            if wide {
                cells.push(node.internal_ip().unwrap_or("<none>").to_string());
                cells.push(none());
                cells.push("Debian GNU/Linux 12 (bookworm)".into());
                cells.push("6.1.0-27-amd64".into());
                cells.push("containerd://1.7.24".into());
            }
            cells
        }
        Object::ConfigMap(config_map) => vec![
            meta.name.clone(),
            (config_map.data.len() + config_map.binary_data.len()).to_string(),
            age_cell,
        ],
    }
}
