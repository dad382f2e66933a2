/*
 * The play loop. On NumPy the engine's worker only trains: each request trains for WORKER_SLICE_MS
 * and returns the losses and the parameters (float64, exact). The next request is sent before a reply is
 * handled, so the worker never waits for the page; the grid worker (grid/grid-client.js) evaluates
 * the newest parameters over the grids and the page draws them at the next animation frame. Every
 * other snapshot the page draws (a reset, a step, a setting) takes its grids from there too (withGrids).
 * Training, grids and drawing run in a pipeline, so none waits for the others. On WebGPU a frame
 * trains and reads back its grids on the GPU (gpu-frames.js).
 */
import {LIMITS} from "../generated/vocabulary.js";
import {gpuPlayFrame} from "./backends/gpu-frames.js";
import {GridClient} from "./grid/grid-client.js";
import {GRID_RESOLUTION, NEURON_RESOLUTION} from "./renderer.js";
import {atNextFrame, oncePerFrame} from "./views/next-frame.js";

// Worker time per train request, playing or stepping: several epochs per frame, and a pause answered within it.
export const WORKER_SLICE_MS = 12;


function nextFrame() {
  return new Promise((resolve) => atNextFrame(resolve));
}

export class Player {
  constructor(pg) {
    this.pg = pg;
    this.grids = new GridClient({resolution: GRID_RESOLUTION, neuronResolution: NEURON_RESOLUTION});
    this.grids.warm(); // every snapshot the page draws takes its grids from there, the first one too
    this.ready = null;      // a play frame with its grids, waiting for the next animation frame
    this.drawSoon = oncePerFrame(() => this.drawReady());
    this.loopId = 0;
    this.next = null;       // the train request already sent for the next frame
  }

  /** Play until pg.playing turns false (or another start replaces this loop). */
  async start() {
    const pg = this.pg;
    const id = ++this.loopId; // a quick pause + play must not leave two loops running
    while (pg.playing && id === this.loopId) {
      try {
        // The loop's own requests skip settle(): the grids of the last frame may still be in flight.
        await pg._enqueue(() => this._frame(id), {settle: false});
      } catch (err) {
        // A lost worker is restarted and restored by the next request: play on.
        if (!err.engineLost || pg.client.gaveUp) {
          pg.pause();
          pg.views.notices.show("Training stopped: " + err.message, "error");
        }
      }
      if (pg.backends.trainer) await nextFrame(); // the NumPy path never waits: its draws are scheduled
    }
  }

  async _frame(id) {
    const pg = this.pg;
    if (!pg.playing || id !== this.loopId) return;
    if (pg.backends.trainer) {
      await gpuPlayFrame(pg, pg.backends.trainer);
      return;
    }
    const current = this.next || this._train();
    this.next = this._train(); // the worker starts on it as soon as it has answered `current`
    this._take(await current);
  }

  _train() {
    const request = this.pg.client.request("train", {epochs: LIMITS.epochs, budget_ms: WORKER_SLICE_MS, include_params: true});
    request.catch(() => {}); // a lost worker is handled where the request is awaited
    return request;
  }

  /** The epoch, losses and the page's copy of the weights at once; the heatmaps once their grids are in. */
  _take(reply) {
    this.pg._show(reply, true);
    this._gridsThenDraw(reply);
  }

  _gridsThenDraw(reply) {
    this.withGrids(reply).then((ready) => {
      if (!ready) return; // a newer frame replaced it before its turn
      this.ready = ready;
      this.drawSoon();
    }, (err) => this.pg.views.notices.show(err.message, "error"));
  }

  /**
   * `reply` (an engine reply with include_params) with the grid worker's grids of its parameters
   * added, as the renderer draws them; null if a newer frame took its turn first.
   */
  async withGrids(reply) {
    const grids = await this.grids.evaluate(reply.fields.network, reply.arrays.params);
    if (!grids) return null;
    reply.arrays.grid = grids.grid;
    if (grids.scores) reply.arrays.grid_scores = grids.scores;
    reply.arrays.neurons = grids.neurons;
    reply.fields.neuron_layout = grids.layout;
    return reply;
  }

  /** Draw the play frame waiting for its animation frame, if any. */
  drawReady() {
    const reply = this.ready;
    this.ready = null;
    if (reply) this.pg._paint(reply, true);
  }

  /** Before any other operation: let the frames in flight land and draw the newest. */
  async settle() {
    const next = this.next;
    this.next = null;
    if (next) {
      let reply = null;
      try {
        reply = await next;
      } catch (err) {
        // Lost with its worker: the restarted one holds the last frame shown.
      }
      if (reply && reply.fields.diverged && !this.pg.playing) delete reply.fields.diverged; // said once already
      if (reply) this._take(reply);
    }
    await this.grids.idle();
    this.drawReady();
  }
}
