//! Decoding untrusted bytes as a SpaceSaving summary: the rules, checked
//! over many generated inputs.
//!
//! For every byte string, `SpaceSaving::<K>::decode` either returns a
//! summary that re-encodes to exactly those bytes, decodes again to an
//! equal summary and keeps its invariants (Δ <= n / k, every bound at most
//! Δ wide), or returns a decode error. It never panics. The rules are the
//! fuzz target's own (`fuzz/src/space_saving.rs`, included by path); the
//! inputs here come from a seeded splitmix64, so a failure reproduces.

use sketchfold::codec::Codec;
use sketchfold::family::Insert;
use sketchfold::frequency::SpaceSaving;
use sketchfold::ErrorKind;

// Only the byte checks are used here; the fuzz input modes are not.
#[allow(dead_code)]
#[path = "../fuzz/src/space_saving.rs"]
mod space_saving;

use space_saving::check_space_saving_bytes;

#[path = "common/rng.rs"]
mod rng;
#[path = "common/robustness.rs"]
mod robustness;

use rng::Rng;

const U64_PROBES: [u64; 3] = [0, 1, u64::MAX];

fn string_probes() -> Vec<String> {
    vec![String::new(), "a".to_string(), "zz".to_string()]
}

/// Small valid encodings: empty, exact, full after evictions, merged
/// (free counters with Δ > 0), for `u64` items.
fn small_u64_encodings() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for k in [1usize, 2, 3, 5] {
        let empty = SpaceSaving::<u64>::new(k);
        out.push((format!("empty k{k}"), empty.encode()));
        let mut exact = SpaceSaving::new(k);
        exact
            .try_extend(
                (0..k as u64)
                    .flat_map(|i| [i, i, 9])
                    .collect::<Vec<_>>()
                    .iter(),
            )
            .unwrap();
        out.push((format!("k{k} after few items"), exact.encode()));
        let mut full = SpaceSaving::new(k);
        full.try_extend((0..40u64).map(|i| i * i % 11).collect::<Vec<_>>().iter())
            .unwrap();
        out.push((format!("k{k} after evictions"), full.encode()));
        let mut merged = full.clone();
        let mut other = SpaceSaving::new(k + 2);
        other.try_extend(&[100u64, 100, 101]).unwrap();
        sketchfold::algebra::Semigroup::merge(&mut merged, &other).unwrap();
        out.push((format!("k{k} merged"), merged.encode()));
    }
    out
}

fn small_string_encodings() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for k in [1usize, 3] {
        let mut s: SpaceSaving<String> = SpaceSaving::new(k);
        for w in "the cat and the hat and the bat".split(' ') {
            s.insert(w).unwrap();
        }
        out.push((format!("strings k{k}"), s.encode()));
    }
    out
}

#[test]
fn random_bytes_decode_or_give_a_decode_error() {
    robustness::random_inputs(1, 20_000, b"", (64, 2048), |bytes, _| {
        check_space_saving_bytes(bytes, &U64_PROBES);
        check_space_saving_bytes(bytes, &string_probes());
        true
    });
}

#[test]
fn valid_parameters_followed_by_random_counters_decode_or_give_a_decode_error() {
    let mut rng = Rng(3);
    let mut decoded = 0;
    for _ in 0..20_000 {
        let k = 1 + rng.below(6) as u32;
        let len = rng.below(k as usize + 2) as u32;
        let delta = rng.below(4) as u64;
        let mut bytes = b"SKFD\x04\x01".to_vec();
        bytes.extend(k.to_le_bytes());
        bytes.extend((rng.below(200) as u64).to_le_bytes());
        bytes.extend(delta.to_le_bytes());
        bytes.extend(len.to_le_bytes());
        // Plausible counters: increasing small items, small counts.
        let mut item = 0u64;
        for _ in 0..len {
            item += rng.below(3) as u64;
            bytes.extend(item.to_le_bytes());
            bytes.extend((rng.below(40) as u64).to_le_bytes());
            bytes.extend((rng.below(5) as u64).to_le_bytes());
        }
        if rng.below(8) == 0 {
            bytes.truncate(rng.below(bytes.len() + 1));
        }
        check_space_saving_bytes(&bytes, &U64_PROBES);
        decoded += usize::from(SpaceSaving::<u64>::decode(&bytes).is_ok());
    }
    // The generator is close enough to valid that some inputs must pass.
    assert!(decoded > 100, "only {decoded} random bodies decoded");
}

#[test]
fn every_truncation_of_a_valid_encoding_is_a_too_short_error() {
    for (name, bytes) in small_u64_encodings() {
        robustness::every_truncation_is_too_short::<SpaceSaving<u64>>(&name, &bytes);
    }
    for (name, bytes) in small_string_encodings() {
        robustness::every_truncation_is_too_short::<SpaceSaving<String>>(&name, &bytes);
    }
}

#[test]
fn a_valid_encoding_with_any_byte_appended_is_a_trailing_bytes_error() {
    for (name, bytes) in small_u64_encodings() {
        robustness::any_appended_byte_is_trailing::<SpaceSaving<u64>>(&name, &bytes);
    }
}

#[test]
fn every_single_byte_corruption_of_a_small_encoding_decodes_canonically_or_errors() {
    // The fuzz target's checks (which include the codec rules), then
    // whether the bytes decoded.
    for (name, bytes) in small_u64_encodings() {
        robustness::every_single_byte_change(&name, &bytes, |corrupt, _| {
            check_space_saving_bytes(corrupt, &U64_PROBES);
            SpaceSaving::<u64>::decode(corrupt).is_ok()
        });
    }
    for (name, bytes) in small_string_encodings() {
        robustness::every_single_byte_change(&name, &bytes, |corrupt, _| {
            check_space_saving_bytes(corrupt, &string_probes());
            SpaceSaving::<String>::decode(corrupt).is_ok()
        });
    }
}

#[test]
fn a_declared_counter_count_beyond_the_input_is_rejected_before_allocating() {
    for (k, count) in [
        (1u32 << 30, u32::MAX),
        (1 << 30, 1 << 29),
        (1 << 20, 1 << 20),
        (4, 3),
    ] {
        let mut bytes = b"SKFD\x04\x01".to_vec();
        bytes.extend(k.to_le_bytes());
        bytes.extend(u64::MAX.to_le_bytes());
        bytes.extend(0u64.to_le_bytes());
        bytes.extend(count.to_le_bytes());
        let e = SpaceSaving::<u64>::decode(&bytes).unwrap_err();
        assert!(
            matches!(
                e.kind(),
                ErrorKind::TooShort { .. }
                    | ErrorKind::Corrupt {
                        field: "counter count",
                        ..
                    }
            ),
            "k {k}, count {count}: {e:?}"
        );
    }
}

#[test]
fn a_huge_capacity_with_few_counters_decodes_without_reserving_the_capacity() {
    // k = 2^30 counters declared, one present: decoding must not allocate
    // for 2^30 (it would take gigabytes), and the summary still works.
    let mut bytes = b"SKFD\x04\x01".to_vec();
    bytes.extend((1u32 << 30).to_le_bytes());
    bytes.extend(5u64.to_le_bytes());
    bytes.extend(0u64.to_le_bytes());
    bytes.extend(1u32.to_le_bytes());
    bytes.extend(42u64.to_le_bytes());
    bytes.extend(5u64.to_le_bytes());
    bytes.extend(0u64.to_le_bytes());
    let mut s = SpaceSaving::<u64>::decode(&bytes).unwrap();
    assert_eq!(s.capacity(), 1 << 30);
    assert!(s.bounds(&42).contains(5));
    s.try_extend((1_000..2_000u64).collect::<Vec<_>>().iter())
        .unwrap();
    assert_eq!(s.len(), 1_001);
}
