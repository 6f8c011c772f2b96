// The mock's scenarios and their faults. Once-only faults fire the first time their
// condition is met after start or after `GET /mock/reset`.
//
// On the 5,000-row layer (no layer description, as before): ok, slow (the page at offset
// 2000 answers 3 s late), fail500 (that page answers HTTP 500 once), error200 (it answers an
// error JSON with HTTP 200 once), r429 (the page at offset 0 answers HTTP 429 with
// Retry-After: 1 once), truncated (the page at 2000 is cut off once), drop (the connection of
// the page at 2000 is destroyed once), down (every request fails with 503), empty (no rows),
// schema (incident_occurred_at is renamed occurred_when from offset 4000 on), slowall
// (every reply 1.5 s late), repeat (the page at 2000 answers once with the rows of page 0),
// missing (the page at 2000 answers once with half its rows). Any other name acts as ok.
//
// On the full-size layer (see big-layer.mjs), with a layer description: big (pages of 2000,
// standard pages of 32000), big-1000 (pages of 1000; no standard or tile page size),
// big-no-metadata (the layer description answers 404, as an older server's), big-late-500
// (the first page request is held 6 s, and until 8 later pages have been answered or 30 s
// more have passed, then answers HTTP 500, once), big-429 (the 40th page request answers HTTP
// 429 with Retry-After: 5, once), big-stats-error (the first statistics request answers an
// error JSON with HTTP 200, once).

const BIG_LIMITS = { maxRecordCount: 2000, standardMaxRecordCount: 32000, tileMaxRecordCount: 8000 };

/** Full-size scenarios: page-size limits, whether the layer describes itself, the fault. */
export const BIG_SCENARIOS = {
  "big": { limits: BIG_LIMITS },
  "big-1000": { limits: { maxRecordCount: 1000 } },
  "big-no-metadata": { limits: BIG_LIMITS, noMetadata: true },
  "big-late-500": { limits: BIG_LIMITS, fault: "late500" },
  "big-429": { limits: BIG_LIMITS, fault: "page40" },
  "big-stats-error": { limits: BIG_LIMITS, fault: "statsError" },
};

/** The 5,000-row layer's page size. */
export const SMALL_LIMITS = { maxRecordCount: 2000 };

const fired = new Set();
const progress = new Map();

/** True the first time `key` is asked for (until reset). */
export function once(key) {
  if (fired.has(key)) return false;
  fired.add(key);
  return true;
}

/** Page requests seen and page answers finished, per scenario (until reset). */
export function progressOf(scenario) {
  if (!progress.has(scenario)) progress.set(scenario, { pages: 0, answered: 0 });
  return progress.get(scenario);
}

/** Clear every once-only fault and page tally. */
export function resetFaults() {
  fired.clear();
  progress.clear();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function serviceError(code, message, details = []) {
  return JSON.stringify({ error: { code, message, details } });
}

/**
 * The fault a full-size scenario's request meets, if any: `{status, headers, body}` to
 * answer instead, after waiting where the fault says so. `kind` is the request's kind and
 * `pageNumber` the scenario's count of page requests including this one.
 */
export async function bigFault(name, fault, kind, pageNumber) {
  const state = progressOf(name);
  if (fault === "late500" && kind === "page" && pageNumber === 1 && once(`${name}:late`)) {
    const answeredBefore = state.answered;
    const start = performance.now();
    await sleep(6000);
    while (state.answered - answeredBefore < 8 && performance.now() - start < 36_000) await sleep(50);
    return { status: 500, body: serviceError(500, "An internal server error occurred.") };
  }
  if (fault === "page40" && kind === "page" && pageNumber === 40 && once(`${name}:429`)) {
    return { status: 429, headers: { "retry-after": "5" }, body: serviceError(429, "Too many requests. Retry after 5 seconds.") };
  }
  if (fault === "statsError" && kind === "statistics" && once(`${name}:stats`)) {
    return { status: 200, body: serviceError(500, "Unable to complete operation.", ["Unable to perform query operation."]) };
  }
  return null;
}

/**
 * The 5,000-row layer's faults for a page at `offset` (HTTP errors first, before the page
 * is built): `{status, headers, body}` to answer instead, or null.
 */
export async function smallPageFault(scenario, offset) {
  if (scenario === "fail500" && offset === 2000 && once("fail500")) return { status: 500, body: JSON.stringify({ message: "boom" }) };
  if (scenario === "error200" && offset === 2000 && once("error200")) {
    return { status: 200, body: serviceError(500, "Unable to complete operation.", ["mock fault"]) };
  }
  if (scenario === "r429" && offset === 0 && once("r429")) {
    return { status: 429, headers: { "retry-after": "1" }, body: JSON.stringify({ message: "slow down" }) };
  }
  if (scenario === "slow" && offset === 2000) await sleep(3000);
  return null;
}

/**
 * How the 5,000-row layer bends a page at `offset` of `size` rows out of `all`: which rows
 * it sends (`repeat`: page 0's again; `missing`: half of them) and which field it renames
 * (`schema`, from offset 4000 on).
 */
export function smallPageShape(scenario, offset, size, all) {
  let rows = all.subarray(offset, offset + size);
  if (scenario === "repeat" && offset === 2000 && once("repeat")) rows = all.subarray(0, size);
  if (scenario === "missing" && offset === 2000 && once("missing")) rows = all.subarray(offset, offset + size / 2);
  const rename = scenario === "schema" && offset >= 4000 ? new Map([["incident_occurred_at", "occurred_when"]]) : null;
  return { rows, rename };
}

/** Whether the reply to a 5,000-row page is cut once: "truncated" (half the body sent as if
 * whole) or "drop" (part sent, then the connection destroyed). */
export function smallBodyFault(scenario, offset) {
  if (scenario === "truncated" && offset === 2000 && once("truncated")) return "truncated";
  if (scenario === "drop" && offset === 2000 && once("drop")) return "drop";
  return null;
}
