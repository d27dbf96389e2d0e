//! Decoding cost follows the input: for every family, decoding a crafted
//! byte string (and querying, merging and re-encoding what it decodes)
//! holds at most `budget(input length)` heap bytes at its peak, 8 MiB plus
//! 256 bytes an input byte (under 24 MiB for any input under 64 KiB).
//!
//! The peak is measured by a counting global allocator
//! (`fuzz/src/alloc_meter.rs`, per thread, so the tests may run in
//! parallel); the checks are the `decode_memory` fuzz target's
//! (`fuzz/src/decode_memory.rs`). `cargo test --test decode_memory --
//! --nocapture` prints each case's input size, peak and time.
//!
//! The cases are the amplifications of issue 21: DDSketches of one value
//! at each end of the float range (alpha 1e-6, 2^20 buckets a sign), whose
//! merges used to be dense stores of 2^20 counts, in a skip list (which
//! rebuilds its link summaries by merging values) and merged in pairs; and
//! a skip list of each other value family built so that its merges grow as
//! much as they can (sparse HyperLogLogs of high precision, KLLs of the
//! largest k, SpaceSaving of the largest capacity, ...).

#![allow(unexpected_cfgs)]

use std::time::Instant;

use sketchfold::algebra::Semigroup;
use sketchfold::cardinality::HyperLogLog;
use sketchfold::codec::{Codec, Family, Header, ItemCodec, Writer};
use sketchfold::frequency::{CountMin, CountMinParams, SpaceSaving, TopK, TopKParams};
use sketchfold::membership::BloomFilter;
use sketchfold::quantiles::{DdSketch, DdSketchParams, Kll, MAX_BUCKETS, MIN_ALPHA};
use sketchfold::similarity::MinHash;

#[allow(dead_code)]
#[path = "../fuzz/src/alloc_meter.rs"]
mod alloc_meter;

#[global_allocator]
static METER: alloc_meter::Meter = alloc_meter::Meter;

#[allow(dead_code)]
#[path = "../fuzz/src/decode.rs"]
mod decode;

#[allow(dead_code)]
#[path = "../fuzz/src/ddsketch.rs"]
mod ddsketch;

#[allow(dead_code)]
#[path = "../fuzz/src/checkpoint.rs"]
mod checkpoint;

#[allow(dead_code)]
#[path = "../fuzz/src/decode_memory.rs"]
mod decode_memory;

use decode_memory::{budget, check_decode_memory, decode_peak, exercise, Subject};

/// Entries in the crafted skip lists.
const ENTRIES: u16 = 256;

/// Entries in the skip list of far-apart DDSketches: the 1,024
/// (67,648 input bytes in format version 1, 1.87 GiB at the peak before
/// DDSketch's store turned sparse).
const DDSKETCH_ENTRIES: u16 = 1024;

/// Decodes `bytes` as `subject` under the meter, prints the figures, and
/// checks the peak against the budget.
fn within_budget(what: &str, subject: Subject, bytes: &[u8]) {
    assert!(
        exercise(subject, bytes),
        "{what}: the crafted bytes do not decode"
    );
    let start = Instant::now();
    let peak = decode_peak(subject, bytes);
    println!(
        "{what}: {} input bytes, peak {} heap bytes ({:.1}x), {:.3} s",
        bytes.len(),
        peak,
        peak as f64 / bytes.len() as f64,
        start.elapsed().as_secs_f64()
    );
    check_decode_memory(subject, bytes);
}

/// A skip-list encoding with keys `0..` and these values, written by hand
/// (building the list would itself merge the values).
fn skip_list_bytes<V: ItemCodec>(
    identity: &V,
    values: impl ExactSizeIterator<Item = V>,
) -> Vec<u8> {
    let mut w = Writer::with_capacity(1024);
    Header {
        family: Family::SkipList,
        version: 1,
    }
    .write(&mut w);
    w.u64(0x5EED);
    identity.encode_item(&mut w);
    w.u64(values.len() as u64);
    for (key, v) in values.enumerate() {
        (key as u16).encode_item(&mut w);
        v.encode_item(&mut w);
    }
    w.into_bytes()
}

/// A DDSketch of relative accuracy `alpha` and at most `max_buckets`
/// buckets a sign.
fn ddsketch(alpha: f64, max_buckets: usize) -> sketchfold::Result<DdSketch> {
    Ok(DdSketch::with_params(
        DdSketchParams::new(alpha)?.with_max_buckets(max_buckets)?,
    ))
}

/// A TopK of `k` candidates over a Count-Min of `width` x `depth`.
fn top_k(k: usize, width: usize, depth: usize) -> sketchfold::Result<TopK<String>> {
    let count_min = CountMinParams::with_size(width, depth)?;
    Ok(TopK::with_params(TopKParams::with_count_min(k, count_min)?))
}

/// A DDSketch of the finest accuracy and the most buckets holding `x`.
fn one_value(x: f64) -> DdSketch {
    let mut s = ddsketch(MIN_ALPHA, MAX_BUCKETS).expect("valid parameters");
    s.insert(x).expect("a finite value");
    s
}

/// 1e-300 and 1e300, and their negatives: four sketches whose buckets are
/// as far apart as two normal floats' can be.
fn far_apart(i: u16) -> DdSketch {
    one_value([1e-300, 1e300, -1e-300, -1e300][usize::from(i % 4)])
}

#[test]
fn a_skip_list_of_ddsketches_at_both_ends_of_the_float_range_decodes_within_budget() {
    let identity = ddsketch(MIN_ALPHA, MAX_BUCKETS).unwrap();
    let bytes = skip_list_bytes(&identity, (0..DDSKETCH_ENTRIES).map(far_apart));
    within_budget(
        "skip list of far-apart DDSketches",
        Subject::SkipListDdSketch,
        &bytes,
    );
}

#[test]
fn two_decoded_ddsketches_at_both_ends_merge_and_re_encode_within_budget() {
    let (a, b) = (one_value(1e-300).encode(), one_value(1e300).encode());
    let input = a.len() + b.len();
    let (encoded, peak) = alloc_meter::peak_bytes(|| {
        let mut x = DdSketch::decode(&a).unwrap();
        x.merge(&DdSketch::decode(&b).unwrap()).unwrap();
        assert_eq!(x.count(), 2);
        let q = x.quantiles(&[0.0, 1.0]).unwrap().unwrap();
        assert!(q[1] > 0.99e300, "{q:?}");
        x.encode()
    });
    println!(
        "two far-apart DDSketches merged: {input} input bytes, peak {peak}, re-encoded to {} bytes",
        encoded.len()
    );
    assert!(peak <= budget(input), "peak {peak} for {input} input bytes");
    assert!(
        encoded.len() <= input,
        "the merge of two one-value sketches re-encodes to {} bytes",
        encoded.len()
    );
}

#[test]
fn a_ddsketch_holding_two_values_far_apart_holds_kilobytes_not_megabytes() {
    let (s, peak) = alloc_meter::peak_bytes(|| {
        let mut s = ddsketch(MIN_ALPHA, MAX_BUCKETS).unwrap();
        for x in [1e-300, 1e300, -1e-300, -1e300, 1.0, 2.0] {
            s.insert(x).unwrap();
        }
        let mut t = s.clone();
        t.merge(&s).unwrap();
        t
    });
    println!("six far-apart values inserted and merged: peak {peak} heap bytes");
    assert!(peak <= 64 << 10, "peak {peak}");
    assert!(s.memory_bytes() <= 16 << 10, "{} bytes", s.memory_bytes());
    assert_eq!(s.count(), 12);
}

/// The heap a sketch built by `build` holds, measured and as it reports it.
fn held(build: impl FnOnce() -> DdSketch) -> (DdSketch, usize) {
    let before = alloc_meter::live_bytes();
    let s = build();
    let held = alloc_meter::live_bytes() - before;
    (s, held)
}

#[test]
fn a_ddsketch_holds_memory_for_its_buckets_dense_or_sparse_and_reports_it() {
    // 10,000 values a factor 1.01 apart at alpha 1e-4: about 50 keys
    // between neighbours, so the buckets are scattered (a sparse store).
    let (sparse, sparse_heap) = held(|| {
        let mut s = ddsketch(1e-4, MAX_BUCKETS).unwrap();
        (0..10_000).for_each(|i| s.insert(1.01f64.powi(i)).unwrap());
        s
    });
    // 10,000 values on consecutive keys: a dense store.
    let (dense, dense_heap) = held(|| {
        let mut s = ddsketch(1e-4, MAX_BUCKETS).unwrap();
        (0..10_000).for_each(|i| s.insert(1.0002f64.powi(i)).unwrap());
        s
    });
    for (what, s, heap) in [
        ("sparse", &sparse, sparse_heap),
        ("dense", &dense, dense_heap),
    ] {
        let buckets = s.bucket_count();
        println!(
            "{what}: {buckets} buckets, {heap} heap bytes ({:.1} a bucket), memory_bytes {}",
            heap as f64 / buckets as f64,
            s.memory_bytes()
        );
        assert!(buckets >= 9_000, "{what}: {buckets}");
        // At most 16 window counts (dense) or one map entry (sparse, under
        // 48 bytes) for each bucket.
        assert!(heap <= 16 * 8 * buckets, "{what}: {heap}");
        let reported = s.memory_bytes() - std::mem::size_of::<DdSketch>();
        assert!(
            reported <= 2 * heap && heap <= 2 * reported,
            "{what}: reports {reported}, holds {heap}"
        );
    }
    assert!(sparse_heap <= 48 * sparse.bucket_count(), "{sparse_heap}");
    // The same buckets decoded: memory for what the bytes hold.
    let (_, decoded_heap) = held(|| DdSketch::decode(&sparse.encode()).unwrap());
    assert!(decoded_heap <= 48 * sparse.bucket_count(), "{decoded_heap}");
}

#[test]
fn a_skip_list_of_sparse_hyperloglogs_of_the_highest_precision_decodes_within_budget() {
    let identity = HyperLogLog::try_new(21).unwrap();
    let values = (0..ENTRIES).map(|i| {
        let mut h = identity.clone();
        for j in 0..4u64 {
            h.insert(&(u64::from(i) * 4 + j));
        }
        h
    });
    let bytes = skip_list_bytes(&identity, values);
    within_budget(
        "skip list of sparse p21 HyperLogLogs",
        Subject::SkipListHyperLogLog,
        &bytes,
    );
}

#[test]
fn a_skip_list_of_one_item_klls_of_the_largest_k_decodes_within_budget() {
    let identity = Kll::<f64>::try_new(u16::MAX).unwrap();
    let values = (0..ENTRIES).map(|i| {
        let mut k = identity.clone();
        k.insert(f64::from(i)).unwrap();
        k
    });
    let bytes = skip_list_bytes(&identity, values);
    within_budget(
        "skip list of one-item KLLs, k 65535",
        Subject::SkipListKll,
        &bytes,
    );
}

#[test]
fn a_skip_list_of_one_item_space_savings_of_a_large_capacity_decodes_within_budget() {
    let identity = SpaceSaving::<u64>::try_new(1 << 24).unwrap();
    let values = (0..ENTRIES).map(|i| {
        let mut s = identity.clone();
        s.insert(&u64::from(i)).unwrap();
        s
    });
    let bytes = skip_list_bytes(&identity, values);
    within_budget(
        "skip list of one-item SpaceSavings, capacity 2^24",
        Subject::SkipListSpaceSaving,
        &bytes,
    );
}

#[test]
fn skip_lists_of_count_mins_bloom_filters_minhashes_and_top_ks_decode_within_budget() {
    let cm = CountMinParams::with_size(1024, 4)
        .map(CountMin::with_params)
        .unwrap();
    let bytes = skip_list_bytes(
        &cm,
        (0..64u32).map(|i| {
            let mut c = cm.clone();
            c.insert(&u64::from(i)).unwrap();
            c
        }),
    );
    within_budget("skip list of Count-Mins", Subject::SkipListCountMin, &bytes);

    let bloom = BloomFilter::try_new(1000, 0.01).unwrap();
    let bytes = skip_list_bytes(
        &bloom,
        (0..64u32).map(|i| {
            let mut b = bloom.clone();
            b.insert(&u64::from(i));
            b
        }),
    );
    within_budget(
        "skip list of Bloom filters",
        Subject::SkipListBloomFilter,
        &bytes,
    );

    let minhash = MinHash::try_new(256).unwrap();
    let bytes = skip_list_bytes(
        &minhash,
        (0..64u32).map(|i| {
            let mut m = minhash.clone();
            m.insert(&u64::from(i));
            m
        }),
    );
    within_budget("skip list of MinHashes", Subject::SkipListMinHash, &bytes);

    let top = top_k(1 << 20, 64, 2).unwrap();
    let bytes = skip_list_bytes(
        &top,
        (0..64u32).map(|i| {
            let mut t = top.clone();
            t.insert(&i.to_string()).unwrap();
            t
        }),
    );
    within_budget("skip list of TopKs, k 2^20", Subject::SkipListTopK, &bytes);
}

#[test]
fn every_family_decodes_its_own_small_encodings_within_budget() {
    let mut hll = HyperLogLog::try_new(21).unwrap();
    hll.insert(&1u64);
    within_budget(
        "sparse p21 HyperLogLog",
        Subject::HyperLogLog,
        &hll.encode(),
    );
    let mut dense = HyperLogLog::try_new(16).unwrap();
    (0..100_000u64).for_each(|i| dense.insert(&i));
    within_budget(
        "dense p16 HyperLogLog",
        Subject::HyperLogLog,
        &dense.encode(),
    );
    let mut kll = Kll::<f64>::try_new(u16::MAX).unwrap();
    kll.insert(1.0).unwrap();
    within_budget("one-item KLL, k 65535", Subject::Kll, &kll.encode());
    let mut ss = SpaceSaving::<u64>::try_new(1 << 24).unwrap();
    ss.insert(&1).unwrap();
    within_budget(
        "one-item SpaceSaving, capacity 2^24",
        Subject::SpaceSaving,
        &ss.encode(),
    );
    let mut top = top_k(1 << 20, 16, 1).unwrap();
    top.insert("a").unwrap();
    within_budget("one-item TopK, k 2^20", Subject::TopK, &top.encode());
    within_budget(
        "far-apart DDSketch",
        Subject::DdSketch,
        &one_value(1e300).encode(),
    );
    let mut two = one_value(1e-300);
    two.insert(1e300).unwrap();
    within_budget(
        "DDSketch of 1e-300 and 1e300",
        Subject::DdSketch,
        &two.encode(),
    );
}

#[test]
fn the_budget_is_checked_by_a_meter_that_sees_allocations() {
    // The measure itself: a 1 MiB vector is seen as 1 MiB, so a peak under
    // the budget is a measured one, not a meter that counts nothing.
    let (v, peak) = alloc_meter::peak_bytes(|| vec![7u8; 1 << 20]);
    assert_eq!(v.len(), 1 << 20);
    assert!((1 << 20..(1 << 20) + 4096).contains(&peak), "{peak}");
}
