//! Shared fixtures of the `exec_*` tests: a kubeadm cluster with two hand-bound PersistentVolumes,
//! the notes' headless Service `myapp`, and helpers that play the scheduler and the kubelet
//! (which are written on other branches) by writing pod statuses straight into the store and
//! starting containers through `containers::start_container`, as the kubelet will.

#![allow(dead_code)]

use serde_json::{json, Value};
use sts_playground::sim::api;
use sts_playground::sim::containers;
use sts_playground::sim::model::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting,
    ContainerStatus, Kind, Object, PodCondition, PodIp, Time,
};
use sts_playground::sim::script::{self, Action};
use sts_playground::sim::session::Session;
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::testkit;
use sts_playground::sim::world::{Cluster, Preset};

/// Two PVs bound to the claims of `myapp-0` and `myapp-1`, and the headless Service `myapp`.
pub const STORAGE: &str = r#"
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv001
spec:
  capacity:
    storage: 2Gi
  accessModes: ["ReadWriteOnce"]
  persistentVolumeReclaimPolicy: Retain
  nfs:
    path: /data/volumes/v1
    server: k8s-master
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv002
spec:
  capacity:
    storage: 2Gi
  accessModes: ["ReadWriteOnce"]
  persistentVolumeReclaimPolicy: Delete
  nfs:
    path: /data/volumes/v2
    server: k8s-master
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: myappdata-myapp-0
  labels:
    app: myapp-pod
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 2Gi
  volumeName: pv001
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: myappdata-myapp-1
  labels:
    app: myapp-pod
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 2Gi
  volumeName: pv002
---
apiVersion: v1
kind: Service
metadata:
  name: myapp
spec:
  clusterIP: None
  selector:
    app: myapp-pod
  ports:
  - port: 80
    name: web
"#;

/// A session on the kubeadm preset with [`STORAGE`] created and the claims marked Bound.
pub fn session() -> Session {
    let mut session = Session::new(Preset::Kubeadm, 11);
    // These tests write pod statuses and start containers themselves.
    session.cluster.kubelet.paused = true;
    session.cluster.scheduler.paused = true;
    testkit::create_all(&mut session.cluster, STORAGE);
    for claim in ["myappdata-myapp-0", "myappdata-myapp-1"] {
        let key = ObjectKey::new(Kind::PersistentVolumeClaim, "default", claim);
        session
            .cluster
            .store
            .modify(&key, |object| {
                if let Some(pvc) = object.as_pvc_mut() {
                    pvc.status.phase = Some("Bound".into());
                }
            })
            .expect("claim exists");
    }
    session
}

/// The pod the notes' StatefulSet `myapp` makes for `ordinal` (image `nginx:1.25`).
pub fn stateful_pod(ordinal: u32, image: &str) -> Value {
    let name = format!("myapp-{ordinal}");
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "namespace": "default", "labels": {"app": "myapp-pod"}},
        "spec": {
            "hostname": name,
            "subdomain": "myapp",
            "containers": [{
                "name": "myapp",
                "image": image,
                "ports": [{"containerPort": 80, "name": "web"}],
                "volumeMounts": [{"name": "myappdata", "mountPath": "/usr/share/nginx/html"}]
            }],
            "volumes": [{"name": "myappdata", "persistentVolumeClaim": {"claimName": format!("myappdata-{name}")}}]
        }
    })
}

/// A bare pod with one container running `command`.
pub fn plain_pod(name: &str, image: &str, command: &[&str]) -> Value {
    let mut container = json!({"name": name, "image": image});
    if !command.is_empty() {
        container["command"] = json!(command);
    }
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "namespace": "default", "labels": {"run": name}},
        "spec": {"containers": [container]}
    })
}

/// Creates a pod through admission.
pub fn create(cluster: &mut Cluster, pod: Value) -> ObjectKey {
    let object = Object::from_json(Kind::Pod, pod).expect("test pod decodes");
    let key = api::create(cluster, object).expect("test pod is admitted");
    cluster.settle();
    key
}

/// Creates an object of any kind through admission.
pub fn create_object(cluster: &mut Cluster, kind: Kind, object: Value) -> ObjectKey {
    let object = Object::from_json(kind, object).expect("test object decodes");
    let key = api::create(cluster, object).expect("test object is admitted");
    cluster.settle();
    key
}

pub fn pod_key(name: &str) -> ObjectKey {
    ObjectKey::new(Kind::Pod, "default", name)
}

pub fn uid(cluster: &Cluster, name: &str) -> String {
    cluster
        .store
        .get(&pod_key(name))
        .map(|object| object.meta().uid.clone())
        .unwrap_or_default()
}

fn condition(type_: &str, status: bool, now: u64) -> PodCondition {
    PodCondition {
        type_: type_.into(),
        status: if status { "True" } else { "False" }.into(),
        last_transition_time: Some(Time(now)),
        ..Default::default()
    }
}

/// Plays the scheduler: binds the pod to `node`.
pub fn schedule(cluster: &mut Cluster, name: &str, node: &str) {
    cluster
        .store
        .modify(&pod_key(name), |object| {
            if let Some(pod) = object.as_pod_mut() {
                pod.spec.node_name = Some(node.into());
                pod.status.phase = Some("Pending".into());
            }
        })
        .expect("pod exists");
}

/// Plays the kubelet: the pod is waiting with `reason` for every container.
pub fn set_waiting(cluster: &mut Cluster, name: &str, node: &str, reason: &str) {
    schedule(cluster, name, node);
    cluster
        .store
        .modify(&pod_key(name), |object| {
            if let Some(pod) = object.as_pod_mut() {
                pod.status.container_statuses = pod
                    .spec
                    .containers
                    .iter()
                    .map(|container| ContainerStatus {
                        name: container.name.clone(),
                        image: container.image.clone(),
                        state: ContainerState {
                            waiting: Some(ContainerStateWaiting {
                                reason: Some(reason.into()),
                                message: None,
                            }),
                            ..Default::default()
                        },
                        ..Default::default()
                    })
                    .collect();
            }
        })
        .expect("pod exists");
}

/// Plays the kubelet: every container of the pod runs and is ready; the pod has `ip`. Starts the
/// containers' main processes as the kubelet will.
pub fn set_running(cluster: &mut Cluster, name: &str, node: &str, ip: &str) {
    schedule(cluster, name, node);
    let now = cluster.now;
    cluster
        .store
        .modify(&pod_key(name), |object| {
            if let Some(pod) = object.as_pod_mut() {
                pod.status.phase = Some("Running".into());
                pod.status.pod_ip = Some(ip.into());
                pod.status.pod_ips = vec![PodIp { ip: ip.into() }];
                pod.status.host_ip = Some("192.168.56.11".into());
                pod.status.start_time = Some(Time(now));
                pod.status.conditions = vec![
                    condition("PodReadyToStartContainers", true, now),
                    condition("Initialized", true, now),
                    condition("Ready", true, now),
                    condition("ContainersReady", true, now),
                    condition("PodScheduled", true, now),
                ];
                pod.status.container_statuses = pod
                    .spec
                    .containers
                    .iter()
                    .map(|container| ContainerStatus {
                        name: container.name.clone(),
                        ready: true,
                        image: container.image.clone(),
                        container_id: Some(format!("containerd://{}", container.name)),
                        started: Some(true),
                        state: ContainerState {
                            running: Some(ContainerStateRunning {
                                started_at: Some(Time(now)),
                            }),
                            ..Default::default()
                        },
                        ..Default::default()
                    })
                    .collect();
            }
        })
        .expect("pod exists");
    let containers: Vec<String> = cluster
        .store
        .get(&pod_key(name))
        .and_then(Object::as_pod)
        .map(|pod| pod.spec.containers.iter().map(|c| c.name.clone()).collect())
        .unwrap_or_default();
    for container in containers {
        containers::start_container(cluster, &pod_key(name), &container, 0)
            .expect("test container starts");
    }
}

/// Plays the kubelet: the pod's containers ended with `exit_code`; the pod is in `phase`.
pub fn set_terminated(cluster: &mut Cluster, name: &str, phase: &str, exit_code: i32) {
    let now = cluster.now;
    let reason = if exit_code == 0 { "Completed" } else { "Error" };
    cluster
        .store
        .modify(&pod_key(name), |object| {
            if let Some(pod) = object.as_pod_mut() {
                pod.status.phase = Some(phase.into());
                for condition in &mut pod.status.conditions {
                    if condition.type_ == "Ready" || condition.type_ == "ContainersReady" {
                        condition.status = "False".into();
                    }
                }
                for status in &mut pod.status.container_statuses {
                    status.ready = false;
                    status.state = ContainerState {
                        terminated: Some(ContainerStateTerminated {
                            exit_code,
                            reason: Some(reason.into()),
                            finished_at: Some(Time(now)),
                            container_id: status.container_id.clone(),
                            ..Default::default()
                        }),
                        ..Default::default()
                    };
                }
            }
        })
        .expect("pod exists");
}

/// Plays the garbage collector and the kubelet: the pod object is gone for good.
pub fn remove_pod(cluster: &mut Cluster, name: &str) {
    let uid = uid(cluster, name);
    cluster.store.remove(&pod_key(name));
    cluster.runtime.pod_gone(&uid);
    cluster.settle();
}

/// Runs one command line (`kubectl …`) and returns `$ line`, what it printed, and the exit code
/// when it is not 0.
pub fn kubectl(session: &mut Session, line: &str) -> String {
    let steps = script::parse(line).expect("test command parses");
    let mut transcript = String::new();
    for step in steps {
        transcript.push_str(&format!("$ {}\n", step.echo));
        if let Action::Kubectl { argv, stdin } = &step.action {
            let (output, code) = session.run_blocking(argv, stdin.as_deref());
            transcript.push_str(&output.text());
            if code != 0 {
                transcript.push_str(&format!("[exit {code}]\n"));
            }
        }
    }
    transcript
}

/// Runs several command lines, one transcript.
pub fn transcript(session: &mut Session, lines: &[&str]) -> String {
    lines.iter().map(|line| kubectl(session, line)).collect()
}
