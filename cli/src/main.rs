//! `sketchfold`: windowed distinct counts, heavy hitters and quantiles over
//! streams of lines, with the sketchfold stream engine.
//!
//! - `sketchfold demo` runs a built-in synthetic clickstream;
//! - `sketchfold run` reads CSV or JSON lines from standard input, a file
//!   or a TCP server;
//! - `sketchfold sketch` inspects, merges, converts and estimates files of
//!   sketches (sketchfold's own and DataSketches HLL and KLL images).
//!
//! `sketchfold <command> --help` lists every flag.

mod args;
mod columns;
mod demo;
mod engine;
mod fail;
mod output;
mod progress;
mod rank;
mod record;
mod run;
mod save;
mod sketch;
mod sketches;
mod time;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo(args) => demo::main(&args),
        Command::Run(args) => run::main(&args),
        Command::Sketch(args) => sketch::main(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
