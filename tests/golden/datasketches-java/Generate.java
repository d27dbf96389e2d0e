// Writes the DataSketches Java golden set: HLL and KLL images made by
// datasketches-java (the jar Spark SQL ships), with the library's own answers
// in cases.json. See README.md in this folder for how it is run.
//
// Usage: java -cp <datasketches-java.jar>:<datasketches-memory.jar>:<classes> Generate <out dir>

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.kll.KllLongsSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

public final class Generate {
  private static Path out;
  /** file stem -> JSON object text, in the order written. */
  private static final Map<String, String> cases = new LinkedHashMap<>();

  /** The normalized ranks every KLL case is queried at. */
  private static final double[] RANKS = {
    0.0, 1e-5, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 0.99999, 1.0
  };

  public static void main(String[] args) throws Exception {
    out = Path.of(args[0]);
    Files.createDirectories(out);
    hllInOrder();
    hllUnions();
    kll();
    writeCases();
    writeTables();
  }

  // ---------------------------------------------------------------- HLL

  private static final TgtHllType[] TYPES = {TgtHllType.HLL_4, TgtHllType.HLL_6, TgtHllType.HLL_8};

  /** A sketch of update(long i) for i in [start, start + n). */
  private static HllSketch longs(int lgK, TgtHllType type, long start, long n) {
    HllSketch s = new HllSketch(lgK, type);
    for (long i = start; i < start + n; i++) { s.update(i); }
    return s;
  }

  /** A sketch of update("item-" + i) for i in [start, start + n). */
  private static HllSketch strings(int lgK, TgtHllType type, long start, long n) {
    HllSketch s = new HllSketch(lgK, type);
    for (long i = start; i < start + n; i++) { s.update("item-" + i); }
    return s;
  }

  private static String typeName(TgtHllType t) { return t.toString().toLowerCase(); }

  private static void hllInOrder() throws IOException {
    // lgK -> counts: LIST, SET (lgK >= 8), HLL mode, HLL mode with curMin > 0.
    Object[][] plan = {
      {4, new long[] {0, 3, 7, 100, 2000}},
      {8, new long[] {5, 20, 1000, 5000}},
      {12, new long[] {7, 300, 5000, 100000}},
      {16, new long[] {100, 50000, 1000000}},
      {21, new long[] {5, 2000}},
    };
    for (Object[] row : plan) {
      int lgK = (Integer) row[0];
      for (long n : (long[]) row[1]) {
        for (TgtHllType t : TYPES) {
          String name = "hll_lgk" + lgK + "_" + typeName(t) + "_n" + n;
          HllSketch s = longs(lgK, t, 0, n);
          boolean updatable = lgK <= 12 && n > 0;
          hllCase(name, s, longRule(0, n), updatable);
        }
      }
    }
    // lgK 19 in HLL mode: HLL_4 only (an HLL_8 image is 2^lgK bytes); lgK 20
    // in SET mode. (lgK 21 in HLL mode: the union below.)
    hllCase("hll_lgk19_hll_4_n300000", longs(19, TgtHllType.HLL_4, 0, 300000),
        longRule(0, 300000), false);
    hllCase("hll_lgk20_hll_4_n1000", longs(20, TgtHllType.HLL_4, 0, 1000),
        longRule(0, 1000), false);
    // Strings, as Spark's hll_sketch_agg over a string column hashes them.
    hllCase("hll_lgk12_hll_8_strings_n50000", strings(12, TgtHllType.HLL_8, 0, 50000),
        stringRule(0, 50000), false);
  }

  private static String longRule(long start, long n) {
    return "{\"rule\": \"update(long i)\", \"start\": " + start + ", \"n\": " + n + "}";
  }

  private static String stringRule(long start, long n) {
    return "{\"rule\": \"update(\\\"item-\\\" + i)\", \"start\": " + start + ", \"n\": " + n + "}";
  }

  private static void hllUnions() throws IOException {
    // 1. Spark's hll_union_agg / the merge of hll_sketch_agg partial results:
    //    four disjoint partitions of 50,000 strings each, HLL_8 at lgK 12.
    List<String> parts = new ArrayList<>();
    Union spark = new Union(12);
    for (int p = 0; p < 4; p++) {
      String name = "hll_union_spark_part" + p;
      HllSketch s = strings(12, TgtHllType.HLL_8, 50000L * p, 50000);
      hllCase(name, s, stringRule(50000L * p, 50000), false);
      parts.add(name);
      spark.update(s);
    }
    unionResults("hll_union_spark", spark, parts, 12, new TgtHllType[] {TgtHllType.HLL_8});

    // 2. Across precisions: lgK 14 HLL_4 and lgK 12 HLL_6, overlapping.
    HllSketch a = longs(14, TgtHllType.HLL_4, 0, 60000);
    HllSketch b = longs(12, TgtHllType.HLL_6, 30000, 60000);
    hllCase("hll_union_fold_a", a, longRule(0, 60000), false);
    hllCase("hll_union_fold_b", b, longRule(30000, 60000), false);
    Union fold = new Union(16);
    fold.update(a);
    fold.update(b);
    unionResults("hll_union_fold", fold, List.of("hll_union_fold_a", "hll_union_fold_b"), 16, TYPES);

    // 3. Small unions in HLL mode (the composite estimator's linear-counting
    //    branch), at several lgK.
    for (int lgK : new int[] {8, 12, 16}) {
      long n = (3L << (lgK - 3)) / 4 + 200; // just past the SET threshold
      HllSketch x = longs(lgK, TgtHllType.HLL_8, 0, n);
      HllSketch y = longs(lgK, TgtHllType.HLL_4, n / 2, n);
      String stem = "hll_union_small_lgk" + lgK;
      hllCase(stem + "_a", x, longRule(0, n), false);
      hllCase(stem + "_b", y, longRule(n / 2, n), false);
      Union u = new Union(lgK);
      u.update(x);
      u.update(y);
      unionResults(stem, u, List.of(stem + "_a", stem + "_b"), lgK, TYPES);
    }

    // 4. Large unions: curMin > 0 at lgK 4, HLL_4 results with aux entries at
    //    lgK 14.
    for (int lgK : new int[] {4, 14}) {
      long n = lgK == 4 ? 200L << lgK : 60L << lgK;
      HllSketch x = longs(lgK, TgtHllType.HLL_4, 0, n);
      HllSketch y = longs(lgK, TgtHllType.HLL_8, n / 3, n);
      String stem = "hll_union_aux_lgk" + lgK;
      hllCase(stem + "_a", x, longRule(0, n), true);
      hllCase(stem + "_b", y, longRule(n / 3, n), false);
      Union u = new Union(lgK);
      u.update(x);
      u.update(y);
      unionResults(stem, u, List.of(stem + "_a", stem + "_b"), lgK, TYPES);
    }

    // 5. A SET-mode union gadget meets an HLL-mode sketch (the reversed merge,
    //    which keeps the HIP estimate), and a union of LISTs only.
    HllSketch set = longs(12, TgtHllType.HLL_4, 0, 300);
    HllSketch hll = longs(12, TgtHllType.HLL_6, 1000, 5000);
    hllCase("hll_union_reverse_a", set, longRule(0, 300), false);
    hllCase("hll_union_reverse_b", hll, longRule(1000, 5000), false);
    Union rev = new Union(12);
    rev.update(set);
    rev.update(hll);
    unionResults("hll_union_reverse", rev, List.of("hll_union_reverse_a", "hll_union_reverse_b"), 12,
        TYPES);
    HllSketch l1 = longs(10, TgtHllType.HLL_4, 0, 5);
    HllSketch l2 = longs(12, TgtHllType.HLL_8, 3, 6);
    hllCase("hll_union_lists_a", l1, longRule(0, 5), false);
    hllCase("hll_union_lists_b", l2, longRule(3, 6), false);
    Union lists = new Union(12);
    lists.update(l1);
    lists.update(l2);
    unionResults("hll_union_lists", lists, List.of("hll_union_lists_a", "hll_union_lists_b"), 12,
        new TgtHllType[] {TgtHllType.HLL_8});

    // 6. The largest precision, HLL mode, out of order: the HLL_4 result only
    //    (1 MiB; the composite table of every lgK is checked in hll_tables.json).
    for (int lgK : new int[] {21}) {
      long n = 3L << (lgK - 4); // 3/16 of k: past the SET threshold
      HllSketch x = longs(lgK, TgtHllType.HLL_4, 0, n);
      HllSketch y = longs(lgK, TgtHllType.HLL_4, n / 2, n);
      Union u = new Union(lgK);
      u.update(x);
      u.update(y);
      String stem = "hll_union_lgk" + lgK;
      String inputs = "[" + longRule(0, n) + ", " + longRule(n / 2, n) + "]";
      HllSketch r = u.getResult(TgtHllType.HLL_4);
      String name = stem + "_hll_4";
      write(name + ".bin", r.toCompactByteArray());
      cases.put(name, hllJson(r, "{\"rule\": \"union\", \"lg_max_k\": " + lgK
          + ", \"inputs\": " + inputs + ", \"result_type\": \"HLL_4\"}", null));
    }
  }

  /** The union's own image (its HLL_8 gadget) and getResult(t) for each t. */
  private static void unionResults(String stem, Union u, List<String> inputs, int lgMaxK,
      TgtHllType[] types) throws IOException {
    StringBuilder of = new StringBuilder("[");
    for (int i = 0; i < inputs.size(); i++) {
      of.append(i == 0 ? "" : ", ").append('"').append(inputs.get(i)).append('"');
    }
    of.append(']');
    String base = "\"rule\": \"union\", \"lg_max_k\": " + lgMaxK + ", \"of\": " + of;
    byte[] gadget = u.toCompactByteArray();
    write(stem + "_gadget.bin", gadget);
    HllSketch g = HllSketch.heapify(gadget);
    cases.put(stem + "_gadget", hllJson(g, "{" + base + ", \"result\": \"Union.toCompactByteArray\"}",
        null));
    for (TgtHllType t : types) {
      HllSketch r = u.getResult(t);
      String name = stem + "_" + typeName(t);
      write(name + ".bin", r.toCompactByteArray());
      cases.put(name, hllJson(r, "{" + base + ", \"result_type\": \"" + t + "\"}", null));
    }
  }

  private static void hllCase(String name, HllSketch s, String input, boolean updatable)
      throws IOException {
    write(name + ".bin", s.toCompactByteArray());
    String upd = null;
    if (updatable) {
      upd = name + "_updatable.bin";
      write(upd, s.toUpdatableByteArray());
    }
    cases.put(name, hllJson(s, input, upd));
  }

  private static String hllJson(HllSketch s, String input, String updatable) {
    byte[] image = s.toCompactByteArray();
    String[] modes = {"LIST", "SET", "HLL"};
    StringBuilder j = new StringBuilder();
    j.append("{\"family\": \"hll\", \"lg_k\": ").append(s.getLgConfigK())
        .append(", \"type\": \"").append(s.getTgtHllType()).append('"')
        .append(", \"mode\": \"").append(modes[image[7] & 3]).append('"')
        .append(", \"out_of_order\": ").append((image[5] & 16) != 0)
        .append(", \"empty\": ").append(s.isEmpty())
        .append(", \"input\": ").append(input);
    if (updatable != null) { j.append(", \"updatable_file\": \"").append(updatable).append('"'); }
    j.append(", \"estimate\": ").append(dbl(s.getEstimate()))
        .append(", \"composite_estimate\": ").append(dbl(s.getCompositeEstimate()))
        .append(", \"lower_bounds\": [").append(dbl(s.getLowerBound(1))).append(", ")
        .append(dbl(s.getLowerBound(2))).append(", ").append(dbl(s.getLowerBound(3))).append(']')
        .append(", \"upper_bounds\": [").append(dbl(s.getUpperBound(1))).append(", ")
        .append(dbl(s.getUpperBound(2))).append(", ").append(dbl(s.getUpperBound(3))).append(']')
        .append('}');
    return j.toString();
  }

  // ---------------------------------------------------------------- KLL

  /** 0..n-1 shuffled by java.util.Random(seed) (Fisher-Yates, from the top). */
  private static long[] shuffled(int n, long seed) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) { v[i] = i; }
    Random r = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      long t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    return v;
  }

  private static final String KLL_RULE =
      "values v = 0..n-1 shuffled (Fisher-Yates from the top, java.util.Random(seed)); "
      + "double and float items (v - n/4) * 0.5, long items (v - n/4) * 1000 + 7, with n/4 "
      + "in integer division";

  private static double dval(long v, int n) { return (v - n / 4) * 0.5; }

  private static long lval(long v, int n) { return (v - n / 4) * 1000 + 7; }

  private static void kll() throws IOException {
    int[] counts = {0, 1, 10, 200, 1000, 100000};
    for (String item : new String[] {"float", "double", "long"}) {
      for (int n : counts) {
        kllCase("kll_" + item + "_k200_n" + n, item, 200, n, 1 + n);
      }
      kllCase("kll_" + item + "_k50_n100000", item, 50, 100000, 7);
      kllMerged(item);
    }
  }

  private static KllSketch kllOf(String item, int k, int n, long seed) {
    long[] v = shuffled(n, seed);
    switch (item) {
      case "float": {
        KllFloatsSketch s = KllFloatsSketch.newHeapInstance(k);
        for (long x : v) { s.update((float) dval(x, n)); }
        return s;
      }
      case "double": {
        KllDoublesSketch s = KllDoublesSketch.newHeapInstance(k);
        for (long x : v) { s.update(dval(x, n)); }
        return s;
      }
      default: {
        KllLongsSketch s = KllLongsSketch.newHeapInstance(k);
        for (long x : v) { s.update(lval(x, n)); }
        return s;
      }
    }
  }

  private static String kllInput(int k, int n, long seed) {
    return "{\"rule\": \"" + KLL_RULE + "\", \"k\": " + k + ", \"n\": " + n + ", \"seed\": "
        + seed + "}";
  }

  private static void kllCase(String name, String item, int k, int n, long seed)
      throws IOException {
    KllSketch s = kllOf(item, k, n, seed);
    byte[] image = bytes(s);
    write(name + ".bin", image);
    cases.put(name, kllJson(s, item, kllInput(k, n, seed), image));
  }

  /** Spark's kll_sketch_merge_*: a k = 200 and a k = 100 sketch merged. */
  private static void kllMerged(String item) throws IOException {
    KllSketch a = kllOf(item, 200, 30000, 11);
    KllSketch b = kllOf(item, 100, 20000, 12);
    a.merge(b);
    String name = "kll_" + item + "_merged";
    byte[] image = bytes(a);
    write(name + ".bin", image);
    String input = "{\"rule\": \"merge\", \"of\": [" + kllInput(200, 30000, 11) + ", "
        + kllInput(100, 20000, 12) + "]}";
    cases.put(name, kllJson(a, item, input, image));
  }

  private static byte[] bytes(KllSketch s) {
    if (s instanceof KllFloatsSketch) { return ((KllFloatsSketch) s).toByteArray(); }
    if (s instanceof KllDoublesSketch) { return ((KllDoublesSketch) s).toByteArray(); }
    return ((KllLongsSketch) s).toByteArray();
  }

  private static String kllJson(KllSketch s, String item, String input, byte[] image) {
    StringBuilder j = new StringBuilder();
    long n = s.getN();
    j.append("{\"family\": \"kll\", \"item\": \"").append(item).append('"')
        .append(", \"k\": ").append(s.getK())
        .append(", \"n\": ").append(n)
        .append(", \"input\": ").append(input)
        .append(", \"num_retained\": ").append(s.getNumRetained())
        .append(", \"estimation_mode\": ").append(s.isEstimationMode())
        .append(", \"normalized_rank_error\": [").append(dbl(s.getNormalizedRankError(false)))
        .append(", ").append(dbl(s.getNormalizedRankError(true))).append(']');
    if (image.length > 16 && image[0] == 5) {
      j.append(", \"min_k\": ").append((image[16] & 0xff) | (image[17] & 0xff) << 8);
    }
    if (n == 0) { return j.append('}').toString(); }
    j.append(", \"ranks\": [");
    for (int i = 0; i < RANKS.length; i++) { j.append(i == 0 ? "" : ", ").append(dbl(RANKS[i])); }
    j.append(']');
    QuantileSearchCriteria inc = QuantileSearchCriteria.INCLUSIVE;
    QuantileSearchCriteria exc = QuantileSearchCriteria.EXCLUSIVE;
    if (s instanceof KllFloatsSketch) {
      KllFloatsSketch f = (KllFloatsSketch) s;
      j.append(", \"min\": ").append(flt(f.getMinItem()))
          .append(", \"max\": ").append(flt(f.getMaxItem()));
      TreeSet<Float> probes = new TreeSet<>();
      probes.add(f.getMinItem());
      probes.add(f.getMaxItem());
      probes.add(Math.nextDown(f.getMinItem()));
      probes.add(Math.nextUp(f.getMaxItem()));
      StringBuilder qi = new StringBuilder();
      StringBuilder qe = new StringBuilder();
      for (int i = 0; i < RANKS.length; i++) {
        float a = f.getQuantile(RANKS[i], inc);
        float b = f.getQuantile(RANKS[i], exc);
        probes.add(a);
        probes.add(b);
        probes.add(a + 0.25f);
        qi.append(i == 0 ? "" : ", ").append(flt(a));
        qe.append(i == 0 ? "" : ", ").append(flt(b));
      }
      j.append(", \"quantiles_inclusive\": [").append(qi).append(']')
          .append(", \"quantiles_exclusive\": [").append(qe).append(']');
      StringBuilder items = new StringBuilder();
      StringBuilder ri = new StringBuilder();
      StringBuilder re = new StringBuilder();
      for (float p : probes) {
        String sep = items.length() == 0 ? "" : ", ";
        items.append(sep).append(flt(p));
        ri.append(sep).append(dbl(f.getRank(p, inc)));
        re.append(sep).append(dbl(f.getRank(p, exc)));
      }
      j.append(", \"rank_items\": [").append(items).append(']')
          .append(", \"ranks_inclusive\": [").append(ri).append(']')
          .append(", \"ranks_exclusive\": [").append(re).append(']');
    } else if (s instanceof KllDoublesSketch) {
      KllDoublesSketch d = (KllDoublesSketch) s;
      j.append(", \"min\": ").append(dbl(d.getMinItem()))
          .append(", \"max\": ").append(dbl(d.getMaxItem()));
      TreeSet<Double> probes = new TreeSet<>();
      probes.add(d.getMinItem());
      probes.add(d.getMaxItem());
      probes.add(Math.nextDown(d.getMinItem()));
      probes.add(Math.nextUp(d.getMaxItem()));
      StringBuilder qi = new StringBuilder();
      StringBuilder qe = new StringBuilder();
      for (int i = 0; i < RANKS.length; i++) {
        double a = d.getQuantile(RANKS[i], inc);
        double b = d.getQuantile(RANKS[i], exc);
        probes.add(a);
        probes.add(b);
        probes.add(a + 0.25);
        qi.append(i == 0 ? "" : ", ").append(dbl(a));
        qe.append(i == 0 ? "" : ", ").append(dbl(b));
      }
      j.append(", \"quantiles_inclusive\": [").append(qi).append(']')
          .append(", \"quantiles_exclusive\": [").append(qe).append(']');
      StringBuilder items = new StringBuilder();
      StringBuilder ri = new StringBuilder();
      StringBuilder re = new StringBuilder();
      for (double p : probes) {
        String sep = items.length() == 0 ? "" : ", ";
        items.append(sep).append(dbl(p));
        ri.append(sep).append(dbl(d.getRank(p, inc)));
        re.append(sep).append(dbl(d.getRank(p, exc)));
      }
      j.append(", \"rank_items\": [").append(items).append(']')
          .append(", \"ranks_inclusive\": [").append(ri).append(']')
          .append(", \"ranks_exclusive\": [").append(re).append(']');
    } else {
      KllLongsSketch l = (KllLongsSketch) s;
      j.append(", \"min\": ").append(l.getMinItem()).append(", \"max\": ").append(l.getMaxItem());
      TreeSet<Long> probes = new TreeSet<>();
      probes.add(l.getMinItem());
      probes.add(l.getMaxItem());
      probes.add(l.getMinItem() - 1);
      probes.add(l.getMaxItem() + 1);
      StringBuilder qi = new StringBuilder();
      StringBuilder qe = new StringBuilder();
      for (int i = 0; i < RANKS.length; i++) {
        long a = l.getQuantile(RANKS[i], inc);
        long b = l.getQuantile(RANKS[i], exc);
        probes.add(a);
        probes.add(b);
        probes.add(a + 1);
        qi.append(i == 0 ? "" : ", ").append(a);
        qe.append(i == 0 ? "" : ", ").append(b);
      }
      j.append(", \"quantiles_inclusive\": [").append(qi).append(']')
          .append(", \"quantiles_exclusive\": [").append(qe).append(']');
      StringBuilder items = new StringBuilder();
      StringBuilder ri = new StringBuilder();
      StringBuilder re = new StringBuilder();
      for (long p : probes) {
        String sep = items.length() == 0 ? "" : ", ";
        items.append(sep).append(p);
        ri.append(sep).append(dbl(l.getRank(p, inc)));
        re.append(sep).append(dbl(l.getRank(p, exc)));
      }
      j.append(", \"rank_items\": [").append(items).append(']')
          .append(", \"ranks_inclusive\": [").append(ri).append(']')
          .append(", \"ranks_exclusive\": [").append(re).append(']');
    }
    return j.append('}').toString();
  }

  // ---------------------------------------------------------------- output

  /** A double as {"v": decimal, "bits": "0x..."}: the bits are exact. */
  private static String dbl(double x) {
    return "{\"v\": " + x + ", \"bits\": \"" + String.format("0x%016x", Double.doubleToRawLongBits(x))
        + "\"}";
  }

  /** A float as {"v": decimal, "bits": "0x..."}. */
  private static String flt(float x) {
    return "{\"v\": " + x + ", \"bits\": \"" + String.format("0x%08x", Float.floatToRawIntBits(x))
        + "\"}";
  }

  private static void write(String file, byte[] bytes) throws IOException {
    Files.write(out.resolve(file), bytes);
  }

  private static void writeCases() throws IOException {
    StringBuilder j = new StringBuilder("{\n");
    j.append("  \"jars\": \"").append(System.getProperty("golden.jars")).append("\",\n");
    j.append("  \"java\": \"").append(System.getProperty("java.version")).append("\",\n");
    j.append("  \"cases\": {\n");
    int i = 0;
    for (Map.Entry<String, String> e : cases.entrySet()) {
      j.append("    \"").append(e.getKey()).append("\": ").append(e.getValue())
          .append(++i < cases.size() ? ",\n" : "\n");
    }
    j.append("  }\n}\n");
    Files.write(out.resolve("cases.json"), j.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The library's estimator tables, read by reflection: the composite
   * estimator's interpolation table, the coupon-count interpolation nodes and
   * the relative errors of the bounds at lgK 4 to 12.
   */
  private static void writeTables() throws Exception {
    Class<?> x = Class.forName("org.apache.datasketches.hll.CompositeInterpolationXTable");
    Field fx = x.getDeclaredField("xArrs");
    Field fy = x.getDeclaredField("yStrides");
    fx.setAccessible(true);
    fy.setAccessible(true);
    double[][] xArrs = (double[][]) fx.get(null);
    int[] yStrides = (int[]) fy.get(null);
    Class<?> c = Class.forName("org.apache.datasketches.hll.CouponMapping");
    Field cx = c.getDeclaredField("xArr");
    Field cy = c.getDeclaredField("yArr");
    cx.setAccessible(true);
    cy.setAccessible(true);
    StringBuilder j = new StringBuilder("{\n  \"composite\": [\n");
    for (int i = 0; i < xArrs.length; i++) {
      j.append("    {\"lg_k\": ").append(i + 4).append(", \"y_stride\": ").append(yStrides[i])
          .append(", \"x\": [");
      for (int k = 0; k < xArrs[i].length; k++) {
        j.append(k == 0 ? "" : ", ").append('"').append(Double.toString(xArrs[i][k])).append('"');
      }
      j.append("]}").append(i + 1 < xArrs.length ? ",\n" : "\n");
    }
    j.append("  ],\n  \"coupon_x\": [");
    double[] xs = (double[]) cx.get(null);
    double[] ys = (double[]) cy.get(null);
    for (int k = 0; k < xs.length; k++) {
      j.append(k == 0 ? "" : ", ").append('"').append(Double.toString(xs[k])).append('"');
    }
    j.append("],\n  \"coupon_y\": [");
    for (int k = 0; k < ys.length; k++) {
      j.append(k == 0 ? "" : ", ").append('"').append(Double.toString(ys[k])).append('"');
    }
    j.append("]");
    Class<?> r = Class.forName("org.apache.datasketches.hll.RelativeErrorTables");
    for (String table : new String[] {"HIP_LB", "HIP_UB", "NON_HIP_LB", "NON_HIP_UB"}) {
      Field f = r.getDeclaredField(table);
      f.setAccessible(true);
      double[] v = (double[]) f.get(null);
      j.append(",\n  \"").append(table.toLowerCase()).append("\": [");
      for (int k = 0; k < v.length; k++) {
        j.append(k == 0 ? "" : ", ").append('"').append(Double.toString(v[k])).append('"');
      }
      j.append(']');
    }
    j.append("\n}\n");
    Files.write(out.resolve("hll_tables.json"), j.toString().getBytes(StandardCharsets.UTF_8));
  }
}
