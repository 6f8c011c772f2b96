import { test, expect } from "./fixtures.mjs";

// Counts of map pixels that are not the background (#e9edf1) and not plain land (#fbfbfa),
// plus a checksum to tell two renderings apart.
async function mapPixels(page) {
  return page.getByTestId("map-canvas").evaluate((c) => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let drawn = 0, coloured = 0, sum = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b] = [d[i], d[i + 1], d[i + 2]];
      const bg = Math.abs(r - 233) + Math.abs(g - 237) + Math.abs(b - 241) < 8;
      const land = Math.abs(r - 251) + Math.abs(g - 251) + Math.abs(b - 250) < 8;
      if (!bg) drawn++;
      if (!bg && !land) coloured++;
      sum = (sum * 31 + r * 7 + g * 3 + b + i) % 1000000007;
    }
    return { drawn, coloured, total: d.length / 4, sum };
  });
}

async function openHotspots(page, query = "") {
  await page.goto(`/?src=demo&page=hotspots${query}`);
  await expect(page.getByTestId("progress")).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId("map-canvas")).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
  await expect(page.getByTestId("hotspots-busy")).toHaveText("", { timeout: 30_000 });
  await expect(page.getByTestId("hotspot-summary")).toContainText("reported incidents");
}

test("the map is drawn, layers toggle, and the keyboard pans and zooms", async ({ app, page }) => {
  await openHotspots(page);
  const canvas = page.getByTestId("map-canvas");
  await expect(canvas).toHaveAttribute("role", "img");
  await expect(canvas).toHaveAttribute("tabindex", "0");
  await expect(canvas).toHaveAttribute("aria-label", /hot and cold spots \(\d+ hot/);
  const first = await mapPixels(page);
  expect(first.drawn / first.total).toBeGreaterThan(0.5); // the city fills most of the map
  expect(first.coloured / first.total).toBeGreaterThan(0.03); // Gi* cells, hulls, outline
  await expect(page.getByTestId("map-legend")).toContainText("Hot spot, 99 % confidence");

  // Density on: more coloured pixels, the button says so, the URL keeps it.
  const kde = page.getByTestId("layer-kde");
  await expect(kde).toHaveAttribute("aria-pressed", "false");
  await kde.click();
  await expect(kde).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/layers=[a-z,]*kde/);
  await expect.poll(async () => (await mapPixels(page)).coloured).toBeGreaterThan(first.coloured * 1.5);
  await expect(page.getByTestId("map-legend")).toContainText("per km²");
  // Gi* off: the picture changes again.
  const withKde = await mapPixels(page);
  await page.getByTestId("layer-gi").click();
  await expect(page.getByTestId("layer-gi")).toHaveAttribute("aria-pressed", "false");
  await expect.poll(async () => (await mapPixels(page)).sum).not.toBe(withKde.sum);
  await expect(page.getByTestId("map-legend")).not.toContainText("Hot spot, 99 %");
  // Liquor stores on.
  const beforeLiquor = await mapPixels(page);
  await page.getByTestId("layer-liquor").click();
  await expect.poll(async () => (await mapPixels(page)).sum).not.toBe(beforeLiquor.sum);
  await expect(page.getByTestId("map-legend")).toContainText("SYNTHETIC");

  // Keyboard: + zooms in (the view changes), arrows pan, 0 resets.
  await expect(canvas).toHaveAttribute("data-zoom", "1.000");
  const beforeZoom = await mapPixels(page);
  await canvas.focus();
  await page.keyboard.press("+");
  await expect(canvas).toHaveAttribute("data-zoom", "1.500");
  await expect(canvas).toHaveAttribute("aria-label", /Zoom 1\.5×/);
  await expect.poll(async () => (await mapPixels(page)).sum).not.toBe(beforeZoom.sum);
  await expect(page.getByTestId("map-readout")).toContainText("At the crosshair");
  const zoomed = await mapPixels(page);
  await page.keyboard.press("ArrowRight");
  await expect.poll(async () => (await mapPixels(page)).sum).not.toBe(zoomed.sum);
  await page.keyboard.press("0");
  await expect(canvas).toHaveAttribute("data-zoom", "1.000");
  await page.getByTestId("map-zoom-in").click();
  await expect(canvas).toHaveAttribute("data-zoom", "1.500");
});

test("hotspot table, summary in words, Moran's I, correlation with the caveat; settings in the URL", async ({ app, page }) => {
  await openHotspots(page);
  await expect(page.getByTestId("hotspot-summary")).toContainText(/\d+ significant hot-spot cells at 95 %\+ confidence after FDR/);
  await expect(page.getByTestId("hotspot-summary")).toContainText(/the largest cluster has [\d,]+ incidents/);
  await expect(page.getByTestId("hotspot-summary")).toContainText("Synthetic demo data");
  await expect(page.getByTestId("moran")).toContainText(/Moran's I = 0\.\d+/);

  const table = page.getByTestId("hotspot-table");
  const hot = table.locator("tbody tr[data-kind=HotCell]");
  expect(await hot.count()).toBeGreaterThan(5);
  await expect(hot.first()).toContainText("a hot spot at 99 % confidence");
  await expect(table.locator("tbody tr[data-kind=Cluster]").first()).toBeVisible();
  // "Show on map" centres and zooms the map on the row and describes it.
  await hot.first().getByRole("button").click();
  await expect.poll(async () => Number(await page.getByTestId("map-canvas").getAttribute("data-zoom"))).toBeGreaterThanOrEqual(4);
  await expect(page.getByTestId("map-readout")).toContainText("hot spot");

  await expect(page.getByTestId("correlation")).toContainText(/Pearson r = -?\d\.\d\d/);
  await expect(page.getByTestId("correlation")).toContainText(/Spearman ρ = -?\d\.\d\d/);
  await expect(page.getByTestId("causation")).toContainText("Correlation says nothing about cause");
  await expect(page.getByTestId("layer-source")).toContainText("SYNTHETIC");
  const scatter = page.getByTestId("liquor-scatter");
  await scatter.getByRole("button", { name: "Show as table" }).click();
  await expect(scatter.locator("tbody tr").first()).toContainText("0");

  const cellsBefore = await page.getByTestId("hotspot-summary").innerText();
  await page.getByTestId("hs-cell").selectOption("1000");
  await expect(page).toHaveURL(/cell=1000/);
  await expect(page.getByTestId("hotspot-summary")).toContainText("cells of 1000 m");
  expect(await page.getByTestId("hotspot-summary").innerText()).not.toEqual(cellsBefore);
  await page.getByTestId("hs-contig").selectOption("rook");
  await expect(page).toHaveURL(/contig=rook/);
  await expect(page.getByTestId("hotspot-summary")).toContainText("rook neighbours");
  await page.reload();
  await expect(page.getByTestId("hs-cell")).toHaveValue("1000");
  await expect(page.getByTestId("hotspot-summary")).toContainText("cells of 1000 m", { timeout: 60_000 });
});

test("an uploaded point layer replaces the demo layer; a bad one is reported", async ({ app, page }) => {
  await openHotspots(page);
  const input = page.getByTestId("layer-upload");
  await input.setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("name,address\na,b\n") });
  await expect(page.getByTestId("layer-error")).toContainText("lon/lat");
  let csv = "name,longitude,latitude\n";
  for (let k = 0; k < 40; k++) csv += `S${k},${(-83.25 + 0.008 * k).toFixed(4)},${(42.36 + 0.001 * (k % 9)).toFixed(4)}\n`;
  await input.setInputFiles({ name: "stores.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByTestId("layer-source")).toContainText("stores.csv — 40 points");
  await expect(page.getByTestId("correlation")).toContainText(/Pearson r = -?\d\.\d\d/);
  await page.getByTestId("layer-demo").click();
  await expect(page.getByTestId("layer-source")).toContainText("SYNTHETIC");
});
