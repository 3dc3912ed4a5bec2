//! The control plane and node agents, each a level-triggered sync over the store:
//! `statefulset` (the StatefulSet controller), `volume_binder` (the PV controller and the
//! provisioners), `scheduler`, `kubelet` and `gc` (the garbage collector).
//!
//! Architecture Invariant: a controller changes the cluster only through the store (and its
//! own state and timers in [`crate::sim::world::Cluster`]); it never calls another controller.

pub mod gc;
pub mod kubelet;
pub mod scheduler;
pub mod statefulset;
pub mod volume_binder;
