use crate::error::Result;

/// A type with an associative, in-place merge.
///
/// Laws (checked by the `laws` module, feature `laws`): for compatible `a`, `b`, `c`,
/// `(a ⊕ b) ⊕ c == a ⊕ (b ⊕ c)`. Families document whether this holds exactly
/// or within an error bound.
///
/// # Contract
///
/// - [`merge`](Semigroup::merge) succeeds exactly when
///   [`check_merge`](Semigroup::check_merge) does, and leaves `self` unchanged
///   when it fails.
/// - [`merge_all`](Semigroup::merge_all) gives the same result as merging
///   one by one, and leaves `self` unchanged if any merge would fail.
///
/// # Example
///
/// Your own type joins by implementing [`merge`](Semigroup::merge):
///
/// ```
/// use sketchfold::algebra::Semigroup;
///
/// /// The longest word seen (ties keep the first).
/// #[derive(Clone, Debug, PartialEq)]
/// struct Longest(String);
///
/// impl Semigroup for Longest {
///     fn merge(&mut self, other: &Self) -> sketchfold::Result<()> {
///         if other.0.len() > self.0.len() {
///             self.0.clone_from(&other.0);
///         }
///         Ok(())
///     }
/// }
///
/// let mut longest = Longest("sketch".into());
/// longest.merge_all([&Longest("semigroup".into()), &Longest("fold".into())])?;
/// assert_eq!(longest, Longest("semigroup".into()));
/// # Ok::<(), sketchfold::Error>(())
/// ```
pub trait Semigroup: Sized {
    /// Merges `other` into `self`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::IncompatibleMerge`](crate::ErrorKind::IncompatibleMerge)
    /// when the values cannot be merged (a different seed, width, hash
    /// scheme); `self` is then unchanged.
    fn merge(&mut self, other: &Self) -> Result<()>;

    /// Checks, without mutating anything, that `other` can be merged into
    /// `self`. The default accepts everything, for types whose merge never
    /// fails.
    ///
    /// # Errors
    ///
    /// The error [`merge`](Semigroup::merge) would return.
    fn check_merge(&self, _other: &Self) -> Result<()> {
        Ok(())
    }

    /// Merges every value of `others` into `self`, in order.
    ///
    /// The default checks every value first, then merges one by one;
    /// families override it with a faster batch merge.
    ///
    /// # Errors
    ///
    /// The first incompatibility found; `self` is then unchanged.
    fn merge_all<'a, I>(&mut self, others: I) -> Result<()>
    where
        Self: 'a,
        I: IntoIterator<Item = &'a Self>,
        I::IntoIter: Clone,
    {
        let others = others.into_iter();
        for other in others.clone() {
            self.check_merge(other)?;
        }
        for other in others {
            self.merge(other)?;
        }
        Ok(())
    }

    /// By-value merge: `self ⊕ other`.
    ///
    /// # Errors
    ///
    /// As [`merge`](Semigroup::merge).
    fn combine(mut self, other: &Self) -> Result<Self> {
        self.merge(other)?;
        Ok(self)
    }

    /// The merge of every value of `items`, in order, or `None` if there
    /// are none (Algebird's `sumOption`): the first value absorbs the
    /// others through [`merge_all`](Semigroup::merge_all), so a family's
    /// batch merge does the work.
    ///
    /// # Errors
    ///
    /// The first incompatibility, as [`merge_all`](Semigroup::merge_all).
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::algebra::{Max, Semigroup};
    ///
    /// assert_eq!(Max::sum_option([Max(3), Max(9), Max(4)])?, Some(Max(9)));
    /// assert_eq!(Max::<u8>::sum_option([])?, None);
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    fn sum_option<I: IntoIterator<Item = Self>>(items: I) -> Result<Option<Self>> {
        let mut items = items.into_iter();
        let Some(mut first) = items.next() else {
            return Ok(None);
        };
        let rest: Vec<Self> = items.collect();
        first.merge_all(rest.iter())?;
        Ok(Some(first))
    }
}

/// A semigroup with an identity element built from parameters.
///
/// Laws: `empty ⊕ a == a ⊕ empty == a` for every `a` whose parameters are
/// those of `empty`.
pub trait Monoid: Semigroup {
    /// What the identity depends on (precision and seed for a sketch, `()`
    /// for numbers).
    type Params: Clone + std::fmt::Debug;

    /// The identity for `params`.
    fn empty(params: &Self::Params) -> Self;

    /// The parameters of this value: `Self::empty(&x.params())` is the
    /// identity `x` merges with.
    fn params(&self) -> Self::Params;

    /// The identity with this value's parameters.
    fn empty_like(&self) -> Self {
        Self::empty(&self.params())
    }

    /// True if this value is the identity for its parameters.
    fn is_empty(&self) -> bool;

    /// The merge of every value of `items` into the identity of `params`:
    /// the identity itself when there are none. Values of other
    /// parameters are refused as by [`merge`](Semigroup::merge).
    ///
    /// # Errors
    ///
    /// The first incompatibility, as
    /// [`merge_all`](Semigroup::merge_all).
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::algebra::Monoid;
    /// use sketchfold::cardinality::{HllParams, HyperLogLog};
    ///
    /// let params = HllParams::new(12)?;
    /// let days = (0..3u64).map(|day| {
    ///     let mut h = HyperLogLog::with_params(params);
    ///     h.extend(day * 100..day * 100 + 150); // 150 users a day, 50 shared with the next
    ///     h
    /// });
    /// let week = HyperLogLog::sum(&params, days)?;
    /// assert!((week.estimate() - 350.0).abs() < 5.0);
    /// assert!(HyperLogLog::sum(&params, [])?.is_empty());
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    fn sum<I: IntoIterator<Item = Self>>(params: &Self::Params, items: I) -> Result<Self> {
        let mut acc = Self::empty(params);
        let items: Vec<Self> = items.into_iter().collect();
        acc.merge_all(items.iter())?;
        Ok(acc)
    }
}

/// A monoid with inverses, so that a value can be subtracted again.
///
/// Laws: `a ⊕ inverse(a) == empty` and `(a ⊕ b) ⊖ b == a`.
pub trait Group: Monoid {
    /// Replaces `self` by its inverse.
    fn negate(&mut self);

    /// Subtracts `other` from `self`: `self ⊕ inverse(other)`.
    ///
    /// # Errors
    ///
    /// As [`Semigroup::merge`]: incompatible values leave `self` unchanged.
    fn subtract(&mut self, other: &Self) -> Result<()>;
}

/// Marker: `a ⊕ b == b ⊕ a` (within the type's documented bound).
pub trait Commutative: Semigroup {}

/// Marker: `a ⊕ a == a`.
pub trait Idempotent: Semigroup {}
