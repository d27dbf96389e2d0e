//! KLL files: sketchfold's own and DataSketches KLL images of floats,
//! doubles and longs. Quantiles and ranks are DataSketches Java's (what
//! Spark's `kll_sketch_get_quantile_*` return).

use std::any::Any;
use std::fmt::Display;
use std::str::FromStr;

use serde_json::Value;
use sketchfold::algebra::Semigroup;
use sketchfold::codec::Codec;
use sketchfold::quantiles::{Kll, KllItem};

use super::args::WriteForm;
use super::loaded::{no_form, same, Loaded, Query};
use super::report::Report;
use super::seed::seed_label;

/// A KLL sketch and whether it was read from a DataSketches image.
pub struct KllFile<T: KllItem> {
    /// The sketch.
    pub sketch: Kll<T>,
    /// Read from a DataSketches image (so written as one by default).
    pub image: bool,
}

/// The item types a KLL file can hold.
pub trait KllValue: KllItem + Display + FromStr + Into<Value> {
    /// DataSketches' and Spark's name of the type.
    const DATASKETCHES: &'static str;
}

impl KllValue for f32 {
    const DATASKETCHES: &'static str = "float";
}

impl KllValue for f64 {
    const DATASKETCHES: &'static str = "double";
}

impl KllValue for i64 {
    const DATASKETCHES: &'static str = "long";
}

impl<T: KllValue> Loaded for KllFile<T> {
    fn kind(&self) -> String {
        format!("KLL of {}", T::NAME)
    }

    fn summary(&self) -> Report {
        let s = &self.sketch;
        let mut r = Report::default();
        r.add("items", T::DATASKETCHES);
        r.add("k", s.k());
        r.add("min_k", s.min_k());
        r.add("n", s.count());
        r.add("retained", s.retained() as u64);
        r.add(
            "mode",
            if s.is_estimation_mode() {
                "estimation"
            } else {
                "exact"
            },
        );
        r.add("normalized_rank_error", s.normalized_rank_error(false));
        if !self.image {
            r.add("seed", seed_label(s.seed()));
        }
        r
    }

    fn answers(&self, q: &Query<'_>) -> Result<Report, String> {
        let s = &self.sketch;
        let mut r = Report::default();
        r.add("min", s.min().map(Into::into));
        r.add("max", s.max().map(Into::into));
        let ranks: Vec<f64> = q.ranks.iter().map(|k| k.value).collect();
        let quantiles = s.quantiles(&ranks).map_err(|e| e.to_string())?;
        for (i, rank) in q.ranks.iter().enumerate() {
            let value: Option<Value> = quantiles.as_ref().map(|v| v[i].into());
            r.add(rank.name.clone(), value);
        }
        for text in q.item_texts {
            let x: T = text
                .parse()
                .map_err(|_| format!("--item '{text}' is not a {}", T::NAME))?;
            if KllItem::is_nan(x) {
                return Err(format!("--item '{text}': NaN has no rank"));
            }
            r.add(
                format!("rank({text})"),
                s.rank(x).map_err(|e| e.to_string())?,
            );
        }
        Ok(r)
    }

    fn check_merge(&self, other: &dyn Loaded) -> sketchfold::Result<()> {
        self.sketch.check_merge(&same(self, other)?.sketch)
    }

    fn merge(&mut self, other: &dyn Loaded) -> sketchfold::Result<()> {
        let other = same(self, other)?;
        self.sketch.merge(&other.sketch)
    }

    fn write(&self, form: WriteForm) -> Result<Vec<u8>, String> {
        match form {
            WriteForm::Sketchfold => Ok(self.sketch.encode()),
            WriteForm::Datasketches => Ok(self.sketch.to_datasketches_bytes()),
            other => Err(no_form(&self.kind(), other)),
        }
    }

    fn written_format(&self, form: WriteForm, bytes: &[u8]) -> String {
        match form {
            WriteForm::Sketchfold => format!("sketchfold v{}", bytes.get(5).copied().unwrap_or(0)),
            _ => format!("DataSketches KLL {}", T::DATASKETCHES),
        }
    }

    fn native_form(&self) -> WriteForm {
        if self.image {
            WriteForm::Datasketches
        } else {
            WriteForm::Sketchfold
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
