import { test, expect } from "./fixtures.mjs";
import { checkForecastVsActual } from "./calibration.mjs";

// Pixels of the map that are neither the background (#e9edf1) nor plain land (#fbfbfa).
async function colouredShare(page) {
  return page.getByTestId("map-canvas").evaluate((c) => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b] = [d[i], d[i + 1], d[i + 2]];
      const bg = Math.abs(r - 233) + Math.abs(g - 237) + Math.abs(b - 241) < 8;
      const land = Math.abs(r - 251) + Math.abs(g - 251) + Math.abs(b - 250) < 8;
      if (!bg && !land) coloured++;
    }
    return coloured / (d.length / 4);
  });
}

async function download(page, scope) {
  const [file] = await Promise.all([page.waitForEvent("download"), scope.getByTestId("export-csv").click()]);
  const text = await (await file.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  return { name: file.suggestedFilename(), lines: text.trim().split("\n") };
}

async function openAllocation(app, page, query = "") {
  await app.open(`?src=demo&page=allocation${query}`);
  const ranking = page.getByTestId("ranking");
  await expect(ranking.locator("tbody tr")).toHaveCount(11, { timeout: 60_000 });
  return ranking;
}

const precinctOrder = (ranking) => ranking.locator("tbody tr td:nth-child(2)").allTextContents();

test("the allocation page ranks the 11 precincts, re-ranks with new weights and exports the ranking", async ({ app, page }) => {
  const ranking = await openAllocation(app, page);
  await expect(page.getByTestId("risk")).toContainText("not of danger, and not of people");
  await expect(page.getByTestId("risk-formula")).toContainText("score = 0.60 × (next-12-month forecast ÷ largest forecast) + 0.40 ×");
  await expect(page.getByTestId("alloc-timing")).toContainText("11 precinct models fitted and forecast in");
  const before = await precinctOrder(ranking);
  expect(new Set(before).size).toBe(11);
  expect((await ranking.locator("tbody tr").first().locator("td").first().textContent()).trim()).toBe("1");

  // Momentum only: the weights are normalised with a message, the order changes, the URL keeps it.
  await page.getByTestId("weight-forecast").fill("0");
  await page.getByTestId("weight-forecast").press("Tab");
  await expect(page).toHaveURL(/rw=0,0\.4/);
  await expect(page.getByTestId("weight-note")).toContainText("do not sum to 1");
  await expect(page.getByTestId("risk-formula")).toContainText("score = 0.00 ×");
  await expect.poll(() => precinctOrder(ranking)).not.toEqual(before);
  // A negative weight is refused and the last valid weights stay.
  await page.getByTestId("weight-momentum").fill("-1");
  await page.getByTestId("weight-momentum").press("Tab");
  await expect(page.getByTestId("weight-error")).toContainText("must not be negative");
  await expect(page).toHaveURL(/rw=0,0\.4/);
  // The trend window is a URL key too.
  await page.getByTestId("trend-12").click();
  await expect(page).toHaveURL(/tw=12/);
  await expect(page.getByTestId("risk-formula")).toContainText("last 12 months");

  const csv = await download(page, ranking);
  expect(csv.name).toBe("crimecast-ranking.csv");
  expect(csv.lines[0]).toContain("reported incidents, not crime rates");
  expect(csv.lines[1]).toMatch(/^Rank,Precinct,Score,Next-12-month forecast/);
  expect(csv.lines.length).toBe(13);
  await page.reload();
  await expect(page.getByTestId("weight-forecast")).toHaveValue("0", { timeout: 60_000 });
});

test("the risk map is drawn, has a table view and answers the keyboard", async ({ app, page }) => {
  await openAllocation(app, page);
  const canvas = page.getByTestId("map-canvas");
  await expect(canvas).toHaveAttribute("data-ready", "true");
  await expect(canvas).toHaveAttribute("aria-label", /Composite Risk Score of 11 precincts/);
  await expect.poll(() => colouredShare(page)).toBeGreaterThan(0.3);
  await expect(page.getByTestId("risk-legend")).toContainText("Trend increasing");
  await canvas.focus();
  await page.keyboard.press("+");
  await expect(canvas).toHaveAttribute("data-zoom", "1.500");
  await expect(page.getByTestId("map-readout")).toContainText(/At the crosshair: Precinct \d\d: rank \d+ of 11, score 0\.\d\d/);
  await page.getByTestId("risk-map-table-toggle").click();
  await expect(page.getByTestId("risk-map-table").locator("tbody tr")).toHaveCount(11);
});

test("staffing patterns in words, shift boundaries in the URL, forecast and staffing exports", async ({ app, page }) => {
  await openAllocation(app, page, "&sa=09");
  const peak = page.getByTestId("peak-window");
  await expect(peak).toContainText(/^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days \d\d:00–\d\d:00 carry \d+\.\d % of weekly incidents in precinct 09/);
  await expect(page.getByTestId("default-times-note")).toContainText("Left out");
  await page.getByTestId("peak-hours").selectOption("4");
  await expect(page).toHaveURL(/peak=4/);
  await expect(peak).toContainText("next busiest 4-hour window");

  await page.getByTestId("shift-0").fill("6");
  await page.getByTestId("shift-0").press("Tab");
  await expect(page).toHaveURL(/shifts=6,15,23/);
  const shifts = page.getByTestId("staffing-shifts");
  await shifts.getByRole("button", { name: "Show as table" }).click();
  await expect(shifts.locator("tbody tr").first()).toContainText("06:00–15:00");
  const shares = (await shifts.locator("tbody tr td:nth-child(4)").allTextContents()).map(Number);
  expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
  await page.getByTestId("shift-1").fill("6");
  await page.getByTestId("shift-1").press("Tab");
  await expect(page.getByTestId("shift-error")).toContainText("same hour");

  const forecasts = await download(page, page.getByTestId("precinct-forecasts-chart"));
  expect(forecasts.lines[1]).toBe("Precinct,Month,Forecast,Lower 95 %,Upper 95 %,Model");
  expect(forecasts.lines.length).toBe(2 + 11 * 12);
  const staffing = await download(page, page.getByTestId("staffing-peaks"));
  expect(staffing.lines.length).toBe(2 + 12);
  expect(staffing.lines[2]).toMatch(/^Citywide,\w+days/);
});

test("the fits report precinct k of 11 and can be cancelled", async ({ app, page }) => {
  await app.open("?src=demo&page=allocation&amodel=auto");
  const progress = page.getByTestId("alloc-progress");
  await expect(progress).toContainText(/Fitting precinct \d+ of 11/, { timeout: 30_000 });
  await expect(page.getByTestId("alloc-auto")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("alloc-cancel").click();
  await expect(page.getByTestId("alloc-error")).toContainText("Cancelled");
  await expect(progress).toHaveCount(0);
  await expect(page.getByTestId("alloc-refit")).toBeVisible();
});

test("precinct and category forecasts add up after reconciliation, by every method", async ({ app, page }) => {
  await openAllocation(app, page);
  const panel = page.getByTestId("hierarchy");
  const rows = panel.getByTestId("rec-sum-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).locator("th")).toHaveText("Precincts");
  await expect(rows.nth(1).locator("th")).toHaveText("Offense categories");
  await expect(page.getByTestId("rec-mint")).toHaveAttribute("aria-pressed", "true");
  const num = (t) => Number(t.replace(/[^0-9−-]/g, "").replace("−", "-"));
  const sums = async (row) => ({
    baseParts: num(await row.getByTestId("rec-base-parts").textContent()),
    baseTotal: num(await row.getByTestId("rec-base-total").textContent()),
    afterParts: num(await row.getByTestId("rec-after-parts").textContent()),
    afterTotal: num(await row.getByTestId("rec-after-total").textContent()),
  });
  for (const key of ["mint", "ols", "bu"]) {
    if (key !== "mint") {
      await page.getByTestId(`rec-${key}`).click();
      await expect(page).toHaveURL(new RegExp(`rec=${key}`));
    }
    for (let i = 0; i < 2; i++) {
      const s = await sums(rows.nth(i));
      // Before: two separate forecasts (they need not agree); after: the same number.
      expect(s.baseParts).toBeGreaterThan(0);
      expect(s.baseTotal).toBeGreaterThan(0);
      expect(s.afterParts).toBe(s.afterTotal);
      // Reconciled totals lie between (or at) the two base forecasts for OLS and bottom-up.
      if (key === "bu") expect(s.afterTotal).toBe(s.baseParts);
    }
  }
  await expect(panel.getByTestId("rec-words").first()).toContainText("after bottom-up both are");
  // The reconciled series with their bands: citywide plus every modelled precinct.
  await expect(panel.getByTestId("rec-series").first().locator("tbody tr")).toHaveCount(12);
  await expect(panel.getByTestId("rec-series").nth(1).locator("tbody tr")).toHaveCount(7);
  await expect(panel.getByTestId("rec-series").first()).toContainText(/\d \(\d[\d,]* to \d[\d,]*\)/);
  await page.reload();
  await expect(page.getByTestId("rec-bu")).toHaveAttribute("aria-pressed", "true", { timeout: 60_000 });
});

test("each precinct's forecast vs actual states its band coverage", async ({ app, page }) => {
  await openAllocation(app, page);
  const first = await checkForecastVsActual(page, "precinct-vs-actual", "months");
  // The models table gives the backtest origins: 12 months held out at each.
  const models = page.getByTestId("precinct-models");
  await models.getByRole("button", { name: "Show as table" }).click();
  const row = await models.locator("tbody tr").first().locator("td").allTextContents();
  expect(first.n95).toBe(12 * Number(row[6]));
  // Another precinct: its own numbers, as consistent.
  await page.getByTestId("forecast-precinct").selectOption({ index: 3 });
  await checkForecastVsActual(page, "precinct-vs-actual", "months");
});
