//! An invariant sweep: random sequences of volume and claim creations and deletions, pods
//! that use claims, scheduler decisions and resyncs, on both presets, over many seeds. Once
//! the cluster has settled (a minute of resyncs after the last step), every volume and claim
//! point at each other or neither, no claim is bound to a volume that is too small or lacks
//! its modes (or, when the controller chose it, its class), and nothing panicked or got stuck.

mod binding_support;

use binding_support::*;
use sts_playground::sim::api::{self, DeleteOptions};
use sts_playground::sim::clock::Rng;
use sts_playground::sim::model::{Kind, Object, PersistentVolume, PersistentVolumeClaim};
use sts_playground::sim::world::{Cluster, Preset};

const SEEDS: u64 = 160;
const STEPS: usize = 40;
const SIZES: [&str; 5] = ["500Mi", "1G", "1Gi", "2Gi", "5Gi"];
const MODES: [&str; 3] = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany"];
const CLASSES: [Option<&str>; 4] = [None, Some(""), Some("fast"), Some("standard")];
const CLAIMS: usize = 6;

/// A value in `0..n` (`Rng::range` is inclusive).
fn below(rng: &mut Rng, n: u64) -> u64 {
    rng.range(0, n.saturating_sub(1))
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[below(rng, items.len() as u64) as usize]
}

fn chance(rng: &mut Rng, percent: u64) -> bool {
    below(rng, 100) < percent
}

fn modes(rng: &mut Rng) -> String {
    if chance(rng, 60) {
        return "ReadWriteOnce".into();
    }
    let mut chosen: Vec<&str> = MODES.iter().copied().filter(|_| chance(rng, 40)).collect();
    if chosen.is_empty() {
        chosen.push(*pick(rng, &MODES));
    }
    chosen.join(",")
}

fn class_line(class: Option<&str>) -> String {
    match class {
        None => String::new(),
        Some(class) => format!("  storageClassName: \"{class}\"\n"),
    }
}

/// A volume named `pv<number>`. Names are never reused: a claim that lost its volume would
/// (rightly, as upstream) bind again to any new volume of the same name, whatever its size.
fn random_volume(rng: &mut Rng, number: u64) -> String {
    let name = format!("pv{number}");
    let mut spec = class_line(*pick(rng, &CLASSES));
    spec += &format!(
        "  persistentVolumeReclaimPolicy: {}\n",
        pick(rng, &["Retain", "Delete", "Recycle"])
    );
    spec += match below(rng, 3) {
        0 => "  nfs:\n    server: nfs.example\n    path: /exports\n".to_string(),
        1 => format!("  hostPath:\n    path: /tmp/{name}\n"),
        _ => format!("  hostPath:\n    path: /data/{name}\n"),
    }
    .as_str();
    if chance(rng, 15) {
        spec += &format!(
            "  claimRef:\n    namespace: default\n    name: c{}\n",
            below(rng, CLAIMS as u64)
        );
    }
    if chance(rng, 10) {
        spec += "  volumeMode: Block\n";
    }
    let finalizers = if chance(rng, 70) {
        "  finalizers: [kubernetes.io/pv-protection]\n"
    } else {
        ""
    };
    format!(
        "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: {name}\n{finalizers}spec:\n  capacity:\n    storage: {}\n  accessModes: [{}]\n{spec}",
        pick(rng, &SIZES),
        modes(rng),
    )
}

fn random_claim(rng: &mut Rng, volumes_made: u64) -> String {
    let name = format!("c{}", below(rng, CLAIMS as u64));
    let mut spec = class_line(*pick(rng, &CLASSES));
    if chance(rng, 10) {
        // Any volume made so far, or the next one.
        spec += &format!("  volumeName: pv{}\n", below(rng, volumes_made + 1));
    }
    if chance(rng, 10) {
        spec += "  volumeMode: Block\n";
    }
    let finalizers = if chance(rng, 70) {
        "  finalizers: [kubernetes.io/pvc-protection]\n"
    } else {
        ""
    };
    format!(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {name}\n{finalizers}spec:\n  accessModes: [{}]\n  resources:\n    requests:\n      storage: {}\n{spec}",
        modes(rng),
        pick(rng, &SIZES),
    )
}

fn random_pod(rng: &mut Rng, node: &str) -> String {
    let name = format!("p{}", below(rng, 4));
    let node_line = if chance(rng, 60) {
        format!("  nodeName: {node}\n")
    } else {
        String::new()
    };
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{node_line}  terminationGracePeriodSeconds: 0\n  containers:\n  - name: c\n    image: nginx\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: c{}\n",
        below(rng, CLAIMS as u64)
    )
}

fn try_create(cluster: &mut Cluster, yaml: &str) {
    for object in sts_playground::sim::testkit::objects_from_yaml(yaml) {
        // Name collisions are part of the game: the API answers AlreadyExists.
        let _ = api::create(cluster, object);
    }
    cluster.settle();
}

fn random_existing(
    cluster: &Cluster,
    rng: &mut Rng,
    kind: Kind,
) -> Option<sts_playground::sim::store::ObjectKey> {
    let keys: Vec<_> = cluster
        .store
        .list(kind, None)
        .map(sts_playground::sim::store::ObjectKey::of)
        .collect();
    if keys.is_empty() {
        None
    } else {
        Some(pick(rng, &keys).clone())
    }
}

fn run(seed: u64) -> Cluster {
    let preset = if seed.is_multiple_of(2) {
        Preset::Kubeadm
    } else {
        Preset::Kind
    };
    let node = if preset == Preset::Kind {
        "kind-control-plane"
    } else {
        "k8s-node1"
    };
    let mut cluster = Cluster::new(preset, seed);
    let mut rng = Rng::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xB1D);
    try_create(
        &mut cluster,
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: example.com/fast\n",
    );
    let mut volumes_made = 0;
    for _ in 0..STEPS {
        match below(&mut rng, 100) {
            0..=24 => {
                let yaml = random_volume(&mut rng, volumes_made);
                volumes_made += 1;
                try_create(&mut cluster, &yaml);
            }
            25..=49 => try_create(&mut cluster, &random_claim(&mut rng, volumes_made)),
            50..=59 => {
                if let Some(key) = random_existing(&cluster, &mut rng, Kind::PersistentVolumeClaim)
                {
                    delete(&mut cluster, &key);
                }
            }
            60..=67 => {
                if let Some(key) = random_existing(&cluster, &mut rng, Kind::PersistentVolume) {
                    delete(&mut cluster, &key);
                }
            }
            68..=75 => try_create(&mut cluster, &random_pod(&mut rng, node)),
            76..=81 => {
                if let Some(key) = random_existing(&cluster, &mut rng, Kind::Pod) {
                    let options = DeleteOptions {
                        grace_period_seconds: Some(0),
                        ..Default::default()
                    };
                    let _ = api::delete(&mut cluster, &key, options);
                    cluster.settle();
                }
            }
            82..=87 => {
                // The scheduler picked a node for a pod using this claim.
                if let Some(key) = random_existing(&cluster, &mut rng, Kind::PersistentVolumeClaim)
                {
                    if let Some(mut claim) = get(&cluster, &key) {
                        claim
                            .meta_mut()
                            .annotations
                            .insert("volume.kubernetes.io/selected-node".into(), node.into());
                        let _ = api::update(&mut cluster, claim);
                        cluster.settle();
                    }
                }
            }
            88..=93 => wait(&mut cluster, 15_000),
            _ => wait(&mut cluster, below(&mut rng, 5_000)),
        }
        assert!(cluster.stuck.is_none(), "seed {seed}: {:?}", cluster.stuck);
    }
    wait(&mut cluster, 60_000);
    cluster
}

fn claims_of(cluster: &Cluster) -> Vec<PersistentVolumeClaim> {
    cluster
        .store
        .list(Kind::PersistentVolumeClaim, None)
        .filter_map(Object::as_pvc)
        .cloned()
        .collect()
}

fn volumes_of(cluster: &Cluster) -> Vec<PersistentVolume> {
    cluster
        .store
        .list(Kind::PersistentVolume, None)
        .filter_map(Object::as_pv)
        .cloned()
        .collect()
}

fn check(seed: u64, cluster: &Cluster) {
    assert!(cluster.stuck.is_none(), "seed {seed}: {:?}", cluster.stuck);
    let claims = claims_of(cluster);
    let volumes = volumes_of(cluster);
    let context = || format!("seed {seed}:\n{}", state(cluster));
    for claim in &claims {
        assert!(
            matches!(claim.phase(), "Pending" | "Bound" | "Lost"),
            "{}",
            context()
        );
        if !claim
            .metadata
            .annotations
            .contains_key("pv.kubernetes.io/bind-completed")
        {
            assert_ne!(claim.phase(), "Bound", "{}", context());
            continue;
        }
        if claim.phase() == "Lost" {
            continue;
        }
        let name = claim.spec.volume_name.clone().unwrap_or_default();
        let volume = volumes
            .iter()
            .find(|v| v.metadata.name == name)
            .unwrap_or_else(|| {
                panic!(
                    "claim {} bound to missing {name}\n{}",
                    claim.metadata.name,
                    context()
                )
            });
        let claim_ref = volume.spec.claim_ref.as_ref();
        assert_eq!(
            claim_ref.map(|r| r.uid.as_str()),
            Some(claim.metadata.uid.as_str()),
            "claim {} and volume {name} disagree\n{}",
            claim.metadata.name,
            context()
        );
        assert_eq!(claim.phase(), "Bound", "{}", context());
        assert_eq!(volume.phase(), "Bound", "{}", context());
        let by_controller = "pv.kubernetes.io/bound-by-controller";
        let volume_chosen = volume.metadata.annotations.contains_key(by_controller);
        let claim_chosen = claim.metadata.annotations.contains_key(by_controller);
        if !volume_chosen && !claim_chosen {
            // The user pre-bound both sides to each other; upstream binds them unchecked.
            continue;
        }
        // The volume fits the claim.
        let requested = claim.requested_storage();
        assert!(volume.capacity() >= requested, "too small: {}", context());
        assert!(
            claim
                .spec
                .access_modes
                .iter()
                .all(|m| volume.spec.access_modes.contains(m)),
            "modes: {}",
            context()
        );
        assert_eq!(claim.volume_mode(), volume.volume_mode(), "{}", context());
        if volume_chosen {
            let claim_class = claim.spec.storage_class_name.as_deref().unwrap_or("");
            assert_eq!(claim_class, volume.class(), "class: {}", context());
        }
    }
    for volume in &volumes {
        assert!(
            matches!(
                volume.phase(),
                "Available" | "Bound" | "Released" | "Failed"
            ),
            "{}",
            context()
        );
        let Some(claim_ref) = &volume.spec.claim_ref else {
            assert_eq!(volume.phase(), "Available", "{}", context());
            continue;
        };
        if claim_ref.uid.is_empty() {
            assert_eq!(volume.phase(), "Available", "{}", context());
            continue;
        }
        let claim = claims.iter().find(|c| {
            c.metadata.name == claim_ref.name
                && c.metadata.namespace() == claim_ref.namespace
                && c.metadata.uid == claim_ref.uid
        });
        match claim {
            None => assert!(
                matches!(volume.phase(), "Released" | "Failed"),
                "volume {} points at a gone claim\n{}",
                volume.metadata.name,
                context()
            ),
            Some(claim) => {
                assert_eq!(
                    claim.spec.volume_name.as_deref(),
                    Some(volume.metadata.name.as_str()),
                    "volume {} points at claim {} which does not point back\n{}",
                    volume.metadata.name,
                    claim.metadata.name,
                    context()
                );
                assert_eq!(volume.phase(), "Bound", "{}", context());
            }
        }
    }
}

#[test]
fn volumes_and_claims_agree_once_settled() {
    for seed in 0..SEEDS {
        let cluster = run(seed);
        check(seed, &cluster);
    }
}

#[test]
fn the_same_seed_gives_the_same_history() {
    for seed in [3, 8] {
        let first = run(seed);
        let second = run(seed);
        assert_eq!(state(&first), state(&second));
        assert_eq!(
            first.store.resource_version(),
            second.store.resource_version()
        );
    }
}

#[test]
#[ignore]
fn coverage_statistics() {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for seed in 0..SEEDS {
        let cluster = run(seed);
        for claim in claims_of(&cluster) {
            *counts
                .entry(format!("claim {}", claim.phase()))
                .or_default() += 1;
        }
        for volume in volumes_of(&cluster) {
            let provisioned = volume
                .metadata
                .annotations
                .contains_key("pv.kubernetes.io/provisioned-by");
            *counts
                .entry(format!(
                    "volume {} provisioned={provisioned}",
                    volume.phase()
                ))
                .or_default() += 1;
        }
        for event in cluster.store.events() {
            *counts.entry(format!("event {}", event.reason)).or_default() += 1;
        }
    }
    println!("{counts:#?}");
}
