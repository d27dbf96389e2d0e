//! Decoding cost bounded by the input: any byte string given to any
//! decoder, then queried, merged with itself and with its identity and
//! encoded again, holds at most [`budget`] heap bytes at its peak.
//!
//! The first byte of a fuzzer input picks the [`Subject`] (bits 1..) and
//! whether the subject's valid header is put before the rest (bit 0), as
//! the other decode targets do. The skip lists hold each value family,
//! because a skip list rebuilds its link summaries by merging values: a
//! value whose merge is larger than its encoding multiplies there.
//!
//! Shared by the `decode_memory` fuzz target and by the tests
//! `tests/decode_memory.rs` and `tests/fuzz_regressions.rs` (which include
//! this file and [`alloc_meter`](crate::alloc_meter) by path and install
//! the meter as their global allocator).

use std::borrow::Cow;
use std::fmt::Debug;

use sketchfold::algebra::{Monoid, Semigroup};
use sketchfold::cardinality::{HyperLogLog, TgtHllType};
use sketchfold::codec::{Codec, ItemCodec};
use sketchfold::frequency::{ConservativeCountMin, CountMin, SpaceSaving, TopK};
use sketchfold::membership::BloomFilter;
use sketchfold::ordered::SkipList;
use sketchfold::quantiles::{DdSketch, Kll};
use sketchfold::similarity::MinHash;

use crate::alloc_meter::limit_bytes;
use crate::decode::hex;

/// The most heap bytes decoding `input_len` bytes (and querying, merging
/// and re-encoding the result) may hold at its peak: 8 MiB plus 256 bytes
/// for every input byte, so under 24 MiB for any input under 64 KiB.
///
/// The 8 MiB are for what a sketch's parameters alone may allocate: an
/// empty SpaceSaving summary (the identity a merge starts from) reserves
/// up to 2^16 counters, about 5 MiB.
pub fn budget(input_len: usize) -> usize {
    (8 << 20) + 256 * input_len
}

/// What a `decode_memory` input is decoded as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// `HyperLogLog::decode`.
    HyperLogLog,
    /// `HyperLogLog::from_datasketches_bytes`.
    DataSketchesHll,
    /// `BloomFilter::decode`.
    BloomFilter,
    /// `CountMin::decode`.
    CountMin,
    /// `ConservativeCountMin::decode`.
    ConservativeCountMin,
    /// `TopK::<String>::decode`.
    TopK,
    /// `SpaceSaving::<u64>::decode`.
    SpaceSaving,
    /// `SpaceSaving::<String>::decode`.
    SpaceSavingStrings,
    /// `MinHash::decode`.
    MinHash,
    /// `DdSketch::decode`.
    DdSketch,
    /// `Kll::<f64>::decode`.
    Kll,
    /// `Kll::<f64>::from_datasketches_bytes`.
    DataSketchesKll,
    /// `SkipList::<u16, u64>::decode`.
    SkipListU64,
    /// `SkipList::<u16, HyperLogLog>::decode`.
    SkipListHyperLogLog,
    /// `SkipList::<u16, DdSketch>::decode`.
    SkipListDdSketch,
    /// `SkipList::<u16, Kll<f64>>::decode`.
    SkipListKll,
    /// `SkipList::<u16, SpaceSaving<u64>>::decode`.
    SkipListSpaceSaving,
    /// `SkipList::<u16, CountMin>::decode`.
    SkipListCountMin,
    /// `SkipList::<u16, BloomFilter>::decode`.
    SkipListBloomFilter,
    /// `SkipList::<u16, MinHash>::decode`.
    SkipListMinHash,
    /// `SkipList::<u16, TopK<String>>::decode`.
    SkipListTopK,
    /// A stream checkpoint payload with the command-line tool's keys and
    /// states ([`crate::checkpoint::CliState`]).
    Checkpoint,
}

impl Subject {
    /// Every subject, in the order the first input byte counts them.
    pub const ALL: [Subject; 22] = [
        Subject::HyperLogLog,
        Subject::DataSketchesHll,
        Subject::BloomFilter,
        Subject::CountMin,
        Subject::ConservativeCountMin,
        Subject::TopK,
        Subject::SpaceSaving,
        Subject::SpaceSavingStrings,
        Subject::MinHash,
        Subject::DdSketch,
        Subject::Kll,
        Subject::DataSketchesKll,
        Subject::SkipListU64,
        Subject::SkipListHyperLogLog,
        Subject::SkipListDdSketch,
        Subject::SkipListKll,
        Subject::SkipListSpaceSaving,
        Subject::SkipListCountMin,
        Subject::SkipListBloomFilter,
        Subject::SkipListMinHash,
        Subject::SkipListTopK,
        Subject::Checkpoint,
    ];

    /// The header a valid encoding starts with: `b"SKFD"`, the family tag,
    /// the format version this build writes (none for DataSketches images,
    /// which have their own preamble).
    pub fn header(self) -> Option<[u8; 6]> {
        let (family, version) = match self {
            Subject::HyperLogLog => (1, 1),
            Subject::CountMin | Subject::ConservativeCountMin => (2, 1),
            Subject::TopK => (3, 1),
            Subject::SpaceSaving | Subject::SpaceSavingStrings => (4, 1),
            Subject::BloomFilter => (5, 1),
            Subject::Kll => (6, 1),
            Subject::DdSketch => (7, crate::ddsketch::DDSKETCH_VERSION),
            Subject::MinHash => (8, 1),
            Subject::DataSketchesHll | Subject::DataSketchesKll | Subject::Checkpoint => {
                return None
            }
            _ => (9, 1),
        };
        Some([b'S', b'K', b'F', b'D', family, version])
    }

    /// The first input byte that picks this subject, with bit 0 (put the
    /// header first) as given.
    pub fn mode_byte(self, with_header: bool) -> u8 {
        let i = Subject::ALL.iter().position(|&s| s == self).unwrap_or(0);
        ((i as u8) << 1) | u8::from(with_header)
    }
}

/// The subject and the bytes a `decode_memory` input decodes: bits 1.. of
/// the first byte pick the subject (modulo their number), bit 0 puts its
/// valid header before the rest. An empty input is an empty HyperLogLog
/// encoding.
pub fn decode_memory_bytes(input: &[u8]) -> (Subject, Cow<'_, [u8]>) {
    let Some((&mode, rest)) = input.split_first() else {
        return (Subject::HyperLogLog, Cow::Borrowed(input));
    };
    let subject = Subject::ALL[usize::from(mode >> 1) % Subject::ALL.len()];
    match subject.header() {
        Some(header) if mode & 1 == 1 => {
            let mut bytes = Vec::with_capacity(header.len() + rest.len());
            bytes.extend_from_slice(&header);
            bytes.extend_from_slice(rest);
            (subject, Cow::Owned(bytes))
        }
        _ => (subject, Cow::Borrowed(rest)),
    }
}

/// The `decode_memory` target: [`check_decode_memory`] of
/// [`decode_memory_bytes`].
///
/// # Panics
///
/// When the peak passes the budget (or the meter is not installed).
pub fn check_decode_memory_input(input: &[u8]) {
    let (subject, bytes) = decode_memory_bytes(input);
    check_decode_memory(subject, &bytes);
}

/// Decodes `bytes` as `subject`, queries, merges and re-encodes what
/// decodes, and checks that the peak heap stays within
/// [`budget`]`(bytes.len())`. Allocations past twice the budget are
/// refused (the process aborts), so an amplifying input fails fast.
///
/// # Panics
///
/// When the peak passes the budget.
pub fn check_decode_memory(subject: Subject, bytes: &[u8]) {
    let peak = decode_peak(subject, bytes);
    let budget = budget(bytes.len());
    assert!(
        peak <= budget,
        "decoding {subject:?} held {peak} heap bytes at its peak, more than the budget of \
         {budget} for {} input bytes\n input: {}",
        bytes.len(),
        hex(bytes)
    );
}

/// The peak heap bytes of [`exercise`] on `bytes`, allocations past twice
/// the budget refused.
pub fn decode_peak(subject: Subject, bytes: &[u8]) -> usize {
    limit_bytes(2 * budget(bytes.len()), || exercise(subject, bytes)).1
}

/// Decodes `bytes` as `subject` and, if that succeeds, runs its queries,
/// merges it with itself and with its identity and encodes the results;
/// true if it decoded.
pub fn exercise(subject: Subject, bytes: &[u8]) -> bool {
    match subject {
        Subject::HyperLogLog => monoid::<HyperLogLog>(bytes, hll_queries),
        Subject::DataSketchesHll => match HyperLogLog::from_datasketches_bytes(bytes) {
            Ok(h) => {
                hll_queries(&h);
                let _ = h.to_datasketches_bytes(TgtHllType::Hll4);
                let _ = h.to_datasketches_bytes(TgtHllType::Hll8);
                algebra(&h);
                true
            }
            Err(_) => false,
        },
        Subject::BloomFilter => monoid::<BloomFilter>(bytes, |b| {
            let _ = (b.contains(&1u64), b.estimate_distinct(), b.current_fpr());
        }),
        Subject::CountMin => monoid::<CountMin>(bytes, |c| {
            let _ = (c.estimate(&1u64), c.bounds(&1u64), c.inner_product(c));
        }),
        Subject::ConservativeCountMin => monoid::<ConservativeCountMin>(bytes, |c| {
            let _ = (c.estimate(&1u64), c.bounds(&1u64));
        }),
        Subject::TopK => monoid::<TopK<String>>(bytes, |t| {
            let _ = (t.top(), t.estimate("a"));
        }),
        Subject::SpaceSaving => monoid::<SpaceSaving<u64>>(bytes, |s| {
            let _ = (s.top(10), s.estimate(&1), s.heavy_hitters(1));
        }),
        Subject::SpaceSavingStrings => monoid::<SpaceSaving<String>>(bytes, |s| {
            let _ = (s.top(10), s.heavy_hitters(1));
        }),
        Subject::MinHash => monoid::<MinHash>(bytes, |m| {
            let _ = m.jaccard(m);
        }),
        Subject::DdSketch => monoid::<DdSketch>(bytes, ddsketch_queries),
        Subject::Kll => monoid::<Kll<f64>>(bytes, kll_queries),
        Subject::DataSketchesKll => match Kll::<f64>::from_datasketches_bytes(bytes) {
            Ok(k) => {
                kll_queries(&k);
                let _ = k.to_datasketches_bytes();
                algebra(&k);
                true
            }
            Err(_) => false,
        },
        Subject::SkipListU64 => skip_list::<u64>(bytes),
        Subject::SkipListHyperLogLog => skip_list::<HyperLogLog>(bytes),
        Subject::SkipListDdSketch => skip_list::<DdSketch>(bytes),
        Subject::SkipListKll => skip_list::<Kll<f64>>(bytes),
        Subject::SkipListSpaceSaving => skip_list::<SpaceSaving<u64>>(bytes),
        Subject::SkipListCountMin => skip_list::<CountMin>(bytes),
        Subject::SkipListBloomFilter => skip_list::<BloomFilter>(bytes),
        Subject::SkipListMinHash => skip_list::<MinHash>(bytes),
        Subject::SkipListTopK => skip_list::<TopK<String>>(bytes),
        Subject::Checkpoint => crate::checkpoint::decode_cli_checkpoint(bytes).is_some(),
    }
}

fn hll_queries(h: &HyperLogLog) {
    let _ = (h.estimate(), h.bounds(2.0), h.fold_to(4));
}

fn ddsketch_queries(s: &DdSketch) {
    let _ = (
        s.quantiles(&[0.0, 0.5, 0.99, 1.0]),
        s.sum(),
        s.bucket_count(),
    );
}

fn kll_queries(k: &Kll<f64>) {
    let _ = (
        k.quantiles(&[0.0, 0.5, 1.0]),
        k.rank(0.5),
        k.cdf(&[0.0, 1.0]),
    );
}

/// Merges `x` with itself and with its identity, encoding each result.
fn algebra<T: Monoid + Clone + Codec>(x: &T) {
    let mut doubled = x.clone();
    let _ = doubled.merge(x);
    let _ = doubled.encode();
    let mut with_identity = x.empty_like();
    let _ = with_identity.merge(x);
    let _ = with_identity.encode();
}

fn monoid<T: Monoid + Clone + Codec>(bytes: &[u8], queries: impl Fn(&T)) -> bool {
    match T::decode(bytes) {
        Ok(x) => {
            queries(&x);
            algebra(&x);
            true
        }
        Err(_) => false,
    }
}

/// A skip list of `V` values: its whole and prefix aggregates (merges of
/// the values), its union with itself, and its encoding.
fn skip_list<V>(bytes: &[u8]) -> bool
where
    V: Monoid + Clone + ItemCodec + PartialEq + Debug,
{
    match SkipList::<u16, V>::decode(bytes) {
        Ok(list) => {
            let _ = list.aggregate(..);
            if let Some((&k, _)) = list.select(list.len() / 2) {
                let _ = list.aggregate(..k);
            }
            let mut union = list.clone();
            let _ = union.merge(&list);
            let _ = union.encode();
            true
        }
        Err(_) => false,
    }
}
