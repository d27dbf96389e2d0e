//! [`ErrorSlot`]: how operators that cannot return a `Result` report one.

use std::cell::RefCell;
use std::rc::Rc;

use sketchfold::{Error, Result};

/// The first error a worker's operators met (a refused record, a corrupt partial, an
/// incompatible merge, a checkpoint that could not be written).
///
/// An operator that fails keeps the error here, drops its state and its
/// capabilities and ignores further input, so the dataflow ends instead of
/// hanging; the worker's loop checks the slot (see [`check`](Self::check))
/// and stops with the error.
#[derive(Clone, Debug, Default)]
pub struct ErrorSlot(Rc<RefCell<Option<Error>>>);

impl ErrorSlot {
    /// `Err` with the first error met, if any (it stays in the slot).
    ///
    /// # Errors
    ///
    /// The error an operator met.
    pub fn check(&self) -> Result<()> {
        match &*self.0.borrow() {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// True if an operator has failed.
    pub fn is_failed(&self) -> bool {
        self.0.borrow().is_some()
    }

    /// Keeps `error` unless an earlier one is kept.
    pub(crate) fn set(&self, error: Error) {
        self.0.borrow_mut().get_or_insert(error);
    }
}
