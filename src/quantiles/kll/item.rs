//! The items a [`Kll`](super::Kll) sketch can hold: `f32` and `f64`.

use std::fmt::Debug;

mod private {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// An item type of a [`Kll`](super::Kll) sketch: `f32` or `f64`, the two
/// types of the Apache DataSketches KLL float and double formats.
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
