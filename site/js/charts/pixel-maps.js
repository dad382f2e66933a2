/*
 * Small maps drawn pixel by pixel on a canvas at their own resolution (CSS enlarges them with crisp
 * pixels): grey maps (digits, activations; 0 black, the scale's top white) and signed maps
 * (relevance heatmaps, backprop / deconvolution; colormaps.js's signedRGB on a symmetric scale, so
 * 0 is always white and the strongest value full colour). Used by the Relevance and Units pages and
 * the digit pages' live input.
 */
import {signedRGB} from "./colormaps.js";

/** Largest |value| of `values` (0 for an all-zero map). */
export function peak(values) {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * Grey levels on `canvas` (resized to width x height): values / scale clamped to [0, 1], negative
 * values black. values: width * height numbers, row-major.
 */
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

/**
 * A signed map on `canvas` (resized to side x side): values (side * side numbers, row-major)
 * divided by `scale` (default: their own peak, the symmetric scale), white at 0.
 */
export function drawSigned(canvas, values, side = 28, scale = peak(values)) {
  canvas.width = canvas.height = side;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(side, side);
  const s = scale > 0 ? 1 / scale : 0;
  for (let i = 0; i < side * side; i++) {
    const [r, g, b] = signedRGB(values[i] * s);
    image.data.set([r, g, b, 255], 4 * i);
  }
  ctx.putImageData(image, 0, 0);
}
