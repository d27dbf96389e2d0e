//! The sorted view: every retained item once, in order, with its
//! cumulative weight. Built on the first query after a change and cached
//! until the next insert or merge.

use super::item::KllItem;

#[derive(Clone, Debug)]
pub(crate) struct SortedView<T> {
    items: Vec<T>,
    /// `cumulative[i]`: the total weight of `items[..=i]`.
    cumulative: Vec<u64>,
    total: u64,
}

impl<T: KllItem> SortedView<T> {
    /// Builds the view from the levels (`levels[h]` sorted for `h > 0`,
    /// level 0 sorted when `level_zero_sorted`). Levels are merged from the
    /// top down, each tagged with its height, so the weights come along.
    pub(crate) fn build(levels: &[&[T]], level_zero_sorted: bool) -> SortedView<T> {
        let mut items: Vec<T> = Vec::new();
        let mut heights: Vec<u8> = Vec::new();
        let mut scratch_items: Vec<T> = Vec::new();
        let mut scratch_heights: Vec<u8> = Vec::new();
        let mut zero: Vec<T>;
        for (h, &level) in levels.iter().enumerate().rev() {
            let level = if h == 0 && !level_zero_sorted {
                zero = level.to_vec();
                T::sort(&mut zero);
                &zero[..]
            } else {
                level
            };
            if level.is_empty() {
                continue;
            }
            scratch_items.clear();
            scratch_heights.clear();
            merge_tagged(
                &mut scratch_items,
                &mut scratch_heights,
                (&items, &heights),
                level,
                h as u8,
            );
            std::mem::swap(&mut items, &mut scratch_items);
            std::mem::swap(&mut heights, &mut scratch_heights);
        }
        let mut total = 0u64;
        let cumulative = heights
            .iter()
            .map(|&h| {
                total += 1u64 << h;
                total
            })
            .collect();
        SortedView {
            items,
            cumulative,
            total,
        }
    }

    /// The item at normalized `rank` (in `[0, 1]`), DataSketches' rule:
    /// inclusive, the first item whose cumulative weight reaches
    /// `ceil(rank * n)`; exclusive, the first that exceeds `floor(rank * n)`.
    pub(crate) fn quantile(&self, rank: f64, inclusive: bool) -> T {
        let scaled = rank * self.total as f64;
        let i = if inclusive {
            let w = scaled.ceil() as u64;
            self.cumulative.partition_point(|&c| c < w)
        } else {
            let w = scaled as u64;
            self.cumulative.partition_point(|&c| c <= w)
        };
        self.items[i.min(self.items.len() - 1)]
    }

    /// The normalized weight of the items `<= x` (inclusive) or `< x`.
    pub(crate) fn rank(&self, x: T, inclusive: bool) -> f64 {
        let i = if inclusive {
            self.items.partition_point(|v| *v <= x)
        } else {
            self.items.partition_point(|v| *v < x)
        };
        let w = if i == 0 { 0 } else { self.cumulative[i - 1] };
        w as f64 / self.total as f64
    }
}

/// Merges the sorted (items, heights) run with a sorted level of height `h`.
fn merge_tagged<T: KllItem>(
    out: &mut Vec<T>,
    out_h: &mut Vec<u8>,
    (a, ah): (&[T], &[u8]),
    b: &[T],
    h: u8,
) {
    if a.is_empty() {
        out.extend_from_slice(b);
        out_h.resize(b.len(), h);
        return;
    }
    out.reserve(a.len() + b.len());
    out_h.reserve(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if b[j] < a[i] {
            out.push(b[j]);
            out_h.push(h);
            j += 1;
        } else {
            out.push(a[i]);
            out_h.push(ah[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out_h.extend_from_slice(&ah[i..]);
    out.extend_from_slice(&b[j..]);
    out_h.resize(out.len(), h);
}
