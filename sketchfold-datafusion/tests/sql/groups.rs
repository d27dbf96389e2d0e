//! `GROUP BY` runs the build aggregates' groups accumulator (every group's
//! sketch in one vector); a query without `GROUP BY`, or over a window,
//! runs the plain accumulator. Both build the same sketches, `FILTER`
//! skips rows in both, and groups emitted early (input sorted by the
//! group key) are whole.

use std::sync::Arc;

use datafusion::arrow::array::AsArray;
use datafusion::datasource::MemTable;
use datafusion::prelude::{col, SessionConfig};

use crate::common::{context, context_with, query, strings, Events, GROUPS};

/// Every build aggregate, with parameters that keep the result exact.
const SKETCHES: &str = "hll_agg(user) AS hll, kll_agg(latency) AS kll, \
    ddsketch_agg(latency) AS dd, bloom_agg(user, 20000, 0.01) AS bloom, \
    space_saving_agg(page, 256) AS ss, count_min_agg(page, 1024, 4) AS cm";

#[tokio::test]
async fn a_group_by_row_equals_the_same_aggregate_over_that_group_alone() {
    // One partition: no merge on either side, so KLL is comparable too.
    let events = Events::generate(20_000, 59);
    let ctx = context(1, &events);
    let grouped = query(
        &ctx,
        &format!("SELECT g, {SKETCHES} FROM events GROUP BY g ORDER BY g"),
    )
    .await
    .unwrap();
    assert_eq!(grouped.num_rows(), GROUPS);
    for (row, g) in strings(&grouped, "g").iter().enumerate() {
        let alone = query(
            &ctx,
            &format!("SELECT {SKETCHES} FROM events WHERE g = '{g}'"),
        )
        .await
        .unwrap();
        for column in alone.schema().fields() {
            let name = column.name();
            let want = alone
                .column_by_name(name)
                .unwrap()
                .as_binary::<i32>()
                .value(0);
            let got = grouped
                .column_by_name(name)
                .unwrap()
                .as_binary::<i32>()
                .value(row);
            assert_eq!(got, want, "{g} {name}");
        }
    }
}

#[tokio::test]
async fn filter_skips_rows_in_a_group_by() {
    let events = Events::generate(20_000, 61);
    let ctx = context(4, &events);
    let filtered = query(
        &ctx,
        "SELECT g, hll_agg(user) FILTER (WHERE day = 3) AS hll, \
                ddsketch_agg(latency) FILTER (WHERE day = 3) AS dd \
         FROM events GROUP BY g ORDER BY g",
    )
    .await
    .unwrap();
    let selected = query(
        &ctx,
        "SELECT g, hll_agg(user) AS hll, ddsketch_agg(latency) AS dd \
         FROM events WHERE day = 3 GROUP BY g ORDER BY g",
    )
    .await
    .unwrap();
    assert_eq!(filtered, selected);
}

#[tokio::test]
async fn groups_emitted_early_from_sorted_input_are_whole() {
    // Input sorted by g: DataFusion aggregates in streaming mode and emits
    // each finished group early (EmitTo::First).
    let events = Events::generate(20_000, 67);
    let ctx = context(1, &events);
    let mut rows: Vec<usize> = (0..events.g.len()).collect();
    rows.sort_by(|&a, &b| events.g[a].cmp(&events.g[b]));
    let sorted = Events {
        t: rows.iter().map(|&i| events.t[i]).collect(),
        g: rows.iter().map(|&i| events.g[i].clone()).collect(),
        user: rows.iter().map(|&i| events.user[i]).collect(),
        page: rows.iter().map(|&i| events.page[i].clone()).collect(),
        latency: rows.iter().map(|&i| events.latency[i]).collect(),
        day: rows.iter().map(|&i| events.day[i]).collect(),
    };
    let table = MemTable::try_new(Events::schema(), vec![sorted.batches()])
        .unwrap()
        .with_sort_order(vec![vec![col("g").sort(true, false)]]);
    ctx.register_table("sorted_events", Arc::new(table))
        .unwrap();
    let exact =
        "hll_agg(user) AS hll, ddsketch_agg(latency) AS dd, count_min_agg(page, 1024, 4) AS cm";
    let sql = format!("SELECT g, {exact} FROM sorted_events GROUP BY g");
    let plan = query(&ctx, &format!("EXPLAIN {sql}")).await.unwrap();
    let plan = strings(&plan, "plan").join("\n");
    assert!(plan.contains("ordering_mode=Sorted"), "{plan}");
    let streamed = query(&ctx, &format!("{sql} ORDER BY g")).await.unwrap();
    let hashed = query(
        &ctx,
        &format!("SELECT g, {exact} FROM events GROUP BY g ORDER BY g"),
    )
    .await
    .unwrap();
    assert_eq!(streamed.num_rows(), GROUPS);
    for name in ["hll", "dd", "cm"] {
        assert_eq!(
            streamed.column_by_name(name).unwrap().as_ref(),
            hashed.column_by_name(name).unwrap().as_ref(),
            "{name}"
        );
    }
}

#[tokio::test]
async fn rows_passed_on_without_partial_aggregation_become_one_sketch_each() {
    // Grouping by user gives nearly a group a row: with the probe set to
    // trip early, DataFusion stops aggregating in the partial step and
    // turns each row into its own state (convert_to_state).
    let events = Events::generate(20_000, 71);
    let sql = "SELECT user, hll_agg(page) AS hll, ddsketch_agg(latency) AS dd, \
               bloom_agg(page, 100, 0.01) AS bloom, count_min_agg(page, 64, 2) AS cm, \
               space_saving_agg(page, 8) AS ss, \
               kll_quantile(kll_agg(latency), 0.5) AS kll_median, \
               kll_quantile(kll_agg(latency), 1.0) AS kll_max \
               FROM events GROUP BY user ORDER BY user";
    let skipping = SessionConfig::new()
        .with_target_partitions(4)
        .set_usize(
            "datafusion.execution.skip_partial_aggregation_probe_rows_threshold",
            100,
        )
        .set_str(
            "datafusion.execution.skip_partial_aggregation_probe_ratio_threshold",
            "0.1",
        );
    let ctx = context_with(skipping, &events);
    let analyzed = query(&ctx, &format!("EXPLAIN ANALYZE {sql}"))
        .await
        .unwrap();
    let analyzed = strings(&analyzed, "plan").join("\n");
    assert!(analyzed.contains("skipped_aggregation_rows="), "{analyzed}");
    assert!(
        !analyzed.contains("skipped_aggregation_rows=0,"),
        "{analyzed}"
    );
    let skipped = query(&ctx, sql).await.unwrap();
    let aggregated = query(&context(4, &events), sql).await.unwrap();
    assert!(skipped.num_rows() > 10_000);
    // A user has a few rows (20,000 rows, up to 25,000 users): fewer than
    // KLL's k and SpaceSaving's capacity, so every family is exact here
    // (KLL's answers; its bytes hold its coin seed, which differs).
    for field in aggregated.schema().fields() {
        let name = field.name();
        assert_eq!(
            skipped.column_by_name(name),
            aggregated.column_by_name(name),
            "{name}"
        );
    }
}
