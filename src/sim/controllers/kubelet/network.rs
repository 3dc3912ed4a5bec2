//! Pod IPs, as the `host-local` IPAM plugin behind flannel (kubeadm) or kindnet (kind) hands
//! them out: from the node's `spec.podCIDR`, skipping the network address and the bridge's
//! `.1`, in order, continuing after the last address handed out and wrapping around, never
//! returning an address that is still in use. A re-created pod therefore gets a new IP.
//!
//! A real node stops at 110 pods (the kubelet's `maxPods`), far below the 253 addresses of a
//! `/24`; the simulation has no pod limit, so when a node's own range is used up it continues
//! in extension blocks `100.<64+n>.<k>.0/24` (`n` the third octet of the node's range), which
//! no other node uses. Only when those are exhausted too does sandbox creation fail with the
//! plugin's real error.

use crate::sim::model::{Kind, Object};
use crate::sim::store::ObjectKey;
use crate::sim::world::{Cluster, Preset};

/// Extension `/24` blocks per node after its own range, so that one node can run the
/// playground's largest set (5,000 replicas) with room for a rolling update.
const EXTENSION_BLOCKS: u32 = 64;
/// Usable hosts of one `/24` block (`.2` … `.254`).
const BLOCK_HOSTS: u32 = 253;

/// A node's address plan: its own range plus the extension blocks.
struct Plan {
    base: [u8; 4],
    primary_hosts: u32,
    third_octet: u8,
    range_text: String,
}

fn plan_for(cluster: &Cluster, node: &str) -> Option<Plan> {
    let cidr = cluster
        .store
        .get(&ObjectKey::new(Kind::Node, "", node))
        .and_then(Object::as_node)?
        .spec
        .pod_cidr
        .clone()?;
    let (address, prefix) = cidr.split_once('/')?;
    let prefix: u32 = prefix.parse().ok()?;
    if !(8..=30).contains(&prefix) {
        return None;
    }
    let octets: Vec<u8> = address
        .split('.')
        .map(|part| part.parse::<u8>())
        .collect::<Result<_, _>>()
        .ok()?;
    let base: [u8; 4] = octets.try_into().ok()?;
    let size = 1u64 << (32 - prefix);
    let primary_hosts = u32::try_from(size.saturating_sub(3)).ok()?;
    let start = u32::from_be_bytes(base);
    let last = start.saturating_add(u32::try_from(size - 2).ok()?);
    Some(Plan {
        base,
        primary_hosts,
        third_octet: base[2],
        range_text: format!("{}-{}", dotted(start.saturating_add(1)), dotted(last)),
    })
}

fn dotted(value: u32) -> String {
    let [a, b, c, d] = value.to_be_bytes();
    format!("{a}.{b}.{c}.{d}")
}

impl Plan {
    fn total(&self) -> u32 {
        self.primary_hosts + EXTENSION_BLOCKS * BLOCK_HOSTS
    }

    fn address(&self, index: u32) -> String {
        if index < self.primary_hosts {
            return dotted(u32::from_be_bytes(self.base).saturating_add(2 + index));
        }
        let extra = index - self.primary_hosts;
        let block = extra / BLOCK_HOSTS;
        let host = extra % BLOCK_HOSTS + 2;
        // The shared range 100.64.0.0/10: one /16 per node (by the node's own third octet, at
        // most 63 nodes), one /24 per extension block.
        format!(
            "100.{}.{block}.{host}",
            64 + u32::from(self.third_octet % 64)
        )
    }
}

/// Hands out the next free address on `node` for the pod `uid`: `(ip, index)`, or the CNI
/// error text when the node has no range or no free address.
pub(super) fn allocate(
    cluster: &mut Cluster,
    node: &str,
    uid: &str,
) -> Result<(String, u32), String> {
    let Some(plan) = plan_for(cluster, node) else {
        return Err(format!(
            "plugin type=\"{}\" failed (add): failed to allocate for range 0: no podCIDR is set on node {node:?}",
            plugin_name(cluster)
        ));
    };
    let total = plan.total();
    let next = cluster.next_pod_ip.get(node).copied().unwrap_or(0) % total.max(1);
    let runtime = cluster.kubelet.nodes.entry(node.to_string()).or_default();
    for step in 0..total {
        let index = (next + step) % total;
        if runtime.ips.contains_key(&index) {
            continue;
        }
        runtime.ips.insert(index, uid.to_string());
        cluster
            .next_pod_ip
            .insert(node.to_string(), (index + 1) % total);
        return Ok((plan.address(index), index));
    }
    Err(format!(
        "plugin type=\"{}\" failed (add): failed to allocate for range 0: no IP addresses available in range set: {}",
        plugin_name(cluster),
        plan.range_text
    ))
}

fn plugin_name(cluster: &Cluster) -> &'static str {
    match cluster.preset {
        Preset::Kubeadm => "flannel",
        Preset::Kind => "ptp",
    }
}

/// Returns an address to the pool (only if it is still held by `uid`).
pub(super) fn release(cluster: &mut Cluster, node: &str, index: u32, uid: &str) {
    if let Some(runtime) = cluster.kubelet.nodes.get_mut(node) {
        if runtime.ips.get(&index).is_some_and(|holder| holder == uid) {
            runtime.ips.remove(&index);
        }
    }
}

/// The addresses in use on `node`.
pub(super) fn ips_in_use(cluster: &Cluster, node: &str) -> Vec<String> {
    let Some(plan) = plan_for(cluster, node) else {
        return Vec::new();
    };
    cluster
        .kubelet
        .nodes
        .get(node)
        .map(|runtime| {
            runtime
                .ips
                .keys()
                .map(|index| plan.address(*index))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::world::Preset;

    #[test]
    fn addresses_are_sequential_skip_used_ones_and_wrap() {
        let mut cluster = Cluster::new(Preset::Kubeadm, 1);
        let first = allocate(&mut cluster, "k8s-node1", "a").unwrap();
        let second = allocate(&mut cluster, "k8s-node1", "b").unwrap();
        assert_eq!(first.0, "10.244.1.2");
        assert_eq!(second.0, "10.244.1.3");
        release(&mut cluster, "k8s-node1", first.1, "a");
        let third = allocate(&mut cluster, "k8s-node1", "c").unwrap();
        assert_eq!(
            third.0, "10.244.1.4",
            "freed addresses are not reused at once"
        );
        assert_eq!(
            allocate(&mut cluster, "k8s-node2", "d").unwrap().0,
            "10.244.2.2"
        );
        // Fill the node's own range: the next address comes from the extension block.
        for n in 0..250 {
            allocate(&mut cluster, "k8s-node1", &format!("x{n}")).unwrap();
        }
        let after = allocate(&mut cluster, "k8s-node1", "y").unwrap();
        assert_eq!(after.0, "100.65.0.2");
        assert!(ips_in_use(&cluster, "k8s-node1").contains(&"10.244.1.3".to_string()));
        assert!(allocate(&mut cluster, "nowhere", "z").is_err());
    }
}
