/*
 * tanh for the grid evaluator, about twice as fast as Math.tanh: a cubic Hermite interpolation
 * (the values and the slopes 1 - tanh^2 at both ends) on a grid of 1/64 over [0, 20), odd symmetry
 * below 0, and +-1 from 20 on (tanh(20) rounds to 1 in float64). The largest error against
 * Math.tanh is 6.4e-10 (tests/browser/test_grid_worker.py sweeps it); NaN stays NaN, -0 stays -0.
 */
const STEPS_PER_UNIT = 64;
const LIMIT = 20;

// Per interval i, the cubic's coefficients in t = (x - x_i) * STEPS_PER_UNIT: c0 + t (c1 + t (c2 + t c3)).
const COEFFICIENTS = (() => {
  const h = 1 / STEPS_PER_UNIT, n = LIMIT * STEPS_PER_UNIT;
  const c = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    const y0 = Math.tanh(i * h), y1 = Math.tanh((i + 1) * h);
    const d0 = (1 - y0 * y0) * h, d1 = (1 - y1 * y1) * h;
    c.set([y0, d0, 3 * (y1 - y0) - 2 * d0 - d1, 2 * (y0 - y1) + d0 + d1], 4 * i);
  }
  return c;
})();

export function tanh(x) {
  const ax = x < 0 ? -x : x;
  if (!(ax < LIMIT)) return x < 0 ? -1 : x > 0 ? 1 : x; // beyond the table, or NaN
  if (ax === 0) return x; // keeps -0
  const s = ax * STEPS_PER_UNIT, i = s | 0, t = s - i, k = 4 * i;
  const c = COEFFICIENTS;
  const y = c[k] + t * (c[k + 1] + t * (c[k + 2] + t * c[k + 3]));
  return x < 0 ? -y : y;
}

/** The logistic function through the same table: 1 / (1 + e^-z) = (1 + tanh(z / 2)) / 2. */
export function sigmoid(z) {
  return 0.5 + 0.5 * tanh(0.5 * z);
}
