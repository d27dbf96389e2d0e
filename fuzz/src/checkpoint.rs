//! What the stream engine's checkpoint decoder must do with any payload
//! (the bytes of a checkpoint file after its frame, whose checksum a
//! fuzzer could not get past): decode it or return a decode error, never
//! panic, and hold memory that follows the bytes (checked by the
//! `decode_memory` target, whose subjects include it).
//!
//! The keys and states are the command-line tool's: `String` keys and the
//! state `(records, HyperLogLog, SpaceSaving<String>, DdSketch)`.
//!
//! Shared by the `decode_checkpoint` fuzz target and by
//! `tests/fuzz_regressions.rs`.

use sketchfold::cardinality::HyperLogLog;
use sketchfold::frequency::SpaceSaving;
use sketchfold::quantiles::DdSketch;
use sketchfold::stream::checkpoint::decode_payload;

use crate::decode::check_decode_error;

/// The window state of the command-line tool's jobs.
pub type CliState = (u64, HyperLogLog, SpaceSaving<String>, DdSketch);

/// Decodes `payload` as a checkpoint of `String` keys and [`CliState`]s;
/// the number of keyed states, or `None` if it does not decode.
pub fn decode_cli_checkpoint(payload: &[u8]) -> Option<usize> {
    decode_payload::<String, CliState>(payload).ok()
}

/// The `decode_checkpoint` target: decodes the input as a checkpoint
/// payload and checks that an error is a decode error.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_checkpoint_input(payload: &[u8]) {
    if let Err(e) = decode_payload::<String, CliState>(payload) {
        check_decode_error(&e, payload);
    }
}
