// Detroit wall-clock time for the mock layer: local days, US daylight-saving rules (since
// 2007: second Sunday of March 02:00 to first Sunday of November 02:00), local ↔ UTC, and a
// seeded random generator. The layer is generated in local time and stored as UTC instants,
// as the City's service stores `incident_occurred_at`.

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Day of the month of the `n`-th Sunday of month `m` (1-12) of year `y`. */
function nthSunday(y, m, n) {
  const dow = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
  return 1 + ((7 - dow) % 7) + 7 * (n - 1);
}

/** Whether a Detroit wall-clock time is in daylight-saving time (an ambiguous 01:xx on the
 * day clocks fall back counts as daylight time, its first occurrence). */
export function isDst(y, m, d, h) {
  if (m < 3 || m > 11) return false;
  if (m > 3 && m < 11) return true;
  if (m === 3) {
    const start = nthSunday(y, 3, 2);
    return d > start || (d === start && h >= 2);
  }
  const end = nthSunday(y, 11, 1);
  return d < end || (d === end && h < 2);
}

/** Whether local hour `h` of local day `day` does not exist (skipped when clocks spring
 * forward). */
export function skippedHour(day, h) {
  if (h !== 2) return false;
  const { y, m, d } = civil(day);
  return m === 3 && d === nthSunday(y, 3, 2);
}

/** Local day number (days since 1970-01-01) of a civil date. */
export function dayOf(y, m, d) {
  return Math.round(Date.UTC(y, m - 1, d) / DAY);
}

/** Civil date of a local day number. */
export function civil(day) {
  const t = new Date(day * DAY);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local day number. */
export function isoWeekday(day) {
  const dow = (((day + 4) % 7) + 7) % 7; // 0 = Sunday; 1970-01-01 was a Thursday
  return dow === 0 ? 7 : dow;
}

/** UTC instant (epoch ms) of a Detroit wall-clock minute of a local day. */
export function localToUtc(day, minuteOfDay) {
  const { y, m, d } = civil(day);
  const h = Math.floor(minuteOfDay / 60);
  return day * DAY + minuteOfDay * MINUTE + (isDst(y, m, d, h) ? 4 : 5) * HOUR;
}

/** Local day number of a UTC instant in Detroit. */
export function localDayOf(utcMs) {
  const est = utcMs - 5 * HOUR;
  const day = Math.floor(est / DAY);
  const { y, m, d } = civil(day);
  const h = Math.floor((est - day * DAY) / HOUR);
  return isDst(y, m, d, h) ? Math.floor((utcMs - 4 * HOUR) / DAY) : day;
}

/** UTC instant of local midnight starting a civil date in Detroit. */
export function localMidnight(y, m, d) {
  return localToUtc(dayOf(y, m, d), 0);
}

/** A seeded generator of uniform numbers in [0, 1) (mulberry32). */
export function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw from a uniform generator (Box-Muller). */
export function normal(r) {
  const u = 1 - r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** Cumulative weights (for `pick`). */
export function cumulative(weights) {
  const c = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) c[i] = s += weights[i];
  return c;
}

/** Index drawn from cumulative weights `c` with uniform `u` in [0, 1) (binary search). */
export function pick(c, u) {
  const x = u * c[c.length - 1];
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
