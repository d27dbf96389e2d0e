//! The progress line on standard error: records read, input rate, windows
//! emitted, bad and late records; redrawn at most four times a second.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use sketchfold::stream::BatchMetrics;

/// The shortest time between two redraws.
const REFRESH: Duration = Duration::from_millis(250);

/// Running totals and the redraw clock.
#[derive(Debug)]
pub struct Progress {
    /// Whether standard error is a terminal (redraw in place).
    terminal: bool,
    /// Records read.
    records: u64,
    /// Windows emitted.
    windows: u64,
    /// Bad records.
    bad: u64,
    /// Late records.
    late: u64,
    /// The last batch's input rate.
    rate: f64,
    /// When the line was last drawn.
    last_draw: Option<Instant>,
    /// Whether the line is on the terminal now.
    drawn: bool,
    /// Whether figures changed since the last draw.
    stale: bool,
}

impl Progress {
    /// A progress line; on a terminal it is redrawn in place, elsewhere
    /// every update is a line of its own.
    pub fn new() -> Self {
        Progress {
            terminal: io::stderr().is_terminal(),
            records: 0,
            windows: 0,
            bad: 0,
            late: 0,
            rate: 0.0,
            last_draw: None,
            drawn: false,
            stale: false,
        }
    }

    /// Adds a batch's figures and redraws if the last redraw is old enough.
    pub fn batch(&mut self, m: &BatchMetrics) {
        self.records += m.input_records;
        self.windows += m.windows_emitted;
        self.bad += m.bad_records;
        self.late += m.late_records;
        self.rate = m.records_per_second;
        self.stale = true;
        let due = match self.last_draw {
            None => true,
            Some(t) => t.elapsed() >= REFRESH,
        };
        if due {
            self.draw();
        }
    }

    /// Removes the line from a terminal (before other output).
    pub fn clear(&mut self) {
        if self.terminal && self.drawn {
            eprint!("\r\x1b[K");
            self.drawn = false;
        }
    }

    /// Draws the line now.
    pub fn draw(&mut self) {
        let text = format!(
            "records {}  |  {:.0} records/s  |  windows {}  |  bad {}  |  late {}",
            self.records, self.rate, self.windows, self.bad, self.late
        );
        let mut err = io::stderr().lock();
        let _ = if self.terminal {
            write!(err, "\r\x1b[K{text}")
        } else {
            writeln!(err, "{text}")
        };
        let _ = err.flush();
        self.drawn = true;
        self.stale = false;
        self.last_draw = Some(Instant::now());
    }

    /// Ends the line: a last redraw if figures changed since the previous
    /// one, or if the terminal's line was cleared; then a newline on a
    /// terminal.
    pub fn finish(&mut self) {
        if self.stale || (self.terminal && !self.drawn) {
            self.draw();
        }
        if self.terminal {
            eprintln!();
        }
        self.drawn = false;
    }
}

impl Default for Progress {
    fn default() -> Self {
        Self::new()
    }
}
