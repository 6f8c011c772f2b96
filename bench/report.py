"""Collect the parts of a `scripts/bench` run into bench/results.json and BENCHMARKS.md.

    python3 bench/report.py --work target/bench --criterion target/criterion --since EPOCH \
        --mode full|quick --duration SECONDS --json bench/results.json --md BENCHMARKS.md

Reads (each optional; a missing part leaves its cells empty):
  <work>/machine.json   machine description (scripts/bench)
  <criterion>/**/new/{benchmark,estimates}.json written after --since (native, criterion)
  <work>/browser.log    `BENCH {...}` lines of tests/browser_bench.rs (headless Chromium)
  <work>/page.json      tests/e2e/bench.mjs (first paint, memory)
  <work>/size.json      gzip sizes of dist/ (scripts/bench)
  <work>/snapshot.json  snapshot size of 100k demo rows (examples/snapshot_size.rs)
  <work>/peers.json     bench/peers.py (scikit-learn, scipy, esda, statsmodels)
The rows and targets come from bench/stages.py.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stages import STAGES  # noqa: E402


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def read_lines(path):
    try:
        with open(path) as f:
            return [line.strip() for line in f if line.strip()]
    except OSError:
        return []


def criterion_results(root, since):
    """criterion id -> {value (median, ms), low, high, mean_ms}, for results newer than since."""
    out = {}
    for dirpath, _, files in os.walk(root):
        if os.path.basename(dirpath) != "new" or "estimates.json" not in files:
            continue
        est_path = os.path.join(dirpath, "estimates.json")
        if os.path.getmtime(est_path) < since:
            continue
        bench = read_json(os.path.join(dirpath, "benchmark.json")) or {}
        est = read_json(est_path) or {}
        if "full_id" not in bench or "median" not in est:
            continue
        med = est["median"]
        out[bench["full_id"]] = {
            "value": med["point_estimate"] / 1e6,
            "low": med["confidence_interval"]["lower_bound"] / 1e6,
            "high": med["confidence_interval"]["upper_bound"] / 1e6,
            "mean_ms": est["mean"]["point_estimate"] / 1e6,
            "method": "criterion, median of samples (95% CI low/high)",
        }
    return out


def native_info(path):
    """`BENCH-INFO {...}` lines the native benches print: what each stage ran on."""
    out = {}
    try:
        with open(path, errors="replace") as f:
            for line in f:
                i = line.find("BENCH-INFO {")
                if i >= 0:
                    try:
                        rec = json.loads(line[i + 11:])
                        out[rec.pop("name")] = rec
                    except (ValueError, KeyError):
                        pass
    except OSError:
        pass
    return out


def browser_results(path):
    out = {}
    try:
        with open(path, errors="replace") as f:
            for line in f:
                i = line.find("BENCH {")
                if i < 0:
                    continue
                try:
                    rec = json.loads(line[i + 6:])
                except ValueError:
                    continue
                out[rec["name"]] = {
                    "value": rec["median_ms"],
                    "runs_ms": rec["runs_ms"],
                    "extra": rec.get("extra"),
                    "method": f"performance.now(), median of {len(rec['runs_ms'])} runs",
                }
    except OSError:
        pass
    return out


def passes(op, value, target):
    return {"<": value < target, "<=": value <= target, ">=": value >= target}[op]


def fmt_ms(v):
    if v is None:
        return "—"
    if v >= 10_000:
        return f"{v / 1000:.1f} s"
    if v >= 100:
        return f"{v:,.0f} ms"
    if v >= 10:
        return f"{v:.1f} ms"
    if v >= 1:
        return f"{v:.2f} ms"
    return f"{v:.3f} ms"


def fmt_ratio(r):
    return f"{r:,.0f}x" if r >= 100 else f"{r:.1f}x" if r >= 10 else f"{r:.2f}x"


def fmt_target(t):
    if not t:
        return ""
    unit = t["unit"]
    if unit == "ms":
        value = fmt_ms(t["value"])
    elif unit == "x":
        value = f"{t['value']:g}x faster than the peer"
    else:
        value = f"{t['value']:g} {unit}"
    where = ", ".join({"native": "native", "browser": "browser", "page": "browser", "size": "dist",
                       "ratio_native": "native"}[o] for o in t["on"])
    return f"{t['op']} {value} ({where})"


def build(args):
    machine = read_json(os.path.join(args.work, "machine.json")) or {}
    native = criterion_results(args.criterion, args.since)
    browser = browser_results(os.path.join(args.work, "browser.log"))
    ninfo = native_info(os.path.join(args.work, "native.log"))
    page = read_json(os.path.join(args.work, "page.json")) or {}
    size = read_json(os.path.join(args.work, "size.json")) or {}
    snapshot = read_json(os.path.join(args.work, "snapshot.json")) or {}
    peers_doc = read_json(os.path.join(args.work, "peers.json")) or {}
    peers = peers_doc.get("peers", {})
    if page.get("chromium"):
        machine["chromium"] = page["chromium"]
    if peers_doc.get("python"):
        machine["python_peers"] = peers_doc["python"]

    # Parts not run this time keep their figures from the previous report.
    ran = set(filter(None, (args.parts or "native,snapshot,browser,page,peers").split(",")))
    previous = read_json(args.json) if os.path.exists(args.json) else None
    carried_from = (previous or {}).get("generated")
    before = {f["id"]: f for f in (previous or {}).get("figures", [])}
    carried_any = set()

    figures, pending = [], []
    for st in STAGES:
        target = st.get("target")
        if st.get("pending"):
            pending.append({"id": st["id"], "title": st["title"], "target": target, "status": "pending"})
            continue
        fig = {"id": st["id"], "title": st["title"], "unit": "ms", "target": target,
               "native": None, "browser": None, "page": None, "peers": [], "note": st.get("note")}
        if st.get("native") and st["native"] in native:
            fig["native"] = dict(native[st["native"]])
            if st["native"] in ninfo:
                fig["native"]["extra"] = ninfo[st["native"]]
        if st.get("browser"):
            fig["browser"] = browser.get(st["browser"])
        if st.get("page") and page.get(st["page"]):
            p = page[st["page"]]
            fig["page"] = {"value": p["median_ms"], "runs_ms": p["runs_ms"],
                           "wall_median_ms": p.get("wall_median_ms"),
                           "method": f"Playwright, median of {len(p['runs_ms'])} fresh loads"}
        if st.get("memory") and page.get("memory"):
            m = page["memory"]
            fig["unit"] = "MB"
            fig["page"] = {"value": m["js_wasm_peak_bytes"] / 1e6, "detail": m,
                           "method": "Playwright, one full demo load"}
        live = page.get("live") or {}
        if st.get("live"):
            # "return_visit.kpi_ms": a figure of a visit measured after the first one.
            part, _, key = st["live"].rpartition(".")
            visit = (live.get(part) or {}) if part else live
            if visit.get(key) is not None:
                fig["unit"] = st.get("unit", "ms")
                fig["page"] = {"value": visit[key] / st.get("scale", 1), "detail": {
                    k: v for k, v in visit.items()
                    if k not in ("stats", "return_visit", "snapshot_site")},
                    "method": st.get("method", "Playwright, one first visit")}
        if st.get("snapshot") and snapshot:
            fig["unit"] = "MB"
            fig["native"] = {"value": snapshot["raw_bytes"] / 1e6, "detail": snapshot}
        if st.get("size") and size:
            fig["unit"] = "MB"
            fig["size"] = {"value": size["total_gzip_bytes"] / 1e6, "detail": size}
        for pid in st.get("peers", []):
            p = peers.get(pid)
            if not p:
                continue
            entry = {"id": pid, **p}
            nat = (fig["native"] or {}).get("value")
            bro = (fig["browser"] or {}).get("value")
            entry["ratio_native"] = p["median_ms"] / nat if nat else None
            entry["ratio_browser"] = p["median_ms"] / bro if bro else None
            fig["peers"].append(entry)
        fig["also"] = []
        for extra in st.get("also", []):
            got = {"label": extra["label"], "target": extra.get("target"),
                   "native": native.get(extra.get("native")), "browser": browser.get(extra.get("browser"))}
            t = extra.get("target")
            got["checks"] = {on: None if not got.get(on) else passes(t["op"], got[on]["value"], t["value"])
                             for on in (t["on"] if t else [])}
            fig["also"].append(got)
        old = before.get(st["id"])
        if old:
            # The snapshot size sits in the native column but is its own part.
            native_part = "snapshot" if st.get("snapshot") else "native"
            for part, keys in ((native_part, ["native"]), ("browser", ["browser"]), ("peers", ["peers"]),
                               ("page", ["page", "size"])):
                if part in ran:
                    continue
                for key in keys:
                    if old.get(key) and not fig.get(key):
                        fig[key] = old[key]
                        if key in ("page", "size"):
                            fig["unit"] = old.get("unit", fig["unit"])
                        elif st.get("snapshot"):
                            fig["unit"] = "MB"
                        carried_any.add(part)
            if "native" not in ran and "browser" not in ran and old.get("also"):
                fig["also"] = old["also"]
        # Verdict against the target on every measurement it applies to.
        checks = {}
        if target:
            for on in target["on"]:
                if on == "ratio_native":
                    v = fig["peers"][0]["ratio_native"] if fig["peers"] else None
                else:
                    v = (fig.get(on) or {}).get("value")
                checks[on] = None if v is None else passes(target["op"], v, target["value"])
        fig["checks"] = checks
        measured = [c for c in checks.values() if c is not None]
        if not target:
            fig["verdict"] = "no target"
        elif not measured:
            fig["verdict"] = "not measured"
        elif all(measured) and len(measured) == len(checks):
            fig["verdict"] = "pass"
        elif all(measured):
            fig["verdict"] = "pass (partly measured)"
        else:
            fig["verdict"] = "FAIL"
        figures.append(fig)

    return {
        "schema": 1,
        "generated": machine.get("date"),
        "mode": args.mode,
        "duration_s": args.duration,
        "machine": machine,
        "figures": figures,
        "pending": pending,
        "notes": peers_doc.get("notes", []) + read_lines(os.path.join(args.work, "notes.txt")) + (
            [f"Parts not run this time ({', '.join(sorted(carried_any))}) keep their figures from the "
             f"report of {carried_from}."] if carried_any else []),
    }


def cell(fig, key):
    m = fig.get(key)
    if not m:
        return "—"
    if fig["unit"] == "MB":
        return f"{m['value']:.2f} MB"
    if fig["unit"] == "B":
        return f"{m['value']:.1f} B"
    if fig["unit"] == "%":
        return f"{m['value']:.2f} %"
    return fmt_ms(m["value"])


def busy_note(mc):
    """A warning when other work kept the machine busy (1-minute load above the core count)."""
    try:
        loads = [float(str(mc.get(k, "")).split()[0]) for k in ("loadavg_start", "loadavg_end")]
        cores = int(mc.get("cores") or 0)
    except (ValueError, IndexError):
        return None
    if cores and max(loads) > cores:
        return (f"> **Busy machine**: the 1-minute load average was {loads[0]:g} at the start and "
                f"{loads[1]:g} at the end on {cores} cores, so other work shared the CPU: times are "
                "slower than on an idle machine and vary from run to run (the measuring commands "
                "ran at raised priority). Compare figures from runs on a quiet machine.")
    return None


def markdown(res):
    mc = res["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Figures from `./scripts/bench` on the machine below "
        f"({res['mode']} run, {res['duration_s']:.0f} s in all); they are measured, not estimated, "
        "except where a peer says *extrapolated*. Re-run `./scripts/bench` to refresh this file and "
        "`bench/results.json` (the same figures, with every run, confidence interval and detail).",
        "",
        f"- **Date**: {mc.get('date', '?')}",
        f"- **CPU**: {mc.get('cpu', '?')} — {mc.get('cores', '?')} cores; **memory** {mc.get('memory_gb', '?')} GB",
        f"- **OS**: {mc.get('os', '?')} (kernel {mc.get('kernel', '?')})",
        f"- **Load average** at start / end: {mc.get('loadavg_start', '?')} / {mc.get('loadavg_end', '?')}",
        f"- **Toolchain**: {mc.get('rustc', '?')}; Chromium {mc.get('chromium', '?')}; "
        f"node {mc.get('node', '?')}; Python {mc.get('python_peers', mc.get('python', '?'))} for the peers",
        "",
    ]
    busy = busy_note(mc)
    if busy:
        lines += [busy, ""]
    lines += [
        "Native = release build (LTO), criterion median; browser = the same code compiled to "
        "WebAssembly (release) in headless Chromium, median of 5 `performance.now()` runs; "
        "peer = the reference Python library on the same input, single-threaded, median of its "
        "runs; ratio = peer time / crimecast native time.",
        "",
        "| Stage | Native | Browser | Peer | Ratio | Target | Verdict |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in res["figures"]:
        browser = cell(f, "browser")
        if browser == "—" and (f.get("page") or f.get("size")):
            browser = cell(f, "page") if f.get("page") else cell(f, "size")
        peer = ratio = "—"
        if f["peers"]:
            p = f["peers"][0]
            approx = "≈" if p.get("extrapolated") else ""
            peer = f"{approx}{fmt_ms(p['median_ms'])} ({p['library'].split(',')[0]})"
            if p.get("ratio_native"):
                ratio = f"{approx}{fmt_ratio(p['ratio_native'])}"
        target = fmt_target(f["target"])
        lines.append(f"| {f['title']} | {cell(f, 'native')} | {browser} | {peer} | {ratio} | {target} | {f['verdict']} |")
    for p in res["pending"]:
        lines.append(f"| {p['title']} | pending | pending | pending | — | {fmt_target(p['target'])} | pending |")
    lines += ["", "## Notes", ""]
    for f in res["figures"]:
        bits = []
        if f.get("note"):
            bits.append(f["note"])
        for p in f["peers"][1:]:
            r = f" ({fmt_ratio(p['ratio_native'])})" if p.get("ratio_native") else ""
            bits.append(f"Also timed: {p['call']} — {fmt_ms(p['median_ms'])}{r}.")
        for p in f["peers"]:
            extra = "; ".join(x for x in (p.get("agreement"), p.get("note")) if x)
            if extra:
                bits.append(f"{p['library']}: {extra}.")
        if f["id"] == "memory_demo" and f.get("page"):
            d = f["page"]["detail"]
            mb = lambda b: "n/a" if b is None else f"{b / 1e6:.1f} MB"  # noqa: E731
            bits.append(
                f"{d['rows_kept']:,} rows kept of {d['rows_read']:,} read, loaded in {d['load_ms'] / 1000:.1f} s: "
                f"page JS heap peak {mb(d['page_js_heap_peak_bytes'])}, page wasm {mb(d['page_wasm_bytes'])}, "
                f"worker wasm {mb(d['worker_wasm_bytes'])} (rows {mb(d['row_bytes'])}), worker JS heap "
                f"{mb(d['worker_js_heap_peak_bytes'])}; renderer processes' resident memory peak "
                f"{mb(d['renderer_rss_peak_bytes'])} (everything the tab uses, for comparison).")
        if f["id"] == "live_kpi" and f.get("page"):
            d = f["page"]["detail"]
            bits.append(
                f"KPIs {d['kpi_basis']!r}; model: {d['model'].split(' chosen')[0]}; "
                f"{d['rows_read']:,} rows read in {d['requests']:,} requests ({d['page_requests']:,} pages), "
                f"{d['wire_bytes'] / 1e6:.1f} MB on the wire; JS + wasm peak "
                f"{d['js_wasm_peak_bytes'] / 1e6:.1f} MB.")
        if f["id"] == "return_kpi" and f.get("page"):
            d = f["page"]["detail"]
            bits.append(
                f"Badge at the KPIs {d['badge_at_kpi']!r}, at the end {d['badge']!r}; every row in at "
                f"{fmt_ms(d['rows_ms'])}, {d['rows_read']:,} rows read ({d['rows_added']:,} new); "
                f"{d['wire_bytes'] / 1e3:.0f} kB in {d['requests']:,} requests against the first visit's "
                f"{d['first_wire_bytes'] / 1e6:.1f} MB; the copy kept {d['copy_bytes'] / 1e6:.1f} MB.")
        if f["id"] == "snapshot_site_kpi" and f.get("page"):
            d = f["page"]["detail"]
            bits.append(
                f"Badge at the KPIs {d['badge_at_kpi']!r}, at the end {d['badge']!r}; {d['rows_read']:,} rows "
                f"read; snapshot {d['snapshot_bytes'] / 1e6:.1f} MB"
                + (f" ({d['snapshot_gzip_bytes'] / 1e6:.1f} MB gzip'd)" if d.get("snapshot_gzip_bytes") else "")
                + (f", the site's files asked for: {', '.join(d['site_files'])}" if d.get("site_files") else "")
                + f", {d['mock_rows_sent']:,} rows from the layer in {d['requests']:,} requests.")
        if f["id"] == "live_memory" and f.get("page"):
            d = f["page"]["detail"]
            samples = d.get("renderer_rss_mb_samples") or []
            if samples:
                inst = d.get("renderer_rss_instrumented_peak_bytes")
                peaks = d.get("renderer_rss_peaks_bytes") or []
                bits.append(
                    (f"Peaks of the {len(peaks)} visits: {', '.join(f'{p / 1e6:.0f} MB' for p in peaks)}; the median's "
                     if peaks else "")
                    + f"visit in a plain headless Chromium with no DevTools client attached, "
                    f"its renderer processes' resident memory sampled every 250 ms: {samples[0][1]} MB "
                    f"at {samples[0][0]} ms (the page starting, no rows yet), {samples[-1][1]} MB at "
                    f"{samples[-1][0]} ms (every row in). Page JS heap + worker WebAssembly memory peak "
                    f"{d['js_wasm_peak_bytes'] / 1e6:.1f} MB"
                    + (f"; in the timed visit under Playwright, whose network tracking keeps copies of "
                       f"the responses in the renderer, {inst / 1e6:.0f} MB" if inst else "") + ".")
        if f["id"] == "snapshot_size" and f.get("native"):
            d = f["native"]["detail"]
            bits.append(f"{d['raw_bytes']:,} bytes for {d['rows']:,} rows ({d['raw_bytes'] / d['rows']:.2f} a row); "
                        f"gzip -9 {d['gzip_bytes']:,} bytes ({d['gzip_bytes'] / d['rows']:.2f} a row).")
        if f["id"] == "wasm_size" and f.get("size"):
            d = f["size"]["detail"]
            bits.append("Files: " + ", ".join(f"{k} {v / 1e3:.0f} kB" for k, v in d["files"].items()) + ".")
        if f["id"] == "first_paint" and f.get("page"):
            w = f["page"].get("wall_median_ms")
            if w:
                bits.append(f"Wall clock from `goto` to the KPI card visible, seen from Playwright: median {fmt_ms(w)}.")
        for a in f.get("also", []):
            got = ", ".join(f"{k} {fmt_ms(a[k]['value'])}" for k in ("native", "browser") if a.get(k)) or "not measured"
            checks = [c for c in a["checks"].values() if c is not None]
            verdict = "" if not a["target"] else (
                f"; target {fmt_target(a['target'])}: " + ("not measured" if not checks else "pass" if all(checks) else "FAIL"))
            peer = f["peers"][0]["median_ms"] if f["peers"] else None
            nat = (a.get("native") or {}).get("value")
            ratio = f" ({fmt_ratio(peer / nat)} the peer)" if peer and nat else ""
            bits.append(f"Also timed {a['label']}: {got}{ratio}{verdict}.")
        ne = (f.get("native") or {}).get("extra") or {}
        be = (f.get("browser") or {}).get("extra") or {}
        if "epochs" in ne and "epochs" in be:
            per = lambda side, e: f["%s" % side]["value"] / max(e["epochs"], 1)  # noqa: E731
            bits.append(
                f"Native: {ne['epochs']} epochs (best {ne['best_epoch']}), {per('native', ne):.0f} ms/epoch; "
                f"browser: {be['epochs']} epochs (best {be['best_epoch']}), {per('browser', be):.0f} ms/epoch.")
        if "filter_build" in ne:
            bits.append(f"Native Kalman filter build: {ne['filter_build']}, chosen at run time "
                        "(the portable build gives bitwise equal results).")
        if "llf" in ne or "llf" in be:
            bits.append("crimecast's log-likelihood: " + ", ".join(
                f"{side} {e['llf']:.4f} ({e.get('evaluations', '?')} likelihood evaluations)"
                for side, e in (("native", ne), ("browser", be)) if "llf" in e) + ".")
        if "model" in ne or "model" in be:
            bits.append("Chosen: " + ", ".join(
                f"{side} {e['model']} of {e.get('candidates', '?')} candidates"
                for side, e in (("native", ne), ("browser", be)) if "model" in e) + ".")
        results = ("epochs", "best_epoch", "llf", "converged", "evaluations", "model", "candidates", "models")
        diff = {k: (ne[k], be[k]) for k in ne if k in be and ne[k] != be[k] and k not in results
                and isinstance(ne[k], (int, float)) and isinstance(be[k], (int, float))}
        if diff:
            bits.append("The demo inputs are not bit-identical across builds (floating-point library "
                        "differences in the generator): " + ", ".join(
                            f"{k} native {a:,} / browser {b:,}" for k, (a, b) in diff.items()) + ".")
        if bits:
            lines.append(f"- **{f['title'].strip()}**: " + " ".join(bits))
    for n in res["notes"]:
        lines.append(f"- {n}")
    if res["pending"]:
        lines.append("- Pending rows (" + ", ".join(p["id"] for p in res["pending"]) + ") are listed in "
                     "`bench/stages.py` and not measured on this branch yet.")
    lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--criterion", required=True)
    ap.add_argument("--since", type=float, default=0.0)
    ap.add_argument("--mode", default="full")
    ap.add_argument("--duration", type=float, default=0.0)
    ap.add_argument("--json", required=True)
    ap.add_argument("--md", required=True)
    ap.add_argument("--parts", default="native,snapshot,browser,page,peers",
                    help="the parts measured this time; the others keep their previous figures")
    args = ap.parse_args()
    res = build(args)
    with open(args.json, "w") as f:
        json.dump(res, f, indent=2)
        f.write("\n")
    with open(args.md, "w") as f:
        f.write(markdown(res))
    for fig in res["figures"]:
        print(f"{fig['verdict']:>22}  {fig['title'].strip()}")


if __name__ == "__main__":
    main()
