// Return visits when something changed in between, against a small full-size-shaped mock
// layer (two years, 20,000 rows a year, pages of 1000, answers 300 ms late; a size of its
// own, so the change is not seen by return-visit.spec.mjs running beside it).
// - The layer: rows of one month are deleted on the server after the first visit (POST
//   /mock/change, see mock/change.mjs); the second visit shows the browser's copy at once,
//   then loads that month again whole and no other old month, ends with exactly the server's
//   rows, and says in the reconciliation that the month changed since the copy and was
//   loaded again.
// - The browser's storage: with a quota too small for the copy (set through the DevTools
//   protocol), the load still brings every row, the page says the copy is off, and the next
//   visit loads everything again without an error.
import { test, expect } from "./fixtures.mjs";

test.describe.configure({ timeout: 120_000 });

const LAYER = "/mock/big-1000/lat300/rpy20000/years2/FeatureServer/0";
const API = `${LAYER}/query`;
const DROPPED = 25;

// The month changed: March of last year (Detroit time), inside the two years.
const YEAR = new Date().getUTCFullYear() - 1;
const MONTH = `${YEAR}-03`;
// Its UTC bounds: local midnight of 1 March (EST, UTC-5) to that of 1 April (EDT, UTC-4).
const MONTH_FROM = Date.UTC(YEAR, 2, 1, 5);
const MONTH_TO = Date.UTC(YEAR, 3, 1, 4);

const change = (request, body) => request.post(`/mock/change?layer=${encodeURIComponent(LAYER)}`, { data: body });

/** The time range a page's where clause asks for ([from, to) in UTC ms), or null. */
function timeRange(where) {
  const at = (op) => {
    const m = where.match(new RegExp(`incident_occurred_at\\s*${op}\\s*TIMESTAMP\\s*'([^']+)'`));
    return m ? Date.parse(`${m[1].replace(" ", "T")}Z`) : null;
  };
  const from = at(">=");
  const to = at("<");
  return from === null && to === null ? null : [from ?? -Infinity, to ?? Infinity];
}

// Pages of rows the browser asked this layer for (the worker's requests included), counted
// from its own requests: those of rows above an object id (new rows), those whose time range
// overlaps the changed month, and those of any other time.
function pageCounter(context) {
  const n = { pages: 0, newRows: 0, month: 0, other: 0 };
  context.on("request", (r) => {
    const u = new URL(r.url());
    const q = u.searchParams;
    if (u.pathname !== API || !q.has("resultOffset") || q.get("returnCountOnly") || q.get("outStatistics")) return;
    n.pages += 1;
    const where = q.get("where") || "";
    const range = timeRange(where);
    if (/ESRI_OID\s*>/i.test(where)) n.newRows += 1;
    else if (range && range[0] >= MONTH_FROM && range[1] <= MONTH_TO) n.month += 1;
    else n.other += 1;
  });
  return n;
}

async function loaded(app, page) {
  await expect(page.getByTestId("kpi-total")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("progress")).toHaveCount(0, { timeout: 90_000 });
  await expect(app.badge()).not.toContainText("incomplete");
}

test.beforeAll(async ({ request }) => {
  await change(request, { restore: true });
  await request.get(`${LAYER}?f=json`);
});

test.afterAll(async ({ request }) => {
  await change(request, { restore: true });
});

test("a month changed on the server between visits is loaded again whole, and no other old month", async ({ app, page, request }) => {
  const counter = pageCounter(page.context());
  await page.goto(`/?api=${API}`);
  await loaded(app, page);
  const first = await app.quality();
  const firstPages = counter.pages;

  // Rows of March are deleted on the server.
  const r = await change(request, { dropMonth: MONTH, drop: DROPPED });
  expect(r.ok()).toBe(true);
  const server = await r.json();
  expect(server.deleted).toBe(DROPPED);

  const before = { ...counter };
  await page.goto(`/?api=${API}`);
  await expect(app.badge()).toContainText("cached data retrieved", { timeout: 30_000 });
  await loaded(app, page);
  await expect(app.badge()).toContainText(/cached \d{4}-\d\d-\d\d \+ live updates/);
  // The changed month came again whole (its 1,600-odd rows need two pages at least), no
  // other month did.
  const month = counter.month - before.month;
  const other = counter.other - before.other;
  console.log(`second visit: ${month} page(s) of ${MONTH}, ${other} of other months, ${counter.newRows - before.newRows} of new rows (first visit ${firstPages})`);
  expect(month).toBeGreaterThanOrEqual(2);
  expect(other).toBe(0);
  // Exactly the server's rows now: the first visit's, less the deleted ones (none of them
  // dropped in cleaning: rows are spread evenly over the month), every month equal to the
  // server's count.
  const second = await app.quality();
  console.log(`rows kept ${first.kept} then ${second.kept}; read ${first.read} then ${second.read}`);
  expect(second.kept).toBe(first.kept - DROPPED);
  // The month's accounting was taken back with its rows: rows read fell by as many.
  expect(second.read).toBe(first.read - DROPPED);
  const reconciliation = page.getByTestId("reconciliation");
  await expect(reconciliation).toContainText(/: all \d+ months agree with the server's counts/);
  await expect(reconciliation).toContainText(
    new RegExp(`month ${MONTH} changed on the server since the copy of \\d{4}-\\d\\d-\\d\\d and was loaded again`),
  );
  await change(request, { restore: true });
});

test("a storage quota too small for the copy: every row still loads, the page says so, the next visit loads all again", async ({ app, page, baseURL }) => {
  const counter = pageCounter(page.context());
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Storage.overrideQuotaForOrigin", { origin: new URL(baseURL).origin, quotaSize: 1000 });
  await page.goto(`/?api=${API}`);
  await loaded(app, page);
  await expect(app.badge()).not.toContainText("cached");
  // Every row: each month's rows equal the server's count.
  await expect(page.getByTestId("reconciliation")).toHaveText(/: all \d+ months agree with the server's counts\.$/);
  await expect(page.getByTestId("notices")).toContainText("This browser could not keep a copy of the data");
  await expect(page.getByTestId("notices")).toContainText("the next visit loads it all again");
  const first = await app.quality();
  const firstPages = counter.pages;

  // The next visit has no copy to start from: it loads every page again, and ends as well.
  await page.goto(`/?api=${API}`);
  await loaded(app, page);
  await expect(app.badge()).not.toContainText("cached");
  await expect(page.getByTestId("reconciliation")).toHaveText(/: all \d+ months agree with the server's counts\.$/);
  expect(await app.quality()).toEqual(first);
  expect(counter.pages - firstPages).toBeGreaterThanOrEqual(firstPages);
});
