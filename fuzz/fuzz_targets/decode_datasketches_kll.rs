//! Arbitrary bytes into the DataSketches KLL reader (float and double
//! images): never a panic, only decode errors, and what reads writes back
//! to an image that reads the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sketchfold_fuzz::kll::check_datasketches_kll_bytes(data);
});
