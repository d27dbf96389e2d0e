//! A sketch read from a file, whatever its family: what every family
//! answers to `inspect`, `merge`, `convert` and `estimate`.

use std::any::Any;

use sketchfold::Error;

use super::args::{ItemType, WriteForm};
use super::report::Report;
use crate::rank::Rank;

/// An item given with `--item`, parsed as the `--item-type` says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A string.
    Str(String),
    /// A signed integer.
    I64(i64),
    /// An unsigned integer.
    U64(u64),
}

impl Item {
    /// Parses `text` as an item of type `ty`.
    ///
    /// # Errors
    ///
    /// A message if `text` is not a number of the type.
    pub fn parse(text: &str, ty: ItemType) -> Result<Item, String> {
        let bad = |what: &str| format!("--item '{text}' is not {what} (--item-type)");
        Ok(match ty {
            ItemType::String => Item::Str(text.to_string()),
            ItemType::I64 => Item::I64(text.parse().map_err(|_| bad("an i64"))?),
            ItemType::U64 => Item::U64(text.parse().map_err(|_| bad("a u64"))?),
        })
    }

    /// The item as it was given, for the report.
    pub fn label(&self) -> String {
        match self {
            Item::Str(s) => s.clone(),
            Item::I64(i) => i.to_string(),
            Item::U64(u) => u.to_string(),
        }
    }
}

/// What a question asks of a sketch besides its summary.
pub struct Query<'a> {
    /// Ranks of quantile sketches.
    pub ranks: &'a [Rank],
    /// Standard deviations of distinct-count bounds (1 to 3).
    pub std_devs: u8,
    /// Heavy hitters listed.
    pub top: usize,
    /// Items to count, look up or rank.
    pub items: &'a [Item],
    /// The raw `--item` texts (KLL ranks them as its own item type).
    pub item_texts: &'a [String],
    /// Another sketch to compare with (MinHash similarity).
    pub with: Option<&'a dyn Loaded>,
}

/// A sketch read from a file.
pub trait Loaded: Any {
    /// The family and item type, e.g. `KLL of f64` (two sketches merge
    /// only if they have the same kind).
    fn kind(&self) -> String;

    /// Parameters and state: precision, k, seed, mode, counts.
    fn summary(&self) -> Report;

    /// The answers: an estimate and bounds, quantiles, heavy hitters, and
    /// what the query's items and other sketch ask.
    ///
    /// # Errors
    ///
    /// A message if the query does not fit the sketch.
    fn answers(&self, q: &Query<'_>) -> Result<Report, String>;

    /// Whether `other` (of the same kind) merges into this sketch.
    ///
    /// # Errors
    ///
    /// The library's error naming what differs.
    fn check_merge(&self, other: &dyn Loaded) -> sketchfold::Result<()>;

    /// Merges `other` (of the same kind) in.
    ///
    /// # Errors
    ///
    /// As [`check_merge`](Self::check_merge), and an overflowing count.
    fn merge(&mut self, other: &dyn Loaded) -> sketchfold::Result<()>;

    /// The sketch in `form`.
    ///
    /// # Errors
    ///
    /// A message if the family has no such form (a DataSketches image of a
    /// DDSketch) or the sketch cannot take it (a DataSketches image of a
    /// HyperLogLog that does not hash as DataSketches does).
    fn write(&self, form: WriteForm) -> Result<Vec<u8>, String>;

    /// The name of the format of `bytes`, which [`write`](Self::write)
    /// wrote in `form`, e.g. `sketchfold v1` or `DataSketches HLL_4`.
    fn written_format(&self, form: WriteForm, bytes: &[u8]) -> String {
        match form {
            WriteForm::Sketchfold => format!("sketchfold v{}", bytes.get(5).copied().unwrap_or(0)),
            _ => "DataSketches".to_string(),
        }
    }

    /// The form written when none is asked for: the one the sketch was
    /// read in.
    fn native_form(&self) -> WriteForm {
        WriteForm::Sketchfold
    }

    /// The value, for downcasting.
    fn as_any(&self) -> &dyn Any;
}

/// `other` as `T`, the type of the sketch it merges with.
///
/// # Errors
///
/// An incompatible-merge error if it is another kind (callers compare
/// kinds first, so this is a second line of defence).
pub fn same<'a, T: Loaded>(this: &T, other: &'a dyn Loaded) -> sketchfold::Result<&'a T> {
    other
        .as_any()
        .downcast_ref::<T>()
        .ok_or_else(|| Error::incompatible("family", this.kind(), other.kind()))
}

/// The message for a form a family does not have.
pub fn no_form(kind: &str, form: WriteForm) -> String {
    let name = match form {
        WriteForm::Sketchfold => "sketchfold",
        WriteForm::Datasketches => "DataSketches",
        WriteForm::Hll4 => "HLL_4",
        WriteForm::Hll6 => "HLL_6",
        WriteForm::Hll8 => "HLL_8",
    };
    format!(
        "a {kind} has no {name} form: DataSketches images exist for HyperLogLog (hll4, hll6, \
         hll8, datasketches) and KLL (datasketches); every sketch has the sketchfold form"
    )
}

/// Implements the merge and write methods shared by families that have
/// only sketchfold's form.
macro_rules! own_form_only {
    () => {
        fn check_merge(
            &self,
            other: &dyn $crate::sketch::loaded::Loaded,
        ) -> sketchfold::Result<()> {
            sketchfold::algebra::Semigroup::check_merge(
                self,
                $crate::sketch::loaded::same(self, other)?,
            )
        }

        fn merge(&mut self, other: &dyn $crate::sketch::loaded::Loaded) -> sketchfold::Result<()> {
            let other = $crate::sketch::loaded::same(self, other)?;
            sketchfold::algebra::Semigroup::merge(self, other)
        }

        fn write(&self, form: $crate::sketch::args::WriteForm) -> Result<Vec<u8>, String> {
            match form {
                $crate::sketch::args::WriteForm::Sketchfold => {
                    Ok(sketchfold::codec::Codec::encode(self))
                }
                other => Err($crate::sketch::loaded::no_form(&self.kind(), other)),
            }
        }

        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    };
}

pub(crate) use own_form_only;
