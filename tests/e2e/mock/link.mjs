// How the mock's answers travel: gzip (or br) when the request accepts it, a shared link of
// a given speed (a token bucket that every concurrent response of the mock draws from, in
// turn, so parallel requests share the bandwidth as they would on one connection to the
// City's server), and counters of requests and bytes per scenario.

import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

const CHUNK = 16 * 1024;
const TICK_MS = 4;

/** A link of `mbps` megabits a second shared by every response written through it. */
export class Link {
  constructor(mbps) {
    this.rate = (mbps * 1e6) / 8 / 1000; // bytes per ms
    this.burst = Math.max(CHUNK, this.rate * 10);
    this.tokens = this.burst;
    this.last = performance.now();
    this.queue = [];
    this.timer = null;
  }

  /** Write `body` to `res` at the link's pace, then end it; resolves when done. */
  send(res, body) {
    return new Promise((done) => {
      this.queue.push({ res, body, at: 0, done });
      this.pump();
    });
  }

  pump() {
    this.timer = null;
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.rate);
    this.last = now;
    while (this.queue.length > 0 && this.tokens >= 1) {
      const item = this.queue.shift();
      if (item.res.destroyed) { item.done(); continue; }
      const n = Math.min(CHUNK, item.body.length - item.at, Math.floor(this.tokens));
      item.res.write(item.body.subarray(item.at, item.at + n));
      item.at += n;
      this.tokens -= n;
      if (item.at >= item.body.length) { item.res.end(); item.done(); } else this.queue.push(item);
    }
    if (this.queue.length > 0 && !this.timer) this.timer = setTimeout(() => this.pump(), TICK_MS);
  }
}

const links = new Map();

/** The shared link of a speed (one per distinct speed), or null for an unlimited one. */
export function linkAt(mbps) {
  if (!(mbps > 0)) return null;
  if (!links.has(mbps)) links.set(mbps, new Link(mbps));
  return links.get(mbps);
}

/** Counters per scenario: requests by kind, responses by status, body bytes as sent, rows. */
export const counters = new Map();

/** The counters of a scenario (created on first use). */
export function countersOf(scenario) {
  if (!counters.has(scenario)) {
    counters.set(scenario, {
      requests: { metadata: 0, count: 0, distinct: 0, statistics: 0, ids: 0, page: 0 },
      status: {},
      bytes: 0,
      rows: 0,
    });
  }
  return counters.get(scenario);
}

/** The encoding to use for a request's `Accept-Encoding` (gzip first, as the service does). */
export function encodingFor(req) {
  const accept = String(req.headers["accept-encoding"] || "").toLowerCase();
  const allows = (name) => accept.split(",").some((part) => {
    const [token, ...params] = part.trim().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return token.trim() === name && (!q || Number(q.slice(2)) > 0);
  });
  return allows("gzip") ? "gzip" : allows("br") ? "br" : null;
}

/**
 * Send a response: `body` (string or Buffer) compressed when `compress` and the request
 * allows it, through `link` when given, counted in `count` (a scenario's counters).
 */
export async function send(req, res, { status = 200, headers = {}, body, compress, link, count }) {
  let buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const out = { "access-control-allow-origin": "*", ...headers };
  const encoding = compress ? encodingFor(req) : null;
  if (compress) out.vary = "Accept-Encoding";
  if (encoding === "gzip") buf = await gzipAsync(buf);
  if (encoding === "br") buf = await brotliAsync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
  if (encoding) out["content-encoding"] = encoding;
  out["content-length"] = buf.length;
  if (count) {
    count.bytes += buf.length;
    count.status[status] = (count.status[status] || 0) + 1;
  }
  res.writeHead(status, out);
  if (link) await link.send(res, buf);
  else await new Promise((done) => res.end(buf, done));
}
