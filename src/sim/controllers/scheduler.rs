//! The scheduler. (Being written.)

use std::collections::BTreeSet;

use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

#[derive(Debug, Clone, Default)]
pub struct SchedulerState {
    /// Pods that could not be scheduled, retried on cluster changes.
    pub unschedulable: BTreeSet<ObjectKey>,
}

pub fn schedule(_cluster: &mut Cluster, _key: &ObjectKey) {}
