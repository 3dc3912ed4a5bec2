//! Replacements, status writes and deletes: the rules of `metadata.generation` (§1.1: starts at
//! 1, goes up on every spec change, never on status or metadata changes), what a `PUT` keeps
//! from the stored object, the finalizers a cascading delete adds, and namespace deletion.

use expect_test::expect;
use sts_playground::sim::api::{self, DeleteOptions, Propagation};
use sts_playground::sim::model::{Kind, Object};
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::testkit;
use sts_playground::sim::world::{Cluster, Preset};

fn notes_cluster() -> (Cluster, ObjectKey) {
    let mut cluster = Cluster::new(Preset::Kubeadm, 3);
    for object in testkit::objects_from_yaml(testkit::NOTES_STATEFUL_DEMO) {
        api::create(&mut cluster, object).unwrap();
    }
    (
        cluster,
        ObjectKey::new(Kind::StatefulSet, "default", "myapp"),
    )
}

fn generation(cluster: &Cluster, key: &ObjectKey) -> i64 {
    cluster
        .store
        .get(key)
        .and_then(|o| o.meta().generation)
        .unwrap_or(-1)
}

#[test]
fn statefulset_generation_follows_spec_changes_only() {
    let (mut cluster, key) = notes_cluster();
    let mut log = vec![format!("created: {}", generation(&cluster, &key))];
    api::modify(&mut cluster, &key, |o| {
        o.as_stateful_set_mut().unwrap().spec.replicas = Some(3)
    })
    .unwrap();
    log.push(format!("scaled to 3: {}", generation(&cluster, &key)));
    api::modify(&mut cluster, &key, |o| {
        o.meta_mut().labels.insert("tier".into(), "web".into());
        o.meta_mut()
            .annotations
            .insert("kubernetes.io/change-cause".into(), "demo".into());
    })
    .unwrap();
    log.push(format!(
        "labels and annotations: {}",
        generation(&cluster, &key)
    ));
    api::modify_status(&mut cluster, &key, |o| {
        let set = o.as_stateful_set_mut().unwrap();
        set.status.replicas = 3;
        set.status.observed_generation = Some(2);
    })
    .unwrap();
    log.push(format!("status written: {}", generation(&cluster, &key)));
    api::modify(&mut cluster, &key, |o| {
        o.as_stateful_set_mut()
            .unwrap()
            .spec
            .template
            .spec
            .containers[0]
            .image = "nginx:1.25".into()
    })
    .unwrap();
    log.push(format!("new image: {}", generation(&cluster, &key)));
    api::modify(&mut cluster, &key, |o| {
        // The same value the server defaulted: not a change.
        o.as_stateful_set_mut().unwrap().spec.revision_history_limit = None
    })
    .unwrap();
    log.push(format!(
        "revisionHistoryLimit left out: {}",
        generation(&cluster, &key)
    ));
    api::modify(&mut cluster, &key, |o| {
        let set = o.as_stateful_set_mut().unwrap();
        set.status.replicas = 99; // ignored by the main endpoint
        set.metadata.generation = Some(40); // ignored too
    })
    .unwrap();
    log.push(format!(
        "status and generation sent on PUT: {}",
        generation(&cluster, &key)
    ));
    let set = cluster
        .store
        .get(&key)
        .and_then(Object::as_stateful_set)
        .unwrap();
    log.push(format!(
        "status kept: replicas={} observedGeneration={:?}",
        set.status.replicas, set.status.observed_generation
    ));
    expect![[r#"
        created: 1
        scaled to 3: 2
        labels and annotations: 2
        status written: 2
        new image: 3
        revisionHistoryLimit left out: 3
        status and generation sent on PUT: 3
        status kept: replicas=3 observedGeneration=Some(2)
    "#]]
    .assert_eq(&(log.join("\n") + "\n"));
}

#[test]
fn a_put_keeps_identity_and_refuses_other_identities() {
    let (mut cluster, key) = notes_cluster();
    let stored = cluster.store.get(&key).cloned().unwrap();
    let mut sent = stored.clone();
    sent.meta_mut().uid = String::new();
    sent.meta_mut().creation_timestamp = None;
    sent.meta_mut().resource_version = String::new();
    sent.as_stateful_set_mut().unwrap().spec.replicas = Some(1);
    api::update(&mut cluster, sent).unwrap();
    let now = cluster.store.get(&key).cloned().unwrap();
    assert_eq!(now.meta().uid, stored.meta().uid);
    assert_eq!(
        now.meta().creation_timestamp,
        stored.meta().creation_timestamp
    );
    let mut other = now.clone();
    other.meta_mut().uid = "not-the-uid".into();
    let error = api::update(&mut cluster, other).unwrap_err();
    expect![[r#"The StatefulSet "myapp" is invalid: metadata.uid: Invalid value: "not-the-uid": field is immutable"#]].assert_eq(&api::kubectl_error_text(&error));
}

#[test]
fn status_writes_are_validated() {
    let (mut cluster, key) = notes_cluster();
    let error = api::modify_status(&mut cluster, &key, |o| {
        let set = o.as_stateful_set_mut().unwrap();
        set.status.replicas = 1;
        set.status.ready_replicas = 2;
        set.status.available_replicas = 2;
    })
    .unwrap_err();
    expect![[r#"
        The StatefulSet "myapp" is invalid: 
        * status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas
        * status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas"#]]
    .assert_eq(&api::kubectl_error_text(&error));
}

#[test]
fn pods_generation_and_persistent_volume_phase_times() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 3);
    for object in testkit::objects_from_yaml(testkit::NOTES_PV_DEMO) {
        api::create(&mut cluster, object).unwrap();
    }
    let pv = ObjectKey::new(Kind::PersistentVolume, "", "pv001");
    cluster.advance_to(5_000);
    // A phase no controller writes on its own, so the test does not depend on the binder.
    api::modify_status(&mut cluster, &pv, |o| {
        o.as_pv_mut().unwrap().status.phase = Some("Failed".into())
    })
    .unwrap();
    let status = &cluster
        .store
        .get(&pv)
        .and_then(Object::as_pv)
        .unwrap()
        .status;
    assert_eq!(status.phase.as_deref(), Some("Failed"));
    expect!["2026-01-05T09:00:05Z"].assert_eq(
        status.extra["lastPhaseTransitionTime"]
            .as_str()
            .unwrap_or_default(),
    );
    // Writing the same phase again keeps the time.
    cluster.advance_to(9_000);
    api::modify_status(&mut cluster, &pv, |o| {
        o.as_pv_mut().unwrap().status.message = Some("still failed".into())
    })
    .unwrap();
    let status = &cluster
        .store
        .get(&pv)
        .and_then(Object::as_pv)
        .unwrap()
        .status;
    assert_eq!(
        status.extra["lastPhaseTransitionTime"].as_str(),
        Some("2026-01-05T09:00:05Z")
    );

    let pod = testkit::objects_from_yaml(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.25\n",
    );
    let key = api::create(&mut cluster, pod.into_iter().next().unwrap()).unwrap();
    let mut log = vec![format!("created: {}", generation(&cluster, &key))];
    api::modify(&mut cluster, &key, |o| {
        o.as_pod_mut().unwrap().spec.containers[0].image = "nginx:1.26".into()
    })
    .unwrap();
    log.push(format!("image changed: {}", generation(&cluster, &key)));
    let error = api::modify(&mut cluster, &key, |o| {
        o.as_pod_mut().unwrap().spec.hostname = Some("other".into())
    })
    .unwrap_err();
    log.push(api::kubectl_error_text(&error));
    expect![[r#"
        created: 1
        image changed: 2
        The Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative),`spec.containers[*].resources` (for CPU/memory only)
          core.PodSpec{
          	... // 13 identical fields
        + 	Hostname: "other",
          }
    "#]]
    .assert_eq(&(log.join("\n") + "\n"));
}

fn finalizers(cluster: &Cluster, key: &ObjectKey) -> String {
    match cluster.store.get(key) {
        None => "gone".into(),
        Some(o) => format!(
            "finalizers={:?} deleting={}",
            o.meta().finalizers,
            o.meta().is_deleting()
        ),
    }
}

#[test]
fn deletes_add_the_propagation_finalizers() {
    let (mut cluster, key) = notes_cluster();
    let mut log = Vec::new();
    let gone = api::delete(
        &mut cluster,
        &key,
        DeleteOptions {
            propagation: Propagation::Orphan,
            ..Default::default()
        },
    )
    .unwrap();
    log.push(format!(
        "orphan: gone={gone} {}",
        finalizers(&cluster, &key)
    ));
    let (mut cluster, key) = notes_cluster();
    let gone = api::delete(
        &mut cluster,
        &key,
        DeleteOptions {
            propagation: Propagation::Foreground,
            ..Default::default()
        },
    )
    .unwrap();
    log.push(format!(
        "foreground: gone={gone} {}",
        finalizers(&cluster, &key)
    ));
    let (mut cluster, key) = notes_cluster();
    let gone = api::delete(&mut cluster, &key, DeleteOptions::default()).unwrap();
    log.push(format!(
        "background: gone={gone} {}",
        finalizers(&cluster, &key)
    ));
    let svc = ObjectKey::new(Kind::Service, "default", "myapp");
    let gone = api::delete(&mut cluster, &svc, DeleteOptions::default()).unwrap();
    log.push(format!("service: gone={gone}"));
    let error = api::delete(&mut cluster, &svc, DeleteOptions::default()).unwrap_err();
    log.push(api::kubectl_error_text(&error));
    expect![[r#"
        orphan: gone=false finalizers=["orphan"] deleting=true
        foreground: gone=false finalizers=["foregroundDeletion"] deleting=true
        background: gone=true gone
        service: gone=true
        Error from server (NotFound): services "myapp" not found
    "#]]
    .assert_eq(&(log.join("\n") + "\n"));
}

#[test]
fn deleting_a_namespace_deletes_what_it_holds() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 3);
    let objects = testkit::objects_from_yaml(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: prod\ndata:\n  a: b\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: prod\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n",
    );
    for object in objects {
        api::create(&mut cluster, object).unwrap();
    }
    let ns = ObjectKey::new(Kind::Namespace, "", "prod");
    let claim = ObjectKey::new(Kind::PersistentVolumeClaim, "prod", "data");
    let config = ObjectKey::new(Kind::ConfigMap, "prod", "settings");
    let mut log = Vec::new();
    let gone = api::delete(&mut cluster, &ns, DeleteOptions::default()).unwrap();
    let phase = |c: &Cluster| {
        c.store
            .get(&ns)
            .and_then(Object::as_namespace)
            .and_then(|n| n.status.phase.clone())
            .unwrap_or_else(|| "gone".into())
    };
    log.push(format!(
        "namespace gone={gone} phase={} configmap {} claim {}",
        phase(&cluster),
        finalizers(&cluster, &config),
        finalizers(&cluster, &claim)
    ));
    let pod = testkit::objects_from_yaml(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: late\n  namespace: prod\nspec:\n  containers:\n  - name: c\n    image: nginx\n",
    );
    let error = api::create(&mut cluster, pod.into_iter().next().unwrap()).unwrap_err();
    log.push(api::kubectl_error_text(&error));
    // The claim's protection finalizer is removed by its controller once no pod uses it.
    cluster
        .store
        .modify(&claim, |o| o.meta_mut().finalizers.clear())
        .unwrap();
    let finished = api::sync_terminating_namespace(&mut cluster, "prod");
    log.push(format!(
        "after the claim went: finished={finished} phase={}",
        phase(&cluster)
    ));
    expect![[r#"
        namespace gone=false phase=Terminating configmap gone claim finalizers=["kubernetes.io/pvc-protection"] deleting=true
        Error from server (Forbidden): pods "late" is forbidden: unable to create new content in namespace prod because it is being terminated
        after the claim went: finished=true phase=gone
    "#]]
    .assert_eq(&(log.join("\n") + "\n"));
}

#[test]
fn generated_names_and_node_ports() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 3);
    let objects = testkit::objects_from_yaml(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: settings-\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports:\n  - port: 80\n",
    );
    let mut log = Vec::new();
    for object in objects {
        let key = api::create(&mut cluster, object).unwrap();
        log.push(format!("{}/{}", key.kind.name(), key.name));
    }
    let service = cluster
        .store
        .get(&ObjectKey::new(Kind::Service, "default", "web"))
        .and_then(Object::as_service)
        .unwrap();
    log.push(format!(
        "clusterIP={:?} nodePort={:?} externalTrafficPolicy={}",
        service.spec.cluster_ip,
        service.spec.ports[0].node_port,
        service.spec.extra["externalTrafficPolicy"]
    ));
    expect![[r#"
        ConfigMap/settings-6hdrr
        Service/web
        clusterIP=Some("10.100.101.187") nodePort=Some(31576) externalTrafficPolicy="Cluster"
    "#]]
    .assert_eq(&(log.join("\n") + "\n"));
}

#[test]
fn binding_sets_the_node_once() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 3);
    // This test binds by hand, as the scheduler would.
    cluster.scheduler.paused = true;
    let pod = testkit::objects_from_yaml(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-0\nspec:\n  containers:\n  - name: c\n    image: nginx:1.25\n",
    );
    let key = api::create(&mut cluster, pod.into_iter().next().unwrap()).unwrap();
    cluster.advance_to(2_000);
    api::bind(&mut cluster, &key, "k8s-node1").unwrap();
    let pod = cluster.store.get(&key).and_then(Object::as_pod).unwrap();
    let mut log = vec![format!(
        "node={:?} generation={:?} conditions={}",
        pod.spec.node_name,
        pod.metadata.generation,
        serde_json::to_string(&pod.status.conditions).unwrap()
    )];
    let error = api::bind(&mut cluster, &key, "k8s-node2").unwrap_err();
    log.push(api::kubectl_error_text(&error));
    let error = api::modify(&mut cluster, &key, |o| {
        o.as_pod_mut().unwrap().spec.node_name = Some("k8s-node2".into())
    })
    .unwrap_err();
    log.push(api::kubectl_error_text(&error));
    expect![[r#"
        node=Some("k8s-node1") generation=Some(1) conditions=[{"type":"PodScheduled","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-01-05T09:00:02Z"}]
        Error from server (Conflict): Operation cannot be fulfilled on pods/binding "web-0": pod web-0 is already assigned to node "k8s-node1"
        The Pod "web-0" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative),`spec.containers[*].resources` (for CPU/memory only)
          core.PodSpec{
          	... // 4 identical fields
        - 	NodeName: "k8s-node1",
        + 	NodeName: "k8s-node2",
          	... // 9 identical fields
          }
    "#]]
    .assert_eq(&(log.join("\n") + "\n"));
}
