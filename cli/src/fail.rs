//! How a command fails: a usage error (exit 2, like clap's own) or a
//! runtime error (exit 1), each a one-line message.

use std::fmt;
use std::process::ExitCode;

/// Why a command stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// A flag's value is wrong or does not fit with another flag.
    Usage(String),
    /// The job could not run or stopped (I/O, checkpoint, engine).
    Runtime(String),
}

impl Failure {
    /// A runtime failure with `error`'s message.
    pub fn runtime(error: impl fmt::Display) -> Failure {
        Failure::Runtime(error.to_string())
    }

    /// Prints the message on standard error and gives the exit code.
    pub fn report(&self) -> ExitCode {
        match self {
            Failure::Usage(m) => {
                eprintln!("sketchfold: error: {m}");
                ExitCode::from(2)
            }
            Failure::Runtime(m) => {
                eprintln!("sketchfold: error: {m}");
                ExitCode::from(1)
            }
        }
    }
}
