//! StatefulSet Playground: a deterministic simulation of a small Kubernetes cluster
//! (StatefulSets, headless Services, PersistentVolumes and their claims) and of the
//! kubectl that drives it. The page (wasm32) and the command line (native) are two
//! faces of the same core in [`sim`].

pub mod sim;

/// Guided lessons: data under `lessons/`, their goal checks and their verification.
pub mod lessons;

/// A session as a Markdown handout (`run --markdown`).
pub mod handout;

/// Share links: a session packed into a URL fragment.
pub mod share;

/// Export: the manifests and a `replay.sh` for a real cluster.
pub mod export;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

/// The page. Its state and its hold on the simulation are plain Rust (tested natively); the
/// Yew components inside compile for wasm32 only.
pub mod ui;
