//! Decoding untrusted bytes as a Bloom filter: the rules, checked over many
//! generated inputs.
//!
//! For every byte string, [`BloomFilter::decode`] either returns a filter
//! that re-encodes to exactly those bytes and decodes again to an equal
//! filter, or returns an error for which
//! [`Error::is_decode`](sketchfold::Error::is_decode) is true. It never
//! panics, and it allocates only once the declared blocks are known to be
//! present. Inputs come from a seeded splitmix64, so a failure reproduces
//! exactly; the `decode_bloom_filter` fuzz target searches the same space
//! with coverage guidance.

use sketchfold::codec::Codec;
use sketchfold::membership::{BloomFilter, BloomParams, Layout};
use sketchfold::ErrorKind;

#[path = "common/rng.rs"]
mod rng;
#[path = "common/robustness.rs"]
mod robustness;

use rng::Rng;
use robustness::check_codec;

/// Decodes `bytes` and checks the rules (tests/common/robustness.rs) and
/// that the decoded value works; true if it decoded.
fn decode_checked(bytes: &[u8], context: &str) -> bool {
    check_codec::<BloomFilter>(bytes, context).is_some_and(|x| {
        assert!(x.estimate_distinct() >= 0.0, "{context}: negative estimate");
        true
    })
}

fn small_encodings() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for layout in [Layout::SplitBlock256, Layout::SplitBlock512] {
        for blocks in [1usize, 2, 7] {
            let mut f = BloomFilter::with_params(
                BloomParams::with_blocks(layout, blocks)
                    .unwrap()
                    .with_seed(99),
            );
            out.push(f.encode());
            f.extend(0..50u32);
            out.push(f.encode());
        }
    }
    out
}

#[test]
fn random_bytes_decode_or_give_a_decode_error() {
    robustness::random_inputs(1, 20_000, b"", (64, 1024), decode_checked);
}

#[test]
fn random_bytes_after_a_valid_header_decode_or_give_a_decode_error() {
    let mut rng = Rng(2);
    let mut decoded = 0;
    for case in 0..20_000 {
        let mut bytes = b"SKFD\x05\x01".to_vec();
        let layout = rng.below(3); // mostly valid layouts
        bytes.push(layout as u8);
        bytes.extend(rng.next().to_le_bytes());
        let blocks = rng.below(4);
        bytes.extend((blocks as u32).to_le_bytes());
        // Half the time exactly the declared blocks' words, else any count.
        let words = if rng.below(2) == 0 {
            (blocks * 8) << layout.min(1)
        } else {
            rng.below(80)
        };
        let extra = rng.below(2);
        bytes.extend(rng.bytes(words * 4 + extra));
        decoded += usize::from(decode_checked(&bytes, &format!("header case {case}")));
    }
    // The generator reaches valid filters too, not only errors.
    assert!(decoded > 100, "{decoded}");
}

#[test]
fn damaged_truncated_and_extended_valid_encodings_decode_or_give_a_decode_error() {
    robustness::damage_of_valid_encodings::<BloomFilter>(
        3,
        &small_encodings(),
        400,
        decode_checked,
    );
}

#[test]
fn a_huge_declared_block_count_is_rejected_before_allocating() {
    // 2^32 - 1 blocks of 64 bytes would be 256 GiB: the decoder must see
    // that the input holds none of them, not try to allocate.
    let mut bytes = b"SKFD\x05\x01\x01".to_vec();
    bytes.extend(0u64.to_le_bytes());
    bytes.extend(u32::MAX.to_le_bytes());
    bytes.extend([0u8; 64]);
    let e = BloomFilter::decode(&bytes).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::TooShort { what: "blocks", .. }),
        "{e}"
    );
}
