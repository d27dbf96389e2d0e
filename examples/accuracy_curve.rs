//! The accuracy curve of sketchfold's [`HyperLogLog`]: relative bias and
//! relative standard error against the number of distinct items n, from 1
//! to 10^9, at precisions 8, 10, 12, 14 and 16, next to the theoretical
//! `1.04 / sqrt(m)`. Prints Markdown tables and draws `docs/accuracy.svg`.
//!
//! Run: `cargo run --release --example accuracy_curve` (one to two minutes
//! on two cores). Options: `--quick` (100 trials, and the SVG is not
//! written), `--trials N`, `--svg PATH`.
//!
//! Every trial is seeded, so the output is the same on every run and
//! whatever the number of threads. Two ways to get a sketch of n items:
//!
//! - **inserted** (n <= 10^6): trial `t` builds
//!   `HyperLogLog::with_params(HllParams::new(p)?.with_seed(seed_t))` and inserts the distinct items
//!   `0u64..n` through the public `insert_batch` (the real XXH3 hashing,
//!   the sparse form, the switch to dense, the histogram kept by inserts);
//!   one stream per trial, estimated at each grid point on the way up;
//! - **sampled registers** (n >= 2 x 10^6, where inserting is too slow):
//!   with the native hashing a register ends at most `k` after n distinct
//!   items with probability `P(R <= k) = (1 - 2^-k / m)^n` for `k <= 38`
//!   (a register value is `min(leading zeros, 38) + 1`, so `P(R <= 39) = 1`).
//!   Each register is drawn from that distribution by inversion, stored with
//!   `insert_hash` of a hash built to land in that register with that value,
//!   and the sketch's own `estimate` is taken. The registers are drawn
//!   independently, whereas the real ones are slightly negatively dependent
//!   (the n items are shared among them): that is the Poisson model of the
//!   HyperLogLog analyses, and at n >= 30m it changes the variance by far
//!   less than the sampling error here. The "validation" table compares
//!   both ways at n = 10^5 .. 10^6, where both are run.
//!
//! RSE is `sqrt(mean(((est - n) / n)^2))` over the trials (bias included,
//! as in `tests/accuracy.rs`); bias is `mean((est - n) / n)`, with its
//! standard error `sd / sqrt(trials)`. Flags: `B` when
//! `|bias| > 0.25 x RSE` (`b` when that bias is below 10^-5, numerically
//! nil), `S` when `RSE > 1.1 x 1.04 / sqrt(m)`.

use std::fmt::Write as _;
use std::path::PathBuf;

use sketchfold::cardinality::HllParams;
use sketchfold::cardinality::HyperLogLog;

// The test suite's splitmix64 generator, so the example's trials are the
// same on every machine.
#[path = "../tests/common/rng.rs"]
mod rng;

use rng::{splitmix64, Rng};

const PRECISIONS: [u8; 5] = [8, 10, 12, 14, 16];
/// Largest n built by inserting items; above it registers are sampled.
const INSERT_MAX: u64 = 1_000_000;
/// Sampled points that repeat inserted ones, to validate the sampling.
const VALIDATION: [u64; 4] = [100_000, 200_000, 500_000, 1_000_000];
const DEFAULT_TRIALS: u64 = 2000;
const QUICK_TRIALS: u64 = 100;
/// Items inserted per `insert_batch` call.
const CHUNK: u64 = 1 << 16;

/// The seed of trial `t` at precision `p` for a kind of experiment.
fn trial_seed(kind: u64, p: u8, t: u64) -> u64 {
    splitmix64(splitmix64(kind << 56 | u64::from(p) << 48 | t))
}

/// n on a 1-2-5 grid from 1 to 10^9.
fn grid() -> Vec<u64> {
    let mut out = Vec::new();
    let mut decade = 1u64;
    while decade <= 1_000_000_000 {
        for f in [1, 2, 5] {
            let n = f * decade;
            if n <= 1_000_000_000 {
                out.push(n);
            }
        }
        decade *= 10;
    }
    out
}

/// Estimates of one trial at every n of `ns` (ascending), inserting the
/// items `0..n` one stream.
fn inserted_trial(p: u8, seed: u64, ns: &[u64]) -> Vec<f64> {
    let mut hll =
        HyperLogLog::with_params(HllParams::new(p).expect("valid precision").with_seed(seed));
    let mut items: Vec<u64> = Vec::with_capacity(CHUNK as usize);
    let mut next = 0u64;
    ns.iter()
        .map(|&n| {
            while next < n {
                let end = n.min(next + CHUNK);
                items.clear();
                items.extend(next..end);
                hll.insert_batch(&items);
                next = end;
            }
            hll.estimate()
        })
        .collect()
}

/// `cdf[k] = P(R <= k)` for one register after n items over m registers.
fn register_cdf(p: u8, n: u64) -> [f64; 40] {
    let m = f64::from(1u32 << p);
    let mut cdf = [1.0f64; 40];
    for (k, c) in cdf.iter_mut().enumerate().take(39) {
        let per_item = 0.5f64.powi(k as i32) / m;
        *c = (n as f64 * (-per_item).ln_1p()).exp();
    }
    cdf
}

/// A hash that lands in register `j` with value `r` (1..=39).
fn crafted_hash(j: u64, r: usize) -> u64 {
    if r >= 39 {
        j // leading zeros capped at 38: value 39
    } else {
        1u64 << (64 - r) | j // r - 1 leading zeros
    }
}

/// One estimate from registers drawn from `cdf`.
fn sampled_trial(p: u8, seed: u64, cdf: &[f64; 40]) -> f64 {
    let mut rng = Rng(seed);
    let mut hll =
        HyperLogLog::with_params(HllParams::new(p).expect("valid precision").with_seed(seed));
    for j in 0..1u64 << p {
        let u = rng.unit();
        let r = cdf.partition_point(|&f| f < u);
        if r > 0 {
            hll.insert_hash(crafted_hash(j, r));
        }
    }
    debug_assert!(!hll.is_sparse(), "sampled points must be dense");
    hll.estimate()
}

/// Runs `trials` trials of `f` on every available core; `f(t)` returns a
/// row of estimates and must depend on `t` only.
fn run_trials<F>(trials: u64, f: F) -> Vec<Vec<f64>>
where
    F: Fn(u64) -> Vec<f64> + Sync,
{
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let per = trials.div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let f = &f;
                s.spawn(move || {
                    (i * per..((i + 1) * per).min(trials))
                        .map(f)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("trial thread panicked"))
            .collect()
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Method {
    Inserted,
    Sampled,
}

impl Method {
    fn name(self) -> &'static str {
        match self {
            Method::Inserted => "inserted",
            Method::Sampled => "sampled",
        }
    }
}

/// The statistics of one (precision, n) point.
#[derive(Clone, Copy)]
struct Point {
    p: u8,
    n: u64,
    method: Method,
    trials: u64,
    bias: f64,
    bias_se: f64,
    rse: f64,
}

impl Point {
    fn new(p: u8, n: u64, method: Method, estimates: &[f64]) -> Point {
        let t = estimates.len() as f64;
        let errs: Vec<f64> = estimates.iter().map(|&e| e / n as f64 - 1.0).collect();
        let bias = errs.iter().sum::<f64>() / t;
        let var = errs.iter().map(|e| (e - bias).powi(2)).sum::<f64>() / (t - 1.0);
        let rse = (errs.iter().map(|e| e * e).sum::<f64>() / t).sqrt();
        Point {
            p,
            n,
            method,
            trials: estimates.len() as u64,
            bias,
            bias_se: (var / t).sqrt(),
            rse,
        }
    }

    fn theory(&self) -> f64 {
        1.04 / f64::from(1u32 << self.p).sqrt()
    }

    /// `B`: |bias| > 0.25 x RSE with a bias of at least 10^-5 (0.001%);
    /// `b`: the same rule met by a numerically negligible bias (the sparse
    /// points, whose linear counting over 2^26 slots is exact to about
    /// n / 2^27, so that bias and RSE are both that small); `S`: RSE above
    /// 1.1 x theory.
    fn flags(&self) -> String {
        let mut f = String::new();
        if self.bias.abs() > 0.25 * self.rse {
            f.push(if self.bias.abs() >= 1e-5 { 'B' } else { 'b' });
        }
        if self.rse > 1.1 * self.theory() {
            f.push('S');
        }
        f
    }
}

/// Every point of the curve at precision `p`, and the validation points.
fn curve(p: u8, trials: u64) -> (Vec<Point>, Vec<Point>) {
    let ns = grid();
    let inserted_ns: Vec<u64> = ns.iter().copied().filter(|&n| n <= INSERT_MAX).collect();
    let sampled_ns: Vec<u64> = ns.iter().copied().filter(|&n| n > INSERT_MAX).collect();

    let rows = run_trials(trials, |t| {
        inserted_trial(p, trial_seed(1, p, t), &inserted_ns)
    });
    let mut points: Vec<Point> = inserted_ns
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let est: Vec<f64> = rows.iter().map(|r| r[i]).collect();
            Point::new(p, n, Method::Inserted, &est)
        })
        .collect();

    let sample = |ns: &[u64], kind: u64| -> Vec<Point> {
        let cdfs: Vec<[f64; 40]> = ns.iter().map(|&n| register_cdf(p, n)).collect();
        let rows = run_trials(trials, |t| {
            cdfs.iter()
                .enumerate()
                .map(|(i, cdf)| sampled_trial(p, trial_seed(kind, p, t * 64 + i as u64), cdf))
                .collect()
        });
        ns.iter()
            .enumerate()
            .map(|(i, &n)| {
                let est: Vec<f64> = rows.iter().map(|r| r[i]).collect();
                Point::new(p, n, Method::Sampled, &est)
            })
            .collect()
    };
    points.extend(sample(&sampled_ns, 2));
    let validation = sample(&VALIDATION, 3);
    (points, validation)
}

fn fmt_n(n: u64) -> String {
    if n < 10_000 {
        return n.to_string();
    }
    let exp = (n as f64).log10().floor() as u32;
    let mant = n / 10u64.pow(exp);
    if mant == 1 {
        format!("1e{exp}")
    } else {
        format!("{mant}e{exp}")
    }
}

/// A signed percentage; tiny values (the near-exact sparse estimates) in
/// scientific notation so that they do not read as zero.
fn pct(x: f64) -> String {
    if x != 0.0 && x.abs() < 5e-7 {
        format!("{:+.1e}%", 100.0 * x)
    } else {
        format!("{:+.4}%", 100.0 * x)
    }
}

/// An unsigned percentage, tiny values as in [`pct`].
fn upct(x: f64) -> String {
    if x != 0.0 && x.abs() < 5e-7 {
        format!("{:.1e}%", 100.0 * x)
    } else {
        format!("{:.4}%", 100.0 * x)
    }
}

fn table(points: &[Point]) -> String {
    let mut s = String::new();
    s.push_str("| n | method | trials | bias | bias s.e. | RSE | RSE / theory | flags |\n");
    s.push_str("|---:|:---|---:|---:|---:|---:|---:|:---|\n");
    for pt in points {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {:.3} | {} |",
            fmt_n(pt.n),
            pt.method.name(),
            pt.trials,
            pct(pt.bias),
            upct(pt.bias_se),
            upct(pt.rse),
            pt.rse / pt.theory(),
            pt.flags()
        );
    }
    s
}

fn validation_table(curves: &[(Vec<Point>, Vec<Point>)]) -> String {
    let mut s = String::new();
    s.push_str("| p | n | bias inserted | bias sampled | RSE inserted | RSE sampled |\n");
    s.push_str("|---:|---:|---:|---:|---:|---:|\n");
    for (points, validation) in curves {
        for v in validation {
            let Some(ins) = points
                .iter()
                .find(|q| q.n == v.n && q.method == Method::Inserted)
            else {
                continue;
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} ± {:.4}% | {} ± {:.4}% | {:.4}% | {:.4}% |",
                v.p,
                fmt_n(v.n),
                pct(ins.bias),
                100.0 * ins.bias_se,
                pct(v.bias),
                100.0 * v.bias_se,
                100.0 * ins.rse,
                100.0 * v.rse
            );
        }
    }
    s
}

const COLORS: [&str; 5] = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e"];

/// The plot: RSE / theory (top) and bias / theory (bottom) against log n,
/// one line per precision, the theory line at 1.
/// The x axis' tick labels, 10^0 to 10^9.
const POWERS_OF_TEN: [&str; 10] = [
    "1", "10", "100", "1k", "10k", "100k", "1M", "10M", "100M", "1G",
];

fn svg(curves: &[(Vec<Point>, Vec<Point>)], trials: u64) -> String {
    let (w, h) = (900.0, 700.0);
    let (left, right) = (80.0, 150.0);
    let plot_w = w - left - right;
    let x_of = |n: u64| left + plot_w * (n as f64).log10() / 9.0;
    // Panels: (top, height, y min, y max, label).
    let panels = [
        (50.0, 330.0, 0.0, 1.2, "RSE / (1.04 / sqrt(m))"),
        (460.0, 190.0, -0.3, 0.3, "bias / (1.04 / sqrt(m))"),
    ];
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="{w}" height="{h}" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="{}" y="25" text-anchor="middle" font-size="15">sketchfold HyperLogLog accuracy, {trials} seeded trials per point</text>"#,
        left + plot_w / 2.0
    );
    for (pi, &(top, ph, lo, hi, label)) in panels.iter().enumerate() {
        let y_of = |v: f64| top + ph * (1.0 - (v.clamp(lo, hi) - lo) / (hi - lo));
        // Frame and grid.
        let _ = writeln!(
            s,
            r##"<rect x="{left}" y="{top}" width="{plot_w}" height="{ph}" fill="none" stroke="#444"/>"##
        );
        for d in 0..=9u32 {
            let x = x_of(10u64.pow(d));
            let _ = writeln!(
                s,
                r##"<line x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{:.1}" stroke="#ddd"/>"##,
                top + ph
            );
            // Plain-text tick labels under both panels (no superscript
            // tspans, which some renderers flatten into "103" for 10^3).
            let _ = writeln!(
                s,
                r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                top + ph + 16.0,
                POWERS_OF_TEN[d as usize]
            );
        }
        let steps = 6;
        for i in 0..=steps {
            let v = lo + (hi - lo) * f64::from(i) / f64::from(steps);
            let y = y_of(v);
            let _ = writeln!(
                s,
                r##"<line x1="{left}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#eee"/>"##,
                left + plot_w
            );
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{v:.2}</text>"#,
                left - 6.0,
                y + 4.0
            );
        }
        let _ = writeln!(
            s,
            r#"<text transform="translate(20 {:.1}) rotate(-90)" text-anchor="middle">{label}</text>"#,
            top + ph / 2.0
        );
        // Reference line: theory (1) on top, zero bias below.
        let reference = if pi == 0 { 1.0 } else { 0.0 };
        let _ = writeln!(
            s,
            r#"<line x1="{left}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="black" stroke-dasharray="6 4"/>"#,
            left + plot_w,
            y = y_of(reference)
        );
        // Flag thresholds: RSE at 1.1 x theory; bias at 0.25 x RSE, drawn
        // at 0.25 x theory (RSE is about the theory wherever it matters).
        let (thresholds, note): (&[f64], &str) = if pi == 0 {
            (&[1.1], "1.1 x theory")
        } else {
            (&[-0.25, 0.25], "0.25 x theory")
        };
        for &t in thresholds {
            let _ = writeln!(
                s,
                r##"<line x1="{left}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#999" stroke-dasharray="2 3"/>"##,
                left + plot_w,
                y = y_of(t)
            );
        }
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" fill="#666">{note}</text>"##,
            left + 6.0,
            y_of(thresholds[thresholds.len() - 1]) - 4.0
        );
        if pi == 0 {
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}">theory 1.04/sqrt(m)</text>"#,
                left + 6.0,
                y_of(1.0) + 14.0
            );
            let _ = writeln!(
                s,
                r##"<text x="{:.1}" y="{:.1}" fill="#666">sparse: linear counting over 2^26 slots, near exact</text>"##,
                left + 6.0,
                y_of(0.0) - 24.0
            );
        }
        // Inserted | sampled boundary.
        let xb = x_of(INSERT_MAX);
        let _ = writeln!(
            s,
            r##"<line x1="{xb:.1}" y1="{top}" x2="{xb:.1}" y2="{:.1}" stroke="#999" stroke-dasharray="3 3"/>"##,
            top + ph
        );
        if pi == 0 {
            let _ = writeln!(
                s,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#666">items inserted</text>"##,
                xb - 4.0,
                top + ph - 8.0
            );
            let _ = writeln!(
                s,
                r##"<text x="{:.1}" y="{:.1}" fill="#666">registers sampled</text>"##,
                xb + 4.0,
                top + ph - 8.0
            );
        }
        // One line per precision.
        for (ci, (points, _)) in curves.iter().enumerate() {
            let color = COLORS[ci % COLORS.len()];
            let path: Vec<String> = points
                .iter()
                .map(|pt| {
                    let v = if pi == 0 { pt.rse } else { pt.bias } / pt.theory();
                    format!("{:.1},{:.1}", x_of(pt.n), y_of(v))
                })
                .collect();
            let _ = writeln!(
                s,
                r#"<polyline fill="none" stroke="{color}" stroke-width="1.8" points="{}"/>"#,
                path.join(" ")
            );
            for pt in points {
                let v = if pi == 0 { pt.rse } else { pt.bias } / pt.theory();
                let _ = writeln!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="{color}"/>"#,
                    x_of(pt.n),
                    y_of(v)
                );
            }
        }
    }
    // Legend.
    for (ci, (points, _)) in curves.iter().enumerate() {
        let Some(p) = points.first().map(|pt| pt.p) else {
            continue;
        };
        let y = 70.0 + 22.0 * ci as f64;
        let x = left + plot_w + 20.0;
        let color = COLORS[ci % COLORS.len()];
        let _ = writeln!(
            s,
            r#"<line x1="{x}" y1="{y}" x2="{}" y2="{y}" stroke="{color}" stroke-width="3"/>"#,
            x + 24.0
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}">p = {p}</text>"#,
            x + 30.0,
            y + 4.0
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">distinct items n</text>"#,
        left + plot_w / 2.0,
        h - 12.0
    );
    s.push_str("</svg>\n");
    s
}

struct Options {
    trials: u64,
    svg: Option<PathBuf>,
}

fn options() -> Result<Options, String> {
    let default_svg = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/accuracy.svg");
    let mut opts = Options {
        trials: DEFAULT_TRIALS,
        svg: Some(default_svg),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => {
                opts.trials = QUICK_TRIALS;
                opts.svg = None;
            }
            "--trials" => {
                opts.trials = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&t| t >= 2)
                    .ok_or("--trials needs a number of at least 2")?;
            }
            "--svg" => opts.svg = Some(args.next().ok_or("--svg needs a path")?.into()),
            other => {
                return Err(format!(
                    "unknown argument {other}; use --quick, --trials N, --svg PATH"
                ))
            }
        }
    }
    Ok(opts)
}

fn main() {
    let opts = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let start = std::time::Instant::now();
    let curves: Vec<(Vec<Point>, Vec<Point>)> = PRECISIONS
        .iter()
        .map(|&p| {
            let c = curve(p, opts.trials);
            eprintln!("p = {p} done after {:.1?}", start.elapsed());
            c
        })
        .collect();

    println!("# HyperLogLog accuracy curve\n");
    println!(
        "{} seeded trials per point; n <= 1e6 by inserting distinct items, n >= 2e6 by \
         sampling registers. Flags: B = |bias| > 0.25 x RSE (b: the same with a bias below 1e-5, numerically nil), S = RSE > 1.1 x 1.04/sqrt(m).\n",
        opts.trials
    );
    for (points, _) in &curves {
        let p = points[0].p;
        println!(
            "## p = {p} (m = {}, theory 1.04/sqrt(m) = {:.4}%)\n",
            1u32 << p,
            100.0 * points[0].theory()
        );
        println!("{}", table(points));
    }
    println!("## Validation: inserted items against sampled registers\n");
    println!("{}", validation_table(&curves));

    let flagged: Vec<String> = curves
        .iter()
        .flat_map(|(points, _)| points.iter())
        .filter(|pt| pt.flags().chars().any(|c| c != 'b'))
        .map(|pt| format!("p={} n={} {}", pt.p, fmt_n(pt.n), pt.flags()))
        .collect();
    println!(
        "Points flagged B or S ({} in all; b marks only a negligible sparse bias):\n",
        flagged.len()
    );
    for f in &flagged {
        println!("- {f}");
    }
    if flagged.is_empty() {
        println!("- none");
    }

    if let Some(path) = opts.svg {
        match std::fs::write(&path, svg(&curves, opts.trials)) {
            Ok(()) => eprintln!("wrote {}", path.display()),
            Err(e) => {
                eprintln!("cannot write {}: {e}", path.display());
                std::process::exit(1);
            }
        }
    }
    eprintln!("total {:.1?}", start.elapsed());
}
