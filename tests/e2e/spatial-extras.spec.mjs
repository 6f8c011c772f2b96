import { test, expect } from "./fixtures.mjs";

// The spatial extras on demo data: nearest-store distances, OPTICS, R-tree hit-testing on
// the map, and the downloads of the maps and their results.

async function openHotspots(page, query = "") {
  await page.goto(`/?src=demo&page=hotspots${query}`);
  await expect(page.getByTestId("progress")).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId("map-canvas")).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
  await expect(page.getByTestId("hotspots-busy")).toHaveText("", { timeout: 30_000 });
}

async function fetchDownload(page, button) {
  const [file] = await Promise.all([page.waitForEvent("download"), button.click()]);
  const bytes = await (await file.createReadStream()).toArray().then((c) => Buffer.concat(c));
  return { name: file.suggestedFilename(), bytes };
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function checkGeoJson(text) {
  const g = JSON.parse(text);
  expect(g.type).toBe("FeatureCollection");
  expect(g.features.length).toBeGreaterThan(0);
  expect(g.ethics).toContain("not crime rates");
  expect(g.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  for (const f of g.features) {
    if (f.geometry.type !== "Polygon") continue;
    const ring = f.geometry.coordinates[0];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    const [lon, lat] = ring[0];
    expect(lon).toBeGreaterThan(-83.4);
    expect(lon).toBeLessThan(-82.8);
    expect(lat).toBeGreaterThan(42.2);
    expect(lat).toBeLessThan(42.5);
  }
  return g;
}

test("distances to the nearest store and OPTICS, with its radius in the URL", async ({ app, page }) => {
  await openHotspots(page);
  const words = page.getByTestId("distance-words");
  await expect(words).toContainText(/Half of the reported incidents are within [\d,]+ m of a synthetic liquor store, against [\d,]+ m for random places in the city/);
  const chart = page.getByTestId("distance-chart");
  await expect(chart.locator("canvas")).toHaveAttribute("aria-label", /median \d+ m for \d+ reported incidents, \d+ m for 10000 random places/);
  await expect(chart).toContainText("seed 2016");
  await chart.getByRole("button", { name: "Show as table" }).click();
  await expect(chart.locator("tbody tr")).toHaveCount(5);

  const optics = page.getByTestId("optics");
  await expect(page.getByTestId("optics-words")).toContainText(/At a radius of 400 m, OPTICS finds [\d,]+ clusters in an even sample of 4,000 of the [\d,]+ reported incidents/);
  await expect(page.getByTestId("optics-words")).toContainText(/DBSCAN at 200 m finds [\d,]+ clusters, [\d,]+ of them a single location/);
  const plot = page.getByTestId("reachability");
  await expect(plot.locator("canvas")).toHaveAttribute("aria-label", /Reachability plot of 4000 sampled points in OPTICS order: \d+ clusters below the 400 m line/);
  // The plot is drawn: coloured bars (clusters) and grey ones.
  await expect.poll(() => plot.locator("canvas").evaluate((c) => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) coloured++;
    return coloured;
  })).toBeGreaterThan(500);
  await plot.getByRole("button", { name: "Show as table" }).click();
  expect(await plot.locator("tbody tr").count()).toBeGreaterThan(0);

  // A larger OPTICS radius: in the URL, and fewer single-location clusters in words.
  const before = await page.getByTestId("optics-words").innerText();
  await page.getByTestId("hs-oeps").fill("900");
  await page.getByTestId("hs-oeps").press("Tab");
  await expect(page).toHaveURL(/oeps=900/);
  await expect(page.getByTestId("optics-words")).toContainText("At a radius of 900 m", { timeout: 60_000 });
  expect(await page.getByTestId("optics-words").innerText()).not.toEqual(before);
  // Out of range: refused with the spec's message, the URL keeps the last valid value.
  await page.getByTestId("hs-oeps").fill("5000");
  await page.getByTestId("hs-oeps").press("Tab");
  await expect(page.getByText("the OPTICS radius must be 25–2000 m (got 5000)")).toBeVisible();
  await expect(page).toHaveURL(/oeps=900/);
});

test("hovering a drawn point or a cluster shows what it is (R-tree hit-testing)", async ({ app, page }) => {
  await openHotspots(page, "&layers=points,clusters");
  const canvas = page.getByTestId("map-canvas");
  await canvas.focus();
  await page.keyboard.press("+");
  await page.keyboard.press("+");
  await expect(canvas).toHaveAttribute("data-zoom", "2.250");
  const box = await canvas.boundingBox();
  let point = null;
  let cluster = null;
  for (let gy = 0.2; gy <= 0.8 && !(point && cluster); gy += 0.05) {
    for (let gx = 0.2; gx <= 0.8 && !(point && cluster); gx += 0.05) {
      await page.mouse.move(box.x + gx * box.width, box.y + gy * box.height);
      const tip = page.locator(".map-tooltip");
      if ((await tip.count()) === 0) continue;
      const t = await tip.innerText();
      if (!point && /drawn incident/.test(t)) point = t;
      if (!cluster && /DBSCAN cluster number \d+ of [\d,]+ incidents/.test(t)) cluster = t;
    }
  }
  expect(point, "a tooltip naming a drawn incident").toMatch(/(a drawn incident \(\d+ m away\)|[\d,]+ drawn incidents within \d+ m)/);
  expect(cluster, "a tooltip naming a cluster").not.toBeNull();
  // A click (without dragging) shows the same as hovering.
  await page.mouse.move(box.x + 5, box.y + 5);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.locator(".map-tooltip")).toBeVisible();
});

test("the hotspot map and its results download as PNG, CSV and GeoJSON", async ({ app, page }) => {
  await openHotspots(page);
  const exports = page.getByRole("group", { name: "Download the map and its results" });
  await expect(exports.getByRole("button", { name: "Download the hotspot map as PNG" })).toBeVisible();
  // Keyboard-usable: the buttons take focus and Enter downloads.
  const png = exports.getByTestId("map-export-png");
  await png.focus();
  const [file] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  const bytes = await (await file.createReadStream()).toArray().then((c) => Buffer.concat(c));
  expect(file.suggestedFilename()).toMatch(/^crimecast-hotspots-map-\d{4}-\d{2}-\d{2}\.png$/);
  expect([...bytes.subarray(0, 8)]).toEqual(PNG);
  expect(bytes.length).toBeGreaterThan(10_000);

  const gi = await fetchDownload(page, exports.getByTestId("gi-export-geojson"));
  expect(gi.name).toMatch(/^crimecast-hotspots-gi-cells-\d{4}-\d{2}-\d{2}\.geojson$/);
  const g = checkGeoJson(gi.bytes.toString());
  expect(g.features[0].properties).toHaveProperty("z");
  expect(g.features.some((f) => f.properties.bin === 3)).toBe(true);

  const giCsv = await fetchDownload(page, exports.getByTestId("gi-export-csv"));
  expect(giCsv.name).toMatch(/\.csv$/);
  const lines = giCsv.bytes.toString().trim().split("\n");
  expect(lines[0]).toContain("not crime rates");
  expect(lines[1]).toMatch(/^# Data retrieved \(loaded\): \d{4}-/);
  expect(lines.find((l) => l.startsWith("cell,"))).toBe("cell,row,col,cell_m,count,z,p,bin,confidence,polygon_wgs84");
  expect(lines.length).toBe(g.features.length + 4);

  const cl = await fetchDownload(page, exports.getByTestId("clusters-export-geojson"));
  const c = checkGeoJson(cl.bytes.toString());
  expect(c.features[0].properties.rank).toBe(1);
  expect(c.features[0].properties.top.length).toBeGreaterThan(0);
  const clCsv = await fetchDownload(page, exports.getByTestId("clusters-export-csv"));
  expect(clCsv.bytes.toString()).toContain("rank,size,core_points,centre_lon,centre_lat,place,top_categories,hull_wgs84");
});

test("the risk map and the ranking with precinct areas download", async ({ app, page }) => {
  await app.open("?src=demo&page=allocation");
  await expect(page.getByTestId("ranking").locator("tbody tr")).toHaveCount(11, { timeout: 60_000 });
  const exports = page.getByRole("group", { name: "Download the risk map and ranking" });
  const png = await fetchDownload(page, exports.getByTestId("risk-export-png"));
  expect(png.name).toMatch(/^crimecast-allocation-risk-map-\d{4}-\d{2}-\d{2}\.png$/);
  expect([...png.bytes.subarray(0, 8)]).toEqual(PNG);
  const gj = await fetchDownload(page, exports.getByTestId("risk-export-geojson"));
  const g = checkGeoJson(gj.bytes.toString());
  expect(g.features.length).toBe(11);
  expect(g.note).toContain("APPROXIMATE");
  expect(g.features.every((f) => f.properties.area === "approximate")).toBe(true);
  const csv = await fetchDownload(page, exports.getByTestId("risk-export-csv"));
  const text = csv.bytes.toString();
  expect(text).toContain("APPROXIMATE precinct areas");
  expect(text).toContain("precinct,rank,score,forecast_12m,momentum_pct,note,approximate_area_wgs84");
});
