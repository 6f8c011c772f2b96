import { createRequire } from "node:module";
import { test, expect } from "./fixtures.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

// axe-core is injected as a script, which the page's own CSP would rightly refuse.
test.use({ bypassCSP: true });

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

test("a file with 50,000 distinct categories gets a searchable category box, usable by keyboard", async ({ app, page }) => {
  await app.open();
  const rows = [];
  for (let i = 0; i < 50000; i++) {
    const d = new Date(Date.UTC(2025, 0, 1) + i * 600 * 1000).toISOString().replace("T", " ").slice(0, 19);
    const category = i < 49990 ? `KIND ${String(i).padStart(5, "0")}` : "ARSON";
    rows.push(`${d.replace(/-/g, "/")}+00,${category},X,${String(2 + (i % 11)).padStart(2, "0")},R${i},Midtown,-83.06,42.35`);
  }
  await page.getByTestId("upload").setInputFiles({ name: "many.csv", mimeType: "text/csv", buffer: Buffer.from(csv(rows)) });
  await expect(app.badge()).toContainText("Uploaded file many.csv", { timeout: 60_000 });
  await expect.poll(() => app.total(), { timeout: 30_000 }).toBe(50000);

  // A combobox, not a list box of 49,991 entries: only the first matches are rendered.
  const box = page.getByRole("combobox", { name: "Offense category" });
  await expect(box).toHaveAttribute("placeholder", "Type to search 49991 values");
  await box.focus();
  const options = page.getByRole("listbox", { name: "Offense category" }).getByRole("option");
  await expect(options).toHaveCount(50);
  await expect(page.locator(".facet-status").first()).toContainText("49991 of 49991 values match; the first 50 are listed");

  // Typing narrows it; arrows and Enter choose; the filter applies and is in the address.
  await box.fill("arson");
  await expect(options).toHaveCount(1);
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await box.press("ArrowDown");
  await box.press("Enter");
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  await expect.poll(() => app.total()).toBe(10);
  expect(new URL(page.url()).searchParams.get("cat")).toBe("ARSON");

  // The chosen value is a button that removes it.
  await page.getByRole("button", { name: "Remove ARSON" }).click();
  await expect.poll(() => app.total()).toBe(50000);
  await box.press("Escape");
  await expect(box).toHaveAttribute("aria-expanded", "false");

  // The open combobox passes axe's WCAG 2.1 AA rules.
  await box.press("ArrowDown");
  await page.addScriptTag({ path: AXE });
  const serious = await page.evaluate(async () => {
    const r = await window.axe.run(document.querySelector("[data-testid=filters]"), { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
  });
  expect(serious).toEqual([]);
});
