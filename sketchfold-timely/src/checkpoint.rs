//! Window checkpoints in the core engine's [`CheckpointStore`], and the
//! pane a restarted job resumes from.
//!
//! Each worker saves into its own store, `DIR/worker-I-of-N`, a checkpoint
//! tagged with a *boundary* pane `b` (a multiple of the checkpoint period):
//! its sliding window's panes after every pane before `b` was pushed. The
//! payload, little-endian:
//!
//! | bytes | field |
//! | --- | --- |
//! | 1 | format version (1) |
//! | 8 x 6 | pane length in ms, window length and slide in panes, key bound, workers, this worker's index |
//! | 1 | window algorithm: 0 = DABA, 1 = subtraction |
//! | 8 | the boundary pane `b` |
//! | 8 | panes in the window, then per pane: its entries, and per entry a `u64` length and a [partial](crate::partial)'s bytes |

use std::hash::Hash;
use std::path::{Path, PathBuf};

use sketchfold::algebra::Monoid;
use sketchfold::codec::{ItemCodec, Reader, Writer};
use sketchfold::stream::{CheckpointStore, PaneState};
use sketchfold::{Error, Result};

use crate::partial;

/// Format version of the payload.
const VERSION: u8 = 1;

/// The settings a checkpoint is valid for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    pub pane_ms: u64,
    pub length: u64,
    pub slide: u64,
    pub max_keys: u64,
    pub peers: u64,
    pub index: u64,
    /// 0 = DABA, 1 = subtraction.
    pub algorithm: u8,
}

impl Fingerprint {
    fn encode(&self, w: &mut Writer) {
        for v in [
            self.pane_ms,
            self.length,
            self.slide,
            self.max_keys,
            self.peers,
            self.index,
        ] {
            w.u64(v);
        }
        w.u8(self.algorithm);
    }

    fn decode(r: &mut Reader<'_>) -> Result<Fingerprint> {
        let mut v = [0u64; 6];
        for (slot, what) in v.iter_mut().zip([
            "pane length",
            "window length",
            "window slide",
            "key bound",
            "workers",
            "worker index",
        ]) {
            *slot = r.u64(what)?;
        }
        Ok(Fingerprint {
            pane_ms: v[0],
            length: v[1],
            slide: v[2],
            max_keys: v[3],
            peers: v[4],
            index: v[5],
            algorithm: r.u8("window algorithm")?,
        })
    }
}

/// The store of worker `index` of `peers` under `dir`.
fn store_dir(dir: &Path, index: u64, peers: u64) -> PathBuf {
    dir.join(format!("worker-{index}-of-{peers}"))
}

/// Reads a payload's fingerprint and boundary pane, leaving `r` at the panes.
fn read_header(r: &mut Reader<'_>) -> Result<(Fingerprint, u64)> {
    let at = r.offset();
    let version = r.u8("checkpoint version")?;
    if version != VERSION {
        return Err(Error::corrupt(
            "checkpoint version",
            at,
            format!("version {version}, this build reads version {VERSION}"),
        ));
    }
    let fp = Fingerprint::decode(r)?;
    Ok((fp, r.u64("checkpoint pane")?))
}

/// The boundary panes of the checkpoints in `store`, with their files.
fn tags(store: &CheckpointStore) -> Result<Vec<(u64, PathBuf)>> {
    let mut out = Vec::new();
    for path in store.list()? {
        let payload = store.load(&path)?;
        let (_, tag) = read_header(&mut Reader::new(&payload))?;
        out.push((tag, path));
    }
    Ok(out)
}

/// The pane a job of `peers` workers checkpointing into `dir` resumes from:
/// the latest boundary every worker has a checkpoint of, or `None` if a
/// worker has none (a fresh start).
///
/// # Errors
///
/// [`ErrorKind::Io`](sketchfold::ErrorKind::Io) if a store cannot be read,
/// a decode error for a damaged checkpoint,
/// [`ErrorKind::InvalidParameter`](sketchfold::ErrorKind::InvalidParameter)
/// if `dir` holds checkpoints of another number of workers, or
/// [`ErrorKind::InvalidParameter`](sketchfold::ErrorKind::InvalidParameter)
/// if the workers have checkpoints but none in common (they were written
/// too far apart: keep more of them).
pub fn resume_pane(dir: impl AsRef<Path>, peers: usize) -> Result<Option<u64>> {
    let dir = dir.as_ref();
    let others = other_worker_counts(dir, peers as u64)?;
    if !others.is_empty() {
        return Err(Error::invalid_parameter(
            "workers",
            peers,
            format!(
                "{others:?} workers, as the checkpoints in {} were written with (or an \
                 empty checkpoint directory, to start afresh)",
                dir.display()
            ),
        ));
    }
    let mut common: Option<Vec<u64>> = None;
    for index in 0..peers as u64 {
        let store = CheckpointStore::open(store_dir(dir, index, peers as u64))?;
        let mine: Vec<u64> = tags(&store)?.into_iter().map(|(t, _)| t).collect();
        if mine.is_empty() {
            return Ok(None);
        }
        common = Some(match common {
            None => mine,
            Some(c) => c.into_iter().filter(|t| mine.contains(t)).collect(),
        });
    }
    match common {
        None => Ok(None),
        Some(c) => match c.into_iter().max() {
            Some(pane) => Ok(Some(pane)),
            None => Err(Error::invalid_parameter(
                "checkpoint directory",
                dir.display(),
                "checkpoints of one pane from every worker: the workers' checkpoints have \
                 no pane in common (keep more checkpoints, or start afresh in an empty directory)",
            )),
        },
    }
}

/// The worker counts other than `peers` that stores under `dir` with
/// checkpoints in them were written by.
fn other_worker_counts(dir: &Path, peers: u64) -> Result<Vec<u64>> {
    let context = || format!("listing the checkpoint directory {}", dir.display());
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(context(), e)),
    };
    let mut others = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(context(), e))?;
        let name = entry.file_name();
        let Some((_, n)) = name
            .to_str()
            .and_then(|n| n.strip_prefix("worker-"))
            .and_then(|n| n.split_once("-of-"))
        else {
            continue;
        };
        let Ok(n) = n.parse::<u64>() else { continue };
        if n != peers
            && !others.contains(&n)
            && !CheckpointStore::open(entry.path())?.list()?.is_empty()
        {
            others.push(n);
        }
    }
    others.sort_unstable();
    Ok(others)
}

/// One worker's checkpoint writer.
pub(crate) struct Checkpointer {
    store: CheckpointStore,
    fingerprint: Fingerprint,
    every: u64,
    keep: usize,
    /// The latest boundary saved (or restored). Pane 0 counts as saved:
    /// its state is the empty one, and not saving it means no worker saves
    /// before every worker has built its dataflow (and read the stores).
    last: u64,
}

impl Checkpointer {
    /// A writer into `dir`'s store for this worker, saving at every
    /// multiple of `every` panes and keeping `keep` checkpoints.
    pub fn open(dir: &Path, fingerprint: Fingerprint, every: u64, keep: usize) -> Result<Self> {
        if every == 0 {
            return Err(Error::invalid_parameter(
                "checkpoint period",
                every,
                "at least 1 pane",
            ));
        }
        let store = CheckpointStore::open(store_dir(dir, fingerprint.index, fingerprint.peers))?
            .keep(keep)?;
        Ok(Checkpointer {
            store,
            fingerprint,
            every,
            keep,
            last: 0,
        })
    }

    /// The window panes of this worker's checkpoint at boundary `pane`.
    ///
    /// # Errors
    ///
    /// No checkpoint of that pane, a damaged one, or one written with other
    /// settings (the message names them).
    pub fn load<K, S>(&self, pane: u64) -> Result<Vec<PaneState<K, S>>>
    where
        K: ItemCodec + Hash + Eq + Clone,
        S: ItemCodec + Monoid + Clone,
    {
        let Some((_, path)) = tags(&self.store)?.into_iter().find(|(t, _)| *t == pane) else {
            return Err(Error::invalid_parameter(
                "resume pane",
                pane,
                format!(
                    "a pane this worker has a checkpoint of in {}",
                    self.store.dir().display()
                ),
            ));
        };
        let payload = self.store.load(&path)?;
        let mut r = Reader::new(&payload);
        let (fp, _) = read_header(&mut r)?;
        if fp != self.fingerprint {
            return Err(Error::invalid_parameter(
                "checkpoint",
                format!("{} written with {fp:?}", path.display()),
                format!("this job's settings {:?}", self.fingerprint),
            ));
        }
        let count = r.u64("window panes")?;
        let count = r.check_count(count, 8, "window panes")?;
        let mut window = Vec::with_capacity(count);
        for _ in 0..count {
            let entries = r.u64("pane entries")?;
            let entries = r.check_count(entries, 8, "pane entries")?;
            let mut pane = PaneState::new();
            for _ in 0..entries {
                let len = r.u64("entry length")?;
                let len = r.check_count(len, 1, "entry")?;
                partial::merge_into(&mut pane, r.bytes(len, "entry")?, usize::MAX)?;
            }
            window.push(pane);
        }
        r.finish()?;
        Ok(window)
    }

    /// Marks every boundary up to `pane` as saved (after a restore).
    pub fn saved_upto(&mut self, pane: u64) {
        self.last = pane;
    }

    /// The boundaries after the last saved one, up to `pane`: at most the
    /// newest `keep` (the store deletes older ones anyway).
    pub fn due(&self, pane: u64) -> Vec<u64> {
        let first = self.last.saturating_add(1).div_ceil(self.every) * self.every;
        if first > pane {
            return Vec::new();
        }
        let last = pane / self.every * self.every;
        let count = ((last - first) / self.every + 1).min(self.keep as u64);
        (0..count).rev().map(|i| last - i * self.every).collect()
    }

    /// Saves `window` as the checkpoint at boundary `pane`.
    pub fn save<K, S>(&mut self, pane: u64, window: &[&PaneState<K, S>]) -> Result<()>
    where
        K: ItemCodec,
        S: ItemCodec,
    {
        let mut w = Writer::with_capacity(256);
        w.u8(VERSION);
        self.fingerprint.encode(&mut w);
        w.u64(pane);
        w.u64(window.len() as u64);
        for p in window {
            let entries: Vec<partial::Partial> = partial::split(p).collect();
            w.u64(entries.len() as u64);
            for (_, bytes) in entries {
                w.u64(bytes.len() as u64);
                w.bytes(&bytes);
            }
        }
        self.store.save(&w.into_bytes())?;
        self.last = pane;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checkpointer(dir: &Path, every: u64, keep: usize) -> Checkpointer {
        let fp = Fingerprint {
            pane_ms: 1000,
            length: 3,
            slide: 1,
            max_keys: 10,
            peers: 1,
            index: 0,
            algorithm: 0,
        };
        Checkpointer::open(dir, fp, every, keep).unwrap()
    }

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "sketchfold-timely-unit-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn boundaries_due_are_the_multiples_of_the_period_after_the_last_save_at_most_keep() {
        let dir = temp("due");
        let mut c = checkpointer(&dir, 10, 3);
        assert_eq!(c.due(0), Vec::<u64>::new());
        assert_eq!(c.due(9), Vec::<u64>::new());
        assert_eq!(c.due(35), [10, 20, 30]);
        assert_eq!(c.due(1_000_000), [999_980, 999_990, 1_000_000]);
        c.saved_upto(20);
        assert_eq!(c.due(29), Vec::<u64>::new());
        assert_eq!(c.due(30), [30]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_saved_window_loads_back_and_other_settings_are_refused() {
        let dir = temp("load");
        let mut c = checkpointer(&dir, 10, 3);
        let mut a = PaneState::<u32, u64>::new();
        a.keys.insert(7, (2, 40));
        a.records = 2;
        let empty = PaneState::<u32, u64>::new();
        c.save(20, &[&a, &empty]).unwrap();
        let back = c.load::<u32, u64>(20).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].keys, a.keys);
        assert_eq!(back[0].records, 2);
        assert!(back[1].keys.is_empty());
        assert_eq!(resume_pane(&dir, 1).unwrap(), Some(20));
        assert!(c.load::<u32, u64>(30).is_err());

        let mut other = checkpointer(&dir, 10, 3);
        other.fingerprint.length = 4;
        let err = other.load::<u32, u64>(20).unwrap_err();
        assert!(err.to_string().contains("length: 4"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_resume_pane_is_the_latest_every_worker_has() {
        let dir = temp("resume");
        let fp = |index| Fingerprint {
            pane_ms: 1000,
            length: 3,
            slide: 1,
            max_keys: 10,
            peers: 2,
            index,
            algorithm: 0,
        };
        assert_eq!(resume_pane(&dir, 2).unwrap(), None);
        let mut w0 = Checkpointer::open(&dir, fp(0), 10, 2).unwrap();
        let mut w1 = Checkpointer::open(&dir, fp(1), 10, 2).unwrap();
        let none: [&PaneState<u32, u64>; 0] = [];
        for pane in [10, 20, 30] {
            w0.save(pane, &none).unwrap();
        }
        assert_eq!(resume_pane(&dir, 2).unwrap(), None, "worker 1 has none");
        w1.save(20, &none).unwrap();
        assert_eq!(resume_pane(&dir, 2).unwrap(), Some(20));
        w1.save(30, &none).unwrap();
        assert_eq!(resume_pane(&dir, 2).unwrap(), Some(30));
        w0.save(50, &none).unwrap();
        w0.save(60, &none).unwrap();
        assert!(resume_pane(&dir, 2).is_err(), "no pane in common");

        let err = resume_pane(&dir, 3).unwrap_err();
        assert!(err.to_string().contains("[2] workers"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
