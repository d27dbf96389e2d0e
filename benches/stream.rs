//! Stream engine benches (temporary harness: engine group only).
#[path = "stream/engine.rs"]
mod engine;
criterion::criterion_group!(stream, engine::benches);
criterion::criterion_main!(stream);
