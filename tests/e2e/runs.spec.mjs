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

test("allocation and LSTM runs are recorded beside the others, compared side by side and exported for MLflow", async ({ app, page }) => {
  test.setTimeout(240_000);
  await app.open("?src=demo&page=allocation");
  await expect(page.getByTestId("precinct-backtests")).toContainText("In the backtests", { timeout: 120_000 });
  // The run is written to the browser's storage after the results show: see it listed before
  // the page is opened again (a reload while it is being written would lose it).
  await page.getByTestId("nav-runs").click();
  await expect(page.getByTestId("run-row").filter({ hasText: "allocation" })).toHaveCount(1, { timeout: 60_000 });
  await app.open("?src=demo&page=lstm&epochs=3&pat=50");
  await expect(page.getByTestId("lstm-train")).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId("lstm-train").click();
  await expect(page.getByTestId("lstm-summary")).toBeVisible({ timeout: 120_000 });
  await page.getByTestId("nav-runs").click();
  const rows = page.getByTestId("run-row");
  await expect(rows.filter({ hasText: "allocation" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "lstm" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "allocation" })).toContainText("reconcile: mint");
  await expect(rows.filter({ hasText: "lstm" })).toContainText("units: 50,32");
  // Two families side by side: their metrics in one table, each run's kind in its header.
  await rows.filter({ hasText: "allocation" }).locator("input[type=checkbox]").check();
  await rows.filter({ hasText: "lstm" }).locator("input[type=checkbox]").check();
  const table = page.getByTestId("compare-table");
  await expect(table.locator("thead")).toContainText("allocation ·");
  await expect(table.locator("thead")).toContainText("lstm ·");
  await expect(table).toContainText("precincts_reconciled_total");
  await expect(table).toContainText("test_rmse");

  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("runs-export-mlflow").click()]);
  expect(dl.suggestedFilename()).toBe("crimecast-mlruns.zip");
  const zip = await (await dl.createReadStream()).toArray().then((c) => Buffer.concat(c));
  expect(zip.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
  const text = zip.toString("latin1");
  expect(text).toContain("mlruns/1/meta.yaml");
  expect(text).toMatch(/mlruns\/1\/allocation-[\w-]+\/metrics\/precincts_reconciled_total/);
  expect(text).toMatch(/mlruns\/1\/lstm-[\w-]+\/params\/units/);
});
