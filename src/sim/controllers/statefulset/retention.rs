//! `persistentVolumeClaimRetentionPolicy`: which ownerReferences the controller keeps on each
//! claim (§1.11 of the behaviour reference), after upstream `stateful_set_utils.go`
//! (`isClaimOwnerUpToDate`, `updateClaimOwnerRefForSetAndPod`, `hasUnexpectedController`,
//! `hasStaleOwnerRef`).
//!
//! | whenDeleted / whenScaled | refs on the claim of ordinal k |
//! |---|---|
//! | Retain / Retain | none from the set or the pod |
//! | Delete / Retain | controller ref to the set |
//! | Retain / Delete | controller ref to the pod, only while k is condemned |
//! | Delete / Delete | set while k is in range, pod while it is condemned |
//!
//! The garbage collector deletes the claims once their owner is gone; this module only writes
//! references. A claim with a stale reference (right name and kind, old uid) is left alone; a
//! claim with another controller has our references scrubbed and gets no new ones.
//!
//! Architecture Invariant: pure functions of (claim, set, pod identity, policy); no store access.

use crate::sim::model::{OwnerReference, PersistentVolumeClaim, StatefulSet};

/// The policy with empty fields read as `Retain` (`getPersistentVolumeClaimRetentionPolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    pub when_deleted_delete: bool,
    pub when_scaled_delete: bool,
}

impl RetentionPolicy {
    pub fn of(set: &StatefulSet) -> RetentionPolicy {
        let policy = set.spec.persistent_volume_claim_retention_policy.as_ref();
        RetentionPolicy {
            when_deleted_delete: policy.and_then(|p| p.when_deleted.as_deref()) == Some("Delete"),
            when_scaled_delete: policy.and_then(|p| p.when_scaled.as_deref()) == Some("Delete"),
        }
    }

    pub fn is_retain_retain(self) -> bool {
        !self.when_deleted_delete && !self.when_scaled_delete
    }
}

/// The parts of a pod the claim rules look at. A pod that is about to be created has no uid.
#[derive(Debug, Clone, Copy)]
pub struct PodIdentity<'a> {
    pub name: &'a str,
    pub uid: &'a str,
    /// Whether the pod's ordinal is outside the set's range (`!podInOrdinalRange`).
    pub scaled_down: bool,
}

/// The set's identity as the claim rules see it.
#[derive(Debug, Clone, Copy)]
pub struct SetIdentity<'a> {
    pub name: &'a str,
    pub uid: &'a str,
    pub policy: RetentionPolicy,
}

impl<'a> SetIdentity<'a> {
    pub fn of(set: &'a StatefulSet) -> SetIdentity<'a> {
        SetIdentity {
            name: &set.metadata.name,
            uid: &set.metadata.uid,
            policy: RetentionPolicy::of(set),
        }
    }
}

/// `matchesRef` for the set: same apiVersion, kind and name.
fn matches_set(reference: &OwnerReference, set: &SetIdentity) -> bool {
    reference.api_version == "apps/v1"
        && reference.kind == "StatefulSet"
        && reference.name == set.name
}

/// `matchesRef` for the pod.
fn matches_pod(reference: &OwnerReference, pod: &PodIdentity) -> bool {
    reference.api_version == "v1" && reference.kind == "Pod" && reference.name == pod.name
}

/// `hasStaleOwnerRef`: the first reference naming the object carries another uid.
pub fn has_stale_owner_ref_to_set(claim: &PersistentVolumeClaim, set: &SetIdentity) -> bool {
    claim
        .metadata
        .owner_references
        .iter()
        .find(|r| matches_set(r, set))
        .is_some_and(|r| r.uid != set.uid)
}

/// `hasStaleOwnerRef` for the pod (also true for a pod not yet created, whose uid is empty).
pub fn has_stale_owner_ref_to_pod(claim: &PersistentVolumeClaim, pod: &PodIdentity) -> bool {
    claim
        .metadata
        .owner_references
        .iter()
        .find(|r| matches_pod(r, pod))
        .is_some_and(|r| r.uid != pod.uid)
}

/// `hasOwnerRef`: any reference with this uid.
fn has_owner_ref(claim: &PersistentVolumeClaim, uid: &str) -> bool {
    claim.metadata.owner_references.iter().any(|r| r.uid == uid)
}

/// `hasUnexpectedController`: under a non-Retain policy, a controller other than the set or
/// the pod (or a stale reference to either) manages the claim.
pub fn has_unexpected_controller(
    claim: &PersistentVolumeClaim,
    set: &SetIdentity,
    pod: &PodIdentity,
) -> bool {
    if set.policy.is_retain_retain() {
        return false;
    }
    for reference in &claim.metadata.owner_references {
        if matches_set(reference, set) {
            if reference.uid != set.uid {
                return true;
            }
            continue;
        }
        if matches_pod(reference, pod) {
            if reference.uid != pod.uid {
                return true;
            }
            continue;
        }
        if reference.controller == Some(true) {
            return true;
        }
    }
    false
}

/// `hasNonControllerOwner`: the set or the pod owns the claim without being its controller.
fn has_non_controller_owner(
    claim: &PersistentVolumeClaim,
    set: &SetIdentity,
    pod: &PodIdentity,
) -> bool {
    claim.metadata.owner_references.iter().any(|r| {
        (r.uid == set.uid || (!pod.uid.is_empty() && r.uid == pod.uid))
            && r.controller != Some(true)
    })
}

/// `isClaimOwnerUpToDate`: whether the claim's references already follow the policy.
pub fn is_claim_owner_up_to_date(
    claim: &PersistentVolumeClaim,
    set: &SetIdentity,
    pod: &PodIdentity,
) -> bool {
    if has_stale_owner_ref_to_set(claim, set) || has_stale_owner_ref_to_pod(claim, pod) {
        return true;
    }
    let has_set = has_owner_ref(claim, set.uid);
    let has_pod = !pod.uid.is_empty() && has_owner_ref(claim, pod.uid);
    if has_unexpected_controller(claim, set, pod) {
        return !(has_set || has_pod);
    }
    if has_non_controller_owner(claim, set, pod) {
        return false;
    }
    match (
        set.policy.when_scaled_delete,
        set.policy.when_deleted_delete,
    ) {
        (false, false) => !has_set && !has_pod,
        (false, true) => has_set && !has_pod,
        (true, false) => !has_set && pod.scaled_down == has_pod,
        (true, true) => pod.scaled_down != has_set && pod.scaled_down == has_pod,
    }
}

/// `updateClaimOwnerRefForSetAndPod`: scrubs our references and adds the ones the policy asks
/// for, keeping every other owner.
pub fn update_claim_owner_ref_for_set_and_pod(
    claim: &mut PersistentVolumeClaim,
    set: &SetIdentity,
    pod: &PodIdentity,
) {
    let unexpected_controller = has_unexpected_controller(claim, set, pod);
    claim
        .metadata
        .owner_references
        .retain(|r| !matches_set(r, set) && !matches_pod(r, pod));
    if unexpected_controller {
        return;
    }
    let set_ref = OwnerReference {
        api_version: "apps/v1".into(),
        kind: "StatefulSet".into(),
        name: set.name.to_string(),
        uid: set.uid.to_string(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    };
    let pod_ref = OwnerReference {
        api_version: "v1".into(),
        kind: "Pod".into(),
        name: pod.name.to_string(),
        uid: pod.uid.to_string(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    };
    let refs = &mut claim.metadata.owner_references;
    let mut add = |reference: OwnerReference| {
        // `addControllerRef`: not twice for the same uid.
        if !refs.iter().any(|r| r.uid == reference.uid) {
            refs.push(reference);
        }
    };
    match (
        set.policy.when_scaled_delete,
        set.policy.when_deleted_delete,
    ) {
        (false, false) => {}
        (false, true) => add(set_ref),
        (true, false) => {
            if pod.scaled_down {
                add(pod_ref);
            }
        }
        (true, true) => {
            if pod.scaled_down {
                add(pod_ref);
            } else {
                add(set_ref);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(refs: Vec<OwnerReference>) -> PersistentVolumeClaim {
        let mut claim = PersistentVolumeClaim::default();
        claim.metadata.name = "www-web-1".into();
        claim.metadata.owner_references = refs;
        claim
    }

    fn set(deleted: bool, scaled: bool) -> SetIdentity<'static> {
        SetIdentity {
            name: "web",
            uid: "set-uid",
            policy: RetentionPolicy {
                when_deleted_delete: deleted,
                when_scaled_delete: scaled,
            },
        }
    }

    fn pod(scaled_down: bool) -> PodIdentity<'static> {
        PodIdentity {
            name: "web-1",
            uid: "pod-uid",
            scaled_down,
        }
    }

    fn owners(claim: &PersistentVolumeClaim) -> Vec<String> {
        claim
            .metadata
            .owner_references
            .iter()
            .map(|r| format!("{}/{}", r.kind, r.name))
            .collect()
    }

    #[test]
    fn each_policy_asks_for_its_references() {
        let cases = [
            ((false, false), false, vec![]),
            ((false, false), true, vec![]),
            ((true, false), false, vec!["StatefulSet/web"]),
            ((true, false), true, vec!["StatefulSet/web"]),
            ((false, true), false, vec![]),
            ((false, true), true, vec!["Pod/web-1"]),
            ((true, true), false, vec!["StatefulSet/web"]),
            ((true, true), true, vec!["Pod/web-1"]),
        ];
        for ((deleted, scaled), scaled_down, wanted) in cases {
            let set = set(deleted, scaled);
            let pod = pod(scaled_down);
            let mut c = claim(vec![]);
            let up_to_date = is_claim_owner_up_to_date(&c, &set, &pod);
            assert_eq!(
                up_to_date,
                wanted.is_empty(),
                "{deleted} {scaled} {scaled_down}"
            );
            update_claim_owner_ref_for_set_and_pod(&mut c, &set, &pod);
            assert_eq!(owners(&c), wanted, "{deleted} {scaled} {scaled_down}");
            assert!(is_claim_owner_up_to_date(&c, &set, &pod));
        }
    }

    #[test]
    fn another_controller_wins_and_stale_refs_are_left_alone() {
        let other = OwnerReference {
            api_version: "v1".into(),
            kind: "ConfigMap".into(),
            name: "x".into(),
            uid: "other".into(),
            controller: Some(true),
            block_owner_deletion: None,
        };
        let set = set(true, true);
        let pod = pod(false);
        let c = claim(vec![other.clone()]);
        assert!(has_unexpected_controller(&c, &set, &pod));
        assert!(is_claim_owner_up_to_date(&c, &set, &pod));
        let mut stale_set_ref = other.clone();
        stale_set_ref.api_version = "apps/v1".into();
        stale_set_ref.kind = "StatefulSet".into();
        stale_set_ref.name = "web".into();
        stale_set_ref.uid = "old".into();
        let c = claim(vec![stale_set_ref]);
        assert!(is_claim_owner_up_to_date(&c, &set, &pod));
        // Under Retain/Retain nobody is unexpected and our references are removed.
        let retain = self::set(false, false);
        let mut own = other;
        own.api_version = "apps/v1".into();
        own.kind = "StatefulSet".into();
        own.name = "web".into();
        own.uid = "set-uid".into();
        let mut c = claim(vec![own]);
        assert!(!is_claim_owner_up_to_date(&c, &retain, &pod));
        update_claim_owner_ref_for_set_and_pod(&mut c, &retain, &pod);
        assert!(c.metadata.owner_references.is_empty());
    }
}
