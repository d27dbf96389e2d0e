//! GROUP BY speed: sketchfold's aggregates against DataFusion's own
//! approximate aggregates (`approx_distinct`, a HyperLogLog of 2^14
//! registers; `approx_percentile_cont`, a t-digest), and a `count(*)`
//! baseline, on 1,000,000 rows in 10 and in 10,000 groups, 2 partitions.
//!
//! ```text
//! cargo bench -p sketchfold-datafusion --bench group_by
//! ```

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use datafusion::arrow::array::{ArrayRef, Float64Array, Int64Array, RecordBatch};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};

#[path = "../../tests/common/rng.rs"]
mod rng;

const ROWS: usize = 1_000_000;
const BATCH: usize = 8_192;

/// `g` in `0..groups`, `user` in `0..1,000,000`, `x` uniform in `[0, 1000)`.
fn context(groups: u64) -> SessionContext {
    let schema = Arc::new(Schema::new(vec![
        Field::new("g", DataType::Int64, false),
        Field::new("user", DataType::Int64, false),
        Field::new("x", DataType::Float64, false),
    ]));
    let mut rng = rng::Rng(groups);
    let mut batches = Vec::new();
    for start in (0..ROWS).step_by(BATCH) {
        let n = BATCH.min(ROWS - start);
        let g: Vec<i64> = (0..n).map(|_| (rng.next() % groups) as i64).collect();
        let user: Vec<i64> = (0..n).map(|_| (rng.next() % 1_000_000) as i64).collect();
        let x: Vec<f64> = (0..n)
            .map(|_| (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * 1000.0)
            .collect();
        let columns: Vec<ArrayRef> = vec![
            Arc::new(Int64Array::from(g)),
            Arc::new(Int64Array::from(user)),
            Arc::new(Float64Array::from(x)),
        ];
        batches.push(RecordBatch::try_new(schema.clone(), columns).unwrap());
    }
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(2));
    sketchfold_datafusion::register(&ctx);
    let table = MemTable::try_new(schema, vec![batches]).unwrap();
    ctx.register_table("t", Arc::new(table)).unwrap();
    ctx
}

fn group_by(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    for groups in [10, 10_000] {
        let ctx = context(groups);
        let mut group = c.benchmark_group(format!("group_by/{groups}_groups"));
        group.throughput(Throughput::Elements(ROWS as u64));
        group.sample_size(10);
        for (name, sql) in [
            ("count(*) baseline", "SELECT g, count(*) FROM t GROUP BY g"),
            (
                "sketchfold hll_agg p14",
                "SELECT g, hll_estimate(hll_agg(user, 14)) FROM t GROUP BY g",
            ),
            (
                "datafusion approx_distinct",
                "SELECT g, approx_distinct(user) FROM t GROUP BY g",
            ),
            (
                "sketchfold kll_agg k200",
                "SELECT g, kll_quantile(kll_agg(x), 0.5) FROM t GROUP BY g",
            ),
            (
                "sketchfold ddsketch_agg 1%",
                "SELECT g, ddsketch_quantile(ddsketch_agg(x), 0.5) FROM t GROUP BY g",
            ),
            (
                "datafusion approx_percentile_cont",
                "SELECT g, approx_percentile_cont(x, 0.5) FROM t GROUP BY g",
            ),
        ] {
            group.bench_function(name, |b| {
                b.iter(|| {
                    rt.block_on(async { ctx.sql(sql).await.unwrap().collect().await.unwrap() })
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, group_by);
criterion_main!(benches);
