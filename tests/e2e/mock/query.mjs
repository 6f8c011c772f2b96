// The query engine: what an ArcGIS feature layer's `/query` answers for a table of rows.
//
// A table is `{fields, oidField, timeField, size, get: {field: (row) => value},
// geometry(row), time: Float64Array, timeIndex: Int32Array}` with rows in object-id order
// (row i has object id i + 1) and `timeIndex` listing rows by time. Supported: `where` (see
// where.mjs), `outFields` (list or `*`), `returnGeometry`, `orderByFields`, `resultOffset` /
// `resultRecordCount` (capped at the page size, `exceededTransferLimit` when more follow),
// `resultType=standard|tile`, `returnCountOnly`, `returnIdsOnly`, `returnDistinctValues`
// (with `returnCountOnly`: count distinct), `outStatistics` (count, sum, min, max, avg,
// stddev, var) grouped by `groupByFieldsForStatistics`. A bad query throws QueryError.
// Grouping and distinct values follow the same SQL Server rules as `where`: values that
// differ only in case or trailing spaces form one group, shown as the first row's value.

import { QueryError, compileWhere, sqlKey } from "./where.mjs";

export { QueryError };

const CACHE_SIZE = 12;
const STAT_TYPES = new Set(["count", "sum", "min", "max", "avg", "stddev", "var"]);

function flag(params, name) {
  const v = (params.get(name) || "").toLowerCase();
  if (v && v !== "true" && v !== "false") throw new QueryError(`'${name}' parameter is invalid`);
  return v === "true";
}

function integer(params, name, min) {
  const v = params.get(name);
  if (v === null || v === "") return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new QueryError(`'${name}' parameter is invalid: ${v}`);
  return n;
}

function fieldNamed(fields, name, param) {
  const f = fields.find((x) => x.name.toLowerCase() === name.trim().toLowerCase());
  if (!f) throw new QueryError(`'${param}' parameter is invalid: unknown field ${name.trim()}`);
  return f;
}

function list(text) {
  return (text || "").split(",").map((s) => s.trim()).filter(Boolean);
}

/** Remember a computed value per table under `key` (a few of them, least recent dropped). */
function cached(table, key, make) {
  table.cache ??= new Map();
  const hit = table.cache.get(key);
  if (hit) {
    table.cache.delete(key);
    table.cache.set(key, hit);
    return hit;
  }
  const value = make();
  table.cache.set(key, value);
  if (table.cache.size > CACHE_SIZE) table.cache.delete(table.cache.keys().next().value);
  return value;
}

/** Rows passing `where`, in object-id order, without rows a change deleted (see
 * change.mjs). */
function selectRows(table, where) {
  if (!table.deleted) return matchingRows(table, where);
  return cached(table, `kept:${where}`, () => {
    const { deleted } = table;
    return matchingRows(table, where).filter((i) => deleted[i] === 0);
  });
}

/** Rows passing `where`, in object-id order. */
function matchingRows(table, where) {
  return cached(table, `where:${where}`, () => {
    const { test, range, exact } = compileWhere(where, table);
    const out = [];
    if (range[0] === -Infinity && range[1] === Infinity) {
      for (let i = 0; i < table.size; i++) if (test(i)) out.push(i);
      return Int32Array.from(out);
    }
    const { time, timeIndex } = table;
    let lo = 0;
    let hi = timeIndex.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (time[timeIndex[m]] < range[0]) lo = m + 1; else hi = m; }
    let hi2 = lo;
    while (hi2 < timeIndex.length && time[timeIndex[hi2]] <= range[1]) hi2++;
    if (exact) return timeIndex.slice(lo, hi2).sort();
    for (let k = lo; k < hi2; k++) {
      if (test(timeIndex[k])) out.push(timeIndex[k]);
    }
    return Int32Array.from(out).sort();
  });
}

/** `orderByFields` as [{index, desc}] over `fields` (names as the caller may spell them). */
function orderSpec(text, fields) {
  return list(text).map((part) => {
    const [name, dir = "ASC", ...rest] = part.split(/\s+/);
    const d = dir.toUpperCase();
    if (rest.length || (d !== "ASC" && d !== "DESC")) throw new QueryError(`'orderByFields' parameter is invalid: ${part}`);
    return { index: fields.indexOf(fieldNamed(fields, name, "orderByFields")), desc: d === "DESC" };
  });
}

function compareValues(a, b) {
  if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
  const x = sqlKey(a);
  const y = sqlKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `rows` (in object-id order) ordered by time through the table's time index; rows at the
 * same instant stay in object-id order. */
function byTime(table, rows, desc) {
  const { time, timeIndex } = table;
  const wanted = new Uint8Array(table.size);
  for (const i of rows) wanted[i] = 1;
  const out = new Int32Array(rows.length);
  let n = 0;
  if (!desc) {
    for (const i of timeIndex) if (wanted[i]) out[n++] = i;
    return out;
  }
  for (let end = timeIndex.length; end > 0;) {
    let start = end - 1;
    while (start > 0 && time[timeIndex[start - 1]] === time[timeIndex[end - 1]]) start--;
    for (let k = start; k < end; k++) if (wanted[timeIndex[k]]) out[n++] = timeIndex[k];
    end = start;
  }
  return out;
}

/** Rows passing `where` in the order `orderByFields` asks (object id breaks ties). */
function orderedRows(table, where, orderText) {
  const spec = orderSpec(orderText, table.fields);
  const rows = selectRows(table, where);
  if (spec.length === 0) return rows;
  const key = spec.map((s) => `${s.index}${s.desc ? "d" : "a"}`).join(",");
  const only = spec.length === 1 ? table.fields[spec[0].index].name : null;
  if (only === table.oidField && !spec[0].desc) return rows;
  return cached(table, `order:${key}:${where}`, () => {
    if (only === table.oidField) return rows.slice().reverse();
    if (only === table.timeField) return byTime(table, rows, spec[0].desc);
    const getters = spec.map((s) => table.get[table.fields[s.index].name]);
    return Int32Array.from(rows).sort((a, b) => {
      for (let k = 0; k < spec.length; k++) {
        const c = compareValues(getters[k](a), getters[k](b));
        if (c) return spec[k].desc ? -c : c;
      }
      return a - b;
    });
  });
}

function outFieldList(params, table) {
  const text = params.get("outFields");
  if (text === null || text.trim() === "") return [fieldNamed(table.fields, table.oidField, "outFields")];
  if (text.trim() === "*") return table.fields;
  return list(text).map((n) => (n === "*" ? null : fieldNamed(table.fields, n, "outFields")))
    .flatMap((f) => (f ? [f] : table.fields));
}

/** Page size for this request: the layer's limit for the result type, or what was asked. */
function pageWindow(params, limits, total) {
  const type = (params.get("resultType") || "none").toLowerCase();
  if (!["none", "standard", "tile"].includes(type)) throw new QueryError(`'resultType' parameter is invalid: ${type}`);
  const cap = (type === "standard" && limits.standardMaxRecordCount)
    || (type === "tile" && limits.tileMaxRecordCount) || limits.maxRecordCount;
  const offset = integer(params, "resultOffset", 0) ?? 0;
  const asked = integer(params, "resultRecordCount", 1);
  const size = Math.min(asked ?? cap, cap);
  return { offset, size, exceeded: offset + size < total };
}

function sortRecords(records, orderText, fields, defaultOrder) {
  const spec = orderText ? orderSpec(orderText, fields) : defaultOrder;
  return records.sort((a, b) => {
    for (const s of spec) {
      const c = compareValues(a[s.index], b[s.index]);
      if (c) return s.desc ? -c : c;
    }
    return 0;
  });
}

/** Each row's group code for field `name` (values equal under the SQL rules share a code;
 * null is code 0), computed once per table and field: grouping then compares integers. */
function fieldCodes(table, name) {
  table.codes ??= new Map();
  let c = table.codes.get(name);
  if (!c) {
    const get = table.get[name];
    const ids = new Map();
    const codes = new Int32Array(table.size);
    for (let i = 0; i < table.size; i++) {
      const v = get(i);
      if (v == null) continue;
      const key = sqlKey(v);
      let code = ids.get(key);
      if (code === undefined) ids.set(key, (code = ids.size + 1));
      codes[i] = code;
    }
    c = { codes, n: ids.size + 1 };
    table.codes.set(name, c);
  }
  return c;
}

/** Compute the group codes of `names` now (e.g. right after generating a big table), so the
 * first grouped or distinct query over the whole layer answers as fast as the later ones. */
export function warmCodes(table, names) {
  for (const name of names) if (table.get[name]) fieldCodes(table, name);
}

/** A numeric group key per row over `groups` (mixed radix of the fields' codes), and the
 * number of possible keys. */
function groupKeys(table, groups) {
  const parts = groups.map((g) => fieldCodes(table, g.name));
  const keyOf = (i) => {
    let key = 0;
    for (const p of parts) key = key * p.n + p.codes[i];
    return key;
  };
  keyOf.space = parts.reduce((a, p) => a * p.n, 1);
  return keyOf;
}

/** Keys up to this many are tallied in typed arrays (a whole-layer query over ~800k rows
 * then takes tens of ms, as a real server's would, instead of a second in a Map). */
const DENSE_KEYS = 4_000_000;

function statistics(table, params, limits) {
  let specs;
  try {
    specs = JSON.parse(params.get("outStatistics"));
  } catch {
    throw new QueryError("'outStatistics' parameter is invalid: not JSON");
  }
  if (!Array.isArray(specs) || specs.length === 0) throw new QueryError("'outStatistics' parameter is invalid");
  const stats = specs.map((s) => {
    const type = String(s?.statisticType || "").toLowerCase();
    if (!STAT_TYPES.has(type)) throw new QueryError(`'outStatistics' parameter is invalid: statisticType ${s?.statisticType}`);
    const on = fieldNamed(table.fields, String(s.onStatisticField || ""), "outStatistics");
    const name = s.outStatisticFieldName || `${type}_${on.name}`;
    const outType = type === "count" ? "esriFieldTypeInteger"
      : ["min", "max"].includes(type) ? on.type : "esriFieldTypeDouble";
    return { type, get: table.get[on.name], field: { name, type: outType, alias: name },
      extremes: type === "min" || type === "max", never_null: on.type === "esriFieldTypeOID" };
  });
  const groups = list(params.get("groupByFieldsForStatistics"))
    .map((n) => fieldNamed(table.fields, n, "groupByFieldsForStatistics"));
  const groupGet = groups.map((g) => table.get[g.name]);
  const keyOf = groupKeys(table, groups);
  const rows = selectRows(table, params.get("where"));
  const acc = new Map();
  if (keyOf.space <= DENSE_KEYS && stats.every((st) => st.type === "count")) {
    // Counts only: tally per key, then build the groups in first-row order.
    const first = new Int32Array(keyOf.space).fill(-1);
    const counts = stats.map(() => new Float64Array(keyOf.space));
    for (const i of rows) {
      const key = keyOf(i);
      if (first[key] < 0) first[key] = i;
      for (let k = 0; k < stats.length; k++) {
        if (stats[k].never_null || stats[k].get(i) != null) counts[k][key] += 1;
      }
    }
    const keys = [];
    for (let key = 0; key < keyOf.space; key++) if (first[key] >= 0) keys.push(key);
    keys.sort((a, b) => first[a] - first[b]);
    for (const key of keys) {
      acc.set(key, { values: groupGet.map((g) => g(first[key])),
        s: stats.map((_, k) => ({ n: counts[k][key], sum: 0, sq: 0, min: null, max: null })) });
    }
  }
  for (const i of acc.size > 0 ? [] : rows) {
    const key = keyOf(i);
    let a = acc.get(key);
    // A group shows the first row's values.
    if (!a) acc.set(key, (a = { values: groupGet.map((g) => g(i)), s: stats.map(() => ({ n: 0, sum: 0, sq: 0, min: null, max: null })) }));
    for (let k = 0; k < stats.length; k++) {
      const v = stats[k].get(i);
      if (v == null) continue;
      const s = a.s[k];
      s.n += 1;
      if (typeof v === "number") { s.sum += v; s.sq += v * v; }
      if (stats[k].extremes) {
        if (s.min === null || compareValues(v, s.min) < 0) s.min = v;
        if (s.max === null || compareValues(v, s.max) > 0) s.max = v;
      }
    }
  }
  if (groups.length === 0 && acc.size === 0) acc.set(0, { values: [], s: stats.map(() => ({ n: 0, sum: 0, sq: 0, min: null, max: null })) });
  const result = (st, s) => {
    const variance = s.n > 1 ? (s.sq - (s.sum * s.sum) / s.n) / (s.n - 1) : null;
    return { count: s.n, sum: s.n ? s.sum : null, min: s.min, max: s.max, avg: s.n ? s.sum / s.n : null,
      var: variance, stddev: variance === null ? null : Math.sqrt(Math.max(0, variance)) }[st.type];
  };
  const fields = [...groups, ...stats.map((s) => s.field)];
  const records = [...acc.values()].map((a) => [...a.values, ...stats.map((st, k) => result(st, a.s[k]))]);
  sortRecords(records, params.get("orderByFields"), fields, groups.map((_, index) => ({ index, desc: false })));
  const w = pageWindow(params, limits, records.length);
  return { kind: "statistics", fields, records: records.slice(w.offset, w.offset + w.size), exceeded: w.exceeded };
}

function distinct(table, params, limits, countOnly) {
  const fields = outFieldList(params, table);
  if ((params.get("outFields") || "").trim() === "*" || !params.get("outFields")) {
    throw new QueryError("'outFields' parameter is invalid: returnDistinctValues needs the fields named");
  }
  const getters = fields.map((f) => table.get[f.name]);
  const keyOf = groupKeys(table, fields);
  const rows = selectRows(table, params.get("where"));
  if (countOnly && keyOf.space <= DENSE_KEYS) {
    const seenKey = new Uint8Array(keyOf.space);
    let count = 0;
    for (const i of rows) {
      const key = keyOf(i);
      if (seenKey[key] === 0) { seenKey[key] = 1; count += 1; }
    }
    return { kind: "distinct", count };
  }
  const seen = new Map();
  for (const i of rows) {
    const key = keyOf(i);
    if (!seen.has(key)) seen.set(key, i);
  }
  if (countOnly) return { kind: "distinct", count: seen.size };
  const records = sortRecords([...seen.values()].map((i) => getters.map((g) => g(i))), params.get("orderByFields"), fields,
    fields.map((_, index) => ({ index, desc: false })));
  const w = pageWindow(params, limits, records.length);
  return { kind: "distinct", fields, records: records.slice(w.offset, w.offset + w.size), exceeded: w.exceeded };
}

/**
 * Answer a query on `table` under the page-size `limits` ({maxRecordCount,
 * standardMaxRecordCount?, tileMaxRecordCount?}). Returns one of
 * `{kind: "count", count}`, `{kind: "distinct", count}` (count distinct),
 * `{kind: "ids", ids}`, `{kind: "page", fields, rows, exceeded, geometry, offset, size, all}`
 * (`all`: every matching row in order, `rows` the page of it),
 * `{kind: "statistics" | "distinct", fields, records, exceeded}`.
 */
export function runQuery(table, params, limits) {
  const sr = (params.get("outSR") || "4326").replace(/\s/g, "");
  if (sr !== "4326" && !/^\{"(latestWkid|wkid)":4326\}$/.test(sr)) {
    throw new QueryError(`'outSR' parameter is invalid: this layer answers in 4326 only, not ${sr}`);
  }
  if (params.get("geometry")) throw new QueryError("'geometry' parameter is invalid: spatial filters are not supported");
  const countOnly = flag(params, "returnCountOnly");
  const idsOnly = flag(params, "returnIdsOnly");
  const distinctValues = flag(params, "returnDistinctValues");
  const geometry = params.get("returnGeometry") === null || flag(params, "returnGeometry");
  if (params.get("outStatistics")) return statistics(table, params, limits);
  if (distinctValues) return distinct(table, params, limits, countOnly);
  if (countOnly) return { kind: "count", count: selectRows(table, params.get("where")).length };
  const rows = orderedRows(table, params.get("where"), params.get("orderByFields"));
  if (idsOnly) return { kind: "ids", ids: rows };
  const fields = outFieldList(params, table);
  const w = pageWindow(params, limits, rows.length);
  return {
    kind: "page", fields, rows: rows.subarray(w.offset, w.offset + w.size), exceeded: w.exceeded,
    geometry, offset: w.offset, size: w.size, all: rows,
  };
}
