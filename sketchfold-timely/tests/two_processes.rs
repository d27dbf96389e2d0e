//! Two real OS processes, one timely worker each, talking over 127.0.0.1:
//! their windows are the sequential fold's (bit for bit for the exact
//! families; for KLL, bit for bit those of two workers in one process,
//! which `tests/windows.rs` checks against the exact ranks), and a job
//! killed mid-stream resumes from its checkpoints.
//!
//! The processes are the `timely-window-worker` binary. Every test picks
//! free ports, and kills and reaps its processes when it ends, also when it
//! fails; a job that takes longer than [`TIMEOUT`] is killed and fails.

mod support;

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use support::{
    clicks, exact, groups, parse_output, run, sequential, Family, Outcome, Run, HALT_CODE, PANE_MS,
};

const WORKER: &str = env!("CARGO_BIN_EXE_timely-window-worker");
const RECORDS: usize = 6_000;
const TIMEOUT: Duration = Duration::from_secs(120);

/// One started process, its output read on threads (so a full pipe never
/// blocks it).
struct Process {
    child: Child,
    stdout: Option<JoinHandle<String>>,
    stderr: Option<JoinHandle<String>>,
}

/// The processes of one job; dropping it kills and reaps every one left.
struct Job {
    processes: Vec<Process>,
}

impl Drop for Job {
    fn drop(&mut self) {
        for p in &mut self.processes {
            let _ = p.child.kill();
            let _ = p.child.wait();
        }
    }
}

fn reader(mut pipe: impl Read + Send + 'static) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut s = String::new();
        let _ = pipe.read_to_string(&mut s);
        s
    })
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sketchfold-timely-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `n` ports free on 127.0.0.1 now (held together, so they differ).
fn free_ports(n: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}

/// Starts a job of two processes with `args` (before timely's).
fn start(dir: &Path, args: &[String]) -> Job {
    let hostfile = dir.join("hosts.txt");
    let hosts: Vec<String> = free_ports(2)
        .iter()
        .map(|p| format!("127.0.0.1:{p}"))
        .collect();
    std::fs::write(&hostfile, hosts.join("\n") + "\n").unwrap();
    let processes = (0..2)
        .map(|index| {
            let mut child = Command::new(WORKER)
                .args(args)
                .args(["--", "-n", "2", "-p", &index.to_string(), "-h"])
                .arg(&hostfile)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            Process {
                stdout: Some(reader(child.stdout.take().unwrap())),
                stderr: Some(reader(child.stderr.take().unwrap())),
                child,
            }
        })
        .collect();
    Job { processes }
}

/// Waits until every process has exited, or until one exited with `stop`
/// (then the others are killed); kills all and fails after [`TIMEOUT`].
/// Returns each process's status (`None` if killed), stdout and stderr.
fn finish(mut job: Job, stop: Option<i32>) -> Vec<(Option<ExitStatus>, String, String)> {
    let deadline = Instant::now() + TIMEOUT;
    let mut statuses: Vec<Option<ExitStatus>> = vec![None; job.processes.len()];
    loop {
        for (p, status) in job.processes.iter_mut().zip(&mut statuses) {
            if status.is_none() {
                *status = p.child.try_wait().unwrap();
            }
        }
        let stopped = stop.is_some() && statuses.iter().flatten().any(|s| s.code() == stop);
        if stopped || statuses.iter().all(Option::is_some) {
            break;
        }
        if Instant::now() > deadline {
            drop(job);
            panic!("the two-process job did not finish within {TIMEOUT:?}; killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    for p in &mut job.processes {
        let _ = p.child.kill();
        let _ = p.child.wait();
    }
    job.processes
        .iter_mut()
        .zip(statuses)
        .map(|(p, status)| {
            let out = p.stdout.take().unwrap().join().unwrap();
            let err = p.stderr.take().unwrap().join().unwrap();
            (status, out, err)
        })
        .collect()
}

/// Runs a job to its end; every process must succeed. The rows of both.
fn run_two_processes(dir: &Path, args: &[String]) -> Outcome {
    let mut all = Outcome::default();
    for (i, (status, out, err)) in finish(start(dir, args), None).into_iter().enumerate() {
        assert!(
            status.is_some_and(|s| s.success()),
            "process {i} failed ({status:?}):\n{err}"
        );
        let part = parse_output(&out);
        for (k, row) in part.rows {
            assert!(
                all.rows.insert(k, row).is_none(),
                "window {k:?} emitted by both processes"
            );
        }
        all.late += part.late;
        if all.resumed_at.is_none() {
            all.resumed_at = part.resumed_at;
        }
        assert_eq!(
            all.resumed_at, part.resumed_at,
            "both processes resume from the same pane"
        );
    }
    all
}

fn args(family: Family, seed: u64, extra: &[&str]) -> Vec<String> {
    let mut v = vec![
        family.name().to_string(),
        seed.to_string(),
        RECORDS.to_string(),
    ];
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

#[test]
fn two_processes_on_loopback_give_the_sequential_folds_windows_bit_for_bit() {
    let dir = scratch("two-processes");
    for (family, want) in [
        (Family::Exact, sequential(&exact(), &clicks(11, RECORDS))),
        (Family::Groups, sequential(&groups(), &clicks(11, RECORDS))),
    ] {
        let got = run_two_processes(&dir, &args(family, 11, &[]));
        assert_eq!(got.late, 0);
        assert!(!want.is_empty());
        assert_eq!(
            got.rows.len(),
            want.len(),
            "{family:?}: the same windows and pages"
        );
        for (k, row) in &want {
            assert!(
                got.rows.get(k) == Some(row),
                "{family:?}: window {k:?} differs"
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn two_processes_give_kll_windows_bit_for_bit_equal_to_two_workers_in_one_process() {
    let dir = scratch("two-processes-kll");
    let got = run_two_processes(&dir, &args(Family::Kll, 12, &[]));
    let threads = run(
        Family::Kll,
        timely::Config::process(2),
        clicks(12, RECORDS),
        Run::default(),
    );
    assert!(!threads.rows.is_empty());
    assert_eq!(got.rows.len(), threads.rows.len());
    assert!(
        got.rows == threads.rows,
        "the same merges in the same order, whatever the transport"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_two_process_job_killed_mid_stream_resumes_from_its_checkpoints() {
    for family in [Family::Exact, Family::Groups] {
        let dir = scratch(&format!("restart-{}", family.name()));
        let checkpoints = dir.join("checkpoints");
        let ckpt = checkpoints.to_str().unwrap();
        let want = sequential(&exact(), &clicks(13, RECORDS));
        let want = match family {
            Family::Groups => sequential(&groups(), &clicks(13, RECORDS)),
            _ => want,
        };

        // First run: checkpoints every 4 panes; one process halts once the
        // panes up to the 30th are done, the other is killed.
        let first = finish(
            start(
                &dir,
                &args(
                    family,
                    13,
                    &["--checkpoint", ckpt, "4", "--halt-after", "30"],
                ),
            ),
            Some(HALT_CODE),
        );
        assert!(
            first
                .iter()
                .any(|(s, _, _)| s.and_then(|s| s.code()) == Some(HALT_CODE)),
            "a process halted: {:?}",
            first.iter().map(|(s, _, e)| (s, e)).collect::<Vec<_>>()
        );

        // Second run over the same directory: it resumes, and emits every
        // window that ends at or after the resumed pane exactly as the
        // sequential fold has it, and no earlier one.
        let second = run_two_processes(&dir, &args(family, 13, &["--checkpoint", ckpt, "4"]));
        let resumed = second
            .resumed_at
            .expect("the job resumed from a checkpoint");
        let first_pane = clicks(13, RECORDS)
            .iter()
            .map(|c| c.time_ms / PANE_MS)
            .min()
            .unwrap();
        assert!(
            resumed > first_pane + 8,
            "resumed at pane {resumed}, {} after the first",
            resumed - first_pane
        );
        assert_eq!(resumed % 4, 0, "a checkpoint boundary");
        let after: Vec<_> = want
            .iter()
            .filter(|((_, end, _), _)| end / PANE_MS > resumed)
            .collect();
        assert!(!after.is_empty() && after.len() < want.len());
        assert_eq!(
            second.rows.len(),
            after.len(),
            "{family:?}: windows after the resumed pane"
        );
        for (k, row) in after {
            assert!(
                second.rows.get(k) == Some(row),
                "{family:?}: window {k:?} after the restart differs"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
