use super::{Commutative, Group, Idempotent, Monoid, Semigroup};
use crate::error::Result;

/// Tuples of semigroups (monoids, groups) merge member-wise. Every member's
/// compatibility is checked before any member is mutated, so a failed merge
/// leaves the whole tuple unchanged.
macro_rules! tuple_algebra {
    ($($name:ident $idx:tt),+) => {
        impl<$($name: Semigroup),+> Semigroup for ($($name,)+) {
            fn merge(&mut self, other: &Self) -> Result<()> {
                self.check_merge(other)?;
                $(self.$idx.merge(&other.$idx)?;)+
                Ok(())
            }
            fn check_merge(&self, other: &Self) -> Result<()> {
                $(self.$idx.check_merge(&other.$idx)?;)+
                Ok(())
            }
        }
        impl<$($name: Monoid),+> Monoid for ($($name,)+) {
            type Params = ($($name::Params,)+);
            fn empty(params: &Self::Params) -> Self {
                ($($name::empty(&params.$idx),)+)
            }
            fn params(&self) -> Self::Params {
                ($(self.$idx.params(),)+)
            }
            fn is_empty(&self) -> bool {
                true $(&& self.$idx.is_empty())+
            }
        }
        impl<$($name: Group),+> Group for ($($name,)+) {
            fn negate(&mut self) {
                $(self.$idx.negate();)+
            }
            fn subtract(&mut self, other: &Self) -> Result<()> {
                self.check_merge(other)?;
                $(self.$idx.subtract(&other.$idx)?;)+
                Ok(())
            }
        }
        impl<$($name: Commutative),+> Commutative for ($($name,)+) {}
        impl<$($name: Idempotent),+> Idempotent for ($($name,)+) {}
    };
}

tuple_algebra!(A 0);
tuple_algebra!(A 0, B 1);
tuple_algebra!(A 0, B 1, C 2);
tuple_algebra!(A 0, B 1, C 2, D 3);
tuple_algebra!(A 0, B 1, C 2, D 3, E 4);
tuple_algebra!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_algebra!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_algebra!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
