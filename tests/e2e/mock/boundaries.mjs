// The mock's boundary layers, next to any scenario's layer as the City's are next to its
// crime layer: /mock/<scenario>[/<option>...]/DPD_Precincts/FeatureServer/0/query (11
// precinct polygons, field `name`: the Voronoi cells of the mock's precinct centres clipped to
// its city outline) and /mock/<scenario>[/<option>...]/Current_City_of_Detroit_Neighborhoods/
// FeatureServer/0/query (grid cells clipped to the outline, field `nhood_name`), as f=geojson
// or f=json rings, in pages of at most 100 polygons (`exceededTransferLimit` while more
// follow). The path option `bfail1` makes both answer HTTP 500, as when the layers cannot be
// had.

import { OUTLINE, PRECINCTS, PRECINCT_CENTRES } from "./vocabulary.mjs";

const LON_SCALE = Math.cos((42.35 * Math.PI) / 180);
const PAGE = 100;
const BOUNDARY = /\/(DPD_Precincts|Current_City_of_Detroit_Neighborhoods)\/FeatureServer\/0\/query$/;

/** Clip `ring` to the half-plane f(p) >= 0 (Sutherland–Hodgman, one edge). */
function clip(ring, f) {
  const out = [];
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i];
    const q = ring[(i + 1) % ring.length];
    const fp = f(p);
    const fq = f(q);
    if (fp >= 0) out.push(p);
    if ((fp >= 0) !== (fq >= 0)) {
      const t = fp / (fp - fq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

const round = (ring) => ring.map(([x, y]) => [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6]);

function precincts() {
  return PRECINCT_CENTRES.map(([ax, ay], k) => {
    let ring = OUTLINE.map((p) => [...p]);
    PRECINCT_CENTRES.forEach(([bx, by], j) => {
      if (j === k || ring.length === 0) return;
      // Points nearer to a than to b, in scaled coordinates.
      const dx = (ax - bx) * LON_SCALE;
      const dy = ay - by;
      const mx = ((ax + bx) / 2) * LON_SCALE;
      const my = (ay + by) / 2;
      ring = clip(ring, ([x, y]) => (x * LON_SCALE - mx) * dx + (y - my) * dy);
    });
    return { name: PRECINCTS[k], field: "name", ring: round(ring) };
  }).filter((p) => p.ring.length >= 3);
}

function neighborhoods() {
  const xs = OUTLINE.map((p) => p[0]);
  const ys = OUTLINE.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const [nx, ny] = [21, 14];
  const out = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const [a, b] = [x0 + ((x1 - x0) * i) / nx, x0 + ((x1 - x0) * (i + 1)) / nx];
      const [c, d] = [y0 + ((y1 - y0) * j) / ny, y0 + ((y1 - y0) * (j + 1)) / ny];
      let ring = OUTLINE.map((p) => [...p]);
      for (const f of [([x]) => x - a, ([x]) => b - x, ([, y]) => y - c, ([, y]) => d - y]) {
        if (ring.length) ring = clip(ring, f);
      }
      if (ring.length >= 3) out.push({ name: `Cell ${out.length + 1}`, field: "nhood_name", ring: round(ring) });
    }
  }
  return out;
}

let cache = null;
function layers() {
  if (!cache) cache = { DPD_Precincts: precincts(), Current_City_of_Detroit_Neighborhoods: neighborhoods() };
  return cache;
}

/** The reply to a boundary query at `pathname`, or null when the path is not one. */
export function boundaryReply(pathname, params) {
  const m = pathname.match(BOUNDARY);
  if (!m || !pathname.startsWith("/mock/")) return null;
  if (pathname.split("/").includes("bfail1")) {
    return { status: 500, type: "application/json", body: JSON.stringify({ message: "boundary layer unavailable" }) };
  }
  const all = layers()[m[1]];
  const offset = Number(params.get("resultOffset") || 0);
  const size = Math.min(Number(params.get("resultRecordCount") || PAGE), PAGE);
  const page = all.slice(offset, offset + size);
  const exceeded = offset + page.length < all.length;
  const f = (params.get("f") || "json").toLowerCase();
  const closed = (ring) => [...ring, ring[0]];
  if (f === "geojson") {
    return {
      status: 200, type: "application/geo+json",
      body: JSON.stringify({
        type: "FeatureCollection",
        features: page.map((p, k) => ({
          type: "Feature", id: offset + k + 1, properties: { OBJECTID: offset + k + 1, [p.field]: p.name },
          geometry: { type: "Polygon", coordinates: [closed(p.ring)] },
        })),
        ...(exceeded ? { properties: { exceededTransferLimit: true } } : {}),
      }),
    };
  }
  return {
    status: 200, type: "application/json; charset=utf-8",
    body: JSON.stringify({
      geometryType: "esriGeometryPolygon", spatialReference: { wkid: 4326 },
      // Esri rings: outer rings clockwise.
      features: page.map((p, k) => ({ attributes: { OBJECTID: offset + k + 1, [p.field]: p.name }, geometry: { rings: [closed(p.ring).reverse()] } })),
      exceededTransferLimit: exceeded,
    }),
  };
}

/** How many polygons each boundary layer holds (for tests). */
export function boundaryCounts() {
  const l = layers();
  return { precincts: l.DPD_Precincts.length, neighborhoods: l.Current_City_of_Detroit_Neighborhoods.length };
}
