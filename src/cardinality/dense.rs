//! The dense representation: one byte per register, with the histogram of
//! register values kept up to date by inserts so that an estimate costs
//! O(q), not O(m).

use std::sync::OnceLock;

#[derive(Clone)]
pub(crate) struct Dense {
    pub(crate) registers: Box<[u8]>,
    /// `hist[k]` = number of registers holding value `k`. Inserts keep it
    /// current; a bulk change (merge, fold) clears it and the next estimate
    /// recomputes it once (O(m)), through `&self`.
    hist: OnceLock<[u32; 64]>,
}

impl Dense {
    pub(crate) fn new(m: usize) -> Dense {
        let mut hist = [0u32; 64];
        hist[0] = m as u32;
        Dense {
            registers: vec![0u8; m].into_boxed_slice(),
            hist: OnceLock::from(hist),
        }
    }

    pub(crate) fn from_registers(registers: Box<[u8]>) -> Dense {
        Dense {
            registers,
            hist: OnceLock::new(),
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
        let mut hist = self.hist.get_mut();
        for h in hashes {
            let value = super::hashing::xxh3_value(h);
            let r = &mut registers[h as usize & mask];
            let old = *r;
            if value > old {
                *r = value;
                if let Some(hist) = hist.as_deref_mut() {
                    hist[usize::from(old & 63)] -= 1;
                    hist[usize::from(value & 63)] += 1;
                }
            }
        }
    }

    #[inline]
    fn changed(&mut self, old: u8, new: u8) {
        if let Some(hist) = self.hist.get_mut() {
            hist[usize::from(old & 63)] -= 1;
            hist[usize::from(new & 63)] += 1;
        }
    }

    /// Forgets the histogram after registers changed in bulk.
    pub(crate) fn invalidate(&mut self) {
        self.hist = OnceLock::new();
    }

    /// The histogram: cached, or computed once (O(m)) and cached.
    pub(crate) fn histogram(&self) -> &[u32; 64] {
        self.hist.get_or_init(|| histogram(&self.registers))
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
