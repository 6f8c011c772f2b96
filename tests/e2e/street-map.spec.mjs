// The optional street map: off by default; the "Street map" switch draws tiles under the map
// with their attribution (here from the test server through the debug=tiles: hook, since the
// production page may load tiles only from the one tile host its Content-Security-Policy
// lists); where tiles cannot be loaded, the map says so and still works.
import { test, expect } from "./fixtures.mjs";

const TILES = "debug=tiles:/mock/tiles/{z}/{x}/{y}.png";

async function openMap(page, query) {
  await page.goto(`/?src=demo&page=hotspots&${query}`);
  await expect(page.getByTestId("map-canvas")).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
}

test("the street map is off by default, and the CSP lists exactly its tile host for images", async ({ page }) => {
  await openMap(page, "");
  await expect(page.getByTestId("layer-street")).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("map-attribution")).toHaveCount(0);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(csp).toContain("img-src 'self' data: blob: https://a.basemaps.cartocdn.com;");
  expect(csp.match(/cartocdn/g)).toHaveLength(1);
});

test("the switch draws tiles with their attribution", async ({ page }) => {
  const tiles = [];
  page.on("response", (r) => { if (r.url().includes("/mock/tiles/")) tiles.push(r.status()); });
  await openMap(page, TILES);
  await page.getByTestId("layer-street").click();
  await expect(page.getByTestId("layer-street")).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/layers=[a-z,]*street/);
  await expect.poll(() => tiles.length).toBeGreaterThan(3);
  expect(tiles.every((s) => s === 200)).toBe(true);
  await expect(page.getByTestId("map-attribution")).toHaveText("Street map: © OpenStreetMap contributors © CARTO");
  await expect(page.getByTestId("map-canvas")).toHaveAttribute("aria-label", /a street map \(© OpenStreetMap contributors © CARTO\)/);
  // Its tiles may not be saved: the PNG download says so.
  await page.getByTestId("map-export-png").click();
  await expect(page.locator(".map")).toContainText("turn \"Street map\" off");
});

test("tiles that cannot be loaded leave a working map that says so", async ({ page }) => {
  await openMap(page, "debug=tiles:/mock/tiles-fail/{z}/{x}/{y}.png&layers=street,gi");
  await expect(page.getByTestId("map-attribution")).toContainText("Street map unavailable", { timeout: 20_000 });
  await expect(page.getByTestId("hotspot-summary")).toContainText("reported incidents", { timeout: 60_000 });
  await expect(page.getByTestId("map-legend")).toContainText("Hot spot, 99 % confidence");
});
