//! MurmurHash3 x64-128, as Apache DataSketches uses it.

/// The update seed DataSketches uses by default.
pub const DATASKETCHES_SEED: u64 = 9001;

const C1: u64 = 0x87c3_7b91_1142_53d5;
const C2: u64 = 0x4cf5_ad43_2745_937f;

#[inline]
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

#[inline]
fn mix_k1(k1: u64) -> u64 {
    k1.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2)
}

#[inline]
fn mix_k2(k2: u64) -> u64 {
    k2.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1)
}

/// MurmurHash3 x64-128 of `data` with a 64-bit `seed` (both halves of the
/// state start at the seed, as in DataSketches); returns `(h1, h2)`, the two
/// 64-bit words of the digest read little-endian.
///
/// # Example
///
/// ```
/// use sketchfold::hash::{murmur3_x64_128, DATASKETCHES_SEED};
///
/// // DataSketches' reference vector for update(0).
/// let (h1, h2) = murmur3_x64_128(&0i64.to_le_bytes(), DATASKETCHES_SEED);
/// assert_eq!(h1, 0x40890191dcc2d7cb);
/// assert_eq!(h2, 0x9a7acdbe1b80efb2);
/// ```
pub fn murmur3_x64_128(data: &[u8], seed: u64) -> (u64, u64) {
    let mut h1 = seed;
    let mut h2 = seed;
    let mut blocks = data.chunks_exact(16);
    for block in &mut blocks {
        let (lo, hi) = block.split_at(8);
        let k1 = u64::from_le_bytes(lo.try_into().expect("8 bytes"));
        let k2 = u64::from_le_bytes(hi.try_into().expect("8 bytes"));
        h1 ^= mix_k1(k1);
        h1 = h1.rotate_left(27).wrapping_add(h2);
        h1 = h1.wrapping_mul(5).wrapping_add(0x52dc_e729);
        h2 ^= mix_k2(k2);
        h2 = h2.rotate_left(31).wrapping_add(h1);
        h2 = h2.wrapping_mul(5).wrapping_add(0x3849_5ab5);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        let mut buf = [0u8; 16];
        buf[..tail.len()].copy_from_slice(tail);
        let k1 = u64::from_le_bytes(buf[..8].try_into().expect("8 bytes"));
        let k2 = u64::from_le_bytes(buf[8..].try_into().expect("8 bytes"));
        if tail.len() > 8 {
            h2 ^= mix_k2(k2);
        }
        h1 ^= mix_k1(k1);
    }
    let len = data.len() as u64;
    h1 ^= len;
    h2 ^= len;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    (h1, h2)
}

/// The 16-bit seed hash DataSketches stores in Theta, CPC and Count-Min
/// images: the low 16 bits of h1 of MurmurHash3(seed as 8 little-endian
/// bytes, seed 0). For seed 9001 it is `0x93CC`.
pub fn datasketches_seed_hash(seed: u64) -> u16 {
    (murmur3_x64_128(&seed.to_le_bytes(), 0).0 & 0xFFFF) as u16
}
