/*
 * step(n) in short chunks: NumPy trains in requests of about STEP_CHUNK_MS of worker time (the
 * engine stops a request once its budget has passed), WebGPU in frames of GPU_STEP_CHUNK epochs,
 * so pause() (which cancels `run`) is answered as soon as the chunk in flight lands, and a worker
 * lost on the way is restored at the last chunk shown and trains on from there. Between chunks
 * the epoch and losses update; the heatmaps and weights redraw every REDRAW_MS and at the end.
 */
export const STEP_CHUNK_MS = 12;
export const GPU_STEP_CHUNK = 500;
const REDRAW_MS = 250;

/** A step run for stepInChunks: pause() sets `cancelled`; `stopped` resolves once no chunk is in flight. */
export function newRun() {
  const run = {cancelled: false};
  run.stopped = new Promise((resolve) => { run.stop = resolve; });
  return run;
}

/** Train `n` epochs on the playground `pg` unless `run.cancelled`. */
export async function stepInChunks(pg, n, run) {
  let remaining = n;
  let shown = false; // whether the last reply carried the grids
  let drawn = performance.now();
  try {
    while (remaining > 0 && !run.cancelled) {
      const before = pg.stats.epoch;
      if (pg.backends.trainer) {
        const epochs = Math.min(remaining, GPU_STEP_CHUNK);
        if ((await pg._gpuFrame(epochs)) > 0) {
          remaining -= epochs;
          shown = true;
          continue;
        } // the GPU failed and NumPy took over: go on there
      }
      // The last chunk (judged by the time an epoch took so far) also brings the grids to draw.
      const last = remaining === 1 || (pg.epochMs !== undefined && remaining * pg.epochMs < STEP_CHUNK_MS);
      const draw = last || performance.now() - drawn > REDRAW_MS;
      const payload = {epochs: remaining, budget_ms: STEP_CHUNK_MS};
      const t = performance.now();
      let reply;
      try {
        reply = await pg.client.request("train", draw ? pg._viewPayload(payload) : Object.assign(payload, {include_model: true}));
      } catch (err) {
        if (err.engineLost && !pg.client.gaveUp) continue; // restored at the last chunk shown: go on
        throw err;
      }
      const done = reply.fields.stats.epoch - before;
      if (done > 0) pg.epochMs = (performance.now() - t) / done;
      if (draw) {
        pg._show(reply);
        drawn = performance.now();
      } else {
        pg._show(reply, true);
      }
      shown = draw;
      remaining -= Math.max(done, 0);
      if (reply.fields.diverged || done <= 0) break;
    }
  } finally {
    run.stop();
  }
  if (!shown) pg._show(await pg.client.request("grid", pg._viewPayload({})));
}
