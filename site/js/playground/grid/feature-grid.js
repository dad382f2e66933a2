/*
 * The input features over the plane, computed on the page: the faded previews of switched-off
 * features (as in TF Playground), the diagram's pictures before the engine is up, and the inputs of
 * the grid evaluator (mlp-grid.js). The mirror of pyplayground/playground/features.py (tested to agree with
 * the engine's input rows).
 */
import {DOMAIN} from "../../generated/vocabulary.js";

const FEATURE_FUNCTIONS = {
  x: (a) => a, y: (a, b) => b,
  xSquared: (a) => a * a, ySquared: (a, b) => b * b, xTimesY: (a, b) => a * b,
  sinX: (a) => Math.sin(a), sinY: (a, b) => Math.sin(b),
  cosX: (a) => Math.cos(a), cosY: (a, b) => Math.cos(b),
};

/** Coordinate `k` of `resolution` evenly spaced over the plane's domain (numpy.linspace's). */
function at(k, resolution) {
  return DOMAIN[0] + (k * (DOMAIN[1] - DOMAIN[0])) / (resolution - 1);
}

/** Feature `name` over a resolution x resolution grid (corner to corner, top row first), as the engine's grids. */
export function featureGrid(name, resolution, Type = Float32Array) {
  const f = FEATURE_FUNCTIONS[name];
  const out = new Type(resolution * resolution);
  for (let row = 0; row < resolution; row++) {
    const b = at(resolution - 1 - row, resolution);
    for (let col = 0; col < resolution; col++) out[row * resolution + col] = f(at(col, resolution), b);
  }
  return out;
}
