//! The allocation's hierarchies on the demo data: precinct and offense-category forecasts
//! reconciled with their totals, by every method, add up; bottom-up totals are the base sums.

use crimecast::analysis::ts::reconcile::ReconcileMethod;
use crimecast::data::clean::CleanRules;
use crimecast::data::filter::Filter;
use crimecast::data::time::day_of;
use crimecast::worker::engine::Engine;
use crimecast::worker::messages::{horizon_sums, AllocationSpec};

#[test]
fn precinct_and_category_forecasts_add_up_after_reconciliation() {
    let mut e = Engine::new();
    let rules = CleanRules {
        first_day: day_of(2021, 1, 1).unwrap(),
        ..CleanRules::default()
    };
    e.demo_begin(1, 2016, rules);
    while !e.demo_step(1, 12).unwrap().finished {}
    let job = e
        .allocation(&Filter::default(), &AllocationSpec::default())
        .unwrap();
    let r = job.run_to_end();
    let names: Vec<&str> = r.hierarchies.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["Precincts", "Offense categories"]);
    for h in &r.hierarchies {
        assert_eq!(h.error, None, "{}", h.name);
        assert_eq!(h.reconciled.len(), 3);
        assert_eq!(h.labels.len(), h.base.mean.len());
        assert_eq!(h.forecast_starts.len(), 12);
        let (total, parts) = h.base_sums();
        assert!(total > 0.0 && parts > 0.0);
        for rec in &h.reconciled {
            for k in 0..12 {
                let sum: f64 = rec.mean[1..].iter().map(|s| s[k]).sum();
                assert!((rec.mean[0][k] - sum).abs() <= 1e-9 * sum.abs().max(1.0));
                for i in 0..rec.mean.len() {
                    assert!(rec.lower[i][k] <= rec.mean[i][k] && rec.mean[i][k] <= rec.upper[i][k]);
                }
            }
        }
        let bu = h.by(ReconcileMethod::BottomUp).unwrap();
        assert_eq!(horizon_sums(&bu.mean).0, parts);
        assert!(h.by(ReconcileMethod::MintShrink).unwrap().lambda.is_some());
    }
    // Precincts: one hierarchy part per model; categories: the top 5 and "Other".
    assert_eq!(r.hierarchies[0].labels.len(), r.models.len() + 1);
    assert_eq!(r.hierarchies[1].labels.len(), 7);
    assert!(r.hierarchies[1].labels[6].starts_with("Other"));
}
