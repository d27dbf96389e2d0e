//! Printing windows: an aligned table, one JSON object per window and key,
//! or CSV.
//!
//! The engine hands windows to the sink while it closes a batch's panes and
//! reports the batch's metrics just after; windows are held until then so
//! that each line carries the late and bad records counted since the
//! previous windows were printed and the processing time of the batch that
//! emitted it. Several windows emitted by one batch share those figures;
//! the run's totals are in the summary at the end.

use std::io::{self, Write};
use std::time::Duration;

use serde_json::{json, Value};
use sketchfold::stream::{BatchMetrics, WindowResult};

use crate::args::OutputFormat;
use crate::columns::quote;
use crate::sketches::{Enabled, Summary};
use crate::time::format_rfc3339;

/// A window as the engine emits it.
pub type Window = WindowResult<String, Summary>;

/// Batch figures printed with a window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Figures {
    /// Late records since the previous windows were printed.
    late: u64,
    /// Bad records since the previous windows were printed.
    bad: u64,
    /// Processing time of the batch that emitted the window.
    batch_ms: u128,
}

/// Holds the windows of the current batch and prints them after it.
pub struct Printer {
    /// Where windows go (standard output).
    out: Box<dyn Write + Send>,
    /// Table or JSON.
    format: OutputFormat,
    /// Whether the job has a key column.
    keyed: bool,
    /// Which sketch columns to print.
    enabled: Enabled,
    /// The names of the quantile columns (`p50`, ...).
    ranks: Vec<String>,
    /// Windows of the current batch, not printed yet.
    pending: Vec<Window>,
    /// Late records since the previous windows were printed.
    late: u64,
    /// Bad records since the previous windows were printed.
    bad: u64,
    /// Whether the table's header line was printed.
    header_done: bool,
    /// Width of the table's key column (the longest key so far).
    key_width: usize,
    /// The first write error, handed to the engine at the next window.
    failed: Option<io::Error>,
    /// Whether a write found the pipe closed.
    closed: bool,
}

impl Printer {
    /// A printer to `out`; `keyed` when the job groups by a key; `ranks`
    /// names the quantile columns.
    pub fn new(
        out: Box<dyn Write + Send>,
        format: OutputFormat,
        keyed: bool,
        enabled: Enabled,
        ranks: Vec<String>,
    ) -> Self {
        Printer {
            out,
            format,
            keyed,
            enabled,
            ranks,
            pending: Vec::new(),
            late: 0,
            bad: 0,
            header_done: false,
            key_width: 12,
            failed: None,
            closed: false,
        }
    }

    /// Takes a window from the engine (printed after its batch).
    ///
    /// # Errors
    ///
    /// An earlier write failed (a closed pipe): the job should stop.
    pub fn push(&mut self, window: Window) -> io::Result<()> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        self.pending.push(window);
        Ok(())
    }

    /// A batch ended: prints its windows with its figures.
    pub fn batch(&mut self, metrics: &BatchMetrics) {
        self.late += metrics.late_records;
        self.bad += metrics.bad_records;
        if !self.pending.is_empty() {
            self.print_pending(metrics.processing_time);
        }
    }

    /// Whether the reader of the output went away (a closed pipe, as in
    /// `sketchfold demo | head`): the job was stopped on purpose.
    pub fn closed(&self) -> bool {
        self.closed
    }

    /// Prints what is still held (after a job that stopped early).
    ///
    /// # Errors
    ///
    /// A failed write.
    pub fn finish(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            self.print_pending(Duration::ZERO);
        }
        match self.failed.take() {
            Some(e) => Err(e),
            None => self.out.flush(),
        }
    }

    /// Prints the held windows with the figures gathered since the last
    /// print, and keeps a write error for the engine.
    fn print_pending(&mut self, processing: Duration) {
        let figures = Figures {
            late: std::mem::take(&mut self.late),
            bad: std::mem::take(&mut self.bad),
            batch_ms: processing.as_millis(),
        };
        let windows = std::mem::take(&mut self.pending);
        let result = windows
            .iter()
            .try_for_each(|w| self.print_window(w, figures))
            .and_then(|()| self.out.flush());
        if let Err(e) = result {
            self.closed |= e.kind() == io::ErrorKind::BrokenPipe;
            self.failed.get_or_insert(e);
        }
    }

    /// Prints one window: its rows sorted by key, the overflow row last.
    fn print_window(&mut self, w: &Window, f: Figures) -> io::Result<()> {
        let mut rows: Vec<(Option<&str>, &Summary)> =
            w.rows.iter().map(|(k, s)| (Some(k.as_str()), s)).collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, _) in &rows {
            self.key_width = self
                .key_width
                .max(key.unwrap_or("(overflow)").chars().count());
        }
        if let Some((_, s)) = &w.overflow {
            rows.push((None, s));
        }
        for (key, summary) in rows {
            match self.format {
                OutputFormat::Json => {
                    let line = self.json_row(w, key, summary, f);
                    writeln!(self.out, "{line}")?;
                }
                OutputFormat::Csv => {
                    if !self.header_done {
                        self.header_done = true;
                        let header = self.csv_header();
                        writeln!(self.out, "{header}")?;
                    }
                    let line = self.csv_row(w, key, summary, f);
                    writeln!(self.out, "{line}")?;
                }
                OutputFormat::Table => {
                    let key_text = key.unwrap_or("(overflow)");
                    if !self.header_done {
                        self.header_done = true;
                        let header = self.table_header();
                        writeln!(self.out, "{header}")?;
                    }
                    let line = self.table_row(w, key_text, summary, f);
                    writeln!(self.out, "{line}")?;
                }
            }
        }
        Ok(())
    }

    /// One row as a JSON object.
    fn json_row(&self, w: &Window, key: Option<&str>, s: &Summary, f: Figures) -> Value {
        let mut row = json!({
            "start_ms": w.window.start_ms,
            "end_ms": w.window.end_ms,
            "key": if self.keyed { key.map(str::to_string) } else { None },
            "overflow": key.is_none(),
            "events": s.events,
            "distinct": s.distinct,
            "top": s.top.as_ref().map(|t| t.iter().map(|(v, c)| json!([v, c])).collect::<Vec<_>>()),
            "late": f.late,
            "bad": f.bad,
            "batch_ms": f.batch_ms as u64,
        });
        for (i, name) in self.ranks.iter().enumerate() {
            row[name] = json!(s.quantiles.as_ref().map(|q| q[i]));
        }
        row
    }

    /// The table's header line, with the columns of the enabled sketches.
    fn table_header(&self) -> String {
        let mut line = format!("{:<24}  {:<24}", "window start", "window end");
        if self.keyed {
            line += &format!("  {:<w$}", "key", w = self.key_width);
        }
        line += &format!("  {:>9}", "events");
        if self.enabled.distinct {
            line += &format!("  {:>9}", "distinct");
        }
        if self.enabled.quantiles {
            for name in &self.ranks {
                line += &format!("  {name:>10}");
            }
        }
        line += &format!("  {:>6}  {:>6}  {:>8}", "late", "bad", "batch_ms");
        if self.enabled.top_k.is_some() {
            line += "  top";
        }
        line
    }

    /// One row of the table.
    fn table_row(&self, w: &Window, key: &str, s: &Summary, f: Figures) -> String {
        let mut line = format!(
            "{:<24}  {:<24}",
            format_rfc3339(w.window.start_ms),
            format_rfc3339(w.window.end_ms)
        );
        if self.keyed {
            line += &format!("  {:<w$}", key, w = self.key_width);
        }
        line += &format!("  {:>9}", s.events);
        if self.enabled.distinct {
            line += &format!("  {:>9}", s.distinct.unwrap_or(0));
        }
        if self.enabled.quantiles {
            for i in 0..self.ranks.len() {
                let x = s
                    .quantiles
                    .as_ref()
                    .map_or("-".to_string(), |q| number(q[i]));
                line += &format!("  {x:>10}");
            }
        }
        line += &format!("  {:>6}  {:>6}  {:>8}", f.late, f.bad, f.batch_ms);
        if let Some(top) = &s.top {
            let items: Vec<String> = top.iter().map(|(v, c)| format!("{v}={c}")).collect();
            line += "  ";
            line += &items.join(" ");
        }
        line
    }
}

impl Printer {
    /// The CSV header: the JSON object's fields of the enabled sketches.
    fn csv_header(&self) -> String {
        let mut columns = vec!["start_ms", "end_ms"];
        let ranks = self.ranks.iter().map(String::as_str);
        if self.keyed {
            columns.extend(["key", "overflow"]);
        }
        columns.push("events");
        if self.enabled.distinct {
            columns.push("distinct");
        }
        if self.enabled.quantiles {
            columns.extend(ranks);
        }
        columns.extend(["late", "bad", "batch_ms"]);
        if self.enabled.top_k.is_some() {
            columns.push("top");
        }
        columns.join(",")
    }

    /// One CSV row: numbers as in JSON, the key quoted where it must be,
    /// the top values as a JSON array (`[["value",count],...]`), an empty
    /// field for a quantile of no values.
    fn csv_row(&self, w: &Window, key: Option<&str>, s: &Summary, f: Figures) -> String {
        let mut cells = vec![w.window.start_ms.to_string(), w.window.end_ms.to_string()];
        if self.keyed {
            cells.push(quote(key.unwrap_or(""), b',').into_owned());
            cells.push(key.is_none().to_string());
        }
        cells.push(s.events.to_string());
        if self.enabled.distinct {
            cells.push(s.distinct.unwrap_or(0).to_string());
        }
        if self.enabled.quantiles {
            for i in 0..self.ranks.len() {
                let x = s.quantiles.as_ref().map(|q| json!(q[i]).to_string());
                cells.push(x.unwrap_or_default());
            }
        }
        cells.extend([f.late, f.bad].map(|n| n.to_string()));
        cells.push(f.batch_ms.to_string());
        if let Some(top) = &s.top {
            let list = json!(top.iter().map(|(v, c)| json!([v, c])).collect::<Vec<_>>());
            cells.push(quote(&list.to_string(), b',').into_owned());
        }
        cells.join(",")
    }
}

/// A quantile for the table: four significant digits or so.
fn number(x: f64) -> String {
    let a = x.abs();
    if a >= 1000.0 || a == 0.0 {
        format!("{x:.0}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.4}")
    }
}
