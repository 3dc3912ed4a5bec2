//! The garbage collector. (Being written.)

use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

pub fn process(_cluster: &mut Cluster, _key: &ObjectKey) {}
