use super::{Reader, Writer};
use crate::error::{ErrorKind, Result};

/// The four bytes every sketchfold encoding starts with.
pub const MAGIC: [u8; 4] = *b"SKFD";

/// Which kind of value an encoding holds (byte 4 of the [`Header`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Family {
    /// [`HyperLogLog`](crate::cardinality::HyperLogLog): distinct counting.
    HyperLogLog,
    /// Count-Min: frequency estimation (`frequency::CountMin`).
    CountMin,
    /// Count-Min heavy hitters (`frequency::TopK`).
    TopK,
    /// SpaceSaving heavy hitters (`frequency::SpaceSaving`).
    SpaceSaving,
    /// Split-block Bloom filter: membership (`membership::BloomFilter`).
    BloomFilter,
    /// KLL quantiles (`quantiles::Kll`).
    Kll,
    /// DDSketch relative-accuracy quantiles (`quantiles::DdSketch`).
    DdSketch,
    /// MinHash signatures: similarity (`similarity::MinHash`).
    MinHash,
    /// Monoid-augmented skip list (`ordered::SkipList`).
    SkipList,
}

impl Family {
    /// Every family, in tag order.
    pub const ALL: [Family; 9] = [
        Family::HyperLogLog,
        Family::CountMin,
        Family::TopK,
        Family::SpaceSaving,
        Family::BloomFilter,
        Family::Kll,
        Family::DdSketch,
        Family::MinHash,
        Family::SkipList,
    ];

    /// The tag byte written for this family.
    pub const fn tag(self) -> u8 {
        match self {
            Family::HyperLogLog => 1,
            Family::CountMin => 2,
            Family::TopK => 3,
            Family::SpaceSaving => 4,
            Family::BloomFilter => 5,
            Family::Kll => 6,
            Family::DdSketch => 7,
            Family::MinHash => 8,
            Family::SkipList => 9,
        }
    }

    /// The family's name, as error messages show it.
    pub const fn name(self) -> &'static str {
        match self {
            Family::HyperLogLog => "HyperLogLog",
            Family::CountMin => "Count-Min",
            Family::TopK => "TopK",
            Family::SpaceSaving => "SpaceSaving",
            Family::BloomFilter => "Bloom filter",
            Family::Kll => "KLL",
            Family::DdSketch => "DDSketch",
            Family::MinHash => "MinHash",
            Family::SkipList => "skip list",
        }
    }

    fn from_tag(tag: u8) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.tag() == tag)
    }
}

/// The header of an encoded value: its family and format version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// The family of the encoded value.
    pub family: Family,
    /// The family's format version.
    pub version: u8,
}

impl Header {
    /// Writes the header.
    pub fn write(self, w: &mut Writer) {
        w.bytes(&MAGIC);
        w.u8(self.family.tag());
        w.u8(self.version);
    }

    /// Reads a header and checks it names `family` with a version in
    /// `supported` (inclusive range given as a display string for errors).
    ///
    /// # Errors
    ///
    /// Too-short input, a wrong magic or family, or a version outside
    /// `min_version..=max_version`.
    pub fn read_expecting(
        r: &mut Reader<'_>,
        family: Family,
        min_version: u8,
        max_version: u8,
        supported: &'static str,
    ) -> Result<u8> {
        let magic = r.bytes(4, "magic")?;
        if magic != MAGIC {
            return Err(ErrorKind::WrongFamily {
                expected: format!("a sketchfold {}", family.name()),
                found: format!("bytes {magic:02x?} where the magic \"SKFD\" belongs"),
            }
            .into());
        }
        let tag = r.u8("family tag")?;
        match Family::from_tag(tag) {
            Some(f) if f == family => {}
            Some(f) => {
                return Err(ErrorKind::WrongFamily {
                    expected: family.name().to_string(),
                    found: f.name().to_string(),
                }
                .into())
            }
            None => {
                return Err(ErrorKind::WrongFamily {
                    expected: family.name().to_string(),
                    found: format!("unknown family tag {tag}"),
                }
                .into())
            }
        }
        let version = r.u8("format version")?;
        if !(min_version..=max_version).contains(&version) {
            return Err(ErrorKind::UnsupportedVersion {
                family: family.name(),
                found: u32::from(version),
                supported,
            }
            .into());
        }
        Ok(version)
    }
}
