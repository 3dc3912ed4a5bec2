//! How the scheduler and kubelet scale: N bare pods created at once, run until all are
//! Running, then deleted until all are gone. Ignored by default (a measurement, not a check):
//! `cargo test --release --test node_scale -- --ignored --nocapture`.

use std::time::Instant;

use sts_playground::sim::api::{self, DeleteOptions};
use sts_playground::sim::model::{Kind, Object};
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::world::{Cluster, Preset};

fn pod(index: usize) -> Object {
    let mut container = serde_json::json!({"name": "nginx", "image": "nginx:1.25"});
    if std::env::var("NODE_SCALE_PROBES").is_ok_and(|v| v == "1") {
        container["readinessProbe"] =
            serde_json::json!({"httpGet": {"path": "/", "port": 80}, "periodSeconds": 10});
    }
    let value = serde_json::json!({
        "metadata": {"name": format!("web-{index}"), "namespace": "default", "labels": {"app": "web"}},
        "spec": {"containers": [container]},
    });
    Object::from_json(Kind::Pod, value).expect("pod decodes")
}

fn phases(count: usize) -> (u128, u128, u128) {
    let mut cluster = Cluster::new(Preset::Kubeadm, 1);
    let start = Instant::now();
    for index in 0..count {
        api::create(&mut cluster, pod(index)).expect("created");
    }
    cluster.settle();
    let created = start.elapsed().as_millis();
    let start = Instant::now();
    // Pulls are serialized per node, so thousands of pods take simulated minutes to start.
    let mut running = 0;
    for minute in 1..=60 {
        cluster.advance_to(minute * 60_000);
        running = cluster
            .store
            .list(Kind::Pod, Some("default"))
            .filter_map(Object::as_pod)
            .filter(|p| p.is_ready())
            .count();
        if running == count {
            break;
        }
    }
    assert_eq!(running, count);
    let minutes = cluster.now / 60_000;
    let ran = start.elapsed().as_millis();
    let start = Instant::now();
    for index in 0..count {
        let key = ObjectKey::new(Kind::Pod, "default", &format!("web-{index}"));
        api::delete(&mut cluster, &key, DeleteOptions::default()).expect("deleted");
    }
    cluster.advance_to(cluster.now + 60_000);
    assert_eq!(cluster.store.count(Kind::Pod), 0);
    let deleted = start.elapsed().as_millis();
    println!("  ({count} pods ready after {minutes} simulated minutes)");
    (created, ran, deleted)
}

#[test]
#[ignore]
fn pods_scale_near_linearly() {
    let counts: Vec<usize> = std::env::var("NODE_SCALE_COUNTS")
        .ok()
        .map(|v| v.split(",").filter_map(|n| n.parse().ok()).collect())
        .unwrap_or(vec![1_000, 2_000, 4_000]);
    for count in counts {
        let (created, ran, deleted) = phases(count);
        println!("{count} pods: create+schedule {created} ms, start {ran} ms, delete {deleted} ms");
    }
}

fn stateful_set(replicas: usize) -> String {
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n  namespace: default\nspec:\n  serviceName: web\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n"
    )
}

fn set_status(cluster: &Cluster) -> sts_playground::sim::model::StatefulSetStatus {
    cluster
        .store
        .get(&ObjectKey::new(Kind::StatefulSet, "default", "web"))
        .and_then(Object::as_stateful_set)
        .map(|set| set.status.clone())
        .unwrap_or_default()
}

fn step_until(cluster: &mut Cluster, done: impl Fn(&Cluster) -> bool) {
    for _ in 0..50_000_000 {
        if done(cluster) || !cluster.step() {
            return;
        }
    }
}

/// The whole stack (StatefulSet controller, scheduler, kubelet, runtime) on an OrderedReady
/// set without claims: create, roll to a new image, scale to zero.
#[test]
#[ignore]
fn a_stateful_set_through_its_phases() {
    for count in [1_000usize, 2_000] {
        let n = count as i32;
        let mut cluster = Cluster::new(Preset::Kubeadm, 1);
        let start = Instant::now();
        sts_playground::sim::testkit::create_all(&mut cluster, &stateful_set(count));
        step_until(&mut cluster, |c| set_status(c).ready_replicas == n);
        let create = start.elapsed().as_millis();
        let key = ObjectKey::new(Kind::StatefulSet, "default", "web");
        let start = Instant::now();
        cluster
            .store
            .modify(&key, |object| {
                if let Some(set) = object.as_stateful_set_mut() {
                    set.spec.template.spec.containers[0].image = "nginx:1.26".into();
                }
            })
            .expect("set exists");
        cluster.settle();
        step_until(&mut cluster, |c| {
            let status = set_status(c);
            status.updated_replicas == n
                && status.ready_replicas == n
                && status.current_revision == status.update_revision
        });
        let roll = start.elapsed().as_millis();
        let start = Instant::now();
        cluster
            .store
            .modify(&key, |object| {
                if let Some(set) = object.as_stateful_set_mut() {
                    set.spec.replicas = Some(0);
                }
            })
            .expect("set exists");
        cluster.settle();
        step_until(&mut cluster, |c| c.store.count(Kind::Pod) == 0);
        let scale = start.elapsed().as_millis();
        println!("{count} replicas: create {create} ms, roll {roll} ms, scale to 0 {scale} ms");
    }
}
