//! [`CallbackSink`]: output handed to a closure.

use super::Sink;
use crate::error::Result;

/// A sink that calls a closure with every output value.
///
/// The closure's error stops the job (return an
/// [`ErrorKind::Io`](crate::ErrorKind::Io) error for a failed write).
///
/// # Example
///
/// ```
/// use sketchfold::stream::sink::CallbackSink;
/// use sketchfold::stream::Sink;
///
/// let mut seen = Vec::new();
/// let mut sink = CallbackSink::new(|v: u32| {
///     seen.push(v);
///     Ok(())
/// });
/// sink.emit(7)?;
/// drop(sink);
/// assert_eq!(seen, [7]);
/// # Ok::<(), sketchfold::Error>(())
/// ```
pub struct CallbackSink<F> {
    callback: F,
}

impl<F> CallbackSink<F> {
    /// A sink that calls `callback` with every value.
    pub fn new(callback: F) -> Self {
        CallbackSink { callback }
    }
}

impl<F> std::fmt::Debug for CallbackSink<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CallbackSink")
    }
}

impl<T, F> Sink<T> for CallbackSink<F>
where
    F: FnMut(T) -> Result<()> + Send,
{
    fn emit(&mut self, value: T) -> Result<()> {
        (self.callback)(value)
    }
}
