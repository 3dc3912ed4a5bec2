//! The kubelet's image step (`pkg/kubelet/images/image_manager.go` `EnsureImageExists`) on
//! top of the image catalogue ([`crate::sim::images::lookup`]): the pull policy, the node's
//! image store, serialized pulls, the back-off, and the events with their exact wording.

use crate::sim::clock::SimTime;
use crate::sim::images::{self, ImageLookup};
use crate::sim::model::{Container, ObjectReference};
use crate::sim::world::Cluster;

use super::{CachedImage, KUBELET};

/// What a finished pull gave.
#[derive(Debug, Clone)]
pub(super) enum PullResult {
    Success {
        canonical: String,
        image_id: String,
        size_bytes: u64,
    },
    Failure {
        error: String,
    },
}

/// What the image step decided for one container start.
pub(super) enum ImageDecision {
    /// The image is on the node; the container can be created now.
    Present { canonical: String, image_id: String },
    /// A pull must run first: it starts at `started_at` (pulls are serialized per node) and
    /// takes `duration_ms`.
    Pull {
        started_at: SimTime,
        duration_ms: SimTime,
        result: PullResult,
    },
    /// The container cannot start: waiting `reason` with `message`.
    Failed { reason: String, message: String },
}

/// `imagePullPolicy` as the API server defaults it: `Always` for `:latest` or no tag (and no
/// digest), otherwise `IfNotPresent`.
pub(super) fn pull_policy(container: &Container) -> String {
    match container.image_pull_policy.as_deref() {
        Some(policy @ ("Always" | "IfNotPresent" | "Never")) => policy.to_string(),
        _ => match images::parse_reference(&container.image) {
            Ok(reference) if reference.digest.is_none() => {
                let tag = reference.tag.as_deref().unwrap_or("latest");
                let written_tag = container
                    .image
                    .rsplit('/')
                    .next()
                    .is_some_and(|last| last.contains(':'));
                if tag == "latest" || !written_tag {
                    "Always".to_string()
                } else {
                    "IfNotPresent".to_string()
                }
            }
            _ => "IfNotPresent".to_string(),
        },
    }
}

/// The normalized reference under which a node stores `image`, if it parses.
fn canonical(image: &str) -> Option<String> {
    images::parse_reference(image).ok().map(|r| r.canonical())
}

pub(super) fn is_present(cluster: &Cluster, node: &str, image: &str) -> bool {
    let Some(canonical) = canonical(image) else {
        return false;
    };
    cluster
        .kubelet
        .nodes
        .get(node)
        .is_some_and(|runtime| runtime.images.contains_key(&canonical))
}

/// `EnsureImageExists` up to the start of a pull. Records the events of the outcome
/// (`Pulled … already present`, `Pulling`, `BackOff`, `InspectFailed`, `ErrImageNeverPull`)
/// and, for the failures that end the start, `Failed` / `Error: <reason>`.
pub(super) fn ensure_image(
    cluster: &mut Cluster,
    reference: &ObjectReference,
    node: &str,
    container: &Container,
    pull_backoff: &super::BackOff,
) -> ImageDecision {
    let image = container.image.clone();
    let lookup = images::lookup(&image);
    if let ImageLookup::InvalidImageName { message } = &lookup {
        cluster.event(
            reference.clone(),
            "Warning",
            "InspectFailed",
            message,
            KUBELET,
        );
        failed_event(cluster, reference, "InvalidImageName");
        return ImageDecision::Failed {
            reason: "InvalidImageName".into(),
            message: message.clone(),
        };
    }
    let policy = pull_policy(container);
    let canonical_name = canonical(&image).unwrap_or_else(|| image.clone());
    let cached = cluster
        .kubelet
        .nodes
        .get(node)
        .and_then(|runtime| runtime.images.get(&canonical_name))
        .cloned();
    let must_pull = match policy.as_str() {
        "Always" => true,
        "Never" => false,
        _ => cached.is_none(),
    };
    if !must_pull {
        return match cached {
            Some(cached) => {
                cluster.event(
                    reference.clone(),
                    "Normal",
                    "Pulled",
                    &format!("Container image \"{image}\" already present on machine"),
                    KUBELET,
                );
                ImageDecision::Present {
                    canonical: canonical_name,
                    image_id: cached.image_id,
                }
            }
            None => {
                let message =
                    format!("Container image \"{image}\" is not present with pull policy of Never");
                cluster.event(
                    reference.clone(),
                    "Warning",
                    "ErrImageNeverPull",
                    &message,
                    KUBELET,
                );
                failed_event(cluster, reference, "ErrImageNeverPull");
                ImageDecision::Failed {
                    reason: "ErrImageNeverPull".into(),
                    message,
                }
            }
        };
    }
    let now = cluster.now;
    if pull_backoff.in_backoff_since_update(now) {
        cluster.event(
            reference.clone(),
            "Normal",
            "BackOff",
            &format!("Back-off pulling image \"{image}\""),
            KUBELET,
        );
        failed_event(cluster, reference, "ImagePullBackOff");
        let previous = match &lookup {
            ImageLookup::NotPullable { error, .. } => format!(": ErrImagePull: {error}"),
            _ => String::new(),
        };
        return ImageDecision::Failed {
            reason: "ImagePullBackOff".into(),
            message: format!("Back-off pulling image \"{image}\"{previous}"),
        };
    }
    cluster.event(
        reference.clone(),
        "Normal",
        "Pulling",
        &format!("Pulling image \"{image}\""),
        KUBELET,
    );
    let free_at = cluster
        .kubelet
        .nodes
        .get(node)
        .map_or(now, |runtime| runtime.pulls_free_at);
    let started_at = free_at.max(now);
    let (duration_ms, result) = match lookup {
        ImageLookup::Pullable(info) => {
            // An image already in the store (or there by the time this pull's turn comes)
            // only needs its manifest checked.
            let arriving = cluster
                .kubelet
                .nodes
                .get(node)
                .and_then(|runtime| runtime.pulling.get(&canonical_name))
                .is_some_and(|done| *done <= started_at);
            let duration = if cached.is_some() || arriving {
                super::jitter(cluster, 350, 1100)
            } else {
                info.pull_duration_ms.max(1)
            };
            (
                duration,
                PullResult::Success {
                    canonical: info.reference.canonical(),
                    image_id: info.image_id.clone(),
                    size_bytes: info.size_bytes,
                },
            )
        }
        ImageLookup::NotPullable { error, .. } => (
            super::jitter(cluster, 400, 1500),
            PullResult::Failure { error },
        ),
        ImageLookup::InvalidImageName { message } => (0, PullResult::Failure { error: message }),
    };
    let runtime = cluster.kubelet.nodes.entry(node.to_string()).or_default();
    runtime.pulls_free_at = started_at + duration_ms;
    if let PullResult::Success { canonical, .. } = &result {
        let done = started_at + duration_ms;
        let entry = runtime.pulling.entry(canonical.clone()).or_insert(done);
        *entry = (*entry).min(done);
    }
    ImageDecision::Pull {
        started_at,
        duration_ms,
        result,
    }
}

/// Finishes a pull: stores the image on the node and records `Pulled`, or records the
/// failure events. Returns the (canonical, image ID) on success and the waiting message on
/// failure.
pub(super) fn finish_pull(
    cluster: &mut Cluster,
    reference: &ObjectReference,
    node: &str,
    image: &str,
    requested_at: SimTime,
    started_at: SimTime,
    result: &PullResult,
) -> Result<(String, String), String> {
    let now = cluster.now;
    match result {
        PullResult::Success {
            canonical,
            image_id,
            size_bytes,
        } => {
            let runtime = cluster.kubelet.nodes.entry(node.to_string()).or_default();
            if runtime
                .pulling
                .get(canonical)
                .is_some_and(|done| *done <= now)
            {
                runtime.pulling.remove(canonical);
            }
            runtime.images.insert(
                canonical.clone(),
                CachedImage {
                    image_id: image_id.clone(),
                },
            );
            let pulled_in = go_duration(now.saturating_sub(started_at));
            let with_waiting = go_duration(now.saturating_sub(requested_at));
            cluster.event(
                reference.clone(),
                "Normal",
                "Pulled",
                &format!(
                    "Successfully pulled image \"{image}\" in {pulled_in} ({with_waiting} including waiting). Image size: {size_bytes} bytes."
                ),
                KUBELET,
            );
            Ok((canonical.clone(), image_id.clone()))
        }
        PullResult::Failure { error } => {
            cluster.event(
                reference.clone(),
                "Warning",
                "Failed",
                &format!("Failed to pull image \"{image}\": {error}"),
                KUBELET,
            );
            failed_event(cluster, reference, "ErrImagePull");
            Err(error.clone())
        }
    }
}

/// `Warning Failed Error: <reason>` (`startContainer`'s event for a failed image step).
fn failed_event(cluster: &mut Cluster, reference: &ObjectReference, reason: &str) {
    cluster.event(
        reference.clone(),
        "Warning",
        "Failed",
        &format!("Error: {reason}"),
        KUBELET,
    );
}

/// Go's `time.Duration.String()` for a whole number of milliseconds: `0s`, `412ms`,
/// `3.211s`, `1m20s`, `5m0s`, `1h0m0s`.
pub fn go_duration(ms: SimTime) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let hours = ms / 3_600_000;
    let minutes = ms / 60_000 % 60;
    let seconds = ms / 1000 % 60;
    let millis = ms % 1000;
    let mut seconds_text = seconds.to_string();
    if millis > 0 {
        let fraction = format!("{millis:03}");
        seconds_text.push('.');
        seconds_text.push_str(fraction.trim_end_matches('0'));
    }
    if hours > 0 {
        format!("{hours}h{minutes}m{seconds_text}s")
    } else if minutes > 0 {
        format!("{minutes}m{seconds_text}s")
    } else {
        format!("{seconds_text}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_like_go() {
        let cases = [
            (0, "0s"),
            (412, "412ms"),
            (1000, "1s"),
            (3211, "3.211s"),
            (3200, "3.2s"),
            (10_000, "10s"),
            (61_500, "1m1.5s"),
            (80_000, "1m20s"),
            (300_000, "5m0s"),
            (3_600_000, "1h0m0s"),
        ];
        for (ms, text) in cases {
            assert_eq!(go_duration(ms), text, "{ms} ms");
        }
    }

    #[test]
    fn pull_policy_defaults_from_the_tag() {
        let container = |image: &str| Container {
            name: "c".into(),
            image: image.into(),
            ..Default::default()
        };
        assert_eq!(pull_policy(&container("nginx")), "Always");
        assert_eq!(pull_policy(&container("nginx:latest")), "Always");
        assert_eq!(pull_policy(&container("nginx:1.25")), "IfNotPresent");
        assert_eq!(
            pull_policy(&container("localhost:5000/app")),
            "Always",
            "a registry port is not a tag"
        );
        let mut never = container("nginx");
        never.image_pull_policy = Some("Never".into());
        assert_eq!(pull_policy(&never), "Never");
    }
}
