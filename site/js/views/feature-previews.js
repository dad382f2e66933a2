/*
 * What each input feature looks like over the plane, computed on the page, so a switched-off feature
 * shows a faded preview (as in TF Playground) and the diagram has pictures before the engine is up.
 * The mirror of pyplayground/features.py (tested to agree with the engine's input rows).
 */
import {DOMAIN} from "./output-view.js";

export const FEATURE_FUNCTIONS = {
  x: (a) => a, y: (a, b) => b,
  xSquared: (a) => a * a, ySquared: (a, b) => b * b, xTimesY: (a, b) => a * b,
  sinX: (a) => Math.sin(a), sinY: (a, b) => Math.sin(b),
  cosX: (a) => Math.cos(a), cosY: (a, b) => Math.cos(b),
};

/** Feature `name` over a resolution x resolution grid (corner to corner, top row first), as the engine's grids. */
export function featureGrid(name, resolution) {
  const f = FEATURE_FUNCTIONS[name];
  const out = new Float32Array(resolution * resolution);
  const at = (k) => DOMAIN[0] + (k * (DOMAIN[1] - DOMAIN[0])) / (resolution - 1);
  for (let row = 0; row < resolution; row++) {
    const b = at(resolution - 1 - row);
    for (let col = 0; col < resolution; col++) out[row * resolution + col] = f(at(col), b);
  }
  return out;
}
