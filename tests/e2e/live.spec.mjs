import { test, expect } from "./fixtures.mjs";

const CUSTOM = /Custom source: 127\.0\.0\.1:\d+/;

test.beforeEach(async ({ request }) => {
  await request.get("/mock/reset");
});

test("the live API path loads with a progress bar and server-side counts first", async ({ app, page }) => {
  await page.goto("/?src=live&api=/mock/slow/query");
  await expect(page.getByTestId("progress")).toBeVisible();
  await expect(page.getByTestId("progress")).toContainText(/of 5,000 rows/);
  await expect(page.getByTestId("live-summary")).toContainText("5,000");
  // The mock is not the City's own layer: its data are labelled by host, never as City data.
  await expect(app.badge()).toContainText(CUSTOM, { timeout: 30_000 });
  await expect(app.badge()).not.toContainText("incomplete");
  await expect(page.getByTestId("progress")).toHaveCount(0);
  await page.getByTestId("quality").locator("summary").click();
  const q = await app.quality();
  expect(q.read).toBe(5000);
  expect(q.read).toBe(q.kept + q.dropped);
});

const FAULTS = {
  fail500: "HTTP 500",
  error200: "Unable to complete operation",
  truncated: "retrying",
  drop: "retrying",
  r429: "HTTP 429",
  // Detected by ESRI_OID continuity: the rows of page 0 again, or a page cut short.
  repeat: "repeats 2000 row(s) already loaded (ESRI_OID 1 to 2000)",
  // A short page whose server says more rows follow is taken as the server's page size: its
  // rows are kept and the rest asked for in pages of that size (no retry needed).
  missing: "asking for pages of that size",
};
for (const [scenario, said] of Object.entries(FAULTS)) {
  test(`live loading survives a ${scenario} fault by retrying`, async ({ app, page }) => {
    await page.goto(`/?src=live&api=/mock/${scenario}/query`);
    await expect(page.getByTestId("notices")).toContainText(said, { timeout: 30_000 });
    if (scenario !== "missing") await expect(page.getByTestId("notices")).toContainText("retrying");
    await expect(app.badge()).toContainText(CUSTOM, { timeout: 30_000 });
    await expect(app.badge()).not.toContainText("incomplete", { timeout: 30_000 });
    await page.getByTestId("quality").locator("summary").click();
    const q = await app.quality();
    expect(q.read).toBe(5000);
    expect(q.read).toBe(q.kept + q.dropped);
  });
}

test("a failing live load keeps the data already shown", async ({ app, page }) => {
  await app.open("?src=demo&api=/mock/down/query");
  const total = await app.total();
  await page.getByTestId("load-live").click();
  await expect(page.getByTestId("failure")).toContainText("HTTP 503", { timeout: 60_000 });
  await expect(app.badge()).toContainText("Synthetic demo data");
  expect(await app.total()).toBe(total);
});

test("an empty live window says so", async ({ app, page }) => {
  await page.goto("/?src=live&api=/mock/empty/query");
  await expect(page.getByTestId("failure")).toContainText("no incidents in this window");
});

test("a renamed field halfway stops with a schema message and offers the partial rows", async ({ app, page }) => {
  await page.goto("/?src=live&api=/mock/schema/query");
  await expect(page.getByTestId("failure")).toContainText("changed its fields");
  await expect(page.getByTestId("failure")).toContainText("incident_occurred_at");
  await page.getByTestId("failure").getByRole("button", { name: /Use the .* rows loaded so far/ }).click();
  await expect(app.badge()).toContainText("(incomplete)");
});

test("cancel stops a live load", async ({ app, page }) => {
  await page.goto("/?src=live&api=/mock/slowall/query");
  await expect(page.getByTestId("progress")).toBeVisible();
  await page.getByTestId("cancel").click();
  await expect(page.getByTestId("failure")).toContainText("Cancelled");
});
