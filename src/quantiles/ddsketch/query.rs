//! Quantile queries: one walk over the buckets in value order.

use super::sketch::DdSketch;
use crate::error::{Error, Result};

impl DdSketch {
    /// The estimate of the lower `q`-quantile: the value of 0-based rank
    /// `floor(q * (count - 1))` in ascending order, within `alpha` of it
    /// while nothing has collapsed (see [Queries](DdSketch#queries)).
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) when `q` is
    /// not in `[0, 1]` (or NaN), or when some count is negative (a
    /// subtraction removed more than was there).
    ///
    /// # Complexity
    ///
    /// O(buckets) and no allocation: the walk starts from the nearer end
    /// (the largest values for `q > 0.5`) and stops at the bucket of the
    /// rank; sketches that may hold negative counts (after a negative
    /// weight, a subtraction or a negation) are scanned once more for them.
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::quantiles::DdSketch;
    ///
    /// let mut s = DdSketch::new(0.01);
    /// for x in [-5.0, 0.0, 1.0, 2.0, 3.0] {
    ///     s.insert(x)?;
    /// }
    /// let median = s.quantile(0.5)?.unwrap();
    /// assert!((median - 1.0).abs() <= 0.01);
    /// assert!((s.min().unwrap() + 5.0).abs() <= 0.05);
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn quantile(&self, q: f64) -> Result<Option<f64>> {
        let mut out = [0.0];
        Ok(self
            .at_quantiles(&[q], &mut [(0, 0)], &mut out, q > 0.5)?
            .map(|()| out[0]))
    }

    /// [`quantile`](DdSketch::quantile) of every `q` (in any order), in
    /// one walk over the buckets.
    ///
    /// # Errors
    ///
    /// As [`quantile`](DdSketch::quantile).
    pub fn quantiles(&self, qs: &[f64]) -> Result<Option<Vec<f64>>> {
        let mut order = vec![(0, 0); qs.len()];
        let mut out = vec![0.0; qs.len()];
        Ok(self
            .at_quantiles(qs, &mut order, &mut out, false)?
            .map(|()| out))
    }

    /// Writes the estimate of `qs[i]` to `out[i]`, with `order` as room
    /// for the sorted ranks; `None` for an empty sketch. `from_top` walks
    /// from the largest value down (for ranks in the upper half, so that a
    /// p99 query passes few buckets).
    fn at_quantiles(
        &self,
        qs: &[f64],
        order: &mut [(u64, usize)],
        out: &mut [f64],
        from_top: bool,
    ) -> Result<Option<()>> {
        if let Some(&q) = qs.iter().find(|q| !(0.0..=1.0).contains(*q)) {
            return Err(Error::invalid_parameter("q", q, "a quantile in [0, 1]"));
        }
        if self.signed {
            self.check_non_negative()?;
        }
        if self.count == 0 {
            return Ok(None);
        }
        let last = self.count as u64 - 1;
        for (i, (&q, slot)) in qs.iter().zip(order.iter_mut()).enumerate() {
            let rank = ((q * last as f64).floor() as u64).min(last);
            // From the top, rank r is the (last - r)-th value walked.
            *slot = (if from_top { last - rank } else { rank }, i);
        }
        order.sort_unstable();
        if order.is_empty() {
            return Ok(Some(()));
        }
        let mut walk = Walk {
            target: order[0].0,
            order,
            next: 0,
            seen: 0,
            out,
        };
        let done = if from_top {
            self.walk_positive(&mut walk, true)
                || walk.step(self.zero, || 0.0)
                || self.walk_negative(&mut walk, true)
        } else {
            self.walk_negative(&mut walk, false)
                || walk.step(self.zero, || 0.0)
                || self.walk_positive(&mut walk, false)
        };
        if done {
            return Ok(Some(()));
        }
        // Unreachable for non-negative counts that add up to the total.
        Err(Error::invalid_parameter(
            "bucket counts",
            "counts that do not add up to the total",
            "a consistent sketch",
        ))
    }

    /// Walks the positive store, ascending (or descending) in value.
    fn walk_positive(&self, walk: &mut Walk<'_>, descending: bool) -> bool {
        let mut step = |(k, c): (i64, i64)| walk.step(c, || self.mapping.value(k));
        if descending {
            self.positive.buckets().rev().any(&mut step)
        } else {
            self.positive.buckets().any(&mut step)
        }
    }

    /// Walks the negative store, ascending (or descending) in value, that
    /// is descending (or ascending) in magnitude.
    fn walk_negative(&self, walk: &mut Walk<'_>, descending: bool) -> bool {
        let mut step = |(k, c): (i64, i64)| walk.step(c, || -self.mapping.value(k));
        if descending {
            self.negative.buckets().any(&mut step)
        } else {
            self.negative.buckets().rev().any(&mut step)
        }
    }

    /// Errors if some count is negative.
    fn check_non_negative(&self) -> Result<()> {
        if self.zero < 0 || self.positive.has_negative() || self.negative.has_negative() {
            return Err(Error::invalid_parameter(
                "bucket counts",
                "a negative count",
                "non-negative counts for a quantile query (subtract only what was merged in)",
            ));
        }
        Ok(())
    }
}

/// The state of a walk over buckets in value order.
struct Walk<'a> {
    /// (rank, index into `out`), ascending.
    order: &'a [(u64, usize)],
    /// The rank of `order[next]`.
    target: u64,
    next: usize,
    /// Values in the buckets walked so far.
    seen: u64,
    out: &'a mut [f64],
}

impl Walk<'_> {
    /// Passes a bucket of `count` (non-negative) values; true once every
    /// rank has its value. A zero count passes no rank.
    #[inline]
    fn step(&mut self, count: i64, value: impl Fn() -> f64) -> bool {
        self.seen += count as u64;
        if self.target >= self.seen {
            return false;
        }
        self.pass(value())
    }

    /// Gives `v` to every rank below `seen`.
    #[cold]
    fn pass(&mut self, v: f64) -> bool {
        while let Some(&(rank, i)) = self.order.get(self.next) {
            if rank >= self.seen {
                self.target = rank;
                return false;
            }
            self.out[i] = v;
            self.next += 1;
        }
        true
    }
}
