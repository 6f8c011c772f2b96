// After `trunk build`: add a strict Content-Security-Policy to dist/index.html (allowing the
// one inline loader script by its hash) and report the gzip size of what the page loads.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const dist = process.argv[2] || "dist";
const indexPath = join(dist, "index.html");
let html = readFileSync(indexPath, "utf8");

const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`);
}
// Only these hosts may be contacted: this site and the City of Detroit's ArcGIS services;
// images also come from the one host of the optional street map's tiles (CARTO).
const csp = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
  "worker-src 'self'",
  "connect-src 'self' https://services2.arcgis.com https://gis.detroitmi.gov",
  "img-src 'self' data: blob: https://a.basemaps.cartocdn.com",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join("; ");
const meta = `<meta http-equiv="Content-Security-Policy" content="${csp}">`;
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, "");
html = html.replace(/<meta charset="utf-8">/i, (m) => `${m}\n  ${meta}`);
writeFileSync(indexPath, html);

let total = 0;
const rows = [];
for (const f of readdirSync(dist)) {
  if (!/\.(wasm|js|css|html)$/.test(f)) continue;
  const gz = gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  total += gz;
  rows.push(`${f.padEnd(36)} ${(gz / 1024).toFixed(1).padStart(8)} KiB gzip`);
}
console.log(rows.join("\n"));
console.log(`${"total".padEnd(36)} ${(total / 1024).toFixed(1).padStart(8)} KiB gzip`);
