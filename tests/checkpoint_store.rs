//! Specs for `CheckpointStore`: atomic numbered files, retention, and clear
//! errors for damaged checkpoints.

use std::fs;
use std::path::{Path, PathBuf};

use sketchfold::stream::CheckpointStore;
use sketchfold::ErrorKind;

/// A fresh, empty directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "sketchfold-ckpt-test-{}-{name}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        TempDir(dir)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn names(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

fn corrupt_reason(err: &sketchfold::Error) -> String {
    match err.kind() {
        ErrorKind::Corrupt { reason, .. } => reason.clone(),
        other => panic!("expected a Corrupt error, got {other:?}"),
    }
}

#[test]
fn empty_directory_has_no_checkpoint_and_open_creates_it() {
    let tmp = TempDir::new("empty");
    let nested = tmp.path().join("a").join("b");
    let store = CheckpointStore::open(&nested).unwrap();
    assert!(nested.is_dir());
    assert_eq!(store.dir(), nested.as_path());
    assert_eq!(store.load_latest().unwrap(), None);
    assert!(store.list().unwrap().is_empty());
}

#[test]
fn save_then_load_latest_returns_the_newest_payload() {
    let tmp = TempDir::new("save-load");
    let store = CheckpointStore::open(tmp.path()).unwrap();
    let first = store.save(b"one").unwrap();
    let second = store.save(b"two").unwrap();
    assert_eq!(
        names(&[first.clone(), second.clone()]),
        [
            "checkpoint-00000000000000000001.skc",
            "checkpoint-00000000000000000002.skc"
        ]
    );
    assert_eq!(
        store.load_latest().unwrap(),
        Some((second.clone(), b"two".to_vec()))
    );
    assert_eq!(store.load(&first).unwrap(), b"one");
    // An empty payload and a large binary one survive unchanged.
    store.save(b"").unwrap();
    assert_eq!(store.load_latest().unwrap().unwrap().1, b"");
    let big: Vec<u8> = (0..1_000_000u32).map(|i| (i * 7 + 3) as u8).collect();
    store.save(&big).unwrap();
    assert_eq!(store.load_latest().unwrap().unwrap().1, big);
    // No temporary file remains after a save.
    let leftovers: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_reopened_store_continues_the_numbering() {
    let tmp = TempDir::new("reopen");
    CheckpointStore::open(tmp.path())
        .unwrap()
        .save(b"a")
        .unwrap();
    let store = CheckpointStore::open(tmp.path()).unwrap();
    let path = store.save(b"b").unwrap();
    assert!(path.ends_with("checkpoint-00000000000000000002.skc"));
    assert_eq!(store.load_latest().unwrap().unwrap().1, b"b");
}

#[test]
fn keeps_only_the_newest_n() {
    let tmp = TempDir::new("keep");
    let store = CheckpointStore::open(tmp.path()).unwrap();
    for i in 0..5u8 {
        store.save(&[i]).unwrap();
    }
    // Default: 3.
    assert_eq!(
        names(&store.list().unwrap()),
        [
            "checkpoint-00000000000000000003.skc",
            "checkpoint-00000000000000000004.skc",
            "checkpoint-00000000000000000005.skc"
        ]
    );
    let store = store.keep(1).unwrap();
    store.save(b"last").unwrap();
    let list = store.list().unwrap();
    assert_eq!(names(&list), ["checkpoint-00000000000000000006.skc"]);
    assert_eq!(store.load(&list[0]).unwrap(), b"last");
}

#[test]
fn keep_zero_is_an_invalid_parameter() {
    let tmp = TempDir::new("keep0");
    let err = CheckpointStore::open(tmp.path())
        .unwrap()
        .keep(0)
        .unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::InvalidParameter {
            parameter: "keep",
            ..
        }
    ));
}

/// Saves two good checkpoints and returns (store, previous, latest).
fn two_checkpoints(tmp: &TempDir) -> (CheckpointStore, PathBuf, PathBuf) {
    let store = CheckpointStore::open(tmp.path()).unwrap();
    let previous = store.save(b"previous state").unwrap();
    let latest = store.save(b"latest state, soon damaged").unwrap();
    (store, previous, latest)
}

fn assert_damaged_latest_is_reported(store: &CheckpointStore, previous: &Path, latest: &Path) {
    let err = store.load_latest().unwrap_err();
    assert!(err.is_decode(), "{err}");
    let reason = corrupt_reason(&err);
    let message = err.to_string();
    assert!(
        reason.contains(&latest.display().to_string()),
        "names the damaged file: {message}"
    );
    assert!(
        reason.contains(&previous.display().to_string()),
        "names the previous good checkpoint: {message}"
    );
    // Nothing was deleted, and the previous one still loads.
    assert!(latest.exists());
    assert_eq!(store.load(previous).unwrap(), b"previous state");
    // load() on the damaged file is also a Corrupt error naming it.
    let direct = store.load(latest).unwrap_err();
    assert!(corrupt_reason(&direct).contains(&latest.display().to_string()));
}

#[test]
fn truncated_latest_is_a_clear_error_naming_it_and_the_previous() {
    let tmp = TempDir::new("truncated");
    let (store, previous, latest) = two_checkpoints(&tmp);
    let bytes = fs::read(&latest).unwrap();
    // Truncated inside the payload and inside the header.
    for cut in [bytes.len() - 3, 10, 0] {
        fs::write(&latest, &bytes[..cut]).unwrap();
        assert_damaged_latest_is_reported(&store, &previous, &latest);
    }
}

#[test]
fn bit_flipped_latest_is_a_clear_error_naming_it_and_the_previous() {
    let tmp = TempDir::new("bitflip");
    let (store, previous, latest) = two_checkpoints(&tmp);
    let good = fs::read(&latest).unwrap();
    // A flip in the payload (checksum), the checksum, the length, the
    // version and the magic: every one is caught.
    for at in [good.len() - 1, 30, 22, 14, 9, 0] {
        let mut bad = good.clone();
        bad[at] ^= 0x04;
        fs::write(&latest, &bad).unwrap();
        assert_damaged_latest_is_reported(&store, &previous, &latest);
    }
}

#[test]
fn garbage_and_trailing_bytes_are_corrupt() {
    let tmp = TempDir::new("garbage");
    let (store, previous, latest) = two_checkpoints(&tmp);
    fs::write(&latest, b"this is not a checkpoint file at all, just text").unwrap();
    assert_damaged_latest_is_reported(&store, &previous, &latest);
    let mut extra = fs::read(&previous).unwrap();
    extra.extend_from_slice(b"junk");
    fs::write(&latest, &extra).unwrap();
    assert_damaged_latest_is_reported(&store, &previous, &latest);
}

#[test]
fn damaged_latest_with_no_good_previous_says_so() {
    let tmp = TempDir::new("no-previous");
    let store = CheckpointStore::open(tmp.path()).unwrap();
    let only = store.save(b"only").unwrap();
    fs::write(&only, b"xx").unwrap();
    let err = store.load_latest().unwrap_err();
    let reason = corrupt_reason(&err);
    assert!(reason.contains(&only.display().to_string()), "{reason}");
    assert!(reason.contains("no older checkpoint is intact"), "{reason}");
    assert!(only.exists());
}

#[test]
fn the_previous_named_is_the_newest_intact_one() {
    let tmp = TempDir::new("skip-damaged");
    let store = CheckpointStore::open(tmp.path()).unwrap().keep(5).unwrap();
    let good = store.save(b"good").unwrap();
    let damaged_too = store.save(b"damaged too").unwrap();
    let latest = store.save(b"latest").unwrap();
    fs::write(&damaged_too, b"broken").unwrap();
    fs::write(&latest, b"broken").unwrap();
    let reason = corrupt_reason(&store.load_latest().unwrap_err());
    assert!(reason.contains(&good.display().to_string()), "{reason}");
    assert!(
        !reason.contains(&damaged_too.display().to_string()),
        "{reason}"
    );
}

#[test]
fn temp_leftovers_are_ignored_and_cleaned() {
    let tmp = TempDir::new("leftovers");
    let store = CheckpointStore::open(tmp.path()).unwrap();
    let good = store.save(b"good").unwrap();
    // A crash during the next save left a half-written temporary file, and
    // a user left an unrelated file.
    let leftover = tmp.path().join(".checkpoint-00000000000000000002.skc.tmp");
    fs::write(&leftover, b"half").unwrap();
    let unrelated = tmp.path().join("notes.txt");
    fs::write(&unrelated, b"keep me").unwrap();
    assert_eq!(store.list().unwrap(), std::slice::from_ref(&good));
    assert_eq!(
        store.load_latest().unwrap(),
        Some((good.clone(), b"good".to_vec()))
    );
    // Reopening (as a restarted job does) removes the leftover only.
    let store = CheckpointStore::open(tmp.path()).unwrap();
    assert!(!leftover.exists());
    assert!(unrelated.exists());
    let next = store.save(b"next").unwrap();
    assert!(next.ends_with("checkpoint-00000000000000000002.skc"));
    assert_eq!(store.load_latest().unwrap().unwrap().1, b"next");
}

#[test]
fn save_into_a_removed_directory_is_an_io_error_naming_the_file() {
    let tmp = TempDir::new("gone");
    let store = CheckpointStore::open(tmp.path()).unwrap();
    fs::remove_dir_all(tmp.path()).unwrap();
    let err = store.save(b"x").unwrap_err();
    match err.kind() {
        ErrorKind::Io { context, .. } => assert!(context.contains("checkpoint"), "{context}"),
        other => panic!("expected Io, got {other:?}"),
    }
}
