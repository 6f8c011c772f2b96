// Test server: serves dist/ (and test pages under /e2e/) to the Playwright tests and the
// benchmark, and a local mock of the City of Detroit's ArcGIS FeatureServer under /mock/, so
// the live client is tested end to end without the internet. The mock lives in mock/:
// layer data (small-layer.mjs, big-layer.mjs with geography.mjs and vocabulary.mjs), the
// query engine (query.mjs, where.mjs), encoders (encode.mjs: JSON, GeoJSON, PBF), faults and
// scenarios (faults.mjs), link shaping and counters (link.mjs), routing (handler.mjs).
//
//   node tests/e2e/server.mjs [dist]       PORT (default 8091), SUBPATH_DIST (a build made
//                                          with --public-url /crimecast/, served there),
//                                          TLS=1: HTTPS with HTTP/2 (and HTTP/1.1 for clients
//                                          without it) and a throwaway self-signed certificate,
//                                          as the City's ArcGIS host answers (the benchmark
//                                          uses it: HTTP/2 carries many requests at once on one
//                                          connection, HTTP/1.1 browsers open six)
//
// Scenarios: /mock/<scenario>/query (or /mock/<scenario>/FeatureServer/0/query).
// - On the 5,000-row layer over 700 days (no layer description; answers as it always has,
//   uncompressed): ok, slow (the page at offset 2000 answers 3 s late), fail500 (that page
//   answers HTTP 500 once), error200 (it answers an error JSON with HTTP 200 once), r429
//   (HTTP 429 with Retry-After: 1 once, at offset 0), truncated (the page at 2000 is cut off
//   once), drop (the connection to that page is destroyed once), down (every request fails
//   with 503), empty (no rows), schema (a field is renamed from the third page on), slowall
//   (every reply 1.5 s late), repeat (the page at 2000 answers once with the rows of page 0),
//   missing (the page at 2000 answers once with half its rows).
// - On the full-size layer (ROWS_PER_YEAR a year over YEARS calendar years, default 81,000 x
//   10, from 1 January to two days ago; generated on the first request to any of these, in
//   about 2 s, then kept), with a layer description at /mock/<scenario>/FeatureServer/0?f=json,
//   statistics, count distinct, f=json / geojson / pbf and gzip: big (pages of 2000, standard
//   pages of 32000), big-1000 (pages of 1000), big-no-metadata (the layer description answers
//   404, as an older server's), big-late-500 (the first page request answers HTTP 500 after
//   6 s, once 8 later pages have been answered or 30 s more have passed), big-429 (the 40th
//   page request answers HTTP 429 with Retry-After: 5, once), big-stats-error (the first
//   statistics request answers an error JSON with HTTP 200, once). Warm the layer with one
//   request (e.g. the layer description) before timing anything.
// GET /mock/reset clears the once-only faults and the counters; GET /mock/stats reads the
// counters per scenario: requests by kind (metadata, count, distinct, statistics, ids, page),
// responses by HTTP status, body bytes as sent (after compression) and rows sent.
// POST /mock/change?layer=<a full-size scenario's path> with JSON changes that layer between
// two visits: {"dropMonth": "YYYY-MM", "drop": n} deletes n rows of a month, {"addDays": d}
// appends d new days of rows, {"restore": true} undoes both (mock/change.mjs).
//
// Pacing, for any scenario, by environment or per request with a path segment after the
// scenario name: LATENCY_MS or lat<ms> (wait before answering; default 0), LINK_MBPS or
// mbps<n> (one link of n Mbit/s shared by every mock response naming that speed, the way
// parallel fetches share a connection; default unlimited), ROWS_PER_YEAR / rpy<n> and
// YEARS / years<n> (the full-size layer's size). E.g. /mock/big/lat300/mbps50/FeatureServer/0/query
// (the page's live source then is ?api=/mock/big/lat300/mbps50/FeatureServer/0/query).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createSecureServer } from "node:http2";
import { tmpdir } from "node:os";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import { handleMock } from "./mock/handler.mjs";

export { ROWS } from "./mock/small-layer.mjs";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json",
  ".txt": "text/plain", ".svg": "image/svg+xml", ".png": "image/png", ".geojson": "application/geo+json",
};

/** A throwaway self-signed certificate for 127.0.0.1 (made with the openssl command). */
function selfSigned() {
  const dir = mkdtempSync(join(tmpdir(), "crimecast-tls-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-addext", "basicConstraints=critical,CA:FALSE",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    return { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Start the test server on `port` (0: any free port) serving `root`; resolves to the server.
 * With `tls`, HTTPS with HTTP/2 (HTTP/1.1 kept for clients without it). */
export function startServer({ port = Number(process.env.PORT || 8091), root = "dist", tls = process.env.TLS === "1" } = {}) {
  root = normalize(root);
  const handler = async (req, res) => {
    try {
      const host = req.headers.host || req.headers[":authority"];
      const url = new URL(req.url, `${tls ? "https" : "http"}://${host}`);
      if (url.pathname.startsWith("/mock/") && (await handleMock(req, res, url))) return;
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
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    }
  };
  const pair = tls ? selfSigned() : null;
  // TLS_CERT_OUT: where to write the certificate, for a client told to trust it.
  if (pair && process.env.TLS_CERT_OUT) writeFileSync(process.env.TLS_CERT_OUT, pair.cert);
  const server = tls ? createSecureServer({ ...pair, allowHTTP1: true }, handler) : createServer(handler);
  return new Promise((ok) => server.listen(port, "127.0.0.1", () => ok(server)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startServer({ root: process.argv[2] || "dist" });
  const { port } = server.address();
  const scheme = process.env.TLS === "1" ? "https" : "http";
  console.log(`test server on ${scheme}://127.0.0.1:${port} serving ${normalize(process.argv[2] || "dist")}`);
}
