//! `sketchfold run --save-sketches DIR`: each window's sketches as files
//! that `sketchfold sketch` reads.
//!
//! ```text
//! DIR/<start_ms>-<end_ms>/key=<key>/<column>.bin   a key's sketches (keyed job)
//! DIR/<start_ms>-<end_ms>/overflow/<column>.bin    the overflow row (--max-keys)
//! DIR/<start_ms>-<end_ms>/<column>.bin             a job without --key
//! ```
//!
//! `<start_ms>` and `<end_ms>` are the window's bounds in milliseconds since
//! the epoch (the JSON output's `start_ms` and `end_ms`); `<column>` is
//! `distinct` (HyperLogLog), `top` (SpaceSaving of strings) or `quantiles`
//! (DDSketch), in sketchfold's format. A key is written with every byte
//! other than ASCII letters, digits, `-`, `_` and `.` as `%XX`; a key whose
//! escaped form passes 200 bytes is cut there and ends with `~` and a hash
//! of the whole key. Files are written whole (a temporary file renamed), so
//! a window rewritten after a restart from a checkpoint replaces its files
//! with the same bytes.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use crate::output::Window;

/// The longest escaped key kept whole in a directory name.
const MAX_KEY: usize = 200;

/// A key as a directory name: `key=` and the escaped key.
pub fn key_dir(key: &str) -> String {
    let mut escaped = String::with_capacity(key.len() + 4);
    for &b in key.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            escaped.push(char::from(b));
        } else {
            let _ = write!(escaped, "%{b:02X}");
        }
    }
    if escaped.len() > MAX_KEY {
        // Escaped text is ASCII: any byte index is a char boundary.
        escaped.truncate(MAX_KEY - 17);
        let digest = sketchfold::hash::hash_bytes(key.as_bytes(), 0);
        let _ = write!(escaped, "~{digest:016x}");
    }
    format!("key={escaped}")
}

/// The directory of `window`'s files.
pub fn window_dir(root: &Path, window: &Window) -> PathBuf {
    root.join(format!(
        "{}-{}",
        window.window.start_ms, window.window.end_ms
    ))
}

/// Writes every sketch of `window` under `root`; `keyed` when the job has
/// a key.
///
/// # Errors
///
/// A directory or file that cannot be written, named in the message.
pub fn save_window(root: &Path, window: &Window, keyed: bool) -> io::Result<()> {
    let dir = window_dir(root, window);
    let rows = window.rows.iter().map(|(k, s)| {
        let at = if keyed {
            dir.join(key_dir(k))
        } else {
            dir.clone()
        };
        (at, s)
    });
    let overflow = window
        .overflow
        .iter()
        .map(|(_, s)| (dir.join("overflow"), s));
    for (at, summary) in rows.chain(overflow) {
        std::fs::create_dir_all(&at).map_err(|e| named(&at, e))?;
        for (column, bytes) in &summary.sketches {
            write_whole(&at.join(format!("{column}.bin")), bytes)?;
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file and a rename.
fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension("bin.tmp");
    std::fs::write(&tmp, bytes).map_err(|e| named(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| named(path, e))
}

/// `e` with `path` in its message.
fn named(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_safe_distinct_directory_names() {
        assert_eq!(key_dir("page-7_a.b"), "key=page-7_a.b");
        assert_eq!(key_dir(""), "key=");
        assert_eq!(key_dir(".."), "key=..");
        assert_eq!(key_dir("a/b c"), "key=a%2Fb%20c");
        assert_eq!(key_dir("100%"), "key=100%25");
        assert_eq!(key_dir("é"), "key=%C3%A9");
        // Escaping is one to one: "%2F" and "/" differ.
        assert_ne!(key_dir("%2F"), key_dir("/"));
        let long = "x".repeat(500);
        let longer = format!("{long}y");
        let (a, b) = (key_dir(&long), key_dir(&longer));
        assert!(a.len() <= 4 + MAX_KEY && b.len() <= 4 + MAX_KEY, "{a}");
        assert_ne!(a, b);
    }
}
