/*
 * step(n) in short chunks: NumPy trains in requests of at most about WORKER_SLICE_MS of worker time
 * (the engine starts an epoch only if it would end within the budget), WebGPU in frames of GPU_STEP_CHUNK epochs,
 * so pause() (which cancels `run`) is answered as soon as the chunk in flight lands, and a worker
 * lost on the way is restored at the last chunk shown and trains on from there. The next chunk is
 * requested before the last one is shown, so the worker trains while the page draws. Between
 * chunks the epoch and losses update; heatmaps and weights redraw every REDRAW_MS and at the end,
 * their grids evaluated by the grid worker from the chunk's parameters.
 */
import {WORKER_SLICE_MS} from "./player.js";

export const GPU_STEP_CHUNK = 500;
const REDRAW_MS = 250;

/** A step run for stepInChunks: pause() sets `cancelled`; `stopped` resolves once no chunk is in flight. */
export function newRun() {
  const run = {cancelled: false};
  run.stopped = new Promise((resolve) => { run.stop = resolve; });
  return run;
}

/**
 * Train `n` epochs unless `run.cancelled`. `ctx`, what stepping needs of the playground:
 *   onGpu(): boolean          whether WebGPU trains (else the NumPy worker)
 *   gpuFrame(epochs): Promise<number>  train and draw one WebGPU frame: ms it took, or 0 after a fallback to NumPy
 *   epoch(): number           the epoch shown
 *   request(type, payload): Promise  an engine request for a snapshot to draw
 *   gaveUp(): Error|null      the engine client stopped restarting its worker
 *   show(reply, light): Promise  take in a reply, and unless `light` draw it; resolves once drawn
 */
export async function stepInChunks(ctx, n, run) {
  let shown = false; // whether the last reply taken in was drawn
  try {
    shown = await (ctx.onGpu() ? gpuChunks(ctx, n, run) : numpyChunks(ctx, n, run));
  } finally {
    run.stop();
  }
  if (!shown) await ctx.show(await ctx.request("grid", {}));
}

async function gpuChunks(ctx, n, run) {
  let remaining = n;
  while (remaining > 0 && !run.cancelled) {
    const epochs = Math.min(remaining, GPU_STEP_CHUNK);
    if ((await ctx.gpuFrame(epochs)) <= 0) return numpyChunks(ctx, remaining, run); // fell back: go on there
    remaining -= epochs;
  }
  return true;
}

async function numpyChunks(ctx, n, run) {
  const target = ctx.epoch() + n;
  let drawn = performance.now();
  let shown = false; // whether the last reply taken in was drawn
  const send = (from) => {
    const reply = ctx.request("train", {epochs: target - from, budget_ms: WORKER_SLICE_MS});
    reply.catch(() => {}); // handled where it is awaited
    return {reply, from};
  };
  let chunk = send(ctx.epoch());
  while (chunk) {
    let reply;
    try {
      reply = await chunk.reply;
    } catch (err) {
      if (!err.engineLost || ctx.gaveUp()) throw err;
      // Restored at the last chunk shown: go on from there (unless paused meanwhile).
      chunk = !run.cancelled && ctx.epoch() < target ? send(ctx.epoch()) : null;
      continue;
    }
    const epoch = reply.fields.stats.epoch;
    const more = epoch < target && epoch > chunk.from && !reply.fields.diverged && !run.cancelled;
    chunk = more ? send(epoch) : null; // the worker trains on while this chunk is shown
    // The last chunk is drawn, and one every REDRAW_MS on the way (its grids from the grid worker).
    shown = !more || performance.now() - drawn > REDRAW_MS;
    if (run.cancelled) run.stop(); // pause() answers now, before this last chunk's grids and draw
    await ctx.show(reply, !shown);
    if (shown) drawn = performance.now();
  }
  return shown;
}
