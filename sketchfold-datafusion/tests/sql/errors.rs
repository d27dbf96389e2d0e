//! Bad input gets a DataFusion error that names the function and what was
//! wrong, never a panic: corrupt and mismatched sketch bytes, incompatible
//! merges, parameters out of range or not constant, values a sketch cannot
//! take, questions a sketch cannot answer. `NULL` is not an error.

use datafusion::arrow::array::{Array, AsArray};
use sketchfold::codec::Codec;
use sketchfold::quantiles::Kll;

use crate::common::{assert_mentions, context, error_of, f64s, query, Events};

fn ctx() -> datafusion::prelude::SessionContext {
    context(2, &Events::generate(2_000, 43))
}

#[tokio::test]
async fn corrupt_sketch_bytes_are_an_error_naming_the_function_and_row() {
    let ctx = ctx();
    let message = error_of(&ctx, "SELECT hll_estimate(X'DEADBEEF')").await;
    assert_mentions(
        &message,
        &[
            "hll_estimate",
            "sketch in row 0",
            "wrong sketch family",
            "SKFD",
        ],
    );

    let message = error_of(
        &ctx,
        "SELECT kll_quantile(X'534B46440000000000000000', 0.5)",
    )
    .await;
    assert_mentions(&message, &["kll_quantile", "sketch in row 0"]);
}

#[tokio::test]
async fn a_truncated_sketch_is_an_error_in_every_scalar_and_merge_function() {
    let ctx = ctx();
    let mut sketch = Kll::<f64>::new(200);
    for i in 0..1000 {
        sketch.insert(f64::from(i)).unwrap();
    }
    let bytes = sketch.encode();
    let hex: String = bytes[..bytes.len() - 5]
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    let message = error_of(&ctx, &format!("SELECT kll_quantile(X'{hex}', 0.5)")).await;
    assert_mentions(&message, &["kll_quantile", "sketch in row 0"]);
    let message = error_of(
        &ctx,
        &format!("SELECT kll_merge(s) FROM (VALUES (X'{hex}')) AS t(s)"),
    )
    .await;
    assert_mentions(&message, &["kll_merge", "sketch in row 0"]);
    // The untouched bytes answer.
    let full: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    let batch = query(&ctx, &format!("SELECT kll_quantile(X'{full}', 1.0) AS m"))
        .await
        .unwrap();
    assert_eq!(f64s(&batch, "m"), vec![Some(999.0)]);
}

#[tokio::test]
async fn a_sketch_of_another_family_is_an_error() {
    let ctx = ctx();
    let message = error_of(&ctx, "SELECT kll_quantile(hll_agg(user), 0.5) FROM events").await;
    assert_mentions(&message, &["kll_quantile", "wrong sketch family"]);
    let message = error_of(
        &ctx,
        "SELECT hll_merge(s) FROM (SELECT bloom_agg(user) AS s FROM events GROUP BY g)",
    )
    .await;
    assert_mentions(&message, &["hll_merge", "wrong sketch family"]);
}

#[tokio::test]
async fn merging_sketches_of_incompatible_parameters_is_an_error() {
    let ctx = ctx();
    for (sketches, parameter) in [
        ("count_min_agg(page, 1024, 4) AS s FROM events UNION ALL SELECT count_min_agg(page, 2048, 4)", "width"),
        ("bloom_agg(user, 1000, 0.01) AS s FROM events UNION ALL SELECT bloom_agg(user, 100000, 0.01)", "cannot merge"),
        ("ddsketch_agg(latency, 0.01) AS s FROM events UNION ALL SELECT ddsketch_agg(latency, 0.02)", "alpha"),
    ] {
        let family = sketches.split('_').next().unwrap();
        let family = if family == "count" { "count_min" } else { family };
        let sql = format!("SELECT {family}_merge(s) FROM (SELECT {sketches} FROM events)");
        let message = error_of(&ctx, &sql).await;
        assert_mentions(&message, &[&format!("{family}_merge"), "cannot merge", parameter]);
    }
}

#[tokio::test]
async fn parameters_out_of_range_are_errors_naming_the_parameter() {
    let ctx = ctx();
    for (call, words) in [
        ("hll_agg(user, 30)", &["hll_agg", "precision"][..]),
        (
            "hll_agg(user, -1)",
            &["hll_agg", "precision", "out of range"],
        ),
        ("kll_agg(latency, 2)", &["kll_agg", "k"]),
        ("ddsketch_agg(latency, 0.9)", &["ddsketch_agg", "alpha"]),
        (
            "ddsketch_agg(latency, 0.01, 0)",
            &["ddsketch_agg", "max_buckets"],
        ),
        ("bloom_agg(user, 0)", &["bloom_agg", "expected_items"]),
        (
            "bloom_agg(user, 1000, 1.5)",
            &["bloom_agg", "false-positive rate 1.5"],
        ),
        (
            "bloom_agg(user, 1000000000, 0.01)",
            &["bloom_agg", "over the limit"],
        ),
        (
            "count_min_agg(page, 1000)",
            &["count_min_agg", "width", "power of two"],
        ),
        (
            "count_min_agg(page, 2097152, 32)",
            &["count_min_agg", "over the limit"],
        ),
        (
            "space_saving_agg(page, 0)",
            &["space_saving_agg", "capacity"],
        ),
        (
            "hll_agg(user, 12.5)",
            &["hll_agg", "precision", "whole number"],
        ),
        ("hll_agg(user, NULL)", &["hll_agg", "precision", "NULL"]),
        (
            "hll_agg(user, 'twelve')",
            &["hll_agg", "precision", "must be a number"],
        ),
    ] {
        let message = error_of(&ctx, &format!("SELECT {call} FROM events")).await;
        assert_mentions(&message, words);
    }
}

#[tokio::test]
async fn a_parameter_that_is_not_a_constant_is_an_error() {
    let message = error_of(&ctx(), "SELECT hll_agg(user, day + 10) FROM events").await;
    assert_mentions(&message, &["hll_agg", "precision must be a constant"]);
}

#[tokio::test]
async fn wrong_argument_counts_and_types_are_planning_errors() {
    let ctx = ctx();
    for (call, words) in [
        (
            "hll_agg()",
            &["hll_agg", "hll_agg(value [, precision])", "got 0 arguments"][..],
        ),
        ("hll_agg(user, 12, 3)", &["hll_agg", "got 3 arguments"]),
        (
            "kll_agg(page)",
            &["kll_agg", "cannot sketch values of type Utf8"],
        ),
        (
            "hll_agg(named_struct('a', user))",
            &["hll_agg", "cannot sketch values of type Struct"],
        ),
        (
            "hll_merge(user)",
            &["hll_merge", "binary column of sketches", "Int64"],
        ),
        (
            "hll_estimate(user)",
            &["hll_estimate", "binary column of sketches"],
        ),
        (
            "hll_estimate(hll_agg(user), 1)",
            &["hll_estimate", "hll_estimate(sketch)"],
        ),
        (
            "kll_quantile(kll_agg(latency), 'median')",
            &["kll_quantile", "rank"],
        ),
        (
            "space_saving_top(space_saving_agg(page), 2.5)",
            &["space_saving_top", "m must be a whole number"],
        ),
    ] {
        let message = error_of(&ctx, &format!("SELECT {call} FROM events")).await;
        assert_mentions(&message, words);
    }
}

#[tokio::test]
async fn distinct_sketches_the_distinct_values_or_is_refused() {
    let ctx = ctx();
    // One DISTINCT aggregate: DataFusion groups by the value first, so
    // the sketch sees each value once.
    let batch = query(
        &ctx,
        "SELECT count_min_estimate(count_min_agg(DISTINCT page), 'p0') AS once FROM events",
    )
    .await
    .unwrap();
    let once = batch
        .column(0)
        .as_primitive::<datafusion::arrow::datatypes::Int64Type>();
    assert_eq!(once.value(0), 1);
    let distinct = query(&ctx, "SELECT hll_agg(DISTINCT user) FROM events")
        .await
        .unwrap();
    let all = query(&ctx, "SELECT hll_agg(user) FROM events")
        .await
        .unwrap();
    assert_eq!(distinct.column(0), all.column(0));
    // Two over different values: the accumulator would have to keep the
    // distinct values itself, which a sketch does not.
    let message = error_of(
        &ctx,
        "SELECT hll_agg(DISTINCT user), kll_agg(DISTINCT latency) FROM events",
    )
    .await;
    assert_mentions(&message, &["DISTINCT is not supported"]);
}

#[tokio::test]
async fn values_a_sketch_refuses_are_errors_naming_the_row() {
    let ctx = ctx();
    let message = error_of(
        &ctx,
        "SELECT kll_agg(x) FROM (VALUES (1.0), ('NaN'::double)) AS t(x)",
    )
    .await;
    assert_mentions(&message, &["kll_agg", "value in row 1", "NaN"]);
    let message = error_of(
        &ctx,
        "SELECT ddsketch_agg(x) FROM (VALUES (1.0), ('inf'::double)) AS t(x)",
    )
    .await;
    assert_mentions(&message, &["ddsketch_agg", "value in row 1", "finite"]);
}

#[tokio::test]
async fn questions_a_sketch_cannot_answer_are_errors() {
    let ctx = ctx();
    let message = error_of(
        &ctx,
        "SELECT kll_quantile(kll_agg(latency), 1.5) FROM events",
    )
    .await;
    assert_mentions(&message, &["kll_quantile", "row 0", "1.5"]);
    let message = error_of(
        &ctx,
        "SELECT ddsketch_quantile(ddsketch_agg(latency), -0.1) FROM events",
    )
    .await;
    assert_mentions(&message, &["ddsketch_quantile", "-0.1"]);
    let message = error_of(
        &ctx,
        "SELECT space_saving_top(space_saving_agg(page), -1) FROM events",
    )
    .await;
    assert_mentions(&message, &["space_saving_top", "m must be at least 0"]);
}

#[tokio::test]
async fn null_sketches_and_empty_inputs_give_null_or_empty_answers() {
    let ctx = ctx();
    let batch = query(
        &ctx,
        "SELECT hll_estimate(NULL) AS a, kll_quantile(NULL, 0.5) AS b, \
                kll_quantile(kll_agg(latency), NULL) AS c \
         FROM events",
    )
    .await
    .unwrap();
    assert_eq!(f64s(&batch, "a")[0], None);
    assert_eq!(f64s(&batch, "b")[0], None);
    assert_eq!(f64s(&batch, "c")[0], None);

    // No rows: the build aggregates give the empty sketch, the merge
    // aggregates NULL (no sketch, no parameters).
    let batch = query(
        &ctx,
        "SELECT hll_estimate(hll_agg(user)) AS users, kll_quantile(kll_agg(latency), 0.5) AS median, \
                hll_merge(s) AS merged \
         FROM (SELECT user, latency, CAST(NULL AS BYTEA) AS s FROM events WHERE user < 0)",
    )
    .await
    .unwrap();
    assert_eq!(f64s(&batch, "users"), vec![Some(0.0)]);
    assert_eq!(f64s(&batch, "median"), vec![None]);
    assert!(batch
        .column_by_name("merged")
        .unwrap()
        .as_binary::<i32>()
        .is_null(0));
}
