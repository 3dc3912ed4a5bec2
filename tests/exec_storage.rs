//! The StatefulSet storage and network guarantees as a learner sees them through `kubectl exec`:
//! a pod's files on its PersistentVolume survive the pod, its root layer does not; each pod of
//! the set serves its own volume; names resolve as the cluster DNS would.

mod exec_common;

use exec_common::*;
use expect_test::expect;

fn two_replicas() -> sts_playground::sim::session::Session {
    let mut session = session();
    let cluster = &mut session.cluster;
    create(cluster, stateful_pod(0, "nginx:1.25"));
    create(cluster, stateful_pod(1, "nginx:1.25"));
    create(
        cluster,
        plain_pod("client", "busybox:1.36", &["sleep", "3600"]),
    );
    set_running(cluster, "myapp-0", "k8s-node1", "10.244.1.5");
    set_running(cluster, "myapp-1", "k8s-node2", "10.244.2.6");
    set_running(cluster, "client", "k8s-node1", "10.244.1.7");
    session
}

#[test]
fn volume_files_survive_the_pod_while_its_root_layer_is_fresh() {
    let mut session = two_replicas();
    let before = transcript(
        &mut session,
        &[
            "kubectl exec myapp-0 -- sh -c 'echo hello from myapp-0 > /usr/share/nginx/html/index.html'",
            "kubectl exec myapp-0 -- sh -c 'echo scratch > /tmp/scratch; cat /tmp/scratch'",
            "kubectl exec myapp-0 -- hostname",
            "kubectl exec myapp-0 -- hostname -f",
        ],
    );
    let old_uid = uid(&session.cluster, "myapp-0");
    remove_pod(&mut session.cluster, "myapp-0");
    create(&mut session.cluster, stateful_pod(0, "nginx:1.25"));
    set_running(&mut session.cluster, "myapp-0", "k8s-node2", "10.244.2.9");
    assert_ne!(old_uid, uid(&session.cluster, "myapp-0"));
    let after = transcript(
        &mut session,
        &[
            "kubectl exec myapp-0 -- cat /usr/share/nginx/html/index.html",
            "kubectl exec myapp-0 -- cat /tmp/scratch",
            "kubectl exec myapp-0 -- sh -c 'hostname -i'",
            "kubectl exec myapp-1 -- ls /usr/share/nginx/html",
        ],
    );
    expect![[r#"
        $ kubectl exec myapp-0 -- sh -c 'echo hello from myapp-0 > /usr/share/nginx/html/index.html'
        $ kubectl exec myapp-0 -- sh -c 'echo scratch > /tmp/scratch; cat /tmp/scratch'
        scratch
        $ kubectl exec myapp-0 -- hostname
        myapp-0
        $ kubectl exec myapp-0 -- hostname -f
        myapp-0.myapp.default.svc.cluster.local
    "#]]
    .assert_eq(&before);
    expect![[r#"
        $ kubectl exec myapp-0 -- cat /usr/share/nginx/html/index.html
        hello from myapp-0
        $ kubectl exec myapp-0 -- cat /tmp/scratch
        cat: /tmp/scratch: No such file or directory
        command terminated with exit code 1
        [exit 1]
        $ kubectl exec myapp-0 -- sh -c 'hostname -i'
        10.244.2.9
        $ kubectl exec myapp-1 -- ls /usr/share/nginx/html
    "#]]
    .assert_eq(&after);
}

#[test]
fn each_pod_serves_its_own_volume_over_the_pod_network() {
    let mut session = two_replicas();
    let out = transcript(
        &mut session,
        &[
            "kubectl exec myapp-0 -- sh -c 'echo hello from myapp-0 > /usr/share/nginx/html/index.html'",
            "kubectl exec myapp-1 -- sh -c 'echo hello from myapp-1 > /usr/share/nginx/html/index.html'",
            "kubectl exec client -- wget -qO- http://myapp-0.myapp",
            "kubectl exec client -- wget -qO- http://myapp-1.myapp.default.svc.cluster.local",
            "kubectl exec client -- wget -qO- http://10.244.2.6/",
            "kubectl exec myapp-0 -- curl -s http://localhost/",
            "kubectl exec client -- wget -qO- http://myapp-0.myapp/missing.html",
            "kubectl exec client -- wget -qO- -T 2 http://10.244.1.99/",
        ],
    );
    expect![[r#"
        $ kubectl exec myapp-0 -- sh -c 'echo hello from myapp-0 > /usr/share/nginx/html/index.html'
        $ kubectl exec myapp-1 -- sh -c 'echo hello from myapp-1 > /usr/share/nginx/html/index.html'
        $ kubectl exec client -- wget -qO- http://myapp-0.myapp
        hello from myapp-0
        $ kubectl exec client -- wget -qO- http://myapp-1.myapp.default.svc.cluster.local
        hello from myapp-1
        $ kubectl exec client -- wget -qO- http://10.244.2.6/
        hello from myapp-1
        $ kubectl exec myapp-0 -- curl -s http://localhost/
        hello from myapp-0
        $ kubectl exec client -- wget -qO- http://myapp-0.myapp/missing.html
        wget: server returned error: HTTP/1.1 404 Not Found
        command terminated with exit code 1
        [exit 1]
        $ kubectl exec client -- wget -qO- -T 2 http://10.244.1.99/
        wget: can't connect to remote host (10.244.1.99): No route to host
        command terminated with exit code 1
        [exit 1]
    "#]]
    .assert_eq(&out);
    let logs = kubectl(&mut session, "kubectl logs myapp-0");
    expect![[r#"
        $ kubectl logs myapp-0
        /docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
        /docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
        /docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
        10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
        10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
        /docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh
        /docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
        /docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
        /docker-entrypoint.sh: Configuration complete; ready for start up
        2026/01/05 09:00:00 [notice] 1#1: using the "epoll" event method
        2026/01/05 09:00:00 [notice] 1#1: nginx/1.25.5
        2026/01/05 09:00:00 [notice] 1#1: start worker processes
        2026/01/05 09:00:00 [notice] 1#1: start worker process 29
        2026/01/05 09:00:00 [notice] 1#1: start worker process 30
        10.244.1.7 - - [05/Jan/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 19 "-" "Wget" "-"
        127.0.0.1 - - [05/Jan/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 19 "-" "curl/7.88.1" "-"
        2026/01/05 09:00:00 [error] 29#29: *3 open() "/usr/share/nginx/html/missing.html" failed (2: No such file or directory), client: 10.244.1.7, server: localhost, request: "GET /missing.html HTTP/1.1", host: "myapp-0.myapp"
        10.244.1.7 - - [05/Jan/2026:09:00:00 +0000] "GET /missing.html HTTP/1.1" 404 153 "-" "Wget" "-"
    "#]]
    .assert_eq(&logs);
}

#[test]
fn an_empty_volume_hides_the_welcome_page_and_dns_follows_readiness() {
    let mut session = two_replicas();
    let out = transcript(
        &mut session,
        &[
            "kubectl exec client -- wget -qO- http://myapp-1.myapp",
            "kubectl exec client -- nslookup myapp-0.myapp.default.svc.cluster.local",
            "kubectl exec client -- nslookup myapp.default.svc.cluster.local",
            "kubectl exec client -- nslookup kubernetes.default.svc.cluster.local",
            "kubectl exec myapp-0 -- nslookup myapp-1.myapp",
        ],
    );
    expect![[r#"
        $ kubectl exec client -- wget -qO- http://myapp-1.myapp
        wget: server returned error: HTTP/1.1 403 Forbidden
        command terminated with exit code 1
        [exit 1]
        $ kubectl exec client -- nslookup myapp-0.myapp.default.svc.cluster.local
        Server:		10.96.0.10
        Address:	10.96.0.10:53

        Name:	myapp-0.myapp.default.svc.cluster.local
        Address: 10.244.1.5


        $ kubectl exec client -- nslookup myapp.default.svc.cluster.local
        Server:		10.96.0.10
        Address:	10.96.0.10:53

        Name:	myapp.default.svc.cluster.local
        Address: 10.244.1.5
        Name:	myapp.default.svc.cluster.local
        Address: 10.244.2.6


        $ kubectl exec client -- nslookup kubernetes.default.svc.cluster.local
        Server:		10.96.0.10
        Address:	10.96.0.10:53

        Name:	kubernetes.default.svc.cluster.local
        Address: 10.96.0.1


        $ kubectl exec myapp-0 -- nslookup myapp-1.myapp
        OCI runtime exec failed: exec failed: unable to start container process: exec: "nslookup": executable file not found in $PATH: unknown
        command terminated with exit code 126
        [exit 126]
    "#]]
    .assert_eq(&out);
    // A pod that is not Ready leaves DNS.
    set_terminated(&mut session.cluster, "myapp-1", "Running", 1);
    let out = kubectl(
        &mut session,
        "kubectl exec client -- wget -qO- -T 1 http://myapp-1.myapp",
    );
    expect![[r#"
        $ kubectl exec client -- wget -qO- -T 1 http://myapp-1.myapp
        wget: bad address 'myapp-1.myapp'
        command terminated with exit code 1
        [exit 1]
    "#]]
    .assert_eq(&out);
}

#[test]
fn deleting_a_volume_with_the_delete_policy_drops_its_files() {
    let mut session = two_replicas();
    kubectl(
        &mut session,
        "kubectl exec myapp-1 -- sh -c 'echo kept > /usr/share/nginx/html/index.html'",
    );
    assert!(session.cluster.runtime.delete_volume_data("pv002"));
    assert!(!session.cluster.runtime.delete_volume_data("pv002"));
    let out = kubectl(
        &mut session,
        "kubectl exec myapp-1 -- ls -a /usr/share/nginx/html",
    );
    expect![[r#"
        $ kubectl exec myapp-1 -- ls -a /usr/share/nginx/html
        .
        ..
    "#]]
    .assert_eq(&out);
}

#[test]
fn a_cluster_ip_service_spreads_requests_and_shows_in_the_environment() {
    let mut session = two_replicas();
    exec_common::create_object(
        &mut session.cluster,
        sts_playground::sim::model::Kind::Service,
        serde_json::json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "myapp-web", "namespace": "default"},
            "spec": {"type": "ClusterIP", "clusterIP": "10.96.120.7", "clusterIPs": ["10.96.120.7"],
                     "selector": {"app": "myapp-pod"},
                     "ports": [{"name": "http", "port": 8080, "targetPort": "web", "protocol": "TCP"}]}
        }),
    );
    // A pod started after the Service sees its links.
    create(
        &mut session.cluster,
        plain_pod("late", "busybox:1.36", &["sleep", "3600"]),
    );
    set_running(&mut session.cluster, "late", "k8s-node2", "10.244.2.20");
    let out = transcript(
        &mut session,
        &[
            "kubectl exec myapp-0 -- sh -c 'echo zero > /usr/share/nginx/html/index.html'",
            "kubectl exec myapp-1 -- sh -c 'echo one > /usr/share/nginx/html/index.html'",
            "kubectl exec late -- wget -qO- http://myapp-web:8080",
            "kubectl exec late -- wget -qO- http://myapp-web.default.svc.cluster.local:8080",
            "kubectl exec late -- wget -qO- -T 1 http://myapp-web",
            "kubectl exec late -- env",
            "kubectl exec late -- wget -qO- https://kubernetes.default",
        ],
    );
    expect![[r#"
        $ kubectl exec myapp-0 -- sh -c 'echo zero > /usr/share/nginx/html/index.html'
        $ kubectl exec myapp-1 -- sh -c 'echo one > /usr/share/nginx/html/index.html'
        $ kubectl exec late -- wget -qO- http://myapp-web:8080
        zero
        $ kubectl exec late -- wget -qO- http://myapp-web.default.svc.cluster.local:8080
        one
        $ kubectl exec late -- wget -qO- -T 1 http://myapp-web
        wget: download timed out
        command terminated with exit code 1
        [exit 1]
        $ kubectl exec late -- env
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
        HOSTNAME=late
        KUBERNETES_PORT=tcp://10.96.0.1:443
        KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443
        KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1
        KUBERNETES_PORT_443_TCP_PORT=443
        KUBERNETES_PORT_443_TCP_PROTO=tcp
        KUBERNETES_SERVICE_HOST=10.96.0.1
        KUBERNETES_SERVICE_PORT=443
        KUBERNETES_SERVICE_PORT_HTTPS=443
        MYAPP_WEB_PORT=tcp://10.96.120.7:8080
        MYAPP_WEB_PORT_8080_TCP=tcp://10.96.120.7:8080
        MYAPP_WEB_PORT_8080_TCP_ADDR=10.96.120.7
        MYAPP_WEB_PORT_8080_TCP_PORT=8080
        MYAPP_WEB_PORT_8080_TCP_PROTO=tcp
        MYAPP_WEB_SERVICE_HOST=10.96.120.7
        MYAPP_WEB_SERVICE_PORT=8080
        MYAPP_WEB_SERVICE_PORT_HTTP=8080
        HOME=/root
        $ kubectl exec late -- wget -qO- https://kubernetes.default
        wget: server returned error: HTTP/1.1 403 Forbidden
        command terminated with exit code 1
        [exit 1]
    "#]]
    .assert_eq(&out);
}
