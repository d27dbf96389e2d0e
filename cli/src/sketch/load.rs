//! Reading a file of a sketch: which format and family it is, and the
//! decoded sketch.
//!
//! - sketchfold's own bytes start with the magic `SKFD`; byte 4 names the
//!   family, so any family is read (SpaceSaving and TopK with the item type
//!   `--item-type` names: their bytes do not record it).
//! - A DataSketches image has its family id in byte 2: 7 is HLL (HLL_4, 6
//!   or 8: the mode byte says which), 15 is KLL. A KLL image does not
//!   record its item type; its length tells 4-byte floats from 8-byte
//!   items unless it is empty, and nothing tells doubles from longs:
//!   `--format kll-double` or `kll-long` says it.

use std::path::{Path, PathBuf};

use sketchfold::cardinality::{DataSketchesHll, HyperLogLog};
use sketchfold::codec::{Codec, Family, MAGIC};
use sketchfold::frequency::{CountMin, SpaceSaving, TopK};
use sketchfold::membership::BloomFilter;
use sketchfold::quantiles::{DdSketch, Kll};
use sketchfold::similarity::MinHash;
use sketchfold::{Error, Result as SketchResult};

use super::args::{ItemType, Reading, SketchFormat};
use super::frequency::KeptItem;
use super::hll::{type_name, Hll};
use super::kll::{KllFile, KllValue};
use super::loaded::Loaded;
use super::others::SkipListFile;
use crate::fail::Failure;

/// DataSketches' family id of HLL images.
const DS_HLL: u8 = 7;

/// DataSketches' family id of KLL images.
const DS_KLL: u8 = 15;

/// The byte of sketchfold's Count-Min (and TopK) header holding the update
/// rule: 0 standard, 1 conservative.
const COUNT_MIN_RULE_BYTE: usize = 8;

/// A sketch read from a file.
pub struct File {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: usize,
    /// The format it was read as, e.g. `sketchfold v1` or `DataSketches HLL_8`.
    pub format: String,
    /// The sketch.
    pub sketch: Box<dyn Loaded>,
}

impl File {
    /// The path as messages show it.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
}

/// Reads and decodes the sketch in `path`.
///
/// # Errors
///
/// A runtime failure naming the file: unreadable, not a sketch, corrupt,
/// or ambiguous without `--format`.
pub fn load(path: &Path, reading: Reading) -> Result<File, Failure> {
    let fail = |why: String| Failure::Runtime(format!("{}: {why}", path.display()));
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    let (format, sketch) = decode(&bytes, reading).map_err(fail)?;
    Ok(File {
        path: path.to_path_buf(),
        bytes: bytes.len(),
        format,
        sketch,
    })
}

/// The format name and sketch of `bytes`.
fn decode(bytes: &[u8], reading: Reading) -> Result<(String, Box<dyn Loaded>), String> {
    let own = bytes.starts_with(&MAGIC);
    match reading.format {
        SketchFormat::Auto if own => own_format(bytes, reading.item_type),
        SketchFormat::Auto => match bytes.get(2) {
            Some(&DS_HLL) => datasketches_hll(bytes),
            Some(&DS_KLL) => datasketches_kll_auto(bytes),
            _ => Err(not_a_sketch(bytes)),
        },
        SketchFormat::Sketchfold if own => own_format(bytes, reading.item_type),
        SketchFormat::Sketchfold => Err(format!(
            "not sketchfold's format (--format sketchfold): it does not start with {:?}",
            std::str::from_utf8(&MAGIC).unwrap_or("SKFD")
        )),
        SketchFormat::Hll => datasketches_hll(bytes),
        SketchFormat::KllFloat => datasketches_kll::<f32>(bytes),
        SketchFormat::KllDouble => datasketches_kll::<f64>(bytes),
        SketchFormat::KllLong => datasketches_kll::<i64>(bytes),
    }
}

/// Why `bytes` are not read as any sketch.
fn not_a_sketch(bytes: &[u8]) -> String {
    let family = match bytes.get(2) {
        Some(1..=6) => Some("Theta"),
        Some(8) => Some("classic quantiles"),
        Some(9) => Some("Tuple"),
        Some(10) => Some("frequent items"),
        Some(11..=14) => Some("sampling"),
        Some(16) => Some("CPC"),
        Some(17) => Some("REQ"),
        Some(18) => Some("Count-Min"),
        Some(20) => Some("t-digest"),
        _ => None,
    };
    match (family, bytes.get(2)) {
        (Some(name), Some(id)) => format!(
            "this looks like a DataSketches {name} image (family id {id}), which sketchfold \
             does not read: it reads DataSketches HLL (7) and KLL (15) images"
        ),
        _ => "not a sketch: neither sketchfold's format (magic \"SKFD\") nor a DataSketches \
              HLL (family id 7) or KLL (15) image"
            .to_string(),
    }
}

/// A sketch in sketchfold's own format, any family.
fn own_format(bytes: &[u8], items: ItemType) -> Result<(String, Box<dyn Loaded>), String> {
    let (Some(&tag), Some(&version)) = (bytes.get(4), bytes.get(5)) else {
        return Err("too short for sketchfold's header (6 bytes)".to_string());
    };
    let family = Family::ALL
        .into_iter()
        .find(|f| f.tag() == tag)
        .ok_or_else(|| {
            format!("sketchfold family tag {tag} is unknown to this version of the tool")
        })?;
    let format = format!("sketchfold v{version}");
    let text = |e: Error| e.to_string();
    let sketch: Box<dyn Loaded> = match family {
        Family::HyperLogLog => Box::new(Hll::own(HyperLogLog::decode(bytes).map_err(text)?)),
        Family::CountMin => match bytes.get(COUNT_MIN_RULE_BYTE) {
            Some(1) => Box::new(
                CountMin::<sketchfold::frequency::Conservative>::decode(bytes).map_err(text)?,
            ),
            _ => {
                Box::new(CountMin::<sketchfold::frequency::Standard>::decode(bytes).map_err(text)?)
            }
        },
        Family::TopK => typed(
            items,
            bytes,
            decode_boxed::<TopK<String>>,
            decode_boxed::<TopK<i64>>,
            decode_boxed::<TopK<u64>>,
        )?,
        Family::SpaceSaving => typed(
            items,
            bytes,
            decode_boxed::<SpaceSaving<String>>,
            decode_boxed::<SpaceSaving<i64>>,
            decode_boxed::<SpaceSaving<u64>>,
        )?,
        Family::BloomFilter => Box::new(BloomFilter::decode(bytes).map_err(text)?),
        Family::Kll => match bytes.get(6) {
            Some(4) => own_kll::<f32>(bytes)?,
            Some(0x88) => own_kll::<i64>(bytes)?,
            _ => own_kll::<f64>(bytes)?,
        },
        Family::DdSketch => Box::new(DdSketch::decode(bytes).map_err(text)?),
        Family::MinHash => Box::new(MinHash::decode(bytes).map_err(text)?),
        Family::SkipList => Box::new(SkipListFile {
            bytes: bytes.to_vec(),
        }),
        other => {
            return Err(format!(
                "{} files are not read by this version of the tool",
                other.name()
            ))
        }
    };
    Ok((format, sketch))
}

/// Decodes a `T` and boxes it.
fn decode_boxed<T: Codec + Loaded>(bytes: &[u8]) -> SketchResult<Box<dyn Loaded>> {
    Ok(Box::new(T::decode(bytes)?))
}

/// The decoder of `items`' type; a failure suggests another `--item-type`.
fn typed(
    items: ItemType,
    bytes: &[u8],
    string: fn(&[u8]) -> SketchResult<Box<dyn Loaded>>,
    signed: fn(&[u8]) -> SketchResult<Box<dyn Loaded>>,
    unsigned: fn(&[u8]) -> SketchResult<Box<dyn Loaded>>,
) -> Result<Box<dyn Loaded>, String> {
    let (decode, name) = match items {
        ItemType::String => (string, String::NAME),
        ItemType::I64 => (signed, <i64 as KeptItem>::NAME),
        ItemType::U64 => (unsigned, <u64 as KeptItem>::NAME),
    };
    decode(bytes).map_err(|e| {
        format!(
            "{e} (its items were read as {name}: the bytes do not record their type; \
             if they are of another, say --item-type string, i64 or u64)"
        )
    })
}

/// A KLL sketch in sketchfold's format.
fn own_kll<T: KllValue>(bytes: &[u8]) -> Result<Box<dyn Loaded>, String> {
    let sketch = Kll::<T>::decode(bytes).map_err(|e| e.to_string())?;
    Ok(Box::new(KllFile {
        sketch,
        image: false,
    }))
}

/// A DataSketches HLL image.
fn datasketches_hll(bytes: &[u8]) -> Result<(String, Box<dyn Loaded>), String> {
    let image = DataSketchesHll::from_bytes(bytes).map_err(|e| e.to_string())?;
    let format = format!("DataSketches {}", type_name(image.target()));
    Ok((format, Box::new(Hll::image(image, bytes))))
}

/// A DataSketches KLL image of `T` items.
fn datasketches_kll<T: KllValue>(bytes: &[u8]) -> Result<(String, Box<dyn Loaded>), String> {
    let sketch = Kll::<T>::from_datasketches_bytes(bytes).map_err(|e| e.to_string())?;
    let format = format!("DataSketches KLL {}", T::DATASKETCHES);
    Ok((
        format,
        Box::new(KllFile {
            sketch,
            image: true,
        }),
    ))
}

/// A DataSketches KLL image whose item type the bytes must tell: floats
/// if only 4-byte items fit its length.
fn datasketches_kll_auto(bytes: &[u8]) -> Result<(String, Box<dyn Loaded>), String> {
    let float = Kll::<f32>::from_datasketches_bytes(bytes).is_ok();
    let wide = Kll::<f64>::from_datasketches_bytes(bytes).is_ok()
        || Kll::<i64>::from_datasketches_bytes(bytes).is_ok();
    match (float, wide) {
        (true, false) => datasketches_kll::<f32>(bytes),
        (false, true) => Err(
            "a DataSketches KLL image of 8-byte items, which does not say whether they are \
             doubles or longs: say --format kll-double (Spark's kll_sketch_agg_double) or \
             --format kll-long (kll_sketch_agg_bigint)"
                .to_string(),
        ),
        (true, true) => Err(
            "an empty DataSketches KLL image, which does not say its item type: say --format \
             kll-float, kll-double or kll-long"
                .to_string(),
        ),
        // Neither: the reader's own message says what is wrong.
        (false, false) => datasketches_kll::<f64>(bytes)
            .map_err(|e| format!("a corrupt DataSketches KLL image: {e}")),
    }
}
