//! `kubectl describe` in the situations a learner meets: the behaviour reference's own
//! StatefulSet example (§4.7), pods waiting, crashing and terminating, a claim held by
//! pvc-protection, a kind cluster's dynamically provisioned volume, and upstream's own golden
//! outputs from `describe_test.go` (kubectl v1.34).

mod describe_support;

use describe_support::{describe, event, put, uid, SECOND};
use expect_test::expect;
use serde_json::json;
use sts_playground::sim::kubectl::describe::core::describe_service_body;
use sts_playground::sim::kubectl::describe::pod::describe_pod_body;
use sts_playground::sim::kubectl::describe::writer::{describe_events, PrefixWriter, J};
use sts_playground::sim::model::{
    EndpointAddress, EndpointPort, EndpointSubset, Endpoints, Kind, Object,
};
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::world::{Cluster, Preset};

/// The `web` StatefulSet of the behaviour reference, three pods running, described two
/// minutes after web-0 was created: the text must be the reference's, line for line.
#[test]
fn the_reference_statefulset_example() {
    let mut cluster = Cluster::new(Preset::Kind, 3);
    let set = put(
        &mut cluster,
        0,
        json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "web", "namespace": "default"},
            "spec": {
                "serviceName": "nginx", "replicas": 3,
                "selector": {"matchLabels": {"app": "nginx"}},
                "podManagementPolicy": "OrderedReady",
                "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
                "revisionHistoryLimit": 10,
                "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
                "template": {
                    "metadata": {"labels": {"app": "nginx"}},
                    "spec": {"containers": [{
                        "name": "nginx", "image": "registry.k8s.io/nginx-slim:0.24",
                        "ports": [{"containerPort": 80, "name": "web", "protocol": "TCP"}],
                        "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]
                    }]}
                },
                "volumeClaimTemplates": [{
                    "metadata": {"name": "www"},
                    "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                             "volumeMode": "Filesystem"}
                }]
            },
            "status": {"replicas": 3, "readyReplicas": 3, "availableReplicas": 3}
        }),
    );
    let set_uid = uid(&cluster, &set);
    for ordinal in 0..3 {
        put(
            &mut cluster,
            0,
            json!({
                "apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": format!("web-{ordinal}"), "namespace": "default",
                    "labels": {"app": "nginx"},
                    "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "web",
                        "uid": set_uid, "controller": true}]},
                "spec": {"containers": [{"name": "nginx", "image": "registry.k8s.io/nginx-slim:0.24"}]},
                "status": {"phase": "Running"}
            }),
        );
    }
    event(
        &mut cluster,
        0,
        &set,
        "Normal",
        "SuccessfulCreate",
        "create Claim www-web-0 Pod web-0 in StatefulSet web success",
        "statefulset-controller",
    );
    event(
        &mut cluster,
        0,
        &set,
        "Normal",
        "SuccessfulCreate",
        "create Pod web-0 in StatefulSet web successful",
        "statefulset-controller",
    );
    cluster.now = 2 * 60 * SECOND;
    let expected = "\
Name:               web
Namespace:          default
CreationTimestamp:  Mon, 05 Jan 2026 09:00:00 +0000
Selector:           app=nginx
Labels:             <none>
Annotations:        <none>
Replicas:           3 desired | 3 total
Update Strategy:    RollingUpdate
  Partition:        0
Pods Status:        3 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=nginx
  Containers:
   nginx:
    Image:        registry.k8s.io/nginx-slim:0.24
    Port:         80/TCP (web)
    Host Port:    0/TCP (web)
    Environment:  <none>
    Mounts:
      /usr/share/nginx/html from www (rw)
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Volume Claims:
  Name:          www
  StorageClass:  
  Labels:        <none>
  Annotations:   <none>
  Capacity:      1Gi
  Access Modes:  [ReadWriteOnce]
Events:
  Type    Reason            Age   From                    Message
  ----    ------            ----  ----                    -------
  Normal  SuccessfulCreate  2m    statefulset-controller  create Claim www-web-0 Pod web-0 in StatefulSet web success
  Normal  SuccessfulCreate  2m    statefulset-controller  create Pod web-0 in StatefulSet web successful
";
    assert_eq!(
        describe(&cluster, Kind::StatefulSet, "default", "web"),
        expected
    );
}

/// A pod of a set whose claim never binds: no node, Pending, the scheduler's repeated
/// complaint aggregated.
#[test]
fn pending_pod_with_an_unbound_claim() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 3);
    let pod = put(
        &mut cluster,
        0,
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "web-0", "namespace": "default", "labels": {"app": "nginx"}},
            "spec": {
                "containers": [{"name": "nginx", "image": "nginx:1.25",
                    "ports": [{"containerPort": 80, "name": "web", "protocol": "TCP"}],
                    "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}],
                "volumes": [{"name": "www", "persistentVolumeClaim": {"claimName": "www-web-0"}}],
                "priority": 0, "serviceAccountName": "default"
            },
            "status": {"phase": "Pending", "qosClass": "BestEffort",
                "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                    "message": "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims."}]}
        }),
    );
    let message = "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    for at in [0, 1, 6, 66, 366] {
        event(
            &mut cluster,
            at * SECOND,
            &pod,
            "Warning",
            "FailedScheduling",
            message,
            "default-scheduler",
        );
    }
    cluster.now = 400 * SECOND;
    expect![[r#"
        Name:             web-0
        Namespace:        default
        Priority:         0
        Service Account:  default
        Node:             <none>
        Labels:           app=nginx
        Annotations:      <none>
        Status:           Pending
        IP:               
        IPs:              <none>
        Containers:
          nginx:
            Image:        nginx:1.25
            Port:         80/TCP (web)
            Host Port:    0/TCP (web)
            Environment:  <none>
            Mounts:
              /usr/share/nginx/html from www (rw)
        Conditions:
          Type           Status
          PodScheduled   False 
        Volumes:
          www:
            Type:        PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
            ClaimName:   www-web-0
            ReadOnly:    false
        QoS Class:       BestEffort
        Node-Selectors:  <none>
        Tolerations:     <none>
        Events:
          Type     Reason            Age                  From               Message
          ----     ------            ----                 ----               -------
          Warning  FailedScheduling  34s (x5 over 6m40s)  default-scheduler  0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.
    "#]]
    .assert_eq(&describe(&cluster, Kind::Pod, "default", "web-0"));
}

/// A pod whose container keeps crashing, another pulling a bad image, one still being created,
/// and one being deleted: the `State:` / `Last State:` blocks and the `Terminating` status.
#[test]
fn container_states_and_termination() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 3);
    let t = |s: u64| sts_playground::sim::clock::rfc3339(s * SECOND);
    let pod = |name: &str, status: serde_json::Value| {
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default"},
            "spec": {"nodeName": "k8s-node2",
                "containers": [{"name": "app", "image": "busybox:1.36", "command": ["sh", "-c"],
                    "args": ["echo start\nexit 1"],
                    "env": [{"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
                            {"name": "NODE", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}},
                            {"name": "MODE", "value": "demo"}],
                    "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}},
                    "readinessProbe": {"httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"},
                        "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}}]},
            "status": status
        })
    };
    put(
        &mut cluster,
        0,
        pod(
            "crash",
            json!({
                "phase": "Running", "hostIP": "192.168.56.12", "podIP": "10.244.2.7", "podIPs": [{"ip": "10.244.2.7"}],
                "startTime": t(0),
                "containerStatuses": [{"name": "app", "ready": false, "restartCount": 3, "image": "docker.io/library/busybox:1.36",
                    "imageID": "docker.io/library/busybox@sha256:0123", "containerID": "containerd://abc",
                    "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s restarting failed container"}},
                    "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": t(70), "finishedAt": t(70)}}}]
            }),
        ),
    );
    put(
        &mut cluster,
        0,
        pod(
            "pulling",
            json!({
                "phase": "Pending", "hostIP": "192.168.56.12", "startTime": t(0),
                "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0, "image": "busybox:nope", "imageID": "",
                    "state": {"waiting": {"reason": "ImagePullBackOff", "message": "Back-off pulling image"}}, "lastState": {}}]
            }),
        ),
    );
    put(
        &mut cluster,
        0,
        pod(
            "creating",
            json!({
                "phase": "Pending", "hostIP": "192.168.56.12", "startTime": t(0),
                "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0, "image": "busybox:1.36", "imageID": "",
                    "state": {"waiting": {"reason": "ContainerCreating"}}, "lastState": {}}]
            }),
        ),
    );
    let stopping = put(
        &mut cluster,
        0,
        pod(
            "stopping",
            json!({
                "phase": "Running", "hostIP": "192.168.56.12", "podIP": "10.244.2.9", "podIPs": [{"ip": "10.244.2.9"}],
                "startTime": t(0),
                "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0, "image": "busybox:1.36", "imageID": "",
                    "containerID": "containerd://def", "started": true,
                    "state": {"running": {"startedAt": t(2)}}, "lastState": {}}]
            }),
        ),
    );
    cluster.now = 100 * SECOND;
    cluster
        .store
        .delete(&stopping, Some(30), cluster.now)
        .expect("pod is deleted gracefully");
    cluster.now = 105 * SECOND;

    expect![[r#"
        Name:         crash
        Namespace:    default
        Node:         k8s-node2/192.168.56.12
        Start Time:   Mon, 05 Jan 2026 09:00:00 +0000
        Labels:       <none>
        Annotations:  <none>
        Status:       Running
        IP:           10.244.2.7
        IPs:
          IP:  10.244.2.7
        Containers:
          app:
            Container ID:  containerd://abc
            Image:         busybox:1.36
            Image ID:      docker.io/library/busybox@sha256:0123
            Port:          <none>
            Host Port:     <none>
            Command:
              sh
              -c
            Args:
              echo start
              exit 1
            State:          Waiting
              Reason:       CrashLoopBackOff
            Last State:     Terminated
              Reason:       Error
              Exit Code:    1
              Started:      Mon, 05 Jan 2026 09:01:10 +0000
              Finished:     Mon, 05 Jan 2026 09:01:10 +0000
            Ready:          False
            Restart Count:  3
            Limits:
              memory:  128Mi
            Requests:
              cpu:      100m
              memory:   64Mi
            Readiness:  http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3
            Environment:
              POD_NAME:  crash (v1:metadata.name)
              NODE:       (v1:spec.nodeName)
              MODE:      demo
            Mounts:      <none>
        Volumes:         <none>
        QoS Class:       Burstable
        Node-Selectors:  <none>
        Tolerations:     <none>
        Events:          <none>
    "#]].assert_eq(&describe(&cluster, Kind::Pod, "default", "crash"));
    let pulling = describe(&cluster, Kind::Pod, "default", "pulling");
    assert!(pulling.contains("    State:          Waiting\n      Reason:       ImagePullBackOff\n    Ready:          False\n"), "{pulling}");
    let creating = describe(&cluster, Kind::Pod, "default", "creating");
    assert!(
        creating.contains("      Reason:       ContainerCreating\n"),
        "{creating}"
    );
    let stopping = describe(&cluster, Kind::Pod, "default", "stopping");
    // The deletion timestamp is when the grace period ends, still ahead: kubectl prints the
    // negative age as `<invalid>`.
    assert!(
        stopping.contains("Status:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\n"),
        "{stopping}"
    );
    cluster.now = 131 * SECOND;
    let overdue = describe(&cluster, Kind::Pod, "default", "stopping");
    assert!(overdue.contains("Terminating (lasts 1s)\n"), "{overdue}");
}

/// A claim still used by a pod stays Terminating (pvc-protection); kubectl shows how long.
#[test]
fn terminating_claim_held_by_protection() {
    let mut cluster = describe_support::notes_cluster();
    let claim = ObjectKey::new(Kind::PersistentVolumeClaim, "default", "myappdata-myapp-0");
    cluster
        .store
        .delete(&claim, None, 60 * SECOND)
        .expect("claim exists");
    let text = describe(
        &cluster,
        Kind::PersistentVolumeClaim,
        "default",
        "myappdata-myapp-0",
    );
    assert!(
        text.contains("Status:        Terminating (lasts 60s)\n"),
        "{text}"
    );
    assert!(text.contains("Used By:       myapp-0\n"), "{text}");
}

/// A kind cluster: the default StorageClass, a claim provisioned by local-path, and its volume
/// with a host path and node affinity.
#[test]
fn kind_dynamic_provisioning() {
    let mut cluster = Cluster::new(Preset::Kind, 3);
    let claim = put(
        &mut cluster,
        0,
        json!({
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": "www-web-0", "namespace": "default", "labels": {"app": "nginx"},
                "annotations": {
                    "pv.kubernetes.io/bind-completed": "yes",
                    "pv.kubernetes.io/bound-by-controller": "yes",
                    "volume.beta.kubernetes.io/storage-provisioner": "rancher.io/local-path",
                    "volume.kubernetes.io/selected-node": "kind-control-plane",
                    "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path"},
                "finalizers": ["kubernetes.io/pvc-protection"]},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                "storageClassName": "standard", "volumeMode": "Filesystem",
                "volumeName": "pvc-2b1c7e0a-5d3f-4b8e-9a61-0c4d2e6f8a13"},
            "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}}
        }),
    );
    event(
        &mut cluster,
        0,
        &claim,
        "Normal",
        "WaitForFirstConsumer",
        "waiting for first consumer to be created before binding",
        "persistentvolume-controller",
    );
    event(&mut cluster, SECOND, &claim, "Normal", "ExternalProvisioning",
        "Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
        "persistentvolume-controller");
    event(&mut cluster, SECOND, &claim, "Normal", "Provisioning",
        "External provisioner is provisioning volume for claim \"default/www-web-0\"",
        "rancher.io/local-path_local-path-provisioner-7577fdbbfb-m4x2k_6a0f1d2c-3b4e-4f5a-8c9d-0e1f2a3b4c5d");
    event(&mut cluster, 4 * SECOND, &claim, "Normal", "ProvisioningSucceeded",
        "Successfully provisioned volume pvc-2b1c7e0a-5d3f-4b8e-9a61-0c4d2e6f8a13",
        "rancher.io/local-path_local-path-provisioner-7577fdbbfb-m4x2k_6a0f1d2c-3b4e-4f5a-8c9d-0e1f2a3b4c5d");
    put(
        &mut cluster,
        4 * SECOND,
        json!({
            "apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": {"name": "pvc-2b1c7e0a-5d3f-4b8e-9a61-0c4d2e6f8a13",
                "annotations": {"local.path.provisioner/selected-node": "kind-control-plane",
                                "pv.kubernetes.io/provisioned-by": "rancher.io/local-path"},
                "finalizers": ["kubernetes.io/pv-protection"]},
            "spec": {
                "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"},
                "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": "www-web-0", "namespace": "default"},
                "hostPath": {"path": "/var/local-path-provisioner/pvc-2b1c7e0a-5d3f-4b8e-9a61-0c4d2e6f8a13_default_www-web-0", "type": "DirectoryOrCreate"},
                "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                    {"key": "kubernetes.io/hostname", "operator": "In", "values": ["kind-control-plane"]}]}]}},
                "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "standard", "volumeMode": "Filesystem"
            },
            "status": {"phase": "Bound"}
        }),
    );
    cluster.now = 90 * SECOND;
    expect![[r#"
        Name:          www-web-0
        Namespace:     default
        StorageClass:  standard
        Status:        Bound
        Volume:        pvc-2b1c7e0a-5d3f-4b8e-9a61-0c4d2e6f8a13
        Labels:        app=nginx
        Annotations:   pv.kubernetes.io/bind-completed: yes
                       pv.kubernetes.io/bound-by-controller: yes
                       volume.beta.kubernetes.io/storage-provisioner: rancher.io/local-path
                       volume.kubernetes.io/selected-node: kind-control-plane
                       volume.kubernetes.io/storage-provisioner: rancher.io/local-path
        Finalizers:    [kubernetes.io/pvc-protection]
        Capacity:      1Gi
        Access Modes:  RWO
        VolumeMode:    Filesystem
        Used By:       <none>
        Events:
          Type    Reason                 Age   From                                                                                                Message
          ----    ------                 ----  ----                                                                                                -------
          Normal  WaitForFirstConsumer   90s   persistentvolume-controller                                                                         waiting for first consumer to be created before binding
          Normal  ExternalProvisioning   89s   persistentvolume-controller                                                                         Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.
          Normal  Provisioning           89s   rancher.io/local-path_local-path-provisioner-7577fdbbfb-m4x2k_6a0f1d2c-3b4e-4f5a-8c9d-0e1f2a3b4c5d  External provisioner is provisioning volume for claim "default/www-web-0"
          Normal  ProvisioningSucceeded  86s   rancher.io/local-path_local-path-provisioner-7577fdbbfb-m4x2k_6a0f1d2c-3b4e-4f5a-8c9d-0e1f2a3b4c5d  Successfully provisioned volume pvc-2b1c7e0a-5d3f-4b8e-9a61-0c4d2e6f8a13
    "#]].assert_eq(&describe(&cluster, Kind::PersistentVolumeClaim, "default", "www-web-0"));
    expect![[r#"
        Name:              pvc-2b1c7e0a-5d3f-4b8e-9a61-0c4d2e6f8a13
        Labels:            <none>
        Annotations:       local.path.provisioner/selected-node: kind-control-plane
                           pv.kubernetes.io/provisioned-by: rancher.io/local-path
        Finalizers:        [kubernetes.io/pv-protection]
        StorageClass:      standard
        Status:            Bound
        Claim:             default/www-web-0
        Reclaim Policy:    Delete
        Access Modes:      RWO
        VolumeMode:        Filesystem
        Capacity:          1Gi
        Node Affinity:     
          Required Terms:  
            Term 0:        kubernetes.io/hostname in [kind-control-plane]
        Message:           
        Source:
            Type:          HostPath (bare host directory volume)
            Path:          /var/local-path-provisioner/pvc-2b1c7e0a-5d3f-4b8e-9a61-0c4d2e6f8a13_default_www-web-0
            HostPathType:  DirectoryOrCreate
        Events:            <none>
    "#]].assert_eq(&describe(
        &cluster,
        Kind::PersistentVolume,
        "",
        "pvc-2b1c7e0a-5d3f-4b8e-9a61-0c4d2e6f8a13",
    ));
    expect![[r#"
        Name:                  standard
        IsDefaultClass:        Yes
        Annotations:           storageclass.kubernetes.io/is-default-class=true
        Provisioner:           rancher.io/local-path
        Parameters:            <none>
        AllowVolumeExpansion:  <unset>
        MountOptions:          <none>
        ReclaimPolicy:         Delete
        VolumeBindingMode:     WaitForFirstConsumer
        Events:                <none>
    "#]]
    .assert_eq(&describe(&cluster, Kind::StorageClass, "", "standard"));
}

/// ConfigMaps and stored Endpoints have their own describers.
#[test]
fn config_map_and_endpoints() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 3);
    put(
        &mut cluster,
        0,
        json!({
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "nginx-conf", "namespace": "default"},
            "data": {"index.html": "<h1>hello</h1>", "app.conf": "a=1\nb=2"},
            "binaryData": {"logo.png": "iVBORw0KGgo="}
        }),
    );
    put(
        &mut cluster,
        0,
        json!({
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": {"name": "nginx", "namespace": "default", "labels": {"app": "nginx"}},
            "subsets": [{"addresses": [{"ip": "10.244.1.5"}, {"ip": "10.244.2.6"}],
                         "notReadyAddresses": [{"ip": "10.244.1.7"}],
                         "ports": [{"name": "web", "port": 80, "protocol": "TCP"}]}]
        }),
    );
    expect![[r#"
        Name:         nginx-conf
        Namespace:    default
        Labels:       <none>
        Annotations:  <none>

        Data
        ====
        app.conf:
        ----
        a=1
        b=2

        index.html:
        ----
        <h1>hello</h1>


        BinaryData
        ====
        logo.png: 8 bytes

        Events:  <none>
    "#]]
    .assert_eq(&describe(
        &cluster,
        Kind::ConfigMap,
        "default",
        "nginx-conf",
    ));
    expect![[r#"
        Name:         nginx
        Namespace:    default
        Labels:       app=nginx
        Annotations:  <none>
        Subsets:
          Addresses:          10.244.1.5,10.244.2.6
          NotReadyAddresses:  10.244.1.7
          Ports:
            Name  Port  Protocol
            ----  ----  --------
            web   80    TCP

        Events:  <none>
    "#]]
    .assert_eq(&describe(&cluster, Kind::Endpoints, "default", "nginx"));
}

/// Upstream's `TestDescribePodVolumes`: a pod with only an image volume, described with events.
#[test]
fn upstream_golden_pod_with_an_image_volume() {
    let pod = json!({
        "metadata": {"name": "bar", "namespace": "foo"},
        "spec": {"volumes": [{"name": "image", "image": {"reference": "image", "pullPolicy": "IfNotPresent"}}]},
        "status": {}
    });
    let mut w = PrefixWriter::tabbed();
    describe_pod_body(&mut w, J::new(&pod), 0);
    describe_events(&mut w, &[], 0);
    let expected = "\
Name:         bar
Namespace:    foo
Node:         <none>
Labels:       <none>
Annotations:  <none>
Status:       
IP:           
IPs:          <none>
Containers: <none>
Volumes:
  image:
    Type:        Image (a container image or OCI artifact)
    Reference:   image
    PullPolicy:  IfNotPresent
QoS Class:       BestEffort
Node-Selectors:  <none>
Tolerations:     <none>
Events:          <none>
";
    assert_eq!(w.finish(), expected);
}

/// Upstream's `TestDescribeService` cases "test1" and "test2": a LoadBalancer Service and its
/// EndpointSlices (here, the equivalent Endpoints subsets).
#[test]
fn upstream_golden_services() {
    let service = |target_port: serde_json::Value, internal: &str, ip_mode: bool| {
        let mut ingress = json!({"ip": "5.6.7.8"});
        if ip_mode {
            ingress["ipMode"] = json!("VIP");
        }
        json!({
            "metadata": {"name": "bar", "namespace": "foo"},
            "spec": {
                "type": "LoadBalancer",
                "ports": [{"name": "port-tcp", "port": 8080, "protocol": "TCP", "targetPort": target_port, "nodePort": 31111}],
                "selector": {"blah": "heh"},
                "clusterIP": "1.2.3.4",
                "ipFamilies": ["IPv4"],
                "loadBalancerIP": "5.6.7.8",
                "sessionAffinity": "None",
                "externalTrafficPolicy": "Local",
                "internalTrafficPolicy": internal,
                "healthCheckNodePort": 32222
            },
            "status": {"loadBalancer": {"ingress": [ingress]}}
        })
    };
    let address = |ip: &str| EndpointAddress {
        ip: ip.into(),
        ..Default::default()
    };
    let port = EndpointPort {
        name: Some("port-tcp".into()),
        port: 9527,
        protocol: Some("TCP".into()),
    };
    let render = |service: &serde_json::Value, endpoints: &Endpoints| {
        let mut w = PrefixWriter::tabbed();
        describe_service_body(&mut w, J::new(service), Some(endpoints));
        describe_events(&mut w, &[], 0);
        w.finish()
    };

    let first = Endpoints {
        subsets: vec![EndpointSubset {
            addresses: vec![
                address("10.244.0.1"),
                address("10.244.0.2"),
                address("10.244.0.3"),
            ],
            not_ready_addresses: vec![],
            ports: vec![port.clone()],
        }],
        ..Default::default()
    };
    assert_eq!(
        render(&service(json!(9527), "Cluster", true), &first),
        "\
Name:                     bar
Namespace:                foo
Labels:                   <none>
Annotations:              <none>
Selector:                 blah=heh
Type:                     LoadBalancer
IP Families:              IPv4
IP:                       1.2.3.4
IPs:                      <none>
Desired LoadBalancer IP:  5.6.7.8
LoadBalancer Ingress:     5.6.7.8 (VIP)
Port:                     port-tcp  8080/TCP
TargetPort:               9527/TCP
NodePort:                 port-tcp  31111/TCP
Endpoints:                10.244.0.1:9527,10.244.0.2:9527,10.244.0.3:9527
Session Affinity:         None
External Traffic Policy:  Local
Internal Traffic Policy:  Cluster
HealthCheck NodePort:     32222
Events:                   <none>
"
    );

    let second = Endpoints {
        subsets: vec![
            EndpointSubset {
                addresses: vec![address("10.244.0.1"), address("10.244.0.2")],
                not_ready_addresses: vec![],
                ports: vec![port.clone()],
            },
            EndpointSubset {
                addresses: vec![address("10.244.0.4"), address("10.244.0.5")],
                not_ready_addresses: vec![address("10.244.0.3")],
                ports: vec![port.clone()],
            },
        ],
        ..Default::default()
    };
    let text = render(&service(json!("targetPort"), "Local", false), &second);
    assert!(
        text.contains("LoadBalancer Ingress:     5.6.7.8\n"),
        "{text}"
    );
    assert!(
        text.contains("TargetPort:               targetPort/TCP\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "Endpoints:                10.244.0.1:9527,10.244.0.2:9527,10.244.0.4:9527 + 1 more...\n"
        ),
        "{text}"
    );
    assert!(text.contains("Internal Traffic Policy:  Local\n"), "{text}");
    let _ = Object::Endpoints(Box::new(second));
}

/// Upstream's `TestDescribeNode`: the allocated resources of a node with hugepages, from a pod
/// with requests and limits.
#[test]
fn upstream_golden_node_allocated_resources() {
    use sts_playground::sim::kubectl::describe::core::describe_node_body;
    let node = json!({
        "metadata": {"name": "bar", "uid": "uid"},
        "spec": {"unschedulable": true},
        "status": {
            "capacity": {"cpu": "8", "memory": "24Gi", "hugepages-2Mi": "4Gi", "hugepages-1Gi": "0"},
            "allocatable": {"cpu": "4", "memory": "12Gi", "hugepages-2Mi": "2Gi", "hugepages-1Gi": "0"}
        }
    });
    let pod = json!({
        "metadata": {"name": "pod-with-resources", "namespace": "foo"},
        "spec": {"containers": [
            {"name": "cpu-mem", "image": "image:latest", "resources": {
                "requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "2", "memory": "2Gi"}}},
            {"name": "hugepages", "image": "image:latest", "resources": {
                "requests": {"hugepages-2Mi": "512Mi"}, "limits": {"hugepages-2Mi": "512Mi"}}}
        ]},
        "status": {"phase": "Running"}
    });
    let mut w = PrefixWriter::tabbed();
    describe_node_body(&mut w, J::new(&node), &[J::new(&pod)], false, 0);
    describe_events(&mut w, &[], 0);
    let text = w.finish();
    assert!(text.contains("Unschedulable:      true\n"), "{text}");
    assert!(
        text.contains(
            "Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests     Limits
  --------           --------     ------
  cpu                1 (25%)      2 (50%)
  memory             1Gi (8%)     2Gi (16%)
  ephemeral-storage  0 (0%)       0 (0%)
  hugepages-1Gi      0 (0%)       0 (0%)
  hugepages-2Mi      512Mi (25%)  512Mi (25%)
"
        ),
        "{text}"
    );
    assert!(
        text.contains("  foo                         pod-with-resources    1 (25%)       2 (50%)     1Gi (8%)         2Gi (16%)      <unknown>\n"),
        "{text}"
    );
}
