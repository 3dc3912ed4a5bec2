//! Pod lifecycle on a node: STATUS over simulated time as `kubectl get pods -w` shows it
//! (behaviour reference §5.1–§5.3), with the kubelet's events. Times are seconds since the
//! pod was created; the numbers come from the seeded cluster and change only when the model
//! changes.

#[path = "node_support.rs"]
mod support;

use expect_test::expect;
use sts_playground::sim::api::{self, DeleteOptions};
use sts_playground::sim::controllers::kubelet;
use sts_playground::sim::testkit;
use sts_playground::sim::world::{Cluster, Preset};
use support::*;

/// A pod named `name` whose spec is the indented YAML `body`.
fn pod_yaml(name: &str, body: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: default\nspec:\n{body}"
    )
}

fn single(name: &str, body: &str) -> Cluster {
    cluster(Preset::Kubeadm, 1, &pod_yaml(name, body))
}

fn delete(cluster: &mut Cluster, name: &str) {
    api::delete(cluster, &pod_key(name), DeleteOptions::default()).expect("pod exists");
    cluster.settle();
}

const NGINX: &str = "  containers:
  - name: nginx
    image: nginx:1.25
    ports:
    - containerPort: 80
      name: web
";

#[test]
fn a_pod_goes_from_pending_to_running() {
    let mut c = single("web-0", NGINX);
    expect![[r#"
          0.000s web-0 0/1 ContainerCreating 0 k8s-node2
          4.351s web-0 1/1 Running 0 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "web-0", 30_000));
    expect![[r#"
          0.000s Normal Scheduled Successfully assigned default/web-0 to k8s-node2
          0.885s Normal Pulling Pulling image "nginx:1.25"
          4.203s Normal Pulled Successfully pulled image "nginx:1.25" in 3.318s (3.318s including waiting). Image size: 75456000 bytes.
          4.351s Normal Created Created container: nginx
          4.351s Normal Started Started container nginx
    "#]]
    .assert_eq(&events(&c, "web-0"));
    let pod = pod(&c, "web-0").unwrap();
    let conditions: Vec<String> = pod
        .status
        .conditions
        .iter()
        .map(|c| format!("{}={}", c.type_, c.status))
        .collect();
    assert_eq!(
        conditions,
        [
            "PodReadyToStartContainers=True",
            "Initialized=True",
            "Ready=True",
            "ContainersReady=True",
            "PodScheduled=True"
        ]
    );
    assert_eq!(pod.status.host_ip.as_deref(), Some("192.168.56.12"));
    assert_eq!(
        pod.status.container_statuses[0].image,
        "docker.io/library/nginx:1.25"
    );
    assert!(pod.status.container_statuses[0]
        .container_id
        .as_deref()
        .is_some_and(|id| id.starts_with("containerd://") && id.len() == 13 + 64));
}

#[test]
fn a_second_pod_on_the_same_node_finds_the_image_present() {
    let pinned = |name: &str, policy: &str| {
        pod_yaml(
            name,
            &format!(
                "  nodeSelector:\n    kubernetes.io/hostname: k8s-node1\n  containers:\n  - name: nginx\n    image: nginx:1.25\n{policy}"
            ),
        )
    };
    let mut c = cluster(Preset::Kubeadm, 1, &pinned("first", ""));
    run_until(&mut c, 10_000);
    testkit::create_all(&mut c, &pinned("second", ""));
    testkit::create_all(&mut c, &pinned("always", "    imagePullPolicy: Always\n"));
    run_until(&mut c, 20_000);
    expect![[r#"
         10.000s Normal Scheduled Successfully assigned default/second to k8s-node1
         10.816s Normal Pulled Container image "nginx:1.25" already present on machine
         10.949s Normal Created Created container: nginx
         10.949s Normal Started Started container nginx
    "#]]
    .assert_eq(&events(&c, "second"));
    expect![[r#"
         10.000s Normal Scheduled Successfully assigned default/always to k8s-node1
         10.886s Normal Pulling Pulling image "nginx:1.25"
         11.355s Normal Pulled Successfully pulled image "nginx:1.25" in 469ms (469ms including waiting). Image size: 75456000 bytes.
         11.547s Normal Created Created container: nginx
         11.547s Normal Started Started container nginx
    "#]]
    .assert_eq(&events(&c, "always"));
    assert!(kubelet::image_present(
        &c,
        "k8s-node1",
        "docker.io/library/nginx:1.25"
    ));
    assert!(!kubelet::image_present(&c, "k8s-node2", "nginx:1.25"));
}

#[test]
fn pulls_on_one_node_wait_for_each_other() {
    let pinned = |name: &str, image: &str| {
        pod_yaml(
            name,
            &format!(
                "  nodeSelector:\n    kubernetes.io/hostname: k8s-node1\n  containers:\n  - name: c\n    image: {image}\n"
            ),
        )
    };
    let both = format!(
        "{}\n---\n{}",
        pinned("a", "nginx:1.25"),
        pinned("b", "redis:7.2")
    );
    let mut c = cluster(Preset::Kubeadm, 1, &both);
    run_until(&mut c, 20_000);
    let pulled: Vec<String> = events(&c, "b")
        .lines()
        .filter(|l| l.contains("Pulled"))
        .map(str::to_string)
        .collect();
    expect![[r#"
        [
            "6.009s Normal Pulled Successfully pulled image \"redis:7.2\" in 2.155s (5.124s including waiting). Image size: 46395000 bytes.",
        ]
    "#]]
    .assert_debug_eq(&pulled);
}

#[test]
fn a_bad_image_alternates_err_image_pull_and_image_pull_back_off() {
    let mut c = single(
        "bad",
        "  containers:\n  - name: nginx\n    image: nginx:doesnotexist\n",
    );
    expect![[r#"
        0.000s bad 0/1 ContainerCreating 0 k8s-node2
        1.402s bad 0/1 ErrImagePull 0 10.244.2.2 k8s-node2
        11.777s bad 0/1 ImagePullBackOff 0 10.244.2.2 k8s-node2
        27.013s bad 0/1 ErrImagePull 0 10.244.2.2 k8s-node2
        41.574s bad 0/1 ImagePullBackOff 0 10.244.2.2 k8s-node2
        53.453s bad 0/1 ErrImagePull 0 10.244.2.2 k8s-node2
        68.340s bad 0/1 ImagePullBackOff 0 10.244.2.2 k8s-node2
        102.843s bad 0/1 ErrImagePull 0 10.244.2.2 k8s-node2
        113.903s bad 0/1 ImagePullBackOff 0 10.244.2.2 k8s-node2
        190.302s bad 0/1 ErrImagePull 0 10.244.2.2 k8s-node2
        204.329s bad 0/1 ImagePullBackOff 0 10.244.2.2 k8s-node2
        361.907s bad 0/1 ErrImagePull 0 10.244.2.2 k8s-node2
        373.720s bad 0/1 ImagePullBackOff 0 10.244.2.2 k8s-node2
        663.884s bad 0/1 ErrImagePull 0 10.244.2.2 k8s-node2
        677.158s bad 0/1 ImagePullBackOff 0 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "bad", 700_000));
    expect![[r#"
          0.000s Normal Scheduled Successfully assigned default/bad to k8s-node2
          0.885s Normal Pulling Pulling image "nginx:doesnotexist" (x7)
          1.402s Warning Failed Failed to pull image "nginx:doesnotexist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found (x7)
          1.402s Warning Failed Error: ErrImagePull (x7)
          1.402s Normal BackOff Back-off pulling image "nginx:doesnotexist" (x49)
          1.402s Warning Failed Error: ImagePullBackOff (x49)
    "#]]
    .assert_eq(&events(&c, "bad"));
    let status = &pod(&c, "bad").unwrap().status;
    assert_eq!(status.phase.as_deref(), Some("Pending"));
}

#[test]
fn an_invalid_image_name_never_pulls() {
    let mut c = single(
        "upper",
        "  containers:\n  - name: nginx\n    image: Nginx:1.25\n",
    );
    expect![[r#"
          0.000s upper 0/1 ContainerCreating 0 k8s-node2
          1.033s upper 0/1 InvalidImageName 0 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "upper", 60_000));
    expect![[r#"
          0.000s Normal Scheduled Successfully assigned default/upper to k8s-node2
          0.885s Warning InspectFailed Failed to apply default image tag "Nginx:1.25": couldn't parse image name "Nginx:1.25": invalid reference format: repository name (library/Nginx) must be lowercase (x6)
          0.885s Warning Failed Error: InvalidImageName (x6)
    "#]]
    .assert_eq(&events(&c, "upper"));
}

#[test]
fn a_crashing_container_goes_into_crash_loop_back_off() {
    let mut c = single(
        "crash",
        "  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['sh', '-c', 'echo boom; exit 1']\n",
    );
    expect![[r#"
        0.000s crash 0/1 ContainerCreating 0 k8s-node2
        1.419s crash 1/1 Running 0 10.244.2.2 k8s-node2
        2.268s crash 0/1 Error 0 10.244.2.2 k8s-node2
        2.943s crash 0/1 Error 1 (1s ago) 10.244.2.2 k8s-node2
        17.298s crash 0/1 CrashLoopBackOff 1 (14s ago) 10.244.2.2 k8s-node2
        17.718s crash 0/1 Error 2 (15s ago) 10.244.2.2 k8s-node2
        31.991s crash 0/1 CrashLoopBackOff 2 (14s ago) 10.244.2.2 k8s-node2
        43.036s crash 0/1 Error 3 (25s ago) 10.244.2.2 k8s-node2
        57.322s crash 0/1 CrashLoopBackOff 3 (15s ago) 10.244.2.2 k8s-node2
        96.869s crash 0/1 Error 4 (54s ago) 10.244.2.2 k8s-node2
        109.418s crash 0/1 CrashLoopBackOff 4 (12s ago) 10.244.2.2 k8s-node2
        178.629s crash 0/1 Error 5 (81s ago) 10.244.2.2 k8s-node2
        192.513s crash 0/1 CrashLoopBackOff 5 (14s ago) 10.244.2.2 k8s-node2
        339.741s crash 0/1 Error 6 (2m41s ago) 10.244.2.2 k8s-node2
        353.436s crash 0/1 CrashLoopBackOff 6 (14s ago) 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "crash", 400_000));
    expect![[r#"
          0.000s Normal Scheduled Successfully assigned default/crash to k8s-node2
          0.885s Normal Pulling Pulling image "busybox:1.36"
          1.271s Normal Pulled Successfully pulled image "busybox:1.36" in 386ms (386ms including waiting). Image size: 2170800 bytes.
          1.419s Normal Created Created container: app (x7)
          1.419s Normal Started Started container app (x7)
          2.268s Normal Pulled Container image "busybox:1.36" already present on machine (x6)
          2.943s Warning BackOff Back-off restarting failed container app in pod crash_default(543e91f6-94a1-4df5-b857-da9d79a62f82) (x30)
    "#]]
    .assert_eq(&events(&c, "crash"));
    let status = &pod(&c, "crash").unwrap().status;
    assert_eq!(status.phase.as_deref(), Some("Running"));
    let app = &status.container_statuses[0];
    let waiting = app.state.waiting.as_ref().unwrap();
    assert_eq!(waiting.reason.as_deref(), Some("CrashLoopBackOff"));
    assert!(waiting
        .message
        .as_deref()
        .unwrap()
        .starts_with("back-off 5m0s restarting failed container=app pod=crash_default("));
    assert_eq!(app.last_state.terminated.as_ref().unwrap().exit_code, 1);
    assert_eq!(
        kubelet::container_log(&c, &pod_key("crash"), None, false).unwrap(),
        "boom\n"
    );
}

#[test]
fn a_container_that_exits_zero_is_restarted_under_always() {
    // busybox's default command is `sh`, which exits at once without a terminal.
    let mut c = single(
        "once",
        "  containers:\n  - name: app\n    image: busybox:1.36\n",
    );
    expect![[r#"
        0.000s once 0/1 ContainerCreating 0 k8s-node2
        1.419s once 1/1 Running 0 10.244.2.2 k8s-node2
        2.283s once 0/1 Completed 0 10.244.2.2 k8s-node2
        2.958s once 0/1 Completed 1 (1s ago) 10.244.2.2 k8s-node2
        17.313s once 0/1 CrashLoopBackOff 1 (14s ago) 10.244.2.2 k8s-node2
        17.733s once 1/1 Running 2 (15s ago) 10.244.2.2 k8s-node2
        18.362s once 0/1 Completed 2 (15s ago) 10.244.2.2 k8s-node2
        32.635s once 0/1 CrashLoopBackOff 2 (14s ago) 10.244.2.2 k8s-node2
        43.680s once 0/1 Completed 3 (25s ago) 10.244.2.2 k8s-node2
        57.966s once 0/1 CrashLoopBackOff 3 (14s ago) 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "once", 60_000));
}

#[test]
fn restart_policy_never_runs_to_completion_and_frees_the_ip() {
    let mut c = single(
        "job",
        "  restartPolicy: Never\n  nodeName: k8s-node1\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['sh', '-c', 'echo hello from $(hostname)']\n",
    );
    expect![[r#"
          0.000s job 0/1 ContainerCreating 0 k8s-node1
          1.187s job 0/1 Completed 0 10.244.1.2 k8s-node1
    "#]]
    .assert_eq(&watch(&mut c, "job", 30_000));
    let status = &pod(&c, "job").unwrap().status;
    assert_eq!(status.phase.as_deref(), Some("Succeeded"));
    assert_eq!(
        status.pod_ip.as_deref(),
        Some("10.244.1.2"),
        "the status keeps the IP"
    );
    assert!(
        kubelet::pod_ips_in_use(&c, "k8s-node1").is_empty(),
        "the node freed it"
    );
    assert_eq!(
        kubelet::container_log(&c, &pod_key("job"), None, false).unwrap(),
        "hello from job\n"
    );
    let ready = pod(&c, "job").unwrap().condition("Ready").unwrap();
    assert_eq!(ready.reason.as_deref(), Some("PodCompleted"));
}

#[test]
fn a_failing_readiness_probe_keeps_the_pod_zero_of_one_running() {
    let mut c = single(
        "unready",
        "  containers:\n  - name: nginx\n    image: nginx:1.25\n    readinessProbe:\n      httpGet:\n        path: /healthz\n        port: 80\n      periodSeconds: 5\n",
    );
    expect![[r#"
          0.000s unready 0/1 ContainerCreating 0 k8s-node2
          4.351s unready 0/1 Running 0 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "unready", 60_000));
    expect![[r#"
          0.000s Normal Scheduled Successfully assigned default/unready to k8s-node2
          0.885s Normal Pulling Pulling image "nginx:1.25"
          4.203s Normal Pulled Successfully pulled image "nginx:1.25" in 3.318s (3.318s including waiting). Image size: 75456000 bytes.
          4.351s Normal Created Created container: nginx
          4.351s Normal Started Started container nginx
          5.000s Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 404 (x12)
    "#]]
    .assert_eq(&events(&c, "unready"));
    let ready = pod(&c, "unready").unwrap().condition("Ready").unwrap();
    assert_eq!(ready.reason.as_deref(), Some("ContainersNotReady"));
    assert_eq!(
        ready.message.as_deref(),
        Some("containers with unready status: [nginx]")
    );
}

#[test]
fn a_passing_readiness_probe_makes_the_pod_ready_on_a_probe_tick() {
    let mut c = single(
        "ready",
        "  containers:\n  - name: nginx\n    image: nginx:1.25\n    readinessProbe:\n      httpGet:\n        path: /\n        port: web\n      initialDelaySeconds: 5\n      periodSeconds: 10\n    ports:\n    - containerPort: 80\n      name: web\n",
    );
    expect![[r#"
        0.000s ready 0/1 ContainerCreating 0 k8s-node2
        4.351s ready 0/1 Running 0 10.244.2.2 k8s-node2
        10.000s ready 1/1 Running 0 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "ready", 30_000));
}

#[test]
fn exec_probes_run_in_the_container() {
    let mut c = single(
        "exec",
        "  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['sh', '-c', 'sleep 3600']\n    readinessProbe:\n      exec:\n        command: ['cat', '/tmp/healthy']\n      periodSeconds: 5\n",
    );
    run_until(&mut c, 20_000);
    expect![[r#"
        0.000s Normal Scheduled Successfully assigned default/exec to k8s-node2
        0.885s Normal Pulling Pulling image "busybox:1.36"
        1.271s Normal Pulled Successfully pulled image "busybox:1.36" in 386ms (386ms including waiting). Image size: 2170800 bytes.
        1.419s Normal Created Created container: app
        1.419s Normal Started Started container app
        5.000s Warning Unhealthy Readiness probe failed: cat: can't open '/tmp/healthy': No such file or directory
         (x4)
    "#]]
    .assert_eq(&events(&c, "exec"));
    let argv: Vec<String> = ["touch", "/tmp/healthy"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let outcome = kubelet::exec_in_container(&mut c, &pod_key("exec"), None, &argv, "").unwrap();
    assert_eq!(outcome.exit_code, 0);
    expect![[r#"
         20.000s exec 0/1 Running 0 10.244.2.2 k8s-node2
         25.000s exec 1/1 Running 0 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "exec", 40_000));
}

#[test]
fn a_failing_liveness_probe_restarts_the_container() {
    let mut c = single(
        "live",
        "  containers:\n  - name: nginx\n    image: nginx:1.25\n    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 80\n      periodSeconds: 5\n      failureThreshold: 2\n",
    );
    expect![[r#"
        0.000s live 0/1 ContainerCreating 0 k8s-node2
        4.351s live 1/1 Running 0 10.244.2.2 k8s-node2
        11.369s live 0/1 Completed 0 10.244.2.2 k8s-node2
        12.390s live 1/1 Running 1 (1s ago) 10.244.2.2 k8s-node2
        20.952s live 0/1 Completed 1 (10s ago) 10.244.2.2 k8s-node2
        35.307s live 0/1 CrashLoopBackOff 1 (14s ago) 10.244.2.2 k8s-node2
        35.907s live 1/1 Running 2 (15s ago) 10.244.2.2 k8s-node2
        46.043s live 0/1 Completed 2 (25s ago) 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "live", 60_000));
    expect![[r#"
        0.000s Normal Scheduled Successfully assigned default/live to k8s-node2
        0.885s Normal Pulling Pulling image "nginx:1.25"
        4.203s Normal Pulled Successfully pulled image "nginx:1.25" in 3.318s (3.318s including waiting). Image size: 75456000 bytes.
        4.351s Normal Created Created container: nginx (x3)
        4.351s Normal Started Started container nginx (x3)
        5.000s Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 404 (x6)
        10.000s Normal Killing Container nginx failed liveness probe, will be restarted (x3)
        11.369s Normal Pulled Container image "nginx:1.25" already present on machine (x2)
        20.952s Warning BackOff Back-off restarting failed container nginx in pod live_default(543e91f6-94a1-4df5-b857-da9d79a62f82) (x2)
    "#]]
    .assert_eq(&events(&c, "live"));
}

#[test]
fn deleting_nginx_stops_it_within_a_second() {
    let mut c = single("web-0", NGINX);
    run_until(&mut c, 10_000);
    delete(&mut c, "web-0");
    expect![[r#"
         10.000s web-0 1/1 Terminating 0 10.244.2.2 k8s-node2
         10.542s web-0 0/1 Completed 0 10.244.2.2 k8s-node2
         10.789s (gone)
    "#]]
    .assert_eq(&watch(&mut c, "web-0", 40_000));
    assert!(kubelet::pod_ips_in_use(&c, "k8s-node2").is_empty());
    let killing: Vec<String> = events(&c, "web-0")
        .lines()
        .filter(|l| l.contains("Killing"))
        .map(str::to_string)
        .collect();
    expect![[r#"
        [
            "10.000s Normal Killing Stopping container nginx",
        ]
    "#]]
    .assert_debug_eq(&killing);
}

#[test]
fn deleting_a_pod_whose_process_ignores_sigterm_takes_the_grace_period() {
    let mut c = single(
        "sleeper",
        "  terminationGracePeriodSeconds: 10\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['sleep', '3600']\n",
    );
    run_until(&mut c, 10_000);
    delete(&mut c, "sleeper");
    expect![[r#"
         10.000s sleeper 1/1 Terminating 0 10.244.2.2 k8s-node2
         20.000s sleeper 0/1 Error 0 10.244.2.2 k8s-node2
         20.323s (gone)
    "#]]
    .assert_eq(&watch(&mut c, "sleeper", 40_000));
}

#[test]
fn pod_ips_are_handed_out_in_order_and_a_recreated_pod_gets_a_new_one() {
    let pinned = |name: &str| pod_yaml(name, &format!("  nodeName: k8s-node1\n{NGINX}"));
    let yaml = ["web-0", "web-1", "web-2"].map(pinned).join("\n---\n");
    let mut c = cluster(Preset::Kubeadm, 1, &yaml);
    run_until(&mut c, 15_000);
    let ip = |c: &Cluster, name: &str| pod(c, name).unwrap().status.pod_ip.clone().unwrap();
    // Addresses follow the order in which the sandboxes came up (web-2's was quicker).
    assert_eq!(
        [ip(&c, "web-0"), ip(&c, "web-1"), ip(&c, "web-2")],
        ["10.244.1.2", "10.244.1.4", "10.244.1.3"]
    );
    delete(&mut c, "web-0");
    run_until(&mut c, 20_000);
    assert!(pod(&c, "web-0").is_none());
    testkit::create_all(&mut c, &pinned("web-0"));
    run_until(&mut c, 30_000);
    assert_eq!(ip(&c, "web-0"), "10.244.1.5", "a new IP, not the freed .2");
    assert_eq!(
        kubelet::pod_ips_in_use(&c, "k8s-node1"),
        ["10.244.1.3", "10.244.1.4", "10.244.1.5"]
    );
    let ips: Vec<String> = ["web-0", "web-1", "web-2"]
        .iter()
        .map(|n| ip(&c, n))
        .collect();
    assert_eq!(ips, ["10.244.1.5", "10.244.1.4", "10.244.1.3"]);
}

#[test]
fn init_containers_run_first() {
    let mut c = single(
        "init",
        "  initContainers:\n  - name: setup\n    image: busybox:1.36\n    command: ['sh', '-c', 'echo ready > /work/flag']\n    volumeMounts:\n    - name: work\n      mountPath: /work\n  containers:\n  - name: nginx\n    image: nginx:1.25\n    volumeMounts:\n    - name: work\n      mountPath: /usr/share/nginx/html\n  volumes:\n  - name: work\n    emptyDir: {}\n",
    );
    expect![[r#"
          0.000s init 0/1 Init:0/1 0 k8s-node2
          1.419s init 0/1 Init:0/1 0 10.244.2.2 k8s-node2
          2.268s init 0/1 PodInitializing 0 10.244.2.2 k8s-node2
          6.607s init 1/1 Running 0 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "init", 30_000));
    let argv: Vec<String> = ["cat", "/usr/share/nginx/html/flag"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let outcome = kubelet::exec_in_container(&mut c, &pod_key("init"), None, &argv, "").unwrap();
    assert_eq!(outcome.stdout, "ready\n", "the emptyDir is shared");
}

#[test]
fn a_missing_command_is_a_run_container_error() {
    let mut c = single(
        "typo",
        "  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['slep', '10']\n",
    );
    expect![[r#"
        0.000s typo 0/1 ContainerCreating 0 k8s-node2
        1.419s typo 0/1 RunContainerError 0 10.244.2.2 k8s-node2
        1.640s typo 0/1 RunContainerError 1 (0s ago) 10.244.2.2 k8s-node2
        2.033s typo 0/1 CrashLoopBackOff 1 (0s ago) 10.244.2.2 k8s-node2
        13.828s typo 0/1 RunContainerError 2 (0s ago) 10.244.2.2 k8s-node2
        25.002s typo 0/1 CrashLoopBackOff 2 (11s ago) 10.244.2.2 k8s-node2
        35.845s typo 0/1 RunContainerError 3 (0s ago) 10.244.2.2 k8s-node2
        48.937s typo 0/1 CrashLoopBackOff 3 (13s ago) 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "typo", 60_000));
    expect![[r#"
          0.000s Normal Scheduled Successfully assigned default/typo to k8s-node2
          0.885s Normal Pulling Pulling image "busybox:1.36"
          1.271s Normal Pulled Successfully pulled image "busybox:1.36" in 386ms (386ms including waiting). Image size: 2170800 bytes.
          1.419s Normal Pulled Container image "busybox:1.36" already present on machine (x3)
          1.419s Normal Created Created container: app (x4)
          1.419s Warning Failed Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "slep": executable file not found in $PATH: unknown (x4)
          1.640s Warning BackOff Back-off restarting failed container app in pod typo_default(543e91f6-94a1-4df5-b857-da9d79a62f82) (x6)
    "#]]
    .assert_eq(&events(&c, "typo"));
}

#[test]
fn the_page_hooks_break_readiness_and_crash() {
    let mut c = single("web-0", NGINX);
    run_until(&mut c, 10_000);
    assert!(kubelet::break_readiness(&mut c, &pod_key("web-0")));
    assert!(!pod(&c, "web-0").unwrap().is_ready());
    run_until(&mut c, 20_000);
    assert!(kubelet::restore_readiness(&mut c, &pod_key("web-0")));
    assert!(pod(&c, "web-0").unwrap().is_ready());
    assert!(kubelet::crash(&mut c, &pod_key("web-0")));
    expect![[r#"
         20.000s web-0 1/1 Running 0 10.244.2.2 k8s-node2
         20.864s web-0 0/1 Error 0 10.244.2.2 k8s-node2
         21.478s web-0 1/1 Running 1 (1s ago) 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "web-0", 60_000));
    assert!(!kubelet::crash(&mut c, &pod_key("nope")));
}
