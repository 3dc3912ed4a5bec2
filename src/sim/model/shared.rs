//! `Shared<T>`: a part of an object that copies of the object share until one of them writes
//! it, and `Extra`, the shared map of fields the simulation keeps but does not interpret.
//!
//! Controllers copy objects on every read-modify-write, and most writes touch one small part
//! (a pod's status, a claim's phase). A defaulted pod spec carries a dozen uninterpreted fields
//! (`dnsPolicy`, `securityContext`, `terminationMessagePath` …) and every pod of a StatefulSet
//! starts from the same template, so plain values would be copied (and freed) thousands of
//! times per second of simulated time. Shared, a copy costs a reference count, and two copies
//! of one value compare equal without looking inside.
//!
//! Left out: nothing of the data's meaning; this is only how it is held in memory.
//!
//! Architecture Invariant: `Shared<T>` reads, compares, prints and (de)serialises exactly like
//! the `T` it holds; a write through `DerefMut` first copies the value if another copy shares
//! it (`Arc::make_mut`), so no copy ever sees another copy's writes.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A value shared between copies until one of them writes it.
pub struct Shared<T>(Arc<T>);

/// How a kind of value becomes shared. Empty uninterpreted-field maps, which every object has
/// several of, all share one allocation.
pub trait Share: Sized {
    fn share(self) -> Shared<Self> {
        Shared(Arc::new(self))
    }
}

impl Share for super::PodSpec {}
impl Share for super::StatefulSetSpec {}
impl Share for super::PersistentVolumeClaimSpec {}
impl Share for super::PersistentVolumeSpec {}
#[cfg(test)]
impl Share for Vec<i32> {}

/// A label or annotation map of an object's metadata.
pub use super::string_map::StringMap;

/// Labels and annotations: copies of an object's metadata share them until one writes.
pub type Labels = Shared<StringMap>;

impl Share for StringMap {
    fn share(self) -> Shared<StringMap> {
        if self.is_empty() {
            static EMPTY: std::sync::OnceLock<Shared<StringMap>> = std::sync::OnceLock::new();
            EMPTY
                .get_or_init(|| Shared(Arc::new(StringMap::new())))
                .clone()
        } else {
            Shared(Arc::new(self))
        }
    }
}

impl Shared<StringMap> {
    /// Whether the map is empty (also a path for `skip_serializing_if`).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Labels> for StringMap {
    fn from(labels: Labels) -> StringMap {
        labels.into_inner()
    }
}

impl FromIterator<(String, String)> for Labels {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Labels {
        Shared::new(iter.into_iter().collect::<StringMap>())
    }
}

impl IntoIterator for Labels {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_inner().into_iter()
    }
}

impl<'a> IntoIterator for &'a Labels {
    type Item = (&'a String, &'a String);
    type IntoIter = super::string_map::Iter<'a, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl From<Labels> for std::collections::BTreeMap<String, String> {
    fn from(labels: Labels) -> std::collections::BTreeMap<String, String> {
        labels.into_inner().into()
    }
}

impl From<std::collections::BTreeMap<String, String>> for Labels {
    fn from(map: std::collections::BTreeMap<String, String>) -> Labels {
        Shared::new(StringMap::from(map))
    }
}

impl<const N: usize> From<[(String, String); N]> for Labels {
    fn from(pairs: [(String, String); N]) -> Labels {
        Shared::new(StringMap::from(pairs))
    }
}

impl PartialEq<StringMap> for Labels {
    fn eq(&self, other: &StringMap) -> bool {
        *self.0 == *other
    }
}

impl Share for ExtraMap {
    fn share(self) -> Shared<ExtraMap> {
        if self.is_empty() {
            static EMPTY: std::sync::OnceLock<Shared<ExtraMap>> = std::sync::OnceLock::new();
            EMPTY
                .get_or_init(|| Shared(Arc::new(ExtraMap::new())))
                .clone()
        } else {
            Shared(Arc::new(self))
        }
    }
}

impl<T: Share> Shared<T> {
    pub fn new(value: T) -> Shared<T> {
        value.share()
    }
}

impl<T: Share + Default> Default for Shared<T> {
    fn default() -> Shared<T> {
        T::default().share()
    }
}

impl<T> Shared<T> {
    /// Whether both are the very same shared value (not merely equal ones).
    pub fn ptr_eq(&self, other: &Shared<T>) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T: Clone> Shared<T> {
    /// The value itself, copied only if another copy shares it.
    pub fn into_inner(self) -> T {
        Arc::try_unwrap(self.0).unwrap_or_else(|shared| (*shared).clone())
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Shared<T> {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Shared<T>) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: Share> From<T> for Shared<T> {
    fn from(value: T) -> Shared<T> {
        Shared::new(value)
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de> + Share> Deserialize<'de> for Shared<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Shared<T>, D::Error> {
        T::deserialize(deserializer).map(Shared::new)
    }
}

/// The JSON map inside an [`Extra`].
pub type ExtraMap = serde_json::Map<String, serde_json::Value>;

/// Fields of an object that the simulation keeps but does not interpret.
pub type Extra = Shared<ExtraMap>;

impl Shared<ExtraMap> {
    /// Whether the map is empty (also a path for `skip_serializing_if`).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Extra> for ExtraMap {
    fn from(extra: Extra) -> ExtraMap {
        extra.into_inner()
    }
}

impl FromIterator<(String, serde_json::Value)> for Extra {
    fn from_iter<I: IntoIterator<Item = (String, serde_json::Value)>>(iter: I) -> Extra {
        Shared::new(iter.into_iter().collect::<ExtraMap>())
    }
}

impl IntoIterator for Extra {
    type Item = (String, serde_json::Value);
    type IntoIter = serde_json::map::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.into_inner().into_iter()
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a String, &'a serde_json::Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_write_to_one_copy_leaves_the_other_alone() {
        let mut first: Extra = [("dnsPolicy".to_string(), json!("ClusterFirst"))]
            .into_iter()
            .collect();
        let second = first.clone();
        assert_eq!(first, second);
        first.insert("hostNetwork".into(), json!(true));
        assert_ne!(first, second);
        assert_eq!(second.len(), 1);
        assert_eq!(first.len(), 2);
    }

    #[test]
    fn empty_maps_share_one_allocation_until_written() {
        let mut first = Extra::default();
        let second: Extra = serde_json::from_value(json!({})).unwrap();
        assert!(first.ptr_eq(&second));
        first.insert("a".into(), json!(1));
        assert!(second.is_empty());
        assert!(!first.ptr_eq(&Extra::default()));
    }

    #[test]
    fn it_reads_and_writes_like_the_value() {
        let value = json!({"a": 1, "b": {"c": [true]}});
        let extra: Extra = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&extra).unwrap(), value);
        assert_eq!(
            format!("{extra:?}"),
            format!("{:?}", extra.clone().into_inner())
        );
        let shared: Shared<Vec<i32>> = serde_json::from_value(json!([1, 2])).unwrap();
        assert_eq!(format!("{shared:?}"), "[1, 2]");
        assert_eq!(serde_json::to_value(&shared).unwrap(), json!([1, 2]));
    }
}
