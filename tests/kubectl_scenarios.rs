//! Session scripts that use the rollout, wait and node commands with the real controllers:
//! the same path as `sts-playground run`, against the tutorial notes' manifests.

use std::path::Path;

use expect_test::{expect, Expect};
use sts_playground::sim::script;
use sts_playground::sim::session::Session;
use sts_playground::sim::world::Preset;

fn check(preset: Preset, text: &str, expected: Expect) {
    let steps = script::parse(text).expect("the test script parses");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let loader = |name: &str| std::fs::read_to_string(examples.join(name)).ok();
    let mut session = Session::new(preset, 1);
    expected.assert_eq(&script::run(&mut session, &steps, &loader));
}

/// Revisions come from the StatefulSet controller: a template change makes revision 2, an
/// undo renumbers the old template's revision (1 → 3) instead of making a new one, and a
/// restart is a template change of its own.
#[test]
fn history_undo_and_restart_follow_the_controllers_revisions() {
    check(
        Preset::Kubeadm,
        r#"
kubectl apply -f pv-demo.yaml
kubectl apply -f stateful-demo.yaml
kubectl rollout history sts/myapp
kubectl annotate sts/myapp kubernetes.io/change-cause="kubectl set image sts/myapp myapp=nginx:1.14"
kubectl set image sts/myapp myapp=nginx:1.14
kubectl rollout history sts/myapp
kubectl rollout history sts/myapp --revision=2
kubectl rollout undo sts/myapp
kubectl rollout history sts/myapp
kubectl rollout undo sts/myapp --to-revision=3
kubectl get sts myapp -o jsonpath='{.spec.template.spec.containers[0].image}{"\n"}'
sleep 1
kubectl rollout restart sts/myapp
kubectl rollout history sts/myapp
kubectl get sts myapp -o jsonpath='{.spec.template.metadata.annotations}{"\n"}'
"#,
        expect![[r#"
            $ kubectl apply -f pv-demo.yaml
            persistentvolume/pv001 created
            persistentvolume/pv002 created
            persistentvolume/pv003 created
            persistentvolume/pv004 created
            persistentvolume/pv005 created
            $ kubectl apply -f stateful-demo.yaml
            service/myapp created
            statefulset.apps/myapp created
            $ kubectl rollout history sts/myapp
            statefulset.apps/myapp 
            REVISION  CHANGE-CAUSE
            1         <none>

            $ kubectl annotate sts/myapp kubernetes.io/change-cause="kubectl set image sts/myapp myapp=nginx:1.14"
            statefulset.apps/myapp annotated
            $ kubectl set image sts/myapp myapp=nginx:1.14
            statefulset.apps/myapp image updated
            $ kubectl rollout history sts/myapp
            statefulset.apps/myapp 
            REVISION  CHANGE-CAUSE
            1         <none>
            2         kubectl set image sts/myapp myapp=nginx:1.14

            $ kubectl rollout history sts/myapp --revision=2
            statefulset.apps/myapp with revision #2
            Pod Template:
              Labels:	app=myapp-pod
              Containers:
               myapp:
                Image:	nginx:1.14
                Port:	80/TCP (web)
                Host Port:	0/TCP (web)
                Environment:	<none>
                Mounts:
                  /usr/share/nginx/html from myappdata (rw)
              Volumes:	<none>
              Node-Selectors:	<none>
              Tolerations:	<none>

            $ kubectl rollout undo sts/myapp
            statefulset.apps/myapp rolled back
            $ kubectl rollout history sts/myapp
            statefulset.apps/myapp 
            REVISION  CHANGE-CAUSE
            2         kubectl set image sts/myapp myapp=nginx:1.14
            3         <none>

            $ kubectl rollout undo sts/myapp --to-revision=3
            statefulset.apps/myapp skipped rollback (current template already matches revision 3)
            $ kubectl get sts myapp -o jsonpath='{.spec.template.spec.containers[0].image}{"\n"}'
            nginx:1.13
            $ sleep 1
            $ kubectl rollout restart sts/myapp
            statefulset.apps/myapp restarted
            $ kubectl rollout history sts/myapp
            statefulset.apps/myapp 
            REVISION  CHANGE-CAUSE
            2         kubectl set image sts/myapp myapp=nginx:1.14
            3         <none>
            4         kubectl set image sts/myapp myapp=nginx:1.14

            $ kubectl get sts myapp -o jsonpath='{.spec.template.metadata.annotations}{"\n"}'
            {"kubectl.kubernetes.io/restartedAt":"2026-01-05T09:00:01Z"}
        "#]],
    );
}

/// With pods that really start: `rollout status` follows the controller's status through a
/// creation and a rolling update, `wait` sees a re-created pod, and `drain` evicts a pod that
/// the StatefulSet re-creates on the other node.
#[test]
fn status_wait_and_drain_follow_real_pods() {
    check(
        Preset::Kubeadm,
        r#"
kubectl apply -f pv-demo.yaml
kubectl apply -f stateful-demo.yaml
kubectl rollout status sts/myapp
kubectl wait --for=condition=Ready pod -l app=myapp-pod
kubectl set image sts/myapp myapp=nginx:1.14
kubectl rollout status sts/myapp
kubectl delete pod myapp-0 --wait=false
kubectl wait --for=delete pod/myapp-0
kubectl wait --for=condition=Ready pod/myapp-0 --timeout=120s
kubectl wait --for=jsonpath='{.status.readyReplicas}'=2 sts/myapp
kubectl get pods -o wide
kubectl drain k8s-node1 --ignore-daemonsets
kubectl get pods -o wide
kubectl rollout status sts/myapp --timeout=60s
kubectl uncordon k8s-node1
kubectl set image sts/myapp myapp=nginx:doesnotexist
kubectl rollout status sts/myapp --timeout=90s
kubectl rollout undo sts/myapp
kubectl rollout status sts/myapp --timeout=60s
"#,
        expect![[r#"
            $ kubectl apply -f pv-demo.yaml
            persistentvolume/pv001 created
            persistentvolume/pv002 created
            persistentvolume/pv003 created
            persistentvolume/pv004 created
            persistentvolume/pv005 created
            $ kubectl apply -f stateful-demo.yaml
            service/myapp created
            statefulset.apps/myapp created
            $ kubectl rollout status sts/myapp
            Waiting for 2 pods to be ready...
            Waiting for 1 pods to be ready...
            partitioned roll out complete: 2 new pods have been updated...
            $ kubectl wait --for=condition=Ready pod -l app=myapp-pod
            pod/myapp-0 condition met
            pod/myapp-1 condition met
            $ kubectl set image sts/myapp myapp=nginx:1.14
            statefulset.apps/myapp image updated
            $ kubectl rollout status sts/myapp
            Waiting for partitioned roll out to finish: 0 out of 2 new pods have been updated...
            Waiting for 1 pods to be ready...
            Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...
            Waiting for 1 pods to be ready...
            partitioned roll out complete: 2 new pods have been updated...
            $ kubectl delete pod myapp-0 --wait=false
            pod "myapp-0" deleted from default namespace
            $ kubectl wait --for=delete pod/myapp-0
            pod/myapp-0 condition met
            $ kubectl wait --for=condition=Ready pod/myapp-0 --timeout=120s
            pod/myapp-0 condition met
            $ kubectl wait --for=jsonpath='{.status.readyReplicas}'=2 sts/myapp
            statefulset.apps/myapp condition met
            $ kubectl get pods -o wide
            NAME      READY   STATUS    RESTARTS   AGE   IP           NODE        NOMINATED NODE   READINESS GATES
            myapp-0   1/1     Running   0          1s    10.244.2.4   k8s-node2   <none>           <none>
            myapp-1   1/1     Running   0          11s   10.244.1.3   k8s-node1   <none>           <none>
            $ kubectl drain k8s-node1 --ignore-daemonsets
            node/k8s-node1 cordoned
            evicting pod default/myapp-1
            pod/myapp-1 evicted
            node/k8s-node1 drained
            $ kubectl get pods -o wide
            NAME      READY   STATUS              RESTARTS   AGE   IP           NODE        NOMINATED NODE   READINESS GATES
            myapp-0   1/1     Running             0          2s    10.244.2.4   k8s-node2   <none>           <none>
            myapp-1   0/1     ContainerCreating   0          0s    <none>       k8s-node2   <none>           <none>
            $ kubectl rollout status sts/myapp --timeout=60s
            Waiting for 1 pods to be ready...
            partitioned roll out complete: 2 new pods have been updated...
            $ kubectl uncordon k8s-node1
            node/k8s-node1 uncordoned
            $ kubectl set image sts/myapp myapp=nginx:doesnotexist
            statefulset.apps/myapp image updated
            $ kubectl rollout status sts/myapp --timeout=90s
            Waiting for partitioned roll out to finish: 0 out of 2 new pods have been updated...
            Waiting for 1 pods to be ready...
            error: timed out waiting for the condition
            $ kubectl rollout undo sts/myapp
            statefulset.apps/myapp rolled back
            $ kubectl rollout status sts/myapp --timeout=60s
            Waiting for 1 pods to be ready...
            error: timed out waiting for the condition
        "#]],
    );
}
