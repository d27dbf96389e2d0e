//! The sketchfold side of the live Spark SQL round trip (see README.md).
//!
//! `spark-roundtrip DIR` reads the sketches Spark SQL wrote into `DIR`
//! (listed in `DIR/spark.txt` with Spark's answers), checks that sketchfold
//! reads each one to Spark's answers (HLL estimates to the last bit of the
//! double DataSketches Java computes; KLL n, quantiles and ranks exactly),
//! then builds sketches of the same table itself, in order and merged from
//! per-group sketches, writes them to `DIR/rust/` and lists in
//! `DIR/rust.txt` the answers Spark must give for them. Exits 1 on the
//! first disagreement, with a message saying what differed.
//!
//! Line formats (space-separated, lists comma-separated; doubles in Rust's
//! or Python's shortest round-trip form):
//!
//! - `spark.txt`: `hll NAME FILE JAVA_ESTIMATE SQL_ESTIMATE`,
//!   `hllunion NAME FILE JAVA_ESTIMATE SQL_ESTIMATE PART_FILES`,
//!   `kll TYPE NAME FILE N QUANTILES RANK_ITEMS RANKS`;
//! - `rust.txt`: `hll NAME FILE SQL_ESTIMATE ESTIMATE`,
//!   `hllunion NAME FILE OTHER_FILE SQL_ESTIMATE`,
//!   `kll TYPE NAME FILE N QUANTILES RANK_ITEMS RANKS`,
//!   `kllmerge TYPE NAME FILE OTHER_FILE N MIN MAX`.
//!
//! Quantiles are at the ranks in [`RANKS`] (inclusive search, Spark's).

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use sketchfold::algebra::Semigroup;
use sketchfold::cardinality::{DataSketchesHll, HllParams, HyperLogLog, TgtHllType};
use sketchfold::quantiles::{Kll, KllItem, KllParams};

/// The ranks every KLL sketch is queried at.
const RANKS: [f64; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];

/// The table Spark generates (`run.py`), row by row: `id` in `0..ROWS`.
const ROWS: i64 = 200_000;
const GROUPS: i64 = 4;

struct Row {
    id: i64,
    s: String,
    x: f64,
    f: f32,
    l: i64,
    g: usize,
}

/// The same formulas as the SQL in `run.py`.
fn row(id: i64) -> Row {
    let v = (id * 7919) % 200_003;
    let x = v as f64 * 0.25 - 100.0;
    Row {
        id,
        s: format!("item-{id}"),
        x,
        f: x as f32,
        l: v * 1000 - 5_000_000,
        g: (id % GROUPS) as usize,
    }
}

type Check = Result<(), String>;

fn fail<T>(what: String) -> Result<T, String> {
    Err(what)
}

fn read(dir: &Path, file: &str) -> Result<Vec<u8>, String> {
    fs::read(dir.join(file)).map_err(|e| format!("cannot read {file}: {e}"))
}

fn num<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{what}: cannot parse {text:?}"))
}

fn list<T: std::str::FromStr>(text: &str, what: &str) -> Result<Vec<T>, String> {
    text.split(',').map(|t| num(t, what)).collect()
}

fn join<T>(values: &[T], show: fn(&T) -> String) -> String {
    values.iter().map(show).collect::<Vec<_>>().join(",")
}

/// Spark's `hll_sketch_estimate`: the estimate rounded to a long.
fn sql_estimate(estimate: f64) -> i64 {
    estimate.round() as i64
}

fn check_hll(dir: &Path, fields: &[&str]) -> Check {
    let [name, file, java, sql, ..] = fields else {
        return fail(format!("bad hll line {fields:?}"));
    };
    let java: f64 = num(java, "Java estimate")?;
    let sql: i64 = num(sql, "SQL estimate")?;
    let sketch = DataSketchesHll::from_bytes(&read(dir, file)?)
        .map_err(|e| format!("{name}: sketchfold cannot read Spark's sketch: {e}"))?;
    let ours = sketch.estimate();
    if ours.to_bits() != java.to_bits() || sql_estimate(ours) != sql {
        return fail(format!(
            "{name}: sketchfold estimates {ours:?}, DataSketches Java {java:?} (SQL {sql})"
        ));
    }
    println!(
        "  {name}: lgK {} {:?}, estimate {ours:?} = Java's, {sql} = hll_sketch_estimate",
        sketch.lg_k(),
        sketch.target()
    );
    if let [_, _, _, _, parts] = fields {
        let mut merged: Option<HyperLogLog> = None;
        for part in parts.split(',') {
            let h = HyperLogLog::from_datasketches_bytes(&read(dir, part)?)
                .map_err(|e| format!("{part}: {e}"))?;
            merged = Some(match merged {
                None => h,
                Some(m) => m.combine(&h).map_err(|e| e.to_string())?,
            });
        }
        let merged = merged.ok_or("no parts")?;
        let union = DataSketchesHll::from_hyperloglog(&merged, TgtHllType::Hll8)
            .map_err(|e| e.to_string())?;
        if union.estimate().to_bits() != java.to_bits() {
            return fail(format!(
                "{name}: sketchfold's merge of {parts} estimates {:?}, Spark's union {java:?}",
                union.estimate()
            ));
        }
        println!("  {name}: sketchfold's merge of the parts estimates the same");
    }
    Ok(())
}

/// The answers of a KLL sketch as a `kll` line's fields.
fn kll_answers<T: KllItem>(s: &Kll<T>, rank_items: &[T]) -> Result<(Vec<T>, Vec<f64>), String> {
    let q = s
        .quantiles(&RANKS)
        .map_err(|e| e.to_string())?
        .ok_or("empty")?;
    let r = rank_items
        .iter()
        .map(|&x| match s.rank(x) {
            Ok(Some(r)) => Ok(r),
            Ok(None) => Err("empty".to_string()),
            Err(e) => Err(e.to_string()),
        })
        .collect::<Result<Vec<f64>, _>>()?;
    Ok((q, r))
}

fn check_kll<T: KllItem + std::str::FromStr + PartialEq>(dir: &Path, fields: &[&str]) -> Check {
    let [ty, name, file, n, quantiles, items, ranks] = fields else {
        return fail(format!("bad kll line {fields:?}"));
    };
    let sketch = Kll::<T>::from_datasketches_bytes(&read(dir, file)?)
        .map_err(|e| format!("{name}: sketchfold cannot read Spark's {ty} sketch: {e}"))?;
    let n: u64 = num(n, "n")?;
    let want_q: Vec<T> = list(quantiles, "quantile")?;
    let items: Vec<T> = list(items, "rank item")?;
    let want_r: Vec<f64> = list(ranks, "rank")?;
    let (q, r) = kll_answers(&sketch, &items)?;
    if sketch.count() != n || q != want_q || r != want_r {
        return fail(format!(
            "{name}: sketchfold answers n {} quantiles {q:?} ranks {r:?}; Spark n {n} quantiles {want_q:?} ranks {want_r:?}",
            sketch.count()
        ));
    }
    println!("  {name}: {ty}, n {n}, quantiles at {RANKS:?} = {q:?}, ranks {r:?}: Spark's");
    Ok(())
}

/// Builds sketchfold's own sketches of the table and lists what Spark must
/// answer for them.
fn write_ours(dir: &Path, spark_total_hll: &str, spark_kll: [&str; 3]) -> Result<String, String> {
    let out = dir.join("rust");
    fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let save = |file: &str, bytes: &[u8]| {
        fs::write(out.join(file), bytes).map_err(|e| format!("{file}: {e}"))
    };
    let mut lines = Vec::new();
    let rows: Vec<Row> = (0..ROWS).map(row).collect();

    // HLL: DataSketches' update path in id order (HIP estimate), and the
    // merge of per-group HyperLogLogs (a union result, composite estimate).
    let mut in_order = DataSketchesHll::new(12, TgtHllType::Hll8);
    let params = HllParams::datasketches(12).map_err(|e| e.to_string())?;
    let mut groups = vec![HyperLogLog::with_params(params); 4];
    let mut lgk21 = DataSketchesHll::new(21, TgtHllType::Hll4);
    for r in &rows {
        in_order.insert(r.s.as_str());
        groups[r.g].insert(r.s.as_str());
        lgk21.insert(&r.id);
    }
    let mut merged = groups[0].clone();
    merged.merge_all(&groups[1..]).map_err(|e| e.to_string())?;
    for (file, sketch) in [
        ("hll_in_order.bin", in_order.clone()),
        ("hll_lgk21_hll4.bin", lgk21),
        (
            "hll_merged.bin",
            DataSketchesHll::from_hyperloglog(&merged, TgtHllType::Hll8)
                .map_err(|e| e.to_string())?,
        ),
        (
            "hll_merged_hll4.bin",
            DataSketchesHll::from_hyperloglog(&merged, TgtHllType::Hll4)
                .map_err(|e| e.to_string())?,
        ),
    ] {
        save(file, &sketch.to_compact_bytes())?;
        let est = sketch.estimate();
        check_truth(file, est, ROWS as f64, 0.05)?;
        lines.push(format!(
            "hll {file} rust/{file} {} {est:?}",
            sql_estimate(est)
        ));
    }
    // hll_union of sketchfold's in-order sketch with Spark's total.
    let spark_total = HyperLogLog::from_datasketches_bytes(&read(dir, spark_total_hll)?)
        .map_err(|e| e.to_string())?;
    let union = in_order
        .to_hyperloglog()
        .combine(&spark_total)
        .map_err(|e| e.to_string())?;
    let union =
        DataSketchesHll::from_hyperloglog(&union, TgtHllType::Hll8).map_err(|e| e.to_string())?;
    lines.push(format!(
        "hllunion hll_union rust/hll_in_order.bin {spark_total_hll} {}",
        sql_estimate(union.estimate())
    ));

    let columns = (
        Column::<f64>::new("double", |r| r.x, |x| format!("{x:?}")),
        // Floats as the doubles they widen to, as Python and Spark show them.
        Column::<f32>::new("float", |r| r.f, |x| format!("{:?}", f64::from(*x))),
        Column::<i64>::new("bigint", |r| r.l, |x| x.to_string()),
    );
    kll_lines(&rows, &columns.0, spark_kll[0], &mut lines, &save, dir)?;
    kll_lines(&rows, &columns.1, spark_kll[1], &mut lines, &save, dir)?;
    kll_lines(&rows, &columns.2, spark_kll[2], &mut lines, &save, dir)?;
    Ok(lines.join("\n") + "\n")
}

/// A column of the table for KLL: its Spark type name, its value in a
/// row, and how Python reads its values back.
struct Column<T> {
    ty: &'static str,
    value: fn(&Row) -> T,
    show: fn(&T) -> String,
}

impl<T> Column<T> {
    fn new(ty: &'static str, value: fn(&Row) -> T, show: fn(&T) -> String) -> Column<T> {
        Column { ty, value, show }
    }
}

/// `kll` lines for sketchfold's in-order and merged sketches of one
/// column, and a `kllmerge` line merging the in-order one with Spark's.
fn kll_lines<T: KllItem>(
    rows: &[Row],
    column: &Column<T>,
    spark_file: &str,
    lines: &mut Vec<String>,
    save: &dyn Fn(&str, &[u8]) -> Check,
    dir: &Path,
) -> Check {
    let (ty, show) = (column.ty, column.show);
    let err = |e: sketchfold::Error| e.to_string();
    let params = KllParams::new(200).map_err(err)?;
    let mut in_order = Kll::<T>::with_params(params.with_seed(1));
    let mut groups: Vec<Kll<T>> = (0..4)
        .map(|g| Kll::<T>::with_params(params.with_seed(10 + g)))
        .collect();
    for r in rows {
        in_order.insert((column.value)(r)).map_err(err)?;
        groups[r.g].insert((column.value)(r)).map_err(err)?;
    }
    let mut merged = groups[0].clone();
    merged.merge_all(&groups[1..]).map_err(err)?;
    let (min, max) = (
        in_order.min().ok_or("empty")?,
        in_order.max().ok_or("empty")?,
    );
    for (file, sketch) in [
        (format!("kll_{ty}_in_order.bin"), &in_order),
        (format!("kll_{ty}_merged.bin"), &merged),
    ] {
        save(&file, &sketch.to_datasketches_bytes())?;
        // Rank items: the exact extremes, and the quantiles themselves.
        let q = sketch.quantiles(&RANKS).map_err(err)?.ok_or("empty")?;
        if q[0] != min || q[4] != max {
            return fail(format!(
                "{file}: rank 0 and 1 are not the exact min and max"
            ));
        }
        let items = vec![min, q[1], q[2], q[3], max];
        let (q, r) = kll_answers(sketch, &items)?;
        lines.push(format!(
            "kll {ty} {file} rust/{file} {} {} {} {}",
            sketch.count(),
            join(&q, show),
            join(&items, show),
            join(&r, |x| format!("{x:?}"))
        ));
    }
    let spark = Kll::<T>::from_datasketches_bytes(&read(dir, spark_file)?).map_err(err)?;
    let both = in_order.clone().combine(&spark).map_err(err)?;
    lines.push(format!(
        "kllmerge {ty} kll_{ty}_merge rust/kll_{ty}_in_order.bin {spark_file} {} {} {}",
        both.count(),
        show(&both.min().ok_or("empty")?),
        show(&both.max().ok_or("empty")?)
    ));
    Ok(())
}

fn check_truth(what: &str, estimate: f64, truth: f64, tolerance: f64) -> Check {
    if (estimate - truth).abs() > tolerance * truth {
        return fail(format!("{what}: estimate {estimate} is far from {truth}"));
    }
    Ok(())
}

fn run(dir: &Path) -> Check {
    let manifest = fs::read_to_string(dir.join("spark.txt")).map_err(|e| e.to_string())?;
    let mut total_hll = None;
    let mut kll_files = [""; 3];
    println!("sketchfold reads Spark's sketches:");
    for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields[0] {
            "hll" | "hllunion" => {
                check_hll(dir, &fields[1..])?;
                if fields[1] == "hll_total" {
                    total_hll = Some(fields[2]);
                }
            }
            "kll" => {
                let ty = fields[1];
                match ty {
                    "double" => check_kll::<f64>(dir, &fields[1..])?,
                    "float" => check_kll::<f32>(dir, &fields[1..])?,
                    "bigint" => check_kll::<i64>(dir, &fields[1..])?,
                    _ => return fail(format!("unknown KLL type {ty}")),
                }
                if fields[2].ends_with("_total") {
                    let slot = ["double", "float", "bigint"].iter().position(|&t| t == ty);
                    kll_files[slot.ok_or("type")?] = fields[3];
                }
            }
            other => return fail(format!("unknown line kind {other}")),
        }
    }
    let total = total_hll.ok_or("spark.txt has no hll_total line")?;
    if kll_files.contains(&"") {
        return fail("spark.txt lacks a kll_*_total line".to_string());
    }
    let lines = write_ours(dir, total, kll_files)?;
    fs::write(dir.join("rust.txt"), &lines).map_err(|e| e.to_string())?;
    println!("sketchfold wrote its sketches and the answers Spark must give (rust.txt)");
    Ok(())
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: spark-roundtrip DIR");
        return ExitCode::from(2);
    };
    match run(Path::new(&dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("spark-roundtrip: MISMATCH: {e}");
            ExitCode::from(1)
        }
    }
}
