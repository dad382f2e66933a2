/*
 * The Relevance page's side of the engine worker: the Models page's ZooEngine (which loads
 * a zoo model, checked against the manifest, into the worker once) plus the "relevance"
 * request (pyplayground/bridge/relevance.py): every method's heatmap for one image.
 */
import {ZooEngine} from "../digits/zoo-engine.js";

export class RelevanceEngine extends ZooEngine {
  /**
   * Heatmaps of one image for a loaded model.
   * @param {string} id  @param {ArrayLike<number>} pixels  784 numbers in [0, 1], row-major
   * @param {{methods?: string[], target?: number|null}} options  target null: the predicted class
   * @returns {Promise<{methods: string[], heatmaps: Object<string, Float32Array>, probabilities: number[],
   *                    target: number, predicted: number, pythonMs: number, ms: number}>}
   *   ms: the round trip to the worker; pythonMs: the time spent in Python
   */
  async explain(id, pixels, {methods = null, target = null} = {}, retry = true) {
    if (!this.loaded.has(id)) throw new Error("model '" + id + "' is not loaded");
    await this.loaded.get(id);
    const start = performance.now();
    const payload = {id, pixels: Array.from(pixels), target};
    if (methods) payload.methods = methods;
    let reply;
    try {
      reply = await this.client.request("relevance", payload);
    } catch (err) {
      // The worker keeps a bounded number of models, and a restarted worker none: load it again.
      if (!retry || !/is not loaded/.test(err.message)) throw err;
      this.loaded.delete(id);
      const {manifest, entry} = this.sources.get(id);
      await this.load(manifest, entry);
      return this.explain(id, pixels, {methods, target}, false);
    }
    const ms = performance.now() - start;
    const {fields, arrays} = reply;
    const size = arrays.heatmaps.length / fields.methods.length;
    const heatmaps = {};
    fields.methods.forEach((m, k) => { heatmaps[m] = arrays.heatmaps.slice(k * size, (k + 1) * size); });
    return {methods: fields.methods, heatmaps, probabilities: Array.from(arrays.probabilities),
            target: fields.target, predicted: fields.predicted, pythonMs: fields.ms, ms};
  }
}
