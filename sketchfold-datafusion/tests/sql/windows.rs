//! Sliding window frames: the groups (DDSketch, Count-Min) retract values
//! that leave the frame and give the sketch of exactly the frame's rows;
//! the other families refuse such frames with an error.

use datafusion::arrow::array::{Array, AsArray};
use sketchfold::codec::Codec;
use sketchfold::frequency::{CountMin, CountMinParams};
use sketchfold::quantiles::DdSketch;

use crate::common::{assert_mentions, context, error_of, query, Events};

/// Rows in the window tests.
const ROWS: usize = 3_000;

/// Rows in a frame.
const FRAME: usize = 50;

fn frame(row: usize) -> std::ops::Range<usize> {
    row.saturating_sub(FRAME - 1)..row + 1
}

#[tokio::test]
async fn ddsketch_over_a_sliding_frame_is_the_sketch_of_the_frame_rows() {
    let events = Events::generate(ROWS, 23);
    let ctx = context(4, &events);
    let sql = format!(
        "SELECT ddsketch_agg(latency) OVER (ORDER BY t ROWS BETWEEN {} PRECEDING AND CURRENT ROW) AS dd \
         FROM events ORDER BY t",
        FRAME - 1
    );
    let batch = query(&ctx, &sql).await.unwrap();
    let column = batch.column(0).as_binary::<i32>();
    assert_eq!(column.len(), ROWS);
    for row in 0..ROWS {
        let mut expected = DdSketch::new(0.01);
        for i in frame(row) {
            expected.insert(events.latency[i]).unwrap();
        }
        let got = DdSketch::decode(column.value(row)).unwrap();
        assert_eq!(got, expected, "row {row}");
        assert_eq!(got.quantile(0.5).unwrap(), expected.quantile(0.5).unwrap());
    }
}

#[tokio::test]
async fn count_min_over_a_sliding_frame_is_the_sketch_of_the_frame_rows() {
    let events = Events::generate(ROWS, 29);
    let ctx = context(4, &events);
    let sql = format!(
        "SELECT count_min_agg(page, 256, 3) OVER (ORDER BY t ROWS BETWEEN {} PRECEDING AND CURRENT ROW) AS cm \
         FROM events ORDER BY t",
        FRAME - 1
    );
    let batch = query(&ctx, &sql).await.unwrap();
    let column = batch.column(0).as_binary::<i32>();
    for row in 0..ROWS {
        let mut expected = CountMin::with_params(CountMinParams::with_size(256, 3).unwrap());
        for i in frame(row) {
            expected.insert(events.page[i].as_str()).unwrap();
        }
        assert_eq!(column.value(row), expected.encode().as_slice(), "row {row}");
    }
}

#[tokio::test]
async fn ddsketch_merge_over_a_sliding_frame_subtracts_the_sketches_that_leave() {
    let events = Events::generate(ROWS, 31);
    let ctx = context(4, &events);
    // One sketch per 100 rows, then a frame of 3 of them.
    let sql = "SELECT b, ddsketch_merge(dd) OVER (ORDER BY b ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS dd \
               FROM (SELECT t / 100 AS b, ddsketch_agg(latency) AS dd FROM events GROUP BY t / 100) \
               ORDER BY b";
    let batch = query(&ctx, sql).await.unwrap();
    let column = batch.column_by_name("dd").unwrap().as_binary::<i32>();
    assert_eq!(column.len(), ROWS / 100);
    for b in 0..ROWS / 100 {
        let mut expected = DdSketch::new(0.01);
        for i in b.saturating_sub(2) * 100..(b + 1) * 100 {
            expected.insert(events.latency[i]).unwrap();
        }
        assert_eq!(
            DdSketch::decode(column.value(b)).unwrap(),
            expected,
            "block {b}"
        );
    }
}

#[tokio::test]
async fn families_that_are_not_groups_refuse_sliding_frames() {
    let events = Events::generate(100, 37);
    let ctx = context(1, &events);
    for f in [
        "hll_agg(user)",
        "kll_agg(latency)",
        "bloom_agg(user)",
        "space_saving_agg(page)",
    ] {
        let sql = format!(
            "SELECT {f} OVER (ORDER BY t ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM events"
        );
        let message = error_of(&ctx, &sql).await;
        assert_mentions(&message, &["retract_batch", f.split('(').next().unwrap()]);
    }
}

#[tokio::test]
async fn every_family_runs_over_a_growing_frame() {
    // From UNBOUNDED PRECEDING nothing is retracted: every family works.
    let events = Events::generate(200, 41);
    let ctx = context(2, &events);
    let batch = query(
        &ctx,
        "SELECT hll_estimate(hll_agg(user) OVER (ORDER BY t)) AS users, \
                kll_quantile(kll_agg(latency) OVER (ORDER BY t), 1.0) AS max_latency, \
                bloom_contains(bloom_agg(user, 1000, 0.01) OVER (ORDER BY t), user) AS seen, \
                space_saving_top(space_saving_agg(page) OVER (ORDER BY t), 1) AS top, \
                ddsketch_agg(latency) OVER (ORDER BY t) AS dd, \
                count_min_estimate(count_min_agg(page) OVER (ORDER BY t), page) AS page_count \
         FROM events ORDER BY t",
    )
    .await
    .unwrap();
    assert_eq!(batch.num_rows(), 200);
    let seen = batch.column_by_name("seen").unwrap().as_boolean();
    assert_eq!(seen.true_count(), 200, "a row's own user is in its frame");
    let counts = batch
        .column_by_name("page_count")
        .unwrap()
        .as_primitive::<datafusion::arrow::datatypes::Int64Type>();
    for row in 0..200 {
        let truth = events.page[..=row]
            .iter()
            .filter(|p| **p == events.page[row])
            .count();
        assert!(counts.value(row) >= truth as i64, "row {row}");
    }
    let max = crate::common::f64s(&batch, "max_latency");
    let mut running = f64::MIN;
    for (row, m) in max.iter().enumerate() {
        running = running.max(events.latency[row]);
        assert_eq!(m.unwrap(), running, "row {row}");
    }
    let users = crate::common::f64s(&batch, "users");
    assert_eq!(users[0].unwrap().round(), 1.0);
}
