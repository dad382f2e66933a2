/*
 * The typed message protocol between the page (engine-client.js) and the engine worker.
 * A classic script with no imports, so both the page (as a module) and the classic worker
 * (via importScripts) can load it. It defines globalThis.PlaygroundProtocol.
 *
 * Requests, page -> worker: {id: number, type: string, payload: object}
 *   init       {base_url}                 start the runtime; progress replies, then "ready"
 *   configure  {config, grid_resolution?, include_model?}
 *                                         new data and network; the result carries the points
 *   update     {config}                   change hyperparameters (learning rate, regularization,
 *                                         batch size) without resetting the network
 *   reset      {grid_resolution?, include_model?}   new initial weights, epoch 0
 *   rewind     {...}                      back to the current network's initial weights, epoch 0
 *   set_param  {kind: "weight"|"bias", layer, i, j, value, ...}   edit one parameter
 *   load_model {model, ...}               replace the network (nn.MLP.to_dict()); the result
 *                                         carries the engine `config` it implies
 *   train      {epochs, budget_ms?, grid_resolution?, include_model?}
 *                                         up to `epochs` epochs, stopping once budget_ms passed
 *   set_params {weights, biases, epoch, ...}   another backend (WebGPU) hands back its state
 *   backend_data {grid_resolutions}       the network's inputs (features expanded) and targets
 *   grid       {grid_resolution?, neuron_resolution?}   the output / every neuron over the grid
 * Requests that return a snapshot accept grid_resolution (array "grid"), neuron_resolution
 * (array "neurons" plus fields neuron_layout, feature_labels) and include_model (field "model").
 *   model      {}                         the network as nn.MLP.to_dict()
 *
 * Replies, worker -> page: every reply has a `type` and the `id` of its request.
 *   {id, type: "progress", phase, message, loaded?, total?}   phase is one of PHASES
 *   {id, type: "ready", versions: {pyodide, python, numpy, pyplayground}}
 *   {id, type: "result", fields: object, arrays: {name: Float32Array}}
 *   {id, type: "error", message, detail?}
 * Engine config keys (snake_case) are those of pyplayground.session.DEFAULTS. Arrays always
 * travel as Float32Array; Python source never crosses this boundary.
 */
(function (root) {
  root.PlaygroundProtocol = Object.freeze({
    ENGINE_REQUESTS: Object.freeze(["configure", "update", "reset", "rewind", "train", "grid", "model",
                                   "set_param", "load_model", "set_params", "backend_data"]),
    PHASES: Object.freeze(["download", "runtime", "packages", "install", "import", "ready"]),
    PHASE_LABELS: Object.freeze({
      download: "Downloading the Python runtime",
      runtime: "Starting Python",
      packages: "Loading NumPy",
      install: "Installing the pyplayground engine",
      import: "Importing the engine",
      ready: "Ready",
    }),
  });
})(typeof self !== "undefined" ? self : globalThis);
