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
