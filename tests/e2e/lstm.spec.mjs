import { test, expect } from "./fixtures.mjs";
import { checkForecastVsActual } from "./calibration.mjs";

// Training runs in the page's worker; small epoch budgets keep these tests short.
test.describe.configure({ timeout: 240_000 });

const train = (page) => page.getByTestId("lstm-train");
const stop = (page) => page.getByTestId("lstm-stop");
const progress = (page) => page.getByTestId("lstm-progress");

async function openLstm(app, page, query) {
  await app.open(`?src=demo&page=lstm&${query}`);
  await expect(train(page)).toBeEnabled({ timeout: 60_000 });
  await expect(stop(page)).toBeDisabled();
  await expect(page.getByTestId("lstm-synthetic")).toContainText("Synthetic demo data");
}

async function tableRows(figure) {
  return figure.locator("tbody tr").allInnerTexts();
}

test("trains with live loss curves, scores against SARIMAX and seasonal naive, exports and re-imports the model", async ({ app, page }) => {
  await openLstm(app, page, "epochs=12&pat=50");
  await expect(page.getByTestId("lstm-epochs")).toHaveValue("12");
  await train(page).click();
  await expect(train(page)).toHaveAttribute("aria-pressed", "true");
  await expect(train(page)).toBeDisabled();
  await expect(stop(page)).toBeEnabled();

  // The loss curves grow while training: open the table view and watch its rows.
  const loss = page.getByTestId("lstm-loss");
  await expect(loss).toBeVisible({ timeout: 60_000 });
  await loss.getByRole("button", { name: "Show as table" }).click();
  const first = await loss.locator("tbody tr").count();
  expect(first).toBeLessThan(12);
  await expect.poll(() => loss.locator("tbody tr").count(), { timeout: 60_000 }).toBeGreaterThan(first);
  await expect(progress(page)).toContainText(/Epoch \d+ of 12, best epoch \d+, validation loss/);

  // The budget (or early stopping) ends training; the result follows.
  await expect(page.getByTestId("lstm-summary")).toBeVisible({ timeout: 120_000 });
  await expect(loss.locator("tbody tr")).toHaveCount(12);
  await expect(progress(page)).toContainText(/budget of 12 epochs was spent|Early stop at epoch/);
  await expect(page.getByTestId("lstm-summary")).toContainText(/trainable parameters .* Trained in [\d.]+ s/);
  await expect(train(page)).toHaveAttribute("aria-pressed", "false");
  await expect(train(page)).toBeEnabled();
  await expect(stop(page)).toBeDisabled();

  // The comparison: LSTM, SARIMAX and seasonal naive each with metrics, plus the reference.
  const rows = page.getByTestId("lstm-comparison").locator("tbody tr");
  await expect(rows).toHaveCount(5);
  for (const [i, name] of [[0, /LSTM\(50,32\) window 12 \+ lag 52, 52 weeks ahead/], [2, /SARIMA\(/], [3, /Seasonal naive/]]) {
    const cells = await rows.nth(i).locator("td").allTextContents();
    expect(cells[0]).toMatch(name);
    expect(Number(cells[1])).toBeGreaterThan(0); // RMSE
    expect(cells[3]).toMatch(/^\d+\.\d\d %$/); // MAPE
    expect(cells[5]).toMatch(/^\d+ %$/); // directional accuracy
  }
  await expect(rows.nth(4)).toContainText("7.02 %");
  await expect(page.getByTestId("lstm-verdict")).toContainText("most accurate forecast is");

  // The forecast: history then 52 weeks with the band around the mean.
  const fc = page.getByTestId("lstm-forecast");
  await fc.getByRole("button", { name: "Show as table" }).click();
  const before = await tableRows(fc);
  expect(before.length).toBeGreaterThan(400);
  const tail = before.slice(-52);
  for (const row of tail) {
    const [, , mean, lower, upper] = row.split("\t").map((c) => c.trim());
    expect(Number(lower)).toBeLessThanOrEqual(Number(mean));
    expect(Number(mean)).toBeLessThanOrEqual(Number(upper));
  }
  const lstmRow = await rows.nth(0).innerText();

  // Forecast vs actual: the LSTM's bands on the 52 test weeks, their coverage in words.
  const cov = await checkForecastVsActual(page, "lstm-vs-actual", "weeks");
  expect(cov.n95).toBe(52);

  // Export downloads the model file with its provenance.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("lstm-export").click()]);
  expect(download.suggestedFilename()).toBe("crimecast-lstm-model.json");
  const text = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  const doc = JSON.parse(text);
  expect(doc.format).toBe("crimecast-lstm");
  expect(doc.note).toContain("reported incidents, not crime rates");
  expect(doc.synthetic).toBe(true);
  expect(doc.params.window).toBe(12);
  // The export carries the coverage the page states.
  const levels = doc.calibration.coverage.map((c) => [c.level, c.inside, c.total]);
  expect(levels).toEqual([[0.8, cov.in80, 52], [0.95, cov.in95, 52]]);

  // Importing it back scores and forecasts without training: the same numbers.
  await page.getByTestId("lstm-import").setInputFiles({ name: "model.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await expect(page.getByTestId("lstm-summary")).toContainText("Imported model", { timeout: 60_000 });
  await expect(progress(page)).toContainText("not retrained");
  expect(await tableRows(fc)).toEqual(before);
  expect(await rows.nth(0).innerText()).toBe(lstmRow);

  // A file that is not a model is refused with a clear message; the result stays.
  await page.getByTestId("lstm-import").setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from("{\"format\":\"other\"}") });
  await expect(page.getByTestId("lstm-error")).toContainText("model file");
  await expect(page.getByTestId("lstm-summary")).toContainText("Imported model");

  // A model file asking for more work than the page does (a forecast band of 10,000
  // bootstrap paths, which the format allows) is refused in words, and the page still answers.
  const hostile = JSON.parse(text);
  hostile.params.bootstrap = 10000;
  await page.getByTestId("lstm-import").setInputFiles({ name: "big.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(hostile)) });
  await expect(page.getByTestId("lstm-error")).toContainText("larger than the page trains");
  await expect(page.getByTestId("lstm-error")).toContainText("10000 bootstrap paths");
  await expect(page.getByTestId("lstm-summary")).toContainText("Imported model");
  await fc.getByRole("button", { name: "Show as chart" }).click();
  await expect(fc.getByRole("button", { name: "Show as table" })).toBeVisible();
});

test("Stop ends training early and keeps the best weights so far", async ({ app, page }) => {
  await openLstm(app, page, "epochs=400&pat=400&units=16&win=8");
  await train(page).click();
  await expect(progress(page)).toContainText(/Epoch [3-9]\d* of 400/, { timeout: 60_000 });
  await stop(page).click();
  await expect(page.getByTestId("lstm-summary")).toBeVisible({ timeout: 120_000 });
  const text = await progress(page).textContent();
  const [, epochs] = text.match(/Stopped by you after (\d+) epochs/);
  expect(Number(epochs)).toBeLessThan(400);
  await expect(page.getByTestId("lstm-loss").locator("canvas")).toBeVisible();
  await expect(page.getByTestId("lstm-comparison")).toContainText("Seasonal naive");
  await expect(train(page)).toBeEnabled();
  await expect(stop(page)).toBeDisabled();
  await expect(stop(page)).toHaveAttribute("aria-pressed", "false");
});

test("settings live in the URL and too short a window is a clear message", async ({ app, page }) => {
  await openLstm(app, page, "from=2025-06-01");
  await page.getByTestId("lstm-window").fill("6");
  await page.getByTestId("lstm-window").press("Tab");
  await expect(page).toHaveURL(/win=6/);
  await page.getByTestId("lstm-lag").fill("0");
  await page.getByTestId("lstm-lag").press("Tab");
  await expect(page).toHaveURL(/lag=0/);
  await train(page).click();
  await expect(page.getByTestId("lstm-error")).toContainText(/complete weeks; with these settings the LSTM needs at least \d+/);
  await expect(train(page)).toBeEnabled();
  await page.reload();
  await expect(page.getByTestId("lstm-window")).toHaveValue("6");
  await expect(page.getByTestId("lstm-lag")).toHaveValue("0");
});
