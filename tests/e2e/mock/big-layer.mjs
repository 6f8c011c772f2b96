// The full-size mock layer: `rowsPerYear` offense rows a year from 1 January of the first of
// `years` calendar years to two days ago (Detroit time), shaped like the City's RMS data and
// held in typed columns (about 30 bytes a row) with small dictionaries for the text.
//
// Structure, so forecasts and decompositions have something to find: a mild downward trend
// (-1.2 % a year, each precinct with its own drift), a yearly season (summer high, February
// low), weekday and hour-of-day rhythms, day-to-day noise, ~1.09 offense rows per report, a
// few rows timed at the default 00:00 / 12:00, a few occurred-dates back to 1915, ~0.13 %
// of rows without coordinates, ~0.8 % without a neighborhood, junk precinct codes on ~0.1 %.
// ESRI_OID follows the order rows were entered (occurred time plus a reporting delay), so it
// is roughly, not exactly, in time order. Everything is drawn from one seed: the same
// arguments give the same rows, apart from where "two days ago" falls.

import {
  DAY, civil, cumulative, dayOf, isoWeekday, localDayOf, localToUtc, normal, pick, seeded,
  skippedHour,
} from "./clock.mjs";
import { CURRENT_FIELDS } from "./fields.mjs";
import { places } from "./geography.mjs";
import {
  CATEGORIES, CATEGORY_DESCRIPTIONS, DESCRIPTION_LIST, JUNK_PRECINCTS, NEIGHBORHOODS,
  PRECINCTS, PRECINCT_CENTRES, STATUSES, TRAILING_SPACE, ZIP_CODES,
} from "./vocabulary.mjs";

const TREND = -0.012;
const WEEKDAY = [0, 1.03, 1.0, 1.0, 0.99, 1.04, 1.01, 0.93]; // ISO weekday 1..7
const HOURS = [3.2, 2.6, 2.3, 1.8, 1.3, 1.1, 1.4, 2.2, 3.3, 3.7, 3.9, 4.1, 4.7, 4.6, 4.8, 5.3,
  5.4, 5.4, 5.5, 5.4, 5.2, 5.0, 4.6, 3.9];
const PRECINCT_CODES = [...PRECINCTS, ...JUNK_PRECINCTS];
const CATEGORY_VALUES = CATEGORIES.flatMap(([name]) => [name, `${name} `]);
const FLAG_SPACE = 1;
const FLAG_NO_COORDS = 2;
const FLAG_NO_HOOD = 4;

function season(day) {
  const { y } = civil(day);
  const doy = day - dayOf(y, 1, 1);
  const a = (2 * Math.PI * (doy - 196)) / 365.25;
  return 1 + 0.17 * Math.cos(a) + 0.035 * Math.cos(2 * a);
}

/** Rows per calendar year: the total split by each year's share of the day weights. */
function yearPlan(firstDay, weights, total) {
  const years = new Map();
  for (let i = 0; i < weights.length; i++) {
    const y = civil(firstDay + i).y;
    const e = years.get(y) || { year: y, weight: 0, first: i, last: i };
    e.weight += weights[i];
    e.last = i;
    years.set(y, e);
  }
  const list = [...years.values()];
  const sum = list.reduce((s, e) => s + e.weight, 0);
  for (const e of list) e.rows = Math.floor((total * e.weight) / sum);
  const short = total - list.reduce((s, e) => s + e.rows, 0);
  const byRemainder = [...list].sort((a, b) => ((total * b.weight) / sum) % 1 - ((total * a.weight) / sum) % 1);
  for (let k = 0; k < short; k++) byRemainder[k % list.length].rows += 1;
  return list;
}

/**
 * Generate the layer: `{rowsPerYear, years, seed, now}` → a table for the query engine
 * (see query.mjs), with `plan` (rows per calendar year, junk-dated rows, total).
 */
export function bigLayer({ rowsPerYear = 81000, years = 10, seed = 20170101, now = Date.now() } = {}) {
  const r = seeded(seed);
  const city = places(r);
  const lastDay = localDayOf(now - 2 * DAY);
  const firstDay = dayOf(civil(lastDay).y - years + 1, 1, 1);
  const nDays = lastDay - firstDay + 1;
  const mid = nDays / 2;
  const weights = new Float64Array(nDays);
  for (let i = 0; i < nDays; i++) {
    const d = firstDay + i;
    weights[i] = (1 + TREND * ((i - mid) / 365.25)) * season(d) * WEEKDAY[isoWeekday(d)]
      * Math.exp(0.07 * normal(r));
  }
  const total = Math.round((rowsPerYear * nDays) / 365.2425);
  const plan = yearPlan(firstDay, weights, total);
  const junk = Math.round(total * 0.0025);
  const n = total + junk;

  // Precinct shares drift month by month with each precinct's own trend.
  const monthOf = new Uint16Array(nDays);
  const precinctCdf = [];
  for (let i = 0, month = -1, key = ""; i < nDays; i++) {
    const { y, m } = civil(firstDay + i);
    if (`${y}-${m}` !== key) {
      key = `${y}-${m}`;
      month += 1;
      const t = (i - mid) / 365.25;
      precinctCdf.push(cumulative(PRECINCT_CENTRES.map((c, p) => city.volume[p] * Math.max(0.2, 1 + c[2] * t))));
    }
    monthOf[i] = month;
  }
  const categoryCdf = cumulative(CATEGORIES.map((c) => c[1]));
  const hourCdf = cumulative(HOURS);
  const statusCdf = cumulative([0.35, 0.3, 0.12, 0.15, 0.08]);

  const occDay = new Int32Array(n);
  const occMinute = new Uint16Array(n);
  const loadKey = new Float64Array(n);
  const reportNo = new Float64Array(n);
  const place = new Uint16Array(n);
  const category = new Uint8Array(n);
  const description = new Uint8Array(n);
  const precinct = new Uint8Array(n);
  const status = new Uint8Array(n);
  const flags = new Uint8Array(n);
  const perDay = new Uint16Array(nDays);
  const seqDigits = rowsPerYear > 2_500_000 ? 5 : 4;

  let row = 0;
  const incident = (i, minute, k, junkDay = null, junkMinute = 0) => {
    const day = firstDay + i;
    const p = pick(precinctCdf[monthOf[i]], r());
    const at = city.byPrecinct[p];
    const loc = at.members[pick(at.cdf, r())];
    const { y, m, d } = civil(day);
    const report = ((y % 100) * 10000 + m * 100 + d) * 10 ** seqDigits + (perDay[i] += 1);
    const age = (lastDay - day) / 365.25;
    const open = 0.12 + 0.75 * Math.exp(-3 * age);
    const st = r() < open ? 0 : 1 + pick(statusCdf, r());
    const delay = r() < 0.05 ? r() * 120 * DAY : -Math.log(1 - r()) * 2 * DAY;
    const rowFlags = (r() < 0.0013 ? FLAG_NO_COORDS | FLAG_NO_HOOD : 0) | (r() < 0.008 ? FLAG_NO_HOOD : 0);
    const start = localToUtc(day, minute);
    let cat = pick(categoryCdf, r());
    for (let j = 0; j < k; j++, row++) {
      if (j > 0 && r() < 0.64) cat = pick(categoryCdf, r());
      const descs = CATEGORY_DESCRIPTIONS[cat];
      occDay[row] = junkDay ?? day;
      occMinute[row] = junkDay === null ? minute : junkMinute;
      loadKey[row] = start + delay + j;
      reportNo[row] = report;
      place[row] = loc;
      category[row] = cat;
      description[row] = descs[Math.floor(r() * descs.length)];
      precinct[row] = r() < 0.001 ? PRECINCTS.length + Math.floor(r() * JUNK_PRECINCTS.length)
        : city.precinct[loc];
      status[row] = st;
      flags[row] = rowFlags | (r() < (TRAILING_SPACE.get(CATEGORIES[cat][0]) || 0) ? FLAG_SPACE : 0);
    }
  };
  const minuteOf = (i) => {
    const u = r();
    if (u < 0.05) return 0;
    if (u < 0.07) return 720;
    let h = pick(hourCdf, r());
    if (skippedHour(firstDay + i, h)) h = 3;
    const v = r();
    return h * 60 + (v < 0.25 ? 0 : v < 0.35 ? 30 : Math.floor(r() * 60));
  };
  for (const year of plan) {
    const cdf = cumulative(weights.subarray(year.first, year.last + 1));
    let left = year.rows;
    while (left > 0) {
      const u = r();
      const k = Math.min(left, u < 0.925 ? 1 : u < 0.99 ? 2 : 3);
      const i = year.first + pick(cdf, r());
      incident(i, minuteOf(i), k);
      left -= k;
    }
  }
  // Rows whose occurred-date is junk (1915-2016), reported like any other row.
  const allCdf = cumulative(weights);
  for (let j = 0; j < junk; j++) {
    const i = pick(allCdf, r());
    const u = r();
    const y = u < 0.05 ? 1915 + Math.floor(r() * 35) : u < 0.3 ? 1950 + Math.floor(r() * 50) : 2000 + Math.floor(r() * 17);
    const jd = dayOf(y, 1, 1) + Math.floor(r() * 365);
    incident(i, minuteOf(i), 1, jd, r() < 0.5 ? 0 : Math.floor(r() * 1440));
  }

  // ESRI_OID in entry order: reorder every column by load key.
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => loadKey[a] - loadKey[b] || a - b);
  const by = (col) => { const out = new col.constructor(n); for (let i = 0; i < n; i++) out[i] = col[order[i]]; return out; };
  const days = by(occDay);
  const minutes = by(occMinute);
  const cols = {
    report: by(reportNo), place: by(place), category: by(category), description: by(description),
    precinct: by(precinct), status: by(status), flags: by(flags),
  };
  const time = new Float64Array(n);
  const yearCol = new Uint16Array(n);
  const hour = new Uint8Array(n);
  const weekday = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = localToUtc(days[i], minutes[i]);
    yearCol[i] = civil(days[i]).y;
    hour[i] = Math.floor(minutes[i] / 60);
    weekday[i] = isoWeekday(days[i]);
  }
  const timeIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) timeIndex[i] = i;
  timeIndex.sort((a, b) => time[a] - time[b] || a - b);

  return makeTable({ city, n, time, timeIndex, year: yearCol, hour, weekday, cols,
    plan: { years: plan.map(({ year: y, rows }) => ({ year: y, rows })), junk, total: n, firstDay, lastDay, seqDigits },
    editedAt: localToUtc(lastDay + 1, 6 * 60) });
}

const grid = (v) => -400 + Math.round((v + 400) * 1e9) * 1e-9;

/**
 * The table over generated columns: `{city, n, time, timeIndex, year, hour, weekday, cols,
 * plan, editedAt}` (cols: report, place, category, description, precinct, status, flags, one
 * entry a row in object-id order). The parts are kept as `table.parts` (see change.mjs).
 */
export function makeTable(parts) {
  const { city, n, time, timeIndex, year, hour, weekday, cols, plan, editedAt } = parts;
  const { report, place, category, description, precinct, status, flags } = cols;
  const located = (i) => (flags[i] & FLAG_NO_COORDS) === 0;
  const get = {
    ESRI_OID: (i) => i + 1,
    report_number: (i) => String(report[i]),
    incident_occurred_at: (i) => time[i],
    incident_year: (i) => year[i],
    incident_hour_of_day: (i) => hour[i],
    incident_day_of_week: (i) => weekday[i],
    incident_entry_id: (i) => String(10_000_000 + (((i + 1) * 7_919_351) % 90_000_000)),
    case_status: (i) => STATUSES[status[i]],
    offense_category: (i) => CATEGORY_VALUES[category[i] * 2 + (flags[i] & FLAG_SPACE)],
    offense_description: (i) => DESCRIPTION_LIST[description[i]],
    police_precinct: (i) => PRECINCT_CODES[precinct[i]],
    neighborhood: (i) => (flags[i] & FLAG_NO_HOOD ? null : NEIGHBORHOODS[city.hood[place[i]]]),
    council_district: (i) => (located(i) ? city.district[place[i]] : null),
    zip_code: (i) => (located(i) ? ZIP_CODES[city.zip[place[i]]] : null),
    nearest_intersection: (i) => (located(i) ? city.intersection[place[i]] : null),
    census_block_2020_geoid: (i) => (located(i) ? city.geoid[place[i]] : null),
    longitude: (i) => (located(i) ? city.lon[place[i]] : null),
    latitude: (i) => (located(i) ? city.lat[place[i]] : null),
  };
  return {
    name: "RMS_Crime_Incidents",
    fields: CURRENT_FIELDS,
    oidField: "ESRI_OID",
    timeField: "incident_occurred_at",
    size: n,
    get,
    // The point as the service stores it: on a 1e-9 degree grid from a false origin at -400.
    geometry: (i) => (located(i) ? [grid(city.lon[place[i]]), grid(city.lat[place[i]])] : null),
    time,
    timeIndex,
    plan,
    editedAt,
    parts,
  };
}
