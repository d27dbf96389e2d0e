//! The family API (`sketchfold::family`), as a specification: every rule
//! of the module docs, checked on every family.

use std::fmt::Debug;
use std::marker::PhantomData;
use std::time::Duration;

use sketchfold::algebra::{Aggregator, Max, Monoid, MonoidAggregator, Semigroup};
use sketchfold::cardinality::{DataSketchesHll, HllParams, HyperLogLog, TgtHllType};
use sketchfold::family::{Bounds, Insert};
use sketchfold::frequency::{
    ConservativeCountMin, CountMin, CountMinParams, SpaceSaving, SpaceSavingParams, TopK,
    TopKParams,
};
use sketchfold::membership::{BloomFilter, BloomParams};
use sketchfold::ordered::{SkipList, SkipListParams};
use sketchfold::quantiles::{DdSketch, DdSketchParams, Kll, KllParams};
use sketchfold::similarity::{LshIndex, LshParams, MinHash, MinHashParams};
use sketchfold::stream::sink::CallbackSink;
use sketchfold::stream::source::IterSource;
use sketchfold::stream::{Job, WindowResult, Windows};
use sketchfold::{ErrorKind, Result};

/// The one generic function of the module docs: any family, any items.
fn feed<S: Insert<T>, T>(sketch: &mut S, items: impl IntoIterator<Item = T>) -> Result<()> {
    sketch.try_extend(items)
}

const WORDS: [&str; 7] = ["a", "rose", "is", "a", "rose", "is", "a"];

fn signature(range: std::ops::Range<u32>) -> MinHash {
    let mut m = MinHash::new(64);
    m.extend(range);
    m
}

#[test]
fn one_generic_function_feeds_every_family_and_gives_what_the_inherent_insert_gives() {
    // Hashing families, fed `&str`.
    let mut hll = HyperLogLog::new(10);
    feed(&mut hll, WORDS).unwrap();
    let mut by_hand = HyperLogLog::new(10);
    WORDS.iter().for_each(|w| by_hand.insert(w));
    assert_eq!(hll, by_hand);
    assert_eq!(hll.estimate().round(), 3.0);

    let mut ds = DataSketchesHll::new(10, TgtHllType::Hll8);
    feed(&mut ds, WORDS).unwrap();
    assert_eq!(ds.estimate().round(), 3.0);

    let mut bloom = BloomFilter::new(100, 0.01);
    feed(&mut bloom, WORDS).unwrap();
    assert!(WORDS.iter().all(|w| bloom.contains(w)));

    let mut cm = CountMin::new(0.01, 0.01);
    feed(&mut cm, WORDS).unwrap();
    let mut cu: ConservativeCountMin = CountMin::conservative(0.01, 0.01);
    feed(&mut cu, WORDS).unwrap();
    let mut top = TopK::<String>::new(2, 0.01, 0.01);
    feed(&mut top, WORDS).unwrap();
    let mut ss = SpaceSaving::<String>::new(8);
    feed(&mut ss, WORDS).unwrap();
    for (word, n) in [("a", 3), ("rose", 2), ("is", 2)] {
        assert_eq!(cm.estimate(word), n);
        assert_eq!(cu.estimate(word), n);
        assert_eq!(top.estimate(word), n);
        assert_eq!(ss.estimate(word), n as u64);
    }
    assert_eq!(top.top()[0], ("a".to_string(), 3));

    let mut mh = MinHash::new(64);
    feed(&mut mh, 0..100u32).unwrap();
    assert_eq!(mh, signature(0..100));

    // Quantile families, fed numbers by value and by reference.
    let values = [3.0, 1.0, 2.0];
    let mut k64 = Kll::<f64>::new(200);
    feed(&mut k64, values).unwrap();
    feed(&mut k64, values.iter()).unwrap();
    let mut k32 = Kll::<f32>::new(200);
    feed(&mut k32, [1.5f32, 2.5]).unwrap();
    let mut k_i = Kll::<i64>::new(200);
    feed(&mut k_i, [7i64, -7]).unwrap();
    let mut dd = DdSketch::new(0.01);
    feed(&mut dd, values).unwrap();
    feed(&mut dd, values.iter()).unwrap();
    assert_eq!(
        (k64.count(), k32.count(), k_i.count(), dd.count()),
        (6, 2, 2, 6)
    );
    assert_eq!(k64.quantile(1.0).unwrap(), Some(3.0));

    // Entry families, fed pairs.
    let mut list: SkipList<u32, u64> = SkipList::new(&());
    feed(&mut list, [(1, 10), (2, 20), (1, 5)]).unwrap();
    assert_eq!(list.get(&1), Some(&15));
    let mut index = LshIndex::<&str>::new(MinHashParams::new(64).unwrap(), 0.5);
    let (x, y) = (signature(0..500), signature(10_000..10_500));
    feed(&mut index, [("x", &x), ("y", &y)]).unwrap();
    assert_eq!(index.len(), 2);
    assert_eq!(index.query(&x).unwrap(), [&"x"]);
}

/// Inserting `bad` through the trait is refused with an `InvalidParameter`
/// or `IncompatibleMerge` error, and the sketch is unchanged.
fn refuses<S: Insert<T> + Clone + PartialEq + Debug, T>(sketch: &S, bad: T) {
    let mut s = sketch.clone();
    let e = Insert::insert(&mut s, bad).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::InvalidParameter { .. } | ErrorKind::IncompatibleMerge { .. }
        ),
        "{e}"
    );
    assert_eq!(&s, sketch, "a refused insert changed the sketch");
}

#[test]
fn a_refused_item_is_an_error_through_the_trait_and_leaves_the_sketch_unchanged() {
    let mut kll = Kll::<f64>::new(200);
    kll.insert(1.0).unwrap();
    refuses(&kll, f64::NAN);
    refuses(&Kll::<f32>::new(8), f32::NAN);

    let mut dd = DdSketch::new(0.01);
    dd.insert(1.0).unwrap();
    refuses(&dd, f64::NAN);
    refuses(&dd, f64::INFINITY);

    // Counters at their limit refuse one more occurrence.
    let mut cm = CountMin::new(0.01, 0.01);
    cm.insert_weighted("x", i64::MAX).unwrap();
    refuses(&cm, "y");
    let mut top = TopK::<String>::new(2, 0.01, 0.01);
    top.insert_weighted("x", i64::MAX).unwrap();
    refuses(&top, "y");
    let mut ss = SpaceSaving::<String>::new(2);
    ss.insert_weighted("x", i64::MAX).unwrap();
    ss.insert_weighted("x", i64::MAX).unwrap();
    ss.insert("x").unwrap(); // u64::MAX in all
    refuses(&ss, "y");

    // A value that does not merge with the list's.
    let mut list: SkipList<u32, HyperLogLog> = SkipList::new(&HllParams::new(8).unwrap());
    list.insert(1, HyperLogLog::new(8)).unwrap();
    refuses(
        &list,
        (
            2,
            HyperLogLog::with_params(HllParams::datasketches(8).unwrap()),
        ),
    );

    // A signature of other parameters (the index has no PartialEq: its
    // length says it is unchanged).
    let mut index = LshIndex::<u8>::new(MinHashParams::new(64).unwrap(), 0.5);
    let other = MinHash::with_params(MinHashParams::new(64).unwrap().with_seed(1));
    assert!(Insert::insert(&mut index, (1, &other)).is_err());
    assert!(index.is_empty());
}

#[test]
fn try_extend_stops_at_the_first_refused_item_and_keeps_those_before_it() {
    let mut kll = Kll::<f64>::new(200);
    let e = kll.try_extend([1.0, 2.0, f64::NAN, 4.0]).unwrap_err();
    assert!(e.to_string().contains("NaN"), "{e}");
    assert_eq!(kll.count(), 2);
    assert_eq!(kll.max(), Some(2.0));
}

/// `Probe::<S, I>::EXTEND` is true exactly when `S: Extend<I>` (an
/// inherent constant shadows the trait's default where the bound holds).
struct Probe<S, I>(PhantomData<(S, I)>);
trait NoExtend {
    const EXTEND: bool = false;
}
impl<S, I> NoExtend for Probe<S, I> {}
impl<S: Extend<I>, I> Probe<S, I> {
    const EXTEND: bool = true;
}

#[test]
fn extend_exists_exactly_where_insert_cannot_fail() {
    let has_extend = [
        // insert returns (): Extend.
        Probe::<HyperLogLog, &str>::EXTEND,
        Probe::<DataSketchesHll, &str>::EXTEND,
        Probe::<BloomFilter, &str>::EXTEND,
        Probe::<MinHash, &str>::EXTEND,
        // insert returns Result: no Extend (it would have to panic or
        // drop), Insert::try_extend instead.
        Probe::<CountMin, &str>::EXTEND,
        Probe::<ConservativeCountMin, &str>::EXTEND,
        Probe::<TopK<String>, &str>::EXTEND,
        Probe::<SpaceSaving<String>, &str>::EXTEND,
        Probe::<SpaceSaving<u64>, u64>::EXTEND,
        Probe::<Kll<f64>, f64>::EXTEND,
        Probe::<DdSketch, f64>::EXTEND,
        Probe::<SkipList<u32, u64>, (u32, u64)>::EXTEND,
        Probe::<LshIndex<u32>, (u32, &MinHash)>::EXTEND,
    ];
    let mut expected = [false; 13];
    expected[..4].fill(true);
    assert_eq!(has_extend, expected);
}

/// `new(a)` equals `try_new(a)?` and `with_params(XParams::new(a)?)`, and
/// where `new` panics, `try_new` and `XParams::new` return the error.
fn constructors_agree<X: PartialEq + Debug, P>(
    new: impl Fn() -> X,
    try_new: impl Fn() -> Result<X>,
    from_params: impl Fn(P) -> X,
    params: Result<P>,
) {
    let params = params.expect("valid parameters");
    assert_eq!(new(), try_new().unwrap());
    assert_eq!(new(), from_params(params));
}

fn bad_constructors_fail<X: Debug, P: Debug>(
    new: impl Fn() -> X + std::panic::UnwindSafe,
    try_new: Result<X>,
    params: Result<P>,
) {
    let e = try_new.unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::InvalidParameter { .. }),
        "{e}"
    );
    assert!(params.is_err());
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let panicked = std::panic::catch_unwind(new).is_err();
    std::panic::set_hook(hook);
    assert!(panicked, "new did not panic where try_new fails");
}

#[test]
fn new_try_new_and_with_params_of_params_new_take_the_same_arguments_and_agree() {
    constructors_agree(
        || HyperLogLog::new(12),
        || HyperLogLog::try_new(12),
        HyperLogLog::with_params,
        HllParams::new(12),
    );
    constructors_agree(
        || BloomFilter::new(1_000, 0.01),
        || BloomFilter::try_new(1_000, 0.01),
        BloomFilter::with_params,
        BloomParams::new(1_000, 0.01),
    );
    constructors_agree(
        || CountMin::new(0.001, 0.01),
        || CountMin::try_new(0.001, 0.01),
        CountMin::with_params,
        CountMinParams::new(0.001, 0.01),
    );
    constructors_agree(
        || CountMin::conservative(0.001, 0.01),
        || CountMin::try_conservative(0.001, 0.01),
        CountMin::conservative_with_params,
        CountMinParams::new(0.001, 0.01),
    );
    constructors_agree(
        || TopK::<String>::new(5, 0.001, 0.01),
        || TopK::try_new(5, 0.001, 0.01),
        TopK::with_params,
        TopKParams::new(5, 0.001, 0.01),
    );
    constructors_agree(
        || SpaceSaving::<String>::new(64),
        || SpaceSaving::try_new(64),
        SpaceSaving::with_params,
        SpaceSavingParams::new(64),
    );
    constructors_agree(
        || MinHash::new(128),
        || MinHash::try_new(128),
        MinHash::with_params,
        MinHashParams::new(128),
    );
    constructors_agree(
        || Kll::<f64>::new(200),
        || Kll::try_new(200),
        Kll::with_params,
        KllParams::new(200),
    );
    constructors_agree(
        || DdSketch::new(0.01),
        || DdSketch::try_new(0.01),
        DdSketch::with_params,
        DdSketchParams::new(0.01),
    );
    assert_eq!(
        SkipList::<u32, u64>::new(&()),
        SkipList::with_params(SkipListParams::new(()))
    );
    let minhash = MinHashParams::new(64).unwrap();
    let lsh = LshParams::new(minhash, 0.7).unwrap();
    assert_eq!(LshIndex::<u8>::new(minhash, 0.7).params(), lsh);
    assert_eq!(LshIndex::<u8>::try_new(minhash, 0.7).unwrap().params(), lsh);
    assert_eq!(LshIndex::<u8>::with_params(lsh).params(), lsh);
    assert_eq!(
        DataSketchesHll::new(12, TgtHllType::Hll4),
        DataSketchesHll::try_new(12, TgtHllType::Hll4).unwrap()
    );

    bad_constructors_fail(
        || HyperLogLog::new(3),
        HyperLogLog::try_new(3),
        HllParams::new(3),
    );
    bad_constructors_fail(
        || BloomFilter::new(0, 0.01),
        BloomFilter::try_new(0, 0.01),
        BloomParams::new(0, 0.01),
    );
    bad_constructors_fail(
        || CountMin::new(0.0, 0.01),
        CountMin::try_new(0.0, 0.01),
        CountMinParams::new(0.0, 0.01),
    );
    bad_constructors_fail(
        || CountMin::conservative(0.01, 1.5),
        CountMin::try_conservative(0.01, 1.5),
        CountMinParams::new(0.01, 1.5),
    );
    bad_constructors_fail(
        || TopK::<String>::new(0, 0.01, 0.01),
        TopK::<String>::try_new(0, 0.01, 0.01),
        TopKParams::new(0, 0.01, 0.01),
    );
    bad_constructors_fail(
        || SpaceSaving::<String>::new(0),
        SpaceSaving::<String>::try_new(0),
        SpaceSavingParams::new(0),
    );
    bad_constructors_fail(
        || MinHash::new(0),
        MinHash::try_new(0),
        MinHashParams::new(0),
    );
    bad_constructors_fail(
        || Kll::<f64>::new(7),
        Kll::<f64>::try_new(7),
        KllParams::new(7),
    );
    bad_constructors_fail(
        || DdSketch::new(0.9),
        DdSketch::try_new(0.9),
        DdSketchParams::new(0.9),
    );
    bad_constructors_fail(
        || LshIndex::<u8>::new(minhash, 1.0),
        LshIndex::<u8>::try_new(minhash, 1.0),
        LshParams::new(minhash, 1.0),
    );
    bad_constructors_fail(
        || DataSketchesHll::new(22, TgtHllType::Hll4),
        DataSketchesHll::try_new(22, TgtHllType::Hll4),
        HllParams::new(22),
    );
}

/// The inherent `params()` and `is_empty()` are the monoid's, on an empty
/// value, a filled one, and the identity built from its parameters.
fn inherent_agrees<M: Monoid + Debug>(
    empty: M,
    filled: M,
    params: impl Fn(&M) -> M::Params,
    is_empty: impl Fn(&M) -> bool,
) where
    M::Params: PartialEq,
{
    for m in [&empty, &filled] {
        assert_eq!(params(m), Monoid::params(m), "{m:?}");
        assert_eq!(is_empty(m), Monoid::is_empty(m), "{m:?}");
    }
    assert!(is_empty(&empty) && !is_empty(&filled), "{filled:?}");
    assert!(is_empty(&M::empty(&params(&filled))));
}

#[test]
fn params_and_is_empty_are_inherent_and_agree_with_the_monoid() {
    let hll = |items: &[&str]| {
        let mut h = HyperLogLog::new(8);
        h.extend(items);
        h
    };
    inherent_agrees(
        hll(&[]),
        hll(&WORDS),
        HyperLogLog::params,
        HyperLogLog::is_empty,
    );
    let mut bloom = BloomFilter::new(100, 0.01);
    bloom.insert("a");
    inherent_agrees(
        BloomFilter::new(100, 0.01),
        bloom,
        BloomFilter::params,
        BloomFilter::is_empty,
    );
    let mut cm = CountMin::new(0.01, 0.01);
    cm.insert("a").unwrap();
    inherent_agrees(
        CountMin::new(0.01, 0.01),
        cm,
        CountMin::params,
        CountMin::is_empty,
    );
    let mut top = TopK::<String>::new(2, 0.01, 0.01);
    top.insert("a").unwrap();
    inherent_agrees(TopK::new(2, 0.01, 0.01), top, TopK::params, TopK::is_empty);
    let mut ss = SpaceSaving::<String>::new(4);
    ss.insert("a").unwrap();
    inherent_agrees(
        SpaceSaving::new(4),
        ss,
        SpaceSaving::params,
        SpaceSaving::is_empty,
    );
    inherent_agrees(
        MinHash::new(16),
        signature(0..10),
        MinHash::params,
        MinHash::is_empty,
    );
    let mut kll = Kll::<f64>::new(8);
    kll.insert(1.0).unwrap();
    inherent_agrees(Kll::new(8), kll, Kll::params, Kll::is_empty);
    let mut dd = DdSketch::new(0.01);
    dd.insert(1.0).unwrap();
    inherent_agrees(
        DdSketch::new(0.01),
        dd,
        DdSketch::params,
        DdSketch::is_empty,
    );
    let mut list: SkipList<u8, u64> = SkipList::new(&());
    list.insert(1, 1).unwrap();
    inherent_agrees(
        SkipList::new(&()),
        list,
        SkipList::params,
        SkipList::is_empty,
    );
}

#[test]
fn seeds_and_other_settings_are_builder_methods_on_the_params() {
    assert_ne!(
        HllParams::new(12).unwrap().with_seed(1),
        HllParams::new(12).unwrap()
    );
    assert_eq!(BloomParams::new(10, 0.1).unwrap().with_seed(7).seed(), 7);
    assert_eq!(
        CountMinParams::new(0.1, 0.1).unwrap().with_seed(7).seed(),
        7
    );
    assert_eq!(
        TopKParams::new(3, 0.1, 0.1)
            .unwrap()
            .with_seed(7)
            .count_min()
            .seed(),
        7
    );
    assert_eq!(MinHashParams::new(8).unwrap().with_seed(7).seed(), 7);
    assert_eq!(KllParams::new(8).unwrap().with_seed(7).seed(), 7);
    assert_eq!(SkipListParams::new(()).with_seed(7).seed(), 7);
    let dd = DdSketchParams::new(0.01)
        .unwrap()
        .with_max_buckets(64)
        .unwrap();
    assert_eq!(DdSketch::with_params(dd).params().max_buckets(), 64);
    // Sketches of different seeds refuse to merge.
    let mut a = HyperLogLog::with_params(HllParams::new(8).unwrap().with_seed(1));
    let b = HyperLogLog::with_params(HllParams::new(8).unwrap().with_seed(2));
    assert!(a.merge(&b).is_err());
}

#[test]
fn top_k_is_built_from_k_and_an_error_as_count_min_is() {
    let top = TopK::<u64>::new(10, 0.001, 0.001);
    assert_eq!(top.k(), 10);
    assert_eq!(
        top.count_min().params(),
        CountMinParams::new(0.001, 0.001).unwrap()
    );
    assert_eq!(
        top.count_min().params(),
        CountMin::new(0.001, 0.001).params()
    );
}

#[test]
fn queries_answer_none_for_no_data_and_errors_only_for_bad_arguments() {
    // The same shapes on both quantile sketches.
    let kll = Kll::<f64>::new(200);
    let dd = DdSketch::new(0.01);
    let (kmin, kmax): (Option<f64>, Option<f64>) = (kll.min(), kll.max());
    let (dmin, dmax): (Option<f64>, Option<f64>) = (dd.min(), dd.max());
    assert_eq!((kmin, kmax, dmin, dmax), (None, None, None, None));
    let kq: Result<Option<f64>> = kll.quantile(0.5);
    let dq: Result<Option<f64>> = dd.quantile(0.5);
    assert_eq!((kq.unwrap(), dq.unwrap()), (None, None));
    let kr: Result<Option<f64>> = kll.rank(1.0);
    assert_eq!(kr.unwrap(), None);
    for bad in [-0.1, 1.1, f64::NAN] {
        assert!(kll.quantile(bad).is_err() && dd.quantile(bad).is_err());
    }
    assert!(kll.rank(f64::NAN).is_err());

    let mut kll = kll;
    let mut dd = dd;
    for x in [-2.0, 0.0, 5.0, 9.0] {
        kll.insert(x).unwrap();
        dd.insert(x).unwrap();
    }
    assert_eq!((kll.min(), kll.max()), (Some(-2.0), Some(9.0)));
    let (lo, hi) = (dd.min().unwrap(), dd.max().unwrap());
    assert!((lo + 2.0).abs() <= 0.02 && (hi - 9.0).abs() <= 0.09);
    // min and max are quantile(0) and quantile(1) when no count is negative.
    assert_eq!(dd.min(), dd.quantile(0.0).unwrap());
    assert_eq!(dd.max(), dd.quantile(1.0).unwrap());
    assert_eq!(kll.min(), kll.quantile(0.0).unwrap());
    assert_eq!(kll.max(), kll.quantile(1.0).unwrap());

    // A state with no answer: negative counts after a subtraction.
    let mut negative = DdSketch::new(0.01);
    negative.insert_weighted(5.0, -1).unwrap();
    assert!(negative.quantile(0.5).is_err());
    assert!(
        negative.min().is_some(),
        "min still names the lowest bucket"
    );
}

#[test]
fn count_is_the_total_weight_on_every_counting_sketch() {
    let mut kll = Kll::<f64>::new(200);
    let mut ss = SpaceSaving::<String>::new(4);
    let mut cm = CountMin::new(0.01, 0.01);
    let mut top = TopK::<String>::new(2, 0.01, 0.01);
    let mut dd = DdSketch::new(0.01);
    for _ in 0..3 {
        kll.insert(1.0).unwrap();
        ss.insert_weighted("a", 2).unwrap();
        cm.insert_weighted("a", 2).unwrap();
        top.insert_weighted("a", 2).unwrap();
        dd.insert_weighted(1.0, 2).unwrap();
    }
    let unsigned: (u64, u64) = (kll.count(), ss.count());
    let signed: (i64, i64, i64) = (cm.count(), top.count(), dd.count());
    assert_eq!(unsigned, (3, 6));
    assert_eq!(signed, (6, 6, 6));
}

#[test]
fn bounds_have_one_type_and_contain_the_truth() {
    let mut hll = HyperLogLog::new(12);
    hll.extend(0..5_000u32);
    let mut ds = DataSketchesHll::new(12, TgtHllType::Hll8);
    ds.extend(0..5_000u32);
    let distinct: [Bounds<f64>; 2] = [hll.bounds(3.0).unwrap(), ds.bounds(3.0).unwrap()];
    assert!(distinct.iter().all(|b| b.contains(5_000.0)), "{distinct:?}");
    assert!(hll.bounds(-1.0).is_err() && ds.bounds(-1.0).is_err());

    let mut cm = CountMin::new(0.01, 0.01);
    let mut top = TopK::<String>::new(1, 0.01, 0.01);
    let mut ss = SpaceSaving::<String>::new(2);
    for w in WORDS {
        cm.insert(w).unwrap();
        top.insert(w).unwrap();
        ss.insert(w).unwrap();
    }
    let counts: [Bounds<i64>; 2] = [cm.bounds("a"), top.bounds("a")];
    let summary: Bounds<u64> = ss.bounds("a");
    assert!(counts.iter().all(|b| b.contains(3)), "{counts:?}");
    assert!(summary.contains(3), "{summary:?}");
    assert_eq!(summary.upper, ss.estimate("a"));
}

#[test]
fn an_aggregator_passes_a_refusal_on_instead_of_dropping_it() {
    let latencies = MonoidAggregator::new(
        KllParams::new(200).unwrap(),
        |k: &mut Kll<f64>, x: &f64| k.insert(*x),
        |k: &Kll<f64>| k.count(),
    );
    assert_eq!(latencies.aggregate([1.0, 2.0]).unwrap(), 2);
    assert!(latencies.aggregate([1.0, f64::NAN]).is_err());
    // Closures whose insert cannot fail return ().
    let distinct = MonoidAggregator::new(
        HllParams::new(10).unwrap(),
        |h: &mut HyperLogLog, w: &str| h.insert(w),
        |h: &HyperLogLog| h.estimate().round() as u64,
    );
    assert_eq!(distinct.aggregate(WORDS).unwrap(), 3);
}

#[test]
fn a_stream_job_stops_with_the_error_of_a_record_its_sketch_refuses() {
    let quantiles = MonoidAggregator::new(
        KllParams::new(200).unwrap(),
        |k: &mut Kll<f64>, r: &(u64, f64)| k.insert(r.1),
        |k: &Kll<f64>| k.count(),
    );
    let records: Vec<(u64, f64)> = (0..100u64)
        .map(|t| (t, if t == 50 { f64::NAN } else { t as f64 }))
        .collect();
    let result = Job::new(quantiles)
        .batch_interval(Duration::from_millis(10))
        .windows(Windows::tumbling(Duration::from_millis(10)))
        .event_time(|r: &(u64, f64)| r.0, Duration::ZERO)
        .run(
            IterSource::new(records),
            Ok,
            CallbackSink::new(|_: WindowResult<(), u64>| Ok(())),
        );
    let e = result.unwrap_err();
    assert!(e.to_string().contains("NaN"), "{e}");
}

#[test]
fn sum_and_sum_option_fold_an_iterator_of_values() {
    let params = HllParams::new(10).unwrap();
    let parts: Vec<HyperLogLog> = (0..4u32)
        .map(|p| {
            let mut h = HyperLogLog::with_params(params);
            h.extend(p * 10..p * 10 + 20);
            h
        })
        .collect();
    let mut folded = HyperLogLog::with_params(params);
    folded.merge_all(parts.iter()).unwrap();
    assert_eq!(HyperLogLog::sum(&params, parts.clone()).unwrap(), folded);
    assert_eq!(HyperLogLog::sum_option(parts).unwrap(), Some(folded));
    assert!(HyperLogLog::sum(&params, []).unwrap().is_empty());
    assert_eq!(HyperLogLog::sum_option([]).unwrap(), None);
    // Values of other parameters are refused.
    let foreign = HyperLogLog::with_params(params.with_seed(9));
    assert!(HyperLogLog::sum(&params, [foreign.clone()]).is_err());
    assert!(HyperLogLog::sum_option([HyperLogLog::with_params(params), foreign]).is_err());
    assert_eq!(
        Max::sum_option([Max(2), Max(7), Max(3)]).unwrap(),
        Some(Max(7))
    );
}

#[test]
fn tuples_of_up_to_eight_monoids_and_aggregators_compose() {
    type Eight = (u64, u64, u64, u64, u64, u64, u64, Option<Max<u8>>);
    let mut a: Eight = (1, 2, 3, 4, 5, 6, 7, Some(Max(1)));
    a.merge(&(1, 1, 1, 1, 1, 1, 1, Some(Max(9)))).unwrap();
    assert_eq!(a, (2, 3, 4, 5, 6, 7, 8, Some(Max(9))));
    let count = || MonoidAggregator::new((), |n: &mut u64, _: &u8| *n += 1, |n: &u64| *n);
    let eight = (
        count(),
        count(),
        count(),
        count(),
        count(),
        count(),
        count(),
        count(),
    );
    assert_eq!(eight.aggregate([1u8, 2]).unwrap(), (2, 2, 2, 2, 2, 2, 2, 2));
}

#[test]
fn the_prelude_brings_traits_and_types_into_scope() {
    use sketchfold::prelude::*;
    let params = (HllParams::new(8).unwrap(), KllParams::new(8).unwrap());
    let mut pair = <(HyperLogLog, Kll<f64>)>::empty(&params);
    Insert::insert(&mut pair.0, "x").unwrap();
    Insert::insert(&mut pair.1, 1.0).unwrap();
    let bytes = pair.0.encode();
    assert_eq!(HyperLogLog::decode(&bytes).unwrap(), pair.0);
    assert!(!Monoid::is_empty(&pair));
}
