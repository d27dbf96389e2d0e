//! Arbitrary bytes into every decoder (the first byte picks which, skip
//! lists of every value family and the checkpoint decoder included), then
//! queries, merges and re-encodings of what decodes: the peak heap, counted
//! by a global allocator, must stay within the budget of
//! `sketchfold_fuzz::decode_memory::budget(input length)`. An allocation
//! past twice the budget fails, so an amplifying input aborts at once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sketchfold_fuzz::alloc_meter::Meter;

#[global_allocator]
static METER: Meter = Meter;

fuzz_target!(|data: &[u8]| {
    sketchfold_fuzz::decode_memory::check_decode_memory_input(data);
});
