//! Every lesson, compiled into the binary: a hand-kept list of the folders under `lessons/` and
//! the manifests each one starts from. A test compares this list with the folders on disk, so a
//! lesson or a manifest that is added there and forgotten here fails `cargo test`.
//!
//! Architecture Invariant: the order here is the order in which lessons are listed and taught.

use super::LessonSource;

/// One lesson folder: its `lesson.yaml`, both texts, both scripts and the listed manifests.
macro_rules! lesson {
    ($dir:literal, [$($file:literal),* $(,)?]) => {
        LessonSource {
            dir: $dir,
            meta: include_str!(concat!("../../lessons/", $dir, "/lesson.yaml")),
            en: include_str!(concat!("../../lessons/", $dir, "/lesson.en.md")),
            zh: include_str!(concat!("../../lessons/", $dir, "/lesson.zh.md")),
            setup: include_str!(concat!("../../lessons/", $dir, "/setup.sh")),
            solution: include_str!(concat!("../../lessons/", $dir, "/solution.sh")),
            files: &[$(($file, include_str!(concat!("../../lessons/", $dir, "/", $file)))),*],
        }
    };
}

/// The lessons, in teaching order.
#[rustfmt::skip]
pub const SOURCES: &[LessonSource] = &[
    lesson!("01-network-identity", ["pv-demo.yaml", "stateful-demo.yaml"]),
    lesson!("02-stable-storage", ["pv-demo.yaml", "stateful-demo.yaml"]),
    lesson!("03-ordered-scaling", ["web.yaml", "burst.yaml"]),
    lesson!("04-ordered-deletion", ["web.yaml"]),
    lesson!("05-rolling-update-canary", ["pv-demo.yaml", "stateful-demo.yaml"]),
    lesson!("06-stalled-rollout", ["pv-demo.yaml", "stateful-demo.yaml"]),
    lesson!("07-pending-pods", ["stateful-demo.yaml", "pv-wrong.yaml"]),
    lesson!("08-claim-retention", ["web.yaml"]),
    lesson!("09-dynamic-provisioning", ["web.yaml"]),
    lesson!("10-update-on-delete", ["pv-demo.yaml", "stateful-demo.yaml"]),
];
