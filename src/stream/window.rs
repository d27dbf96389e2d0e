//! Which windows a job emits: tumbling or sliding, as multiples of the
//! batch interval.

use std::time::Duration;

use crate::error::{Error, Result};

/// The window shape of a job: a length and a slide, both multiples of the
/// batch interval (the pane).
///
/// Windows are aligned to the Unix epoch: a window ends at every multiple of
/// the slide and covers the `length` before that end, `[end - length, end)`.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use sketchfold::stream::Windows;
///
/// let w = Windows::sliding(Duration::from_secs(10), Duration::from_secs(5));
/// assert_eq!(w.length(), Duration::from_secs(10));
/// assert_eq!(Windows::tumbling(Duration::from_secs(60)).slide(), Duration::from_secs(60));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Windows {
    length: Duration,
    slide: Duration,
}

impl Windows {
    /// Windows of `length` that do not overlap: the slide is the length.
    pub fn tumbling(length: Duration) -> Windows {
        Windows {
            length,
            slide: length,
        }
    }

    /// Windows of `length`, one ending every `slide`.
    pub fn sliding(length: Duration, slide: Duration) -> Windows {
        Windows { length, slide }
    }

    /// The window length.
    pub fn length(&self) -> Duration {
        self.length
    }

    /// The time between the ends of consecutive windows.
    pub fn slide(&self) -> Duration {
        self.slide
    }

    /// Length and slide in panes of `interval`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)
    /// when the interval is not a positive whole number of milliseconds, or
    /// the length or slide is zero or not a multiple of it.
    pub fn in_panes(&self, interval: Duration) -> Result<WindowPanes> {
        let pane_ms = whole_millis("batch interval", interval)?;
        let length_ms = whole_millis("window length", self.length)?;
        let slide_ms = whole_millis("window slide", self.slide)?;
        if length_ms % pane_ms != 0 {
            return Err(Error::invalid_parameter(
                "window length",
                format!("{length_ms} ms"),
                format!("a multiple of the batch interval ({pane_ms} ms)"),
            ));
        }
        if slide_ms % pane_ms != 0 {
            return Err(Error::invalid_parameter(
                "window slide",
                format!("{slide_ms} ms"),
                format!("a multiple of the batch interval ({pane_ms} ms)"),
            ));
        }
        if slide_ms > length_ms {
            return Err(Error::invalid_parameter(
                "window slide",
                format!("{slide_ms} ms"),
                format!("at most the window length ({length_ms} ms): every record must fall in a window"),
            ));
        }
        Ok(WindowPanes {
            pane_ms,
            length: length_ms / pane_ms,
            slide: slide_ms / pane_ms,
        })
    }
}

fn whole_millis(what: &'static str, d: Duration) -> Result<u64> {
    let ms = d.as_millis();
    if ms == 0 || d != Duration::from_millis(ms as u64) || ms > u128::from(u32::MAX) * 1000 {
        return Err(Error::invalid_parameter(
            what,
            format!("{d:?}"),
            "a positive whole number of milliseconds, at most 49 days",
        ));
    }
    Ok(ms as u64)
}

/// A window's span of time, in milliseconds since the Unix epoch:
/// `[start_ms, end_ms)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Window {
    /// First millisecond in the window.
    pub start_ms: u64,
    /// First millisecond after the window.
    pub end_ms: u64,
}

/// Window shape in panes, validated by [`Windows::in_panes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowPanes {
    /// Pane (batch interval) length in milliseconds.
    pub pane_ms: u64,
    /// Window length in panes.
    pub length: u64,
    /// Slide in panes.
    pub slide: u64,
}

impl WindowPanes {
    /// The window that ends where pane `pane` (counted from the Unix
    /// epoch) ends, if a window ends there (`None` too for the last `u64`
    /// pane, and for a hand-made shape with a zero slide).
    ///
    /// ```
    /// use std::time::Duration;
    /// use sketchfold::stream::{Window, WindowPanes, Windows};
    ///
    /// let panes = Windows::sliding(Duration::from_secs(4), Duration::from_secs(2))
    ///     .in_panes(Duration::from_secs(1))?;
    /// let window = Window { start_ms: 2000, end_ms: 6000 };
    /// assert_eq!(panes.window_ending_with(5), Some(window));
    /// assert_eq!(panes.window_ending_with(4), None);
    /// assert_eq!(panes.window_ending_with(u64::MAX), None);
    /// assert_eq!(WindowPanes { slide: 0, ..panes }.window_ending_with(5), None);
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn window_ending_with(&self, pane: u64) -> Option<Window> {
        let end_pane = pane.checked_add(1)?;
        if end_pane.checked_rem(self.slide)? != 0 {
            return None;
        }
        let end_ms = end_pane.saturating_mul(self.pane_ms);
        Some(Window {
            start_ms: end_pane
                .saturating_sub(self.length)
                .saturating_mul(self.pane_ms),
            end_ms,
        })
    }
}
