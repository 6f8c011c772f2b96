// The "Forecast vs actual" figure of a backtest, shared by the forecast, LSTM and allocation
// specs: the coverage sentence, the figure and its table, and the CSV export agree.
import { expect } from "./fixtures.mjs";

const SENTENCE =
  /^RMSE = ([\d.]+) % of the mean; (\d+) of (\d+) (months|weeks) inside the 95 % band; (\d+) of (\d+) (months|weeks) inside the 80 % band\.$/;

/** Check the figure `id` and its sentence; `unit` is "months" or "weeks". Returns the counts. */
export async function checkForecastVsActual(page, id, unit) {
  const sentence = page.getByTestId(`${id}-coverage`);
  await expect(sentence).toContainText("inside the 95 % band", { timeout: 120_000 });
  const text = (await sentence.textContent()).trim();
  const m = text.match(SENTENCE);
  expect(m, text).not.toBeNull();
  const [rmse, in95, n95, in80, n80] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[5]), Number(m[6])];
  expect([m[4], m[7]]).toEqual([unit, unit]);
  expect(rmse).toBeGreaterThan(0);
  expect(n95).toBeGreaterThan(0);
  expect(n80).toBe(n95);
  expect(in95).toBeLessThanOrEqual(n95);
  expect(in80).toBeLessThanOrEqual(in95); // the 95 % band holds the 80 % band

  // Where the model's 95 % band covered too few, the conformal band is named beside it.
  const notes = page.getByTestId(`${id}-conformal`);
  if (in95 / n95 < 0.95) {
    await expect(notes).toContainText(/model's 95 % band held \d+ % of the held-out/);
    await expect(notes).toContainText(/conformal 95 % band, from backtest errors|too few for a conformal 95 % band/);
  }
  if (in80 / n80 >= 0.8 && in95 / n95 >= 0.95) await expect(notes).toHaveCount(0);

  const figure = page.getByTestId(id);
  await expect(figure.getByRole("heading", { name: "Forecast vs actual", exact: true })).toBeVisible();
  await expect(figure.locator("canvas")).toHaveAttribute("aria-label", new RegExp(`inside the 95 % band`));
  await figure.getByRole("button", { name: "Show as table" }).click();
  const rows = figure.locator("tbody tr");
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
  const coverageRow = (pct) => cells.find((r) => r[0] === `coverage of the model ${pct} % band`);
  expect(coverageRow(95)[1]).toBe(`${in95} of ${n95} ${unit}`);
  expect(coverageRow(80)[1]).toBe(`${in80} of ${n80} ${unit}`);
  expect(Number(coverageRow(95)[2])).toBeCloseTo(in95 / n95, 3);
  expect(cells.find((r) => r[0] === "RMSE, % of the mean")[1]).toBe(m[1]);
  // The held-out rows: a forecast inside its own 95 % band, an actual value for each.
  const held = cells.filter((r) => /^\d{4}-\d\d-\d\d$/.test(r[0]));
  expect(held.length).toBeGreaterThan(0);
  expect(held.length).toBeLessThanOrEqual(n95);
  for (const r of held) {
    const [actual, mean, lo95, hi95] = [Number(r[1]), Number(r[2]), Number(r[5]), Number(r[6])];
    expect(Number.isFinite(actual)).toBe(true);
    expect(lo95).toBeLessThanOrEqual(mean);
    expect(mean).toBeLessThanOrEqual(hi95);
  }

  // The CSV export carries the same coverage.
  const [file] = await Promise.all([page.waitForEvent("download"), figure.getByTestId("export-csv").click()]);
  const csv = await (await file.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  expect(csv).toContain(`coverage of the model 95 % band,${in95} of ${n95} ${unit}`);
  expect(csv).toContain(`coverage of the model 80 % band,${in80} of ${n80} ${unit}`);
  await figure.getByRole("button", { name: "Show as chart" }).click();
  return { in95, n95, in80, n80, rmse };
}
