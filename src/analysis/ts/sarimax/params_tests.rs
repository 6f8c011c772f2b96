//! Tests of the SARIMAX specification and its rules.
use super::*;

#[test]
fn negative_order_is_rejected() {
    let e = SarimaxParams::new([-1, 0, 0]).check().unwrap_err();
    assert!(e.to_string().contains("-1"), "{e}");
    assert!(SarimaxParams::new([1, 0, -2]).check().is_err());
    assert!(SarimaxParams::new([1, 0, 0])
        .seasonal(0, 0, -1, 12)
        .check()
        .is_err());
}

#[test]
fn seasonal_terms_need_period_of_at_least_two() {
    assert!(SarimaxParams::new([1, 0, 0])
        .seasonal(1, 0, 0, 1)
        .check()
        .is_err());
    assert!(SarimaxParams::new([1, 0, 0])
        .seasonal(0, 1, 0, 0)
        .check()
        .is_err());
    // s=1 without seasonal terms is just a non-seasonal model
    let v = SarimaxParams::new([1, 0, 0])
        .seasonal(0, 0, 0, 1)
        .check()
        .unwrap();
    assert_eq!(v.s, 0);
}

#[test]
fn overlapping_lags_and_large_orders_are_rejected() {
    assert!(SarimaxParams::new([12, 0, 0])
        .seasonal(1, 0, 0, 12)
        .check()
        .is_err());
    assert!(SarimaxParams::new([0, 0, 4])
        .seasonal(0, 0, 1, 4)
        .check()
        .is_err());
    assert!(SarimaxParams::new([0, 3, 0]).check().is_err());
    assert!(SarimaxParams::new([1, 0, 0]).max_iter(0).check().is_err());
}

/// The rule `params` breaks, checked both ways (by reference and by value).
fn broken(params: SarimaxParams) -> SarimaxParamsError {
    let by_ref = params.check_ref().cloned().unwrap_err();
    assert_eq!(params.check(), Err(by_ref.clone()));
    by_ref
}

fn base() -> SarimaxParams {
    SarimaxParams::new([1, 0, 0])
}

#[test]
fn orders_must_not_be_negative() {
    assert_eq!(
        broken(SarimaxParams::new([-1, 0, 0])),
        SarimaxParamsError::Negative {
            term: "p",
            value: -1
        }
    );
    assert_eq!(
        broken(base().seasonal(0, 0, 0, -3)),
        SarimaxParamsError::Negative {
            term: "s",
            value: -3
        }
    );
}

#[test]
fn arma_orders_must_not_exceed_the_maximum() {
    assert_eq!(
        broken(SarimaxParams::new([0, 0, MAX_ORDER + 1])),
        SarimaxParamsError::Order {
            term: "q",
            value: MAX_ORDER + 1
        }
    );
}

#[test]
fn differencing_must_not_exceed_the_maximum() {
    assert_eq!(
        broken(base().seasonal(0, 3, 0, 12)),
        SarimaxParamsError::Differencing {
            term: "D",
            value: 3
        }
    );
}

#[test]
fn period_must_not_exceed_the_maximum() {
    assert_eq!(
        broken(base().seasonal(0, 0, 0, MAX_PERIOD + 1)),
        SarimaxParamsError::Period(MAX_PERIOD + 1)
    );
}

#[test]
fn seasonal_terms_need_a_period_of_two_or_more() {
    assert_eq!(
        broken(base().seasonal(1, 0, 0, 1)),
        SarimaxParamsError::SeasonalPeriod(1)
    );
}

#[test]
fn ar_order_must_stay_below_the_period() {
    assert_eq!(
        broken(SarimaxParams::new([12, 0, 0]).seasonal(1, 0, 0, 12)),
        SarimaxParamsError::ArOverlap { p: 12, s: 12 }
    );
}

#[test]
fn ma_order_must_stay_below_the_period() {
    assert_eq!(
        broken(SarimaxParams::new([0, 0, 4]).seasonal(0, 0, 1, 4)),
        SarimaxParamsError::MaOverlap { q: 4, s: 4 }
    );
}

#[test]
fn max_iter_must_be_at_least_one() {
    assert_eq!(broken(base().max_iter(0)), SarimaxParamsError::MaxIter(0));
    let ok = base().seasonal(1, 1, 1, 12);
    assert_eq!(ok.check_ref().copied(), ok.clone().check());
}

#[test]
fn names_follow_statsmodels() {
    let v = Sarimax::params([1, 1, 1])
        .seasonal(1, 1, 1, 12)
        .trend(Trend::Ct)
        .check()
        .unwrap();
    assert_eq!(
        v.layout(1).names(v.trend, v.s),
        [
            "intercept",
            "drift",
            "x1",
            "ar.L1",
            "ma.L1",
            "ar.S.L12",
            "ma.S.L12",
            "sigma2"
        ]
    );
    assert_eq!(v.k_states(), 1 + 12 + 14);
    assert_eq!(v.label(0), "SARIMA(1,1,1)(1,1,1,12) + intercept + drift");
}

#[test]
fn the_search_is_scale_free_unless_chosen() {
    let v = SarimaxParams::new([1, 0, 0]).check().unwrap();
    assert_eq!(v.search, Search::ScaleFree);
    let s = SarimaxParams::new([1, 0, 0])
        .search(Search::Statsmodels)
        .check()
        .unwrap();
    assert_eq!(s.search, Search::Statsmodels);
    // Specifications stored without the field read as the default search.
    let mut json = serde_json::to_value(s).unwrap();
    json.as_object_mut().unwrap().remove("search");
    let back: SarimaxValidParams = serde_json::from_value(json).unwrap();
    assert_eq!(back.search, Search::ScaleFree);
}

#[test]
fn trend_codes_round_trip() {
    for t in [Trend::N, Trend::C, Trend::T, Trend::Ct] {
        assert_eq!(Trend::parse(t.code()).unwrap(), t);
    }
    assert!(Trend::parse("x").is_err());
}
