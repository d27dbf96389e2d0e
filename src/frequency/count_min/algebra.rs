use super::rule::{Standard, UpdateRule};
use super::sketch::{CountMin, LIMIT};
use super::CountMinParams;
use crate::algebra::{Commutative, Group, Monoid, Semigroup};
use crate::error::{Error, Result};

impl<U: UpdateRule> CountMin<U> {
    /// Checks that adding or subtracting `other` cannot take a counter, a
    /// row's absolute mass or the total past `i64::MAX`: in every row the
    /// two absolute masses add up to at most `i64::MAX`, and so do the
    /// absolute totals.
    fn check_room(&self, other: &CountMin<U>) -> Result<()> {
        let rows_ok = self
            .row_mass
            .iter()
            .zip(other.row_mass.iter())
            .all(|(a, b)| a + b <= LIMIT);
        let totals_ok = self.total.unsigned_abs() + other.total.unsigned_abs() <= LIMIT;
        if rows_ok && totals_ok {
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

    /// Adds (`sign` 1) or subtracts (`sign` -1) `other`'s counters; the
    /// caller checked parameters and room.
    fn add_counters(&mut self, other: &CountMin<U>, subtract: bool) {
        let width = self.params.width();
        for ((row, theirs), mass) in self
            .counters
            .chunks_exact_mut(width)
            .zip(other.counters.chunks_exact(width))
            .zip(self.row_mass.iter_mut())
        {
            let mut m = 0u64;
            if subtract {
                for (a, b) in row.iter_mut().zip(theirs) {
                    *a -= *b;
                    m += a.unsigned_abs();
                }
            } else {
                for (a, b) in row.iter_mut().zip(theirs) {
                    *a += *b;
                    m += a.unsigned_abs();
                }
            }
            *mass = m;
        }
        if subtract {
            self.total -= other.total;
        } else {
            self.total += other.total;
        }
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
        self.check_room(other)
    }
}

impl<U: UpdateRule> Monoid for CountMin<U> {
    type Params = CountMinParams;

    fn empty(params: &CountMinParams) -> Self {
        CountMin::with_params(*params)
    }

    fn params(&self) -> CountMinParams {
        self.params
    }

    fn is_empty(&self) -> bool {
        self.total == 0 && self.row_mass.iter().all(|&m| m == 0)
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
        self.check_merge(other)?;
        self.add_counters(other, true);
        Ok(())
    }
}
