//! What a checkpoint holds, and its encoding: the driver's counters and
//! pane bookkeeping, the source position, and every worker's open partials
//! and window panes.

use std::collections::{BTreeMap, VecDeque};
use std::hash::Hash;

use crate::codec::{Reader, Writer};
use crate::error::{Error, Result};

use super::job::CheckpointCodec;
use super::pane::PaneState;

/// Version of the checkpoint payload.
const VERSION: u8 = 1;

/// The settings a checkpoint is only valid for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    pub pane_ms: u64,
    pub length: u64,
    pub slide: u64,
    /// Allowed lateness in ms, or `u64::MAX` on processing time.
    pub lateness_ms: u64,
    pub partitions: u64,
    pub max_keys: u64,
}

impl Fingerprint {
    /// The settings, each as `name value`, in a readable form.
    fn settings(&self) -> [(&'static str, String); 6] {
        let ms = |v: u64| format!("{v} ms");
        [
            ("batch interval", ms(self.pane_ms)),
            ("window length", format!("{} panes", self.length)),
            ("slide", format!("{} panes", self.slide)),
            (
                "time",
                if self.lateness_ms == u64::MAX {
                    "processing time".to_string()
                } else {
                    format!("event time, {} ms allowed lateness", self.lateness_ms)
                },
            ),
            ("partitions", self.partitions.to_string()),
            ("max keys", self.max_keys.to_string()),
        ]
    }

    /// "written with X (this job: Y)" for every setting that differs.
    fn differences(&self, job: &Fingerprint) -> String {
        let diffs: Vec<String> = self
            .settings()
            .into_iter()
            .zip(job.settings())
            .filter(|((_, mine), (_, theirs))| mine != theirs)
            .map(|((name, mine), (_, theirs))| format!("{name} {mine} (this job: {theirs})"))
            .collect();
        format!("written with {}", diffs.join(", "))
    }
}

/// The driver's side of a checkpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DriverState {
    pub batches: u64,
    pub records: u64,
    pub bad: u64,
    pub late: u64,
    pub overflow: u64,
    pub windows: u64,
    pub bad_samples: Vec<String>,
    pub position: Option<u64>,
    pub max_ts: Option<u64>,
    pub next_pane: Option<u64>,
    /// Records dispatched so far (which worker folds a record depends on it).
    pub seq: u64,
    /// Records per open (not yet pushed) pane.
    pub open_counts: BTreeMap<u64, u64>,
    /// `(pane, records)` of the panes in the sliding windows, oldest first.
    pub window_queue: VecDeque<(u64, u64)>,
}

/// One worker's side: open partials and window panes, oldest first.
pub(crate) type WorkerState<K, S> = (Vec<(u64, PaneState<K, S>)>, Vec<PaneState<K, S>>);

fn opt(w: &mut Writer, v: Option<u64>) {
    match v {
        Some(v) => {
            w.u8(1);
            w.u64(v);
        }
        None => w.u8(0),
    }
}

fn read_opt(r: &mut Reader<'_>, what: &'static str) -> Result<Option<u64>> {
    let offset = r.offset();
    match r.u8(what)? {
        0 => Ok(None),
        1 => Ok(Some(r.u64(what)?)),
        other => Err(Error::corrupt(
            what,
            offset,
            format!("flag {other} is neither 0 nor 1"),
        )),
    }
}

fn pairs(w: &mut Writer, it: impl ExactSizeIterator<Item = (u64, u64)>) {
    w.u64(it.len() as u64);
    for (a, b) in it {
        w.u64(a);
        w.u64(b);
    }
}

fn read_pairs(r: &mut Reader<'_>, what: &'static str) -> Result<Vec<(u64, u64)>> {
    let n = r.u64(what)?;
    let n = r.check_count(n, 16, what)?;
    (0..n).map(|_| Ok((r.u64(what)?, r.u64(what)?))).collect()
}

/// Encodes a checkpoint payload.
pub(crate) fn encode<K: Hash + Eq, S>(
    fp: &Fingerprint,
    driver: &DriverState,
    workers: &[WorkerState<K, S>],
    codec: &CheckpointCodec<K, S>,
) -> Vec<u8> {
    let mut w = Writer::with_capacity(1024);
    w.u8(VERSION);
    for v in [
        fp.pane_ms,
        fp.length,
        fp.slide,
        fp.lateness_ms,
        fp.partitions,
        fp.max_keys,
    ] {
        w.u64(v);
    }
    let d = driver;
    for v in [
        d.batches, d.records, d.bad, d.late, d.overflow, d.windows, d.seq,
    ] {
        w.u64(v);
    }
    w.u64(d.bad_samples.len() as u64);
    for s in &d.bad_samples {
        w.u64(s.len() as u64);
        w.bytes(s.as_bytes());
    }
    opt(&mut w, d.position);
    opt(&mut w, d.max_ts);
    opt(&mut w, d.next_pane);
    pairs(&mut w, d.open_counts.iter().map(|(a, b)| (*a, *b)));
    pairs(&mut w, d.window_queue.iter().copied());
    for (open, window) in workers {
        w.u64(open.len() as u64);
        for (pane, state) in open {
            w.u64(*pane);
            encode_pane(state, &mut w, codec);
        }
        w.u64(window.len() as u64);
        for state in window {
            encode_pane(state, &mut w, codec);
        }
    }
    w.into_bytes()
}

fn encode_pane<K, S>(p: &PaneState<K, S>, w: &mut Writer, c: &CheckpointCodec<K, S>) {
    w.u64(p.records);
    w.u64(p.overflow_records);
    match &p.overflow {
        Some(o) => {
            w.u8(1);
            (c.encode_state)(o, w);
        }
        None => w.u8(0),
    }
    w.u64(p.keys.len() as u64);
    for (k, (n, s)) in &p.keys {
        (c.encode_key)(k, w);
        w.u64(*n);
        (c.encode_state)(s, w);
    }
}

fn decode_pane<K: Hash + Eq, S>(
    r: &mut Reader<'_>,
    c: &CheckpointCodec<K, S>,
) -> Result<PaneState<K, S>> {
    let records = r.u64("pane records")?;
    let overflow_records = r.u64("pane overflow records")?;
    let offset = r.offset();
    let overflow = match r.u8("pane overflow flag")? {
        0 => None,
        1 => Some((c.decode_state)(r)?),
        other => {
            return Err(Error::corrupt(
                "pane overflow flag",
                offset,
                format!("{other} is neither 0 nor 1"),
            ))
        }
    };
    // Every entry holds at least its 8-byte record count.
    let n = r.u64("pane key count")?;
    let n = r.check_count(n, 8, "pane keys")?;
    let mut keys = std::collections::HashMap::with_capacity_and_hasher(n, Default::default());
    for _ in 0..n {
        let offset = r.offset();
        let k = (c.decode_key)(r)?;
        let count = r.u64("key records")?;
        let s = (c.decode_state)(r)?;
        if keys.insert(k, (count, s)).is_some() {
            return Err(Error::corrupt("pane key", offset, "a key appears twice"));
        }
    }
    Ok(PaneState {
        keys,
        overflow,
        overflow_records,
        records,
    })
}

/// Reads a payload's version and the settings it was written with.
///
/// # Errors
///
/// A decode error for a short payload or another version.
pub(crate) fn read_settings(r: &mut Reader<'_>) -> Result<Fingerprint> {
    let version = r.u8("checkpoint version")?;
    if version != VERSION {
        return Err(crate::ErrorKind::UnsupportedVersion {
            family: "stream checkpoint",
            found: u32::from(version),
            supported: "1",
        }
        .into());
    }
    let mut f = [0u64; 6];
    for v in &mut f {
        *v = r.u64("checkpoint settings")?;
    }
    Ok(Fingerprint {
        pane_ms: f[0],
        length: f[1],
        slide: f[2],
        lateness_ms: f[3],
        partitions: f[4],
        max_keys: f[5],
    })
}

/// Decodes a checkpoint payload written for `expected`.
///
/// # Errors
///
/// A decode error for corrupt bytes, or an invalid-parameter error when the
/// checkpoint was written by a job with other settings.
pub(crate) fn decode<K: Hash + Eq, S>(
    bytes: &[u8],
    expected: &Fingerprint,
    codec: &CheckpointCodec<K, S>,
) -> Result<(DriverState, Vec<WorkerState<K, S>>)> {
    let mut r = Reader::new(bytes);
    let found = read_settings(&mut r)?;
    if found != *expected {
        return Err(Error::invalid_parameter(
            "checkpoint",
            found.differences(expected),
            "a checkpoint written with this job's settings; run with the same batch, \
             window, slide, lateness, partitions and key bound, or use a new checkpoint \
             directory",
        ));
    }
    let mut d = DriverState::default();
    let mut c = [0u64; 7];
    for v in &mut c {
        *v = r.u64("checkpoint counters")?;
    }
    [
        d.batches, d.records, d.bad, d.late, d.overflow, d.windows, d.seq,
    ] = c;
    let samples = r.u64("bad samples")?;
    let samples = r.check_count(samples, 8, "bad samples")?;
    for _ in 0..samples {
        let len = r.u64("bad sample length")?;
        let len = r.check_count(len, 1, "bad sample")?;
        let offset = r.offset();
        let text = r.bytes(len, "bad sample")?;
        let text = std::str::from_utf8(text)
            .map_err(|_| Error::corrupt("bad sample", offset, "not UTF-8"))?;
        d.bad_samples.push(text.to_string());
    }
    d.position = read_opt(&mut r, "source position")?;
    d.max_ts = read_opt(&mut r, "max event time")?;
    d.next_pane = read_opt(&mut r, "next pane")?;
    d.open_counts = read_pairs(&mut r, "open panes")?.into_iter().collect();
    d.window_queue = read_pairs(&mut r, "window panes")?.into_iter().collect();
    let mut workers = Vec::new();
    for _ in 0..expected.partitions {
        let n = r.u64("open partials")?;
        let n = r.check_count(n, 8, "open partials")?;
        let mut open = Vec::with_capacity(n);
        for _ in 0..n {
            let pane = r.u64("open pane")?;
            open.push((pane, decode_pane(&mut r, codec)?));
        }
        let n = r.u64("window panes")?;
        let n = r.check_count(n, 8, "window panes")?;
        let offset = r.offset();
        if n != d.window_queue.len() {
            return Err(Error::corrupt(
                "window panes",
                offset,
                format!("{n} panes where the driver has {}", d.window_queue.len()),
            ));
        }
        let mut window = Vec::with_capacity(n);
        for _ in 0..n {
            window.push(decode_pane(&mut r, codec)?);
        }
        workers.push((open, window));
    }
    r.finish()?;
    Ok((d, workers))
}
