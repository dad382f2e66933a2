// WebGPU kernels for small MLPs: every neuron's activation over many points, and SGD training
// with the parameters kept on the GPU. Semantics match pyplayground.nn.MLP (see mlp-train.wgsl);
// limits and the `net` layout buffer are in mlp-layout.js and mlp-common.wgsl. Nothing here touches
// the page or the network: the shaders are fetched from beside this module (same origin).
//
// Parameters live in one GPU storage buffer of float32, packed per layer l in order: weights[l]
// (sizes[l] x sizes[l+1], row-major: [i, j] at offset + i * d_out + j, numpy's C order), then
// biases[l]. A second buffer (uint32, packed alike) marks the links L1 killed (see mlp-train.wgsl).
// forwardAll returns every non-input neuron, neuron-major: out[unit * nPoints + point].
//
//   const gpu = await requestGpu();               // null when WebGPU is unavailable
//   const mlp = await GpuMlp.create(gpu.device, {sizes: [2, 8, 8, 1], activation: "tanh",
//                                                outputActivation: "tanh"});
//   mlp.setParams(weights, biases, dead);         // arrays of Float32Array (dead: 0/1 flags or null), numpy C order
//   await mlp.train({x, y, nSamples, batchIndices, batchOffsets, learningRate: 0.03});
//   const layers = await mlp.forwardAll(points, nPoints);   // per layer: (units x nPoints)
//   mlp.lost.then((info) => fallBackToNumpy(info));
import {
  CONFIG_STRIDE, FORWARD_WORKGROUP, MAX_FORWARD_POINTS, TRAIN_CONFIG_SIZE,
  checkTrainRequest, describeLayout, packDead, packParams, trainConfigs, unpackDead, unpackParams,
} from "./mlp-layout.js";

export {ACTIVATION_CODES, LIMITS, REGULARIZATION_CODES} from "./mlp-layout.js";

// Each kernel is compiled after PRELUDE (WGSL has no #include): the generated limits and codes, then
// the layout and activations.
const PRELUDE = ["../generated/vocabulary.wgsl", "mlp-common.wgsl"];
const SHADERS = [...PRELUDE, "mlp-forward.wgsl", "mlp-train.wgsl"];
let shaderSources = null;  // Promise of {name: text}, fetched once per realm

function loadShaders() {
  if (!shaderSources) {
    shaderSources = Promise.all(SHADERS.map(async (name) => {
      const url = new URL(`./${name}`, import.meta.url);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`could not load ${url.pathname}: HTTP ${response.status}`);
      return [name, await response.text()];
    })).then(Object.fromEntries, (err) => {
      shaderSources = null;  // let a later create() try again
      throw err;
    });
  }
  return shaderSources;
}

// {device, adapterName, isFallback}, or null when navigator.gpu, an adapter or a device is unavailable.
// `options` are GPURequestAdapterOptions (e.g. {powerPreference: "high-performance"}).
export async function requestGpu(options = {}) {
  const gpu = globalThis.navigator && globalThis.navigator.gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter(options);
    if (!adapter) return null;
    const info = adapter.info || {};
    const adapterName = [info.vendor, info.architecture, info.device, info.description]
      .filter(Boolean).join(" ") || "unknown adapter";
    // A software adapter (SwiftShader) runs on the CPU: correct, but slower than NumPy.
    const isFallback = Boolean(info.isFallbackAdapter || adapter.isFallbackAdapter || /swiftshader/i.test(adapterName));
    return {device: await adapter.requestDevice(), adapterName, isFallback};
  } catch (err) {
    return null;
  }
}

async function compile(device, code, label) {
  const module = device.createShaderModule({code, label});
  const messages = (await module.getCompilationInfo()).messages.filter((m) => m.type === "error");
  if (messages.length) {
    throw new Error(`${label} does not compile: ${messages.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join("; ")}`);
  }
  return device.createComputePipelineAsync({label, layout: "auto", compute: {module, entryPoint: "main"}});
}

// The two pipelines do not depend on the network (its shape is data), so each device compiles
// them once: device -> Promise of {forward, train}.
const pipelines = new WeakMap();

function devicePipelines(device) {
  if (!pipelines.has(device)) {
    const compiled = loadShaders().then((sources) => {
      const common = PRELUDE.map((name) => sources[name]).join("\n");
      return Promise.all(["mlp-forward.wgsl", "mlp-train.wgsl"].map(
        (name) => compile(device, `${common}\n${sources[name]}`, name)));
    }).then(([forward, train]) => ({forward, train}));
    compiled.catch(() => pipelines.delete(device));  // a later create() may try again
    pipelines.set(device, compiled);
  }
  return pipelines.get(device);
}

// Runs work() inside validation and out-of-memory error scopes; rejects if it raised either.
// work() may return a promise (a read-back), which the result then follows.
async function guarded(device, work) {
  device.pushErrorScope("out-of-memory");
  device.pushErrorScope("validation");
  let value;
  let thrown = null;
  try {
    value = work();
  } catch (err) {
    thrown = err;
  }
  // Pop both now, in this task, so that no other call's scopes interleave with ours.
  const scopes = [device.popErrorScope(), device.popErrorScope()];
  const [validation, memory] = await Promise.all(scopes);
  if (thrown || validation || memory) {
    if (value instanceof Promise) value.catch(() => {});  // its failure is reported below instead
    if (thrown) throw thrown;
    throw new Error(`WebGPU error: ${(validation || memory).message}`);
  }
  return value;
}

const {STORAGE, UNIFORM, COPY_DST, COPY_SRC, MAP_READ} = globalThis.GPUBufferUsage || {};

export class GpuMlp {
  // A network of one shape on `device` (both kernels are compiled on the first create() per
  // device); rejects with an Error for an unsupported shape or activation ("softmax" included),
  // or a shader that fails to load or compile. After a device loss, `lost` resolves and every
  // later call rejects.
  static async create(device, {sizes, activation = "tanh", outputActivation = "tanh"} = {}) {
    const layout = describeLayout(sizes, activation, outputActivation);
    const {forward, train} = await devicePipelines(device);
    return guarded(device, () => new GpuMlp(device, layout, forward, train));
  }

  constructor(device, layout, forwardPipeline, trainPipeline) {
    this.device = device;
    this.layout = layout;             // see describeLayout
    this.sizes = layout.sizes;
    this.lostInfo = null;             // GPUDeviceLostInfo once the device is lost
    this.lost = device.lost.then((info) => (this.lostInfo = info));  // resolves on device loss
    this._forward = forwardPipeline;
    this._train = trainPipeline;
    this._buffers = {};               // name -> GPUBuffer, grown on demand
    this._destroyed = false;
    this._net = this._buffer("net", layout.net.byteLength, STORAGE | COPY_DST);
    device.queue.writeBuffer(this._net, 0, layout.net);
    this._params = this._buffer("params", 4 * layout.nParams, STORAGE | COPY_DST | COPY_SRC);
    this._dead = this._buffer("dead", 4 * layout.nParams, STORAGE | COPY_DST | COPY_SRC);
    device.queue.writeBuffer(this._dead, 0, packDead(layout, null));
  }

  // A buffer of at least `size` bytes, kept for reuse; grown (replaced) when too small.
  _buffer(name, size, usage) {
    const old = this._buffers[name];
    if (old && old.size >= size) return old;
    if (old) old.destroy();
    const buffer = this.device.createBuffer({label: name, size: Math.max(16, Math.ceil(size / 4) * 4), usage});
    this._buffers[name] = buffer;
    return buffer;
  }

  _upload(name, array, usage = STORAGE) {
    const buffer = this._buffer(name, array.byteLength, usage | COPY_DST);
    this.device.queue.writeBuffer(buffer, 0, array);
    return buffer;
  }

  _check() {
    if (this._destroyed) throw new Error("GpuMlp was destroyed");
    if (this.lostInfo) throw new Error(`WebGPU device lost (${this.lostInfo.reason}): ${this.lostInfo.message}`);
  }

  _bindGroup(pipeline, buffers) {
    const entries = buffers.map((b, binding) => ({binding, resource: b.buffer ? b : {buffer: b}}));
    return this.device.createBindGroup({layout: pipeline.getBindGroupLayout(0), entries});
  }

  // Copies `size` bytes of `source` to a fresh mappable buffer after `encoder`'s work; resolves
  // to their bytes (an ArrayBuffer) once the GPU is done.
  async _readBack(encoder, source, size) {
    const staging = this.device.createBuffer({label: "read-back", size, usage: MAP_READ | COPY_DST});
    encoder.copyBufferToBuffer(source, 0, staging, 0, size);
    this.device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ);
      return staging.getMappedRange().slice(0);
    } finally {
      staging.destroy();
    }
  }

  // weights[l] (sizes[l] x sizes[l+1], row-major) and biases[l] (sizes[l+1]): arrays of Float32Array;
  // dead[l] (like weights[l]): the links L1 switched off, 0/1 or booleans; null or omitted: all live.
  setParams(weights, biases, dead = null) {
    this._check();
    const params = packParams(this.layout, weights, biases);
    const flags = packDead(this.layout, dead);
    this.device.queue.writeBuffer(this._params, 0, params);
    this.device.queue.writeBuffer(this._dead, 0, flags);
  }

  // The parameters now on the GPU, after all queued training: {weights, biases, dead (Uint8Array 0/1
  // per layer)}, as setParams takes them.
  async readParams() {
    this._check();
    const size = 4 * this.layout.nParams;
    const [params, dead] = await guarded(this.device, () => Promise.all([
      this._readBack(this.device.createCommandEncoder(), this._params, size),
      this._readBack(this.device.createCommandEncoder(), this._dead, size)]));
    return Object.assign(unpackParams(this.layout, new Float32Array(params)),
                         {dead: unpackDead(this.layout, new Uint32Array(dead))});
  }

  // points: Float32Array (nPoints x d_in) row-major. Resolves to one Float32Array per non-input
  // layer, (units x nPoints) neuron-major: layers[l][unit * nPoints + point].
  async forwardAll(points, nPoints) {
    this._check();
    const {sizes, nNeurons} = this.layout;
    if (!Number.isInteger(nPoints) || nPoints < 1 || nPoints > MAX_FORWARD_POINTS) {
      throw new Error(`nPoints must be an integer from 1 to ${MAX_FORWARD_POINTS}; got ${nPoints}`);
    }
    if (!(points instanceof Float32Array) || points.length < nPoints * sizes[0]) {
      throw new Error(`points must be a Float32Array of nPoints x ${sizes[0]} values`);
    }
    const outBytes = 4 * nNeurons * nPoints;
    const bytes = await guarded(this.device, () => {
      const bindings = [this._net, this._params,
        this._upload("points", points.subarray(0, nPoints * sizes[0])),
        this._buffer("out", outBytes, STORAGE | COPY_SRC),
        this._upload("forward-config", new Uint32Array([nPoints, 0, 0, 0]), UNIFORM)];
      const encoder = this.device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(this._forward);
      pass.setBindGroup(0, this._bindGroup(this._forward, bindings));
      pass.dispatchWorkgroups(Math.ceil(nPoints / FORWARD_WORKGROUP));
      pass.end();
      return this._readBack(encoder, bindings[3], outBytes);
    });
    const all = new Float32Array(bytes);
    const layers = [];
    for (let l = 1, at = 0; l < sizes.length; at += sizes[l] * nPoints, l++) {
      layers.push(all.subarray(at, at + sizes[l] * nPoints));
    }
    return layers;
  }

  // Queues batchOffsets.length - 1 SGD steps (see mlp-train.wgsl) with no read-back; step s
  // trains on samples batchIndices[batchOffsets[s] .. batchOffsets[s + 1]) (1 to 30 of them).
  // x: Float32Array (nSamples x d_in), y: Float32Array (nSamples x d_out), both row-major.
  // Resolves once the work is queued and validated (not when the GPU finishes it).
  async train(request) {
    this._check();
    const r = checkTrainRequest(this.layout, request);
    const nSteps = r.batchOffsets.length - 1;
    const {nDispatches, bytes} = trainConfigs(nSteps, r.regularization, r.learningRate, r.regularizationRate);
    await guarded(this.device, () => {
      const shared = [this._net, this._params,
        this._upload("x", r.x.subarray(0, r.nSamples * this.sizes[0])),
        this._upload("y", r.y.subarray(0, r.nSamples * this.sizes[this.sizes.length - 1])),
        this._upload("batch-indices", r.batchIndices), this._upload("batch-offsets", r.batchOffsets)];
      const configs = this._upload("train-configs", new Uint8Array(bytes), UNIFORM);
      const encoder = this.device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(this._train);
      for (let k = 0; k < nDispatches; k++) {
        const config = {buffer: configs, offset: k * CONFIG_STRIDE, size: TRAIN_CONFIG_SIZE};
        pass.setBindGroup(0, this._bindGroup(this._train, [...shared, config, this._dead]));
        pass.dispatchWorkgroups(1);
      }
      pass.end();
      this.device.queue.submit([encoder.finish()]);
    });
  }

  // Frees this network's GPU buffers (not the device, which the caller owns).
  destroy() {
    this._destroyed = true;
    for (const buffer of Object.values(this._buffers)) buffer.destroy();
    this._buffers = {};
  }
}
