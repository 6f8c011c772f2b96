// Quick self-check of the ArcGIS mock (run before the Playwright tests by scripts/test):
//   node tests/e2e/mock/selfcheck.mjs
// Starts the test server in this process on a free port and checks the full-size layer and
// its query API against what the generator planned and against each other: rows per year,
// statistics that add up to the count, count distinct, JSON and PBF pages that decode to the
// same rows, paging that covers every object id once, the 1000-row variant, gzip, the
// faults, latency and the shared link, a layer changed between visits (rows deleted from a
// month, a day added); prints the bytes per row on the wire.

import assert from "node:assert/strict";
import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import { startServer } from "../server.mjs";
import { localMidnight } from "./clock.mjs";
import { FeatureCollection } from "./encode.mjs";
import { bigTable } from "./handler.mjs";

const server = await startServer({ port: 0 });
const base = `http://127.0.0.1:${server.address().port}`;
const BIG = "/mock/big/FeatureServer/0";
let passed = 0;
let failed = 0;

/** GET a path; the raw body (as sent) and, decompressed, `body`. */
function get(path, { gzip = false } = {}) {
  return new Promise((ok, fail) => {
    const req = request(`${base}${path}`, { headers: gzip ? { "accept-encoding": "gzip" } : {} }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const body = res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
        ok({ status: res.statusCode, headers: res.headers, raw, body });
      });
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end();
  });
}
/** POST a JSON change to a layer (see change.mjs): the answer's status and JSON. */
function change(layer, body) {
  return new Promise((ok, fail) => {
    const req = request(`${base}/mock/change?layer=${encodeURIComponent(layer)}`, { method: "POST", agent: false, headers: { "content-type": "application/json" } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => ok({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end(JSON.stringify(body));
  });
}
const json = async (path) => JSON.parse((await get(path, { gzip: true })).body.toString("utf8"));
const query = (params, scenario = BIG) => `${scenario}/query?${new URLSearchParams({ f: "json", ...params })}`;
const sql = (ms) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
const window = (from, to) => `incident_occurred_at >= TIMESTAMP '${sql(from)}' AND incident_occurred_at < TIMESTAMP '${sql(to)}'`;
const COUNT_N = JSON.stringify([{ statisticType: "count", onStatisticField: "ESRI_OID", outStatisticFieldName: "n" }]);

async function check(name, fn) {
  const started = performance.now();
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name} (${Math.round(performance.now() - started)} ms)`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(e.stack || e).split("\n").slice(0, 6).join("\n     ")}`);
  }
}

/** Rows of a PBF page as {attributes, geometry} objects, decoded with its own field list. */
function decodePbf(buf) {
  const msg = FeatureCollection.toObject(FeatureCollection.decode(buf), { longs: Number, defaults: false, oneofs: true });
  const fr = msg.queryResult.featureResult;
  const t = fr.transform;
  const features = (fr.features || []).map((f) => {
    const attributes = {};
    fr.fields.forEach((field, j) => {
      const v = f.attributes[j];
      attributes[field.name] = v && v.valueType ? v[v.valueType] : null;
    });
    const c = f.geometry?.coords;
    const geometry = c ? { x: t.translate.xTranslate + c[0] * t.scale.xScale, y: t.translate.yTranslate - c[1] * t.scale.yScale } : null;
    return { attributes, geometry };
  });
  return { features, exceeded: Boolean(fr.exceededTransferLimit) };
}

const rpy = Number(process.env.ROWS_PER_YEAR || 81000);
const years = Number(process.env.YEARS || 10);

await check("the full-size layer is generated in seconds and held compactly", async () => {
  const started = performance.now();
  const { count } = await json(query({ where: "1=1", returnCountOnly: "true" }));
  const seconds = (performance.now() - started) / 1000;
  globalThis.gc?.();
  const mem = process.memoryUsage();
  const mb = (mem.heapUsed + mem.arrayBuffers) / 1e6;
  console.log(`     ${count} rows in ${seconds.toFixed(1)} s; heap + array buffers ${mb.toFixed(0)} MB`);
  assert.equal(count, bigTable(rpy, years).plan.total);
  assert.ok(seconds < 15, `generation took ${seconds} s`);
  assert.ok(mb < 300, `${mb} MB`);
});

const plan = bigTable(rpy, years).plan;

await check("rows per year: the server's counts equal the generator's plan, by time and by incident_year", async () => {
  const byYear = await json(query({ where: "1=1", outStatistics: COUNT_N, groupByFieldsForStatistics: "incident_year" }));
  const stat = new Map(byYear.features.map((f) => [f.attributes.incident_year, f.attributes.n]));
  for (const { year, rows } of plan.years) {
    const { count } = await json(query({ where: window(localMidnight(year, 1, 1), localMidnight(year + 1, 1, 1)), returnCountOnly: "true" }));
    assert.equal(count, rows, `year ${year}`);
    assert.equal(stat.get(year), rows, `incident_year ${year}`);
    if (year < plan.years.at(-1).year) assert.ok(Math.abs(rows / rpy - 1) < 0.1, `year ${year}: ${rows}`);
  }
  const before = await json(query({ where: `incident_occurred_at < TIMESTAMP '${sql(localMidnight(plan.years[0].year, 1, 1))}'`, returnCountOnly: "true" }));
  assert.equal(before.count, plan.junk);
  assert.ok(stat.has(1915) || [...stat.keys()].some((y) => y < 1930), "a few dates back to 1915");
});

const lastYear = window(Date.now() - 365 * 86400000, Date.now());

await check("statistics grouped by precinct and category add up to the count, with the where applied", async () => {
  const { count } = await json(query({ where: lastYear, returnCountOnly: "true" }));
  const stats = await json(query({ where: lastYear, outStatistics: COUNT_N, groupByFieldsForStatistics: "police_precinct,offense_category" }));
  const sum = stats.features.reduce((s, f) => s + f.attributes.n, 0);
  assert.equal(sum, count);
  const precincts = new Set(stats.features.map((f) => f.attributes.police_precinct));
  for (const p of ["02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"]) assert.ok(precincts.has(p), p);
  const five = await json(query({ where: `${lastYear} AND police_precinct = '05'`, returnCountOnly: "true" }));
  const fiveSum = stats.features.filter((f) => f.attributes.police_precinct === "05").reduce((s, f) => s + f.attributes.n, 0);
  assert.equal(five.count, fiveSum);
  assert.ok(stats.features.length < 2000 && stats.exceededTransferLimit === false);
});

await check("count distinct report_number is below the count (about 1.09 rows a report)", async () => {
  const { count } = await json(query({ where: lastYear, returnCountOnly: "true" }));
  const distinct = await json(query({ where: lastYear, returnDistinctValues: "true", returnCountOnly: "true", outFields: "report_number" }));
  const ratio = count / distinct.count;
  console.log(`     ${count} rows, ${distinct.count} reports: ${ratio.toFixed(3)} rows a report`);
  assert.ok(ratio > 1.05 && ratio < 1.13, String(ratio));
});

await check("a JSON page and a PBF page at the same offset decode to the same rows", async () => {
  const params = { where: "1=1", outFields: "*", orderByFields: "ESRI_OID", resultOffset: "200000", resultRecordCount: "2000" };
  const j = await json(query(params));
  const p = decodePbf((await get(query({ ...params, f: "pbf" }), { gzip: true })).body);
  assert.equal(p.features.length, 2000);
  assert.equal(p.exceeded, j.exceededTransferLimit);
  let nulls = 0;
  p.features.forEach((f, k) => {
    assert.deepEqual(f.attributes, j.features[k].attributes, `row ${k}`);
    const g = j.features[k].geometry;
    if (!g) { assert.equal(f.geometry, null); nulls += 1; return; }
    assert.ok(Math.abs(f.geometry.x - g.x) < 1e-8 && Math.abs(f.geometry.y - g.y) < 1e-8, `geometry ${k}`);
  });
  assert.equal(j.features[0].attributes.ESRI_OID, 200001);
  assert.ok(nulls < 20);
});

await check("paging by offset covers every object id exactly once", async () => {
  const seen = new Uint8Array(plan.total + 1);
  let offset = 0;
  for (;;) {
    const r = await get(query({ where: "1=1", outFields: "ESRI_OID", returnGeometry: "false", orderByFields: "ESRI_OID", resultOffset: String(offset), f: "pbf" }), { gzip: true });
    const page = decodePbf(r.body);
    for (const f of page.features) seen[f.attributes.ESRI_OID] += 1;
    offset += page.features.length;
    if (!page.exceeded) break;
    assert.equal(page.features.length, 2000);
  }
  assert.equal(offset, plan.total);
  assert.equal(seen.subarray(1).every((n) => n === 1), true);
});

await check("the 1000-row variant says so and caps every page at 1000 rows", async () => {
  const meta = await json("/mock/big-1000/FeatureServer/0?f=json");
  assert.equal(meta.maxRecordCount, 1000);
  assert.equal(meta.standardMaxRecordCount, undefined);
  for (const extra of [{}, { resultType: "standard" }]) {
    const page = await json(query({ where: "1=1", outFields: "ESRI_OID", resultRecordCount: "2000", ...extra }, "/mock/big-1000/FeatureServer/0"));
    assert.equal(page.features.length, 1000);
    assert.equal(page.exceededTransferLimit, true);
  }
  const big = await json(`${BIG}?f=json`);
  assert.equal(big.maxRecordCount, 2000);
  assert.equal(big.supportedQueryFormats, "JSON, geoJSON, PBF");
  assert.equal(big.advancedQueryCapabilities.supportsCountDistinct, true);
  assert.deepEqual(big.fields.map((f) => f.name).slice(0, 3), ["ESRI_OID", "report_number", "incident_occurred_at"]);
});

let jsonRow;
let pbfRow;
await check("gzip is applied when the request accepts it, and only then", async () => {
  const path = query({ where: "1=1", outFields: "*", resultRecordCount: "2000", resultOffset: "400000" });
  const zipped = await get(path, { gzip: true });
  const plain = await get(path);
  assert.equal(zipped.headers["content-encoding"], "gzip");
  assert.equal(plain.headers["content-encoding"], undefined);
  assert.ok(zipped.body.equals(plain.raw));
  assert.ok(zipped.raw.length < plain.raw.length / 4);
  jsonRow = { raw: plain.raw.length / 2000, wire: zipped.raw.length / 2000 };
  const compact = "ESRI_OID,report_number,incident_occurred_at,offense_category,police_precinct,neighborhood,longitude,latitude";
  const pbf = await get(query({ where: "1=1", outFields: compact, returnGeometry: "false", resultRecordCount: "2000", resultOffset: "400000", f: "pbf" }), { gzip: true });
  pbfRow = { raw: pbf.body.length / 2000, wire: pbf.raw.length / 2000 };
});

await check("bytes per row: about 650 for every field as JSON, far fewer for compact PBF on the wire", async () => {
  console.log(`     all fields, JSON with geometry: ${jsonRow.raw.toFixed(0)} bytes a row, ${jsonRow.wire.toFixed(1)} gzipped`);
  console.log(`     8 fields, PBF without geometry: ${pbfRow.raw.toFixed(0)} bytes a row, ${pbfRow.wire.toFixed(1)} gzipped`);
  assert.ok(jsonRow.raw > 550 && jsonRow.raw < 750, String(jsonRow.raw));
  assert.ok(pbfRow.wire < jsonRow.wire / 1.5);
});

await check("faults: 429 on the 40th page, a statistics error once, no layer description, counters", async () => {
  await get("/mock/reset");
  const page = (scenario) => get(query({ where: "1=1", outFields: "ESRI_OID", resultRecordCount: "10" }, `/mock/${scenario}/FeatureServer/0`));
  for (let k = 1; k <= 41; k++) {
    const r = await page("big-429");
    assert.equal(r.status, k === 40 ? 429 : 200, `page ${k}`);
    if (k === 40) assert.equal(r.headers["retry-after"], "5");
  }
  const stats = () => json(query({ where: "1=1", outStatistics: COUNT_N, groupByFieldsForStatistics: "police_precinct" }, "/mock/big-stats-error/FeatureServer/0"));
  assert.equal((await stats()).error.message, "Unable to complete operation.");
  assert.ok((await stats()).features.length >= 11);
  assert.equal((await get("/mock/big-no-metadata/FeatureServer/0?f=json")).status, 404);
  assert.equal((await page("big-no-metadata")).status, 200);
  assert.equal((await get("/mock/ok/FeatureServer/0?f=json")).status, 404);
  const counted = await json("/mock/stats");
  assert.equal(counted["big-429"].requests.page, 41);
  assert.equal(counted["big-429"].status["429"], 1);
  assert.equal(counted["big-stats-error"].requests.statistics, 2);
  assert.ok(counted["big-429"].bytes > 0);
  await get("/mock/reset");
  assert.deepEqual(await json("/mock/stats"), {});
});

await check("the oldest outstanding page fails late: HTTP 500 after 6 s, once 8 later pages are answered", async () => {
  const started = performance.now();
  const page = (offset) => get(query({ where: "1=1", outFields: "ESRI_OID", resultOffset: String(offset) }, "/mock/big-late-500/FeatureServer/0"));
  const first = page(0).then((r) => ({ ...r, at: performance.now() - started }));
  const later = [];
  for (let k = 1; k <= 9; k++) later.push(await page(k * 2000).then((r) => ({ ...r, at: performance.now() - started })));
  const late = await first;
  assert.equal(late.status, 500);
  assert.ok(late.at >= 6000, String(late.at));
  assert.ok(later.filter((r) => r.status === 200 && r.at < late.at).length >= 8);
  assert.equal((await page(0)).status, 200);
});

await check("latency and a link shared by parallel responses pace the replies", async () => {
  const path = (opts) => query({ where: "1=1", outFields: "*", resultRecordCount: "2000" }, `/mock/big/${opts}/FeatureServer/0`);
  let started = performance.now();
  await get(path("lat250"));
  assert.ok(performance.now() - started >= 250);
  started = performance.now();
  const [a, b] = await Promise.all([get(path("mbps40")), get(path("mbps40"))]);
  const ms = performance.now() - started;
  const ideal = ((a.raw.length + b.raw.length) * 8) / 40e6 * 1000;
  console.log(`     2 x ${(a.raw.length / 1e6).toFixed(2)} MB at 40 Mbit/s: ${ms.toFixed(0)} ms (ideal ${ideal.toFixed(0)} ms)`);
  assert.ok(ms >= ideal * 0.9 && ms < ideal * 1.6 + 200, `${ms} ms`);
});

await check("the 5,000-row scenarios answer as before", async () => {
  assert.equal((await json(query({ where: "1=1", returnCountOnly: "true" }, "/mock/ok"))).count, 5000);
  const page = await get(query({ where: "1=1", outFields: "*", orderByFields: "ESRI_OID", resultOffset: "4000", resultRecordCount: "2000" }, "/mock/ok"), { gzip: true });
  assert.equal(page.headers["content-encoding"], undefined);
  const body = JSON.parse(page.body);
  assert.equal(body.features.length, 1000);
  assert.equal(body.exceededTransferLimit, false);
  assert.equal(body.features[0].attributes.ESRI_OID, 4001);
});

await check("a layer changed between visits: rows deleted from a month, a day added, restored; counts and pages agree", async () => {
  const layer = "/mock/big-1000/rpy5000/years2/FeatureServer/0";
  const other = "/mock/big/rpy5000/years2/FeatureServer/0";
  const count = async (where, at = layer) => (await json(query({ where, returnCountOnly: "true" }, at))).count;
  const ids = async (where) => {
    const out = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await json(query({ where, outFields: "ESRI_OID,report_number,incident_occurred_at", orderByFields: "ESRI_OID", resultOffset: String(offset) }, layer));
      out.push(...page.features.map((f) => f.attributes));
      if (!page.exceededTransferLimit) return out;
    }
  };
  const byYear = async () => (await json(query({ where: "1=1", outStatistics: COUNT_N, groupByFieldsForStatistics: "incident_year" }, layer)))
    .features.reduce((s, f) => s + f.attributes.n, 0);
  const total = await count("1=1");
  const y = new Date().getUTCFullYear() - 1;
  const march = window(localMidnight(y, 3, 1), localMidnight(y, 4, 1));
  const inMarch = await count(march);
  const before = await ids("1=1");
  assert.equal(before.length, total);

  let r = await change(layer, { dropMonth: `${y}-03`, drop: 7 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.rows, r.body.deleted, r.body.added], [total - 7, 7, 0]);
  assert.equal(await count(march), inMarch - 7);
  assert.equal(await count("1=1"), total - 7);
  assert.equal(await byYear(), total - 7);
  assert.equal(await count("1=1", other), total, "another scenario of the same size keeps its rows");
  const kept = await ids("1=1");
  assert.equal(kept.length, total - 7);
  assert.equal(new Set(kept.map((a) => a.ESRI_OID)).size, total - 7);
  const keptIds = new Set(kept.map((k) => k.ESRI_OID));
  const gone = before.filter((a) => !keptIds.has(a.ESRI_OID));
  assert.equal(gone.length, 7);
  for (const a of gone) assert.ok(a.incident_occurred_at >= localMidnight(y, 3, 1) && a.incident_occurred_at < localMidnight(y, 4, 1));

  r = await change(layer, { addDays: 1 });
  const added = r.body.added;
  assert.ok(added > 0 && r.body.rows === total - 7 + added, JSON.stringify(r.body));
  const [ly, lm, ld] = r.body.lastDay.split("-").map(Number);
  const newDay = window(localMidnight(ly, lm, ld), localMidnight(ly, lm, ld + 1));
  assert.equal(await count(newDay), added);
  assert.equal(await count("1=1"), total - 7 + added);
  const maxId = Math.max(...before.map((a) => a.ESRI_OID));
  const fresh = await ids(`ESRI_OID > ${maxId}`);
  assert.equal(fresh.length, added);
  const prefix = String((ly % 100) * 10000 + lm * 100 + ld);
  for (const a of fresh) assert.ok(a.report_number.startsWith(prefix), a.report_number);
  const full = await json(query({ where: `ESRI_OID > ${maxId}`, outFields: "*", resultRecordCount: "1" }, layer));
  const old = await json(query({ where: "1=1", outFields: "*", resultRecordCount: "1" }, layer));
  assert.deepEqual(Object.keys(full.features[0].attributes), Object.keys(old.features[0].attributes));
  assert.equal((await change(layer, { dropMonth: "March", drop: 1 })).status, 400);

  r = await change(layer, { restore: true });
  assert.deepEqual([r.body.rows, r.body.deleted, r.body.added], [total, 0, 0]);
  assert.equal(await count("1=1"), total);
  assert.equal(await count(march), inMarch);
});

server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
