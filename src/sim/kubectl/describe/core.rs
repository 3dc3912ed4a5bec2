//! `kubectl describe` for Services, Endpoints, Nodes, Namespaces and ConfigMaps.
//!
//! Models `kubectl/pkg/describe/describe.go` (v1.34): `describeService` with
//! `formatEndpointSlices` (fed from the simulated Endpoints: each subset stands for one
//! EndpointSlice, its addresses ready and its not-ready addresses not), `describeEndpoints`,
//! `describeNode` with `describeNodeLease` and `describeNodeResource`, `describeNamespace`
//! and `ConfigMapDescriber`; `kubectl/pkg/util/resource` `PodRequestsAndLimits`.
//!
//! A node object of the simulation carries no capacity, allocatable resources, system info,
//! heartbeat times or Lease; when they are missing, the describer prints the values of a
//! small VM (2 CPUs, 4 GiB of memory, 110 pods) and derives heartbeat and lease renewal times
//! from the simulated clock at kubelet's periods (status every 5 minutes, lease every 10
//! seconds), so the output has the shape of a real node's.
//!
//! Architecture Invariant: these functions only format what the caller gives them; nothing
//! here panics on any object content.

use crate::sim::kubectl::sort;
use std::collections::BTreeMap;

use crate::sim::clock::SimTime;
use crate::sim::model::Endpoints;
use crate::sim::quantity::Quantity;
use crate::sim::text::duration::rfc1123z;

use super::pod::{quantity, string_or_none};
use super::writer::{
    format_labels, print_annotations_multiline, print_labels_multiline, print_taints_multiline,
    since, PrefixWriter, J, LEVEL_0, LEVEL_1,
};

/// `describeService` without its events. `endpoints` is what the cluster serves for the
/// Service: None when no EndpointSlice exists for it.
pub fn describe_service_body(w: &mut PrefixWriter, service: J<'_>, endpoints: Option<&Endpoints>) {
    let meta = service.get("metadata");
    let spec = service.get("spec");
    w.write(LEVEL_0, &format!("Name:\t{}\n", meta.get("name").str()));
    w.write(
        LEVEL_0,
        &format!("Namespace:\t{}\n", meta.get("namespace").str()),
    );
    print_labels_multiline(w, "Labels", meta.get("labels"));
    print_annotations_multiline(w, "Annotations", meta.get("annotations"));
    w.write(
        LEVEL_0,
        &format!(
            "Selector:\t{}\n",
            format_labels(&spec.get("selector").string_map())
        ),
    );
    w.write(LEVEL_0, &format!("Type:\t{}\n", spec.get("type").str()));
    if let Some(policy) = spec.get("ipFamilyPolicy").opt_str() {
        w.write(LEVEL_0, &format!("IP Family Policy:\t{policy}\n"));
    }
    let families = spec.get("ipFamilies").strings();
    if families.is_empty() {
        w.write(LEVEL_0, "IP Families:\t<none>\n");
    } else {
        w.write(LEVEL_0, &format!("IP Families:\t{}\n", families.join(",")));
    }
    w.write(LEVEL_0, &format!("IP:\t{}\n", spec.get("clusterIP").str()));
    let cluster_ips = spec.get("clusterIPs").strings();
    if cluster_ips.is_empty() {
        w.write(LEVEL_0, "IPs:\t<none>\n");
    } else {
        w.write(LEVEL_0, &format!("IPs:\t{}\n", cluster_ips.join(",")));
    }
    let external_ips = spec.get("externalIPs").strings();
    if !external_ips.is_empty() {
        w.write(
            LEVEL_0,
            &format!("External IPs:\t{}\n", external_ips.join(",")),
        );
    }
    let load_balancer_ip = spec.get("loadBalancerIP").str();
    if !load_balancer_ip.is_empty() {
        w.write(
            LEVEL_0,
            &format!("Desired LoadBalancer IP:\t{load_balancer_ip}\n"),
        );
    }
    let external_name = spec.get("externalName").str();
    if !external_name.is_empty() {
        w.write(LEVEL_0, &format!("External Name:\t{external_name}\n"));
    }
    let ingress = service.path(&["status", "loadBalancer", "ingress"]);
    if !ingress.is_empty() {
        let list: Vec<String> = ingress
            .items()
            .map(|entry| {
                let ip = entry.get("ip").str();
                if ip.is_empty() {
                    entry.get("hostname").str().to_string()
                } else if let Some(mode) = entry.get("ipMode").opt_str() {
                    format!("{ip} ({mode})")
                } else {
                    ip.to_string()
                }
            })
            .collect();
        w.write(
            LEVEL_0,
            &format!("LoadBalancer Ingress:\t{}\n", list.join(", ")),
        );
    }
    for port in spec.get("ports").items() {
        let port_name = port.get("name").str();
        let name = if port_name.is_empty() {
            "<unset>"
        } else {
            port_name
        };
        let protocol = port.get("protocol").str();
        w.write(
            LEVEL_0,
            &format!("Port:\t{name}\t{}/{protocol}\n", port.get("port").i64()),
        );
        w.write(
            LEVEL_0,
            &format!(
                "TargetPort:\t{}/{protocol}\n",
                port.get("targetPort").int_or_string()
            ),
        );
        let node_port = port.get("nodePort").i64();
        if node_port != 0 {
            w.write(
                LEVEL_0,
                &format!("NodePort:\t{name}\t{node_port}/{protocol}\n"),
            );
        }
        w.write(
            LEVEL_0,
            &format!("Endpoints:\t{}\n", format_endpoints(endpoints, port_name)),
        );
    }
    w.write(
        LEVEL_0,
        &format!("Session Affinity:\t{}\n", spec.get("sessionAffinity").str()),
    );
    let external_policy = spec.get("externalTrafficPolicy").str();
    if !external_policy.is_empty() {
        w.write(
            LEVEL_0,
            &format!("External Traffic Policy:\t{external_policy}\n"),
        );
    }
    if let Some(policy) = spec.get("internalTrafficPolicy").opt_str() {
        w.write(LEVEL_0, &format!("Internal Traffic Policy:\t{policy}\n"));
    }
    let health_check = spec.get("healthCheckNodePort").i64();
    if health_check != 0 {
        w.write(LEVEL_0, &format!("HealthCheck NodePort:\t{health_check}\n"));
    }
    let source_ranges = spec.get("loadBalancerSourceRanges").strings();
    if !source_ranges.is_empty() {
        w.write(
            LEVEL_0,
            &format!("LoadBalancer Source Ranges:\t{}\n", source_ranges.join(",")),
        );
    }
    if let Some(distribution) = spec.get("trafficDistribution").opt_str() {
        w.write(LEVEL_0, &format!("Traffic Distribution:\t{distribution}\n"));
    }
}

/// `formatEndpointSlices` for one service port: the first three ready `ip:port` pairs and
/// `+ N more...`; bare IPs for a subset without ports; `<none>` when there is no slice.
pub fn format_endpoints(endpoints: Option<&Endpoints>, port_name: &str) -> String {
    let Some(endpoints) = endpoints else {
        return "<none>".to_string();
    };
    const MAX: usize = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0usize;
    for subset in &endpoints.subsets {
        let addresses = subset
            .addresses
            .iter()
            .map(|a| (a, true))
            .chain(subset.not_ready_addresses.iter().map(|a| (a, false)));
        if subset.ports.is_empty() {
            for (address, ready) in addresses {
                if list.len() == MAX {
                    more = true;
                }
                if !ready {
                    continue;
                }
                if !more {
                    list.push(address.ip.clone());
                }
                count += 1;
            }
        } else {
            let addresses: Vec<_> = addresses.collect();
            for port in &subset.ports {
                if port.name.as_deref().unwrap_or("") != port_name {
                    continue;
                }
                for (address, ready) in &addresses {
                    if list.len() == MAX {
                        more = true;
                    }
                    if !ready {
                        continue;
                    }
                    if !more {
                        let host = if address.ip.contains(':') {
                            format!("[{}]", address.ip)
                        } else {
                            address.ip.clone()
                        };
                        list.push(format!("{host}:{}", port.port));
                    }
                    count += 1;
                }
            }
        }
    }
    let joined = list.join(",");
    if more {
        format!("{joined} + {} more...", count.saturating_sub(MAX))
    } else {
        joined
    }
}

/// `describeEndpoints` without its events.
pub fn describe_endpoints_body(w: &mut PrefixWriter, endpoints: J<'_>) {
    let meta = endpoints.get("metadata");
    w.write(LEVEL_0, &format!("Name:\t{}\n", meta.get("name").str()));
    w.write(
        LEVEL_0,
        &format!("Namespace:\t{}\n", meta.get("namespace").str()),
    );
    print_labels_multiline(w, "Labels", meta.get("labels"));
    print_annotations_multiline(w, "Annotations", meta.get("annotations"));
    w.write(LEVEL_0, "Subsets:\n");
    for subset in endpoints.get("subsets").items() {
        let ips = |field: &str| {
            let list: Vec<String> = subset
                .get(field)
                .items()
                .map(|a| a.get("ip").str().to_string())
                .collect();
            string_or_none(&list.join(","))
        };
        w.write(LEVEL_1, &format!("Addresses:\t{}\n", ips("addresses")));
        w.write(
            LEVEL_1,
            &format!("NotReadyAddresses:\t{}\n", ips("notReadyAddresses")),
        );
        if !subset.get("ports").is_empty() {
            w.write(LEVEL_1, "Ports:\n");
            w.write(super::writer::LEVEL_2, "Name\tPort\tProtocol\n");
            w.write(super::writer::LEVEL_2, "----\t----\t--------\n");
            for port in subset.get("ports").items() {
                let name = port.get("name").str();
                let name = if name.is_empty() { "<unset>" } else { name };
                w.write(
                    super::writer::LEVEL_2,
                    &format!(
                        "{name}\t{}\t{}\n",
                        port.get("port").i64(),
                        port.get("protocol").str()
                    ),
                );
            }
        }
        w.write(LEVEL_0, "\n");
    }
}

/// `describeNamespace`: no events; the (empty) quota and limit-range sections.
pub fn describe_namespace_body(w: &mut PrefixWriter, namespace: J<'_>) {
    let meta = namespace.get("metadata");
    w.write(LEVEL_0, &format!("Name:\t{}\n", meta.get("name").str()));
    print_labels_multiline(w, "Labels", meta.get("labels"));
    print_annotations_multiline(w, "Annotations", meta.get("annotations"));
    w.write(
        LEVEL_0,
        &format!("Status:\t{}\n", namespace.path(&["status", "phase"]).str()),
    );
    let conditions = namespace.path(&["status", "conditions"]);
    if !conditions.is_empty() {
        w.write(LEVEL_0, "Conditions:\n");
        w.write(
            LEVEL_1,
            "Type\tStatus\tLastTransitionTime\tReason\tMessage\n",
        );
        w.write(
            LEVEL_1,
            "----\t------\t------------------\t------\t-------\n",
        );
        for condition in conditions.items() {
            w.write(
                LEVEL_1,
                &format!(
                    "{}\t{}\t{}\t{}\t{}\n",
                    condition.get("type").str(),
                    condition.get("status").str(),
                    condition.get("lastTransitionTime").rfc1123z(),
                    condition.get("reason").str(),
                    condition.get("message").str()
                ),
            );
        }
    }
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No resource quota.\n");
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No LimitRange resource.\n");
}

/// `ConfigMapDescriber` without its events.
pub fn describe_config_map_body(w: &mut PrefixWriter, config_map: J<'_>) {
    let meta = config_map.get("metadata");
    w.write(LEVEL_0, &format!("Name:\t{}\n", meta.get("name").str()));
    w.write(
        LEVEL_0,
        &format!("Namespace:\t{}\n", meta.get("namespace").str()),
    );
    print_labels_multiline(w, "Labels", meta.get("labels"));
    print_annotations_multiline(w, "Annotations", meta.get("annotations"));
    w.write(LEVEL_0, "\nData\n====\n");
    for (key, value) in config_map.get("data").entries() {
        w.write(LEVEL_0, &format!("{key}:\n----\n"));
        w.write(LEVEL_0, &format!("{}\n", value.v()));
        w.write(LEVEL_0, "\n");
    }
    w.write(LEVEL_0, "\nBinaryData\n====\n");
    for (key, value) in config_map.get("binaryData").entries() {
        w.write(
            LEVEL_0,
            &format!("{key}: {} bytes\n", base64_decoded_len(value.str())),
        );
    }
    w.write(LEVEL_0, "\n");
}

/// The length of the bytes a base64 text stands for.
fn base64_decoded_len(text: &str) -> usize {
    let trimmed = text.trim_end_matches('=');
    trimmed.len() * 3 / 4
}

/// What the node describer prints when the Node object does not say.
struct NodeDefaults {
    capacity: &'static [(&'static str, &'static str)],
    allocatable: &'static [(&'static str, &'static str)],
    kernel_version: &'static str,
    os_image: &'static str,
    container_runtime: &'static str,
}

/// A 2-CPU, 4 GiB Ubuntu VM of a kubeadm lab.
const VM_NODE: NodeDefaults = NodeDefaults {
    capacity: &[
        ("cpu", "2"),
        ("ephemeral-storage", "61202244Ki"),
        ("hugepages-1Gi", "0"),
        ("hugepages-2Mi", "0"),
        ("memory", "4015732Ki"),
        ("pods", "110"),
    ],
    allocatable: &[
        ("cpu", "2"),
        ("ephemeral-storage", "56403987978"),
        ("hugepages-1Gi", "0"),
        ("hugepages-2Mi", "0"),
        ("memory", "3913332Ki"),
        ("pods", "110"),
    ],
    kernel_version: "5.15.0-164-generic",
    os_image: "Ubuntu 22.04.5 LTS",
    container_runtime: "containerd://1.7.28",
};

/// A kind node: a container on the same 2-CPU, 4 GiB machine.
const KIND_NODE: NodeDefaults = NodeDefaults {
    capacity: VM_NODE.capacity,
    allocatable: VM_NODE.allocatable,
    kernel_version: "6.8.0-90-generic",
    os_image: "Debian GNU/Linux 12 (bookworm)",
    container_runtime: "containerd://2.1.4",
};

/// The kubelet version the simulated nodes report.
pub const KUBELET_VERSION: &str = "v1.34.2";

/// How often kubelet posts an unchanged node status (`nodeStatusReportFrequency`).
const NODE_STATUS_REPORT_MS: SimTime = 5 * 60 * 1000;
/// How often kubelet renews its node Lease.
const LEASE_RENEW_MS: SimTime = 10 * 1000;

/// A resource list: the object's, else the defaults.
fn resource_list(
    list: J<'_>,
    defaults: &[(&'static str, &'static str)],
) -> BTreeMap<String, Quantity> {
    let from_object = quantities(list);
    if list.is_set() {
        return from_object;
    }
    sort::map_from(
        defaults
            .iter()
            .filter_map(|(name, value)| Quantity::parse(value).ok().map(|q| (name.to_string(), q))),
    )
}

/// The entries of a resource list that are quantities, by resource name.
fn quantities(list: J<'_>) -> BTreeMap<String, Quantity> {
    sort::map_from(
        list.entries()
            .into_iter()
            .filter_map(|(name, value)| quantity(value).map(|q| (name.to_string(), q))),
    )
}

/// Hex digits derived from a name, for the machine identifiers a real node reports.
fn stable_hex(name: &str, salt: u64, digits: usize) -> String {
    let mut out = String::new();
    let mut state: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    while out.len() < digits {
        for byte in name.bytes() {
            state ^= u64::from(byte);
            state = state.wrapping_mul(0x0100_0000_01b3);
        }
        state ^= out.len() as u64;
        state = state.wrapping_mul(0x0100_0000_01b3);
        out.push_str(&format!("{:016x}", state));
    }
    out.truncate(digits);
    out
}

fn uuid_form(hex: &str) -> String {
    let part = |range: std::ops::Range<usize>| hex.get(range).unwrap_or("");
    format!(
        "{}-{}-{}-{}-{}",
        part(0..8),
        part(8..12),
        part(12..16),
        part(16..20),
        part(20..32)
    )
}

/// The last instant at or before `now` on a `period` grid starting at `start`.
fn last_tick(start: SimTime, now: SimTime, period: SimTime) -> SimTime {
    if now <= start || period == 0 {
        return start;
    }
    start + (now - start) / period * period
}

/// `describeNode` without its events. `pods` are the node's non-terminated pods in list order.
pub fn describe_node_body(
    w: &mut PrefixWriter,
    node: J<'_>,
    pods: &[J<'_>],
    kind_preset: bool,
    now: SimTime,
) {
    let defaults = if kind_preset { &KIND_NODE } else { &VM_NODE };
    let meta = node.get("metadata");
    let spec = node.get("spec");
    let status = node.get("status");
    let name = meta.get("name").str();
    w.write(LEVEL_0, &format!("Name:\t{name}\n"));
    let roles = find_node_roles(meta.get("labels"));
    if roles.is_empty() {
        w.write(LEVEL_0, "Roles:\t<none>\n");
    } else {
        w.write(LEVEL_0, &format!("Roles:\t{}\n", roles.join(",")));
    }
    print_labels_multiline(w, "Labels", meta.get("labels"));
    print_annotations_multiline(w, "Annotations", meta.get("annotations"));
    w.write(
        LEVEL_0,
        &format!(
            "CreationTimestamp:\t{}\n",
            meta.get("creationTimestamp").rfc1123z()
        ),
    );
    print_taints_multiline(w, "Taints", spec.get("taints"));
    w.write(
        LEVEL_0,
        &format!("Unschedulable:\t{}\n", spec.get("unschedulable").bool()),
    );
    let created = meta.get("creationTimestamp").time().unwrap_or(0);
    w.write(LEVEL_0, "Lease:\n");
    w.write(LEVEL_1, &format!("HolderIdentity:\t{name}\n"));
    w.write(LEVEL_1, "AcquireTime:\t<unset>\n");
    w.write(
        LEVEL_1,
        &format!(
            "RenewTime:\t{}\n",
            rfc1123z(last_tick(created, now, LEASE_RENEW_MS))
        ),
    );
    let conditions = status.get("conditions");
    if !conditions.is_empty() {
        w.write(
            LEVEL_0,
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.write(
            LEVEL_1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for condition in conditions.items() {
            let transition = condition.get("lastTransitionTime");
            let heartbeat = if condition.get("lastHeartbeatTime").is_set() {
                condition.get("lastHeartbeatTime").rfc1123z()
            } else {
                let since_transition = transition.time().unwrap_or(created);
                rfc1123z(last_tick(since_transition, now, NODE_STATUS_REPORT_MS))
            };
            w.write(
                LEVEL_1,
                &format!(
                    "{} \t{} \t{heartbeat} \t{} \t{} \t{}\n",
                    condition.get("type").str(),
                    condition.get("status").str(),
                    transition.rfc1123z(),
                    condition.get("reason").str(),
                    condition.get("message").str()
                ),
            );
        }
    }
    w.write(LEVEL_0, "Addresses:\n");
    for address in status.get("addresses").items() {
        w.write(
            LEVEL_1,
            &format!(
                "{}:\t{}\n",
                address.get("type").str(),
                address.get("address").str()
            ),
        );
    }
    let capacity = resource_list(status.get("capacity"), defaults.capacity);
    let allocatable = resource_list(status.get("allocatable"), defaults.allocatable);
    for (title, list) in [("Capacity", &capacity), ("Allocatable", &allocatable)] {
        if list.is_empty() {
            continue;
        }
        w.write(LEVEL_0, &format!("{title}:\n"));
        for (resource, value) in list {
            w.write(LEVEL_0, &format!("  {resource}:\t{}\n", value.canonical()));
        }
    }
    let info = status.get("nodeInfo");
    let info_or = |field: &str, fallback: String| {
        if info.is_set() {
            info.get(field).str().to_string()
        } else {
            fallback
        }
    };
    let machine_id = stable_hex(name, 1, 32);
    w.write(LEVEL_0, "System Info:\n");
    for (label, value) in [
        ("Machine ID", info_or("machineID", machine_id)),
        (
            "System UUID",
            info_or("systemUUID", uuid_form(&stable_hex(name, 2, 32))),
        ),
        (
            "Boot ID",
            info_or("bootID", uuid_form(&stable_hex(name, 3, 32))),
        ),
        (
            "Kernel Version",
            info_or("kernelVersion", defaults.kernel_version.to_string()),
        ),
        (
            "OS Image",
            info_or("osImage", defaults.os_image.to_string()),
        ),
        (
            "Operating System",
            info_or("operatingSystem", "linux".to_string()),
        ),
        ("Architecture", info_or("architecture", "amd64".to_string())),
        (
            "Container Runtime Version",
            info_or(
                "containerRuntimeVersion",
                defaults.container_runtime.to_string(),
            ),
        ),
        (
            "Kubelet Version",
            info_or("kubeletVersion", KUBELET_VERSION.to_string()),
        ),
        (
            "Kube-Proxy Version",
            info_or("kubeProxyVersion", String::new()),
        ),
    ] {
        w.write(LEVEL_0, &format!("  {label}:\t{value}\n"));
    }
    let pod_cidr = spec.get("podCIDR").str();
    if !pod_cidr.is_empty() {
        w.write(LEVEL_0, &format!("PodCIDR:\t{pod_cidr}\n"));
    }
    let pod_cidrs = if spec.get("podCIDRs").is_set() {
        spec.get("podCIDRs").strings()
    } else if pod_cidr.is_empty() {
        Vec::new()
    } else {
        vec![pod_cidr.to_string()]
    };
    if !pod_cidrs.is_empty() {
        w.write(LEVEL_0, &format!("PodCIDRs:\t{}\n", pod_cidrs.join(",")));
    }
    let provider = spec.get("providerID").str();
    if !provider.is_empty() {
        w.write(LEVEL_0, &format!("ProviderID:\t{provider}\n"));
    }
    let allocatable_for_pods = if allocatable.is_empty() {
        &capacity
    } else {
        &allocatable
    };
    describe_node_resource(w, pods, allocatable_for_pods, now);
}

/// `findNodeRoles`: `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`.
fn find_node_roles(labels: J<'_>) -> Vec<String> {
    let mut roles: Vec<String> = Vec::new();
    for (key, value) in labels.string_map() {
        let role = if let Some(role) = key.strip_prefix("node-role.kubernetes.io/") {
            role.to_string()
        } else if key == "kubernetes.io/role" {
            value
        } else {
            continue;
        };
        if !role.is_empty() && !roles.contains(&role) {
            roles.push(role);
        }
    }
    sort::sort(&mut roles);
    roles
}

/// Adds a resource list into a sum (`addResourceList`).
fn add_resource_list(into: &mut BTreeMap<String, Quantity>, list: &BTreeMap<String, Quantity>) {
    for (name, amount) in list {
        let sum = match into.get(name) {
            Some(existing) => existing.checked_add(amount).unwrap_or(*existing),
            None => *amount,
        };
        into.insert(name.clone(), sum);
    }
}

/// Keeps the larger amount of each resource (`maxResourceList`).
fn max_resource_list(into: &mut BTreeMap<String, Quantity>, list: &BTreeMap<String, Quantity>) {
    for (name, amount) in list {
        let larger = match into.get(name) {
            Some(existing) if existing >= amount => *existing,
            _ => *amount,
        };
        into.insert(name.clone(), larger);
    }
}

fn container_resources(container: J<'_>, field: &str) -> BTreeMap<String, Quantity> {
    quantities(container.path(&["resources", field]))
}

/// `PodRequestsAndLimits` (`podRequests` / `podLimits`) without resized-container statuses.
fn pod_requests_or_limits(pod: J<'_>, field: &str) -> BTreeMap<String, Quantity> {
    let spec = pod.get("spec");
    let mut total = BTreeMap::new();
    for container in spec.get("containers").items() {
        add_resource_list(&mut total, &container_resources(container, field));
    }
    let mut restartable = BTreeMap::new();
    let mut init = BTreeMap::new();
    for container in spec.get("initContainers").items() {
        let own = container_resources(container, field);
        let effective = if container.get("restartPolicy").str() == "Always" {
            add_resource_list(&mut total, &own);
            add_resource_list(&mut restartable, &own);
            restartable.clone()
        } else {
            let mut combined = BTreeMap::new();
            add_resource_list(&mut combined, &own);
            add_resource_list(&mut combined, &restartable);
            combined
        };
        max_resource_list(&mut init, &effective);
    }
    max_resource_list(&mut total, &init);
    let overhead = quantities(spec.get("overhead"));
    if field == "requests" {
        add_resource_list(&mut total, &overhead);
    } else {
        for (name, amount) in &overhead {
            if let Some(existing) = total.get(name).copied() {
                if !existing.is_zero() {
                    total.insert(
                        name.clone(),
                        existing.checked_add(amount).unwrap_or(existing),
                    );
                }
            }
        }
    }
    total
}

/// `int64(float64(part) / float64(whole) * 100)`, 0 when the whole is 0.
fn percent(part: i64, whole: i64) -> i64 {
    if whole == 0 {
        return 0;
    }
    (part as f64 / whole as f64 * 100.0) as i64
}

fn amount_of(list: &BTreeMap<String, Quantity>, name: &str) -> Quantity {
    list.get(name)
        .copied()
        .unwrap_or_else(|| Quantity::from_units(0))
}

/// `describeNodeResource`: the non-terminated pods table and the allocated resources.
fn describe_node_resource(
    w: &mut PrefixWriter,
    pods: &[J<'_>],
    allocatable: &BTreeMap<String, Quantity>,
    now: SimTime,
) {
    w.write(
        LEVEL_0,
        &format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    w.write(
        LEVEL_1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.write(
        LEVEL_1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let cpu_allocatable = amount_of(allocatable, "cpu").milli_value();
    let memory_allocatable = amount_of(allocatable, "memory").value();
    let mut total_requests = BTreeMap::new();
    let mut total_limits = BTreeMap::new();
    for pod in pods {
        let requests = pod_requests_or_limits(*pod, "requests");
        let limits = pod_requests_or_limits(*pod, "limits");
        let cpu_request = amount_of(&requests, "cpu");
        let cpu_limit = amount_of(&limits, "cpu");
        let memory_request = amount_of(&requests, "memory");
        let memory_limit = amount_of(&limits, "memory");
        w.write(
            LEVEL_1,
            &format!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}\n",
                pod.path(&["metadata", "namespace"]).str(),
                pod.path(&["metadata", "name"]).str(),
                cpu_request.canonical(),
                percent(cpu_request.milli_value(), cpu_allocatable),
                cpu_limit.canonical(),
                percent(cpu_limit.milli_value(), cpu_allocatable),
                memory_request.canonical(),
                percent(memory_request.value(), memory_allocatable),
                memory_limit.canonical(),
                percent(memory_limit.value(), memory_allocatable),
                since(pod.path(&["metadata", "creationTimestamp"]).time(), now)
            ),
        );
        add_resource_list(&mut total_requests, &requests);
        add_resource_list(&mut total_limits, &limits);
    }
    w.write(
        LEVEL_0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
    w.write(LEVEL_1, "--------\t--------\t------\n");
    let row = |w: &mut PrefixWriter, name: &str, whole: i64, milli: bool| {
        let request = amount_of(&total_requests, name);
        let limit = amount_of(&total_limits, name);
        let measure = |q: &Quantity| if milli { q.milli_value() } else { q.value() };
        w.write(
            LEVEL_1,
            &format!(
                "{name}\t{} ({}%)\t{} ({}%)\n",
                request.canonical(),
                percent(measure(&request), whole),
                limit.canonical(),
                percent(measure(&limit), whole)
            ),
        );
    };
    row(w, "cpu", cpu_allocatable, true);
    row(w, "memory", memory_allocatable, false);
    row(
        w,
        "ephemeral-storage",
        amount_of(allocatable, "ephemeral-storage").value(),
        false,
    );
    for name in allocatable.keys().filter(|n| n.starts_with("hugepages-")) {
        row(w, name, amount_of(allocatable, name).value(), false);
    }
    let standard = ["cpu", "memory", "ephemeral-storage", "pods"];
    for name in allocatable
        .keys()
        .filter(|n| !n.starts_with("hugepages-") && !standard.contains(&n.as_str()))
    {
        w.write(
            LEVEL_1,
            &format!(
                "{name}\t{}\t{}\n",
                amount_of(&total_requests, name).canonical(),
                amount_of(&total_limits, name).canonical()
            ),
        );
    }
}
