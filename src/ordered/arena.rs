//! The representation: nodes in one arena `Vec`, their forward links and
//! link summaries in two more, addressed by `u32` indices.
//!
//! A node of height `h` owns a block of `h` [`Link`]s (one per level) and a
//! block of `h - 1` summaries (levels `1..h`; the summary of a level-0 link
//! is the value of the node it points to, so it is not stored). The head is
//! not a node: its blocks sit at offset 0 of both vectors, with room for
//! every level. Freed blocks go to a free list per height and are reused;
//! a removed node's slot is filled by the last node (`swap_remove`), so the
//! node arena stays dense.

use crate::algebra::Monoid;
use crate::hash::splitmix;

/// Levels a list can have: with p = 1/4, 2^64 entries need 32.
pub(crate) const MAX_HEIGHT: usize = 32;
/// The index "no node": the end of a level.
pub(crate) const NIL: u32 = u32::MAX;
/// The index of the head.
pub(crate) const HEAD: u32 = u32::MAX - 1;

/// A forward link: the node it points to and how many entries it passes
/// over, the target included (Redis's `span`). A link to [`NIL`] spans the
/// entries up to the end.
///
/// The link also holds a copy of the target's key and the offsets of the
/// target's link and summary blocks, so a search or a summary walk reads
/// only link blocks: one cache miss per step instead of two (the node,
/// then its links).
#[derive(Clone, Debug)]
pub(crate) struct Link<K> {
    pub(crate) next: u32,
    pub(crate) span: u32,
    pub(crate) block: u32,
    pub(crate) sums: u32,
    pub(crate) key: Option<K>,
}

impl<K> Link<K> {
    fn nil(span: u32) -> Link<K> {
        Link {
            next: NIL,
            span,
            block: 0,
            sums: 0,
            key: None,
        }
    }
}

/// The position part of a [`Link`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hop {
    pub(crate) next: u32,
    pub(crate) span: u32,
}

#[derive(Clone, Debug)]
pub(crate) struct Node<K, V> {
    pub(crate) key: K,
    pub(crate) value: V,
    pub(crate) links: u32,
    pub(crate) sums: u32,
    pub(crate) height: u8,
}

/// The seeded level generator: splitmix64, height `1 + ⌊tz / 2⌋` (each
/// level with probability 1/4), capped at [`MAX_HEIGHT`].
#[derive(Clone, Debug)]
pub(crate) struct Levels {
    state: u64,
}

impl Levels {
    pub(crate) fn new(seed: u64) -> Levels {
        Levels { state: seed }
    }

    pub(crate) fn next_height(&mut self) -> usize {
        let z = splitmix::next(&mut self.state);
        (1 + z.trailing_zeros() as usize / 2).min(MAX_HEIGHT)
    }
}

/// The arena: nodes, link blocks, summary blocks, free lists.
#[derive(Clone, Debug)]
pub(crate) struct Arena<K, V> {
    pub(crate) nodes: Vec<Node<K, V>>,
    pub(crate) links: Vec<Link<K>>,
    pub(crate) sums: Vec<V>,
    free: Vec<Vec<(u32, u32)>>,
}

impl<K: Clone, V: Monoid + Clone> Arena<K, V> {
    pub(crate) fn new(identity: &V) -> Arena<K, V> {
        Arena {
            nodes: Vec::new(),
            links: (0..MAX_HEIGHT).map(|_| Link::nil(0)).collect(),
            sums: vec![identity.clone(); MAX_HEIGHT - 1],
            free: vec![Vec::new(); MAX_HEIGHT + 1],
        }
    }

    /// The offset of `x`'s link block.
    #[inline]
    pub(crate) fn link_block(&self, x: u32) -> usize {
        if x == HEAD {
            0
        } else {
            self.nodes[x as usize].links as usize
        }
    }

    #[inline]
    pub(crate) fn link(&self, x: u32, level: usize) -> Hop {
        let link = &self.links[self.link_block(x) + level];
        Hop {
            next: link.next,
            span: link.span,
        }
    }

    /// Points `x`'s link at `level` to `to` (or [`NIL`]) over `span` entries.
    pub(crate) fn set(&mut self, x: u32, level: usize, to: u32, span: u32) {
        let at = self.link_block(x) + level;
        self.links[at] = if to == NIL {
            Link::nil(span)
        } else {
            let node = &self.nodes[to as usize];
            Link {
                next: to,
                span,
                block: node.links,
                sums: node.sums,
                key: Some(node.key.clone()),
            }
        };
    }

    /// Changes the span of `x`'s link at `level` by `delta` (wrapping: the
    /// callers keep spans non-negative).
    pub(crate) fn add_span(&mut self, x: u32, level: usize, delta: i32) {
        let at = self.link_block(x) + level;
        self.links[at].span = self.links[at].span.wrapping_add_signed(delta);
    }

    /// Renames the target of `x`'s link at `level` (the node moved to
    /// arena slot `to`; its key and block are unchanged).
    pub(crate) fn rename_target(&mut self, x: u32, level: usize, to: u32) {
        let at = self.link_block(x) + level;
        self.links[at].next = to;
    }

    #[inline]
    pub(crate) fn height_of(&self, x: u32) -> usize {
        if x == HEAD {
            MAX_HEIGHT
        } else {
            usize::from(self.nodes[x as usize].height)
        }
    }

    fn sum_slot(&self, x: u32, level: usize) -> usize {
        debug_assert!(level >= 1);
        let base = if x == HEAD {
            0
        } else {
            self.nodes[x as usize].sums as usize
        };
        base + level - 1
    }

    /// The merge of the values `x`'s link at `level` passes over; only
    /// meaningful when that link does not point to [`NIL`].
    #[inline]
    pub(crate) fn summary(&self, x: u32, level: usize) -> &V {
        if level == 0 {
            &self.nodes[self.link(x, 0).next as usize].value
        } else {
            &self.sums[self.sum_slot(x, level)]
        }
    }

    /// Recomputes the summary of `x`'s link at `level >= 1` from the
    /// summaries of level `level - 1` (which must be up to date): about
    /// 1/p = 4 merges expected. A link to [`NIL`] keeps no summary.
    pub(crate) fn recompute(&mut self, x: u32, level: usize) -> crate::Result<()> {
        let (block, sums) = if x == HEAD {
            (0, 0)
        } else {
            let node = &self.nodes[x as usize];
            (node.links as usize, node.sums as usize)
        };
        let target = self.links[block + level].next;
        if target == NIL {
            return Ok(());
        }
        let below = level - 1;
        let mut acc = self.summary_at(block, sums, below).clone();
        let mut link = &self.links[block + below];
        while link.next != target {
            acc.merge(self.summary_at(link.block as usize, link.sums as usize, below))?;
            link = &self.links[link.block as usize + below];
        }
        self.sums[sums + level - 1] = acc;
        Ok(())
    }

    /// [`summary`](Arena::summary) of the node whose blocks are at
    /// `block` and `sums`, without reading the node.
    #[inline]
    fn summary_at(&self, block: usize, sums: usize, level: usize) -> &V {
        if level == 0 {
            &self.nodes[self.links[block].next as usize].value
        } else {
            &self.sums[sums + level - 1]
        }
    }

    /// Adds a node of `height` with unset links; returns its index.
    pub(crate) fn alloc(&mut self, key: K, value: V, height: usize, identity: &V) -> u32 {
        let (links, sums) = match self.free[height].pop() {
            Some(blocks) => blocks,
            None => {
                let links = self.links.len() as u32;
                let sums = self.sums.len() as u32;
                self.links.extend((0..height).map(|_| Link::nil(0)));
                self.sums
                    .extend(std::iter::repeat(identity.clone()).take(height - 1));
                (links, sums)
            }
        };
        self.nodes.push(Node {
            key,
            value,
            links,
            sums,
            height: height as u8,
        });
        (self.nodes.len() - 1) as u32
    }

    /// Removes node `x` (already unlinked) from the arena. The last node
    /// moves into slot `x`: the caller redirects the links to it first.
    pub(crate) fn free_node(&mut self, x: u32) -> Node<K, V> {
        let node = self.nodes.swap_remove(x as usize);
        self.free[usize::from(node.height)].push((node.links, node.sums));
        node
    }
}
