//! [`WindowRow`]: what the dataflow emits.

use sketchfold::stream::Window;

/// One key's merged state in one window, emitted by the worker that owns
/// the key at the timestamp of the window's last pane.
///
/// `key` is `None` for the overflow row: the records of keys beyond the
/// [key bound](crate::SketchWindows::max_keys), merged into one state.
/// Each worker emits its own overflow row; merge them for the window's
/// total overflow.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowRow<K, S> {
    /// The window, `[start_ms, end_ms)`.
    pub window: Window,
    /// The key, or `None` for the overflow.
    pub key: Option<K>,
    /// Records folded into `state`.
    pub records: u64,
    /// The merge of the key's partials from every worker and every pane
    /// of the window.
    pub state: S,
}
