//! `sketchfold run`: lines from standard input, a file or a TCP server,
//! parsed into records and folded into per-window sketches.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use sketchfold::stream::source::{LinesSource, TcpSource};
use sketchfold::stream::Source;

use crate::args::{InputFormat, RunArgs};
use crate::engine::{check_windows, execute, JobSpec};
use crate::fail::Failure;
use crate::record::{Field, Fields, Record, RecordParser};
use crate::sketches::{Enabled, SketchParams};
use sketchfold::quantiles::DdSketchParams;

/// The validated job and parser of a `run` command line.
fn settings(args: &RunArgs) -> Result<(JobSpec, RecordParser), Failure> {
    let usage = Failure::Usage;
    let field = |flag: &str, spec: &Option<String>| -> Result<Option<Field>, Failure> {
        spec.as_deref()
            .map(|s| Field::parse(flag, s, args.format))
            .transpose()
            .map_err(usage)
    };
    let fields = Fields {
        key: field("key", &args.key)?,
        distinct: field("distinct", &args.distinct)?,
        top: field("top", &args.top)?,
        quantiles: field("quantiles", &args.quantiles)?,
        time: field("time", &args.time)?,
    };
    if fields.distinct.is_none() && fields.top.is_none() && fields.quantiles.is_none() {
        return Err(usage(
            "nothing to compute: give at least one of --distinct, --top, --quantiles".to_string(),
        ));
    }
    if args.format == InputFormat::Json && args.delimiter != b',' {
        return Err(usage(
            "--delimiter applies to --format csv only".to_string(),
        ));
    }
    let slide = args.slide.unwrap_or(args.window);
    check_windows(args.window, slide, args.batch).map_err(usage)?;
    let enabled = Enabled {
        distinct: fields.distinct.is_some(),
        top_k: fields.top.is_some().then_some(args.top_k as usize),
        quantiles: fields.quantiles.is_some(),
    };
    let params = sketch_params(args)?;
    let progress = if args.no_progress {
        false
    } else {
        args.progress || std::io::stderr().is_terminal()
    };
    let spec = JobSpec {
        enabled,
        keyed: fields.key.is_some(),
        lateness: fields.time.is_some().then_some(args.lateness),
        window: args.window,
        slide,
        batch: args.batch,
        batch_records: usize::try_from(args.batch_records).unwrap_or(usize::MAX),
        partitions: args.partitions.map_or_else(cores, |n| n as usize),
        max_keys: args
            .max_keys
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        checkpoint: args.checkpoint.clone().map(|d| (d, args.checkpoint_every)),
        save_sketches: args.save_sketches.clone(),
        params,
        output: args.output,
        progress,
    };
    let parser = RecordParser::new(args.format, args.delimiter, fields, args.time_unit);
    Ok((spec, parser))
}

/// The number of cores, the default number of partitions (1 if the
/// platform cannot tell).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// The sketches' parameters of the command line.
fn sketch_params(args: &RunArgs) -> Result<SketchParams, Failure> {
    let usage = Failure::Usage;
    if let Some(capacity) = args.top_capacity {
        if capacity < args.top_k {
            return Err(usage(format!(
                "--top-capacity ({capacity}) must be at least --top-k ({})",
                args.top_k
            )));
        }
    }
    let max_buckets = usize::try_from(args.max_buckets).unwrap_or(usize::MAX);
    DdSketchParams::new(args.alpha)
        .and_then(|p| p.with_max_buckets(max_buckets))
        .map_err(|e| {
            usage(format!(
                "--alpha {} / --max-buckets {max_buckets}: {e}",
                args.alpha
            ))
        })?;
    Ok(SketchParams {
        precision: args.precision,
        alpha: args.alpha,
        max_buckets,
        top_capacity: args
            .top_capacity
            .map(|c| usize::try_from(c).unwrap_or(usize::MAX)),
        ranks: args.ranks.clone(),
        save: args.save_sketches.is_some(),
    })
}

/// Keeps the reading at most `rate` lines a second.
struct Pacer {
    /// Lines per second at most.
    rate: f64,
    /// When the first line was read.
    start: Option<Instant>,
    /// Lines read so far.
    lines: u64,
}

impl Pacer {
    /// Counts a line, sleeping first if the reading is ahead of the rate.
    fn tick(&mut self) {
        let start = *self.start.get_or_insert_with(Instant::now);
        self.lines += 1;
        let due = start + Duration::from_secs_f64(self.lines as f64 / self.rate);
        let now = Instant::now();
        if due > now + Duration::from_millis(1) {
            std::thread::sleep(due - now);
        }
    }
}

/// Runs `sketchfold run`.
///
/// # Errors
///
/// A usage failure for flags that do not fit together, a runtime failure
/// when the input cannot be opened or the job stops.
pub fn main(args: &RunArgs) -> Result<(), Failure> {
    let (spec, parser) = settings(args)?;
    // The core crate's sources, whichever the flags name.
    let input: Box<dyn Source<Item = String>> = match (&args.input, &args.tcp) {
        (Some(path), _) => Box::new(
            LinesSource::file(path)
                .map_err(Failure::runtime)?
                .follow(args.follow),
        ),
        (None, Some(addr)) => {
            Box::new(TcpSource::connect(addr.as_str()).map_err(Failure::runtime)?)
        }
        (None, None) => Box::new(LinesSource::stdin().map_err(Failure::runtime)?),
    };
    if spec.checkpoint.is_some() && args.input.is_none() {
        eprintln!(
            "sketchfold: note: standard input and TCP cannot be replayed; a restart restores the \
             windows' state but not the lines read after the checkpoint"
        );
    }
    let mut pacer = args.rate.map(|rate| Pacer {
        rate: rate as f64,
        start: None,
        lines: 0,
    });
    let mut line_no = 0u64;
    let parse = move |line: String| -> Result<Record, String> {
        line_no += 1;
        if let Some(p) = &mut pacer {
            p.tick();
        }
        parser
            .parse(&line)
            .map_err(|why| format!("line {line_no}: {why}"))
    };
    execute(&spec, input, parse).map(|_| ())
}
