//! One error type for the whole crate.
//!
//! Every fallible operation (building a sketch from parameters, merging two
//! sketches, decoding bytes) returns [`Error`]. Tuples and maps of monoids can
//! therefore compose their members' errors without conversion.

use std::fmt;

/// The crate-wide error: what went wrong, as an [`ErrorKind`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

/// The kinds of [`Error`].
///
/// The enum is `#[non_exhaustive]`: match it with a wildcard arm.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Two values cannot be merged because a parameter differs.
    IncompatibleMerge {
        /// The parameter that differs (for example `"seed"`).
        parameter: &'static str,
        /// Its value on the left-hand side (`self`).
        left: String,
        /// Its value on the right-hand side (`other`).
        right: String,
    },
    /// A parameter is outside its valid range.
    InvalidParameter {
        /// The parameter's name.
        parameter: &'static str,
        /// The value that was given.
        value: String,
        /// What is allowed.
        expected: String,
    },
    /// The input ended before a complete value could be read.
    TooShort {
        /// What was being read.
        what: &'static str,
        /// Byte offset at which the read started.
        offset: usize,
        /// Bytes needed from that offset.
        needed: usize,
        /// Bytes available from that offset.
        available: usize,
    },
    /// The bytes encode another kind of value.
    WrongFamily {
        /// The family tag that was expected.
        expected: String,
        /// The tag found in the input.
        found: String,
    },
    /// The format version is not one this build can read.
    UnsupportedVersion {
        /// The family being decoded.
        family: &'static str,
        /// The version found.
        found: u32,
        /// The versions this build reads.
        supported: &'static str,
    },
    /// A field holds a value that no valid encoding can contain.
    Corrupt {
        /// The field's name.
        field: &'static str,
        /// Byte offset of the field.
        offset: usize,
        /// Why the value is invalid.
        reason: String,
    },
    /// Reading or writing outside the process failed: a file, a socket, a
    /// closed channel, a checkpoint that cannot be written.
    Io {
        /// What was being done (for example `"reading /data/clicks.log"`).
        context: String,
        /// The underlying error's message.
        message: String,
    },
    /// Bytes remain after a complete value was decoded.
    TrailingBytes {
        /// Offset of the first unread byte.
        offset: usize,
        /// How many bytes remain.
        remaining: usize,
    },
}

impl Error {
    /// The kind of error.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// An incompatible-merge error for `parameter`, with both values.
    pub fn incompatible(
        parameter: &'static str,
        left: impl fmt::Display,
        right: impl fmt::Display,
    ) -> Error {
        ErrorKind::IncompatibleMerge {
            parameter,
            left: left.to_string(),
            right: right.to_string(),
        }
        .into()
    }

    /// An invalid-parameter error.
    pub fn invalid_parameter(
        parameter: &'static str,
        value: impl fmt::Display,
        expected: impl Into<String>,
    ) -> Error {
        ErrorKind::InvalidParameter {
            parameter,
            value: value.to_string(),
            expected: expected.into(),
        }
        .into()
    }

    /// A corrupt-field error at `offset`.
    pub fn corrupt(field: &'static str, offset: usize, reason: impl Into<String>) -> Error {
        ErrorKind::Corrupt {
            field,
            offset,
            reason: reason.into(),
        }
        .into()
    }

    /// An I/O error while doing `context`.
    pub fn io(context: impl Into<String>, error: impl fmt::Display) -> Error {
        ErrorKind::Io {
            context: context.into(),
            message: error.to_string(),
        }
        .into()
    }

    /// True for the errors that come from decoding bytes.
    pub fn is_decode(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::TooShort { .. }
                | ErrorKind::WrongFamily { .. }
                | ErrorKind::UnsupportedVersion { .. }
                | ErrorKind::Corrupt { .. }
                | ErrorKind::TrailingBytes { .. }
        )
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error { kind }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::IncompatibleMerge {
                parameter,
                left,
                right,
            } => write!(
                f,
                "cannot merge: {parameter} differs ({left} vs {right}); \
                 build both values with the same {parameter}"
            ),
            ErrorKind::InvalidParameter {
                parameter,
                value,
                expected,
            } => {
                write!(f, "invalid {parameter} {value}: expected {expected}")
            }
            ErrorKind::TooShort {
                what,
                offset,
                needed,
                available,
            } => write!(
                f,
                "input too short: {what} at byte {offset} needs {needed} bytes, \
                 {available} remain (truncated or not a sketch)"
            ),
            ErrorKind::WrongFamily { expected, found } => write!(
                f,
                "wrong sketch family: expected {expected}, found {found}; \
                 decode it with the matching type"
            ),
            ErrorKind::UnsupportedVersion {
                family,
                found,
                supported,
            } => write!(
                f,
                "unsupported {family} format version {found} (this build reads {supported}); \
                 upgrade sketchfold to read it"
            ),
            ErrorKind::Corrupt {
                field,
                offset,
                reason,
            } => {
                write!(f, "corrupt {field} at byte {offset}: {reason}")
            }
            ErrorKind::Io { context, message } => write!(f, "{context}: {message}"),
            ErrorKind::TrailingBytes { offset, remaining } => write!(
                f,
                "{remaining} unexpected bytes after the sketch at byte {offset}; \
                 pass exactly one encoded sketch"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand for `Result<T, sketchfold::Error>`.
pub type Result<T> = std::result::Result<T, Error>;
