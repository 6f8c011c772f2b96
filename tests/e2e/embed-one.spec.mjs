// One chart or map embedded alone on another site: the snippet is taken from the share
// dialog as written, pasted into a host page served from a second origin (another port of
// the test server), and its own script sizes the frame to the content.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, expect } from "./fixtures.mjs";
import { startServer } from "./server.mjs";

let host, hostDir;
test.beforeAll(async () => {
  hostDir = mkdtempSync(join(tmpdir(), "crimecast-host-"));
  host = await startServer({ port: 0, root: hostDir });
});
test.afterAll(async () => {
  await new Promise((ok) => host.close(ok));
  rmSync(hostDir, { recursive: true, force: true });
});

/** Open `query`, press "Embed this" on the element `id` and return the dialog's snippet. */
async function snippetFor(app, page, query, id) {
  await app.open(query);
  const button = page.locator(`[data-embed="${id}"]`).getByTestId("embed-this");
  await expect(button).toBeVisible({ timeout: 60_000 });
  await button.click();
  await expect(page.getByTestId("embed-dialog")).toBeVisible();
  await expect(page.getByTestId("embed-element")).toHaveValue(id);
  return page.getByTestId("embed-snippet").inputValue();
}

/** Serve a host page holding `snippet` from the second origin and open it. */
async function openHost(page, snippet, name) {
  writeFileSync(join(hostDir, `${name}.html`), `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>An article</title></head>
<body style="margin:0 auto;max-width:1000px;padding:0 8px">
<h1>An article</h1><p>Text before the embed.</p>
${snippet}
<p>Text after the embed.</p>
</body></html>`);
  const url = `http://127.0.0.1:${host.address().port}/${name}.html`;
  expect(new URL(url).origin).not.toBe(new URL(page.url()).origin);
  await page.goto(url);
  return page.locator("iframe[data-crimecast]");
}

/** The frame's height and its document's scroll height. */
async function heights(page, iframe) {
  const frame = await (await iframe.elementHandle()).contentFrame();
  return {
    frame: await iframe.evaluate((f) => f.getBoundingClientRect().height),
    doc: await frame.evaluate(() => document.documentElement.scrollHeight),
  };
}

async function expectSized(page, iframe) {
  await expect.poll(async () => {
    const h = await heights(page, iframe);
    return Math.abs(h.frame - h.doc) <= 3 && h.frame > 100;
  }, { timeout: 30_000 }).toBe(true);
  return (await heights(page, iframe)).frame;
}

for (const [name, query, id, title, ready] of [
  ["the forecast chart", "?src=demo&page=forecast", "forecast-chart", "History and 12-month forecast", "canvas"],
  ["the hotspot map", "?src=demo&page=hotspots", "hotspot-map", "Hotspot map", "canvas"],
]) {
  test(`${name} embedded alone on another origin sizes itself`, async ({ app, page }) => {
    const snippet = await snippetFor(app, page, query, id);
    const origin = new URL(page.url()).origin;
    // Pinned: the source and the window; the script comes from crimecast's own site.
    expect(snippet).toContain(`chart=${id}`);
    expect(snippet).toMatch(/src=demo&amp;from=\d{4}-\d\d-\d\d&amp;to=\d{4}-\d\d-\d\d/);
    expect(snippet).toContain(`<script async src="${origin}/embed.js"></script>`);
    expect(snippet).toContain("data-crimecast");

    const iframe = await openHost(page, snippet, id);
    const frame = page.frameLocator("iframe[data-crimecast]");
    const element = frame.locator(`[data-embed="${id}"]`);
    await expect(element.locator(ready).first()).toBeVisible({ timeout: 60_000 });
    await expect(element.getByRole("heading", { name: title })).toBeVisible();
    await expect(frame.getByTestId("source-badge")).toContainText("Synthetic demo data");
    await expect(frame.getByTestId("retrieved")).toHaveText(/generated \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    await expect(frame.getByTestId("ethics")).toContainText("reported incidents, not crime rates");
    // No controls, no navigation, nothing else of the page.
    await expect(frame.locator("button:visible, select:visible, input:visible")).toHaveCount(0);
    await expect(frame.locator("nav")).toHaveCount(0);
    await expect(frame.getByTestId("filters")).toHaveCount(0);
    await expect(frame.locator("h2:visible")).toHaveCount(0);
    await expect(frame.locator("[data-embed]:visible")).toHaveCount(1);

    // The frame is as tall as its content...
    const wide = await expectSized(page, iframe);
    // ... and follows it when the host narrows it and the content wraps.
    await page.evaluate(() => {
      window.seen = [];
      window.addEventListener("message", (e) => window.seen.push(e.data));
    });
    await page.setViewportSize({ width: 360, height: 900 });
    await expect.poll(async () => (await heights(page, iframe)).frame, { timeout: 30_000 }).not.toBe(wide);
    const narrow = await expectSized(page, iframe);
    expect(narrow).toBeGreaterThan(wide);
    // The embed said so in Datawrapper's form too, naming the element.
    const dw = await page.evaluate((key) => window.seen.filter((m) => m && m["datawrapper-height"]).map((m) => m["datawrapper-height"][key]), id);
    expect(dw.length).toBeGreaterThan(0);
    expect(Math.abs(dw[dw.length - 1] - narrow)).toBeLessThanOrEqual(1);
  });
}

test("an unknown chart id says which ids are valid", async ({ page }) => {
  await page.goto("/?src=demo&embed=1&chart=no-such-chart");
  const message = page.getByTestId("embed-unknown");
  await expect(message).toContainText('There is no chart, map or table "no-such-chart"');
  await expect(message).toContainText("forecast-chart");
  await expect(message).toContainText("hotspot-map");
});
