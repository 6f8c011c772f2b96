import { test, expect } from "./fixtures.mjs";

test("a forecast run is recorded, survives a reload, re-runs identically, and exports/imports", async ({ app, page }) => {
  await app.open("?src=demo&page=forecast");
  await expect(page.getByTestId("model-summary")).toContainText("chosen by AIC", { timeout: 60_000 });
  await page.getByTestId("nav-runs").click();
  const rows = page.getByTestId("run-row");
  await expect(rows.first()).toContainText("forecast");
  const before = await rows.count();

  await page.reload();
  await expect(page.getByTestId("source-badge")).not.toContainText("Loading", { timeout: 30_000 });
  await expect(page.getByTestId("run-row")).toHaveCount(before);
  await expect(page.getByTestId("run-row").first()).toContainText(/hash [0-9a-f]{8}/);

  await expect(page.getByTestId("progress")).toHaveCount(0, { timeout: 60_000 });
  await page.getByTestId("run-rerun").first().click();
  await expect(page).toHaveURL(/page=forecast/);
  await expect(page.getByTestId("notices")).toContainText("Reproduced: the re-run saw identical data and gave identical metrics", { timeout: 60_000 });

  await page.getByTestId("nav-runs").click();
  await expect(page.getByTestId("run-row")).toHaveCount(before + 1);
  const boxes = page.getByTestId("run-row").locator("input[type=checkbox]");
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await expect(page.getByTestId("compare-verdict")).toContainText("Same data (identical content hash); identical metrics");

  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("runs-export").click()]);
  const text = await (await dl.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  const file = JSON.parse(text);
  expect(file.format).toBe("crimecast-runs");
  expect(file.runs[0].data.params.length).toBeGreaterThan(0);
  expect(file.runs[0].data.metrics.map((m) => m.key)).toContain("aic");
  await page.getByTestId("runs-clear").click();
  await expect(page.getByTestId("run-row")).toHaveCount(0);
  await page.getByTestId("runs-import").setInputFiles({ name: "runs.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await expect(page.getByTestId("run-row")).toHaveCount(before + 1);
  await page.getByTestId("runs-import").setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from("{\"format\":\"x\"}") });
  await expect(page.getByTestId("runs-error")).toContainText("Import failed");
});
