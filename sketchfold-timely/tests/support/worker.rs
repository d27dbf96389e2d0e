//! The test worker: one process of a timely job over the test click
//! stream, started by `tests/two_processes.rs` (not a user tool).
//!
//! ```text
//! timely-window-worker FAMILY SEED RECORDS [--checkpoint DIR EVERY] [--halt-after PANES] -- TIMELY-ARGS
//! ```
//!
//! `FAMILY` is `exact`, `groups` or `kll`; `TIMELY-ARGS` are timely's
//! (`-w THREADS -n PROCESSES -p INDEX -h HOSTFILE`). It prints
//! `resumed PANE` after a restart, then one line per window row of its
//! workers and `late N`. With `--halt-after PANES` it exits with code 75,
//! without finishing, once the panes up to `PANES` after the first are done.

#[path = "mod.rs"]
mod support;

use std::path::PathBuf;

use support::{clicks, format_row, run, Family, Run, PANE_MS, START_MS};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args.iter().position(|a| a == "--").unwrap_or(args.len());
    let (mine, timely_args) = (&args[..split], args.get(split + 1..).unwrap_or_default());
    let usage = "usage: timely-window-worker FAMILY SEED RECORDS [--checkpoint DIR EVERY] \
                 [--halt-after PANES] -- TIMELY-ARGS";
    let [family, seed, records, options @ ..] = mine else {
        panic!("{usage}");
    };
    let family = Family::parse(family).expect(usage);
    let seed: u64 = seed.parse().expect(usage);
    let records: usize = records.parse().expect(usage);
    let mut settings = Run::default();
    let mut options = options.iter();
    while let Some(option) = options.next() {
        match option.as_str() {
            "--checkpoint" => {
                let dir = PathBuf::from(options.next().expect(usage));
                let every = options.next().and_then(|e| e.parse().ok()).expect(usage);
                settings.checkpoint = Some((dir, every));
            }
            "--halt-after" => {
                let panes: u64 = options.next().and_then(|p| p.parse().ok()).expect(usage);
                settings.halt_after_pane = Some(START_MS / PANE_MS + panes);
            }
            other => panic!("unknown option {other}; {usage}"),
        }
    }
    let program = std::iter::once("timely-window-worker".to_string());
    let config = timely::Config::from_args(program.chain(timely_args.iter().cloned()))
        .unwrap_or_else(|e| panic!("timely arguments: {e}"));
    let out = run(family, config, clicks(seed, records), settings);
    if let Some(pane) = out.resumed_at {
        println!("resumed {pane}");
    }
    for (key, row) in &out.rows {
        println!("{}", format_row(key, row));
    }
    println!("late {}", out.late);
}
