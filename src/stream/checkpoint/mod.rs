//! Durable engine checkpoints: [`CheckpointStore`].
//!
//! # Overview
//!
//! A [`CheckpointStore`] owns one directory. Every [`save`](CheckpointStore::save)
//! writes a new numbered file (`checkpoint-00000000000000000042.skc`, the
//! number one more than the newest in the directory), then deletes the
//! oldest files beyond [`keep`](CheckpointStore::keep) (3 by default).
//! [`load_latest`](CheckpointStore::load_latest) reads the newest one.
//!
//! # Atomicity
//!
//! A checkpoint is first written to a temporary file in the same directory
//! (its name starts with `.checkpoint-` and ends with `.tmp`), flushed to disk
//! (`fsync`), renamed to its final name, and the directory itself is flushed
//! (on Unix), so after a crash a checkpoint file is either complete or absent.
//! Temporary files left by a crash are never read: [`open`](CheckpointStore::open)
//! deletes them and [`list`](CheckpointStore::list) ignores them.
//!
//! A directory has one writer: one job at a time saves into it (two
//! stores saving into the same directory at once could pick the same number).
//!
//! # Encoding
//!
//! Each file is a frame around the engine's bytes, all integers little-endian:
//!
//! | bytes | field |
//! |-------|-------|
//! | 0..8  | magic `b"SKFCKPT\0"` |
//! | 8..12 | format version, `u32` (1) |
//! | 12..20 | payload length, `u64` |
//! | 20..28 | xxh3-64 of the payload, `u64` |
//! | 28..  | payload |
//!
//! A truncated file, a wrong magic, an unknown version, a length that does
//! not match the file or a checksum that does not match the payload is an
//! [`ErrorKind::Corrupt`](crate::ErrorKind::Corrupt) error naming the file
//! (and, from [`load_latest`](CheckpointStore::load_latest), the newest older
//! checkpoint that still reads correctly). Nothing is deleted on a read error.
//!
//! # Example
//!
//! ```
//! use sketchfold::stream::CheckpointStore;
//!
//! let dir = std::env::temp_dir().join(format!("sketchfold-doc-ckpt-{}", std::process::id()));
//! let store = CheckpointStore::open(&dir)?.keep(2)?;
//! store.save(b"first")?;
//! store.save(b"second")?;
//! let newest = store.save(b"third")?;
//! assert_eq!(store.list()?.len(), 2);
//! let (path, bytes) = store.load_latest()?.expect("a checkpoint was saved");
//! assert_eq!((path, bytes), (newest, b"third".to_vec()));
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), sketchfold::Error>(())
//! ```

mod frame;
mod payload;
mod store;

#[doc(hidden)]
pub use payload::decode_payload;
pub use store::CheckpointStore;
