//! Claims from volumeClaimTemplates (§1.3) and the retention policy's ownerReferences (§1.11).

mod statefulset_support;

use expect_test::expect;
use statefulset_support::{web, Sim};
use sts_playground::sim::model::{Kind, Object, OwnerReference, PersistentVolumeClaim};
use sts_playground::sim::store::ObjectKey;

fn claim(sim: &Sim, name: &str) -> Option<PersistentVolumeClaim> {
    sim.cluster
        .store
        .get(&ObjectKey::new(
            Kind::PersistentVolumeClaim,
            "default",
            name,
        ))
        .and_then(|o| o.as_pvc())
        .cloned()
}

/// `www-web-0 owners=StatefulSet/web` for every claim.
fn owners(sim: &Sim) -> String {
    let mut out = String::new();
    for name in sim.claims() {
        let claim = claim(sim, &name).unwrap();
        let owners: Vec<String> = claim
            .metadata
            .owner_references
            .iter()
            .map(|r| {
                let controller = if r.controller == Some(true) { "*" } else { "" };
                format!("{}/{}{controller}", r.kind, r.name)
            })
            .collect();
        out.push_str(&format!("{name} owners=[{}]\n", owners.join(",")));
    }
    out
}

fn policy(when_deleted: &str, when_scaled: &str) -> String {
    format!(
        "  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: {when_deleted}\n    whenScaled: {when_scaled}\n"
    )
}

/// The claim of a pod carries the template's labels plus the selector's, and the pod mounts it
/// through a volume named after the template.
#[test]
fn claims_are_labelled_and_wired_into_pods() {
    let mut sim = Sim::new(&web(1, "OrderedReady", ""), "web");
    sim.run_for(4);
    let claim = claim(&sim, "www-web-0").unwrap();
    assert_eq!(
        claim.metadata.labels.get("app").map(String::as_str),
        Some("nginx")
    );
    assert_eq!(claim.spec.access_modes, ["ReadWriteOnce"]);
    let pod = sim.pod("web-0").unwrap();
    assert_eq!(pod.spec.volumes[0].name, "www");
    assert_eq!(
        pod.spec.volumes[0]
            .persistent_volume_claim
            .as_ref()
            .unwrap()
            .claim_name,
        "www-web-0"
    );
    assert_eq!(pod.metadata.generate_name.as_deref(), Some("web-"));
    let owner = &pod.metadata.owner_references[0];
    assert_eq!(
        (
            owner.kind.as_str(),
            owner.name.as_str(),
            owner.controller,
            owner.block_owner_deletion
        ),
        ("StatefulSet", "web", Some(true), Some(true))
    );
    let revision = sim.stateful_set().status.update_revision;
    let mut labels = pod.metadata.labels.clone();
    assert_eq!(labels.remove("controller-revision-hash"), Some(revision));
    expect![[r#"
        {
            "app": "nginx",
            "apps.kubernetes.io/pod-index": "0",
            "statefulset.kubernetes.io/pod-name": "web-0",
        }
    "#]]
    .assert_debug_eq(&labels);
}

/// Each retention policy, after scaling 3 → 1: which claims point at the set, which at their
/// (condemned) pod.
#[test]
fn each_retention_policy_sets_its_owner_references() {
    let mut out = String::new();
    for (deleted, scaled) in [
        ("Retain", "Retain"),
        ("Delete", "Retain"),
        ("Retain", "Delete"),
        ("Delete", "Delete"),
    ] {
        let mut sim = Sim::new(&web(3, "OrderedReady", &policy(deleted, scaled)), "web");
        sim.run_for(12);
        sim.scale(1);
        // The references are written before the condemned pod is deleted.
        out.push_str(&format!(
            "whenDeleted={deleted} whenScaled={scaled}\n{}",
            owners(&sim)
        ));
    }
    expect![[r#"
        whenDeleted=Retain whenScaled=Retain
        www-web-0 owners=[]
        www-web-1 owners=[]
        www-web-2 owners=[]
        whenDeleted=Delete whenScaled=Retain
        www-web-0 owners=[StatefulSet/web*]
        www-web-1 owners=[StatefulSet/web*]
        www-web-2 owners=[StatefulSet/web*]
        whenDeleted=Retain whenScaled=Delete
        www-web-0 owners=[]
        www-web-1 owners=[Pod/web-1*]
        www-web-2 owners=[Pod/web-2*]
        whenDeleted=Delete whenScaled=Delete
        www-web-0 owners=[StatefulSet/web*]
        www-web-1 owners=[Pod/web-1*]
        www-web-2 owners=[Pod/web-2*]
    "#]]
    .assert_eq(&out);
}

/// Changing the policy back to Retain/Retain removes the references again, which counts as an
/// update of each pod.
#[test]
fn switching_the_policy_back_scrubs_references() {
    let mut sim = Sim::new(&web(2, "OrderedReady", &policy("Delete", "Retain")), "web");
    sim.run_for(8);
    sim.edit(|set| set.spec.persistent_volume_claim_retention_policy = None);
    sim.run_for(1);
    expect![[r#"
        www-web-0 owners=[]
        www-web-1 owners=[]
    "#]]
    .assert_eq(&owners(&sim));
    assert!(sim
        .events()
        .contains("Normal SuccessfulUpdate: update Pod web-1 in StatefulSet web successful"));
}

/// A claim another controller manages is left alone, with upstream's (misspelt) warning.
#[test]
fn a_conflicting_controller_is_reported() {
    let mut sim = Sim::new("", "web");
    let mut foreign = PersistentVolumeClaim::default();
    foreign.metadata.name = "www-web-0".into();
    foreign.metadata.namespace = Some("default".into());
    foreign.spec.access_modes = vec!["ReadWriteOnce".into()];
    foreign.spec.resources.requests.insert(
        "storage".into(),
        sts_playground::sim::quantity::Quantity::parse("1Gi").unwrap(),
    );
    foreign.metadata.owner_references = vec![OwnerReference {
        api_version: "example.com/v1".into(),
        kind: "Database".into(),
        name: "db".into(),
        uid: "db-uid".into(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }];
    sts_playground::sim::api::create(
        &mut sim.cluster,
        Object::PersistentVolumeClaim(Box::new(foreign)),
    )
    .unwrap();
    sim.create(&web(1, "OrderedReady", &policy("Delete", "Retain")));
    sim.run_for(4);
    expect![[r#"
        www-web-0 owners=[Database/db*]
    "#]]
    .assert_eq(&owners(&sim));
    let events = sim.events();
    assert!(
        events.contains("Warning ConflictingController: PersistentVolumeClaim www-web-0 has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim"),
        "{events}"
    );
}

/// §1.3: a Pending pod whose claim was deleted gets the claim back.
#[test]
fn a_pending_pods_missing_claim_is_recreated() {
    let mut sim = Sim::new(&web(1, "OrderedReady", ""), "web");
    sim.kubelet.held.insert("web-0".into());
    sim.run_for(2);
    let key = ObjectKey::new(Kind::PersistentVolumeClaim, "default", "www-web-0");
    let old_uid = claim(&sim, "www-web-0").unwrap().metadata.uid;
    sim.cluster.store.remove(&key);
    sim.cluster.settle();
    let new = claim(&sim, "www-web-0").expect("re-created");
    assert_ne!(new.metadata.uid, old_uid);
    expect![[r#"
        Normal SuccessfulCreate: create Pod web-0 in StatefulSet web successful
        Normal SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success (x2)
    "#]]
    .assert_eq(&sim.events());
}

/// §1.3: a claim that is being deleted makes pod creation fail, retried with backoff, until
/// the claim is gone.
#[test]
fn a_claim_being_deleted_blocks_its_pod() {
    let mut sim = Sim::new("", "web");
    let mut doomed = PersistentVolumeClaim::default();
    doomed.metadata.name = "www-web-0".into();
    doomed.metadata.namespace = Some("default".into());
    // A finalizer no controller removes (pvc-protection would let an unused claim go at once).
    doomed.metadata.finalizers = vec!["example.com/hold".into()];
    doomed.spec.access_modes = vec!["ReadWriteOnce".into()];
    doomed.spec.resources.requests.insert(
        "storage".into(),
        sts_playground::sim::quantity::Quantity::parse("1Gi").unwrap(),
    );
    let key = sts_playground::sim::api::create(
        &mut sim.cluster,
        Object::PersistentVolumeClaim(Box::new(doomed)),
    )
    .unwrap();
    sim.cluster.store.delete(&key, None, 0).unwrap();
    sim.lines.clear();
    sim.create(&web(1, "OrderedReady", ""));
    sim.run_for(10);
    assert!(sim.lines.is_empty(), "{:?}", sim.lines);
    let events = sim.events();
    assert!(
        events.starts_with("Warning FailedCreate: create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted (x"),
        "{events}"
    );
    // Once the protection finalizer goes, the claim disappears and the pod is created with a
    // fresh claim.
    sim.cluster
        .store
        .modify(&key, |o| o.meta_mut().finalizers.clear())
        .unwrap();
    sim.run_for(20);
    expect![[r#"
        t=11s web-0 Pending A
        t=12s web-0 Running A
        t=13s web-0 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
}

/// §1.4 step 8b: under whenScaled=Delete a claim still owned by an earlier pod of the same name
/// blocks re-creating the pod until the garbage collector has removed it.
#[test]
fn a_stale_claim_blocks_recreation_under_when_scaled_delete() {
    let mut sim = Sim::new(&web(2, "OrderedReady", &policy("Retain", "Delete")), "web");
    sim.run_for(8);
    // Hold web-1's claim with a finalizer nobody removes, so that after the garbage collector's
    // delete it lingers with its stale owner reference, as it does on a real cluster for the
    // moment between the pod's removal and the claim's.
    let held = ObjectKey::new(Kind::PersistentVolumeClaim, "default", "www-web-1");
    sim.cluster
        .store
        .modify(&held, |o| {
            o.meta_mut().finalizers.push("example.com/hold".into())
        })
        .unwrap();
    sim.scale(1);
    sim.run_for(12);
    // web-1 is gone; its claim still points at the old pod.
    assert_eq!(
        owners(&sim),
        "www-web-0 owners=[]\nwww-web-1 owners=[Pod/web-1*]\n"
    );
    sim.lines.clear();
    sim.scale(2);
    sim.run_for(10);
    assert!(sim.lines.is_empty(), "{:?}", sim.lines);
    // The garbage collector deletes the claim; now web-1 is created with a new one.
    let key = ObjectKey::new(Kind::PersistentVolumeClaim, "default", "www-web-1");
    sim.cluster.store.remove(&key);
    sim.run_for(4);
    expect![[r#"
        t=31s web-0 Running/Ready A | web-1 Pending A
        t=32s web-0 Running/Ready A | web-1 Running A
        t=33s web-0 Running/Ready A | web-1 Running/Ready A
    "#]]
    .assert_eq(&sim.transcript());
}
