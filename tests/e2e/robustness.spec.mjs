import { test, expect } from "./fixtures.mjs";

test("a panic shows a readable error panel, not a blank page", async ({ page }) => {
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort("internetdisconnected"));
  await page.goto("/?src=demo&debug=panic");
  const panel = page.getByTestId("panic-panel");
  await expect(panel).toBeVisible();
  await expect(panel).toHaveAttribute("role", "alert");
  await expect(panel).toContainText("Something went wrong");
  await expect(panel.locator("pre")).toContainText("debug=panic");
  await expect(page.getByTestId("panic-copy")).toBeVisible();
  await expect(page.locator("h1")).toHaveText("crimecast");
});

test("a crashed worker is detected, restarted and the data reloaded", async ({ page }) => {
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort("internetdisconnected"));
  await page.goto("/?src=demo&debug=worker-panic");
  await expect(page.getByTestId("notices")).toContainText("stopped unexpectedly", { timeout: 30_000 });
  await expect(page.getByTestId("kpi-total")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("source-badge")).toContainText("Synthetic demo data");
  await expect(page.getByTestId("panic-panel")).toHaveCount(0);
});
