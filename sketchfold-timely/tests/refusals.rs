//! A record the aggregator refuses is an error the job reports, never a
//! record lost without a word.

use std::time::Duration;

use sketchfold::algebra::MonoidAggregator;
use sketchfold::quantiles::{Kll, KllParams};
use sketchfold::stream::Windows;
use sketchfold_timely::{PaneInput, SketchWindows};
use timely::dataflow::operators::Probe;
use timely::dataflow::ProbeHandle;

#[test]
fn a_record_the_sketch_refuses_puts_its_error_in_the_slot_and_the_dataflow_ends() {
    let outcome = timely::execute(timely::Config::thread(), |worker| {
        let probe = ProbeHandle::new();
        let (mut input, errors) = worker.dataflow::<u64, _, _>(|scope| {
            let (input, latencies) = PaneInput::new(scope, Duration::from_millis(100)).unwrap();
            let quantiles = MonoidAggregator::new(
                KllParams::new(64).unwrap(),
                |k: &mut Kll<f64>, r: &(u64, f64)| k.insert(r.1),
                |k: &Kll<f64>| k.count(),
            );
            let built = SketchWindows::new(quantiles, |_: &(u64, f64)| 0u8)
                .batch_interval(Duration::from_millis(100))
                .windows(Windows::tumbling(Duration::from_millis(100)))
                .build(latencies)
                .unwrap();
            built.rows.probe_with(&probe);
            (input, built.errors)
        });
        for t in 0..1_000u64 {
            let latency = if t == 500 { f64::NAN } else { t as f64 };
            input.send(t, (t, latency));
            input.advance_to(t);
        }
        input.close();
        while !probe.done() {
            worker.step();
        }
        errors.check()
    })
    .unwrap()
    .join();
    let result = outcome.into_iter().next().unwrap().unwrap();
    let e = result.unwrap_err();
    assert!(e.to_string().contains("NaN"), "{e}");
}
