// "How this works" panels, the glossary, ?teach=1 and the first-visit tour.
import { createRequire } from "node:module";
import { test, expect } from "./fixtures.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

const text = async (locator) => (await locator.textContent()).trim();
const quotes = (page, id) => page.getByTestId(`explain-${id}`).getByTestId("quoted");
const match = async (locator, re) => {
  const m = (await text(locator)).match(re);
  expect(m, `${re} in ${await text(locator)}`).not.toBeNull();
  return m.slice(1);
};

// Each analysis page: a panel, and a number it quotes next to the same number in the result.
// `pairs` returns [quoted, displayed] pairs read from the DOM.
const PAGES = [
  ["overview", "?src=demo", "kpi-total", "counting", async (page) => [
    [await text(quotes(page, "counting").nth(0)), await text(page.locator("[data-testid=kpi-total] .kpi-value"))],
    [await text(quotes(page, "cleaning").nth(0)), await text(page.getByTestId("q-read"))],
    [await text(quotes(page, "cleaning").nth(2)), await text(page.getByTestId("q-dropped"))],
  ]],
  ["temporal", "?src=demo&page=temporal", "adf-verdict", "adf", async (page) => {
    const [lag, stat, p] = await match(page.getByTestId("adf-verdict"), /lag (\d+) chosen by AIC\): statistic (\S+), (p [=<] [\d.]+)/);
    const [hours, share] = await match(page.getByTestId("peaks"), /busiest four hours are (\S+) with ([\d.]+ %)/);
    return [
      [await text(quotes(page, "adf").nth(0)), lag],
      [await text(quotes(page, "adf").nth(1)), stat],
      [await text(quotes(page, "adf").nth(2)), p],
      [await text(quotes(page, "calendar").nth(0)), hours],
      [await text(quotes(page, "calendar").nth(1)), share],
    ];
  }],
  ["forecast", "?src=demo&page=forecast", "model-summary", "band", async (page) => {
    const [total, lower, upper] = await match(page.getByTestId("model-summary"), /next 12 months: ([\d,]+) in all \(95 % band ([\d,]+) to ([\d,]+) for the first month\)/);
    const [origins, rmse, naive] = await match(page.getByTestId("backtest-verdict"), /Over (\d+) backtest origins, .* average RMSE of ([\d.]+) against ([\d.]+)/);
    return [
      [await text(quotes(page, "band").nth(0)), lower],
      [await text(quotes(page, "band").nth(1)), upper],
      [await text(quotes(page, "band").nth(2)), total],
      [await text(quotes(page, "backtest").nth(0)), origins],
      [await text(quotes(page, "backtest").nth(1)), rmse],
      [await text(quotes(page, "backtest").nth(2)), naive],
    ];
  }],
  ["hotspots", "?src=demo&page=hotspots", "hotspot-summary", "gi-star", async (page) => {
    const hot = page.locator("[data-testid=hotspot-table] tr[data-kind=HotCell]").first();
    await expect(hot).toBeVisible();
    const [moranI] = await match(page.getByTestId("moran"), /Moran's I = (\S+) over/);
    return [
      [await text(quotes(page, "gi-star").nth(1)), await text(hot.locator("td").nth(4))],
      [await text(quotes(page, "moran").nth(0)), moranI],
    ];
  }],
  ["allocation", "?src=demo&page=allocation", "ranking", "risk", async (page) => {
    const first = page.getByTestId("ranking").locator("tbody tr").first();
    await expect(first).toBeVisible({ timeout: 60_000 });
    const [window, share] = await match(page.getByTestId("peak-window"), /^(\S+ \d\d:00–\d\d:00) carry ([\d.]+ %)/);
    return [
      [await text(quotes(page, "risk").nth(0)), await text(first.locator("td").nth(1))],
      [await text(quotes(page, "risk").nth(1)), await text(first.locator("td").nth(2))],
      [await text(quotes(page, "staffing").nth(0)), window],
      [await text(quotes(page, "staffing").nth(1)), share],
    ];
  }],
  ["lstm", "?src=demo&page=lstm&epochs=3", "lstm-summary", "lstm-accuracy", async (page) => {
    const lstmRow = page.getByTestId("lstm-comparison").locator("tbody tr").first();
    const [epochs] = await match(page.getByTestId("lstm-summary"), /The budget of (\d+) epochs was spent/);
    return [
      [await text(quotes(page, "lstm").nth(0)), epochs],
      [await text(quotes(page, "lstm-accuracy").nth(1)), await text(lstmRow.locator("td").nth(1))],
      [await text(quotes(page, "lstm-accuracy").nth(3)), await text(lstmRow.locator("td").nth(3))],
    ];
  }],
];

async function ready(page, name, readyId) {
  if (name === "lstm") await page.getByTestId("lstm-train").click();
  await expect(page.getByTestId(readyId)).toBeVisible({ timeout: 90_000 });
}

for (const [name, query, readyId, panel, pairs] of PAGES) {
  test(`${name}: the panel opens with the keyboard and quotes the numbers on screen`, async ({ app, page }) => {
    test.setTimeout(150_000);
    await app.open(query);
    await ready(page, name, readyId);
    const details = page.getByTestId(`explain-${panel}`);
    await expect(details).toHaveCount(1);
    await expect(details).not.toHaveAttribute("open", "");
    await details.locator("summary").focus();
    await page.keyboard.press("Enter");
    await expect(details).toHaveAttribute("open", "");
    await expect(details).toContainText("What it does");
    await expect(details).toContainText("What it cannot tell you");
    await expect(quotes(page, panel).first()).toBeVisible();
    for (const [quoted, shown] of await pairs(page)) expect(quoted).toBe(shown);
    await page.keyboard.press("Enter");
    await expect(details).not.toHaveAttribute("open", "");
  });
}

test("?teach=1 opens every panel and stays in the URL when navigating", async ({ app, page }) => {
  await app.open("?src=demo&page=forecast&teach=1");
  await expect(page.getByTestId("model-summary")).toBeVisible({ timeout: 60_000 });
  const panels = page.locator("details.explain");
  await expect(panels).toHaveCount(4);
  for (const d of await panels.all()) await expect(d).toHaveAttribute("open", "");
  await page.getByTestId("nav-hotspots").click();
  await expect(page).toHaveURL(/teach=1/);
  await expect(page.getByTestId("hotspot-summary")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("explain-gi-star")).toHaveAttribute("open", "");
  await expect(page.locator("details.explain:not([open])")).toHaveCount(0);
  // Without teach=1 the panels start closed.
  await app.open("?src=demo&page=hotspots");
  await expect(page.getByTestId("hotspot-summary")).toBeVisible({ timeout: 60_000 });
  await expect(page.locator("details.explain[open]")).toHaveCount(0);
});

test("glossary links resolve: a panel's term opens its entry, and every term used has one", async ({ app, page }) => {
  await app.open("?src=demo&page=temporal&teach=1");
  await expect(page.getByTestId("adf-verdict")).toContainText("statistic", { timeout: 60_000 });
  const hrefs = await page.locator("details.explain a.term").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  expect(hrefs.length).toBeGreaterThan(10);
  for (const h of hrefs) expect(h).toMatch(/[?&]page=glossary.*#term-[a-z0-9-]+$/);
  const link = page.getByTestId("explain-adf").locator("a.term", { hasText: "p-value" }).first();
  await link.click();
  await expect(page).toHaveURL(/page=glossary.*teach=1.*#term-p-value$/);
  await expect(page.getByTestId("glossary")).toBeVisible();
  await expect(page.locator("#term-p-value")).toBeFocused();
  await expect(page.locator("#term-p-value")).toContainText("p-value");
  // Every term linked from the panels, and from the glossary itself, has an entry.
  const ids = await page.locator(".glossary dt").evaluateAll((dts) => dts.map((d) => d.id));
  expect(ids.length).toBeGreaterThan(80);
  const inner = await page.locator(".glossary a.term").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  for (const h of [...hrefs, ...inner]) expect(ids).toContain(h.split("#")[1]);
  // A link inside the glossary moves to its entry.
  await page.locator("#term-z-score + dd a.term").first().click();
  const next = (await page.evaluate(() => location.hash)).slice(1);
  expect(next).not.toBe("term-p-value");
  await expect(page.locator(`#${next}`)).toBeFocused();
  // A reload lands on the same entry.
  await page.reload();
  await expect(page.locator(`#${next}`)).toBeFocused({ timeout: 30_000 });
});

test("first visit: the tour opens, is keyboard-operable, closes with Escape and is remembered", async ({ app, page }) => {
  await page.goto("/");
  const tour = page.getByRole("dialog", { name: "A quick tour of crimecast" });
  await expect(tour).toBeVisible({ timeout: 30_000 });
  await expect(tour).toHaveAttribute("aria-describedby", "tour-step");
  // Focus is inside the dialog.
  expect(await page.evaluate(() => !!document.activeElement.closest("dialog[open]"))).toBe(true);
  await expect(page.getByTestId("tour-count")).toHaveText("Step 1 of 5");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("tour-count")).toHaveText("Step 2 of 5");
  await expect(tour).toContainText("Temporal patterns");
  await page.keyboard.press("Escape");
  await expect(tour).toBeHidden();
  await expect(page.getByTestId("tour-open")).toBeFocused();
  expect(await page.evaluate(() => localStorage.getItem("crimecast.tour.seen"))).toBe("1");
  // Reopened from the header with the keyboard; focus returns to that button.
  await page.keyboard.press("Enter");
  await expect(tour).toBeVisible();
  for (let i = 0; i < 4; i++) await page.getByTestId("tour-next").press("Enter");
  await expect(page.getByTestId("tour-next")).toHaveText("Start exploring");
  await page.getByTestId("tour-next").press("Enter");
  await expect(tour).toBeHidden();
  await expect(page.getByTestId("tour-open")).toBeFocused();
  // Not shown again on the next plain visit.
  await page.goto("/");
  await expect(page.getByTestId("kpi-total")).toBeVisible({ timeout: 30_000 });
  await expect(tour).toBeHidden();
});

test("the landing view says what the app does; the forecast page frames its forecast", async ({ app, page }) => {
  await app.open();
  await expect(page.getByTestId("intro")).toContainText("crimecast shows when and where crimes are reported in Detroit");
  await expect(page.getByTestId("intro")).toContainText("How this works");
  await page.getByTestId("nav-forecast").click();
  await expect(page.getByTestId("intro")).toHaveCount(0);
  await expect(page.getByTestId("forecast-framing")).toContainText("if the pattern of the past continues");
  await expect(page.getByTestId("forecast-framing")).toContainText("not any single crime, place or person");
});

test("the tour does not open by itself on shared links, in teaching mode or in embeds", async ({ app, page }) => {
  for (const q of ["?src=demo", "?teach=1", "?src=demo&embed=1&view=overview"]) {
    await page.goto(`/${q}`);
    await expect(page.getByTestId("kpi-total")).toBeVisible({ timeout: 30_000 });
    await expect(page.locator("dialog.tour[open]")).toHaveCount(0);
  }
  await expect(page.getByTestId("tour")).toHaveCount(0); // no tour at all in an embed
});

test.describe("accessibility with the panels open", () => {
  test.use({ bypassCSP: true });
  async function serious(page) {
    await page.addScriptTag({ path: AXE });
    const v = await page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    });
    return v.filter((x) => x.impact === "serious" || x.impact === "critical");
  }
  for (const [name, query, readyId] of [
    ...PAGES.map(([n, q, r]) => [n, `${q}&teach=1`, r]),
    ["glossary", "?src=demo&page=glossary", "glossary"],
  ]) {
    test(`axe: ${name}`, async ({ app, page }) => {
      test.setTimeout(150_000);
      await app.open(query);
      await ready(page, name, readyId);
      if (name !== "glossary") await expect(page.locator("details.explain[open]").first()).toBeVisible();
      const bad = await serious(page);
      expect(bad, JSON.stringify(bad, null, 1)).toEqual([]);
    });
  }
  test("axe: the tour", async ({ page }) => {
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort("internetdisconnected"));
    await page.goto("/");
    await expect(page.getByRole("dialog", { name: "A quick tour of crimecast" })).toBeVisible({ timeout: 30_000 });
    const bad = await serious(page);
    expect(bad, JSON.stringify(bad, null, 1)).toEqual([]);
  });
});
