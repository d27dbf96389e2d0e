//! The four commands: inspect, merge, convert, estimate.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;
use sketchfold::ErrorKind;

use super::args::{Answers, ConvertArgs, EstimateArgs, InspectArgs, MergeArgs, Reading, WriteForm};
use super::load::{load, File};
use super::loaded::{Item, Query};
use super::report::{print, Report};
use crate::args::OutputFormat;
use crate::fail::Failure;

/// Prints `reports` on standard output.
fn show(format: OutputFormat, reports: &[Report]) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match print(&mut out, format, reports) {
        // Nobody reads the output any more (`| head`): nothing to report.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| Failure::runtime(format!("writing the output: {e}"))),
    }
}

/// The query of `answers` with no items.
fn query(answers: &Answers) -> Query<'_> {
    Query {
        ranks: &answers.ranks,
        std_devs: answers.std_devs,
        top: usize::try_from(answers.top).unwrap_or(usize::MAX),
        items: &[],
        item_texts: &[],
        with: None,
    }
}

/// The first lines of a file's report: where it is and what it holds.
fn heading(file: &File) -> Report {
    let mut r = Report::default();
    r.add("file", file.name());
    r.add("format", file.format.as_str());
    r.add("family", file.sketch.kind());
    r.add("bytes", file.bytes as u64);
    r
}

/// The first lines of a merge's report: the files and their family.
fn merged_heading(paths: &[PathBuf], file: &File) -> Report {
    let mut r = Report::default();
    let names: Vec<Value> = paths
        .iter()
        .map(|p| Value::from(p.display().to_string()))
        .collect();
    r.add("files", names);
    r.add("family", file.sketch.kind());
    r
}

/// Runs `sketchfold sketch inspect`.
///
/// # Errors
///
/// A file that cannot be read or decoded, a failed write.
pub fn inspect(args: &InspectArgs) -> Result<(), Failure> {
    let q = query(&args.answers);
    let mut reports = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let file = load(path, args.reading)?;
        let mut r = heading(&file);
        r.extend(file.sketch.summary());
        r.extend(answers_of(&file, &q)?);
        reports.push(r);
    }
    show(args.answers.output, &reports)
}

/// The answers of `file`, a failure naming it.
fn answers_of(file: &File, q: &Query<'_>) -> Result<Report, Failure> {
    file.sketch
        .answers(q)
        .map_err(|why| Failure::Runtime(format!("{}: {why}", file.name())))
}

/// Reads `paths` and merges them into the first, after checking that all
/// are of one kind and merge: a failure names the two files and what
/// differs.
fn merged(paths: &[PathBuf], reading: Reading) -> Result<File, Failure> {
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        files.push(load(path, reading)?);
    }
    let mut files = files.into_iter();
    let mut first = files
        .next()
        .ok_or_else(|| Failure::Usage("no files".to_string()))?;
    let rest: Vec<File> = files.collect();
    for other in &rest {
        let (a, b) = (&first.sketch, &other.sketch);
        if a.kind() != b.kind() {
            return Err(Failure::Runtime(format!(
                "{} and {} do not merge: {} holds a {}, {} a {}",
                first.name(),
                other.name(),
                first.name(),
                a.kind(),
                other.name(),
                b.kind()
            )));
        }
        a.check_merge(b.as_ref())
            .map_err(|e| incompatible(&first, other, &e))?;
    }
    for other in &rest {
        first
            .sketch
            .merge(other.sketch.as_ref())
            .map_err(|e| incompatible(&first, other, &e))?;
    }
    if !rest.is_empty() {
        first.format = format!("merge of {} files", rest.len() + 1);
    }
    Ok(first)
}

/// The failure of `a` and `b` not merging: what differs, each file's
/// value (seeds by digest only, as the reports show them).
fn incompatible(a: &File, b: &File, e: &sketchfold::Error) -> Failure {
    let (an, bn) = (a.name(), b.name());
    let message = match e.kind() {
        ErrorKind::IncompatibleMerge {
            parameter,
            left,
            right,
        } => {
            let shown = |f: &File, raw: &str| -> String {
                match f.sketch.summary().0.iter().find(|(k, _)| k == parameter) {
                    Some((_, Value::String(s))) => s.clone(),
                    Some((_, v)) => v.to_string(),
                    None if parameter.contains("seed") || parameter.contains("hash") => {
                        "(not shown)".to_string()
                    }
                    None => raw.to_string(),
                }
            };
            format!(
                "{an} and {bn} do not merge: their {parameter} differs ({an}: {}; {bn}: {})",
                shown(a, left),
                shown(b, right)
            )
        }
        _ => format!("{an} and {bn} do not merge: {e}"),
    };
    Failure::Runtime(message)
}

/// Writes `bytes` to `out` (`-`: standard output).
fn write_out(out: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let result = if out == Path::new("-") {
        let mut stdout = io::stdout().lock();
        match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
            // The reader went away (`| head -c 8`): nothing to report.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    } else {
        std::fs::write(out, bytes)
    };
    result.map_err(|e| Failure::Runtime(format!("{}: {e}", out.display())))
}

/// Writes `file`'s sketch in `form` to `out`; the report's lines about it.
fn write_sketch(file: &File, form: WriteForm, out: &Path) -> Result<Report, Failure> {
    let bytes = file
        .sketch
        .write(form)
        .map_err(|why| Failure::Runtime(format!("{}: {why}", file.name())))?;
    write_out(out, &bytes)?;
    let mut r = Report::default();
    r.add("written", out.display().to_string());
    r.add("written_format", file.sketch.written_format(form, &bytes));
    r.add("written_bytes", bytes.len() as u64);
    Ok(r)
}

/// Runs `sketchfold sketch merge`.
///
/// # Errors
///
/// A file that cannot be read or decoded, files that do not merge, a
/// form the family does not have, a failed write.
pub fn merge(args: &MergeArgs) -> Result<(), Failure> {
    let file = merged(&args.files, args.reading)?;
    let q = query(&args.answers);
    let mut r = merged_heading(&args.files, &file);
    r.extend(file.sketch.summary());
    r.extend(answers_of(&file, &q)?);
    if let Some(out) = &args.out {
        let form = args.to.unwrap_or_else(|| file.sketch.native_form());
        r.extend(write_sketch(&file, form, out)?);
        if out == Path::new("-") {
            return Ok(());
        }
    }
    show(args.answers.output, &[r])
}

/// Runs `sketchfold sketch convert`.
///
/// # Errors
///
/// A file that cannot be read or decoded, a form the family does not
/// have, a failed write.
pub fn convert(args: &ConvertArgs) -> Result<(), Failure> {
    let file = load(&args.file, args.reading)?;
    let mut r = heading(&file);
    r.extend(write_sketch(&file, args.to, &args.out)?);
    if args.out == Path::new("-") {
        return Ok(());
    }
    show(args.output, &[r])
}

/// Runs `sketchfold sketch estimate`.
///
/// # Errors
///
/// As `merge`, and `--item` values that are not of the `--item-type`.
pub fn estimate(args: &EstimateArgs) -> Result<(), Failure> {
    let items = args
        .item
        .iter()
        .map(|t| Item::parse(t, args.reading.item_type))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Failure::Usage)?;
    let with = args
        .with
        .as_ref()
        .map(|p| load(p, args.reading))
        .transpose()?;
    let file = merged(&args.files, args.reading)?;
    let q = Query {
        items: &items,
        item_texts: &args.item,
        with: with.as_ref().map(|w| w.sketch.as_ref()),
        ..query(&args.answers)
    };
    let mut r = merged_heading(&args.files, &file);
    r.extend(answers_of(&file, &q)?);
    show(args.answers.output, &[r])
}
