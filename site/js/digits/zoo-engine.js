/*
 * The Models page's side of the engine worker (the playground's worker and protocol):
 * loads a zoo model's file, checked against the artifacts manifest, into the worker's
 * Pyodide once, and asks it for class probabilities.
 */
import {EngineClient} from "../engine-client.js";

export class ZooEngine {
  /** @param {{onProgress: function(object): void}} options  start-up progress (LoadingView) */
  constructor({onProgress} = {}) {
    this.client = new EngineClient({onProgress});
    this.ready = this.client.init(); // resolves with the versions
    this.loaded = new Map(); // model id -> Promise of its load_zoo_model fields
    this.sources = new Map(); // model id -> {manifest, entry}, to load it again
  }

  /** Load the model of manifest `entry` (its first file) unless it is loaded already. */
  load(manifest, entry) {
    this.sources.set(entry.id, {manifest, entry});
    if (!this.loaded.has(entry.id)) {
      const loading = (async () => {
        await this.ready;
        const npz = await manifest.fetch(entry); // size and SHA-256 checked
        const reply = await this.client.request("load_zoo_model", {id: entry.id, npz}, [npz]);
        return reply.fields;
      })();
      loading.catch(() => this.loaded.delete(entry.id)); // a failed load may be retried
      this.loaded.set(entry.id, loading);
    }
    return this.loaded.get(entry.id);
  }

  /**
   * Class probabilities of one image for a loaded model.
   * @param {string} id  @param {ArrayLike<number>} pixels  784 numbers in [0, 1], row-major
   * @returns {Promise<{probabilities: number[], ms: number}>}  ms: round trip to the worker
   */
  async predict(id, pixels, retry = true) {
    if (!this.loaded.has(id)) throw new Error("model '" + id + "' is not loaded");
    await this.loaded.get(id);
    const start = performance.now();
    let reply;
    try {
      reply = await this.client.request("predict", {id, pixels: Array.from(pixels)});
    } catch (err) {
      // The worker keeps a bounded number of models (bridge_models.MAX_MODELS): load it again.
      if (!retry || !/is not loaded/.test(err.message)) throw err;
      this.loaded.delete(id);
      const {manifest, entry} = this.sources.get(id);
      await this.load(manifest, entry);
      return this.predict(id, pixels, false);
    }
    return {probabilities: Array.from(reply.arrays.probabilities), ms: performance.now() - start};
  }
}
