use crate::error::{Error, Result};
use crate::hash::DEFAULT_SEED;

/// The smallest width, log2 (2 counters a row).
pub const MIN_LOG2_WIDTH: u8 = 1;
/// The largest width, log2 (2^26 counters a row).
pub const MAX_LOG2_WIDTH: u8 = 26;
/// The largest depth (number of rows).
pub const MAX_DEPTH: u8 = 32;

/// The parameters of a [`CountMin`](super::CountMin): width, depth and
/// seed, what its identity depends on. Always valid: the constructors check
/// them.
///
/// # Examples
///
/// ```
/// use sketchfold::frequency::CountMinParams;
///
/// // At most 0.1% of the total count of error, with probability 99.9%.
/// let p = CountMinParams::new(0.001, 0.001)?;
/// assert_eq!((p.width(), p.depth()), (4096, 7));
/// assert!(p.epsilon() <= 0.001 && p.delta() <= 0.001);
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CountMinParams {
    pub(crate) log2_width: u8,
    pub(crate) depth: u8,
    pub(crate) seed: u64,
}

impl CountMinParams {
    /// `width` counters in each of `depth` rows, the default seed.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) unless
    /// `width` is a power of two in `2..=2^26` and `depth` is in `1..=32`.
    pub fn with_size(width: usize, depth: usize) -> Result<CountMinParams> {
        if !width.is_power_of_two()
            || !(MIN_LOG2_WIDTH..=MAX_LOG2_WIDTH).contains(&(width.trailing_zeros() as u8))
        {
            return Err(Error::invalid_parameter(
                "width",
                width,
                format!("a power of two from 2^{MIN_LOG2_WIDTH} to 2^{MAX_LOG2_WIDTH}"),
            ));
        }
        if !(1..=usize::from(MAX_DEPTH)).contains(&depth) {
            return Err(Error::invalid_parameter(
                "depth",
                depth,
                format!("1..={MAX_DEPTH} rows"),
            ));
        }
        Ok(CountMinParams {
            log2_width: width.trailing_zeros() as u8,
            depth: depth as u8,
            seed: DEFAULT_SEED,
        })
    }

    /// The smallest sketch whose estimates exceed the true count by at most
    /// `epsilon` times the total count with probability at least
    /// `1 - delta`: width `2^ceil(log2(e / epsilon))`, depth
    /// `ceil(ln(1 / delta))`, the default seed.
    /// [`with_size`](Self::with_size) gives the width and depth instead.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) if `epsilon`
    /// or `delta` is not in `(0, 1)` (NaN included), or the sketch would need
    /// more than 2^26 columns or 32 rows.
    pub fn new(epsilon: f64, delta: f64) -> Result<CountMinParams> {
        if !(epsilon > 0.0 && epsilon < 1.0) {
            return Err(Error::invalid_parameter("epsilon", epsilon, "in (0, 1)"));
        }
        if !(delta > 0.0 && delta < 1.0) {
            return Err(Error::invalid_parameter("delta", delta, "in (0, 1)"));
        }
        let columns = (std::f64::consts::E / epsilon).ceil();
        let log2 = columns.log2().ceil().max(f64::from(MIN_LOG2_WIDTH));
        if log2 > f64::from(MAX_LOG2_WIDTH) {
            return Err(Error::invalid_parameter(
                "epsilon",
                epsilon,
                format!("at least e / 2^{MAX_LOG2_WIDTH} (the widest sketch)"),
            ));
        }
        let depth = (1.0 / delta).ln().ceil().max(1.0);
        if depth > f64::from(MAX_DEPTH) {
            return Err(Error::invalid_parameter(
                "delta",
                delta,
                format!("at least e^-{MAX_DEPTH} (the deepest sketch)"),
            ));
        }
        CountMinParams::with_size(1usize << log2 as u32, depth as usize)
    }

    /// The same parameters with another hash seed. Sketches merge only with
    /// sketches of the same seed; a secret seed keeps an adversary from
    /// crafting items that collide.
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> CountMinParams {
        self.seed = seed;
        self
    }

    /// Counters in each row (a power of two).
    pub fn width(&self) -> usize {
        1 << self.log2_width
    }

    /// Number of rows.
    pub fn depth(&self) -> usize {
        usize::from(self.depth)
    }

    /// The seed items are hashed with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The relative error bound `e / width`: an estimate exceeds the true
    /// count by more than `epsilon` times the total count with probability
    /// at most [`delta`](Self::delta).
    pub fn epsilon(&self) -> f64 {
        std::f64::consts::E / self.width() as f64
    }

    /// The failure probability `e^-depth` of the [`epsilon`](Self::epsilon)
    /// bound, for one item.
    pub fn delta(&self) -> f64 {
        (-f64::from(self.depth)).exp()
    }
}
