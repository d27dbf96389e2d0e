//! The checkpoint decoder on its own, without a job: the entry point of
//! the `decode_checkpoint` fuzz target.

use std::hash::Hash;
use std::path::PathBuf;

use crate::codec::{ItemCodec, Reader};
use crate::error::Result;
use crate::stream::job::CheckpointCodec;
use crate::stream::snapshot;

/// Decodes `payload`, the bytes of a checkpoint file after its frame, as
/// a restart of a job with keys `K` and window states `S` decodes it,
/// with the job settings the payload names; returns the number of keyed
/// states it holds (open and window panes of every partition).
///
/// A job never needs this ([`Job::checkpoint`](crate::stream::Job::checkpoint)
/// restores on its own): it lets a fuzzer, and tests, give the checkpoint
/// decoder any bytes.
///
/// # Errors
///
/// A decode error for anything truncated, inconsistent or trailing.
#[doc(hidden)]
pub fn decode_payload<K, S>(payload: &[u8]) -> Result<usize>
where
    K: ItemCodec + Hash + Eq,
    S: ItemCodec,
{
    // The settings a job compares with its own: the payload's.
    let settings = snapshot::read_settings(&mut Reader::new(payload))?;
    let codec = CheckpointCodec::<K, S> {
        dir: PathBuf::new(),
        every: 0,
        encode_key: |k, w| k.encode_item(w),
        decode_key: |r| K::decode_item(r),
        encode_state: |s, w| s.encode_item(w),
        decode_state: |r| S::decode_item(r),
    };
    let (_, workers) = snapshot::decode(payload, &settings, &codec)?;
    Ok(workers
        .iter()
        .flat_map(|(open, window)| open.iter().map(|(_, p)| p).chain(window))
        .map(|p| p.keys.len())
        .sum())
}
