//! Admission: what the API server does between receiving an object and storing it —
//! defaulting, validation, protection finalizers, generation bumps and immutable fields.
//! (Being written: for now objects are stored as given.)

use crate::sim::model::Object;
use crate::sim::store::{ApiError, ObjectKey};
use crate::sim::world::Cluster;

/// How a delete propagates to dependents (`--cascade`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Propagation {
    #[default]
    Background,
    Foreground,
    Orphan,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct DeleteOptions {
    pub grace_period_seconds: Option<i64>,
    pub propagation: Propagation,
}

/// Creates an object as `POST` does: defaults, validates, adds finalizers, stores.
pub fn create(cluster: &mut Cluster, object: Object) -> Result<ObjectKey, ApiError> {
    let now = cluster.now;
    cluster.store.insert(object, now)
}

/// Replaces an object as `PUT` does (status is kept from the stored object).
pub fn update(cluster: &mut Cluster, object: Object) -> Result<(), ApiError> {
    cluster.store.update(object)
}

/// Deletes an object as `DELETE` does.
pub fn delete(
    cluster: &mut Cluster,
    key: &ObjectKey,
    options: DeleteOptions,
) -> Result<bool, ApiError> {
    let now = cluster.now;
    cluster.store.delete(key, options.grace_period_seconds, now)
}
