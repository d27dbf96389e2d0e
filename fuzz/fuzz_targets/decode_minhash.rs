//! Arbitrary bytes into `MinHash::decode`: never a panic, only decode
//! errors, and what decodes re-encodes to the same bytes. An odd first byte
//! puts a valid header before the rest of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sketchfold_fuzz::minhash::check_minhash_input(data);
});
