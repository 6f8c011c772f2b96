// The mock city's places: intersection points on a jittered street grid inside an outline
// of Detroit, each with its street names, neighborhood, precinct, council district, ZIP code
// and census block, and a weight (a few busy corners, many quiet ones). Rows are placed at
// these points only, as the City's data is anonymised to the nearest intersection.

import { normal, cumulative } from "./clock.mjs";
import {
  NEIGHBORHOODS, OUTLINE, PRECINCT_CENTRES, ZIP_CODES, inCity, streetNames,
} from "./vocabulary.mjs";

const LON_STEP = 0.00175;
const LAT_STEP = 0.0014;
const LON_SCALE = Math.cos((42.35 * Math.PI) / 180);

function nearest(centres, x, y) {
  let best = 0;
  let bestD = Infinity;
  for (let k = 0; k < centres.length; k++) {
    const dx = (centres[k][0] - x) * LON_SCALE;
    const dy = centres[k][1] - y;
    const d = dx * dx + dy * dy;
    if (d < bestD) { bestD = d; best = k; }
  }
  return best;
}

function pointsInCity(r, n, x0, y0, x1, y1) {
  const out = [];
  while (out.length < n) {
    const x = x0 + r() * (x1 - x0);
    const y = y0 + r() * (y1 - y0);
    if (inCity(x, y)) out.push([x, y]);
  }
  return out;
}

/**
 * The places of the mock city, drawn from the generator `r`: typed columns per place (lon,
 * lat, neighborhood, precinct, council district, ZIP code index), its intersection name and
 * census block, and per precinct the places with cumulative weights.
 */
export function places(r) {
  const xs = OUTLINE.map((p) => p[0]);
  const ys = OUTLINE.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const nx = Math.floor((x1 - x0) / LON_STEP) + 1;
  const ny = Math.floor((y1 - y0) / LAT_STEP) + 1;
  const ns = streetNames(nx, true);
  const ew = streetNames(ny, false);
  const hoods = pointsInCity(r, NEIGHBORHOODS.length, x0, y0, x1, y1);
  const hoodPrecinct = hoods.map(([x, y]) => nearest(PRECINCT_CENTRES, x, y));
  const districts = pointsInCity(r, 7, x0, y0, x1, y1);
  const hoodDistrict = hoods.map(([x, y]) => 1 + nearest(districts, x, y));
  const zips = pointsInCity(r, ZIP_CODES.length, x0, y0, x1, y1);

  const lon = [];
  const lat = [];
  const hood = [];
  const precinct = [];
  const district = [];
  const zip = [];
  const intersection = [];
  const geoid = [];
  const weight = [];
  for (let ix = 0; ix < nx; ix++) {
    for (let iy = 0; iy < ny; iy++) {
      const x = x0 + ix * LON_STEP + (r() - 0.5) * 0.0009;
      const y = y0 + iy * LAT_STEP + (r() - 0.5) * 0.0007;
      const w = Math.exp(0.9 * normal(r));
      if (!inCity(x, y)) continue;
      // Coordinates with as many decimals as the City publishes (13).
      lon.push(Math.round(x * 1e13) / 1e13);
      lat.push(Math.round(y * 1e13) / 1e13);
      const h = nearest(hoods, x, y);
      hood.push(h);
      precinct.push(hoodPrecinct[h]);
      district.push(hoodDistrict[h]);
      zip.push(nearest(zips, x, y));
      intersection.push((ix + iy) % 2 ? `${ns[ix]} & ${ew[iy]}` : `${ew[iy]} & ${ns[ix]}`);
      const tract = 500000 + (Math.floor(ix / 10) * 37 + Math.floor(iy / 8)) * 100;
      geoid.push(`26163${tract}${1000 + (ix % 10) * 10 + (iy % 8)}`);
      weight.push(w);
    }
  }
  const byPrecinct = PRECINCT_CENTRES.map((_, p) => {
    const members = [];
    for (let i = 0; i < precinct.length; i++) if (precinct[i] === p) members.push(i);
    return { members: Int32Array.from(members), cdf: cumulative(members.map((i) => weight[i])) };
  });
  return {
    count: lon.length,
    lon: Float64Array.from(lon),
    lat: Float64Array.from(lat),
    hood: Uint16Array.from(hood),
    precinct: Uint8Array.from(precinct),
    district: Uint8Array.from(district),
    zip: Uint8Array.from(zip),
    intersection,
    geoid,
    byPrecinct,
    volume: byPrecinct.map((p) => p.cdf[p.cdf.length - 1] || 0),
  };
}
