//! Count-Min, TopK and SpaceSaving files (sketchfold's own format).

use std::hash::Hash;

use serde_json::{json, Value};
use sketchfold::codec::ItemCodec;
use sketchfold::frequency::{CountMin, SpaceSaving, TopK, TopKItem, UpdateRule};

use super::loaded::{own_form_only, Item, Loaded, Query};
use super::report::Report;
use super::seed::seed_label;

/// The item types heavy-hitter files are read with (`--item-type`).
pub trait KeptItem: TopKItem + Ord + ItemCodec + 'static {
    /// How the kind names the type.
    const NAME: &'static str;
    /// The `--item` value as this type, if it is one.
    fn from_item(item: &Item) -> Option<Self>;
    /// The item in a report.
    fn to_value(&self) -> Value;
}

impl KeptItem for String {
    const NAME: &'static str = "strings";
    fn from_item(item: &Item) -> Option<Self> {
        match item {
            Item::Str(s) => Some(s.clone()),
            _ => None,
        }
    }
    fn to_value(&self) -> Value {
        Value::from(self.as_str())
    }
}

impl KeptItem for i64 {
    const NAME: &'static str = "i64";
    fn from_item(item: &Item) -> Option<Self> {
        match item {
            Item::I64(i) => Some(*i),
            _ => None,
        }
    }
    fn to_value(&self) -> Value {
        Value::from(*self)
    }
}

impl KeptItem for u64 {
    const NAME: &'static str = "u64";
    fn from_item(item: &Item) -> Option<Self> {
        match item {
            Item::U64(u) => Some(*u),
            _ => None,
        }
    }
    fn to_value(&self) -> Value {
        Value::from(*self)
    }
}

/// The count estimate of `item` in `cm`, hashed as its type.
fn count_min_estimate<U: UpdateRule>(cm: &CountMin<U>, item: &Item) -> (i64, i64, i64) {
    let (est, b) = match item {
        Item::Str(s) => (cm.estimate(s.as_str()), cm.bounds(s.as_str())),
        Item::I64(i) => (cm.estimate(i), cm.bounds(i)),
        Item::U64(u) => (cm.estimate(u), cm.bounds(u)),
    };
    (est, b.lower, b.upper)
}

impl<U: UpdateRule + 'static> Loaded for CountMin<U> {
    fn kind(&self) -> String {
        format!("Count-Min ({})", U::NAME)
    }

    fn summary(&self) -> Report {
        let mut r = Report::default();
        r.add("width", self.width() as u64);
        r.add("depth", self.depth() as u64);
        r.add("update", U::NAME);
        r.add("seed", seed_label(self.seed()));
        r.add("total", self.count());
        r.add("error_bound", self.error_bound());
        r
    }

    fn answers(&self, q: &Query<'_>) -> Result<Report, String> {
        let mut r = Report::default();
        r.add("total", self.count());
        for item in q.items {
            let (est, lo, hi) = count_min_estimate(self, item);
            let label = item.label();
            r.add(format!("count({label})"), est);
            r.add(format!("count_bounds({label})"), json!([lo, hi]));
        }
        Ok(r)
    }

    own_form_only!();
}

impl<K: KeptItem> Loaded for TopK<K> {
    fn kind(&self) -> String {
        format!("TopK of {}", K::NAME)
    }

    fn summary(&self) -> Report {
        let cm = self.count_min();
        let mut r = Report::default();
        r.add("k", self.k() as u64);
        r.add("width", cm.width() as u64);
        r.add("depth", cm.depth() as u64);
        r.add("seed", seed_label(cm.seed()));
        r.add("total", cm.count());
        r.add("candidates", self.candidate_count() as u64);
        r
    }

    fn answers(&self, q: &Query<'_>) -> Result<Report, String> {
        let mut r = Report::default();
        let top: Vec<Value> = self
            .top()
            .into_iter()
            .take(q.top)
            .map(|(k, n)| json!([k.to_value(), n]))
            .collect();
        r.add("top", top);
        for item in q.items {
            let (est, lo, hi) = count_min_estimate(self.count_min(), item);
            let label = item.label();
            r.add(format!("count({label})"), est);
            r.add(format!("count_bounds({label})"), json!([lo, hi]));
        }
        Ok(r)
    }

    own_form_only!();
}

impl<K: KeptItem + Hash> Loaded for SpaceSaving<K> {
    fn kind(&self) -> String {
        format!("SpaceSaving of {}", K::NAME)
    }

    fn summary(&self) -> Report {
        let mut r = Report::default();
        r.add("capacity", self.capacity() as u64);
        r.add("counters", self.len() as u64);
        r.add("total", self.count());
        r.add("max_error", self.max_error());
        r
    }

    fn answers(&self, q: &Query<'_>) -> Result<Report, String> {
        let mut r = Report::default();
        let top: Vec<Value> = self
            .top(q.top)
            .into_iter()
            .map(|(k, b)| json!([k.to_value(), b.upper]))
            .collect();
        r.add("top", top);
        r.add("max_error", self.max_error());
        for item in q.items {
            let label = item.label();
            let bounds = K::from_item(item)
                .map(|k| self.bounds(&k))
                .ok_or_else(|| format!("--item {label} is not of the --item-type"))?;
            r.add(format!("count({label})"), bounds.upper);
            r.add(
                format!("count_bounds({label})"),
                json!([bounds.lower, bounds.upper]),
            );
        }
        Ok(r)
    }

    own_form_only!();
}
