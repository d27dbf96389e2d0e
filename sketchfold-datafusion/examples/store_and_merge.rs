//! Store sketch partials, merge them at query time: the pattern of Druid
//! and of Spark's `hll_sketch_agg`, in DataFusion SQL with sketchfold's
//! functions.
//!
//! 1. A week of page views (200,000 rows, made by SQL from
//!    `generate_series`).
//! 2. One row of sketches per day and country, written to Parquet.
//! 3. Weekly answers per country merged from the stored daily sketches,
//!    next to the exact answers from the raw rows.
//!
//! Run it from the repository root:
//!
//! ```text
//! cargo run -p sketchfold-datafusion --example store_and_merge
//! ```

use datafusion::error::Result;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};

/// Page views, pseudo-random from multiplicative hashes of the row
/// number: 3 countries (half of the views from `de`), users from 0 to
/// 49,999, 40 pages skewed towards `/p0`, latencies from 5 to 1,005 ms
/// with a long tail.
const EVENTS: &str = "CREATE VIEW events AS SELECT \
        value % 7 AS day, \
        CASE WHEN (value * 40503) % 1009 < 505 THEN 'de' \
             WHEN (value * 40503) % 1009 < 808 THEN 'fr' ELSE 'it' END AS country, \
        ((value * 7919) % 100003) % 50000 AS user, \
        '/p' || CAST(CAST(40.0 * power(((value * 69069) % 1000033) / 1000033.0, 3) AS BIGINT) AS VARCHAR) AS page, \
        5.0 + 1000.0 * power(((value * 2654435761) % 1000003) / 1000003.0, 3) AS latency_ms \
    FROM generate_series(1, 200000)";

/// One row of sketches per day and country: what a nightly job would
/// store. Sorted, so that the file is the same on every run (KLL's merge
/// depends on the order it reads the stored sketches in).
const DAILY: &str = "SELECT day, country, \
        hll_agg(user, 14) AS users, \
        kll_agg(latency_ms) AS latency, \
        space_saving_agg(page, 64) AS pages \
    FROM events GROUP BY day, country ORDER BY day, country";

/// The week, merged from the stored days.
const WEEKLY: &str = "SELECT country, \
        round(hll_estimate(hll_merge(users))) AS weekly_users, \
        round(kll_quantile(kll_merge(latency), 0.99), 1) AS p99_ms, \
        space_saving_top(space_saving_merge(pages), 3) AS top_pages \
    FROM daily GROUP BY country ORDER BY country";

/// The same from the raw rows, exactly (`percentile_cont` interpolates
/// between the two values around the rank; KLL answers one of them).
const EXACT: &str = "SELECT country, count(DISTINCT user) AS weekly_users, \
        round(percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms), 1) AS p99_ms \
    FROM events GROUP BY country ORDER BY country";

#[tokio::main]
async fn main() -> Result<()> {
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(4));
    sketchfold_datafusion::register(&ctx);
    ctx.sql(EVENTS).await?.collect().await?;

    let dir = std::env::temp_dir().join(format!("sketchfold-datafusion-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("daily_sketches.parquet");
    let path = path.to_str().expect("a UTF-8 temporary directory");
    ctx.sql(&format!("COPY ({DAILY}) TO '{path}' STORED AS PARQUET"))
        .await?
        .collect()
        .await?;
    println!("stored 21 rows of daily sketches in {path}");

    ctx.register_parquet("daily", path, ParquetReadOptions::default())
        .await?;
    println!("\nweekly answers merged from the stored daily sketches:");
    ctx.sql(WEEKLY).await?.show().await?;
    println!("\nexact answers from the raw rows:");
    ctx.sql(EXACT).await?.show().await?;

    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
