//! A real English text as a Zipf-like stream of words: the Rust Programming
//! Language book that ships with the toolchain (`rust-docs`), or, where that
//! is missing, Python's own documentation topics (`pydoc_data/topics.py`),
//! or any file named by `SKETCHFOLD_TEXT`. Words are lower-cased runs of
//! ASCII letters, in reading order; code blocks and markup are dropped.

use std::path::PathBuf;
use std::process::Command;

/// Where the words came from, and the words.
pub struct EnglishText {
    /// The file read.
    pub source: PathBuf,
    /// Its words, lower case, in order.
    pub words: Vec<String>,
}

/// Loads the first text found; panics with instructions when there is none,
/// so a missing corpus is a loud failure, never a silently skipped test.
pub fn english_text() -> EnglishText {
    let candidates = candidate_files();
    for path in &candidates {
        let Ok(raw) = std::fs::read_to_string(path) else {
            continue;
        };
        let text = match path.extension().and_then(|e| e.to_str()) {
            Some("html") => strip_html(&raw),
            // topics.py holds the text in string literals: drop the escapes.
            Some("py") => raw.replace("\\n", " ").replace("\\'", "'"),
            _ => raw,
        };
        let words = words_of(&text);
        if words.len() >= 50_000 {
            return EnglishText {
                source: path.clone(),
                words,
            };
        }
    }
    panic!(
        "no English text found (tried {candidates:?}): install the rust-docs component \
         (`rustup component add rust-docs`) or set SKETCHFOLD_TEXT to a text file of at \
         least 50,000 words"
    );
}

fn candidate_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(p) = std::env::var_os("SKETCHFOLD_TEXT") {
        out.push(PathBuf::from(p));
    }
    if let Some(sysroot) = command_line("rustc", &["--print", "sysroot"]) {
        out.push(PathBuf::from(sysroot).join("share/doc/rust/html/book/print.html"));
    }
    if let Some(topics) = command_line(
        "python3",
        &["-c", "import pydoc_data.topics as t; print(t.__file__)"],
    ) {
        out.push(PathBuf::from(topics));
    }
    out
}

fn command_line(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Text content of an HTML page without `script`, `style` and `pre`
/// (code) elements; tags become spaces.
fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        out.push(' ');
        rest = &rest[lt..];
        let skipped = ["script", "style", "pre"].iter().find_map(|tag| {
            let open = format!("<{tag}");
            let close = format!("</{tag}>");
            let b = rest.as_bytes();
            let is_open = b.len() > open.len()
                && b[..open.len()].eq_ignore_ascii_case(open.as_bytes())
                && matches!(b[open.len()], b'>' | b' ' | b'\n' | b'\t');
            is_open.then(|| {
                rest.find(&close)
                    .map_or("", |end| &rest[end + close.len()..])
            })
        });
        rest = match skipped {
            Some(after) => after,
            None => rest.find('>').map_or("", |gt| &rest[gt + 1..]),
        };
    }
    out.push_str(rest);
    out
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}
