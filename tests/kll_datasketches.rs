//! The Apache DataSketches KLL float and double images, specified by the
//! golden files DataSketches 5.2.0 (C++, via Python) wrote in
//! `tests/golden/datasketches-cpp/` (inputs `update(float(i))` for i in
//! 0..n), and cross-checked against datasketches-rust (the `datasketches`
//! crate) in both directions.
//!
//! Which library answers what: sketchfold answers quantile and rank
//! queries as DataSketches **Java** 6.x does (tests/kll_datasketches_java.rs
//! checks every answer of its golden set): the exact minimum and maximum
//! take part, so rank 0 is the minimum and rank 1 the maximum. DataSketches
//! **C++** 5.2 (and datasketches-rust, which follows it) answer from the
//! retained items only, so where compaction dropped the minimum, C++'s
//! rank 0 is the smallest retained item and the minimum's rank is 0
//! (sketchfold and Java: 1/n). The tests below check C++'s answers
//! everywhere else, and these differences where they occur.

use std::path::PathBuf;

use datasketches::common::SearchCriteria;
use datasketches::kll::{KllFloat, KllSketch};
use serde_json::Value;
use sketchfold::algebra::Semigroup;
use sketchfold::quantiles::KllParams;
use sketchfold::quantiles::{Kll, KllItem};

const RANKS: [&str; 9] = [
    "0.0", "0.01", "0.1", "0.25", "0.5", "0.75", "0.9", "0.99", "1.0",
];

fn golden(file: &str) -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/datasketches-cpp");
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("cannot read {file} in {dir:?}: {e}"))
}

fn case(name: &str) -> Value {
    let cases: Value = serde_json::from_slice(&golden("cases.json")).expect("cases.json parses");
    cases["cases"][name].clone()
}

/// Checks one golden file against everything cases.json records for it.
fn check_golden<T: KllItem + Into<f64>>(
    family: &str,
    n: u64,
    from: fn(f64) -> T,
    differences: &std::cell::RefCell<u32>,
) {
    let name = format!("{family}_k200_n{n}");
    let bytes = golden(&format!("{name}.bin"));
    let c = case(&name);
    let sketch =
        Kll::<T>::from_datasketches_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(sketch.count(), n, "{name}");
    assert_eq!(u64::from(sketch.k()), c["k"].as_u64().unwrap(), "{name}");
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    assert!(close(
        sketch.normalized_rank_error(false),
        c["normalized_rank_error_single_sided"].as_f64().unwrap()
    ));
    assert!(close(
        sketch.normalized_rank_error(true),
        c["normalized_rank_error_pmf"].as_f64().unwrap()
    ));
    assert_eq!(
        sketch.to_datasketches_bytes(),
        bytes,
        "{name}: re-encoding changed the bytes"
    );
    if n == 0 {
        assert!(sketch.is_empty());
        assert_eq!(sketch.quantile(0.5).unwrap(), None);
        assert_eq!(sketch.rank(T::default()).unwrap(), None);
        return;
    }
    assert_eq!(sketch.min().map(Into::into), c["min"].as_f64(), "{name}");
    assert_eq!(sketch.max().map(Into::into), c["max"].as_f64(), "{name}");
    assert_eq!(
        sketch.retained() as u64,
        c["num_retained"].as_u64().unwrap(),
        "{name}"
    );
    assert_eq!(
        sketch.is_estimation_mode(),
        c["is_estimation_mode"].as_bool().unwrap(),
        "{name}"
    );
    assert_eq!(sketch.weighted_items().map(|(_, w)| w).sum::<u64>(), n);
    let eps = sketch.normalized_rank_error(false);
    // Where DataSketches C++ 5.2 and sketchfold (as DataSketches Java 6.x)
    // answer differently: C++ answers from the retained items only, Java
    // and sketchfold see the exact minimum and maximum too (rank 0 is the
    // minimum, rank 1 the maximum, and the minimum, if not retained, has
    // rank 1/n). Everything else is the same.
    let (min, max): (f64, f64) = (sketch.min().unwrap().into(), sketch.max().unwrap().into());
    let retained = |x: f64| sketch.weighted_items().any(|(y, _)| y.into() == x);
    let as_java = |r: &str, cpp: f64| match r {
        "0.0" => min,
        "1.0" => max,
        _ => cpp,
    };
    for r in RANKS {
        let rank: f64 = r.parse().unwrap();
        let q: f64 = sketch.quantile(rank).unwrap().unwrap().into();
        let cpp = c["quantiles_inclusive"][r].as_f64().unwrap();
        assert_eq!(q, as_java(r, cpp), "{name} inclusive quantile at {r}");
        if r == "0.0" && !retained(min) {
            assert!(cpp > min, "{name}: C++ answers its smallest retained item");
            *differences.borrow_mut() += 1;
        }
        let qx: f64 = sketch.quantile_exclusive(rank).unwrap().unwrap().into();
        let cpp = c["quantiles_exclusive"][r].as_f64().unwrap();
        assert_eq!(qx, as_java(r, cpp), "{name} exclusive quantile at {r}");
        // Against the truth: the input is 0..n, so q has exact rank (q + 1) / n.
        let exact = (q + 1.0) / n as f64;
        assert!(
            (exact - rank).abs() <= eps.max(1.0 / n as f64),
            "{name}: quantile {q} at rank {rank}, exact rank {exact}"
        );
    }
    for (v, want) in c["ranks_inclusive"].as_object().unwrap() {
        let v: f64 = v.parse().unwrap();
        let probe = from(v);
        let cpp = want.as_f64().unwrap();
        let want = if v == min && !retained(min) {
            assert_eq!(cpp, 0.0, "{name}: C++ ranks the unretained minimum 0");
            1.0 / n as f64
        } else {
            cpp
        };
        assert_eq!(
            sketch.rank(probe).unwrap().unwrap(),
            want,
            "{name}: rank of {v}"
        );
    }
}

#[test]
fn every_float_golden_file_decodes_to_its_recorded_answers_and_encodes_to_the_same_bytes() {
    let differences = std::cell::RefCell::new(0);
    for n in [0, 1, 1000, 100_000] {
        check_golden::<f32>("kll_float", n, |v| v as f32, &differences);
    }
    // n = 100,000 compacted its minimum away: C++ and Java answer apart.
    assert_eq!(differences.into_inner(), 1);
}

#[test]
fn every_double_golden_file_decodes_to_its_recorded_answers_and_encodes_to_the_same_bytes() {
    let differences = std::cell::RefCell::new(0);
    for n in [0, 1, 1000, 100_000] {
        check_golden::<f64>("kll_double", n, |v| v, &differences);
    }
    assert_eq!(differences.into_inner(), 1);
}

#[test]
fn golden_files_keep_the_recorded_layout() {
    // kll_float_k200_n100000: 9 levels, offsets (3, 15, 15, 60, 60, 92, 173, 218, 219), 582 items.
    let s = Kll::<f32>::from_datasketches_bytes(&golden("kll_float_k200_n100000.bin")).unwrap();
    assert_eq!(s.retained(), 582);
    let image = s.to_datasketches_bytes();
    assert_eq!(image[18], 9);
    let offsets: Vec<u32> = (0..9)
        .map(|i| u32::from_le_bytes(image[20 + 4 * i..24 + 4 * i].try_into().unwrap()))
        .collect();
    assert_eq!(offsets, [3, 15, 15, 60, 60, 92, 173, 218, 219]);
}

#[test]
fn a_float_file_is_not_read_as_doubles() {
    for n in [1, 1000, 100_000] {
        let bytes = golden(&format!("kll_float_k200_n{n}.bin"));
        assert!(
            Kll::<f64>::from_datasketches_bytes(&bytes).is_err(),
            "n = {n}"
        );
        let bytes = golden(&format!("kll_double_k200_n{n}.bin"));
        assert!(
            Kll::<f32>::from_datasketches_bytes(&bytes).is_err(),
            "n = {n}"
        );
    }
}

#[test]
fn golden_sketches_keep_working_after_decoding() {
    let mut s =
        Kll::<f64>::from_datasketches_bytes(&golden("kll_double_k200_n100000.bin")).unwrap();
    let other = Kll::<f64>::from_datasketches_bytes(&golden("kll_double_k200_n1000.bin")).unwrap();
    s.merge(&other).unwrap();
    for i in 0..100_000 {
        s.insert(f64::from(i)).unwrap();
    }
    assert_eq!(s.count(), 201_000);
    let back = Kll::<f64>::from_datasketches_bytes(&s.to_datasketches_bytes()).unwrap();
    assert_eq!(back.count(), 201_000);
    assert_eq!(back.retained(), s.retained());
}

fn ours<T: KllItem>(k: u16, seed: u64, n: u32, f: impl Fn(u32) -> T) -> Kll<T> {
    let mut s = Kll::with_params(KllParams::new(k).unwrap().with_seed(seed));
    for i in 0..n {
        s.insert(f(i)).unwrap();
    }
    s
}

/// A scrambled order, so that level 0 is unsorted when it compacts.
fn scramble(i: u32) -> u32 {
    i.wrapping_mul(2_654_435_761) % 1_000_003
}

#[test]
fn datasketches_rust_reads_our_images_and_gives_the_same_answers() {
    for (k, n) in [
        (200, 0),
        (200, 1),
        (200, 150),
        (200, 1000),
        (200, 100_000),
        (8, 5000),
        (1000, 30_000),
    ] {
        let mut ours64 = ours(k, 3, n, |i| f64::from(scramble(i)));
        let other = ours(k / 2 + 8, 4, n / 3, |i| f64::from(scramble(i + 7)));
        ours64.merge(&other).unwrap();
        let theirs = KllSketch::<KllFloat<f64>>::deserialize(&ours64.to_datasketches_bytes())
            .unwrap_or_else(|e| panic!("k {k} n {n}: {e}"));
        assert_eq!(theirs.n(), ours64.count());
        assert_eq!(theirs.num_retained(), ours64.retained());
        assert_eq!(theirs.min_k(), ours64.min_k());
        for r in [0.01, 0.1, 0.5, 0.9, 0.99] {
            let q = theirs
                .quantile(r, SearchCriteria::Inclusive)
                .unwrap()
                .map(|q| q.into_inner());
            assert_eq!(q, ours64.quantile(r).unwrap(), "k {k} n {n} rank {r}");
        }
        let ours32 = ours(k, 5, n, |i| scramble(i) as f32);
        let theirs =
            KllSketch::<KllFloat<f32>>::deserialize(&ours32.to_datasketches_bytes()).unwrap();
        assert_eq!(theirs.n(), ours32.count());
        let probe = KllFloat::<f32>::new(500_000.0).unwrap();
        assert_eq!(
            theirs.rank(&probe, SearchCriteria::Inclusive),
            ours32.rank(500_000.0).unwrap()
        );
        // And they can go on updating what we wrote, and write it back to us.
        let mut theirs = theirs;
        for i in 0..10_000 {
            theirs.update(KllFloat::<f32>::new(i as f32).unwrap());
        }
        let back = Kll::<f32>::from_datasketches_bytes(&theirs.serialize()).unwrap();
        assert_eq!(back.count(), u64::from(n) + 10_000);
        assert_eq!(back.to_datasketches_bytes(), theirs.serialize());
    }
}

#[test]
fn we_read_datasketches_rust_images_to_the_byte() {
    for (k, n) in [(200u16, 2u32), (200, 1000), (64, 77_777), (300, 250_000)] {
        let mut theirs = KllSketch::<KllFloat<f64>>::new(k).unwrap();
        for i in 0..n {
            theirs.update(KllFloat::<f64>::new(f64::from(scramble(i))).unwrap());
        }
        let bytes = theirs.serialize();
        let s = Kll::<f64>::from_datasketches_bytes(&bytes).unwrap();
        assert_eq!(s.to_datasketches_bytes(), bytes, "k {k} n {n}");
        for r in [0.05, 0.5, 0.95] {
            let q = theirs
                .quantile(r, SearchCriteria::Inclusive)
                .unwrap()
                .map(|q| q.into_inner());
            assert_eq!(q, s.quantile(r).unwrap(), "k {k} n {n} rank {r}");
        }
    }
}
