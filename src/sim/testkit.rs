//! Helpers for tests: build a cluster from YAML documents without going through kubectl.
//! Not used by the product; kept in the library so integration tests and benches share it.

use crate::sim::api;
use crate::sim::model::{Kind, Object};
use crate::sim::store::ObjectKey;
use crate::sim::world::{Cluster, Preset};

/// Parses multi-document YAML into objects. Panics on bad input: test data only.
pub fn objects_from_yaml(yaml: &str) -> Vec<Object> {
    use serde::Deserialize;
    let mut objects = Vec::new();
    for document in serde_yaml::Deserializer::from_str(yaml) {
        let value = serde_json::Value::deserialize(document).expect("test YAML parses");
        if value.is_null() {
            continue;
        }
        let api_version = value["apiVersion"].as_str().unwrap_or_default().to_string();
        let kind_name = value["kind"].as_str().unwrap_or_default().to_string();
        let kind = Kind::from_api_version_kind(&api_version, &kind_name)
            .unwrap_or_else(|| panic!("unknown kind {api_version} {kind_name}"));
        let mut object = Object::from_json(kind, value).expect("test object decodes");
        if kind.namespaced() && object.meta().namespace.is_none() {
            object.meta_mut().namespace = Some("default".into());
        }
        objects.push(object);
    }
    objects
}

/// Creates every object of `yaml` through admission, as `kubectl create -f` would.
pub fn create_all(cluster: &mut Cluster, yaml: &str) -> Vec<ObjectKey> {
    let keys = objects_from_yaml(yaml)
        .into_iter()
        .map(|object| api::create(cluster, object).expect("test object is admitted"))
        .collect();
    cluster.settle();
    keys
}

/// A fresh cluster of `preset` with the objects of `yaml` created in it.
pub fn cluster_with(preset: Preset, seed: u64, yaml: &str) -> Cluster {
    let mut cluster = Cluster::new(preset, seed);
    create_all(&mut cluster, yaml);
    cluster
}

/// The tutorial notes' five hand-made PersistentVolumes (pv-demo.yaml).
pub const NOTES_PV_DEMO: &str = include_str!("../../examples/pv-demo.yaml");
/// The tutorial notes' headless Service and StatefulSet (stateful-demo.yaml).
pub const NOTES_STATEFUL_DEMO: &str = include_str!("../../examples/stateful-demo.yaml");
