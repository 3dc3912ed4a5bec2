//! Stable sorting and sorted maps that cost one copy of the sorting code in the page's wasm,
//! whatever is sorted.
//!
//! `slice::sort_by` is generic over the element and the comparison closure, so every call
//! site compiles its own copy of the standard library's stable sort (about 3.5 KB of wasm
//! each), and so does every `collect::<BTreeMap<_, _>>()` (it sorts before building the
//! tree). Here the elements are sorted through a list of their indexes with a comparison
//! behind `dyn`, so the standard sort is compiled once, for `usize`; only the tiny
//! permutation step is generic. Sorted maps are built by inserting, which reuses the map's
//! `insert` that the code compiles anyway.
//!
//! What it leaves out: speed. An index sort makes a dynamic call per comparison; kubectl
//! sorts what it prints, which is small next to what it formats.
//!
//! Architecture Invariant: the order is exactly the standard library's stable sort: elements
//! that compare equal keep their original order, and a map built from pairs with equal keys
//! keeps the last value, as `collect` does.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Sorts `items` stably by `compare`, like `items.sort_by(compare)`.
pub(crate) fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_order(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    apply_order(items, order);
}

/// Sorts `items` stably by the key `key` gives, like `items.sort_by_key(key)`.
pub(crate) fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably in their natural order, like `items.sort()`.
pub(crate) fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Collects pairs into a map, the last value winning for equal keys, like `collect`.
pub(crate) fn map_from<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (key, value) in pairs {
        map.insert(key, value);
    }
    map
}

/// The stable order of `len` elements compared by index: `order[i]` is the index of the
/// element that belongs at position `i`. Not generic, so the sort is compiled once.
fn sorted_order(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves the elements into `order` (as [`sorted_order`] returns it) by following the
/// permutation's cycles; each element moves at most once per cycle step, `len` swaps in all.
fn apply_order<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut position = start;
        // Position `position` wants the element that started at `order[position]`; marking a
        // position done by pointing it at itself ends every cycle after one pass.
        loop {
            let source = order[position];
            order[position] = position;
            if source == start || source == position {
                break;
            }
            items.swap(position, source);
            position = source;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sort_by_key_is_the_standard_stable_sort(keys in proptest::collection::vec(0u8..6, 0..60)) {
            // Each element remembers where it started, so stability is visible.
            let items: Vec<(u8, usize)> = keys.into_iter().zip(0..).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut actual = items;
            sort_by_key(&mut actual, |item| item.0);
            prop_assert_eq!(actual, expected);
        }

        #[test]
        fn map_from_is_collect(pairs in proptest::collection::vec((0u8..8, 0u16..100), 0..40)) {
            let expected: BTreeMap<u8, u16> = pairs.iter().copied().collect();
            prop_assert_eq!(map_from(pairs), expected);
        }
    }

    #[test]
    fn sorts_reversed_and_rotated_lists() {
        let mut reversed: Vec<i32> = (0..10).rev().collect();
        sort(&mut reversed);
        assert_eq!(reversed, (0..10).collect::<Vec<_>>());
        let mut rotated = vec!["c", "d", "e", "a", "b"];
        sort_by(&mut rotated, |a, b| b.cmp(a));
        assert_eq!(rotated, ["e", "d", "c", "b", "a"]);
    }
}
