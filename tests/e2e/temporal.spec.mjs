import { test, expect } from "./fixtures.mjs";

test("temporal page: navigation, resolutions in the URL, profiles in words and tables", async ({ app, page }) => {
  await app.open();
  // The demo data stream in (newest months first); count weeks once all have arrived.
  await expect(page.getByTestId("progress")).toHaveCount(0, { timeout: 60_000 });
  await page.getByTestId("nav-temporal").click();
  await expect(page).toHaveURL(/page=temporal/);
  await expect(page.getByTestId("nav-temporal")).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("peaks")).toContainText("busiest four hours");
  const series = page.getByTestId("series");
  await series.getByRole("button", { name: "Show as table" }).click();
  const weekly = await series.locator("tbody tr").count();
  expect(weekly).toBeGreaterThan(400); // ~10 years of ISO weeks
  await page.getByTestId("res-monthly").click();
  await expect(page).toHaveURL(/res=monthly/);
  await expect.poll(() => series.locator("tbody tr").count()).toBeLessThan(weekly / 4);
  const adf = page.getByTestId("adf-verdict");
  await expect(adf).toContainText(/Dickey–Fuller test .*: statistic -?[\d.]+, p [=<] [\d.]+ — (stationary at|non-stationary)/);
  expect((await adf.textContent()).match(/p [=<] /g)).toHaveLength(1);
  const byHour = page.getByTestId("by-hour");
  await byHour.getByRole("button", { name: "Show as table" }).click();
  await expect(byHour.locator("tbody tr")).toHaveCount(24);
  await page.goBack();
  await expect(page).not.toHaveURL(/res=monthly/);
  await page.goBack();
  await expect(page.getByTestId("overview")).toBeVisible();
});
