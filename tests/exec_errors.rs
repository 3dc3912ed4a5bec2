//! Every error `kubectl exec`, `kubectl run` and `kubectl logs` can print, with kubectl 1.34's,
//! the API server's and the kubelet's wording (sources in `src/sim/kubectl/exec.rs`).

mod exec_common;

use exec_common::*;
use expect_test::expect;
use serde_json::json;
use sts_playground::sim::model::{Kind, Object};
use sts_playground::sim::store::ObjectKey;

#[test]
fn exec_errors_read_like_kubectl() {
    let mut session = session();
    let cluster = &mut session.cluster;
    create(cluster, stateful_pod(0, "nginx:1.25"));
    create(cluster, stateful_pod(1, "nginx:1.25"));
    create(cluster, plain_pod("pending", "nginx:1.25", &[]));
    create(cluster, plain_pod("done", "busybox:1.36", &["true"]));
    set_running(cluster, "myapp-0", "k8s-node1", "10.244.1.5");
    set_waiting(cluster, "myapp-1", "k8s-node2", "ContainerCreating");
    set_running(cluster, "done", "k8s-node2", "10.244.2.8");
    set_terminated(cluster, "done", "Succeeded", 0);
    let out = transcript(
        &mut session,
        &[
            "kubectl exec",
            "kubectl exec myapp-0",
            "kubectl exec myapp-0 ls",
            "kubectl exec myapp-0 extra -- ls",
            "kubectl exec nosuch -- ls",
            "kubectl exec pending -- ls",
            "kubectl exec myapp-1 -- ls",
            "kubectl exec done -- ls",
            "kubectl exec myapp-0 -c web -- ls",
            "kubectl exec myapp-0 -- sh -c 'exit 3'",
            "kubectl exec myapp-0 -- false",
            "kubectl exec -n kube-system myapp-0 -- ls",
            "kubectl exec sts/web -- ls",
            "kubectl exec pvc/myappdata-myapp-0 -- ls",
            "kubectl exec foo/bar -- ls",
            "kubectl exec myapp-0 --pod-running-timeout=0s -- ls",
        ],
    );
    expect![[r#"
        $ kubectl exec
        error: pod, type/name or --filename must be specified
        [exit 1]
        $ kubectl exec myapp-0
        error: you must specify at least one command for the container
        [exit 1]
        $ kubectl exec myapp-0 ls
        error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead
        See 'kubectl exec -h' for help and examples
        [exit 1]
        $ kubectl exec myapp-0 extra -- ls
        error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead
        See 'kubectl exec -h' for help and examples
        [exit 1]
        $ kubectl exec nosuch -- ls
        Error from server (NotFound): pods "nosuch" not found
        [exit 1]
        $ kubectl exec pending -- ls
        Error from server (BadRequest): pod pending does not have a host assigned
        [exit 1]
        $ kubectl exec myapp-1 -- ls
        error: unable to upgrade connection: container not found ("myapp")
        [exit 1]
        $ kubectl exec done -- ls
        error: cannot exec into a container in a completed pod; current phase is Succeeded
        [exit 1]
        $ kubectl exec myapp-0 -c web -- ls
        Error from server (BadRequest): container web is not valid for pod myapp-0
        [exit 1]
        $ kubectl exec myapp-0 -- sh -c 'exit 3'
        command terminated with exit code 3
        [exit 3]
        $ kubectl exec myapp-0 -- false
        command terminated with exit code 1
        [exit 1]
        $ kubectl exec -n kube-system myapp-0 -- ls
        Error from server (NotFound): pods "myapp-0" not found
        [exit 1]
        $ kubectl exec sts/web -- ls
        Error from server (NotFound): statefulsets.apps "web" not found
        [exit 1]
        $ kubectl exec pvc/myappdata-myapp-0 -- ls
        error: cannot attach to *v1.PersistentVolumeClaim: selector for *v1.PersistentVolumeClaim not implemented
        [exit 1]
        $ kubectl exec foo/bar -- ls
        error: the server doesn't have a resource type "foo"
        [exit 1]
        $ kubectl exec myapp-0 --pod-running-timeout=0s -- ls
        error: --pod-running-timeout must be higher than zero
        See 'kubectl exec -h' for help and examples
        [exit 1]
    "#]]
    .assert_eq(&out);
}

#[test]
fn exec_picks_a_container_and_a_pod_like_kubectl() {
    let mut session = session();
    let cluster = &mut session.cluster;
    create(
        cluster,
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "two", "namespace": "default", "labels": {"app": "two"}},
            "spec": {"containers": [
                {"name": "web", "image": "nginx:1.25"},
                {"name": "sidecar", "image": "busybox:1.36", "command": ["sleep", "infinity"],
                 "env": [{"name": "GREETING", "value": "hi"},
                         {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]}
            ]}
        }),
    );
    set_running(cluster, "two", "k8s-node1", "10.244.1.10");
    create(cluster, stateful_pod(0, "nginx:1.25"));
    create(cluster, stateful_pod(1, "nginx:1.25"));
    set_running(cluster, "myapp-0", "k8s-node1", "10.244.1.5");
    set_waiting(cluster, "myapp-1", "k8s-node2", "ContainerCreating");
    create_object(
        &mut session.cluster,
        Kind::StatefulSet,
        json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "myapp", "namespace": "default"},
            "spec": {"serviceName": "myapp", "selector": {"matchLabels": {"app": "myapp-pod"}},
                     "template": {"metadata": {"labels": {"app": "myapp-pod"}},
                                  "spec": {"containers": [{"name": "myapp", "image": "nginx:1.25"}]}}}
        }),
    );
    let out = transcript(
        &mut session,
        &[
            "kubectl exec two -- hostname",
            "kubectl exec -q two -- hostname",
            "kubectl exec two -c sidecar -- sh -c 'echo $GREETING $POD_NAME'",
            "kubectl exec two -c sidecar -- wget -qO- localhost",
            "kubectl exec sts/myapp -- hostname",
            "kubectl exec svc/myapp -- hostname",
            "kubectl exec pod/myapp-0 -- hostname",
            "kubectl exec -it myapp-0 -- sh -c 'echo out; echo err >&2'",
            "kubectl exec myapp-0 -- sh -c 'echo out; echo err >&2'",
        ],
    );
    expect![[r#"
        $ kubectl exec two -- hostname
        Defaulted container "web" out of: web, sidecar
        two
        $ kubectl exec -q two -- hostname
        two
        $ kubectl exec two -c sidecar -- sh -c 'echo $GREETING $POD_NAME'
        hi two
        $ kubectl exec two -c sidecar -- wget -qO- localhost
        <!DOCTYPE html>
        <html>
        <head>
        <title>Welcome to nginx!</title>
        <style>
        html { color-scheme: light dark; }
        body { width: 35em; margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif; }
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
        $ kubectl exec sts/myapp -- hostname
        myapp-0
        $ kubectl exec svc/myapp -- hostname
        myapp-0
        $ kubectl exec pod/myapp-0 -- hostname
        myapp-0
        $ kubectl exec -it myapp-0 -- sh -c 'echo out; echo err >&2'
        out
        err
        $ kubectl exec myapp-0 -- sh -c 'echo out; echo err >&2'
        out
        err
    "#]]
    .assert_eq(&out);
}

#[test]
fn exec_of_a_slow_command_takes_simulated_time() {
    let mut session = session();
    create(
        &mut session.cluster,
        plain_pod("client", "busybox:1.36", &["sleep", "3600"]),
    );
    set_running(&mut session.cluster, "client", "k8s-node1", "10.244.1.7");
    let start = session.cluster.now;
    let out = kubectl(
        &mut session,
        "kubectl exec client -- sh -c 'sleep 5; echo done'",
    );
    assert_eq!(session.cluster.now - start, 5_000);
    expect![[r#"
        $ kubectl exec client -- sh -c 'sleep 5; echo done'
        done
    "#]]
    .assert_eq(&out);
}

fn created_pod(session: &sts_playground::sim::session::Session, name: &str) -> serde_json::Value {
    session
        .cluster
        .store
        .get(&ObjectKey::new(Kind::Pod, "default", name))
        .map(Object::to_json)
        .unwrap_or_default()
}

#[test]
fn run_creates_bare_pods_and_reports_flag_errors() {
    let mut session = session();
    let out = transcript(
        &mut session,
        &[
            "kubectl run",
            "kubectl run web",
            "kubectl run --image=nginx",
            "kubectl run web --image=",
            "kubectl run web --image=Nginx",
            "kubectl run web --image=nginx -t",
            "kubectl run web --image=nginx --rm",
            "kubectl run web --image=nginx --restart=Sometimes",
            "kubectl run web --image=nginx --env=1BAD=x",
            "kubectl run web --image=nginx --port=http",
            "kubectl run web --image=nginx --dry-run=maybe",
            "kubectl run web --image=nginx -i --dry-run=client",
            "kubectl run web --image=nginx --dry-run=client",
            "kubectl run web --image=nginx --port=80 -l app=web,tier=front --env=A=1",
            "kubectl run web --image=nginx",
            "kubectl run job --image=busybox:1.36 --restart=Never -- echo hello",
            "kubectl run cmd --image=busybox:1.36 --command -- sh -c 'echo hi'",
            "kubectl run named --image=busybox:1.36 -o name",
        ],
    );
    expect![[r#"
        $ kubectl run
        error: required flag(s) "image" not set
        [exit 1]
        $ kubectl run web
        error: required flag(s) "image" not set
        [exit 1]
        $ kubectl run --image=nginx
        error: NAME is required for run
        See 'kubectl run -h' for help and examples
        [exit 1]
        $ kubectl run web --image=
        error: --image is required
        [exit 1]
        $ kubectl run web --image=Nginx
        error: Invalid image name "Nginx": invalid reference format
        [exit 1]
        $ kubectl run web --image=nginx -t
        error: -i/--stdin is required for containers with -t/--tty=true
        See 'kubectl run -h' for help and examples
        [exit 1]
        $ kubectl run web --image=nginx --rm
        error: --rm should only be used for attached containers
        See 'kubectl run -h' for help and examples
        [exit 1]
        $ kubectl run web --image=nginx --restart=Sometimes
        error: invalid restart policy: Sometimes
        See 'kubectl run -h' for help and examples
        [exit 1]
        $ kubectl run web --image=nginx --env=1BAD=x
        error: invalid env: 1BAD=x
        [exit 1]
        $ kubectl run web --image=nginx --port=http
        error: strconv.Atoi: parsing "http": invalid syntax
        [exit 1]
        $ kubectl run web --image=nginx --dry-run=maybe
        error: Invalid dry-run value (maybe). Must be "none", "server", or "client".
        [exit 1]
        $ kubectl run web --image=nginx -i --dry-run=client
        error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)
        See 'kubectl run -h' for help and examples
        [exit 1]
        $ kubectl run web --image=nginx --dry-run=client
        pod/web created (dry run)
        $ kubectl run web --image=nginx --port=80 -l app=web,tier=front --env=A=1
        pod/web created
        $ kubectl run web --image=nginx
        Error from server (AlreadyExists): pods "web" already exists
        [exit 1]
        $ kubectl run job --image=busybox:1.36 --restart=Never -- echo hello
        pod/job created
        $ kubectl run cmd --image=busybox:1.36 --command -- sh -c 'echo hi'
        pod/cmd created
        $ kubectl run named --image=busybox:1.36 -o name
        pod/named
    "#]]
    .assert_eq(&out);
    // What admission adds is not kubectl's business: check what kubectl sent.
    let web = created_pod(&session, "web");
    assert_eq!(
        web["metadata"]["labels"],
        json!({"app": "web", "tier": "front"})
    );
    assert_eq!(web["spec"]["restartPolicy"], "Always");
    assert_eq!(
        web["spec"]["containers"][0]["ports"][0]["containerPort"],
        80
    );
    assert_eq!(
        web["spec"]["containers"][0]["env"],
        json!([{"name": "A", "value": "1"}])
    );
    let job = created_pod(&session, "job");
    assert_eq!(job["metadata"]["labels"], json!({"run": "job"}));
    assert_eq!(job["spec"]["restartPolicy"], "Never");
    assert_eq!(
        job["spec"]["containers"][0]["args"],
        json!(["echo", "hello"])
    );
    let cmd = created_pod(&session, "cmd");
    assert_eq!(
        cmd["spec"]["containers"][0]["command"],
        json!(["sh", "-c", "echo hi"])
    );
    let yaml = transcript(
        &mut session,
        &[
            "kubectl run web --image=nginx --dry-run=client -o yaml",
            "kubectl run -n kube-system client --image=busybox:1.36 --restart=Never --env=A=1 --port=8080 --dry-run=client -o yaml -- wget -qO- http://web",
            "kubectl run shell --image=busybox:1.36 -it --restart=Never --command --dry-run=server -- sh",
        ],
    );
    expect![[r#"
        $ kubectl run web --image=nginx --dry-run=client -o yaml
        apiVersion: v1
        kind: Pod
        metadata:
          labels:
            run: web
          name: web
        spec:
          containers:
          - image: nginx
            name: web
            resources: {}
          dnsPolicy: ClusterFirst
          restartPolicy: Always
        status: {}
        $ kubectl run -n kube-system client --image=busybox:1.36 --restart=Never --env=A=1 --port=8080 --dry-run=client -o yaml -- wget -qO- http://web
        apiVersion: v1
        kind: Pod
        metadata:
          labels:
            run: client
          name: client
          namespace: kube-system
        spec:
          containers:
          - args:
            - wget
            - -qO-
            - http://web
            env:
            - name: A
              value: "1"
            image: busybox:1.36
            name: client
            ports:
            - containerPort: 8080
            resources: {}
          dnsPolicy: ClusterFirst
          restartPolicy: Never
        status: {}
        $ kubectl run shell --image=busybox:1.36 -it --restart=Never --command --dry-run=server -- sh
        error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)
        See 'kubectl run -h' for help and examples
        [exit 1]
    "#]]
    .assert_eq(&yaml);
}

#[test]
fn logs_errors_read_like_kubectl_and_the_kubelet() {
    let mut session = session();
    let cluster = &mut session.cluster;
    create(cluster, stateful_pod(0, "nginx:1.13"));
    create(cluster, stateful_pod(1, "nginx:1.25"));
    create(cluster, plain_pod("pulling", "nginx:nope", &[]));
    create(cluster, plain_pod("backoff", "nginx:nope", &[]));
    create(cluster, plain_pod("unscheduled", "nginx", &[]));
    create(
        cluster,
        plain_pod(
            "hello",
            "busybox:1.36",
            &["sh", "-c", "echo hello; echo oops >&2; exit 2"],
        ),
    );
    set_running(cluster, "myapp-0", "k8s-node1", "10.244.1.5");
    set_waiting(cluster, "myapp-1", "k8s-node2", "ContainerCreating");
    set_waiting(cluster, "pulling", "k8s-node2", "ErrImagePull");
    set_waiting(cluster, "backoff", "k8s-node2", "ImagePullBackOff");
    set_running(cluster, "hello", "k8s-node2", "10.244.2.9");
    set_terminated(cluster, "hello", "Failed", 2);
    let out = transcript(
        &mut session,
        &[
            "kubectl logs",
            "kubectl logs nosuch",
            "kubectl logs sts/nosuch",
            "kubectl logs myapp-0",
            "kubectl logs myapp-1",
            "kubectl logs pulling",
            "kubectl logs backoff",
            "kubectl logs unscheduled",
            "kubectl logs myapp-0 -c web",
            "kubectl logs myapp-0 --previous",
            "kubectl logs myapp-0 -l app=x",
            "kubectl logs myapp-0 myapp -c myapp",
            "kubectl logs myapp-0 --tail=-2",
            "kubectl logs hello",
            "kubectl logs hello --timestamps --tail=1",
            "kubectl logs -l app=myapp-pod",
            "kubectl logs -l app=nothing",
            "kubectl logs pvc/myappdata-myapp-0",
        ],
    );
    expect![[r#"
        $ kubectl logs
        error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.
        POD or TYPE/NAME is a required argument for the logs command
        See 'kubectl logs -h' for help and examples
        [exit 1]
        $ kubectl logs nosuch
        error: error from server (NotFound): pods "nosuch" not found in namespace "default"
        [exit 1]
        $ kubectl logs sts/nosuch
        error: error from server (NotFound): statefulsets.apps "nosuch" not found in namespace "default"
        [exit 1]
        $ kubectl logs myapp-0
        $ kubectl logs myapp-1
        Error from server (BadRequest): container "myapp" in pod "myapp-1" is waiting to start: ContainerCreating
        [exit 1]
        $ kubectl logs pulling
        Error from server (BadRequest): container "pulling" in pod "pulling" is waiting to start: image can't be pulled
        [exit 1]
        $ kubectl logs backoff
        Error from server (BadRequest): container "backoff" in pod "backoff" is waiting to start: trying and failing to pull image
        [exit 1]
        $ kubectl logs unscheduled
        $ kubectl logs myapp-0 -c web
        error: container web is not valid for pod myapp-0
        [exit 1]
        $ kubectl logs myapp-0 --previous
        Error from server (BadRequest): previous terminated container "myapp" in pod "myapp-0" not found
        [exit 1]
        $ kubectl logs myapp-0 -l app=x
        error: only a selector (-l) or a POD name is allowed
        See 'kubectl logs -h' for help and examples
        [exit 1]
        $ kubectl logs myapp-0 myapp -c myapp
        error: only one of -c or an inline [CONTAINER] arg is allowed
        [exit 1]
        $ kubectl logs myapp-0 --tail=-2
        error: --tail must be greater than or equal to -1
        [exit 1]
        $ kubectl logs hello
        hello
        oops
        $ kubectl logs hello --timestamps --tail=1
        2026-01-05T09:00:00Z oops
        $ kubectl logs -l app=myapp-pod
        Error from server (BadRequest): container "myapp" in pod "myapp-1" is waiting to start: ContainerCreating
        [exit 1]
        $ kubectl logs -l app=nothing
        No resources found in default namespace.
        $ kubectl logs pvc/myappdata-myapp-0
        error: cannot get the logs from *v1.PersistentVolumeClaim: selector for *v1.PersistentVolumeClaim not implemented
        [exit 1]
    "#]]
    .assert_eq(&out);
}

#[test]
fn a_terminal_merges_stderr_into_stdout() {
    let mut session = session();
    create(&mut session.cluster, stateful_pod(0, "nginx:1.25"));
    set_running(&mut session.cluster, "myapp-0", "k8s-node1", "10.244.1.5");
    let argv = |tty: bool| -> Vec<String> {
        let mut words = vec!["exec", "myapp-0"];
        if tty {
            words.push("-it");
        }
        words.extend(["--", "sh", "-c", "echo out; echo err >&2; exit 4"]);
        words.iter().map(|word| word.to_string()).collect()
    };
    let (plain, code) = session.run_blocking(&argv(false), None);
    assert_eq!(code, 4);
    assert_eq!(plain.stdout(), "out\n");
    assert_eq!(plain.stderr(), "err\ncommand terminated with exit code 4\n");
    let (tty, code) = session.run_blocking(&argv(true), None);
    assert_eq!(code, 4);
    assert_eq!(tty.stdout(), "out\nerr\n");
    assert_eq!(tty.stderr(), "command terminated with exit code 4\n");
}
