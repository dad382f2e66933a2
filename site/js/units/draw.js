/*
 * Drawing a unit's numbers on small canvases: grey maps (activations, digits; 0 black, the
 * scale's top white) and signed maps (backprop/deconvolution: blue < 0 < red through white,
 * on a symmetric scale). A map is drawn at its own resolution; CSS enlarges it with crisp pixels.
 */
const RED = [178, 24, 43];
const BLUE = [33, 102, 172];

/** Largest |value| of `values` (0 for an all-zero map). */
export function peak(values) {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m;
}

/** Grey levels: values / scale clamped to [0, 1] (negative values black). */
export function drawGray(canvas, values, width, height = width, scale = 1) {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(width, height);
  const s = scale > 0 ? 255 / scale : 0;
  for (let i = 0; i < width * height; i++) {
    const v = Math.max(0, Math.min(255, Math.round(values[i] * s)));
    image.data.set([v, v, v, 255], 4 * i);
  }
  ctx.putImageData(image, 0, 0);
}

/** Signed map on a symmetric scale (default: its own peak), white at 0. */
export function drawSigned(canvas, values, side = 28, scale = peak(values)) {
  canvas.width = canvas.height = side;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(side, side);
  const s = scale > 0 ? 1 / scale : 0;
  for (let i = 0; i < side * side; i++) {
    const t = Math.max(-1, Math.min(1, values[i] * s || 0));
    const end = t < 0 ? BLUE : RED;
    const a = Math.abs(t);
    image.data.set([0, 1, 2].map((k) => Math.round(255 + (end[k] - 255) * a)).concat(255), 4 * i);
  }
  ctx.putImageData(image, 0, 0);
}

/** A canvas for a map, with class "unit-map" and an accessible name. */
export function mapCanvas(label, className = "unit-map") {
  const canvas = document.createElement("canvas");
  canvas.className = className;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label);
  return canvas;
}

/** A captioned figure holding `canvas`. */
export function figure(canvas, caption, className = "unit-figure") {
  const fig = document.createElement("figure");
  fig.className = className;
  const cap = document.createElement("figcaption");
  cap.textContent = caption;
  fig.append(canvas, cap);
  return fig;
}
