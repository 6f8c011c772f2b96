// Test server: serves dist/ and a local ArcGIS FeatureServer mock under /mock/<scenario>/query
// so the live client is tested end to end without the internet.
//
// Scenarios (the path segment after /mock/): ok, slow (one page 3 s late), fail500 (the page at
// offset 2000 answers HTTP 500 once), error200 (the page at offset 2000 answers an error JSON
// with HTTP 200 once), r429 (HTTP 429 with Retry-After: 1 once), truncated (a page cut off once),
// drop (the connection to one page is destroyed once), down (every request fails with 503),
// empty (no rows), schema (a field is renamed from the third page on), slowall (every reply
// 10x slower), repeat (the page at offset 2000 answers once with the rows of page 0), missing
// (the page at offset 2000 answers once with half its rows). GET /mock/reset clears the once-only faults.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const port = Number(process.env.PORT || 8091);
const root = normalize(process.argv[2] || "dist");
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json",
  ".txt": "text/plain", ".svg": "image/svg+xml", ".png": "image/png", ".geojson": "application/geo+json",
};

// ---- deterministic mock data: 5,000 offense rows over 700 days ending two days ago (so every row
// falls inside the page's live window, which ends yesterday in Detroit, at any time of day),
// current schema ----
const CATEGORIES = ["LARCENY", "ASSAULT", "BURGLARY", "DAMAGE TO PROPERTY", "STOLEN VEHICLE",
  "AGGRAVATED ASSAULT", "FRAUD", "ROBBERY", "WEAPONS OFFENSES", "ARSON"];
const PRECINCTS = ["02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"];
function rng(seed) { let s = seed >>> 0; return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296); }
export const ROWS = (() => {
  const r = rng(42);
  const day = 86400000;
  const end = Date.now() - 2 * day;
  const rows = [];
  for (let i = 0; i < 5000; i++) {
    const t = end - Math.floor(r() * 700) * day - Math.floor(r() * 24) * 3600000;
    const p = PRECINCTS[Math.floor(r() * PRECINCTS.length)];
    rows.push({
      ESRI_OID: i + 1,
      report_number: `M${String(1000000 + Math.floor(i / 1.1)).padStart(8, "0")}`,
      incident_occurred_at: t - (t % 60000),
      offense_category: CATEGORIES[Math.floor(r() * CATEGORIES.length)] + (r() < 0.05 ? " " : ""),
      offense_description: "MOCK OFFENSE",
      police_precinct: r() < 0.003 ? "HP" : p,
      neighborhood: ["Midtown", "Corktown", "Osborn", "Brightmoor"][Math.floor(r() * 4)],
      council_district: 1 + Math.floor(r() * 7),
      zip_code: "48201",
      nearest_intersection: "Mock St & Test Ave",
      longitude: r() < 0.002 ? null : -83.25 + r() * 0.3,
      latitude: r() < 0.002 ? null : 42.34 + r() * 0.1,
    });
  }
  return rows;
})();

const faults = new Set();
function once(key) { if (faults.has(key)) return false; faults.add(key); return true; }

function parseWhere(where) {
  const ts = [...(where || "").matchAll(/TIMESTAMP '([^']+)'/g)].map((m) => Date.parse(m[1].replace(" ", "T") + "Z"));
  return { from: ts[0] ?? -Infinity, to: ts[1] ?? Infinity };
}

function json(res, status, body, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", "access-control-allow-origin": "*", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function mock(req, res, scenario, q) {
  if (scenario === "slowall") await sleep(1500);
  if (scenario === "down") return json(res, 503, { message: "service unavailable" });
  const { from, to } = parseWhere(q.get("where"));
  let rows = scenario === "empty" ? [] : ROWS.filter((r) => r.incident_occurred_at >= from && r.incident_occurred_at < to);
  if (q.get("returnCountOnly") === "true") return json(res, 200, { count: rows.length });
  const stats = q.get("outStatistics");
  if (stats) {
    const field = q.get("groupByFieldsForStatistics");
    const counts = new Map();
    for (const r of rows) counts.set(r[field], (counts.get(r[field]) || 0) + 1);
    return json(res, 200, { features: [...counts].map(([k, n]) => ({ attributes: { [field]: k, n } })) });
  }
  const offset = Number(q.get("resultOffset") || 0);
  const count = Math.min(2000, Number(q.get("resultRecordCount") || 2000));
  if (scenario === "fail500" && offset === 2000 && once("fail500")) return json(res, 500, { message: "boom" });
  if (scenario === "error200" && offset === 2000 && once("error200")) {
    return json(res, 200, { error: { code: 500, message: "Unable to complete operation.", details: ["mock fault"] } });
  }
  if (scenario === "r429" && offset === 0 && once("r429")) return json(res, 429, { message: "slow down" }, { "retry-after": "1" });
  if (scenario === "slow" && offset === 2000) await sleep(3000);
  rows.sort((a, b) => a.ESRI_OID - b.ESRI_OID);
  let start = offset;
  let upto = offset + count;
  // repeat: the page at 2000 answers once with the rows of page 0; missing: it answers once
  // with half its rows while saying more follow. Both break ESRI_OID continuity.
  if (scenario === "repeat" && offset === 2000 && once("repeat")) { start = 0; upto = count; }
  if (scenario === "missing" && offset === 2000 && once("missing")) upto = offset + count / 2;
  const page = rows.slice(start, upto).map((r) => {
    const a = { ...r };
    if (scenario === "schema" && offset >= 4000) { a.occurred_when = a.incident_occurred_at; delete a.incident_occurred_at; }
    return { attributes: a, geometry: a.longitude == null ? null : { x: a.longitude, y: a.latitude } };
  });
  const body = JSON.stringify({
    objectIdFieldName: "ESRI_OID",
    features: page,
    exceededTransferLimit: offset + count < rows.length,
  });
  if (scenario === "truncated" && offset === 2000 && once("truncated")) return json(res, 200, body.slice(0, body.length / 2));
  if (scenario === "drop" && offset === 2000 && once("drop")) {
    res.writeHead(200, { "content-type": "application/json" });
    res.write(body.slice(0, 1000));
    return setTimeout(() => res.destroy(), 50);
  }
  return json(res, 200, body);
}

createServer(async (req, res) => {
  try {
    const url = new URL(req.url, `http://${req.headers.host}`);
    if (url.pathname === "/mock/reset") { faults.clear(); return json(res, 200, { ok: true }); }
    const m = url.pathname.match(/^\/mock\/([a-z0-9]+)\/.*query$/);
    if (m) return await mock(req, res, m[1], url.searchParams);
    if (url.pathname.startsWith("/e2e/")) {
      // Test pages (e.g. a host page that embeds crimecast in an iframe).
      const file = normalize(join(import.meta.dirname, url.pathname.slice(5)));
      if (!file.startsWith(import.meta.dirname) || !file.endsWith(".html")) { res.writeHead(403); return res.end(); }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(await readFile(file));
    }
    const sub = process.env.SUBPATH_DIST;
    if (sub && url.pathname.startsWith("/crimecast/")) {
      // A build made with --public-url /crimecast/, served from that sub-path only.
      const base = normalize(sub);
      let file = normalize(join(base, decodeURIComponent(url.pathname.slice("/crimecast".length))));
      if (!file.startsWith(base)) { res.writeHead(403); return res.end(); }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, "index.html");
      const body = await readFile(file).catch(() => null);
      if (!body) { res.writeHead(404); return res.end("not found"); }
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream", "cache-control": "no-store" });
      return res.end(body);
    }
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) { res.writeHead(403); return res.end(); }
    let s = await stat(path).catch(() => null);
    if (s && s.isDirectory()) { path = join(path, "index.html"); s = await stat(path).catch(() => null); }
    if (!s) {
      // Any unknown path under a sub-path prefix maps to the site (for --public-url tests).
      const sub = url.pathname.match(/^\/[^/]+(\/.*)$/);
      const alt = sub && normalize(join(root, sub[1] === "/" ? "/index.html" : sub[1]));
      const s2 = alt && (await stat(alt).catch(() => null));
      if (!s2 || s2.isDirectory()) { res.writeHead(404); return res.end("not found"); }
      path = alt;
    }
    const body = await readFile(path);
    res.writeHead(200, { "content-type": TYPES[extname(path)] || "application/octet-stream", "cache-control": "no-store" });
    res.end(body);
  } catch (e) {
    res.writeHead(500); res.end(String(e));
  }
}).listen(port, "127.0.0.1", () => console.log(`test server on http://127.0.0.1:${port} serving ${root}`));
