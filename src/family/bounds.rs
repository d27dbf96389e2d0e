//! [`Bounds`]: an interval a sketch gives for a true value.

use std::ops::Sub;

/// An interval `lower..=upper` that a sketch guarantees (or gives at a
/// stated confidence) for a true value: a distinct count
/// ([`HyperLogLog::bounds`](crate::cardinality::HyperLogLog::bounds)), an
/// item's count ([`CountMin::bounds`](crate::frequency::CountMin::bounds),
/// [`SpaceSaving::bounds`](crate::frequency::SpaceSaving::bounds)).
///
/// # Examples
///
/// ```
/// use sketchfold::family::Bounds;
///
/// let b = Bounds { lower: 3u64, upper: 7 };
/// assert!(b.contains(5) && !b.contains(8));
/// assert_eq!(b.width(), 4);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bounds<T> {
    /// The lower end, included.
    pub lower: T,
    /// The upper end, included.
    pub upper: T,
}

impl<T: PartialOrd> Bounds<T> {
    /// True if `value` lies within the bounds (ends included).
    pub fn contains(&self, value: T) -> bool {
        self.lower <= value && value <= self.upper
    }
}

impl<T: Copy + Sub<Output = T>> Bounds<T> {
    /// `upper - lower`: how far the estimate may be from the truth.
    pub fn width(&self) -> T {
        self.upper - self.lower
    }
}
