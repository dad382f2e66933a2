/*
 * The Units page's side of the engine worker: the Models page's ZooEngine (loads a zoo model,
 * checked against the manifest, into the worker once) plus the Units requests of
 * pyplayground/bridge/units.py: every unit layer's activations, a unit's backprop or
 * deconvolution onto the input, and activation maximization in chunks of steps.
 */
import {ZooEngine} from "../digits/zoo-engine.js";

export class UnitsEngine extends ZooEngine {
  /** One request about a loaded model; a model the worker forgot is loaded again once. */
  async _call(type, payload, retry = true) {
    const id = payload.id;
    if (!this.loaded.has(id)) throw new Error("model '" + id + "' is not loaded");
    await this.loaded.get(id);
    try {
      return await this.client.request(type, payload);
    } catch (err) {
      if (!retry || !/is not loaded/.test(err.message)) throw err;
      this.loaded.delete(id);
      const {manifest, entry} = this.sources.get(id);
      await this.load(manifest, entry);
      return this._call(type, payload, false);
    }
  }

  /**
   * Every unit layer's output for one image.
   * @returns {Promise<{layers: [{index, source, name, kind, shape, values: Float32Array}],
   *                    probabilities: number[], ms: number}>}
   */
  async activations(id, pixels) {
    const start = performance.now();
    const {fields, arrays} = await this._call("activations", {id, pixels: Array.from(pixels)});
    const layers = fields.layers.map((l) => Object.assign({}, l, {values: arrays["layer_" + l.index]}));
    return {layers, probabilities: Array.from(arrays.probabilities), ms: performance.now() - start};
  }

  /** The unit's signal on the input ("backprop" or "deconv"): {signal: Float32Array, activation}. */
  async backprop(id, pixels, layer, channel, method) {
    const {fields, arrays} = await this._call("unit_backprop", {id, pixels: Array.from(pixels), layer, channel, method});
    return {signal: arrays.signal, activation: fields.activation};
  }

  /** A new activation-maximization run: {token, steps, activation, image}. */
  async maximizeStart(options) {
    const {fields, arrays} = await this._call("maximize_start", options);
    return Object.assign({}, fields, {image: arrays.image});
  }

  /** The next `steps` steps of run `token`: {step, steps, done, activation, trace, image}. */
  async maximizeStep(token, steps) {
    const {fields, arrays} = await this.client.request("maximize_step", {token, steps});
    return Object.assign({}, fields, {image: arrays.image});
  }

  maximizeStop(token) {
    return this.client.request("maximize_stop", {token});
  }
}
