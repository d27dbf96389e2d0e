//! Public law checkers for any [`Semigroup`], [`Monoid`] or [`Group`],
//! sketchfold's own and yours.
//!
//! [`Laws`] drives the checks with quickcheck: it generates inputs `X` with
//! [`Arbitrary`], builds values with a function you give (`X -> T`, say a
//! list of items to a sketch with fixed parameters), checks a law, and on a
//! failure shrinks the inputs and reports the smallest failing case it found
//! as a [`LawFailure`] that prints the law, the inputs and the values.
//!
//! Values whose laws hold only within an error bound (float sums, randomised
//! sketches) are compared with an equivalence given to
//! [`Laws::with_equivalence`] instead of `==`.
//!
//! The single-case checkers ([`associative`], [`identity`], ...) are public
//! too, for suites that bring their own generators.
//!
//! This module is behind the `laws` feature (off by default), the only one
//! that needs quickcheck. Enable it where the checks run, in your
//! `[dev-dependencies]`:
//!
//! ```toml
//! [dev-dependencies]
//! sketchfold = { version = "0.1", features = ["laws"] }
//! ```
//!
//! # Example
//!
//! ```
//! use sketchfold::cardinality::HyperLogLog;
//! use sketchfold::laws::Laws;
//!
//! // Sketches of random item lists, at precision 6, must form an exact,
//! // commutative, idempotent monoid, and sketch(a ++ b) == sketch(a) ⊕ sketch(b).
//! let laws = Laws::new("HyperLogLog", |items: &Vec<u32>| {
//!     let mut h = HyperLogLog::new(6);
//!     h.extend(items);
//!     h
//! })
//! .tests(50);
//! laws.monoid().unwrap();
//! laws.commutative().unwrap();
//! laws.idempotent().unwrap();
//! laws.homomorphism(|a, b| a.iter().chain(b).copied().collect()).unwrap();
//! ```

use std::fmt::{self, Debug};

use quickcheck::{Arbitrary, Gen};

use crate::algebra::{Commutative, Group, Idempotent, Monoid, Semigroup};
use crate::codec::Codec;

/// A law that did not hold, with the (shrunk) case that breaks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LawFailure {
    /// The law, for example `"associativity"`.
    pub law: &'static str,
    /// The name given to [`Laws::new`].
    pub subject: String,
    /// The generated inputs, after shrinking.
    pub inputs: String,
    /// What was compared and how it differed.
    pub detail: String,
}

impl fmt::Display for LawFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} breaks {}\n  inputs: {}\n  {}",
            self.subject, self.law, self.inputs, self.detail
        )
    }
}

impl std::error::Error for LawFailure {}

/// What a single-case checker returns: `Err` says how the law failed.
pub type Check = Result<(), String>;

fn differ<T: Debug>(what: &str, left: &T, right: &T) -> String {
    format!("{what}:\n    left:  {left:?}\n    right: {right:?}")
}

fn merged<T: Semigroup + Clone + Debug>(a: &T, b: &T) -> Result<T, String> {
    let mut out = a.clone();
    out.merge(b).map_err(|e| {
        format!("merge of compatible values failed: {e}\n    left: {a:?}\n    right: {b:?}")
    })?;
    Ok(out)
}

/// `(a ⊕ b) ⊕ c ≡ a ⊕ (b ⊕ c)`.
///
/// # Errors
///
/// A description of the failure.
pub fn associative<T: Semigroup + Clone + Debug>(
    a: &T,
    b: &T,
    c: &T,
    eq: &dyn Fn(&T, &T) -> bool,
) -> Check {
    let left = merged(&merged(a, b)?, c)?;
    let right = merged(a, &merged(b, c)?)?;
    if eq(&left, &right) {
        Ok(())
    } else {
        Err(differ(
            "(a ⊕ b) ⊕ c differs from a ⊕ (b ⊕ c)",
            &left,
            &right,
        ))
    }
}

/// `merge`, `combine` and `merge_all` of one value agree, and `merge_all`
/// of several equals merging them one by one.
///
/// # Errors
///
/// A description of the failure.
pub fn batch_merge_is_fold<T: Semigroup + Clone + Debug>(
    a: &T,
    others: &[T],
    eq: &dyn Fn(&T, &T) -> bool,
) -> Check {
    let mut folded = a.clone();
    for o in others {
        folded = merged(&folded, o)?;
    }
    let mut batch = a.clone();
    batch
        .merge_all(others.iter())
        .map_err(|e| format!("merge_all of compatible values failed: {e}"))?;
    if !eq(&batch, &folded) {
        return Err(differ(
            "merge_all differs from a fold of merge",
            &batch,
            &folded,
        ));
    }
    if let Some(b) = others.first() {
        let by_ref = merged(a, b)?;
        let by_value = a
            .clone()
            .combine(b)
            .map_err(|e| format!("combine failed: {e}"))?;
        if !eq(&by_ref, &by_value) {
            return Err(differ("combine differs from merge", &by_value, &by_ref));
        }
    }
    Ok(())
}

/// `empty ⊕ a ≡ a ≡ a ⊕ empty`, with `empty = a.empty_like()`, which must
/// report [`is_empty`](Monoid::is_empty) and equal `T::empty(&a.params())`.
///
/// # Errors
///
/// A description of the failure.
pub fn identity<T: Monoid + Clone + Debug>(a: &T, eq: &dyn Fn(&T, &T) -> bool) -> Check {
    let e = a.empty_like();
    if !e.is_empty() {
        return Err(format!("empty_like() is not is_empty(): {e:?}"));
    }
    let from_params = T::empty(&a.params());
    if !eq(&e, &from_params) {
        return Err(differ(
            "empty_like() differs from empty(params())",
            &e,
            &from_params,
        ));
    }
    let left = merged(&e, a)?;
    if !eq(&left, a) {
        return Err(differ("empty ⊕ a differs from a", &left, a));
    }
    let right = merged(a, &e)?;
    if !eq(&right, a) {
        return Err(differ("a ⊕ empty differs from a", &right, a));
    }
    Ok(())
}

/// `a ⊕ b ≡ b ⊕ a`.
///
/// # Errors
///
/// A description of the failure.
pub fn commutative<T: Commutative + Clone + Debug>(
    a: &T,
    b: &T,
    eq: &dyn Fn(&T, &T) -> bool,
) -> Check {
    let ab = merged(a, b)?;
    let ba = merged(b, a)?;
    if eq(&ab, &ba) {
        Ok(())
    } else {
        Err(differ("a ⊕ b differs from b ⊕ a", &ab, &ba))
    }
}

/// `a ⊕ a ≡ a`.
///
/// # Errors
///
/// A description of the failure.
pub fn idempotent<T: Idempotent + Clone + Debug>(a: &T, eq: &dyn Fn(&T, &T) -> bool) -> Check {
    let aa = merged(a, a)?;
    if eq(&aa, a) {
        Ok(())
    } else {
        Err(differ("a ⊕ a differs from a", &aa, a))
    }
}

/// `a ⊕ (−a) ≡ empty` and `(a ⊕ b) ⊖ b ≡ a`.
///
/// # Errors
///
/// A description of the failure.
pub fn inverse<T: Group + Clone + Debug>(a: &T, b: &T, eq: &dyn Fn(&T, &T) -> bool) -> Check {
    let mut neg = a.clone();
    neg.negate();
    let zero = merged(a, &neg)?;
    if !eq(&zero, &a.empty_like()) {
        return Err(differ(
            "a ⊕ (−a) differs from empty",
            &zero,
            &a.empty_like(),
        ));
    }
    let mut back = merged(a, b)?;
    back.subtract(b)
        .map_err(|e| format!("subtract of compatible values failed: {e}"))?;
    if !eq(&back, a) {
        return Err(differ("(a ⊕ b) ⊖ b differs from a", &back, a));
    }
    Ok(())
}

/// `decode(encode(a)) == a`, and encoding is deterministic.
///
/// # Errors
///
/// A description of the failure.
pub fn codec_round_trip<T: Codec + Debug>(a: &T, eq: &dyn Fn(&T, &T) -> bool) -> Check {
    let bytes = a.encode();
    let back = T::decode(&bytes).map_err(|e| format!("decode(encode(a)) failed: {e}"))?;
    if !eq(&back, a) {
        return Err(differ("decode(encode(a)) differs from a", &back, a));
    }
    if back.encode() != bytes {
        return Err("encode(decode(encode(a))) differs from encode(a)".to_string());
    }
    Ok(())
}

/// Merging `a` with an incompatible `b` fails in both directions and leaves
/// the receiving value unchanged.
///
/// # Errors
///
/// A description of the failure.
pub fn incompatible_merge_fails<T: Semigroup + Clone + Debug>(
    a: &T,
    b: &T,
    eq: &dyn Fn(&T, &T) -> bool,
) -> Check {
    for (x, y) in [(a, b), (b, a)] {
        let mut target = x.clone();
        if target.merge(y).is_ok() {
            return Err(differ("merge of incompatible values succeeded", x, y));
        }
        if !eq(&target, x) {
            return Err(differ(
                "a failed merge changed the receiving value",
                &target,
                x,
            ));
        }
        let mut target = x.clone();
        if target.merge_all([y, y].iter().copied()).is_ok() {
            return Err(differ("merge_all of incompatible values succeeded", x, y));
        }
        if !eq(&target, x) {
            return Err(differ(
                "a failed merge_all changed the receiving value",
                &target,
                x,
            ));
        }
    }
    Ok(())
}

/// How [`Laws`] compares two values: `==` or a bound-aware equivalence.
pub type Equivalence<T> = dyn Fn(&T, &T) -> bool;

/// Drives the law checks over generated inputs; see the [module docs](self).
pub struct Laws<X, T> {
    subject: String,
    make: Box<dyn Fn(&X) -> T>,
    eq: Box<Equivalence<T>>,
    tests: usize,
    size: usize,
}

impl<X, T> Laws<X, T>
where
    X: Arbitrary + Debug,
    T: Clone + Debug,
{
    /// Checks for values `make(x)`, `x` generated by quickcheck, compared
    /// with `==`. Defaults: 100 cases, generator size 100.
    pub fn new(subject: impl Into<String>, make: impl Fn(&X) -> T + 'static) -> Self
    where
        T: PartialEq,
    {
        Laws {
            subject: subject.into(),
            make: Box::new(make),
            eq: Box::new(|a: &T, b: &T| a == b),
            tests: 100,
            size: 100,
        }
    }

    /// Compares values with `eq` instead of `==`, for laws that hold within
    /// an error bound.
    pub fn with_equivalence(mut self, eq: impl Fn(&T, &T) -> bool + 'static) -> Self {
        self.eq = Box::new(eq);
        self
    }

    /// The number of generated cases per law.
    pub fn tests(mut self, tests: usize) -> Self {
        self.tests = tests;
        self
    }

    /// The quickcheck generator size (the length of generated lists).
    pub fn size(mut self, size: usize) -> Self {
        self.size = size;
        self
    }

    /// Runs `law` over `arity` generated inputs per case, shrinking a
    /// failure to a smaller failing case.
    fn run(
        &self,
        law: &'static str,
        arity: usize,
        check: impl Fn(&[T]) -> Check,
    ) -> Result<(), LawFailure> {
        let eval = |xs: &Vec<X>| {
            let values: Vec<T> = xs.iter().map(|x| (self.make)(x)).collect();
            check(&values)
        };
        let mut gen = Gen::new(self.size);
        for _ in 0..self.tests {
            let mut xs: Vec<X> = (0..arity).map(|_| X::arbitrary(&mut gen)).collect();
            let Err(mut detail) = eval(&xs) else { continue };
            // Shrink one input at a time while the law still fails.
            let mut budget = 1_000usize;
            'shrink: while budget > 0 {
                for i in 0..xs.len() {
                    for smaller in xs[i].shrink() {
                        budget = budget.saturating_sub(1);
                        let mut candidate = xs.clone();
                        candidate[i] = smaller;
                        if let Err(d) = eval(&candidate) {
                            xs = candidate;
                            detail = d;
                            continue 'shrink;
                        }
                        if budget == 0 {
                            break 'shrink;
                        }
                    }
                }
                break;
            }
            return Err(LawFailure {
                law,
                subject: self.subject.clone(),
                inputs: format!("{xs:?}"),
                detail,
            });
        }
        Ok(())
    }

    fn eq(&self) -> &dyn Fn(&T, &T) -> bool {
        &*self.eq
    }

    /// Associativity, and batch merge equal to a fold of single merges.
    ///
    /// # Errors
    ///
    /// The first law that fails, with its shrunk case.
    pub fn semigroup(&self) -> Result<(), LawFailure>
    where
        T: Semigroup,
    {
        self.run("associativity", 3, |v| {
            associative(&v[0], &v[1], &v[2], self.eq())
        })?;
        self.run("batch merge == fold of merges", 4, |v| {
            batch_merge_is_fold(&v[0], &v[1..], self.eq())
        })
    }

    /// The semigroup laws and the identity laws.
    ///
    /// # Errors
    ///
    /// The first law that fails, with its shrunk case.
    pub fn monoid(&self) -> Result<(), LawFailure>
    where
        T: Monoid,
    {
        self.semigroup()?;
        self.run("identity", 1, |v| identity(&v[0], self.eq()))
    }

    /// The monoid laws and the inverse laws.
    ///
    /// # Errors
    ///
    /// The first law that fails, with its shrunk case.
    pub fn group(&self) -> Result<(), LawFailure>
    where
        T: Group,
    {
        self.monoid()?;
        self.run("inverse", 2, |v| inverse(&v[0], &v[1], self.eq()))
    }

    /// Commutativity.
    ///
    /// # Errors
    ///
    /// The failing case, shrunk.
    pub fn commutative(&self) -> Result<(), LawFailure>
    where
        T: Commutative,
    {
        self.run("commutativity", 2, |v| commutative(&v[0], &v[1], self.eq()))
    }

    /// Idempotence.
    ///
    /// # Errors
    ///
    /// The failing case, shrunk.
    pub fn idempotent(&self) -> Result<(), LawFailure>
    where
        T: Idempotent,
    {
        self.run("idempotence", 1, |v| idempotent(&v[0], self.eq()))
    }

    /// `decode(encode(x)) == x` and stable re-encoding.
    ///
    /// # Errors
    ///
    /// The failing case, shrunk.
    pub fn codec(&self) -> Result<(), LawFailure>
    where
        T: Codec,
    {
        self.run("decode(encode(x)) == x", 1, |v| {
            codec_round_trip(&v[0], self.eq())
        })
    }

    /// For sketches: `make(concat(a, b)) ≡ make(a) ⊕ make(b)`, the sketch of
    /// the concatenated input equals the merge of the sketches.
    ///
    /// # Errors
    ///
    /// The failing case, shrunk.
    pub fn homomorphism(&self, concat: impl Fn(&X, &X) -> X) -> Result<(), LawFailure>
    where
        T: Semigroup,
    {
        let mut gen = Gen::new(self.size);
        for _ in 0..self.tests {
            let a = X::arbitrary(&mut gen);
            let b = X::arbitrary(&mut gen);
            let whole = (self.make)(&concat(&a, &b));
            let parts =
                merged(&(self.make)(&a), &(self.make)(&b)).map_err(|detail| LawFailure {
                    law: "sketch(a ++ b) == sketch(a) ⊕ sketch(b)",
                    subject: self.subject.clone(),
                    inputs: format!("[{a:?}, {b:?}]"),
                    detail,
                })?;
            if !(self.eq)(&whole, &parts) {
                return Err(LawFailure {
                    law: "sketch(a ++ b) == sketch(a) ⊕ sketch(b)",
                    subject: self.subject.clone(),
                    inputs: format!("[{a:?}, {b:?}]"),
                    detail: differ(
                        "sketch of the concatenation differs from the merge",
                        &whole,
                        &parts,
                    ),
                });
            }
        }
        Ok(())
    }

    /// Values built by `make` and by `other` (different parameters: seed,
    /// width, hashing) refuse to merge and stay unchanged.
    ///
    /// # Errors
    ///
    /// The failing case, shrunk.
    pub fn incompatible_with(&self, other: impl Fn(&X) -> T) -> Result<(), LawFailure>
    where
        T: Semigroup,
    {
        let mut gen = Gen::new(self.size);
        for _ in 0..self.tests {
            let x = X::arbitrary(&mut gen);
            let y = X::arbitrary(&mut gen);
            let a = (self.make)(&x);
            let b = other(&y);
            incompatible_merge_fails(&a, &b, self.eq()).map_err(|detail| LawFailure {
                law: "incompatible merge fails and changes nothing",
                subject: self.subject.clone(),
                inputs: format!("[{x:?}, {y:?}]"),
                detail,
            })?;
        }
        Ok(())
    }
}
