//! The API objects the simulation understands, as typed serde structs (camelCase, like the
//! real JSON), plus the table of kinds: group, version, plural, short names and scope, which is
//! what kubectl's RESTMapper and `kubectl api-resources` know.
//!
//! Architecture Invariant: the model knows nothing of the store, the controllers or kubectl;
//! it only describes data. Unknown-but-real fields are kept in each struct's `extra` map.

pub mod core;
pub mod meta;
pub mod pod;
pub mod shared;
pub mod storage;
pub mod string_map;
pub mod workloads;

pub use self::core::*;
pub use self::meta::*;
pub use self::pod::*;
pub use self::storage::*;
pub use self::workloads::*;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Every kind the API server of the simulation serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Namespace,
    Node,
    Service,
    Endpoints,
    StatefulSet,
    ControllerRevision,
    Pod,
    PersistentVolumeClaim,
    PersistentVolume,
    StorageClass,
    ConfigMap,
    Event,
}

/// What kubectl's discovery knows of a kind.
#[derive(Debug, Clone, Copy)]
pub struct KindInfo {
    pub kind: Kind,
    pub name: &'static str,
    pub group: &'static str,
    pub version: &'static str,
    pub plural: &'static str,
    pub singular: &'static str,
    pub short_names: &'static [&'static str],
    pub namespaced: bool,
    /// The verbs `kubectl api-resources -o wide` lists.
    pub verbs: &'static str,
}

const ALL_VERBS: &str = "create delete deletecollection get list patch update watch";

pub const KINDS: &[KindInfo] = &[
    KindInfo {
        kind: Kind::ConfigMap,
        name: "ConfigMap",
        group: "",
        version: "v1",
        plural: "configmaps",
        singular: "configmap",
        short_names: &["cm"],
        namespaced: true,
        verbs: ALL_VERBS,
    },
    KindInfo {
        kind: Kind::Endpoints,
        name: "Endpoints",
        group: "",
        version: "v1",
        plural: "endpoints",
        singular: "endpoints",
        short_names: &["ep"],
        namespaced: true,
        verbs: ALL_VERBS,
    },
    KindInfo {
        kind: Kind::Event,
        name: "Event",
        group: "",
        version: "v1",
        plural: "events",
        singular: "event",
        short_names: &["ev"],
        namespaced: true,
        verbs: ALL_VERBS,
    },
    KindInfo {
        kind: Kind::Namespace,
        name: "Namespace",
        group: "",
        version: "v1",
        plural: "namespaces",
        singular: "namespace",
        short_names: &["ns"],
        namespaced: false,
        verbs: "create delete get list patch update watch",
    },
    KindInfo {
        kind: Kind::Node,
        name: "Node",
        group: "",
        version: "v1",
        plural: "nodes",
        singular: "node",
        short_names: &["no"],
        namespaced: false,
        verbs: ALL_VERBS,
    },
    KindInfo {
        kind: Kind::PersistentVolumeClaim,
        name: "PersistentVolumeClaim",
        group: "",
        version: "v1",
        plural: "persistentvolumeclaims",
        singular: "persistentvolumeclaim",
        short_names: &["pvc"],
        namespaced: true,
        verbs: ALL_VERBS,
    },
    KindInfo {
        kind: Kind::PersistentVolume,
        name: "PersistentVolume",
        group: "",
        version: "v1",
        plural: "persistentvolumes",
        singular: "persistentvolume",
        short_names: &["pv"],
        namespaced: false,
        verbs: ALL_VERBS,
    },
    KindInfo {
        kind: Kind::Pod,
        name: "Pod",
        group: "",
        version: "v1",
        plural: "pods",
        singular: "pod",
        short_names: &["po"],
        namespaced: true,
        verbs: ALL_VERBS,
    },
    KindInfo {
        kind: Kind::Service,
        name: "Service",
        group: "",
        version: "v1",
        plural: "services",
        singular: "service",
        short_names: &["svc"],
        namespaced: true,
        verbs: "create delete deletecollection get list patch update watch",
    },
    KindInfo {
        kind: Kind::ControllerRevision,
        name: "ControllerRevision",
        group: "apps",
        version: "v1",
        plural: "controllerrevisions",
        singular: "controllerrevision",
        short_names: &[],
        namespaced: true,
        verbs: ALL_VERBS,
    },
    KindInfo {
        kind: Kind::StatefulSet,
        name: "StatefulSet",
        group: "apps",
        version: "v1",
        plural: "statefulsets",
        singular: "statefulset",
        short_names: &["sts"],
        namespaced: true,
        verbs: ALL_VERBS,
    },
    KindInfo {
        kind: Kind::StorageClass,
        name: "StorageClass",
        group: "storage.k8s.io",
        version: "v1",
        plural: "storageclasses",
        singular: "storageclass",
        short_names: &["sc"],
        namespaced: false,
        verbs: ALL_VERBS,
    },
];

impl Kind {
    pub fn info(self) -> &'static KindInfo {
        KINDS
            .iter()
            .find(|info| info.kind == self)
            .expect("every kind is in the KINDS table")
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn api_version(self) -> String {
        let info = self.info();
        if info.group.is_empty() {
            info.version.to_string()
        } else {
            format!("{}/{}", info.group, info.version)
        }
    }

    pub fn namespaced(self) -> bool {
        self.info().namespaced
    }

    /// `statefulsets.apps`, `pods`: how API errors name the resource.
    pub fn qualified_plural(self) -> String {
        let info = self.info();
        if info.group.is_empty() {
            info.plural.to_string()
        } else {
            format!("{}.{}", info.plural, info.group)
        }
    }

    /// `statefulset.apps`, `pod`: how kubectl's name printer prefixes the kind.
    pub fn qualified_singular(self) -> String {
        let info = self.info();
        if info.group.is_empty() {
            info.singular.to_string()
        } else {
            format!("{}.{}", info.singular, info.group)
        }
    }

    /// Finds a kind by apiVersion and Kind as written in a manifest.
    pub fn from_api_version_kind(api_version: &str, kind: &str) -> Option<Kind> {
        KINDS
            .iter()
            .find(|info| info.name == kind && Kind::api_version(info.kind) == api_version)
            .map(|info| info.kind)
    }

    /// Resolves what a user typed on the kubectl command line: plural, singular, short name or
    /// Kind, optionally qualified with a group (`statefulsets.apps`, `sts.apps`).
    pub fn from_resource_arg(text: &str) -> Option<Kind> {
        let lower = text.to_ascii_lowercase();
        let (resource, group) = match lower.split_once('.') {
            Some((resource, group)) => (resource.to_string(), Some(group.to_string())),
            None => (lower.clone(), None),
        };
        KINDS
            .iter()
            .find(|info| {
                let name_matches = info.plural == resource
                    || info.singular == resource
                    || info.short_names.contains(&resource.as_str())
                    || info.name.to_ascii_lowercase() == resource;
                let group_matches = match &group {
                    None => true,
                    Some(group) => {
                        group == info.group
                            || group == &format!("{}.{}", info.version, info.group)
                            || (info.group.is_empty() && group == info.version)
                    }
                };
                name_matches && group_matches
            })
            .map(|info| info.kind)
    }
}

/// One stored object of any kind. Every variant is boxed, so an `Object` is two words: the
/// store's map nodes, the change feed and the queues hold small values, and each object's
/// allocation is the size of its own kind (an event is larger than a claim).
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Namespace(Box<Namespace>),
    Node(Box<Node>),
    Service(Box<Service>),
    Endpoints(Box<Endpoints>),
    StatefulSet(Box<StatefulSet>),
    ControllerRevision(Box<ControllerRevision>),
    Pod(Box<Pod>),
    PersistentVolumeClaim(Box<PersistentVolumeClaim>),
    PersistentVolume(Box<PersistentVolume>),
    StorageClass(Box<StorageClass>),
    ConfigMap(Box<ConfigMap>),
    Event(Box<Event>),
}

macro_rules! each_object {
    ($value:expr, $binding:ident => $body:expr) => {
        match $value {
            Object::Namespace($binding) => $body,
            Object::Node($binding) => $body,
            Object::Service($binding) => $body,
            Object::Endpoints($binding) => $body,
            Object::StatefulSet($binding) => $body,
            Object::ControllerRevision($binding) => $body,
            Object::Pod($binding) => $body,
            Object::PersistentVolumeClaim($binding) => $body,
            Object::PersistentVolume($binding) => $body,
            Object::StorageClass($binding) => $body,
            Object::ConfigMap($binding) => $body,
            Object::Event($binding) => $body,
        }
    };
}

fn to_value<T: Serialize>(object: &T) -> serde_json::Value {
    serde_json::to_value(object).unwrap_or(serde_json::Value::Null)
}

fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

impl Object {
    pub fn kind(&self) -> Kind {
        match self {
            Object::Namespace(_) => Kind::Namespace,
            Object::Node(_) => Kind::Node,
            Object::Service(_) => Kind::Service,
            Object::Endpoints(_) => Kind::Endpoints,
            Object::StatefulSet(_) => Kind::StatefulSet,
            Object::ControllerRevision(_) => Kind::ControllerRevision,
            Object::Pod(_) => Kind::Pod,
            Object::PersistentVolumeClaim(_) => Kind::PersistentVolumeClaim,
            Object::PersistentVolume(_) => Kind::PersistentVolume,
            Object::StorageClass(_) => Kind::StorageClass,
            Object::ConfigMap(_) => Kind::ConfigMap,
            Object::Event(_) => Kind::Event,
        }
    }

    pub fn meta(&self) -> &ObjectMeta {
        each_object!(self, o => &o.metadata)
    }

    pub fn meta_mut(&mut self) -> &mut ObjectMeta {
        each_object!(self, o => &mut o.metadata)
    }

    pub fn name(&self) -> &str {
        &self.meta().name
    }

    /// The object as the API server returns it: `apiVersion` and `kind` first, then its
    /// fields.
    pub fn to_json(&self) -> serde_json::Value {
        let body = each_object!(self, o => to_value(o));
        let mut out = serde_json::Map::new();
        out.insert("apiVersion".into(), self.kind().api_version().into());
        out.insert("kind".into(), self.kind().name().into());
        if let serde_json::Value::Object(fields) = body {
            out.extend(fields);
        }
        serde_json::Value::Object(out)
    }

    /// Builds an object of `kind` from JSON (whose `apiVersion` and `kind` are ignored here).
    /// The error is serde's text; callers run strict decoding first for the user-facing message.
    pub fn from_json(kind: Kind, mut value: serde_json::Value) -> Result<Object, String> {
        if let serde_json::Value::Object(map) = &mut value {
            map.remove("apiVersion");
            map.remove("kind");
        }
        Ok(match kind {
            Kind::Namespace => Object::Namespace(from_value(value)?),
            Kind::Node => Object::Node(from_value(value)?),
            Kind::Service => Object::Service(from_value(value)?),
            Kind::Endpoints => Object::Endpoints(from_value(value)?),
            Kind::StatefulSet => Object::StatefulSet(from_value(value)?),
            Kind::ControllerRevision => Object::ControllerRevision(from_value(value)?),
            Kind::Pod => Object::Pod(from_value(value)?),
            Kind::PersistentVolumeClaim => Object::PersistentVolumeClaim(from_value(value)?),
            Kind::PersistentVolume => Object::PersistentVolume(from_value(value)?),
            Kind::StorageClass => Object::StorageClass(from_value(value)?),
            Kind::ConfigMap => Object::ConfigMap(from_value(value)?),
            Kind::Event => Object::Event(from_value(value)?),
        })
    }
}

/// Typed access to the variants, so that code which knows the kind does not match by hand.
macro_rules! variant_accessors {
    ($($variant:ident => $as_ref:ident, $as_mut:ident;)*) => {
        impl Object {
            $(
                pub fn $as_ref(&self) -> Option<&$variant> {
                    match self { Object::$variant(o) => Some(o), _ => None }
                }
                pub fn $as_mut(&mut self) -> Option<&mut $variant> {
                    match self { Object::$variant(o) => Some(o), _ => None }
                }
            )*
        }
    };
}

variant_accessors! {
    Namespace => as_namespace, as_namespace_mut;
    Node => as_node, as_node_mut;
    Service => as_service, as_service_mut;
    Endpoints => as_endpoints, as_endpoints_mut;
    StatefulSet => as_stateful_set, as_stateful_set_mut;
    ControllerRevision => as_controller_revision, as_controller_revision_mut;
    Pod => as_pod, as_pod_mut;
    PersistentVolumeClaim => as_pvc, as_pvc_mut;
    PersistentVolume => as_pv, as_pv_mut;
    StorageClass => as_storage_class, as_storage_class_mut;
    ConfigMap => as_config_map, as_config_map_mut;
    Event => as_event, as_event_mut;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_arguments_resolve_like_kubectl() {
        assert_eq!(Kind::from_resource_arg("sts"), Some(Kind::StatefulSet));
        assert_eq!(
            Kind::from_resource_arg("statefulsets.apps"),
            Some(Kind::StatefulSet)
        );
        assert_eq!(
            Kind::from_resource_arg("StatefulSet"),
            Some(Kind::StatefulSet)
        );
        assert_eq!(Kind::from_resource_arg("po"), Some(Kind::Pod));
        assert_eq!(
            Kind::from_resource_arg("pvc"),
            Some(Kind::PersistentVolumeClaim)
        );
        assert_eq!(Kind::from_resource_arg("pds"), None);
        assert_eq!(Kind::from_resource_arg("sts.storage.k8s.io"), None);
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let json = serde_json::json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "web"},
            "spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "c", "image": "nginx", "securityContext": {"runAsUser": 1}}], "affinity": {}}}}
        });
        let object = Object::from_json(Kind::StatefulSet, json).unwrap();
        let back = object.to_json();
        assert_eq!(
            back["spec"]["template"]["spec"]["containers"][0]["securityContext"]["runAsUser"],
            1
        );
        assert!(back["spec"]["template"]["spec"]["affinity"].is_object());
        assert_eq!(back["kind"], "StatefulSet");
    }
}
