//! Where window results go: a callback, a channel, a printer.

use crate::error::Result;

mod callback;
mod channel;
mod printer;

pub use callback::CallbackSink;
pub use channel::ChannelSink;
pub use printer::PrinterSink;

/// Receives the engine's output, one value at a time, in order.
///
/// A sink that blocks (a full bounded channel, a slow writer) slows the
/// engine down: the queues in front of it are bounded, so the source is
/// read no faster than the sink takes results.
pub trait Sink<T>: Send {
    /// Takes one output value.
    ///
    /// # Errors
    ///
    /// A sink that cannot take output any more (a closed channel, a write
    /// error), as an [`ErrorKind::Io`](crate::ErrorKind::Io); the engine stops.
    fn emit(&mut self, value: T) -> Result<()>;

    /// Flushes buffered output; called at the end of every batch and when the
    /// job ends.
    ///
    /// # Errors
    ///
    /// As [`emit`](Sink::emit).
    fn flush(&mut self) -> Result<()> {
        Ok(())
    }
}
