use super::params::MinHashParams;
use super::sketch::{is_zero, MinHash};
use crate::algebra::{Commutative, Idempotent, Monoid, Semigroup};
use crate::error::Result;

impl Semigroup for MinHash {
    /// Element-wise minimum of the raw (undensified) bins: exactly the
    /// signature of the union of both sets, for either variant.
    fn merge(&mut self, other: &Self) -> Result<()> {
        self.check_merge(other)?;
        self.empty = min_into(&mut self.bins, &other.bins);
        Ok(())
    }

    /// Variant, `k` and seed must be equal.
    fn check_merge(&self, other: &Self) -> Result<()> {
        self.params.check_compatible(&other.params)
    }

    /// Checks every source, then takes the minimum of all of them, one
    /// source at a time (a signature is small enough to stay in cache).
    fn merge_all<'a, I>(&mut self, others: I) -> Result<()>
    where
        Self: 'a,
        I: IntoIterator<Item = &'a Self>,
        I::IntoIter: Clone,
    {
        let others = others.into_iter();
        for other in others.clone() {
            self.check_merge(other)?;
        }
        for other in others {
            min_into(&mut self.bins, &other.bins);
        }
        self.recount();
        Ok(())
    }
}

/// Element-wise minimum into `dst`; returns the number of empty bins left.
fn min_into(dst: &mut [u64], src: &[u64]) -> usize {
    let mut empty = 0;
    for (d, s) in dst.iter_mut().zip(src) {
        *d = (*d).min(*s);
        empty += is_zero(!*d);
    }
    empty as usize
}

impl Monoid for MinHash {
    type Params = MinHashParams;

    fn empty(params: &MinHashParams) -> Self {
        MinHash::with_params(*params)
    }

    fn params(&self) -> MinHashParams {
        self.params
    }

    fn is_empty(&self) -> bool {
        MinHash::is_empty(self)
    }
}

impl Commutative for MinHash {}
impl Idempotent for MinHash {}
