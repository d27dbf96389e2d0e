//! sketchfold's mergeable sketches as Apache DataFusion SQL functions.
//!
//! Each family has an aggregate that builds a sketch from values
//! (`<family>_agg`), an aggregate that merges stored sketches
//! (`<family>_merge`) and scalar functions that answer from a sketch. A
//! sketch travels as its sketchfold encoding (`BINARY`): it is the
//! aggregates' partial state, so DataFusion's final aggregation step
//! decodes the partials of every partition and merges them with the
//! algebra, and it is what a query returns, so sketches can be stored (in
//! Parquet, say) and merged at query time, the pattern of Druid and of
//! Spark's `hll_sketch_agg`.
//!
//! | question | build | merge stored | answer |
//! | --- | --- | --- | --- |
//! | how many distinct? | `hll_agg(value [, precision])` | `hll_merge(sketch)` | `hll_estimate(sketch)` |
//! | which value at a rank? | `kll_agg(number [, k])` | `kll_merge(sketch)` | `kll_quantile(sketch, rank)` |
//! | which value at a rank, within a relative error? | `ddsketch_agg(number [, alpha [, max_buckets]])` | `ddsketch_merge(sketch)` | `ddsketch_quantile(sketch, rank)` |
//! | is this item in the set? | `bloom_agg(value [, expected_items [, fpr]])` | `bloom_merge(sketch)` | `bloom_contains(sketch, item)` |
//! | which items most often? | `space_saving_agg(value [, capacity])` | `space_saving_merge(sketch)` | `space_saving_top(sketch, m)` |
//! | how often is this item? | `count_min_agg(value [, width [, depth]])` | `count_min_merge(sketch)` | `count_min_estimate(sketch, item)` |
//!
//! Parameters are constants; defaults: precision 12, `k` 200, alpha 0.01
//! and 2048 buckets, 100,000 expected items at fpr 0.01, capacity 64,
//! width 2048 and depth 5. Each sketch's accuracy, memory and merge laws
//! are documented on its sketchfold type.
//!
//! # Values
//!
//! `hll`, `bloom` and `count_min` hash strings, binary, integers, floats
//! and booleans as sketchfold's `StableHash` does (every integer width
//! alike, so `5` is the same item as `INT` and as `BIGINT`; the string
//! `'5'` is another item). `kll` and `ddsketch` read any number as
//! `DOUBLE`. `space_saving` counts text (other scalar types are cast to
//! text). `NULL` values are skipped, as SQL aggregates do.
//!
//! # Merges
//!
//! HyperLogLog, Bloom, DDSketch and Count-Min merge exactly (the same
//! sketch whatever the partitioning). SpaceSaving merges exactly while a
//! group holds at most `capacity` distinct items, and within its `n /
//! capacity` bound beyond; KLL merges within its rank-error bound (its
//! compactions are random: each partial seeds its coins from its first
//! value). For these two the merge order matters, so the final step keeps
//! the partials and merges them in the order of their bytes: a query gives
//! the same answer on every run, though DataFusion delivers partials in
//! the order partitions finish. (`kll_merge` and `space_saving_merge`
//! read stored sketches in table order.) DDSketch and Count-Min are
//! groups: their aggregates implement `retract_batch`, so they run over
//! sliding window frames; the others refuse such frames with DataFusion's
//! error.
//!
//! # Errors
//!
//! Bad arguments (a parameter out of range or not constant, a value type
//! a sketch cannot take) are planning errors; corrupt or mismatched
//! sketch bytes, incompatible merges and refused values (NaN into a
//! quantile sketch, a rank outside `[0, 1]`) are execution errors. Each
//! names the function, and what and where it was reading.
//!
//! # Example
//!
//! ```
//! use datafusion::prelude::SessionContext;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let ctx = SessionContext::new();
//! sketchfold_datafusion::register(&ctx);
//! let rows = ctx
//!     .sql(
//!         "SELECT hll_estimate(hll_agg(u)) AS users, \
//!                 kll_quantile(kll_agg(u), 0.5) AS median \
//!          FROM (VALUES (1), (2), (2), (3), (4)) AS t(u)",
//!     )
//!     .await?
//!     .collect()
//!     .await?;
//! let batch = &rows[0];
//! let users = batch.column(0).as_any().downcast_ref::<datafusion::arrow::array::Float64Array>().unwrap();
//! assert_eq!(users.value(0).round(), 4.0);
//! # Ok::<(), datafusion::error::DataFusionError>(())
//! # }).unwrap();
//! ```

mod aggregate;
mod error;
mod families;
mod family;
mod input;
mod params;
mod scalar;

use datafusion::logical_expr::{AggregateUDF, ScalarUDF};
use datafusion::prelude::SessionContext;

use aggregate::build::BuildAgg;
use aggregate::merge::MergeAgg;
use families::bloom::{Bloom, BloomContains};
use families::count_min::{Cm, CmEstimate};
use families::ddsketch::{Dd, DdQuantile};
use families::hll::{Hll, HllEstimate};
use families::kll::{KllFamily, KllQuantile};
use families::space_saving::{Ss, SsTop};
use scalar::SketchFn;

/// Every aggregate function: `<family>_agg` and `<family>_merge` for
/// `hll`, `kll`, `ddsketch`, `bloom`, `space_saving` and `count_min`.
pub fn aggregate_functions() -> Vec<AggregateUDF> {
    vec![
        AggregateUDF::from(BuildAgg::<Hll>::new()),
        AggregateUDF::from(MergeAgg::<Hll>::new()),
        AggregateUDF::from(BuildAgg::<KllFamily>::new()),
        AggregateUDF::from(MergeAgg::<KllFamily>::new()),
        AggregateUDF::from(BuildAgg::<Dd>::new()),
        AggregateUDF::from(MergeAgg::<Dd>::new()),
        AggregateUDF::from(BuildAgg::<Bloom>::new()),
        AggregateUDF::from(MergeAgg::<Bloom>::new()),
        AggregateUDF::from(BuildAgg::<Ss>::new()),
        AggregateUDF::from(MergeAgg::<Ss>::new()),
        AggregateUDF::from(BuildAgg::<Cm>::new()),
        AggregateUDF::from(MergeAgg::<Cm>::new()),
    ]
}

/// Every scalar function: `hll_estimate`, `kll_quantile`,
/// `ddsketch_quantile`, `bloom_contains`, `space_saving_top` and
/// `count_min_estimate`.
pub fn scalar_functions() -> Vec<ScalarUDF> {
    vec![
        ScalarUDF::from(SketchFn::<HllEstimate>::new()),
        ScalarUDF::from(SketchFn::<KllQuantile>::new()),
        ScalarUDF::from(SketchFn::<DdQuantile>::new()),
        ScalarUDF::from(SketchFn::<BloomContains>::new()),
        ScalarUDF::from(SketchFn::<SsTop>::new()),
        ScalarUDF::from(SketchFn::<CmEstimate>::new()),
    ]
}

/// Registers every function with `ctx`, for SQL and the DataFrame API.
pub fn register(ctx: &SessionContext) {
    for f in aggregate_functions() {
        ctx.register_udaf(f);
    }
    for f in scalar_functions() {
        ctx.register_udf(f);
    }
}

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
