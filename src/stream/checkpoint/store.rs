//! [`CheckpointStore`]: numbered, framed, atomically written checkpoint files.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::frame;
use crate::error::{Error, ErrorKind, Result};

const PREFIX: &str = "checkpoint-";
const SUFFIX: &str = ".skc";
const DIGITS: usize = 20;
const TEMP_PREFIX: &str = ".checkpoint-";
const TEMP_SUFFIX: &str = ".tmp";
/// How many checkpoints a store keeps unless told otherwise.
const DEFAULT_KEEP: usize = 3;

/// A directory of numbered checkpoint files, written atomically.
///
/// See the [module documentation](super) for the file format and the
/// crash-safety argument.
///
/// # Example
///
/// ```
/// use sketchfold::stream::CheckpointStore;
///
/// let dir = std::env::temp_dir().join(format!("sketchfold-doc-store-{}", std::process::id()));
/// let store = CheckpointStore::open(&dir)?;
/// assert_eq!(store.load_latest()?, None);
/// let path = store.save(b"engine state")?;
/// assert!(path.ends_with("checkpoint-00000000000000000001.skc"));
/// assert_eq!(store.load(&path)?, b"engine state");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), sketchfold::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointStore {
    dir: PathBuf,
    keep: usize,
}

impl CheckpointStore {
    /// A store over `dir`, created (with its parents) if missing. Temporary
    /// files left in it by an interrupted [`save`](Self::save) are deleted.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] if the directory cannot be created or listed.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self> {
        let dir = dir.as_ref().to_path_buf();
        fs::create_dir_all(&dir).map_err(|e| {
            Error::io(
                format!("creating the checkpoint directory {}", dir.display()),
                e,
            )
        })?;
        let store = CheckpointStore {
            dir,
            keep: DEFAULT_KEEP,
        };
        for entry in store.entries()? {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
                let path = entry.path();
                fs::remove_file(&path).map_err(|e| {
                    Error::io(
                        format!("removing the leftover temporary file {}", path.display()),
                        e,
                    )
                })?;
            }
        }
        Ok(store)
    }

    /// The store keeping the newest `n` checkpoints (3 by default); older
    /// ones are deleted after each [`save`](Self::save).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`] if `n` is 0.
    pub fn keep(mut self, n: usize) -> Result<Self> {
        if n == 0 {
            return Err(Error::invalid_parameter(
                "keep",
                n,
                "at least 1 checkpoint to keep",
            ));
        }
        self.keep = n;
        Ok(self)
    }

    /// The directory the checkpoints are in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `payload` as a new checkpoint, numbered one past the newest in
    /// the directory, and returns its path; then deletes the oldest
    /// checkpoints beyond [`keep`](Self::keep).
    ///
    /// The file is written to a temporary name, flushed to disk, renamed and
    /// the directory flushed, so a crash leaves either the whole new
    /// checkpoint or none of it.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] naming the file if writing it fails (the previous
    /// checkpoints are then untouched and no temporary file is left, unless
    /// the process dies), or naming an old checkpoint that cannot be deleted
    /// (the new one is then already saved).
    pub fn save(&self, payload: &[u8]) -> Result<PathBuf> {
        let listed = self.numbered()?;
        let next = listed.last().map_or(1, |(n, _)| n.saturating_add(1));
        let path = self.dir.join(file_name(next));
        let temp = self
            .dir
            .join(format!("{TEMP_PREFIX}{next:0DIGITS$}{SUFFIX}{TEMP_SUFFIX}"));
        let write = || -> std::io::Result<()> {
            let mut file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&temp)?;
            file.write_all(&frame::encode(payload))?;
            file.sync_all()?;
            drop(file);
            fs::rename(&temp, &path)?;
            sync_dir(&self.dir)
        };
        if let Err(e) = write() {
            let _ = fs::remove_file(&temp);
            return Err(Error::io(
                format!("writing checkpoint {}", path.display()),
                e,
            ));
        }
        let mut all: Vec<PathBuf> = listed.into_iter().map(|(_, p)| p).collect();
        all.push(path.clone());
        if all.len() > self.keep {
            for old in &all[..all.len() - self.keep] {
                fs::remove_file(old).map_err(|e| {
                    Error::io(format!("removing old checkpoint {}", old.display()), e)
                })?;
            }
        }
        Ok(path)
    }

    /// The checkpoint files in the directory, oldest first. Temporary files
    /// and files with other names are not listed.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] if the directory cannot be listed.
    pub fn list(&self) -> Result<Vec<PathBuf>> {
        Ok(self.numbered()?.into_iter().map(|(_, p)| p).collect())
    }

    /// The payload of the checkpoint at `path`, checked.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] if the file cannot be read;
    /// [`ErrorKind::Corrupt`] naming the file if it is truncated, is not a
    /// checkpoint, has an unknown version or fails its checksum.
    pub fn load(&self, path: impl AsRef<Path>) -> Result<Vec<u8>> {
        let path = path.as_ref();
        let bytes = fs::read(path)
            .map_err(|e| Error::io(format!("reading checkpoint {}", path.display()), e))?;
        match frame::decode(&bytes) {
            Ok(payload) => Ok(payload.to_vec()),
            Err(e) => Err(Error::corrupt(
                "checkpoint file",
                e.offset,
                format!("{}: {}", path.display(), e.reason),
            )),
        }
    }

    /// The newest checkpoint, with its path; `None` if there is none.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] if the directory or the file cannot be read;
    /// [`ErrorKind::Corrupt`] if the newest checkpoint is damaged: the message
    /// names it and the newest older checkpoint that still reads correctly
    /// (which [`load`](Self::load) returns), or says there is none. No file is
    /// deleted.
    pub fn load_latest(&self) -> Result<Option<(PathBuf, Vec<u8>)>> {
        let all = self.list()?;
        let Some(latest) = all.last() else {
            return Ok(None);
        };
        match self.load(latest) {
            Ok(payload) => Ok(Some((latest.clone(), payload))),
            Err(e) => {
                let ErrorKind::Corrupt { offset, reason, .. } = e.kind() else {
                    return Err(e);
                };
                let previous = all[..all.len() - 1]
                    .iter()
                    .rev()
                    .find(|p| self.load(p).is_ok());
                let advice = match previous {
                    Some(p) => format!(
                        "the previous checkpoint {} is intact: load it with \
                         CheckpointStore::load, or move the damaged file away to resume from it",
                        p.display()
                    ),
                    None => "no older checkpoint is intact; delete the damaged file \
                             to start the job afresh"
                        .to_string(),
                };
                Err(Error::corrupt(
                    "latest checkpoint",
                    *offset,
                    format!("{reason}; {advice}"),
                ))
            }
        }
    }

    fn entries(&self) -> Result<Vec<fs::DirEntry>> {
        let context = || format!("listing the checkpoint directory {}", self.dir.display());
        fs::read_dir(&self.dir)
            .map_err(|e| Error::io(context(), e))?
            .map(|entry| entry.map_err(|e| Error::io(context(), e)))
            .collect()
    }

    /// Numbered checkpoint files, sorted by number.
    fn numbered(&self) -> Result<Vec<(u64, PathBuf)>> {
        let mut out = Vec::new();
        for entry in self.entries()? {
            let name = entry.file_name();
            if let Some(n) = name.to_str().and_then(parse_name) {
                out.push((n, entry.path()));
            }
        }
        out.sort_unstable_by_key(|(n, _)| *n);
        Ok(out)
    }
}

fn file_name(n: u64) -> String {
    format!("{PREFIX}{n:0DIGITS$}{SUFFIX}")
}

fn parse_name(name: &str) -> Option<u64> {
    let digits = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    if digits.len() != DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    // Directories cannot be opened as files on this platform; the rename is
    // what the platform guarantees.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_others_are_ignored() {
        assert_eq!(file_name(42), "checkpoint-00000000000000000042.skc");
        assert_eq!(parse_name(&file_name(42)), Some(42));
        assert_eq!(parse_name(&file_name(u64::MAX)), Some(u64::MAX));
        assert_eq!(parse_name("checkpoint-42.skc"), None);
        assert_eq!(parse_name(".checkpoint-00000000000000000042.skc.tmp"), None);
        assert_eq!(parse_name("checkpoint-0000000000000000004x.skc"), None);
        assert_eq!(parse_name("checkpoint-99999999999999999999.skc"), None);
    }
}
