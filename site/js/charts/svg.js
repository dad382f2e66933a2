/* Tiny helpers for hand-written SVG charts and diagrams, shared by the pages. */
export const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element with attributes; `text` becomes its text content. */
export function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Append an SVG <title> (the tooltip, and the accessible name of its parent). */
export function titled(el, text) {
  el.appendChild(svg("title", {}, text));
  return el;
}

/** Path data through points [{x, y}] (a polyline). */
export function pathThrough(points) {
  return points.map((p, i) => (i ? "L" : "M") + p.x.toFixed(1) + " " + p.y.toFixed(1)).join(" ");
}

/** A short number for axis ticks and read-outs: 3 significant digits, exponent when tiny/huge. */
export function formatNumber(v) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}
