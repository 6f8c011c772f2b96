// Page benchmarks on the built site (dist/), in headless Chromium via playwright-core:
//   first paint  — open `/?src=demo` in a fresh browser context until the KPI card
//                  [data-testid=kpi-total] is visible (median of --runs loads);
//   memory       — load the whole offline demo (~840k rows) and read, once no
//                  [data-testid=progress] is left, the quality panel's [data-testid=memory]
//                  (worker WebAssembly memory, row bytes), plus the page's JS heap
//                  (performance.memory, precise), the page's own WebAssembly memory and, where
//                  Chromium exposes it, the worker's JS heap, sampled during the load (peak);
//   live         a first visit at the City's scale against the full-size mock over a paced
//                link (bench_live.mjs): time to KPIs, to the forecast, to every row; bytes
//                per row; peak memory; then a return visit after one new day (time to KPIs,
//                bytes against the first visit's) and a first visit to a site that publishes
//                a snapshot (times to KPIs and to every row) (bench_return.mjs).
// Not a Playwright spec (scripts/test runs *.spec.mjs only); run by scripts/bench:
//   node tests/e2e/bench.mjs [--dist dist] [--runs 5] [--out file.json]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { liveFirstVisit, liveMemory, rendererRss } from "./bench_live.mjs";
import { liveReturnVisit, snapshotSiteVisit } from "./bench_return.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const dist = resolve(root, option("dist", "dist"));
const runs = Number(option("runs", "5"));
const out = option("out", "");
/** First visits whose tab memory is sampled; the median peak is reported. */
const MEMORY_VISITS = 3;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
  "--enable-precise-memory-info"];
const log = (...a) => console.error("[bench.mjs]", ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? null : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

async function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const child = spawn(process.execPath, [join(here, "server.mjs"), dist], {
    cwd: root, env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${base}/index.html`);
      if (r.ok) return { child, base };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill();
  throw new Error("the test server did not start");
}

// Runs in the page before any of its scripts: note when the KPI card first has a box, and the
// next animation frame after that (the frame that paints it); keep the page's WebAssembly
// exports (Trunk's start event) to read its memory size.
const INIT = () => {
  window.__bench = { kpi: null, paint: null, started: null, wasm: null };
  addEventListener("TrunkApplicationStarted", (e) => {
    window.__bench.started = performance.now();
    window.__bench.wasm = e.detail && e.detail.wasm;
  });
  const check = () => {
    const el = document.querySelector("[data-testid=kpi-total]");
    if (window.__bench.kpi === null && el && el.getClientRects().length > 0) {
      window.__bench.kpi = performance.now();
      requestAnimationFrame(() => { window.__bench.paint = performance.now(); });
      return true;
    }
    return false;
  };
  const obs = new MutationObserver(() => { if (check()) obs.disconnect(); });
  obs.observe(document, { childList: true, subtree: true });
};

// Block everything but the local server (the demo must not need the network).
async function offline(context, base) {
  await context.route((url) => !url.href.startsWith(base), (route) => route.abort("internetdisconnected"));
}

async function firstPaint(browser, base) {
  const loads = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await offline(context, base);
    const page = await context.newPage();
    await page.addInitScript(INIT);
    const t0 = Date.now();
    await page.goto(`${base}/?src=demo`, { waitUntil: "commit" });
    await page.waitForSelector("[data-testid=kpi-total]", { state: "visible", timeout: 120_000 });
    const wall = Date.now() - t0;
    await page.waitForFunction(() => window.__bench.paint !== null, null, { timeout: 10_000 });
    const m = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      return {
        kpi_ms: window.__bench.kpi,
        paint_ms: window.__bench.paint,
        app_started_ms: window.__bench.started,
        dom_content_loaded_ms: nav ? nav.domContentLoadedEventEnd : null,
      };
    });
    loads.push({ ...m, wall_ms: wall });
    log(`first paint ${i + 1}/${runs}: ${m.paint_ms.toFixed(0)} ms (wall ${wall} ms)`);
    await context.close();
  }
  const paint = loads.map((l) => l.paint_ms);
  return { runs_ms: paint, median_ms: median(paint), wall_median_ms: median(loads.map((l) => l.wall_ms)), loads };
}

async function memory(base) {
  const profile = mkdtempSync(join(tmpdir(), "crimecast-bench-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, args: ARGS, viewport: { width: 1280, height: 900 },
  });
  try {
    await offline(context, base);
    const page = context.pages()[0] || await context.newPage();
    await page.addInitScript(INIT);
    const t0 = Date.now();
    await page.goto(`${base}/?src=demo`, { waitUntil: "commit" });
    await page.waitForSelector("[data-testid=kpi-total]", { state: "visible", timeout: 120_000 });
    const peak = { page_js: 0, page_wasm: 0, worker_js: null, renderer_rss: null };
    let workerJsAvailable = null;
    const sample = async () => {
      const s = await page.evaluate(() => ({
        js: performance.memory ? performance.memory.usedJSHeapSize : null,
        wasm: window.__bench.wasm && window.__bench.wasm.memory ? window.__bench.wasm.memory.buffer.byteLength : null,
        loading: document.querySelector("[data-testid=progress]") !== null,
      }));
      peak.page_js = Math.max(peak.page_js, s.js || 0);
      peak.page_wasm = Math.max(peak.page_wasm, s.wasm || 0);
      for (const w of page.workers()) {
        const js = await w.evaluate(() => (self.performance && performance.memory ? performance.memory.usedJSHeapSize : null))
          .catch(() => null);
        if (js !== null) {
          workerJsAvailable = true;
          peak.worker_js = Math.max(peak.worker_js || 0, js);
        } else if (workerJsAvailable === null) {
          workerJsAvailable = false;
        }
      }
      const rss = rendererRss(profile);
      if (rss !== null) peak.renderer_rss = Math.max(peak.renderer_rss || 0, rss);
      return s.loading;
    };
    const readCount = async () => Number((await page.getByTestId("q-read").textContent()).replace(/,/g, ""));
    const deadline = Date.now() + 15 * 60_000;
    let loadMs;
    for (;;) {
      if (Date.now() > deadline) throw new Error("the demo load did not finish in 15 minutes");
      if (await sample()) {
        await sleep(250);
        continue;
      }
      // Done when the progress bar stays away and the row count no longer moves.
      loadMs = Date.now() - t0;
      const before = await readCount();
      await sleep(750);
      if (!(await sample()) && (await readCount()) === before) break;
    }
    const mem = page.locator("[data-testid=memory]");
    const wasmBytes = Number(await mem.getAttribute("data-wasm-bytes"));
    const rowBytes = Number(await mem.getAttribute("data-row-bytes"));
    const kept = Number((await page.getByTestId("q-kept").textContent()).replace(/,/g, ""));
    const read = await readCount();
    const total = peak.page_js + peak.page_wasm + wasmBytes + (peak.worker_js || 0);
    log(`memory: ${kept} rows kept, JS+wasm peak ${(total / 1e6).toFixed(1)} MB, load ${loadMs} ms`);
    return {
      rows_read: read,
      rows_kept: kept,
      load_ms: loadMs,
      worker_wasm_bytes: wasmBytes,
      row_bytes: rowBytes,
      page_js_heap_peak_bytes: peak.page_js,
      page_wasm_bytes: peak.page_wasm,
      worker_js_heap_peak_bytes: peak.worker_js,
      renderer_rss_peak_bytes: peak.renderer_rss,
      js_wasm_peak_bytes: total,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const { child, base } = await startServer();
let result;
try {
  const browser = await chromium.launch({ executablePath, headless: true, args: ARGS });
  const version = browser.version();
  let fp;
  try {
    fp = await firstPaint(browser, base);
  } finally {
    await browser.close();
  }
  const mem = await memory(base);
  let live = null;
  try {
    live = await liveFirstVisit({ dist, port: await freePort(), executablePath, args: ARGS });
    try {
      // Three such visits (a peak is one 250 ms sample, so it varies from visit to visit):
      // the median visit's peak and samples, every visit's peak beside them.
      const visits = [];
      for (let i = 0; i < MEMORY_VISITS; i++) {
        visits.push(await liveMemory({ dist, port: await freePort(), executablePath }));
      }
      visits.sort((a, b) => a.peak_bytes - b.peak_bytes);
      const mem = visits[Math.floor(visits.length / 2)];
      live.renderer_rss_peak_bytes = mem.peak_bytes;
      live.renderer_rss_peaks_bytes = visits.map((v) => v.peak_bytes);
      live.renderer_rss_mb_samples = mem.samples;
      live.memory_rows_sent = mem.rows_sent;
    } catch (e) {
      log(`live memory visit failed: ${e.message}`);
    }
    log(`live: KPIs ${live.kpi_ms.toFixed(0)} ms, forecast ${live.forecast_ms.toFixed(0)} ms, rows ${live.rows_ms.toFixed(0)} ms, ${live.bytes_per_row.toFixed(1)} B/row`);
  } catch (e) {
    log(`live first visit failed: ${e.message}`);
  }
  if (live) {
    try {
      live.return_visit = await liveReturnVisit({ dist, port: await freePort(), executablePath, args: ARGS });
    } catch (e) {
      log(`live return visit failed: ${e.message}`);
    }
    try {
      live.snapshot_site = await snapshotSiteVisit({ dist, port: await freePort(), executablePath, args: ARGS });
    } catch (e) {
      log(`live visit to a site with a snapshot failed: ${e.message}`);
    }
  }
  result = { chromium: version, first_paint: fp, memory: mem, live };
} finally {
  child.kill();
}
const text = JSON.stringify(result, null, 2);
if (out) writeFileSync(out, text);
else console.log(text);
