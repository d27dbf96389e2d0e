//! The derives, as a specification: derived structs pass sketchfold's law
//! suite as their fields do, refuse a merge without changing any field, and
//! build their identity from the derived parameters struct.

// With sketchfold's `derive` feature (on for these tests), the derive
// macros come with the traits of the same names.
use sketchfold::algebra::{Commutative, Group, Idempotent, Max, Monoid, Semigroup};
use sketchfold::cardinality::{HllParams, HyperLogLog};
use sketchfold::frequency::{CountMin, CountMinParams};
use sketchfold::laws::Laws;
use sketchfold::membership::{BloomFilter, BloomParams};
use sketchfold::quantiles::{DdSketch, DdSketchParams};
use sketchfold::similarity::{MinHash, MinHashParams};
use sketchfold::ErrorKind;

/// Web traffic of one key: requests, distinct users, requests per page,
/// latencies and the slowest request. Every field merges exactly.
#[derive(Clone, Debug, PartialEq, Semigroup, Monoid, Commutative)]
struct Traffic {
    requests: u64,
    users: HyperLogLog,
    pages: CountMin,
    latency: DdSketch,
    slowest: Option<Max<u16>>,
}

fn traffic_params(seed: u64) -> TrafficParams {
    TrafficParams {
        requests: (),
        users: HllParams::new(8).unwrap().with_seed(seed),
        pages: CountMinParams::with_size(64, 3).unwrap().with_seed(seed),
        latency: DdSketchParams::new(0.01).unwrap(),
        slowest: (),
    }
}

/// Requests as (user, page, latency in ms).
fn traffic_with(seed: u64, requests: &[(u16, u8, u16)]) -> Traffic {
    let mut t = Traffic::empty(&traffic_params(seed));
    for &(user, page, ms) in requests {
        t.requests += 1;
        t.users.insert(&user);
        t.pages.insert(&page).unwrap();
        t.latency.insert(f64::from(ms) + 1.0).unwrap();
        t.slowest.merge(&Some(Max(ms))).unwrap();
    }
    t
}

fn traffic(requests: &[(u16, u8, u16)]) -> Traffic {
    traffic_with(1, requests)
}

#[test]
fn a_struct_of_exact_sketches_is_a_commutative_monoid_and_a_homomorphism() {
    let laws = Laws::new("Traffic", |r: &Vec<(u16, u8, u16)>| traffic(r)).tests(60);
    laws.monoid().unwrap_or_else(|f| panic!("{f}"));
    laws.commutative().unwrap_or_else(|f| panic!("{f}"));
    laws.homomorphism(|a, b| a.iter().chain(b).copied().collect())
        .unwrap_or_else(|f| panic!("{f}"));
}

/// What a key has seen: users, members, a set signature, the latest time.
#[derive(Clone, Debug, PartialEq, Semigroup, Monoid, Commutative, Idempotent)]
struct Seen {
    users: HyperLogLog,
    members: BloomFilter,
    signature: MinHash,
    latest: Option<Max<u64>>,
}

fn seen(items: &Vec<u64>) -> Seen {
    let mut s = Seen::empty(&SeenParams {
        users: HllParams::new(6).unwrap(),
        members: BloomParams::new(100, 0.01).unwrap(),
        signature: MinHashParams::new(16).unwrap(),
        latest: (),
    });
    s.users.extend(items);
    s.members.extend(items);
    s.signature.extend(items);
    s.latest = items.iter().copied().max().map(Max);
    s
}

#[test]
fn a_struct_of_idempotent_sketches_is_an_idempotent_commutative_monoid() {
    let laws = Laws::new("Seen", seen).tests(60);
    laws.monoid().unwrap_or_else(|f| panic!("{f}"));
    laws.commutative().unwrap_or_else(|f| panic!("{f}"));
    laws.idempotent().unwrap_or_else(|f| panic!("{f}"));
}

/// A tuple struct of groups: a pane of a sliding window, evicted by
/// subtraction.
#[derive(Clone, Debug, PartialEq, Semigroup, Monoid, Group, Commutative)]
struct Pane(i64, CountMin, DdSketch);

fn pane(items: &Vec<(u8, i8)>) -> Pane {
    let mut p = Pane::empty(&PaneParams(
        (),
        CountMinParams::with_size(32, 2).unwrap(),
        DdSketchParams::new(0.02).unwrap(),
    ));
    for &(item, weight) in items {
        p.0 += i64::from(weight);
        p.1.insert_weighted(&item, i64::from(weight)).unwrap();
        p.2.insert_weighted(f64::from(item) + 1.0, i64::from(weight))
            .unwrap();
    }
    p
}

#[test]
fn a_tuple_struct_of_groups_is_a_commutative_group() {
    let laws = Laws::new("Pane", pane).tests(60);
    laws.group().unwrap_or_else(|f| panic!("{f}"));
    laws.commutative().unwrap_or_else(|f| panic!("{f}"));
}

#[test]
fn a_merge_any_field_refuses_changes_no_field() {
    // Every field of another seed: the laws' own check.
    Laws::new("Traffic", |r: &Vec<(u16, u8, u16)>| traffic(r))
        .tests(30)
        .incompatible_with(|r: &Vec<(u16, u8, u16)>| traffic_with(2, r))
        .unwrap_or_else(|f| panic!("{f}"));

    // Only the Count-Min differs, and it comes after fields that would
    // merge: they must not have merged either.
    let requests = [(1, 1, 10), (2, 2, 20)];
    let mut a = traffic(&requests);
    let mut b = traffic(&[(3, 3, 30)]);
    b.pages = CountMin::with_params(CountMinParams::with_size(64, 3).unwrap().with_seed(9));
    b.pages.insert(&3u8).unwrap();
    let before = a.clone();
    let e = a.merge(&b).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::IncompatibleMerge { .. }),
        "{e}"
    );
    assert_eq!(a, before, "a refused merge changed a field");
    assert!(a.check_merge(&b).is_err());
    assert!(a.merge_all([&traffic(&[(4, 4, 4)]), &b]).is_err());
    assert_eq!(a, before, "a refused merge_all changed a field");
    let mut p = pane(&vec![(1, 1)]);
    let mut q = pane(&vec![(2, 1)]);
    q.1 = CountMin::with_params(CountMinParams::with_size(64, 2).unwrap());
    let before = p.clone();
    assert!(p.subtract(&q).is_err());
    assert_eq!(p, before, "a refused subtraction changed a field");
}

#[test]
fn the_params_struct_holds_every_fields_params_and_builds_the_identity() {
    let params = traffic_params(5);
    let empty = Traffic::empty(&params);
    assert!(empty.is_empty());
    let back = empty.params();
    assert_eq!(back.users, params.users);
    assert_eq!(back.pages, params.pages);
    assert_eq!(back.latency, params.latency);
    let debug = format!("{:?}", params.clone());
    assert!(
        debug.starts_with("TrafficParams { requests: (), users: HllParams"),
        "{debug}"
    );
    let filled = traffic(&[(1, 1, 1)]);
    assert!(!filled.is_empty());
    assert_eq!(filled.empty_like(), Traffic::empty(&traffic_params(1)));
}

#[test]
fn sum_and_sum_option_fold_derived_values() {
    let parts: Vec<Traffic> = (0..5u16)
        .map(|p| {
            traffic(
                &(0..20)
                    .map(|i| (p * 7 + i, (i % 5) as u8, i))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let mut folded = Traffic::empty(&traffic_params(1));
    for p in &parts {
        folded.merge(p).unwrap();
    }
    assert_eq!(
        Traffic::sum(&traffic_params(1), parts.clone()).unwrap(),
        folded
    );
    assert_eq!(Traffic::sum_option(parts).unwrap(), Some(folded.clone()));
    assert_eq!(folded.requests, 100);
    assert_eq!(folded.pages.estimate(&0u8), 20);
}

/// Generic structs get each field's trait as a bound.
#[derive(Clone, Debug, PartialEq, Semigroup, Monoid, Commutative)]
struct Pair<A, B> {
    left: A,
    right: B,
}

#[test]
fn generic_structs_derive_with_their_fields_as_bounds() {
    let laws = Laws::new("Pair<u64, HyperLogLog>", |x: &Vec<u32>| {
        let mut right = HyperLogLog::new(6);
        right.extend(x);
        Pair {
            left: x.len() as u64,
            right,
        }
    })
    .tests(60);
    laws.monoid().unwrap_or_else(|f| panic!("{f}"));
    laws.commutative().unwrap_or_else(|f| panic!("{f}"));
    let p: PairParams<u64, HyperLogLog> = PairParams {
        left: (),
        right: HllParams::new(6).unwrap(),
    };
    assert!(Pair::<u64, HyperLogLog>::empty(&p).is_empty());
}

/// A unit struct is the trivial monoid.
#[derive(Clone, Debug, PartialEq, Semigroup, Monoid, Commutative, Idempotent)]
struct Nothing;

#[test]
fn a_unit_struct_is_the_trivial_monoid() {
    let mut n = Nothing;
    n.merge(&Nothing).unwrap();
    assert!(n.is_empty());
    assert_eq!(Nothing::empty(&NothingParams), Nothing);
    Laws::new("Nothing", |_: &()| Nothing)
        .monoid()
        .unwrap_or_else(|f| panic!("{f}"));
}

/// `#[sketchfold(params = Name)]` names the parameters struct.
#[derive(Clone, Debug, PartialEq, Semigroup, Monoid)]
#[sketchfold(params = CounterConfig)]
struct Counter {
    n: u64,
}

#[test]
fn the_params_attribute_names_the_parameters_struct() {
    let c = Counter::empty(&CounterConfig { n: () });
    assert_eq!(c, Counter { n: 0 });
}

mod from_the_derive_crate_itself {
    use sketchfold::algebra::{Monoid, Semigroup};

    /// The macros by their path in `sketchfold-derive`.
    #[derive(Clone, Debug, PartialEq, sketchfold_derive::Semigroup, sketchfold_derive::Monoid)]
    struct Count(u64);

    #[test]
    fn the_derives_work_by_their_own_crate_path() {
        let mut c = Count::empty(&CountParams(()));
        c.merge(&Count(2)).unwrap();
        assert_eq!(c, Count(2));
    }
}

mod through_the_prelude {
    use sketchfold::prelude::*;

    /// The macros come with `sketchfold::prelude` under the `derive`
    /// feature, next to the traits of the same names.
    #[derive(Clone, Debug, PartialEq, Semigroup, Monoid, Commutative, Idempotent)]
    struct Users {
        all: HyperLogLog,
        newest: Option<crate::Max<u64>>,
    }

    #[test]
    fn the_prelude_re_exports_the_derives() {
        let params = UsersParams {
            all: HllParams::new(8).unwrap(),
            newest: (),
        };
        let mut a = Users::empty(&params);
        a.all.insert("x");
        let b = a.clone();
        a.merge(&b).unwrap();
        assert_eq!(a, b);
    }
}
