//! How an unbound claim picks a volume: the access-mode groups of `index.go`
//! (`findByClaim`, `allPossibleMatchingAccessModes`) and `FindMatchingVolume` of
//! `component-helpers/storage/volume/pv_helpers.go`, PV-controller path only (no node, no
//! excluded volumes: those belong to the scheduler's volume binder).
//!
//! Upstream keeps every volume in an indexer keyed by its access-mode string and walks the
//! groups that contain every requested mode, fewest modes first. Here the candidates come from
//! the store's `volumes_by_claim` index: the volumes whose `claimRef` names this claim, plus —
//! when the claim may bind to unclaimed volumes at all — the volumes without a `claimRef`. Every
//! other volume is skipped by the first check of `FindMatchingVolume` anyway, so grouping only
//! the candidates gives the same answer without a pass over every volume.
//!
//! Choices where upstream is unordered: groups with the same number of modes are tried in the
//! order of their canonical mode string, and volumes within a group in name order (the first
//! encountered wins a tie in capacity).
//!
//! Architecture Invariant: matching reads the store and never writes it.

use std::collections::BTreeMap;

use crate::sim::model::Kind;
use crate::sim::model::{PersistentVolume, PersistentVolumeClaim};
use crate::sim::quantity::Quantity;
use crate::sim::store::{ObjectKey, Store};

/// The PV/PVC access modes in the order `GetAccessModesAsString` prints them.
const ACCESS_MODE_ORDER: [&str; 4] = [
    "ReadWriteOnce",
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOncePod",
];

/// The legacy class annotation, which takes precedence over `storageClassName` on both sides.
pub const ANN_BETA_STORAGE_CLASS: &str = "volume.beta.kubernetes.io/storage-class";

/// The canonical set of access modes of a volume: known modes in upstream order, then any
/// unknown ones (kept so that such a volume still forms its own group).
pub fn access_mode_group(modes: &[String]) -> Vec<String> {
    let mut group: Vec<String> = ACCESS_MODE_ORDER
        .iter()
        .filter(|known| modes.iter().any(|mode| mode == *known))
        .map(|known| known.to_string())
        .collect();
    let mut unknown: Vec<String> = modes
        .iter()
        .filter(|mode| !ACCESS_MODE_ORDER.contains(&mode.as_str()))
        .cloned()
        .collect();
    unknown.sort();
    unknown.dedup();
    group.extend(unknown);
    group
}

/// `GetPersistentVolumeClaimClass`: the beta annotation, else `storageClassName`, else "".
pub fn claim_class(claim: &PersistentVolumeClaim) -> &str {
    if let Some(class) = claim.metadata.annotations.get(ANN_BETA_STORAGE_CLASS) {
        return class;
    }
    claim.spec.storage_class_name.as_deref().unwrap_or("")
}

/// `PersistentVolumeClaimHasClass`: whether the user asked for a class at all (`""` counts).
pub fn claim_has_class(claim: &PersistentVolumeClaim) -> bool {
    claim
        .metadata
        .annotations
        .contains_key(ANN_BETA_STORAGE_CLASS)
        || claim.spec.storage_class_name.is_some()
}

/// `GetPersistentVolumeClass`: the beta annotation, else `storageClassName`, else "".
pub fn volume_class(volume: &PersistentVolume) -> &str {
    if let Some(class) = volume.metadata.annotations.get(ANN_BETA_STORAGE_CLASS) {
        return class;
    }
    volume.class()
}

/// `IsVolumeBoundToClaim`: the volume's `claimRef` names this claim (and, if it carries a uid,
/// that uid is the claim's).
pub fn is_volume_bound_to_claim(volume: &PersistentVolume, claim: &PersistentVolumeClaim) -> bool {
    let Some(claim_ref) = &volume.spec.claim_ref else {
        return false;
    };
    if claim_ref.name != claim.metadata.name || claim_ref.namespace != claim.metadata.namespace() {
        return false;
    }
    claim_ref.uid.is_empty() || claim_ref.uid == claim.metadata.uid
}

/// `CheckVolumeModeMismatches`: an unset mode on either side counts as `Filesystem`.
pub fn check_volume_mode_mismatches(
    claim: &PersistentVolumeClaim,
    volume: &PersistentVolume,
) -> bool {
    claim.volume_mode() != volume.volume_mode()
}

/// `CheckAccessModes`: the volume offers every mode the claim requests.
pub fn check_access_modes(claim: &PersistentVolumeClaim, volume: &PersistentVolume) -> bool {
    claim
        .spec
        .access_modes
        .iter()
        .all(|mode| volume.spec.access_modes.contains(mode))
}

/// The storage a claim requests (zero when it requests none).
pub fn requested_storage(claim: &PersistentVolumeClaim) -> Quantity {
    claim
        .requested_storage()
        .unwrap_or_else(|| Quantity::from_units(0))
}

/// The storage a volume offers (zero when its capacity is unset).
pub fn volume_storage(volume: &PersistentVolume) -> Quantity {
    volume.capacity().unwrap_or_else(|| Quantity::from_units(0))
}

/// `FindMatchingVolume` for the PV controller: the volume pre-bound to this claim if there is
/// one among `volumes`, else (unless `delay_binding`) the smallest Available volume of the
/// claim's class that satisfies its size, mode and selector.
pub fn find_matching_volume<'a>(
    claim: &PersistentVolumeClaim,
    volumes: &[&'a PersistentVolume],
    delay_binding: bool,
) -> Option<&'a PersistentVolume> {
    let requested = requested_storage(claim);
    let requested_class = claim_class(claim);
    let mut smallest: Option<(&'a PersistentVolume, Quantity)> = None;
    for &volume in volumes {
        if volume.spec.claim_ref.is_some() && !is_volume_bound_to_claim(volume, claim) {
            continue;
        }
        let capacity = volume_storage(volume);
        if capacity < requested {
            continue;
        }
        if check_volume_mode_mismatches(claim, volume) {
            continue;
        }
        if volume.metadata.is_deleting() {
            continue;
        }
        if is_volume_bound_to_claim(volume, claim) {
            // Pre-bound to this claim (by a user or by a provisioner): take it, whatever its
            // class, labels or phase.
            return Some(volume);
        }
        if delay_binding {
            // The scheduler binds unbound volumes of a WaitForFirstConsumer class.
            continue;
        }
        if volume.phase() != "Available" {
            continue;
        }
        if let Some(selector) = &claim.spec.selector {
            if !selector.matches(&volume.metadata.labels) {
                continue;
            }
        }
        if volume_class(volume) != requested_class {
            continue;
        }
        if smallest
            .as_ref()
            .is_none_or(|(_, smallest_capacity)| *smallest_capacity > capacity)
        {
            smallest = Some((volume, capacity));
        }
    }
    smallest.map(|(volume, _)| volume)
}

/// `findBestMatchForClaim`: walks the access-mode groups that contain every mode the claim
/// requests, fewest modes first, and returns the name of the first match.
pub fn find_best_match_for_claim(
    store: &Store,
    claim: &PersistentVolumeClaim,
    delay_binding: bool,
) -> Option<String> {
    let namespace = claim.metadata.namespace();
    let mut names: Vec<&String> = store
        .volumes_claimed_by(Some((namespace, &claim.metadata.name)))
        .collect();
    if !delay_binding {
        names.extend(store.volumes_claimed_by(None));
    }
    // Candidates by group, each group in name order.
    let mut groups: BTreeMap<(usize, Vec<String>), Vec<&PersistentVolume>> = BTreeMap::new();
    for name in names {
        let key = ObjectKey::new(Kind::PersistentVolume, "", name);
        let Some(volume) = store.get(&key).and_then(|object| object.as_pv()) else {
            continue;
        };
        let group = access_mode_group(&volume.spec.access_modes);
        let contains_requested = claim
            .spec
            .access_modes
            .iter()
            .all(|mode| group.contains(mode));
        if !contains_requested {
            continue;
        }
        groups.entry((group.len(), group)).or_default().push(volume);
    }
    for volumes in groups.values_mut() {
        volumes.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
        if let Some(volume) = find_matching_volume(claim, volumes, delay_binding) {
            return Some(volume.metadata.name.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::model::ObjectReference;

    fn volume(name: &str, size: &str, modes: &[&str], phase: &str) -> PersistentVolume {
        let mut volume = PersistentVolume::default();
        volume.metadata.name = name.into();
        volume.spec.access_modes = modes.iter().map(|m| m.to_string()).collect();
        if let Ok(size) = Quantity::parse(size) {
            volume.spec.capacity.insert("storage".into(), size);
        }
        volume.status.phase = Some(phase.into());
        volume
    }

    fn claim(size: &str, modes: &[&str]) -> PersistentVolumeClaim {
        let mut claim = PersistentVolumeClaim::default();
        claim.metadata.name = "data".into();
        claim.metadata.namespace = Some("default".into());
        claim.metadata.uid = "claim-uid".into();
        claim.spec.access_modes = modes.iter().map(|m| m.to_string()).collect();
        if let Ok(size) = Quantity::parse(size) {
            claim.spec.resources.requests.insert("storage".into(), size);
        }
        claim
    }

    #[test]
    fn access_mode_groups_are_canonical() {
        let modes = |m: &[&str]| m.iter().map(|m| m.to_string()).collect::<Vec<_>>();
        assert_eq!(
            access_mode_group(&modes(&["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"])),
            modes(&["ReadWriteOnce", "ReadWriteMany"])
        );
        assert_eq!(
            access_mode_group(&modes(&["Bogus", "ReadOnlyMany"])),
            modes(&["ReadOnlyMany", "Bogus"])
        );
    }

    #[test]
    fn the_smallest_available_fit_wins_and_sizes_compare_exactly() {
        let decimal = volume("decimal", "1G", &["ReadWriteOnce"], "Available");
        let big = volume("big", "2Gi", &["ReadWriteOnce"], "Available");
        let exact = volume("exact", "1Gi", &["ReadWriteOnce"], "Available");
        let released = volume("released", "1Gi", &["ReadWriteOnce"], "Released");
        let claim = claim("1Gi", &["ReadWriteOnce"]);
        let found = find_matching_volume(&claim, &[&decimal, &big, &released, &exact], false);
        assert_eq!(found.map(|v| v.metadata.name.as_str()), Some("exact"));
    }

    #[test]
    fn a_reservation_wins_even_when_delayed_and_unbound_volumes_do_not() {
        let free = volume("free", "1Gi", &["ReadWriteOnce"], "Available");
        let mut reserved = volume("reserved", "5Gi", &["ReadWriteOnce"], "Pending");
        reserved.spec.claim_ref = Some(ObjectReference {
            namespace: "default".into(),
            name: "data".into(),
            ..Default::default()
        });
        let claim = claim("1Gi", &["ReadWriteOnce"]);
        let found = find_matching_volume(&claim, &[&free, &reserved], false);
        assert_eq!(found.map(|v| v.metadata.name.as_str()), Some("reserved"));
        assert!(find_matching_volume(&claim, &[&free], true).is_none());
        let mut other_uid = reserved.clone();
        if let Some(claim_ref) = &mut other_uid.spec.claim_ref {
            claim_ref.uid = "someone-else".into();
        }
        assert!(find_matching_volume(&claim, &[&other_uid], true).is_none());
    }
}
