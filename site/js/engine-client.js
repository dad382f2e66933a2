/*
 * The page's side of the worker protocol (see protocol.js), with a supervisor: it starts the
 * engine worker, sends typed requests with ids and resolves each with its reply, and
 *  - gives every request a timeout (per type; see DEFAULT_TIMEOUTS);
 *  - treats a worker that crashed, hung (a timeout) or hit a fatal runtime error as lost: it is
 *    terminated, every request in flight rejects with an EngineLostError, and the next request
 *    starts a fresh worker, runs the owner's `onRestore` (to hand it the page's own copy of the
 *    state) and then goes on;
 *  - makes start-up retryable: a failed "init" is never cached, the next call starts afresh.
 * More than MAX_LOSSES losses within LOSS_WINDOW_MS stop the automatic restarts (a worker that
 * dies on every start would loop); `retry()` allows them again.
 */
import "./protocol.js";
import {ENGINE_WORKER_URL, SITE_BASE_URL, takeEarlyWorker} from "./engine-early.js";

export const DEFAULT_TIMEOUTS = Object.freeze({
  init: 180000,    // download + compile the runtime: seconds here, minutes on a slow link
  request: 30000,  // any other request (the engine bounds each request's work; see session limits)
});
const MAX_LOSSES = 3;
const LOSS_WINDOW_MS = 60000;

/** The worker was lost (crash, hang, fatal error) while a request was in flight. */
export class EngineLostError extends Error {
  constructor(message, {timeout = false} = {}) {
    super(message);
    this.name = "EngineLostError";
    this.engineLost = true;
    this.timeout = timeout;
  }
}

export class EngineClient {
  /**
   * @param {object} options
   *   onProgress(p)   progress replies of "init"
   *   onLost(err)     the worker was lost (err: EngineLostError); a restart follows on the next request
   *   onRestore(send) after a restart, before any other request: bring the new worker's state back
   *                   with `send(type, payload)` (requests that bypass the start-up gate)
   *   timeouts        overrides of DEFAULT_TIMEOUTS, in ms, by request type
   *   decode(reply)   applied to every result before it resolves (e.g. model-params.js: withModel)
   */
  constructor({onProgress, onLost, onRestore, timeouts, decode} = {}) {
    this.decode = decode || ((reply) => reply);
    this.onProgress = onProgress || (() => {});
    this.onLost = onLost || (() => {});
    this.onRestore = onRestore || null;
    this.timeouts = Object.assign({}, DEFAULT_TIMEOUTS, timeouts);
    this.nextId = 1;
    this.pending = new Map(); // id -> {resolve, reject, timer, type}
    this.worker = null;
    this.starting = null;     // Promise of the versions while/once the current worker is started
    this.versions = null;
    this.restarts = 0;        // workers started after a loss
    this.losses = [];         // times (ms) of recent losses
    this.lastLoss = null;     // the message of the last loss
    this.gaveUp = null;       // an Error once restarts stopped (see retry())
    this._spawn();
  }

  /** Start the runtime (again, if the worker was lost); resolves with the versions. */
  init() {
    if (this.gaveUp) return Promise.reject(this.gaveUp);
    if (!this.starting) {
      if (!this.worker) this._spawn();
      const restoring = this.restarts > 0 && this.onRestore;
      this.starting = this._send("init", {base_url: SITE_BASE_URL}, [], this.timeouts.init).then(async (reply) => {
        this.versions = reply.versions;
        if (restoring) await this.onRestore((type, payload, transfer) => this._send(type, payload, transfer));
        return this.versions;
      });
      const starting = this.starting;
      starting.catch((err) => {
        if (this.starting !== starting) return;
        // Never cache a failed start: drop this worker (Pyodide loads once per worker) so the next
        // call starts a fresh one.
        this.starting = null;
        if (!err.engineLost) this._stopWorker();
      });
    }
    return this.starting;
  }

  /**
   * Send one request once the engine is started; resolves with {fields, arrays} ("result").
   * `transfer`: ArrayBuffers in the payload to hand over rather than copy (a model file).
   * `options.timeoutMs` overrides the type's timeout.
   */
  request(type, payload = {}, transfer = [], options = {}) {
    if (type === "init") return this.init();
    return this.init().then(() => this._send(type, payload, transfer, options.timeoutMs));
  }

  /** Allow automatic restarts again after they stopped; starts the engine. */
  retry() {
    this.gaveUp = null;
    this.losses = [];
    return this.init();
  }

  /** Give up the worker for good (the page is closing or a test wants a clean slate). */
  terminate() {
    this._lose("the engine was stopped");
  }

  // -- internals -----------------------------------------------------------------------

  _spawn() {
    const early = takeEarlyWorker(); // the page's first client takes over a worker started early
    const worker = early ? early.worker : new Worker(ENGINE_WORKER_URL);
    const crashed = (message) => {
      if (this.worker === worker) this._lose("the engine worker crashed: " + message);
    };
    worker.onmessage = (event) => {
      if (this.worker === worker) this._receive(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      crashed(event.message || "unknown error");
    };
    this.worker = worker;
    if (early) {
      // What it said before this client existed, in order, once the constructor has returned.
      queueMicrotask(() => {
        for (const message of early.messages) if (this.worker === worker) this._receive(message);
        if (early.errors.length) crashed(early.errors[0]);
      });
    }
  }

  _stopWorker() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
  }

  _send(type, payload = {}, transfer = [], timeoutMs) {
    if (!this.worker) return Promise.reject(new EngineLostError("the engine is not running"));
    const id = this.nextId++;
    const limit = timeoutMs || this.timeouts[type] || this.timeouts.request;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this._lose("the engine did not answer '" + type + "' within " + Math.round(limit / 1000) + " s", true);
      }, limit);
      this.pending.set(id, {resolve, reject, timer, type});
      this.worker.postMessage({id, type, payload}, transfer);
    });
  }

  _receive(msg) {
    if (msg.type === "progress") {
      this.onProgress(msg);
      return;
    }
    const entry = this.pending.get(msg.id);
    if (!entry) return;
    this.pending.delete(msg.id);
    clearTimeout(entry.timer);
    if (msg.type === "error") {
      const err = new Error(msg.message);
      err.detail = msg.detail;
      entry.reject(err);
      // After a fatal runtime error (out of memory, a wasm trap) every later request would fail.
      if (msg.fatal) this._lose("the engine hit a fatal error (" + msg.message + ")");
    } else {
      entry.resolve(msg.type === "result" ? this.decode(msg) : msg);
    }
  }

  /** Drop the worker: terminate it, reject what is in flight; the next request restarts it. */
  _lose(why, timeout = false) {
    const err = new EngineLostError(why, {timeout});
    this._stopWorker();
    this.starting = null;
    this.lastLoss = why;
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(err);
    }
    this.pending.clear();
    const now = performance.now();
    this.losses = this.losses.filter((t) => now - t < LOSS_WINDOW_MS).concat([now]);
    if (this.losses.length > MAX_LOSSES) {
      this.gaveUp = new EngineLostError("the engine stopped " + this.losses.length + " times within a minute (last: " +
                                        why + "); not restarting it again");
    }
    this.restarts++;
    this.onLost(err);
  }
}
