/*
 * Relevance heatmaps on canvases, as Samek et al. 2017 draw them: red = evidence for the
 * explained class, blue = evidence against, white = none, on a symmetric scale (each map
 * divided by its own largest |R|, so 0 is always white and the strongest pixel full colour).
 * A 28x28 map is drawn at its own resolution; CSS enlarges it with crisp pixels.
 */
const RED = [178, 24, 43];     // ColorBrewer RdBu ends, the paper's red / blue
const BLUE = [33, 102, 172];
const WHITE = [255, 255, 255];

/** RGB of v in [-1, 1] (clamped): blue < 0 < red through white. */
export function relevanceRGB(v) {
  const t = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  const end = t < 0 ? BLUE : RED;
  const a = Math.abs(t);
  return [0, 1, 2].map((i) => Math.round(WHITE[i] + (end[i] - WHITE[i]) * a));
}

/** Largest |value| of `values` (0 for an all-zero map). */
export function peak(values) {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * Draw `values` (side * side numbers, row-major) on `canvas` (side x side), divided by
 * `scale` (default: their own peak, the symmetric scale).
 */
export function drawHeatmap(canvas, values, side = 28, scale = peak(values)) {
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(side, side);
  const s = scale > 0 ? 1 / scale : 0;
  for (let i = 0; i < side * side; i++) {
    const [r, g, b] = relevanceRGB(values[i] * s);
    image.data.set([r, g, b, 255], 4 * i);
  }
  ctx.putImageData(image, 0, 0);
}

/** Draw grey levels in [0, 1] (ink = 1 drawn white on black, as the pad shows digits). */
export function drawDigit(canvas, pixels, side = 28) {
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(side, side);
  for (let i = 0; i < side * side; i++) {
    const v = Math.round(255 * pixels[i]);
    image.data.set([v, v, v, 255], 4 * i);
  }
  ctx.putImageData(image, 0, 0);
}

/** A new side x side canvas with class "heatmap" and an accessible label. */
export function heatmapCanvas(label, side = 28) {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = side;
  canvas.className = "heatmap";
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label);
  return canvas;
}
