//! `containers::exec_in` and the `exec`, `run` and `logs` commands never panic, whatever the
//! command line, and keep the runtime within its bounds.

mod exec_common;

use exec_common::*;
use proptest::prelude::*;
use sts_playground::sim::containers::{self, LOG_BYTES_MAX, RUNTIME_ENTRIES_MAX};
use sts_playground::sim::session::Session;

fn fixture() -> Session {
    let mut session = session();
    let cluster = &mut session.cluster;
    create(cluster, stateful_pod(0, "nginx:1.25"));
    create(cluster, stateful_pod(1, "nginx:1.13"));
    create(
        cluster,
        plain_pod("client", "busybox:1.36", &["sleep", "3600"]),
    );
    create(cluster, plain_pod("pending", "nginx", &[]));
    set_running(cluster, "myapp-0", "k8s-node1", "10.244.1.5");
    set_running(cluster, "myapp-1", "k8s-node2", "10.244.2.6");
    set_running(cluster, "client", "k8s-node1", "10.244.1.7");
    session
}

fn word() -> impl Strategy<Value = String> {
    let fragments = prop::sample::select(vec![
        "sh",
        "-c",
        "echo",
        "cat",
        "ls",
        "-la",
        "rm",
        "-rf",
        "/",
        "mv",
        "mkdir",
        "-p",
        "touch",
        "wget",
        "-qO-",
        "-O",
        "-T",
        "1",
        "curl",
        "-s",
        "-f",
        "nslookup",
        "hostname",
        "-f",
        "env",
        "sleep",
        "infinity",
        "5",
        "true",
        "false",
        "exit",
        "3",
        ">",
        ">>",
        "<",
        "2>&1",
        "|",
        ";",
        "&&",
        "||",
        "$(",
        ")",
        "`",
        "'",
        "\"",
        "$HOSTNAME",
        "$",
        "*",
        "..",
        ".",
        "~",
        "/usr/share/nginx/html",
        "/usr/share/nginx/html/index.html",
        "/tmp/x",
        "http://myapp-0.myapp/",
        "http://myapp-1.myapp.default.svc.cluster.local",
        "http://127.0.0.1:80/",
        "http://10.244.2.6/",
        "http://10.96.0.1:443/",
        "https://kubernetes.default",
        "myapp-0.myapp",
        "nginx",
        "-g",
        "daemon off;",
        "\u{0}",
        "é",
        "🙂",
        "",
        " ",
        "\n",
    ]);
    prop_oneof![
        4 => fragments.prop_map(str::to_string),
        1 => ".{0,12}",
    ]
}

/// Command-line words of `exec`, `run` and `logs` before the container's command.
fn flags() -> impl Strategy<Value = Vec<String>> {
    let fragments = prop::sample::select(vec![
        "myapp-0",
        "myapp-1",
        "client",
        "pending",
        "nosuch",
        "sts/myapp",
        "svc/myapp",
        "pvc/x",
        "pod/myapp-0",
        "-c",
        "myapp",
        "-i",
        "-t",
        "-it",
        "-q",
        "--rm",
        "--image=busybox:1.36",
        "--image=nginx:nope",
        "--restart=Never",
        "--restart=OnFailure",
        "--command",
        "-f",
        "--tail=2",
        "--tail",
        "-1",
        "-p",
        "--timestamps",
        "--prefix",
        "--all-containers",
        "-l",
        "app=myapp-pod",
        "--since=1h",
        "--limit-bytes=10",
        "--pod-running-timeout=1s",
        "--dry-run=client",
        "-o",
        "yaml",
        "--env=A=1",
        "--port=80",
        "-n",
        "default",
        "--",
    ]);
    prop::collection::vec(fragments.prop_map(str::to_string), 0..8)
}

fn argv() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(word(), 0..12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn exec_in_never_panics(argv in argv(), target in 0usize..4, script in prop::option::of(argv())) {
        let mut session = fixture();
        let pod = ["myapp-0", "myapp-1", "client", "pending"][target];
        let argv = match script {
            Some(words) => vec!["sh".to_string(), "-c".to_string(), words.join(" ")],
            None => argv,
        };
        let _ = containers::exec_in(&mut session.cluster, &pod_key(pod), None, &argv);
        let _ = containers::exec_in(&mut session.cluster, &pod_key(pod), Some("nosuch"), &argv);
        let runtime = &session.cluster.runtime;
        prop_assert!(runtime.logs.values().all(|log| log.len() <= LOG_BYTES_MAX));
        prop_assert!(runtime.root_filesystems.len() <= RUNTIME_ENTRIES_MAX);
    }

    #[test]
    fn the_commands_never_panic(command in 0usize..3, flags in flags(), args in argv()) {
        let mut session = fixture();
        let mut argv = vec![["exec", "run", "logs"][command].to_string()];
        argv.extend(flags);
        argv.extend(args);
        let _ = session.run_blocking(&argv, None);
    }
}

#[test]
fn a_command_that_never_ends_is_stopped_after_a_simulated_day() {
    let mut session = fixture();
    let argv: Vec<String> = ["exec", "client", "--", "sleep", "infinity"]
        .iter()
        .map(|word| word.to_string())
        .collect();
    let (out, code) = session.run_blocking(&argv, None);
    assert_eq!(code, 1);
    assert_eq!(
        out.text(),
        "error: the playground stopped this command: it ran for more than a simulated day\n"
    );
}
