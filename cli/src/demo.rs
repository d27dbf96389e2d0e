//! `sketchfold demo`: a synthetic clickstream through the engine.
//!
//! Events are generated from a seeded random generator (SplitMix64, so the
//! same seed gives the same events on every platform): pages by a Zipf law
//! (a few pages take most clicks), users by a flatter Zipf law, latencies
//! log-normal with slower checkout and search pages. Event times run at
//! `--rate` events a second; most events arrive up to 300 ms out of order
//! (within the one second of allowed lateness), and about 0.4% arrive 2.5 to
//! 6 seconds late, after their window has closed, so the late counter moves.
//! Paced, the stream starts now and runs in real time; with `--fast` it
//! starts at 2026-01-01T00:00:00Z and is generated as fast as the engine
//! takes it.

use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sketchfold::stream::source::ChannelSource;

use crate::args::DemoArgs;
use crate::engine::{check_windows, execute, JobSpec};
use crate::fail::Failure;
use crate::record::Record;
use crate::sketches::{Enabled, SketchParams};

/// Where a `--fast` stream starts: 2026-01-01T00:00:00Z.
const FAST_START_MS: u64 = 1_767_225_600_000;

/// Allowed lateness of the demo's event time.
const LATENESS: Duration = Duration::from_secs(1);

/// Pages with names; the others are `/product/N`.
const NAMED_PAGES: [&str; 7] = [
    "/",
    "/search",
    "/cart",
    "/checkout",
    "/login",
    "/account",
    "/help",
];

/// Pages in the site.
const PAGES: usize = 300;

/// Users who click.
const USERS: usize = 20_000;

/// SplitMix64: a small, fast, well-mixed generator.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A standard normal number (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit(); // (0, 1]
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// A Zipf law over ranks `0..n`: rank `r` has weight `1 / (r + 1)^s`.
#[derive(Clone, Debug)]
pub struct Zipf {
    /// The cumulative probability of each rank, ending at 1.
    cdf: Vec<f64>,
}

impl Zipf {
    /// The law over `n` ranks with exponent `s`.
    pub fn new(n: usize, s: f64) -> Zipf {
        let mut total = 0.0;
        let mut cdf: Vec<f64> = (0..n)
            .map(|r| {
                total += 1.0 / ((r + 1) as f64).powf(s);
                total
            })
            .collect();
        for c in &mut cdf {
            *c /= total;
        }
        Zipf { cdf }
    }

    /// A random rank.
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.unit();
        self.cdf
            .partition_point(|&c| c <= u)
            .min(self.cdf.len() - 1)
    }
}

/// The synthetic clickstream.
#[derive(Clone, Debug)]
pub struct Clickstream {
    /// The random generator.
    rng: Rng,
    /// Page popularity.
    pages: Zipf,
    /// User activity.
    users: Zipf,
    /// Event time of the first event.
    start_ms: u64,
    /// Events per second of event time.
    rate: u64,
    /// Events generated so far.
    emitted: u64,
}

impl Clickstream {
    /// Events at `rate` a second of event time from `start_ms`.
    pub fn new(seed: u64, rate: u64, start_ms: u64) -> Clickstream {
        Clickstream {
            rng: Rng::new(seed),
            pages: Zipf::new(PAGES, 1.07),
            users: Zipf::new(USERS, 0.7),
            start_ms,
            rate,
            emitted: 0,
        }
    }

    /// When the next event is due, in milliseconds after the start.
    pub fn due_ms(&self) -> u64 {
        self.emitted * 1000 / self.rate
    }

    /// The next event: on time but up to 300 ms out of order, or rarely
    /// seconds late.
    pub fn next_event(&mut self) -> Record {
        let nominal = self.start_ms + self.due_ms();
        self.emitted += 1;
        let rng = &mut self.rng;
        let delay = if rng.unit() < 0.004 {
            2_500 + (rng.unit() * 3_500.0) as u64
        } else {
            (rng.unit() * 300.0) as u64
        };
        let page = self.pages.sample(rng);
        let user = self.users.sample(rng);
        let page_name = match NAMED_PAGES.get(page) {
            Some(name) => (*name).to_string(),
            None => format!("/product/{page}"),
        };
        let slow = match page_name.as_str() {
            "/checkout" => 3.0,
            "/search" => 1.8,
            _ => 1.0,
        };
        let latency = 40.0 * slow * (0.7 * rng.normal()).exp();
        Record {
            key: String::new(),
            time_ms: nominal.saturating_sub(delay).max(self.start_ms),
            distinct: Some(format!("user-{user}")),
            top: Some(page_name),
            value: Some((latency * 1000.0).round() / 1000.0),
        }
    }
}

/// Runs `sketchfold demo`.
///
/// # Errors
///
/// A usage failure for a window that is not a whole number of
/// milliseconds, a runtime failure if the job stops.
pub fn main(args: &DemoArgs) -> Result<(), Failure> {
    let batch = if args.window.as_millis() % 1000 == 0 {
        Duration::from_secs(1)
    } else {
        args.window
    };
    check_windows(args.window, args.window, batch).map_err(Failure::Usage)?;
    let spec = JobSpec {
        enabled: Enabled {
            distinct: true,
            top_k: Some(5),
            quantiles: true,
        },
        params: SketchParams::default(),
        save_sketches: None,
        keyed: false,
        lateness: Some(LATENESS),
        window: args.window,
        slide: args.window,
        batch,
        // About one second of events a batch, also with --fast, so windows
        // and their late counts come out one after another.
        batch_records: usize::try_from(args.rate).unwrap_or(usize::MAX).max(1),
        partitions: 2,
        max_keys: None,
        checkpoint: None,
        output: args.output,
        progress: false,
    };
    let start_ms = if args.fast {
        FAST_START_MS
    } else {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(FAST_START_MS, |d| d.as_millis() as u64)
    };
    let mut stream = Clickstream::new(args.seed, args.rate, start_ms);
    let total = args.duration.saturating_mul(args.rate);
    let fast = args.fast;
    let (tx, rx) = mpsc::sync_channel(4096);
    let generator = std::thread::Builder::new()
        .name("demo-clickstream".into())
        .spawn(move || {
            let wall_start = Instant::now();
            for _ in 0..total {
                if !fast {
                    let due = wall_start + Duration::from_millis(stream.due_ms());
                    let now = Instant::now();
                    if due > now + Duration::from_millis(5) {
                        std::thread::sleep(due - now);
                    }
                }
                if tx.send(stream.next_event()).is_err() {
                    return;
                }
            }
        })
        .map_err(|e| Failure::runtime(format!("starting the generator: {e}")))?;
    let result = execute(&spec, ChannelSource::new(rx), Ok);
    let _ = generator.join();
    result.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zipf_is_skewed_and_seeded() {
        let zipf = Zipf::new(300, 1.07);
        let mut rng = Rng::new(7);
        let mut counts = vec![0u32; 300];
        for _ in 0..100_000 {
            counts[zipf.sample(&mut rng)] += 1;
        }
        assert!(counts[0] > counts[1] && counts[1] > counts[5] && counts[5] > counts[100]);
        let a: Vec<u64> = (0..5).map(|_| Rng::new(1).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn events_have_late_ones() {
        let mut s = Clickstream::new(42, 2000, FAST_START_MS);
        let events: Vec<Record> = (0..20_000).map(|_| s.next_event()).collect();
        let mut max = 0;
        let mut late = 0;
        for e in &events {
            if e.time_ms + 2_000 < max {
                late += 1;
            }
            max = max.max(e.time_ms);
        }
        assert!((40..=130).contains(&late), "{late} late events");
        assert!(events.iter().all(|e| e.value.is_some_and(|v| v > 0.0)));
    }
}
