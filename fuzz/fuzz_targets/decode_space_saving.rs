//! Arbitrary bytes into `SpaceSaving::decode` (`u64` or `String` items):
//! never a panic, only decode errors, and what decodes re-encodes to the
//! same bytes and keeps its invariants. An odd first byte puts a valid
//! header before the rest of the input; bit 1 picks string items.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sketchfold_fuzz::space_saving::check_space_saving_input(data);
});
