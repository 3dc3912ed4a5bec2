//! Cluster DNS and the virtual Endpoints (behaviour reference §1.2 and §6), and what a pod
//! sees of them through `nslookup` and `wget`.

#[path = "node_support.rs"]
mod support;

use expect_test::expect;
use sts_playground::sim::controllers::kubelet;
use sts_playground::sim::dns::{self, Resolution};
use sts_playground::sim::model::Kind;
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::world::{Cluster, Preset};
use support::*;

const HEADLESS: &str = "apiVersion: v1
kind: Service
metadata:
  name: nginx
  namespace: default
  labels:
    app: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - name: web
    port: 80
";

const FRONT: &str = "apiVersion: v1
kind: Service
metadata:
  name: front
  namespace: default
spec:
  clusterIP: 10.96.100.10
  clusterIPs: [10.96.100.10]
  selector:
    app: nginx
  ports:
  - name: http
    port: 8080
    targetPort: web
";

fn web_pod(name: &str, node: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: {name}
  namespace: default
  labels:
    app: nginx
spec:
  hostname: {name}
  subdomain: nginx
  nodeName: {node}
  containers:
  - name: nginx
    image: registry.k8s.io/nginx-slim:0.24
    ports:
    - containerPort: 80
      name: web
"
    )
}

const CLIENT: &str = "apiVersion: v1
kind: Pod
metadata:
  name: client
  namespace: default
spec:
  nodeName: k8s-node2
  containers:
  - name: busybox
    image: busybox:1.28
    command: ['sleep', '3600']
";

fn set() -> Cluster {
    let yaml = [
        HEADLESS.to_string(),
        FRONT.to_string(),
        web_pod("web-0", "k8s-node1"),
        web_pod("web-1", "k8s-node2"),
        CLIENT.to_string(),
    ]
    .join("---\n");
    cluster(Preset::Kubeadm, 3, &yaml)
}

fn answer(cluster: &Cluster, namespace: &str, name: &str) -> String {
    match dns::resolve(cluster, namespace, name) {
        Resolution::Addresses { name, addresses } => format!("{name} → {}", addresses.join(" ")),
        Resolution::NotFound { .. } => "NXDOMAIN".to_string(),
    }
}

#[test]
fn names_resolve_only_once_the_pods_are_ready() {
    let mut c = set();
    assert_eq!(answer(&c, "default", "web-0.nginx"), "NXDOMAIN");
    assert_eq!(answer(&c, "default", "nginx"), "NXDOMAIN");
    run_until(&mut c, 30_000);
    let queries = [
        ("default", "web-0.nginx"),
        ("default", "web-1.nginx"),
        ("default", "nginx"),
        ("default", "web-0.nginx.default"),
        ("default", "web-0.nginx.default.svc.cluster.local"),
        ("default", "nginx.default.svc.cluster.local."),
        ("kube-system", "web-0.nginx"),
        ("kube-system", "web-0.nginx.default"),
        ("default", "front"),
        ("default", "kubernetes"),
        ("kube-system", "kubernetes.default"),
        ("default", "web-2.nginx"),
        ("default", "10-244-1-2.default.pod.cluster.local"),
        ("default", "example.com"),
    ];
    let text: String = queries
        .iter()
        .map(|(ns, name)| format!("{ns}: {name} = {}\n", answer(&c, ns, name)))
        .collect();
    expect![[r#"
        default: web-0.nginx = web-0.nginx.default.svc.cluster.local → 10.244.1.2
        default: web-1.nginx = web-1.nginx.default.svc.cluster.local → 10.244.2.2
        default: nginx = nginx.default.svc.cluster.local → 10.244.1.2 10.244.2.2
        default: web-0.nginx.default = web-0.nginx.default.svc.cluster.local → 10.244.1.2
        default: web-0.nginx.default.svc.cluster.local = web-0.nginx.default.svc.cluster.local → 10.244.1.2
        default: nginx.default.svc.cluster.local. = nginx.default.svc.cluster.local → 10.244.1.2 10.244.2.2
        kube-system: web-0.nginx = NXDOMAIN
        kube-system: web-0.nginx.default = web-0.nginx.default.svc.cluster.local → 10.244.1.2
        default: front = front.default.svc.cluster.local → 10.96.100.10
        default: kubernetes = kubernetes.default.svc.cluster.local → 10.96.0.1
        kube-system: kubernetes.default = kubernetes.default.svc.cluster.local → 10.96.0.1
        default: web-2.nginx = NXDOMAIN
        default: 10-244-1-2.default.pod.cluster.local = 10-244-1-2.default.pod.cluster.local → 10.244.1.2
        default: example.com = NXDOMAIN
    "#]]
    .assert_eq(&text);
}

#[test]
fn an_unready_pod_leaves_dns_and_the_endpoints_unless_the_service_publishes_it() {
    let mut c = set();
    run_until(&mut c, 30_000);
    kubelet::break_readiness(&mut c, &pod_key("web-1"));
    assert_eq!(answer(&c, "default", "web-1.nginx"), "NXDOMAIN");
    let endpoints =
        dns::endpoints_for(&c, &ObjectKey::new(Kind::Service, "default", "nginx")).unwrap();
    expect![[r#"
        metadata:
          name: nginx
          namespace: default
          uid: 9876b845-6905-44e3-9eab-d38792d871e6
          resourceVersion: '1032'
          creationTimestamp: 2026-01-05T09:00:00Z
          labels:
            app: nginx
            service.kubernetes.io/headless: ''
          annotations:
            endpoints.kubernetes.io/last-change-trigger-time: 2026-01-05T09:00:30Z
        subsets:
        - addresses:
          - ip: 10.244.1.2
            hostname: web-0
            nodeName: k8s-node1
            targetRef:
              kind: Pod
              namespace: default
              name: web-0
              uid: fd31a341-e2ae-4aca-9432-2104f6e1afdb
          notReadyAddresses:
          - ip: 10.244.2.2
            hostname: web-1
            nodeName: k8s-node2
            targetRef:
              kind: Pod
              namespace: default
              name: web-1
              uid: f0f6da57-da90-4f7d-8690-2006cd8c8b96
          ports:
          - name: web
            port: 80
            protocol: TCP
    "#]]
    .assert_eq(&serde_yaml::to_string(&endpoints).unwrap());
    c.store
        .modify(
            &ObjectKey::new(Kind::Service, "default", "nginx"),
            |object| {
                object
                    .as_service_mut()
                    .unwrap()
                    .spec
                    .publish_not_ready_addresses = Some(true);
            },
        )
        .unwrap();
    assert_ne!(answer(&c, "default", "web-1.nginx"), "NXDOMAIN");
    assert_eq!(
        dns::endpoints_for(&c, &ObjectKey::new(Kind::Service, "default", "nginx"))
            .unwrap()
            .subsets[0]
            .addresses
            .len(),
        2
    );
}

#[test]
fn a_terminating_pod_is_no_endpoint() {
    let mut c = set();
    run_until(&mut c, 30_000);
    sts_playground::sim::api::delete(&mut c, &pod_key("web-0"), Default::default()).unwrap();
    c.settle();
    assert!(pod(&c, "web-0").unwrap().metadata.is_deleting());
    assert_eq!(answer(&c, "default", "web-0.nginx"), "NXDOMAIN");
    let names: Vec<String> =
        dns::endpoints_for(&c, &ObjectKey::new(Kind::Service, "default", "front"))
            .unwrap()
            .subsets
            .iter()
            .flat_map(|s| s.addresses.iter().chain(s.not_ready_addresses.iter()))
            .filter_map(|a| a.target_ref.as_ref().map(|r| r.name.clone()))
            .collect();
    assert_eq!(names, ["web-1"]);
}

#[test]
fn a_client_pod_looks_names_up_and_fetches_pages() {
    let mut c = set();
    run_until(&mut c, 30_000);
    let mut out = String::new();
    for argv in [
        vec!["nslookup", "web-0.nginx"],
        vec!["nslookup", "nginx"],
        vec!["wget", "-qO-", "http://web-0.nginx"],
        vec!["wget", "-qO-", "http://front:8080/"],
        vec!["wget", "-qO-", "http://nginx:81/"],
        vec!["hostname"],
    ] {
        out.push_str(&format!(
            "$ {}\n{}\n",
            argv.join(" "),
            exec(&mut c, "client", &argv)
        ));
    }
    out.push_str(&format!(
        "$ hostname -f (web-0)\n{}\n",
        exec(&mut c, "web-0", &["hostname", "-f"])
    ));
    expect![[r#"
        $ nslookup web-0.nginx
        Server:    10.96.0.10
        Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local

        Name:      web-0.nginx
        Address 1: 10.244.1.2 web-0.nginx.default.svc.cluster.local
        [exit 0]
        $ nslookup nginx
        Server:    10.96.0.10
        Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local

        Name:      nginx
        Address 1: 10.244.1.2 web-0.nginx.default.svc.cluster.local
        Address 2: 10.244.2.2 web-1.nginx.default.svc.cluster.local
        [exit 0]
        $ wget -qO- http://web-0.nginx
        <!DOCTYPE html>
        <html>
        <head>
        <title>Welcome to nginx!</title>
        <style>
            body {
                width: 35em;
                margin: 0 auto;
                font-family: Tahoma, Verdana, Arial, sans-serif;
            }
        </style>
        </head>
        <body>
        <h1>Welcome to nginx!</h1>
        <p>If you see this page, the nginx web server is successfully installed and
        working. Further configuration is required.</p>

        <p>For online documentation and support please refer to
        <a href="http://nginx.org/">nginx.org</a>.<br/>
        Commercial support is available at
        <a href="http://nginx.com/">nginx.com</a>.</p>

        <p><em>Thank you for using nginx.</em></p>
        </body>
        </html>
        [exit 0]
        $ wget -qO- http://front:8080/
        <!DOCTYPE html>
        <html>
        <head>
        <title>Welcome to nginx!</title>
        <style>
            body {
                width: 35em;
                margin: 0 auto;
                font-family: Tahoma, Verdana, Arial, sans-serif;
            }
        </style>
        </head>
        <body>
        <h1>Welcome to nginx!</h1>
        <p>If you see this page, the nginx web server is successfully installed and
        working. Further configuration is required.</p>

        <p>For online documentation and support please refer to
        <a href="http://nginx.org/">nginx.org</a>.<br/>
        Commercial support is available at
        <a href="http://nginx.com/">nginx.com</a>.</p>

        <p><em>Thank you for using nginx.</em></p>
        </body>
        </html>
        [exit 0]
        $ wget -qO- http://nginx:81/
        wget: can't connect to remote host (10.244.1.2): Connection refused
        [exit 1]
        $ hostname
        client
        [exit 0]
        $ hostname -f (web-0)
        web-0.nginx.default.svc.cluster.local
        [exit 0]
    "#]]
    .assert_eq(&out);
}

#[test]
fn exec_needs_a_running_container() {
    let mut c = set();
    assert_eq!(
        exec(&mut c, "web-0", &["hostname"]),
        "error: unable to upgrade connection: container not found (\"nginx\")"
    );
    run_until(&mut c, 30_000);
    assert_eq!(exec(&mut c, "web-0", &["hostname"]), "web-0\n[exit 0]");
}
