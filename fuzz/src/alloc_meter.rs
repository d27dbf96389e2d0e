//! A global allocator that measures, per thread, the heap bytes a piece of
//! code holds at its peak: how the `decode_memory` fuzz target and
//! `tests/decode_memory.rs` see a decoder that allocates more than its
//! input justifies.
//!
//! Install it in a binary with
//! `#[global_allocator] static METER: Meter = Meter;`, then call
//! [`peak_bytes`]. The counters are thread-local, so tests running in
//! parallel threads do not see each other's allocations; memory freed on
//! another thread than the one that allocated it is not counted back
//! (measured code must not hand allocations across threads).
//!
//! [`limit_bytes`] also caps what the measured code may hold: an allocation
//! past the cap fails (the process then aborts with Rust's "memory
//! allocation failed" message), so a fuzzer stops at the first input that
//! amplifies instead of taking the machine's memory first.
//!
//! Shared by the fuzz crate and, included by path, by the test binaries.

#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

/// The counting allocator: [`System`], plus per-thread byte counters.
pub struct Meter;

thread_local! {
    /// Bytes this thread holds (allocated minus freed).
    static LIVE: Cell<usize> = const { Cell::new(0) };
    /// The most `LIVE` has been since the measure began.
    static PEAK: Cell<usize> = const { Cell::new(0) };
    /// `LIVE` may not pass this (usize::MAX: no cap).
    static CAP: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// Set by the first allocation through [`Meter`]: a measure taken without
/// it installed would read zero and prove nothing.
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// Counts `size` more bytes for this thread; false if that passes the cap.
fn grow(size: usize) -> bool {
    INSTALLED.store(true, Ordering::Relaxed);
    // `try_with`: a thread being torn down has no counters any more.
    LIVE.try_with(|live| {
        let now = live.get().saturating_add(size);
        if now > CAP.with(Cell::get) {
            return false;
        }
        live.set(now);
        PEAK.with(|peak| peak.set(peak.get().max(now)));
        true
    })
    .unwrap_or(true)
}

fn shrink(size: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(size)));
}

// SAFETY: every method forwards to `System` with the caller's layout and
// pointer unchanged, so `System`'s guarantees are the caller's; the
// counters are thread-local `Cell`s with const initializers and no
// destructors, whose access never allocates, so counting cannot re-enter
// the allocator. A refused allocation returns null, which `GlobalAlloc`
// allows.
unsafe impl GlobalAlloc for Meter {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !grow(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: `layout` is the caller's, valid for `alloc`.
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            shrink(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !grow(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            shrink(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrink(layout.size());
        // SAFETY: `ptr` was allocated by `System` with `layout` (every
        // allocation of this allocator is `System`'s).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() && !grow(new_size - layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: `ptr` and `layout` are the caller's, valid for `realloc`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        match (p.is_null(), new_size > layout.size()) {
            (true, true) => shrink(new_size - layout.size()),
            (false, false) => shrink(layout.size() - new_size),
            _ => {}
        }
        p
    }
}

/// Runs `f` and returns its result and the most heap bytes it held at once
/// on this thread, above what the thread held before (the result's own
/// heap included, if it was still held at the peak).
///
/// # Panics
///
/// If [`Meter`] is not the global allocator of this binary.
pub fn peak_bytes<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let out = f();
    let peak = PEAK.with(Cell::get);
    assert!(
        INSTALLED.load(Ordering::Relaxed),
        "alloc_meter::Meter is not this binary's global allocator: nothing was measured"
    );
    (out, peak - start)
}

/// The heap bytes this thread holds now (compare two readings for what a
/// value built in between holds).
///
/// # Panics
///
/// As [`peak_bytes`].
pub fn live_bytes() -> usize {
    assert!(
        INSTALLED.load(Ordering::Relaxed),
        "alloc_meter::Meter is not this binary's global allocator: nothing was measured"
    );
    LIVE.with(Cell::get)
}

/// [`peak_bytes`], with every allocation that would take this thread past
/// `cap` bytes above its start refused (the process then aborts).
///
/// # Panics
///
/// As [`peak_bytes`].
pub fn limit_bytes<T>(cap: usize, f: impl FnOnce() -> T) -> (T, usize) {
    let start = LIVE.with(Cell::get);
    let old = CAP.with(|c| c.replace(start.saturating_add(cap)));
    let out = peak_bytes(f);
    CAP.with(|c| c.set(old));
    out
}
