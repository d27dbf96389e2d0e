use super::{Commutative, Idempotent, Monoid, Semigroup};
use crate::error::Result;

/// `Option<S>` adds an identity, `None`, to any semigroup: it is a monoid.
impl<S: Semigroup + Clone> Semigroup for Option<S> {
    fn merge(&mut self, other: &Self) -> Result<()> {
        match (self.as_mut(), other) {
            (_, None) => Ok(()),
            (None, Some(o)) => {
                *self = Some(o.clone());
                Ok(())
            }
            (Some(s), Some(o)) => s.merge(o),
        }
    }

    fn check_merge(&self, other: &Self) -> Result<()> {
        match (self, other) {
            (Some(s), Some(o)) => s.check_merge(o),
            _ => Ok(()),
        }
    }
}

impl<S: Semigroup + Clone> Monoid for Option<S> {
    type Params = ();
    fn empty(_: &()) -> Self {
        None
    }
    fn params(&self) {}
    fn is_empty(&self) -> bool {
        self.is_none()
    }
}

impl<S: Commutative + Clone> Commutative for Option<S> {}
impl<S: Idempotent + Clone> Idempotent for Option<S> {}
