//! The rules for the DataSketches HLL reader: any byte string reads or gives
//! a decode error, never a panic, and what reads writes back (as HLL_4,
//! HLL_6 and HLL_8) to images that read back to the same sketch.
//!
//! Shared by the `decode_datasketches_hll` fuzz target and by
//! `tests/fuzz_regressions.rs`, which include this file by path (it refers
//! to `crate::decode`, which both provide).

use sketchfold::cardinality::{DataSketchesHll, HyperLogLog, TgtHllType};
use sketchfold::codec::Codec;

use crate::decode::{check_decode_error, check_sketch, hex};

const TARGETS: [TgtHllType; 3] = [TgtHllType::Hll4, TgtHllType::Hll6, TgtHllType::Hll8];

/// The `decode_datasketches_hll` target: reads `bytes` with
/// [`HyperLogLog::from_datasketches_bytes`] (and with
/// [`DataSketchesHll::from_bytes`], which must agree) and checks the rules.
///
/// # Panics
///
/// When a rule is broken.
pub fn check_datasketches_hll_bytes(bytes: &[u8]) {
    let full = DataSketchesHll::from_bytes(bytes);
    match HyperLogLog::from_datasketches_bytes(bytes) {
        Err(e) => {
            check_decode_error(&e, bytes);
            assert!(
                full.is_err(),
                "DataSketchesHll::from_bytes read what from_datasketches_bytes rejects ({e})\n input: {}",
                hex(bytes)
            );
        }
        Ok(h) => {
            let full = full.unwrap_or_else(|e| {
                panic!(
                    "from_datasketches_bytes read what DataSketchesHll::from_bytes rejects ({e})\n input: {}",
                    hex(bytes)
                )
            });
            check_full_sketch(&full, bytes);
            assert!(
                full.to_hyperloglog() == h,
                "the two readers disagree on {}",
                hex(bytes)
            );
            check_read_sketch(&h, bytes);
        }
    }
}

/// A [`HyperLogLog`] read from DataSketches bytes writes as every target
/// type, reads back equal, and writes the same bytes again.
fn check_read_sketch(h: &HyperLogLog, bytes: &[u8]) {
    for target in TARGETS {
        let written = h.to_datasketches_bytes(target).unwrap_or_else(|e| {
            panic!(
                "a sketch read from DataSketches bytes does not write as {target:?}: {e}\n input: {}",
                hex(bytes)
            )
        });
        let read = HyperLogLog::from_datasketches_bytes(&written).unwrap_or_else(|e| {
            panic!(
                "what the writer wrote ({target:?}) does not read back: {e}\n input: {}\n written: {}",
                hex(bytes),
                hex(&written)
            )
        });
        assert!(
            read == *h,
            "read(write(x, {target:?})) != x\n input: {}\n x: {h:?}\n read back: {read:?}",
            hex(bytes)
        );
        assert_eq!(
            read.to_datasketches_bytes(target).ok().as_deref(),
            Some(&written[..]),
            "writing as {target:?} is not stable for {}",
            hex(bytes)
        );
    }
    let own = HyperLogLog::decode(&h.encode())
        .expect("a sketch read from DataSketches bytes encodes in sketchfold's format");
    assert!(own == *h, "sketchfold's own round trip changed the sketch");
    check_sketch(h);
}

/// A [`DataSketchesHll`] writes a compact and an updatable image that both
/// read back equal, and writing is stable.
fn check_full_sketch(d: &DataSketchesHll, bytes: &[u8]) {
    let estimate = d.estimate();
    assert!(
        estimate >= 0.0,
        "DataSketchesHll estimate {estimate} for {}",
        hex(bytes)
    );
    for (form, written) in [
        ("compact", d.to_compact_bytes()),
        ("updatable", d.to_updatable_bytes()),
    ] {
        let read = DataSketchesHll::from_bytes(&written).unwrap_or_else(|e| {
            panic!(
                "the {form} image written does not read back: {e}\n input: {}\n written: {}",
                hex(bytes),
                hex(&written)
            )
        });
        assert!(
            read == *d,
            "read({form}(x)) != x\n input: {}\n x: {d:?}\n read back: {read:?}",
            hex(bytes)
        );
        let again = if form == "compact" {
            read.to_compact_bytes()
        } else {
            read.to_updatable_bytes()
        };
        assert!(
            again == written,
            "writing the {form} image is not stable for {}",
            hex(bytes)
        );
    }
}
