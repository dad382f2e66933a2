/*
 * The playground network over the plane's grid, in plain JavaScript: what Session.output_view and
 * Session.neuron_grids compute in the engine, for the frames drawn while playing (grid-worker.js),
 * so the engine's worker only trains. Tested to agree with nn.MLP to 1e-4 (tests/browser/test_grid_worker.py).
 *
 * `network`: {sizes, activation, output_activation, features} (the engine's include_params field);
 * `params`: Float64Array (or any array of numbers), w0 row-major, b0, w1, b1, ... (include_params' order).
 */
import {featureGrid} from "./feature-grid.js";
import {sigmoid, tanh} from "./tanh-table.js";

const ACTIVATIONS = {
  tanh, // a table, to 6.4e-10: Math.tanh was two thirds of a 6x8 network's frame
  relu: (z) => (z > 0 ? z : 0),
  sigmoid,
  linear: (z) => z,
};

const inputCache = new Map(); // "features@resolution" -> Float64Array (features * cells), a row per feature
const scratchCache = new Map(); // cells -> two Float64Arrays the layers take turns to write, reused every frame

/** The network's inputs over the grid: one row of `cells` values per feature (unit-major, as every layer below). */
function gridInputs(features, resolution) {
  const key = features.join(",") + "@" + resolution;
  let inputs = inputCache.get(key);
  if (!inputs) {
    const cells = resolution * resolution;
    inputs = new Float64Array(cells * features.length);
    features.forEach((name, f) => inputs.set(featureGrid(name, resolution, Float64Array), f * cells));
    if (inputCache.size > 8) inputCache.clear();
    inputCache.set(key, inputs);
  }
  return inputs;
}

/** Two buffers of at least `length` values for `cells` points (layer l writes the one layer l - 1 did not). */
function scratch(cells, length) {
  let pair = scratchCache.get(cells);
  if (!pair || pair[0].length < length) {
    pair = [new Float64Array(length), new Float64Array(length)];
    scratchCache.set(cells, pair);
  }
  return pair;
}

function activation(name) {
  const fn = ACTIVATIONS[name];
  if (!fn) throw new Error("the grid evaluator knows no activation '" + name + "'");
  return fn;
}

/** z[at + p] += a[from + p] * w for every point p: one input row into one output row. */
function accumulate1(z, at, a, from, cells, w) {
  for (let p = 0; p < cells; p++) z[at + p] += a[from + p] * w;
}

/**
 * z[at + p] += sum over k < 4 of a[from + k * cells + p] * w_k for every point p: four input rows per
 * pass over the output row (a third of the time of one row per pass).
 */
function accumulate4(z, at, a, from, cells, w0, w1, w2, w3) {
  const f1 = from + cells, f2 = f1 + cells, f3 = f2 + cells;
  for (let p = 0; p < cells; p++) z[at + p] += a[from + p] * w0 + a[f1 + p] * w1 + a[f2 + p] * w2 + a[f3 + p] * w3;
}

/** Apply `fn` to every value in place (one monomorphic loop per layer). */
function applyAll(fn, values) {
  for (let k = 0; k < values.length; k++) values[k] = fn(values[k]);
}

/**
 * Evaluate the network at every point of a resolution x resolution grid (top row first).
 * Returns {grid: Float32Array (cells): the output, or the predicted class index for softmax;
 * scores: Float32Array (cells * classes) class probabilities per point for softmax, else null;
 * neurons: Float32Array (neurons * cells) every node's value, rows as `layout`, when `withNeurons`;
 * layout: [[layer, count], ...]}. Layer after layer in float64, a unit's values over all points
 * in one contiguous row, so the inner loop runs down a row.
 */
function evaluateGrid(network, params, resolution, withNeurons) {
  const {sizes} = network;
  const layers = sizes.length - 1;
  if (sizes[0] !== network.features.length) throw new Error("the network takes " + sizes[0] + " inputs, not " + network.features.length);
  const expected = sizes.slice(1).reduce((n, out, l) => n + (sizes[l] + 1) * out, 0);
  if (params.length !== expected) throw new Error("the network needs " + expected + " parameters, got " + params.length);
  const hidden = activation(network.activation);
  const softmax = network.output_activation === "softmax";
  const output = softmax ? null : activation(network.output_activation);
  const cells = resolution * resolution;
  const neurons = withNeurons ? new Float32Array(sizes.reduce((n, s) => n + s, 0) * cells) : null;
  let a = gridInputs(network.features, resolution);
  if (neurons) neurons.set(a);
  const buffers = scratch(cells, Math.max(...sizes.slice(1)) * cells);
  let row = sizes[0], offset = 0;
  for (let l = 0; l < layers; l++) {
    const din = sizes[l], dout = sizes[l + 1], b = offset + din * dout;
    const z = buffers[l % 2].subarray(0, dout * cells);
    for (let j = 0; j < dout; j++) {
      z.fill(params[b + j], j * cells, (j + 1) * cells);
      const weight = (i) => params[offset + i * dout + j];
      let i = 0;
      for (; i + 4 <= din; i += 4) accumulate4(z, j * cells, a, i * cells, cells, weight(i), weight(i + 1), weight(i + 2), weight(i + 3));
      for (; i < din; i++) accumulate1(z, j * cells, a, i * cells, cells, weight(i));
    }
    offset = b + dout;
    if (l < layers - 1) applyAll(hidden, z);
    else if (softmax) softmaxColumns(z, dout, cells);
    else applyAll(output, z);
    if (neurons) neurons.set(z, row * cells);
    row += dout;
    a = z;
  }
  const classes = sizes[layers];
  const grid = new Float32Array(cells);
  let scores = null;
  if (softmax) {
    scores = new Float32Array(cells * classes);
    for (let p = 0; p < cells; p++) {
      let best = 0;
      for (let j = 0; j < classes; j++) {
        scores[p * classes + j] = a[j * cells + p];
        if (a[j * cells + p] > a[best * cells + p]) best = j;
      }
      grid[p] = best;
    }
  } else {
    grid.set(a.subarray(0, cells));
  }
  return {grid, scores, neurons, layout: sizes.map((count, layer) => [layer, count])};
}

/**
 * One frame's grids: the output over `resolution` (and class scores for softmax) and every node over
 * `neuronResolution`, as the grid worker sends them ({grid, scores, neurons, layout}).
 */
export function evaluateFrame(network, params, resolution, neuronResolution) {
  const out = evaluateGrid(network, params, resolution, false);
  const inner = evaluateGrid(network, params, neuronResolution, true);
  return {grid: out.grid, scores: out.scores, neurons: inner.neurons, layout: inner.layout};
}

/** Softmax over the `k` rows of `z` at every point (rows of `cells`), the maximum subtracted first as the engine does. */
function softmaxColumns(z, k, cells) {
  for (let p = 0; p < cells; p++) {
    let max = -Infinity, sum = 0;
    for (let j = 0; j < k; j++) max = Math.max(max, z[j * cells + p]);
    for (let j = 0; j < k; j++) sum += (z[j * cells + p] = Math.exp(z[j * cells + p] - max));
    for (let j = 0; j < k; j++) z[j * cells + p] /= sum;
  }
}
