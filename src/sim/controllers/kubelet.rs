//! The kubelet. (Being written.)

use crate::sim::store::ObjectKey;
use crate::sim::world::Cluster;

#[derive(Debug, Clone, Default)]
pub struct KubeletState {}

#[derive(Debug, Clone, PartialEq)]
pub enum KubeletTimer {}

pub fn sync_pod(_cluster: &mut Cluster, _key: &ObjectKey) {}

pub fn on_timer(_cluster: &mut Cluster, timer: KubeletTimer) {
    match timer {}
}
