/*
 * The WebGPU backend: trains and draws the network with the WGSL kernels (../webgpu/gpu-mlp.js),
 * parameters staying on the GPU between frames. It produces the same {fields, arrays} snapshots
 * as the worker's bridge, so the views do not care which backend drew them. The NumPy session in
 * the worker stays the single source of truth: the controller hands it the parameters after every
 * frame, so switching back, saving or a lost device never loses training.
 */
import {GpuMlp, LIMITS, requestGpu} from "../../webgpu/gpu-mlp.js";
import {epochOrder} from "./epoch-order.js";
import {flatPayload} from "../model-params.js";

let opened = null; // Promise of requestGpu()'s result, once per page
const EPOCHS_PER_SUBMISSION = 100; // bounds the batch-index upload of a long step(n)

/** The page's WebGPU device: {device, adapterName, isFallback}, or null. */
export function openGpu() {
  if (!opened) opened = requestGpu({powerPreference: "high-performance"});
  return opened;
}

/** Forget the device (after a loss), so the next openGpu() asks again. */
export function closeGpu() {
  opened = null;
}

/** Why `engineConfig` cannot train on the GPU, or null when it can. */
export function unsupportedReason(engineConfig, problem) {
  if (problem === "multiclass") return "the softmax output of multiclass problems trains on NumPy";
  if (engineConfig.features.length > LIMITS.input) return "more than " + LIMITS.input + " inputs";
  return null;
}

function toFloat32(nested) {
  return nested.map((layer) => Float32Array.from(layer.flat ? layer.flat() : layer));
}

// nn.MLP.to_dict()'s "dead" (per layer, nested true/false like the weights) -> Uint8Array 0/1 per
// layer; null (every link live) for a model saved before links could die.
function toFlags(dead) {
  return dead ? dead.map((layer) => Uint8Array.from(layer.flat ? layer.flat() : layer, Boolean)) : null;
}

export class WebGpuTrainer {
  /**
   * @param gpu      openGpu()'s result
   * @param model    the network (nn.MLP.to_dict()) and `epoch` to start from
   * @param data     the worker's "backend_data" arrays (inputs/targets, grid_inputs_R)
   * @param grids    {output: R, neurons: N}: the resolutions drawn each frame
   */
  static async create(gpu, {model, epoch, data, grids, config}) {
    const mlp = await GpuMlp.create(gpu.device, {
      sizes: model.sizes, activation: model.activation, outputActivation: model.output_activation});
    return new WebGpuTrainer(gpu, mlp, {model, epoch, data, grids, config});
  }

  constructor(gpu, mlp, {model, epoch, data, grids, config}) {
    this.adapterName = gpu.adapterName;
    this.mlp = mlp;
    this.lost = mlp.lost;
    this.sizes = model.sizes;
    this.meta = {format: model.format, version: model.version, sizes: model.sizes,
                 activation: model.activation, output_activation: model.output_activation};
    this.grids = grids;
    this.data = data;
    this.setHyperparameters(config);
    const d = this.sizes[0];
    this.nTrain = data.train_targets.length;
    this.nTest = data.test_targets.length;
    // Every point a frame evaluates, in one buffer: train, test, output grid, neuron grid.
    const parts = [data.train_inputs, data.test_inputs, data["grid_inputs_" + grids.output], data["grid_inputs_" + grids.neurons]];
    this.points = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    this.offsets = parts.map((p) => { const o = at / d; this.points.set(p, at); at += p.length; return o; });
    this.nPoints = at / d;
    this.setParams(model, epoch);
  }

  setHyperparameters(config) {
    this.hyper = {learningRate: config.learning_rate, regularization: config.regularization,
                  regularizationRate: config.regularization_rate, batchSize: config.batch_size};
    this.seed = config.init_seed >>> 0;
  }

  /** Load parameters and dead links (nn.MLP.to_dict() form) and the epoch they belong to. */
  setParams(model, epoch) {
    this.good = {weights: toFloat32(model.weights), biases: toFloat32(model.biases), dead: toFlags(model.dead), epoch};
    this.mlp.setParams(this.good.weights, this.good.biases, this.good.dead);
    this.epoch = epoch;
  }

  /** Queue `epochs` epochs of mini-batch SGD, with no read-back. Each epoch visits the points in
   *  epochOrder(n, init_seed, epoch), the NumPy session's order (pyplayground/playground/shuffle.py). */
  async train(epochs) {
    for (let done = 0; done < epochs; done += EPOCHS_PER_SUBMISSION) {
      await this._submit(Math.min(EPOCHS_PER_SUBMISSION, epochs - done));
    }
  }

  async _submit(epochs) {
    const n = this.nTrain;
    if (n === 0) {
      this.epoch += epochs; // nothing to learn from, but the epochs pass, as on NumPy
      return;
    }
    const bs = this.hyper.batchSize;
    const perEpoch = Math.ceil(n / bs);
    const indices = new Uint32Array(epochs * n);
    const offsets = new Uint32Array(epochs * perEpoch + 1);
    for (let e = 0; e < epochs; e++) {
      epochOrder(n, this.seed, this.epoch + e, indices.subarray(e * n, (e + 1) * n));
      for (let s = 0; s < perEpoch; s++) offsets[e * perEpoch + s + 1] = e * n + Math.min(n, (s + 1) * bs);
    }
    await this.mlp.train({x: this.data.train_inputs, y: this.data.train_targets, nSamples: n,
                          batchIndices: indices, batchOffsets: offsets, learningRate: this.hyper.learningRate,
                          regularization: this.hyper.regularization, regularizationRate: this.hyper.regularizationRate});
    this.epoch += epochs;
  }

  /** Read everything a frame draws: {fields: {stats, epoch, model, neuron_layout, diverged}, arrays: {grid, neurons}}. */
  async snapshot() {
    const params = await this.mlp.readParams();
    const finite = params.weights.concat(params.biases).every((a) => a.every(Number.isFinite));
    let diverged = null;
    if (!finite) {
      diverged = "training diverged at epoch " + this.epoch + " (the loss became infinite or NaN): lower the " +
                 "learning rate; the network was kept as it was after epoch " + this.good.epoch;
      this.mlp.setParams(this.good.weights, this.good.biases, this.good.dead);
      this.epoch = this.good.epoch;
    } else {
      this.good = {weights: params.weights, biases: params.biases, dead: params.dead, epoch: this.epoch};
    }
    const layers = await this.mlp.forwardAll(this.points, this.nPoints);
    const out = layers[layers.length - 1];
    const [trainAt, testAt, gridAt, neuronAt] = this.offsets;
    const classification = this.meta.output_activation === "tanh";
    const measure = (at, count, targets) => {
      if (!count) return [null, null];
      let loss = 0, correct = 0;
      for (let i = 0; i < count; i++) {
        const o = out[at + i], y = targets[i];
        loss += 0.5 * (o - y) * (o - y);
        correct += (o >= 0 ? 1 : -1) === y ? 1 : 0;
      }
      return [loss / count, correct / count];
    };
    const [trainLoss, trainAcc] = measure(trainAt, this.nTrain, this.data.train_targets);
    const [testLoss, testAcc] = measure(testAt, this.nTest, this.data.test_targets);
    const stats = {epoch: this.epoch, train_loss: trainLoss, test_loss: testLoss};
    if (classification) Object.assign(stats, {train_accuracy: trainAcc, test_accuracy: testAcc});
    const cells = this.grids.output * this.grids.output;
    return {
      fields: {stats, epoch: this.epoch, diverged, model: this.model(), neuron_layout: this._layout()},
      arrays: {grid: out.slice(gridAt, gridAt + cells),
               neurons: this._neurons(layers, neuronAt, this.grids.neurons, this.data["grid_inputs_" + this.grids.neurons])},
    };
  }

  /** Every neuron over a grid of `resolution` given its inputs (n x d_in): Float32Array (neurons x n). */
  async neuronGrids(gridInputs, resolution) {
    const n = resolution * resolution;
    const layers = await this.mlp.forwardAll(gridInputs, n);
    return {values: this._neurons(layers, 0, resolution, gridInputs, n), layout: this._layout()};
  }

  _layout() {
    return this.sizes.map((count, layer) => [layer, count]);
  }

  _neurons(layers, at, resolution, inputs, total = this.nPoints) {
    const n = resolution * resolution;
    const d = this.sizes[0];
    const rows = this.sizes.reduce((a, b) => a + b, 0);
    const values = new Float32Array(rows * n);
    for (let k = 0; k < d; k++) for (let i = 0; i < n; i++) values[k * n + i] = inputs[i * d + k];
    let row = d;
    for (let l = 0; l < layers.length; l++) {
      for (let u = 0; u < this.sizes[l + 1]; u++, row++) {
        values.set(layers[l].subarray(u * total + at, u * total + at + n), row * n);
      }
    }
    return values;
  }

  /** set_params' payload for the last good frame at `epoch`, from its flat arrays (model-params.js). */
  paramsPayload(epoch) {
    return flatPayload(this.good.weights, this.good.biases, this.good.dead, epoch);
  }

  /** The parameters of the last good frame as nn.MLP.to_dict() (dead: nested true/false like weights). */
  model() {
    const nest = (flat, rows, cols, f = Number) =>
      Array.from({length: rows}, (_, i) => Array.from(flat.subarray(i * cols, (i + 1) * cols), f));
    const dead = this.good.dead || this.good.weights.map((w) => new Uint8Array(w.length));
    return Object.assign({}, this.meta, {
      weights: this.good.weights.map((w, l) => nest(w, this.sizes[l], this.sizes[l + 1])),
      biases: this.good.biases.map((b) => Array.from(b)),
      dead: dead.map((d, l) => nest(d, this.sizes[l], this.sizes[l + 1], Boolean)),
    });
  }

  destroy() {
    this.mlp.destroy();
  }
}
