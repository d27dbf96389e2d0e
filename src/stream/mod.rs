//! The micro-batch stream engine: Spark Streaming's model, small and exact.
//!
//! (Module documentation is written with the engine; see the `stream`
//! section of DESIGN.md.)

pub mod checkpoint;
mod driver;
mod job;
mod output;
mod pane;
mod reader;
pub mod sink;
pub mod sliding;
mod snapshot;
pub mod source;
mod window;
mod worker;

pub use checkpoint::CheckpointStore;
pub use job::{Job, DEFAULT_MAX_BATCH_RECORDS, DEFAULT_MAX_KEYS};
pub use output::{BatchMetrics, JobReport, WindowResult};
pub use sink::Sink;
pub use sliding::SlidingAggregator;
pub use source::{Source, SourceStatus};
pub use window::{Window, Windows};
