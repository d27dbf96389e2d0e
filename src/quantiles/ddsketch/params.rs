//! DDSketch parameters: relative accuracy and bucket limit.

use crate::error::{Error, Result};

/// The smallest relative accuracy accepted.
pub const MIN_ALPHA: f64 = 1e-6;
/// The largest relative accuracy accepted.
pub const MAX_ALPHA: f64 = 0.5;
/// The largest bucket limit per sign (`2^20` buckets, 8 MiB of counts).
pub const MAX_BUCKETS: usize = 1 << 20;

/// What a [`DdSketch`](super::DdSketch) is built from: its relative
/// accuracy `alpha` and the most buckets it keeps for each sign.
///
/// Two sketches merge exactly when both agree (bit for bit on `alpha`).
///
/// # Examples
///
/// ```
/// use sketchfold::quantiles::DdSketchParams;
///
/// let p = DdSketchParams::new(0.02)?.with_max_buckets(1024)?;
/// assert_eq!(p.alpha(), 0.02);
/// assert_eq!(p.max_buckets(), 1024);
/// assert_eq!(DdSketchParams::default().alpha(), 0.01);
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DdSketchParams {
    alpha: f64,
    max_buckets: usize,
}

impl DdSketchParams {
    /// Relative accuracy `alpha` in `[1e-6, 0.5]` and the default bucket
    /// limit, 2048 buckets for the positive values and as many for the
    /// negative ones ([`with_max_buckets`](Self::with_max_buckets) changes
    /// it).
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) for an
    /// `alpha` outside that range (NaN included).
    pub fn new(alpha: f64) -> Result<DdSketchParams> {
        if !(MIN_ALPHA..=MAX_ALPHA).contains(&alpha) {
            return Err(Error::invalid_parameter(
                "alpha",
                alpha,
                format!("a relative accuracy in [{MIN_ALPHA}, {MAX_ALPHA}]"),
            ));
        }
        Ok(DdSketchParams {
            alpha,
            ..DdSketchParams::default()
        })
    }

    /// The same parameters with at most `max_buckets` buckets (in
    /// `1..=2^20`) for each sign.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) for a
    /// limit outside that range.
    pub fn with_max_buckets(self, max_buckets: usize) -> Result<DdSketchParams> {
        if !(1..=MAX_BUCKETS).contains(&max_buckets) {
            return Err(Error::invalid_parameter(
                "max_buckets",
                max_buckets,
                format!("a bucket limit in 1..={MAX_BUCKETS}"),
            ));
        }
        Ok(DdSketchParams {
            max_buckets,
            ..self
        })
    }

    /// The relative accuracy.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// The most buckets kept for each sign.
    pub fn max_buckets(&self) -> usize {
        self.max_buckets
    }

    /// Checks that `other` merges with these parameters.
    pub(crate) fn check(&self, other: &DdSketchParams) -> Result<()> {
        if self.alpha.to_bits() != other.alpha.to_bits() {
            return Err(Error::incompatible("alpha", self.alpha, other.alpha));
        }
        if self.max_buckets != other.max_buckets {
            return Err(Error::incompatible(
                "max_buckets",
                self.max_buckets,
                other.max_buckets,
            ));
        }
        Ok(())
    }
}

/// `alpha = 0.01` (1%) and 2048 buckets a sign, which covers values from
/// 1 to about 10^17 (or any other range of that ratio) without collapsing.
impl Default for DdSketchParams {
    fn default() -> DdSketchParams {
        DdSketchParams {
            alpha: 0.01,
            max_buckets: 2048,
        }
    }
}
