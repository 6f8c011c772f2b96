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
  // The panic's own message names the cause (it is reported before the trap's error event).
  await expect(page.getByTestId("notices")).toContainText("stopped unexpectedly: ", { timeout: 30_000 });
  await expect(page.getByTestId("notices")).toContainText("debug=worker-panic");
  await expect(page.getByTestId("kpi-total")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("source-badge")).toContainText("Synthetic demo data");
  await expect(page.getByTestId("panic-panel")).toHaveCount(0);
});

test("a worker stuck in an endless loop mid-load is noticed by its heartbeat, replaced and the data reloaded", async ({ page }) => {
  test.setTimeout(120_000);
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort("internetdisconnected"));
  await page.goto("/?src=demo&debug=worker-hang");
  // The page itself stays responsive while the worker is stuck.
  await page.getByRole("link", { name: "Glossary" }).click();
  await expect(page.getByRole("heading", { name: "Glossary" })).toBeVisible();
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByTestId("notices")).toContainText("stopped answering for more than 30 seconds", { timeout: 90_000 });
  await expect(page.getByTestId("kpi-total")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("source-badge")).toContainText("Synthetic demo data");
  await expect(page.getByTestId("panic-panel")).toHaveCount(0);
});

test("a worker that runs out of memory is replaced and the data reloaded", async ({ page }) => {
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort("internetdisconnected"));
  await page.goto("/?src=demo&debug=worker-oom");
  await expect(page.getByTestId("notices")).toContainText("The analysis worker was replaced because it stopped unexpectedly (it ran out of memory or hit a fatal error", { timeout: 60_000 });
  await expect(page.getByTestId("kpi-total")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("source-badge")).toContainText("Synthetic demo data");
  await expect(page.getByTestId("panic-panel")).toHaveCount(0);
  // One replacement, not one per report of the same death.
  await expect(page.getByTestId("notices").getByText("The analysis worker was replaced")).toHaveCount(1);
});
