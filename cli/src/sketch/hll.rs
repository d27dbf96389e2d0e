//! HyperLogLog files: sketchfold's own and DataSketches HLL images.
//!
//! A sketch that hashes as DataSketches does is estimated as DataSketches
//! estimates it, so that the answers are Spark's: an image read as it is
//! keeps its HIP estimate (`hll_sketch_estimate`), a merge of several is
//! estimated as DataSketches estimates a union result (`hll_union`,
//! `hll_union_agg`), and a sketch in sketchfold's form as DataSketches
//! would estimate its image. A sketch with sketchfold's own hashing has
//! sketchfold's estimate.

use std::any::Any;

use sketchfold::algebra::Semigroup;
use sketchfold::cardinality::{DataSketchesHll, Hashing, HllMode, HyperLogLog, TgtHllType};
use sketchfold::codec::Codec;

use super::args::WriteForm;
use super::loaded::{same, Loaded, Query};
use super::report::Report;
use super::seed::seed_label;

/// A HyperLogLog and, if it was read from a DataSketches image and not
/// merged since, that image (its mode, type and HIP estimate).
pub struct Hll {
    /// The registers or coupons.
    pub sketch: HyperLogLog,
    /// The image it was read from and its bytes, until a merge.
    pub image: Option<(DataSketchesHll, Vec<u8>)>,
    /// The HLL type of the image it was read from (kept after merges: the
    /// type a DataSketches form is written in by default).
    pub target: Option<TgtHllType>,
}

impl Hll {
    /// A sketch read from sketchfold's bytes.
    pub fn own(sketch: HyperLogLog) -> Hll {
        Hll {
            sketch,
            image: None,
            target: None,
        }
    }

    /// A sketch read from a DataSketches image (`bytes`).
    pub fn image(image: DataSketchesHll, bytes: &[u8]) -> Hll {
        Hll {
            sketch: image.to_hyperloglog(),
            target: Some(image.target()),
            image: Some((image, bytes.to_vec())),
        }
    }

    /// The DataSketches sketch whose estimate is reported: the image, or
    /// the sketch as DataSketches would hold it. `None` for sketchfold's
    /// own hashing.
    fn datasketches(&self) -> Option<DataSketchesHll> {
        match &self.image {
            Some((image, _)) => Some(image.clone()),
            None => DataSketchesHll::from_hyperloglog(
                &self.sketch,
                self.target.unwrap_or(TgtHllType::Hll8),
            )
            .ok(),
        }
    }
}

impl Hll {
    /// The HLL type `form` writes, `None` for sketchfold's form.
    fn target_of(&self, form: WriteForm) -> Option<TgtHllType> {
        match form {
            WriteForm::Sketchfold => None,
            WriteForm::Datasketches => Some(self.target.unwrap_or(TgtHllType::Hll8)),
            WriteForm::Hll4 => Some(TgtHllType::Hll4),
            WriteForm::Hll6 => Some(TgtHllType::Hll6),
            WriteForm::Hll8 => Some(TgtHllType::Hll8),
        }
    }
}

/// DataSketches' name of an HLL type.
pub fn type_name(t: TgtHllType) -> &'static str {
    match t {
        TgtHllType::Hll4 => "HLL_4",
        TgtHllType::Hll6 => "HLL_6",
        TgtHllType::Hll8 => "HLL_8",
    }
}

impl Loaded for Hll {
    fn kind(&self) -> String {
        "HyperLogLog".to_string()
    }

    fn summary(&self) -> Report {
        let mut r = Report::default();
        let s = &self.sketch;
        r.add("precision", s.precision());
        r.add("registers", s.register_count());
        r.add(
            "hashing",
            match s.hashing() {
                Hashing::DataSketches => "DataSketches (MurmurHash3, seed 9001)".to_string(),
                Hashing::Xxh3 { seed } => format!("xxh3, {}", seed_label(seed)),
                other => other.to_string(),
            },
        );
        match &self.image {
            Some((image, _)) => {
                r.add("hll_type", type_name(image.target()));
                r.add(
                    "mode",
                    match image.mode() {
                        HllMode::List => "LIST",
                        HllMode::Set => "SET",
                        HllMode::Hll => "HLL",
                    },
                );
                r.add("out_of_order", image.is_out_of_order());
            }
            None => r.add("mode", if s.is_sparse() { "sparse" } else { "dense" }),
        }
        r
    }

    fn answers(&self, q: &Query<'_>) -> Result<Report, String> {
        let mut r = Report::default();
        let sd = q.std_devs;
        match self.datasketches() {
            Some(ds) => {
                let estimator = match (ds.mode(), ds.is_out_of_order()) {
                    (HllMode::List | HllMode::Set, _) => "DataSketches coupon count",
                    (HllMode::Hll, false) => "DataSketches HIP",
                    (HllMode::Hll, true) => "DataSketches composite (union result)",
                };
                r.add("estimate", ds.estimate());
                let b = ds.bounds(f64::from(sd)).map_err(|e| e.to_string())?;
                r.add("lower_bound", b.lower);
                r.add("upper_bound", b.upper);
                r.add("estimator", estimator);
            }
            None => {
                let b = self
                    .sketch
                    .bounds(f64::from(sd))
                    .map_err(|e| e.to_string())?;
                r.add("estimate", self.sketch.estimate());
                r.add("lower_bound", b.lower);
                r.add("upper_bound", b.upper);
                r.add("estimator", "sketchfold");
            }
        }
        r.add("std_devs", sd);
        Ok(r)
    }

    fn check_merge(&self, other: &dyn Loaded) -> sketchfold::Result<()> {
        self.sketch.check_merge(&same(self, other)?.sketch)
    }

    fn merge(&mut self, other: &dyn Loaded) -> sketchfold::Result<()> {
        let other = same(self, other)?;
        self.sketch.merge(&other.sketch)?;
        self.image = None;
        self.target = self.target.or(other.target);
        Ok(())
    }

    fn write(&self, form: WriteForm) -> Result<Vec<u8>, String> {
        let Some(target) = self.target_of(form) else {
            return Ok(self.sketch.encode());
        };
        match &self.image {
            // The image itself, as it was read (its HIP estimate included).
            Some((image, bytes)) if image.target() == target => Ok(bytes.clone()),
            _ => self
                .sketch
                .to_datasketches_bytes(target)
                .map_err(|e| e.to_string()),
        }
    }

    fn written_format(&self, form: WriteForm, bytes: &[u8]) -> String {
        match self.target_of(form) {
            Some(t) => format!("DataSketches {}", type_name(t)),
            None => format!("sketchfold v{}", bytes.get(5).copied().unwrap_or(0)),
        }
    }

    fn native_form(&self) -> WriteForm {
        match self.target {
            Some(_) => WriteForm::Datasketches,
            None => WriteForm::Sketchfold,
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
