//! [`PrinterSink`]: output formatted as lines of text.

use std::fmt::{self, Display};
use std::io::{self, BufWriter, Stdout, Write};

use super::Sink;
use crate::error::{Error, Result};

/// A sink that writes every output value as one line of text:
/// `format(&value)` followed by `\n`.
///
/// [`PrinterSink::stdout`] prints to standard output through a buffer that
/// is flushed at the end of every batch (the engine calls
/// [`flush`](Sink::flush)); [`PrinterSink::new`] writes to any writer (wrap
/// a file in a [`BufWriter`] yourself).
///
/// # Errors
///
/// A failed write or flush is an [`ErrorKind::Io`](crate::ErrorKind::Io)
/// error; the engine then stops.
///
/// # Example
///
/// ```
/// use sketchfold::stream::sink::PrinterSink;
/// use sketchfold::stream::Sink;
///
/// let mut sink = PrinterSink::new(Vec::new(), |v: &(u32, f64)| format!("{}\t{:.1}", v.0, v.1));
/// sink.emit((1, 2.25))?;
/// sink.emit((2, 10.0))?;
/// sink.flush()?;
/// assert_eq!(sink.into_inner(), b"1\t2.2\n2\t10.0\n");
/// # Ok::<(), sketchfold::Error>(())
/// ```
pub struct PrinterSink<W, F> {
    writer: W,
    format: F,
}

impl<F> PrinterSink<BufWriter<Stdout>, F> {
    /// A sink printing to standard output.
    pub fn stdout(format: F) -> Self {
        PrinterSink::new(BufWriter::new(io::stdout()), format)
    }
}

impl<W, F> PrinterSink<W, F> {
    /// A sink writing to `writer`.
    pub fn new(writer: W, format: F) -> Self {
        PrinterSink { writer, format }
    }

    /// The writer.
    pub fn get_ref(&self) -> &W {
        &self.writer
    }

    /// The writer, giving up the sink (without flushing it: call
    /// [`flush`](Sink::flush) first).
    pub fn into_inner(self) -> W {
        self.writer
    }
}

impl<W, F> fmt::Debug for PrinterSink<W, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrinterSink")
    }
}

impl<T, S, W, F> Sink<T> for PrinterSink<W, F>
where
    W: Write + Send,
    F: FnMut(&T) -> S + Send,
    S: Display,
{
    fn emit(&mut self, value: T) -> Result<()> {
        let line = (self.format)(&value);
        writeln!(self.writer, "{line}").map_err(|e| Error::io("writing to the printer sink", e))
    }

    fn flush(&mut self) -> Result<()> {
        self.writer
            .flush()
            .map_err(|e| Error::io("flushing the printer sink", e))
    }
}
