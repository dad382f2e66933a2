/*
 * The page's side of the worker protocol (see protocol.js): starts the engine worker,
 * sends typed requests with ids and resolves each with its reply.
 */
import "./protocol.js";

export class EngineClient {
  /**
   * @param {{onProgress?: function(object): void}} options  progress replies of "init"
   */
  constructor({onProgress} = {}) {
    this.onProgress = onProgress || (() => {});
    this.worker = new Worker(new URL("./worker/engine-worker.js", import.meta.url));
    this.nextId = 1;
    this.pending = new Map(); // id -> {resolve, reject}
    this.worker.onmessage = (event) => this._receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this._failAll(new Error("the engine worker failed: " + (event.message || "unknown error")));
    };
  }

  /** Start the runtime; resolves with the versions once the engine is ready. */
  init() {
    const baseURL = new URL("../", import.meta.url).href;
    return this.request("init", {base_url: baseURL}).then((reply) => reply.versions);
  }

  /** Send one request; resolves with {fields, arrays} ("result") or the reply itself ("ready"). */
  request(type, payload = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {resolve, reject});
      this.worker.postMessage({id, type, payload});
    });
  }

  _receive(msg) {
    const entry = this.pending.get(msg.id);
    if (msg.type === "progress") {
      this.onProgress(msg);
      return;
    }
    if (!entry) return;
    this.pending.delete(msg.id);
    if (msg.type === "error") {
      const err = new Error(msg.message);
      err.detail = msg.detail;
      entry.reject(err);
    } else {
      entry.resolve(msg);
    }
  }

  _failAll(err) {
    for (const entry of this.pending.values()) entry.reject(err);
    this.pending.clear();
  }
}
