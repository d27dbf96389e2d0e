//! The sorted view: every retained item once, in order, with its
//! cumulative weight, built on the first query after a change and cached.
//!
//! It is built in two tiers, each cached: the levels above 0 merged (they
//! change only when a compaction or a merge happens, every few inserts at
//! most), then level 0, sorted, merged into them (level 0 changes on every
//! insert). The first query after an insert therefore sorts level 0 and
//! makes one merge pass, instead of merging every level again.

use super::item::KllItem;

/// The levels above 0 merged: `(item, weight)` sorted by item.
pub(crate) type Upper<T> = Vec<(T, u64)>;

#[derive(Clone, Debug)]
pub(crate) struct SortedView<T> {
    /// `(item, total weight of the entries up to and including this one)`,
    /// sorted by item.
    entries: Vec<(T, u64)>,
    total: u64,
}

/// Merges the sorted levels `levels[1..]` (level `h` weighs `2^h`) from
/// the top down: the big top levels first, so that most merge steps take
/// from the long run and the branch is predictable.
pub(crate) fn merge_upper<T: KllItem>(levels: &[&[T]]) -> Upper<T> {
    let mut acc: Upper<T> = Vec::new();
    let mut scratch: Upper<T> = Vec::new();
    for (h, &level) in levels.iter().enumerate().skip(1).rev() {
        if level.is_empty() {
            continue;
        }
        scratch.clear();
        merge_level(&mut scratch, &acc, level, 1u64 << h);
        std::mem::swap(&mut acc, &mut scratch);
    }
    acc
}

/// Appends the merge of the sorted entries `a` and the sorted items `b`
/// of weight `w`.
fn merge_level<T: KllItem>(out: &mut Upper<T>, a: &[(T, u64)], b: &[T], w: u64) {
    out.reserve(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if b[j] < a[i].0 {
            out.push((b[j], w));
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend(b[j..].iter().map(|&x| (x, w)));
}

/// `n` up to which DataSketches Java rounds `rank * n` to 7 decimals
/// before taking the ceiling or floor (its `tailRoundingFactor`).
const TAIL_ROUNDING: f64 = 1e7;

impl<T: KllItem> SortedView<T> {
    /// The view from the merged upper levels and level 0 (sorted when
    /// `level_zero_sorted`), with the sketch's exact `min` and `max` put
    /// at the ends as DataSketches Java puts them
    /// (`quantilescommon.IncludeMinMax`): a minimum that is not retained
    /// comes first with cumulative weight 1; a maximum that is not retained
    /// comes last with weight `n`, the last retained item's weight becoming
    /// `n - 1`.
    pub(crate) fn build(
        upper: &[(T, u64)],
        level_zero: &[T],
        level_zero_sorted: bool,
        min: T,
        max: T,
    ) -> SortedView<T> {
        let mut zero = level_zero.to_vec();
        if !level_zero_sorted {
            T::sort(&mut zero);
        }
        let mut entries: Vec<(T, u64)> = Vec::with_capacity(upper.len() + zero.len() + 2);
        merge_level(&mut entries, upper, &zero, 1);
        let mut total = 0u64;
        for e in &mut entries {
            total += e.1;
            e.1 = total;
        }
        if entries.first().is_some_and(|e| e.0 != min) {
            entries.insert(0, (min, 1));
        }
        if let Some(last) = entries.last_mut().filter(|e| e.0 != max) {
            last.1 = total - 1;
            entries.push((max, total));
        }
        SortedView { entries, total }
    }

    /// The item at normalized `rank` (in `[0, 1]`), DataSketches Java's
    /// rule: `rank * n` (rounded to 7 decimals while `n <= 10^7`), then,
    /// inclusive, the first item whose cumulative weight reaches its
    /// ceiling; exclusive, the first that exceeds its floor (the last item
    /// if none does). Rank 0 is therefore the exact minimum and rank 1 the
    /// exact maximum, in both searches.
    pub(crate) fn quantile(&self, rank: f64, inclusive: bool) -> T {
        let mut natural = rank * self.total as f64;
        if self.total as f64 <= TAIL_ROUNDING {
            natural = (natural * TAIL_ROUNDING).round() / TAIL_ROUNDING;
        }
        let i = if inclusive {
            let w = natural.ceil();
            self.entries.partition_point(|e| (e.1 as f64) < w)
        } else {
            let w = natural.floor();
            self.entries.partition_point(|e| (e.1 as f64) <= w)
        };
        self.entries[i.min(self.entries.len() - 1)].0
    }

    /// The normalized weight of the items `<= x` (inclusive) or `< x`.
    pub(crate) fn rank(&self, x: T, inclusive: bool) -> f64 {
        let i = if inclusive {
            self.entries.partition_point(|e| e.0 <= x)
        } else {
            self.entries.partition_point(|e| e.0 < x)
        };
        let w = if i == 0 { 0 } else { self.entries[i - 1].1 };
        w as f64 / self.total as f64
    }
}
