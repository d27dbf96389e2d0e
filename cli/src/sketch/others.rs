//! Bloom filter, DDSketch, MinHash and skip-list files (sketchfold's own
//! format).

use std::any::Any;

use sketchfold::membership::BloomFilter;
use sketchfold::quantiles::DdSketch;
use sketchfold::similarity::MinHash;
use sketchfold::Error;

use super::args::WriteForm;
use super::loaded::{no_form, own_form_only, Item, Loaded, Query};
use super::report::Report;
use super::seed::seed_label;

impl Loaded for BloomFilter {
    fn kind(&self) -> String {
        "Bloom filter".to_string()
    }

    fn summary(&self) -> Report {
        let mut r = Report::default();
        r.add("layout", self.layout().to_string());
        r.add("blocks", self.block_count() as u64);
        r.add("bits", self.bit_count());
        r.add("seed", seed_label(self.seed()));
        r.add("bits_set", self.count_ones());
        r
    }

    fn answers(&self, q: &Query<'_>) -> Result<Report, String> {
        let mut r = Report::default();
        r.add("estimated_items", self.estimate_distinct());
        r.add("false_positive_rate", self.current_fpr());
        for item in q.items {
            let maybe = match item {
                Item::Str(s) => self.contains(s.as_str()),
                Item::I64(i) => self.contains(i),
                Item::U64(u) => self.contains(u),
            };
            r.add(format!("contains({})", item.label()), maybe);
        }
        Ok(r)
    }

    own_form_only!();
}

impl Loaded for DdSketch {
    fn kind(&self) -> String {
        "DDSketch".to_string()
    }

    fn summary(&self) -> Report {
        let mut r = Report::default();
        r.add("alpha", self.alpha());
        r.add("max_buckets", self.params().max_buckets() as u64);
        r.add("count", self.count());
        r.add("zero_count", self.zero_count());
        r.add("buckets", self.bucket_count() as u64);
        r
    }

    fn answers(&self, q: &Query<'_>) -> Result<Report, String> {
        let mut r = Report::default();
        let text = |e: Error| e.to_string();
        r.add("count", self.count());
        r.add("min", self.min());
        r.add("max", self.max());
        r.add("sum", self.sum());
        let ranks: Vec<f64> = q.ranks.iter().map(|k| k.value).collect();
        let quantiles = self.quantiles(&ranks).map_err(text)?;
        for (i, rank) in q.ranks.iter().enumerate() {
            r.add(rank.name.clone(), quantiles.as_ref().map(|v| v[i]));
        }
        Ok(r)
    }

    own_form_only!();
}

impl Loaded for MinHash {
    fn kind(&self) -> String {
        "MinHash".to_string()
    }

    fn summary(&self) -> Report {
        let mut r = Report::default();
        r.add("k", self.k() as u64);
        r.add("variant", self.variant().to_string());
        r.add("seed", seed_label(self.seed()));
        r.add("empty_bins", self.empty_bins() as u64);
        r
    }

    fn answers(&self, q: &Query<'_>) -> Result<Report, String> {
        let mut r = Report::default();
        r.add("empty_set", self.is_empty());
        if let Some(other) = q.with {
            let other = other.as_any().downcast_ref::<MinHash>().ok_or_else(|| {
                format!(
                    "--with holds a {}: the similarity is between two MinHash sketches",
                    other.kind()
                )
            })?;
            let j = self.jaccard_estimate(other).map_err(|e| e.to_string())?;
            r.add("jaccard", j.estimate);
            r.add("jaccard_standard_error", j.standard_error);
        }
        Ok(r)
    }

    own_form_only!();
}

/// A skip list: its bytes do not record its key and value types, which
/// decoding needs, so the tool shows its header and copies it, and merges
/// are left to Rust code that knows the types.
pub struct SkipListFile {
    /// The encoded list.
    pub bytes: Vec<u8>,
}

impl Loaded for SkipListFile {
    fn kind(&self) -> String {
        "skip list".to_string()
    }

    fn summary(&self) -> Report {
        let mut r = Report::default();
        r.add(
            "note",
            "keys and values are not decoded: the bytes do not record their types",
        );
        r
    }

    fn answers(&self, _: &Query<'_>) -> Result<Report, String> {
        Ok(Report::default())
    }

    fn check_merge(&self, _: &dyn Loaded) -> sketchfold::Result<()> {
        Err(Error::invalid_parameter(
            "skip list",
            "a file",
            "a sketch whose bytes record its types: merge skip lists in Rust, \
             with SkipList<K, V> of their key and value types",
        ))
    }

    fn merge(&mut self, other: &dyn Loaded) -> sketchfold::Result<()> {
        self.check_merge(other)
    }

    fn write(&self, form: WriteForm) -> Result<Vec<u8>, String> {
        match form {
            WriteForm::Sketchfold => Ok(self.bytes.clone()),
            other => Err(no_form(&self.kind(), other)),
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
