//! The law suite: every algebraic type in sketchfold runs the same generic
//! checks from `sketchfold::laws`. A new type joins with one line.
//!
//! Exact laws are compared with `==`; float sums within a stated bound.

use std::collections::{BTreeMap, HashMap};

use sketchfold::algebra::{CompensatedSum, Max, Min};
use sketchfold::cardinality::HyperLogLog;
use sketchfold::laws::Laws;

/// Runs the monoid laws (and the extra ones named) for values built by
/// `$make` from quickcheck inputs of type `$x`.
macro_rules! law_suite {
    ($name:ident, $x:ty, $make:expr $(, $extra:ident)*) => {
        #[test]
        fn $name() {
            let laws = Laws::new(stringify!($name), $make);
            laws.monoid().unwrap_or_else(|f| panic!("{f}"));
            $(laws.$extra().unwrap_or_else(|f| panic!("{f}"));)*
        }
    };
}

// Numbers: exact groups under wrapping addition.
law_suite!(
    u64_sum_is_an_exact_commutative_group,
    u64,
    |x: &u64| *x,
    commutative,
    group
);
law_suite!(
    i32_sum_is_an_exact_commutative_group,
    i32,
    |x: &i32| *x,
    commutative,
    group
);
law_suite!(
    u8_sum_wraps_and_stays_a_group,
    u8,
    |x: &u8| *x,
    commutative,
    group
);
law_suite!(
    i128_sum_is_an_exact_commutative_group,
    i128,
    |x: &i128| *x,
    commutative,
    group
);

// Min and Max: Option adds the identity.
law_suite!(
    option_min_is_an_idempotent_commutative_monoid,
    Option<i64>,
    |x: &Option<i64>| x.map(Min),
    commutative,
    idempotent
);
law_suite!(
    option_max_is_an_idempotent_commutative_monoid,
    Option<String>,
    |x: &Option<String>| x.clone().map(Max),
    commutative,
    idempotent
);

// Products and maps.
law_suite!(
    tuple_of_sum_max_and_count_is_a_commutative_monoid,
    (u32, Option<u8>, i64),
    |x: &(u32, Option<u8>, i64)| (x.0, x.1.map(Max), x.2),
    commutative
);
law_suite!(
    six_tuple_is_a_monoid,
    (u8, u16, u32, u64, i8, i16),
    |x: &(u8, u16, u32, u64, i8, i16)| *x,
    commutative
);
law_suite!(
    hash_map_of_sums_is_a_commutative_monoid,
    Vec<(u8, u32)>,
    |x: &Vec<(u8, u32)>| {
        let mut m: HashMap<u8, u32> = HashMap::new();
        for (k, v) in x {
            let e = m.entry(*k).or_default();
            *e = e.wrapping_add(*v);
        }
        m
    },
    commutative
);
law_suite!(
    btree_map_of_max_is_an_idempotent_monoid,
    Vec<(u8, i16)>,
    |x: &Vec<(u8, i16)>| {
        let mut m: BTreeMap<u8, Max<i16>> = BTreeMap::new();
        for (k, v) in x {
            let e = m.entry(*k).or_insert(Max(*v));
            e.0 = e.0.max(*v);
        }
        m
    },
    commutative,
    idempotent
);

/// Floats: associativity holds only up to rounding. The bound: the
/// difference of two groupings is within 8 ulp-scale units of the sum of
/// magnitudes (inputs are bounded so that nothing overflows).
fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 8.0 * f64::EPSILON * scale.max(1.0)
}

fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x % 1e12
    } else {
        0.0
    }
}

#[test]
fn f64_sum_is_a_commutative_group_up_to_rounding() {
    let laws = Laws::new("f64 sum", |x: &f64| finite(*x))
        .with_equivalence(|a: &f64, b: &f64| close(*a, *b, 4e12));
    laws.group().unwrap_or_else(|f| panic!("{f}"));
    laws.commutative().unwrap_or_else(|f| panic!("{f}"));
}

#[test]
fn compensated_sum_is_a_commutative_group_up_to_rounding() {
    let laws = Laws::new("CompensatedSum", |x: &Vec<f64>| {
        let mut s = CompensatedSum::default();
        for v in x {
            s.add(finite(*v));
        }
        s
    })
    .with_equivalence(|a: &CompensatedSum, b: &CompensatedSum| close(a.value(), b.value(), 1e15));
    laws.group().unwrap_or_else(|f| panic!("{f}"));
    laws.commutative().unwrap_or_else(|f| panic!("{f}"));
}

// HyperLogLog: an exact, commutative, idempotent monoid, also across
// precisions (the finer sketch folds down), and a homomorphism from item
// lists. Small precisions make the sparse/dense switch happen often.

fn hll(precision: u8, items: &[u32]) -> HyperLogLog {
    let mut h = HyperLogLog::new(precision);
    h.extend(items);
    h
}

law_suite!(
    hyperloglog_is_an_exact_idempotent_commutative_monoid,
    Vec<u32>,
    |x: &Vec<u32>| hll(5, x),
    commutative,
    idempotent,
    codec
);

law_suite!(
    hyperloglog_of_mixed_precisions_is_an_exact_commutative_monoid,
    (u8, Vec<u32>),
    |x: &(u8, Vec<u32>)| hll(4 + x.0 % 4, &x.1),
    commutative,
    idempotent,
    codec
);

law_suite!(
    datasketches_hashed_hyperloglog_is_an_exact_commutative_monoid,
    Vec<i64>,
    |x: &Vec<i64>| {
        let mut h = HyperLogLog::datasketches(6).unwrap();
        h.extend(x);
        h
    },
    commutative,
    idempotent,
    codec
);

#[test]
fn hyperloglog_of_concatenated_input_equals_merge_of_sketches() {
    for precision in [4, 6, 10] {
        Laws::new("HyperLogLog", move |x: &Vec<u32>| hll(precision, x))
            .homomorphism(|a, b| a.iter().chain(b).copied().collect())
            .unwrap_or_else(|f| panic!("{f}"));
    }
}

#[test]
fn hyperloglogs_with_different_seeds_or_hashing_refuse_to_merge() {
    let laws = Laws::new("HyperLogLog seed 1", |x: &Vec<u32>| {
        let mut h = HyperLogLog::with_seed(6, 1).unwrap();
        h.extend(x);
        h
    });
    laws.incompatible_with(|x: &Vec<u32>| {
        let mut h = HyperLogLog::with_seed(6, 2).unwrap();
        h.extend(x);
        h
    })
    .unwrap_or_else(|f| panic!("{f}"));
    laws.incompatible_with(|x: &Vec<u32>| {
        let mut h = HyperLogLog::datasketches(6).unwrap();
        h.extend(x);
        h
    })
    .unwrap_or_else(|f| panic!("{f}"));
}

#[test]
fn large_hyperloglogs_satisfy_the_laws_in_dense_form() {
    // Lists of up to 2,000 items at precision 8 are mostly dense.
    Laws::new("HyperLogLog dense", |x: &Vec<u32>| hll(8, x))
        .size(2_000)
        .tests(30)
        .monoid()
        .unwrap_or_else(|f| panic!("{f}"));
}

#[test]
fn a_broken_monoid_is_caught_with_a_readable_shrunk_case() {
    // Subtraction is not associative: the checker must say so.
    #[derive(Clone, Debug, PartialEq)]
    struct Minus(i64);
    impl sketchfold::algebra::Semigroup for Minus {
        fn merge(&mut self, other: &Self) -> sketchfold::Result<()> {
            self.0 = self.0.wrapping_sub(other.0);
            Ok(())
        }
    }
    let failure = Laws::new("Minus", |x: &i64| Minus(*x))
        .semigroup()
        .expect_err("subtraction is not associative");
    assert_eq!(failure.law, "associativity");
    let text = failure.to_string();
    assert!(text.contains("Minus breaks associativity"), "{text}");
    assert!(text.contains("inputs:"), "{text}");
}

// SpaceSaving: merge is exactly commutative with an exact identity, and
// associative (and a homomorphism from item lists) only within its error
// bound. The bounded laws compare values that carry the exact counts
// alongside: both sides must have the same exact counts and total, and
// each must bound every true frequency within Δ <= n / k. Capacities 1 to
// 5 and items folded onto 8 values make the pruning happen in most cases.

mod space_saving_laws {
    use std::collections::BTreeMap;

    use sketchfold::frequency::SpaceSaving;
    use sketchfold::laws::{self, Laws};

    /// A summary with the exact counts of what it summarises.
    pub type Tracked = (SpaceSaving<u8>, BTreeMap<u8, u64>);

    /// Items folded onto 8 values, so that counts grow and pruning drops
    /// items that matter.
    pub fn tracked(capacity: usize, items: &[u8]) -> Tracked {
        let mut s = SpaceSaving::new(capacity);
        let mut exact = BTreeMap::new();
        for x in items.iter().map(|x| x % 8) {
            s.insert(&x);
            *exact.entry(x).or_insert(0u64) += 1;
        }
        (s, exact)
    }

    /// `s` bounds every exact count within its Δ, and Δ <= n / k.
    pub fn sound((s, exact): &Tracked) -> bool {
        let n: u64 = exact.values().sum();
        s.total() == n
            && s.max_error() <= n / s.capacity() as u64
            && exact.iter().all(|(x, &f)| {
                let b = s.estimate(x);
                b.contains(f) && b.error() <= s.max_error()
            })
            && s.iter()
                .all(|(x, b)| b.contains(exact.get(x).copied().unwrap_or(0)))
    }

    /// Same truth, same capacity, both within the guarantee.
    pub fn within_bound(a: &Tracked, b: &Tracked) -> bool {
        a.1 == b.1 && a.0.capacity() == b.0.capacity() && sound(a) && sound(b)
    }

    #[test]
    fn space_saving_is_a_commutative_monoid_within_its_error_bound() {
        let laws = Laws::new("SpaceSaving k 3", |x: &Vec<u8>| tracked(3, x))
            .with_equivalence(within_bound);
        laws.monoid().unwrap_or_else(|f| panic!("{f}"));
        laws.commutative().unwrap_or_else(|f| panic!("{f}"));
        laws.homomorphism(|a, b| a.iter().chain(b).copied().collect())
            .unwrap_or_else(|f| panic!("{f}"));
    }

    #[test]
    fn space_saving_of_mixed_capacities_is_a_commutative_monoid_within_its_error_bound() {
        let laws = Laws::new("SpaceSaving k 1..=5", |x: &(u8, Vec<u8>)| {
            tracked(1 + usize::from(x.0 % 5), &x.1)
        })
        .with_equivalence(within_bound);
        laws.monoid().unwrap_or_else(|f| panic!("{f}"));
        laws.commutative().unwrap_or_else(|f| panic!("{f}"));
    }

    #[test]
    fn space_saving_merge_is_exactly_commutative_with_an_exact_identity_and_codec() {
        let laws = Laws::new("SpaceSaving exact", |x: &(u8, Vec<u8>)| {
            tracked(1 + usize::from(x.0 % 5), &x.1).0
        });
        laws.commutative().unwrap_or_else(|f| panic!("{f}"));
        laws.codec().unwrap_or_else(|f| panic!("{f}"));
        let mut gen = quickcheck::Gen::new(100);
        for _ in 0..200 {
            let x: (u8, Vec<u8>) = quickcheck::Arbitrary::arbitrary(&mut gen);
            let s = tracked(1 + usize::from(x.0 % 5), &x.1).0;
            laws::identity(&s, &|a, b| a == b).unwrap_or_else(|f| panic!("{f}"));
        }
    }

    #[test]
    fn space_saving_of_string_items_round_trips_exactly() {
        Laws::new("SpaceSaving<String>", |x: &Vec<String>| {
            let mut s = SpaceSaving::new(4);
            s.extend(x.iter().cloned());
            s
        })
        .codec()
        .unwrap_or_else(|f| panic!("{f}"));
    }

    #[test]
    fn space_saving_summaries_refuse_a_merge_past_u64_max_and_stay_unchanged() {
        let huge = |x: &Vec<u8>| {
            let mut s = tracked(3, x).0;
            s.insert_weighted(&0, u64::MAX / 2 + 1).unwrap();
            s
        };
        Laws::new("SpaceSaving near u64::MAX", huge)
            .incompatible_with(huge)
            .unwrap_or_else(|f| panic!("{f}"));
    }
}
