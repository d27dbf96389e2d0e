//! Arbitrary bytes into `SkipList::decode`: never a panic, only decode
//! errors, and what decodes re-encodes to the same bytes and answers its
//! queries as a fold over its entries. Bit 0 of the first byte puts a
//! valid header before the rest; bit 1 picks HyperLogLog values over `u64`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sketchfold_fuzz::skip_list::check_skip_list_input(data);
});
