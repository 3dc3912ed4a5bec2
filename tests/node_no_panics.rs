//! No pod spec makes the scheduler, the kubelet or the DNS panic: random containers, commands,
//! images, probes (with nonsense numbers), restart policies, volumes and placements, run for
//! ten simulated minutes with deletions, crashes and broken readiness thrown in. Afterwards
//! the node invariants hold: no IP is held twice on a node, every unschedulable pod exists
//! and is unbound, the event loop never reported itself stuck.

#[path = "node_support.rs"]
mod support;

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::{json, Value};
use sts_playground::sim::api::{self, DeleteOptions};
use sts_playground::sim::containers;
use sts_playground::sim::controllers::kubelet;
use sts_playground::sim::dns;
use sts_playground::sim::model::{Kind, Object};
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::world::{Cluster, Preset};

fn image() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        "nginx:1.25",
        "nginx",
        "busybox:1.36",
        "busybox:1.28",
        "registry.k8s.io/nginx-slim:0.24",
        "redis:7.2",
        "mysql:8.0",
        "nginx:doesnotexist",
        "Nginx:1",
        "",
        "localhost:5000/app",
        "registry.k8s.io/pause:3.9",
        "a/b/c/d:e@sha256:00",
        "🙂",
    ])
    .prop_map(|s| json!(s))
}

fn command() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        json!(null),
        json!([]),
        json!(["sh", "-c", "exit 3"]),
        json!(["sh", "-c", "echo hi; sleep 2; exit 0"]),
        json!(["sh", "-c", "while true; do sleep 1; done"]),
        json!(["sleep", "infinity"]),
        json!(["sleep", "5"]),
        json!(["nosuchcommand"]),
        json!(["/bin/nothing/here"]),
        json!(["sh", "-c", "for i in 1 2; do echo $i; done"]),
        json!(["sh", "-c", "wget -qO- http://nginx; nslookup web-0.nginx"]),
        json!(["nginx", "-g", "daemon off;"]),
        json!([""]),
    ])
}

fn port() -> impl Strategy<Value = Value> {
    prop_oneof![
        (-5i64..70_000).prop_map(|p| json!(p)),
        prop::sample::select(vec!["web", "http", "", "80", "nope"]).prop_map(|s| json!(s)),
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(null)),
        (-3i64..30).prop_map(|n| json!(n)),
        Just(json!(i32::MAX)),
        Just(json!(i32::MIN)),
    ]
}

fn probe() -> impl Strategy<Value = Value> {
    let handler = prop_oneof![
        Just(json!({})),
        (
            port(),
            prop::sample::select(vec!["/", "/healthz", "", "nope", "/../x"])
        )
            .prop_map(|(port, path)| json!({"httpGet": {"port": port, "path": path}})),
        port().prop_map(|port| json!({"httpGet": {"port": port, "scheme": "HTTPS"}})),
        port().prop_map(|port| json!({"tcpSocket": {"port": port}})),
        command()
            .prop_map(|c| json!({"exec": {"command": if c.is_null() { json!([]) } else { c }}})),
        Just(json!({"grpc": {"port": 9000}})),
    ];
    (
        handler,
        number(),
        number(),
        number(),
        number(),
        number(),
        number(),
    )
        .prop_map(
            |(mut handler, delay, period, timeout, success, failure, grace)| {
                let fields = [
                    ("initialDelaySeconds", delay),
                    ("periodSeconds", period),
                    ("timeoutSeconds", timeout),
                    ("successThreshold", success),
                    ("failureThreshold", failure),
                    ("terminationGracePeriodSeconds", grace),
                ];
                for (name, value) in fields {
                    if !value.is_null() {
                        handler[name] = value;
                    }
                }
                handler
            },
        )
}

fn container(index: usize) -> impl Strategy<Value = Value> {
    (
        image(),
        command(),
        prop::option::of(probe()),
        prop::option::of(probe()),
        prop::option::of(probe()),
        prop::sample::select(vec!["", "Always", "IfNotPresent", "Never", "Sometimes"]),
        prop::bool::ANY,
    )
        .prop_map(
            move |(image, command, readiness, liveness, startup, policy, mount)| {
                let mut c = json!({
                    "name": format!("c{index}"),
                    "image": image,
                    "ports": [{"name": "web", "containerPort": 80}],
                });
                if !command.is_null() {
                    c["command"] = command;
                }
                if !policy.is_empty() {
                    c["imagePullPolicy"] = json!(policy);
                }
                for (field, value) in [
                    ("readinessProbe", readiness),
                    ("livenessProbe", liveness),
                    ("startupProbe", startup),
                ] {
                    if let Some(value) = value {
                        c[field] = value;
                    }
                }
                if mount {
                    c["volumeMounts"] = json!([
                        {"name": "data", "mountPath": "/data"},
                        {"name": "data", "mountPath": "/data/again"},
                        {"name": "missing", "mountPath": "/x"}
                    ]);
                }
                c
            },
        )
}

fn pod(name: String) -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(container(0), 0..2),
        prop::collection::vec(container(1), 0..3),
        prop::sample::select(vec!["", "Always", "OnFailure", "Never", "Weird"]),
        prop::sample::select(vec!["", "k8s-node1", "k8s-master", "ghost-node"]),
        prop::sample::select(vec![
            json!({}),
            json!({"emptyDir": {}}),
            json!({"persistentVolumeClaim": {"claimName": "nothing-here"}}),
            json!({"hostPath": {"path": "/tmp"}}),
            json!({"configMap": {"name": "cfg"}}),
        ]),
        number(),
        prop::bool::ANY,
    )
        .prop_map(
            move |(init, mut containers, policy, node, volume, grace, tolerate)| {
                for (index, container) in containers.iter_mut().enumerate() {
                    container["name"] = json!(format!("app{index}"));
                }
                let mut volume_entry = volume;
                volume_entry["name"] = json!("data");
                let mut spec = json!({
                    "initContainers": init,
                    "containers": containers,
                    "volumes": [volume_entry],
                    "hostname": name,
                    "subdomain": "nginx",
                });
                if !policy.is_empty() {
                    spec["restartPolicy"] = json!(policy);
                }
                if !node.is_empty() {
                    spec["nodeName"] = json!(node);
                }
                if !grace.is_null() {
                    spec["terminationGracePeriodSeconds"] = grace;
                }
                if tolerate {
                    spec["tolerations"] = json!([{"operator": "Exists"}]);
                }
                json!({
                    "metadata": {"name": name, "namespace": "default", "labels": {"app": "nginx"}},
                    "spec": spec,
                })
            },
        )
}

fn pods() -> impl Strategy<Value = Vec<Value>> {
    (1usize..5).prop_flat_map(|count| {
        (0..count)
            .map(|index| pod(format!("p{index}")))
            .collect::<Vec<_>>()
    })
}

/// Things a learner (or the page) does while the pods run.
#[derive(Debug, Clone)]
enum Poke {
    Delete(usize),
    ForceDelete(usize),
    Crash(usize),
    BreakReadiness(usize),
    Cordon,
    Wait(u64),
}

fn pokes() -> impl Strategy<Value = Vec<Poke>> {
    prop::collection::vec(
        prop_oneof![
            (0usize..5).prop_map(Poke::Delete),
            (0usize..5).prop_map(Poke::ForceDelete),
            (0usize..5).prop_map(Poke::Crash),
            (0usize..5).prop_map(Poke::BreakReadiness),
            Just(Poke::Cordon),
            (1u64..120_000).prop_map(Poke::Wait),
        ],
        0..8,
    )
}

fn check_invariants(cluster: &Cluster) {
    assert!(cluster.stuck.is_none(), "{:?}", cluster.stuck);
    for node in ["k8s-master", "k8s-node1", "k8s-node2"] {
        let ips = kubelet::pod_ips_in_use(cluster, node);
        let unique: BTreeSet<&String> = ips.iter().collect();
        assert_eq!(unique.len(), ips.len(), "an IP is held twice on {node}");
    }
    for key in &cluster.scheduler.unschedulable {
        let pod = cluster.store.get(key).and_then(Object::as_pod);
        assert!(
            pod.is_some_and(|p| p.spec.node_name.is_none()),
            "{key:?} is in the unschedulable queue but bound or gone"
        );
    }
    // Running pods on a node hold distinct addresses in their status too.
    let mut seen = BTreeSet::new();
    for object in cluster.store.list(Kind::Pod, Some("default")) {
        let Some(pod) = object.as_pod() else { continue };
        if pod.is_terminated() {
            continue;
        }
        if let Some(ip) = &pod.status.pod_ip {
            assert!(seen.insert(ip.clone()), "two live pods show IP {ip}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn any_pod_spec_runs_without_panicking(specs in pods(), pokes in pokes()) {
        let mut cluster = Cluster::new(Preset::Kubeadm, 5);
        let service = json!({
            "metadata": {"name": "nginx", "namespace": "default"},
            "spec": {"clusterIP": "None", "selector": {"app": "nginx"}, "ports": [{"port": 80, "targetPort": "web"}]},
        });
        let service = Object::from_json(Kind::Service, service).unwrap();
        api::create(&mut cluster, service).unwrap();
        let mut names = Vec::new();
        for spec in specs {
            let name = spec["metadata"]["name"].as_str().unwrap_or("p").to_string();
            if let Ok(object) = Object::from_json(Kind::Pod, spec) {
                if api::create(&mut cluster, object).is_ok() {
                    names.push(name);
                }
            }
        }
        cluster.settle();
        check_invariants(&cluster);
        let key = |index: usize| {
            ObjectKey::new(Kind::Pod, "default", names.get(index % names.len().max(1)).map_or("none", String::as_str))
        };
        for poke in pokes {
            match poke {
                Poke::Delete(i) => {
                    let _ = api::delete(&mut cluster, &key(i), DeleteOptions::default());
                }
                Poke::ForceDelete(i) => {
                    let options = DeleteOptions { grace_period_seconds: Some(0), ..Default::default() };
                    let _ = api::delete(&mut cluster, &key(i), options);
                }
                Poke::Crash(i) => {
                    kubelet::crash(&mut cluster, &key(i));
                }
                Poke::BreakReadiness(i) => {
                    kubelet::break_readiness(&mut cluster, &key(i));
                }
                Poke::Cordon => {
                    let _ = cluster.store.modify(&ObjectKey::new(Kind::Node, "", "k8s-node2"), |o| {
                        if let Some(node) = o.as_node_mut() {
                            node.spec.unschedulable = Some(true);
                        }
                    });
                }
                Poke::Wait(ms) => {
                    let until = cluster.now + ms;
                    cluster.advance_to(until);
                }
            }
            cluster.settle();
            check_invariants(&cluster);
        }
        let until = cluster.now + 10 * 60_000;
        cluster.advance_to(until);
        check_invariants(&cluster);
        for name in &names {
            let _ = dns::resolve(&cluster, "default", &format!("{name}.nginx"));
            let argv = vec!["sh".to_string(), "-c".to_string(), "ls /data; cat /etc/hostname".to_string()];
            let _ = containers::exec_in(&mut cluster, &ObjectKey::new(Kind::Pod, "default", name), None, &argv);
        }
        let _ = dns::list_endpoints(&cluster, None);
    }
}
