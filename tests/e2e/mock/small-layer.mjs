// The end-to-end tests' original mock layer: 5,000 deterministic offense rows over 700 days
// ending two days ago (so every row falls inside the page's live window, which ends
// yesterday in Detroit, at any time of day), with a trailing space on ~5 % of categories,
// a few junk precincts and a few missing coordinates. Rows are plain objects, in ESRI_OID
// order.

import { SMALL_FIELDS } from "./fields.mjs";

const CATEGORIES = ["LARCENY", "ASSAULT", "BURGLARY", "DAMAGE TO PROPERTY", "STOLEN VEHICLE",
  "AGGRAVATED ASSAULT", "FRAUD", "ROBBERY", "WEAPONS OFFENSES", "ARSON"];
const PRECINCTS = ["02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"];
function rng(seed) { let s = seed >>> 0; return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296); }

/** The 5,000 rows, as objects keyed by field name. */
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

/** A table over plain row objects for the query engine (see query.mjs). */
export function rowsTable(rows) {
  const get = Object.fromEntries(SMALL_FIELDS.map(({ name }) => [name, (i) => rows[i][name]]));
  const time = Float64Array.from(rows, (r) => r.incident_occurred_at);
  const timeIndex = Int32Array.from(rows.keys()).sort((a, b) => time[a] - time[b] || a - b);
  return {
    name: "RMS_Crime_Incidents",
    fields: SMALL_FIELDS,
    oidField: "ESRI_OID",
    timeField: "incident_occurred_at",
    size: rows.length,
    get,
    // As before: a point wherever the row has a longitude (its latitude may still be null).
    geometry: (i) => (rows[i].longitude == null ? null : [rows[i].longitude, rows[i].latitude]),
    time,
    timeIndex,
    editedAt: Date.now(),
  };
}

/** The 5,000-row table, and an empty one with the same fields. */
export const SMALL = rowsTable(ROWS);
export const EMPTY = rowsTable([]);
