"""The live Spark SQL round trip (see README.md), driven from PySpark.

    python roundtrip.py WORK_DIR SKETCHFOLD_BINARY

1. Spark SQL (local[2]) builds HLL and KLL sketches of a generated table of
   200,000 rows in 4 partitions: per group and over the whole table, and
   answers for each (hll_sketch_estimate, kll_sketch_get_*); the sketches go
   to WORK_DIR/spark/, the answers to WORK_DIR/spark.txt.
2. The sketchfold binary reads them, checks it gets Spark's answers, builds
   its own sketches of the same table (in order, and merged from per-group
   sketches) into WORK_DIR/rust/ and lists the answers Spark must give for
   them in WORK_DIR/rust.txt.
3. Spark SQL reads sketchfold's sketches (hll_sketch_estimate, hll_union,
   kll_sketch_get_*, kll_sketch_merge_*) and must give those answers.

Every Spark function call and its result is printed at the end. Exits 1 on
any disagreement.
"""

import os
import subprocess
import sys
import time

from pyspark.sql import SparkSession
from pyspark.sql.types import BinaryType, StructField, StructType

RANKS = [0.0, 0.25, 0.5, 0.75, 1.0]
RANKS_SQL = "array(" + ", ".join(repr(r) for r in RANKS) + ")"
TYPES = {"double": "DOUBLE", "float": "FLOAT", "bigint": "BIGINT"}

work, binary = sys.argv[1], sys.argv[2]
os.makedirs(os.path.join(work, "spark"), exist_ok=True)
start = time.time()
spark = (
    SparkSession.builder.master("local[2]")
    .appName("sketchfold-spark-roundtrip")
    .config("spark.ui.enabled", "false")
    .config("spark.ui.showConsoleProgress", "false")
    .config("spark.sql.shuffle.partitions", "4")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
jvm_hll = spark._jvm.org.apache.datasketches.hll.HllSketch
print(f"Spark {spark.version} in local[2], started in {time.time() - start:.0f}s")

calls = []  # (function, what, result) for the report
failures = []


def record(function, what, result):
    calls.append((function, what, result))
    return result


def expect(what, got, want):
    if got != want:
        failures.append(f"{what}: Spark gave {got!r}, expected {want!r}")


def with_sketches(expr, *sketches):
    """Evaluates `expr` over one row whose columns s0, s1, ... hold sketches."""
    schema = StructType([StructField(f"s{i}", BinaryType()) for i in range(len(sketches))])
    df = spark.createDataFrame([tuple(bytearray(b) for b in sketches)], schema)
    return df.selectExpr(expr).first()[0]


def literal(ty, value):
    return f"CAST('{value!r}' AS {TYPES[ty]})" if ty != "bigint" else f"{int(value)}L"


def save(name, blob):
    path = os.path.join(work, "spark", name)
    with open(path, "wb") as out:
        out.write(bytes(blob))
    return f"spark/{name}"


# ------------------------------------------------------------- 1. Spark writes
spark.range(0, 200_000, 1, 4).createOrReplaceTempView("ids")
spark.sql(
    """CREATE OR REPLACE TEMP VIEW t AS SELECT id,
         concat('item-', CAST(id AS STRING)) AS s,
         CAST((id * 7919) % 200003 AS DOUBLE) * 0.25 - 100.0 AS x,
         CAST(CAST((id * 7919) % 200003 AS DOUBLE) * 0.25 - 100.0 AS FLOAT) AS f,
         ((id * 7919) % 200003) * 1000 - 5000000 AS l,
         id % 4 AS g
       FROM ids"""
)
groups = spark.sql(
    """SELECT g, hll_sketch_agg(s, 12) AS hs, kll_sketch_agg_double(x) AS kd,
              kll_sketch_agg_float(f) AS kf, kll_sketch_agg_bigint(l) AS kb
       FROM t GROUP BY g ORDER BY g"""
).collect()
record("hll_sketch_agg", "s, lgConfigK 12, per group of 50,000", f"{len(groups)} sketches")
total = spark.sql(
    """SELECT hll_sketch_agg(s, 12) AS hs, hll_sketch_agg(id, 21) AS h21,
              kll_sketch_agg_double(x) AS kd, kll_sketch_agg_float(f) AS kf,
              kll_sketch_agg_bigint(l) AS kb
       FROM t"""
).first()
lines = []
parts = [save(f"hll_part{r.g}.bin", r.hs) for r in groups]


def hll_line(kind, name, blob, extra=""):
    file = save(f"{name}.bin", blob)
    java = jvm_hll.heapify(bytearray(blob)).getEstimate()
    sql = record("hll_sketch_estimate", name, with_sketches("hll_sketch_estimate(s0)", blob))
    lines.append(f"{kind} {name} {file} {java!r} {sql} {extra}".strip())


hll_line("hll", "hll_total", total.hs)
hll_line("hll", "hll_lgk21", total.h21)
union_df = spark.createDataFrame(
    [(bytearray(r.hs),) for r in groups], StructType([StructField("s0", BinaryType())])
)
union = union_df.selectExpr("hll_union_agg(s0)").first()[0]
record("hll_union_agg", "the 4 group sketches", f"{len(union)} bytes")
hll_line("hllunion", "hll_union_of_parts", union, ",".join(parts))

for ty, col in [("double", "kd"), ("float", "kf"), ("bigint", "kb")]:
    blob = total[col]
    record(f"kll_sketch_agg_{ty}", "the whole table", f"{len(blob)} bytes")
    q = with_sketches(f"kll_sketch_get_quantile_{ty}(s0, {RANKS_SQL})", blob)
    record(f"kll_sketch_get_quantile_{ty}", f"kll_{ty}_total at {RANKS}", q)
    # Rank items: the quantiles themselves (the exact extremes among them).
    items_sql = "array(" + ", ".join(literal(ty, v) for v in q) + ")"
    r = with_sketches(f"kll_sketch_get_rank_{ty}(s0, {items_sql})", blob)
    record(f"kll_sketch_get_rank_{ty}", f"kll_{ty}_total at its quantiles", r)
    n = with_sketches(f"kll_sketch_get_n_{ty}(s0)", blob)
    record(f"kll_sketch_get_n_{ty}", f"kll_{ty}_total", n)
    file = save(f"kll_{ty}_total.bin", blob)
    items_text = ",".join(repr(int(v)) if ty == "bigint" else repr(v) for v in q)
    ranks_text = ",".join(repr(v) for v in r)
    lines.append(f"kll {ty} kll_{ty}_total {file} {n} {items_text} {items_text} {ranks_text}")
    merged_df = spark.createDataFrame(
        [(bytearray(g[col]),) for g in groups], StructType([StructField("s0", BinaryType())])
    )
    merged = merged_df.selectExpr(f"kll_merge_agg_{ty}(s0)").first()[0]
    mn = with_sketches(f"kll_sketch_get_n_{ty}(s0)", merged)
    record(f"kll_merge_agg_{ty}", "the 4 group sketches, then kll_sketch_get_n", mn)
    expect(f"kll_merge_agg_{ty} n", mn, 200_000)

with open(os.path.join(work, "spark.txt"), "w") as out:
    out.write("\n".join(lines) + "\n")
print(f"Spark wrote its sketches ({time.time() - start:.0f}s)")

# ------------------------------------------------------- 2. sketchfold checks
done = subprocess.run([binary, work])
if done.returncode != 0:
    print("FAILED: sketchfold did not read Spark's sketches to Spark's answers", file=sys.stderr)
    sys.exit(1)


# ------------------------------------------------------------ 3. Spark reads
def load(file):
    with open(os.path.join(work, file), "rb") as f:
        return f.read()


with open(os.path.join(work, "rust.txt")) as f:
    expected = [line.split() for line in f if line.strip()]
for fields in expected:
    kind = fields[0]
    if kind == "hll":
        _, name, file, sql, exact = fields
        blob = load(file)
        got = record("hll_sketch_estimate", f"sketchfold's {name}", with_sketches("hll_sketch_estimate(s0)", blob))
        expect(f"hll_sketch_estimate({name})", got, int(sql))
        java = jvm_hll.heapify(bytearray(blob)).getEstimate()
        expect(f"HllSketch.getEstimate({name})", java, float(exact))
    elif kind == "hllunion":
        _, name, file, other, sql = fields
        got = with_sketches("hll_sketch_estimate(hll_union(s0, s1))", load(file), load(other))
        record("hll_union", f"sketchfold's {os.path.basename(file)} with Spark's total, estimated", got)
        expect(f"hll_union({file}, {other})", got, int(sql))
    elif kind == "kll":
        _, ty, name, file, n, qs, items, ranks = fields
        blob = load(file)
        parse = int if ty == "bigint" else float
        got_n = with_sketches(f"kll_sketch_get_n_{ty}(s0)", blob)
        expect(f"kll_sketch_get_n_{ty}({name})", got_n, int(n))
        got_q = with_sketches(f"kll_sketch_get_quantile_{ty}(s0, {RANKS_SQL})", blob)
        record(f"kll_sketch_get_quantile_{ty}", f"sketchfold's {name} at {RANKS}", got_q)
        expect(f"kll_sketch_get_quantile_{ty}({name})", list(got_q), [parse(v) for v in qs.split(",")])
        items_sql = "array(" + ", ".join(literal(ty, parse(v)) for v in items.split(",")) + ")"
        got_r = with_sketches(f"kll_sketch_get_rank_{ty}(s0, {items_sql})", blob)
        record(f"kll_sketch_get_rank_{ty}", f"sketchfold's {name}", got_r)
        expect(f"kll_sketch_get_rank_{ty}({name})", list(got_r), [float(v) for v in ranks.split(",")])
    elif kind == "kllmerge":
        _, ty, name, file, other, n, lo, hi = fields
        parse = int if ty == "bigint" else float
        merged = f"kll_sketch_merge_{ty}(s0, s1)"
        got = with_sketches(
            f"struct(kll_sketch_get_n_{ty}({merged}), kll_sketch_get_quantile_{ty}({merged}, array(0.0, 1.0)))",
            load(file),
            load(other),
        )
        record(f"kll_sketch_merge_{ty}", f"sketchfold's with Spark's, n and quantiles at 0, 1", got)
        expect(f"kll_sketch_merge_{ty} n", got[0], int(n))
        expect(f"kll_sketch_merge_{ty} min, max", list(got[1]), [parse(lo), parse(hi)])
    else:
        failures.append(f"unknown line {fields}")

spark.stop()
print(f"\nSpark functions exercised ({time.time() - start:.0f}s):")
for function, what, result in calls:
    print(f"  {function:32} {what:55} -> {result}")
if failures:
    print("\nFAILED:", *failures, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"\nSpark round trip: {len(calls)} calls, all answers as expected")
