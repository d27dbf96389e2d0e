//! Arbitrary bytes into `TopK::<String>::decode`: never a panic, only
//! decode errors, and what decodes re-encodes to the same bytes and reports
//! its Count-Min's estimates. An odd first byte puts a valid header before
//! the rest of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sketchfold_fuzz::frequency::check_top_k_input(data);
});
