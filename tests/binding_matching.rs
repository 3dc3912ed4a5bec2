//! How an unbound claim picks a static volume (§2.2 of the behaviour reference): access-mode
//! groups, exact sizes, classes, selectors, volume modes, and the 15 s resync.

mod binding_support;

use binding_support::*;
use expect_test::expect;
use sts_playground::sim::world::{Cluster, Preset};

fn kubeadm() -> Cluster {
    Cluster::new(Preset::Kubeadm, 11)
}

#[test]
fn a_bigger_volume_with_exactly_the_requested_modes_beats_a_smaller_one_with_extra_modes() {
    let mut cluster = kubeadm();
    create(
        &mut cluster,
        &volume_yaml("rwo-10g", "10Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &volume_yaml("rwo-rox-1g", "1Gi", "ReadWriteOnce,ReadOnlyMany", ""),
    );
    create(
        &mut cluster,
        &volume_yaml(
            "all-1g",
            "1Gi",
            "ReadWriteOnce,ReadOnlyMany,ReadWriteMany",
            "",
        ),
    );
    create(&mut cluster, &claim_yaml("rwo", "1Gi", "ReadWriteOnce", ""));
    // The RWO group is tried first and holds a fit; RWO,ROX comes next for the second claim.
    create(
        &mut cluster,
        &claim_yaml("rwo-again", "1Gi", "ReadWriteOnce", ""),
    );
    // Only the all-modes group offers RWX.
    create(&mut cluster, &claim_yaml("rwx", "1Gi", "ReadWriteMany", ""));
    expect![[r#"
        all-1g 1Gi RWO,ROX,RWX Retain Bound default/rwx -
        rwo-10g 10Gi RWO Retain Bound default/rwo -
        rwo-rox-1g 1Gi RWO,ROX Retain Bound default/rwo-again -

        default/rwo Bound rwo-10g 10Gi RWO <unset>
        default/rwo-again Bound rwo-rox-1g 1Gi RWO,ROX <unset>
        default/rwx Bound all-1g 1Gi RWO,ROX,RWX <unset>

    "#]]
    .assert_eq(&state(&cluster));
}

#[test]
fn a_1g_volume_does_not_satisfy_a_1gi_claim_and_the_smallest_fit_wins() {
    let mut cluster = kubeadm();
    create(
        &mut cluster,
        &volume_yaml("decimal-1g", "1G", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &volume_yaml("big", "3Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &volume_yaml("exact", "1024Mi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &claim_yaml("one-gi", "1Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &claim_yaml("another", "1Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &claim_yaml("third", "1Gi", "ReadWriteOnce", ""),
    );
    expect![[r#"
        big 3Gi RWO Retain Bound default/another -
        decimal-1g 1G RWO Retain Available - -
        exact 1Gi RWO Retain Bound default/one-gi -

        default/another Bound big 3Gi RWO <unset>
        default/one-gi Bound exact 1Gi RWO <unset>
        default/third Pending - - - <unset>

        Normal FailedBinding persistentvolumeclaim/third from persistentvolume-controller: no persistent volumes available for this claim and no storage class is set
    "#]]
    .assert_eq(&state(&cluster));
}

#[test]
fn classes_empty_unset_and_named_match_only_their_own_volumes() {
    let mut cluster = kubeadm();
    create(
        &mut cluster,
        &volume_yaml("no-class-a", "1Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &volume_yaml(
            "no-class-b",
            "1Gi",
            "ReadWriteOnce",
            "  storageClassName: \"\"\n",
        ),
    );
    create(
        &mut cluster,
        &volume_yaml("fast", "1Gi", "ReadWriteOnce", "  storageClassName: fast\n"),
    );
    create(
        &mut cluster,
        &claim_yaml(
            "wants-fast",
            "1Gi",
            "ReadWriteOnce",
            "  storageClassName: fast\n",
        ),
    );
    create(
        &mut cluster,
        &claim_yaml(
            "wants-none",
            "1Gi",
            "ReadWriteOnce",
            "  storageClassName: \"\"\n",
        ),
    );
    create(
        &mut cluster,
        &claim_yaml("unset", "1Gi", "ReadWriteOnce", ""),
    );
    // Nothing is left: the unset claim has no class to provision from, the named one has no
    // StorageClass object at all.
    create(
        &mut cluster,
        &claim_yaml("unset-2", "1Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        &claim_yaml("slow", "1Gi", "ReadWriteOnce", "  storageClassName: slow\n"),
    );
    expect![[r#"
        fast 1Gi RWO Retain Bound default/wants-fast fast
        no-class-a 1Gi RWO Retain Bound default/wants-none -
        no-class-b 1Gi RWO Retain Bound default/unset -

        default/slow Pending - - - slow
        default/unset Bound no-class-b 1Gi RWO <unset>
        default/unset-2 Pending - - - <unset>
        default/wants-fast Bound fast 1Gi RWO fast
        default/wants-none Bound no-class-a 1Gi RWO ""

        Normal FailedBinding persistentvolumeclaim/unset-2 from persistentvolume-controller: no persistent volumes available for this claim and no storage class is set
        Warning ProvisioningFailed persistentvolumeclaim/slow from persistentvolume-controller: storageclass.storage.k8s.io "slow" not found
    "#]]
    .assert_eq(&state(&cluster));
}

#[test]
fn a_selector_limits_the_candidates_to_labelled_volumes() {
    let mut cluster = kubeadm();
    create(
        &mut cluster,
        &volume_yaml("plain", "1Gi", "ReadWriteOnce", ""),
    );
    create(
        &mut cluster,
        "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: labelled\n  labels:\n    tier: db\nspec:\n  capacity:\n    storage: 8Gi\n  accessModes: [ReadWriteOnce]\n  nfs:\n    server: nfs.example\n    path: /db\n",
    );
    create(
        &mut cluster,
        &claim_yaml(
            "db",
            "1Gi",
            "ReadWriteOnce",
            "  selector:\n    matchLabels:\n      tier: db\n",
        ),
    );
    create(
        &mut cluster,
        &claim_yaml("cache", "1Gi", "ReadWriteOnce", "  selector:\n    matchExpressions:\n    - {key: tier, operator: In, values: [cache]}\n"),
    );
    expect![[r#"
        labelled 8Gi RWO Retain Bound default/db -
        plain 1Gi RWO Retain Available - -

        default/cache Pending - - - <unset>
        default/db Bound labelled 8Gi RWO <unset>

        Normal FailedBinding persistentvolumeclaim/cache from persistentvolume-controller: no persistent volumes available for this claim and no storage class is set
    "#]]
    .assert_eq(&state(&cluster));
}

#[test]
fn volume_modes_must_agree_with_unset_meaning_filesystem() {
    let mut cluster = kubeadm();
    create(
        &mut cluster,
        &volume_yaml("block", "1Gi", "ReadWriteOnce", "  volumeMode: Block\n"),
    );
    create(
        &mut cluster,
        &volume_yaml(
            "filesystem",
            "5Gi",
            "ReadWriteOnce",
            "  volumeMode: Filesystem\n",
        ),
    );
    create(&mut cluster, &claim_yaml("fs", "1Gi", "ReadWriteOnce", ""));
    create(
        &mut cluster,
        &claim_yaml("raw", "1Gi", "ReadWriteOnce", "  volumeMode: Block\n"),
    );
    create(
        &mut cluster,
        &claim_yaml("raw-2", "1Gi", "ReadWriteOnce", "  volumeMode: Block\n"),
    );
    expect![[r#"
        block 1Gi RWO Retain Bound default/raw -
        filesystem 5Gi RWO Retain Bound default/fs -

        default/fs Bound filesystem 5Gi RWO <unset>
        default/raw Bound block 1Gi RWO <unset>
        default/raw-2 Pending - - - <unset>

        Normal FailedBinding persistentvolumeclaim/raw-2 from persistentvolume-controller: no persistent volumes available for this claim and no storage class is set
    "#]]
    .assert_eq(&state(&cluster));
}

#[test]
fn a_volume_created_after_the_claim_is_found_on_the_15s_resync() {
    let mut cluster = kubeadm();
    wait(&mut cluster, 1_000);
    create(
        &mut cluster,
        &claim_yaml("early", "1Gi", "ReadWriteOnce", ""),
    );
    wait(&mut cluster, 2_000);
    create(
        &mut cluster,
        &volume_yaml("late", "1Gi", "ReadWriteOnce", ""),
    );
    let before = format!("at {} ms:\n{}", cluster.now, state(&cluster));
    // The resync timer fires at 15 s of cluster time.
    wait(&mut cluster, 11_999);
    let still = format!("at {} ms:\n{}", cluster.now, claims(&cluster));
    wait(&mut cluster, 1);
    let after = format!("at {} ms:\n{}", cluster.now, state(&cluster));
    expect![[r#"
        at 3000 ms:
        late 1Gi RWO Retain Available - -

        default/early Pending - - - <unset>

        Normal FailedBinding persistentvolumeclaim/early from persistentvolume-controller: no persistent volumes available for this claim and no storage class is set

        at 14999 ms:
        default/early Pending - - - <unset>

        at 15000 ms:
        late 1Gi RWO Retain Bound default/early -

        default/early Bound late 1Gi RWO <unset>

        Normal FailedBinding persistentvolumeclaim/early from persistentvolume-controller: no persistent volumes available for this claim and no storage class is set
    "#]]
    .assert_eq(&format!("{before}\n{still}\n{after}"));
}

#[test]
fn a_pending_claim_repeats_failed_binding_on_every_resync() {
    let mut cluster = kubeadm();
    create(
        &mut cluster,
        &claim_yaml("lonely", "1Gi", "ReadWriteOnce", ""),
    );
    wait(&mut cluster, 46_000);
    expect![[r#"
        Normal FailedBinding persistentvolumeclaim/lonely (x4) from persistentvolume-controller: no persistent volumes available for this claim and no storage class is set
    "#]]
    .assert_eq(&events(&cluster));
}
