//! Between [`DataSketchesHll`] and [`HyperLogLog`], and the DataSketches
//! methods of [`HyperLogLog`].

use super::coupons::Coupons;
use super::registers::Registers;
use super::sketch::State;
use super::{DataSketchesHll, TgtHllType};
use crate::cardinality::dense::Dense;
use crate::cardinality::hashing::Hashing;
use crate::cardinality::sketch::Repr;
use crate::cardinality::sparse::Sparse;
use crate::cardinality::HyperLogLog;
use crate::error::{Error, Result};

impl DataSketchesHll {
    /// The sketch as a sketchfold [`HyperLogLog`] with
    /// [`Hashing::DataSketches`] and precision `lg_k`: the coupons of a LIST
    /// or SET (sparse; dense if they exceed the sparse limit of `3/16` of the
    /// registers, which only a LIST at lgK 4 or 5 can), or the registers of
    /// HLL mode (dense). It merges with sketches built by
    /// [`HllParams::datasketches`](crate::cardinality::HllParams::datasketches).
    ///
    /// Two coupons of one 26-bit slot with different values, which
    /// DataSketches' coupon modes keep side by side, become one (the larger),
    /// as in every sketchfold sketch. The HIP accumulator is not kept.
    pub fn to_hyperloglog(&self) -> HyperLogLog {
        match &self.state {
            State::List(c) | State::Set(c) => {
                let mut hll = HyperLogLog {
                    precision: self.lg_k,
                    hashing: Hashing::DataSketches,
                    repr: Repr::Sparse(Sparse::default()),
                };
                c.iter().for_each(|coupon| hll.insert_coupon(coupon));
                hll
            }
            State::Hll(r) => HyperLogLog {
                precision: self.lg_k,
                hashing: Hashing::DataSketches,
                repr: Repr::Dense(Dense::from_registers(r.registers.clone())),
            },
        }
    }

    /// The DataSketches sketch holding what `hll` holds, as DataSketches
    /// would hold it with target type `target`:
    ///
    /// - a sparse sketch whose coupons fit DataSketches' coupon modes (at
    ///   most 7, or, at lgK 8 and up, at most `3/4 * 2^(lgK - 3)`) becomes a
    ///   LIST or SET of those coupons, inserted in slot order;
    /// - any other sketch becomes HLL mode, flagged out of order, as the
    ///   result of a DataSketches union is: a [`HyperLogLog`] has no HIP
    ///   accumulator (it depends on the order of the updates and is void
    ///   after a merge), so DataSketches estimates it with its composite
    ///   estimator. The registers are replayed in index order, as
    ///   DataSketches converts a union result to `target`, which fixes the
    ///   kxq sums, HLL_4's `curMin` and its aux table layout.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) unless
    /// `hll` uses [`Hashing::DataSketches`]: registers of another hash mean
    /// nothing to DataSketches.
    pub fn from_hyperloglog(hll: &HyperLogLog, target: TgtHllType) -> Result<DataSketchesHll> {
        if hll.hashing() != Hashing::DataSketches {
            return Err(Error::invalid_parameter(
                "hashing",
                hll.hashing(),
                "Hashing::DataSketches (build the sketch with HllParams::datasketches): \
                 a DataSketches image holds MurmurHash3 seed 9001 coupons",
            ));
        }
        let lg_k = hll.precision();
        let mut out = DataSketchesHll::try_new(lg_k, target)?;
        match hll.coupons() {
            Some(coupons) if fits_coupon_modes(lg_k, coupons.len()) => {
                coupons.into_iter().for_each(|c| out.insert_coupon(c));
            }
            _ => out.state = State::Hll(Registers::from_merged(lg_k, target, &hll.registers())),
        }
        Ok(out)
    }
}

/// True if DataSketches holds `count` coupons in LIST or SET mode at `lg_k`.
fn fits_coupon_modes(lg_k: u8, count: usize) -> bool {
    count < 8 || (lg_k >= 8 && !Coupons::promotes(lg_k, count))
}

impl HyperLogLog {
    /// Reads an Apache DataSketches HLL image (family 7, serial version 1;
    /// LIST, SET or HLL mode; HLL_4, HLL_6 or HLL_8; compact or updatable)
    /// into a sketch with [`Hashing::DataSketches`] and precision lgK.
    ///
    /// LIST and SET coupons become a sparse sketch (dense if they exceed the
    /// sparse limit, which only a LIST at lgK 4 or 5 can); HLL-mode registers
    /// (HLL_4's `curMin` plus nibble, or its aux table) a dense one. The
    /// registers are exactly DataSketches': the sketch merges with
    /// [`HllParams::datasketches`](crate::cardinality::HllParams::datasketches) sketches of the same items.
    /// [`DataSketchesHll::from_bytes`] keeps everything else (mode, HIP).
    ///
    /// # Errors
    ///
    /// As [`DataSketchesHll::from_bytes`]: a decode error naming the field
    /// and byte for anything truncated, inconsistent or of another family,
    /// and for lgK outside `4..=21`.
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::cardinality::{HllParams, HyperLogLog, TgtHllType};
    ///
    /// let mut hll = HyperLogLog::with_params(HllParams::datasketches(12)?);
    /// (0..10_000i64).for_each(|i| hll.insert(&i));
    /// let bytes = hll.to_datasketches_bytes(TgtHllType::Hll4)?;
    /// assert_eq!(HyperLogLog::from_datasketches_bytes(&bytes)?, hll);
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn from_datasketches_bytes(bytes: &[u8]) -> Result<HyperLogLog> {
        Ok(DataSketchesHll::from_bytes(bytes)?.to_hyperloglog())
    }

    /// Writes the sketch as a compact Apache DataSketches HLL image with
    /// target type `target`, which every DataSketches library reads (see
    /// [`DataSketchesHll::from_hyperloglog`] for the mode chosen). A dense
    /// sketch is written as DataSketches writes a union result: HLL mode,
    /// out-of-order flag set, HIP accumulator 0; DataSketches then estimates
    /// it with its composite estimator.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) unless the
    /// sketch uses [`Hashing::DataSketches`].
    pub fn to_datasketches_bytes(&self, target: TgtHllType) -> Result<Vec<u8>> {
        Ok(DataSketchesHll::from_hyperloglog(self, target)?.to_compact_bytes())
    }
}
