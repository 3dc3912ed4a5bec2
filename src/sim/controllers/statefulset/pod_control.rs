//! Creating, updating and deleting a set's pods and claims, with the events the controller
//! records for each (§1.16), after upstream `pkg/controller/statefulset/stateful_pod_control.go`
//! (`CreateStatefulPod`, `UpdateStatefulPod`, `DeleteStatefulPod`,
//! `createPersistentVolumeClaims`, `UpdatePodClaimForRetentionPolicy`, `PodClaimIsStale`).
//!
//! Every write goes through [`crate::sim::api`], so admission (defaulting, validation) applies;
//! an admission error becomes the `… failed error: <server message>` event text. Errors are
//! returned as the strings upstream's `error` values print, aggregated the way
//! `utilerrors.NewAggregate` prints several (`[a, b]`, duplicates dropped).
//!
//! Left out: conflict retries (the simulation has one writer at a time, so an update never
//! conflicts).
//!
//! Architecture Invariant: claim events come before the pod event of the same creation.

use crate::sim::api::{self, DeleteOptions};
use crate::sim::model::{Kind, Object, ObjectReference, Pod, StatefulSet};
use crate::sim::store::{ApiError, ObjectKey};
use crate::sim::world::Cluster;

use super::index::IndexParams;
use super::retention::{
    has_stale_owner_ref_to_pod, has_unexpected_controller, is_claim_owner_up_to_date,
    update_claim_owner_ref_for_set_and_pod, PodIdentity, SetIdentity,
};
use super::utils::{
    get_ordinal, get_persistent_volume_claim_name, get_persistent_volume_claims, identity_matches,
    storage_matches, update_identity, update_storage,
};

/// The component name on the controller's events.
pub const COMPONENT: &str = "statefulset-controller";

/// `involvedObject` of the controller's events: the set.
pub fn set_reference(set: &StatefulSet) -> ObjectReference {
    ObjectReference {
        api_version: "apps/v1".into(),
        kind: "StatefulSet".into(),
        namespace: set.metadata.namespace().to_string(),
        name: set.metadata.name.clone(),
        uid: set.metadata.uid.clone(),
        resource_version: set.metadata.resource_version.clone(),
        ..Default::default()
    }
}

/// `utilerrors.NewAggregate(errs).Error()`, or Ok when there are none.
pub fn aggregate(errors: Vec<String>) -> Result<(), String> {
    let mut seen: Vec<String> = Vec::new();
    for error in errors {
        if !seen.contains(&error) {
            seen.push(error);
        }
    }
    match seen.len() {
        0 => Ok(()),
        1 => Err(seen.remove(0)),
        _ => Err(format!("[{}]", seen.join(", "))),
    }
}

fn title(verb: &str) -> String {
    let mut chars = verb.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// `recordPodEvent`.
pub fn record_pod_event(
    cluster: &mut Cluster,
    set: &StatefulSet,
    verb: &str,
    pod_name: &str,
    result: &Result<(), String>,
) {
    let set_name = &set.metadata.name;
    let (type_, reason, message) = match result {
        Ok(()) => (
            "Normal",
            format!("Successful{}", title(verb)),
            format!("{verb} Pod {pod_name} in StatefulSet {set_name} successful"),
        ),
        Err(error) => (
            "Warning",
            format!("Failed{}", title(verb)),
            format!("{verb} Pod {pod_name} in StatefulSet {set_name} failed error: {error}"),
        ),
    };
    cluster.event(set_reference(set), type_, &reason, &message, COMPONENT);
}

/// `recordClaimEvent` (note the "for" that only the failure message has).
fn record_claim_event(
    cluster: &mut Cluster,
    set: &StatefulSet,
    verb: &str,
    pod_name: &str,
    claim_name: &str,
    result: &Result<(), String>,
) {
    let set_name = &set.metadata.name;
    let (type_, reason, message) = match result {
        Ok(()) => (
            "Normal",
            format!("Successful{}", title(verb)),
            format!("{verb} Claim {claim_name} Pod {pod_name} in StatefulSet {set_name} success"),
        ),
        Err(error) => (
            "Warning",
            format!("Failed{}", title(verb)),
            format!(
                "{verb} Claim {claim_name} for Pod {pod_name} in StatefulSet {set_name} failed error: {error}"
            ),
        ),
    };
    cluster.event(set_reference(set), type_, &reason, &message, COMPONENT);
}

fn claim_key(set: &StatefulSet, claim_name: &str) -> ObjectKey {
    ObjectKey::new(
        Kind::PersistentVolumeClaim,
        set.metadata.namespace(),
        claim_name,
    )
}

/// `createPersistentVolumeClaims`: creates the missing claims of the pod with this ordinal.
/// A claim that exists is reused as it is; one that is being deleted is an error.
pub fn create_persistent_volume_claims(
    cluster: &mut Cluster,
    set: &StatefulSet,
    pod_name: &str,
) -> Result<(), String> {
    let ordinal = get_ordinal(pod_name);
    let mut errors = Vec::new();
    for (_, claim) in get_persistent_volume_claims(set, ordinal) {
        let claim_name = claim.metadata.name.clone();
        let existing = cluster
            .store
            .get(&claim_key(set, &claim_name))
            .and_then(|o| o.as_pvc())
            .map(|c| c.metadata.is_deleting());
        match existing {
            None => {
                let result = api::create(cluster, Object::PersistentVolumeClaim(Box::new(claim)));
                if let Err(error) = &result {
                    errors.push(format!(
                        "failed to create PVC {claim_name}: {}",
                        error.server_message()
                    ));
                }
                if !matches!(result, Err(ApiError::AlreadyExists { .. })) {
                    let result = result.map(|_| ()).map_err(|e| e.server_message());
                    record_claim_event(cluster, set, "create", pod_name, &claim_name, &result);
                }
            }
            Some(true) => errors.push(format!("pvc {claim_name} is being deleted")),
            Some(false) => {}
        }
    }
    aggregate(errors)
}

/// `PodClaimIsStale`: under `whenScaled: Delete`, a claim still owned by an earlier pod of the
/// same name blocks creating this one until the garbage collector has removed it.
pub fn pod_claim_is_stale(cluster: &Cluster, params: &IndexParams, pod_name: &str) -> bool {
    if !params.policy.when_scaled_delete {
        return false;
    }
    let ordinal = get_ordinal(pod_name);
    let pod = PodIdentity {
        name: pod_name,
        uid: "",
        scaled_down: !params.in_range(ordinal),
    };
    params.templates.iter().any(|template| {
        let name = get_persistent_volume_claim_name(&params.set_name, template, ordinal);
        let key = ObjectKey::new(Kind::PersistentVolumeClaim, &params.namespace, &name);
        cluster
            .store
            .get(&key)
            .and_then(|o| o.as_pvc())
            .is_some_and(|claim| has_stale_owner_ref_to_pod(claim, &pod))
    })
}

/// `ClaimsMatchRetentionPolicy`: every existing claim of the pod follows the policy.
pub fn claims_match_retention_policy(
    cluster: &Cluster,
    set: &StatefulSet,
    params: &IndexParams,
    pod_name: &str,
    pod_uid: &str,
) -> bool {
    let ordinal = get_ordinal(pod_name);
    let set_identity = SetIdentity::of(set);
    let pod = PodIdentity {
        name: pod_name,
        uid: pod_uid,
        scaled_down: !params.in_range(ordinal),
    };
    params.templates.iter().all(|template| {
        let name = get_persistent_volume_claim_name(&params.set_name, template, ordinal);
        cluster
            .store
            .get(&claim_key(set, &name))
            .and_then(|o| o.as_pvc())
            .is_none_or(|claim| is_claim_owner_up_to_date(claim, &set_identity, &pod))
    })
}

/// `UpdatePodClaimForRetentionPolicy`: rewrites the references of every existing claim of the
/// pod that does not follow the policy, warning about claims another controller manages.
pub fn update_pod_claim_for_retention_policy(
    cluster: &mut Cluster,
    set: &StatefulSet,
    params: &IndexParams,
    pod_name: &str,
    pod_uid: &str,
) -> Result<(), String> {
    let ordinal = get_ordinal(pod_name);
    let set_identity = SetIdentity::of(set);
    let pod = PodIdentity {
        name: pod_name,
        uid: pod_uid,
        scaled_down: !params.in_range(ordinal),
    };
    for template in &params.templates {
        let claim_name = get_persistent_volume_claim_name(&params.set_name, template, ordinal);
        let Some(claim) = cluster
            .store
            .get(&claim_key(set, &claim_name))
            .and_then(|o| o.as_pvc())
            .cloned()
        else {
            continue;
        };
        if has_unexpected_controller(&claim, &set_identity, &pod) {
            let message = format!(
                "PersistentVolumeClaim {claim_name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim"
            );
            cluster.event(
                set_reference(set),
                "Warning",
                "ConflictingController",
                &message,
                COMPONENT,
            );
        }
        if !is_claim_owner_up_to_date(&claim, &set_identity, &pod) {
            let mut claim = claim;
            update_claim_owner_ref_for_set_and_pod(&mut claim, &set_identity, &pod);
            if let Err(error) = api::update(cluster, Object::PersistentVolumeClaim(Box::new(claim)))
            {
                return Err(format!(
                    "could not update claim {claim_name} for delete policy ownerRefs: {}",
                    error.server_message()
                ));
            }
        }
    }
    Ok(())
}

/// `createMissingPersistentVolumeClaims`: for a Pending pod whose claims were deleted.
pub fn create_missing_persistent_volume_claims(
    cluster: &mut Cluster,
    set: &StatefulSet,
    params: &IndexParams,
    pod_name: &str,
    pod_uid: &str,
) -> Result<(), String> {
    create_persistent_volume_claims(cluster, set, pod_name)?;
    if let Err(error) =
        update_pod_claim_for_retention_policy(cluster, set, params, pod_name, pod_uid)
    {
        record_pod_event(cluster, set, "update", pod_name, &Err(error.clone()));
        return Err(error);
    }
    Ok(())
}

/// `CreateStatefulPod`: claims first, then the pod, then the claims' references as far as
/// they can be set before the pod has a uid. A name collision (`AlreadyExists`) is returned
/// without an event.
pub fn create_stateful_pod(
    cluster: &mut Cluster,
    set: &StatefulSet,
    params: &IndexParams,
    pod: Pod,
) -> Result<(), String> {
    let pod_name = pod.metadata.name.clone();
    if let Err(error) = create_persistent_volume_claims(cluster, set, &pod_name) {
        record_pod_event(cluster, set, "create", &pod_name, &Err(error.clone()));
        return Err(error);
    }
    let result = api::create(cluster, Object::Pod(Box::new(pod)));
    if let Err(error @ ApiError::AlreadyExists { .. }) = &result {
        return Err(error.server_message());
    }
    if let Err(error) = update_pod_claim_for_retention_policy(cluster, set, params, &pod_name, "") {
        record_pod_event(cluster, set, "update", &pod_name, &Err(error.clone()));
        return Err(error);
    }
    let result = result.map(|_| ()).map_err(|e| e.server_message());
    record_pod_event(cluster, set, "create", &pod_name, &result);
    result
}

/// `UpdateStatefulPod`: repairs identity, storage and claim references; records an event when
/// it had to write the pod.
pub fn update_stateful_pod(
    cluster: &mut Cluster,
    set: &StatefulSet,
    params: &IndexParams,
    mut pod: Pod,
) -> Result<(), String> {
    let pod_name = pod.metadata.name.clone();
    let mut consistent = true;
    if !identity_matches(set, &pod) {
        update_identity(set, &mut pod);
        consistent = false;
    }
    if !storage_matches(set, &pod) {
        update_storage(set, &mut pod);
        consistent = false;
        if let Err(error) = create_persistent_volume_claims(cluster, set, &pod_name) {
            record_pod_event(cluster, set, "update", &pod_name, &Err(error.clone()));
            return Err(error);
        }
    }
    let uid = pod.metadata.uid.clone();
    if !claims_match_retention_policy(cluster, set, params, &pod_name, &uid) {
        if let Err(error) =
            update_pod_claim_for_retention_policy(cluster, set, params, &pod_name, &uid)
        {
            record_pod_event(cluster, set, "update", &pod_name, &Err(error.clone()));
            return Err(error);
        }
        consistent = false;
    }
    if consistent {
        return Ok(());
    }
    let result = api::update(cluster, Object::Pod(Box::new(pod))).map_err(|e| e.server_message());
    record_pod_event(cluster, set, "update", &pod_name, &result);
    result
}

/// `DeleteStatefulPod`: deletes the pod (its claims stay) with the pod's own grace period.
pub fn delete_stateful_pod(
    cluster: &mut Cluster,
    set: &StatefulSet,
    pod_name: &str,
) -> Result<(), ApiError> {
    let key = ObjectKey::new(Kind::Pod, set.metadata.namespace(), pod_name);
    let result = api::delete(cluster, &key, DeleteOptions::default()).map(|_| ());
    let printed = result.clone().map_err(|e| e.server_message());
    record_pod_event(cluster, set, "delete", pod_name, &printed);
    result
}
