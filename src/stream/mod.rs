//! The micro-batch stream engine: Spark Streaming's model, small and exact.
//!
//! (Module documentation is written with the engine; see the `stream`
//! section of DESIGN.md.)

pub mod sink;
pub mod sliding;
pub mod source;

pub use sink::Sink;
pub use sliding::SlidingAggregator;
pub use source::{Source, SourceStatus};
