//! [`PaneInput`]: a worker's input of records, each at the pane (epoch) of
//! its event time.

use std::time::Duration;

use sketchfold::stream::Windows;
use sketchfold::Result;
use timely::dataflow::operators::vec::unordered_input::UnorderedHandle;
use timely::dataflow::operators::vec::UnorderedInput;
use timely::dataflow::operators::ActivateCapability;
use timely::dataflow::{Scope, StreamVec};

/// One worker's input: records go in at the timely epoch of their pane
/// (event time in milliseconds since the Unix epoch, divided by the batch
/// interval), and the worker says how far its input has come with
/// [`advance_to`](PaneInput::advance_to). A pane is complete, and its
/// partials are folded and exchanged, once every worker's input has
/// advanced past it: timely's frontier says so.
///
/// Records may arrive out of order within the open panes. A record whose
/// pane this input has already advanced past is *late*: it is not sent,
/// [`send`](PaneInput::send) returns `false` and
/// [`late_records`](PaneInput::late_records) counts it. Allowed lateness is
/// the caller's choice: advance to the largest time seen minus the
/// lateness.
///
/// Every worker must advance its input (also a worker without records),
/// and [`close`](PaneInput::close) it at the end of its data.
pub struct PaneInput<R: 'static> {
    handle: UnorderedHandle<u64, R>,
    /// `None` once closed.
    cap: Option<ActivateCapability<u64>>,
    pane_ms: u64,
    /// Records of one pane not yet handed to timely.
    pending: Vec<R>,
    pending_pane: u64,
    late: u64,
}

impl<R: 'static> PaneInput<R> {
    /// An input in `scope` with panes of `interval` (the batch interval of
    /// the [`SketchWindows`](crate::SketchWindows) that reads it), and its stream.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](sketchfold::ErrorKind::InvalidParameter)
    /// if `interval` is not a positive whole number of milliseconds.
    pub fn new<'scope>(
        scope: Scope<'scope, u64>,
        interval: Duration,
    ) -> Result<(PaneInput<R>, StreamVec<'scope, u64, R>)> {
        let pane_ms = Windows::tumbling(interval).in_panes(interval)?.pane_ms;
        let ((handle, cap), stream) = scope.new_unordered_input::<R>();
        Ok((
            PaneInput {
                handle,
                cap: Some(cap),
                pane_ms,
                pending: Vec::new(),
                pending_pane: 0,
                late: 0,
            },
            stream,
        ))
    }

    /// The pane of a time in milliseconds.
    pub fn pane_of(&self, time_ms: u64) -> u64 {
        time_ms / self.pane_ms
    }

    /// Sends `record` at the pane of `time_ms`; `false` (and counted) if
    /// that pane is late: before the pane this input has advanced to, or
    /// the input is closed.
    pub fn send(&mut self, time_ms: u64, record: R) -> bool {
        let pane = self.pane_of(time_ms);
        match &self.cap {
            Some(cap) if pane >= *cap.time() => {}
            _ => {
                self.late += 1;
                return false;
            }
        }
        if pane != self.pending_pane {
            self.flush();
            self.pending_pane = pane;
        }
        self.pending.push(record);
        true
    }

    /// Promises that no record of a pane before the pane of `time_ms` will
    /// be sent; panes before it can close.
    pub fn advance_to(&mut self, time_ms: u64) {
        self.advance_to_pane(self.pane_of(time_ms));
    }

    /// As [`advance_to`](Self::advance_to), with a pane number.
    pub fn advance_to_pane(&mut self, pane: u64) {
        self.flush();
        if let Some(cap) = &mut self.cap {
            if pane > *cap.time() {
                cap.downgrade(&pane);
            }
        }
    }

    /// The first pane records can still be sent to; `None` once closed.
    pub fn pane(&self) -> Option<u64> {
        self.cap.as_ref().map(|c| *c.time())
    }

    /// Records refused as late so far.
    pub fn late_records(&self) -> u64 {
        self.late
    }

    /// Hands buffered records to timely (also done by
    /// [`advance_to`](Self::advance_to) and when the pane changes).
    pub fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        if let Some(cap) = &self.cap {
            let at = cap.delayed(&self.pending_pane);
            self.handle
                .activate()
                .session(&at)
                .give_iterator(self.pending.drain(..));
        }
    }

    /// Ends the input: every pane can close.
    pub fn close(&mut self) {
        self.flush();
        self.cap = None;
    }
}
