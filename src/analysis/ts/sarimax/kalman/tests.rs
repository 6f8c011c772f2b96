//! Tests of the Kalman filter.

use super::super::params::{SarimaxParams, SarimaxValidParams, Trend};
use super::super::statespace::DIFFUSE_VARIANCE;
use super::*;
use crate::analysis::ParamGuard;

/// 60 seasonal monthly values with a drift.
fn series() -> Vec<f64> {
    let mut noise = crate::analysis::ts::test_noise(7);
    (0..60)
        .map(|t| {
            let e = noise();
            100.0 + 0.8 * t as f64 + 12.0 * (t as f64 * std::f64::consts::FRAC_PI_6).sin() + 5.0 * e
        })
        .collect()
}

fn spec() -> SarimaxValidParams {
    SarimaxParams::new([1, 1, 1])
        .seasonal(1, 1, 1, 12)
        .trend(Trend::T)
        .check()
        .unwrap()
}

fn system(params: &[f64]) -> StateSpace {
    let spec = spec();
    StateSpace::new(&spec, &spec.layout(0), params, DIFFUSE_VARIANCE).unwrap()
}

fn bits(r: &Result<f64>) -> u64 {
    r.as_ref().expect("the filter runs").to_bits()
}

#[test]
fn lanes_equal_single_systems_bitwise() {
    let y = series();
    let a = system(&[0.01, 0.4, -0.3, 0.2, -0.5, 20.0]);
    let b = system(&[0.02, -0.6, 0.5, -0.3, 0.1, 9.0]);
    let burn = spec().k_states_diff();
    let mut ws2 = Workspace::<2>::new(a.n);
    let [la, lb] = filter_lanes([&a, &b], &y, &[], burn, &mut ws2);
    let mut ws = Workspace::new(a.n);
    for (lane, ss) in [(la, &a), (lb, &b)] {
        let single = filter(ss, &y, &[], burn, Keep::LlfOnly, &mut ws).map(|o| o.llf);
        assert_eq!(bits(&lane), bits(&single));
    }
}

#[cfg(target_arch = "x86_64")]
#[test]
fn avx512_build_gives_the_same_bits() {
    if !has_avx512() {
        println!("notice: this processor has no AVX-512; only the portable build runs here");
        return;
    }
    let y = series();
    let a = system(&[0.01, 0.4, -0.3, 0.2, -0.5, 20.0]);
    let b = system(&[0.0, 0.9, -0.95, 0.7, -0.99, 0.5]);
    let burn = spec().k_states_diff();
    let mut ws2 = Workspace::<2>::new(a.n);
    let job = Job {
        ss: [&a, &b],
        y: &y,
        obs: &[],
        burn,
    };
    let portable = run_body(job, &mut ws2, None);
    // SAFETY: the features were detected above.
    let wide = unsafe { run_avx512(job, &mut ws2, None) };
    for (p, w) in portable.iter().zip(&wide) {
        assert_eq!(bits(p), bits(w));
    }
    let (mut one, mut two) = (FilterOutput::default(), FilterOutput::default());
    let mut ws = Workspace::new(a.n);
    let one_job = Job {
        ss: [&a],
        y: &y,
        obs: &[],
        burn,
    };
    let [p] = run_body(one_job, &mut ws, Some(&mut one));
    // SAFETY: as above.
    let [w] = unsafe { run_avx512(one_job, &mut ws, Some(&mut two)) };
    assert_eq!(bits(&p), bits(&w));
    let as_bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(as_bits(&one.resid), as_bits(&two.resid));
    assert_eq!(as_bits(&one.resid_var), as_bits(&two.resid_var));
}
