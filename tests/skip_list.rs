//! The skip list against a model: a `BTreeMap` for the map, rank and
//! select, and a naive fold over the model's range for every aggregate.
//! Operation sequences are generated from fixed seeds, so every run checks
//! the same cases; the values are a non-commutative monoid (concatenation),
//! so an aggregate in the wrong order fails.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::ops::Bound;

use sketchfold::algebra::{Monoid, Semigroup};
use sketchfold::cardinality::{HllParams, HyperLogLog};
use sketchfold::codec::{Codec, ItemCodec, Reader, Writer};
use sketchfold::ordered::SkipList;
use sketchfold::ordered::SkipListParams;
use sketchfold::Result;

#[path = "common/rng.rs"]
mod rng;

use rng::Rng;

/// Byte-string concatenation: an exact monoid that is not commutative.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Concat(Vec<u8>);

impl Semigroup for Concat {
    fn merge(&mut self, other: &Self) -> Result<()> {
        MERGES.with(|m| m.set(m.get() + 1));
        self.0.extend_from_slice(&other.0);
        Ok(())
    }
}

impl Monoid for Concat {
    type Params = ();
    fn empty(_: &()) -> Self {
        Concat(Vec::new())
    }
    fn params(&self) {}
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl ItemCodec for Concat {
    fn encode_item(&self, w: &mut Writer) {
        self.0.encode_item(w);
    }
    fn decode_item(r: &mut Reader<'_>) -> Result<Self> {
        Ok(Concat(Vec::decode_item(r)?))
    }
}

thread_local! {
    static MERGES: Cell<u64> = const { Cell::new(0) };
}

fn merges_during<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = MERGES.with(Cell::get);
    let out = f();
    (out, MERGES.with(Cell::get) - before)
}

fn model_fold<'a>(values: impl Iterator<Item = &'a Concat>) -> Concat {
    let mut acc = Concat(Vec::new());
    for v in values {
        acc.0.extend_from_slice(&v.0);
    }
    acc
}

fn random_bound(rng: &mut Rng, keys: u64) -> Bound<u16> {
    let k = rng.below_u64(keys + 2) as u16;
    match rng.below_u64(3) {
        0 => Bound::Included(k),
        1 => Bound::Excluded(k),
        _ => Bound::Unbounded,
    }
}

/// Checks every query of `list` against `model`.
fn check_queries(list: &SkipList<u16, Concat>, model: &BTreeMap<u16, Concat>, rng: &mut Rng) {
    assert_eq!(list.len(), model.len());
    assert_eq!(list.is_empty(), model.is_empty());
    assert!(list.iter().eq(model.iter()), "in-order iteration differs");
    assert_eq!(list.first(), model.iter().next());
    assert_eq!(list.last(), model.iter().next_back());
    let keys = u64::from(model.keys().next_back().copied().unwrap_or(0)) + 2;
    for _ in 0..8 {
        let k = rng.below_u64(keys) as u16;
        assert_eq!(list.get(&k), model.get(&k), "get({k})");
        assert_eq!(list.rank(&k), model.range(..k).count(), "rank({k})");
        assert_eq!(
            list.lower_bound(&k),
            model.range(k..).next(),
            "lower_bound({k})"
        );
        assert_eq!(
            list.upper_bound(&k),
            model.range((Bound::Excluded(k), Bound::Unbounded)).next(),
            "upper_bound({k})"
        );
        let i = rng.below_u64(model.len() as u64 + 2) as usize;
        assert_eq!(list.select(i), model.iter().nth(i), "select({i})");
    }
    for _ in 0..8 {
        let (lo, hi) = (random_bound(rng, keys), random_bound(rng, keys));
        let valid = match (lo, hi) {
            (Bound::Included(a) | Bound::Excluded(a), Bound::Included(b) | Bound::Excluded(b)) => {
                a < b || (a == b && matches!((lo, hi), (Bound::Included(_), Bound::Included(_))))
            }
            _ => true,
        };
        if !valid {
            // BTreeMap::range panics on these; the list gives the empty range.
            assert_eq!(
                list.range((lo, hi)).count(),
                0,
                "empty range {lo:?}..{hi:?}"
            );
            assert_eq!(list.aggregate((lo, hi)).unwrap(), Concat(Vec::new()));
            continue;
        }
        assert!(
            list.range((lo, hi)).eq(model.range((lo, hi))),
            "range {lo:?}..{hi:?}"
        );
        assert_eq!(
            list.aggregate((lo, hi)).unwrap(),
            model_fold(model.range((lo, hi)).map(|(_, v)| v)),
            "aggregate {lo:?}..{hi:?}"
        );
        assert_eq!(
            list.rank_range((lo, hi)).len(),
            model.range((lo, hi)).count()
        );
    }
    let a = rng.below_u64(model.len() as u64 + 2) as usize;
    let b = rng.below_u64(model.len() as u64 + 2) as usize;
    assert_eq!(
        list.aggregate_ranks(a..b).unwrap(),
        model_fold(model.values().skip(a).take(b.saturating_sub(a)))
    );
}

fn value(rng: &mut Rng) -> Concat {
    Concat(
        (0..rng.below_u64(3))
            .map(|_| rng.below_u64(256) as u8)
            .collect(),
    )
}

#[test]
fn every_operation_agrees_with_a_btreemap_and_a_naive_fold() {
    for case in 0..60u64 {
        let mut rng = Rng(case);
        let keys = [4, 40, 400][case as usize % 3];
        let mut list: SkipList<u16, Concat> =
            SkipList::with_params(SkipListParams::new(()).with_seed(case));
        let mut model: BTreeMap<u16, Concat> = BTreeMap::new();
        for step in 0..300 {
            let k = rng.below_u64(keys) as u16;
            if rng.below_u64(3) == 0 {
                assert_eq!(list.remove(&k), model.remove(&k), "remove({k})");
            } else {
                let v = value(&mut rng);
                list.insert(k, v.clone()).unwrap();
                model
                    .entry(k)
                    .or_insert_with(|| Concat(Vec::new()))
                    .0
                    .extend(v.0);
            }
            if step % 25 == 0 {
                check_queries(&list, &model, &mut rng);
            }
        }
        check_queries(&list, &model, &mut rng);
        while let Some((&k, _)) = model.iter().next() {
            assert_eq!(list.remove(&k), model.remove(&k));
        }
        assert!(list.is_empty());
        check_queries(&list, &model, &mut rng);
    }
}

#[test]
fn merge_is_the_union_with_values_of_equal_keys_merged_left_first() {
    for case in 0..40u64 {
        let mut rng = Rng(1000 + case);
        let build = |rng: &mut Rng, n: u64| {
            let mut list: SkipList<u16, Concat> =
                SkipList::with_params(SkipListParams::new(()).with_seed(rng.next()));
            let mut model = BTreeMap::new();
            for _ in 0..n {
                let k = rng.below_u64(300) as u16;
                let v = value(rng);
                list.insert(k, v.clone()).unwrap();
                model
                    .entry(k)
                    .or_insert_with(|| Concat(Vec::new()))
                    .0
                    .extend(v.0);
            }
            (list, model)
        };
        // Sizes that take both paths: inserting a small right side, and
        // rebuilding from a merge-join.
        let (mut left, mut model) = build(&mut rng, [200, 20, 0, 150][case as usize % 4]);
        let (right, right_model) = build(&mut rng, [5, 200, 30, 0][case as usize % 4]);
        left.merge(&right).unwrap();
        for (k, v) in right_model {
            model
                .entry(k)
                .or_insert_with(|| Concat(Vec::new()))
                .0
                .extend(v.0);
        }
        check_queries(&left, &model, &mut rng);
        // The merged list keeps working as a map.
        for _ in 0..50 {
            let k = rng.below_u64(300) as u16;
            assert_eq!(left.remove(&k), model.remove(&k));
        }
        check_queries(&left, &model, &mut rng);
    }
}

#[test]
fn aggregate_over_a_hundred_thousand_entries_costs_logarithmic_merges() {
    let mut list: SkipList<u32, Concat> = SkipList::new(&());
    for k in 0..100_000u32 {
        list.insert(k, Concat(vec![k as u8])).unwrap();
    }
    let mut rng = Rng(7);
    let mut worst = 0;
    for _ in 0..200 {
        let a = rng.below_u64(100_000) as u32;
        let b = rng.below_u64(100_000) as u32;
        let (lo, hi) = (a.min(b), a.max(b));
        let (got, merges) = merges_during(|| list.aggregate(lo..hi).unwrap());
        assert_eq!(got.0.len(), (hi - lo) as usize);
        assert!(got.0.iter().zip(lo..).all(|(&b, k)| b == k as u8));
        worst = worst.max(merges);
    }
    // log_4(1e5) ≈ 8.3 levels, about 3 links per level going up and again
    // coming down: well under 100 merges, against up to 100,000 for a fold.
    eprintln!("worst aggregate over 200 random ranges of 10^5 entries: {worst} merges");
    assert!(worst < 100, "worst aggregate took {worst} merges");
}

#[test]
fn an_insert_or_remove_costs_logarithmic_merges() {
    let mut list: SkipList<u32, Concat> = SkipList::new(&());
    let mut worst = 0;
    for k in 0..50_000u32 {
        let (_, merges) =
            merges_during(|| list.insert(k.wrapping_mul(2_654_435_761), Concat(vec![1])));
        worst = worst.max(merges);
    }
    for k in 0..25_000u32 {
        let (_, merges) = merges_during(|| list.remove(&k.wrapping_mul(2_654_435_761)));
        worst = worst.max(merges);
    }
    assert_eq!(list.len(), 25_000);
    eprintln!("worst insert or remove among 75,000: {worst} merges");
    assert!(worst < 400, "worst update took {worst} merges");
}

#[test]
fn distinct_users_between_ten_and_ten_thirty_seven_merge_only_a_few_minute_sketches() {
    let params = HllParams::new(10).unwrap();
    let mut minutes: SkipList<u32, HyperLogLog> = SkipList::new(&params);
    let mut rng = Rng(42);
    for minute in 0..24 * 60u32 {
        let mut users = HyperLogLog::with_params(params);
        for _ in 0..50 {
            users.insert(&rng.below_u64(20_000));
        }
        minutes.insert(minute, users).unwrap();
    }
    let (from, to) = (10 * 60, 10 * 60 + 37);
    let mut naive = HyperLogLog::with_params(params);
    for (_, h) in minutes.range(from..to) {
        naive.merge(h).unwrap();
    }
    // HyperLogLog's merge is an exact register maximum: the aggregate is the
    // naive fold, register for register.
    assert_eq!(minutes.aggregate(from..to).unwrap(), naive);
    assert_eq!(minutes.aggregate(..).unwrap().registers().len(), 1 << 10);
}

#[test]
fn the_same_seed_and_entries_give_the_same_list_and_encoding() {
    let build = |seed| {
        let mut list: SkipList<u64, u64> =
            SkipList::with_params(SkipListParams::new(()).with_seed(seed));
        for k in 0..1000u64 {
            list.insert(k * 7 % 1000, k).unwrap();
        }
        list
    };
    assert_eq!(build(3), build(3));
    assert_eq!(build(3).encode(), build(3).encode());
    // Equality is over entries: another seed, same entries.
    assert_eq!(build(3), build(4));
}

#[test]
fn a_value_incompatible_with_the_list_is_refused_and_changes_nothing() {
    let params = HllParams::new(8).unwrap();
    let mut list: SkipList<u8, HyperLogLog> = SkipList::new(&params);
    let mut h = HyperLogLog::with_params(params);
    h.insert(&1u8);
    list.insert(1, h).unwrap();
    let before = list.clone();
    let other_seed = HyperLogLog::with_params(HllParams::new(8).unwrap().with_seed(99));
    assert!(list.insert(1, other_seed.clone()).is_err());
    assert!(list.insert(2, other_seed.clone()).is_err());
    assert_eq!(list, before);
    let mut foreign: SkipList<u8, HyperLogLog> = SkipList::new(&other_seed.params());
    foreign.insert(5, other_seed).unwrap();
    assert!(list.merge(&foreign).is_err());
    assert_eq!(list, before);
}

#[test]
fn decoding_round_trips_and_rejects_unsorted_keys_a_nonempty_identity_and_bad_lengths() {
    let mut list: SkipList<u16, Concat> =
        SkipList::with_params(SkipListParams::new(()).with_seed(5));
    for k in [5u16, 1, 9, 3] {
        list.insert(k, Concat(vec![k as u8; 2])).unwrap();
    }
    let bytes = list.encode();
    let back = SkipList::<u16, Concat>::decode(&bytes).unwrap();
    assert_eq!(back, list);
    assert_eq!(back.encode(), bytes);
    assert_eq!(back.aggregate(2..9).unwrap(), Concat(vec![3, 3, 5, 5]));

    let entries = |keys: &[u16], identity: &[u8]| {
        let mut w = Writer::with_capacity(64);
        w.bytes(b"SKFD\x09\x01");
        w.u64(5);
        Concat(identity.to_vec()).encode_item(&mut w);
        w.u64(keys.len() as u64);
        for &k in keys {
            k.encode_item(&mut w);
            Concat(vec![1]).encode_item(&mut w);
        }
        w.into_bytes()
    };
    assert!(SkipList::<u16, Concat>::decode(&entries(&[1, 2, 3], &[])).is_ok());
    for bad in [
        entries(&[1, 3, 2], &[]),
        entries(&[1, 1], &[]),
        entries(&[1], &[7]),
    ] {
        let e = SkipList::<u16, Concat>::decode(&bad).unwrap_err();
        assert!(e.is_decode(), "{e}");
    }
    // Truncations and a trailing byte.
    for cut in 0..bytes.len() {
        assert!(SkipList::<u16, Concat>::decode(&bytes[..cut])
            .unwrap_err()
            .is_decode());
    }
    let mut long = bytes.clone();
    long.push(0);
    assert!(SkipList::<u16, Concat>::decode(&long)
        .unwrap_err()
        .is_decode());
    // A huge declared count is refused before anything is allocated.
    let mut huge = entries(&[], &[]);
    let at = huge.len() - 8;
    huge[at..].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(SkipList::<u16, Concat>::decode(&huge)
        .unwrap_err()
        .is_decode());
}
