//! The flags of `sketchfold sketch`: which files, how to read them, what to
//! answer, where and in which form to write.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::args::OutputFormat;
use crate::rank::{parse_rank, Rank};

/// `sketchfold sketch`: work on files of sketches.
#[derive(Debug, Args)]
pub struct SketchArgs {
    /// What to do with the files.
    #[command(subcommand)]
    pub command: SketchCommand,
}

/// The subcommands of `sketchfold sketch`.
#[derive(Debug, Subcommand)]
pub enum SketchCommand {
    /// Print each file's family, parameters, size, mode and answers
    /// (estimate and bounds, quantiles, heavy hitters).
    Inspect(InspectArgs),
    /// Merge files of one family into one sketch; print it and write it
    /// with --out.
    Merge(MergeArgs),
    /// Rewrite a sketch in another format (sketchfold's own or a
    /// DataSketches image).
    Convert(ConvertArgs),
    /// Print the answer of the files' sketches, merged if there are
    /// several: distinct count with bounds, quantiles, counts of items.
    Estimate(EstimateArgs),
}

/// How a file is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SketchFormat {
    /// sketchfold's own bytes (magic `SKFD`, family from the header), a
    /// DataSketches HLL image (family 7) or a DataSketches KLL image of
    /// 4-byte floats; 8-byte KLL items and empty KLL images need one of
    /// the kll-* formats (the image does not say which type it holds).
    Auto,
    /// sketchfold's own bytes only.
    Sketchfold,
    /// A DataSketches HLL image (HLL_4, HLL_6 or HLL_8; Spark's
    /// hll_sketch_agg).
    Hll,
    /// A DataSketches KLL image of floats (Spark's kll_sketch_agg_float).
    KllFloat,
    /// A DataSketches KLL image of doubles (Spark's kll_sketch_agg_double).
    KllDouble,
    /// A DataSketches KLL image of longs (Spark's kll_sketch_agg_bigint).
    #[value(alias = "kll-bigint")]
    KllLong,
}

/// The type of the items a sketch keeps or hashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ItemType {
    /// UTF-8 strings (what `sketchfold run` inserts).
    String,
    /// Signed 64-bit integers.
    I64,
    /// Unsigned 64-bit integers.
    U64,
}

/// The form a sketch is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum WriteForm {
    /// sketchfold's own bytes.
    Sketchfold,
    /// The DataSketches image of the sketch: a KLL image of its item type,
    /// or an HLL image of the type it was read as (HLL_8 if it was not
    /// read from an image).
    Datasketches,
    /// A DataSketches HLL_4 image.
    #[value(alias = "hll_4")]
    Hll4,
    /// A DataSketches HLL_6 image.
    #[value(alias = "hll_6")]
    Hll6,
    /// A DataSketches HLL_8 image.
    #[value(alias = "hll_8")]
    Hll8,
}

/// How the files are read.
#[derive(Clone, Copy, Debug, Args)]
pub struct Reading {
    /// How to read the files (the same for every file).
    #[arg(long, value_enum, default_value_t = SketchFormat::Auto)]
    pub format: SketchFormat,
    /// The items of SpaceSaving and TopK sketches (their bytes do not say),
    /// and how --item values are hashed for Count-Min, Bloom and TopK.
    #[arg(long, value_enum, default_value_t = ItemType::String)]
    pub item_type: ItemType,
}

/// What is answered and how it is printed.
#[derive(Clone, Debug, Args)]
pub struct Answers {
    /// Ranks at which quantile sketches (KLL, DDSketch) are read, decimals
    /// in [0, 1], comma-separated; printed as p50, p99.9, ...
    #[arg(long, value_name = "RANKS", value_delimiter = ',', default_value = "0.5,0.9,0.99",
          value_parser = parse_rank)]
    pub ranks: Vec<Rank>,
    /// Standard deviations of the distinct-count bounds: 1, 2 or 3 (about
    /// 68%, 95% and 99.7% confidence).
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u8).range(1..=3))]
    pub std_devs: u8,
    /// How many heavy hitters to list (SpaceSaving, TopK).
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub top: u64,
    /// How results are printed: `key value` lines per sketch, one JSON
    /// object per sketch a line, or CSV with one row per sketch.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
}

/// Flags of `sketchfold sketch inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The files to inspect.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// How the files are read.
    #[command(flatten)]
    pub reading: Reading,
    /// What is answered.
    #[command(flatten)]
    pub answers: Answers,
}

/// Flags of `sketchfold sketch merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The files to merge: sketches of one family and item type with
    /// parameters that merge.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write the merged sketch to this file (`-`: standard output, and
    /// nothing else is printed there).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// The form written (default: the first file's form).
    #[arg(long, value_enum, requires = "out")]
    pub to: Option<WriteForm>,
    /// How the files are read.
    #[command(flatten)]
    pub reading: Reading,
    /// What is answered.
    #[command(flatten)]
    pub answers: Answers,
}

/// Flags of `sketchfold sketch convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The file to convert.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The form written.
    #[arg(long, value_enum)]
    pub to: WriteForm,
    /// Where to write it (`-`: standard output).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub out: PathBuf,
    /// How the file is read.
    #[command(flatten)]
    pub reading: Reading,
    /// How the report is printed.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
}

/// Flags of `sketchfold sketch estimate`.
#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// The files, merged first if there are several.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Also answer for this item: its count (Count-Min, TopK, SpaceSaving),
    /// whether it may be in the set (Bloom), its rank (KLL). Repeatable.
    #[arg(long, value_name = "ITEM")]
    pub item: Vec<String>,
    /// MinHash: the Jaccard similarity with the sketch in this file.
    #[arg(long, value_name = "FILE")]
    pub with: Option<PathBuf>,
    /// How the files are read.
    #[command(flatten)]
    pub reading: Reading,
    /// What is answered.
    #[command(flatten)]
    pub answers: Answers,
}
