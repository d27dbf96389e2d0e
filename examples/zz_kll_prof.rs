//! tmp
use sketchfold::quantiles::Kll;
fn main() {
    let n = 1_000_000u64;
    let xs: Vec<f64> = (0..n).map(|i| ((i * 999_983 + 12_345) % n) as f64).collect();
    let mut best = std::time::Duration::MAX;
    let mut r = 0;
    for rep in 0..30 {
        let t = std::time::Instant::now();
        let mut s = Kll::<f64>::with_seed(200, rep).unwrap();
        for &x in &xs { s.insert(x).unwrap(); }
        best = best.min(t.elapsed());
        r += s.retained();
    }
    println!("{:?} best per 1e6 inserts {r}", best);
}
