//! Arbitrary operation lists (insert, merge, merge_all, fold, encode/decode,
//! foreign merges) replayed against an exact model of HyperLogLog's algebra.
//! `cargo fuzz fmt merge_ops <input>` prints an input as the text script that
//! `tests/fuzz_regressions/merge_ops/*.ops` keeps.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sketchfold_fuzz::merge_model::{run, Script};

fuzz_target!(|script: Script| {
    if let Err(e) = run(&script.0) {
        panic!(
            "{e}\n--- script (save as tests/fuzz_regressions/merge_ops/NAME.ops) ---\n{script:?}"
        );
    }
});
