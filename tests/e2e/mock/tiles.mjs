// A stand-in for the street map's tile service, for tests only (the page takes it through
// its debug=tiles:/mock/tiles/{z}/{x}/{y}.png hook): every tile is the same tiny PNG; under
// /mock/tiles-fail/ every tile answers 404, as a blocked or unreachable tile service would.

// A 1 × 1 PNG (one opaque pixel).
const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/** The reply to a tile request at `pathname`, or null when the path is not one. */
export function tileReply(pathname) {
  const m = pathname.match(/^\/mock\/(tiles|tiles-fail)\/\d+\/\d+\/\d+\.png$/);
  if (!m) return null;
  if (m[1] === "tiles-fail") return { status: 404, type: "text/plain", body: "no such tile" };
  return { status: 200, type: "image/png", body: PIXEL };
}
