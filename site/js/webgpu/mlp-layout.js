// How a small MLP is laid out in the WebGPU kernels' buffers, and checks of every input.
// Pure functions, no WebGPU calls; tests/webgpu/wgsl_runner.py mirrors this file in Python.
//
// Conventions (pyplayground.nn.MLP's):
//   sizes = [d_in, h_1, ..., d_out]; layer l maps sizes[l] to sizes[l + 1].
//   weights[l]: Float32Array (sizes[l] x sizes[l + 1]) row-major, numpy C order: [i, j] at i * d_out + j.
//   biases[l]:  Float32Array (sizes[l + 1]).
// Packed parameters (Float32Array, nParams): for each layer in order, weights[l] then biases[l].
// Dead links (Uint32Array, nParams, packed the same way): 1 where L1 switched a weight off for good.
//   dead[l] per layer: array-like (sizes[l] x sizes[l + 1]) of booleans or 0/1, like weights[l].
// The `net` layout (Uint32Array, NET_LEN) the kernels read is described in mlp-common.wgsl.
// Forward output: every non-input unit ("neuron"), layer by layer, neuron-major:
//   out[neuron * nPoints + point].

import {ACTIVATION_CODES, LIMITS as VOCABULARY_LIMITS, REGULARIZATION_CODES} from "../generated/vocabulary.js";

export {ACTIVATION_CODES, REGULARIZATION_CODES};
// The kernels' limits (the same as the generated vocabulary.wgsl's), in this file's names.
export const LIMITS = Object.freeze({input: VOCABULARY_LIMITS.inputs, hiddenLayers: VOCABULARY_LIMITS.hidden_layers,
  hiddenUnits: VOCABULARY_LIMITS.units, output: VOCABULARY_LIMITS.classes, batch: VOCABULARY_LIMITS.batch_size});
export const NET_LEN = 32;
export const FORWARD_WORKGROUP = 64;         // @workgroup_size of mlp-forward.wgsl
export const MAX_FORWARD_POINTS = 65535 * FORWARD_WORKGROUP;
// Mesa's llvmpipe (lavapipe) silently stops every loop once one invocation has run 65535 loop
// iterations in total. A training step of the largest net costs about 1,100, so training is
// split into dispatches of at most this many steps (all in one submission).
export const STEPS_PER_DISPATCH = 32;
export const CONFIG_STRIDE = 256;            // WebGPU's minUniformBufferOffsetAlignment
export const TRAIN_CONFIG_SIZE = 32;         // bytes of TrainConfig in mlp-train.wgsl

function isCount(value, lo, hi) {
  return Number.isInteger(value) && value >= lo && value <= hi;
}

function codeOf(codes, name, what) {
  if (!Object.prototype.hasOwnProperty.call(codes, name)) {
    throw new Error(`unsupported ${what} ${JSON.stringify(name)}; valid: ${Object.keys(codes).join(", ")}`);
  }
  return codes[name];
}

// The layout of one network: {sizes, nLayers, nParams, nNeurons, paramOffsets, net}.
export function describeLayout(sizes, activation, outputActivation) {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new Error(`sizes must be [d_in, hidden..., d_out]; got ${JSON.stringify(sizes)}`);
  }
  const hidden = sizes.slice(1, -1);
  if (!isCount(sizes[0], 1, LIMITS.input) || !isCount(sizes[sizes.length - 1], 1, LIMITS.output)
      || hidden.length > LIMITS.hiddenLayers || !hidden.every((h) => isCount(h, 1, LIMITS.hiddenUnits))) {
    throw new Error(`unsupported sizes ${JSON.stringify(sizes)}: WebGPU kernels take 1-${LIMITS.input} inputs, `
      + `up to ${LIMITS.hiddenLayers} hidden layers of 1-${LIMITS.hiddenUnits} units and 1-${LIMITS.output} outputs`);
  }
  const nLayers = sizes.length - 1;
  const paramOffsets = [0];
  const unitOffsets = [0];
  for (let l = 0; l < nLayers; l++) {
    paramOffsets.push(paramOffsets[l] + (sizes[l] + 1) * sizes[l + 1]);
    unitOffsets.push(unitOffsets[l] + sizes[l]);
  }
  const nParams = paramOffsets[nLayers];
  const nNeurons = sizes.slice(1).reduce((a, b) => a + b, 0);
  const net = new Uint32Array(NET_LEN);
  net.set([nLayers, codeOf(ACTIVATION_CODES, activation, "activation"),
    codeOf(ACTIVATION_CODES, outputActivation, "output activation"), nParams]);
  net.set(sizes, 4);
  net.set(paramOffsets, 12);
  net.set(unitOffsets, 20);
  net[28] = nNeurons;
  return {sizes: sizes.slice(), nLayers, nParams, nNeurons, paramOffsets, net};
}

// weights/biases (arrays of array-likes, numpy C order) -> packed Float32Array (nParams).
export function packParams(layout, weights, biases) {
  const {sizes, nLayers} = layout;
  if (!weights || !biases || weights.length !== nLayers || biases.length !== nLayers) {
    throw new Error(`expected ${nLayers} weight and ${nLayers} bias arrays`);
  }
  const flat = new Float32Array(layout.nParams);
  for (let l = 0; l < nLayers; l++) {
    const nW = sizes[l] * sizes[l + 1];
    if (weights[l].length !== nW || biases[l].length !== sizes[l + 1]) {
      throw new Error(`layer ${l}: expected ${nW} weights (${sizes[l]} x ${sizes[l + 1]}) and ${sizes[l + 1]} biases, `
        + `got ${weights[l].length} and ${biases[l].length}`);
    }
    flat.set(weights[l], layout.paramOffsets[l]);
    flat.set(biases[l], layout.paramOffsets[l] + nW);
  }
  return flat;
}

// Packed Float32Array -> {weights, biases}, arrays of Float32Array in numpy C order.
export function unpackParams(layout, flat) {
  const weights = [];
  const biases = [];
  for (let l = 0; l < layout.nLayers; l++) {
    const at = layout.paramOffsets[l];
    const nW = layout.sizes[l] * layout.sizes[l + 1];
    weights.push(flat.slice(at, at + nW));
    biases.push(flat.slice(at + nW, at + nW + layout.sizes[l + 1]));
  }
  return {weights, biases};
}

// dead (arrays of array-likes, numpy C order, or null for all live) -> packed Uint32Array (nParams).
export function packDead(layout, dead) {
  const flat = new Uint32Array(layout.nParams);
  if (!dead) return flat;
  if (dead.length !== layout.nLayers) throw new Error(`expected ${layout.nLayers} dead-link arrays`);
  for (let l = 0; l < layout.nLayers; l++) {
    const nW = layout.sizes[l] * layout.sizes[l + 1];
    if (dead[l].length !== nW) throw new Error(`layer ${l}: expected ${nW} dead-link flags, got ${dead[l].length}`);
    for (let k = 0; k < nW; k++) flat[layout.paramOffsets[l] + k] = dead[l][k] ? 1 : 0;
  }
  return flat;
}

// Packed Uint32Array -> dead, an array of Uint8Array (sizes[l] x sizes[l + 1], 0/1) in numpy C order.
export function unpackDead(layout, flat) {
  const dead = [];
  for (let l = 0; l < layout.nLayers; l++) {
    const at = layout.paramOffsets[l];
    dead.push(Uint8Array.from(flat.subarray(at, at + layout.sizes[l] * layout.sizes[l + 1])));
  }
  return dead;
}

// The per-dispatch TrainConfig structs (mlp-train.wgsl), CONFIG_STRIDE bytes apart.
export function trainConfigs(nSteps, regularization, learningRate, regularizationRate) {
  const nDispatches = Math.ceil(nSteps / STEPS_PER_DISPATCH);
  const bytes = new ArrayBuffer(nDispatches * CONFIG_STRIDE);
  for (let k = 0; k < nDispatches; k++) {
    const first = k * STEPS_PER_DISPATCH;
    const u32 = new Uint32Array(bytes, k * CONFIG_STRIDE, TRAIN_CONFIG_SIZE / 4);
    const f32 = new Float32Array(bytes, k * CONFIG_STRIDE, TRAIN_CONFIG_SIZE / 4);
    u32.set([Math.min(STEPS_PER_DISPATCH, nSteps - first), first, REGULARIZATION_CODES[regularization]]);
    f32[4] = learningRate;
    f32[5] = regularizationRate;
  }
  return {nDispatches, bytes};
}

// Throws an Error naming the first problem with a train() request.
export function checkTrainRequest(layout, request) {
  const {x, y, nSamples, batchIndices, batchOffsets, learningRate, regularization = "none",
    regularizationRate = 0} = request;
  const [dIn, dOut] = [layout.sizes[0], layout.sizes[layout.nLayers]];
  if (!isCount(nSamples, 1, 2 ** 26)) throw new Error(`nSamples must be a positive integer; got ${nSamples}`);
  if (!(x instanceof Float32Array) || x.length < nSamples * dIn) {
    throw new Error(`x must be a Float32Array of nSamples x ${dIn} values`);
  }
  if (!(y instanceof Float32Array) || y.length < nSamples * dOut) {
    throw new Error(`y must be a Float32Array of nSamples x ${dOut} values`);
  }
  if (!(batchIndices instanceof Uint32Array) || !(batchOffsets instanceof Uint32Array) || batchOffsets.length < 2) {
    throw new Error("batchIndices must be a Uint32Array and batchOffsets a Uint32Array of steps + 1 entries");
  }
  for (let s = 0; s + 1 < batchOffsets.length; s++) {
    const size = batchOffsets[s + 1] - batchOffsets[s];
    if (!(size >= 1 && size <= LIMITS.batch)) {
      throw new Error(`batch ${s} has ${size} samples; every batch needs 1 to ${LIMITS.batch}`);
    }
  }
  if (batchOffsets[batchOffsets.length - 1] > batchIndices.length) {
    throw new Error("batchOffsets run past the end of batchIndices");
  }
  for (const index of batchIndices) {
    if (index >= nSamples) throw new Error(`sample index ${index} is not below nSamples (${nSamples})`);
  }
  codeOf(REGULARIZATION_CODES, regularization, "regularization");
  if (!Number.isFinite(learningRate) || !Number.isFinite(regularizationRate)) {
    throw new Error("learningRate and regularizationRate must be finite numbers");
  }
  return {x, y, nSamples, batchIndices, batchOffsets, learningRate, regularization, regularizationRate};
}
