//! The two update rules, as types: a [`CountMin`](super::CountMin) of one
//! rule never merges with, subtracts or decodes as one of the other.

/// How a [`CountMin`](super::CountMin) adds an item's weight to its rows.
/// Implemented by [`Standard`] and [`Conservative`] only.
pub trait UpdateRule: sealed::Sealed + Clone + Copy + std::fmt::Debug + PartialEq + Eq {
    /// True for [`Conservative`].
    const CONSERVATIVE: bool;
    /// The byte the encoding stores for the rule.
    const TAG: u8;
    /// The rule's name, as error messages show it.
    const NAME: &'static str;
}

/// Standard update: every row's counter grows by the weight. Counters are
/// a linear function of the input, so sketches form an exact commutative
/// group ([`CountMin`](super::CountMin) is `CountMin<Standard>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Standard;

/// Conservative update (Estan and Varghese): only the counters below
/// `estimate + weight` are raised to it. Estimates are never larger (often
/// much smaller) than with [`Standard`], but the counters are no longer
/// linear in the input: merge is an upper bound, not the sketch of the
/// concatenation, and there is no subtraction (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Conservative;

impl UpdateRule for Standard {
    const CONSERVATIVE: bool = false;
    const TAG: u8 = 0;
    const NAME: &'static str = "standard update";
}

impl UpdateRule for Conservative {
    const CONSERVATIVE: bool = true;
    const TAG: u8 = 1;
    const NAME: &'static str = "conservative update";
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Standard {}
    impl Sealed for super::Conservative {}
}
