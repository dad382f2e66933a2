/*
 * The playground controller: owns the config, talks to the engine through EngineClient,
 * runs the play loop and feeds the views. Every engine operation goes through one queue,
 * so play, step, reset and setConfig never interleave.
 */
import {EngineClient} from "./engine-client.js";
import * as state from "./state.js";

const GRID_RESOLUTION = 100;  // output heatmap cells per side
const FRAME_BUDGET_MS = 25;   // worker time per frame while playing: several epochs per frame

function nextFrame() {
  // requestAnimationFrame pauses in hidden tabs; the timeout keeps training going there.
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() => { clearTimeout(timer); resolve(); });
  });
}

export class Playground {
  /**
   * @param {object} views     {output, network, loss, loading, notices}
   * @param {object} initial   validated settings to start from (e.g. from the URL)
   * @param {function} onChange  called with the playground after every state change
   */
  constructor({views, initial = {}, onChange = () => {}}) {
    this.views = views;
    this.onChange = onChange;
    this.config = state.applyPartial(state.defaultConfig(), initial);
    this.resets = 0;          // presses of reset since the last config change (varies the weights)
    this.stats = {epoch: 0, train_loss: null, test_loss: null};
    this.problem = this.config.problem;
    this.playing = false;
    this.frames = 0;          // redraws of the views so far (the benchmark reads frames/s)
    this.phase = "download";
    this.versions = null;
    this.queue = Promise.resolve();
    this.client = new EngineClient({onProgress: (p) => this._progress(p)});
    this._drawShape();
    this.ready = this._start();
    this.ready.catch(() => {}); // failures are shown in the loading panel
  }

  state() {
    return {
      epoch: this.stats.epoch,
      trainLoss: this.stats.train_loss,
      testLoss: this.stats.test_loss,
      backend: "numpy",
      config: JSON.parse(JSON.stringify(this.config)),
      playing: this.playing,
      frames: this.frames,
      phase: this.phase,
      versions: this.versions,
    };
  }

  play() {
    if (this.playing) return;
    this.playing = true;
    this.onChange(this);
    this._loop();
  }

  pause() {
    if (!this.playing) return;
    this.playing = false;
    this.onChange(this);
  }

  /** Pause, then train exactly `n` epochs; resolves with the new state. */
  step(n = 1) {
    if (!Number.isInteger(n) || n < 1 || n > 100000) {
      return Promise.reject(new Error("step(n) takes an integer number of epochs in [1, 100000], got " + n));
    }
    this.pause();
    return this._enqueue(async () => {
      const reply = await this.client.request("train", this._viewPayload({epochs: n}));
      this._show(reply);
      return this.state();
    });
  }

  /** Pause and start again from new initial weights; resolves with the new state. */
  reset() {
    this.pause();
    return this._enqueue(async () => {
      await this._configure(this.config, this.resets + 1);
      return this.state();
    });
  }

  /** Apply settings (TF Playground names); rejects with a clear error and changes nothing if any is invalid. */
  setConfig(partial) {
    try {
      state.applyPartial(this.config, partial);
    } catch (err) {
      return Promise.reject(err);
    }
    return this._enqueue(async () => {
      const next = state.applyPartial(this.config, partial);
      if (state.needsReset(this.config, next)) {
        this.pause();
        await this._configure(next, 0);
      } else {
        await this.client.request("update", {config: state.toEngineHyperparameters(next)});
        this.config = next;
        this._applyViewFlags();
      }
      this.onChange(this);
      return this.state();
    });
  }

  // -- internals ---------------------------------------------------------------------

  _enqueue(fn) {
    const run = this.queue.then(() => this.ready).then(fn);
    this.queue = run.catch(() => {});
    return run;
  }

  _progress(p) {
    if (p.phase !== "ready") this.phase = p.phase; // "ready" only once the first network exists
    this.views.loading.progress(p);
  }

  async _start() {
    try {
      this.versions = await this.client.init();
      await this._configure(this.config, 0);
      this.phase = "ready";
      this.onChange(this);
    } catch (err) {
      this.phase = "failed";
      this.views.loading.fail(err.message);
      throw err;
    }
  }

  _viewPayload(extra) {
    return Object.assign({grid_resolution: GRID_RESOLUTION, include_model: true}, extra);
  }

  async _configure(config, resets) {
    const reply = await this.client.request("configure", this._viewPayload({
      config: state.toEngineConfig(config, resets),
    }));
    // Only now, with the engine's agreement, does the new config become the state.
    this.config = config;
    this.resets = resets;
    this.problem = reply.fields.problem;
    const a = reply.arrays;
    this.views.output.setPoints({train_x: a.train_x, train_y: a.train_y, test_x: a.test_x, test_y: a.test_y});
    this.views.loss.clear();
    this._drawShape();
    this._applyViewFlags();
    this._show(reply);
  }

  _drawShape() {
    this.views.network.setShape([2].concat(this.config.networkShape, [1]), ["x1", "x2"]);
  }

  _applyViewFlags() {
    this.views.output.showTest = this.config.showTestData;
    this.views.output.discretize = this.config.discretize;
    this.views.output.draw();
  }

  _show(reply) {
    const {fields, arrays} = reply;
    this.stats = fields.stats;
    if (arrays.grid) this.views.output.setGrid(arrays.grid, GRID_RESOLUTION);
    this.views.output.draw();
    if (fields.model) this.views.network.setWeights(fields.model);
    this.views.loss.update(fields.stats);
    this.frames++;
    if (fields.diverged) {
      this.pause();
      this.views.notices.show(fields.diverged, "warning");
    }
    this.onChange(this);
  }

  async _loop() {
    while (this.playing) {
      try {
        await this._enqueue(async () => {
          if (!this.playing) return;
          const reply = await this.client.request("train", this._viewPayload({epochs: 100000, budget_ms: FRAME_BUDGET_MS}));
          this._show(reply);
        });
      } catch (err) {
        this.pause();
        this.views.notices.show("Training stopped: " + err.message, "error");
      }
      await nextFrame();
    }
  }
}
