//! The cluster in one or two sentences, for screen readers: for each StatefulSet how many of
//! its pods are ready and, for the first ordinals that are not, their STATUS and what the
//! controller waits for ("myapp: 1 of 3 pods ready; myapp-1 ContainerCreating; myapp-2 not
//! created yet: waiting for myapp-1 to be Running and Ready").
//!
//! Leaves out: volumes, events and every healthy pod, so that the polite live region that reads
//! it out speaks only when something a learner waits for changes.
//!
//! Architecture Invariant: pure and native; the page debounces what it announces.

use crate::sim::view::{ClusterView, SlotRole};
use crate::ui::i18n::{Lang, Message};
use crate::ui::words::cluster::ClusterText;

/// The most not-ready ordinals named per set.
pub const NAMED_PER_SET_MAX: usize = 2;

/// The summary the live region reads.
pub fn summary(view: &ClusterView, lang: Lang) -> String {
    if view.stateful_sets.is_empty() {
        return ClusterText::SummaryEmpty.get(lang).to_string();
    }
    let sentences: Vec<String> = view
        .stateful_sets
        .iter()
        .map(|set| {
            let desired = set.slots.iter().filter(|s| s.role == SlotRole::Desired);
            let ready = desired
                .clone()
                .filter(|slot| slot.pod.as_ref().is_some_and(|pod| pod.is_ready))
                .count();
            let mut parts = vec![ClusterText::SummarySet.with(
                lang,
                &[
                    ("name", &set.name),
                    ("ready", &ready.to_string()),
                    ("replicas", &set.replicas.max(0).to_string()),
                ],
            )];
            let not_ready = set
                .slots
                .iter()
                .filter(|slot| {
                    slot.role != SlotRole::Retained
                        && !slot.pod.as_ref().is_some_and(|pod| pod.is_ready)
                })
                .take(NAMED_PER_SET_MAX);
            for slot in not_ready {
                let status = match &slot.pod {
                    Some(pod) => pod.status.clone(),
                    None => ClusterText::NotCreatedYet.get(lang).to_string(),
                };
                let part = match &slot.waiting {
                    Some(why) => ClusterText::SummaryPod.with(
                        lang,
                        &[("name", &slot.pod_name), ("status", &status), ("why", why)],
                    ),
                    None => format!("{} {status}", slot.pod_name),
                };
                parts.push(part);
            }
            parts.join(ClusterText::SummaryPartJoin.get(lang))
        })
        .collect();
    sentences.join(ClusterText::SummarySetJoin.get(lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::session::Session;
    use crate::sim::view::cluster_view;
    use crate::sim::world::Preset;
    use crate::ui::state::EXAMPLE_FILES;

    fn session_after(lines: &[&str], ms: u64) -> Session {
        let mut session = Session::new(Preset::Kubeadm, 1);
        for file in EXAMPLE_FILES {
            session.files.insert(file.name.into(), file.text.into());
        }
        for line in lines {
            let argv: Vec<String> = line.split_whitespace().map(str::to_string).collect();
            session.start(&argv, None);
        }
        let until = session.cluster.now + ms;
        session.advance_to(until);
        session
    }

    #[test]
    fn names_the_ordinals_that_are_not_ready_and_why() {
        let session = session_after(
            &[
                "apply -f pv-demo.yaml",
                "apply -f stateful-demo.yaml",
                "scale sts myapp --replicas=3",
            ],
            500,
        );
        let view = cluster_view(&session.cluster);
        let en = summary(&view, Lang::En);
        assert!(en.starts_with("myapp: 0 of 3 pods ready; myapp-0 "), "{en}");
        assert!(
            en.contains("myapp-1 not created yet: waiting for myapp-0 to be Running and Ready"),
            "{en}"
        );
        assert!(
            !en.contains("myapp-2"),
            "only the first two are named: {en}"
        );
        let zh = summary(&view, Lang::Zh);
        assert!(zh.starts_with("myapp：3 个 Pod 中 0 个就绪"), "{zh}");
    }

    #[test]
    fn a_settled_set_is_one_short_sentence() {
        let session = session_after(
            &["apply -f pv-demo.yaml", "apply -f stateful-demo.yaml"],
            120_000,
        );
        let view = cluster_view(&session.cluster);
        assert_eq!(summary(&view, Lang::En), "myapp: 2 of 2 pods ready");
        let empty = cluster_view(&Session::new(Preset::Kubeadm, 1).cluster);
        assert_eq!(summary(&empty, Lang::En), "No StatefulSets yet.");
    }
}
