//! The [`Insert`] trait every sketch family implements, and
//! [`InsertOutcome`], what an insert closure may return.

use crate::error::Result;

/// A sketch that items of type `T` can be inserted into.
///
/// Every family implements it, with the item types its inherent `insert`
/// takes: `&str`, `u64` or any [`StableHash`](crate::hash::StableHash)
/// item for the hashing sketches, `f64` (and `&f64`) for the quantile
/// sketches, `(key, value)` for a [`SkipList`](crate::ordered::SkipList),
/// `(id, &signature)` for an [`LshIndex`](crate::similarity::LshIndex).
/// [`insert`](Insert::insert) is fallible for every family, so generic
/// code has one shape and passes refusals on; for a family whose inherent
/// `insert` returns `()` it always returns `Ok(())`.
///
/// Inherent methods win over trait methods, so `sketch.insert(x)` calls
/// the family's own `insert` (whose return type says whether it can
/// fail); `Insert::insert(&mut sketch, x)` or a generic bound calls this
/// one.
///
/// # Examples
///
/// ```
/// use sketchfold::family::Insert;
/// use sketchfold::frequency::SpaceSaving;
/// use sketchfold::membership::BloomFilter;
///
/// // One generic helper for a set sketch and a counting sketch.
/// fn words<S: for<'a> Insert<&'a str>>(sketch: &mut S, text: &str) -> sketchfold::Result<()> {
///     sketch.try_extend(text.split_whitespace())
/// }
/// let mut seen = BloomFilter::new(1_000, 0.01);
/// let mut heavy = SpaceSaving::<String>::new(8);
/// words(&mut seen, "to be or not to be")?;
/// words(&mut heavy, "to be or not to be")?;
/// assert!(seen.contains("not"));
/// assert_eq!(heavy.estimate("be"), 2);
/// # Ok::<(), sketchfold::Error>(())
/// ```
pub trait Insert<T> {
    /// Inserts one item.
    ///
    /// # Errors
    ///
    /// What the family's inherent `insert` refuses (a NaN, a counter that
    /// would overflow, a value of other parameters), with the sketch
    /// unchanged; never for the families whose `insert` returns `()`.
    fn insert(&mut self, item: T) -> Result<()>;

    /// Inserts every item of `items`, in order, stopping at the first one
    /// refused: the items before it stay inserted, the refused one and
    /// those after it are not.
    ///
    /// # Errors
    ///
    /// The first refusal, as [`insert`](Insert::insert).
    fn try_extend<I: IntoIterator<Item = T>>(&mut self, items: I) -> Result<()>
    where
        Self: Sized,
    {
        items.into_iter().try_for_each(|item| self.insert(item))
    }
}

/// What an insert returns: `()` where nothing can be refused,
/// [`Result<()>`](crate::Result) where something can. Closures given to
/// [`MonoidAggregator`](crate::algebra::MonoidAggregator) may return
/// either, so `|hll, word| hll.insert(word)` and
/// `|kll, x| kll.insert(*x)` both fit.
pub trait InsertOutcome {
    /// The outcome as a `Result`.
    ///
    /// # Errors
    ///
    /// The refusal, for a `Result` that holds one.
    fn into_result(self) -> Result<()>;
}

impl InsertOutcome for () {
    #[inline]
    fn into_result(self) -> Result<()> {
        Ok(())
    }
}

impl InsertOutcome for Result<()> {
    #[inline]
    fn into_result(self) -> Result<()> {
        self
    }
}
