"""The rows of crimecast's benchmark table: what each figure is, where it is measured and its
target. bench/report.py reads this list; add a stage here and it appears in
bench/results.json and BENCHMARKS.md.

Keys of a stage:
  id, title     row id and label
  native        criterion id (group/function/parameter) of benches/*.rs
  browser       name printed by tests/browser_bench.rs (`BENCH {"name": ...}`)
  peers         ids written by bench/peers.py; the first one gives the table's ratio
  target        {"op": "<" | "<=" | ">=", "value": v, "unit": u, "on": [...]}: "on" lists the
                measurements the target applies to ("native", "browser", "page", "size",
                "ratio_native" = peer time / native time)
  snapshot      True: the snapshot size of examples/snapshot_size.rs (native part), in MB
  live          a figure of the first visit at the City's scale (tests/e2e/bench_live.mjs):
                the key in its result, with "scale" (divide by) and "unit" ("ms", "MB", "B",
                "%"); "return_visit.<key>" / "snapshot_site.<key>" for the visits measured
                after it (tests/e2e/bench_return.mjs), with "method" saying which
  pending       True: the stage is not implemented on this branch; shown as "pending", never
                measured or reported as a figure
  also          further measurements shown in the row's note: [{"label", "native", "browser",
                "target"}], ids and target as above
  note          shown under the table
"""

MS = "ms"

STAGES = [
    # --- data pipeline -------------------------------------------------------------------
    {
        "id": "pipeline_100k",
        "title": "Clean + calendar features + aggregate, 100k rows",
        "native": "pipeline/clean_feature_aggregate/100000",
        "browser": "pipeline/clean_feature_aggregate/100000",
        "target": {"op": "<", "value": 500, "unit": MS, "on": ["native", "browser"]},
        "note": "Demo rows from 2024-01 on (quirks included): cleaning with accounting and "
                "incident marking, calendar features of every day in range, overview (KPIs, "
                "24x7 heatmap, categories, precincts, daily + weekly series) and monthly series.",
    },
    {
        "id": "pipeline_10k",
        "title": "Clean + calendar features + aggregate, 10k rows",
        "native": "pipeline/clean_feature_aggregate/10000",
        "browser": "pipeline/clean_feature_aggregate/10000",
    },
    {"id": "pipeline_clean_100k", "title": "  of which: clean 100k rows", "native": "pipeline/clean/100000"},
    {"id": "pipeline_features_100k", "title": "  of which: calendar features", "native": "pipeline/features/100000"},
    {"id": "pipeline_aggregate_100k", "title": "  of which: aggregate 100k rows", "native": "pipeline/aggregate/100000"},
    # --- the page ------------------------------------------------------------------------
    {
        "id": "first_paint",
        "title": "First paint, offline default (`?src=demo` until the KPI card is visible)",
        "page": "first_paint",
        "target": {"op": "<", "value": 1500, "unit": MS, "on": ["page"]},
        "note": "Built dist/ served locally, fresh browser context per load, median of the loads; "
                "time from navigation start to the animation frame after [data-testid=kpi-total] "
                "gets a box.",
    },
    {
        "id": "wasm_size",
        "title": "Page download: dist/*.wasm + *.js, gzip -9",
        "size": "wasm_js_gzip",
        "target": {"op": "<=", "value": 1.5, "unit": "MB", "on": ["size"]},
        "note": "MB = 10^6 bytes.",
    },
    {
        "id": "snapshot_size",
        "title": "Snapshot size per 100k rows (raw)",
        "snapshot": True,
        "note": "`crimecast snapshot`'s file (src/data/snapshot/) of 100,000 demo rows from 2024-01 "
                "on with object ids, before the web server's gzip (examples/snapshot_size.rs); "
                "MB = 10^6 bytes.",
    },
    {
        "id": "memory_demo",
        "title": "Memory, whole offline demo loaded (JS + wasm peak)",
        "memory": True,
        "target": {"op": "<", "value": 400, "unit": "MB", "on": ["page"]},
        "note": "Page JS heap peak (performance.memory, --enable-precise-memory-info) + page wasm "
                "memory + worker wasm memory (quality panel data-wasm-bytes) + worker JS heap where "
                "Chromium exposes it.",
    },
    # --- first visit at the City's scale --------------------------------------------------
    {
        "id": "live_kpi",
        "title": "First visit, ten years from the City-scale mock: KPIs visible",
        "live": "kpi_ms",
        "target": {"op": "<", "value": 3000, "unit": MS, "on": ["page"]},
        "note": "The built site opened as a visitor opens it (no src; `api=` points it at the mock), in headless Chromium, against the full-size mock layer (tests/e2e/server.mjs: 81,000 rows a year over 10 calendar years, ~806k rows, the current field list, layer description, statistics, count distinct, PBF, gzip) over HTTPS/HTTP 2, every request answered after 300 ms and every response sharing one 50 Mbit/s link paced by the mock (DevTools network emulation does not slow a Web Worker's fetches). Times from navigation start, one visit.",
    },
    {
        "id": "live_forecast",
        "title": "First visit: the monthly forecast shown (Forecast page opened at the KPIs)",
        "live": "forecast_ms",
        "target": {"op": "<", "value": 5000, "unit": MS, "on": ["page"]},
    },
    {
        "id": "live_rows",
        "title": "First visit: every row of ten years in",
        "live": "rows_ms",
        "target": {"op": "<", "value": 60000, "unit": MS, "on": ["page"]},
    },
    {
        "id": "live_bytes_per_row",
        "title": "First visit: bytes on the wire per row (all requests)",
        "live": "bytes_per_row",
        "unit": "B",
        "target": {"op": "<=", "value": 60, "unit": "B", "on": ["page"]},
    },
    {
        "id": "live_memory",
        "title": "First visit: peak memory of the tab (renderer processes' resident memory, median of 3 visits)",
        "live": "renderer_rss_peak_bytes",
        "scale": 1e6,
        "unit": "MB",
        "target": {"op": "<", "value": 400, "unit": "MB", "on": ["page"]},
    },
    # --- return visits and a site's snapshot at the City's scale ---------------------------
    {
        "id": "return_kpi",
        "title": "Return visit (the browser's copy, the layer one day newer): KPIs visible",
        "live": "return_visit.kpi_ms",
        "method": "Playwright, one return visit",
        "target": {"op": "<", "value": 1000, "unit": MS, "on": ["page"]},
        "note": "Same mock, link and latency as the first visit (tests/e2e/bench_return.mjs): a first visit in a fresh browser profile loads every row and keeps its copy (IndexedDB, waited for until the origin's storage stops growing); the mock then gains one new local day of rows after its last day (POST /mock/change, addDays 1, object ids above the largest); the same profile opens the page again. Time from navigation start to the KPI card, one visit.",
    },
    {
        "id": "return_bytes",
        "title": "Return visit after one new day: bytes on the wire, % of the first visit's",
        "live": "return_visit.bytes_pct",
        "method": "Playwright, one return visit",
        "unit": "%",
        "target": {"op": "<", "value": 1, "unit": "%", "on": ["page"]},
        "note": "The mock's counters (response bodies as sent, after compression, every request of the full-size layer), reset between the two visits: the return visit's bytes over the first visit's, in per cent.",
    },
    {
        "id": "snapshot_site_kpi",
        "title": "First visit to a site publishing a snapshot of ten years: KPIs visible",
        "live": "snapshot_site.kpi_ms",
        "method": "Playwright, one first visit to a site with a snapshot",
        "target": {"op": "<", "value": 3000, "unit": MS, "on": ["page"]},
        "note": "A fresh browser profile (no copy) opens a site whose data/snapshot.json + snapshot.ccs were written by `crimecast snapshot --out DIR --api <the mock's query URL>` just before (tests/e2e/bench_return.mjs); the site's host answers them after 300 ms at 50 Mbit/s, the mock as for the first visit (HTTPS with HTTP/2; the snapshot writer is told to trust the test server's throwaway certificate with --ca-file). Times from navigation start, one visit.",
    },
    {
        "id": "snapshot_site_rows",
        "title": "First visit to a site publishing a snapshot: every row in (live updates done)",
        "live": "snapshot_site.rows_ms",
        "method": "Playwright, one first visit to a site with a snapshot",
        "target": {"op": "<", "value": 10000, "unit": MS, "on": ["page"]},
    },
    # --- spatial -------------------------------------------------------------------------
    {
        "id": "dbscan_100k",
        "title": "DBSCAN, 100k points (eps 250 m, min_samples 10)",
        "native": "dbscan/fit/100000",
        "browser": "dbscan/fit/100000",
        "peers": ["dbscan/100000"],
        "target": {"op": "<", "value": 1000, "unit": MS, "on": ["native", "browser"]},
    },
    {
        "id": "dbscan_10k",
        "title": "DBSCAN, 10k points",
        "native": "dbscan/fit/10000",
        "browser": "dbscan/fit/10000",
        "peers": ["dbscan/10000"],
    },
    # The radius sweep of benches/dbscan.rs: the demo points as loaded (a few thousand distinct
    # sites), and in the note the same points spread to 100k distinct sites.
    *[
        {
            "id": f"dbscan_100k_eps_{eps}",
            "title": f"  DBSCAN radius sweep, 100k points: eps {eps:,} m",
            "native": f"dbscan/fit_eps/{eps}",
            "also": [{"label": "on 100k distinct sites (each point moved up to 40 m)",
                      "native": f"dbscan/fit_eps_distinct/{eps}"}],
        }
        for eps in (50, 100, 250, 500, 1000)
    ],
    {
        "id": "kde_100k",
        "title": "KDE 256x256 from 100k points (binned FFT)",
        "native": "kde/grid256/100000",
        "browser": "kde/grid256/100000",
        "peers": ["kde_scipy/100000", "kde_fft/100000"],
        "target": {"op": "<", "value": 200, "unit": MS, "on": ["native", "browser"]},
        "note": "First peer: scipy.stats.gaussian_kde, which sums every kernel exactly; second: "
                "the same binned-FFT method written with numpy + scipy.signal (bench/peers.py).",
    },
    {
        "id": "kde_10k",
        "title": "KDE 256x256 from 10k points",
        "native": "kde/grid256/10000",
        "browser": "kde/grid256/10000",
        "peers": ["kde_scipy/10000", "kde_fft/10000"],
    },
    {
        "id": "gi_10k",
        "title": "Gi*, 10k cells (100x100 queen, analytical p, FDR bins)",
        "native": "gi_star/cells/10000",
        "browser": "gi_star/cells/10000",
        "peers": ["gi_star/10000"],
        "target": {"op": "<", "value": 100, "unit": MS, "on": ["native", "browser"]},
    },
    {
        "id": "gi_2500",
        "title": "Gi*, 2,500 cells",
        "native": "gi_star/cells/2500",
        "browser": "gi_star/cells/2500",
        "peers": ["gi_star/2500"],
    },
    {
        "id": "gi_10k_perm",
        "title": "Gi*, 10k cells, 999 conditional permutations",
        "native": "gi_star/cells_999_permutations/10000",
        "browser": "gi_star/cells_999_permutations/10000",
        "peers": ["gi_star_perm/10000"],
    },
    # --- forecasting ---------------------------------------------------------------------
    {
        "id": "lstm",
        "title": "LSTM training to early stop, 470 weekly points",
        "native": "lstm/train_early_stop/470",
        "browser": "lstm/train_early_stop/470",
        "target": {"op": "<", "value": 20000, "unit": MS, "on": ["browser", "native"]},
        "note": "Default parameters (window 12, LSTM 50+32, batch 16, Adam 1e-3, patience 20, "
                "52 validation weeks) on the last 470 complete weeks of demo incidents.",
    },
    # --- SARIMAX ---------------------------------------------------------------------------
    {
        "id": "sarimax_fit",
        "title": "SARIMAX(1,1,1)(1,1,1,12) fit + 12-step forecast, 111 monthly points",
        "native": "sarimax/fit_forecast/111",
        "browser": "sarimax/fit_forecast/111",
        "peers": ["sarimax/111"],
        "target": {"op": ">=", "value": 20, "unit": "x", "on": ["ratio_native"]},
        "also": [{
            "label": "on the filter's portable build (the one processors without AVX-512 run)",
            "native": "sarimax/fit_forecast_portable/111",
        }],
        "note": "The last 111 complete months of demo incidents (written by "
                "examples/bench_inputs.rs, so statsmodels fits the identical numbers); maximum "
                "likelihood fit, then 12 months ahead with 95% bands. Both sides pick "
                "processor-specific code at run time: crimecast its Kalman filter build (below), "
                "statsmodels through numpy's and OpenBLAS's dispatched SIMD kernels.",
    },
    {
        "id": "sarimax_auto",
        "title": "SARIMAX automatic order search, 111 monthly points",
        "native": "sarimax/auto_order/111",
        "browser": "sarimax/auto_order/111",
        "target": {"op": "<", "value": 2000, "unit": MS, "on": ["browser"]},
        "note": "The search `crimecast forecast` and the forecast page run (stepwise AIC, "
                "p,q <= 2, P,Q <= 1, at most 16 fits, period 12) on the same 111 months, then "
                "the chosen model's 12-month forecast with 95% bands.",
    },
    # --- allocation page -------------------------------------------------------------------
    {
        "id": "allocation_fits",
        "title": "Allocation page: 11 precinct fits",
        "native": "allocation/precinct_fits/11",
        "browser": "allocation/precinct_fits/11",
        "target": {"op": "<", "value": 1000, "unit": MS, "on": ["browser"]},
        "also": [{
            "label": "with the automatic order search (at most 8 candidates per precinct)",
            "native": "allocation/precinct_fits_auto/11",
            "browser": "allocation/precinct_fits_auto/11",
            "target": {"op": "<", "value": 5000, "unit": MS, "on": ["browser"]},
        }],
        "note": "Whole demo dataset loaded in the worker's engine; default settings (the seed "
                "order SARIMA(1,1,1)(1,1,1,12) for every precinct, 12-month forecasts with 95% "
                "bands). Only the fitting phase is timed, as the page's worker reports it: not "
                "the monthly counts before it, nor the backtests after it.",
    },
]
