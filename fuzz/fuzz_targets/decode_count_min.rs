//! Arbitrary bytes into `CountMin::decode` (both update rules): never a
//! panic, only decode errors, and what decodes re-encodes to the same bytes
//! and keeps the group laws. An odd first byte puts a valid header before
//! the rest of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sketchfold_fuzz::frequency::check_count_min_input(data);
});
