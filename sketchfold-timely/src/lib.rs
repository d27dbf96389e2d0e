//! sketchfold's monoids on [timely dataflow](https://docs.rs/timely).
//!
//! (Documentation in progress.)

mod checkpoint;
mod errors;
mod fold;
mod input;
mod job;
mod partial;
mod row;
mod window;

pub use checkpoint::resume_pane;
pub use errors::ErrorSlot;
pub use input::PaneInput;
pub use job::{Built, SketchWindows};
pub use row::WindowRow;
