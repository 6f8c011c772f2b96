import { existsSync } from "node:fs";
import { test, expect } from "./fixtures.mjs";

const built = existsSync(new URL("../../dist-subpath/index.html", import.meta.url));

test("a build with --public-url /crimecast/ works from that sub-path", async ({ app, page }) => {
  test.skip(!built, "dist-subpath/ is built by ./scripts/test");
  await page.goto("/crimecast/?src=demo");
  await expect(page.getByTestId("kpi-total")).toBeVisible({ timeout: 30_000 });
  await expect(app.badge()).toContainText("Synthetic demo data");
  await page.getByTestId("nav-temporal").click();
  await expect(page).toHaveURL(/\/crimecast\/\?page=temporal/);
  await expect(page.getByTestId("peaks")).toContainText("busiest four hours");
  // An element's embed code loads the embed script from the same sub-path.
  await page.getByTestId("by-hour").getByTestId("embed-this").click();
  const snippet = await page.getByTestId("embed-snippet").inputValue();
  const origin = new URL(page.url()).origin;
  expect(snippet).toContain(`<iframe src="${origin}/crimecast/?embed=1&amp;view=temporal&amp;chart=by-hour`);
  expect(snippet).toContain(`<script async src="${origin}/crimecast/embed.js"></script>`);
  const script = await page.request.get(`${origin}/crimecast/embed.js`);
  expect(script.status()).toBe(200);
  expect(await script.text()).toContain("datawrapper-height");
});

test("the default build works from any path", async ({ app, page }) => {
  await page.goto("/anywhere/?src=demo");
  await expect(page.getByTestId("kpi-total")).toBeVisible({ timeout: 30_000 });
});
