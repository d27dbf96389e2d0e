//! The dense representation: one byte per register, with the histogram of
//! register values and its fixed-point weight kept up to date by inserts so
//! that an estimate costs O(1), not O(m).

use std::sync::OnceLock;

use super::estimator::{weight_of, weight_of_histogram};

/// What the estimator needs of the registers: `hist[k]` = number of
/// registers holding value `k`, and `weight` = the sum over registers of
/// 2^(64 - value) (see [`weight_of`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RegisterStats {
    pub(crate) hist: [u32; 64],
    pub(crate) weight: u128,
}

impl RegisterStats {
    fn of(registers: &[u8]) -> RegisterStats {
        let hist = histogram(registers);
        RegisterStats {
            hist,
            weight: weight_of_histogram(&hist),
        }
    }

    #[inline(always)]
    fn changed(&mut self, old: u8, new: u8) {
        self.hist[usize::from(old & 63)] -= 1;
        self.hist[usize::from(new & 63)] += 1;
        self.weight = self.weight - weight_of(old) + weight_of(new);
    }
}

#[derive(Clone)]
pub(crate) struct Dense {
    pub(crate) registers: Box<[u8]>,
    /// The histogram and weight. Inserts keep them current; a bulk change
    /// (merge, fold) clears them and the next estimate recomputes them once
    /// (O(m)), through `&self`.
    stats: OnceLock<RegisterStats>,
}

impl Dense {
    pub(crate) fn new(m: usize) -> Dense {
        let mut hist = [0u32; 64];
        hist[0] = m as u32;
        let stats = RegisterStats {
            hist,
            weight: weight_of_histogram(&hist),
        };
        Dense {
            registers: vec![0u8; m].into_boxed_slice(),
            stats: OnceLock::from(stats),
        }
    }

    pub(crate) fn from_registers(registers: Box<[u8]>) -> Dense {
        Dense {
            registers,
            stats: OnceLock::new(),
        }
    }

    /// Sets register `idx` to `value` if that is larger.
    #[inline(always)]
    pub(crate) fn update(&mut self, idx: usize, value: u8) {
        let r = &mut self.registers[idx];
        let old = *r;
        if value > old {
            *r = value;
            self.changed(old, value);
        }
    }

    /// Inserts native 64-bit hashes (index = low bits, value from the
    /// leading zeros), with the registers and histogram borrowed once for
    /// the whole batch.
    #[inline]
    pub(crate) fn update_hashes(&mut self, hashes: impl Iterator<Item = u64>) {
        let mask = self.registers.len() - 1;
        let registers = &mut self.registers[..];
        let mut stats = self.stats.get_mut();
        for h in hashes {
            let value = super::hashing::xxh3_value(h);
            let r = &mut registers[h as usize & mask];
            let old = *r;
            if value > old {
                *r = value;
                if let Some(stats) = stats.as_deref_mut() {
                    stats.changed(old, value);
                }
            }
        }
    }

    #[inline]
    fn changed(&mut self, old: u8, new: u8) {
        if let Some(stats) = self.stats.get_mut() {
            stats.changed(old, new);
        }
    }

    /// Forgets the histogram after registers changed in bulk.
    pub(crate) fn invalidate(&mut self) {
        self.stats = OnceLock::new();
    }

    /// The histogram and weight: cached, or computed once (O(m)) and
    /// cached.
    pub(crate) fn stats(&self) -> &RegisterStats {
        self.stats
            .get_or_init(|| RegisterStats::of(&self.registers))
    }

    /// Register-wise maximum with `other`, whose length is a multiple of
    /// ours (a finer precision folds down on the fly).
    pub(crate) fn max_with(&mut self, other: &[u8]) {
        for chunk in other.chunks_exact(self.registers.len()) {
            max_into(&mut self.registers, chunk);
        }
        self.invalidate();
    }

    /// Registers folded down to `m` registers.
    pub(crate) fn folded(&self, m: usize) -> Dense {
        let mut out = Dense::new(m);
        out.max_with(&self.registers);
        out
    }
}

/// `dst[i] = max(dst[i], src[i])`; written so that it vectorises.
#[inline]
pub(crate) fn max_into(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = (*d).max(*s);
    }
}

fn histogram(registers: &[u8]) -> [u32; 64] {
    // Four partial histograms break the store-to-load dependency between
    // equal neighbouring values.
    let mut h = [[0u32; 64]; 4];
    let mut chunks = registers.chunks_exact(4);
    for c in &mut chunks {
        h[0][usize::from(c[0] & 63)] += 1;
        h[1][usize::from(c[1] & 63)] += 1;
        h[2][usize::from(c[2] & 63)] += 1;
        h[3][usize::from(c[3] & 63)] += 1;
    }
    for &r in chunks.remainder() {
        h[0][usize::from(r & 63)] += 1;
    }
    let mut out = [0u32; 64];
    for (k, o) in out.iter_mut().enumerate() {
        *o = h[0][k] + h[1][k] + h[2][k] + h[3][k];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_keep_the_histogram_and_weight_equal_to_a_recount() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for m in [16usize, 1024, 1 << 14] {
            let mut d = Dense::new(m);
            for round in 0..20 {
                for _ in 0..(m / 4) {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    if round % 2 == 0 {
                        d.update((state as usize) & (m - 1), (state >> 58) as u8 % 40);
                    } else {
                        d.update_hashes(std::iter::once(state));
                    }
                }
                assert_eq!(*d.stats(), RegisterStats::of(&d.registers), "m={m}");
            }
        }
    }
}
