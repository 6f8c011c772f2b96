// Official boundaries on live data, against the mock: after the first counts the worker
// fetches the precinct and neighborhood layers next to the source, and the hotspot map draws
// and names them; when those layers fail, the map keeps crimecast's approximate outlines,
// says so, and still works.
import { test, expect } from "./fixtures.mjs";

test.describe.configure({ timeout: 180_000 });

const LAYER = "/mock/big/rpy4000/years2";

test.beforeEach(async ({ request }) => {
  await request.get(`${LAYER}/FeatureServer/0?f=json`);
});

async function openMap(page, api) {
  await page.goto(`/?api=${api}&page=hotspots`);
  await expect(page.getByTestId("map-canvas")).toHaveAttribute("data-ready", "true", { timeout: 120_000 });
}

test("live data: the hotspot map draws the official boundaries, neighborhoods on demand", async ({ page }) => {
  await openMap(page, `${LAYER}/FeatureServer/0/query`);
  const caption = page.getByTestId("map-boundaries");
  await expect(caption).toContainText("official boundaries (custom source: 127.0.0.1", { timeout: 60_000 });
  const canvas = page.getByTestId("map-canvas");
  await expect(canvas).toHaveAttribute("aria-label", /official precinct areas/);
  await expect(page.getByTestId("map-legend")).toContainText("Official precinct");
  const nhoods = page.getByTestId("layer-nhoods");
  await expect(nhoods).toHaveAttribute("aria-pressed", "false");
  await nhoods.click();
  await expect(nhoods).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/layers=[a-z,]*nhoods/);
  await expect(page.getByTestId("map-legend")).toContainText("Official neighborhood");
  await expect(canvas).toHaveAttribute("aria-label", /official neighborhood outlines/);
});

test("when the boundary layers fail, the map keeps the approximate outlines and says so", async ({ page }) => {
  await openMap(page, `${LAYER}/bfail1/FeatureServer/0/query`);
  const caption = page.getByTestId("map-boundaries");
  await expect(caption).toContainText("approximate outlines (the official boundaries could not be loaded: precincts: HTTP 500", { timeout: 60_000 });
  await expect(page.getByTestId("map-canvas")).toHaveAttribute("aria-label", /approximate precinct areas/);
  await expect(page.getByTestId("map-legend")).toContainText("Approximate precinct area");
  await expect(page.getByTestId("hotspot-summary")).toContainText("reported incidents", { timeout: 60_000 });
});

test("demo data keeps the approximate outlines", async ({ page }) => {
  await page.goto("/?src=demo&page=hotspots");
  await expect(page.getByTestId("map-canvas")).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
  await expect(page.getByTestId("map-boundaries")).toHaveText("Boundaries: approximate outlines (drawn by crimecast)");
});

test("live data: the risk map colours the official precinct areas; demo data the approximate ones", async ({ page, request }) => {
  await request.get("/mock/big/rpy4000/FeatureServer/0?f=json");
  await page.goto("/?api=/mock/big/rpy4000/FeatureServer/0/query&page=allocation");
  const areas = page.getByTestId("risk-map-areas");
  await expect(areas).toHaveText("#k is the rank. Precinct areas: the official boundaries.", { timeout: 120_000 });
  await expect(page.getByTestId("risk-map").getByTestId("map-canvas")).toHaveAttribute("data-ready", "true", { timeout: 120_000 });
  await page.goto("/?src=demo&page=allocation");
  await expect(page.getByTestId("risk-map-areas")).toHaveText("#k is the rank. Precinct areas are approximate.", { timeout: 120_000 });
});
