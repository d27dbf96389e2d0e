use super::dense::max_into;
use super::sketch::{sparse_limit, HllParams, HyperLogLog, Repr};
use crate::algebra::{Commutative, Idempotent, Monoid, Semigroup};
use crate::error::{Error, Result};

/// Registers per block in [`HyperLogLog::merge_all`]: 16 KiB of the
/// destination stays in L1 while every source streams past it.
const MERGE_BLOCK: usize = 16 * 1024;

impl Semigroup for HyperLogLog {
    /// Union: the sketch of the union of both inputs. Sketches of different
    /// precision merge at the smaller one, the finer folded down exactly.
    fn merge(&mut self, other: &Self) -> Result<()> {
        self.check_merge(other)?;
        let p = self.precision.min(other.precision);
        self.fold_in_place(p);
        match &other.repr {
            Repr::Sparse(s) => {
                for c in s.iter() {
                    self.insert_coupon(c);
                }
            }
            Repr::Dense(od) => {
                self.densify();
                if let Repr::Dense(d) = &mut self.repr {
                    d.max_with(&od.registers);
                }
            }
        }
        if let Repr::Sparse(s) = &self.repr {
            debug_assert!(s.len() <= sparse_limit(self.precision));
        }
        Ok(())
    }

    fn check_merge(&self, other: &Self) -> Result<()> {
        if self.hashing != other.hashing {
            return Err(Error::incompatible("hashing", self.hashing, other.hashing));
        }
        Ok(())
    }

    /// k-way register maximum in cache-sized blocks when every source is
    /// dense at this sketch's precision; one merge at a time otherwise.
    fn merge_all<'a, I>(&mut self, others: I) -> Result<()>
    where
        Self: 'a,
        I: IntoIterator<Item = &'a Self>,
        I::IntoIter: Clone,
    {
        let others = others.into_iter();
        let mut all_dense_same_p = true;
        let mut sources = 0usize;
        for o in others.clone() {
            self.check_merge(o)?;
            all_dense_same_p &= o.precision == self.precision && !o.is_sparse();
            sources += 1;
        }
        if sources == 0 {
            return Ok(());
        }
        if !all_dense_same_p {
            for o in others {
                self.merge(o)?;
            }
            return Ok(());
        }
        self.densify();
        let Repr::Dense(d) = &mut self.repr else {
            unreachable!("densify leaves the sketch dense")
        };
        let m = d.registers.len();
        let mut start = 0;
        while start < m {
            let end = (start + MERGE_BLOCK).min(m);
            let dst = &mut d.registers[start..end];
            let srcs: Vec<&[u8]> = others
                .clone()
                .filter_map(|o| match &o.repr {
                    Repr::Dense(od) => Some(&od.registers[start..end]),
                    Repr::Sparse(_) => None,
                })
                .collect();
            let mut groups = srcs.chunks_exact(4);
            for g in &mut groups {
                max4_into(dst, g[0], g[1], g[2], g[3]);
            }
            for src in groups.remainder() {
                max_into(dst, src);
            }
            start = end;
        }
        d.invalidate();
        Ok(())
    }
}

/// `dst[i] = max(dst[i], a[i], b[i], c[i], d[i])`: one pass over `dst`
/// for four sources.
fn max4_into(dst: &mut [u8], a: &[u8], b: &[u8], c: &[u8], d: &[u8]) {
    let n = dst.len();
    let (a, b, c, d) = (&a[..n], &b[..n], &c[..n], &d[..n]);
    for i in 0..n {
        dst[i] = dst[i].max(a[i]).max(b[i]).max(c[i]).max(d[i]);
    }
}

impl Monoid for HyperLogLog {
    type Params = HllParams;

    fn empty(params: &HllParams) -> Self {
        HyperLogLog::with_params(*params)
    }

    fn params(&self) -> HllParams {
        HyperLogLog::params(self)
    }

    fn is_empty(&self) -> bool {
        HyperLogLog::is_empty(self)
    }
}

impl Commutative for HyperLogLog {}
impl Idempotent for HyperLogLog {}
