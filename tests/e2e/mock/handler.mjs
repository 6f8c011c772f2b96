// The mock ArcGIS service's HTTP side: routes `/mock/...` requests to a scenario (see
// faults.mjs), applies latency, faults, encoding, compression and the shared link, and
// keeps the counters. `GET /mock/stats` reads the counters; `GET /mock/reset` clears them
// and the once-only faults; `POST /mock/change?layer=<path>` changes a full-size layer
// between visits (see change.mjs).
//
// Paths: /mock/<scenario>[/<option>...][/FeatureServer[/0]][/query]. A path ending in
// `query` is a query; `…/FeatureServer/0` (or the bare scenario) is the layer description,
// `…/FeatureServer` the service description (full-size scenarios only; the 5,000-row
// scenarios answer 404 there, as before). Options, each its own path segment, override the
// environment for that request: lat<ms> (LATENCY_MS: wait before answering, default 0),
// mbps<n> (LINK_MBPS: the shared link's speed in Mbit/s, default unlimited; every response
// naming the same speed shares one link), rpy<n> (ROWS_PER_YEAR, default 81000) and
// years<n> (YEARS, default 10) for the full-size layer's size, bfail1 (the boundary layers
// next to it fail: see boundaries.mjs). For example /mock/big/lat300/mbps50/FeatureServer/0/query.

import { bigLayer } from "./big-layer.mjs";
import { boundaryReply } from "./boundaries.mjs";
import { applyChange, tableFor } from "./change.mjs";
import { tileReply } from "./tiles.mjs";
import { toGeoJson, toJson, toPbf } from "./encode.mjs";
import {
  BIG_SCENARIOS, SMALL_LIMITS, bigFault, progressOf, resetFaults, smallBodyFault, smallPageFault,
  smallPageShape,
} from "./faults.mjs";
import { layerDescription, serviceDescription } from "./fields.mjs";
import { counters, countersOf, linkAt, send } from "./link.mjs";
import { QueryError, runQuery, warmCodes } from "./query.mjs";
import { EMPTY, SMALL } from "./small-layer.mjs";

const OPTION = /^(lat|mbps|rpy|years|bfail)(\d+(?:\.\d+)?)$/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const env = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);

const layers = new Map();

/** The full-size layer of a size, generated on first use and kept for the process. */
export function bigTable(rowsPerYear, years) {
  const key = `${rowsPerYear}x${years}`;
  if (!layers.has(key)) {
    const started = performance.now();
    layers.set(key, bigLayer({ rowsPerYear, years }));
    const t = layers.get(key);
    // The fields the page groups and counts distinct by.
    warmCodes(t, ["police_precinct", "offense_category", "report_number"]);
    console.error(`[mock] generated ${t.size} rows (${rowsPerYear} a year, ${years} years) in ${Math.round(performance.now() - started)} ms`);
  }
  return layers.get(key);
}

/** Where a `/mock/...` path points, or null when it is not the mock's. */
export function route(pathname) {
  const m = pathname.match(/^\/mock\/([a-z0-9-]+)((?:\/[^/]*)*)$/);
  if (!m) return null;
  const options = {};
  const rest = [];
  for (const seg of m[2].split("/").filter(Boolean)) {
    const o = seg.match(OPTION);
    if (o) options[o[1]] = Number(o[2]);
    else rest.push(seg);
  }
  const tail = rest.join("/");
  const target = pathname.endsWith("query") ? "query"
    : tail === "" || /^FeatureServer\/0$/i.test(tail) ? "layer"
      : /^FeatureServer$/i.test(tail) ? "service" : null;
  return target ? { scenario: m[1], options, target } : null;
}

function kindOf(params) {
  const on = (name) => (params.get(name) || "").toLowerCase() === "true";
  if (params.get("outStatistics")) return "statistics";
  if (on("returnDistinctValues")) return "distinct";
  if (on("returnCountOnly")) return "count";
  if (on("returnIdsOnly")) return "ids";
  return "page";
}

function encoded(result, table, format, rename) {
  if (format === "pbf") return { body: toPbf(result, table), type: "application/x-protobuf" };
  if (format === "geojson") return { body: toGeoJson(result, table), type: "application/geo+json" };
  return { body: toJson(result, table, rename), type: "application/json; charset=utf-8" };
}

function formatOf(params) {
  const f = (params.get("f") || "json").toLowerCase();
  if (!["json", "pjson", "geojson", "pbf"].includes(f)) throw new QueryError(`'f' parameter is invalid: ${f}`);
  return f === "pjson" ? "json" : f;
}

function invalid(e) {
  return JSON.stringify({ error: { code: 400, message: "Cannot perform query. Invalid query parameters.", details: [e.message] } });
}

async function paramsOf(req, url) {
  const params = new URLSearchParams(url.search);
  if (req.method === "POST") {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) params.set(k, v);
  }
  return params;
}

/** The 5,000-row scenarios, as they have always answered (no compression). */
async function small(req, res, scenario, params, link, count) {
  const json = (status, body, headers = {}) => send(req, res, {
    status, body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers }, link, count,
  });
  if (scenario === "slowall") await sleep(1500);
  if (scenario === "down") return json(503, { message: "service unavailable" });
  let result;
  let format;
  try {
    format = formatOf(params);
    result = runQuery(scenario === "empty" ? EMPTY : SMALL, params, SMALL_LIMITS);
  } catch (e) {
    if (e instanceof QueryError) return json(200, invalid(e));
    throw e;
  }
  const table = scenario === "empty" ? EMPTY : SMALL;
  if (result.kind !== "page") {
    const { body, type } = encoded(result, table, format);
    return send(req, res, { body, headers: { "content-type": type }, link, count });
  }
  const fault = await smallPageFault(scenario, result.offset);
  if (fault) return json(fault.status, fault.body, fault.headers);
  const { rows, rename } = smallPageShape(scenario, result.offset, result.size, result.all);
  const { body, type } = encoded({ ...result, rows }, table, format, rename);
  count.rows += rows.length;
  const cut = smallBodyFault(scenario, result.offset);
  if (cut === "truncated") return json(200, body.slice(0, body.length / 2));
  if (cut === "drop") {
    res.writeHead(200, { "content-type": "application/json" });
    res.write(body.slice(0, 1000));
    setTimeout(() => res.destroy(), 50);
    return undefined;
  }
  return send(req, res, { body, headers: { "content-type": type }, link, count });
}

/** The full-size scenarios: layer and service descriptions, queries, faults, gzip. */
async function big(req, res, name, def, where, params, link, count) {
  const reply = (status, body, type = "application/json; charset=utf-8", headers = {}) =>
    send(req, res, { status, body, headers: { "content-type": type, ...headers }, compress: true, link, count });
  const rpy = where.options.rpy ?? env("ROWS_PER_YEAR", 81000);
  const years = where.options.years ?? env("YEARS", 10);
  const table = tableFor(name, rpy, years, bigTable(rpy, years));
  if (where.target !== "query") {
    count.requests.metadata += 1;
    if (def.noMetadata) return send(req, res, { status: 404, body: "not found", headers: { "content-type": "text/plain" }, link, count });
    const body = where.target === "layer" ? layerDescription(table, def.limits) : serviceDescription(def.limits);
    return reply(200, JSON.stringify(body));
  }
  const kind = kindOf(params);
  const state = progressOf(name);
  const pageNumber = kind === "page" ? (state.pages += 1) : 0;
  let result;
  let format;
  try {
    format = formatOf(params);
    result = runQuery(table, params, def.limits);
  } catch (e) {
    if (e instanceof QueryError) return reply(200, invalid(e));
    throw e;
  }
  const fault = await bigFault(name, def.fault, kind, pageNumber);
  if (fault) return reply(fault.status, fault.body, undefined, fault.headers);
  const { body, type } = encoded(result, table, format);
  if (result.kind === "page") count.rows += result.rows.length;
  await reply(200, body, type);
  if (kind === "page") state.answered += 1;
  return undefined;
}

/** `POST /mock/change?layer=<path>`: apply the JSON change to that full-size layer. */
async function change(req, res, url) {
  const answer = (status, body) => send(req, res, { status, body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  const where = route(url.searchParams.get("layer") || "");
  if (req.method !== "POST" || !where || !BIG_SCENARIOS[where.scenario]) {
    return answer(400, { error: "POST /mock/change?layer=/mock/<full-size scenario>/... with a JSON change" });
  }
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const rpy = where.options.rpy ?? env("ROWS_PER_YEAR", 81000);
  const years = where.options.years ?? env("YEARS", 10);
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    return answer(200, applyChange(where.scenario, rpy, years, bigTable(rpy, years), body));
  } catch (e) {
    return answer(400, { error: String(e.message || e) });
  }
}

/** Answer a `/mock/...` request; false when the path is not the mock's. */
export async function handleMock(req, res, url) {
  if (url.pathname === "/mock/change") return change(req, res, url).then(() => true);
  if (url.pathname === "/mock/reset") {
    resetFaults();
    counters.clear();
    return send(req, res, { body: JSON.stringify({ ok: true }), headers: { "content-type": "application/json" } }).then(() => true);
  }
  if (url.pathname === "/mock/stats") {
    const body = JSON.stringify(Object.fromEntries(counters), null, 1);
    return send(req, res, { body, headers: { "content-type": "application/json", "cache-control": "no-store" } }).then(() => true);
  }
  const bounds = boundaryReply(url.pathname, new URLSearchParams(url.search)) ?? tileReply(url.pathname);
  if (bounds) {
    return send(req, res, { status: bounds.status, body: bounds.body, headers: { "content-type": bounds.type } }).then(() => true);
  }
  const where = route(url.pathname);
  if (!where) return false;
  const def = BIG_SCENARIOS[where.scenario];
  if (!def && where.target !== "query") return false;
  const params = await paramsOf(req, url);
  const count = countersOf(where.scenario);
  if (where.target === "query") count.requests[kindOf(params)] += 1;
  const latency = where.options.lat ?? env("LATENCY_MS", 0);
  if (latency > 0) await sleep(latency);
  const link = linkAt(where.options.mbps ?? env("LINK_MBPS", 0));
  if (def) await big(req, res, where.scenario, def, where, params, link, count);
  else await small(req, res, where.scenario, params, link, count);
  return true;
}
