// Shared helpers: a page object for the app, and a guard that blocks the real internet.
import { test as base, expect } from "@playwright/test";

export class AppPage {
  constructor(page) {
    this.page = page;
  }
  async open(query = "?src=demo", { complete = true } = {}) {
    await this.page.goto(`/${query}`);
    if (!/page=/.test(query)) await expect(this.page.getByTestId("kpi-total")).toBeVisible();
    await expect(this.page.getByTestId("source-badge")).not.toContainText("Loading", { timeout: 30_000 });
    if (complete) await expect(this.page.getByTestId("progress")).toHaveCount(0, { timeout: 60_000 });
  }
  badge() { return this.page.getByTestId("source-badge"); }
  async total() {
    const t = await this.page.locator("[data-testid=kpi-total] .kpi-value").textContent();
    return Number(t.replace(/,/g, ""));
  }
  async heatmapTable() {
    const fig = this.page.getByTestId("heatmap");
    await fig.getByRole("button", { name: "Show as table" }).click();
    const text = await fig.locator("tbody").innerText();
    await fig.getByRole("button", { name: "Show as chart" }).click();
    return text;
  }
  async heatmapPixels() {
    return this.page.getByTestId("heatmap").locator("canvas").evaluate((c) => c.toDataURL());
  }
  async quality() {
    const n = async (id) => Number((await this.page.getByTestId(id).textContent()).replace(/,/g, ""));
    return { read: await n("q-read"), kept: await n("q-kept"), dropped: await n("q-dropped") };
  }
}

export const test = base.extend({
  app: async ({ page }, use) => {
    // No test may reach the internet: everything outside the local server is refused.
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort("internetdisconnected"));
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // A strict Content-Security-Policy is in force; nothing the page does may violate it.
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy/.test(m.text())) errors.push(m.text());
    });
    await use(new AppPage(page));
    expect(errors, "no uncaught errors in the page").toEqual([]);
  },
});

export { expect };
