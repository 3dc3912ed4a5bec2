//! The patch formats kubectl uses: JSON merge patch (RFC 7386), JSON patch (RFC 6902), a
//! strategic merge patch for the list fields of the kinds we serve, and `kubectl apply`'s
//! three-way merge of last-applied, file and live object.
//!
//! Strategic merge keys follow the upstream struct tags (`patchMergeKey`): containers,
//! initContainers, volumes, env, imagePullSecrets by `name`; container ports by
//! `containerPort`; service ports by `port`; volumeMounts by `mountPath`. Every other list is
//! replaced whole (atomic), which is why applying an unchanged StatefulSet whose claim templates
//! the server has defaulted still reports `configured` (kubernetes/kubernetes#66450).
//!
//! Architecture Invariant: pure functions on JSON values; bounded by the depth of their input.

use serde_json::{Map, Value};

/// The merge key of a list field, by the field's name and its first element.
fn merge_key(field: &str, items: &[Value]) -> Option<&'static str> {
    match field {
        "containers"
        | "initContainers"
        | "volumes"
        | "env"
        | "imagePullSecrets"
        | "ephemeralContainers" => Some("name"),
        "volumeMounts" => Some("mountPath"),
        "ports" => {
            if items.iter().any(|item| item.get("containerPort").is_some()) {
                Some("containerPort")
            } else {
                Some("port")
            }
        }
        _ => None,
    }
}

/// RFC 7386: objects merge recursively, `null` deletes, anything else replaces.
pub fn json_merge_patch(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(patch_map) => {
            if !target.is_object() {
                *target = Value::Object(Map::new());
            }
            if let Value::Object(target_map) = target {
                for (key, value) in patch_map {
                    if value.is_null() {
                        target_map.remove(key);
                    } else {
                        json_merge_patch(
                            target_map.entry(key.clone()).or_insert(Value::Null),
                            value,
                        );
                    }
                }
            }
        }
        other => *target = other.clone(),
    }
}

/// A strategic merge patch: like a merge patch, but lists with a merge key merge element by
/// element, and `$patch: delete` / `$patch: replace` directives are honoured.
pub fn strategic_merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch_map) = patch else {
        *target = patch.clone();
        return;
    };
    if patch_map.get("$patch").and_then(Value::as_str) == Some("replace") {
        let mut replaced = patch.clone();
        if let Value::Object(map) = &mut replaced {
            map.remove("$patch");
        }
        *target = replaced;
        return;
    }
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(target_map) = target else {
        return;
    };
    for (key, value) in patch_map {
        if key == "$patch" {
            continue;
        }
        match value {
            Value::Null => {
                target_map.remove(key);
            }
            Value::Array(items) => {
                let merged = match (target_map.get(key), merge_key(key, items)) {
                    (Some(Value::Array(existing)), Some(merge_key)) => {
                        merge_list(existing, items, merge_key)
                    }
                    _ => Value::Array(
                        items
                            .iter()
                            .filter(|item| !is_delete_directive(item))
                            .cloned()
                            .collect(),
                    ),
                };
                target_map.insert(key.clone(), merged);
            }
            Value::Object(_) => {
                strategic_merge_patch(target_map.entry(key.clone()).or_insert(Value::Null), value);
            }
            other => {
                target_map.insert(key.clone(), other.clone());
            }
        }
    }
}

fn is_delete_directive(item: &Value) -> bool {
    item.get("$patch").and_then(Value::as_str) == Some("delete")
}

fn merge_list(existing: &[Value], patch: &[Value], key: &str) -> Value {
    let mut result: Vec<Value> = existing.to_vec();
    for item in patch {
        let id = item.get(key);
        let position = id.and_then(|id| result.iter().position(|e| e.get(key) == Some(id)));
        match (position, is_delete_directive(item)) {
            (Some(position), true) => {
                result.remove(position);
            }
            (None, true) => {}
            (Some(position), false) => strategic_merge_patch(&mut result[position], item),
            (None, false) => result.push(item.clone()),
        }
    }
    Value::Array(result)
}

/// `kubectl apply`'s three-way merge: start from the live object, set everything the file says,
/// and remove what the last applied configuration had but the file no longer has.
pub fn three_way_merge(last_applied: Option<&Value>, modified: &Value, live: &Value) -> Value {
    let mut merged = live.clone();
    apply_modified(&mut merged, modified, None);
    if let Some(original) = last_applied {
        remove_dropped(&mut merged, original, modified);
    }
    merged
}

fn apply_modified(target: &mut Value, modified: &Value, field: Option<&str>) {
    match modified {
        Value::Object(modified_map) => {
            if !target.is_object() {
                *target = Value::Object(Map::new());
            }
            let Value::Object(target_map) = target else {
                return;
            };
            for (key, value) in modified_map {
                apply_modified(
                    target_map.entry(key.clone()).or_insert(Value::Null),
                    value,
                    Some(key),
                );
            }
        }
        Value::Array(items) => {
            let key = field.and_then(|f| merge_key(f, items));
            match (target, key) {
                (Value::Array(existing), Some(key)) => {
                    // Keep the live elements (with their server-set defaults) that the file
                    // still names, in the file's order, merged with the file's content.
                    let mut result = Vec::new();
                    for item in items {
                        let live = item
                            .get(key)
                            .and_then(|id| existing.iter().find(|e| e.get(key) == Some(id)))
                            .cloned();
                        let mut element = live.unwrap_or(Value::Null);
                        apply_modified(&mut element, item, None);
                        result.push(element);
                    }
                    *existing = result;
                }
                (target, _) => *target = modified.clone(),
            }
        }
        other => *target = other.clone(),
    }
}

fn remove_dropped(target: &mut Value, original: &Value, modified: &Value) {
    let (Value::Object(target_map), Value::Object(original_map)) = (target, original) else {
        return;
    };
    for (key, original_value) in original_map {
        match modified.get(key) {
            None => {
                target_map.remove(key);
            }
            Some(modified_value) => {
                if let Some(child) = target_map.get_mut(key) {
                    remove_dropped(child, original_value, modified_value);
                }
            }
        }
    }
}

/// RFC 6902 JSON patch. The error texts are what the API server answers.
pub fn json_patch(target: &mut Value, operations: &Value) -> Result<(), String> {
    let Value::Array(operations) = operations else {
        return Err("json: cannot unmarshal object into Go value of type jsonpatch.Patch".into());
    };
    for operation in operations {
        let op = operation.get("op").and_then(Value::as_str).unwrap_or("");
        let path = operation.get("path").and_then(Value::as_str).unwrap_or("");
        match op {
            "add" | "replace" | "test" => {
                let value = operation
                    .get("value")
                    .cloned()
                    .ok_or_else(|| format!("missing value for {op}"))?;
                match op {
                    "add" => add(target, path, value)?,
                    "replace" => {
                        let slot = pointer_mut(target, path).ok_or_else(|| {
                            format!("replace operation does not apply: doc is missing key: {path}: missing value")
                        })?;
                        *slot = value;
                    }
                    _ => {
                        if target.pointer(path) != Some(&value) {
                            return Err(format!("testing value {path} failed: test failed"));
                        }
                    }
                }
            }
            "remove" => remove(target, path)?,
            "move" | "copy" => {
                let from = operation.get("from").and_then(Value::as_str).unwrap_or("");
                let value = target.pointer(from).cloned().ok_or_else(|| {
                    format!("{op} operation does not apply: doc is missing from path: {from}")
                })?;
                if op == "move" {
                    remove(target, from)?;
                }
                add(target, path, value)?;
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(())
}

fn pointer_mut<'v>(target: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    target.pointer_mut(path)
}

fn split_pointer(path: &str) -> Option<(String, String)> {
    let (parent, last) = path.rsplit_once('/')?;
    Some((
        parent.to_string(),
        last.replace("~1", "/").replace("~0", "~"),
    ))
}

fn add(target: &mut Value, path: &str, value: Value) -> Result<(), String> {
    if path.is_empty() {
        *target = value;
        return Ok(());
    }
    let (parent, last) = split_pointer(path).ok_or_else(|| {
        format!("add operation does not apply: doc is missing path: \"{path}\": missing value")
    })?;
    let container = target.pointer_mut(&parent).ok_or_else(|| {
        format!("add operation does not apply: doc is missing path: \"{path}\": missing value")
    })?;
    match container {
        Value::Object(map) => {
            map.insert(last, value);
            Ok(())
        }
        Value::Array(items) => {
            if last == "-" {
                items.push(value);
                return Ok(());
            }
            let index: usize = last
                .parse()
                .map_err(|_| format!("add operation does not apply: invalid index {last}"))?;
            if index > items.len() {
                return Err(format!(
                    "add operation does not apply: doc is missing path: \"{path}\": missing value"
                ));
            }
            items.insert(index, value);
            Ok(())
        }
        _ => Err(format!(
            "add operation does not apply: doc is missing path: \"{path}\": missing value"
        )),
    }
}

fn remove(target: &mut Value, path: &str) -> Result<(), String> {
    let missing = || {
        format!("remove operation does not apply: doc is missing path: \"{path}\": missing value")
    };
    let (parent, last) = split_pointer(path).ok_or_else(missing)?;
    match target.pointer_mut(&parent).ok_or_else(missing)? {
        Value::Object(map) => map.remove(&last).map(|_| ()).ok_or_else(missing),
        Value::Array(items) => {
            let index: usize = last.parse().map_err(|_| missing())?;
            if index < items.len() {
                items.remove(index);
                Ok(())
            } else {
                Err(missing())
            }
        }
        _ => Err(missing()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strategic_merge_merges_containers_by_name() {
        let mut live = json!({"spec": {"containers": [{"name": "a", "image": "nginx:1", "imagePullPolicy": "IfNotPresent"}, {"name": "b", "image": "x"}]}});
        strategic_merge_patch(
            &mut live,
            &json!({"spec": {"containers": [{"name": "a", "image": "nginx:2"}]}}),
        );
        assert_eq!(
            live["spec"]["containers"][0],
            json!({"name": "a", "image": "nginx:2", "imagePullPolicy": "IfNotPresent"})
        );
        assert_eq!(live["spec"]["containers"][1]["name"], "b");
    }

    #[test]
    fn three_way_merge_keeps_defaults_and_drops_removed_fields() {
        let live = json!({"metadata": {"labels": {"a": "1", "b": "2"}}, "spec": {"replicas": 2, "revisionHistoryLimit": 10}});
        let original =
            json!({"metadata": {"labels": {"a": "1", "b": "2"}}, "spec": {"replicas": 2}});
        let modified = json!({"metadata": {"labels": {"a": "1"}}, "spec": {"replicas": 3}});
        let merged = three_way_merge(Some(&original), &modified, &live);
        assert_eq!(
            merged,
            json!({"metadata": {"labels": {"a": "1"}}, "spec": {"replicas": 3, "revisionHistoryLimit": 10}})
        );
    }

    #[test]
    fn json_patch_operations() {
        let mut doc = json!({"spec": {"replicas": 1, "list": [1, 2]}});
        json_patch(&mut doc, &json!([{"op": "replace", "path": "/spec/replicas", "value": 3}, {"op": "add", "path": "/spec/list/-", "value": 3}, {"op": "remove", "path": "/spec/list/0"}])).unwrap();
        assert_eq!(doc, json!({"spec": {"replicas": 3, "list": [2, 3]}}));
        assert!(json_patch(&mut doc, &json!([{"op": "remove", "path": "/nope"}])).is_err());
    }
}
