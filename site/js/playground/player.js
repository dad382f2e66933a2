/*
 * The play loop. On NumPy the engine's worker only trains: each request trains for WORKER_SLICE_MS
 * and returns the losses and the parameters (float64, exact). The next request is sent before a reply is
 * handled, so the worker never waits for the page; the grid worker (grid/grid-client.js) evaluates
 * the newest parameters over the grids and the page draws them at the next animation frame. Every
 * other snapshot the page draws (a reset, a step, a setting) takes its grids from there too (withGrids).
 * Training, grids and drawing run in a pipeline, so none waits for the others. On WebGPU a frame
 * trains and reads back its grids on the GPU (backends/gpu-frames.js).
 */
import {LIMITS} from "../generated/vocabulary.js";
import {GridClient} from "./grid/grid-client.js";
import {GRID_RESOLUTION, NEURON_RESOLUTION} from "./renderer.js";
import {atNextFrame, oncePerFrame} from "./views/next-frame.js";

// Worker time per train request, playing or stepping: several epochs per frame, and a pause answered within it.
export const WORKER_SLICE_MS = 12;


function nextFrame() {
  return new Promise((resolve) => atNextFrame(resolve));
}

export class Player {
  /**
   * @param {object} ctx  what the loop needs of the playground:
   *   client                 the EngineClient: request(type, payload), gaveUp
   *   enqueue(fn, {settle}): Promise  run fn in the playground's queue of operations
   *   playing(): boolean     whether to go on playing
   *   pause()                stop playing (after an error)
   *   gpuTrainer(): object|null  the WebGPU trainer while WebGPU trains, else null
   *   gpuPlayFrame(trainer): Promise  one WebGPU play frame (backends/gpu-frames.js)
   *   take(reply)            take in a frame's epoch, losses and network without drawing it
   *   paint(reply)           draw a play frame (its grids included)
   *   notify(message, kind)  a notice
   */
  constructor(ctx) {
    this.ctx = ctx;
    this.grids = new GridClient({resolution: GRID_RESOLUTION, neuronResolution: NEURON_RESOLUTION});
    this.grids.warm(); // every snapshot the page draws takes its grids from there, the first one too
    this.ready = null;      // a play frame with its grids, waiting for the next animation frame
    this.drawSoon = oncePerFrame(() => this.drawReady());
    this.loopId = 0;
    this.next = null;       // the train request already sent for the next frame
  }

  /** Play until ctx.playing() turns false (or another start replaces this loop). */
  async start() {
    const ctx = this.ctx;
    const id = ++this.loopId; // a quick pause + play must not leave two loops running
    while (ctx.playing() && id === this.loopId) {
      try {
        // The loop's own requests skip settle(): the grids of the last frame may still be in flight.
        await ctx.enqueue(() => this._frame(id), {settle: false});
      } catch (err) {
        // A lost worker is restarted and restored by the next request: play on.
        if (!err.engineLost || ctx.client.gaveUp) {
          ctx.pause();
          ctx.notify("Training stopped: " + err.message, "error");
        }
      }
      if (ctx.gpuTrainer()) await nextFrame(); // the NumPy path never waits: its draws are scheduled
    }
  }

  async _frame(id) {
    const ctx = this.ctx;
    if (!ctx.playing() || id !== this.loopId) return;
    const trainer = ctx.gpuTrainer();
    if (trainer) {
      await ctx.gpuPlayFrame(trainer);
      return;
    }
    const current = this.next || this._train();
    this.next = this._train(); // the worker starts on it as soon as it has answered `current`
    this._take(await current);
  }

  _train() {
    const request = this.ctx.client.request("train", {epochs: LIMITS.epochs, budget_ms: WORKER_SLICE_MS, include_params: true});
    request.catch(() => {}); // a lost worker is handled where the request is awaited
    return request;
  }

  /** The epoch, losses and the page's copy of the weights at once; the heatmaps once their grids are in. */
  _take(reply) {
    this.ctx.take(reply);
    this._gridsThenDraw(reply);
  }

  _gridsThenDraw(reply) {
    this.withGrids(reply).then((ready) => {
      if (!ready) return; // a newer frame replaced it before its turn
      this.ready = ready;
      this.drawSoon();
    }, (err) => this.ctx.notify(err.message, "error"));
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
    if (reply) this.ctx.paint(reply);
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
      if (reply && reply.fields.diverged && !this.ctx.playing()) delete reply.fields.diverged; // said once already
      if (reply) this._take(reply);
    }
    await this.grids.idle();
    this.drawReady();
  }
}
