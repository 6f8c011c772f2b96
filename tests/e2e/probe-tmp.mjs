import { chromium } from "@playwright/test";
const url = process.argv[2];
const secs = Number(process.argv[3] || 10);
const shot = process.argv[4];
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu"] });
const p = await b.newPage({ viewport: { width: 1280, height: 900 } });
p.on("pageerror", e => console.log("PAGEERROR", e.message));
p.on("console", m => { if (m.type() === "error") console.log("CONSOLE", m.text()); });
await p.goto(url);
for (let i = 0; i < secs; i++) {
  await p.waitForTimeout(1000);
  const t = async (id) => (await p.getByTestId(id).allInnerTexts()).join(" | ").slice(0, 400);
  console.log(i, "BADGE", await t("source-badge"), "|| PROG", await t("progress"), "|| SUM", await t("live-summary"), "|| KPI", (await t("kpi-total")).replace(/\n/g," "), "|| BASIS", await t("kpi-basis"), "|| FAIL", await t("failure"));
  if (shot && (i == 3 || i == secs - 1)) await p.screenshot({ path: `${shot}-${i}.png`, fullPage: true });
}
console.log("NOTICES", (await p.getByTestId("notices").allInnerTexts()).join("\n"));
await b.close();
