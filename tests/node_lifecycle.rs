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
        4.095s web-0 1/1 Running 0 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "web-0", 30_000));
    expect![[r#"
        0.000s Normal Scheduled Successfully assigned default/web-0 to k8s-node2
        0.673s Normal Pulling Pulling image "nginx:1.25"
        3.991s Normal Pulled Successfully pulled image "nginx:1.25" in 3.318s (3.318s including waiting). Image size: 75456000 bytes.
        4.095s Normal Created Created container: nginx
        4.095s Normal Started Started container nginx
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
        10.900s Normal Pulled Container image "nginx:1.25" already present on machine
        11.064s Normal Created Created container: nginx
        11.064s Normal Started Started container nginx
    "#]]
    .assert_eq(&events(&c, "second"));
    expect![[r#"
        10.000s Normal Scheduled Successfully assigned default/always to k8s-node1
        10.660s Normal Pulling Pulling image "nginx:1.25"
        11.331s Normal Pulled Successfully pulled image "nginx:1.25" in 671ms (671ms including waiting). Image size: 75456000 bytes.
        11.588s Normal Created Created container: nginx
        11.588s Normal Started Started container nginx
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
    let pulled: Vec<String> = ["a", "b"]
        .iter()
        .flat_map(|name| {
            events(&c, name)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|l| l.contains("Pull"))
        .collect();
    expect![[r#"
        [
            "0.987s Normal Pulling Pulling image \"nginx:1.25\"",
            "6.153s Normal Pulled Successfully pulled image \"nginx:1.25\" in 3.318s (5.166s including waiting). Image size: 75456000 bytes.",
            "0.680s Normal Pulling Pulling image \"redis:7.2\"",
            "2.835s Normal Pulled Successfully pulled image \"redis:7.2\" in 2.155s (2.155s including waiting). Image size: 46395000 bytes.",
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
        1.563s bad 0/1 ErrImagePull 0 10.244.2.2 k8s-node2
        12.311s bad 0/1 ImagePullBackOff 0 10.244.2.2 k8s-node2
        23.992s bad 0/1 ErrImagePull 0 10.244.2.2 k8s-node2
        34.250s bad 0/1 ImagePullBackOff 0 10.244.2.2 k8s-node2
        47.955s bad 0/1 ErrImagePull 0 10.244.2.2 k8s-node2
        59.015s bad 0/1 ImagePullBackOff 0 10.244.2.2 k8s-node2
        94.416s bad 0/1 ErrImagePull 0 10.244.2.2 k8s-node2
        108.656s bad 0/1 ImagePullBackOff 0 10.244.2.2 k8s-node2
        186.104s bad 0/1 ErrImagePull 0 10.244.2.2 k8s-node2
        196.142s bad 0/1 ImagePullBackOff 0 10.244.2.2 k8s-node2
        349.750s bad 0/1 ErrImagePull 0 10.244.2.2 k8s-node2
        363.259s bad 0/1 ImagePullBackOff 0 10.244.2.2 k8s-node2
        661.025s bad 0/1 ErrImagePull 0 10.244.2.2 k8s-node2
        675.616s bad 0/1 ImagePullBackOff 0 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "bad", 700_000));
    expect![[r#"
        0.000s Normal Scheduled Successfully assigned default/bad to k8s-node2
        0.673s Normal Pulling Pulling image "nginx:doesnotexist" (x7)
        1.563s Warning Failed Failed to pull image "nginx:doesnotexist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found (x7)
        1.563s Warning Failed Error: ErrImagePull (x7)
        1.563s Normal BackOff Back-off pulling image "nginx:doesnotexist" (x49)
        1.563s Warning Failed Error: ImagePullBackOff (x49)
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
        1.142s upper 0/1 InvalidImageName 0 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "upper", 60_000));
    expect![[r#"
        0.000s Normal Scheduled Successfully assigned default/upper to k8s-node2
        0.673s Warning InspectFailed Failed to apply default image tag "Nginx:1.25": couldn't parse image name "Nginx:1.25": invalid reference format: repository name (library/Nginx) must be lowercase (x7)
        0.673s Warning Failed Error: InvalidImageName (x7)
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
        1.163s crash 1/1 Running 0 10.244.2.2 k8s-node2
        1.463s crash 0/1 Error 0 10.244.2.2 k8s-node2
        2.059s crash 0/1 Error 1 (0s ago) 10.244.2.2 k8s-node2
        16.086s crash 0/1 CrashLoopBackOff 1 (14s ago) 10.244.2.2 k8s-node2
        16.787s crash 0/1 Error 2 (14s ago) 10.244.2.2 k8s-node2
        29.437s crash 0/1 CrashLoopBackOff 2 (13s ago) 10.244.2.2 k8s-node2
        43.468s crash 0/1 Error 3 (27s ago) 10.244.2.2 k8s-node2
        56.977s crash 0/1 CrashLoopBackOff 3 (13s ago) 10.244.2.2 k8s-node2
        98.281s crash 0/1 Error 4 (55s ago) 10.244.2.2 k8s-node2
        111.877s crash 0/1 CrashLoopBackOff 4 (14s ago) 10.244.2.2 k8s-node2
        184.810s crash 0/1 Error 5 (87s ago) 10.244.2.2 k8s-node2
        198.621s crash 0/1 CrashLoopBackOff 5 (13s ago) 10.244.2.2 k8s-node2
        352.805s crash 0/1 Error 6 (2m48s ago) 10.244.2.2 k8s-node2
        362.807s crash 0/1 CrashLoopBackOff 6 (10s ago) 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "crash", 400_000));
    expect![[r#"
        0.000s Normal Scheduled Successfully assigned default/crash to k8s-node2
        0.673s Normal Pulling Pulling image "busybox:1.36"
        1.059s Normal Pulled Successfully pulled image "busybox:1.36" in 386ms (386ms including waiting). Image size: 2170800 bytes.
        1.163s Normal Created Created container: app (x7)
        1.163s Normal Started Started container app (x7)
        1.463s Normal Pulled Container image "busybox:1.36" already present on machine (x6)
        2.059s Warning BackOff Back-off restarting failed container app in pod crash_default(543e91f6-94a1-4df5-a857-da9d79a62f82) (x31)
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
    assert_eq!(log_text(&c, "crash", "app", false), "boom\n");
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
        1.163s once 1/1 Running 0 10.244.2.2 k8s-node2
        1.463s once 0/1 Completed 0 10.244.2.2 k8s-node2
        2.059s once 0/1 Completed 1 (0s ago) 10.244.2.2 k8s-node2
        16.086s once 0/1 CrashLoopBackOff 1 (14s ago) 10.244.2.2 k8s-node2
        16.787s once 0/1 Completed 2 (14s ago) 10.244.2.2 k8s-node2
        29.437s once 0/1 CrashLoopBackOff 2 (13s ago) 10.244.2.2 k8s-node2
        43.468s once 0/1 Completed 3 (27s ago) 10.244.2.2 k8s-node2
        56.977s once 0/1 CrashLoopBackOff 3 (13s ago) 10.244.2.2 k8s-node2
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
        1.589s job 0/1 Completed 0 10.244.1.2 k8s-node1
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
    assert_eq!(log_text(&c, "job", "app", false), "hello from job\n");
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
        4.095s unready 0/1 Running 0 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "unready", 60_000));
    expect![[r#"
        0.000s Normal Scheduled Successfully assigned default/unready to k8s-node2
        0.673s Normal Pulling Pulling image "nginx:1.25"
        3.991s Normal Pulled Successfully pulled image "nginx:1.25" in 3.318s (3.318s including waiting). Image size: 75456000 bytes.
        4.095s Normal Created Created container: nginx
        4.095s Normal Started Started container nginx
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
        4.095s ready 0/1 Running 0 10.244.2.2 k8s-node2
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
        0.673s Normal Pulling Pulling image "busybox:1.36"
        1.059s Normal Pulled Successfully pulled image "busybox:1.36" in 386ms (386ms including waiting). Image size: 2170800 bytes.
        1.163s Normal Created Created container: app
        1.163s Normal Started Started container app
        5.000s Warning Unhealthy Readiness probe failed: cat: can't open '/tmp/healthy': No such file or directory
         (x4)
    "#]]
    .assert_eq(&events(&c, "exec"));
    assert_eq!(exec(&mut c, "exec", &["touch", "/tmp/healthy"]), "[exit 0]");
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
        4.095s live 1/1 Running 0 10.244.2.2 k8s-node2
        11.066s live 0/1 Completed 0 10.244.2.2 k8s-node2
        11.580s live 1/1 Running 1 (0s ago) 10.244.2.2 k8s-node2
        20.635s live 0/1 Completed 1 (9s ago) 10.244.2.2 k8s-node2
        34.662s live 0/1 CrashLoopBackOff 1 (14s ago) 10.244.2.2 k8s-node2
        34.980s live 1/1 Running 2 (14s ago) 10.244.2.2 k8s-node2
        41.693s live 0/1 Completed 2 (21s ago) 10.244.2.2 k8s-node2
        54.343s live 0/1 CrashLoopBackOff 2 (13s ago) 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "live", 60_000));
    expect![[r#"
        0.000s Normal Scheduled Successfully assigned default/live to k8s-node2
        0.673s Normal Pulling Pulling image "nginx:1.25"
        3.991s Normal Pulled Successfully pulled image "nginx:1.25" in 3.318s (3.318s including waiting). Image size: 75456000 bytes.
        4.095s Normal Created Created container: nginx (x3)
        4.095s Normal Started Started container nginx (x3)
        5.000s Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 404 (x6)
        10.000s Normal Killing Container nginx failed liveness probe, will be restarted (x3)
        11.066s Normal Pulled Container image "nginx:1.25" already present on machine (x2)
        20.635s Warning BackOff Back-off restarting failed container nginx in pod live_default(543e91f6-94a1-4df5-a857-da9d79a62f82) (x3)
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
        10.673s web-0 0/1 Completed 0 10.244.2.2 k8s-node2
        11.207s (gone)
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
        20.360s (gone)
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
    // Addresses are handed out in the order the sandboxes come up: .2, .3, .4.
    let mut first: Vec<String> = ["web-0", "web-1", "web-2"]
        .iter()
        .map(|n| ip(&c, n))
        .collect();
    first.sort();
    assert_eq!(first, ["10.244.1.2", "10.244.1.3", "10.244.1.4"]);
    let old = ip(&c, "web-0");
    delete(&mut c, "web-0");
    run_until(&mut c, 20_000);
    assert!(pod(&c, "web-0").is_none());
    testkit::create_all(&mut c, &pinned("web-0"));
    run_until(&mut c, 30_000);
    assert_eq!(
        ip(&c, "web-0"),
        "10.244.1.5",
        "a new IP, not the freed {old}"
    );
    let mut in_use = kubelet::pod_ips_in_use(&c, "k8s-node1");
    in_use.sort();
    let mut expected: Vec<String> = ["10.244.1.2", "10.244.1.3", "10.244.1.4", "10.244.1.5"]
        .iter()
        .map(|s| s.to_string())
        .filter(|ip| *ip != old)
        .collect();
    expected.sort();
    assert_eq!(in_use, expected);
}

#[test]
fn init_containers_run_first() {
    let mut c = single(
        "init",
        "  initContainers:\n  - name: setup\n    image: busybox:1.36\n    command: ['sh', '-c', 'echo ready > /work/flag']\n    volumeMounts:\n    - name: work\n      mountPath: /work\n  containers:\n  - name: nginx\n    image: nginx:1.25\n    volumeMounts:\n    - name: work\n      mountPath: /usr/share/nginx/html\n  volumes:\n  - name: work\n    emptyDir: {}\n",
    );
    expect![[r#"
        0.000s init 0/1 Init:0/1 0 k8s-node2
        1.163s init 0/1 Init:0/1 0 10.244.2.2 k8s-node2
        1.463s init 0/1 PodInitializing 0 10.244.2.2 k8s-node2
        5.295s init 1/1 Running 0 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "init", 30_000));
    assert_eq!(
        exec(&mut c, "init", &["cat", "/usr/share/nginx/html/flag"]),
        "ready\n[exit 0]",
        "the emptyDir is shared"
    );
}

#[test]
fn a_missing_command_is_a_run_container_error() {
    let mut c = single(
        "typo",
        "  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['slep', '10']\n",
    );
    expect![[r#"
        0.000s typo 0/1 ContainerCreating 0 k8s-node2
        1.163s typo 0/1 RunContainerError 0 10.244.2.2 k8s-node2
        1.844s typo 0/1 RunContainerError 1 (0s ago) 10.244.2.2 k8s-node2
        15.586s typo 0/1 CrashLoopBackOff 1 (14s ago) 10.244.2.2 k8s-node2
        16.103s typo 0/1 RunContainerError 2 (0s ago) 10.244.2.2 k8s-node2
        26.879s typo 0/1 CrashLoopBackOff 2 (11s ago) 10.244.2.2 k8s-node2
        40.470s typo 0/1 RunContainerError 3 (0s ago) 10.244.2.2 k8s-node2
        52.283s typo 0/1 CrashLoopBackOff 3 (12s ago) 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "typo", 60_000));
    expect![[r#"
        0.000s Normal Scheduled Successfully assigned default/typo to k8s-node2
        0.673s Normal Pulling Pulling image "busybox:1.36"
        1.059s Normal Pulled Successfully pulled image "busybox:1.36" in 386ms (386ms including waiting). Image size: 2170800 bytes.
        1.163s Normal Pulled Container image "busybox:1.36" already present on machine (x3)
        1.163s Normal Created Created container: app (x4)
        1.163s Warning Failed Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "slep": executable file not found in $PATH: unknown (x4)
        1.844s Warning BackOff Back-off restarting failed container app in pod typo_default(543e91f6-94a1-4df5-a857-da9d79a62f82) (x5)
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
        20.300s web-0 0/1 Error 0 10.244.2.2 k8s-node2
        20.981s web-0 1/1 Running 1 (0s ago) 10.244.2.2 k8s-node2
    "#]]
    .assert_eq(&watch(&mut c, "web-0", 60_000));
    assert!(!kubelet::crash(&mut c, &pod_key("nope")));
}
