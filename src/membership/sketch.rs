use super::block::{block_index, Block, Block256, Block512, MAX_BLOCKS, WORD_BITS};
use super::theory::split_block_fpr;
use crate::error::{Error, Result};
use crate::family::Insert;
use crate::hash::{StableHash, DEFAULT_SEED};

/// How a [`BloomFilter`] lays out its bits: blocks of 32-bit words, one
/// bit of every word of one block set per item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Layout {
    /// 256-bit blocks of eight words: eight bits per item, half a cache
    /// line. The default: at 1% it needs 10.5 bits per item where
    /// [`SplitBlock512`](Layout::SplitBlock512) needs 12.5, and it is
    /// faster (see docs/benchmarks.md).
    SplitBlock256,
    /// 512-bit blocks of sixteen words: sixteen bits per item, one cache
    /// line. Smaller than the 256-bit layout only at rates below about
    /// 0.07%, and slower on x86-64 without AVX2.
    SplitBlock512,
}

impl Layout {
    /// The layout [`BloomFilter::new`] uses.
    pub const DEFAULT: Layout = Layout::SplitBlock256;

    /// 32-bit words per block, which is also the number of bits an item
    /// sets.
    pub const fn words(self) -> usize {
        match self {
            Layout::SplitBlock256 => Block256::WORDS,
            Layout::SplitBlock512 => Block512::WORDS,
        }
    }

    /// Bits per block.
    pub const fn block_bits(self) -> usize {
        self.words() * WORD_BITS as usize
    }

    pub(crate) const fn tag(self) -> u8 {
        match self {
            Layout::SplitBlock256 => 0,
            Layout::SplitBlock512 => 1,
        }
    }

    pub(crate) fn from_tag(tag: u8) -> Option<Layout> {
        [Layout::SplitBlock256, Layout::SplitBlock512]
            .into_iter()
            .find(|l| l.tag() == tag)
    }
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "split-block {}", self.block_bits())
    }
}

/// The parameters of a [`BloomFilter`]: layout, block count and seed,
/// what its identity depends on and what two filters must share to merge.
/// Always valid: the constructors check them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BloomParams {
    layout: Layout,
    blocks: usize,
    seed: u64,
}

impl BloomParams {
    /// The smallest filter of the default layout and seed whose
    /// [theoretical rate](BloomParams::theoretical_fpr) after
    /// `expected_items` distinct items is at most `fpr`.
    ///
    /// # Errors
    ///
    /// As [`sized`](Self::sized).
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::membership::BloomParams;
    ///
    /// let p = BloomParams::new(1_000_000, 0.01)?;
    /// assert!(p.theoretical_fpr(1_000_000) <= 0.01);
    /// assert!((p.bits() as f64 / 1e6 - 10.5).abs() < 0.1); // bits per item
    /// # Ok::<(), sketchfold::Error>(())
    /// ```
    pub fn new(expected_items: u64, fpr: f64) -> Result<BloomParams> {
        BloomParams::sized(Layout::DEFAULT, expected_items, fpr)
    }

    /// The smallest filter of `layout` (and the default seed) whose theoretical rate
    /// after `expected_items` distinct items is at most `fpr` (a binary
    /// search over the block count).
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) if
    /// `expected_items` is 0, `fpr` is not in the open interval (0, 1) (NaN
    /// included), or the filter would need more than 2^32 - 1 blocks.
    ///
    /// # Complexity
    ///
    /// About 32 evaluations of the rate, each `O(sqrt(items / blocks))`.
    pub fn sized(layout: Layout, expected_items: u64, fpr: f64) -> Result<BloomParams> {
        if expected_items == 0 {
            return Err(Error::invalid_parameter(
                "expected items",
                0,
                "at least 1 (the number of distinct items the filter is sized for)",
            ));
        }
        if !(fpr > 0.0 && fpr < 1.0) {
            return Err(Error::invalid_parameter(
                "false-positive rate",
                fpr,
                "a number strictly between 0 and 1, for example 0.01",
            ));
        }
        let rate = |blocks: usize| split_block_fpr(expected_items, blocks, layout.words());
        if rate(MAX_BLOCKS) > fpr {
            return Err(Error::invalid_parameter(
                "false-positive rate",
                fpr,
                format!(
                    "a rate that {expected_items} items reach with at most {MAX_BLOCKS} blocks \
                     of the {layout} layout"
                ),
            ));
        }
        let (mut lo, mut hi) = (1usize, MAX_BLOCKS);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if rate(mid) <= fpr {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Ok(BloomParams {
            layout,
            blocks: lo,
            seed: DEFAULT_SEED,
        })
    }

    /// Exactly `blocks` blocks of `layout`, with the default seed.
    ///
    /// # Errors
    ///
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) unless
    /// `blocks` is in `1..=2^32 - 1`.
    pub fn with_blocks(layout: Layout, blocks: usize) -> Result<BloomParams> {
        check_blocks(blocks)?;
        Ok(BloomParams {
            layout,
            blocks,
            seed: DEFAULT_SEED,
        })
    }

    /// The same parameters with another seed. Filters merge only with
    /// filters of the same seed; a secret seed keeps an adversary from
    /// crafting items that fill the filter.
    #[must_use]
    pub fn with_seed(self, seed: u64) -> BloomParams {
        BloomParams { seed, ..self }
    }

    /// The bit layout.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The number of blocks.
    pub fn blocks(&self) -> usize {
        self.blocks
    }

    /// The seed items are hashed with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The number of bits.
    pub fn bits(&self) -> u64 {
        self.blocks as u64 * self.layout.block_bits() as u64
    }

    /// The expected false-positive rate after `items` distinct items, for
    /// a uniform hash: the split-block formula of the
    /// [module docs](super#accuracy), evaluated numerically.
    pub fn theoretical_fpr(&self, items: u64) -> f64 {
        split_block_fpr(items, self.blocks, self.layout.words())
    }
}

pub(crate) fn check_blocks(blocks: usize) -> Result<()> {
    if (1..=MAX_BLOCKS).contains(&blocks) {
        Ok(())
    } else {
        Err(Error::invalid_parameter(
            "block count",
            blocks,
            format!("1..={MAX_BLOCKS}"),
        ))
    }
}

/// The blocks, of one of the two widths.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Blocks {
    B256(Box<[Block256]>),
    B512(Box<[Block512]>),
}

/// Runs `$body` with `$b` bound to the block slice, whatever its width.
macro_rules! with_blocks {
    ($blocks:expr, $b:ident => $body:expr) => {
        match $blocks {
            Blocks::B256($b) => $body,
            Blocks::B512($b) => $body,
        }
    };
}
pub(crate) use with_blocks;

impl Blocks {
    pub(crate) fn zeroed(layout: Layout, blocks: usize) -> Blocks {
        match layout {
            Layout::SplitBlock256 => Blocks::B256(vec![Block256::default(); blocks].into()),
            Layout::SplitBlock512 => Blocks::B512(vec![Block512::default(); blocks].into()),
        }
    }

    pub(crate) fn layout(&self) -> Layout {
        match self {
            Blocks::B256(_) => Layout::SplitBlock256,
            Blocks::B512(_) => Layout::SplitBlock512,
        }
    }

    pub(crate) fn len(&self) -> usize {
        with_blocks!(self, b => b.len())
    }
}

/// Items per chunk in [`BloomFilter::insert_batch`]: the hashes of a chunk
/// are computed first, so the memory accesses of one chunk overlap.
const BATCH: usize = 32;

/// A split-block Bloom filter: "is this item in the set?" answered with no
/// false negatives and a bounded rate of false positives.
///
/// See the [module docs](super) for the layout, accuracy, algebra and
/// encoding.
///
/// # Example
///
/// ```
/// use sketchfold::membership::BloomFilter;
///
/// // Sized for 10,000 items at a 1% false-positive rate.
/// let mut seen = BloomFilter::new(10_000, 0.01);
/// seen.extend(0..10_000u64);
/// assert!((0..10_000u64).all(|i| seen.contains(&i))); // no false negatives
/// let false_positives = (10_000..20_000u64).filter(|i| seen.contains(i)).count();
/// assert!(false_positives < 200, "{false_positives} of 10,000"); // about 1%
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct BloomFilter {
    pub(crate) seed: u64,
    pub(crate) blocks: Blocks,
}

impl BloomFilter {
    /// An empty filter for `expected_items` distinct items at a
    /// false-positive rate of at most `fpr`, with the default layout and
    /// seed.
    ///
    /// # Panics
    ///
    /// On invalid parameters (see [`BloomParams::sized`]);
    /// [`try_new`](Self::try_new) returns an error instead.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut seen = sketchfold::membership::BloomFilter::new(1_000, 0.01);
    /// seen.insert("alice");
    /// assert!(seen.contains("alice"));
    /// ```
    pub fn new(expected_items: u64, fpr: f64) -> BloomFilter {
        match BloomFilter::try_new(expected_items, fpr) {
            Ok(f) => f,
            Err(e) => panic!("{e}"),
        }
    }

    /// An empty filter for `expected_items` at rate `fpr`, default layout
    /// and seed.
    ///
    /// # Errors
    ///
    /// As [`BloomParams::sized`].
    pub fn try_new(expected_items: u64, fpr: f64) -> Result<BloomFilter> {
        Ok(BloomFilter::with_params(BloomParams::new(
            expected_items,
            fpr,
        )?))
    }

    /// An empty filter with `params`.
    ///
    /// # Complexity
    ///
    /// Allocates and zeroes `params.bits() / 8` bytes.
    pub fn with_params(params: BloomParams) -> BloomFilter {
        BloomFilter {
            seed: params.seed,
            blocks: Blocks::zeroed(params.layout, params.blocks),
        }
    }

    /// The filter's parameters.
    pub fn params(&self) -> BloomParams {
        BloomParams {
            layout: self.layout(),
            blocks: self.block_count(),
            seed: self.seed,
        }
    }

    /// The bit layout.
    pub fn layout(&self) -> Layout {
        self.blocks.layout()
    }

    /// The number of blocks.
    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }

    /// The seed items are hashed with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The number of bits.
    pub fn bit_count(&self) -> u64 {
        self.params().bits()
    }

    /// Bytes of heap memory the filter holds: its bits.
    pub fn heap_bytes(&self) -> usize {
        (self.bit_count() / 8) as usize
    }

    /// True if no item was inserted (or merged in): every bit is clear.
    pub fn is_empty(&self) -> bool {
        self.count_ones() == 0
    }

    /// Inserts an item (hashed with the filter's seed).
    #[inline]
    pub fn insert<T: StableHash + ?Sized>(&mut self, item: &T) {
        self.insert_hash(item.stable_hash(self.seed));
    }

    /// Inserts an item by its 64-bit hash (computed with this filter's
    /// seed, or any uniform hash used consistently).
    #[inline]
    pub fn insert_hash(&mut self, hash: u64) {
        self.contains_or_insert_hash(hash);
    }

    /// Inserts an item and tells whether it was probably present already:
    /// true if all its bits were set before (it was inserted, or is a false
    /// positive), false if it certainly was not. One pass over the bits,
    /// cheaper than [`contains`](Self::contains) then
    /// [`insert`](Self::insert).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut seen = sketchfold::membership::BloomFilter::new(1_000, 0.01);
    /// assert!(!seen.contains_or_insert("alice")); // first time
    /// assert!(seen.contains_or_insert("alice")); // seen before
    /// ```
    #[inline]
    pub fn contains_or_insert<T: StableHash + ?Sized>(&mut self, item: &T) -> bool {
        self.contains_or_insert_hash(item.stable_hash(self.seed))
    }

    /// [`contains_or_insert`](Self::contains_or_insert) for an item given
    /// by its 64-bit hash.
    #[inline]
    pub fn contains_or_insert_hash(&mut self, hash: u64) -> bool {
        with_blocks!(&mut self.blocks, b => {
            let i = block_index(hash, b.len());
            b[i].insert(hash as u32)
        })
    }

    /// Inserts every item of `items`. Same result as inserting them one by
    /// one; faster, because hashes are computed a chunk at a time before
    /// the bits of the chunk are set.
    pub fn insert_batch<T: StableHash>(&mut self, items: &[T]) {
        let mut hashes = [0u64; BATCH];
        for chunk in items.chunks(BATCH) {
            for (h, x) in hashes.iter_mut().zip(chunk) {
                *h = x.stable_hash(self.seed);
            }
            self.insert_hashes(&hashes[..chunk.len()]);
        }
    }

    /// Inserts the items of the 64-bit hashes `hashes`.
    pub fn insert_hashes(&mut self, hashes: &[u64]) {
        with_blocks!(&mut self.blocks, b => {
            for &h in hashes {
                let i = block_index(h, b.len());
                b[i].insert(h as u32);
            }
        })
    }

    /// True if the item is probably in the filter, false if it certainly
    /// is not.
    ///
    /// # Examples
    ///
    /// ```
    /// use sketchfold::membership::BloomFilter;
    ///
    /// let mut f = BloomFilter::new(100, 0.001);
    /// f.extend(["a", "b", "c"]);
    /// assert!(f.contains("b"));
    /// assert!(!f.contains("z")); // (wrong with probability about 2 in 10^8 at 3 items)
    /// ```
    #[inline]
    pub fn contains<T: StableHash + ?Sized>(&self, item: &T) -> bool {
        self.contains_hash(item.stable_hash(self.seed))
    }

    /// [`contains`](Self::contains) for an item given by its 64-bit hash.
    #[inline]
    pub fn contains_hash(&self, hash: u64) -> bool {
        with_blocks!(&self.blocks, b => b[block_index(hash, b.len())].contains(hash as u32))
    }

    /// Keeps only the bits set in both filters (bitwise AND).
    ///
    /// The result answers true for every item inserted into both filters
    /// (no false negatives for the intersection), but it is in general not
    /// the filter built from the intersection: a bit set in each filter by
    /// different items stays set, so its false-positive rate can be higher.
    ///
    /// # Errors
    ///
    /// As [`merge`](crate::algebra::Semigroup::merge): a different layout,
    /// block count or seed; `self` is then unchanged.
    pub fn intersect(&mut self, other: &BloomFilter) -> Result<()> {
        self.check_compatible(other)?;
        match (&mut self.blocks, &other.blocks) {
            (Blocks::B256(a), Blocks::B256(b)) => intersect_into(a, b),
            (Blocks::B512(a), Blocks::B512(b)) => intersect_into(a, b),
            _ => unreachable!("check_compatible compares the layouts"),
        }
        Ok(())
    }

    pub(crate) fn check_compatible(&self, other: &BloomFilter) -> Result<()> {
        if self.layout() != other.layout() {
            return Err(Error::incompatible("layout", self.layout(), other.layout()));
        }
        if self.block_count() != other.block_count() {
            return Err(Error::incompatible(
                "block count",
                self.block_count(),
                other.block_count(),
            ));
        }
        if self.seed != other.seed {
            return Err(Error::incompatible("seed", self.seed, other.seed));
        }
        Ok(())
    }

    /// The number of set bits.
    ///
    /// # Complexity
    ///
    /// `O(bits / 64)`: one pass over the filter.
    pub fn count_ones(&self) -> u64 {
        with_blocks!(&self.blocks, b => b
            .iter()
            .flat_map(|blk| blk.words())
            .map(|w| u64::from(w.count_ones()))
            .sum())
    }

    /// An estimate of the number of distinct items inserted (or inserted
    /// into any of the merged filters), from the fraction of set bits.
    ///
    /// An item sets a given bit with probability `1 / (32 B)` for `B`
    /// blocks, so after `n` items the expected fraction of set bits is
    /// `f = 1 - (1 - 1/(32 B))^n`, and the estimate is
    /// `ln(1 - f) / ln(1 - 1/(32 B))` (Swamidass and Baldi's estimator,
    /// per word). `f64::INFINITY` once every bit is set.
    ///
    /// # Complexity
    ///
    /// One pass over the filter, as [`count_ones`](Self::count_ones).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut f = sketchfold::membership::BloomFilter::new(10_000, 0.01);
    /// f.extend(0..5_000u32);
    /// assert!((f.estimate_distinct() - 5_000.0).abs() < 150.0);
    /// ```
    pub fn estimate_distinct(&self) -> f64 {
        let bits = self.bit_count() as f64;
        let ones = self.count_ones() as f64;
        if ones >= bits {
            return f64::INFINITY;
        }
        let positions = self.block_count() as f64 * f64::from(WORD_BITS);
        (-ones / bits).ln_1p() / (-1.0 / positions).ln_1p()
    }

    /// The expected false-positive rate after `items` distinct items (a
    /// property of the parameters; see
    /// [`BloomParams::theoretical_fpr`]).
    pub fn theoretical_fpr(&self, items: u64) -> f64 {
        self.params().theoretical_fpr(items)
    }

    /// The false-positive rate of this filter as it is: the probability
    /// that an item never inserted is reported present, for a uniform
    /// hash, computed exactly from the bits (the mean over blocks of the
    /// product over words of the fraction of set bits).
    ///
    /// # Complexity
    ///
    /// One pass over the filter.
    pub fn current_fpr(&self) -> f64 {
        let blocks = self.block_count() as f64;
        let sum: f64 = with_blocks!(&self.blocks, b => b
            .iter()
            .map(|blk| {
                blk.words()
                    .iter()
                    .map(|w| f64::from(w.count_ones()) / f64::from(WORD_BITS))
                    .product::<f64>()
            })
            .sum());
        sum / blocks
    }

    /// Clears every bit: the empty filter of the same parameters, without
    /// reallocating.
    pub fn clear(&mut self) {
        with_blocks!(&mut self.blocks, b => b.fill(Default::default()));
    }
}

fn intersect_into<B: Block>(dst: &mut [B], src: &[B]) {
    for (d, s) in dst.iter_mut().zip(src) {
        d.intersect(s);
    }
}

pub(crate) fn union_into<B: Block>(dst: &mut [B], src: &[B]) {
    for (d, s) in dst.iter_mut().zip(src) {
        d.union(s);
    }
}

impl<T: StableHash> Extend<T> for BloomFilter {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for x in iter {
            self.insert(&x);
        }
    }
}

/// Never refuses an item.
impl<T: StableHash> Insert<T> for BloomFilter {
    #[inline]
    fn insert(&mut self, item: T) -> Result<()> {
        BloomFilter::insert(self, &item);
        Ok(())
    }
}

impl std::fmt::Debug for BloomFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BloomFilter")
            .field("layout", &self.layout())
            .field("blocks", &self.block_count())
            .field("seed", &self.seed)
            .field("ones", &self.count_ones())
            .finish()
    }
}
