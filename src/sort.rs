//! Stable insertion sort for the short lists the crate orders: a few scopes or secrets.
//!
//! core's stable sort compiles to several KiB of wasm (quicksort, drift sort and their small-sort
//! helpers). On lists of a handful of items insertion sort is as fast and a few hundred bytes.

/// Sorts `items` by `key`, keeping equal items in their order. Quadratic: only for short lists.
pub(crate) fn sort_small_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    for end in 1..items.len() {
        let mut at = end;
        while at > 0 && key(&items[at - 1]) > key(&items[at]) {
            items.swap(at - 1, at);
            at -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_keeps_ties_in_order() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        sort_small_by_key(&mut items, |item| item.0);
        assert_eq!(items, vec![(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn empty_and_single_lists() {
        let mut empty: Vec<u8> = Vec::new();
        sort_small_by_key(&mut empty, |item| *item);
        assert!(empty.is_empty());

        let mut single = vec![7];
        sort_small_by_key(&mut single, |item| *item);
        assert_eq!(single, vec![7]);
    }
}
