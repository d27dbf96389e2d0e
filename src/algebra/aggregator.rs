use std::marker::PhantomData;

use std::borrow::Borrow;

use super::{Monoid, Semigroup};
use crate::error::Result;
use crate::family::InsertOutcome;

/// Folds records into a monoid and presents an answer, as Algebird's
/// `MonoidAggregator` does: a stream job says "fold these records into this
/// state, merge states across partitions, present this answer".
///
/// - [`empty`](Aggregator::empty): the identity state, built from the
///   aggregator's parameters;
/// - [`insert`](Aggregator::insert): fold one record into a state, in place
///   (Algebird's `prepare` followed by a merge, without building a one-record
///   state); it returns the sketch's refusal (a NaN, a counter that would
///   overflow) rather than drop the record;
/// - [`merge`](Aggregator::merge): merge two partial states (the monoid);
/// - [`present`](Aggregator::present): the answer for a state.
///
/// Tuples of aggregators over the same input compose into one aggregator
/// whose state is the tuple of states.
///
/// # Example
///
/// ```
/// use sketchfold::algebra::{Aggregator, MonoidAggregator};
///
/// let count = MonoidAggregator::new((), |n: &mut u64, _: &str| *n += 1, |n: &u64| *n);
/// let letters = MonoidAggregator::new((), |n: &mut u64, w: &str| *n += w.len() as u64, |n: &u64| *n);
/// let both = (count, letters);
/// assert_eq!(both.aggregate(["one", "three"])?, (2, 8));
/// # Ok::<(), sketchfold::Error>(())
/// ```
pub trait Aggregator {
    /// One record.
    type Input: ?Sized;
    /// The partial state, a monoid.
    type State: Monoid;
    /// The presented answer.
    type Output;

    /// The identity state.
    fn empty(&self) -> Self::State;

    /// Folds one record into `state`.
    ///
    /// # Errors
    ///
    /// What the state refuses (a NaN into a quantile sketch, a counter that
    /// would overflow); the refusing state is unchanged (members of a tuple
    /// of aggregators before it keep the record).
    fn insert(&self, state: &mut Self::State, input: &Self::Input) -> Result<()>;

    /// The answer for `state`.
    fn present(&self, state: &Self::State) -> Self::Output;

    /// Merges the partial state `other` into `state`.
    ///
    /// # Errors
    ///
    /// As [`Semigroup::merge`](super::Semigroup::merge).
    fn merge(&self, state: &mut Self::State, other: &Self::State) -> Result<()> {
        state.merge(other)
    }

    /// Folds every record of `inputs` into a fresh state and presents it.
    ///
    /// # Errors
    ///
    /// The first record the state refuses, as [`insert`](Aggregator::insert).
    fn aggregate<I>(&self, inputs: I) -> Result<Self::Output>
    where
        I: IntoIterator,
        I::Item: Borrow<Self::Input>,
    {
        let mut state = self.empty();
        for input in inputs {
            self.insert(&mut state, input.borrow())?;
        }
        Ok(self.present(&state))
    }

    /// An aggregator that first maps each record with `f` (Algebird's
    /// `composePrepare`).
    fn compose_prepare<In, F>(self, f: F) -> ComposePrepare<Self, F, In>
    where
        Self: Sized,
        In: ?Sized,
        F: Fn(&In) -> &Self::Input,
    {
        ComposePrepare {
            inner: self,
            f,
            _in: PhantomData,
        }
    }

    /// An aggregator that maps the presented answer with `g` (Algebird's
    /// `andThenPresent`).
    fn map_output<O, G>(self, g: G) -> MapOutput<Self, G>
    where
        Self: Sized,
        G: Fn(Self::Output) -> O,
    {
        MapOutput { inner: self, g }
    }
}

/// An aggregator made of closures over a monoid state; see [`Aggregator`].
///
/// The insert closure returns `()` or [`Result<()>`](crate::Result) (see
/// [`InsertOutcome`]), so a sketch's own `insert` fits as it is:
/// `|hll: &mut HyperLogLog, w: &str| hll.insert(w)`,
/// `|kll: &mut Kll<f64>, x: &f64| kll.insert(*x)`.
pub struct MonoidAggregator<M: Monoid, In: ?Sized, Ins, Pres> {
    params: M::Params,
    insert: Ins,
    present: Pres,
    _in: PhantomData<fn(&In)>,
}

impl<M, In, Ins, Pres, O, R> MonoidAggregator<M, In, Ins, Pres>
where
    M: Monoid,
    In: ?Sized,
    Ins: Fn(&mut M, &In) -> R,
    R: InsertOutcome,
    Pres: Fn(&M) -> O,
{
    /// An aggregator whose state is `M::empty(&params)`, folded with
    /// `insert` and presented with `present`.
    pub fn new(params: M::Params, insert: Ins, present: Pres) -> Self {
        MonoidAggregator {
            params,
            insert,
            present,
            _in: PhantomData,
        }
    }
}

impl<M, In, Ins, Pres, O, R> Aggregator for MonoidAggregator<M, In, Ins, Pres>
where
    M: Monoid,
    In: ?Sized,
    Ins: Fn(&mut M, &In) -> R,
    R: InsertOutcome,
    Pres: Fn(&M) -> O,
{
    type Input = In;
    type State = M;
    type Output = O;

    fn empty(&self) -> M {
        M::empty(&self.params)
    }
    fn insert(&self, state: &mut M, input: &In) -> Result<()> {
        (self.insert)(state, input).into_result()
    }
    fn present(&self, state: &M) -> O {
        (self.present)(state)
    }
}

/// The aggregator [`Aggregator::compose_prepare`] returns.
pub struct ComposePrepare<A, F, In: ?Sized> {
    inner: A,
    f: F,
    _in: PhantomData<fn(&In)>,
}

impl<A, F, In> Aggregator for ComposePrepare<A, F, In>
where
    A: Aggregator,
    In: ?Sized,
    F: Fn(&In) -> &A::Input,
{
    type Input = In;
    type State = A::State;
    type Output = A::Output;

    fn empty(&self) -> A::State {
        self.inner.empty()
    }
    fn insert(&self, state: &mut A::State, input: &In) -> Result<()> {
        self.inner.insert(state, (self.f)(input))
    }
    fn present(&self, state: &A::State) -> A::Output {
        self.inner.present(state)
    }
}

/// The aggregator [`Aggregator::map_output`] returns.
pub struct MapOutput<A, G> {
    inner: A,
    g: G,
}

impl<A, G, O> Aggregator for MapOutput<A, G>
where
    A: Aggregator,
    G: Fn(A::Output) -> O,
{
    type Input = A::Input;
    type State = A::State;
    type Output = O;

    fn empty(&self) -> A::State {
        self.inner.empty()
    }
    fn insert(&self, state: &mut A::State, input: &A::Input) -> Result<()> {
        self.inner.insert(state, input)
    }
    fn present(&self, state: &A::State) -> O {
        (self.g)(self.inner.present(state))
    }
}

macro_rules! tuple_aggregator {
    ($first:ident $fidx:tt $(, $name:ident $idx:tt)*) => {
        impl<$first: Aggregator, $($name: Aggregator<Input = $first::Input>),*> Aggregator
            for ($first, $($name,)*)
        {
            type Input = $first::Input;
            type State = ($first::State, $($name::State,)*);
            type Output = ($first::Output, $($name::Output,)*);

            fn empty(&self) -> Self::State {
                (self.$fidx.empty(), $(self.$idx.empty(),)*)
            }
            /// Inserts into every member; a refusal by a later member
            /// leaves the earlier members' inserts in place.
            fn insert(&self, state: &mut Self::State, input: &Self::Input) -> Result<()> {
                self.$fidx.insert(&mut state.$fidx, input)?;
                $(self.$idx.insert(&mut state.$idx, input)?;)*
                Ok(())
            }
            fn present(&self, state: &Self::State) -> Self::Output {
                (self.$fidx.present(&state.$fidx), $(self.$idx.present(&state.$idx),)*)
            }
        }
    };
}

tuple_aggregator!(A 0, B 1);
tuple_aggregator!(A 0, B 1, C 2);
tuple_aggregator!(A 0, B 1, C 2, D 3);
tuple_aggregator!(A 0, B 1, C 2, D 3, E 4);
tuple_aggregator!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_aggregator!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_aggregator!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
