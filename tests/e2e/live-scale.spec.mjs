// The default open at the City's scale, against the full-size mock layer: opened the way a
// visitor opens the page (no src; api= only points it at the mock). The KPIs come first from
// the server's counts, labelled; the Forecast page fits a monthly model and the allocation page
// ranks the 11 precincts; the LSTM trains once the rows are in; the badge and the quality
// panel reconcile the rows with the counts; no message asks to widen the date range. Then the
// faults at scale, on a smaller layer (10 years, 20,000 rows a year, 100+ pages).
import { test, expect } from "./fixtures.mjs";

test.describe.configure({ timeout: 300_000 });

const CUSTOM = /Custom source: 127\.0\.0\.1:\d+/;
const BIG = "/mock/big/FeatureServer/0/query";

test.beforeEach(async ({ request }) => {
  await request.get("/mock/reset");
  // The layer is generated on its first request (about 2 s): warm it before timing anything.
  await request.get("/mock/big/FeatureServer/0?f=json");
  await request.get("/mock/big/rpy20000/FeatureServer/0?f=json");
});

const number = (text) => Number(text.replace(/[^\d]/g, ""));

async function qualityRead(page) {
  const details = page.getByTestId("quality");
  if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
  return number(await page.getByTestId("q-read").textContent());
}

// The offense rows the server counted in the window, as the source panel shows them while
// rows load. (The mock's own counters are shared by the tests running in parallel.)
async function serverTotal(page) {
  const summary = page.getByTestId("live-summary");
  await expect(summary).toBeVisible({ timeout: 60_000 });
  return number(await summary.locator("strong").textContent());
}

async function expectNoWiden(page) {
  await expect(page.locator("body")).not.toContainText(/widen the date range/i);
}

test("a first visit at full scale: counts first, then rows, forecast, ranking, LSTM and reconciliation", async ({ app, page }) => {
  await page.goto(`/?api=${BIG}&epochs=3`);
  // While rows load, the KPIs come from the server's counts, and say so.
  await expect(page.getByTestId("progress")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("kpi-basis")).toContainText("From the custom source's server counts", { timeout: 30_000 });
  await expect(page.getByTestId("progress")).toBeVisible();
  await expect(page.getByTestId("kpi-total")).toBeVisible();
  await expect(app.badge()).toContainText(CUSTOM);
  await expect(app.badge()).toContainText("(incomplete)");
  const counted = await serverTotal(page);
  await expectNoWiden(page);

  // The Forecast page fits a monthly model on ten years of months.
  await page.getByRole("link", { name: "Forecast" }).click();
  await expect(page.getByTestId("model-summary")).toContainText(/SARIMA\(\d,\d,\d\)\(\d,\d,\d,12\)/, { timeout: 120_000 });
  await expect(page.getByTestId("forecast-error")).toHaveCount(0);
  await expectNoWiden(page);

  // The allocation page ranks all 11 precincts.
  await page.getByRole("link", { name: "Resource allocation" }).click();
  await expect(page.getByTestId("ranking").locator("tbody tr")).toHaveCount(11, { timeout: 180_000 });
  await expectNoWiden(page);

  // Every row in: the badge is complete and the quality panel reconciles month by month.
  await expect(page.getByTestId("progress")).toHaveCount(0, { timeout: 240_000 });
  await expect(app.badge()).not.toContainText("incomplete");
  expect(await qualityRead(page)).toBe(counted);
  await expect(page.getByTestId("reconciliation")).toContainText(/all \d+ months agree with the server's counts/);

  // The LSTM trains on the whole history.
  await page.getByRole("link", { name: "LSTM" }).click();
  await expect(page.getByTestId("lstm-train")).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId("lstm-train").click();
  await expect(page.getByTestId("lstm-summary")).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId("lstm-error")).toHaveCount(0);
  await expectNoWiden(page);
});

test("while the rows load, the LSTM page counts the weeks loaded and trains once they are in", async ({ page }) => {
  // 200,000 rows on a 5 Mbit/s link: the rows take long enough to watch them arrive.
  await page.goto("/?api=/mock/big/rpy20000/lat300/mbps5/FeatureServer/0/query&page=lstm");
  const waiting = page.getByTestId("lstm-waiting");
  await expect(waiting).toContainText(/Weeks loaded: \d+ of 176\./, { timeout: 60_000 });
  await expect(page.getByTestId("lstm-train")).toBeDisabled();
  const weeks = async () => Number(/Weeks loaded: (\d+)/.exec(await waiting.textContent())[1]);
  const before = await weeks();
  expect(before).toBeLessThan(176);
  // More weeks as more rows arrive, then training is offered on the whole history.
  await expect.poll(weeks, { timeout: 120_000 }).toBeGreaterThan(before);
  await expect(page.getByTestId("lstm-train")).toBeEnabled({ timeout: 240_000 });
  await expect(waiting).toHaveCount(0);
  await expectNoWiden(page);
});

const FAULTS = {
  "big-late-500": "HTTP 500",
  "big-429": "HTTP 429",
  "big-1000": null, // the layer describes its 1,000-row pages: no notice, just more pages
  "big-no-metadata": "did not describe itself",
  "big-stats-error": "retrying",
};
for (const [scenario, said] of Object.entries(FAULTS)) {
  test(`a ${scenario} fault at scale completes with every row`, async ({ app, page, request }) => {
    await request.get(`/mock/${scenario}/rpy20000/FeatureServer/0?f=json`);
    await request.get("/mock/reset"); // re-arms the once-only fault after the warm-up
    await page.goto(`/?api=/mock/${scenario}/rpy20000/FeatureServer/0/query`);
    const counted = await serverTotal(page);
    if (said) await expect(page.getByTestId("notices")).toContainText(said, { timeout: 120_000 });
    await expect(page.getByTestId("progress")).toHaveCount(0, { timeout: 240_000 });
    await expect(app.badge()).toContainText(CUSTOM);
    await expect(app.badge()).not.toContainText("incomplete");
    await expect(page.getByTestId("failure")).toHaveCount(0);
    // Every row counted by the server is read exactly once (a retried page is not counted
    // twice), month by month.
    expect(counted).toBeGreaterThan(190_000);
    expect(await qualityRead(page)).toBe(counted);
    await expect(page.getByTestId("reconciliation")).toContainText(/all \d+ months agree/);
  });
}
