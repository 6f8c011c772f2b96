use super::*;

fn case(origin: usize, actual: &[f64], mean: &[f64], half80: f64, half95: f64) -> HeldOut {
    let band = |level: f64, half: f64| Band {
        level,
        lower: mean.iter().map(|m| m - half).collect(),
        upper: mean.iter().map(|m| m + half).collect(),
    };
    HeldOut {
        origin,
        actual: actual.to_vec(),
        mean: mean.to_vec(),
        bands: vec![band(0.8, half80), band(0.95, half95)],
    }
}

#[test]
fn conformal_quantile_takes_the_finite_sample_rank() {
    // 1..=19 shuffled: at 95 % the rank is ⌈20 · 0.95⌉ = 19, at 80 % ⌈16⌉ = 16.
    let scores: Vec<f64> = (0..19).map(|i| ((i * 7) % 19 + 1) as f64).collect();
    assert_eq!(conformal_quantile(&scores, 0.95), Some(19.0));
    assert_eq!(conformal_quantile(&scores, 0.8), Some(16.0));
    // 9 scores: 80 % takes rank ⌈8⌉ = 8; 95 % would need rank ⌈9.5⌉ = 10 > 9.
    let nine = [3.0, 1.0, 2.0, 9.0, 8.0, 7.0, 4.0, 6.0, 5.0];
    assert_eq!(conformal_quantile(&nine, 0.8), Some(8.0));
    assert_eq!(conformal_quantile(&nine, 0.95), None);
    // 4 scores at 50 %: rank ⌈2.5⌉ = 3.
    assert_eq!(conformal_quantile(&[0.4, 0.1, 0.3, 0.2], 0.5), Some(0.3));
    assert_eq!(conformal_quantile(&[], 0.5), None);
    assert_eq!(conformal_quantile(&[1.0, f64::NAN], 0.5), None);
    assert_eq!(conformal_quantile(&[1.0, 2.0], 1.0), None);
}

#[test]
fn coverage_counts_values_inside_bounds_included() {
    let c = coverage(
        0.8,
        &[1.0, 5.0, 3.0, 10.0],
        &[0.0, 0.0, 3.0, 0.0],
        &[2.0, 4.0, 6.0, 9.0],
    )
    .unwrap();
    assert_eq!((c.inside, c.total), (2, 4));
    assert_eq!(c.fraction(), 0.5);
    assert!(c.below_nominal());
    let full = coverage(0.95, &[1.0], &[1.0], &[1.0]).unwrap();
    assert!(!full.below_nominal() && full.fraction() == 1.0);
    assert!(coverage(0.8, &[1.0], &[0.0, 0.0], &[2.0]).is_err());
    assert!(coverage(0.8, &[f64::NAN], &[0.0], &[2.0]).is_err());
}

#[test]
fn by_horizon_when_every_horizon_has_enough_origins() {
    // 19 origins of two steps: errors i at step 1 and 2i at step 2 (i = 1..=19).
    let cases: Vec<HeldOut> = (1..=19)
        .map(|i| {
            let e = i as f64;
            case(i, &[10.0 + e, 10.0 - 2.0 * e], &[10.0, 10.0], 1.0, 2.0)
        })
        .collect();
    let c95 = Conformal::fit(&cases, 0.95).unwrap();
    assert_eq!(c95.method, ConformalMethod::ByHorizon);
    assert_eq!((c95.widths.clone(), c95.scores), (vec![19.0, 38.0], 19));
    let c80 = Conformal::fit(&cases, 0.8).unwrap();
    assert_eq!(c80.widths, vec![16.0, 32.0]);
    let band = c95.band(&[100.0, 50.0], None).unwrap();
    assert_eq!(
        (band.lower, band.upper),
        (vec![81.0, 12.0], vec![119.0, 88.0])
    );
    assert!(c95.band(&[1.0, 2.0, 3.0], None).is_none());
}

#[test]
fn scaled_when_the_origins_are_too_few_per_horizon() {
    // 3 origins of 3 steps, model half-width 2: the error/half-width ratios are 0.5, 1, 1.5 …
    // 4.5 (9 of them). Per horizon, 3 errors are too few even at 80 % (rank ⌈4 · 0.8⌉ = 4).
    // Pooled: no 95 % band (rank ⌈10 · 0.95⌉ = 10 > 9), and at 80 % rank ⌈8⌉ = 8, the ratio 4.
    let cases: Vec<HeldOut> = (0..3)
        .map(|o| {
            let e: Vec<f64> = (0..3).map(|h| (3 * o + h + 1) as f64).collect();
            let actual: Vec<f64> = e
                .iter()
                .enumerate()
                .map(|(h, e)| if h == 1 { -e } else { *e })
                .collect();
            case(o, &actual, &[0.0; 3], 2.0, 2.0)
        })
        .collect();
    assert!(Conformal::fit(&cases, 0.95).is_none());
    let c80 = Conformal::fit(&cases, 0.8).unwrap();
    assert_eq!(c80.method, ConformalMethod::Scaled);
    assert_eq!((c80.widths.clone(), c80.scores), (vec![4.0], 9));
    // The model band [m − 2, m + 1] stretched 4 times on each side.
    let model = Band {
        level: 0.8,
        lower: vec![8.0],
        upper: vec![11.0],
    };
    let b = c80.band(&[10.0], Some(&model)).unwrap();
    assert_eq!((b.lower, b.upper), (vec![2.0], vec![14.0]));
    assert!(c80.band(&[10.0], None).is_none());
}

#[test]
fn calibration_adds_up_the_counts_over_cases() {
    // Two origins of 2 steps; errors 0.5, 3 and 1.5, 0; 80 % half-width 1, 95 % half-width 2.
    let cases = [
        case(10, &[10.5, 13.0], &[10.0, 10.0], 1.0, 2.0),
        case(12, &[21.5, 20.0], &[20.0, 20.0], 1.0, 2.0),
    ];
    let cal = Calibration::measure(&cases).unwrap();
    let c80 = cal.coverage_at(0.8).unwrap();
    let c95 = cal.coverage_at(0.95).unwrap();
    assert_eq!((c80.inside, c80.total), (2, 4));
    assert_eq!((c95.inside, c95.total), (3, 4));
    // RMSE √((0.25 + 9 + 2.25 + 0) / 4) over the mean 16.25.
    let want = 100.0 * (11.5f64 / 4.0).sqrt() / 16.25;
    assert!((cal.rmse_pct_mean.unwrap() - want).abs() < 1e-12);
    assert_eq!(cal.latest.origin, 12);
    // Scaled errors at 80 %: 0.5, 3, 1.5, 0 → rank ⌈5 · 0.8⌉ = 4 → 3; none at 95 %.
    let conf = cal.conformal_at(0.8).unwrap();
    assert_eq!(
        (conf.method, conf.widths.clone()),
        (ConformalMethod::Scaled, vec![3.0])
    );
    assert!(cal.conformal_at(0.95).is_none());
    assert_eq!(cal.latest_conformal.len(), 1);
    assert_eq!(cal.latest_conformal[0].lower, vec![17.0, 17.0]);
    assert!(Calibration::measure(&[]).is_err());
}
