//! The command line: subcommands, flags and their value parsers.
//!
//! clap checks the shape of the command line (unknown flags, missing values,
//! flags that need or exclude others); [`crate::run`]'s `settings` then checks
//! the values against each other (a slide that does not divide the window,
//! a CSV field that is not a column number).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Windowed distinct counts, heavy hitters and quantiles over streams of
/// lines, with mergeable sketches.
#[derive(Debug, Parser)]
#[command(name = "sketchfold", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a built-in synthetic clickstream through the engine and print its
    /// windows (distinct users, top pages, latency quantiles).
    Demo(DemoArgs),
    /// Read newline-delimited CSV or JSON records from standard input, a
    /// file or a TCP server and print sketch results per window.
    Run(Box<RunArgs>),
    /// Inspect, merge, convert and estimate files of sketches: sketchfold's
    /// own and DataSketches HLL and KLL images (Spark's hll_sketch_agg and
    /// kll_sketch_agg_*).
    Sketch(crate::sketch::args::SketchArgs),
}

/// How windows (and `sketch` reports) are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// An aligned table, one block of rows per window (`name value` lines
    /// per sketch).
    Table,
    /// One JSON object per line, for each window and key (each sketch).
    Json,
    /// CSV with a header line, one row per window and key (per sketch).
    Csv,
}

/// How input lines are split into fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Delimited fields, addressed by 0-based column number; fields may be
    /// quoted with `"` (a doubled `""` inside quotes is one quote).
    Csv,
    /// One JSON object per line, fields addressed by key.
    Json,
}

/// The unit of numeric timestamps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TimeUnit {
    /// Milliseconds since the Unix epoch.
    Ms,
    /// Seconds since the Unix epoch (a fraction is allowed).
    S,
}

/// Flags of `sketchfold demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Seconds of synthetic clickstream to generate.
    #[arg(long, default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub duration: u64,
    /// Generate as fast as possible instead of in real time.
    #[arg(long)]
    pub fast: bool,
    /// Seed of the random generator (the same seed gives the same events).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Events per second of event time.
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub rate: u64,
    /// Window length (tumbling), e.g. 5s.
    #[arg(long, default_value = "5s", value_parser = parse_duration)]
    pub window: Duration,
    /// How windows are printed.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
}

/// Flags of `sketchfold run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Read this file instead of standard input.
    #[arg(long, value_name = "PATH", conflicts_with = "tcp")]
    pub input: Option<PathBuf>,
    /// Keep reading data appended to the input file (like `tail -f`).
    #[arg(long, requires = "input")]
    pub follow: bool,
    /// Connect to this TCP server and read its lines (like Spark's
    /// socketTextStream).
    #[arg(long, value_name = "HOST:PORT")]
    pub tcp: Option<String>,
    /// Record format.
    #[arg(long, value_enum, default_value_t = InputFormat::Csv)]
    pub format: InputFormat,
    /// CSV field delimiter: one character, or `\t` / `tab`.
    #[arg(long, default_value = ",", value_parser = parse_delimiter)]
    pub delimiter: u8,
    /// Group by this field (a CSV column number or a JSON key).
    #[arg(long, value_name = "FIELD")]
    pub key: Option<String>,
    /// Count distinct values of this field (HyperLogLog, --precision).
    #[arg(long, value_name = "FIELD")]
    pub distinct: Option<String>,
    /// HyperLogLog precision: 2^P registers, relative standard error
    /// 1.04 / sqrt(2^P) (14: 0.81%; 16 KiB per key and window once dense).
    #[arg(long, value_name = "P", default_value_t = 14, requires = "distinct",
          value_parser = clap::value_parser!(u8).range(4..=21))]
    pub precision: u8,
    /// The most frequent values of this field (SpaceSaving).
    #[arg(long, value_name = "FIELD")]
    pub top: Option<String>,
    /// How many top values to print.
    #[arg(long, value_name = "N", default_value_t = 5, requires = "top",
          value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub top_k: u64,
    /// SpaceSaving counters per key and window (default: 10 x --top-k, at
    /// least 100): counts are exact while a window has at most N distinct
    /// values, and off by at most events / N otherwise.
    #[arg(long, value_name = "N", requires = "top",
          value_parser = clap::value_parser!(u64).range(1..=1 << 30))]
    pub top_capacity: Option<u64>,
    /// Quantiles (--ranks) of this numeric field (DDSketch, --alpha
    /// relative error).
    #[arg(long, value_name = "FIELD")]
    pub quantiles: Option<String>,
    /// The quantiles printed: ranks in [0, 1], comma-separated; columns
    /// p50, p99.9, ...
    #[arg(long, value_name = "RANKS", value_delimiter = ',', default_value = "0.5,0.9,0.99",
          requires = "quantiles", value_parser = crate::rank::parse_rank)]
    pub ranks: Vec<crate::rank::Rank>,
    /// DDSketch relative accuracy: every quantile within this fraction of
    /// a true value of its rank.
    #[arg(
        long,
        value_name = "ALPHA",
        default_value_t = 0.01,
        requires = "quantiles"
    )]
    pub alpha: f64,
    /// DDSketch buckets per sign: past them the smallest magnitudes are
    /// merged (2048 cover about 17 decades at 1%).
    #[arg(long, value_name = "N", default_value_t = 2048, requires = "quantiles",
          value_parser = clap::value_parser!(u64).range(1..=1 << 20))]
    pub max_buckets: u64,
    /// Event time from this field: epoch milliseconds (or seconds with
    /// `--time-unit s`) or RFC 3339. Without it, arrival time.
    #[arg(long, value_name = "FIELD")]
    pub time: Option<String>,
    /// The unit of numeric timestamps.
    #[arg(long, value_enum, default_value_t = TimeUnit::Ms, requires = "time")]
    pub time_unit: TimeUnit,
    /// Window length, e.g. 10s, 500ms, 1m.
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    pub window: Duration,
    /// Window slide (default: the window length, tumbling windows).
    #[arg(long, value_parser = parse_duration)]
    pub slide: Option<Duration>,
    /// Micro-batch interval; window and slide are multiples of it.
    #[arg(long, default_value = "1s", value_parser = parse_duration)]
    pub batch: Duration,
    /// A batch also ends after this many records, whatever its interval:
    /// reading a file runs far faster than its event time, and smaller
    /// batches let windows (with their late and bad counts) come out as
    /// the watermark passes them rather than all at the end.
    #[arg(long, value_name = "N", default_value_t = 65_536,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub batch_records: u64,
    /// Allowed lateness of event time: the watermark trails the largest
    /// time seen by this much.
    #[arg(long, default_value = "0s", value_parser = parse_duration, requires = "time")]
    pub lateness: Duration,
    /// Worker threads (default: the number of cores). A checkpoint resumes
    /// only with the partitions it was written with: give them with
    /// --checkpoint if a run may resume on another machine.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub partitions: Option<u64>,
    /// At most this many keys per pane and partition; records of further
    /// keys are folded into an overflow row.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_keys: Option<u64>,
    /// Write checkpoints into this directory and resume from the newest one.
    #[arg(long, value_name = "DIR")]
    pub checkpoint: Option<PathBuf>,
    /// Write each window's sketches as files under this directory, which
    /// `sketchfold sketch` reads:
    /// `DIR/<start_ms>-<end_ms>/key=<key>/{distinct,top,quantiles}.bin`
    /// (see cli/README.md).
    #[arg(long, value_name = "DIR")]
    pub save_sketches: Option<PathBuf>,
    /// Write a checkpoint every N batches.
    #[arg(long, value_name = "N", default_value_t = 10, requires = "checkpoint",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub checkpoint_every: u64,
    /// Read at most this many lines per second (to replay a file at a
    /// steady pace; also how the tests slow a run down).
    #[arg(long, value_name = "LINES_PER_SEC", value_parser = clap::value_parser!(u64).range(1..))]
    pub rate: Option<u64>,
    /// How windows are printed. Each line's late and bad counts are those
    /// of the batches since the previous windows were printed; the totals
    /// are in the summary on standard error.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// Print a progress line on standard error (default when it is a
    /// terminal).
    #[arg(long, overrides_with = "no_progress")]
    pub progress: bool,
    /// Never print the progress line.
    #[arg(long)]
    pub no_progress: bool,
}

/// Parses a duration such as `500ms`, `10s`, `1m` or `2h` (a whole number
/// and a unit; `0s` is a valid duration, whether it is allowed is up to the
/// flag).
///
/// # Errors
///
/// A message naming the expected shape.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let expected = "a whole number and a unit: ms, s, m or h (e.g. 500ms, 10s, 1m)";
    if number.is_empty() {
        return Err(format!("'{text}' is not a duration: expected {expected}"));
    }
    let n: u64 = number
        .parse()
        .map_err(|_| format!("'{text}' is too large a duration"))?;
    let ms_per_unit = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" | "min" => 60_000,
        "h" => 3_600_000,
        _ => return Err(format!("'{text}' is not a duration: expected {expected}")),
    };
    let ms = n
        .checked_mul(ms_per_unit)
        .ok_or_else(|| format!("'{text}' is too large a duration"))?;
    Ok(Duration::from_millis(ms))
}

/// Parses a CSV delimiter: a single ASCII character other than `"`, or
/// `\t` / `tab` for a tab.
///
/// # Errors
///
/// A message for anything else.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    let byte = match text {
        "\\t" | "tab" => b'\t',
        _ if text.len() == 1 && text.is_ascii() => text.as_bytes()[0],
        _ => {
            return Err(format!(
                "'{text}' is not a delimiter: expected one ASCII character, or \\t"
            ))
        }
    };
    if byte == b'"' || byte == b'\n' || byte == b'\r' {
        return Err(format!(
            "'{text}' cannot be the delimiter (it is the quote or a line end)"
        ));
    }
    Ok(byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("0s"), Ok(Duration::ZERO));
        for bad in [
            "",
            "s",
            "10",
            "1.5s",
            "10 parsecs",
            "-1s",
            "99999999999999999999s",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn delimiters() {
        assert_eq!(parse_delimiter(","), Ok(b','));
        assert_eq!(parse_delimiter("\\t"), Ok(b'\t'));
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert!(parse_delimiter("\"").is_err());
        assert!(parse_delimiter(",,").is_err());
        assert!(parse_delimiter("é").is_err());
    }
}
