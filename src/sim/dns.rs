//! Cluster DNS and the Endpoints of a Service, both computed on demand from the store.
//!
//! **What it models.** CoreDNS with the `kubernetes` plugin as kubeadm and kind configure it
//! (`kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure }`, coredns/coredns
//! `plugin/kubernetes`), seen through a pod's `/etc/resolv.conf` as the kubelet writes it
//! (`search <ns>.svc.cluster.local svc.cluster.local cluster.local`, `options ndots:5`):
//! * `<svc>.<ns>.svc.cluster.local` → the cluster IP of a ClusterIP Service, or for a headless
//!   Service the IPs of its ready endpoints (NXDOMAIN while it has none);
//! * `<host>.<svc>.<ns>.svc.cluster.local` → the endpoint whose hostname is `<host>` (a pod
//!   whose `spec.hostname` is `<host>` and `spec.subdomain` is `<svc>`), or whose IP written
//!   with dashes is `<host>` (`10-244-1-5`); only ready endpoints answer, unless the Service
//!   publishes not-ready addresses;
//! * `<a-b-c-d>.<ns>.pod.cluster.local` → `a.b.c.d` (`pods insecure`);
//! * the `kubernetes` Service of `default` like any other ClusterIP Service.
//!
//! The Endpoints object is what the endpoints controller (`pkg/controller/endpoint`,
//! `ShouldPodBeInEndpoints`, `podToEndpointAddressForService`, `RepackSubsets`) would write:
//! pods selected by the Service that have an IP, are not terminal, and are not being deleted
//! (unless `publishNotReadyAddresses`); ready pods under `addresses`, the others under
//! `notReadyAddresses`; one port per Service port with named target ports looked up in the
//! pod's containers (a pod without that port is left out of that port's subset).
//!
//! **Design choice.** Endpoints are virtual: [`endpoints_for`] derives them when asked
//! (`kubectl get ep`, DNS answers, `wget` through a Service) instead of keeping a stored
//! object up to date on every pod change, so the cost of a change stays linear in the pods it
//! touches. Their `resourceVersion` is the newest one among the Service and its pods.
//!
//! **Left out.** EndpointSlices, SRV and PTR records, ExternalName CNAMEs, upstream (internet)
//! names — an outside name does not resolve in the simulation — and DNS caching.
//!
//! Architecture Invariant: everything here is a pure read of the cluster (`&Cluster`); nothing
//! is written, no random numbers are drawn.

use std::collections::BTreeMap;

use crate::sim::model::{
    EndpointAddress, EndpointPort, EndpointSubset, Endpoints, IntOrString, Kind, Object,
    ObjectMeta, ObjectReference, Pod, Service, Time,
};
use crate::sim::shell::DnsAnswer;
use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

/// The cluster domain every preset uses.
pub const CLUSTER_DOMAIN: &str = "cluster.local";
/// `options ndots:5` of a pod's resolv.conf.
pub const NDOTS: usize = 5;
/// The cluster IP of the `kube-dns` Service, the nameserver in every pod's resolv.conf.
pub const DNS_SERVICE_IP: &str = "10.96.0.10";
/// Bound on the number of names tried for one lookup (the search path plus the name itself).
const CANDIDATES_MAX: usize = 8;

/// The answer to a lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The name resolved: `name` is the fully qualified name that answered (no trailing dot),
    /// `addresses` its A records in the order CoreDNS returns them.
    Addresses {
        name: String,
        addresses: Vec<String>,
    },
    /// Every candidate of the search path answered NXDOMAIN; `tried` lists them in order.
    NotFound { tried: Vec<String> },
}

/// The `search` line of a pod's resolv.conf in `namespace`.
pub fn search_path(namespace: &str) -> Vec<String> {
    vec![
        format!("{namespace}.svc.{CLUSTER_DOMAIN}"),
        format!("svc.{CLUSTER_DOMAIN}"),
        CLUSTER_DOMAIN.to_string(),
    ]
}

/// The resolv.conf the kubelet writes for a pod in `namespace` (ClusterFirst policy).
pub fn resolv_conf(namespace: &str) -> String {
    format!(
        "search {}\nnameserver {DNS_SERVICE_IP}\noptions ndots:{NDOTS}\n",
        search_path(namespace).join(" ")
    )
}

/// The names a libc resolver tries for `name`, in order: with fewer than `ndots` dots the
/// search domains come first, otherwise the name as given comes first; a trailing dot means
/// the name is absolute and only it is tried.
pub fn candidates(from_namespace: &str, name: &str) -> Vec<String> {
    let name = name.trim();
    if let Some(absolute) = name.strip_suffix('.') {
        return vec![absolute.to_ascii_lowercase()];
    }
    let name = name.to_ascii_lowercase();
    if name.is_empty() {
        return Vec::new();
    }
    let searched: Vec<String> = search_path(from_namespace)
        .into_iter()
        .map(|domain| format!("{name}.{domain}"))
        .collect();
    let dots = name.matches('.').count();
    let mut out = Vec::with_capacity(CANDIDATES_MAX);
    if dots >= NDOTS {
        out.push(name.clone());
        out.extend(searched);
    } else {
        out.extend(searched);
        out.push(name);
    }
    out.truncate(CANDIDATES_MAX);
    out
}

/// Resolves `name` as a pod in `from_namespace` would, through the search path.
pub fn resolve(cluster: &Cluster, from_namespace: &str, name: &str) -> Resolution {
    let tried = candidates(from_namespace, name);
    for candidate in &tried {
        if let Some(addresses) = resolve_fqdn(cluster, candidate) {
            return Resolution::Addresses {
                name: candidate.clone(),
                addresses,
            };
        }
    }
    Resolution::NotFound { tried }
}

/// Looks up one fully qualified name (with or without the trailing dot). `None` is NXDOMAIN.
pub fn resolve_fqdn(cluster: &Cluster, fqdn: &str) -> Option<Vec<String>> {
    let fqdn = fqdn.trim_end_matches('.').to_ascii_lowercase();
    let inside = fqdn.strip_suffix(&format!(".{CLUSTER_DOMAIN}"))?;
    let labels: Vec<&str> = inside.split('.').collect();
    match labels.as_slice() {
        [service, namespace, "svc"] => service_addresses(cluster, namespace, service),
        [host, service, namespace, "svc"] => endpoint_address(cluster, namespace, service, host),
        [dashed, namespace, "pod"] => {
            namespace_exists(cluster, namespace).then_some(())?;
            dashed_ip(dashed).map(|ip| vec![ip])
        }
        _ => None,
    }
}

/// One A query as CoreDNS answers it: addresses, NODATA for names that exist without an
/// address (a namespace's `svc` or `pod` subdomain, the zone itself), or NXDOMAIN. Names
/// outside `cluster.local` get NXDOMAIN: the simulated cluster has no upstream resolver.
pub fn query_a(cluster: &Cluster, fqdn: &str) -> DnsAnswer {
    if let Some(addresses) = resolve_fqdn(cluster, fqdn) {
        return DnsAnswer::Addresses(addresses);
    }
    let fqdn = fqdn.trim_end_matches('.').to_ascii_lowercase();
    if fqdn == CLUSTER_DOMAIN {
        return DnsAnswer::NoData;
    }
    let Some(inside) = fqdn.strip_suffix(&format!(".{CLUSTER_DOMAIN}")) else {
        return DnsAnswer::NxDomain;
    };
    match inside.split('.').collect::<Vec<_>>().as_slice() {
        ["svc"] | ["pod"] => DnsAnswer::NoData,
        [namespace, "svc" | "pod"] if namespace_exists(cluster, namespace) => DnsAnswer::NoData,
        _ => DnsAnswer::NxDomain,
    }
}

/// The PTR answer for `ip`: a Service's cluster IP gives `<svc>.<ns>.svc.cluster.local`, a
/// ready endpoint gives `<hostname or dashed IP>.<svc>.<ns>.svc.cluster.local` (an endpoint
/// with a hostname first, else the first Service in name order), the DNS Service its own
/// name.
pub fn reverse_lookup(cluster: &Cluster, ip: &str) -> Option<String> {
    if ip == DNS_SERVICE_IP {
        return Some(format!("kube-dns.kube-system.svc.{CLUSTER_DOMAIN}"));
    }
    for object in cluster.store.list(Kind::Service, None) {
        let Some(service) = object.as_service() else {
            continue;
        };
        let has_ip = service.spec.cluster_ip.as_deref() == Some(ip)
            || service.spec.cluster_ips.iter().any(|c| c == ip);
        if has_ip {
            return Some(format!(
                "{}.{}.svc.{CLUSTER_DOMAIN}",
                service.metadata.name,
                service.metadata.namespace()
            ));
        }
    }
    // An endpoint with a hostname (a pod of a headless Service that names it as subdomain)
    // answers with that name first, as in the StatefulSet tutorial's `nslookup` output.
    let mut fallback: Option<String> = None;
    for object in cluster.store.list(Kind::Service, None) {
        let Some(endpoints) = endpoints_for(cluster, &ObjectKey::of(object)) else {
            continue;
        };
        for subset in &endpoints.subsets {
            let Some(address) = subset.addresses.iter().find(|a| a.ip == ip) else {
                continue;
            };
            let zone = format!(
                "{}.{}.svc.{CLUSTER_DOMAIN}",
                endpoints.metadata.name,
                endpoints.metadata.namespace()
            );
            match &address.hostname {
                Some(host) => return Some(format!("{host}.{zone}")),
                None => {
                    if fallback.is_none() {
                        fallback = Some(format!("{}.{zone}", ip.replace('.', "-")));
                    }
                }
            }
        }
    }
    fallback
}

fn namespace_exists(cluster: &Cluster, namespace: &str) -> bool {
    cluster
        .store
        .contains(&ObjectKey::new(Kind::Namespace, "", namespace))
}

fn find_service<'a>(cluster: &'a Cluster, namespace: &str, name: &str) -> Option<&'a Service> {
    cluster
        .store
        .get(&ObjectKey::new(Kind::Service, namespace, name))
        .and_then(Object::as_service)
}

fn service_addresses(cluster: &Cluster, namespace: &str, name: &str) -> Option<Vec<String>> {
    let service = find_service(cluster, namespace, name)?;
    if service.spec.type_.as_deref() == Some("ExternalName") {
        return None;
    }
    if !service.is_headless() {
        let ips: Vec<String> = if service.spec.cluster_ips.is_empty() {
            service.spec.cluster_ip.iter().cloned().collect()
        } else {
            service.spec.cluster_ips.clone()
        };
        let ips: Vec<String> = ips.into_iter().filter(|ip| ip != "None").collect();
        return (!ips.is_empty()).then_some(ips);
    }
    let endpoints = endpoints_for(cluster, &ObjectKey::new(Kind::Service, namespace, name))?;
    let mut ips: Vec<String> = Vec::new();
    for subset in &endpoints.subsets {
        for address in &subset.addresses {
            if !ips.contains(&address.ip) {
                ips.push(address.ip.clone());
            }
        }
    }
    (!ips.is_empty()).then_some(ips)
}

fn endpoint_address(
    cluster: &Cluster,
    namespace: &str,
    service: &str,
    host: &str,
) -> Option<Vec<String>> {
    let endpoints = endpoints_for(cluster, &ObjectKey::new(Kind::Service, namespace, service))?;
    for subset in &endpoints.subsets {
        for address in &subset.addresses {
            let by_hostname = address.hostname.as_deref() == Some(host);
            let by_ip = address.ip.replace('.', "-") == host;
            if by_hostname || by_ip {
                return Some(vec![address.ip.clone()]);
            }
        }
    }
    None
}

fn dashed_ip(dashed: &str) -> Option<String> {
    let parts: Vec<&str> = dashed.split('-').collect();
    if parts.len() != 4 || parts.iter().any(|p| p.parse::<u8>().is_err()) {
        return None;
    }
    Some(parts.join("."))
}

/// `ShouldPodBeInEndpoints`.
fn should_pod_be_in_endpoints(pod: &Pod, include_terminating: bool) -> bool {
    if pod.status.pod_ip.as_deref().unwrap_or("").is_empty() && pod.status.pod_ips.is_empty() {
        return false;
    }
    if !include_terminating && pod.metadata.is_deleting() {
        return false;
    }
    match pod.spec.restart_policy.as_deref() {
        Some("Never") => !pod.is_terminated(),
        Some("OnFailure") => pod.phase() != "Succeeded",
        _ => true,
    }
}

/// The port a Service port reaches on one pod (`FindPort`), if the pod has it.
fn target_port(pod: &Pod, port: &crate::sim::model::ServicePort) -> Option<i32> {
    match &port.target_port {
        None => Some(port.port),
        Some(IntOrString::Int(number)) => i32::try_from(*number).ok(),
        Some(IntOrString::String(name)) => {
            let protocol = port.protocol.as_deref().unwrap_or("TCP");
            pod.spec
                .containers
                .iter()
                .flat_map(|c| c.ports.iter())
                .find(|p| {
                    p.name.as_deref() == Some(name.as_str())
                        && p.protocol.as_deref().unwrap_or("TCP") == protocol
                })
                .map(|p| p.container_port)
                .or_else(|| name.parse::<i32>().ok())
        }
    }
}

/// The Endpoints the endpoints controller would keep for the Service at `service_key`; `None`
/// when the Service does not exist or has no selector (its Endpoints are then whatever a user
/// stored).
pub fn endpoints_for(cluster: &Cluster, service_key: &ObjectKey) -> Option<Endpoints> {
    let service = cluster
        .store
        .get(&ObjectKey::new(
            Kind::Service,
            &service_key.namespace,
            &service_key.name,
        ))
        .and_then(Object::as_service)?;
    let selector = service.spec.selector.as_ref()?;
    let namespace = service.metadata.namespace();
    let publish_not_ready = service.spec.publish_not_ready_addresses == Some(true);
    let service_name = &service.metadata.name;
    let mut newest_rv: u64 = service.metadata.resource_version.parse().unwrap_or(0);
    let mut last_change = service.metadata.creation_timestamp;
    // Pods grouped by the ports they resolve, in order of first appearance.
    let mut groups: Vec<(Vec<EndpointPort>, EndpointSubset)> = Vec::new();
    for pod in cluster
        .store
        .list(Kind::Pod, Some(namespace))
        .filter_map(Object::as_pod)
    {
        if !selector
            .iter()
            .all(|(k, v)| pod.metadata.labels.get(k) == Some(v))
        {
            continue;
        }
        if !should_pod_be_in_endpoints(pod, publish_not_ready) {
            continue;
        }
        let ip = pod
            .status
            .pod_ip
            .clone()
            .filter(|ip| !ip.is_empty())
            .or_else(|| pod.status.pod_ips.first().map(|p| p.ip.clone()))
            .unwrap_or_default();
        let hostname = match (&pod.spec.hostname, &pod.spec.subdomain) {
            (Some(hostname), Some(subdomain))
                if !hostname.is_empty() && subdomain == service_name =>
            {
                Some(hostname.clone())
            }
            _ => None,
        };
        let address = EndpointAddress {
            ip,
            hostname,
            node_name: pod.spec.node_name.clone(),
            target_ref: Some(ObjectReference {
                kind: "Pod".into(),
                namespace: namespace.to_string(),
                name: pod.metadata.name.clone(),
                uid: pod.metadata.uid.clone(),
                ..Default::default()
            }),
        };
        let ports: Vec<EndpointPort> = service
            .spec
            .ports
            .iter()
            .filter_map(|port| {
                target_port(pod, port).map(|number| EndpointPort {
                    name: port.name.clone(),
                    port: number,
                    protocol: Some(port.protocol.clone().unwrap_or_else(|| "TCP".into())),
                })
            })
            .collect();
        if ports.is_empty() && !service.spec.ports.is_empty() {
            continue;
        }
        newest_rv = newest_rv.max(pod.metadata.resource_version.parse().unwrap_or(0));
        let changed_at = pod
            .condition("Ready")
            .and_then(|c| c.last_transition_time)
            .or(pod.metadata.creation_timestamp);
        if changed_at > last_change {
            last_change = changed_at;
        }
        let ready = pod.is_ready() || publish_not_ready;
        let index = match groups.iter().position(|(p, _)| *p == ports) {
            Some(index) => index,
            None => {
                groups.push((
                    ports.clone(),
                    EndpointSubset {
                        ports,
                        ..Default::default()
                    },
                ));
                groups.len() - 1
            }
        };
        let subset = &mut groups[index].1;
        if ready {
            subset.addresses.push(address);
        } else {
            subset.not_ready_addresses.push(address);
        }
    }
    let mut subsets: Vec<EndpointSubset> = groups.into_iter().map(|(_, s)| s).collect();
    for subset in &mut subsets {
        subset.addresses.sort_by(|a, b| a.ip.cmp(&b.ip));
        subset.not_ready_addresses.sort_by(|a, b| a.ip.cmp(&b.ip));
    }
    let mut labels: BTreeMap<String, String> = service.metadata.labels.clone().into();
    if service.is_headless() {
        labels.insert("service.kubernetes.io/headless".into(), String::new());
    }
    let mut annotations = BTreeMap::new();
    if let Some(Time(at)) = last_change {
        annotations.insert(
            "endpoints.kubernetes.io/last-change-trigger-time".to_string(),
            crate::sim::clock::rfc3339(at),
        );
    }
    Some(Endpoints {
        metadata: ObjectMeta {
            name: service_name.clone(),
            namespace: Some(namespace.to_string()),
            uid: derived_uid(&service.metadata.uid),
            resource_version: newest_rv.to_string(),
            creation_timestamp: service.metadata.creation_timestamp,
            labels: labels.into(),
            annotations: annotations.into(),
            ..Default::default()
        },
        subsets,
    })
}

/// A stable uid for the virtual Endpoints, derived from the Service's uid.
fn derived_uid(service_uid: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut hex = String::with_capacity(32);
    for round in 0..2u8 {
        for byte in service_uid.bytes().chain(std::iter::once(round)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hex.push_str(&format!("{hash:016x}"));
    }
    format!(
        "{}-{}-4{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// All Endpoints a `kubectl get endpoints` in `namespace` (or every namespace) would list:
/// the virtual ones of selector Services, in name order.
pub fn list_endpoints(cluster: &Cluster, namespace: Option<&str>) -> Vec<Endpoints> {
    cluster
        .store
        .list(Kind::Service, namespace)
        .filter_map(|service| endpoints_for(cluster, &ObjectKey::of(service)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_path_comes_first_for_short_names() {
        assert_eq!(
            candidates("default", "web-0.nginx"),
            [
                "web-0.nginx.default.svc.cluster.local",
                "web-0.nginx.svc.cluster.local",
                "web-0.nginx.cluster.local",
                "web-0.nginx",
            ]
        );
        assert_eq!(
            candidates("default", "nginx.default.svc.cluster.local."),
            ["nginx.default.svc.cluster.local"]
        );
        assert_eq!(
            candidates("x", "a.b.c.d.e.f")[0],
            "a.b.c.d.e.f",
            "five dots or more: the name itself first"
        );
        assert!(candidates("x", "").is_empty());
        assert_eq!(dashed_ip("10-244-1-5").as_deref(), Some("10.244.1.5"));
        assert_eq!(dashed_ip("10-244-1-500"), None);
    }
}
