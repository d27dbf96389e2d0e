//! Arbitrary bytes into the DataSketches HLL reader: never a panic, only
//! decode errors, and what reads writes back to bytes that read the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
// `datasketches.rs` refers to `crate::decode`.
use sketchfold_fuzz::decode;

#[path = "../src/datasketches.rs"]
mod datasketches;

fuzz_target!(|data: &[u8]| {
    datasketches::check_datasketches_hll_bytes(data);
});
