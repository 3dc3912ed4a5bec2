//! Pre-binding in both directions (§2.4): a claim that names its volume, and a volume
//! reserved for a claim, with and without the claim's uid, and with WaitForFirstConsumer.

mod binding_support;

use binding_support::*;
use expect_test::expect;
use sts_playground::sim::model::Object;
use sts_playground::sim::world::{Cluster, Preset};

fn kubeadm() -> Cluster {
    Cluster::new(Preset::Kubeadm, 12)
}

fn annotations(cluster: &Cluster, key: &sts_playground::sim::store::ObjectKey) -> String {
    get(cluster, key)
        .map(|o| {
            o.meta()
                .annotations
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

#[test]
fn a_claim_naming_its_volume_gets_it_even_when_a_smaller_one_fits() {
    let mut cluster = kubeadm();
    create(
        &mut cluster,
        &volume_yaml("small", "1Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &volume_yaml("big", "10Gi", "ReadWriteOnce,ReadWriteMany", ""),
    );
    create(
        &mut cluster,
        &claim_yaml("named", "1Gi", "ReadWriteOnce", "  volumeName: big\n"),
    );
    let out = format!(
        "{}\nclaim: {}\nvolume: {}\n",
        state(&cluster),
        annotations(&cluster, &pvc_key("named")),
        annotations(&cluster, &pv_key("big")),
    );
    expect![[r#"
        big 10Gi RWO,RWX Retain Bound default/named -
        small 1Gi RWO Retain Available - -

        default/named Bound big 10Gi RWO,RWX <unset>


        claim: pv.kubernetes.io/bind-completed=yes
        volume: pv.kubernetes.io/bound-by-controller=yes
    "#]]
    .assert_eq(&out);
}

#[test]
fn a_claim_naming_a_missing_volume_waits_quietly_until_the_resync_after_it_appears() {
    let mut cluster = kubeadm();
    create(
        &mut cluster,
        &claim_yaml("named", "1Gi", "ReadWriteOnce", "  volumeName: later\n"),
    );
    wait(&mut cluster, 5_000);
    create(
        &mut cluster,
        &volume_yaml("later", "1Gi", "ReadWriteOnce", ""),
    );
    wait(&mut cluster, 9_999);
    let before = format!("at {} ms:\n{}", cluster.now, state(&cluster));
    wait(&mut cluster, 1);
    let after = format!("at {} ms:\n{}", cluster.now, state(&cluster));
    expect![[r#"
        at 14999 ms:
        later 1Gi RWO Retain Available - -

        default/named Pending later - - <unset>


        at 15000 ms:
        later 1Gi RWO Retain Bound default/named -

        default/named Bound later 1Gi RWO <unset>

    "#]]
    .assert_eq(&format!("{before}\n{after}"));
}

#[test]
fn a_reservation_made_after_its_claim_is_taken_on_the_resync() {
    let mut cluster = kubeadm();
    create(
        &mut cluster,
        &claim_yaml("data", "1Gi", "ReadWriteOnce", ""),
    );
    wait(&mut cluster, 5_000);
    create(
        &mut cluster,
        &volume_yaml(
            "for-data",
            "1Gi",
            "ReadWriteOnce",
            "  claimRef:\n    namespace: default\n    name: data\n",
        ),
    );
    let before = format!("at {} ms:\n{}", cluster.now, state(&cluster));
    wait(&mut cluster, 10_000);
    let after = format!("at {} ms:\n{}", cluster.now, state(&cluster));
    expect![[r#"
        at 5000 ms:
        for-data 1Gi RWO Retain Available default/data -

        default/data Pending - - - <unset>

        Normal FailedBinding persistentvolumeclaim/data from persistentvolume-controller: no persistent volumes available for this claim and no storage class is set

        at 15000 ms:
        for-data 1Gi RWO Retain Bound default/data -

        default/data Bound for-data 1Gi RWO <unset>

        Normal FailedBinding persistentvolumeclaim/data from persistentvolume-controller: no persistent volumes available for this claim and no storage class is set
    "#]].assert_eq(&format!("{before}\n{after}"));
}

#[test]
fn a_claim_naming_an_unfit_volume_gets_volume_mismatch() {
    let mut cluster = kubeadm();
    create(
        &mut cluster,
        &volume_yaml("tiny", "500Mi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &volume_yaml(
            "classy",
            "1Gi",
            "ReadWriteOnce",
            "  storageClassName: gold\n",
        ),
    );
    create(
        &mut cluster,
        &volume_yaml("raw", "1Gi", "ReadWriteOnce", "  volumeMode: Block\n"),
    );
    create(
        &mut cluster,
        &volume_yaml("reader", "1Gi", "ReadOnlyMany", ""),
    );
    create(
        &mut cluster,
        &claim_yaml("too-big", "1Gi", "ReadWriteOnce", "  volumeName: tiny\n"),
    );
    create(
        &mut cluster,
        &claim_yaml("no-class", "1Gi", "ReadWriteOnce", "  volumeName: classy\n"),
    );
    create(
        &mut cluster,
        &claim_yaml("files", "1Gi", "ReadWriteOnce", "  volumeName: raw\n"),
    );
    create(
        &mut cluster,
        &claim_yaml("writer", "1Gi", "ReadWriteOnce", "  volumeName: reader\n"),
    );
    expect![[r#"
        classy 1Gi RWO Retain Available - gold
        raw 1Gi RWO Retain Available - -
        reader 1Gi ROX Retain Available - -
        tiny 500Mi RWO Retain Available - -

        default/files Pending raw - - <unset>
        default/no-class Pending classy - - <unset>
        default/too-big Pending tiny - - <unset>
        default/writer Pending reader - - <unset>

        Warning VolumeMismatch persistentvolumeclaim/too-big from persistentvolume-controller: Cannot bind to requested volume "tiny": requested PV is too small
        Warning VolumeMismatch persistentvolumeclaim/no-class from persistentvolume-controller: Cannot bind to requested volume "classy": storageClassName does not match
        Warning VolumeMismatch persistentvolumeclaim/files from persistentvolume-controller: Cannot bind to requested volume "raw": incompatible volumeMode
        Warning VolumeMismatch persistentvolumeclaim/writer from persistentvolume-controller: Cannot bind to requested volume "reader": incompatible accessMode
    "#]]
    .assert_eq(&state(&cluster));
}

#[test]
fn a_claim_naming_a_volume_bound_elsewhere_gets_failed_binding() {
    let mut cluster = kubeadm();
    create(
        &mut cluster,
        &volume_yaml("shared", "1Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &claim_yaml("first", "1Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &claim_yaml("second", "1Gi", "ReadWriteOnce", "  volumeName: shared\n"),
    );
    expect![[r#"
        shared 1Gi RWO Retain Bound default/first -

        default/first Bound shared 1Gi RWO <unset>
        default/second Pending shared - - <unset>

        Warning FailedBinding persistentvolumeclaim/second from persistentvolume-controller: volume "shared" already bound to a different claim.
    "#]]
    .assert_eq(&state(&cluster));
}

#[test]
fn a_volume_reserved_for_a_claim_waits_for_it_and_no_other_claim_takes_it() {
    let mut cluster = kubeadm();
    create(
        &mut cluster,
        &volume_yaml(
            "reserved",
            "5Gi",
            "ReadWriteOnce",
            "  claimRef:\n    namespace: default\n    name: owner\n",
        ),
    );
    create(
        &mut cluster,
        &volume_yaml("small", "1Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &claim_yaml("stranger", "2Gi", "ReadWriteOnce", ""),
    );
    let before = state(&cluster);
    // The owner takes its reservation although `small` would fit it better.
    create(
        &mut cluster,
        &claim_yaml("owner", "1Gi", "ReadWriteOnce", ""),
    );
    let out = format!(
        "{before}\n{}\nvolume: {}\nclaim: {}\n",
        state(&cluster),
        annotations(&cluster, &pv_key("reserved")),
        annotations(&cluster, &pvc_key("owner")),
    );
    expect![[r#"
        reserved 5Gi RWO Retain Available default/owner -
        small 1Gi RWO Retain Available - -

        default/stranger Pending - - - <unset>

        Normal FailedBinding persistentvolumeclaim/stranger from persistentvolume-controller: no persistent volumes available for this claim and no storage class is set

        reserved 5Gi RWO Retain Bound default/owner -
        small 1Gi RWO Retain Available - -

        default/owner Bound reserved 5Gi RWO <unset>
        default/stranger Pending - - - <unset>

        Normal FailedBinding persistentvolumeclaim/stranger from persistentvolume-controller: no persistent volumes available for this claim and no storage class is set

        volume: 
        claim: pv.kubernetes.io/bind-completed=yes pv.kubernetes.io/bound-by-controller=yes
    "#]]
    .assert_eq(&out);
}

#[test]
fn a_reservation_carrying_another_uid_is_not_used() {
    let mut cluster = kubeadm();
    create(
        &mut cluster,
        &volume_yaml(
            "stale",
            "1Gi",
            "ReadWriteOnce",
            "  claimRef:\n    namespace: default\n    name: data\n    uid: 00000000-0000-4000-8000-000000000000\n",
        ),
    );
    create(
        &mut cluster,
        &claim_yaml("data", "1Gi", "ReadWriteOnce", ""),
    );
    expect![[r#"
        stale 1Gi RWO Retain Released default/data -

        default/data Pending - - - <unset>

        Normal FailedBinding persistentvolumeclaim/data from persistentvolume-controller: no persistent volumes available for this claim and no storage class is set
    "#]]
    .assert_eq(&state(&cluster));
}

const LOCAL_CLASS: &str = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: local\nprovisioner: kubernetes.io/no-provisioner\nvolumeBindingMode: WaitForFirstConsumer\n";

#[test]
fn wait_for_first_consumer_skips_unbound_volumes_but_not_reservations() {
    let mut cluster = kubeadm();
    create(&mut cluster, LOCAL_CLASS);
    create(
        &mut cluster,
        &volume_yaml(
            "free",
            "1Gi",
            "ReadWriteOnce",
            "  storageClassName: local\n",
        ),
    );
    create(
        &mut cluster,
        &volume_yaml(
            "kept",
            "1Gi",
            "ReadWriteOnce",
            "  storageClassName: local\n  claimRef:\n    namespace: default\n    name: reserved\n",
        ),
    );
    create(
        &mut cluster,
        &claim_yaml(
            "waiting",
            "1Gi",
            "ReadWriteOnce",
            "  storageClassName: local\n",
        ),
    );
    create(
        &mut cluster,
        &claim_yaml(
            "reserved",
            "1Gi",
            "ReadWriteOnce",
            "  storageClassName: local\n",
        ),
    );
    create(
        &mut cluster,
        &claim_yaml(
            "named",
            "1Gi",
            "ReadWriteOnce",
            "  storageClassName: local\n  volumeName: free\n",
        ),
    );
    expect![[r#"
        free 1Gi RWO Retain Bound default/named local
        kept 1Gi RWO Retain Bound default/reserved local

        default/named Bound free 1Gi RWO local
        default/reserved Bound kept 1Gi RWO local
        default/waiting Pending - - - local

        Normal WaitForFirstConsumer persistentvolumeclaim/waiting from persistentvolume-controller: waiting for first consumer to be created before binding
    "#]]
    .assert_eq(&state(&cluster));
}

#[test]
fn wait_for_first_consumer_names_the_pods_waiting_for_the_scheduler() {
    let mut cluster = kubeadm();
    // The pods must stay unscheduled for the binder to name them.
    cluster.scheduler.paused = true;
    create(&mut cluster, LOCAL_CLASS);
    create(
        &mut cluster,
        &claim_yaml(
            "data",
            "1Gi",
            "ReadWriteOnce",
            "  storageClassName: local\n",
        ),
    );
    for pod in ["app-0", "app-1"] {
        create(
            &mut cluster,
            &format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {pod}\nspec:\n  containers:\n  - name: c\n    image: nginx\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data\n"
            ),
        );
        wait(&mut cluster, 15_000);
    }
    expect![[r#"
        Normal WaitForFirstConsumer persistentvolumeclaim/data from persistentvolume-controller: waiting for first consumer to be created before binding
        Normal WaitForPodScheduled persistentvolumeclaim/data from persistentvolume-controller: waiting for pod app-0 to be scheduled
        Normal WaitForPodScheduled persistentvolumeclaim/data from persistentvolume-controller: waiting for pods app-0,app-1 to be scheduled
    "#]]
    .assert_eq(&events(&cluster));
    let claim = get(&cluster, &pvc_key("data"));
    assert!(matches!(claim, Some(Object::PersistentVolumeClaim(c)) if c.phase() == "Pending"));
}
