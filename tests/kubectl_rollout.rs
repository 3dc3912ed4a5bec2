//! `kubectl rollout` transcripts (behaviour reference §4.6, §1.8; kubectl 1.34
//! `pkg/cmd/rollout`, `pkg/polymorphichelpers`). The StatefulSet's status and revisions are
//! written by the test, so these pin kubectl's side only.

mod kubectl_support;

use expect_test::expect;
use kubectl_support::*;
use sts_playground::sim::model::{Kind, Object};
use sts_playground::sim::world::{Cluster, Preset};

fn web() -> Cluster {
    cluster_with(Preset::Kubeadm, WEB)
}

#[test]
fn status_prints_each_new_message_until_the_rollout_is_complete() {
    let mut cluster = web();
    let transcript = drive(
        &mut cluster,
        &no_files(),
        "rollout status sts/web",
        vec![
            (
                1000,
                set_status("web", |s| {
                    s.observed_generation = Some(1);
                    s.replicas = 1;
                }),
            ),
            (3000, set_status("web", |s| s.ready_replicas = 1)),
            (4000, set_status("web", |s| s.replicas = 2)),
            (6000, set_status("web", |s| s.ready_replicas = 2)),
            (
                9000,
                set_status("web", |s| {
                    s.ready_replicas = 3;
                    s.updated_replicas = 3;
                    s.current_replicas = 3;
                }),
            ),
        ],
    );
    expect![[r#"
        $ kubectl rollout status sts/web
            0s   Waiting for statefulset spec update to be observed...
            1s   Waiting for 3 pods to be ready...
            3s   Waiting for 2 pods to be ready...
            6s   Waiting for 1 pods to be ready...
            9s   partitioned roll out complete: 3 new pods have been updated...
        exit 0 at 9s
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn status_follows_a_partitioned_rolling_update() {
    let mut cluster = web();
    modify(&mut cluster, Kind::StatefulSet, "web", |o| {
        if let Some(set) = o.as_stateful_set_mut() {
            set.metadata.generation = Some(2);
            if let Some(strategy) = set.spec.update_strategy.as_mut() {
                if let Some(rolling) = strategy.rolling_update.as_mut() {
                    rolling.partition = Some(1);
                }
            }
            set.status.observed_generation = Some(2);
            set.status.ready_replicas = 3;
            set.status.updated_replicas = 0;
        }
    });
    let transcript = drive(
        &mut cluster,
        &no_files(),
        "rollout status statefulset web",
        vec![
            (2000, set_status("web", |s| s.ready_replicas = 2)),
            (
                5000,
                set_status("web", |s| {
                    s.ready_replicas = 3;
                    s.updated_replicas = 1;
                }),
            ),
            (
                8000,
                set_status("web", |s| {
                    s.ready_replicas = 3;
                    s.updated_replicas = 2;
                }),
            ),
        ],
    );
    expect![[r#"
        $ kubectl rollout status statefulset web
            0s   Waiting for partitioned roll out to finish: 0 out of 2 new pods have been updated...
            2s   Waiting for 1 pods to be ready...
            5s   Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...
            8s   partitioned roll out complete: 2 new pods have been updated...
        exit 0 at 8s
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn status_without_watch_prints_once() {
    let mut cluster = web();
    let transcript = drive(
        &mut cluster,
        &no_files(),
        "rollout status sts/web --watch=false",
        vec![],
    );
    expect![[r#"
        $ kubectl rollout status sts/web --watch=false
            0s   Waiting for statefulset spec update to be observed...
        exit 0 at 0s
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn status_times_out_after_the_timeout_or_ten_minutes() {
    let mut cluster = web();
    let transcript = drive(
        &mut cluster,
        &no_files(),
        "rollout status sts/web --timeout=45s",
        vec![],
    );
    expect![[r#"
        $ kubectl rollout status sts/web --timeout=45s
            0s   Waiting for statefulset spec update to be observed...
           45s ! error: timed out waiting for the condition
        exit 1 at 45s
    "#]]
    .assert_eq(&transcript);
    let mut cluster = web();
    let transcript = drive(&mut cluster, &no_files(), "rollout status sts/web", vec![]);
    expect![[r#"
        $ kubectl rollout status sts/web
            0s   Waiting for statefulset spec update to be observed...
          600s ! error: timed out waiting for the condition
        exit 1 at 600s
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn status_stops_when_the_object_is_deleted_or_replaced() {
    let mut cluster = web();
    let transcript = drive(
        &mut cluster,
        &no_files(),
        "rollout status sts/web",
        vec![(4000, remove(Kind::StatefulSet, "web"))],
    );
    expect![[r#"
        $ kubectl rollout status sts/web
            0s   Waiting for statefulset spec update to be observed...
            4s ! error: object has been deleted
        exit 1 at 4s
    "#]]
    .assert_eq(&transcript);
    let mut cluster = web();
    let transcript = drive(
        &mut cluster,
        &no_files(),
        "rollout status sts/web",
        vec![(
            2000,
            Box::new(|cluster: &mut Cluster| {
                cluster
                    .store
                    .remove(&sts_playground::sim::store::ObjectKey::new(
                        Kind::StatefulSet,
                        "default",
                        "web",
                    ));
                insert(cluster, WEB);
            }),
        )],
    );
    expect![[r#"
        $ kubectl rollout status sts/web
            0s   Waiting for statefulset spec update to be observed...
            2s ! error: object has been deleted
        exit 1 at 2s
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn status_errors() {
    let mut cluster = web();
    modify(&mut cluster, Kind::StatefulSet, "web", |o| {
        if let Some(set) = o.as_stateful_set_mut() {
            set.spec.update_strategy =
                Some(sts_playground::sim::model::StatefulSetUpdateStrategy {
                    type_: Some("OnDelete".into()),
                    rolling_update: None,
                });
        }
    });
    insert(&mut cluster, &pod_yaml("web-0", "k8s-node1", true));
    let files = no_files();
    let mut transcript = String::new();
    for line in [
        "rollout status sts/web",
        "rollout status sts/nothere",
        "rollout status pod/web-0",
        "rollout status",
        "rollout status sts/web --revision=-1",
        "rollout status sts/web --timeout=soon",
        "rollout status sts -n kube-system",
        "rollout status pods/web-0 sts/nothere",
    ] {
        transcript.push_str(&drive(&mut cluster, &files, line, vec![]));
    }
    expect![[r#"
        $ kubectl rollout status sts/web
            0s ! error: rollout status is only available for RollingUpdate strategy type
        exit 1 at 0s
        $ kubectl rollout status sts/nothere
            0s ! Error from server (NotFound): statefulsets.apps "nothere" not found
        exit 1 at 0s
        $ kubectl rollout status pod/web-0
            0s ! error: no status viewer has been implemented for Pod
        exit 1 at 0s
        $ kubectl rollout status
            0s ! error: required resource not specified
        exit 1
        $ kubectl rollout status sts/web --revision=-1
            0s ! error: revision must be a positive integer: -1
        exit 1
        $ kubectl rollout status sts/web --timeout=soon
            0s ! Error: invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"
            0s ! See 'kubectl rollout status --help' for usage.
        exit 1
        $ kubectl rollout status sts -n kube-system
            0s ! No resources found in kube-system namespace.
        exit 0 at 0s
        $ kubectl rollout status pods/web-0 sts/nothere
            0s ! no status viewer has been implemented for Pod
            0s ! Error from server (NotFound): statefulsets.apps "nothere" not found
        exit 1 at 0s
    "#]]
    .assert_eq(&transcript);
}

/// A revision of `web` whose template runs `image`, with an optional change cause.
fn revision_yaml(
    name: &str,
    number: i64,
    image: &str,
    cause: Option<&str>,
    owner_uid: &str,
) -> String {
    let annotations = match cause {
        Some(cause) => format!("  annotations:\n    kubernetes.io/change-cause: \"{cause}\"\n"),
        None => String::new(),
    };
    format!(
        r#"
apiVersion: apps/v1
kind: ControllerRevision
metadata:
  name: {name}
  labels:
    app: web
    controller.kubernetes.io/hash: {hash}
{annotations}  ownerReferences:
  - apiVersion: apps/v1
    kind: StatefulSet
    name: web
    uid: {owner_uid}
    controller: true
    blockOwnerDeletion: true
revision: {number}
data:
  spec:
    template:
      $patch: replace
      metadata:
        creationTimestamp: null
        labels:
          app: web
      spec:
        containers:
        - image: {image}
          imagePullPolicy: IfNotPresent
          name: nginx
          ports:
          - containerPort: 80
            name: web
            protocol: TCP
          resources: {{}}
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
          volumeMounts:
          - mountPath: /usr/share/nginx/html
            name: www
        dnsPolicy: ClusterFirst
        restartPolicy: Always
        schedulerName: default-scheduler
        securityContext: {{}}
        terminationGracePeriodSeconds: 30
"#,
        hash = name.trim_start_matches("web-"),
    )
}

/// `web` with revisions 1 (0.24, no cause) and 2 (0.25, a cause), the set at revision 2.
fn web_with_history() -> Cluster {
    let mut cluster = web();
    let owner = uid(&cluster, Kind::StatefulSet, "web");
    insert(
        &mut cluster,
        &revision_yaml(
            "web-7b8f8d5c6d",
            1,
            "registry.k8s.io/nginx-slim:0.24",
            None,
            &owner,
        ),
    );
    insert(
        &mut cluster,
        &revision_yaml(
            "web-5d8b9c7f4b",
            2,
            "registry.k8s.io/nginx-slim:0.25",
            Some("kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.25"),
            &owner,
        ),
    );
    // A revision of another set must not show up.
    insert(
        &mut cluster,
        &revision_yaml("web-4f5c6b7d8", 7, "nginx", None, "someone-else"),
    );
    modify(&mut cluster, Kind::StatefulSet, "web", |o| {
        if let Some(set) = o.as_stateful_set_mut() {
            set.spec.template.spec.containers[0].image = "registry.k8s.io/nginx-slim:0.25".into();
        }
    });
    cluster
}

#[test]
fn history_lists_revisions_with_their_change_cause() {
    let mut cluster = web_with_history();
    let files = no_files();
    let mut transcript = String::new();
    for line in [
        "rollout history sts/web",
        "rollout history statefulset/web --revision=1",
        "rollout history sts/web --revision=3",
        "rollout history sts/web -o name",
        "rollout history pod/web-0",
        "rollout history svc/nginx",
    ] {
        transcript.push_str(&drive(&mut cluster, &files, line, vec![]));
    }
    expect![[r#"
        $ kubectl rollout history sts/web
            0s   statefulset.apps/web 
            0s   REVISION  CHANGE-CAUSE
            0s   1         <none>
            0s   2         kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.25
            0s   
        exit 0
        $ kubectl rollout history statefulset/web --revision=1
            0s   statefulset.apps/web with revision #1
            0s   Pod Template:
            0s     Labels:	app=web
            0s     Containers:
            0s      nginx:
            0s       Image:	registry.k8s.io/nginx-slim:0.24
            0s       Port:	80/TCP (web)
            0s       Host Port:	0/TCP (web)
            0s       Environment:	<none>
            0s       Mounts:
            0s         /usr/share/nginx/html from www (rw)
            0s     Volumes:	<none>
            0s     Node-Selectors:	<none>
            0s     Tolerations:	<none>
            0s   
        exit 0
        $ kubectl rollout history sts/web --revision=3
            0s ! error: unable to find the specified revision
        exit 1
        $ kubectl rollout history sts/web -o name
            0s   statefulset.apps/web
            0s   statefulset.apps/web
        exit 0
        $ kubectl rollout history pod/web-0
            0s ! Error from server (NotFound): pods "web-0" not found
        exit 1
        $ kubectl rollout history svc/nginx
            0s ! Error from server (NotFound): services "nginx" not found
        exit 1
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn history_of_kinds_without_a_history_viewer() {
    let mut cluster = web();
    insert(&mut cluster, &pod_yaml("web-0", "k8s-node1", true));
    let mut transcript = String::new();
    for line in [
        "rollout history pod/web-0",
        "rollout history svc/kubernetes",
        "rollout history sts/web",
    ] {
        transcript.push_str(&drive(&mut cluster, &no_files(), line, vec![]));
    }
    expect![[r#"
        $ kubectl rollout history pod/web-0
            0s ! error: no history viewer has been implemented for "Pod"
        exit 1
        $ kubectl rollout history svc/kubernetes
            0s ! error: error retrieving history viewer for "Service", no visitor method exists for { Service}
        exit 1
        $ kubectl rollout history sts/web
            0s   statefulset.apps/web 
            0s   No rollout history found.
        exit 0
    "#]]
    .assert_eq(&transcript);
}

/// The image of the set's first container.
fn image(cluster: &Cluster) -> String {
    let key = sts_playground::sim::store::ObjectKey::new(Kind::StatefulSet, "default", "web");
    match cluster.store.get(&key) {
        Some(Object::StatefulSet(set)) => set.spec.template.spec.containers[0].image.clone(),
        _ => "<gone>".into(),
    }
}

#[test]
fn undo_restores_the_previous_revision_or_a_chosen_one() {
    let mut cluster = web_with_history();
    let files = no_files();
    let mut transcript = drive(
        &mut cluster,
        &files,
        "rollout undo sts/web --dry-run=client",
        vec![],
    );
    transcript.push_str(&format!("image: {}\n", image(&cluster)));
    transcript.push_str(&drive(&mut cluster, &files, "rollout undo sts/web", vec![]));
    transcript.push_str(&format!("image: {}\n", image(&cluster)));
    transcript.push_str(&drive(
        &mut cluster,
        &files,
        "rollout undo sts/web --to-revision=1",
        vec![],
    ));
    transcript.push_str(&drive(
        &mut cluster,
        &files,
        "rollout undo sts/web --to-revision=2",
        vec![],
    ));
    transcript.push_str(&format!("image: {}\n", image(&cluster)));
    for line in [
        "rollout undo sts/web --to-revision=5",
        "rollout undo sts/web --to-revision=-1",
        "rollout undo pod/web-0",
        "rollout undo",
    ] {
        transcript.push_str(&drive(&mut cluster, &files, line, vec![]));
    }
    expect![[r#"
        $ kubectl rollout undo sts/web --dry-run=client
            0s   statefulset.apps/web will roll back to Pod Template:
            0s     Labels:	app=web
            0s     Containers:
            0s      nginx:
            0s       Image:	registry.k8s.io/nginx-slim:0.24
            0s       Port:	80/TCP (web)
            0s       Host Port:	0/TCP (web)
            0s       Environment:	<none>
            0s       Mounts:
            0s         /usr/share/nginx/html from www (rw)
            0s     Volumes:	<none>
            0s     Node-Selectors:	<none>
            0s     Tolerations:	<none>
            0s    (dry run)
        exit 0
        image: registry.k8s.io/nginx-slim:0.25
        $ kubectl rollout undo sts/web
            0s   statefulset.apps/web rolled back
        exit 0
        image: registry.k8s.io/nginx-slim:0.24
        $ kubectl rollout undo sts/web --to-revision=1
            0s   statefulset.apps/web skipped rollback (current template already matches revision 1)
        exit 0
        $ kubectl rollout undo sts/web --to-revision=2
            0s   statefulset.apps/web rolled back
        exit 0
        image: registry.k8s.io/nginx-slim:0.25
        $ kubectl rollout undo sts/web --to-revision=5
            0s ! error: unable to find specified revision 5 in history
        exit 1
        $ kubectl rollout undo sts/web --to-revision=-1
            0s ! error: unable to find specified revision -1 in history
        exit 1
        $ kubectl rollout undo pod/web-0
            0s ! Error from server (NotFound): pods "web-0" not found
        exit 1
        $ kubectl rollout undo
            0s ! error: required resource not specified
        exit 1
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn undo_needs_two_revisions() {
    let mut cluster = web();
    let transcript = drive(&mut cluster, &no_files(), "rollout undo sts/web", vec![]);
    expect![[r#"
        $ kubectl rollout undo sts/web
            0s ! error: no last revision to roll back to
        exit 1
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn restart_stamps_the_template_and_refuses_twice_in_one_second() {
    let mut cluster = web();
    cluster.now = 65_000;
    let files = no_files();
    let mut transcript = drive(&mut cluster, &files, "rollout restart sts/web", vec![]);
    let key = sts_playground::sim::store::ObjectKey::new(Kind::StatefulSet, "default", "web");
    if let Some(Object::StatefulSet(set)) = cluster.store.get(&key) {
        transcript.push_str(&format!(
            "restartedAt: {:?}\n",
            set.spec
                .template
                .metadata
                .annotations
                .get("kubectl.kubernetes.io/restartedAt")
        ));
    }
    transcript.push_str(&drive(
        &mut cluster,
        &files,
        "rollout restart sts/web",
        vec![],
    ));
    cluster.now += 1_000;
    transcript.push_str(&drive(
        &mut cluster,
        &files,
        "rollout restart statefulset web -o name",
        vec![],
    ));
    insert(&mut cluster, &pod_yaml("web-0", "k8s-node1", true));
    transcript.push_str(&drive(
        &mut cluster,
        &files,
        "rollout restart pod/web-0",
        vec![],
    ));
    transcript.push_str(&drive(
        &mut cluster,
        &files,
        "rollout restart sts -l app=none",
        vec![],
    ));
    expect![[r#"
        $ kubectl rollout restart sts/web
            0s   statefulset.apps/web restarted
        exit 0
        restartedAt: Some("2026-01-05T09:01:05Z")
        $ kubectl rollout restart sts/web
            0s ! error: failed to create patch for web: if restart has already been triggered within the past second, please wait before attempting to trigger another
        exit 1
        $ kubectl rollout restart statefulset web -o name
            0s   statefulset.apps/web
        exit 0
        $ kubectl rollout restart pod/web-0
            0s ! error: pods "web-0" restarting is not supported
        exit 1
        $ kubectl rollout restart sts -l app=none
            0s ! No resources found in default namespace.
        exit 0
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn pause_and_resume_are_not_supported_for_statefulsets() {
    let mut cluster = web();
    let mut transcript = String::new();
    for line in [
        "rollout pause sts/web",
        "rollout resume statefulset/web",
        "rollout pause sts/nothere",
        "rollout resume",
        "rollout",
        "rollout frobnicate sts/web",
    ] {
        transcript.push_str(&drive(&mut cluster, &no_files(), line, vec![]));
    }
    expect![[r#"
        $ kubectl rollout pause sts/web
            0s ! error: statefulsets.apps "web" pausing is not supported
        exit 1
        $ kubectl rollout resume statefulset/web
            0s ! error: statefulsets.apps "web" resuming is not supported
        exit 1
        $ kubectl rollout pause sts/nothere
            0s ! Error from server (NotFound): statefulsets.apps "nothere" not found
        exit 1
        $ kubectl rollout resume
            0s ! error: required resource not specified
        exit 1
        $ kubectl rollout
            0s   Manage the rollout of one or many resources.
            0s           
            0s    Valid resource types include:
            0s   
            0s     *  deployments
            0s     *  daemonsets
            0s     *  statefulsets
            0s   
            0s   Examples:
            0s     # Rollback to the previous deployment
            0s     kubectl rollout undo deployment/abc
            0s     
            0s     # Check the rollout status of a daemonset
            0s     kubectl rollout status daemonset/foo
            0s     
            0s     # Restart a deployment
            0s     kubectl rollout restart deployment/abc
            0s     
            0s     # Restart deployments with the 'app=nginx' label
            0s     kubectl rollout restart deployment --selector=app=nginx
            0s   
            0s   Available Commands:
            0s     history       View rollout history
            0s     pause         Mark the provided resource as paused
            0s     restart       Restart a resource
            0s     resume        Resume a paused resource
            0s     status        Show the status of the rollout
            0s     undo          Undo a previous rollout
            0s   
            0s   Usage:
            0s     kubectl rollout SUBCOMMAND [options]
            0s   
            0s   Use "kubectl rollout <command> --help" for more information about a given command.
            0s   Use "kubectl options" for a list of global command-line options (applies to all commands).
        exit 1
        $ kubectl rollout frobnicate sts/web
            0s ! error: unknown command "frobnicate"
            0s ! See 'kubectl rollout -h' for help and examples
        exit 1
    "#]]
    .assert_eq(&transcript);
}
