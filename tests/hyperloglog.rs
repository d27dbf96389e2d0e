//! HyperLogLog behaviour: parameters, representations, folding, estimates,
//! bounds and its own encoding.

use sketchfold::algebra::{Monoid, Semigroup};
use sketchfold::cardinality::{HllParams, HyperLogLog};
use sketchfold::codec::Codec;
use sketchfold::family::Bounds;
use sketchfold::ErrorKind;

fn filled(precision: u8, items: std::ops::Range<u64>) -> HyperLogLog {
    let mut h = HyperLogLog::new(precision);
    h.extend(items);
    h
}

#[test]
fn precision_outside_4_to_21_is_an_error_not_a_panic() {
    for p in [0u8, 3, 22, 255] {
        let err = HyperLogLog::try_new(p).unwrap_err();
        assert!(matches!(
            err.kind(),
            ErrorKind::InvalidParameter {
                parameter: "precision",
                ..
            }
        ));
        assert!(err.to_string().contains("4..=21"), "{err}");
        assert!(HllParams::new(p).is_err());
        assert!(HllParams::datasketches(p).is_err());
    }
    for p in 4..=21 {
        assert_eq!(HyperLogLog::try_new(p).unwrap().register_count(), 1 << p);
    }
}

#[test]
#[should_panic(expected = "invalid precision 22")]
fn new_panics_on_invalid_precision_as_documented() {
    let _ = HyperLogLog::new(22);
}

#[test]
fn an_empty_sketch_estimates_zero() {
    let h = HyperLogLog::new(14);
    assert_eq!(h.estimate(), 0.0);
    assert_eq!(
        h.bounds(2.0).unwrap(),
        Bounds {
            lower: 0.0,
            upper: 0.0
        }
    );
    assert!(h.is_empty());
    assert!(h.is_sparse());
}

#[test]
fn duplicates_do_not_count() {
    let mut h = HyperLogLog::new(12);
    for _ in 0..100 {
        h.insert("same");
    }
    assert_eq!(h.estimate().round(), 1.0);
}

#[test]
fn small_sketches_are_sparse_and_turn_dense_past_3_16_of_the_registers() {
    let p = 10; // 1024 registers, limit 192 coupons
    let mut h = HyperLogLog::new(p);
    let mut switched_at = None;
    for i in 0..1_000u64 {
        h.insert(&i);
        if switched_at.is_none() && !h.is_sparse() {
            switched_at = Some(i + 1);
        }
    }
    let n = switched_at.expect("turns dense");
    // Distinct coupons can collide in their 26-bit slot, rarely: the switch
    // happens at the 193rd distinct coupon, which is within a few items.
    assert!((193..=200).contains(&n), "switched at {n}");
    assert!(h.heap_bytes() <= 1 << p);
}

#[test]
fn folding_down_equals_sketching_at_the_lower_precision() {
    for (hi, lo) in [(14u8, 12u8), (12, 4), (18, 10), (8, 8)] {
        for n in [0u64, 5, 300, 5_000, 50_000] {
            let fine = filled(hi, 0..n);
            let coarse = filled(lo, 0..n);
            assert_eq!(fine.fold_to(lo).unwrap(), coarse, "p {hi}->{lo}, n {n}");
        }
    }
    let h = filled(10, 0..10);
    assert!(h.fold_to(11).is_err(), "cannot fold up");
    assert!(h.fold_to(3).is_err());
}

#[test]
fn merging_different_precisions_keeps_the_smaller() {
    let mut a = filled(14, 0..40_000);
    let b = filled(12, 20_000..60_000);
    a.merge(&b).unwrap();
    assert_eq!(a.precision(), 12);
    assert_eq!(a, filled(12, 0..60_000));
    let mut c = filled(12, 20_000..60_000);
    c.merge(&filled(14, 0..40_000)).unwrap();
    assert_eq!(c, a);
}

#[test]
fn estimate_after_merge_equals_estimate_after_inserts() {
    let whole = filled(14, 0..200_000);
    let mut parts = filled(14, 0..100_000);
    parts.merge(&filled(14, 100_000..200_000)).unwrap();
    assert_eq!(parts, whole);
    assert_eq!(parts.estimate(), whole.estimate());
    // Inserting after a merge keeps the cached histogram right.
    let mut more = parts.clone();
    let mut whole_more = whole.clone();
    more.extend(200_000..210_000u64);
    whole_more.extend(200_000..210_000u64);
    assert_eq!(more.estimate(), whole_more.estimate());
}

#[test]
fn merge_all_equals_merging_one_by_one() {
    let parts: Vec<HyperLogLog> = (0..64u64)
        .map(|k| filled(14, k * 1_000..k * 1_000 + 5_000))
        .collect();
    let mut batch = HyperLogLog::new(14);
    batch.merge_all(parts.iter()).unwrap();
    let mut folded = HyperLogLog::new(14);
    for p in &parts {
        folded.merge(p).unwrap();
    }
    assert_eq!(batch, folded);
    assert_eq!(batch, filled(14, 0..68_000));
}

#[test]
fn bounds_cover_the_truth_and_widen_with_more_deviations() {
    let h = filled(12, 0..50_000);
    let Bounds {
        lower: lo1,
        upper: hi1,
    } = h.bounds(1.0).unwrap();
    let Bounds {
        lower: lo3,
        upper: hi3,
    } = h.bounds(3.0).unwrap();
    assert!(lo3 <= lo1 && lo1 <= h.estimate() && h.estimate() <= hi1 && hi1 <= hi3);
    assert!(lo3 <= 50_000.0 && 50_000.0 <= hi3);
    let rse = h.relative_standard_error();
    assert!((rse - 1.04 / 64.0).abs() < 1e-12);
    for bad in [f64::NAN, -1.0, f64::INFINITY] {
        assert!(h.bounds(bad).is_err());
    }
}

#[test]
fn lower_bound_never_falls_below_what_the_sketch_has_seen() {
    let h = filled(12, 0..20);
    let Bounds { lower: lo, .. } = h.bounds(100.0).unwrap();
    assert!(lo >= 20.0 - 1e-9, "lower bound {lo}");
}

#[test]
fn estimates_far_above_the_register_count_stay_unbiased() {
    // 1,024 items per register at precision 6, over 100 seeded trials of
    // random 64-bit hashes (what the sketch sees of distinct items). RSE
    // theory 1.04/8 = 13%; the mean of 100 trials has a standard error of
    // 1.3%, so |bias| < 4% is three standard errors (fixed seeds: not flaky).
    let n = 1u64 << 16;
    let mut errors = Vec::new();
    for trial in 1..=100u64 {
        let mut h = HyperLogLog::new(6);
        let mut x = trial.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        for _ in 0..n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            h.insert_hash(x.wrapping_mul(0x2545_F491_4F6C_DD1D));
        }
        errors.push(h.estimate() / n as f64 - 1.0);
    }
    let bias = errors.iter().sum::<f64>() / 100.0;
    let rse = (errors.iter().map(|e| e * e).sum::<f64>() / 100.0).sqrt();
    assert!(bias.abs() < 0.04, "bias {bias}");
    assert!(rse < 1.1 * 1.04 / 8.0, "rse {rse}");
}

#[test]
fn the_own_encoding_round_trips_sparse_and_dense_sketches() {
    for p in [4u8, 12, 18] {
        for n in [0u64, 3, 1_000, 100_000] {
            let h = filled(p, 0..n);
            let bytes = h.encode();
            assert_eq!(HyperLogLog::decode(&bytes).unwrap(), h);
            if !h.is_sparse() {
                // 6-bit packed registers after a 17-byte header.
                assert_eq!(bytes.len(), 17 + (1usize << p) * 3 / 4);
            }
        }
    }
}

#[test]
fn decoding_reports_what_is_wrong_and_where() {
    let good = filled(8, 0..10_000).encode();

    let err = HyperLogLog::decode(&good[..10]).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::TooShort {
                what: "seed",
                offset: 8,
                ..
            }
        ),
        "{err}"
    );

    let mut wrong_family = good.clone();
    wrong_family[4] = 99;
    let err = HyperLogLog::decode(&wrong_family).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::WrongFamily { .. }), "{err}");

    let mut future = good.clone();
    future[5] = 2;
    let err = HyperLogLog::decode(&future).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::UnsupportedVersion { found: 2, .. }),
        "{err}"
    );

    let mut bad_precision = good.clone();
    bad_precision[6] = 30;
    let err = HyperLogLog::decode(&bad_precision).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::Corrupt {
                field: "precision",
                offset: 6,
                ..
            }
        ),
        "{err}"
    );

    let mut big_register = good.clone();
    big_register[17] = 0xFF; // register 0 = 63 > 39
    let err = HyperLogLog::decode(&big_register).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::Corrupt {
                field: "register",
                offset: 17,
                ..
            }
        ),
        "{err}"
    );

    let mut trailing = good.clone();
    trailing.push(0);
    let err = HyperLogLog::decode(&trailing).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::TrailingBytes { remaining: 1, .. }),
        "{err}"
    );

    // A sparse sketch claiming four billion coupons allocates nothing.
    let mut huge = filled(8, 0..3).encode();
    huge[17..21].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(HyperLogLog::decode(&huge).is_err());
}

#[test]
fn sparse_encodings_with_unsorted_or_duplicate_slots_are_rejected() {
    let h = filled(12, 0..3);
    let mut bytes = h.encode();
    let first: [u8; 4] = bytes[21..25].try_into().unwrap();
    bytes[25..29].copy_from_slice(&first); // duplicate slot
    let err = HyperLogLog::decode(&bytes).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::Corrupt {
                field: "coupon",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn identity_of_other_parameters_is_not_an_identity() {
    let a = filled(12, 0..1_000);
    let e14 = HyperLogLog::new(14);
    let mut merged = a.clone();
    merged.merge(&e14).unwrap(); // folds e14 down: still a's value
    assert_eq!(merged, a);
    let mut other_way = e14.clone();
    other_way.merge(&a).unwrap();
    assert_eq!(other_way.precision(), 12);
    assert_eq!(HyperLogLog::empty(&a.params()).precision(), 12);
}

#[test]
fn merge_all_of_no_sketches_leaves_the_sketch_unchanged() {
    let mut h = filled(12, 0..5);
    let before = h.clone();
    h.merge_all(std::iter::empty()).unwrap();
    assert!(h.is_sparse());
    assert_eq!(h, before);
}

#[test]
fn murmur3_hashes_fed_to_a_native_sketch_keep_it_encodable() {
    // h2 = 0 has 63 leading zeros: more than the native scheme records.
    let mut h = HyperLogLog::new(10);
    h.insert_murmur3(7, 0);
    let sparse = HyperLogLog::decode(&h.encode()).unwrap();
    assert_eq!(sparse, h);
    for i in 0..2_000u64 {
        h.insert_murmur3(i.wrapping_mul(0x9e37_79b9_7f4a_7c15), i >> 3);
    }
    assert!(!h.is_sparse());
    assert!(h.registers().iter().all(|&r| r <= 39));
    assert_eq!(HyperLogLog::decode(&h.encode()).unwrap(), h);
}

#[test]
fn every_register_saturated_estimates_infinity_not_nan() {
    // Saturation needs about 2^(p + 38) distinct items; hashes with 38 or
    // more leading zeros reach it directly.
    let mut h = HyperLogLog::new(4);
    for idx in 0..16u64 {
        h.insert_hash(idx); // index idx, 63 leading zeros: value 39
    }
    assert!(!h.is_sparse());
    assert!(
        h.registers().iter().all(|&r| r == 39),
        "{:?}",
        h.registers()
    );
    assert_eq!(h.estimate(), f64::INFINITY);
    let Bounds {
        lower: lo,
        upper: hi,
    } = h.bounds(2.0).unwrap();
    assert!(!lo.is_nan() && !hi.is_nan(), "{lo} {hi}");
}
