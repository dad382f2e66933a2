/*
 * The page's side of grid-worker.js: hand it the newest parameters, get the output and every
 * neuron over their grids back. Newest wins: a frame submitted while another is evaluated waits,
 * and is replaced (its promise resolves null) if a newer one comes first, so the grids never fall
 * behind training. Without a worker (or if it fails, or leaves a frame unanswered for
 * GRID_TIMEOUT_MS) the same code runs on the page: every drawing waits on these grids.
 */
import {evaluateFrame} from "./mlp-grid.js";

export const GRID_TIMEOUT_MS = 10000; // a 6x8 frame takes about 12 ms

export class GridClient {
  constructor({resolution, neuronResolution, timeoutMs = GRID_TIMEOUT_MS}) {
    this.timeoutMs = timeoutMs;
    this.resolution = resolution;
    this.neuronResolution = neuronResolution;
    this.worker = null;
    this.failed = false;
    this.inFlight = null; // {id, resolve}
    this.waiting = null;  // {job, resolve}
    this.nextId = 1;
    this.idlers = [];     // resolvers of idle()
  }

  /** Grids of `network` at `params`: {grid, scores, neurons, layout}, or null if a newer frame replaced it. */
  evaluate(network, params) {
    const job = {network, params};
    return new Promise((resolve) => {
      if (this.waiting) this.waiting.resolve(null);
      this.waiting = {job, resolve};
      if (!this.inFlight) this._next();
    });
  }

  /** Start the worker now (it loads its module while the engine starts), not at the first frame. */
  warm() {
    this._worker();
  }

  /** Resolves once nothing is being evaluated or waiting. */
  idle() {
    if (!this.inFlight && !this.waiting) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  _next() {
    const next = this.waiting;
    this.waiting = null;
    if (!next) {
      for (const resolve of this.idlers.splice(0)) resolve();
      return;
    }
    const worker = this._worker();
    if (!worker) {
      next.resolve(this._onPageOrError(next.job));
      return this._next();
    }
    const id = this.nextId++;
    const timer = setTimeout(() => this._abandonWorker(), this.timeoutMs);
    this.inFlight = {id, resolve: next.resolve, job: next.job, timer};
    worker.postMessage({id, network: next.job.network, params: next.job.params,
                        resolution: this.resolution, neuronResolution: this.neuronResolution});
  }

  _onPageOrError(job) {
    try {
      return this._onPage(job);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  _onPage({network, params}) {
    return evaluateFrame(network, params, this.resolution, this.neuronResolution);
  }

  _worker() {
    if (this.worker || this.failed) return this.worker;
    try {
      this.worker = new Worker(new URL("./grid-worker.js", import.meta.url), {type: "module"});
    } catch (err) {
      this.failed = true;
      return null;
    }
    this.worker.onmessage = ({data}) => this._receive(data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this._abandonWorker();
    };
    return this.worker;
  }

  _receive(data) {
    const entry = this.inFlight;
    if (!entry || entry.id !== data.id) return;
    clearTimeout(entry.timer);
    this.inFlight = null;
    if (data.error) {
      entry.resolve(Promise.reject(new Error("the grid evaluator failed: " + data.error)));
    } else {
      entry.resolve({grid: data.grid, scores: data.scores, neurons: data.neurons, layout: data.layout});
    }
    this._next();
  }

  /** The worker broke (it could not load, or stalled): evaluate on the page from now on. */
  _abandonWorker() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.failed = true;
    const entry = this.inFlight;
    this.inFlight = null;
    if (entry) {
      clearTimeout(entry.timer);
      entry.resolve(this._onPageOrError(entry.job));
    }
    this._next();
  }
}
