//! One stable sort for the cold paths (advice, calibration, the timeline, readings, scoring):
//! the standard library's stable sort is instantiated once, on indices, instead of once per
//! comparator.
//!
//! Why: `slice::sort_by` copies its whole algorithm (~6 KB of wasm) into every call site's
//! element type and closure; the page carries the wasm, and these vectors hold a few dozen
//! items, where permuting through an index vector costs nothing measurable. The hot sorts
//! (records, indicators) keep `sort_by`.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Sorts `items` by `compare`, stable (equal items keep their order), as `slice::sort_by` does.
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .into_iter()
            .filter_map(|position| slots[position].take()),
    );
}

/// Sorts `items` ascending and drops repeats (`sort` then `dedup`).
pub fn sort_dedup<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
    items.dedup();
}

/// Sorts floats ascending in the IEEE total order (`f64::total_cmp`).
pub fn sort_floats(items: &mut Vec<f64>) {
    sort_by(items, f64::total_cmp);
}

/// The positions `0..len` in the order `compare` gives them: the ONE instantiation of the
/// standard stable sort for every caller above.
fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// `.collect_map()` where `.collect()` would build a `BTreeMap`: the same map (a later pair
/// replaces an earlier one with the same key), built by insertion. `BTreeMap::from_iter` sorts
/// its pairs first, with its own copy of the stable sort per call site and iterator type.
pub trait CollectMap<K: Ord, V>: Iterator<Item = (K, V)> + Sized {
    fn collect_map(self) -> BTreeMap<K, V> {
        let mut map = BTreeMap::new();
        for (key, value) in self {
            map.insert(key, value);
        }
        map
    }
}

impl<K: Ord, V, I: Iterator<Item = (K, V)>> CollectMap<K, V> for I {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_like_sort_by() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        let mut expected = items.clone();
        expected.sort_by_key(|a| a.0);
        sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items, expected);
        assert_eq!(
            items,
            vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]
        );
    }

    #[test]
    fn sorts_and_dedups() {
        let mut words = vec!["b", "a", "b", "c", "a"];
        sort_dedup(&mut words);
        assert_eq!(words, vec!["a", "b", "c"]);
        let mut floats = vec![2.5, -1.0, 0.0, -0.0, 2.5];
        sort_floats(&mut floats);
        assert_eq!(
            floats.iter().map(|f| f.to_bits()).collect::<Vec<_>>(),
            [-1.0f64, -0.0, 0.0, 2.5, 2.5]
                .iter()
                .map(|f| f.to_bits())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn collect_map_keeps_the_last_pair_like_collect() {
        let pairs = [("b", 1), ("a", 2), ("b", 3)];
        let expected: BTreeMap<&str, i32> = pairs.iter().copied().collect();
        assert_eq!(pairs.iter().copied().collect_map(), expected);
        assert_eq!(expected[&"b"], 3);
    }

    #[test]
    fn empty_and_single() {
        let mut none: Vec<u8> = vec![];
        sort_by(&mut none, u8::cmp);
        assert!(none.is_empty());
        let mut one = vec![7];
        sort_by(&mut one, u8::cmp);
        assert_eq!(one, vec![7]);
    }
}
