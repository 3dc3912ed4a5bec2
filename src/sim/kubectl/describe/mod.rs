//! `kubectl describe`: the command (`kubectl/pkg/cmd/describe/describe.go`) and one describer
//! per kind (`kubectl/pkg/describe/describe.go`), as kubectl v1.34 prints them.
//!
//! Code map:
//! * [`writer`]: the `PrefixWriter` over a tabwriter (minimum width 0, padding 2), the shared
//!   multi-line printers and the events table.
//! * [`pod`]: pods, containers, volumes, and the `Pod Template:` block that `rollout history
//!   --revision` prints too ([`pod_template_text`]).
//! * [`apps`]: StatefulSets. [`storage`]: PersistentVolumeClaims, PersistentVolumes,
//!   StorageClasses. [`core`]: Services, Endpoints, Nodes, Namespaces, ConfigMaps.
//! * [`generic`]: the fallback for ControllerRevisions and Events.
//!
//! The command follows upstream's `Run`: the resource builder's objects are described in order,
//! the first as is and every later one after two newlines; errors (NotFound …) are printed
//! after the descriptions; nothing found prints `No resources found in <ns> namespace.`. When
//! `TYPE NAME` names nothing, every object of TYPE in the namespace whose name starts with NAME
//! is described instead, each followed by a newline (`DescribeMatchingResources`).
//!
//! Events are the stored events whose involved object has the described object's namespace,
//! name and uid (and kind, except for pods, whose reference kubectl sends without a kind), so a
//! re-created pod does not show the events of its predecessor. Ages come from simulated time.
//!
//! Leaves out: `--chunk-size` (accepted, no effect), `-k`/`-R`.
//!
//! Architecture Invariant: describe only reads the cluster; a description is a pure function
//! of the cluster's objects, events and clock, and never panics on any object content.

pub mod apps;
pub mod core;
pub mod generic;
pub mod pod;
pub mod storage;
pub mod writer;

use crate::sim::kubectl::sort;
use std::collections::BTreeMap;

use crate::sim::clock::SimTime;
use crate::sim::kubectl::args::{self, boolean, integer, value, FlagSpec, ParsedArgs};
use crate::sim::kubectl::mutate::render_api_error;
use crate::sim::kubectl::resources::{self, Selection};
use crate::sim::kubectl::{Context, Invocation, Output, Stream};
use crate::sim::model::{Event, Kind, Object, PodTemplateSpec};
use crate::sim::store::{ApiError, ObjectKey};
use crate::sim::world::{Cluster, Preset};

use self::writer::{describe_events, PrefixWriter, J};

const FLAGS: &[FlagSpec] = &[
    value("filename", Some('f')),
    value("selector", Some('l')),
    boolean("all-namespaces", Some('A')),
    boolean("show-events", None),
    integer("chunk-size", None),
    boolean("recursive", Some('R')),
];

/// What kubectl says when there is nothing to describe.
const NO_TYPE_MESSAGE: &str = "error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.";

/// `kubectl describe …`
pub fn describe(ctx: &mut Context<'_>, argv: &[String]) -> Result<Invocation, String> {
    let args = args::parse(argv, FLAGS, "kubectl describe")?;
    if args.positional.is_empty() && !args.has("filename") {
        return Err(NO_TYPE_MESSAGE.to_string());
    }
    let show_events = args.bool("show-events", true);
    let namespace = resources::namespace(&args);
    let all_namespaces = args.bool("all-namespaces", false);

    let mut objects: Vec<Object> = Vec::new();
    let mut errors: Vec<ApiError> = Vec::new();
    let mut listed = false;
    if args.has("filename") {
        for source in resources::read_files(ctx, &args)? {
            for item in source.objects {
                let mut object = item.object;
                resources::settle_namespace(&mut object, &args)?;
                fetch(
                    ctx.cluster,
                    &ObjectKey::of(&object),
                    &mut objects,
                    &mut errors,
                );
            }
        }
    } else {
        match resources::select(&args, &args.positional, true)? {
            Selection::Named(keys) => {
                check_named_lookup(&args, &keys, all_namespaces)?;
                for key in &keys {
                    fetch(ctx.cluster, key, &mut objects, &mut errors);
                }
            }
            Selection::Listing {
                kinds,
                namespace,
                selector,
            } => {
                listed = true;
                for kind in kinds {
                    if kind == Kind::Event {
                        objects.extend(list_events(
                            ctx.cluster,
                            namespace.as_deref(),
                            selector.as_ref(),
                        ));
                        continue;
                    }
                    objects.extend(
                        resources::list(ctx, kind, namespace.as_deref(), selector.as_ref())
                            .into_iter()
                            .cloned(),
                    );
                }
            }
        }
    }

    let cluster: &Cluster = ctx.cluster;
    let out: &mut Output = ctx.out;
    let describer = Describer::new(cluster, show_events);
    if errors.len() == 1
        && matches!(errors[0], ApiError::NotFound { .. })
        && args.positional.len() == 2
        && !args.has("filename")
    {
        return describe_matching(cluster, out, &describer, &args, &namespace, &errors[0]);
    }
    let mut text = String::new();
    for (index, object) in objects.iter().enumerate() {
        if index > 0 {
            text.push_str("\n\n");
        }
        text.push_str(&describer.describe(object));
    }
    out.raw(Stream::Stdout, text);
    if objects.is_empty() && errors.is_empty() && listed {
        if all_namespaces {
            out.err("No resources found");
        } else {
            out.err(format!("No resources found in {namespace} namespace."));
        }
    }
    for error in &errors {
        out.err(render_api_error(error, None));
    }
    Ok(Invocation::Done(if errors.is_empty() { 0 } else { 1 }))
}

/// The resource builder's checks on `TYPE NAME…` (`visitByName`).
fn check_named_lookup(
    args: &ParsedArgs,
    keys: &[ObjectKey],
    all_namespaces: bool,
) -> Result<(), String> {
    let slash_form = args.positional.iter().any(|p| p.contains('/'));
    if !slash_form && args.positional.first().is_some_and(|t| t.contains(',')) {
        return Err("error: you must specify only one resource".to_string());
    }
    if all_namespaces && keys.iter().any(|k| k.kind.namespaced()) {
        return Err(
            "error: a resource cannot be retrieved by name across all namespaces".to_string(),
        );
    }
    Ok(())
}

fn fetch(
    cluster: &Cluster,
    key: &ObjectKey,
    objects: &mut Vec<Object>,
    errors: &mut Vec<ApiError>,
) {
    let found = if key.kind == Kind::Event {
        list_events(cluster, Some(&key.namespace), None)
            .into_iter()
            .find(|event| event.name() == key.name)
    } else {
        cluster.store.get(key).cloned()
    };
    match found {
        Some(object) => objects.push(object),
        None => errors.push(ApiError::not_found(key.kind, &key.name)),
    }
}

/// Events as the API lists them (the store keeps them apart from other objects): by
/// namespace, then name.
fn list_events(
    cluster: &Cluster,
    namespace: Option<&str>,
    selector: Option<&crate::sim::model::LabelSelector>,
) -> Vec<Object> {
    let mut events: Vec<&Event> = cluster
        .store
        .events()
        .filter(|e| namespace.is_none_or(|ns| e.metadata.namespace() == ns))
        .filter(|e| selector.is_none_or(|s| s.matches(&e.metadata.labels)))
        .collect();
    sort::sort_by(&mut events, |a, b| {
        (a.metadata.namespace(), a.metadata.name.as_str())
            .cmp(&(b.metadata.namespace(), b.metadata.name.as_str()))
    });
    events
        .into_iter()
        .map(|e| Object::Event(Box::new(e.clone())))
        .collect()
}

/// `DescribeMatchingResources`: `kubectl describe pod web` describes `web-0`, `web-1`, …
fn describe_matching(
    cluster: &Cluster,
    out: &mut Output,
    describer: &Describer<'_>,
    args: &ParsedArgs,
    namespace: &str,
    original: &ApiError,
) -> Result<Invocation, String> {
    let type_text = &args.positional[0];
    let prefix = &args.positional[1];
    // The first argument alone, as the builder reads it: a type, or a `type/name` whose own
    // object must exist.
    let candidates: Vec<Object> = match type_text.split_once('/') {
        Some((type_part, name)) => {
            let kind = resources::resolve_kind(type_part)?;
            let key = ObjectKey::new(kind, namespace, name);
            let mut found = Vec::new();
            fetch(cluster, &key, &mut found, &mut Vec::new());
            match found.pop() {
                Some(object) => vec![object],
                None => {
                    out.err(render_api_error(&ApiError::not_found(kind, name), None));
                    return Ok(Invocation::Done(1));
                }
            }
        }
        None => {
            if type_text.contains(',') {
                return Err("error: you must specify only one resource".to_string());
            }
            let kind = resources::resolve_kind(type_text)?;
            let scope = if kind.namespaced() {
                Some(namespace)
            } else {
                None
            };
            if kind == Kind::Event {
                list_events(cluster, scope, None)
            } else {
                cluster.store.list(kind, scope).cloned().collect()
            }
        }
    };
    let mut text = String::new();
    let mut found = false;
    for object in candidates
        .iter()
        .filter(|o| o.name().starts_with(prefix.as_str()))
    {
        found = true;
        text.push_str(&describer.describe(object));
        text.push('\n');
    }
    if !found {
        out.err(render_api_error(original, None));
        return Ok(Invocation::Done(1));
    }
    out.raw(Stream::Stdout, text);
    Ok(Invocation::Done(0))
}

/// The `Pod Template:` block of `kubectl describe` for a workload's template, as
/// `kubectl rollout history --revision=N` prints it: written straight to the terminal, without
/// the tabwriter, so the label/value separators are literal tab characters.
pub fn pod_template_text(template: &PodTemplateSpec) -> String {
    let json = serde_json::to_value(template).unwrap_or(serde_json::Value::Null);
    let mut w = PrefixWriter::plain();
    pod::describe_pod_template(&mut w, J::new(&json));
    w.finish()
}

/// The description of one object, as `kubectl describe` prints it (with events).
pub fn describe_object(cluster: &Cluster, object: &Object) -> String {
    Describer::new(cluster, true).describe(object)
}

/// Stored events by the involved object's namespace and name, oldest first.
struct EventIndex<'c> {
    by_object: BTreeMap<(&'c str, &'c str), Vec<&'c Event>>,
}

impl<'c> EventIndex<'c> {
    fn new(cluster: &'c Cluster) -> EventIndex<'c> {
        let mut by_object: BTreeMap<(&str, &str), Vec<&Event>> = BTreeMap::new();
        for event in cluster.store.events() {
            by_object
                .entry((
                    event.involved_object.namespace.as_str(),
                    event.involved_object.name.as_str(),
                ))
                .or_default()
                .push(event);
        }
        // The API lists events by name, which upstream derives from the creation time.
        for events in by_object.values_mut() {
            sort::sort_by_key(events, |e| e.first_timestamp.map(|t| t.0));
        }
        EventIndex { by_object }
    }

    /// `searchEvents`: the field selector on the involved object's name, namespace, kind (when
    /// given) and uid.
    fn search(&self, namespace: &str, name: &str, kind: Option<&str>, uid: &str) -> Vec<&'c Event> {
        self.by_object
            .get(&(namespace, name))
            .into_iter()
            .flatten()
            .filter(|e| kind.is_none_or(|k| e.involved_object.kind == k))
            .filter(|e| uid.is_empty() || e.involved_object.uid == uid)
            .copied()
            .collect()
    }
}

/// Describes objects of one cluster; keeps the event index between objects.
pub struct Describer<'c> {
    cluster: &'c Cluster,
    events: Option<EventIndex<'c>>,
}

impl<'c> Describer<'c> {
    pub fn new(cluster: &'c Cluster, show_events: bool) -> Describer<'c> {
        Describer {
            cluster,
            events: show_events.then(|| EventIndex::new(cluster)),
        }
    }

    fn now(&self) -> SimTime {
        self.cluster.now
    }

    /// The full description of `object`.
    pub fn describe(&self, object: &Object) -> String {
        let json = object.to_json();
        let j = J::new(&json);
        let meta = j.get("metadata");
        let namespace = meta.get("namespace").str();
        let name = meta.get("name").str();
        let uid = meta.get("uid").str();
        let now = self.now();
        let mut w = PrefixWriter::tabbed();
        let kind_name = object.kind().name();
        let mut events: Option<Vec<&Event>> = self
            .events
            .as_ref()
            .map(|index| index.search(namespace, name, Some(kind_name), uid));
        match object {
            Object::Pod(_) => {
                pod::describe_pod_body(&mut w, j, now);
                // The pod describer sends its reference without a kind; a mirror pod's events
                // carry the uid of its static pod.
                let uid = meta
                    .path(&["annotations", "kubernetes.io/config.mirror"])
                    .opt_str()
                    .unwrap_or(uid);
                events = self
                    .events
                    .as_ref()
                    .map(|index| index.search(namespace, name, None, uid));
            }
            Object::StatefulSet(set) => {
                let mut counts = apps::PodPhaseCounts::default();
                for key in self.cluster.store.pods_owned_by(&set.metadata.uid) {
                    let Some(Object::Pod(pod)) = self.cluster.store.get(key) else {
                        continue;
                    };
                    let selected = set
                        .spec
                        .selector
                        .as_ref()
                        .is_some_and(|s| s.matches(&pod.metadata.labels));
                    if selected {
                        counts.count(pod.status.phase.as_deref().unwrap_or(""));
                    }
                }
                apps::describe_stateful_set_body(&mut w, j, counts);
            }
            Object::PersistentVolumeClaim(_) => {
                let used_by = self.pods_for_claim(namespace, name, meta);
                storage::describe_pvc_body(&mut w, j, used_by, now);
            }
            Object::PersistentVolume(_) => storage::describe_pv_body(&mut w, j, now),
            Object::StorageClass(_) => storage::describe_storage_class_body(&mut w, j),
            Object::Service(_) => {
                let endpoints =
                    crate::sim::dns::endpoints_for(self.cluster, &ObjectKey::of(object));
                core::describe_service_body(&mut w, j, endpoints.as_ref());
            }
            Object::Endpoints(_) => core::describe_endpoints_body(&mut w, j),
            Object::Node(_) => {
                let pods: Vec<serde_json::Value> = self
                    .cluster
                    .store
                    .list(Kind::Pod, None)
                    .filter_map(Object::as_pod)
                    .filter(|p| p.spec.node_name.as_deref() == Some(name))
                    .filter(|p| !matches!(p.status.phase.as_deref(), Some("Succeeded" | "Failed")))
                    .map(|p| Object::Pod(Box::new(p.clone())).to_json())
                    .collect();
                let pods: Vec<J<'_>> = pods.iter().map(J::new).collect();
                core::describe_node_body(
                    &mut w,
                    j,
                    &pods,
                    self.cluster.preset == Preset::Kind,
                    now,
                );
                // Controllers name a node by its uid, the kubelet by its name.
                if let (Some(found), Some(index)) = (&mut events, &self.events) {
                    found.extend(index.search(namespace, name, Some(kind_name), name));
                }
            }
            Object::Namespace(_) => {
                core::describe_namespace_body(&mut w, j);
                events = None;
            }
            Object::ConfigMap(_) => core::describe_config_map_body(&mut w, j),
            Object::ControllerRevision(_) | Object::Event(_) => {
                generic::describe_generic_body(&mut w, &json)
            }
        }
        if let Some(events) = events {
            describe_events(&mut w, &events, now);
        }
        w.finish()
    }

    /// `getPodsForPVC`: pods of the namespace with a volume of this claim, then pods that own
    /// the claim.
    fn pods_for_claim(&self, namespace: &str, claim: &str, meta: J<'_>) -> Vec<String> {
        let pods: Vec<&crate::sim::model::Pod> = self
            .cluster
            .store
            .list(Kind::Pod, Some(namespace))
            .filter_map(Object::as_pod)
            .collect();
        let mut users: Vec<&crate::sim::model::Pod> = Vec::new();
        for pod in &pods {
            for volume in &pod.spec.volumes {
                if volume
                    .persistent_volume_claim
                    .as_ref()
                    .is_some_and(|c| c.claim_name == claim)
                {
                    users.push(pod);
                }
            }
        }
        for owner in meta.get("ownerReferences").items() {
            if owner.get("kind").str() != "Pod" {
                continue;
            }
            let uid = owner.get("uid").str();
            let Some(pod) = pods.iter().find(|p| p.metadata.uid == uid) else {
                continue;
            };
            if !users.iter().any(|u| u.metadata.uid == pod.metadata.uid) {
                users.push(pod);
            }
        }
        users.iter().map(|p| p.metadata.name.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `kubectl rollout history statefulset/web --revision=1` prints the template through a
    /// plain `PrefixWriter`: the tabs reach the terminal as they are.
    #[test]
    fn pod_template_text_keeps_its_tabs() {
        let template: PodTemplateSpec = serde_json::from_value(serde_json::json!({
            "metadata": {"labels": {"app": "nginx"}},
            "spec": {"containers": [{
                "name": "nginx", "image": "registry.k8s.io/nginx-slim:0.24",
                "ports": [{"containerPort": 80, "name": "web", "protocol": "TCP"}],
                "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]
            }]}
        }))
        .expect("template decodes");
        assert_eq!(
            pod_template_text(&template),
            "Pod Template:\n  Labels:\tapp=nginx\n  Containers:\n   nginx:\n    Image:\tregistry.k8s.io/nginx-slim:0.24\n    Port:\t80/TCP (web)\n    Host Port:\t0/TCP (web)\n    Environment:\t<none>\n    Mounts:\n      /usr/share/nginx/html from www (rw)\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n"
        );
    }
}
