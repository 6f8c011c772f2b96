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
});

test("the default build works from any path", async ({ app, page }) => {
  await page.goto("/anywhere/?src=demo");
  await expect(page.getByTestId("kpi-total")).toBeVisible({ timeout: 30_000 });
});
