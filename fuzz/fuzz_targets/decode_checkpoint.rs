//! Arbitrary bytes into the stream engine's checkpoint decoder (a payload
//! after its frame, with the command-line tool's keys and states): never a
//! panic, only decode errors.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sketchfold_fuzz::checkpoint::check_checkpoint_input(data);
});
