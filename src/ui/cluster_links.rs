//! The lines from claims to their volumes, as data: which claim–volume pairs get a line
//! ([`claim_links`]), the colour a pair shares ([`link_class`]), and the curve drawn between two
//! boxes ([`link_path`]). The component that measures the page and draws them is
//! `cluster_links_svg`.
//!
//! A pair gets a line when the claim is `Bound` to a volume that is `Bound` back to it (its
//! CLAIM column names the claim): a volume that is `Available`, `Released` or `Failed`, or only
//! reserved for a claim that is not bound yet, has none. Claims of a set drawn as the compact
//! grid are not drawn, so they get no line either.
//!
//! Leaves out: where anything is on the page; the component measures that.
//!
//! Architecture Invariant: pure and native; the lines are decoration (the claim's accessible
//! name already says `→ pv003`), so nothing here is read out.

use crate::sim::view::{ClaimView, ClusterView, StatefulSetView};

/// Sets with more pods or slots than this are drawn as a compact grid (no claim chips).
pub const GRID_FROM_PODS: usize = 60;

/// How many colours link claims to volumes (`link-0` … `link-7` in the style sheet).
const LINK_COLOURS: u32 = 8;

/// One line: a bound claim and its volume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimLink {
    pub namespace: String,
    pub claim: String,
    pub volume: String,
}

/// Whether a set is drawn as the compact grid.
pub fn is_compact(set: &StatefulSetView) -> bool {
    let pods = set.slots.iter().filter(|slot| slot.pod.is_some()).count();
    set.slots.len() > GRID_FROM_PODS || pods > GRID_FROM_PODS
}

/// `link-0` … `link-7`: the colour shared by a volume, the claim bound to it and their line.
pub fn link_class(volume: &str) -> String {
    // FNV-1a: small, stable across runs and platforms.
    let mut hash: u32 = 0x811c_9dc5;
    for byte in volume.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("link-{}", hash % LINK_COLOURS)
}

/// The pairs that get a line, in the order the claims are drawn.
pub fn claim_links(view: &ClusterView) -> Vec<ClaimLink> {
    let drawn = view
        .stateful_sets
        .iter()
        .filter(|set| !is_compact(set))
        .flat_map(|set| set.slots.iter().flat_map(|slot| slot.claims.iter()))
        .chain(view.other_pods.iter().flat_map(|other| other.claims.iter()))
        .chain(view.other_claims.iter());
    drawn
        .filter_map(|claim| {
            let volume = bound_volume(view, claim)?;
            Some(ClaimLink {
                namespace: claim.namespace.clone(),
                claim: claim.name.clone(),
                volume: volume.to_string(),
            })
        })
        .collect()
}

/// The volume a claim is bound to, when both sides say so.
fn bound_volume<'v>(view: &'v ClusterView, claim: &ClaimView) -> Option<&'v str> {
    if claim.phase != "Bound" {
        return None;
    }
    let name = claim.volume.as_deref()?;
    let volume = view.volumes.iter().find(|volume| volume.name == name)?;
    let claimed = format!("{}/{}", claim.namespace, claim.name);
    (volume.phase == "Bound" && volume.claim.as_deref() == Some(claimed.as_str()))
        .then_some(volume.name.as_str())
}

/// A box on the page, in CSS pixels relative to the cluster panel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// The SVG path of the line from a claim's box to its volume's box: from the middle of the
/// claim's bottom edge to the middle of the volume's top edge (or between the facing edges when
/// the volume is not below the claim), as a smooth S-curve that stays between its ends. Coordinates are rounded to tenths, so
/// a layout that did not move gives the same text.
pub fn link_path(claim: Area, volume: Area) -> String {
    let claim_x = claim.left + claim.width / 2.0;
    let volume_x = volume.left + volume.width / 2.0;
    let (start_y, end_y) = if volume.top >= claim.top + claim.height {
        (claim.top + claim.height, volume.top)
    } else if volume.top + volume.height <= claim.top {
        (claim.top, volume.top + volume.height)
    } else {
        (
            claim.top + claim.height / 2.0,
            volume.top + volume.height / 2.0,
        )
    };
    // Both control points halfway: the curve never leaves the band between its ends.
    let bend = (end_y - start_y) / 2.0;
    format!(
        "M{:.1} {:.1} C{:.1} {:.1} {:.1} {:.1} {:.1} {:.1}",
        claim_x,
        start_y,
        claim_x,
        start_y + bend,
        volume_x,
        end_y - bend,
        volume_x,
        end_y
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::session::Session;
    use crate::sim::testkit;
    use crate::sim::view::cluster_view;
    use crate::sim::world::Preset;

    fn run(session: &mut Session, line: &str, stdin: Option<&str>) {
        let argv: Vec<String> = line.split(' ').map(String::from).collect();
        session.run_blocking(&argv, stdin);
    }

    #[test]
    fn the_notes_session_links_each_bound_claim_to_its_volume_only() {
        let mut session = Session::new(Preset::Kubeadm, 1);
        run(&mut session, "apply -f -", Some(testkit::NOTES_PV_DEMO));
        run(
            &mut session,
            "apply -f -",
            Some(testkit::NOTES_STATEFUL_DEMO),
        );
        run(&mut session, "rollout status statefulset/myapp", None);
        let links = claim_links(&cluster_view(&session.cluster));
        let pairs: Vec<(&str, &str)> = links
            .iter()
            .map(|link| (link.claim.as_str(), link.volume.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("myappdata-myapp-0", "pv003"),
                ("myappdata-myapp-1", "pv002")
            ]
        );
        // Deleting the set and the claims releases the Retain volumes: no line is left.
        run(&mut session, "delete statefulset myapp", None);
        run(&mut session, "delete pvc --all", None);
        let until = session.cluster.now + 60_000;
        session.advance_to(until);
        let view = cluster_view(&session.cluster);
        assert!(view.volumes.iter().any(|volume| volume.phase == "Released"));
        assert_eq!(claim_links(&view), []);
    }

    #[test]
    fn lines_run_from_the_claims_bottom_to_the_volumes_top() {
        let claim = Area {
            left: 10.0,
            top: 20.0,
            width: 100.0,
            height: 30.0,
        };
        let volume = Area {
            left: 200.0,
            top: 150.0,
            width: 80.0,
            height: 40.0,
        };
        assert_eq!(
            link_path(claim, volume),
            "M60.0 50.0 C60.0 100.0 240.0 100.0 240.0 150.0"
        );
        // A volume above the claim (a narrow page may stack them so): top edge to bottom edge.
        assert_eq!(
            link_path(volume, claim),
            "M240.0 150.0 C240.0 100.0 60.0 100.0 60.0 50.0"
        );
        assert_eq!(link_class("pv003"), link_class("pv003"));
        assert!(link_class("pv003").starts_with("link-"));
    }
}
