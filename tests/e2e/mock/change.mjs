// Changes to a full-size layer between visits, as the City's layer changes between two
// visits of the page: rows deleted from a month (a report withdrawn or reclassified) and
// new days of rows entered after the layer's last day.
//
//   POST /mock/change?layer=<scenario path>   body JSON, any of:
//     { "dropMonth": "YYYY-MM", "drop": n }   delete n more rows whose time is in that
//                                             (Detroit) month, spread evenly over it
//     { "addDays": d }                         append d local days after the layer's last
//                                             day, with object ids above the largest
//     { "restore": true }                      back to the generated layer
//   → { rows, deleted, added, lastDay: "YYYY-MM-DD", editedAt }
//
// The scenario path is any path of the layer, e.g. /mock/big-1000/lat300/rpy20000/years3/
// FeatureServer/0: the change applies to that scenario at that size (other scenarios of the
// same size keep the generated rows). `GET /mock/reset` leaves changes alone (other tests
// reset the counters while a change is in place); `restore` undoes them.
//
// Deleted rows are masked (`table.deleted`), so every kind of query (pages, counts, ids,
// statistics, distinct values) leaves them out. A new day's rows are the rows of the same
// weekday a week earlier moved to the new day: the same number, local times of day, places,
// categories, descriptions, precincts (junk codes included), statuses, missing coordinates
// and neighborhoods and trailing spaces, with report numbers of the new day (offense rows of
// one report keep sharing one). They are entered after every row already there, in time
// order.

import { MINUTE, civil, dayOf, localToUtc } from "./clock.mjs";
import { makeTable } from "./big-layer.mjs";
import { warmCodes } from "./query.mjs";

const changed = new Map();

const keyOf = (scenario, rpy, years) => `${scenario}|${rpy}x${years}`;

/** The table a scenario of this size answers from: the changed one, or `base`. */
export function tableFor(scenario, rpy, years, base) {
  return changed.get(keyOf(scenario, rpy, years)) ?? base;
}

/** Row indices whose time lies in [from, to), in object-id order. */
function rowsBetween(table, from, to) {
  const { time, timeIndex } = table;
  let lo = 0;
  let hi = timeIndex.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (time[timeIndex[m]] < from) lo = m + 1; else hi = m; }
  const out = [];
  for (let k = lo; k < timeIndex.length && time[timeIndex[k]] < to; k++) out.push(timeIndex[k]);
  return Int32Array.from(out).sort();
}

/** `table` with `days` more local days of rows (see the top of this file). */
function withDays(table, days, now) {
  const p = table.parts;
  const { seqDigits } = p.plan;
  const add = [];
  for (let k = 1; k <= days; k++) {
    const day = p.plan.lastDay + k;
    const from = localToUtc(day - 7, 0);
    const template = rowsBetween(table, from, localToUtc(day - 6, 0)).filter((i) => !table.deleted?.[i]);
    const { y, m, d } = civil(day);
    const reports = new Map();
    const timed = [...template].map((i) => {
      const minute = Math.min(1439, Math.max(0, Math.round((p.time[i] - from) / MINUTE)));
      return { i, t: localToUtc(day, minute), minute };
    }).sort((a, b) => a.t - b.t || a.i - b.i);
    for (const row of timed) {
      if (!reports.has(p.cols.report[row.i])) {
        reports.set(p.cols.report[row.i], ((y % 100) * 10000 + m * 100 + d) * 10 ** seqDigits + reports.size + 1);
      }
      add.push({ ...row, day, report: reports.get(p.cols.report[row.i]) });
    }
  }
  const n = p.n + add.length;
  const grow = (col, value) => {
    const out = new col.constructor(n);
    out.set(col);
    add.forEach((row, j) => { out[p.n + j] = value(row); });
    return out;
  };
  const cols = Object.fromEntries(Object.entries(p.cols).map(([name, col]) => [name,
    grow(col, (row) => (name === "report" ? row.report : col[row.i]))]));
  const timeIndex = new Int32Array(n);
  timeIndex.set(p.timeIndex);
  add.forEach((_, j) => { timeIndex[p.n + j] = p.n + j; });
  const lastDay = p.plan.lastDay + days;
  const years = p.plan.years.map((e) => ({ ...e }));
  for (const row of add) {
    const y = civil(row.day).y;
    const e = years.find((x) => x.year === y) ?? (years.push({ year: y, rows: 0 }), years[years.length - 1]);
    e.rows += 1;
  }
  const next = makeTable({
    ...p, n, cols, timeIndex,
    time: grow(p.time, (row) => row.t),
    year: grow(p.year, (row) => civil(row.day).y),
    hour: grow(p.hour, (row) => Math.floor(row.minute / 60)),
    weekday: grow(p.weekday, (row) => p.weekday[row.i]),
    plan: { ...p.plan, years, total: n, lastDay },
    editedAt: now,
  });
  if (table.deleted) {
    next.deleted = new Uint8Array(n);
    next.deleted.set(table.deleted);
  }
  return next;
}

/** `table` with `n` more rows of `month` ("YYYY-MM") deleted, evenly spread over it. */
function withoutRows(table, month, n, now) {
  const [y, m] = month.split("-").map(Number);
  const from = localToUtc(dayOf(y, m, 1), 0);
  const to = localToUtc(m === 12 ? dayOf(y + 1, 1, 1) : dayOf(y, m + 1, 1), 0);
  const deleted = table.deleted ? Uint8Array.from(table.deleted) : new Uint8Array(table.size);
  const left = [...rowsBetween(table, from, to)].filter((i) => !deleted[i]);
  if (n > left.length) throw new Error(`${month} has ${left.length} rows, not ${n}`);
  for (let j = 0; j < n; j++) deleted[left[Math.floor((j * left.length) / n)]] = 1;
  // A new table object: the query engine's caches start empty.
  return { ...table, deleted, editedAt: now, cache: undefined };
}

/** Apply a change (see the top of this file) to a scenario of a size; its summary. */
export function applyChange(scenario, rpy, years, base, change, now = Date.now()) {
  const key = keyOf(scenario, rpy, years);
  if (change.restore) changed.delete(key);
  let table = changed.get(key) ?? base;
  if (change.addDays !== undefined) {
    if (!Number.isInteger(change.addDays) || change.addDays < 1 || change.addDays > 60) {
      throw new Error("addDays must be a whole number of days, 1 to 60");
    }
    table = withDays(table, change.addDays, now);
    warmCodes(table, ["police_precinct", "offense_category", "report_number"]);
  }
  if (change.dropMonth !== undefined || change.drop !== undefined) {
    if (!/^\d{4}-\d\d$/.test(String(change.dropMonth)) || !Number.isInteger(change.drop) || change.drop < 1) {
      throw new Error("dropMonth (YYYY-MM) and drop (a positive whole number) go together");
    }
    table = withoutRows(table, change.dropMonth, change.drop, now);
  }
  if (table !== base) changed.set(key, table);
  const deleted = table.deleted ? table.deleted.reduce((s, v) => s + v, 0) : 0;
  const last = civil(table.plan.lastDay);
  const pad = (v) => String(v).padStart(2, "0");
  return {
    rows: table.size - deleted, deleted, added: table.size - base.size,
    lastDay: `${last.y}-${pad(last.m)}-${pad(last.d)}`, editedAt: table.editedAt,
  };
}
