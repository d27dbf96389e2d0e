//! Which value is at this rank, and what is the rank of this value?
//! Quantile sketches.
//!
//! - [`Kll`]: rank-error quantiles (KLL), compatible with Apache
//!   DataSketches' KLL float and double images; see [`kll`] for its
//!   accuracy, algebra and encoding.

pub mod kll;

pub use kll::{Kll, KllItem, KllParams};
