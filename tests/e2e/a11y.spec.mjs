import { createRequire } from "node:module";
import { test, expect } from "./fixtures.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

// axe-core is injected as a script, which the page's own CSP would rightly refuse.
test.use({ bypassCSP: true });

async function audit(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
}

for (const [name, query, ready, act] of [
  ["overview", "?src=demo", "kpi-total"],
  ["temporal", "?src=demo&page=temporal", "peaks"],
  ["forecast", "?src=demo&page=forecast", "model-summary"],
  ["hotspots", "?src=demo&page=hotspots", "hotspot-summary"],
  ["allocation", "?src=demo&page=allocation", "ranking"],
  ["lstm", "?src=demo&page=lstm&epochs=3", "lstm-summary", (page) => page.getByTestId("lstm-train").click()],
  ["runs", "?src=demo&page=runs", "runs-table"],
  ["embed", "?src=demo&embed=1&view=overview", "kpi-total"],
  ["embed one chart", "?page=forecast&src=demo&embed=1&chart=forecast-chart", "forecast-chart"],
]) {
  test(`no serious accessibility violations: ${name}`, async ({ app, page }) => {
    await app.open(query);
    if (act) await act(page);
    await expect(page.getByTestId(ready)).toBeVisible({ timeout: 60_000 });
    const serious = (await audit(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious, JSON.stringify(serious, null, 1)).toEqual([]);
  });
}

test("keyboard: skip link, visible focus, toggles announce their state", async ({ app, page }) => {
  await app.open();
  await page.keyboard.press("Tab");
  await expect(page.locator(".skip-link")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main")).toBeFocused();
  const chip = page.getByTestId("precinct-05");
  await chip.focus();
  await page.keyboard.press("Enter");
  await expect(chip).toHaveAttribute("aria-pressed", "true");
  const outline = await chip.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
});
