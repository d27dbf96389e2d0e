//! A naive model of HyperLogLog's algebra: every sketch is replaced by the
//! exact set of items it has seen, and after every operation the sketch must
//! equal (`==`) a sketch freshly built from that set at the sketch's current
//! precision. Merge is an exact homomorphism and folding is exact, so any
//! difference is a bug.
//!
//! Shared by the `merge_ops` fuzz target and by `tests/fuzz_regressions.rs`.
//! Operation lists have a text form, one operation a line (see
//! [`Op`]'s `Display`), which is how saved cases are kept: `cargo fuzz fmt
//! merge_ops <artifact>` prints a crashing input in that form.

use std::collections::BTreeSet;
use std::fmt;

use sketchfold::algebra::Semigroup;
use sketchfold::cardinality::HllParams;
use sketchfold::cardinality::HyperLogLog;
use sketchfold::codec::Codec;
use sketchfold::hash::StableHash;
use sketchfold::ErrorKind;

/// The seed every modelled sketch shares.
pub const SEED: u64 = 0x5EED_F0DD_0000_0001;
/// A different seed: sketches with it must refuse to merge.
pub const FOREIGN_SEED: u64 = SEED ^ 0x8000_0000;
/// How many sketches the model keeps; sketch `i` starts at precision
/// `MIN_PRECISION + i`.
pub const SLOTS: usize = 5;
/// The precisions sketches take: `4..=8`.
pub const MIN_PRECISION: u8 = 4;
/// See [`MIN_PRECISION`].
pub const MAX_PRECISION: u8 = 8;
/// The most sources one `merge_all` takes.
pub const MAX_MERGE_ALL: usize = 8;

/// One operation on the modelled sketches. Sketch indices are taken modulo
/// [`SLOTS`] and precisions into `4..=8`, so every value is meaningful.
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[derive(Clone, PartialEq, Eq)]
pub enum Op {
    /// `insert s item`: inserts one item.
    Insert {
        /// The sketch.
        sketch: u8,
        /// The item.
        item: u16,
    },
    /// `insert_batch s start len`: inserts `start..start + len` (wrapping)
    /// with `insert_batch`.
    InsertBatch {
        /// The sketch.
        sketch: u8,
        /// The first item.
        start: u16,
        /// How many items.
        len: u8,
    },
    /// `insert_hashes s start len`: inserts the XXH3 hashes of
    /// `start..start + len` (wrapping) with `insert_hashes`.
    InsertHashes {
        /// The sketch.
        sketch: u8,
        /// The first item.
        start: u16,
        /// How many items.
        len: u8,
    },
    /// `merge into from`: merges a copy of `from` into `into`.
    Merge {
        /// The target.
        into: u8,
        /// The source.
        from: u8,
    },
    /// `merge_all into a b c…`: merges copies of the sources in one call.
    MergeAll {
        /// The target.
        into: u8,
        /// The sources (at most [`MAX_MERGE_ALL`] are used).
        from: Vec<u8>,
    },
    /// `fold s p`: replaces the sketch by `fold_to(p)`; an error, and no
    /// change, when `p` is above its precision.
    Fold {
        /// The sketch.
        sketch: u8,
        /// The precision folded to.
        precision: u8,
    },
    /// `round_trip s`: replaces the sketch by `decode(encode(s))`.
    RoundTrip {
        /// The sketch.
        sketch: u8,
    },
    /// `reset s p`: replaces the sketch by an empty one of precision `p`.
    Reset {
        /// The sketch.
        sketch: u8,
        /// The new precision.
        precision: u8,
    },
    /// `merge_foreign s p item`: merging a sketch with another seed (odd
    /// `p`) or DataSketches hashing (even `p`) must fail and change nothing,
    /// alone and inside a `merge_all` with every other sketch.
    MergeForeign {
        /// The target.
        sketch: u8,
        /// The foreign sketch's precision (and, by parity, its hashing).
        precision: u8,
        /// An item in the foreign sketch.
        item: u16,
    },
}

fn slot(i: u8) -> usize {
    usize::from(i) % SLOTS
}

/// `p` itself when it is in `4..=8`, so that the text form (which shows the
/// precision used) replays the same; otherwise mapped into `4..=8`.
fn precision(p: u8) -> u8 {
    if (MIN_PRECISION..=MAX_PRECISION).contains(&p) {
        p
    } else {
        MIN_PRECISION + p % (MAX_PRECISION - MIN_PRECISION + 1)
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Insert { sketch, item } => write!(f, "insert {} {item}", slot(*sketch)),
            Op::InsertBatch { sketch, start, len } => {
                write!(f, "insert_batch {} {start} {len}", slot(*sketch))
            }
            Op::InsertHashes { sketch, start, len } => {
                write!(f, "insert_hashes {} {start} {len}", slot(*sketch))
            }
            Op::Merge { into, from } => write!(f, "merge {} {}", slot(*into), slot(*from)),
            Op::MergeAll { into, from } => {
                write!(f, "merge_all {}", slot(*into))?;
                for s in from.iter().take(MAX_MERGE_ALL) {
                    write!(f, " {}", slot(*s))?;
                }
                Ok(())
            }
            Op::Fold {
                sketch,
                precision: p,
            } => {
                write!(f, "fold {} {}", slot(*sketch), precision(*p))
            }
            Op::RoundTrip { sketch } => write!(f, "round_trip {}", slot(*sketch)),
            Op::Reset {
                sketch,
                precision: p,
            } => {
                write!(f, "reset {} {}", slot(*sketch), precision(*p))
            }
            Op::MergeForeign {
                sketch,
                precision: p,
                item,
            } => write!(f, "merge_foreign {} {p} {item}", slot(*sketch)),
        }
    }
}

/// A list of operations; its `Debug` form is the text form, one operation a
/// line, which [`parse_script`] reads back.
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[derive(Clone, PartialEq, Eq)]
pub struct Script(pub Vec<Op>);

impl fmt::Debug for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for op in &self.0 {
            writeln!(f, "{op}")?;
        }
        Ok(())
    }
}

/// Reads the text form: one operation a line, `#` starts a comment, blank
/// lines are skipped.
///
/// # Errors
///
/// A message naming the line that is not an operation.
pub fn parse_script(text: &str) -> Result<Script, String> {
    let mut ops = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let op = parse_op(line).map_err(|e| format!("line {}: {e}: {line:?}", n + 1))?;
        ops.push(op);
    }
    Ok(Script(ops))
}

fn parse_op(line: &str) -> Result<Op, String> {
    let mut words = line.split_whitespace();
    let name = words.next().ok_or("empty line")?;
    let args: Vec<u16> = words
        .map(|w| w.parse::<u16>().map_err(|e| format!("argument {w:?}: {e}")))
        .collect::<Result<_, _>>()?;
    let byte = |i: usize| -> Result<u8, String> {
        let v = *args.get(i).ok_or(format!("missing argument {}", i + 1))?;
        u8::try_from(v).map_err(|_| format!("argument {} = {v} is above 255", i + 1))
    };
    let word = |i: usize| -> Result<u16, String> {
        args.get(i)
            .copied()
            .ok_or(format!("missing argument {}", i + 1))
    };
    let arity = |n: usize| -> Result<(), String> {
        if args.len() == n {
            Ok(())
        } else {
            Err(format!("{name} takes {n} arguments, found {}", args.len()))
        }
    };
    Ok(match name {
        "insert" => {
            arity(2)?;
            Op::Insert {
                sketch: byte(0)?,
                item: word(1)?,
            }
        }
        "insert_batch" => {
            arity(3)?;
            Op::InsertBatch {
                sketch: byte(0)?,
                start: word(1)?,
                len: byte(2)?,
            }
        }
        "insert_hashes" => {
            arity(3)?;
            Op::InsertHashes {
                sketch: byte(0)?,
                start: word(1)?,
                len: byte(2)?,
            }
        }
        "merge" => {
            arity(2)?;
            Op::Merge {
                into: byte(0)?,
                from: byte(1)?,
            }
        }
        "merge_all" => Op::MergeAll {
            into: byte(0)?,
            from: (1..args.len()).map(byte).collect::<Result<_, _>>()?,
        },
        "fold" => {
            arity(2)?;
            Op::Fold {
                sketch: byte(0)?,
                precision: byte(1)?,
            }
        }
        "round_trip" => {
            arity(1)?;
            Op::RoundTrip { sketch: byte(0)? }
        }
        "reset" => {
            arity(2)?;
            Op::Reset {
                sketch: byte(0)?,
                precision: byte(1)?,
            }
        }
        "merge_foreign" => {
            arity(3)?;
            Op::MergeForeign {
                sketch: byte(0)?,
                precision: byte(1)?,
                item: word(2)?,
            }
        }
        other => return Err(format!("unknown operation {other:?}")),
    })
}

/// A sketch under test beside its model: the exact item set and the
/// precision the sketch should have.
struct Modelled {
    sketch: HyperLogLog,
    items: BTreeSet<u16>,
    precision: u8,
}

impl Modelled {
    fn empty(precision: u8) -> Modelled {
        Modelled {
            sketch: HyperLogLog::with_params(
                HllParams::new(precision)
                    .expect("precision 4..=8 is valid")
                    .with_seed(SEED),
            ),
            items: BTreeSet::new(),
            precision,
        }
    }

    /// The sketch the model says this one must equal.
    fn expected(&self) -> HyperLogLog {
        let mut h = HyperLogLog::with_params(
            HllParams::new(self.precision)
                .expect("valid precision")
                .with_seed(SEED),
        );
        for item in &self.items {
            h.insert(item);
        }
        h
    }

    fn check(&self, index: usize, after: &Op) -> Result<(), String> {
        let expected = self.expected();
        let got = &self.sketch;
        let context = || {
            format!(
                "sketch {index} after `{after}` (model: precision {}, {} items)",
                self.precision,
                self.items.len()
            )
        };
        if got.precision() != self.precision {
            return Err(format!(
                "{}: precision {} where the model has {}",
                context(),
                got.precision(),
                self.precision
            ));
        }
        if *got != expected {
            return Err(format!(
                "{}: differs from the sketch built from the same items\n  got      {got:?}\n  expected {expected:?}\n  registers differ at {:?}",
                context(),
                differing_registers(got, &expected),
            ));
        }
        // Equal registers give bit-identical estimates: a stale cached
        // histogram would show here.
        if got.estimate().to_bits() != expected.estimate().to_bits() {
            return Err(format!(
                "{}: estimate {} but the same registers built afresh estimate {}",
                context(),
                got.estimate(),
                expected.estimate()
            ));
        }
        if got.is_empty() != self.items.is_empty() {
            return Err(format!("{}: is_empty() is {}", context(), got.is_empty()));
        }
        Ok(())
    }
}

fn differing_registers(a: &HyperLogLog, b: &HyperLogLog) -> Vec<usize> {
    let (ra, rb) = (a.registers(), b.registers());
    if ra.len() != rb.len() {
        return Vec::new();
    }
    ra.iter()
        .zip(&rb)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, _)| i)
        .take(16)
        .collect()
}

/// Replays `ops` on [`SLOTS`] sketches and their models.
///
/// # Errors
///
/// A description of the first operation after which a sketch broke a rule.
pub fn run(ops: &[Op]) -> Result<(), String> {
    let mut state: Vec<Modelled> = (0..SLOTS)
        .map(|i| Modelled::empty(MIN_PRECISION + i as u8))
        .collect();
    for op in ops {
        let touched = apply(&mut state, op)?;
        state[touched].check(touched, op)?;
    }
    for (i, m) in state.iter().enumerate() {
        m.check(i, &Op::RoundTrip { sketch: i as u8 })?;
    }
    Ok(())
}

/// Applies `op` to sketch and model; returns the index of the sketch that
/// changed.
fn apply(state: &mut [Modelled], op: &Op) -> Result<usize, String> {
    match *op {
        Op::Insert { sketch, item } => {
            let m = &mut state[slot(sketch)];
            m.sketch.insert(&item);
            m.items.insert(item);
            Ok(slot(sketch))
        }
        Op::InsertBatch { sketch, start, len } => {
            let items: Vec<u16> = (0..u16::from(len)).map(|k| start.wrapping_add(k)).collect();
            let m = &mut state[slot(sketch)];
            m.sketch.insert_batch(&items);
            m.items.extend(items);
            Ok(slot(sketch))
        }
        Op::InsertHashes { sketch, start, len } => {
            let items: Vec<u16> = (0..u16::from(len)).map(|k| start.wrapping_add(k)).collect();
            let hashes: Vec<u64> = items.iter().map(|i| i.stable_hash(SEED)).collect();
            let m = &mut state[slot(sketch)];
            m.sketch.insert_hashes(&hashes);
            m.items.extend(items);
            Ok(slot(sketch))
        }
        Op::Merge { into, from } => {
            let source = state[slot(from)].sketch.clone();
            let source_items = state[slot(from)].items.clone();
            let source_precision = state[slot(from)].precision;
            let m = &mut state[slot(into)];
            m.sketch
                .merge(&source)
                .map_err(|e| format!("`{op}` failed between sketches of one seed: {e}"))?;
            m.items.extend(source_items);
            m.precision = m.precision.min(source_precision);
            Ok(slot(into))
        }
        Op::MergeAll { into, ref from } => {
            let sources: Vec<usize> = from.iter().take(MAX_MERGE_ALL).map(|&s| slot(s)).collect();
            let sketches: Vec<HyperLogLog> =
                sources.iter().map(|&s| state[s].sketch.clone()).collect();
            let mut items = BTreeSet::new();
            let mut p = state[slot(into)].precision;
            for &s in &sources {
                items.extend(state[s].items.iter().copied());
                p = p.min(state[s].precision);
            }
            let m = &mut state[slot(into)];
            m.sketch
                .merge_all(&sketches)
                .map_err(|e| format!("`{op}` failed between sketches of one seed: {e}"))?;
            m.items.extend(items);
            m.precision = p;
            Ok(slot(into))
        }
        Op::Fold {
            sketch,
            precision: p,
        } => {
            let p = precision(p);
            let m = &mut state[slot(sketch)];
            match m.sketch.fold_to(p) {
                Ok(folded) if p <= m.precision => {
                    m.sketch = folded;
                    m.precision = p;
                }
                Ok(folded) => {
                    return Err(format!(
                        "`{op}` folded precision {} up to {p}: {folded:?}",
                        m.precision
                    ))
                }
                Err(e) if p > m.precision => {
                    if !matches!(e.kind(), ErrorKind::InvalidParameter { .. }) {
                        return Err(format!("`{op}` failed with the wrong error {e:?}"));
                    }
                }
                Err(e) => return Err(format!("`{op}` failed: {e}")),
            }
            Ok(slot(sketch))
        }
        Op::RoundTrip { sketch } => {
            let m = &mut state[slot(sketch)];
            let bytes = m.sketch.encode();
            let decoded = HyperLogLog::decode(&bytes)
                .map_err(|e| format!("`{op}`: a valid encoding does not decode: {e}"))?;
            if decoded != m.sketch {
                return Err(format!(
                    "`{op}`: decode(encode(x)) = {decoded:?} != x = {:?}",
                    m.sketch
                ));
            }
            if decoded.encode() != bytes {
                return Err(format!("`{op}`: the encoding is not stable"));
            }
            m.sketch = decoded;
            Ok(slot(sketch))
        }
        Op::Reset {
            sketch,
            precision: p,
        } => {
            state[slot(sketch)] = Modelled::empty(precision(p));
            Ok(slot(sketch))
        }
        Op::MergeForeign {
            sketch,
            precision: p,
            item,
        } => {
            let foreign_p = precision(p);
            let mut foreign = if p % 2 == 1 {
                HllParams::new(foreign_p).map(|p| p.with_seed(FOREIGN_SEED))
            } else {
                HllParams::datasketches(foreign_p)
            }
            .map(HyperLogLog::with_params)
            .expect("valid precision");
            foreign.insert(&item);
            let target = slot(sketch);
            let before = state[target].sketch.clone();
            let before_estimate = before.estimate().to_bits();

            let m = &mut state[target];
            match m.sketch.merge(&foreign) {
                Ok(()) => return Err(format!("`{op}`: a foreign sketch merged")),
                Err(e) => check_incompatible(&e, op)?,
            }
            if m.sketch != before || m.sketch.estimate().to_bits() != before_estimate {
                return Err(format!("`{op}`: a failed merge changed the target"));
            }

            // The foreign sketch last, after every compatible one: merge_all
            // must check them all before touching the target.
            let mut sources: Vec<HyperLogLog> = state.iter().map(|s| s.sketch.clone()).collect();
            sources.push(foreign);
            let m = &mut state[target];
            match m.sketch.merge_all(&sources) {
                Ok(()) => return Err(format!("`{op}`: merge_all took a foreign sketch")),
                Err(e) => check_incompatible(&e, op)?,
            }
            if m.sketch != before || m.sketch.estimate().to_bits() != before_estimate {
                return Err(format!("`{op}`: a failed merge_all changed the target"));
            }
            Ok(target)
        }
    }
}

fn check_incompatible(e: &sketchfold::Error, op: &Op) -> Result<(), String> {
    if matches!(e.kind(), ErrorKind::IncompatibleMerge { .. }) {
        Ok(())
    } else {
        Err(format!("`{op}` failed with the wrong error: {e:?}"))
    }
}
