//! Arbitrary bytes into `DdSketch::decode`: never a panic, only decode
//! errors, and what decodes re-encodes to the same bytes and keeps the
//! group laws. An odd first byte puts a valid header before the rest of
//! the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sketchfold_fuzz::ddsketch::check_ddsketch_input(data);
});
