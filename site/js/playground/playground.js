/*
 * The playground's public API (window.playground) and its state: the config, the engine's answers,
 * the page's copy of the network. Every engine operation goes through one queue, so play, step,
 * reset, edits and setConfig never interleave. The play loop is player.js, the drawing renderer.js,
 * the engine an injected EngineClient (engine-client.js), the WebGPU backend backends/. Each helper
 * is handed a small object of what it needs (documented in its file), never the playground itself.
 */
import {LIMITS} from "../generated/vocabulary.js";
import {EngineClient} from "../engine-client.js";
import * as state from "./state.js";
import {pointsFromArrays} from "./tools/custom-data.js";
import {BackendManager} from "./backends/backend-manager.js";
import {engineLost, restoreEngine, resumeSaved} from "./engine-recovery.js";
import {newRun, stepInChunks} from "./step-chunks.js";
import {GpuFrames} from "./backends/gpu-frames.js";
import {LiveViews} from "./live-views.js";
import {UndoStack} from "./undo.js";
import {paramsPayload, viewPayload, withModel} from "./model-params.js";
import {GRID_RESOLUTION, NEURON_RESOLUTION, Renderer} from "./renderer.js";
import {Player} from "./player.js";

export class Playground {
  /**
   * @param {object} views     {output, network, loss, loading, notices}
   * @param {object} initial   validated settings to start from (e.g. from the URL)
   * @param {function} onChange  called with the playground after every state change
   * @param {object} resume    an autosave record to start from (autosave.js), or null
   * @param {function} engine  makes the engine client from its callbacks (default: an EngineClient)
   */
  constructor({views, initial = {}, onChange = () => {}, resume = null, engine = (options) => new EngineClient(options)}) {
    this.views = views;
    this.onChange = onChange;
    this.config = state.applyPartial(state.defaultConfig(), initial);
    this.resume = resume;
    this.resets = 0;          // presses of reset since the last config change (varies the weights)
    this.stats = {epoch: 0, train_loss: null, test_loss: null};
    this.points = null;       // the current data as Float32Arrays
    this.customPoints = null; // {x: [[x1, x2]], y: [label]} while the dataset is "custom"
    this.keptPoints = null;   // the custom points while another dataset shows, to come back to
    this.problem = null;      // the problem of the data the engine holds
    this.playing = false;
    this.frames = 0;          // redraws of the views so far (the benchmark reads frames/s)
    this.phase = "download";
    this.versions = null;
    this.queue = Promise.resolve();
    this.saved = null;        // {model, epoch}: the last network shown, the page's own copy for a restart
    this.rewindModel = null;  // the model loadModel installed (the worker's rewind point), else null
    this.stepping = null;     // {cancelled} while step(n) runs; pause() cancels it
    this.client = engine({
      onProgress: (p) => this._progress(p),
      onLost: (err) => this._engineLost(err),
      onRestore: (send) => this._restore(send),
      decode: withModel, // replies carry the network as flat float64 params; the page keeps it nested too
    });
    this.backends = new BackendManager({
      client: this.client,
      grids: {output: GRID_RESOLUTION, neurons: NEURON_RESOLUTION},
      notify: (message, kind) => this.views.notices.show(message, kind),
      onLost: (info, trainer) => this._enqueue(async () => {
        if (this.backends.trainer === trainer) await this._fallBack("the GPU device was lost (" + info.reason + ")", true);
      }),
    });
    this.neuronResolution = NEURON_RESOLUTION;
    this._helpers();
    this.views.network.setShape(this._shape()); // draw the network at once, before the runtime is up
    this.ready = this._start();
    this.ready.catch(() => {}); // failures are shown in the loading panel, with a Retry button
  }

  /** Make the helpers, each with the small object of what it needs (see each file). */
  _helpers() {
    const notify = (message, kind, action) => this.views.notices.show(message, kind, action);
    const request = (type, payload) => this.client.request(type, viewPayload(payload)); // a snapshot to draw
    const take = (reply) => this._show(reply, true); // epoch, losses and network, not drawn
    const show = (reply, light = false) => this._show(reply, light);
    const paint = (reply) => this._paint(reply, true); // a play frame: no setting changed
    const config = () => this.config;
    const playing = () => this.playing;
    const enqueue = (fn, options) => this._enqueue(fn, options);
    const session = () => this.session();
    this.gpu = new GpuFrames({backends: this.backends, take, paint, show, request, notify,
                              epoch: () => this.stats.epoch});
    this.renderer = new Renderer({views: this.views, config, shape: () => this._shape(),
                                  relevance: () => this.live.data("relevance"), point: () => this.live.point});
    this.player = new Player({client: this.client, enqueue, playing, pause: () => this.pause(),
                              gpuTrainer: () => this.backends.trainer,
                              gpuPlayFrame: (trainer) => this.gpu.playFrame(trainer), take, paint, notify});
    // the loss landscape and the relevance, refreshed after redraws
    this.live = new LiveViews({config, playing, neuronResolution: () => this.neuronResolution, enqueue,
                               request: (type, payload) => this.client.request(type, payload), views: this.views,
                               redraw: () => this.renderer.redraw(), notify});
    this._stepping = {onGpu: () => Boolean(this.backends.trainer), gpuFrame: (epochs) => this.gpu.frame(epochs),
                      epoch: () => this.stats.epoch, request, gaveUp: () => this.client.gaveUp, show};
    this._lost = {started: () => Boolean(this.started), gaveUp: () => this.client.gaveUp,
                  stopPlaying: () => { this.playing = false; }, loading: this.views.loading,
                  retryStart: () => this.retryStart(), changed: () => this.onChange(this)};
    this._recovery = {session, adopt: (parts) => Object.assign(this, parts),
                      configure: (next, resets) => this._configure(next, resets), request, show,
                      ready: () => { this.phase = "ready"; this.views.loading.progress({phase: "ready"}); },
                      lastLoss: () => this.client.lastLoss, notify};
    // the sessions before each change that replaced the network
    this.undoStack = new UndoStack({session, resume: (record) => resumeSaved(this._recovery, record),
                                    undo: () => this.undo(), clearLoss: () => this.views.loss.clear(),
                                    changed: () => this.onChange(this), notify});
  }

  /**
   * The page's own copy of the session: what autosave, undo and a restarted worker need to put the same
   * network on the same data again: {config, resets, customPoints, keptPoints, rewindModel, model, epoch}
   * (model null and epoch 0 before the first network is shown).
   */
  session() {
    return {config: this.config, resets: this.resets, customPoints: this.customPoints, keptPoints: this.keptPoints,
            rewindModel: this.rewindModel, model: this.saved ? this.saved.model : null,
            epoch: this.saved ? this.saved.epoch : 0};
  }

  state() {
    return {
      epoch: this.stats.epoch,
      trainLoss: this.stats.train_loss,
      testLoss: this.stats.test_loss,
      trainAccuracy: this.stats.train_accuracy === undefined ? null : this.stats.train_accuracy,
      testAccuracy: this.stats.test_accuracy === undefined ? null : this.stats.test_accuracy,
      backend: this.backends.name,
      adapter: this.backends.name === "webgpu" ? this.backends.adapterName : null,
      config: JSON.parse(JSON.stringify(this.config)),
      playing: this.playing,
      frames: this.frames,
      phase: this.phase,
      versions: this.versions,
      customPoints: this.customPoints ? this.customPoints.y.length : null,
      engineRestarts: this.client.restarts,
      canUndo: this.undoStack.size > 0,
      explorable: this._exploring(), // settings apply at once, before the engine's first network
    };
  }

  /** The network shown last (nn.MLP.to_dict() form), or null before the first. */
  get model() {
    return this.saved ? this.saved.model : null;
  }

  play() {
    if (this.playing) return;
    this.playing = true;
    this.onChange(this);
    this.player.start();
  }

  /** Stop training; resolves with the state once the frame in flight (if any) has landed. */
  pause() {
    if (this.playing) {
      this.playing = false;
      this.onChange(this);
      // Live views refresh at intervals while playing: once more for where it stopped.
      this._enqueue(() => this.live.refreshAll()).catch(() => {});
    }
    if (this.stepping) {
      // A step(n) stops after the chunk in flight: answer then, not after the final redraw.
      this.stepping.cancelled = true;
      return this.stepping.stopped.then(() => this.state());
    }
    return this._enqueue(async () => this.state());
  }

  /**
   * Pause, then train `n` epochs in short chunks (step-chunks.js), so pause() stops it within a
   * frame; resolves with the new state (fewer epochs if paused, or if training diverged).
   */
  step(n = 1) {
    if (!Number.isInteger(n) || n < 1 || n > LIMITS.epochs) {
      return Promise.reject(new Error("step(n) takes an integer number of epochs in [1, " + LIMITS.epochs + "], got " + n));
    }
    this.pause();
    const run = newRun();
    this.stepping = run; // set now, so a pause() before the step starts cancels it too
    const op = this._enqueue(async () => {
      try {
        await stepInChunks(this._stepping, n, run);
      } finally {
        if (this.stepping === run) this.stepping = null;
      }
      return this.state();
    });
    op.then(run.stop, run.stop); // also when it never ran (the engine never started)
    return op;
  }

  /** Pause and start again from new initial weights; resolves with the new state. */
  reset() {
    this.pause();
    return this._enqueue(async () => {
      await this._replacing("Reset", () => this._configure(this.config, this.resets + 1));
      this.onChange(this);
      return this.state();
    });
  }

  /** Pause and bring back the session from before the last change that replaced the network. */
  undo() {
    this.pause();
    return this._enqueue(async () => {
      if (!(await this.undoStack.undo())) throw new Error("nothing to undo");
      return this.state();
    });
  }

  /** Pause and go back to the initial weights of the current network (epoch 0). */
  rewind() {
    this.pause();
    return this._run("rewind", {}, () => this.views.loss.clear(), "Rewind");
  }

  /** Apply settings (TF Playground names); rejects with a clear error and changes nothing if any is invalid. */
  setConfig(partial) {
    let next;
    try {
      next = state.applyPartial(this.config, partial);
    } catch (err) {
      return Promise.reject(err);
    }
    if (this._exploring()) { // the runtime is still loading: show the change now, the engine starts with it
      this.config = next;
      this.views.network.setShape(this._shape());
      this.onChange(this);
      return Promise.resolve(this.state());
    }
    return this._enqueue(async () => {
      const next = state.applyPartial(this.config, partial);
      if (state.needsReset(this.config, next)) {
        this.pause();
        await this._replacing("Settings changed", () => this._configure(next, 0));
      } else {
        if (state.changesTraining(this.config, next)) {
          await this.client.request("update", {config: state.toEngineHyperparameters(next)});
          this.backends.setHyperparameters(state.toEngineConfig(next, this.resets, this.customPoints));
        }
        if (state.changesBackend(this.config, next)) {
          const reply = await this.client.request("grid", viewPayload({}));
          this.config = next;
          this.backends.failed = null; // a new choice deserves a new try
          await this._syncBackend(reply, false);
          await this._show(reply);
        }
        const before = this.config;
        this.config = next;
        this.renderer.redraw();
        await this.live.changed(before, next);
      }
      this.onChange(this);
      return this.state();
    });
  }

  /** Set one weight or bias: {kind: "weight"|"bias", layer, i, j, value}. */
  setParam(edit) {
    return this._run("set_param", edit);
  }

  /** The current network as nn.MLP.to_dict(): the page's own copy, so it works while the worker is down. */
  saveModel() {
    // nn.MLP.to_dict() plus the epoch it was trained to, which loadModel restores (Python ignores it).
    return this._enqueue(async () => Object.assign(JSON.parse(JSON.stringify(this.saved.model)), {epoch: this.saved.epoch}));
  }

  /** Replace the network by a saved one; its hidden layers and activation become the config. */
  loadModel(model) {
    const sizes = model && Array.isArray(model.sizes) ? model.sizes : null;
    if (sizes && sizes.length >= 2) {
      try {
        state.checkValue("networkShape", sizes.slice(1, -1));
      } catch (err) {
        return Promise.reject(new Error("this playground edits networks of up to " + LIMITS.hidden_layers +
                                        " hidden layers of 1 to " + LIMITS.units + " " +
                                        "neurons; the file has hidden layers " + JSON.stringify(sizes.slice(1, -1))));
      }
    }
    this.pause();
    return this._enqueue(async () => {
      const reply = await this._replacing("Model loaded",
                                          () => this.client.request("load_model", viewPayload({model})));
      this.rewindModel = model;
      const engine = reply.fields.config;
      this.config = Object.assign({}, this.config, {networkShape: engine.hidden, activation: engine.activation});
      this.views.loss.clear();
      let shown = reply;
      if (Number.isInteger(model.epoch) && model.epoch > 0 && model.epoch < 2 ** 31) { // trained that far: go on from there
        shown = await this.client.request("set_params", viewPayload(paramsPayload(model, model.epoch)));
      }
      await this._syncBackend(shown, false);
      await this._show(shown);
      return this.state();
    });
  }

  /**
   * Use `points` ({x, y}) as the dataset (switches to "custom"). While the data is already custom
   * (adding or clearing points), the network keeps its weights and epoch and trains on from there.
   */
  setCustomPoints(points) {
    this.pause();
    // Shown at once and read by the next click's currentPoints(), before the engine has them: quick
    // clicks each add their point instead of overwriting each other's.
    this.pendingPoints = points;
    this.views.output.pending = points;
    this.views.output.draw();
    const settle = () => {
      if (this.pendingPoints !== points) return;
      this.pendingPoints = this.views.output.pending = null;
      this.views.output.draw();
    };
    const op = this._enqueue(async () => {
      const next = Object.assign({}, this.config, {problem: "classification", dataset: "custom"});
      const previous = this.customPoints;
      const keep = this.config.dataset === "custom" && this.saved ? this.saved : null;
      this.undoStack.push(); // undoable from the Undo button, without a notice for every point
      this.customPoints = points;
      try {
        await this._configure(next, this.resets);
        if (keep) {
          const reply = await this.client.request("set_params", viewPayload(paramsPayload(keep.model, keep.epoch)));
          await this._syncBackend(reply, false);
          await this._show(reply);
        }
      } catch (err) {
        this.customPoints = previous;
        this.undoStack.drop();
        throw err;
      }
      this.onChange(this);
      return this.state();
    });
    op.then(settle, settle);
    return op;
  }

  /** The current data (train then test) as a custom point set. */
  currentPoints() {
    if (this.pendingPoints) return {x: this.pendingPoints.x.slice(), y: this.pendingPoints.y.slice()};
    if (this.customPoints) return {x: this.customPoints.x.slice(), y: this.customPoints.y.slice()};
    return this.points ? pointsFromArrays(this.points) : {x: [], y: []};
  }

  /** Every neuron's grid at `resolution`: [{layer, index, values: Float32Array}]. */
  neuronGrids({resolution = NEURON_RESOLUTION} = {}) {
    if (!Number.isInteger(resolution) || resolution < 2 || resolution > LIMITS.grid_resolution) {
      return Promise.reject(new Error("resolution must be an integer in [2, " + LIMITS.grid_resolution + "], got " + resolution));
    }
    return this._enqueue(async () => {
      let values, layout;
      if (this.backends.trainer) {
        ({values, layout} = await this.backends.neuronGrids(resolution));
      } else {
        const reply = await this.client.request("grid", {neuron_resolution: resolution});
        [values, layout] = [reply.arrays.neurons, reply.fields.neuron_layout];
      }
      const cells = resolution * resolution;
      const grids = [];
      let row = 0;
      for (const [layer, count] of layout) {
        for (let index = 0; index < count; index++, row++) {
          grids.push({layer, index, backend: this.backends.name, values: values.slice(row * cells, (row + 1) * cells)});
        }
      }
      return grids;
    });
  }

  /** This run's training dynamics (Session.dynamics: the Training page's format), from the engine. */
  dynamics() {
    return this._enqueue(async () => (await this.client.request("dynamics", {})).fields);
  }

  // -- internals ---------------------------------------------------------------------

  /** Run `fn` after every operation queued before it (and, unless `settle` is false, after the play frames in flight are drawn). */
  _enqueue(fn, {settle = true} = {}) {
    // An operation whose worker was lost runs once more: the restarted worker holds the state
    // from before the operation (see _restore), so running it again is what the user asked for.
    const retrying = () => fn().catch((err) => {
      if (!err.engineLost || this.client.gaveUp) throw err;
      return fn();
    });
    const run = this.queue.then(() => this.ready).then(() => settle && this.player.settle()).then(retrying);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Queue one engine request that returns a snapshot, show it, resolve with the state. */
  _run(type, payload, before, replaces = null) {
    return this._enqueue(async () => {
      const request = () => this.client.request(type, viewPayload(payload));
      const reply = replaces ? await this._replacing(replaces, request) : await request();
      if (before) before();
      await this._syncBackend(reply, false);
      await this._show(reply);
      return this.state();
    });
  }

  /** Run `change` (which replaces the network) so that Undo can bring back the session before it. */
  async _replacing(what, change) {
    this.undoStack.push();
    let result;
    try {
      result = await change();
    } catch (err) {
      this.undoStack.drop();
      throw err;
    }
    this.undoStack.announce(what);
    return result;
  }

  _progress(p) {
    if (p.phase !== "ready") this.phase = p.phase; // "ready" only once the first network exists
    this.views.loading.progress(p);
  }

  /** True while the runtime loads and no session waits to be restored: settings need no engine yet. */
  _exploring() {
    return !this.started && !this.starting && !this.resume;
  }

  async _start() {
    try {
      this.versions = await this.client.init();
      this.starting = true; // from here on the engine builds the network from this.config
      if (this.resume) await resumeSaved(this._recovery, this.resume);
      else await this._configure(this.config, 0);
      this.phase = "ready";
      this.started = true;
      this.starting = false;
      this.onChange(this);
    } catch (err) {
      this.starting = false;
      this.phase = "failed";
      // A failed start is never final: Retry starts a fresh worker (see EngineClient.init).
      this.views.loading.fail(err.message, () => this.retryStart());
      throw err;
    }
  }

  /** Start again after a failed start-up (or after the engine stopped restarting); resolves when ready. */
  retryStart() {
    this.views.loading.restarting("Starting again…");
    this.client.gaveUp = null;
    this.ready = this.phase === "failed" ? this._start() : this.client.retry().then(() => undefined);
    this.ready.catch(() => {});
    return this.ready;
  }

  /** The worker was lost; the next request restarts it and _restore brings the state back. */
  _engineLost(err) {
    engineLost(this._lost, err);
  }

  /** Give a restarted worker the page's copy of the session (see engine-recovery.js). */
  _restore(send) {
    return restoreEngine(this._recovery, send);
  }

  async _configure(config, resets) {
    // Custom points are kept while the dataset stays "custom" (a trip through regression keeps
    // them); with none yet, the plane starts empty: every point on it is one the student placed.
    if (config.dataset !== "custom") {
      if (this.customPoints) this.keptPoints = this.customPoints; // Custom -> Circle -> Custom keeps them
      this.customPoints = null;
    } else if (!this.customPoints && this.keptPoints) {
      this.customPoints = this.keptPoints;
    } else if (!this.customPoints) {
      this.customPoints = {x: [], y: []};
    }
    const reply = await this.client.request("configure", viewPayload({
      config: state.toEngineConfig(config, resets, this.customPoints),
    }));
    // Only now, with the engine's agreement, does the new config become the state.
    this.config = config;
    this.resets = resets;
    this.rewindModel = null;
    this.problem = config.problem;
    const a = reply.arrays;
    this.points = {train_x: a.train_x, train_y: a.train_y, test_x: a.test_x, test_y: a.test_y};
    this.views.output.setPoints(this.points);
    this.views.loss.clear();
    await this._syncBackend(reply, true);
    await this._show(reply);
  }

  /** Bring the backend in line with the worker's session after `reply` (a snapshot with a model). */
  async _syncBackend(reply, dataChanged) {
    try {
      const engine = state.toEngineConfig(this.config, this.resets, this.customPoints);
      await this.backends.sync(this.config, engine, this.config.problem, reply, dataChanged);
    } catch (err) {
      await this._fallBack(err.message);
    }
  }

  /** Leave WebGPU for NumPy, keeping the state the worker holds (synced after every frame). */
  _fallBack(why, lost = false) {
    return this.gpu.fallBack(why, lost);
  }

  _shape() {
    return {
      features: state.FEATURES.map((f) => ({name: f.name, label: f.label, enabled: this.config[f.name]})),
      shape: this.config.networkShape,
      outputs: this.config.problem === "multiclass" ? 3 : 1,
      activation: this.config.activation,
    };
  }

  /**
   * Take in a reply: the epoch, losses and the page's copy of the network; unless `light` (a step(n)
   * chunk between redraws, or a play frame whose grids the player evaluates), draw it once the grid
   * worker has its grids (a WebGPU frame brings its own); the promise resolves once drawn.
   */
  _show(reply, light = false) {
    const {fields} = reply;
    this.stats = fields.stats;
    if (fields.model) this.saved = {model: fields.model, epoch: fields.stats.epoch};
    this.views.loss.update(fields.stats);
    if (fields.diverged) {
      this.pause();
      this.views.notices.show(fields.diverged, "warning");
    }
    return light ? Promise.resolve() : this._drawWithGrids(reply); // errors above are thrown, not rejected
  }

  /** Draw `reply` with the grid worker's grids of its parameters (unless it brings grids); resolves once drawn. */
  async _drawWithGrids(reply) {
    let drawn = reply;
    if (!reply.arrays.grid && reply.arrays.params) {
      try {
        drawn = await this.player.withGrids(reply);
      } catch (err) {
        this.views.notices.show(err.message, "error"); // the diagram's weights still redraw
      }
    }
    if (drawn) this._paint(drawn); // null: a newer frame took its turn and draws instead
  }

  /**
   * Draw a reply (see renderer.js); the live views and the page's controls follow each redraw
   * (`frame`: a play frame, which changes no setting: see onChange in main.js).
   */
  _paint(reply, frame = false) {
    this.renderer.paint(reply);
    this.frames++;
    this.live.queue();
    this.onChange(this, {frame});
  }

  /**
   * Show the heatmap of neuron `row` of diagram column `layer` (enabled nodes only) in the output
   * plot, as TF Playground does on hover (the relevance map while that view is on); null restores it.
   */
  previewNode(node) {
    this.renderer.preview(node);
  }

  /** The live loss landscape as last computed: {info, loss: number[], path: number[]}, or null when off. */
  landscapeSnapshot() {
    return this.live.snapshot("landscape");
  }

  /** The diagram's relevance as last computed: {info, grids: number[], atPoint: number[] | null}, or null. */
  relevanceSnapshot() {
    return this.live.snapshot("relevance");
  }

  /** Explain input-plane point [x1, x2] (the relevance view must be on); resolves with relevanceSnapshot(). */
  explainPoint(point) {
    if (!Array.isArray(point) || point.length !== 2 || !point.every(Number.isFinite)) {
      return Promise.reject(new Error("explainPoint takes [x1, x2], two finite numbers, got " + JSON.stringify(point)));
    }
    if (this.config.relevance === "off") {
      return Promise.reject(new Error("turn the relevance view on first (setting 'relevance')"));
    }
    this.live.point = point.slice();
    this.views.output.marker = point.slice();
    return this._enqueue(async () => {
      await this.live.refresh("relevance");
      return this.relevanceSnapshot();
    });
  }
}
