//! [`KllParams`]: what the identity of a [`Kll`](super::Kll) depends on.

use super::capacity::MIN_WIDTH;
use super::sketch::DEFAULT_SEED;
use crate::error::{Error, Result};

/// The parameters of a [`Kll`](super::Kll): the compaction parameter `k`
/// and the seed of the compaction coins. Always valid: [`new`](Self::new)
/// checks `k`.
///
/// # Examples
///
/// ```
/// use sketchfold::quantiles::{Kll, KllParams};
///
/// // Partitions that will be merged get different seeds, so that their
/// // compaction errors are independent.
/// let params = KllParams::new(200)?;
/// let east = Kll::<f64>::with_params(params.with_seed(1));
/// let west = Kll::<f64>::with_params(params.with_seed(2));
/// assert_eq!((east.k(), west.params().seed()), (200, 2));
/// assert!(KllParams::new(7).is_err());
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KllParams {
    pub(super) k: u16,
    pub(super) seed: u64,
}

impl KllParams {
    /// Parameter `k` (8 to 65535; DataSketches' default is
    /// [`DEFAULT_K`](super::DEFAULT_K) = 200) and the default seed.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// if `k < 8`.
    pub fn new(k: u16) -> Result<KllParams> {
        if u32::from(k) < MIN_WIDTH {
            return Err(Error::invalid_parameter(
                "k",
                k,
                "at least 8 (the minimum level width)",
            ));
        }
        Ok(KllParams {
            k,
            seed: DEFAULT_SEED,
        })
    }

    /// The same parameters with the compaction coins starting from `seed`.
    /// A sketch is a deterministic function of its inputs and seed.
    #[must_use]
    pub fn with_seed(self, seed: u64) -> KllParams {
        KllParams { seed, ..self }
    }

    /// The compaction parameter.
    pub fn k(&self) -> u16 {
        self.k
    }

    /// The seed of the compaction coins.
    pub fn seed(&self) -> u64 {
        self.seed
    }
}
