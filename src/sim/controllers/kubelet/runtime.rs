//! What the kubelet asks of the container runtime ([`crate::sim::containers`]): start a
//! container instance's main process, and answer the prober's HTTP and TCP checks against the
//! pod's own containers.
//!
//! The runtime keeps the files, logs and main processes; the kubelet keeps the lifecycle. The
//! kubelet decides from the image how a started process behaves on SIGTERM and which ports it
//! listens on: the image's own server (nginx, redis, …) exits promptly on the stop signal and
//! listens on its HTTP port and the container's declared ports; any other command (a shell,
//! `sleep`) runs as PID 1 without a signal handler, so it ignores SIGTERM and is killed when
//! the grace period ends, and it listens on nothing.
//!
//! A shell loop that never ends (`sh -c 'while true; do …; done'`) keeps the container
//! running even though the simulated shell does not interpret loops.

use crate::sim::containers::{self, ProcessExit, Runtime};
use crate::sim::fs::{normalize_path, ContainerFs, FileTree};
use crate::sim::images::{self, ImageInfo, ImageLookup, ProcessBehaviour};
use crate::sim::model::{Container, Kind, Object, Pod};
use crate::sim::shell::{self, HttpResult};
use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

use super::ContainerState;

/// How a started container's main process behaves.
pub(super) enum ProcessStart {
    /// It runs; `exits` is `(after_ms, exit_code)` when it ends by itself.
    Runs {
        exits: Option<(u64, i32)>,
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

/// Starts instance `restart_count` of the container at runtime index `index`: the runtime
/// runs its main process (and writes its log); the kubelet learns what it does.
pub(super) fn start_process(
    cluster: &mut Cluster,
    key: &ObjectKey,
    index: usize,
    restart_count: i32,
) -> ProcessStart {
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
    let is_server = !matches!(
        info.start(&container.command, &container.args, &env_names),
        ProcessBehaviour::RunCommand(_)
    );
    let endless_loop =
        runs_an_endless_loop(&info.container_argv(&container.command, &container.args));
    let exit = match containers::start_container(cluster, key, &container.name, restart_count) {
        Ok(exit) => exit,
        Err(message) => return ProcessStart::StartError { message },
    };
    let mut listening: Vec<u16> = Vec::new();
    if is_server {
        listening = container
            .ports
            .iter()
            .filter_map(|p| u16::try_from(p.container_port).ok())
            .collect();
        if let Some(server) = &info.serves {
            if !listening.contains(&server.port) {
                listening.push(server.port);
            }
        }
    }
    match exit {
        ProcessExit::StartError { message } => ProcessStart::StartError { message },
        ProcessExit::RunsForever => ProcessStart::Runs {
            exits: None,
            handles_sigterm: is_server,
            listening,
            serves_http: is_server && info.serves.is_some(),
        },
        ProcessExit::Exits { .. } if endless_loop => ProcessStart::Runs {
            exits: None,
            handles_sigterm: false,
            listening: Vec::new(),
            serves_http: false,
        },
        ProcessExit::Exits {
            exit_code,
            after_ms,
        } => {
            // Even a process that exits at once lives for a few milliseconds.
            let after = after_ms.max(super::jitter(cluster, 20, 300));
            ProcessStart::Runs {
                exits: Some((after, exit_code)),
                handles_sigterm: is_server,
                listening: Vec::new(),
                serves_http: false,
            }
        }
    }
}

/// `sh -c 'while true; do …; done'` and friends: a loop that never ends.
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

/// The running container of the pod at `key` that listens on `port`.
pub(super) fn container_listening(cluster: &Cluster, key: &ObjectKey, port: u16) -> Option<usize> {
    let runtime = cluster.kubelet.pods.get(key)?;
    runtime.containers.iter().position(|c| {
        matches!(c.state, ContainerState::Running { .. })
            && !c.stopping
            && c.listening.contains(&port)
    })
}

/// An HTTP GET from the node to `port` of the pod at `key` (what an httpGet probe does): the
/// container listening there answers from its own files, as
/// [`crate::sim::containers`] maps them (root layer per instance, PersistentVolumes by name,
/// `emptyDir`s per pod, ConfigMaps as read-only files).
pub(super) fn probe_http(
    cluster: &mut Cluster,
    key: &ObjectKey,
    port: u16,
    path: &str,
) -> HttpResult {
    let Some(index) = container_listening(cluster, key, port) else {
        return HttpResult::ConnectionRefused;
    };
    let serves = cluster
        .kubelet
        .pods
        .get(key)
        .and_then(|rt| rt.containers.get(index))
        .is_some_and(|c| c.serves_http);
    if !serves {
        // Something listens, but it does not speak HTTP.
        return HttpResult::ConnectionRefused;
    }
    let Some(pod) = super::pod_object(cluster, key) else {
        return HttpResult::ConnectionRefused;
    };
    let Some(container) = spec_container(pod, index) else {
        return HttpResult::ConnectionRefused;
    };
    let ImageLookup::Pullable(image) = images::lookup(&container.image) else {
        return HttpResult::ConnectionRefused;
    };
    let uid = pod.metadata.uid.clone();
    let name = container.name.clone();
    let mounts = mount_plan(cluster, pod, container, &uid);
    serve_from(&mut cluster.runtime, &image, (uid, name), &mounts, path)
}

/// Where each of a container's mounts takes its files from.
enum MountFrom {
    Volume(String),
    EmptyDir((String, String)),
    Files(FileTree),
    Nothing,
}

fn mount_plan(
    cluster: &Cluster,
    pod: &Pod,
    container: &Container,
    uid: &str,
) -> Vec<(String, MountFrom, bool)> {
    let namespace = pod.metadata.namespace();
    let mut plan = Vec::new();
    for mount in &container.volume_mounts {
        let Some(volume) = pod.spec.volumes.iter().find(|v| v.name == mount.name) else {
            continue;
        };
        let read_only = mount.read_only == Some(true);
        let from = if let Some(claim) = &volume.persistent_volume_claim {
            cluster
                .store
                .get(&ObjectKey::new(
                    Kind::PersistentVolumeClaim,
                    namespace,
                    &claim.claim_name,
                ))
                .and_then(Object::as_pvc)
                .and_then(|pvc| pvc.spec.volume_name.clone())
                .filter(|pv| !pv.is_empty())
                .map_or(MountFrom::Nothing, MountFrom::Volume)
        } else if volume.extra.contains_key("emptyDir") {
            MountFrom::EmptyDir((uid.to_string(), volume.name.clone()))
        } else if let Some(source) = volume.extra.get("configMap") {
            let mut tree = FileTree::new();
            let name = source.get("name").and_then(|n| n.as_str()).unwrap_or("");
            if let Some(map) = cluster
                .store
                .get(&ObjectKey::new(Kind::ConfigMap, namespace, name))
                .and_then(Object::as_config_map)
            {
                for (file, data) in &map.data {
                    let _ = tree.write(&normalize_path("/", file), data, false);
                }
            }
            MountFrom::Files(tree)
        } else {
            MountFrom::Nothing
        };
        plan.push((normalize_path("/", &mount.mount_path), from, read_only));
    }
    plan.sort_by_key(|(path, _, _)| path.len());
    plan
}

/// Serves `path` from the container's files, borrowing the runtime's trees in place.
fn serve_from(
    runtime: &mut Runtime,
    image: &ImageInfo,
    root_key: (String, String),
    plan: &[(String, MountFrom, bool)],
    path: &str,
) -> HttpResult {
    let Runtime {
        volumes,
        empty_dirs,
        root_filesystems,
        ..
    } = runtime;
    let mut scratch_root: Option<FileTree> = None;
    let root: &mut FileTree = if root_filesystems.contains_key(&root_key)
        || root_filesystems.len() < containers::RUNTIME_ENTRIES_MAX
    {
        root_filesystems
            .entry(root_key)
            .or_insert_with(|| image.root_filesystem())
    } else {
        scratch_root.insert(image.root_filesystem())
    };
    // Owned stand-ins for mounts without a stored tree (and for a volume mounted twice).
    let mut spares: Vec<FileTree> = plan
        .iter()
        .map(|(_, from, _)| match from {
            MountFrom::Files(tree) => tree.clone(),
            _ => FileTree::new(),
        })
        .collect();
    let mut volume_trees: std::collections::BTreeMap<&String, &mut FileTree> =
        volumes.iter_mut().collect();
    let mut empty_trees: std::collections::BTreeMap<&(String, String), &mut FileTree> =
        empty_dirs.iter_mut().collect();
    let mut fs = ContainerFs::new(root);
    for ((path, from, read_only), spare) in plan.iter().zip(spares.iter_mut()) {
        let tree: &mut FileTree = match from {
            MountFrom::Volume(pv) => match volume_trees.remove(pv) {
                Some(tree) => tree,
                None => spare,
            },
            MountFrom::EmptyDir(key) => match empty_trees.remove(key) {
                Some(tree) => tree,
                None => spare,
            },
            MountFrom::Files(_) | MountFrom::Nothing => spare,
        };
        fs = fs.with_mount(path, tree, *read_only);
    }
    shell::serve_http(image, &fs, path)
}
