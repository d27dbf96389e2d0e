//! [`TcpSource`]: newline-delimited lines from a TCP server.

use std::fmt;
use std::io::BufReader;
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use std::time::Instant;

use super::line_reader::{ThreadLines, DEFAULT_MAX_LINE_LEN};
use super::{Source, SourceStatus};
use crate::error::{Error, Result};

/// A source of text lines read from a TCP connection, like Spark's
/// `socketTextStream`: it connects as a client and every line the server
/// sends is one `String` record.
///
/// A background thread reads the socket into a bounded queue, so a read
/// never waits past its deadline, and a slow engine slows the reading (TCP
/// flow control then slows the server). Lines follow the rules of
/// [`LinesSource`](super::LinesSource): no `\n` or `\r\n` terminator, invalid
/// UTF-8 converted lossily (U+FFFD), a final line without a newline handed
/// out when the server closes, a line longer than the limit (16 MiB by
/// default) an error.
///
/// The source [`Ended`](SourceStatus::Ended) when the server closes the
/// connection. It is not replayable: [`position`](Source::position) is
/// `None`. Dropping it shuts the connection down.
///
/// # Example
///
/// ```
/// use std::io::Write;
/// use std::net::TcpListener;
/// use std::time::{Duration, Instant};
/// use sketchfold::stream::source::TcpSource;
/// use sketchfold::stream::{Source, SourceStatus};
///
/// let listener = TcpListener::bind("127.0.0.1:0").unwrap();
/// let addr = listener.local_addr().unwrap();
/// let server = std::thread::spawn(move || {
///     let (mut client, _) = listener.accept().unwrap();
///     client.write_all(b"hello\nworld\n").unwrap();
/// });
/// let mut source = TcpSource::connect(addr)?;
/// let mut lines = Vec::new();
/// while source.read(&mut lines, 100, Instant::now() + Duration::from_millis(20))?
///     == SourceStatus::Open
/// {}
/// assert_eq!(lines, ["hello", "world"]);
/// server.join().unwrap();
/// # Ok::<(), sketchfold::Error>(())
/// ```
pub struct TcpSource {
    lines: ThreadLines,
    stream: TcpStream,
    addr: String,
}

impl fmt::Debug for TcpSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpSource")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl TcpSource {
    /// Connects to `addr` (`"host:port"` or a socket address) with the
    /// default line limit of 16 MiB.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) naming the address if it
    /// cannot be resolved or the connection fails (refused, unreachable).
    pub fn connect(addr: impl ToSocketAddrs + fmt::Display) -> Result<Self> {
        Self::connect_with_limit(addr, DEFAULT_MAX_LINE_LEN)
    }

    /// As [`connect`](Self::connect), with lines of at most `max_line_len`
    /// bytes (without the terminator); a longer line is an
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) error.
    ///
    /// # Errors
    ///
    /// As [`connect`](Self::connect), and
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) if
    /// `max_line_len` is 0.
    pub fn connect_with_limit(
        addr: impl ToSocketAddrs + fmt::Display,
        max_line_len: usize,
    ) -> Result<Self> {
        if max_line_len == 0 {
            return Err(Error::invalid_parameter(
                "max_line_len",
                max_line_len,
                "at least 1 byte",
            ));
        }
        let name = addr.to_string();
        let stream =
            TcpStream::connect(&addr).map_err(|e| Error::io(format!("connecting to {name}"), e))?;
        let reader = stream
            .try_clone()
            .map_err(|e| Error::io(format!("connecting to {name}"), e))?;
        let lines = ThreadLines::spawn(
            BufReader::new(reader),
            format!("tcp {name}"),
            Arc::new(AtomicUsize::new(max_line_len)),
        )?;
        Ok(TcpSource {
            lines,
            stream,
            addr: name,
        })
    }

    /// The address given to [`connect`](Self::connect).
    pub fn addr(&self) -> &str {
        &self.addr
    }
}

impl Source for TcpSource {
    type Item = String;

    fn read(
        &mut self,
        buf: &mut Vec<String>,
        max: usize,
        deadline: Instant,
    ) -> Result<SourceStatus> {
        self.lines.read(buf, max, deadline)
    }
}

impl Drop for TcpSource {
    fn drop(&mut self) {
        // Wakes the reader thread up so that it ends.
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}
