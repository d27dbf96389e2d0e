//! The test table and helpers to run SQL on it.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::{DataType, Field, Float64Type, Schema, SchemaRef};
use datafusion::datasource::MemTable;
use datafusion::error::Result;
use datafusion::prelude::{SessionConfig, SessionContext};

use crate::rng::Rng;

/// Groups in the test table.
pub const GROUPS: usize = 5;

/// Rows in the test table.
pub const ROWS: usize = 100_000;

/// Rows per batch: many batches, so that round-robin repartitioning
/// spreads them over every partition.
pub const BATCH: usize = 1_000;

/// Distinct pages (fewer than the heavy-hitter capacity of 256).
pub const PAGES: usize = 100;

/// The test table's columns, in Rust.
pub struct Events {
    pub t: Vec<i64>,
    pub g: Vec<String>,
    pub user: Vec<i64>,
    pub page: Vec<String>,
    pub latency: Vec<f64>,
    pub day: Vec<i32>,
}

impl Events {
    /// `rows` events from `seed`: group `g<i>` has users from
    /// `0..5000 * (i + 1)`, pages are skewed towards `p0` (`p0` has 21.5%
    /// of the rows, `p1` 9%), latencies are Pareto-tailed, days run from 0
    /// to 6.
    pub fn generate(rows: usize, seed: u64) -> Events {
        let mut rng = Rng(seed);
        let mut e = Events {
            t: Vec::new(),
            g: Vec::new(),
            user: Vec::new(),
            page: Vec::new(),
            latency: Vec::new(),
            day: Vec::new(),
        };
        for t in 0..rows {
            let g = rng.below(GROUPS);
            let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
            e.t.push(t as i64);
            e.g.push(format!("g{g}"));
            e.user.push(rng.below(5_000 * (g + 1)) as i64);
            let v = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
            e.page
                .push(format!("p{}", (PAGES as f64 * v * v * v) as usize));
            e.latency.push(10.0 * (1.0 / (1.0 - u)).powf(0.7));
            e.day.push(rng.below(7) as i32);
        }
        e
    }

    pub fn schema() -> SchemaRef {
        Arc::new(Schema::new(vec![
            Field::new("t", DataType::Int64, false),
            Field::new("g", DataType::Utf8, false),
            Field::new("user", DataType::Int64, false),
            Field::new("page", DataType::Utf8, false),
            Field::new("latency", DataType::Float64, false),
            Field::new("day", DataType::Int32, false),
        ]))
    }

    /// The rows as batches of [`BATCH`] rows.
    pub fn batches(&self) -> Vec<RecordBatch> {
        (0..self.t.len())
            .step_by(BATCH)
            .map(|start| {
                let end = (start + BATCH).min(self.t.len());
                let columns: Vec<ArrayRef> = vec![
                    Arc::new(Int64Array::from(self.t[start..end].to_vec())),
                    Arc::new(StringArray::from(self.g[start..end].to_vec())),
                    Arc::new(Int64Array::from(self.user[start..end].to_vec())),
                    Arc::new(StringArray::from(self.page[start..end].to_vec())),
                    Arc::new(Float64Array::from(self.latency[start..end].to_vec())),
                    Arc::new(Int32Array::from(self.day[start..end].to_vec())),
                ];
                RecordBatch::try_new(Events::schema(), columns).unwrap()
            })
            .collect()
    }

    /// The latencies of group `g`.
    pub fn latencies(&self, g: &str) -> Vec<f64> {
        self.g
            .iter()
            .zip(&self.latency)
            .filter(|(x, _)| x.as_str() == g)
            .map(|(_, &l)| l)
            .collect()
    }
}

/// A context with sketchfold's functions, `target_partitions` partitions
/// and `events` registered as table `events` (one input partition of
/// many batches).
pub fn context(target_partitions: usize, events: &Events) -> SessionContext {
    context_with(
        SessionConfig::new().with_target_partitions(target_partitions),
        events,
    )
}

/// As [`context`], with any configuration.
pub fn context_with(config: SessionConfig, events: &Events) -> SessionContext {
    let ctx = SessionContext::new_with_config(config);
    sketchfold_datafusion::register(&ctx);
    let table = MemTable::try_new(Events::schema(), vec![events.batches()]).unwrap();
    ctx.register_table("events", Arc::new(table)).unwrap();
    ctx
}

/// Runs `sql`, the result as one batch.
pub async fn query(ctx: &SessionContext, sql: &str) -> Result<RecordBatch> {
    let df = ctx.sql(sql).await?;
    let schema = Arc::new(df.schema().as_arrow().clone());
    let batches = df.collect().await?;
    Ok(concat_batches(&schema, &batches)?)
}

/// Runs `sql`, which must fail; its error message.
pub async fn error_of(ctx: &SessionContext, sql: &str) -> String {
    match query(ctx, sql).await {
        Ok(batch) => panic!(
            "expected an error from {sql}, got {} rows",
            batch.num_rows()
        ),
        Err(e) => e.to_string(),
    }
}

/// Asserts that `message` contains every one of `parts`.
pub fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(
            message.contains(part),
            "error {message:?} does not mention {part:?}"
        );
    }
}

/// The `DOUBLE` column `name` of `batch`.
pub fn f64s(batch: &RecordBatch, name: &str) -> Vec<Option<f64>> {
    let column = batch.column_by_name(name).unwrap();
    let values = column.as_primitive::<Float64Type>();
    (0..values.len())
        .map(|i| values.is_valid(i).then(|| values.value(i)))
        .collect()
}

/// The string column `name` of `batch`.
pub fn strings(batch: &RecordBatch, name: &str) -> Vec<String> {
    let column = batch.column_by_name(name).unwrap();
    let column = datafusion::arrow::compute::cast(column, &DataType::Utf8).unwrap();
    column
        .as_string::<i32>()
        .iter()
        .map(|s| s.unwrap().to_string())
        .collect()
}

/// The fraction of `sorted` values at most `x`, and below `x`.
pub fn true_ranks(sorted: &[f64], x: f64) -> (f64, f64) {
    let n = sorted.len() as f64;
    let at_most = sorted.partition_point(|&v| v <= x) as f64 / n;
    let below = sorted.partition_point(|&v| v < x) as f64 / n;
    (at_most, below)
}
