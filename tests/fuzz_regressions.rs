//! Every input the fuzzers ever found (and a few made by hand) stays a test.
//!
//! Each file under `tests/fuzz_regressions/<target>/` is replayed through
//! exactly the checks its fuzz target runs: the check code is the fuzz
//! crate's own (`fuzz/src/`), included here by path, so a case that crashed
//! the fuzzer fails here until the bug is fixed, without nightly or
//! cargo-fuzz.
//!
//! - `decode_hyperloglog/*`: raw fuzzer inputs (the first byte picks whether
//!   a valid header is put before the rest); `valid_*` files must decode.
//! - `decode_datasketches_hll/*`: bytes for the DataSketches HLL reader;
//!   `valid_*` files (images DataSketches wrote) must read.
//! - `merge_ops/*.ops`: operation scripts in the text form that
//!   `cargo fuzz fmt merge_ops <input>` prints, one operation a line.
//!
//! To keep a new crash: copy `fuzz/artifacts/<target>/crash-…` (or, for
//! `merge_ops`, the printed script) into the target's folder under a name
//! that says what went wrong.

// The fuzz crate derives `Arbitrary` under its own `arbitrary` feature,
// which this crate does not have (and the lint cannot be allowed on the
// `mod` item alone).
#![allow(unexpected_cfgs)]

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "../fuzz/src/decode.rs"]
mod decode;

#[path = "../fuzz/src/datasketches.rs"]
mod datasketches;

#[allow(dead_code)]
#[path = "../fuzz/src/merge_model.rs"]
mod merge_model;

#[allow(dead_code)]
#[path = "../fuzz/src/frequency.rs"]
mod frequency;

#[path = "../fuzz/src/space_saving.rs"]
mod space_saving;

/// The saved inputs of `target`, sorted by name.
fn cases(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "{} holds no cases to replay",
        dir.display()
    );
    files
}

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Runs `check` on every case, catching panics, and fails once with the
/// The naming rule of saved cases: a file named `valid_*` must decode (or
/// read), every other file must be rejected.
fn decodes_exactly_when_named_valid(
    path: &Path,
    decoded: Result<(), String>,
) -> Result<(), String> {
    match (name(path).starts_with("valid_"), decoded) {
        (true, Err(e)) => Err(format!("a valid_ case does not decode: {e}")),
        (false, Ok(())) => Err("a case not named valid_ decodes".to_string()),
        _ => Ok(()),
    }
}

/// list of every case that broke a rule.
fn replay(target: &str, check: impl Fn(&Path) -> Result<(), String>) {
    let failures: Vec<String> = cases(target)
        .iter()
        .filter_map(|path| {
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| check(path)));
            let message = match outcome {
                Ok(Ok(())) => return None,
                Ok(Err(e)) => e,
                Err(payload) => payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panicked".to_string()),
            };
            Some(format!("{target}/{}: {message}", name(path)))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} saved {target} case(s) fail:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn saved_hyperloglog_decoder_inputs_decode_or_fail_cleanly_and_round_trip() {
    replay("decode_hyperloglog", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        decode::check_hyperloglog_input(&input);
        Ok(())
    });
}

#[test]
fn saved_valid_hyperloglog_encodings_still_decode() {
    replay("decode_hyperloglog", |path| {
        if !name(path).starts_with("valid_") {
            return Ok(());
        }
        let input = fs::read(path).map_err(|e| e.to_string())?;
        let bytes = decode::hyperloglog_bytes(&input);
        <sketchfold::cardinality::HyperLogLog as sketchfold::codec::Codec>::decode(&bytes)
            .map(|_| ())
            .map_err(|e| format!("a valid_ case does not decode: {e}"))
    });
}

#[test]
fn saved_datasketches_reader_inputs_read_or_fail_cleanly_and_round_trip() {
    replay("decode_datasketches_hll", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        datasketches::check_datasketches_hll_bytes(&input);
        Ok(())
    });
}

#[test]
fn saved_valid_datasketches_images_still_read() {
    replay("decode_datasketches_hll", |path| {
        if !name(path).starts_with("valid_") {
            return Ok(());
        }
        let input = fs::read(path).map_err(|e| e.to_string())?;
        sketchfold::cardinality::HyperLogLog::from_datasketches_bytes(&input)
            .map(|_| ())
            .map_err(|e| format!("a valid_ case does not read: {e}"))
    });
}

#[test]
fn saved_merge_scripts_keep_every_sketch_equal_to_its_exact_model() {
    replay("merge_ops", |path| {
        let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
        let script = merge_model::parse_script(&text)?;
        if script.0.is_empty() {
            return Err("the script holds no operation".to_string());
        }
        merge_model::run(&script.0)
    });
}

#[test]
fn merge_scripts_print_in_the_form_they_are_read_back() {
    for path in cases("merge_ops") {
        let text = fs::read_to_string(&path).expect("readable");
        let script = merge_model::parse_script(&text).expect("parses");
        let printed = format!("{script:?}");
        let again = merge_model::parse_script(&printed).expect("the printed form parses");
        assert!(again == script, "{}: print/parse changed it", name(&path));
        assert_eq!(format!("{again:?}"), printed);
    }
}

#[allow(dead_code)]
#[path = "../fuzz/src/bloom.rs"]
mod bloom;

/// `decode_bloom_filter/*`: raw fuzzer inputs (the first byte picks whether
/// a valid header is put before the rest); `valid_*` files must decode, the
/// others must not.
#[test]
fn saved_bloom_filter_decoder_inputs_decode_or_fail_cleanly_and_round_trip() {
    replay("decode_bloom_filter", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        bloom::check_bloom_filter_input(&input);
        Ok(())
    });
}

#[test]
fn saved_valid_bloom_filter_encodings_still_decode() {
    replay("decode_bloom_filter", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        let bytes = bloom::bloom_filter_bytes(&input);
        let decoded =
            <sketchfold::membership::BloomFilter as sketchfold::codec::Codec>::decode(&bytes);
        decodes_exactly_when_named_valid(path, decoded.map(|_| ()).map_err(|e| e.to_string()))
    });
}

#[test]
fn saved_count_min_decoder_inputs_decode_or_fail_cleanly_and_round_trip() {
    replay("decode_count_min", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        frequency::check_count_min_input(&input);
        Ok(())
    });
}

#[test]
fn saved_valid_count_min_encodings_still_decode_under_their_update_rule() {
    use sketchfold::codec::Codec;
    use sketchfold::frequency::{ConservativeCountMin, CountMin};
    replay("decode_count_min", |path| {
        if !name(path).starts_with("valid_") {
            return Ok(());
        }
        let input = fs::read(path).map_err(|e| e.to_string())?;
        let bytes = frequency::with_header(&input, &frequency::COUNT_MIN_HEADER);
        match (
            <CountMin>::decode(&bytes),
            ConservativeCountMin::decode(&bytes),
        ) {
            (Ok(_), Err(_)) | (Err(_), Ok(_)) => Ok(()),
            (Err(a), Err(b)) => Err(format!("a valid_ case does not decode: {a} / {b}")),
            (Ok(_), Ok(_)) => Err("decodes under both update rules".to_string()),
        }
    });
}

#[test]
fn saved_top_k_decoder_inputs_decode_or_fail_cleanly_and_round_trip() {
    replay("decode_top_k", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        frequency::check_top_k_input(&input);
        Ok(())
    });
}

#[test]
fn saved_valid_top_k_encodings_still_decode() {
    replay("decode_top_k", |path| {
        if !name(path).starts_with("valid_") {
            return Ok(());
        }
        let input = fs::read(path).map_err(|e| e.to_string())?;
        let bytes = frequency::with_header(&input, &frequency::TOP_K_HEADER);
        <sketchfold::frequency::TopK<String> as sketchfold::codec::Codec>::decode(&bytes)
            .map(|_| ())
            .map_err(|e| format!("a valid_ case does not decode: {e}"))
    });
}

#[test]
fn saved_invalid_count_min_and_top_k_inputs_are_rejected() {
    use sketchfold::codec::Codec;
    use sketchfold::frequency::{ConservativeCountMin, CountMin, TopK};
    replay("decode_count_min", |path| {
        if name(path).starts_with("valid_") {
            return Ok(());
        }
        let input = fs::read(path).map_err(|e| e.to_string())?;
        let bytes = frequency::with_header(&input, &frequency::COUNT_MIN_HEADER);
        match (
            <CountMin>::decode(&bytes),
            ConservativeCountMin::decode(&bytes),
        ) {
            (Err(_), Err(_)) => Ok(()),
            _ => Err("a case named as invalid decodes".to_string()),
        }
    });
    replay("decode_top_k", |path| {
        if name(path).starts_with("valid_") {
            return Ok(());
        }
        let input = fs::read(path).map_err(|e| e.to_string())?;
        let bytes = frequency::with_header(&input, &frequency::TOP_K_HEADER);
        match TopK::<String>::decode(&bytes) {
            Err(_) => Ok(()),
            Ok(_) => Err("a case named as invalid decodes".to_string()),
        }
    });
}

// `decode_space_saving/*`: raw fuzzer inputs (first byte: bit 0 puts a
// valid header before the rest, bit 1 picks `String` items over `u64`);
// `valid_*` files must decode, every other saved case must be rejected.

#[test]
fn saved_space_saving_decoder_inputs_decode_or_fail_cleanly_and_round_trip() {
    replay("decode_space_saving", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        space_saving::check_space_saving_input(&input);
        Ok(())
    });
}

#[test]
fn saved_space_saving_inputs_decode_exactly_when_named_valid() {
    use sketchfold::codec::Codec;
    use sketchfold::frequency::SpaceSaving;
    replay("decode_space_saving", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        let (items, bytes) = space_saving::space_saving_bytes(&input);
        let decoded = match items {
            space_saving::Items::U64 => SpaceSaving::<u64>::decode(&bytes).map(|_| ()),
            space_saving::Items::Strings => SpaceSaving::<String>::decode(&bytes).map(|_| ()),
        };
        decodes_exactly_when_named_valid(path, decoded.map(|_| ()).map_err(|e| e.to_string()))
    });
}

#[allow(dead_code)]
#[path = "../fuzz/src/minhash.rs"]
mod minhash;

// `decode_minhash/*`: raw fuzzer inputs (the first byte picks whether a
// valid header is put before the rest); `valid_*` files must decode, the
// others must not.

#[test]
fn saved_minhash_decoder_inputs_decode_or_fail_cleanly_and_round_trip() {
    replay("decode_minhash", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        minhash::check_minhash_input(&input);
        Ok(())
    });
}

#[test]
fn saved_minhash_inputs_decode_exactly_when_named_valid() {
    replay("decode_minhash", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        let bytes = minhash::minhash_bytes(&input);
        let decoded = <sketchfold::similarity::MinHash as sketchfold::codec::Codec>::decode(&bytes);
        decodes_exactly_when_named_valid(path, decoded.map(|_| ()).map_err(|e| e.to_string()))
    });
}

#[path = "../fuzz/src/ddsketch.rs"]
mod ddsketch;

// `decode_ddsketch/*`: raw fuzzer inputs (the first byte picks whether a
// valid DDSketch header is put before the rest); `valid_*` files must
// decode, every other saved case must be rejected.

#[test]
fn saved_ddsketch_decoder_inputs_decode_or_fail_cleanly_and_round_trip() {
    replay("decode_ddsketch", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        ddsketch::check_ddsketch_input(&input);
        Ok(())
    });
}

#[test]
fn saved_ddsketch_inputs_decode_exactly_when_named_valid() {
    replay("decode_ddsketch", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        let bytes = ddsketch::ddsketch_bytes(&input);
        let decoded = <sketchfold::quantiles::DdSketch as sketchfold::codec::Codec>::decode(&bytes);
        decodes_exactly_when_named_valid(path, decoded.map(|_| ()).map_err(|e| e.to_string()))
    });
}

#[path = "../fuzz/src/kll.rs"]
mod kll;

/// `decode_kll/*`: raw fuzzer inputs (the first byte picks whether a
/// valid KLL header is put before the rest), checked as `Kll<f32>`,
/// `Kll<f64>` and `Kll<i64>`; `valid_*` files must decode as one of them,
/// the others as none.
#[test]
fn saved_kll_decoder_inputs_decode_or_fail_cleanly_and_round_trip() {
    replay("decode_kll", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        kll::check_kll_input(&input);
        let bytes = kll::kll_bytes(&input);
        use sketchfold::codec::Codec;
        use sketchfold::quantiles::Kll;
        let decodes = Kll::<f32>::decode(&bytes).is_ok()
            || Kll::<f64>::decode(&bytes).is_ok()
            || Kll::<i64>::decode(&bytes).is_ok();
        decodes_exactly_when_named_valid(
            path,
            decodes.then_some(()).ok_or_else(|| "rejected".to_string()),
        )
    });
}

/// `decode_datasketches_kll/*`: bytes for the DataSketches KLL reader,
/// read as float, double and long images; `valid_*` files (the golden
/// images DataSketches wrote, and hand-made ones) must read as one of them,
/// the others as none.
#[test]
fn saved_datasketches_kll_reader_inputs_read_or_fail_cleanly_and_round_trip() {
    replay("decode_datasketches_kll", |path| {
        let bytes = fs::read(path).map_err(|e| e.to_string())?;
        kll::check_datasketches_kll_bytes(&bytes);
        use sketchfold::quantiles::Kll;
        let reads = Kll::<f32>::from_datasketches_bytes(&bytes).is_ok()
            || Kll::<f64>::from_datasketches_bytes(&bytes).is_ok()
            || Kll::<i64>::from_datasketches_bytes(&bytes).is_ok();
        decodes_exactly_when_named_valid(
            path,
            reads.then_some(()).ok_or_else(|| "rejected".to_string()),
        )
    });
}

#[path = "../fuzz/src/skip_list.rs"]
mod skip_list;

/// `decode_skip_list/*`: raw fuzzer inputs (bit 0 of the first byte puts a
/// valid header before the rest, bits 1.. pick the values' family: `u64`,
/// HyperLogLog, DDSketch, KLL, SpaceSaving, Count-Min, Bloom filter,
/// MinHash, TopK); `valid_*` files must decode, the others must not.
#[test]
fn saved_skip_list_decoder_inputs_decode_or_fail_cleanly_and_round_trip() {
    replay("decode_skip_list", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        skip_list::check_skip_list_input(&input);
        let (bytes, values) = skip_list::skip_list_bytes(&input);
        let decodes = skip_list::decodes(&bytes, values);
        decodes_exactly_when_named_valid(
            path,
            decodes.then_some(()).ok_or_else(|| "rejected".to_string()),
        )
    });
}

#[allow(dead_code)]
#[path = "../fuzz/src/alloc_meter.rs"]
mod alloc_meter;

// The `decode_memory` cases measure the heap they hold.
#[global_allocator]
static METER: alloc_meter::Meter = alloc_meter::Meter;

#[allow(dead_code)]
#[path = "../fuzz/src/checkpoint.rs"]
mod checkpoint;

/// `decode_checkpoint/*`: checkpoint payloads (a checkpoint file's bytes
/// after its 28-byte frame) of `String` keys and the command-line tool's
/// states; `valid_*` files (payloads `sketchfold run --checkpoint` wrote)
/// must decode, the others must be rejected with a decode error.
#[test]
fn saved_checkpoint_payloads_decode_or_fail_cleanly() {
    replay("decode_checkpoint", |path| {
        let payload = fs::read(path).map_err(|e| e.to_string())?;
        checkpoint::check_checkpoint_input(&payload);
        let decoded = checkpoint::decode_cli_checkpoint(&payload);
        decodes_exactly_when_named_valid(
            path,
            decoded.map(|_| ()).ok_or_else(|| "rejected".to_string()),
        )
    });
}

#[allow(dead_code)]
#[path = "../fuzz/src/decode_memory.rs"]
mod decode_memory;

/// `decode_memory/*`: raw fuzzer inputs (bits 1.. of the first byte pick
/// the decoder, bit 0 puts its valid header first); decoding, querying,
/// merging and re-encoding each stays within the memory budget. `valid_*`
/// files must decode.
#[test]
fn saved_decode_memory_inputs_stay_within_the_memory_budget() {
    replay("decode_memory", |path| {
        let input = fs::read(path).map_err(|e| e.to_string())?;
        decode_memory::check_decode_memory_input(&input);
        let (subject, bytes) = decode_memory::decode_memory_bytes(&input);
        let decoded = decode_memory::exercise(subject, &bytes);
        if name(path).starts_with("valid_") && !decoded {
            return Err(format!("a valid_ case does not decode as {subject:?}"));
        }
        Ok(())
    });
}
