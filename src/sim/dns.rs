//! Placeholder until cluster DNS and virtual Endpoints land (branch `node`).

use crate::sim::model::Endpoints;
use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

pub fn endpoints_for(_cluster: &Cluster, _service: &ObjectKey) -> Option<Endpoints> {
    None
}
