use super::rule::{Standard, UpdateRule};
use super::sketch::{CountMin, LIMIT};
use super::CountMinParams;
use crate::algebra::{Commutative, Group, Monoid, Semigroup};
use crate::error::{Error, Result};

impl<U: UpdateRule> CountMin<U> {
    /// Checks that adding (or subtracting) `other` keeps the total and
    /// every row's absolute mass within `i64::MAX`: O(depth) when the two
    /// masses of every row add up to at most that, an exact pass over the
    /// counters otherwise.
    pub(crate) fn check_room(&self, other: &CountMin<U>, subtract: bool) -> Result<()> {
        let total = if subtract {
            self.total.checked_sub(other.total)
        } else {
            self.total.checked_add(other.total)
        };
        let total_ok = total.is_some_and(|t| t != i64::MIN);
        let rows_ok = || {
            self.row_mass
                .iter()
                .zip(other.row_mass.iter())
                .all(|(a, b)| a + b <= LIMIT)
        };
        if total_ok && (rows_ok() || self.sum_fits_exactly(other, subtract)) {
            return Ok(());
        }
        let mass = |cm: &CountMin<U>| cm.row_mass.iter().max().copied().unwrap_or(0);
        Err(Error::invalid_parameter(
            "counter mass",
            format!(
                "{} + {} (largest row absolute mass of each side)",
                mass(self),
                mass(other)
            ),
            "at most i64::MAX in every row and in the totals, so that no counter can \
             wrap; split the stream over several sketches",
        ))
    }

    /// Near the limit: would every row's absolute mass stay within it?
    #[cold]
    fn sum_fits_exactly(&self, other: &CountMin<U>, subtract: bool) -> bool {
        let width = self.params.width();
        self.counters
            .chunks_exact(width)
            .zip(other.counters.chunks_exact(width))
            .all(|(a, b)| {
                let mass: i128 = a
                    .iter()
                    .zip(b)
                    .map(|(&x, &y)| {
                        let (x, y) = (i128::from(x), i128::from(y));
                        if subtract { x - y } else { x + y }.abs()
                    })
                    .sum();
                mass <= i128::from(LIMIT)
            })
    }

    /// Adds (or subtracts) `other`'s counters; the caller checked
    /// parameters and room. One pass: a row's new absolute mass is known
    /// without summing when no counter came out negative (a standard row
    /// then sums to the total, a conservative row to the two masses); only
    /// rows with a negative counter are summed again.
    fn add_counters(&mut self, other: &CountMin<U>, subtract: bool) {
        let width = self.params.width();
        let total = if subtract {
            self.total - other.total
        } else {
            self.total + other.total
        };
        for ((row, theirs), (mass, their_mass)) in self
            .counters
            .chunks_exact_mut(width)
            .zip(other.counters.chunks_exact(width))
            .zip(self.row_mass.iter_mut().zip(other.row_mass.iter()))
        {
            let mut signs = 0i64;
            if subtract {
                for (a, b) in row.iter_mut().zip(theirs) {
                    *a -= *b;
                    signs |= *a;
                }
            } else {
                for (a, b) in row.iter_mut().zip(theirs) {
                    *a += *b;
                    signs |= *a;
                }
            }
            *mass = if U::CONSERVATIVE {
                *mass + *their_mass
            } else if signs >= 0 {
                total as u64
            } else {
                row.iter().map(|c| c.unsigned_abs()).sum()
            };
        }
        self.total = total;
    }
}

impl<U: UpdateRule> Semigroup for CountMin<U> {
    /// Adds the counters: for standard update, the sketch of the
    /// concatenated input.
    fn merge(&mut self, other: &Self) -> Result<()> {
        self.check_merge(other)?;
        self.add_counters(other, false);
        Ok(())
    }

    /// Width, depth and seed must agree, and the sum must fit (see
    /// Overflow in the module docs).
    fn check_merge(&self, other: &Self) -> Result<()> {
        self.check_params(other)?;
        self.check_room(other, false)
    }

    /// One pass over this sketch's counters for all of `others`, in
    /// cache-sized blocks, when the masses of all of them fit together
    /// (then every merge of the fold fits too); otherwise the fold of
    /// single merges on a copy, kept only if every merge succeeds. Either
    /// way the result equals the fold, and `self` is unchanged on error.
    fn merge_all<'a, I>(&mut self, others: I) -> Result<()>
    where
        Self: 'a,
        I: IntoIterator<Item = &'a Self>,
        I::IntoIter: Clone,
    {
        let others = others.into_iter();
        let mut count = 0usize;
        for o in others.clone() {
            self.check_params(o)?;
            count += 1;
        }
        if count == 0 {
            return Ok(());
        }
        if !self.all_fit(others.clone()) {
            let mut folded = self.clone();
            for o in others {
                folded.merge(o)?;
            }
            *self = folded;
            return Ok(());
        }
        self.add_all(others);
        Ok(())
    }
}

/// Counters per block of [`CountMin::merge_all`]: 16 KiB of the
/// destination stays in L1 while every source streams past it.
const MERGE_BLOCK: usize = 2048;

impl<U: UpdateRule> CountMin<U> {
    /// True if the masses and absolute totals of `self` and all `others`
    /// add up to at most `i64::MAX` in every row: then every merge of a
    /// fold over them fits. Parameters are assumed checked.
    pub(crate) fn all_fit<'a>(&self, others: impl Iterator<Item = &'a CountMin<U>>) -> bool
    where
        U: 'a,
    {
        let mut mass: Vec<u128> = self.row_mass.iter().map(|&m| u128::from(m)).collect();
        let mut total = u128::from(self.total.unsigned_abs());
        for o in others {
            for (m, om) in mass.iter_mut().zip(o.row_mass.iter()) {
                *m += u128::from(*om);
            }
            total += u128::from(o.total.unsigned_abs());
        }
        let limit = u128::from(LIMIT);
        total <= limit && mass.iter().all(|&m| m <= limit)
    }

    /// Adds every sketch of `others`; the caller checked parameters and
    /// that the summed masses fit.
    fn add_all<'a>(&mut self, others: impl Iterator<Item = &'a CountMin<U>> + Clone)
    where
        U: 'a,
    {
        let width = self.params.width();
        let mut total = self.total;
        for o in others.clone() {
            total += o.total;
        }
        for (r, (row, mass)) in self
            .counters
            .chunks_exact_mut(width)
            .zip(self.row_mass.iter_mut())
            .enumerate()
        {
            let row_start = r * width;
            let mut signs = 0i64;
            let mut start = 0;
            while start < width {
                let end = (start + MERGE_BLOCK).min(width);
                let dst = &mut row[start..end];
                for o in others.clone() {
                    let src = &o.counters[row_start + start..row_start + end];
                    for (a, b) in dst.iter_mut().zip(src) {
                        *a += *b;
                    }
                }
                for a in dst.iter() {
                    signs |= *a;
                }
                start = end;
            }
            *mass = if U::CONSERVATIVE {
                others.clone().fold(*mass, |m, o| m + o.row_mass[r])
            } else if signs >= 0 {
                total as u64
            } else {
                row.iter().map(|c| c.unsigned_abs()).sum()
            };
        }
        self.total = total;
    }
}

impl<U: UpdateRule> Monoid for CountMin<U> {
    type Params = CountMinParams;

    fn empty(params: &CountMinParams) -> Self {
        CountMin::from_params(*params)
    }

    fn params(&self) -> CountMinParams {
        self.params
    }

    fn is_empty(&self) -> bool {
        CountMin::is_empty(self)
    }
}

impl<U: UpdateRule> Commutative for CountMin<U> {}

/// Only standard-update sketches subtract: conservative counters are not a
/// linear function of the input, so no subtraction could be exact.
impl Group for CountMin<Standard> {
    fn negate(&mut self) {
        // No counter or total is i64::MIN (all stay within ±i64::MAX).
        for c in self.counters.iter_mut() {
            *c = -*c;
        }
        self.total = -self.total;
    }

    /// Subtracts the counters exactly: `(a ⊕ b) ⊖ b == a`, for O(1)
    /// eviction of a pane from a sliding window.
    ///
    /// # Errors
    ///
    /// As [`merge`](Semigroup::merge), with the same overflow rule.
    fn subtract(&mut self, other: &Self) -> Result<()> {
        self.check_params(other)?;
        self.check_room(other, true)?;
        self.add_counters(other, true);
        Ok(())
    }
}
