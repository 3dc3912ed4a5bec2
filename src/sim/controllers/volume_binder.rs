//! The PersistentVolume controller and provisioners. (Being written.)

use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

pub fn sync_claim(_cluster: &mut Cluster, _key: &ObjectKey) {}

pub fn sync_volume(_cluster: &mut Cluster, _key: &ObjectKey) {}
