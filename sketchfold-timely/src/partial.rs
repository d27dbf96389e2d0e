//! What workers send each other: one key's partial state of one pane, as
//! bytes, and the route (the owning worker) of its key.
//!
//! | bytes | field |
//! | --- | --- |
//! | 0 | format version (1) |
//! | 1 | kind: 0 = a key's partial, 1 = the overflow partial |
//! | .. | the key ([`ItemCodec`]; only for kind 0) |
//! | 8 | records folded into the state, `u64` little-endian |
//! | .. | the state ([`ItemCodec`]: for a sketch, a `u64` length and the sketch's own versioned bytes) |
//!
//! The same bytes hold a pane in a checkpoint ([`crate::checkpoint`]).

use std::hash::Hash;

use sketchfold::algebra::Monoid;
use sketchfold::codec::{ItemCodec, Reader, Writer};
use sketchfold::hash::hash_bytes;
use sketchfold::stream::PaneState;
use sketchfold::{Error, Result};

/// Format version of a partial.
const VERSION: u8 = 1;
/// Kind byte of a key's partial.
const KEY: u8 = 0;
/// Kind byte of the overflow partial.
const OVERFLOW: u8 = 1;
/// Seed of the route hash ("skf-rout"): the same key goes to the same
/// worker in every process, whatever the platform.
const ROUTE_SEED: u64 = 0x736b_662d_726f_7574;

/// One partial on the wire: its route (the owning worker is `route % peers`)
/// and its bytes.
pub type Partial = (u64, Vec<u8>);

/// The route of a key: XXH3 of its encoding, stable across processes.
fn route_of(key_bytes: &[u8]) -> u64 {
    hash_bytes(key_bytes, ROUTE_SEED)
}

/// Encodes one entry; `key` is `None` for the overflow partial, which is
/// routed to worker 0.
fn encode<K: ItemCodec, S: ItemCodec>(key: Option<&K>, records: u64, state: &S) -> Partial {
    let mut w = Writer::with_capacity(64);
    w.u8(VERSION);
    let route = match key {
        Some(key) => {
            let mut k = Writer::with_capacity(16);
            key.encode_item(&mut k);
            let k = k.into_bytes();
            w.u8(KEY);
            w.bytes(&k);
            route_of(&k)
        }
        None => {
            w.u8(OVERFLOW);
            0
        }
    };
    w.u64(records);
    state.encode_item(&mut w);
    (route, w.into_bytes())
}

/// One decoded entry: the key (`None` for the overflow), its records and
/// its state.
type Entry<K, S> = (Option<K>, u64, S);

/// Decodes one entry.
///
/// # Errors
///
/// A decode error naming the field: too short, an unknown version or
/// kind, a corrupt key or state, trailing bytes.
fn decode<K: ItemCodec, S: ItemCodec>(bytes: &[u8]) -> Result<Entry<K, S>> {
    let mut r = Reader::new(bytes);
    let version = r.u8("partial version")?;
    if version != VERSION {
        return Err(Error::corrupt(
            "partial version",
            0,
            format!("version {version}, this build reads version {VERSION}"),
        ));
    }
    let at = r.offset();
    let key = match r.u8("partial kind")? {
        KEY => Some(K::decode_item(&mut r)?),
        OVERFLOW => None,
        other => {
            return Err(Error::corrupt(
                "partial kind",
                at,
                format!("{other} is neither 0 (key) nor 1 (overflow)"),
            ))
        }
    };
    let records = r.u64("partial records")?;
    let state = S::decode_item(&mut r)?;
    r.finish()?;
    Ok((key, records, state))
}

/// Every entry of `pane` as a partial: one per key, and the overflow.
pub(crate) fn split<K, S>(pane: &PaneState<K, S>) -> impl Iterator<Item = Partial> + '_
where
    K: ItemCodec,
    S: ItemCodec,
{
    let keys = pane.keys.iter().map(|(k, (n, s))| encode(Some(k), *n, s));
    let overflow = pane
        .overflow
        .as_ref()
        .map(|s| encode::<K, S>(None, pane.overflow_records, s));
    keys.chain(overflow)
}

/// Decodes `bytes` and merges the entry into `pane`, sending a new key to
/// the overflow once the pane holds `max_keys` keys.
///
/// # Errors
///
/// A decode error, or an incompatible merge (states of different
/// parameters); `pane` is then unchanged.
pub(crate) fn merge_into<K, S>(
    pane: &mut PaneState<K, S>,
    bytes: &[u8],
    max_keys: usize,
) -> Result<()>
where
    K: ItemCodec + Hash + Eq + Clone,
    S: ItemCodec + Monoid + Clone,
{
    let (key, records, state) = decode::<K, S>(bytes)?;
    let mut part = PaneState::new();
    part.records = records;
    match key {
        Some(key) => {
            part.keys.insert(key, (records, state));
        }
        None => {
            part.overflow = Some(state);
            part.overflow_records = records;
        }
    }
    pane.merge_bounded(&part, max_keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Pane = PaneState<String, u64>;

    fn pane(entries: &[(&str, u64, u64)], overflow: Option<(u64, u64)>) -> Pane {
        let mut p = Pane::new();
        for (k, n, s) in entries {
            p.keys.insert(k.to_string(), (*n, *s));
            p.records += n;
        }
        if let Some((n, s)) = overflow {
            p.overflow = Some(s);
            p.overflow_records = n;
            p.records += n;
        }
        p
    }

    #[test]
    fn a_pane_split_into_partials_and_merged_back_is_the_same_pane() {
        let original = pane(&[("a", 2, 10), ("b", 1, 5)], Some((3, 7)));
        let mut back = Pane::new();
        for (_, bytes) in split(&original) {
            merge_into(&mut back, &bytes, usize::MAX).unwrap();
        }
        assert_eq!(back.keys, original.keys);
        assert_eq!(back.overflow, original.overflow);
        assert_eq!(back.overflow_records, 3);
        assert_eq!(back.records, 6);
    }

    #[test]
    fn the_same_key_has_the_same_route_and_the_overflow_goes_to_worker_zero() {
        let p = pane(&[("a", 1, 1)], Some((1, 1)));
        let q = pane(&[("a", 5, 9)], None);
        let routes: Vec<u64> = split(&p).map(|(r, _)| r).collect();
        let again: Vec<u64> = split(&q).map(|(r, _)| r).collect();
        assert!(routes.contains(&again[0]));
        assert!(routes.contains(&0));
    }

    #[test]
    fn corrupt_partials_are_refused_with_a_decode_error_and_the_pane_is_unchanged() {
        let p = pane(&[("a", 2, 10)], None);
        let (_, good) = split(&p).next().unwrap();
        let mut target = pane(&[("z", 1, 1)], None);
        let mut cases: Vec<Vec<u8>> = (0..good.len()).map(|n| good[..n].to_vec()).collect();
        let mut wrong_version = good.clone();
        wrong_version[0] = 9;
        let mut wrong_kind = good.clone();
        wrong_kind[1] = 7;
        let mut trailing = good.clone();
        trailing.push(0);
        cases.extend([wrong_version, wrong_kind, trailing]);
        for bad in cases {
            let err = merge_into(&mut target, &bad, usize::MAX).unwrap_err();
            assert!(err.is_decode(), "{err}");
            assert_eq!(target.keys.len(), 1);
            assert_eq!(target.records, 1);
        }
    }
}
