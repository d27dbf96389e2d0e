//! Derives of sketchfold's algebra for structs whose fields are sketches
//! (or any semigroups and monoids): a user's composite aggregate merges,
//! in one call, as a tuple of its fields does.
//!
//! | derive | writes | needs of every field |
//! | --- | --- | --- |
//! | `Semigroup` | `merge` (every field checked before any is merged, so a refused merge leaves the value unchanged), `check_merge`, `merge_all` (each field's own batch merge) | `Semigroup` |
//! | `Monoid` | a `{Name}Params` struct, one field per field holding that field's `Params` (with `Clone` and `Debug`), and `empty`, `params`, `is_empty` | `Monoid` |
//! | `Group` | `negate`, `subtract` (checked first, as `merge`) | `Group` |
//! | `Commutative`, `Idempotent` | the marker | the marker |
//!
//! A derive whose field lacks the trait fails to compile, pointing at that
//! field: an `Idempotent` struct cannot hold a Count-Min. Use it through
//! sketchfold's `derive` feature (`sketchfold::algebra` and
//! `sketchfold::prelude` re-export the macros next to the traits of the
//! same names) or depend on this crate directly. `#[sketchfold(params =
//! Name)]` on the struct names the parameters struct.
//!
//! Structs with named fields, tuple structs and unit structs are accepted,
//! generic ones too (each field type gets the trait as a bound); enums and
//! unions are refused with an error.
//!
//! `merge_all` checks every value against `self` field by field before
//! anything changes, like the trait's default; a count overflow that only
//! the whole batch reaches (past `2^63` in a counting field) is found by
//! that field's own `merge_all`, after the fields before it were merged.
//!
//! # Example
//!
//! ```
//! // With `sketchfold = { features = ["derive"] }`: traits, derives and
//! // sketch types in one import.
//! use sketchfold::prelude::*;
//!
//! #[derive(Clone, Debug, PartialEq, Semigroup, Monoid)]
//! struct WordStats {
//!     words: u64,
//!     distinct: HyperLogLog,
//!     counts: CountMin,
//! }
//!
//! let params = WordStatsParams {
//!     words: (),
//!     distinct: HllParams::new(12)?,
//!     counts: CountMinParams::new(0.001, 0.01)?,
//! };
//! let mut left = WordStats::empty(&params);
//! let mut right = WordStats::empty(&params);
//! for (part, text) in [(&mut left, "a b a"), (&mut right, "b c")] {
//!     for word in text.split(' ') {
//!         part.words += 1;
//!         part.distinct.insert(word);
//!         part.counts.insert(word)?;
//!     }
//! }
//! left.merge(&right)?; // every field, in one call
//! assert_eq!(left.words, 5);
//! assert_eq!(left.distinct.estimate().round(), 3.0);
//! assert_eq!(left.counts.estimate("b"), 2);
//! # Ok::<(), sketchfold::Error>(())
//! ```

mod expand;
mod model;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

use model::Model;

/// Runs `expand` on the parsed struct, or returns the parse error.
fn derive(
    input: TokenStream,
    name: &str,
    expand: impl Fn(&Model) -> proc_macro2::TokenStream,
) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match Model::parse(input, name) {
        Ok(model) => expand(&model).into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// `impl sketchfold::algebra::Semigroup`, member-wise; see the
/// [crate docs](crate).
#[proc_macro_derive(Semigroup, attributes(sketchfold))]
pub fn derive_semigroup(input: TokenStream) -> TokenStream {
    derive(input, "Semigroup", expand::semigroup)
}

/// `impl sketchfold::algebra::Monoid` and its `{Name}Params` struct; see
/// the [crate docs](crate).
#[proc_macro_derive(Monoid, attributes(sketchfold))]
pub fn derive_monoid(input: TokenStream) -> TokenStream {
    derive(input, "Monoid", expand::monoid)
}

/// `impl sketchfold::algebra::Group`, member-wise; see the
/// [crate docs](crate).
#[proc_macro_derive(Group, attributes(sketchfold))]
pub fn derive_group(input: TokenStream) -> TokenStream {
    derive(input, "Group", expand::group)
}

/// `impl sketchfold::algebra::Commutative` when every field is.
#[proc_macro_derive(Commutative, attributes(sketchfold))]
pub fn derive_commutative(input: TokenStream) -> TokenStream {
    derive(input, "Commutative", |m| expand::marker(m, "Commutative"))
}

/// `impl sketchfold::algebra::Idempotent` when every field is.
#[proc_macro_derive(Idempotent, attributes(sketchfold))]
pub fn derive_idempotent(input: TokenStream) -> TokenStream {
    derive(input, "Idempotent", |m| expand::marker(m, "Idempotent"))
}
