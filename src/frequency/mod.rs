//! How often does an item occur, and which items occur most?
//! [`CountMin`] estimates every item's count in a fixed table of counters;
//! [`TopK`] adds the `k` heaviest candidates on top of one;
//! [`SpaceSaving`] keeps the heavy hitters of a stream in `k` counters, with
//! a guaranteed interval for each count (at most `n / k` wide) that survives
//! merges (its own docs give its accuracy, memory, algebra and encoding).
//!
//! # Overview
//!
//! A [`CountMin`] holds `depth` rows of `width` signed 64-bit counters, in
//! one contiguous allocation, row `r` at offset `r * width`. An item is
//! hashed once (seeded XXH3-64, [`StableHash`](crate::hash::StableHash));
//! its column in row `r` is `(h * M[r]) >> (64 - log2 width)`, a
//! multiply-shift remix of the one hash with a fixed odd constant per row.
//! The width is a power of two, so no division is needed, and each row's
//! column depends on all 64 bits of `h` (double hashing, `h1 + r * h2`,
//! would be as cheap, but two items that collide in two rows then collide
//! in every row). An insert adds its weight to one counter per row; the
//! estimate is the smallest of the item's counters.
//! [`insert_hash`](CountMin::insert_hash) takes pre-hashed items.
//!
//! With [conservative update](ConservativeCountMin) an insert raises only
//! the counters below `estimate + weight`, to that value.
//!
//! A [`TopK`] (Algebird's TopCMS) is a standard [`CountMin`] of every item
//! plus at most `k` candidates, the items with the largest estimates, each
//! with the estimate recorded at its last insert. An inserted item that is
//! not a candidate replaces the worst candidate when its fresh estimate
//! outranks the worst's recorded count. Ranks break ties deterministically:
//! larger count, then smaller item hash, then smaller item encoding, so no
//! result depends on a hash map's order. [`TopK::top`] reports candidates
//! with their current estimates.
//!
//! # Accuracy
//!
//! For non-negative true counts, the estimate `est(x)` of an item with true
//! count `f(x)` and total weight `N` satisfies `est(x) >= f(x)` always, and
//! `est(x) <= f(x) + epsilon * N` with probability at least `1 - delta`,
//! with `epsilon = e / width` and `delta = e^-depth`
//! ([`CountMinParams::new`] picks the smallest sketch for given
//! bounds; [`CountMin::bounds`] gives the interval). The inner product
//! ([`CountMin::inner_product`], the size of an equi-join) is at least the
//! true `sum f(x) g(x)` and at most `epsilon * N_f * N_g` above it with the
//! same probability. `tests/count_min.rs` counts the items whose error
//! passes `epsilon * N` over seeded Zipf streams and checks the rate
//! against `delta` with a binomial margin. Conservative update never gives
//! a larger estimate than standard update on the same input.
//!
//! # Memory
//!
//! `8 * width * depth` bytes of counters (2 MiB at width 2^16, depth 4),
//! plus 8 bytes a row. 64-bit counters cost memory, but make overflow a
//! non-issue in practice and let a sketch hold the negative counts of a
//! group. A [`TopK`] adds a hash-map entry per candidate.
//!
//! # Overflow
//!
//! Counters never wrap and never saturate silently. Each row keeps its
//! absolute mass (the sum of `|counter|`, a function of the counters, so
//! equal sketches stay equal), which bounds every counter of the row. An
//! insert, merge or subtract whose result would put the total or some
//! row's absolute mass past `i64::MAX` is refused with
//! [`InvalidParameter`](crate::ErrorKind::InvalidParameter) and changes
//! nothing; whatever fits is accepted. So every counter stays within
//! `±i64::MAX` (and [`negate`](crate::algebra::Group::negate) is exact).
//! The check costs O(depth) (the masses plus the weight, or the two masses,
//! stay below the limit); only near the limit does it look at the counters
//! (the item's, or all of them for a merge). With non-negative weights a
//! row's mass is the total weight, so a sketch holds up to `i64::MAX`
//! (about 9.2 * 10^18) insertions; `tests/count_min.rs` drives counters to
//! the limit with large weights.
//!
//! # Algebra
//!
//! - [`CountMin`] (standard update) is an **exact commutative group**:
//!   merge adds the counters, so `sketch(a) ⊕ sketch(b) == sketch(a ++ b)`
//!   bit for bit; [`subtract`](crate::algebra::Group::subtract) removes a
//!   sketch merged in before exactly, `(a ⊕ b) ⊖ b == a` (O(1) eviction of
//!   a pane from a sliding window), and [`negate`](crate::algebra::Group::negate)
//!   gives the inverse, with negative counts. Within the overflow rule above
//!   every law holds exactly; near `i64::MAX` a merge is refused rather than
//!   wrong. Sketches of a different width, depth or seed refuse to merge.
//!   [`merge_all`](crate::algebra::Semigroup::merge_all) adds all sources in
//!   one pass over the destination, in cache-sized blocks, and equals the
//!   fold of single merges (near the limit it folds on a copy, so that a
//!   refused merge changes nothing).
//! - [`ConservativeCountMin`] (`CountMin<Conservative>`) merges by adding
//!   counters too, an exact commutative monoid on the counters. But
//!   conservative counters are not linear in the input, so the merge of
//!   conservative sketches of `a` and `b` is **not** the conservative
//!   sketch of `a ++ b`. What holds, for every item `x` and any merge tree
//!   of conservative sketches of the parts of a stream `s`: every merged
//!   counter is at most the counter of the standard sketch of `s`, so
//!   `f(x) <= est_merged(x) <= est_standard(s)(x)`, and the `epsilon * N`
//!   bound still holds with probability `1 - delta`. (Each conservative
//!   counter is at most the standard one of the same input, and each
//!   conservative estimate is at least the true count; both survive
//!   addition.) It is not a group: it implements no subtraction, and a
//!   conservative and a standard sketch are different types, so merging
//!   them does not compile and the bytes of one do not decode as the other.
//! - [`TopK`] is a commutative monoid. Merge merges the Count-Mins, takes
//!   the union of both candidate sets, ranks it by the merged estimates and
//!   keeps the best `k`, with the merged estimates as recorded counts. A
//!   merge with an empty sketch changes nothing. What holds **exactly**:
//!   the Count-Min part is the exact monoid above (`count_min()` of any
//!   merge tree is the Count-Min of the whole stream), merge is
//!   commutative, the identity laws hold, after a merge every recorded
//!   count equals the merged estimate, and every count [`TopK::top`]
//!   reports equals [`TopK::estimate`]. The number of candidates is
//!   `min(k, distinct items)` whatever the grouping. When the stream holds
//!   at most `k` distinct items, every item stays a candidate and merge is
//!   exactly associative too. What holds **only up to the candidate set**:
//!   associativity and `sketch(a) ⊕ sketch(b) == sketch(a ++ b)` in
//!   general, because an item that fell out of one side's candidates cannot
//!   come back, and a sketch built by inserts records counts from insert
//!   time while a merge records fresh ones. `tests/laws.rs` checks these
//!   laws with an equivalence that compares `k`, the Count-Min and the
//!   candidate count.
//!
//! # Encoding
//!
//! [`Codec`](crate::codec::Codec): sketchfold's versioned format (see
//! `count_min/codec.rs` and `top_k/codec.rs`: header, width, depth, rule,
//! seed, total, counters; for TopK also `k` and the candidates in rank
//! order, items written with [`ItemCodec`](crate::codec::ItemCodec)).
//! Decoding validates every field (the overflow invariants, rows that sum
//! to the total, canonical candidate order) and never panics nor allocates
//! more than the input's length justifies. With the `serde` feature a
//! sketch serializes as those bytes (a base64 string in human-readable
//! formats such as JSON, raw bytes in binary ones; see
//! `codec::serde_form`). `CountMin` has a default type parameter, which
//! expression paths do not apply: name the type to decode,
//! `<CountMin>::decode(&bytes)` or `let cm: CountMin =
//! Codec::decode(&bytes)?` (and `ConservativeCountMin::decode`).
//! Conservative sketches are built with [`CountMin::conservative`].
//!
//! # Example
//!
//! ```
//! use sketchfold::algebra::{Group, Semigroup};
//! use sketchfold::frequency::{CountMin, TopK};
//!
//! // One sketch per minute; a window is their sum, and the minute that
//! // leaves the window is subtracted again.
//! let mut minute_1 = CountMin::new(0.001, 0.01);
//! let mut minute_2 = minute_1.clone();
//! minute_1.insert_weighted("GET /", 40)?;
//! minute_2.insert_weighted("GET /", 2)?;
//! minute_2.insert_weighted("POST /login", 7)?;
//! let mut window = minute_1.clone();
//! window.merge(&minute_2)?;
//! assert_eq!(window.estimate("GET /"), 42);
//! window.subtract(&minute_1)?;
//! assert_eq!(window, minute_2);
//!
//! // Heavy hitters of two partitions.
//! let mut left = TopK::<String>::new(1, 0.003, 0.02);
//! let mut right = left.clone();
//! left.insert_weighted("cat", 5)?;
//! left.insert_weighted("dog", 4)?;
//! right.insert_weighted("dog", 3)?;
//! left.merge(&right)?;
//! assert_eq!(left.top(), [("dog".to_string(), 7)]);
//! # Ok::<(), sketchfold::Error>(())
//! ```

mod count_min;
mod space_saving;
mod top_k;

pub use count_min::{
    Conservative, ConservativeCountMin, CountMin, CountMinParams, Standard, UpdateRule, MAX_DEPTH,
    MAX_LOG2_WIDTH, MIN_LOG2_WIDTH,
};
pub use space_saving::{SpaceSaving, SpaceSavingParams};
pub use top_k::{TopK, TopKItem, TopKParams, MAX_K};
