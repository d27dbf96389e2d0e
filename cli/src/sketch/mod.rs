//! `sketchfold sketch`: inspect, merge, convert and estimate files of
//! sketches, sketchfold's own bytes and DataSketches HLL and KLL images
//! (what Spark's `hll_sketch_agg` and `kll_sketch_agg_*` write).
//!
//! [`load`] reads a file whatever its format and family into a [`Loaded`]
//! sketch; each family (`hll`, `kll`, `frequency`, `others`) answers the
//! four commands ([`commands`]) through that trait; [`report`] prints the
//! answers as a table, JSON lines or CSV.
//!
//! [`Loaded`]: loaded::Loaded

pub mod args;
mod commands;
mod frequency;
mod hll;
mod kll;
mod load;
mod loaded;
mod others;
mod report;
mod seed;

use crate::fail::Failure;
use args::{SketchArgs, SketchCommand};

/// Runs `sketchfold sketch`.
///
/// # Errors
///
/// A usage failure for flags that do not fit, a runtime failure for files
/// that cannot be read, decoded, merged or written.
pub fn main(args: &SketchArgs) -> Result<(), Failure> {
    match &args.command {
        SketchCommand::Inspect(a) => commands::inspect(a),
        SketchCommand::Merge(a) => commands::merge(a),
        SketchCommand::Convert(a) => commands::convert(a),
        SketchCommand::Estimate(a) => commands::estimate(a),
    }
}
