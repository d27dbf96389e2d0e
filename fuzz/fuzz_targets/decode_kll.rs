//! Arbitrary bytes into `Kll::decode` (f32 and f64): never a panic, only
//! decode errors, and what decodes round-trips. An odd first byte puts a
//! valid header before the rest of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sketchfold_fuzz::kll::check_kll_input(data);
});
