use super::{Commutative, Group, Idempotent, Monoid, Semigroup};
use crate::error::Result;

macro_rules! integer_group {
    ($($t:ty)*) => {$(
        impl Semigroup for $t {
            #[inline]
            fn merge(&mut self, other: &Self) -> Result<()> {
                *self = self.wrapping_add(*other);
                Ok(())
            }
        }
        impl Monoid for $t {
            type Params = ();
            fn empty(_: &()) -> Self {
                0
            }
            fn params(&self) {}
            fn is_empty(&self) -> bool {
                *self == 0
            }
        }
        impl Group for $t {
            fn negate(&mut self) {
                *self = self.wrapping_neg();
            }
            fn subtract(&mut self, other: &Self) -> Result<()> {
                *self = self.wrapping_sub(*other);
                Ok(())
            }
        }
        impl Commutative for $t {}
    )*};
}

integer_group!(i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize);

macro_rules! float_group {
    ($($t:ty)*) => {$(
        impl Semigroup for $t {
            #[inline]
            fn merge(&mut self, other: &Self) -> Result<()> {
                *self += *other;
                Ok(())
            }
        }
        impl Monoid for $t {
            type Params = ();
            fn empty(_: &()) -> Self {
                0.0
            }
            fn params(&self) {}
            fn is_empty(&self) -> bool {
                *self == 0.0
            }
        }
        impl Group for $t {
            fn negate(&mut self) {
                *self = -*self;
            }
            fn subtract(&mut self, other: &Self) -> Result<()> {
                *self -= *other;
                Ok(())
            }
        }
        impl Commutative for $t {}
    )*};
}

float_group!(f32 f64);

/// A float sum with Neumaier compensation: the rounding error of every
/// addition is kept in a second term, so the sum of many terms is accurate
/// to about `2 * f64::EPSILON` of the sum of magnitudes, however many terms
/// and merges there are.
///
/// Merge adds both the sums and the compensations, so a sum merged from
/// partitions is as accurate as one computed in one pass. The laws hold up
/// to that rounding bound, not exactly.
///
/// # Example
///
/// ```
/// use sketchfold::algebra::{CompensatedSum, Semigroup};
///
/// let mut a = CompensatedSum::from(1e16);
/// a.add(1.0);
/// a.add(1.0);
/// let b = CompensatedSum::from(-1e16);
/// a.merge(&b)?;
/// assert_eq!(a.value(), 2.0); // plain f64 addition gives 0.0 or 4.0
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CompensatedSum {
    sum: f64,
    compensation: f64,
}

impl CompensatedSum {
    /// Adds one term.
    #[inline]
    pub fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    /// The compensated total.
    pub fn value(&self) -> f64 {
        self.sum + self.compensation
    }
}

impl From<f64> for CompensatedSum {
    fn from(x: f64) -> Self {
        CompensatedSum {
            sum: x,
            compensation: 0.0,
        }
    }
}

impl Semigroup for CompensatedSum {
    fn merge(&mut self, other: &Self) -> Result<()> {
        self.add(other.sum);
        self.compensation += other.compensation;
        Ok(())
    }
}

impl Monoid for CompensatedSum {
    type Params = ();
    fn empty(_: &()) -> Self {
        CompensatedSum::default()
    }
    fn params(&self) {}
    fn is_empty(&self) -> bool {
        self.value() == 0.0
    }
}

impl Group for CompensatedSum {
    fn negate(&mut self) {
        self.sum = -self.sum;
        self.compensation = -self.compensation;
    }
    fn subtract(&mut self, other: &Self) -> Result<()> {
        self.add(-other.sum);
        self.compensation -= other.compensation;
        Ok(())
    }
}

impl Commutative for CompensatedSum {}

/// The minimum of the merged values: an exact, commutative, idempotent
/// semigroup. It has no identity of its own (there is no largest value of a
/// general `T`); `Option<Min<T>>` is the monoid, with `None` as identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Min<T>(pub T);

/// The maximum of the merged values: an exact, commutative, idempotent
/// semigroup; `Option<Max<T>>` is the monoid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Max<T>(pub T);

impl<T: Ord + Clone> Semigroup for Min<T> {
    fn merge(&mut self, other: &Self) -> Result<()> {
        if other.0 < self.0 {
            self.0 = other.0.clone();
        }
        Ok(())
    }
}

impl<T: Ord + Clone> Semigroup for Max<T> {
    fn merge(&mut self, other: &Self) -> Result<()> {
        if other.0 > self.0 {
            self.0 = other.0.clone();
        }
        Ok(())
    }
}

impl<T: Ord + Clone> Commutative for Min<T> {}
impl<T: Ord + Clone> Idempotent for Min<T> {}
impl<T: Ord + Clone> Commutative for Max<T> {}
impl<T: Ord + Clone> Idempotent for Max<T> {}
