import { test, expect } from "./fixtures.mjs";

function csv(rows) {
  const header = "incident_occurred_at,offense_category,offense_description,police_precinct,report_number,neighborhood,longitude,latitude";
  return [header, ...rows].join("\n");
}

test("an uploaded CSV becomes the dataset; malformed rows are counted and shown", async ({ app, page }) => {
  await app.open();
  const rows = [];
  for (let i = 0; i < 3000; i++) {
    const d = new Date(Date.UTC(2025, 0, 1) + i * 3 * 3600 * 1000).toISOString().replace("T", " ").slice(0, 19);
    rows.push(`${d.replace(/-/g, "/")}+00,${i % 3 ? "LARCENY" : "ASSAULT"},X,${String(2 + (i % 11)).padStart(2, "0")},R${i},Midtown,-83.06,42.35`);
  }
  rows.push("this,row,is,broken");
  await page.getByTestId("upload").setInputFiles({ name: "export.csv", mimeType: "text/csv", buffer: Buffer.from(csv(rows)) });
  await expect(app.badge()).toContainText("Uploaded file export.csv");
  await page.getByTestId("quality").locator("summary").click();
  const q = await app.quality();
  expect(q.read).toBe(3001);
  expect(q.read).toBe(q.kept + q.dropped);
  await expect(page.getByTestId("quality")).toContainText("4 fields where the header has 8");
});

test("a file with an unknown schema names the missing fields and keeps the current data", async ({ app, page }) => {
  await app.open();
  const total = await app.total();
  await page.getByTestId("upload").setInputFiles({ name: "other.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n") });
  await expect(page.getByTestId("failure")).toContainText("missing field(s) incident_occurred_at, offense_category");
  await expect(app.badge()).toContainText("Synthetic demo data");
  expect(await app.total()).toBe(total);
});
