//! `kubectl logs`: the startup lines of the nginx images by version, access logs, restarts and
//! `--previous`, `-f`, and the output options.

mod exec_common;

use exec_common::*;
use expect_test::expect;
use sts_playground::sim::containers;
use sts_playground::sim::model::{ContainerState, ContainerStateTerminated, Time};
use sts_playground::sim::session::CommandState;

#[test]
fn nginx_startup_lines_follow_the_image_version() {
    let mut session = session();
    let images = [
        ("old", "nginx:1.13"),
        ("early", "nginx:1.19.0"),
        ("mid", "nginx:1.21"),
        ("alpine", "nginx:1.25-alpine"),
        ("slim", "registry.k8s.io/nginx-slim:0.24"),
        ("redis", "redis:7.2"),
    ];
    for (index, (name, image)) in images.iter().enumerate() {
        create(&mut session.cluster, plain_pod(name, image, &[]));
        set_running(
            &mut session.cluster,
            name,
            "k8s-node1",
            &format!("10.244.1.{}", 20 + index),
        );
    }
    let out: String = images
        .iter()
        .map(|(name, _)| kubectl(&mut session, &format!("kubectl logs {name}")))
        .collect();
    expect![[r#"
        $ kubectl logs old
        $ kubectl logs early
        /docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
        /docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
        /docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
        10-listen-on-ipv6-by-default.sh: Getting the checksum of /etc/nginx/conf.d/default.conf
        10-listen-on-ipv6-by-default.sh: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
        /docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
        /docker-entrypoint.sh: Configuration complete; ready for start up
        $ kubectl logs mid
        /docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
        /docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
        /docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
        10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
        10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
        /docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
        /docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
        /docker-entrypoint.sh: Configuration complete; ready for start up
        2026/01/05 09:00:00 [notice] 1#1: using the "epoll" event method
        2026/01/05 09:00:00 [notice] 1#1: nginx/1.21.6
        2026/01/05 09:00:00 [notice] 1#1: start worker processes
        2026/01/05 09:00:00 [notice] 1#1: start worker process 29
        2026/01/05 09:00:00 [notice] 1#1: start worker process 30
        $ kubectl logs alpine
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
        $ kubectl logs slim
        $ kubectl logs redis
    "#]]
    .assert_eq(&out);
}

#[test]
fn a_restarted_container_keeps_its_previous_log_and_gets_a_fresh_root() {
    let mut session = session();
    create(&mut session.cluster, stateful_pod(0, "nginx:1.25"));
    set_running(&mut session.cluster, "myapp-0", "k8s-node1", "10.244.1.5");
    kubectl(
        &mut session,
        "kubectl exec myapp-0 -- sh -c 'echo in the root > /root/note; echo on the volume > /usr/share/nginx/html/note'",
    );
    session.advance_to(30_000);
    // The kubelet restarts the container: instance 1, with the last state recorded.
    session
        .cluster
        .store
        .modify(&pod_key("myapp-0"), |object| {
            if let Some(pod) = object.as_pod_mut() {
                for status in &mut pod.status.container_statuses {
                    status.restart_count = 1;
                    status.last_state = ContainerState {
                        terminated: Some(ContainerStateTerminated {
                            exit_code: 137,
                            reason: Some("Error".into()),
                            finished_at: Some(Time(30_000)),
                            container_id: Some("containerd://old".into()),
                            ..Default::default()
                        }),
                        ..Default::default()
                    };
                }
            }
        })
        .expect("pod exists");
    let exit = containers::start_container(&mut session.cluster, &pod_key("myapp-0"), "myapp", 1);
    assert_eq!(exit, Ok(containers::ProcessExit::RunsForever));
    // Starting the same instance again changes nothing.
    let again = containers::start_container(&mut session.cluster, &pod_key("myapp-0"), "myapp", 1);
    assert_eq!(again, Ok(containers::ProcessExit::RunsForever));
    let out = transcript(
        &mut session,
        &[
            "kubectl exec myapp-0 -- cat /root/note",
            "kubectl exec myapp-0 -- cat /usr/share/nginx/html/note",
            "kubectl logs myapp-0 --tail=2 --timestamps",
            "kubectl logs myapp-0 --previous --tail=1 --timestamps",
            "kubectl logs myapp-0 --since=10s",
            "kubectl logs myapp-0 --limit-bytes=30 --prefix",
        ],
    );
    expect![[r#"
        $ kubectl exec myapp-0 -- cat /root/note
        cat: /root/note: No such file or directory
        command terminated with exit code 1
        [exit 1]
        $ kubectl exec myapp-0 -- cat /usr/share/nginx/html/note
        on the volume
        $ kubectl logs myapp-0 --tail=2 --timestamps
        2026-01-05T09:00:30Z 2026/01/05 09:00:30 [notice] 1#1: start worker process 29
        2026-01-05T09:00:30Z 2026/01/05 09:00:30 [notice] 1#1: start worker process 30
        $ kubectl logs myapp-0 --previous --tail=1 --timestamps
        2026-01-05T09:00:00Z 2026/01/05 09:00:00 [notice] 1#1: start worker process 30
        $ kubectl logs myapp-0 --since=10s
        /docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
        /docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
        /docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
        10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
        10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
        /docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh
        /docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
        /docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
        /docker-entrypoint.sh: Configuration complete; ready for start up
        2026/01/05 09:00:30 [notice] 1#1: using the "epoll" event method
        2026/01/05 09:00:30 [notice] 1#1: nginx/1.25.5
        2026/01/05 09:00:30 [notice] 1#1: start worker processes
        2026/01/05 09:00:30 [notice] 1#1: start worker process 29
        2026/01/05 09:00:30 [notice] 1#1: start worker process 30
        $ kubectl logs myapp-0 --limit-bytes=30 --prefix
        [pod/myapp-0/myapp] /docker-en"#]]
    .assert_eq(&out);
}

#[test]
fn following_a_log_prints_requests_as_they_are_served() {
    let mut session = session();
    create(&mut session.cluster, stateful_pod(0, "nginx:1.13"));
    create(
        &mut session.cluster,
        plain_pod("client", "busybox:1.36", &["sleep", "3600"]),
    );
    set_running(&mut session.cluster, "myapp-0", "k8s-node1", "10.244.1.5");
    set_running(&mut session.cluster, "client", "k8s-node2", "10.244.2.7");
    let argv: Vec<String> = ["logs", "-f", "myapp-0"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    let (first, state) = session.start(&argv, None);
    assert_eq!(state, CommandState::Running);
    session.advance_to(5_000);
    let wget: Vec<String> = ["wget", "-qO-", "http://myapp-0.myapp/"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    let outcome = containers::exec_in(&mut session.cluster, &pod_key("client"), None, &wget)
        .expect("client runs");
    assert_eq!(outcome.exit_code, 1);
    let (second, state) = session.poll();
    assert_eq!(state, CommandState::Running);
    set_terminated(&mut session.cluster, "myapp-0", "Failed", 137);
    let (third, state) = session.poll();
    assert_eq!(state, CommandState::Finished(0));
    expect![[r#"
        ---
        2026/01/05 09:00:05 [error] 6#6: *1 directory index of "/usr/share/nginx/html/" is forbidden, client: 10.244.2.7, server: localhost, request: "GET / HTTP/1.1", host: "myapp-0.myapp"
        10.244.2.7 - - [05/Jan/2026:09:00:05 +0000] "GET / HTTP/1.1" 403 154 "-" "Wget" "-"
        ---
    "#]]
    .assert_eq(&format!(
        "{}---\n{}---\n{}",
        first.text(),
        second.text(),
        third.text()
    ));
}

#[test]
fn all_containers_and_found_pods() {
    let mut session = session();
    let cluster = &mut session.cluster;
    create(
        cluster,
        serde_json::json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "two", "namespace": "default", "labels": {"app": "two"}},
            "spec": {"containers": [
                {"name": "a", "image": "busybox:1.36", "command": ["sh", "-c", "echo from a"]},
                {"name": "b", "image": "busybox:1.36", "command": ["sh", "-c", "echo from b"]}
            ]}
        }),
    );
    set_running(cluster, "two", "k8s-node1", "10.244.1.10");
    create(cluster, stateful_pod(0, "nginx:1.13"));
    create(cluster, stateful_pod(1, "nginx:1.13"));
    set_running(cluster, "myapp-0", "k8s-node1", "10.244.1.5");
    set_running(cluster, "myapp-1", "k8s-node2", "10.244.2.6");
    let out = transcript(
        &mut session,
        &[
            "kubectl logs two",
            "kubectl logs two -c b",
            "kubectl logs two --all-containers --prefix",
            "kubectl logs two --all-containers -c a",
            "kubectl logs svc/myapp",
        ],
    );
    expect![[r#"
        $ kubectl logs two
        Defaulted container "a" out of: a, b
        from a
        $ kubectl logs two -c b
        from b
        $ kubectl logs two --all-containers --prefix
        [pod/two/a] from a
        [pod/two/b] from b
        $ kubectl logs two --all-containers -c a
        error: --all-containers=true should not be specified with container name a
        [exit 1]
        $ kubectl logs svc/myapp
        Found 2 pods, using pod/myapp-0
    "#]]
    .assert_eq(&out);
}
