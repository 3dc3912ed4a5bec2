//! Writing a StatefulSet's status (§1.9), after upstream `stateful_set_utils.go`
//! (`completeRollingUpdate`, `inconsistentStatus`) and `stateful_set_control.go`
//! (`updateStatefulSetStatus`).
//!
//! The status is replaced as a whole, as upstream's status updater does (so fields the
//! controller does not compute, such as conditions written by someone else, are dropped on its
//! next write), and only when one of the compared fields differs.
//!
//! Architecture Invariant: the status is written straight to the store (a status-subresource
//! write, which admission does not touch), never through `crate::sim::api::update`.

use crate::sim::model::{StatefulSet, StatefulSetStatus};
use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

/// `completeRollingUpdate`: once every replica is updated and ready, the update revision
/// becomes the current one.
pub fn complete_rolling_update(set: &StatefulSet, status: &mut StatefulSetStatus) {
    let replicas = set.replicas();
    if set.update_strategy_type() == "RollingUpdate"
        && status.updated_replicas == replicas
        && status.ready_replicas == replicas
        && status.replicas == replicas
    {
        status.current_replicas = status.updated_replicas;
        status.current_revision = status.update_revision.clone();
    }
}

/// `inconsistentStatus`: whether the new status differs from the stored one in a way worth a
/// write. (`collisionCount` alone is not, as upstream.)
pub fn inconsistent_status(set: &StatefulSet, status: &StatefulSetStatus) -> bool {
    let old = &set.status;
    status.observed_generation.unwrap_or(0) > old.observed_generation.unwrap_or(0)
        || status.replicas != old.replicas
        || status.current_replicas != old.current_replicas
        || status.ready_replicas != old.ready_replicas
        || status.updated_replicas != old.updated_replicas
        || status.current_revision != old.current_revision
        || status.available_replicas != old.available_replicas
        || status.update_revision != old.update_revision
}

/// `updateStatefulSetStatus`: completes a finished rolling update and writes the status if it
/// changed.
pub fn update_stateful_set_status(
    cluster: &mut Cluster,
    set: &StatefulSet,
    mut status: StatefulSetStatus,
) -> Result<(), String> {
    complete_rolling_update(set, &mut status);
    if !inconsistent_status(set, &status) {
        return Ok(());
    }
    let key = ObjectKey::new(
        crate::sim::model::Kind::StatefulSet,
        set.metadata.namespace(),
        &set.metadata.name,
    );
    cluster
        .store
        .modify(&key, |object| {
            if let Some(stored) = object.as_stateful_set_mut() {
                stored.status = status;
            }
        })
        .map_err(|e| e.server_message())
}
