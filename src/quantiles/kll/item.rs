//! The items a [`Kll`](super::Kll) sketch can hold: `f32`, `f64` and
//! `i64`.

use std::fmt::Debug;

mod private {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
    impl Sealed for i64 {}
}

/// An item type of a [`Kll`](super::Kll) sketch: `f32`, `f64` or `i64`,
/// the types of the Apache DataSketches KLL float, double and long formats
/// (`KllFloatsSketch`, `KllDoublesSketch`, `KllLongsSketch`; Spark SQL's
/// `kll_sketch_agg_float`, `_double` and `_bigint`).
///
/// NaN has no place in an order, so a sketch refuses it
/// ([`Kll::insert`](super::Kll::insert)); every other value, infinities
/// included, is ordered by `<` (so `-0.0` and `0.0` rank as equal, as in
/// DataSketches). The trait is sealed.
pub trait KllItem:
    private::Sealed + Copy + Default + PartialOrd + Debug + Send + Sync + 'static
{
    /// Bytes per item in the DataSketches image (4 for `f32`, 8 for `f64`).
    const WIDTH: usize;
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The item type's code in sketchfold's own encoding: the width for
    /// the floating-point types (4, 8), 0x88 for `i64`.
    const CODE: u8;
    /// True for NaN.
    fn is_nan(self) -> bool;
    /// Sorts `items` ascending (NaN never occurs).
    fn sort(items: &mut [Self]);
    /// Appends the little-endian bytes.
    fn write_le(self, out: &mut Vec<u8>);
    /// Reads the item from exactly [`WIDTH`](KllItem::WIDTH) little-endian bytes.
    fn read_le(bytes: &[u8]) -> Self;
}

macro_rules! float_item {
    ($t:ty, $w:expr) => {
        impl KllItem for $t {
            const WIDTH: usize = $w;
            const NAME: &'static str = stringify!($t);
            const CODE: u8 = $w;
            #[inline]
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            fn sort(items: &mut [Self]) {
                items.sort_unstable_by(<$t>::total_cmp);
            }
            fn write_le(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn read_le(bytes: &[u8]) -> Self {
                let mut b = [0u8; $w];
                b.copy_from_slice(&bytes[..$w]);
                <$t>::from_le_bytes(b)
            }
        }
    };
}

float_item!(f32, 4);
float_item!(f64, 8);

impl KllItem for i64 {
    const WIDTH: usize = 8;
    const NAME: &'static str = "i64";
    const CODE: u8 = 0x88;
    #[inline]
    fn is_nan(self) -> bool {
        false
    }
    fn sort(items: &mut [Self]) {
        items.sort_unstable();
    }
    fn write_le(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn read_le(bytes: &[u8]) -> Self {
        let mut b = [0u8; 8];
        b.copy_from_slice(&bytes[..8]);
        i64::from_le_bytes(b)
    }
}
