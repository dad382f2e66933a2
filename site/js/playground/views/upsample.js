/*
 * Sharp boundaries at the canvas's own resolution. The engine evaluates the output at n x n points
 * from the plane's corner to corner (datasets.grid: a linspace, top row first). Thresholded or
 * class-valued grids drawn by stretching those points into cells look blocky, so each
 * canvas pixel takes the bilinear interpolation of the four grid points around its centre: the sign of
 * the interpolated value (discretized output) or the class whose interpolated probability is largest
 * (multiclass). Boundaries then run straight between grid points instead of in steps.
 */

/** For output pixel p of `size`, the grid coordinate of its centre in a linspace grid of n points. */
function gridCoordinate(p, size, n) {
  return Math.min(n - 1, Math.max(0, ((p + 0.5) / size) * (n - 1)));
}

/** Per output row or column: [lower index, weight of the upper index]. */
function axis(size, n) {
  const lo = new Int32Array(size);
  const w = new Float32Array(size);
  for (let p = 0; p < size; p++) {
    const g = gridCoordinate(p, size, n);
    lo[p] = Math.min(n - 2, Math.floor(g));
    w[p] = g - lo[p];
  }
  return {lo, w};
}

/** `values` (n x n, row-major) interpolated bilinearly to size x size. */
export function bilinear(values, n, size) {
  const out = new Float32Array(size * size);
  if (n < 2) return out.fill(values[0] || 0);
  const {lo, w} = axis(size, n);
  for (let py = 0; py < size; py++) {
    const r0 = lo[py] * n, r1 = r0 + n, wy = w[py];
    for (let px = 0; px < size; px++) {
      const c = lo[px], wx = w[px];
      const top = values[r0 + c] + wx * (values[r0 + c + 1] - values[r0 + c]);
      const bottom = values[r1 + c] + wx * (values[r1 + c + 1] - values[r1 + c]);
      out[py * size + px] = top + wy * (bottom - top);
    }
  }
  return out;
}

/**
 * Class probabilities (n x n points x k classes, row-major per point) to size x size class indices:
 * per pixel, the class whose bilinearly interpolated probability is largest.
 */
export function upsampleScores(scores, n, size, k = 3) {
  const out = new Float32Array(size * size);
  if (n < 2) return out;
  const {lo, w} = axis(size, n);
  for (let py = 0; py < size; py++) {
    const r0 = lo[py] * n, r1 = r0 + n, wy = w[py];
    for (let px = 0; px < size; px++) {
      const c = lo[px], wx = w[px];
      const a = (r0 + c) * k, b = a + k, d = (r1 + c) * k, e = d + k;
      let best = 0, bestScore = -Infinity;
      for (let j = 0; j < k; j++) {
        const top = scores[a + j] + wx * (scores[b + j] - scores[a + j]);
        const bottom = scores[d + j] + wx * (scores[e + j] - scores[d + j]);
        const score = top + wy * (bottom - top);
        if (score > bestScore) { bestScore = score; best = j; }
      }
      out[py * size + px] = best;
    }
  }
  return out;
}
