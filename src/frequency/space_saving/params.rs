//! [`SpaceSavingParams`]: the capacity of a summary.

use super::sketch::SpaceSaving;
use crate::error::{Error, Result};

/// The parameters of a [`SpaceSaving`] summary: its capacity `k`, the
/// number of counters. Always valid: [`new`](Self::new) checks it.
///
/// # Examples
///
/// ```
/// use sketchfold::frequency::SpaceSavingParams;
///
/// assert_eq!(SpaceSavingParams::new(64)?.capacity(), 64);
/// assert!(SpaceSavingParams::new(0).is_err());
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SpaceSavingParams {
    pub(super) capacity: usize,
}

impl SpaceSavingParams {
    /// A summary of `capacity` counters.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// if `capacity` is 0 or above
    /// [`SpaceSaving::MAX_CAPACITY`].
    pub fn new(capacity: usize) -> Result<SpaceSavingParams> {
        const MAX_CAPACITY: usize = SpaceSaving::<()>::MAX_CAPACITY;
        if capacity == 0 || capacity > MAX_CAPACITY {
            return Err(Error::invalid_parameter(
                "capacity",
                capacity,
                format!("a number of counters in 1..={MAX_CAPACITY}"),
            ));
        }
        Ok(SpaceSavingParams { capacity })
    }

    /// The number of counters, `k`.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}
