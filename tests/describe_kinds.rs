//! `kubectl describe` of each kind, on the tutorial notes' StatefulSet two minutes after it was
//! created (objects written straight into the store; see `describe_support`). The expected
//! texts follow kubectl v1.34's describers (`kubectl/pkg/describe/describe.go`) and the layout
//! of the real outputs quoted in the behaviour reference (§4.7).

mod describe_support;

use describe_support::{describe, mask_identities, notes_cluster};
use expect_test::expect;
use sts_playground::sim::model::Kind;

#[test]
fn statefulset() {
    let cluster = notes_cluster();
    expect![[r#"
        Name:               myapp
        Namespace:          default
        CreationTimestamp:  Mon, 05 Jan 2026 09:00:05 +0000
        Selector:           app=myapp-pod
        Labels:             <none>
        Annotations:        <none>
        Replicas:           2 desired | 2 total
        Update Strategy:    RollingUpdate
          Partition:        0
        Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed
        Pod Template:
          Labels:  app=myapp-pod
          Containers:
           myapp:
            Image:        nginx:1.13
            Port:         80/TCP (web)
            Host Port:    0/TCP (web)
            Environment:  <none>
            Mounts:
              /usr/share/nginx/html from myappdata (rw)
          Volumes:         <none>
          Node-Selectors:  <none>
          Tolerations:     <none>
        Volume Claims:
          Name:          myappdata
          StorageClass:  
          Labels:        <none>
          Annotations:   <none>
          Capacity:      2Gi
          Access Modes:  [ReadWriteOnce]
        Events:
          Type    Reason            Age   From                    Message
          ----    ------            ----  ----                    -------
          Normal  SuccessfulCreate  115s  statefulset-controller  create Claim myappdata-myapp-0 Pod myapp-0 in StatefulSet myapp success
          Normal  SuccessfulCreate  115s  statefulset-controller  create Pod myapp-0 in StatefulSet myapp successful
          Normal  SuccessfulCreate  95s   statefulset-controller  create Claim myappdata-myapp-1 Pod myapp-1 in StatefulSet myapp success
          Normal  SuccessfulCreate  95s   statefulset-controller  create Pod myapp-1 in StatefulSet myapp successful
    "#]].assert_eq(&describe(&cluster, Kind::StatefulSet, "default", "myapp"));
}

#[test]
fn pod() {
    let cluster = notes_cluster();
    expect![[r#"
        Name:             myapp-0
        Namespace:        default
        Priority:         0
        Service Account:  default
        Node:             k8s-node1/192.168.56.11
        Start Time:       Mon, 05 Jan 2026 09:00:05 +0000
        Labels:           app=myapp-pod
                          apps.kubernetes.io/pod-index=0
                          controller-revision-hash=myapp-6f7b9c8d5
                          statefulset.kubernetes.io/pod-name=myapp-0
        Annotations:      <none>
        Status:           Running
        IP:               10.244.1.2
        IPs:
          IP:           10.244.1.2
        Controlled By:  StatefulSet/myapp
        Containers:
          myapp:
            Container ID:   containerd://3f1c0a9e7d5b4c2a8e6f1d3b5a7c9e0f2d4b6a8c0e1f3a5b7c9d1e3f5a7b9c1d
            Image:          nginx:1.13
            Image ID:       docker.io/library/nginx@sha256:b1d09e9718890e6ebbbd2bc319ef1611559e30ce1b6f56b2e3b479d9da51dc35
            Port:           80/TCP (web)
            Host Port:      0/TCP (web)
            State:          Running
              Started:      Mon, 05 Jan 2026 09:00:24 +0000
            Ready:          True
            Restart Count:  0
            Environment:    <none>
            Mounts:
              /usr/share/nginx/html from myappdata (rw)
              /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-7xk2p (ro)
        Conditions:
          Type                        Status
          PodReadyToStartContainers   True 
          Initialized                 True 
          Ready                       True 
          ContainersReady             True 
          PodScheduled                True 
        Volumes:
          myappdata:
            Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
            ClaimName:  myappdata-myapp-0
            ReadOnly:   false
          kube-api-access-7xk2p:
            Type:                    Projected (a volume that contains injected data from multiple sources)
            TokenExpirationSeconds:  3607
            ConfigMapName:           kube-root-ca.crt
            Optional:                false
            DownwardAPI:             true
        QoS Class:                   BestEffort
        Node-Selectors:              <none>
        Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                                     node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
        Events:
          Type    Reason     Age   From               Message
          ----    ------     ----  ----               -------
          Normal  Scheduled  115s  default-scheduler  Successfully assigned default/myapp-0 to k8s-node1
          Normal  Pulling    114s  kubelet            Pulling image "nginx:1.13"
          Normal  Pulled     97s   kubelet            Successfully pulled image "nginx:1.13" in 16.872s (16.872s including waiting). Image size: 44615434 bytes.
          Normal  Created    97s   kubelet            Created container: myapp
          Normal  Started    96s   kubelet            Started container myapp
    "#]].assert_eq(&describe(&cluster, Kind::Pod, "default", "myapp-0"));
}

#[test]
fn persistent_volume_claim() {
    let cluster = notes_cluster();
    expect![[r#"
        Name:          myappdata-myapp-1
        Namespace:     default
        StorageClass:  
        Status:        Bound
        Volume:        pv002
        Labels:        app=myapp-pod
        Annotations:   pv.kubernetes.io/bind-completed: yes
                       pv.kubernetes.io/bound-by-controller: yes
        Finalizers:    [kubernetes.io/pvc-protection]
        Capacity:      5Gi
        Access Modes:  RWO,RWX
        VolumeMode:    Filesystem
        Used By:       myapp-1
        Events:        <none>
    "#]]
    .assert_eq(&describe(
        &cluster,
        Kind::PersistentVolumeClaim,
        "default",
        "myappdata-myapp-1",
    ));
}

#[test]
fn persistent_volume() {
    let cluster = notes_cluster();
    expect![[r#"
        Name:            pv003
        Labels:          name=pv003
        Annotations:     pv.kubernetes.io/bound-by-controller: yes
        Finalizers:      [kubernetes.io/pv-protection]
        StorageClass:    
        Status:          Bound
        Claim:           default/myappdata-myapp-0
        Reclaim Policy:  Retain
        Access Modes:    RWO,RWX
        VolumeMode:      Filesystem
        Capacity:        2Gi
        Node Affinity:   <none>
        Message:         
        Source:
            Type:      NFS (an NFS mount that lasts the lifetime of a pod)
            Server:    k8s-master
            Path:      /data/volumes/v3
            ReadOnly:  false
        Events:        <none>
    "#]]
    .assert_eq(&describe(&cluster, Kind::PersistentVolume, "", "pv003"));
}

/// The `Endpoints:` line comes from the cluster's virtual Endpoints (`dns::endpoints_for`), so
/// it is checked apart from the rest: both pods are ready, so once the cluster serves
/// Endpoints it lists their IPs on the `web` port; before that it is `<none>`.
#[test]
fn headless_service() {
    let cluster = notes_cluster();
    let text = describe(&cluster, Kind::Service, "default", "myapp");
    let endpoints_line = text
        .lines()
        .find(|line| line.starts_with("Endpoints:"))
        .unwrap_or_default()
        .to_string();
    assert!(
        endpoints_line == "Endpoints:                <none>"
            || endpoints_line == "Endpoints:                10.244.1.2:80,10.244.2.2:80",
        "{endpoints_line}"
    );
    expect![[r#"
        Name:                     myapp
        Namespace:                default
        Labels:                   app=myapp
        Annotations:              <none>
        Selector:                 app=myapp-pod
        Type:                     ClusterIP
        IP Family Policy:         SingleStack
        IP Families:              IPv4
        IP:                       None
        IPs:                      None
        Port:                     web  80/TCP
        TargetPort:               80/TCP
        (endpoints)
        Session Affinity:         None
        Internal Traffic Policy:  Cluster
        Events:                   <none>
    "#]]
    .assert_eq(&text.replace(&endpoints_line, "(endpoints)"));
}

#[test]
fn node() {
    let cluster = notes_cluster();
    expect![[r#"
        Name:               k8s-node1
        Roles:              <none>
        Labels:             beta.kubernetes.io/arch=amd64
                            beta.kubernetes.io/os=linux
                            kubernetes.io/arch=amd64
                            kubernetes.io/hostname=k8s-node1
                            kubernetes.io/os=linux
        Annotations:        <none>
        CreationTimestamp:  Mon, 05 Jan 2026 09:00:00 +0000
        Taints:             <none>
        Unschedulable:      false
        Lease:
          HolderIdentity:  k8s-node1
          AcquireTime:     <unset>
          RenewTime:       Mon, 05 Jan 2026 09:02:00 +0000
        Conditions:
          Type    Status  LastHeartbeatTime                 LastTransitionTime                Reason         Message
          ----    ------  -----------------                 ------------------                ------         -------
          Ready   True    Mon, 05 Jan 2026 09:00:00 +0000   Mon, 05 Jan 2026 09:00:00 +0000   KubeletReady   kubelet is posting ready status
        Addresses:
          InternalIP:  192.168.56.11
          Hostname:    k8s-node1
        Capacity:
          cpu:                2
          ephemeral-storage:  61202244Ki
          hugepages-1Gi:      0
          hugepages-2Mi:      0
          memory:             4015732Ki
          pods:               110
        Allocatable:
          cpu:                2
          ephemeral-storage:  56403987978
          hugepages-1Gi:      0
          hugepages-2Mi:      0
          memory:             3913332Ki
          pods:               110
        System Info:
          Machine ID:                 5d1ec7afd31468fa42bdab74a8d16008
          System UUID:                45eb31a2-b9d0-109d-9e6c-d4713069c643
          Boot ID:                    f7bb2dd9-d0ef-8afc-04f6-24a514fc04f2
          Kernel Version:             5.15.0-164-generic
          OS Image:                   Ubuntu 22.04.5 LTS
          Operating System:           linux
          Architecture:               amd64
          Container Runtime Version:  containerd://1.7.28
          Kubelet Version:            v1.34.2
          Kube-Proxy Version:         
        PodCIDR:                      10.244.1.0/24
        PodCIDRs:                     10.244.1.0/24
        Non-terminated Pods:          (1 in total)
          Namespace                   Name       CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
          ---------                   ----       ------------  ----------  ---------------  -------------  ---
          default                     myapp-0    0 (0%)        0 (0%)      0 (0%)           0 (0%)         115s
        Allocated resources:
          (Total limits may be over 100 percent, i.e., overcommitted.)
          Resource           Requests  Limits
          --------           --------  ------
          cpu                0 (0%)    0 (0%)
          memory             0 (0%)    0 (0%)
          ephemeral-storage  0 (0%)    0 (0%)
          hugepages-1Gi      0 (0%)    0 (0%)
          hugepages-2Mi      0 (0%)    0 (0%)
        Events:              <none>
    "#]].assert_eq(&describe(&cluster, Kind::Node, "", "k8s-node1"));
}

#[test]
fn tainted_control_plane_node() {
    let cluster = notes_cluster();
    let text = describe(&cluster, Kind::Node, "", "k8s-master");
    assert!(
        text.contains("Roles:              control-plane\n"),
        "{text}"
    );
    assert!(
        text.contains("Taints:             node-role.kubernetes.io/control-plane:NoSchedule\n"),
        "{text}"
    );
}

#[test]
fn namespace() {
    let cluster = notes_cluster();
    expect![[r#"
        Name:         default
        Labels:       kubernetes.io/metadata.name=default
        Annotations:  <none>
        Status:       Active

        No resource quota.

        No LimitRange resource.
    "#]]
    .assert_eq(&describe(&cluster, Kind::Namespace, "", "default"));
}

#[test]
fn controller_revision() {
    let cluster = notes_cluster();
    expect![[r#"
        Name:         myapp-6f7b9c8d5
        Namespace:    default
        Labels:       app=myapp-pod
                      controller.kubernetes.io/hash=6f7b9c8d5
        Annotations:  <none>
        API Version:  apps/v1
        Data:
          Spec:
            Template:
              $patch:  replace
              Metadata:
                Labels:
                  App:  myapp-pod
              Spec:
                Containers:
                  Image:              nginx:1.13
                  Image Pull Policy:  IfNotPresent
                  Name:               myapp
                  Ports:
                    Container Port:  80
                    Name:            web
                    Protocol:        TCP
                  Resources:
                  Termination Message Path:    /dev/termination-log
                  Termination Message Policy:  File
                  Volume Mounts:
                    Mount Path:  /usr/share/nginx/html
                    Name:        myappdata
                Dns Policy:      ClusterFirst
                Restart Policy:  Always
                Scheduler Name:  default-scheduler
                Security Context:
                Termination Grace Period Seconds:  30
        Kind:                                      ControllerRevision
        Metadata:
          Creation Timestamp:  2026-01-05T09:00:05Z
          Owner References:
            API Version:           apps/v1
            Block Owner Deletion:  true
            Controller:            true
            Kind:                  StatefulSet
            Name:                  myapp
            UID:                   (uid)
          Resource Version:        (resource version)
          UID:                     (uid)
        Revision:                  1
        Events:                    <none>
    "#]]
    .assert_eq(&mask_identities(&describe(
        &cluster,
        Kind::ControllerRevision,
        "default",
        "myapp-6f7b9c8d5",
    )));
}
