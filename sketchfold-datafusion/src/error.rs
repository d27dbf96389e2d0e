//! sketchfold errors as DataFusion errors, each named by the SQL function
//! that met it and by what it was reading, so a failed query says which
//! call, which row and what was wrong.

use std::fmt::Display;

use datafusion::error::DataFusionError;

/// A failure while executing `function` on `what` (a row, a partial
/// state), as a DataFusion execution error.
pub(crate) fn exec(function: &str, what: impl Display, error: impl Display) -> DataFusionError {
    DataFusionError::Execution(format!("{function}: {what}: {error}"))
}

/// A mistake in how `function` was called (argument count, types,
/// parameters), as a DataFusion planning error.
pub(crate) fn plan(function: &str, message: impl Display) -> DataFusionError {
    DataFusionError::Plan(format!("{function}: {message}"))
}

/// A state DataFusion should never produce, as an internal error.
pub(crate) fn internal(function: &str, message: impl Display) -> DataFusionError {
    DataFusionError::Internal(format!("{function}: {message}"))
}
