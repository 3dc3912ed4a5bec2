//! What happens after a claim goes (§2.7), lost and misbound claims (§2.8), and the
//! protection finalizers (§2.9).

mod binding_support;

use binding_support::*;
use expect_test::expect;
use sts_playground::sim::api::{self, DeleteOptions};
use sts_playground::sim::world::{Cluster, Preset};

fn kubeadm() -> Cluster {
    Cluster::new(Preset::Kubeadm, 31)
}

fn bound_pair(cluster: &mut Cluster, volume_spec: &str, policy: &str) {
    create(
        cluster,
        &format!(
            "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv1\n  finalizers: [kubernetes.io/pv-protection]\nspec:\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: {policy}\n{volume_spec}"
        ),
    );
    create(cluster, &claim_yaml("data", "1Gi", "ReadWriteOnce", ""));
}

const NFS: &str = "  nfs:\n    server: nfs.example\n    path: /exports/pv1\n";
const HOST_DATA: &str = "  hostPath:\n    path: /data/pv1\n";
const HOST_TMP: &str = "  hostPath:\n    path: /tmp/pv1\n";
/// A local volume; the API server requires its node affinity.
const LOCAL: &str = "  local:\n    path: /mnt/disks/pv1\n  nodeAffinity:\n    required:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - key: kubernetes.io/hostname\n          operator: In\n          values: [k8s-node1]\n";

fn message(cluster: &Cluster, name: &str) -> String {
    get(cluster, &pv_key(name))
        .and_then(|o| o.as_pv().and_then(|pv| pv.status.message.clone()))
        .unwrap_or_default()
}

#[test]
fn retain_keeps_a_released_volume_and_a_new_claim_of_the_same_name_does_not_take_it() {
    let mut cluster = kubeadm();
    bound_pair(&mut cluster, NFS, "Retain");
    create(
        &mut cluster,
        &volume_yaml("spare", "1Gi", "ReadWriteOnce", ""),
    );
    let first_uid = get(&cluster, &pvc_key("data")).map(|o| o.meta().uid.clone());
    delete(&mut cluster, &pvc_key("data"));
    let released = state(&cluster);
    create(
        &mut cluster,
        &claim_yaml("data", "1Gi", "ReadWriteOnce", ""),
    );
    let second_uid = get(&cluster, &pvc_key("data")).map(|o| o.meta().uid.clone());
    assert_ne!(first_uid, second_uid);
    let claim_ref_uid = get(&cluster, &pv_key("pv1"))
        .and_then(|o| o.as_pv().and_then(|pv| pv.spec.claim_ref.clone()))
        .map(|r| r.uid);
    assert_eq!(
        claim_ref_uid, first_uid,
        "the Released volume keeps the old uid"
    );
    wait(&mut cluster, 31_000);
    expect![[r#"
        pv1 1Gi RWO Retain Released default/data -
        spare 1Gi RWO Retain Available - -



        pv1 1Gi RWO Retain Released default/data -
        spare 1Gi RWO Retain Bound default/data -

        default/data Bound spare 1Gi RWO <unset>

    "#]]
    .assert_eq(&format!("{released}\n{}", state(&cluster)));
}

#[test]
fn delete_removes_a_tmp_host_path_volume_after_pv_protection_lets_go() {
    let mut cluster = kubeadm();
    bound_pair(&mut cluster, HOST_TMP, "Delete");
    delete(&mut cluster, &pvc_key("data"));
    expect![[r#"
        volumes:
        claims:
        events:
    "#]]
    .assert_eq(&format!(
        "volumes:\n{}claims:\n{}events:\n{}",
        volumes(&cluster),
        claims(&cluster),
        events(&cluster)
    ));
}

#[test]
fn delete_fails_for_volumes_without_a_deleter() {
    let mut cluster = kubeadm();
    bound_pair(&mut cluster, HOST_DATA, "Delete");
    create(
        &mut cluster,
        &format!(
            "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv2\nspec:\n  capacity:\n    storage: 2Gi\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Delete\n{NFS}"
        ),
    );
    create(
        &mut cluster,
        &claim_yaml("other", "2Gi", "ReadWriteOnce", ""),
    );
    delete(&mut cluster, &pvc_key("data"));
    delete(&mut cluster, &pvc_key("other"));
    // The deleter is retried on every resync, but Failed and its event are shown once.
    wait(&mut cluster, 31_000);
    expect![[r#"
        pv1 1Gi RWO Delete Failed default/data -
        pv2 2Gi RWO Delete Failed default/other -


        Warning VolumeFailedDelete persistentvolume/pv1 from persistentvolume-controller: host_path deleter only supports /tmp/.+ but received provided /data/pv1
        Warning VolumeFailedDelete persistentvolume/pv2 from persistentvolume-controller: error getting deleter volume plugin for volume "pv2": no deletable volume plugin matched

        pv1: host_path deleter only supports /tmp/.+ but received provided /data/pv1
        pv2: error getting deleter volume plugin for volume "pv2": no deletable volume plugin matched
    "#]].assert_eq(&format!(
        "{}\npv1: {}\npv2: {}\n",
        state(&cluster),
        message(&cluster, "pv1"),
        message(&cluster, "pv2")
    ));
}

#[test]
fn recycle_scrubs_nfs_and_host_path_volumes_and_makes_them_available_again() {
    let mut cluster = kubeadm();
    bound_pair(&mut cluster, NFS, "Recycle");
    delete(&mut cluster, &pvc_key("data"));
    let mut log = format!("at {} ms:\n{}\n", cluster.now, volumes(&cluster));
    wait(&mut cluster, 4_999);
    log += &format!("at {} ms:\n{}\n", cluster.now, volumes(&cluster));
    wait(&mut cluster, 1);
    log += &format!("at {} ms:\n{}", cluster.now, state(&cluster));
    expect![[r#"
        at 0 ms:
        pv1 1Gi RWO Recycle Released default/data -

        at 4999 ms:
        pv1 1Gi RWO Recycle Released default/data -

        at 5000 ms:
        pv1 1Gi RWO Recycle Available - -


        Normal VolumeRecycled persistentvolume/pv1 from persistentvolume-controller: Volume recycled
    "#]]
    .assert_eq(&log);
}

#[test]
fn recycle_fails_without_a_recycler_and_unknown_policies_fail() {
    let mut cluster = kubeadm();
    bound_pair(&mut cluster, LOCAL, "Recycle");
    create(
        &mut cluster,
        &format!(
            "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv2\nspec:\n  capacity:\n    storage: 2Gi\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Retain\n{NFS}"
        ),
    );

    create(
        &mut cluster,
        &claim_yaml("other", "2Gi", "ReadWriteOnce", ""),
    );
    // Validation refuses unknown policies, so an old or damaged object is simulated in the store.
    cluster
        .store
        .modify(&pv_key("pv2"), |object| {
            if let Some(pv) = object.as_pv_mut() {
                pv.spec.persistent_volume_reclaim_policy = Some("Shred".into());
            }
        })
        .expect("pv2 exists");
    // Validation refuses unknown policies, so an old or damaged object is simulated in the store.
    cluster
        .store
        .modify(&pv_key("pv2"), |object| {
            if let Some(pv) = object.as_pv_mut() {
                pv.spec.persistent_volume_reclaim_policy = Some("Shred".into());
            }
        })
        .expect("pv2 exists");
    delete(&mut cluster, &pvc_key("data"));
    delete(&mut cluster, &pvc_key("other"));
    wait(&mut cluster, 16_000);
    expect![[r#"
        pv1 1Gi RWO Recycle Failed default/data -
        pv2 2Gi RWO Shred Failed default/other -


        Warning VolumeFailedRecycle persistentvolume/pv1 from persistentvolume-controller: No recycler plugin found for the volume!
        Warning VolumeUnknownReclaimPolicy persistentvolume/pv2 from persistentvolume-controller: Volume has unrecognized PersistentVolumeReclaimPolicy

        pv1: No recycler plugin found for the volume!
        pv2: Volume has unrecognized PersistentVolumeReclaimPolicy
    "#]].assert_eq(&format!(
        "{}\npv1: {}\npv2: {}\n",
        state(&cluster),
        message(&cluster, "pv1"),
        message(&cluster, "pv2")
    ));
}

#[test]
fn a_claim_whose_volume_disappears_or_is_cleared_is_lost() {
    let mut cluster = kubeadm();
    create(&mut cluster, "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: gone\nspec:\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /data/gone\n");
    create(
        &mut cluster,
        &claim_yaml("orphaned", "1Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &volume_yaml("kept", "2Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &claim_yaml("cleared", "2Gi", "ReadWriteOnce", ""),
    );
    // Neither can happen through the API server (pv-protection holds the volume, and a bound
    // claim's spec is immutable), so the test reaches into the store as etcd damage would.
    cluster.store.remove(&pv_key("gone"));
    cluster
        .store
        .modify(&pvc_key("cleared"), |object| {
            if let Some(pvc) = object.as_pvc_mut() {
                pvc.spec.volume_name = None;
            }
        })
        .expect("claim exists");
    cluster.settle();
    wait(&mut cluster, 16_000);
    expect![[r#"
        kept 2Gi RWO Retain Bound default/cleared -

        default/cleared Lost - - - <unset>
        default/orphaned Lost gone - - <unset>

        Warning ClaimLost persistentvolumeclaim/cleared from persistentvolume-controller: Bound claim has lost reference to PersistentVolume. Data on the volume is lost!
        Warning ClaimLost persistentvolumeclaim/orphaned from persistentvolume-controller: Bound claim has lost its PersistentVolume. Data on the volume is lost!
    "#]].assert_eq(&state(&cluster));
}

#[test]
fn a_second_claim_pointing_at_a_bound_volume_is_misbound() {
    let mut cluster = kubeadm();
    create(
        &mut cluster,
        &volume_yaml("one", "1Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &claim_yaml("rightful", "1Gi", "ReadWriteOnce", ""),
    );
    // A claim that says binding completed, pointing at someone else's volume.
    create(
        &mut cluster,
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: impostor\n  annotations:\n    pv.kubernetes.io/bind-completed: \"yes\"\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n  volumeName: one\n",
    );
    expect![[r#"
        one 1Gi RWO Retain Bound default/rightful -

        default/impostor Lost one - - <unset>
        default/rightful Bound one 1Gi RWO <unset>

        Warning ClaimMisbound persistentvolumeclaim/impostor from persistentvolume-controller: Two claims are bound to the same volume, this one is bound incorrectly
    "#]].assert_eq(&state(&cluster));
}

#[test]
fn a_claim_in_use_stays_terminating_until_its_pod_is_gone() {
    let mut cluster = kubeadm();
    bound_pair(&mut cluster, NFS, "Retain");
    create(
        &mut cluster,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: user\nspec:\n  nodeName: k8s-node1\n  terminationGracePeriodSeconds: 0\n  containers:\n  - name: c\n    image: nginx\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data\n",
    );
    delete(&mut cluster, &pvc_key("data"));
    wait(&mut cluster, 16_000);
    let mut log = format!("{}\n", state(&cluster));
    let _ = api::delete(
        &mut cluster,
        &pod_key("user"),
        DeleteOptions {
            grace_period_seconds: Some(0),
            ..Default::default()
        },
    );
    cluster.settle();
    log += &state(&cluster);
    expect![[r#"
        pv1 1Gi RWO Retain Bound default/data -

        default/data Terminating pv1 1Gi RWO <unset>

        Normal Pulling pod/user from kubelet: Pulling image "nginx"
        Normal Pulled pod/user from kubelet: Successfully pulled image "nginx" in 3.09s (3.09s including waiting). Image size: 69768000 bytes.
        Normal Created pod/user from kubelet: Created container: c
        Normal Started pod/user from kubelet: Started container c

        pv1 1Gi RWO Retain Released default/data -


        Normal Pulling pod/user from kubelet: Pulling image "nginx"
        Normal Pulled pod/user from kubelet: Successfully pulled image "nginx" in 3.09s (3.09s including waiting). Image size: 69768000 bytes.
        Normal Created pod/user from kubelet: Created container: c
        Normal Started pod/user from kubelet: Started container c
    "#]]
    .assert_eq(&log);
}

#[test]
fn a_bound_volume_stays_terminating_until_its_claim_is_gone() {
    let mut cluster = kubeadm();
    bound_pair(&mut cluster, NFS, "Retain");
    delete(&mut cluster, &pv_key("pv1"));
    wait(&mut cluster, 16_000);
    let mut log = format!("{}\n", state(&cluster));
    delete(&mut cluster, &pvc_key("data"));
    log += &state(&cluster);
    expect![[r#"
        pv1 1Gi RWO Retain Terminating default/data -

        default/data Bound pv1 1Gi RWO <unset>




    "#]]
    .assert_eq(&log);
}
