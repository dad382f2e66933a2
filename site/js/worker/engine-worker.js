/*
 * The engine worker (a classic Web Worker, as Pyodide 0.17 needs importScripts).
 * Starts the runtime in named phases on "init", then answers engine requests one at a
 * time by calling pyplayground.bridge. Protocol: ../protocol.js.
 */
importScripts("../generated/engine-requests.js", "../protocol.js", "bytecode-files.js", "runtime-pyodide-0.17.js");

let starting = null; // Promise of the loaded runtime, set by the first "init"

function post(message, transfer) {
  self.postMessage(message, transfer || []);
}

async function start(id, baseURL) {
  const progress = (p) => post(Object.assign({id, type: "progress"}, p));
  const response = await fetch(new URL("build-manifest.json", baseURL).href);
  if (!response.ok) {
    throw new Error("build-manifest.json is missing (HTTP " + response.status + "): run 'python3 build.py' first");
  }
  let manifest;
  try {
    manifest = await response.json();
  } catch (err) {
    throw new Error("build-manifest.json is corrupt: run 'python3 build.py' again");
  }
  const runtime = await self.PlaygroundRuntime.load(manifest, baseURL, progress);
  progress({phase: "ready"});
  return runtime;
}

self.onmessage = async (event) => {
  const msg = event.data || {};
  const id = msg.id;
  try {
    if (typeof id !== "number" || typeof msg.type !== "string") {
      throw new Error("malformed request: expected {id: number, type: string, payload}");
    }
    if (msg.type === "init") {
      if (!starting) starting = start(id, (msg.payload || {}).base_url);
      const runtime = await starting;
      post({id, type: "ready", versions: runtime.versions});
      return;
    }
    if (!self.PlaygroundProtocol.ENGINE_REQUESTS.includes(msg.type)) {
      throw new Error("unknown request type '" + msg.type + "'; valid: init, " +
                      self.PlaygroundProtocol.ENGINE_REQUESTS.join(", "));
    }
    if (!starting) throw new Error("the engine is not started: send 'init' first");
    const runtime = await starting;
    const {fields, arrays} = runtime.handle(msg.type, msg.payload);
    post({id, type: "result", fields, arrays}, Object.values(arrays).map((a) => a.buffer));
  } catch (err) {
    post({id, type: "error", message: String((err && err.message) || err), detail: err && err.detail,
          fatal: Boolean(err && err.fatal)});
  }
};
