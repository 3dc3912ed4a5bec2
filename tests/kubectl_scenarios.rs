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
