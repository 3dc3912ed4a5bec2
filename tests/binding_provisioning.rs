//! Dynamic provisioning (§2.5, §2.6): the kind preset's default class and local-path
//! provisioner with WaitForFirstConsumer, classes that are missing, and provisioners that
//! are not installed or cannot help.

mod binding_support;

use binding_support::*;
use expect_test::expect;
use sts_playground::sim::api;
use sts_playground::sim::model::Object;
use sts_playground::sim::store::ObjectKey;
use sts_playground::sim::world::{Cluster, Preset};

/// What the scheduler does for a WaitForFirstConsumer claim once it picked a node for a pod.
fn select_node(cluster: &mut Cluster, claim: &ObjectKey, node: &str) {
    let mut object = get(cluster, claim).expect("claim exists");
    object
        .meta_mut()
        .annotations
        .insert("volume.kubernetes.io/selected-node".into(), node.into());
    api::update(cluster, object).expect("claim updates");
    cluster.settle();
}

fn yaml(object: &Object) -> String {
    let mut value = object.to_json();
    // Identity fields vary with the seed; the rest is what `kubectl get -o yaml` shows.
    if let Some(meta) = value.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        meta.remove("resourceVersion");
        meta.remove("creationTimestamp");
        meta.remove("uid");
    }
    serde_yaml::to_string(&value).unwrap_or_default()
}

#[test]
fn kind_provisions_a_local_path_volume_once_the_scheduler_picks_a_node() {
    let mut cluster = Cluster::new(Preset::Kind, 21);
    let mut log = String::new();
    create(
        &mut cluster,
        &claim_yaml("data", "1Gi", "ReadWriteOnce", ""),
    );
    log += &format!("at {} ms:\n{}\n", cluster.now, state(&cluster));
    wait(&mut cluster, 1_000);
    create(
        &mut cluster,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n  - name: c\n    image: nginx\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data\n",
    );
    select_node(&mut cluster, &pvc_key("data"), "kind-control-plane");
    log += &format!("at {} ms:\n{}\n", cluster.now, state(&cluster));
    wait(&mut cluster, 2_499);
    log += &format!("at {} ms:\n{}\n", cluster.now, claims(&cluster));
    wait(&mut cluster, 1);
    log += &format!("at {} ms:\n{}\n", cluster.now, state(&cluster));
    let claim = get(&cluster, &pvc_key("data")).expect("claim");
    let uid = claim.meta().uid.clone();
    let volume = get(&cluster, &pv_key(&format!("pvc-{uid}"))).expect("provisioned volume");
    let text = yaml(&volume).replace(&uid, "<claim-uid>");
    let claim_text = yaml(&claim).replace(&uid, "<claim-uid>");
    expect![[r#"
        at 0 ms:

        default/data Pending - - - standard

        Normal WaitForFirstConsumer persistentvolumeclaim/data from persistentvolume-controller: waiting for first consumer to be created before binding

        at 1000 ms:

        default/data Pending - - - standard

        Normal WaitForFirstConsumer persistentvolumeclaim/data from persistentvolume-controller: waiting for first consumer to be created before binding
        Normal ExternalProvisioning persistentvolumeclaim/data from persistentvolume-controller: Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.
        Normal Provisioning persistentvolumeclaim/data from rancher.io/local-path_local-path-provisioner-7577fdbbfb-m2xqk_5f0d9c38-2b7e-4a61-9d8e-3c1a7f4b6e20: External provisioner is provisioning volume for claim "default/data"

        at 3499 ms:
        default/data Pending - - - standard

        at 3500 ms:
        pvc-d30e4e52-1403-467d-916a-b57230597482 1Gi RWO Delete Bound default/data standard

        default/data Bound pvc-d30e4e52-1403-467d-916a-b57230597482 1Gi RWO standard

        Normal WaitForFirstConsumer persistentvolumeclaim/data from persistentvolume-controller: waiting for first consumer to be created before binding
        Normal ExternalProvisioning persistentvolumeclaim/data from persistentvolume-controller: Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.
        Normal Provisioning persistentvolumeclaim/data from rancher.io/local-path_local-path-provisioner-7577fdbbfb-m2xqk_5f0d9c38-2b7e-4a61-9d8e-3c1a7f4b6e20: External provisioner is provisioning volume for claim "default/data"
        Normal ProvisioningSucceeded persistentvolumeclaim/data from rancher.io/local-path_local-path-provisioner-7577fdbbfb-m2xqk_5f0d9c38-2b7e-4a61-9d8e-3c1a7f4b6e20: Successfully provisioned volume pvc-d30e4e52-1403-467d-916a-b57230597482

    "#]].assert_eq(&log);
    expect![[r#"
        apiVersion: v1
        kind: PersistentVolume
        metadata:
          name: pvc-<claim-uid>
          annotations:
            local.path.provisioner/selected-node: kind-control-plane
            pv.kubernetes.io/provisioned-by: rancher.io/local-path
          finalizers:
          - kubernetes.io/pv-protection
        spec:
          capacity:
            storage: 1Gi
          accessModes:
          - ReadWriteOnce
          claimRef:
            apiVersion: v1
            kind: PersistentVolumeClaim
            namespace: default
            name: data
            uid: <claim-uid>
            resourceVersion: '1012'
          persistentVolumeReclaimPolicy: Delete
          storageClassName: standard
          volumeMode: Filesystem
          hostPath:
            path: /var/local-path-provisioner/pvc-<claim-uid>_default_data
            type: DirectoryOrCreate
          nodeAffinity:
            required:
              nodeSelectorTerms:
              - matchExpressions:
                - key: kubernetes.io/hostname
                  operator: In
                  values:
                  - kind-control-plane
        status:
          phase: Bound
          lastPhaseTransitionTime: 2026-01-05T09:00:03Z
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: data
          namespace: default
          annotations:
            pv.kubernetes.io/bind-completed: yes
            pv.kubernetes.io/bound-by-controller: yes
            volume.beta.kubernetes.io/storage-provisioner: rancher.io/local-path
            volume.kubernetes.io/selected-node: kind-control-plane
            volume.kubernetes.io/storage-provisioner: rancher.io/local-path
          finalizers:
          - kubernetes.io/pvc-protection
        spec:
          accessModes:
          - ReadWriteOnce
          resources:
            requests:
              storage: 1Gi
          volumeName: pvc-<claim-uid>
          storageClassName: standard
          volumeMode: Filesystem
        status:
          phase: Bound
          accessModes:
          - ReadWriteOnce
          capacity:
            storage: 1Gi
    "#]]
    .assert_eq(&format!("{text}---\n{claim_text}"));
}

#[test]
fn deleting_a_provisioned_claim_deletes_its_volume_after_the_helper_pod_ran() {
    let mut cluster = Cluster::new(Preset::Kind, 22);
    create(
        &mut cluster,
        &claim_yaml("data", "1Gi", "ReadWriteOnce", ""),
    );
    select_node(&mut cluster, &pvc_key("data"), "kind-control-plane");
    wait(&mut cluster, 3_000);
    let mut log = format!("at {} ms:\n{}\n", cluster.now, volumes(&cluster));
    delete(&mut cluster, &pvc_key("data"));
    log += &format!(
        "at {} ms:\n{}{}\n",
        cluster.now,
        volumes(&cluster),
        claims(&cluster)
    );
    wait(&mut cluster, 1_499);
    log += &format!("at {} ms:\n{}\n", cluster.now, volumes(&cluster));
    wait(&mut cluster, 1);
    log += &format!("at {} ms:\n{}", cluster.now, volumes(&cluster));
    expect![[r#"
        at 3000 ms:
        pvc-<uid> 1Gi RWO Delete Bound default/data standard

        at 3000 ms:
        pvc-<uid> 1Gi RWO Delete Released default/data standard

        at 4499 ms:
        pvc-<uid> 1Gi RWO Delete Released default/data standard

        at 4500 ms:
    "#]]
    .assert_eq(&log.replace(&uid_of_first_volume(&log), "<uid>"));
}

fn uid_of_first_volume(log: &str) -> String {
    log.lines()
        .find_map(|line| line.strip_prefix("pvc-"))
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or("none")
        .to_string()
}

#[test]
fn a_retain_class_keeps_the_provisioned_volume_released() {
    let mut cluster = Cluster::new(Preset::Kind, 23);
    create(
        &mut cluster,
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: keep\nprovisioner: rancher.io/local-path\nreclaimPolicy: Retain\nvolumeBindingMode: WaitForFirstConsumer\n",
    );
    create(
        &mut cluster,
        &claim_yaml(
            "data",
            "200Mi",
            "ReadWriteOnce",
            "  storageClassName: keep\n",
        ),
    );
    select_node(&mut cluster, &pvc_key("data"), "kind-control-plane");
    wait(&mut cluster, 3_000);
    delete(&mut cluster, &pvc_key("data"));
    wait(&mut cluster, 60_000);
    expect![[r#"
        pvc-<uid> 200Mi RWO Retain Released default/data keep
    "#]]
    .assert_eq(&volumes(&cluster).replace(&uid_of_first_volume(&volumes(&cluster)), "<uid>"));
}

#[test]
fn local_path_refuses_what_it_cannot_provision() {
    let mut cluster = Cluster::new(Preset::Kind, 24);
    create(
        &mut cluster,
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: now\nprovisioner: rancher.io/local-path\n",
    );
    create(
        &mut cluster,
        &claim_yaml("shared", "1Gi", "ReadWriteMany", ""),
    );
    create(
        &mut cluster,
        &claim_yaml("raw", "1Gi", "ReadWriteOnce", "  volumeMode: Block\n"),
    );
    create(
        &mut cluster,
        &claim_yaml(
            "picky",
            "1Gi",
            "ReadWriteOnce",
            "  selector:\n    matchLabels:\n      disk: ssd\n",
        ),
    );
    for claim in ["shared", "raw", "picky"] {
        select_node(&mut cluster, &pvc_key(claim), "kind-control-plane");
    }
    // An Immediate class provisions at once, but local-path needs a node.
    create(
        &mut cluster,
        &claim_yaml("eager", "1Gi", "ReadWriteOnce", "  storageClassName: now\n"),
    );
    wait(&mut cluster, 16_000);
    expect![[r#"

        default/eager Pending - - - now
        default/picky Pending - - - standard
        default/raw Pending - - - standard
        default/shared Pending - - - standard

        Normal WaitForFirstConsumer persistentvolumeclaim/shared from persistentvolume-controller: waiting for first consumer to be created before binding
        Normal WaitForFirstConsumer persistentvolumeclaim/raw from persistentvolume-controller: waiting for first consumer to be created before binding
        Normal WaitForFirstConsumer persistentvolumeclaim/picky from persistentvolume-controller: waiting for first consumer to be created before binding
        Normal ExternalProvisioning persistentvolumeclaim/eager (x2) from persistentvolume-controller: Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.
        Normal Provisioning persistentvolumeclaim/eager (x2) from rancher.io/local-path_local-path-provisioner-7577fdbbfb-m2xqk_5f0d9c38-2b7e-4a61-9d8e-3c1a7f4b6e20: External provisioner is provisioning volume for claim "default/eager"
        Warning ProvisioningFailed persistentvolumeclaim/eager (x2) from rancher.io/local-path_local-path-provisioner-7577fdbbfb-m2xqk_5f0d9c38-2b7e-4a61-9d8e-3c1a7f4b6e20: failed to provision volume with StorageClass "now": configuration error, no node was specified
        Normal ExternalProvisioning persistentvolumeclaim/picky (x2) from persistentvolume-controller: Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.
        Normal Provisioning persistentvolumeclaim/picky (x2) from rancher.io/local-path_local-path-provisioner-7577fdbbfb-m2xqk_5f0d9c38-2b7e-4a61-9d8e-3c1a7f4b6e20: External provisioner is provisioning volume for claim "default/picky"
        Warning ProvisioningFailed persistentvolumeclaim/picky (x2) from rancher.io/local-path_local-path-provisioner-7577fdbbfb-m2xqk_5f0d9c38-2b7e-4a61-9d8e-3c1a7f4b6e20: failed to provision volume with StorageClass "standard": claim.Spec.Selector is not supported
        Normal ExternalProvisioning persistentvolumeclaim/raw (x2) from persistentvolume-controller: Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.
        Warning ProvisioningFailed persistentvolumeclaim/raw (x2) from rancher.io/local-path_local-path-provisioner-7577fdbbfb-m2xqk_5f0d9c38-2b7e-4a61-9d8e-3c1a7f4b6e20: rancher.io/local-path does not support block volume provisioning
        Normal ExternalProvisioning persistentvolumeclaim/shared (x2) from persistentvolume-controller: Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.
        Normal Provisioning persistentvolumeclaim/shared (x2) from rancher.io/local-path_local-path-provisioner-7577fdbbfb-m2xqk_5f0d9c38-2b7e-4a61-9d8e-3c1a7f4b6e20: External provisioner is provisioning volume for claim "default/shared"
        Warning ProvisioningFailed persistentvolumeclaim/shared (x2) from rancher.io/local-path_local-path-provisioner-7577fdbbfb-m2xqk_5f0d9c38-2b7e-4a61-9d8e-3c1a7f4b6e20: failed to provision volume with StorageClass "standard": NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes
    "#]].assert_eq(&state(&cluster));
}

#[test]
fn a_missing_class_or_an_absent_provisioner_leaves_the_claim_pending() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 25);
    create(
        &mut cluster,
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: nfs\nprovisioner: example.com/nfs\n",
    );
    create(
        &mut cluster,
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: manual\nprovisioner: kubernetes.io/no-provisioner\n",
    );
    create(
        &mut cluster,
        &claim_yaml(
            "missing",
            "1Gi",
            "ReadWriteOnce",
            "  storageClassName: gold\n",
        ),
    );
    create(
        &mut cluster,
        &claim_yaml(
            "external",
            "1Gi",
            "ReadWriteOnce",
            "  storageClassName: nfs\n",
        ),
    );
    create(
        &mut cluster,
        &claim_yaml(
            "by-hand",
            "1Gi",
            "ReadWriteOnce",
            "  storageClassName: manual\n",
        ),
    );
    wait(&mut cluster, 31_000);
    let claim = get(&cluster, &pvc_key("external")).expect("claim");
    let annotations: Vec<String> = claim
        .meta()
        .annotations
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    expect![[r#"

        default/by-hand Pending - - - manual
        default/external Pending - - - nfs
        default/missing Pending - - - gold

        Warning ProvisioningFailed persistentvolumeclaim/by-hand (x3) from persistentvolume-controller: no volume plugin matched name: kubernetes.io/no-provisioner
        Normal ExternalProvisioning persistentvolumeclaim/external (x3) from persistentvolume-controller: Waiting for a volume to be created either by the external provisioner 'example.com/nfs' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.
        Warning ProvisioningFailed persistentvolumeclaim/missing (x3) from persistentvolume-controller: storageclass.storage.k8s.io "gold" not found

        volume.beta.kubernetes.io/storage-provisioner=example.com/nfs
        volume.kubernetes.io/storage-provisioner=example.com/nfs
    "#]].assert_eq(&format!(
        "{}\n{}\n",
        state(&cluster),
        annotations.join("\n")
    ));
}

#[test]
fn a_default_class_created_later_is_assigned_to_an_unbound_claim() {
    let mut cluster = Cluster::new(Preset::Kubeadm, 26);
    create(
        &mut cluster,
        &claim_yaml("unset", "1Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &claim_yaml(
            "empty",
            "1Gi",
            "ReadWriteOnce",
            "  storageClassName: \"\"\n",
        ),
    );
    create(
        &mut cluster,
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: older\n  annotations:\n    storageclass.kubernetes.io/is-default-class: \"true\"\nprovisioner: example.com/a\n",
    );
    wait(&mut cluster, 1_000);
    create(
        &mut cluster,
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: newer\n  annotations:\n    storageclass.kubernetes.io/is-default-class: \"true\"\nprovisioner: example.com/b\n",
    );
    wait(&mut cluster, 14_000);
    expect![[r#"

        default/empty Pending - - - ""
        default/unset Pending - - - newer

        Normal FailedBinding persistentvolumeclaim/unset from persistentvolume-controller: no persistent volumes available for this claim and no storage class is set
        Normal FailedBinding persistentvolumeclaim/empty (x2) from persistentvolume-controller: no persistent volumes available for this claim and no storage class is set
        Normal ExternalProvisioning persistentvolumeclaim/unset from persistentvolume-controller: Waiting for a volume to be created either by the external provisioner 'example.com/b' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.
    "#]].assert_eq(&state(&cluster));
}
