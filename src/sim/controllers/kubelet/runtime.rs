//! The container runtime side of the kubelet: what a started container's main process does,
//! the files a container sees (its writable layer plus its volumes), and the network a
//! command inside it reaches (cluster DNS, pod IPs, Service IPs through kube-proxy). This is
//! the integration of [`crate::sim::shell::ExecContext`] for one container of one pod, used
//! for the main process, exec probes, and `kubectl exec`.
//!
//! Volume data lives where a real cluster keeps it, so the key of a volume's file tree is its
//! backing store: an NFS export (`nfs:<server>:<path>`), a directory on a node
//! (`hostPath:<node>:<path>`, `local:<node>:<path>`), a provisioned volume
//! (`pv:<name>:<uid>`), or a pod's emptyDir (`emptyDir:<pod uid>:<volume>`, dropped with the
//! pod). A re-created pod on the same claim therefore sees the same files; a hostPath volume
//! used from two nodes shows two different directories, as on a real cluster.
//! ConfigMap volumes are built from the ConfigMap when a command runs; other volume types
//! (secrets, projected tokens, downward API) appear as empty read-only directories.
//!
//! A container's writable layer is created from its image on first use and dropped when the
//! container restarts. `subPath` mounts show the whole volume; a volume mounted twice into one
//! container is mounted only at its first path.

use std::collections::BTreeMap;

use crate::sim::clock::SimTime;
use crate::sim::dns;
use crate::sim::fs::{ContainerFs, FileTree};
use crate::sim::images::{self, ImageInfo, ImageLookup, ProcessBehaviour};
use crate::sim::model::{Container, Kind, Object, Pod, Volume};
use crate::sim::shell::{self, DnsAnswer, ExecContext, ExecOutcome, HttpResult};
use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

use super::{ContainerState, PodRuntime, VOLUME_TREES_MAX};

/// How a started container's main process behaves.
pub(super) enum ProcessStart {
    /// It runs; `exits` is `(after_ms, exit_code)` when it ends by itself.
    Runs {
        exits: Option<(SimTime, i32)>,
        handles_sigterm: bool,
        listening: Vec<u16>,
        serves_http: bool,
    },
    /// The runtime could not start it (`StartError`, exit code 128).
    StartError { message: String },
}

/// The spec of the container at runtime index `index` (init containers first).
pub(super) fn spec_container(pod: &Pod, index: usize) -> Option<&Container> {
    let init = pod.spec.init_containers.len();
    if index < init {
        pod.spec.init_containers.get(index)
    } else {
        pod.spec.containers.get(index - init)
    }
}

/// Starts the main process of a container whose writable layer was just reset: decides what
/// it does and runs its command through the shell when it is not the image's own server.
pub(super) fn start_process(cluster: &mut Cluster, key: &ObjectKey, index: usize) -> ProcessStart {
    let Some(container) =
        super::pod_object(cluster, key).and_then(|pod| spec_container(pod, index).cloned())
    else {
        return ProcessStart::StartError {
            message: "container is gone".into(),
        };
    };
    let ImageLookup::Pullable(info) = images::lookup(&container.image) else {
        return ProcessStart::StartError {
            message: format!(
                "failed to create containerd task: image \"{}\" is not present",
                container.image
            ),
        };
    };
    let env_names: Vec<&str> = container.env.iter().map(|e| e.name.as_str()).collect();
    let declared: Vec<u16> = container
        .ports
        .iter()
        .filter_map(|p| u16::try_from(p.container_port).ok())
        .collect();
    match info.start(&container.command, &container.args, &env_names) {
        ProcessBehaviour::RunsForever => {
            let mut listening = declared;
            if let Some(server) = &info.serves {
                if !listening.contains(&server.port) {
                    listening.push(server.port);
                }
            }
            ProcessStart::Runs {
                exits: None,
                handles_sigterm: true,
                listening,
                serves_http: info.serves.is_some(),
            }
        }
        ProcessBehaviour::Exits { exit_code, log } => {
            append_container_log(cluster, key, index, &log);
            let after = super::jitter(cluster, 30, 400);
            ProcessStart::Runs {
                exits: Some((after, exit_code)),
                handles_sigterm: true,
                listening: Vec::new(),
                serves_http: false,
            }
        }
        ProcessBehaviour::RunCommand(argv) => {
            if runs_an_endless_loop(&argv) {
                return ProcessStart::Runs {
                    exits: None,
                    handles_sigterm: false,
                    listening: Vec::new(),
                    serves_http: false,
                };
            }
            let Some(mut context) = ContainerExec::new(cluster, key, index) else {
                return ProcessStart::StartError {
                    message: "container is gone".into(),
                };
            };
            let outcome = shell::exec(&argv, &mut context);
            drop(context);
            if outcome.exit_code == shell::EXIT_CODE_EXEC_NOT_FOUND
                && outcome.stderr.starts_with("OCI runtime exec failed")
            {
                let program = argv.first().cloned().unwrap_or_default();
                return ProcessStart::StartError {
                    message: shell::start_error_message(&program),
                };
            }
            append_container_log(cluster, key, index, &outcome.output);
            if outcome.blocks_forever {
                return ProcessStart::Runs {
                    exits: None,
                    handles_sigterm: false,
                    listening: Vec::new(),
                    serves_http: false,
                };
            }
            let after = outcome.elapsed_ms.max(super::jitter(cluster, 20, 200));
            ProcessStart::Runs {
                exits: Some((after, outcome.exit_code)),
                handles_sigterm: false,
                listening: Vec::new(),
                serves_http: false,
            }
        }
    }
}

/// `sh -c 'while true; do …; done'` and friends: the shell does not interpret loops, but a
/// loop that never ends keeps the container running, which is all the kubelet needs to know.
fn runs_an_endless_loop(argv: &[String]) -> bool {
    let is_shell = argv.first().is_some_and(|program| {
        matches!(
            program.rsplit('/').next(),
            Some("sh" | "bash" | "ash" | "dash")
        )
    });
    if !is_shell || argv.get(1).map(String::as_str) != Some("-c") {
        return false;
    }
    let script = argv.get(2).map(String::as_str).unwrap_or("");
    let compact: String = script.split_whitespace().collect::<Vec<_>>().join(" ");
    [
        "while true",
        "while :",
        "while [ 1 ]",
        "while [ true ]",
        "until false",
    ]
    .iter()
    .any(|pattern| compact.contains(pattern))
}

fn append_container_log(cluster: &mut Cluster, key: &ObjectKey, index: usize, text: &str) {
    if let Some(container) = cluster
        .kubelet
        .pods
        .get_mut(key)
        .and_then(|rt| rt.containers.get_mut(index))
    {
        super::append_log(&mut container.log, text);
    }
}

/// Where a volume's files live.
enum VolumeData {
    /// A tree in the kubelet's volume store.
    Stored(String),
    /// A tree built for this use (ConfigMap, or an empty directory for other types).
    Derived(FileTree),
}

fn volume_data(cluster: &Cluster, pod: &Pod, volume: &Volume) -> VolumeData {
    let node = pod.spec.node_name.as_deref().unwrap_or("");
    if let Some(source) = &volume.persistent_volume_claim {
        let claim = cluster
            .store
            .get(&ObjectKey::new(
                Kind::PersistentVolumeClaim,
                pod.metadata.namespace(),
                &source.claim_name,
            ))
            .and_then(Object::as_pvc);
        let volume_name = claim.and_then(|c| c.spec.volume_name.clone());
        let pv = volume_name.as_deref().and_then(|name| {
            cluster
                .store
                .get(&ObjectKey::new(Kind::PersistentVolume, "", name))
                .and_then(Object::as_pv)
        });
        let Some(pv) = pv else {
            return VolumeData::Derived(FileTree::new());
        };
        let text = |value: &serde_json::Value, field: &str| {
            value
                .get(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        if let Some(nfs) = pv.spec.extra.get("nfs") {
            return VolumeData::Stored(format!(
                "nfs:{}:{}",
                text(nfs, "server"),
                text(nfs, "path")
            ));
        }
        if let Some(host_path) = pv.spec.extra.get("hostPath") {
            return VolumeData::Stored(format!("hostPath:{node}:{}", text(host_path, "path")));
        }
        if let Some(local) = pv.spec.extra.get("local") {
            return VolumeData::Stored(format!("local:{node}:{}", text(local, "path")));
        }
        return VolumeData::Stored(format!("pv:{}:{}", pv.metadata.name, pv.metadata.uid));
    }
    if volume.extra.contains_key("emptyDir") {
        return VolumeData::Stored(format!("emptyDir:{}:{}", pod.metadata.uid, volume.name));
    }
    if let Some(host_path) = volume.extra.get("hostPath") {
        let path = host_path.get("path").and_then(|p| p.as_str()).unwrap_or("");
        return VolumeData::Stored(format!("hostPath:{node}:{path}"));
    }
    if let Some(source) = volume.extra.get("configMap") {
        let mut tree = FileTree::new();
        let name = source.get("name").and_then(|n| n.as_str()).unwrap_or("");
        if let Some(map) = cluster
            .store
            .get(&ObjectKey::new(
                Kind::ConfigMap,
                pod.metadata.namespace(),
                name,
            ))
            .and_then(Object::as_config_map)
        {
            for (file, contents) in &map.data {
                let _ = tree.write(&format!("/{file}"), contents, false);
            }
        }
        return VolumeData::Derived(tree);
    }
    VolumeData::Derived(FileTree::new())
}

/// Whether a volume is mounted read-only by nature (ConfigMap, Secret, projected, downward API).
fn read_only_by_nature(volume: &Volume) -> bool {
    ["configMap", "secret", "projected", "downwardAPI"]
        .iter()
        .any(|kind| volume.extra.contains_key(*kind))
}

/// `kubectl exec` and probes: one container of one pod, seen from inside.
pub struct ContainerExec<'a> {
    cluster: &'a mut Cluster,
    key: ObjectKey,
    index: usize,
    pod: Pod,
    image: ImageInfo,
    /// Mounts in the order they are applied: (path, stored key or derived slot, read-only).
    mounts: Vec<(String, MountSource, bool)>,
    derived: Vec<FileTree>,
    /// A writable layer for a container the kubelet has no state for.
    scratch: FileTree,
}

enum MountSource {
    Stored(String),
    Derived(usize),
}

impl<'a> ContainerExec<'a> {
    /// The context of the container at runtime index `index` of the pod at `key`; `None` when
    /// the pod or container does not exist or its image is not a known one.
    pub fn new(
        cluster: &'a mut Cluster,
        key: &ObjectKey,
        index: usize,
    ) -> Option<ContainerExec<'a>> {
        let pod = super::pod_object(cluster, key)?.clone();
        let container = spec_container(&pod, index)?.clone();
        let ImageLookup::Pullable(info) = images::lookup(&container.image) else {
            return None;
        };
        let mut mounts = Vec::new();
        let mut derived = Vec::new();
        let mut mounted: Vec<String> = Vec::new();
        let mut ordered: Vec<_> = container.volume_mounts.iter().collect();
        ordered.sort_by_key(|m| m.mount_path.len());
        for mount in ordered {
            let Some(volume) = pod.spec.volumes.iter().find(|v| v.name == mount.name) else {
                continue;
            };
            let read_only = mount.read_only == Some(true) || read_only_by_nature(volume);
            match volume_data(cluster, &pod, volume) {
                VolumeData::Stored(store_key) => {
                    if mounted.contains(&store_key) {
                        continue;
                    }
                    mounted.push(store_key.clone());
                    ensure_volume_tree(cluster, &store_key);
                    mounts.push((
                        mount.mount_path.clone(),
                        MountSource::Stored(store_key),
                        read_only,
                    ));
                }
                VolumeData::Derived(tree) => {
                    derived.push(tree);
                    mounts.push((
                        mount.mount_path.clone(),
                        MountSource::Derived(derived.len() - 1),
                        read_only,
                    ));
                }
            }
        }
        Some(ContainerExec {
            cluster,
            key: key.clone(),
            index,
            pod,
            image: *info,
            mounts,
            derived,
            scratch: FileTree::new(),
        })
    }

    fn runtime(&self) -> Option<&PodRuntime> {
        self.cluster.kubelet.pods.get(&self.key)
    }
}

fn ensure_volume_tree(cluster: &mut Cluster, store_key: &str) {
    let volumes = &mut cluster.kubelet.volumes;
    if volumes.contains_key(store_key) {
        return;
    }
    if volumes.len() >= VOLUME_TREES_MAX {
        // Forget provisioned volumes whose PersistentVolume is gone.
        let stale: Vec<String> = volumes
            .keys()
            .filter(|k| k.starts_with("pv:"))
            .filter(|k| {
                let name = k.split(':').nth(1).unwrap_or("");
                !cluster
                    .store
                    .contains(&ObjectKey::new(Kind::PersistentVolume, "", name))
            })
            .cloned()
            .collect();
        for key in stale {
            volumes.remove(&key);
        }
        if volumes.len() >= VOLUME_TREES_MAX {
            return;
        }
    }
    volumes.insert(store_key.to_string(), FileTree::new());
}

impl ExecContext for ContainerExec<'_> {
    fn image(&self) -> &ImageInfo {
        &self.image
    }

    fn hostname(&self) -> String {
        let name = self
            .pod
            .spec
            .hostname
            .clone()
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| self.pod.metadata.name.clone());
        name.chars().take(63).collect()
    }

    fn fqdn(&self) -> String {
        let hostname = self.hostname();
        match self.pod.spec.subdomain.as_deref() {
            Some(subdomain) if !subdomain.is_empty() => format!(
                "{hostname}.{subdomain}.{}.svc.{}",
                self.pod.metadata.namespace(),
                dns::CLUSTER_DOMAIN
            ),
            _ => hostname,
        }
    }

    fn pod_ip(&self) -> String {
        self.runtime()
            .and_then(|rt| rt.sandbox.ip().map(str::to_string))
            .or_else(|| self.pod.status.pod_ip.clone())
            .unwrap_or_default()
    }

    fn namespace(&self) -> String {
        self.pod.metadata.namespace().to_string()
    }

    fn env(&self) -> Vec<(String, String)> {
        container_env(self.cluster, &self.pod, self.index)
    }

    fn fs(&mut self) -> ContainerFs<'_> {
        let image = &self.image;
        let cluster = &mut *self.cluster;
        let super::KubeletState { pods, volumes, .. } = &mut cluster.kubelet;
        let root: &mut FileTree = match pods
            .get_mut(&self.key)
            .and_then(|rt| rt.containers.get_mut(self.index))
        {
            Some(container) => container
                .rootfs
                .get_or_insert_with(|| image.root_filesystem()),
            None => {
                if self.scratch.entry_count() == 0 {
                    self.scratch = image.root_filesystem();
                }
                &mut self.scratch
            }
        };
        // Hand out each stored tree once, then attach the mounts in path order.
        let mut stored: BTreeMap<&String, &mut FileTree> = volumes.iter_mut().collect();
        let mut derived: Vec<Option<&mut FileTree>> = self.derived.iter_mut().map(Some).collect();
        let mut fs = ContainerFs::new(root);
        for (path, source, read_only) in &self.mounts {
            let tree = match source {
                MountSource::Stored(key) => stored.remove(key),
                MountSource::Derived(slot) => derived.get_mut(*slot).and_then(Option::take),
            };
            if let Some(tree) = tree {
                fs = fs.with_mount(path, tree, *read_only);
            }
        }
        fs
    }

    fn dns_a(&self, name: &str) -> DnsAnswer {
        dns::query_a(self.cluster, name)
    }

    fn reverse_dns(&self, ip: &str) -> Option<String> {
        dns::reverse_lookup(self.cluster, ip)
    }

    fn http_get(&mut self, ip: &str, port: u16, _host: &str, path: &str) -> HttpResult {
        let own_ip = self.pod_ip();
        let target = if ip == "127.0.0.1" || ip == "localhost" {
            own_ip
        } else {
            ip.to_string()
        };
        http_request(self.cluster, &target, port, path)
    }
}

/// The environment the kubelet gives a container: the `env:` entries (literal values and the
/// common field references) and the service links of the namespace (the `kubernetes`
/// Service's variables and those of every Service with a cluster IP that existed when the pod
/// was created), sorted by name.
fn container_env(cluster: &Cluster, pod: &Pod, index: usize) -> Vec<(String, String)> {
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    let namespace = pod.metadata.namespace();
    let enable_links = pod
        .spec
        .extra
        .get("enableServiceLinks")
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    let created = pod.metadata.creation_timestamp;
    let mut services: Vec<&crate::sim::model::Service> = Vec::new();
    if let Some(kubernetes) = cluster
        .store
        .get(&ObjectKey::new(Kind::Service, "default", "kubernetes"))
        .and_then(Object::as_service)
    {
        services.push(kubernetes);
    }
    if enable_links {
        for object in cluster.store.list(Kind::Service, Some(namespace)) {
            if let Some(service) = object.as_service() {
                let before = service.metadata.creation_timestamp <= created;
                if before && !service.is_headless() && service.metadata.name != "kubernetes" {
                    services.push(service);
                }
            }
        }
    }
    for service in services {
        let Some(ip) = service
            .spec
            .cluster_ip
            .as_deref()
            .filter(|ip| *ip != "None")
        else {
            continue;
        };
        let prefix = service.metadata.name.to_ascii_uppercase().replace('-', "_");
        let Some(first) = service.spec.ports.first() else {
            continue;
        };
        env.insert(format!("{prefix}_SERVICE_HOST"), ip.to_string());
        env.insert(format!("{prefix}_SERVICE_PORT"), first.port.to_string());
        for port in &service.spec.ports {
            let protocol = port.protocol.as_deref().unwrap_or("TCP");
            let lower = protocol.to_ascii_lowercase();
            if let Some(name) = &port.name {
                env.insert(
                    format!(
                        "{prefix}_SERVICE_PORT_{}",
                        name.to_ascii_uppercase().replace('-', "_")
                    ),
                    port.port.to_string(),
                );
            }
            let base = format!("{prefix}_PORT_{}_{protocol}", port.port);
            env.insert(base.clone(), format!("{lower}://{ip}:{}", port.port));
            env.insert(format!("{base}_PROTO"), lower.clone());
            env.insert(format!("{base}_PORT"), port.port.to_string());
            env.insert(format!("{base}_ADDR"), ip.to_string());
        }
        env.insert(
            format!("{prefix}_PORT"),
            format!(
                "{}://{ip}:{}",
                first
                    .protocol
                    .as_deref()
                    .unwrap_or("TCP")
                    .to_ascii_lowercase(),
                first.port
            ),
        );
    }
    if let Some(container) = spec_container(pod, index) {
        for variable in &container.env {
            let value = match &variable.value {
                Some(value) => value.clone(),
                None => field_ref_value(cluster, pod, variable.extra.get("valueFrom")),
            };
            env.insert(variable.name.clone(), value);
        }
    }
    env.into_iter().collect()
}

fn field_ref_value(cluster: &Cluster, pod: &Pod, value_from: Option<&serde_json::Value>) -> String {
    let Some(path) = value_from
        .and_then(|v| v.get("fieldRef"))
        .and_then(|f| f.get("fieldPath"))
        .and_then(|p| p.as_str())
    else {
        return String::new();
    };
    match path {
        "metadata.name" => pod.metadata.name.clone(),
        "metadata.namespace" => pod.metadata.namespace().to_string(),
        "metadata.uid" => pod.metadata.uid.clone(),
        "spec.nodeName" => pod.spec.node_name.clone().unwrap_or_default(),
        "spec.serviceAccountName" => pod
            .spec
            .extra
            .get("serviceAccountName")
            .and_then(|v| v.as_str())
            .unwrap_or("default")
            .to_string(),
        "status.podIP" => cluster
            .kubelet
            .pods
            .get(&ObjectKey::of(&Object::Pod(pod.clone())))
            .and_then(|rt| rt.sandbox.ip().map(str::to_string))
            .unwrap_or_default(),
        "status.hostIP" => pod
            .spec
            .node_name
            .as_deref()
            .and_then(|node| {
                cluster
                    .store
                    .get(&ObjectKey::new(Kind::Node, "", node))
                    .and_then(Object::as_node)
                    .and_then(|n| n.internal_ip().map(str::to_string))
            })
            .unwrap_or_default(),
        other => {
            if let Some(label) = other
                .strip_prefix("metadata.labels['")
                .and_then(|rest| rest.strip_suffix("']"))
            {
                pod.metadata.labels.get(label).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        }
    }
}

/// An HTTP GET to `ip:port` inside the cluster: a Service's cluster IP goes through
/// kube-proxy to one ready endpoint (picked at random, as iptables mode does); a pod IP
/// reaches the container listening on that port.
pub(super) fn http_request(cluster: &mut Cluster, ip: &str, port: u16, path: &str) -> HttpResult {
    let mut target_ip = ip.to_string();
    let mut target_port = port;
    if let Some(service_key) = service_with_cluster_ip(cluster, ip) {
        let Some(service) = cluster
            .store
            .get(&service_key)
            .and_then(Object::as_service)
            .cloned()
        else {
            return HttpResult::TimedOut;
        };
        let Some(service_port) = service
            .spec
            .ports
            .iter()
            .find(|p| i32::from(port) == p.port)
            .cloned()
        else {
            return HttpResult::TimedOut;
        };
        let endpoints = dns::endpoints_for(cluster, &service_key);
        let mut choices: Vec<(String, i32)> = Vec::new();
        for subset in endpoints.iter().flat_map(|e| e.subsets.iter()) {
            let Some(endpoint_port) = subset
                .ports
                .iter()
                .find(|p| p.name == service_port.name)
                .or(subset.ports.first())
            else {
                continue;
            };
            for address in &subset.addresses {
                choices.push((address.ip.clone(), endpoint_port.port));
            }
        }
        if choices.is_empty() {
            return HttpResult::ConnectionRefused;
        }
        let pick = cluster.rng.range(0, choices.len() as u64 - 1) as usize;
        let Some((chosen_ip, chosen_port)) = choices.get(pick).cloned() else {
            return HttpResult::ConnectionRefused;
        };
        target_ip = chosen_ip;
        target_port = u16::try_from(chosen_port).unwrap_or(0);
    }
    let Some((key, index)) = container_listening(cluster, &target_ip, target_port) else {
        return if pod_at_ip(cluster, &target_ip).is_some() {
            HttpResult::ConnectionRefused
        } else {
            HttpResult::TimedOut
        };
    };
    let serves_http = cluster
        .kubelet
        .pods
        .get(&key)
        .and_then(|rt| rt.containers.get(index))
        .is_some_and(|c| c.serves_http);
    if !serves_http {
        // Something listens, but it does not speak HTTP: the connection is closed.
        return HttpResult::ConnectionRefused;
    }
    let Some(mut context) = ContainerExec::new(cluster, &key, index) else {
        return HttpResult::ConnectionRefused;
    };
    let image = context.image.clone();
    let fs = context.fs();
    shell::serve_http(&image, &fs, path)
}

fn service_with_cluster_ip(cluster: &Cluster, ip: &str) -> Option<ObjectKey> {
    cluster
        .store
        .list(Kind::Service, None)
        .find(|object| {
            object.as_service().is_some_and(|s| {
                s.spec.cluster_ip.as_deref() == Some(ip)
                    || s.spec.cluster_ips.iter().any(|c| c == ip)
            })
        })
        .map(ObjectKey::of)
}

/// The pod whose sandbox holds `ip`.
pub(super) fn pod_at_ip(cluster: &Cluster, ip: &str) -> Option<ObjectKey> {
    let key = cluster.kubelet.pods_by_ip.get(ip)?;
    let runtime = cluster.kubelet.pods.get(key)?;
    matches!(&runtime.sandbox, super::Sandbox::Ready { ip: held, .. } if held == ip)
        .then(|| key.clone())
}

/// The running container of the pod at `ip` that listens on `port`.
pub(super) fn container_listening(
    cluster: &Cluster,
    ip: &str,
    port: u16,
) -> Option<(ObjectKey, usize)> {
    let key = pod_at_ip(cluster, ip)?;
    let runtime = cluster.kubelet.pods.get(&key)?;
    let index = runtime.containers.iter().position(|c| {
        matches!(c.state, ContainerState::Running { .. })
            && !c.stopping
            && c.listening.contains(&port)
    })?;
    Some((key, index))
}

/// Why `kubectl exec` or `kubectl logs` could not reach a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecError {
    /// No such pod.
    PodNotFound { name: String },
    /// The pod has no container of that name.
    ContainerNotValid { container: String, pod: String },
    /// The pod finished (`Succeeded`/`Failed`): kubectl refuses before asking the kubelet.
    CompletedPod { phase: String },
    /// The container is not running (waiting, terminated, not created yet).
    ContainerNotRunning { container: String },
    /// `kubectl logs` of a container that has not started: its waiting reason.
    WaitingToStart {
        container: String,
        pod: String,
        reason: String,
    },
    /// `kubectl logs --previous` without a previous instance.
    NoPreviousContainer { container: String, pod: String },
}

impl ExecError {
    /// The message as the API server (or kubectl) words it, without kubectl's `error: ` or
    /// `Error from server (…): ` prefix.
    pub fn message(&self) -> String {
        match self {
            ExecError::PodNotFound { name } => format!("pods \"{name}\" not found"),
            ExecError::ContainerNotValid { container, pod } => {
                format!("container {container} is not valid for pod {pod}")
            }
            ExecError::CompletedPod { phase } => {
                format!("cannot exec into a container in a completed pod; current phase is {phase}")
            }
            ExecError::ContainerNotRunning { container } => {
                format!("unable to upgrade connection: container not found (\"{container}\")")
            }
            ExecError::WaitingToStart {
                container,
                pod,
                reason,
            } => {
                format!("container \"{container}\" in pod \"{pod}\" is waiting to start: {reason}")
            }
            ExecError::NoPreviousContainer { container, pod } => {
                format!("previous terminated container \"{container}\" in pod \"{pod}\" not found")
            }
        }
    }
}

/// Finds the runtime index of the named container (or the first app container).
fn container_index(pod: &Pod, container: Option<&str>) -> Result<usize, ExecError> {
    let init = pod.spec.init_containers.len();
    match container {
        None => {
            if pod.spec.containers.is_empty() {
                Err(ExecError::ContainerNotValid {
                    container: String::new(),
                    pod: pod.metadata.name.clone(),
                })
            } else {
                Ok(init)
            }
        }
        Some(name) => pod
            .spec
            .init_containers
            .iter()
            .chain(pod.spec.containers.iter())
            .position(|c| c.name == name)
            .ok_or_else(|| ExecError::ContainerNotValid {
                container: name.to_string(),
                pod: pod.metadata.name.clone(),
            }),
    }
}

/// Runs `argv` in a running container of the pod (`kubectl exec`). The command's effects on
/// files and what it printed are returned; the clock is not moved (the caller may advance it
/// by [`ExecOutcome::elapsed_ms`]).
pub fn exec_in_container(
    cluster: &mut Cluster,
    pod_key: &ObjectKey,
    container: Option<&str>,
    argv: &[String],
    stdin: &str,
) -> Result<ExecOutcome, ExecError> {
    let Some(pod) = super::pod_object(cluster, pod_key).cloned() else {
        return Err(ExecError::PodNotFound {
            name: pod_key.name.clone(),
        });
    };
    if pod.is_terminated() {
        return Err(ExecError::CompletedPod {
            phase: pod.phase().to_string(),
        });
    }
    let index = container_index(&pod, container)?;
    let name = spec_container(&pod, index)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let running = cluster
        .kubelet
        .pods
        .get(pod_key)
        .filter(|rt| rt.uid == pod.metadata.uid)
        .and_then(|rt| rt.containers.get(index))
        .is_some_and(|c| matches!(c.state, ContainerState::Running { .. }));
    if !running {
        return Err(ExecError::ContainerNotRunning { container: name });
    }
    let Some(mut context) = ContainerExec::new(cluster, pod_key, index) else {
        return Err(ExecError::ContainerNotRunning { container: name });
    };
    Ok(shell::exec_with_stdin(argv, stdin, &mut context))
}

/// A container's log (`kubectl logs [-c C] [--previous]`): what its main process printed.
pub fn container_log(
    cluster: &Cluster,
    pod_key: &ObjectKey,
    container: Option<&str>,
    previous: bool,
) -> Result<String, ExecError> {
    let Some(pod) = super::pod_object(cluster, pod_key) else {
        return Err(ExecError::PodNotFound {
            name: pod_key.name.clone(),
        });
    };
    let index = container_index(pod, container)?;
    let name = spec_container(pod, index)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let runtime = cluster
        .kubelet
        .pods
        .get(pod_key)
        .filter(|rt| rt.uid == pod.metadata.uid)
        .and_then(|rt| rt.containers.get(index));
    let Some(runtime) = runtime else {
        return Err(ExecError::WaitingToStart {
            container: name,
            pod: pod.metadata.name.clone(),
            reason: "ContainerCreating".into(),
        });
    };
    if previous {
        if runtime.last_terminated.is_none() && runtime.restart_count == 0 {
            return Err(ExecError::NoPreviousContainer {
                container: name,
                pod: pod.metadata.name.clone(),
            });
        }
        return Ok(runtime.previous_log.clone());
    }
    if runtime.state == ContainerState::NotStarted {
        let reason = match &runtime.reason_cache {
            Some((reason, _)) => reason.clone(),
            None if pod.spec.init_containers.is_empty() => "ContainerCreating".to_string(),
            None => "PodInitializing".to_string(),
        };
        return Err(ExecError::WaitingToStart {
            container: name,
            pod: pod.metadata.name.clone(),
            reason,
        });
    }
    Ok(runtime.log.clone())
}
