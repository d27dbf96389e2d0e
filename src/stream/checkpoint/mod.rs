//! temp
#![allow(missing_docs)]
use std::path::{Path, PathBuf};
pub struct CheckpointStore {
    dir: PathBuf,
}
impl CheckpointStore {
    pub fn open(dir: impl AsRef<Path>) -> crate::Result<Self> {
        std::fs::create_dir_all(dir.as_ref()).map_err(|e| crate::Error::io("mkdir", e))?;
        Ok(CheckpointStore {
            dir: dir.as_ref().to_path_buf(),
        })
    }
    pub fn save(&self, b: &[u8]) -> crate::Result<PathBuf> {
        let p = self.dir.join("cp");
        std::fs::write(&p, b).map_err(|e| crate::Error::io("w", e))?;
        Ok(p)
    }
    pub fn load_latest(&self) -> crate::Result<Option<(PathBuf, Vec<u8>)>> {
        let p = self.dir.join("cp");
        Ok(std::fs::read(&p).ok().map(|b| (p, b)))
    }
}
