/*
 * The playground's WebGPU frames: train on the GPU and show the frame, adapt the epochs per frame
 * while playing, and fall back to NumPy (the worker holds the parameters after every frame) on
 * any GPU failure.
 */
const GPU_FRAME_MS = 30; // aim each frame's train + draw at this many ms

export class GpuFrames {
  /**
   * @param {object} ctx  what the frames need of the playground:
   *   backends               the BackendManager (trainFrame, trainer, drop, failed)
   *   take(reply)            take in a reply's epoch, losses and network without drawing it
   *   paint(reply)           draw a play frame (its grids included)
   *   show(reply): Promise   take in and draw a snapshot (grids from the grid worker); resolves once drawn
   *   request(type, payload): Promise  an engine request for a snapshot to draw
   *   epoch(): number        the epoch shown
   *   notify(message, kind)  a notice
   */
  constructor(ctx) {
    this.ctx = ctx;
    this.epochs = 1; // epochs per frame while playing, adapted by playFrame
  }

  /** Train `epochs` on WebGPU and show the frame; returns the ms it took, or 0 after a fallback. */
  async frame(epochs) {
    try {
      const t = performance.now();
      const reply = await this.ctx.backends.trainFrame(epochs);
      this.ctx.take(reply);
      this.ctx.paint(reply); // a frame: the settings did not change
      return performance.now() - t;
    } catch (err) {
      await this.fallBack(err.message);
      return 0;
    }
  }

  /**
   * One WebGPU frame of `trainer` while playing. Drawing costs a fixed time (read-back of every
   * neuron over the grids), so the epochs per frame grow until training takes at least as long as
   * drawing, and the frame about GPU_FRAME_MS when drawing is cheap (a hardware GPU).
   */
  async playFrame(trainer) {
    if (trainer.drawMs === undefined) {
      trainer.drawMs = Math.max(0.1, await this.frame(0)); // a frame that only draws
      return;
    }
    const ms = await this.frame(this.epochs);
    if (ms <= 0) return;
    const perEpoch = Math.max(0.01, (ms - trainer.drawMs) / this.epochs);
    const target = Math.max(GPU_FRAME_MS, 2 * trainer.drawMs);
    const epochs = Math.round((target - trainer.drawMs) / perEpoch);
    this.epochs = Math.max(1, Math.min(500, 2 * this.epochs, epochs));
  }

  /** Leave WebGPU for NumPy, keeping the state the worker holds (synced after every frame). */
  async fallBack(why, lost = false) {
    const {backends, notify} = this.ctx;
    const wasRunning = Boolean(backends.trainer);
    backends.drop(lost);
    if (!wasRunning) {
      backends.failed = why; // do not retry (and re-warn) on every reset; a new backend choice retries
      notify("WebGPU could not start: " + why + ". Training on NumPy.", "warning");
      return;
    }
    notify("WebGPU stopped: " + why + ". Training goes on with NumPy from epoch " +
           this.ctx.epoch() + "; nothing was lost.", "warning");
    await this.ctx.show(await this.ctx.request("grid", {}));
  }
}
