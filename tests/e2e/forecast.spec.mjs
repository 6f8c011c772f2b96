import { test, expect } from "./fixtures.mjs";
import { checkForecastVsActual } from "./calibration.mjs";

test("forecast page: automatic SARIMAX with band, backtest against seasonal naive, residual checks", async ({ app, page }) => {
  await app.open("?src=demo&page=forecast");
  const summary = page.getByTestId("model-summary");
  await expect(summary).toContainText(/SARIMA\(\d,\d,\d\)\(\d,\d,\d,12\) chosen by AIC/, { timeout: 60_000 });
  await expect(page.getByTestId("backtest-verdict")).toContainText("seasonal-naive baseline");
  const lb = page.getByTestId("ljung-box");
  await expect(lb).toContainText(/Ljung–Box, 12 lags\): Q = [\d.]+, p [=<] [\d.]+ — (no significant autocorrelation|autocorrelated)/);
  expect((await lb.textContent()).match(/p [=<] /g)).toHaveLength(1);
  await expect(page.getByTestId("data-used")).toContainText("synthetic demo data");
  const chart = page.getByTestId("forecast-chart");
  await chart.getByRole("button", { name: "Show as table" }).click();
  const rows = chart.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(100);
  const last = await rows.last().locator("td").allTextContents();
  const [lower, mean, upper] = [Number(last[3]), Number(last[2]), Number(last[4])];
  expect(lower).toBeLessThan(mean);
  expect(mean).toBeLessThan(upper);
  const bt = page.getByTestId("backtest");
  await bt.getByRole("button", { name: "Show as table" }).click();
  await expect(bt.locator("tbody")).toContainText("Seasonal naive (average)");

  // Forecast vs actual: every backtest month counted (12 per origin), the last origin drawn.
  const origins = (await bt.locator("tbody tr").allTextContents()).filter((r) => r.startsWith("Seasonal naive") && !r.includes("average")).length;
  const cov = await checkForecastVsActual(page, "forecast-vs-actual", "months");
  expect(cov.n95).toBe(12 * origins);
});

test("the seed's SARIMA(1,1,1)(1,1,1,12) can be chosen and is kept in the URL", async ({ app, page }) => {
  await app.open("?src=demo&page=forecast");
  await expect(page.getByTestId("model-summary")).toContainText("chosen by AIC", { timeout: 60_000 });
  await page.getByTestId("order-seed").click();
  await expect(page).toHaveURL(/order=1,1,1,1,1,1/);
  await expect(page.getByTestId("model-summary")).toContainText("(order as set)", { timeout: 60_000 });
  await expect(page.getByTestId("model-summary")).toContainText("SARIMA(1,1,1)(1,1,1,12)");
  // Calendar regressors are tried with a hand-set order too, and the summary says what became of them.
  await expect(page.getByTestId("model-summary")).toContainText("calendar regressors");
  await page.reload();
  await expect(page.getByTestId("order-seed")).toHaveAttribute("aria-pressed", "true");
});

test("too short a window gives a clear message", async ({ app, page }) => {
  await app.open("?src=demo&page=forecast&from=2026-01-01");
  await expect(page.getByTestId("forecast-error")).toContainText("needs at least 36", { timeout: 60_000 });
});
