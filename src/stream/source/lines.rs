//! [`LinesSource`]: lines of a file, of standard input, or of any reader.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::line_reader::{to_string, LineReader, ThreadLines, DEFAULT_MAX_LINE_LEN};
use super::{Source, SourceStatus};
use crate::error::{Error, Result};

/// How long a following source sleeps before looking for appended data
/// (never past the read's deadline).
const FOLLOW_POLL: Duration = Duration::from_millis(10);

/// A source of text lines: every line is one `String` record, without its
/// `\n` or `\r\n` terminator.
///
/// Three inputs:
/// - a file, [`LinesSource::file`]: replayable. Its
///   [`position`](Source::position) is the byte offset just after the last
///   complete line handed out, and [`seek`](Source::seek) moves the file
///   there, so a job restarted from a checkpoint resumes on the next line.
///   With [`follow(true)`](LinesSource::follow) the source never ends: at the
///   end of the file it polls for appended data (like `tail -f`), sleeping a
///   few milliseconds at a time but never past the read's deadline;
/// - standard input, [`LinesSource::stdin`]: read by a background thread
///   into a bounded queue, so a read never blocks past its deadline. Not
///   replayable ([`position`](Source::position) is `None`);
/// - any `BufRead + Send`, [`LinesSource::reader`]: read in the engine's
///   reader thread, so a reader that blocks (a pipe, a socket) delays the
///   read past its deadline until data arrives; its position counts bytes
///   from the reader's start, and it can [`seek`](Source::seek) forward only
///   (by skipping bytes), so a fresh reader over the same bytes resumes.
///
/// # Line endings, partial lines, encoding, limits
///
/// - A final line without a newline is handed out at the end of the input;
///   when following, it is held until its newline arrives (a writer may be
///   in the middle of it).
/// - Lines that are not valid UTF-8 are handed out converted lossily:
///   every invalid sequence becomes U+FFFD (`�`). The source never fails on
///   encoding.
/// - A line longer than [`max_line_len`](LinesSource::max_line_len) bytes
///   (16 MiB by default, not counting its terminator) is an
///   [`ErrorKind::Io`](crate::ErrorKind::Io) error naming its byte offset
///   and the limit: it is not truncated, since truncation would silently
///   change a record. At most the limit plus one buffer of bytes is held in
///   memory for one line.
///
/// # Example
///
/// ```
/// use std::io::Cursor;
/// use std::time::Instant;
/// use sketchfold::stream::source::LinesSource;
/// use sketchfold::stream::{Source, SourceStatus};
///
/// let mut source = LinesSource::reader(Cursor::new("first\r\nsecond\nthird"));
/// let mut buf = Vec::new();
/// assert_eq!(source.read(&mut buf, 2, Instant::now())?, SourceStatus::Open);
/// assert_eq!(buf, ["first", "second"]);
/// assert_eq!(source.position(), Some(14));
/// assert_eq!(source.read(&mut buf, 2, Instant::now())?, SourceStatus::Ended);
/// assert_eq!(buf, ["first", "second", "third"]);
/// # Ok::<(), sketchfold::Error>(())
/// ```
pub struct LinesSource {
    input: Input,
    follow: bool,
    max_line_len: Arc<AtomicUsize>,
    ended: bool,
}

enum Input {
    File {
        lines: LineReader<BufReader<File>>,
        path: PathBuf,
    },
    Reader(LineReader<Box<dyn BufRead + Send>>),
    Thread(ThreadLines),
}

impl fmt::Debug for LinesSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = match &self.input {
            Input::File { path, .. } => format!("file {}", path.display()),
            Input::Reader(_) => "reader".to_string(),
            Input::Thread(_) => "standard input".to_string(),
        };
        f.debug_struct("LinesSource")
            .field("input", &input)
            .field("follow", &self.follow)
            .field("max_line_len", &self.max_line_len.load(Ordering::Relaxed))
            .field("position", &self.position())
            .finish()
    }
}

impl LinesSource {
    fn with_input(input: Input, max_line_len: Arc<AtomicUsize>) -> Self {
        LinesSource {
            input,
            follow: false,
            max_line_len,
            ended: false,
        }
    }

    /// Lines of the file at `path`, from its start.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) naming the path if the file
    /// cannot be opened.
    pub fn file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let file =
            File::open(&path).map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
        let lines = LineReader::new(BufReader::new(file), path.display().to_string(), 0);
        Ok(Self::with_input(
            Input::File { lines, path },
            Arc::new(AtomicUsize::new(DEFAULT_MAX_LINE_LEN)),
        ))
    }

    /// Lines of standard input, read by a background thread.
    ///
    /// Create one such source per process: two would split the lines between
    /// them. The thread stops at the end of the input, or at its next line
    /// once the source is dropped.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) if the thread cannot be
    /// started.
    pub fn stdin() -> Result<Self> {
        let max = Arc::new(AtomicUsize::new(DEFAULT_MAX_LINE_LEN));
        let reader = BufReader::new(std::io::stdin());
        let lines = ThreadLines::spawn(reader, "standard input".to_string(), Arc::clone(&max))?;
        Ok(Self::with_input(Input::Thread(lines), max))
    }

    /// Lines of `reader`, read in the caller's thread (see the type's
    /// documentation on blocking readers).
    pub fn reader(reader: impl BufRead + Send + 'static) -> Self {
        let lines = LineReader::new(
            Box::new(reader) as Box<dyn BufRead + Send>,
            "the reader".to_string(),
            0,
        );
        Self::with_input(
            Input::Reader(lines),
            Arc::new(AtomicUsize::new(DEFAULT_MAX_LINE_LEN)),
        )
    }

    /// Whether to wait for appended data at the end of the input instead of
    /// ending (`false` by default). For a file or a reader; standard input
    /// always ends at its end.
    pub fn follow(mut self, follow: bool) -> Self {
        self.follow = follow;
        self
    }

    /// The longest line accepted, in bytes without its terminator (16 MiB by
    /// default); a longer line is an error.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// if `max` is 0.
    pub fn max_line_len(self, max: usize) -> Result<Self> {
        if max == 0 {
            return Err(Error::invalid_parameter(
                "max_line_len",
                max,
                "at least 1 byte",
            ));
        }
        self.max_line_len.store(max, Ordering::Relaxed);
        Ok(self)
    }

    fn read_direct<R: BufRead>(
        lines: &mut LineReader<R>,
        follow: bool,
        max_len: usize,
        buf: &mut Vec<String>,
        max: usize,
        deadline: Instant,
    ) -> Result<SourceStatus> {
        let start = buf.len();
        loop {
            while buf.len() - start < max {
                match lines.next_line(max_len)? {
                    Some(line) => buf.push(to_string(line)),
                    None => break,
                }
            }
            if buf.len() - start >= max {
                return Ok(SourceStatus::Open);
            }
            // At the current end of the input.
            if !follow {
                if let Some(line) = lines.take_partial(max_len)? {
                    buf.push(to_string(line));
                }
                return Ok(SourceStatus::Ended);
            }
            let now = Instant::now();
            if buf.len() > start || now >= deadline {
                return Ok(SourceStatus::Open);
            }
            std::thread::sleep(FOLLOW_POLL.min(deadline - now));
        }
    }
}

impl Source for LinesSource {
    type Item = String;

    fn read(
        &mut self,
        buf: &mut Vec<String>,
        max: usize,
        deadline: Instant,
    ) -> Result<SourceStatus> {
        if self.ended {
            return Ok(SourceStatus::Ended);
        }
        if max == 0 {
            return Ok(SourceStatus::Open);
        }
        let max_len = self.max_line_len.load(Ordering::Relaxed);
        let status = match &mut self.input {
            Input::File { lines, .. } => {
                Self::read_direct(lines, self.follow, max_len, buf, max, deadline)?
            }
            Input::Reader(lines) => {
                Self::read_direct(lines, self.follow, max_len, buf, max, deadline)?
            }
            Input::Thread(lines) => lines.read(buf, max, deadline)?,
        };
        self.ended = status == SourceStatus::Ended;
        Ok(status)
    }

    /// The byte offset just after the last complete line handed out (for a
    /// file or a reader); `None` for standard input.
    fn position(&self) -> Option<u64> {
        match &self.input {
            Input::File { lines, .. } => Some(lines.position()),
            Input::Reader(lines) => Some(lines.position()),
            Input::Thread(_) => None,
        }
    }

    /// Moves to byte offset `position`, which should be one
    /// [`position`](Source::position) returned (a line start).
    ///
    /// A file seeks anywhere up to its length; a reader only forward, by
    /// skipping bytes.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// past the end of the file or the reader, backwards on a reader, or on
    /// standard input; [`ErrorKind::Io`](crate::ErrorKind::Io) if the file
    /// cannot be read or sought.
    fn seek(&mut self, position: u64) -> Result<()> {
        match &mut self.input {
            Input::File { lines, path } => {
                let len = lines
                    .inner
                    .get_ref()
                    .metadata()
                    .map_err(|e| Error::io(format!("reading the size of {}", path.display()), e))?
                    .len();
                if position > len {
                    return Err(Error::invalid_parameter(
                        "position",
                        position,
                        format!("at most {len}, the length of {}", path.display()),
                    ));
                }
                lines
                    .inner
                    .seek(SeekFrom::Start(position))
                    .map_err(|e| Error::io(format!("seeking in {}", path.display()), e))?;
                lines.reset(position);
            }
            Input::Reader(lines) => {
                let here = lines.position();
                if position < here {
                    return Err(Error::invalid_parameter(
                        "position",
                        position,
                        format!(
                            "at least {here}, the bytes already read (a reader cannot go back)"
                        ),
                    ));
                }
                let consumed = lines.consumed();
                if position <= consumed {
                    // Within the partial line already read.
                    lines.skip_pending(usize::try_from(position - here).unwrap_or(usize::MAX));
                } else {
                    let mut skip = position - consumed;
                    lines.reset(consumed);
                    while skip > 0 {
                        let available = lines
                            .inner
                            .fill_buf()
                            .map_err(|e| Error::io("skipping in the reader", e))?;
                        if available.is_empty() {
                            let end = position - skip;
                            lines.reset(end);
                            return Err(Error::invalid_parameter(
                                "position",
                                position,
                                format!("at most {end}, the length of the reader"),
                            ));
                        }
                        let n = available
                            .len()
                            .min(usize::try_from(skip).unwrap_or(usize::MAX));
                        lines.inner.consume(n);
                        skip -= n as u64;
                    }
                    lines.reset(position);
                }
            }
            Input::Thread(_) => {
                return Err(Error::invalid_parameter(
                    "position",
                    position,
                    "a replayable source (a file); standard input cannot seek",
                ))
            }
        }
        self.ended = false;
        Ok(())
    }
}
