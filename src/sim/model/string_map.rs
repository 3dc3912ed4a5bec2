//! `SortedMap`: a map with string keys held as one sorted vector of pairs instead of a
//! B-tree; `StringMap` (labels and annotations) and the resource lists of claims and volumes.
//!
//! Every pod, claim and volume carries a few labels and annotations, and thousands of them are
//! alive at once. A `BTreeMap` allocates a whole node (eleven slots, about 540 bytes) for even
//! one pair; a sorted vector holds exactly its pairs (48 bytes each). Maps this small are
//! searched as fast in a vector as in a tree.
//!
//! Left out: nothing of the data's meaning; this is only how it is held in memory.
//!
//! Architecture Invariant: the pairs are sorted by key and keys are unique, so iteration,
//! comparison, `Debug` and serde are exactly those of a `BTreeMap<String, String>` with the
//! same pairs.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A map from strings to values, ordered by key, stored compactly as a sorted vector.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SortedMap<V> {
    /// Sorted by key; each key once.
    pairs: Vec<(String, V)>,
}

/// Labels and annotations.
pub type StringMap = SortedMap<String>;

impl<V> Default for SortedMap<V> {
    fn default() -> Self {
        SortedMap::new()
    }
}

impl<V> SortedMap<V> {
    pub const fn new() -> Self {
        SortedMap { pairs: Vec::new() }
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.pairs
            .binary_search_by(|(existing, _)| existing.as_str().cmp(key))
    }

    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.position(key).ok().map(|index| &self.pairs[index].1)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.position(key)
            .ok()
            .map(|index| &mut self.pairs[index].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    /// Sets `key` to `value`, returning the value it replaces.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.position(&key) {
            Ok(index) => Some(std::mem::replace(&mut self.pairs[index].1, value)),
            Err(index) => {
                // Grown by exactly one: these maps are small, written rarely and kept long.
                self.pairs.reserve_exact(1);
                self.pairs.insert(index, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        let index = self.position(key).ok()?;
        let (_, value) = self.pairs.remove(index);
        if self.pairs.is_empty() {
            self.pairs = Vec::new();
        }
        Some(value)
    }

    pub fn clear(&mut self) {
        self.pairs = Vec::new();
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut V) -> bool) {
        self.pairs.retain_mut(|(key, value)| keep(key, value));
    }

    /// The pairs in key order.
    pub fn iter(&self) -> Iter<'_, V> {
        Iter {
            inner: self.pairs.iter(),
        }
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator + '_ {
        self.pairs.iter().map(|(key, _)| key)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + '_ {
        self.pairs.iter().map(|(_, value)| value)
    }
}

/// The pairs of a [`SortedMap`] by reference, in key order.
#[derive(Clone)]
pub struct Iter<'a, V> {
    inner: std::slice::Iter<'a, (String, V)>,
}

impl<'a, V> Iterator for Iter<'a, V> {
    type Item = (&'a String, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next().map(|(key, value)| (key, value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<V> DoubleEndedIterator for Iter<'_, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back().map(|(key, value)| (key, value))
    }
}

impl<V> ExactSizeIterator for Iter<'_, V> {}

impl<'a, V> IntoIterator for &'a SortedMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = Iter<'a, V>;

    fn into_iter(self) -> Iter<'a, V> {
        self.iter()
    }
}

impl<V> IntoIterator for SortedMap<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.pairs.into_iter()
    }
}

impl<V> Extend<(String, V)> for SortedMap<V> {
    fn extend<I: IntoIterator<Item = (String, V)>>(&mut self, pairs: I) {
        for (key, value) in pairs {
            self.insert(key, value);
        }
    }
}

impl<V> FromIterator<(String, V)> for SortedMap<V> {
    /// Like a `BTreeMap`: a later pair with an equal key replaces the earlier one.
    fn from_iter<I: IntoIterator<Item = (String, V)>>(pairs: I) -> Self {
        let mut pairs: Vec<(String, V)> = pairs.into_iter().collect();
        // A stable sort keeps equal keys in their order; the last of each run wins.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut unique: Vec<(String, V)> = Vec::with_capacity(pairs.len());
        for pair in pairs {
            match unique.last_mut() {
                Some(last) if last.0 == pair.0 => *last = pair,
                _ => unique.push(pair),
            }
        }
        unique.shrink_to_fit();
        SortedMap { pairs: unique }
    }
}

impl<V, const N: usize> From<[(String, V); N]> for SortedMap<V> {
    fn from(pairs: [(String, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<V> From<BTreeMap<String, V>> for SortedMap<V> {
    fn from(map: BTreeMap<String, V>) -> Self {
        // Already sorted and unique.
        SortedMap {
            pairs: map.into_iter().collect(),
        }
    }
}

impl<V> From<SortedMap<V>> for BTreeMap<String, V> {
    fn from(map: SortedMap<V>) -> BTreeMap<String, V> {
        map.pairs.into_iter().collect()
    }
}

impl<V: PartialEq> PartialEq<BTreeMap<String, V>> for SortedMap<V> {
    fn eq(&self, other: &BTreeMap<String, V>) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<V: fmt::Debug> fmt::Debug for SortedMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V: Serialize> Serialize for SortedMap<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SortedMap<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Read as a `BTreeMap`, which settles duplicate keys as before.
        BTreeMap::<String, V>::deserialize(deserializer).map(SortedMap::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(key: &str, value: &str) -> (String, String) {
        (key.to_string(), value.to_string())
    }

    #[test]
    fn it_behaves_like_a_btreemap() {
        let mut map = StringMap::new();
        let mut tree = BTreeMap::new();
        for (key, value) in [("b", "1"), ("a", "2"), ("c", "3"), ("a", "4")] {
            assert_eq!(
                map.insert(key.into(), value.into()),
                tree.insert(key.to_string(), value.to_string())
            );
        }
        assert_eq!(map, tree);
        assert_eq!(map.get("a"), Some(&"4".to_string()));
        assert!(!map.contains_key("z"));
        assert_eq!(map.remove("b"), tree.remove("b"));
        assert_eq!(map.remove("b"), None);
        assert_eq!(format!("{map:?}"), format!("{tree:?}"));
        assert_eq!(
            serde_json::to_string(&map).unwrap(),
            serde_json::to_string(&tree).unwrap()
        );
        let keys: Vec<&String> = map.keys().collect();
        assert_eq!(keys, tree.keys().collect::<Vec<_>>());
        let back: BTreeMap<String, String> = map.clone().into();
        assert_eq!(back, tree);
    }

    #[test]
    fn later_pairs_win_and_pairs_come_out_sorted() {
        let map: StringMap = [pair("b", "1"), pair("a", "2"), pair("b", "3")]
            .into_iter()
            .collect();
        let pairs: Vec<(String, String)> = map.into_iter().collect();
        assert_eq!(pairs, vec![pair("a", "2"), pair("b", "3")]);
        let read: StringMap = serde_json::from_str(r#"{"z": "1", "y": "2"}"#).unwrap();
        assert_eq!(read.keys().next(), Some(&"y".to_string()));
    }
}
