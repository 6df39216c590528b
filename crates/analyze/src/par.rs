//! The one place the analyzer may use several threads: with the `parallel` feature (rayon),
//! lists are mapped and sorted on rayon's threads; without it, on the caller's thread. The
//! results are the same either way (order kept; a sort is given a comparison that orders
//! every pair).

/// `f` of every item, in order.
#[cfg(feature = "parallel")]
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    items.par_iter().map(f).collect()
}

/// `f` of every item, in order.
#[cfg(not(feature = "parallel"))]
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    items.iter().map(f).collect()
}

/// An unstable sort (for a `compare` that orders every pair, the same as a stable one).
#[cfg(feature = "parallel")]
pub(crate) fn sort_unstable_by<T: Send>(
    items: &mut [T],
    compare: impl Fn(&T, &T) -> std::cmp::Ordering + Sync,
) {
    use rayon::slice::ParallelSliceMut;
    items.par_sort_unstable_by(compare);
}

/// An unstable sort (for a `compare` that orders every pair, the same as a stable one).
#[cfg(not(feature = "parallel"))]
pub(crate) fn sort_unstable_by<T: Send>(
    items: &mut [T],
    compare: impl Fn(&T, &T) -> std::cmp::Ordering + Sync,
) {
    items.sort_unstable_by(compare);
}

/// Drops `value` on one of rayon's threads rather than the caller's: a large result (millions
/// of allocations) is freed beside what the caller does next, or not at all when the process
/// ends first.
#[cfg(feature = "parallel")]
pub(crate) fn let_go<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

/// Drops `value` (on the caller's thread: there is no other).
#[cfg(not(feature = "parallel"))]
pub(crate) fn let_go<T: Send + 'static>(value: T) {
    drop(value);
}

/// The items `f` gives for each item and its index, all in order.
#[cfg(feature = "parallel")]
pub(crate) fn flat_map<'a, T: Sync, R: Send, I: IntoIterator<Item = R>>(
    items: &'a [T],
    f: impl Fn(usize, &'a T) -> I + Sync + Send,
) -> Vec<R> {
    use rayon::prelude::*;
    items
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, t)| f(i, t))
        .collect()
}

/// The items `f` gives for each item and its index, all in order.
#[cfg(not(feature = "parallel"))]
pub(crate) fn flat_map<'a, T: Sync, R: Send, I: IntoIterator<Item = R>>(
    items: &'a [T],
    f: impl Fn(usize, &'a T) -> I + Sync + Send,
) -> Vec<R> {
    items
        .iter()
        .enumerate()
        .flat_map(|(i, t)| f(i, t))
        .collect()
}

/// How many threads work at once.
pub(crate) fn threads() -> usize {
    #[cfg(feature = "parallel")]
    return rayon::current_num_threads();
    #[cfg(not(feature = "parallel"))]
    return 1;
}
