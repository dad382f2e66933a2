/*
 * Chooses the training backend (NumPy in the worker, or WebGPU on the page) and keeps the
 * WebGPU trainer in step with the worker's session, which stays the single source of truth.
 * "auto" uses WebGPU only on a hardware adapter: a software one (SwiftShader) is slower than
 * NumPy, so it is used only when asked for with backend=webgpu.
 */
import {WebGpuTrainer, closeGpu, openGpu, unsupportedReason} from "./webgpu-trainer.js";

export class BackendManager {
  /**
   * @param client    the EngineClient (worker)
   * @param grids     {output: R, neurons: N}, the resolutions drawn each frame
   * @param notify    notify(message, kind) shows a notice
   * @param onLost    called (in no particular queue) when the GPU device is lost
   */
  constructor({client, grids, notify, onLost}) {
    this.client = client;
    this.grids = grids;
    this.notify = notify;
    this.onLost = onLost;
    this.trainer = null;     // a WebGpuTrainer while WebGPU is the backend
    this.adapterName = null;
    this.key = null;         // what the trainer was built for (data and network shape)
    this.failed = null;      // why WebGPU could not start, until the backend choice changes
  }

  get name() {
    return this.trainer ? "webgpu" : "numpy";
  }

  /**
   * Make the backend match `config.backend` for the worker's current session (`reply` is its
   * last snapshot, with fields.model). `dataChanged`: the session has new data.
   */
  async sync(config, engineConfig, problem, reply, dataChanged) {
    const wanted = config.backend;
    if (wanted === "numpy" || this.failed) return this.drop();
    const reason = unsupportedReason(engineConfig, problem);
    if (reason) {
      if (wanted === "webgpu") this._tell("WebGPU: " + reason + "; training on NumPy", "info");
      return this.drop();
    }
    const gpu = await openGpu();
    if (!gpu || (wanted === "auto" && gpu.isFallback)) {
      if (wanted === "webgpu") this._tell("WebGPU is not available in this browser (no adapter); training on NumPy", "warning");
      return this.drop();
    }
    this.told = null;
    const model = reply.fields.model;
    const key = JSON.stringify([model.sizes, model.activation, model.output_activation]);
    if (this.trainer && !dataChanged && key === this.key) {
      this.trainer.setParams(model, reply.fields.epoch);
      this.trainer.setHyperparameters(engineConfig);
      return;
    }
    const data = (await this.client.request("backend_data", {grid_resolutions: [this.grids.output, this.grids.neurons]})).arrays;
    const trainer = await WebGpuTrainer.create(gpu, {model, epoch: reply.fields.epoch, data, grids: this.grids, config: engineConfig});
    this.drop();
    this.trainer = trainer;
    this.key = key;
    this.adapterName = gpu.adapterName;
    trainer.lost.then((info) => {
      if (this.trainer === trainer) this.onLost(info, trainer);
    });
  }

  _tell(message, kind) {
    if (message !== this.told) this.notify(message, kind); // once, not after every reset
    this.told = message;
  }

  setHyperparameters(engineConfig) {
    if (this.trainer) this.trainer.setHyperparameters(engineConfig);
  }

  /** Train `epochs` on the GPU, hand the parameters to the worker, return the frame's snapshot. */
  async trainFrame(epochs) {
    if (epochs > 0) await this.trainer.train(epochs);
    const snap = await this.trainer.snapshot();
    await this.client.request("set_params", this.trainer.paramsPayload(snap.fields.epoch));
    return snap;
  }

  /** Every neuron's grid at `resolution` from the GPU. */
  async neuronGrids(resolution) {
    const data = (await this.client.request("backend_data", {grid_resolutions: [resolution]})).arrays;
    return this.trainer.neuronGrids(data["grid_inputs_" + resolution], resolution);
  }

  /** Stop using the GPU (the worker already holds the last synced parameters). */
  drop(lost = false) {
    if (this.trainer) this.trainer.destroy();
    if (lost) closeGpu();
    this.trainer = null;
    this.key = null;
  }
}
