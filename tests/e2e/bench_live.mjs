// The first visit at the City's scale, measured: the built site opened the way a visitor opens
// it (no src), its live source pointed at the full-size mock layer (ten years of 81,000 rows,
// the current field list) answering over HTTPS/HTTP 2 after 300 ms a request, every response
// sharing one 50 Mbit/s link (the mock paces its own bytes: DevTools' network emulation does
// not slow a Web Worker's fetches). Times from navigation start, in the page's own clock:
//   kpi_ms       the KPI card is visible (from the server's counts);
//   forecast_ms  the Forecast page, opened as soon as the KPIs show, states its fitted model;
//   rows_ms      every row is in (no progress bar, the row count settled);
// bytes on the wire per row (the mock's counters: bodies as sent, after compression) and the
// peak memory of the tab: the renderer processes' resident memory in a second visit by a
// plain headless Chromium with no DevTools client attached (Playwright's network tracking
// keeps copies of response bodies in the renderer, some 170 MB over this load, which a
// visitor's browser does not), sampled every 250 ms until the mock has sent every row.
// Used by tests/e2e/bench.mjs (scripts/bench); not a Playwright spec.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const log = (...a) => console.error("[bench live]", ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Resident memory of the renderer processes started by the browser whose command line names
// `profile` (Linux /proc; null elsewhere).
export function rendererRss(profile) {
  try {
    const procs = new Map();
    for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, "utf8");
        // Zygote-forked processes rewrite their command line into one space-separated string.
        const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split(/[\0 ]/);
        const ppid = Number(/PPid:\s+(\d+)/.exec(status)[1]);
        const rss = Number((/VmRSS:\s+(\d+) kB/.exec(status) || [0, 0])[1]) * 1024;
        procs.set(Number(pid), { ppid, rss, cmd });
      } catch {
        // the process ended meanwhile
      }
    }
    const browserPid = [...procs].find(([, p]) => p.cmd.some((a) => a === `--user-data-dir=${profile}`)
      && !p.cmd.some((a) => a.startsWith("--type=")))?.[0];
    if (!browserPid) return null;
    const under = (pid) => {
      for (let p = procs.get(pid), guard = 0; p && guard < 10; p = procs.get(p.ppid), guard++) {
        if (p.ppid === browserPid) return true;
      }
      return false;
    };
    let total = 0;
    for (const [pid, p] of procs) {
      if (p.cmd.includes("--type=renderer") && under(pid)) total += p.rss;
    }
    return total;
  } catch {
    return null;
  }
}

/** The link and the layer the first visit is measured on. */
export const LIVE_SETUP = { latency_ms: 300, link_mbps: 50, rows_per_year: 81_000, years: 10 };
const SCENARIO = `big/lat${LIVE_SETUP.latency_ms}/mbps${LIVE_SETUP.link_mbps}`;

/** The test server over HTTPS (HTTP/2) on `port`, with the full-size layer of the setup. */
export async function startTlsServer(dist, port) {
  const child = spawn(process.execPath, [join(here, "server.mjs"), dist], {
    cwd: root,
    env: { ...process.env, PORT: String(port), TLS: "1",
      ROWS_PER_YEAR: String(LIVE_SETUP.rows_per_year), YEARS: String(LIVE_SETUP.years) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `https://127.0.0.1:${port}`;
  return { child, base };
}

// Note when the KPI card first has a box (then the next animation frame, which paints it).
export const INIT = () => {
  window.__live = { kpi: null };
  const check = () => {
    const el = document.querySelector("[data-testid=kpi-total]");
    if (window.__live.kpi === null && el && el.getClientRects().length > 0) {
      requestAnimationFrame(() => { window.__live.kpi = performance.now(); });
      return true;
    }
    return false;
  };
  const obs = new MutationObserver(() => { if (check()) obs.disconnect(); });
  obs.observe(document, { childList: true, subtree: true });
};

/** Wait until `base` answers the full-size mock's layer description (it builds the layer on
 * the first request, a few seconds). */
async function warm(request, base) {
  for (let i = 0; ; i++) {
    try {
      const r = await request.get(`${base}/mock/big/FeatureServer/0?f=json`, { timeout: 120_000 });
      if (r.ok()) return;
    } catch (e) {
      if (i > 100) throw e;
    }
    await sleep(200);
  }
}

/**
 * Run `visit({ context, request, base, profile })` in a fresh persistent browser profile
 * (a temporary folder named from `prefix`) against the test server `server` ({ child, base }),
 * the mock's layer built first and every other host unreachable (the City's host must not be
 * reached); the browser, the profile and the server go when it ends.
 */
export async function inProfile({ server, prefix, executablePath, args }, visit) {
  const { child, base } = server;
  const profile = mkdtempSync(join(tmpdir(), prefix));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath, headless: true, args: [...args, "--ignore-certificate-errors"],
      ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 },
    });
    const request = context.request;
    await warm(request, base);
    await context.route((url) => !url.href.startsWith(base), (route) => route.abort("internetdisconnected"));
    return await visit({ context, request, base, profile });
  } finally {
    if (context) await context.close();
    rmSync(profile, { recursive: true, force: true });
    child.kill();
  }
}

/**
 * The same first visit in a plain headless Chromium (no DevTools client): the peak resident
 * memory of its renderer processes, in bytes, with the samples (ms, MB).
 */
export async function liveMemory({ dist, port, executablePath }) {
  // The test server's certificate is self-signed (made for this run).
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  const { child, base } = await startTlsServer(dist, port);
  const profile = mkdtempSync(join(tmpdir(), "crimecast-bench-mem-"));
  let chrome;
  try {
    const get = async (path) => {
      for (let i = 0; ; i++) {
        try {
          const r = await fetch(`${base}${path}`);
          if (r.ok) return r.json();
        } catch (e) {
          if (i > 600) throw e;
        }
        await sleep(200);
      }
    };
    await get("/mock/big/FeatureServer/0?f=json");
    await get("/mock/reset");
    chrome = spawn(executablePath, ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--ignore-certificate-errors", "--no-first-run", "--disable-background-networking", `--user-data-dir=${profile}`,
      "--window-size=1280,900", `${base}/?api=/mock/${SCENARIO}/FeatureServer/0/query`], { stdio: "ignore" });
    const started = performance.now();
    const samples = [];
    let peak = 0;
    let last = -1;
    let still = 0;
    while (performance.now() - started < 15 * 60_000) {
      await sleep(250);
      const rss = rendererRss(profile);
      if (rss !== null) {
        peak = Math.max(peak, rss);
        samples.push([Math.round(performance.now() - started), Math.round(rss / 1e6)]);
      }
      if (samples.length % 8 === 0) {
        const rows = Object.entries(await get("/mock/stats"))
          .filter(([k]) => k.startsWith("big")).reduce((a, [, c]) => a + (c.rows || 0), 0);
        // Done when the rows stop coming (3 s without a new one) after some have come.
        still = rows > 0 && rows === last ? still + 1 : 0;
        last = rows;
        if (still >= 2) break;
      }
    }
    return { peak_bytes: peak, samples, rows_sent: last };
  } finally {
    if (chrome && chrome.exitCode === null) {
      const exited = new Promise((done) => chrome.once("exit", done));
      chrome.kill();
      await Promise.race([exited, sleep(5000)]);
    }
    child.kill();
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch (e) {
      log(`could not remove ${profile}: ${e.message}`);
    }
  }
}

/**
 * One first visit against the full-size mock, measured. `port` is a free port for the HTTPS
 * server.
 */
export async function liveFirstVisit({ dist, port, executablePath, args }) {
  const server = await startTlsServer(dist, port);
  return inProfile({ server, prefix: "crimecast-bench-live-", executablePath, args }, async ({ context, request, base, profile }) => {
    await request.get(`${base}/mock/reset`);
    const page = context.pages()[0] || await context.newPage();
    await page.addInitScript(INIT);
    const t0 = Date.now();
    if (process.env.BENCH_TRACE) {
      context.on("requestfinished", (r) => {
        const u = new URL(r.url());
        const kind = u.searchParams.get("outStatistics") ? (u.searchParams.get("groupByFieldsForStatistics") ? "stats" : "distinct")
          : u.searchParams.get("returnCountOnly") ? "count" : u.searchParams.get("f") === "json" && !u.pathname.endsWith("query") ? "meta"
          : u.pathname.endsWith("query") ? "page" : u.pathname.split("/").pop();
        console.error(`[trace] ${Date.now() - t0} ${kind} sent ${Math.round(r.timing().startTime - t0)}`);
      });
    }
    const api = `/mock/${SCENARIO}/FeatureServer/0/query`;
    const peak = { js_wasm: 0, renderer_rss: null };
    const rssSamples = [];
    const sample = async () => {
      const s = await page.evaluate(() => ({
        js: performance.memory ? performance.memory.usedJSHeapSize : 0,
        wasm: Number(document.querySelector("[data-testid=memory]")?.getAttribute("data-wasm-bytes") || 0),
        loading: document.querySelector("[data-testid=progress]") !== null,
      })).catch(() => ({ js: 0, wasm: 0, loading: true }));
      peak.js_wasm = Math.max(peak.js_wasm, s.js + s.wasm);
      const rss = rendererRss(profile);
      if (rss !== null) {
        peak.renderer_rss = Math.max(peak.renderer_rss || 0, rss);
        rssSamples.push([Math.round(performance.now() - started), Math.round(rss / 1e6)]);
      }
      return s.loading;
    };
    const started = performance.now();
    const sampler = setInterval(() => { sample(); }, 500);
    try {
      await page.goto(`${base}/?api=${api}`, { waitUntil: "commit" });
      await page.waitForFunction(() => window.__live.kpi !== null, null, { timeout: 120_000, polling: 50 });
      const kpiMs = await page.evaluate(() => window.__live.kpi);
      const basis = (await page.getByTestId("kpi-basis").textContent().catch(() => "")) || "";
      log(`KPIs at ${kpiMs.toFixed(0)} ms (${basis.trim()})`);
      await page.getByRole("link", { name: "Forecast" }).click();
      await page.getByTestId("model-summary").filter({ hasText: /SARIMA/ }).waitFor({ timeout: 300_000 });
      const forecastMs = await page.evaluate(() => performance.now());
      const model = (await page.getByTestId("model-summary").textContent()).trim();
      log(`forecast at ${forecastMs.toFixed(0)} ms`);
      let rowsMs = null;
      const deadline = Date.now() + 15 * 60_000;
      while (rowsMs === null) {
        if (Date.now() > deadline) throw new Error("the rows did not finish loading in 15 minutes");
        if (await sample()) { await sleep(200); continue; }
        rowsMs = await page.evaluate(() => performance.now());
      }
      log(`all rows at ${rowsMs.toFixed(0)} ms`);
      await sample();
      const stats = await (await request.get(`${base}/mock/stats`)).json();
      const mine = Object.entries(stats).filter(([k]) => k.startsWith("big"));
      const sum = (f) => mine.reduce((a, [, c]) => a + f(c), 0);
      const bytes = sum((c) => c.bytes || 0);
      const rows = sum((c) => c.rows || 0);
      const requests = sum((c) => Object.values(c.requests || {}).reduce((a, b) => a + b, 0));
      const pageRequests = sum((c) => (c.requests || {}).page || 0);
      const details = page.getByTestId("quality");
      if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
      const read = Number((await page.getByTestId("q-read").textContent()).replace(/[^\d]/g, ""));
      return {
        setup: LIVE_SETUP,
        kpi_ms: kpiMs,
        kpi_basis: basis.trim(),
        forecast_ms: forecastMs,
        model,
        rows_ms: rowsMs,
        rows_read: read,
        rows_sent: rows,
        wire_bytes: bytes,
        bytes_per_row: rows > 0 ? bytes / rows : null,
        requests,
        page_requests: pageRequests,
        js_wasm_peak_bytes: peak.js_wasm,
        renderer_rss_instrumented_peak_bytes: peak.renderer_rss,
        renderer_rss_instrumented_mb_samples: rssSamples,
        stats,
      };
    } finally {
      clearInterval(sampler);
    }
  });
}
