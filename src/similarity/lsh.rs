//! Banded locality-sensitive hashing over MinHash signatures.

use ahash::AHashMap;

use super::banding::collision_probability;
use super::mix::mix;
use super::params::{LshParams, MinHashParams};
use super::sketch::{count_equal, MinHash};
use crate::error::{Error, Result};
use crate::family::Insert;

/// An index of MinHash signatures that finds, for a query signature, the
/// indexed sets whose Jaccard similarity is probably at least a threshold.
///
/// The `k` (densified) values of a signature are cut into `b` bands of `r`
/// values; each band is hashed into one table per band. A query's
/// candidates are the sets that share all values of at least one band with
/// it: a set of similarity `s` is a candidate with probability
/// `1 - (1 - s^r)^b` ([`probability`](Self::probability)), an S-curve that
/// [`LshParams::new`] places on the threshold by choosing `b` and `r` to
/// minimise the false-positive plus false-negative area under it (see the
/// [module docs](crate::similarity)). [`query_similar`](Self::query_similar)
/// then keeps the candidates whose estimated similarity reaches the
/// threshold.
///
/// # Examples
///
/// ```
/// use sketchfold::similarity::{LshIndex, MinHash, MinHashParams};
///
/// let params = MinHashParams::new(128)?;
/// let sign = |range: std::ops::Range<u32>| {
///     let mut m = MinHash::with_params(params);
///     m.extend(range);
///     m
/// };
/// let mut index = LshIndex::new(params, 0.7);
/// index.insert("a", &sign(0..1000))?;
/// index.insert("b", &sign(5000..6000))?;
///
/// let near = sign(50..1000); // Jaccard 0.95 with "a", 0 with "b"
/// let found = index.query_similar(&near)?;
/// assert_eq!(found.len(), 1);
/// assert_eq!(*found[0].0, "a");
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct LshIndex<Id> {
    params: LshParams,
    /// One table per band: band hash to the positions of the sets that
    /// have it.
    tables: Vec<AHashMap<u64, Vec<u32>>>,
    ids: Vec<Id>,
    /// The densified values of every indexed set, `k` per set, for
    /// verification.
    values: Vec<u64>,
}

impl<Id> LshIndex<Id> {
    /// An empty index for signatures of `minhash`, its bands chosen for
    /// `threshold` (see [`LshParams::new`]).
    ///
    /// # Panics
    ///
    /// If `threshold` is not strictly between 0 and 1;
    /// [`try_new`](Self::try_new) returns an error instead.
    pub fn new(minhash: MinHashParams, threshold: f64) -> LshIndex<Id> {
        match LshIndex::try_new(minhash, threshold) {
            Ok(index) => index,
            Err(e) => panic!("{e}"),
        }
    }

    /// As [`new`](Self::new), returning an error instead of panicking.
    ///
    /// # Errors
    ///
    /// As [`LshParams::new`].
    pub fn try_new(minhash: MinHashParams, threshold: f64) -> Result<LshIndex<Id>> {
        Ok(LshIndex::with_params(LshParams::new(minhash, threshold)?))
    }

    /// An empty index with `params` (for a given banding:
    /// [`LshParams::with_bands`]).
    pub fn with_params(params: LshParams) -> LshIndex<Id> {
        LshIndex {
            params,
            tables: (0..params.bands).map(|_| AHashMap::new()).collect(),
            ids: Vec::new(),
            values: Vec::new(),
        }
    }

    /// The parameters.
    pub fn params(&self) -> LshParams {
        self.params
    }

    /// The number of bands `b`.
    pub fn bands(&self) -> usize {
        self.params.bands
    }

    /// The values per band `r`.
    pub fn rows(&self) -> usize {
        self.params.rows
    }

    /// The similarity threshold.
    pub fn threshold(&self) -> f64 {
        self.params.threshold
    }

    /// The number of indexed sets.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True if nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The probability that a set of Jaccard similarity `s` to the query is
    /// a candidate: `1 - (1 - s^r)^b` (exact for the classic variant, whose
    /// values are independent; a close approximation for one-permutation
    /// signatures of sets much larger than `k`).
    pub fn probability(&self, s: f64) -> f64 {
        collision_probability(s, self.params.bands, self.params.rows)
    }

    /// Indexes the set `id` by its signature.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::IncompatibleMerge`](crate::ErrorKind::IncompatibleMerge)
    /// if the signature's parameters are not the index's, and
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// past `u32::MAX` sets; the index is then unchanged.
    ///
    /// # Complexity
    ///
    /// `O(k)` plus densification and `b` hash-table inserts.
    pub fn insert(&mut self, id: Id, signature: &MinHash) -> Result<()> {
        self.params.minhash.check_compatible(&signature.params())?;
        let position = u32::try_from(self.ids.len()).map_err(|_| {
            Error::invalid_parameter("index size", self.ids.len(), "at most u32::MAX sets")
        })?;
        let values = signature.values();
        for (band, table) in self.tables.iter_mut().enumerate() {
            let key = band_key(
                band,
                &values[band * self.params.rows..(band + 1) * self.params.rows],
            );
            table.entry(key).or_default().push(position);
        }
        self.ids.push(id);
        self.values.extend_from_slice(&values);
        Ok(())
    }

    /// The candidates for `signature`: every indexed set that shares all
    /// values of at least one band with it, each once, in insertion order.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::IncompatibleMerge`](crate::ErrorKind::IncompatibleMerge)
    /// if the signature's parameters are not the index's.
    pub fn query(&self, signature: &MinHash) -> Result<Vec<&Id>> {
        self.params.minhash.check_compatible(&signature.params())?;
        let values = signature.values();
        Ok(self
            .candidates(&values)
            .into_iter()
            .map(|p| &self.ids[p as usize])
            .collect())
    }

    /// The candidates whose estimated Jaccard similarity to `signature`
    /// (from all `k` values) is at least the threshold, with that estimate,
    /// in insertion order.
    ///
    /// # Errors
    ///
    /// As [`query`](Self::query).
    pub fn query_similar(&self, signature: &MinHash) -> Result<Vec<(&Id, f64)>> {
        self.params.minhash.check_compatible(&signature.params())?;
        let values = signature.values();
        let k = self.params.minhash.k();
        Ok(self
            .candidates(&values)
            .into_iter()
            .filter_map(|p| {
                let p = p as usize;
                let stored = &self.values[p * k..(p + 1) * k];
                let j = count_equal(stored, &values) as f64 / k as f64;
                (j >= self.params.threshold).then(|| (&self.ids[p], j))
            })
            .collect())
    }

    fn candidates(&self, values: &[u64]) -> Vec<u32> {
        let mut found = Vec::new();
        for (band, table) in self.tables.iter().enumerate() {
            let key = band_key(
                band,
                &values[band * self.params.rows..(band + 1) * self.params.rows],
            );
            if let Some(positions) = table.get(&key) {
                found.extend_from_slice(positions);
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Refuses what [`LshIndex::insert`] refuses. There is no `Extend`: use
/// [`Insert::try_extend`].
impl<Id> Insert<(Id, &MinHash)> for LshIndex<Id> {
    fn insert(&mut self, (id, signature): (Id, &MinHash)) -> Result<()> {
        LshIndex::insert(self, id, signature)
    }
}

/// The hash of band `band`'s values (a chain of the bijective mixer, so
/// two different bands collide with probability about 2^-64).
fn band_key(band: usize, values: &[u64]) -> u64 {
    values
        .iter()
        .fold(mix(band as u64 ^ 0xA076_1D64_78BD_642F), |acc, &v| {
            mix(acc.rotate_left(29) ^ v)
        })
}
