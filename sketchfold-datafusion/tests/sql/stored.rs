//! Store partials, merge at query time: daily sketches written to Parquet,
//! read back and merged per group give what one query over the raw rows
//! gives (the same bytes for the exact families).

use datafusion::arrow::array::RecordBatch;
use datafusion::prelude::ParquetReadOptions;
use datafusion::prelude::SessionContext;
use sketchfold::quantiles::Kll;

use crate::common::{context, f64s, query, strings, true_ranks, Events, GROUPS};

/// One row of sketches per group and day.
const DAILY: &str = "SELECT g, day, \
        hll_agg(user) AS users, kll_agg(latency) AS kll, ddsketch_agg(latency) AS dd, \
        bloom_agg(user, 20000, 0.01) AS seen, space_saving_agg(page, 256) AS pages, \
        count_min_agg(page, 1024, 4) AS cm \
    FROM events GROUP BY g, day";

/// The exact families over the raw rows, per group.
const DIRECT: &str = "SELECT g, hll_agg(user) AS users, ddsketch_agg(latency) AS dd, \
        bloom_agg(user, 20000, 0.01) AS seen, space_saving_agg(page, 256) AS pages, \
        count_min_agg(page, 1024, 4) AS cm \
    FROM events GROUP BY g ORDER BY g";

/// The same, merged from the stored daily sketches.
const MERGED: &str = "SELECT g, hll_merge(users) AS users, ddsketch_merge(dd) AS dd, \
        bloom_merge(seen) AS seen, space_saving_merge(pages) AS pages, \
        count_min_merge(cm) AS cm \
    FROM daily GROUP BY g ORDER BY g";

/// Writes the daily sketches of `events` to Parquet in `dir` and registers
/// them as table `daily`.
async fn store_daily(ctx: &SessionContext, dir: &std::path::Path) {
    let path = dir.join("daily.parquet");
    let path = path.to_str().unwrap();
    query(
        ctx,
        &format!("COPY ({DAILY}) TO '{path}' STORED AS PARQUET"),
    )
    .await
    .unwrap();
    ctx.register_parquet("daily", path, ParquetReadOptions::default())
        .await
        .unwrap();
}

/// The merged stored sketches and the direct ones; the context, and the
/// directory that holds the Parquet file while the context reads it.
async fn stored_and_direct(
    partitions: usize,
) -> (RecordBatch, RecordBatch, SessionContext, tempfile::TempDir) {
    let events = Events::generate(50_000, 17);
    let dir = tempfile::tempdir().unwrap();
    let ctx = context(partitions, &events);
    store_daily(&ctx, dir.path()).await;
    let merged = query(&ctx, MERGED).await.unwrap();
    let direct = query(&ctx, DIRECT).await.unwrap();
    (merged, direct, ctx, dir)
}

#[tokio::test]
async fn sketches_stored_in_parquet_and_merged_later_equal_sketches_of_the_raw_rows() {
    for partitions in [1, 8] {
        let (merged, direct, _, _dir) = stored_and_direct(partitions).await;
        assert_eq!(merged.num_rows(), GROUPS);
        assert_eq!(merged.num_columns(), direct.num_columns());
        for (m, d) in merged.columns().iter().zip(direct.columns()) {
            // Parquet reads binary back as BinaryView; compare as Binary.
            let m = datafusion::arrow::compute::cast(m, d.data_type()).unwrap();
            assert_eq!(&m, d, "{partitions} partitions");
        }
    }
}

#[tokio::test]
async fn the_merge_aggregates_run_as_partial_and_final_steps_too() {
    let (_, _, ctx, _dir) = stored_and_direct(8).await;
    let plan = query(&ctx, &format!("EXPLAIN {MERGED}")).await.unwrap();
    let kinds = strings(&plan, "plan_type");
    let texts = strings(&plan, "plan");
    let physical = &texts[kinds.iter().position(|k| k == "physical_plan").unwrap()];
    for step in [
        "mode=Partial",
        "mode=FinalPartitioned",
        "hll_merge(daily.users)",
    ] {
        assert!(physical.contains(step), "no {step:?} in\n{physical}");
    }
}

#[tokio::test]
async fn answers_from_stored_sketches_are_the_answers_of_the_raw_rows() {
    let events = Events::generate(50_000, 19);
    let dir = tempfile::tempdir().unwrap();
    let ctx = context(8, &events);
    store_daily(&ctx, dir.path()).await;
    let answers = "SELECT g, \
            hll_estimate(hll_merge(users)) AS users, \
            ddsketch_quantile(ddsketch_merge(dd), 0.5) AS dd_median, \
            kll_quantile(kll_merge(kll), 0.5) AS kll_median, \
            count_min_estimate(count_min_merge(cm), 'p3') AS p3 \
        FROM daily GROUP BY g ORDER BY g";
    let stored = query(&ctx, answers).await.unwrap();
    // The same stored rows in the same order: the same answers, KLL's too.
    assert_eq!(query(&ctx, answers).await.unwrap(), stored);
    let direct = query(
        &ctx,
        "SELECT g, hll_estimate(hll_agg(user)) AS users, \
            ddsketch_quantile(ddsketch_agg(latency), 0.5) AS dd_median, \
            count_min_estimate(count_min_agg(page, 1024, 4), 'p3') AS p3 \
        FROM events GROUP BY g ORDER BY g",
    )
    .await
    .unwrap();
    assert_eq!(f64s(&stored, "users"), f64s(&direct, "users"));
    assert_eq!(f64s(&stored, "dd_median"), f64s(&direct, "dd_median"));
    assert_eq!(stored.column_by_name("p3"), direct.column_by_name("p3"));

    // KLL merged from 35 daily sketches: within twice its 99% bound
    // (a chance failure below 3e-7 a check, 5 checks).
    let bound = 2.0 * Kll::<f64>::new(200).normalized_rank_error(false);
    for (row, g) in strings(&stored, "g").iter().enumerate() {
        let mut sorted = events.latencies(g);
        sorted.sort_by(f64::total_cmp);
        let v = f64s(&stored, "kll_median")[row].unwrap();
        let (at_most, below) = true_ranks(&sorted, v);
        let error = (below - 0.5).max(0.5 - at_most).max(0.0);
        assert!(error <= bound, "{g}: median {v} off by {error}");
    }
}
