//! Sorting through one compiled routine.
//!
//! Every `slice::sort_by` call site with its own element type compiles a full copy of the
//! standard library's sort (several kilobytes of wasm each); with thirty call sites that was
//! a sixth of the app's size budget. These helpers sort a list of `u32` indices with a
//! `&dyn` comparator — one compiled sort for the whole crate — and then move the elements
//! into that order in place. Stable, like `sort_by`.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`.
pub fn by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<u32> = (0..items.len() as u32).collect();
    sort_indices(&mut order, &|a, b| compare(&items[a as usize], &items[b as usize]));
    // Put `items[order[i]]` at `i`, one permutation cycle at a time: each swap settles the
    // position it writes, and the cycle's first element travels to where it belongs.
    let mut settled = vec![false; items.len()];
    for start in 0..items.len() {
        let mut at = start;
        while !settled[at] {
            settled[at] = true;
            let from = order[at] as usize;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// Sorts `items` stably by a key.
pub fn by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order.
pub fn natural<T: Ord>(items: &mut [T]) {
    by(items, T::cmp);
}

fn sort_indices(order: &mut [u32], compare: &dyn Fn(u32, u32) -> Ordering) {
    order.sort_by(|a, b| compare(*a, *b));
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorts_stably() {
        let mut items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        super::by_key(&mut items, |p| p.0);
        assert_eq!(items, [(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
        let mut words = vec!["pear", "apple", "fig"];
        super::natural(&mut words);
        assert_eq!(words, ["apple", "fig", "pear"]);
        // Permutations with several cycles.
        let mut numbers = [5, 3, 9, 1, 7, 2, 8, 0, 6, 4];
        super::natural(&mut numbers);
        assert_eq!(numbers, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
}
