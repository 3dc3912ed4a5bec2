//! ControllerRevisions of a StatefulSet (§1.8): listing and adopting them, finding or creating
//! the update revision (with rollback renumbering), and truncating history, after upstream
//! `stateful_set_control.go` (`getStatefulSetRevisions`, `truncateHistory`),
//! `stateful_set.go` (`adoptOrphanRevisions`) and `pkg/controller/history/controller_history.go`
//! (`ListControllerRevisions`, `CreateControllerRevision`, `FindEqualRevisions`,
//! `SortControllerRevisions`).
//!
//! Two revisions are equal when their data bytes are equal; the bytes are the Go encoding of
//! the data (see `utils::go_json`), cached per revision and resourceVersion so a sync does not
//! re-encode unchanged revisions.
//!
//! Architecture Invariant: revisions are only created, renumbered, adopted and deleted here,
//! and always through `crate::sim::api`.

use std::collections::BTreeMap;

use crate::sim::api::{self, DeleteOptions};
use crate::sim::model::{
    ControllerRevision, Kind, Object, ObjectMeta, PodTemplateSpec, StatefulSet, Time,
};
use crate::sim::store::{ApiError, ObjectKey};
use crate::sim::world::Cluster;

use super::utils::{
    controller_revision_name, get_patch, go_json, hash_controller_revision, new_controller_ref,
    selector_matches, template_from_revision_data, CONTROLLER_REVISION_HASH_LABEL,
};

/// How many names `CreateControllerRevision` tries before giving up (upstream loops forever;
/// every loop here has a bound).
pub const REVISION_CREATE_ATTEMPTS_MAX: i32 = 100;

/// What a sync needs to know of a listed revision without cloning its data.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionRef {
    pub name: String,
    pub revision: i64,
    pub created: Option<Time>,
    pub resource_version: String,
}

/// Encoded data and parsed templates of revisions, cached across syncs.
#[derive(Debug, Clone, Default)]
pub struct RevisionCache {
    /// name → (resourceVersion, data bytes).
    bytes: BTreeMap<String, (String, String)>,
    /// The set's template and its revision data and bytes, as of the last sync.
    update: Option<(PodTemplateSpec, serde_json::Value, String)>,
    /// name → (resourceVersion, the template the revision restores).
    templates: BTreeMap<String, (String, PodTemplateSpec)>,
}

impl RevisionCache {
    fn bytes_of(&mut self, cluster: &Cluster, namespace: &str, revision: &RevisionRef) -> String {
        if let Some((rv, bytes)) = self.bytes.get(&revision.name) {
            if *rv == revision.resource_version {
                return bytes.clone();
            }
        }
        let key = ObjectKey::new(Kind::ControllerRevision, namespace, &revision.name);
        let bytes = cluster
            .store
            .get(&key)
            .and_then(|o| o.as_controller_revision())
            .map(|r| go_json(&r.data))
            .unwrap_or_default();
        self.bytes.insert(
            revision.name.clone(),
            (revision.resource_version.clone(), bytes.clone()),
        );
        bytes
    }

    /// The bytes of a revision of the set's current template (computed once per template).
    fn update_bytes(&mut self, set: &StatefulSet) -> String {
        if let Some((template, _, bytes)) = &self.update {
            if *template == set.spec.template {
                return bytes.clone();
            }
        }
        let data = get_patch(&set.spec.template);
        let bytes = go_json(&data);
        self.update = Some((set.spec.template.clone(), data, bytes.clone()));
        bytes
    }

    /// The data of that revision; copied only when a revision is actually created.
    fn update_value(&self) -> serde_json::Value {
        self.update
            .as_ref()
            .map(|(_, data, _)| data.clone())
            .unwrap_or_default()
    }

    /// Parses (or finds cached) the template a stored revision restores (`ApplyRevision`).
    pub fn load_template(
        &mut self,
        cluster: &Cluster,
        namespace: &str,
        name: &str,
    ) -> Result<(), String> {
        let key = ObjectKey::new(Kind::ControllerRevision, namespace, name);
        let Some(revision) = cluster
            .store
            .get(&key)
            .and_then(|o| o.as_controller_revision())
        else {
            return Err(format!("controllerrevisions.apps \"{name}\" not found"));
        };
        if let Some((rv, _)) = self.templates.get(name) {
            if *rv == revision.metadata.resource_version {
                return Ok(());
            }
        }
        let template = template_from_revision_data(&revision.data)?;
        self.templates.insert(
            name.to_string(),
            (revision.metadata.resource_version.clone(), template),
        );
        Ok(())
    }

    /// A template loaded by [`RevisionCache::load_template`].
    pub fn template(&self, name: &str) -> Option<&PodTemplateSpec> {
        self.templates.get(name).map(|(_, template)| template)
    }

    /// Forgets revisions that no longer exist.
    pub fn retain_names(&mut self, names: &[String]) {
        self.bytes.retain(|name, _| names.contains(name));
        self.templates.retain(|name, _| names.contains(name));
    }
}

/// `ListControllerRevisions`: the revisions in the set's namespace that its selector selects
/// and that it controls or nobody controls, sorted by revision number, then creation time, then
/// name (`SortControllerRevisions`).
pub fn list_revisions(cluster: &Cluster, set: &StatefulSet) -> Vec<RevisionRef> {
    let selector = set.spec.selector.as_ref();
    let mut revisions: Vec<RevisionRef> = cluster
        .store
        .list(Kind::ControllerRevision, Some(set.metadata.namespace()))
        .filter_map(|o| o.as_controller_revision())
        .filter(|r| selector_matches(selector, &r.metadata.labels))
        .filter(|r| {
            r.metadata
                .controller_ref()
                .is_none_or(|owner| owner.uid == set.metadata.uid)
        })
        .map(|r| RevisionRef {
            name: r.metadata.name.clone(),
            revision: r.revision,
            created: r.metadata.creation_timestamp,
            resource_version: r.metadata.resource_version.clone(),
        })
        .collect();
    revisions.sort_by(|a, b| {
        a.revision
            .cmp(&b.revision)
            .then(a.created.cmp(&b.created))
            .then(a.name.cmp(&b.name))
    });
    revisions
}

/// `adoptOrphanRevisions`: revisions the selector selects and nobody controls get the set as
/// their controller.
pub fn adopt_orphan_revisions(cluster: &mut Cluster, set: &StatefulSet) -> Result<(), String> {
    if set.metadata.is_deleting() {
        return Ok(());
    }
    let selector = set.spec.selector.as_ref();
    let orphans: Vec<ControllerRevision> = cluster
        .store
        .list(Kind::ControllerRevision, Some(set.metadata.namespace()))
        .filter_map(|o| o.as_controller_revision())
        .filter(|r| r.metadata.controller_ref().is_none())
        .filter(|r| selector_matches(selector, &r.metadata.labels))
        .cloned()
        .collect();
    for mut revision in orphans {
        revision
            .metadata
            .owner_references
            .push(new_controller_ref(set));
        match api::update(cluster, Object::ControllerRevision(Box::new(revision))) {
            Ok(()) | Err(ApiError::NotFound { .. }) => {}
            Err(error) => {
                return Err(format!(
                    "can't adopt ControllerRevisions: {}",
                    error.server_message()
                ))
            }
        }
    }
    Ok(())
}

/// The set's current and update revisions (by name) and the collision count to report.
#[derive(Debug, Clone, PartialEq)]
pub struct Revisions {
    pub current: String,
    pub update: String,
    pub collision_count: i32,
}

/// `getStatefulSetRevisions`: finds the revision equal to the set's template (creating it, or
/// renumbering an older equal one for a rollback) and the current revision.
pub fn get_stateful_set_revisions(
    cluster: &mut Cluster,
    set: &StatefulSet,
    cache: &mut RevisionCache,
    revisions: &[RevisionRef],
) -> Result<Revisions, String> {
    let namespace = set.metadata.namespace().to_string();
    let mut collision_count = set.status.collision_count.unwrap_or(0);
    let next_revision = revisions.last().map(|r| r.revision + 1).unwrap_or(1);
    let bytes = cache.update_bytes(set);
    let mut equal: Vec<&RevisionRef> = Vec::new();
    for revision in revisions {
        if cache.bytes_of(cluster, &namespace, revision) == bytes {
            equal.push(revision);
        }
    }
    let update = match (equal.last(), revisions.last()) {
        (Some(last_equal), Some(latest)) if last_equal.name == latest.name => latest.name.clone(),
        (Some(last_equal), _) => {
            // A rollback: the older equal revision becomes the newest.
            let key = ObjectKey::new(Kind::ControllerRevision, &namespace, &last_equal.name);
            let stored = cluster
                .store
                .get(&key)
                .and_then(|o| o.as_controller_revision())
                .cloned();
            match stored {
                Some(mut revision) if revision.revision != next_revision => {
                    revision.revision = next_revision;
                    api::update(cluster, Object::ControllerRevision(Box::new(revision)))
                        .map_err(|e| e.server_message())?;
                }
                Some(_) => {}
                None => {
                    return Err(format!(
                        "controllerrevisions.apps \"{}\" not found",
                        last_equal.name
                    ))
                }
            }
            last_equal.name.clone()
        }
        (None, _) => create_controller_revision(
            cluster,
            set,
            cache.update_value(),
            &bytes,
            next_revision,
            &mut collision_count,
        )?,
    };
    let current = revisions
        .iter()
        .find(|r| r.name == set.status.current_revision)
        .map(|r| r.name.clone())
        .unwrap_or_else(|| update.clone());
    Ok(Revisions {
        current,
        update,
        collision_count,
    })
}

/// `newRevision` + `CreateControllerRevision`: names the revision `<set>-<hash>`, retrying with
/// a higher collision count while another revision with different data holds the name. The
/// hash label keeps the first hash, as upstream's does.
fn create_controller_revision(
    cluster: &mut Cluster,
    set: &StatefulSet,
    data: serde_json::Value,
    bytes: &str,
    revision: i64,
    collision_count: &mut i32,
) -> Result<String, String> {
    let namespace = set.metadata.namespace().to_string();
    let hash = hash_controller_revision(bytes, *collision_count);
    let mut labels = set.spec.template.metadata.labels.clone();
    labels.insert(CONTROLLER_REVISION_HASH_LABEL.to_string(), hash);
    let template = ControllerRevision {
        metadata: ObjectMeta {
            namespace: Some(namespace.clone()),
            labels,
            annotations: set.metadata.annotations.clone(),
            owner_references: vec![new_controller_ref(set)],
            ..Default::default()
        },
        data,
        revision,
    };
    for _ in 0..REVISION_CREATE_ATTEMPTS_MAX {
        let name = controller_revision_name(
            &set.metadata.name,
            &hash_controller_revision(bytes, *collision_count),
        );
        let mut candidate = template.clone();
        candidate.metadata.name = name.clone();
        match api::create(cluster, Object::ControllerRevision(Box::new(candidate))) {
            Ok(_) => return Ok(name),
            Err(ApiError::AlreadyExists { .. }) => {
                let key = ObjectKey::new(Kind::ControllerRevision, &namespace, &name);
                let same = cluster
                    .store
                    .get(&key)
                    .and_then(|o| o.as_controller_revision())
                    .is_some_and(|existing| go_json(&existing.data) == bytes);
                if same {
                    return Ok(name);
                }
                *collision_count = collision_count.saturating_add(1);
            }
            Err(error) => return Err(error.server_message()),
        }
    }
    Err(format!(
        "could not find a free ControllerRevision name for StatefulSet {} after {REVISION_CREATE_ATTEMPTS_MAX} attempts",
        set.metadata.name
    ))
}

/// `truncateHistory`: deletes the oldest revisions that are neither current, nor update, nor
/// used by a pod, until at most `revisionHistoryLimit` of them remain.
pub fn truncate_history(
    cluster: &mut Cluster,
    set: &StatefulSet,
    revisions: &[RevisionRef],
    live: &dyn Fn(&str) -> bool,
) -> Result<(), String> {
    let history: Vec<&RevisionRef> = revisions.iter().filter(|r| !live(&r.name)).collect();
    let limit = i64::from(set.spec.revision_history_limit.unwrap_or(10));
    if limit < 0 || history.len() as i64 <= limit {
        return Ok(());
    }
    let excess = history.len() - limit as usize;
    for revision in history.into_iter().take(excess) {
        let key = ObjectKey::new(
            Kind::ControllerRevision,
            set.metadata.namespace(),
            &revision.name,
        );
        match api::delete(cluster, &key, DeleteOptions::default()) {
            Ok(_) | Err(ApiError::NotFound { .. }) => {}
            Err(error) => return Err(error.server_message()),
        }
    }
    Ok(())
}
