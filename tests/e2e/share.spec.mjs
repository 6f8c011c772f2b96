import { test, expect } from "./fixtures.mjs";

test("embed mode posts AMP and pym.js height messages and hides the page chrome", async ({ page }) => {
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort("internetdisconnected"));
  await page.goto("/e2e/embed-host.html");
  const frame = page.frameLocator("#cc");
  await expect(frame.getByTestId("kpi-total")).toBeVisible({ timeout: 30_000 });
  await expect(frame.getByTestId("ethics")).toContainText("reported incidents, not crime rates");
  await expect(frame.getByTestId("full-page-link")).toHaveAttribute("href", /src=demo/);
  await expect(frame.getByTestId("source-panel")).toHaveCount(0);
  await expect(frame.getByTestId("filters")).toHaveCount(0);
  await expect(frame.locator("nav")).toHaveCount(0);
  await expect.poll(async () => page.evaluate(() => window.messages.filter((m) => m && m.sentinel === "amp" && m.type === "embed-size").length)).toBeGreaterThan(0);
  const { amp, pym } = await page.evaluate(() => ({
    amp: window.messages.filter((m) => m && m.sentinel === "amp").map((m) => m.height),
    pym: window.messages.filter((m) => typeof m === "string" && m.startsWith("pymxPYMxcc1xPYMxheightxPYMx")),
  }));
  expect(pym.length).toBeGreaterThan(0);
  const last = amp[amp.length - 1];
  expect(last).toBeGreaterThan(400);
  expect(pym[pym.length - 1]).toBe(`pymxPYMxcc1xPYMxheightxPYMx${last}`);
  // The host applied the height: the iframe is as tall as its content.
  await expect.poll(async () => Number(await page.locator("#cc").getAttribute("height"))).toBe(last);
});

test("copy link, the embed dialog and exports", async ({ app, page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await app.open("?src=demo&pct=08");
  await page.getByTestId("copy-link").click();
  await expect(page.getByTestId("share-status")).toContainText("Link copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("pct=08");
  await page.getByTestId("embed-open").click();
  const snippet = page.getByTestId("embed-snippet");
  await expect(snippet).toHaveValue(/<iframe src="[^"]*embed=1&amp;view=overview/);
  await page.getByTestId("embed-view").selectOption("forecast");
  await expect(snippet).toHaveValue(/view=forecast/);
  await page.getByRole("button", { name: "Close" }).click();

  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("heatmap").getByTestId("export-csv").click()]);
  const text = await (await csv.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  expect(text.split("\n")[0]).toContain("reported incidents, not crime rates");
  expect(text).toContain("Weekday,00,01");
  const [png] = await Promise.all([page.waitForEvent("download"), page.getByTestId("heatmap").getByTestId("export-png").click()]);
  expect(png.suggestedFilename()).toBe("crimecast-heatmap.png");
  const [json] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-json").click()]);
  const doc = JSON.parse(await (await json.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()));
  expect(doc.note).toContain("reported incidents");
  expect(doc.synthetic).toBe(true);
  expect(doc.overview.total).toBeGreaterThan(0);
  expect(doc.filter.precincts).toEqual([8]);
});
