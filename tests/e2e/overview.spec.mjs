import { test, expect } from "./fixtures.mjs";

test("opens offline on synthetic demo data with KPIs, labelled as synthetic", async ({ app, page }) => {
  await page.goto("/");
  await expect(app.badge()).toContainText("Synthetic demo data", { timeout: 30_000 });
  await expect(page.getByTestId("notices")).toContainText("Live data could not be loaded");
  await expect(page.getByTestId("kpi-total")).toBeVisible();
  expect(await app.total()).toBeGreaterThan(50_000);
  await expect(page.getByTestId("ethics")).toHaveText(/reported incidents, not crime rates/);
  await expect(page.locator("[data-testid=kpi-category] .kpi-value")).not.toHaveText("—");
  await expect(page.getByTestId("heatmap").locator("figcaption")).toContainText("Synthetic demo data");
});

test("a filter changes the heatmap and the URL; reload and back restore the view", async ({ app, page }) => {
  await app.open();
  const before = { total: await app.total(), table: await app.heatmapTable(), pixels: await app.heatmapPixels() };
  await page.getByTestId("precinct-08").click();
  await expect(page).toHaveURL(/pct=08/);
  await expect.poll(() => app.total()).toBeLessThan(before.total);
  const after = { total: await app.total(), table: await app.heatmapTable() };
  expect(after.table).not.toEqual(before.table);
  await expect.poll(() => app.heatmapPixels()).not.toEqual(before.pixels);

  await page.reload();
  await expect(page.getByTestId("precinct-08")).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => app.total()).toBe(after.total);
  expect(await app.heatmapTable()).toEqual(after.table);

  await page.goBack();
  await expect(page).not.toHaveURL(/pct=08/);
  await expect.poll(() => app.total()).toBe(before.total);
});

test("the data-quality panel adds up", async ({ app, page }) => {
  await app.open();
  await expect(page.getByTestId("progress")).toHaveCount(0, { timeout: 60_000 });
  await page.getByTestId("quality").locator("summary").click();
  const q = await app.quality();
  expect(q.read).toBeGreaterThan(800_000);
  expect(q.read).toBe(q.kept + q.dropped);
  let perRule = 0;
  const rules = page.locator('[data-testid^="dropped-"]');
  expect(await rules.count()).toBeGreaterThanOrEqual(7);
  for (const cell of await rules.all()) perRule += Number((await cell.textContent()).replace(/,/g, ""));
  expect(perRule).toBe(q.dropped);
  await expect(page.getByTestId("quality-balance")).toContainText("✓");
});

test("charts have accessible names and table views", async ({ app, page }) => {
  await app.open();
  for (const id of ["heatmap", "categories", "trend"]) {
    const canvas = page.getByTestId(id).locator("canvas");
    await expect(canvas).toHaveAttribute("role", "img");
    await expect(canvas).toHaveAttribute("aria-label", /\d/);
    const toggle = page.getByTestId(id).getByRole("button", { name: "Show as table" });
    await toggle.click();
    await expect(page.getByTestId(id).locator("table")).toBeVisible();
    await expect(page.getByTestId(id).getByRole("button", { name: "Show as chart" })).toHaveAttribute("aria-pressed", "true");
  }
});
