//! The StatefulSet controller. (Being written.)

use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

/// One reconcile pass of one StatefulSet.
pub fn sync(_cluster: &mut Cluster, _key: &ObjectKey) {}
