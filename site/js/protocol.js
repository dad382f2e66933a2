/*
 * The typed message protocol between the page (engine-client.js) and the engine worker.
 * A classic script with no imports, so both the page (as a module) and the classic worker
 * (via importScripts) can load it. It defines globalThis.PlaygroundProtocol; its ENGINE_REQUESTS
 * are generated/engine-requests.js's (load that first where they are needed, as the worker does).
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
 *                                         up to `epochs` epochs (1..100000), at least one; with
 *                                         budget_ms (at most and by default 10000) an epoch starts
 *                                         only if one as long as the last ends within it
 *   set_params {params, dead?, epoch, ...} (binary: params float64 (or float32) in include_params' order, dead
 *                                         one byte per weight) or {weights, biases, epoch, dead?}:
 *                                         another backend (WebGPU) or the page hands back a state
 *   backend_data {grid_resolutions}       the network's inputs (features expanded) and targets
 *   grid       {grid_resolution?, neuron_resolution?}   the output / every neuron over the grid
 * Requests that return a snapshot accept grid_resolution (array "grid"), neuron_resolution
 * (array "neurons" plus fields neuron_layout, feature_labels), include_model (field "model"),
 * include_params (arrays "params": w0 row-major, b0, w1, b1, ... as a Float64Array, the exact weights;
 * "dead": 1 per dead weight; field
 * "network": sizes, activation, output_activation, features: what the page uses every frame) and
 * landscape {resolution?, directions?: "random"|"pca", span?} (field "landscape", arrays "landscape"
 * (R*R training loss around the current weights) and "landscape_path" (the weights' path, 2*T)), and
 * relevance {method, resolution?, point?: [x1, x2]} (field "relevance", arrays "relevance" (every
 * node's LRP relevance over the grid) and "relevance_point" (every node's at the point)).
 *   model      {}                         the network as nn.MLP.to_dict()
 *   dynamics   {snapshots?}               this run's training dynamics (Session.dynamics): the
 *                                         Training page's format, fields only
 * Model-zoo requests (pyplayground/bridge/models.py), used by the Models page:
 *   load_zoo_model {id, npz: ArrayBuffer}  a saved nn.Sequential's file (checked against the
 *                                         artifacts manifest by the page); fields id, input_shape,
 *                                         parameters, dtype, classes
 *   predict    {id, pixels: number[]}     n images, row-major, in [0, 1]; array "probabilities"
 *                                         (n * classes), field n
 *   unload_zoo_model {id}                 forget a loaded model
 * Relevance request (pyplayground/bridge/relevance.py), used by the Relevance page:
 *   relevance  {id, pixels: number[], methods?: string[], target?: int|null}   one image of a
 *                                         loaded zoo model; arrays "heatmaps" (methods x pixels),
 *                                         "probabilities", "logits"; fields methods, target,
 *                                         predicted, ms
 * Units requests (pyplayground/bridge/units.py), used by the Units page; layer = a unit layer's index:
 *   activations {id, pixels}              fields layers, input_shape; arrays "layer_<index>",
 *                                         "probabilities"
 *   unit_backprop {id, pixels, layer, channel, method: "backprop"|"deconv"}   array "signal"
 *   maximize_start {id, layer, channel, preset?, steps?, lr?, center_bias?, start?, noise?, seed?}
 *                                         field token; array "image"
 *   maximize_step {token, steps}          the next chunk of steps; fields step, done, trace
 *   maximize_stop {token}                 forget (cancel) a run
 * GAN requests (pyplayground/bridge/gan.py), used by the GAN page:
 *   gan_configure {config, views?}        a new GAN; fields config, epoch, losses, kl, js, modes_covered,
 *                                         modes, snapshots; arrays history and the requested views
 *   gan_train  {epochs, mode?, budget_ms?, since?, views?}   train (mode "both" | "d" | "g")
 *   gan_view   {snapshot?, since?, views?}   the views at a timeline snapshot
 *   gan_restore {snapshot, since?, views?}   rewind training to a snapshot
 * Binary payload fields (ArrayBuffer or typed arrays) are transferred, not JSON-encoded.
 *
 * Replies, worker -> page: every reply has a `type` and the `id` of its request.
 *   {id, type: "progress", phase, message, loaded?, total?}   phase is one of PHASES; loaded/total: bytes of
 *                                         the runtime's download (which continues into "runtime" and "packages")
 *   {id, type: "ready", versions: {pyodide, python, numpy, pyplayground}}
 *   {id, type: "result", fields: object, arrays: {name: Float32Array (Float64Array for "params")}}
 *   {id, type: "error", message, detail?, fatal?}   fatal: the runtime is unusable (the page's
 *                                         EngineClient then replaces the worker and restores its state)
 * Engine config keys (snake_case) are those of pyplayground.session.DEFAULTS. Arrays
 * travel as Float32Array (the exact weights, "params", as Float64Array); Python source never crosses this boundary.
 */
(function (root) {
  root.PlaygroundProtocol = Object.freeze({
    // The engine's request names, generated from pyplayground/bridge/requests.py (the worker's request
    // table) into generated/engine-requests.js, which the worker loads before this file.
    ENGINE_REQUESTS: root.PlaygroundEngineRequests,
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
