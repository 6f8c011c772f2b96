// Return visits, against a small full-size-shaped mock layer (three years, 20,000 rows a year,
// pages of 1000): the first visit loads every row and keeps them in the browser; the same
// browser opened again shows them at once from its copy, and asks the layer only for what
// changed (no row sent again); "Forget cached data" deletes the copy, so the next visit loads
// everything again. A site publishing its own snapshot (data/snapshot.json + .ccs, written by
// `crimecast snapshot` against the mock) starts from it and says so.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test, expect } from "./fixtures.mjs";

test.describe.configure({ timeout: 120_000 });

// The answers come 300 ms late, so the copy is on screen a while before its refresh ends.
const SCENARIO = "big-1000";
const LAYER = `/mock/${SCENARIO}/lat300/rpy20000/years3/FeatureServer/0`;
const API = `${LAYER}/query`;

test.beforeAll(async ({ request }) => {
  // The layer is generated on its first request: warm it.
  await request.get(`${LAYER}?f=json`);
});

// Pages of rows the browser asked this layer for (the worker's requests included), counted
// here rather than by the mock's counters, which other specs reset while this one runs.
function pageCounter(context) {
  const n = { pages: 0 };
  context.on("request", (r) => {
    const u = new URL(r.url());
    const q = u.searchParams;
    if (u.pathname === `${LAYER}/query` && q.has("resultOffset") && !q.get("returnCountOnly") && !q.get("outStatistics")) {
      n.pages += 1;
    }
  });
  return n;
}

async function loaded(app, page) {
  await expect(page.getByTestId("kpi-total")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("progress")).toHaveCount(0, { timeout: 90_000 });
  await expect(app.badge()).not.toContainText("incomplete");
}

test("a return visit starts from the browser's copy and fetches no old rows; forgetting it loads everything again", async ({ app, page }) => {
  const counter = pageCounter(page.context());
  // (a) The first visit loads every row (pages of 1000).
  await page.goto(`/?api=${API}`);
  await loaded(app, page);
  await expect(app.badge()).not.toContainText("cached");
  const total = await app.total();
  const firstPages = counter.pages;
  expect(firstPages).toBeGreaterThan(50);

  // The same browser opens the page again: the kept rows are shown before any answer, then
  // refreshed; no page of old rows is asked for again (the layer has not changed): only the
  // page of rows above the kept largest object id.
  let before = counter.pages;
  await page.goto(`/?api=${API}`);
  await expect(app.badge()).toContainText("cached data retrieved", { timeout: 30_000 });
  await expect(page.getByTestId("kpi-total")).toBeVisible();
  await loaded(app, page);
  await expect(app.badge()).toContainText(/cached \d{4}-\d\d-\d\d \+ live updates/);
  expect(await app.total()).toBe(total);
  expect(counter.pages - before).toBeLessThan(3);

  // "Refresh now" refreshes from the copy too.
  before = counter.pages;
  await page.getByTestId("refresh-live").click();
  await loaded(app, page);
  await expect(app.badge()).toContainText("+ live updates");
  expect(await app.total()).toBe(total);
  expect(counter.pages - before).toBeLessThan(3);

  // (b) Forget the copy: the page says so, and the next visit loads every page again.
  await page.getByTestId("forget-cache").click();
  await expect(page.getByTestId("notices")).toContainText("The data kept in this browser were forgotten");
  before = counter.pages;
  await page.goto(`/?api=${API}`);
  await loaded(app, page);
  await expect(app.badge()).not.toContainText("cached");
  expect(await app.total()).toBe(total);
  expect(counter.pages - before).toBeGreaterThanOrEqual(firstPages);
});

// The native CLI `cargo test` builds (the snapshot writer), if it is there.
function cli() {
  const target = process.env.CARGO_TARGET_DIR || resolve(import.meta.dirname, "../../target");
  return ["debug", "release"].map((p) => join(target, p, "crimecast")).find((f) => existsSync(f));
}

test("a site that publishes a snapshot starts from it and says so", async ({ app, page, baseURL }) => {
  const bin = cli();
  if (!bin) {
    console.log("skipped: no crimecast binary built (run cargo build --bin crimecast)");
    test.skip();
    return;
  }
  const out = mkdtempSync(join(tmpdir(), "crimecast-snapshot-"));
  try {
    const endpoint = new URL(API, baseURL).href;
    execFileSync(bin, ["snapshot", "--out", out, "--api", endpoint], { stdio: "ignore", timeout: 90_000 });
    const json = readFileSync(join(out, "snapshot.json"));
    const ccs = readFileSync(join(out, "snapshot.ccs"));
    // The site's own host serves its data/ folder (routed for the context: the worker asks).
    const context = page.context();
    await context.route(/\/data\/snapshot\.json$/, (route) => route.fulfill({ body: json, contentType: "application/json" }));
    await context.route(/\/data\/snapshot\.ccs$/, (route) => route.fulfill({ body: ccs, contentType: "application/octet-stream" }));
    const first = [];
    context.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (/snapshot\.(json|ccs)$/.test(path) || path.startsWith("/mock/")) first.push(r.url());
    });
    await page.goto(`/?api=${API}`);
    await expect(app.badge()).toContainText("snapshot of", { timeout: 30_000 });
    await loaded(app, page);
    await expect(app.badge()).toContainText(/snapshot of \d{4}-\d\d-\d\d \+ live updates/);
    // Its first data request went to its own host, for the description.
    expect(new URL(first[0]).origin).toBe(new URL(baseURL).origin);
    expect(first[0]).toMatch(/\/data\/snapshot\.json$/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
