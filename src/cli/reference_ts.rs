//! `crimecast reference sarimax|diagnostics`: run one reference case (JSON on stdin) through
//! the library and print the computed fields under the reference file's names.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::Error;
use crate::analysis::ts::decompose::{seasonal_decompose, DecomposeKind, Decomposition};
use crate::analysis::ts::diagnostics::{acf, adfuller, ljung_box, pacf_ols, pacf_yw_adjusted};
use crate::analysis::ts::sarimax::{self, SarimaxParams, Search, Trend};
use crate::analysis::ParamGuard;
use crate::narrative::diagnostics::{adf_verdict, ljung_box_verdict};

/// A SARIMAX case as stored in `sarimax.json`.
#[derive(Debug, Deserialize)]
struct SarimaxCase {
    y: Vec<f64>,
    order: [i64; 3],
    #[serde(default)]
    seasonal_order: Option<[i64; 4]>,
    #[serde(default)]
    trend: Option<String>,
    #[serde(default)]
    steps: Option<usize>,
    #[serde(default)]
    exog: Option<Vec<Vec<f64>>>,
    #[serde(default)]
    exog_future: Option<Vec<Vec<f64>>>,
    #[serde(default)]
    params: Option<Vec<f64>>,
    /// `"statsmodels"` (the default: statsmodels' own search, as the cases were made) or
    /// `"scale_free"` (the search forecasts use).
    #[serde(default)]
    search: Option<Search>,
}

/// A diagnostics case as stored in `diagnostics.json`.
#[derive(Debug, Deserialize)]
struct DiagnosticsCase {
    y: Vec<f64>,
    #[serde(default)]
    period: Option<usize>,
}

/// Fit the case's model as statsmodels' default fit does ([`Search::Statsmodels`], at most 500
/// iterations) or with the search the case names, forecast, and (if `params` is given)
/// evaluate the likelihood there (with the differencing states' prior of that search).
pub fn sarimax_case(stdin: &str) -> Result<String, Error> {
    let case: SarimaxCase = serde_json::from_str(stdin)?;
    let [sp, sd, sq, s] = case.seasonal_order.unwrap_or([0, 0, 0, 0]);
    let trend = match case.trend.as_deref() {
        None => Trend::N,
        Some(code) => Trend::parse(code)?,
    };
    // The cases are statsmodels' default fits (`fit(method='lbfgs', maxiter=500)`).
    let spec = SarimaxParams::new(case.order)
        .seasonal(sp, sd, sq, s)
        .trend(trend)
        .max_iter(500)
        .search(case.search.unwrap_or(Search::Statsmodels))
        .check()
        .map_err(crate::analysis::Error::from)?;
    let exog = case.exog.unwrap_or_default();
    let fitted = sarimax::fit(&spec, &case.y, &exog)?;
    let steps = case.steps.unwrap_or(12);
    let future = case.exog_future.unwrap_or_default();
    let fc = fitted.forecast(steps, Some(&future))?;
    let mut out = Map::new();
    out.insert("model".into(), json!(spec.label(exog.len())));
    out.insert("param_names".into(), json!(fitted.param_names));
    out.insert("params".into(), json!(fitted.params));
    out.insert("llf".into(), json!(fitted.llf));
    out.insert("aic".into(), json!(fitted.aic));
    out.insert("bic".into(), json!(fitted.bic));
    out.insert(
        "loglikelihood_burn".into(),
        json!(fitted.loglikelihood_burn),
    );
    out.insert("converged".into(), json!(fitted.converged));
    out.insert("iterations".into(), json!(fitted.iterations));
    out.insert("forecast_mean".into(), json!(fc.mean));
    out.insert("forecast_lower95".into(), json!(fc.lower));
    out.insert("forecast_upper95".into(), json!(fc.upper));
    if let Some(p) = case.params {
        let llf = sarimax::llf_at_params(&spec, &case.y, &exog, &p)?;
        out.insert("llf_at_params".into(), json!(llf));
    }
    Ok(Value::Object(out).to_string())
}

fn nullable(v: &[Option<f64>]) -> Value {
    json!(v)
}

fn decomposition(d: &Decomposition) -> Value {
    json!({
        "trend": nullable(&d.trend),
        "seasonal": d.seasonal,
        "resid": nullable(&d.resid),
    })
}

fn or_error<T>(r: crate::analysis::Result<T>, f: impl FnOnce(T) -> Value) -> Value {
    match r {
        Ok(v) => f(v),
        Err(e) => json!({ "error": e.to_string() }),
    }
}

/// ADF, ACF/PACF (24 lags or fewer for short series), Ljung–Box at lag 10 and both
/// decompositions; a part that cannot be computed carries an `"error"` field instead.
pub fn diagnostics_case(stdin: &str) -> Result<String, Error> {
    let case: DiagnosticsCase = serde_json::from_str(stdin)?;
    let y = &case.y;
    let n = y.len();
    let nlags_acf = 24.min(n.saturating_sub(1)).max(1);
    let nlags_pacf = 24.min((n / 2).saturating_sub(1)).max(1);
    let mut out = Map::new();
    out.insert(
        "adf".into(),
        or_error(adfuller(y), |a| {
            json!({
                "stat": a.stat, "pvalue": a.pvalue, "usedlag": a.usedlag, "nobs": a.nobs,
                "crit": a.crit, "verdict": adf_verdict(&a),
            })
        }),
    );
    let series = |r: crate::analysis::Result<Vec<f64>>| or_error(r, |v| json!(v));
    out.insert("acf".into(), series(acf(y, nlags_acf)));
    out.insert(
        "pacf_ywadjusted".into(),
        series(pacf_yw_adjusted(y, nlags_pacf)),
    );
    out.insert("pacf_ols".into(), series(pacf_ols(y, nlags_pacf)));
    out.insert(
        "ljung_box_lag10".into(),
        or_error(
            ljung_box(y, 10.min(n.saturating_sub(1)).max(1)),
            |lb| json!({ "stat": lb.stat, "pvalue": lb.pvalue, "verdict": ljung_box_verdict(&lb) }),
        ),
    );
    let period = case.period.unwrap_or(1);
    out.insert(
        "decompose_additive".into(),
        or_error(
            seasonal_decompose(y, period, DecomposeKind::Additive),
            |d| decomposition(&d),
        ),
    );
    out.insert(
        "decompose_multiplicative".into(),
        or_error(
            seasonal_decompose(y, period, DecomposeKind::Multiplicative),
            |d| decomposition(&d),
        ),
    );
    Ok(Value::Object(out).to_string())
}
