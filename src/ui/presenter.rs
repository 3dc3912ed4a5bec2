//! Presenter mode's logic, kept apart from the browser so it is tested natively: the keyboard
//! shortcuts ([`Shortcut::from_key`]) and the captions that say what a controller just did and
//! why ([`captions`]), derived from the newest events of the cluster view.
//!
//! A caption is the page's own sentence in the page's language around kubectl's words: the
//! component (`statefulset-controller`), the object (`Pod myapp-1`) and unknown reasons are
//! inserted exactly as the cluster wrote them, never translated.
//!
//! Leaves out: anything the events do not say. The "why" of a caption is read from the event
//! and the set's pod management policy in the same view, never guessed from elsewhere.
//!
//! Architecture Invariant: pure functions of their arguments; bounded by
//! [`CAPTIONS_MAX`]; never panics on any event text.

use crate::sim::view::{ClusterView, EventView};
use crate::ui::i18n::{Lang, Message};
use crate::ui::words::presenter::PresenterText as T;

/// The most captions shown at once, newest first.
pub const CAPTIONS_MAX: usize = 3;

/// What a key does in presenter mode (and, for the help and the toggle, everywhere).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    PlayPause,
    Step,
    Faster,
    Slower,
    Help,
    TogglePresenter,
    /// Escape: closes the help.
    Close,
}

impl Shortcut {
    /// The shortcut of a `KeyboardEvent.key`, if any. Keys with Ctrl, Alt or Meta held are
    /// the browser's, never ours.
    pub fn from_key(key: &str, modified: bool) -> Option<Shortcut> {
        if modified {
            return None;
        }
        match key {
            " " | "Spacebar" => Some(Shortcut::PlayPause),
            "ArrowRight" | "n" | "N" => Some(Shortcut::Step),
            "+" | "=" => Some(Shortcut::Faster),
            "-" | "_" => Some(Shortcut::Slower),
            "?" => Some(Shortcut::Help),
            "p" | "P" => Some(Shortcut::TogglePresenter),
            "Escape" => Some(Shortcut::Close),
            _ => None,
        }
    }

    /// The keys and what they do, as the help lists them.
    pub fn help(lang: Lang) -> Vec<(&'static str, &'static str)> {
        vec![
            ("Space", T::KeyPlay.get(lang)),
            ("→ / N", T::KeyStep.get(lang)),
            ("+", T::KeyFaster.get(lang)),
            ("−", T::KeySlower.get(lang)),
            ("P", T::KeyPresent.get(lang)),
            ("?", T::KeyHelp.get(lang)),
        ]
    }
}

/// One caption: the sentence, and the event it explains (for keys and test hooks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caption {
    pub uid: String,
    pub reason: String,
    pub text: String,
}

/// The component that records events with this reason, as `kubectl get events` shows it in
/// its SOURCE column.
fn actor(reason: &str) -> &'static str {
    match reason {
        "Scheduled" | "FailedScheduling" => "default-scheduler",
        "ProvisioningSucceeded"
        | "WaitForFirstConsumer"
        | "FailedBinding"
        | "ExternalProvisioning"
        | "VolumeRecycled"
        | "VolumeDelete" => "persistentvolume-controller",
        reason
            if reason.starts_with("Successful")
                || reason.starts_with("FailedCreate")
                || reason.starts_with("FailedDelete")
                || reason.starts_with("FailedUpdate")
                || reason == "RecreatingFailedPod"
                || reason == "ConflictingController" =>
        {
            "statefulset-controller"
        }
        _ => "kubelet",
    }
}

/// `create Pod myapp-1 in StatefulSet myapp successful` → (`Pod`, `myapp-1`, `myapp`).
fn statefulset_message(message: &str) -> Option<(&str, &str, &str)> {
    let mut words = message.split_whitespace();
    let _verb = words.next()?;
    let kind = words.next()?;
    let name = words.next()?;
    let rest: Vec<&str> = words.collect();
    let set = rest
        .iter()
        .position(|word| *word == "StatefulSet")
        .and_then(|index| rest.get(index + 1))
        .copied()?;
    Some((kind, name, set))
}

/// The ordinal of `name` as a pod of the set `set` (`myapp-1` of `myapp` is 1).
fn ordinal(name: &str, set: &str) -> Option<u64> {
    name.strip_prefix(set)?.strip_prefix('-')?.parse().ok()
}

/// The caption of one event, in `lang`.
pub fn caption(event: &EventView, view: &ClusterView, lang: Lang) -> String {
    let reason = event.reason.as_str();
    let actor = actor(reason);
    let object = event.object.replacen("pod/", "Pod ", 1);
    let with = |message: T, object: &str, previous: &str| {
        message.with(
            lang,
            &[
                ("actor", actor),
                ("object", object),
                ("previous", previous),
                ("reason", reason),
            ],
        )
    };
    match reason {
        "SuccessfulCreate" => match statefulset_message(&event.message) {
            Some(("Claim", name, _)) => with(T::StsCreatedClaim, name, ""),
            Some((kind, name, set)) => {
                let object = format!("{kind} {name}");
                let parallel = view
                    .stateful_sets
                    .iter()
                    .any(|s| s.name == set && s.pod_management_policy == "Parallel");
                match ordinal(name, set) {
                    _ if parallel => with(T::StsCreatedParallel, &object, ""),
                    Some(0) | None => with(T::StsCreatedFirst, &object, ""),
                    Some(n) => with(T::StsCreatedAfter, &object, &format!("{set}-{}", n - 1)),
                }
            }
            None => with(T::Other, &object, ""),
        },
        "SuccessfulDelete" => match statefulset_message(&event.message) {
            Some((kind, name, _)) => with(T::StsDeleted, &format!("{kind} {name}"), ""),
            None => with(T::Other, &object, ""),
        },
        r if r.starts_with("Failed") && actor == "statefulset-controller" => {
            match statefulset_message(&event.message) {
                Some((kind, name, _)) => with(T::StsFailed, &format!("{kind} {name}"), ""),
                None => with(T::StsFailed, &object, ""),
            }
        }
        "Scheduled" => with(T::Scheduled, &object, ""),
        "FailedScheduling" => with(T::FailedScheduling, &object, ""),
        "Pulling" => with(T::Pulling, &object, ""),
        "Pulled" => with(T::Pulled, &object, ""),
        "Failed" | "BackOff" | "InspectFailed" | "ErrImageNeverPull"
            if event.message.contains("image") || event.message.contains("pull") =>
        {
            with(T::PullFailed, &object, "")
        }
        "Created" => with(T::Created, &object, ""),
        "Started" => with(T::Started, &object, ""),
        "Killing" => with(T::Killing, &object, ""),
        "Unhealthy" => with(T::Unhealthy, &object, ""),
        "ProvisioningSucceeded" => with(T::Provisioned, &object, ""),
        "WaitForFirstConsumer" => with(T::WaitForConsumer, &object, ""),
        "FailedBinding" => with(T::FailedBinding, &object, ""),
        _ => with(T::Other, &object, ""),
    }
}

/// Captions of the newest events (the view lists them newest first), at most
/// [`CAPTIONS_MAX`].
pub fn captions(view: &ClusterView, lang: Lang) -> Vec<Caption> {
    view.events
        .iter()
        .take(CAPTIONS_MAX)
        .map(|event| Caption {
            uid: event.uid.clone(),
            reason: event.reason.clone(),
            text: caption(event, view, lang),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::session::Session;
    use crate::sim::view::cluster_view;
    use crate::sim::world::Preset;

    #[test]
    fn keys_map_to_shortcuts_unless_modified() {
        assert_eq!(Shortcut::from_key(" ", false), Some(Shortcut::PlayPause));
        assert_eq!(
            Shortcut::from_key("ArrowRight", false),
            Some(Shortcut::Step)
        );
        assert_eq!(Shortcut::from_key("n", false), Some(Shortcut::Step));
        assert_eq!(Shortcut::from_key("+", false), Some(Shortcut::Faster));
        assert_eq!(Shortcut::from_key("-", false), Some(Shortcut::Slower));
        assert_eq!(Shortcut::from_key("?", false), Some(Shortcut::Help));
        assert_eq!(Shortcut::from_key(" ", true), None);
        assert_eq!(Shortcut::from_key("x", false), None);
        assert_eq!(Shortcut::help(Lang::Zh).len(), 6);
    }

    #[test]
    fn messages_name_their_pod_and_set() {
        assert_eq!(
            statefulset_message("create Pod myapp-1 in StatefulSet myapp successful"),
            Some(("Pod", "myapp-1", "myapp"))
        );
        assert_eq!(statefulset_message("create"), None);
        assert_eq!(ordinal("myapp-12", "myapp"), Some(12));
        assert_eq!(ordinal("other-1", "myapp"), None);
    }

    /// The notes' story: captions in both languages say who did what and why, with kubectl's
    /// names untouched.
    #[test]
    fn captions_explain_the_notes_story_in_both_languages() {
        let mut session = Session::new(Preset::Kubeadm, 1);
        for (name, text) in crate::ui::state::EXAMPLE_FILES
            .iter()
            .map(|f| (f.name, f.text))
        {
            session.files.insert(name.to_string(), text.to_string());
        }
        for line in [
            "apply -f pv-demo.yaml",
            "apply -f stateful-demo.yaml",
            "rollout status sts/myapp",
        ] {
            let argv: Vec<String> = line.split(' ').map(String::from).collect();
            session.run_blocking(&argv, None);
        }
        let view = cluster_view(&session.cluster);
        let all: Vec<String> = view
            .events
            .iter()
            .map(|event| caption(event, &view, Lang::En))
            .collect();
        assert!(
            all.iter().any(|c| c
                == "statefulset-controller created Pod myapp-1 because myapp-0 is Running and Ready."),
            "{all:#?}"
        );
        assert!(all
            .iter()
            .any(|c| c == "default-scheduler placed Pod myapp-0 on a node."));
        let zh: Vec<String> = view
            .events
            .iter()
            .map(|event| caption(event, &view, Lang::Zh))
            .collect();
        assert!(
            zh.iter().any(|c| c
                == "statefulset-controller 创建了 Pod myapp-1，因为 myapp-0 已经处于 Running 且 Ready 状态。"),
            "{zh:#?}"
        );
        assert!(captions(&view, Lang::En).len() <= CAPTIONS_MAX);
        assert!(!captions(&view, Lang::En).is_empty());
    }

    #[test]
    fn odd_events_still_get_a_caption() {
        let view = cluster_view(&crate::sim::world::Cluster::new(Preset::Kubeadm, 1));
        let event = EventView {
            uid: "u".into(),
            time_of_day: String::new(),
            last_seen_ms: 0,
            type_: "Warning".into(),
            reason: "SuccessfulCreate".into(),
            object: "<b>x</b>".into(),
            message: "".into(),
            count: 1,
        };
        assert_eq!(
            caption(&event, &view, Lang::En),
            "statefulset-controller reported SuccessfulCreate for <b>x</b>."
        );
    }
}
