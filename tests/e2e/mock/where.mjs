// The `where` clause of a query: a small SQL-92 subset as ArcGIS standardized queries accept
// it. Conditions `field op value` (=, <>, !=, <, <=, >, >=), `field [NOT] IN (...)`,
// `field [NOT] BETWEEN a AND b`, `field [NOT] LIKE 'p%'`, `field IS [NOT] NULL`, constant
// comparisons such as `1=1`, joined by AND / OR / NOT with parentheses. Values: numbers,
// 'strings' ('' escapes a quote), TIMESTAMP 'YYYY-MM-DD HH:MM:SS' and DATE 'YYYY-MM-DD' (UTC)
// for date fields. Strings compare as the City's SQL Server backed layer does: without
// regard to case or trailing spaces.

/** A query the service refuses: message for the `details` of the error reply. */
export class QueryError extends Error {}

const TOKEN = /\s*(?:(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|'((?:[^']|'')*)'|([A-Za-z_][A-Za-z0-9_.]*)|(<>|!=|<=|>=|[=<>(),]))/y;

function tokenize(text) {
  const out = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new QueryError(`'where' parameter is invalid: cannot read "${text.slice(at, at + 20)}"`);
    at = TOKEN.lastIndex;
    if (m[1] !== undefined) out.push({ kind: "number", value: Number(m[1]) });
    else if (m[2] !== undefined) out.push({ kind: "string", value: m[2].replace(/''/g, "'") });
    else if (m[3] !== undefined) out.push({ kind: "word", value: m[3], upper: m[3].toUpperCase() });
    else out.push({ kind: "op", value: m[4] });
  }
  return out;
}

/** Comparable form of a string value: case and trailing spaces do not count. */
export function sqlKey(v) {
  return typeof v === "string" ? v.replace(/\s+$/, "").toUpperCase() : v;
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

function dateValue(text) {
  const m = DATE_TEXT.exec(text.trim());
  if (!m) throw new QueryError(`'where' parameter is invalid: bad date literal '${text}'`);
  const [, y, mo, d, h = 0, mi = 0, s = 0, ms = 0] = m;
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +String(ms).padEnd(3, "0"));
}

const OPS = {
  "=": (c) => c === 0, "<>": (c) => c !== 0, "!=": (c) => c !== 0, "<": (c) => c < 0,
  "<=": (c) => c <= 0, ">": (c) => c > 0, ">=": (c) => c >= 0,
};
const ALL = [-Infinity, Infinity];

function compare(a, b) {
  const x = sqlKey(a);
  const y = sqlKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Compile `where` against `table` into `{test(i), range}`: `test` decides a row; `range` is
 * [from, to] (UTC ms, inclusive) such that every row passing `test` has its time field
 * inside it, so a caller can narrow the rows to look at first.
 */
export function compileWhere(where, table) {
  const text = (where ?? "").trim() || "1=1";
  const tokens = tokenize(text);
  let pos = 0;
  const invalid = (why) => new QueryError(`'where' parameter is invalid: ${why}`);
  const peek = () => tokens[pos];
  const isWord = (w) => peek()?.kind === "word" && peek().upper === w;
  const isOp = (o) => peek()?.kind === "op" && peek().value === o;
  const take = (w) => { if (!isWord(w)) return false; pos++; return true; };
  const expect = (o) => { if (!isOp(o)) throw invalid(`"${o}" expected`); pos++; };

  // An operand: a field (getter and type) or a literal value.
  const operand = () => {
    const t = tokens[pos++];
    if (!t) throw invalid("it ends too early");
    if (t.kind === "number" || t.kind === "string") return { literal: true, value: t.value, type: t.kind };
    if (t.kind === "word" && (t.upper === "TIMESTAMP" || t.upper === "DATE")) {
      const s = tokens[pos++];
      if (s?.kind !== "string") throw invalid(`${t.upper} needs a quoted value`);
      return { literal: true, value: dateValue(s.value), type: "date" };
    }
    if (t.kind === "word") {
      const f = table.fields.find((x) => x.name.toLowerCase() === t.value.toLowerCase());
      if (!f) throw invalid(`unknown field ${t.value}`);
      const type = f.type === "esriFieldTypeString" ? "string" : f.type === "esriFieldTypeDate" ? "date" : "number";
      return { literal: false, field: f.name, get: table.get[f.name], type };
    }
    throw invalid(`unexpected "${t.value}"`);
  };
  // A literal compared with `left`, of a matching type.
  const literal = (left) => {
    const v = operand();
    if (!v.literal) throw invalid("a value was expected");
    if (v.type !== left.type) throw invalid(`${left.field || "a value"} (${left.type}) compared with a ${v.type}`);
    return v.value;
  };
  const timeRange = (left, from, to) => (!left.literal && left.field === table.timeField ? [from, to] : ALL);

  const condition = () => {
    if (isOp("(")) {
      pos++;
      const e = orExpr();
      expect(")");
      return e;
    }
    if (take("NOT")) {
      const e = condition();
      return { test: (i) => !e.test(i), range: ALL };
    }
    const left = operand();
    const at = left.literal ? () => left.value : left.get;
    if (take("IS")) {
      const negate = take("NOT");
      if (!take("NULL")) throw invalid("IS needs NULL");
      return { test: (i) => (at(i) == null) !== negate, range: ALL };
    }
    const negate = take("NOT");
    if (take("IN")) {
      expect("(");
      const set = new Set([sqlKey(literal(left))]);
      while (isOp(",")) { pos++; set.add(sqlKey(literal(left))); }
      expect(")");
      return { test: (i) => { const v = at(i); return v != null && set.has(sqlKey(v)) !== negate; }, range: ALL };
    }
    if (take("BETWEEN")) {
      const lo = literal(left);
      if (!take("AND")) throw invalid("BETWEEN needs AND");
      const hi = literal(left);
      const test = (i) => { const v = at(i); return v != null && (compare(v, lo) >= 0 && compare(v, hi) <= 0) !== negate; };
      const range = negate ? ALL : timeRange(left, lo, hi);
      return { test, range, exact: range !== ALL };
    }
    if (take("LIKE")) {
      const pattern = String(literal(left));
      const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*").replace(/_/g, ".");
      const re = new RegExp(`^${body.replace(/\s+$/, "")}$`, "is");
      return { test: (i) => { const v = at(i); return v != null && re.test(String(v).replace(/\s+$/, "")) !== negate; }, range: ALL };
    }
    if (negate) throw invalid("NOT before an operator");
    const t = tokens[pos++];
    const op = t?.kind === "op" ? OPS[t.value] : undefined;
    if (!op) throw invalid("an operator was expected");
    if (left.literal) {
      const right = operand();
      if (!right.literal) throw invalid("put the field before the value");
      if (right.type !== left.type) throw invalid("values of different types compared");
      const ok = op(compare(left.value, right.value));
      return { test: () => ok, range: ALL };
    }
    const b = literal(left);
    const range = {
      "=": [b, b], ">": [b + 1, Infinity], ">=": [b, Infinity], "<": [-Infinity, b - 1], "<=": [-Infinity, b],
    }[t.value] || ALL;
    const within = timeRange(left, ...range);
    // `exact`: the time range alone decides (rows outside it fail, rows inside pass).
    return { test: (i) => { const v = at(i); return v != null && op(compare(v, b)); }, range: within,
      exact: within !== ALL && range !== ALL && Number.isInteger(b) };
  };
  const andExpr = () => {
    const parts = [condition()];
    while (take("AND")) parts.push(condition());
    if (parts.length === 1) return parts[0];
    const range = [Math.max(...parts.map((p) => p.range[0])), Math.min(...parts.map((p) => p.range[1]))];
    return { test: (i) => parts.every((p) => p.test(i)), range, exact: parts.every((p) => p.exact) };
  };
  const orExpr = () => {
    const parts = [andExpr()];
    while (take("OR")) parts.push(andExpr());
    if (parts.length === 1) return parts[0];
    const range = [Math.min(...parts.map((p) => p.range[0])), Math.max(...parts.map((p) => p.range[1]))];
    return { test: (i) => parts.some((p) => p.test(i)), range };
  };
  const e = orExpr();
  if (pos !== tokens.length) throw invalid(`unexpected "${tokens[pos].value}"`);
  return e;
}
