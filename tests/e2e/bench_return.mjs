// Visits after the first, at the City's scale, measured against the same full-size mock layer
// (ten years of 81,000 rows) and link (300 ms a request, one 50 Mbit/s link paced by the
// mock) as the first visit (bench_live.mjs):
// - liveReturnVisit: a first visit in a fresh browser profile loads every row and keeps its
//   copy; the mock then gains one new day of rows (POST /mock/change, addDays 1); the same
//   profile opens the page again. Measured: the time to the KPI card from navigation start,
//   the time to every row in, and the bytes on the wire of that visit (the mock's counters,
//   bodies as sent, reset between the visits) as a percentage of the first visit's.
// - snapshotSiteVisit: a first visit (fresh profile, no copy) to a site that publishes a
//   snapshot of the layer: data/snapshot.json + snapshot.ccs written by `crimecast snapshot`
//   against the mock, served by the site's own host after the same 300 ms and at 50 Mbit/s.
//   Measured: the times to the KPI card and to every row in (the live updates done). Over
//   HTTPS with HTTP/2 like the first visit; the snapshot writer trusts the test server's
//   throwaway certificate (`--ca-file`).
// Used by tests/e2e/bench.mjs (scripts/bench); not a Playwright spec.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { INIT, LIVE_SETUP, inProfile, startTlsServer } from "./bench_live.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const log = (...a) => console.error("[bench return]", ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const LAYER = `/mock/big/lat${LIVE_SETUP.latency_ms}/mbps${LIVE_SETUP.link_mbps}/FeatureServer/0`;

/** Bytes and rows the mock's full-size scenarios sent since the last reset. */
async function sent(request, base) {
  const stats = await (await request.get(`${base}/mock/stats`)).json();
  const mine = Object.entries(stats).filter(([k]) => k.startsWith("big")).map(([, c]) => c);
  const sum = (f) => mine.reduce((a, c) => a + f(c), 0);
  return {
    bytes: sum((c) => c.bytes || 0),
    rows: sum((c) => c.rows || 0),
    requests: sum((c) => Object.values(c.requests || {}).reduce((a, b) => a + b, 0)),
  };
}

/** Open the page at `url` in `page`: ms to the KPI card and to every row in (no progress
 * bar, and the badge matching `done` when given), and the row count read (from navigation
 * start, the page's clock). */
async function visit(page, url, done = null) {
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => window.__live.kpi !== null, null, { timeout: 120_000, polling: 50 }).catch(async (e) => {
    const badge = await page.getByTestId("source-badge").textContent().catch(() => "(no badge)");
    const notices = await page.getByTestId("notices").textContent().catch(() => "(no notices)");
    throw new Error(`no KPIs in 2 minutes (badge ${badge}; notices ${notices}): ${e.message}`);
  });
  const kpiMs = await page.evaluate(() => window.__live.kpi);
  const badge = (await page.getByTestId("source-badge").textContent()).trim();
  if (done) await page.getByTestId("source-badge").filter({ hasText: done }).waitFor({ timeout: 15 * 60_000 });
  await page.getByTestId("progress").waitFor({ state: "detached", timeout: 15 * 60_000 });
  const rowsMs = await page.evaluate(() => performance.now());
  const details = page.getByTestId("quality");
  if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
  const read = Number((await page.getByTestId("q-read").textContent()).replace(/[^\d]/g, ""));
  const after = (await page.getByTestId("source-badge").textContent()).trim();
  return { kpi_ms: kpiMs, rows_ms: rowsMs, rows_read: read, badge_at_kpi: badge, badge: after };
}

/** Wait until the browser's storage for the page's origin stops growing (the copy kept). */
async function copyKept(page) {
  let last = -1;
  for (let i = 0; i < 120; i++) {
    const used = await page.evaluate(async () => (await navigator.storage.estimate()).usage || 0);
    if (used > 1e6 && used === last) return used;
    last = used;
    await sleep(1000);
  }
  throw new Error("the browser's copy was not kept within 2 minutes");
}

/** A return visit after one new day, measured (see the top of this file). */
export async function liveReturnVisit({ dist, port, executablePath, args }) {
  const server = await startTlsServer(dist, port);
  return inProfile({ server, prefix: "crimecast-bench-return-", executablePath, args }, async ({ context, request, base }) => {
    const url = `${base}/?api=${LAYER}/query`;
    await request.get(`${base}/mock/reset`);
    const page = context.pages()[0] || await context.newPage();
    await page.addInitScript(INIT);
    const first = await visit(page, url);
    const kept = await copyKept(page);
    const firstWire = await sent(request, base);
    log(`first visit: ${first.rows_read} rows, ${(firstWire.bytes / 1e6).toFixed(1)} MB; copy ${(kept / 1e6).toFixed(1)} MB`);
    const change = await request.post(`${base}/mock/change?layer=${encodeURIComponent(LAYER)}`, { data: { addDays: 1 } });
    if (!change.ok()) throw new Error(`the mock did not change: ${await change.text()}`);
    const changed = await change.json();
    await request.get(`${base}/mock/reset`);
    const again = await visit(page, url, /\+ live updates/);
    const wire = await sent(request, base);
    log(`return visit: KPIs ${again.kpi_ms.toFixed(0)} ms, rows ${again.rows_ms.toFixed(0)} ms, ${(wire.bytes / 1e3).toFixed(0)} kB`);
    await request.post(`${base}/mock/change?layer=${encodeURIComponent(LAYER)}`, { data: { restore: true } });
    return {
      setup: LIVE_SETUP,
      kpi_ms: again.kpi_ms,
      rows_ms: again.rows_ms,
      rows_read: again.rows_read,
      badge_at_kpi: again.badge_at_kpi,
      badge: again.badge,
      rows_added: changed.added,
      wire_bytes: wire.bytes,
      rows_sent: wire.rows,
      requests: wire.requests,
      first_rows_read: first.rows_read,
      first_wire_bytes: firstWire.bytes,
      copy_bytes: kept,
      bytes_pct: (100 * wire.bytes) / firstWire.bytes,
    };
  });
}

/** The native CLI (the snapshot writer), if it is built. */
function cli() {
  const target = process.env.CARGO_TARGET_DIR || join(root, "target");
  return ["release", "debug"].map((p) => join(target, p, "crimecast")).find((f) => existsSync(f));
}

/** A first visit to a site that publishes a snapshot, measured (see the top of this file). */
export async function snapshotSiteVisit({ dist, port, executablePath, args }) {
  const bin = cli();
  if (!bin) throw new Error("no crimecast binary built (cargo build --release --bin crimecast)");
  const out = mkdtempSync(join(tmpdir(), "crimecast-bench-snapshot-"));
  // HTTPS with HTTP/2 as the first visit; the snapshot writer is told to trust the server's
  // throwaway certificate.
  const cert = join(out, "server-cert.pem");
  const child = spawn(process.execPath, [join(here, "server.mjs"), dist], {
    cwd: root,
    env: { ...process.env, PORT: String(port), TLS: "1", TLS_CERT_OUT: cert,
      ROWS_PER_YEAR: String(LIVE_SETUP.rows_per_year), YEARS: String(LIVE_SETUP.years) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const server = { child, base: `https://127.0.0.1:${port}` };
  const data = join(out, "data");
  try {
    return await inProfile({ server, prefix: "crimecast-bench-site-", executablePath, args }, async ({ context, request, base }) => {
      const endpoint = `${base}${LAYER}/query`;
      const started = performance.now();
      execFileSync(bin, ["snapshot", "--out", data, "--api", endpoint, "--ca-file", cert], { stdio: "ignore", timeout: 15 * 60_000 });
      const files = {
        json: readFileSync(join(data, "snapshot.json")),
        ccs: readFileSync(join(data, "snapshot.ccs")),
        gz: readFileSync(join(data, "snapshot.ccs.gz")),
      };
      log(`snapshot written in ${((performance.now() - started) / 1000).toFixed(1)} s: ${(files.ccs.length / 1e6).toFixed(1)} MB`);
      // The site's host serves its data/ folder after the same latency, at the link's speed.
      const served = { bytes: 0, files: [] };
      const serve = (body, type) => async (route) => {
        served.bytes += body.length;
        served.files.push(new URL(route.request().url()).pathname.split("/").pop());
        await sleep(LIVE_SETUP.latency_ms + (body.length * 8) / (LIVE_SETUP.link_mbps * 1e3));
        await route.fulfill({ body, contentType: type });
      };
      await context.route(/\/data\/snapshot\.json$/, serve(files.json, "application/json"));
      await context.route(/\/data\/snapshot\.ccs$/, serve(files.ccs, "application/octet-stream"));
      await context.route(/\/data\/snapshot\.ccs\.gz$/, serve(files.gz, "application/gzip"));
      await request.get(`${base}/mock/reset`);
      const page = context.pages()[0] || await context.newPage();
      await page.addInitScript(INIT);
      const v = await visit(page, `${base}/?api=${LAYER}/query`, /\+ live updates/);
      const wire = await sent(request, base);
      if (!/snapshot of/.test(v.badge)) throw new Error(`the site's snapshot was not used: ${v.badge}`);
      log(`site snapshot visit: KPIs ${v.kpi_ms.toFixed(0)} ms, rows ${v.rows_ms.toFixed(0)} ms`);
      return {
        setup: { ...LIVE_SETUP, http: "2" },
        ...v,
        snapshot_bytes: files.ccs.length,
        snapshot_gzip_bytes: files.gz.length,
        site_files: served.files,
        wire_bytes: wire.bytes + served.bytes,
        mock_rows_sent: wire.rows,
        requests: wire.requests,
      };
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
