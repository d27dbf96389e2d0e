//! The generic aggregate functions: `<family>_agg` builds a sketch from
//! values ([`build`]), `<family>_merge` merges stored sketches
//! ([`merge`]). Both keep the sketch's encoding as their partial state, so
//! DataFusion's final step decodes the partials and merges them with the
//! algebra ([`partial`]). `<family>_agg` also has a
//! [`GroupsAccumulator`](datafusion::logical_expr::GroupsAccumulator)
//! ([`groups`]) for `GROUP BY`s with many groups.

pub(crate) mod build;
mod groups;
pub(crate) mod merge;
mod partial;
