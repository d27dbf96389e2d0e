//! [`SkipListParams`]: what the identity of a [`SkipList`](super::SkipList)
//! depends on.

use super::list::DEFAULT_SEED;

/// The parameters of a [`SkipList`](super::SkipList)'s identity: its
/// values' parameters (`V::Params`) and the seed of its level generator.
///
/// # Examples
///
/// ```
/// use sketchfold::ordered::{SkipList, SkipListParams};
///
/// let params = SkipListParams::new(()).with_seed(7);
/// let list: SkipList<u32, u64> = SkipList::with_params(params.clone());
/// assert_eq!(list.params(), params);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkipListParams<P> {
    pub(super) values: P,
    pub(super) seed: u64,
}

impl<P> SkipListParams<P> {
    /// Parameters for values of parameters `values`, with the default
    /// level seed.
    pub fn new(values: P) -> SkipListParams<P> {
        SkipListParams {
            values,
            seed: DEFAULT_SEED,
        }
    }

    /// The same parameters with the level generator seeded by `seed`: the
    /// same seed and the same operations give the same structure.
    #[must_use]
    pub fn with_seed(self, seed: u64) -> SkipListParams<P> {
        SkipListParams { seed, ..self }
    }

    /// The values' parameters.
    pub fn values(&self) -> &P {
        &self.values
    }

    /// The seed of the level generator.
    pub fn seed(&self) -> u64 {
        self.seed
    }
}
