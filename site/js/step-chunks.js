/*
 * step(n) in short chunks: NumPy trains in requests of about WORKER_SLICE_MS of worker time (the
 * engine stops a request once its budget has passed), WebGPU in frames of GPU_STEP_CHUNK epochs,
 * so pause() (which cancels `run`) is answered as soon as the chunk in flight lands, and a worker
 * lost on the way is restored at the last chunk shown and trains on from there. The next chunk is
 * requested before the last one is shown, so the worker trains while the page draws. Between
 * chunks the epoch and losses update; heatmaps and weights redraw every REDRAW_MS and at the end.
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

/** Train `n` epochs on the playground `pg` unless `run.cancelled`. */
export async function stepInChunks(pg, n, run) {
  let shown = false; // whether the last reply shown carried the grids
  try {
    shown = await (pg.backends.trainer ? gpuChunks(pg, n, run) : numpyChunks(pg, n, run));
  } finally {
    run.stop();
  }
  if (!shown) pg._show(await pg.client.request("grid", pg._viewPayload({})));
}

async function gpuChunks(pg, n, run) {
  let remaining = n;
  while (remaining > 0 && !run.cancelled) {
    const epochs = Math.min(remaining, GPU_STEP_CHUNK);
    if ((await pg._gpuFrame(epochs)) <= 0) return numpyChunks(pg, remaining, run); // fell back: go on there
    remaining -= epochs;
  }
  return true;
}

async function numpyChunks(pg, n, run) {
  const target = pg.stats.epoch + n;
  let drawn = performance.now();
  let shown = false;
  const send = (from) => {
    const remaining = target - from;
    // The last chunk (judged by the time an epoch took so far) also brings the grids to draw.
    const last = remaining === 1 || (pg.epochMs !== undefined && remaining * pg.epochMs < WORKER_SLICE_MS);
    const draw = last || performance.now() - drawn > REDRAW_MS;
    const payload = {epochs: remaining, budget_ms: WORKER_SLICE_MS};
    const sent = performance.now();
    const reply = pg.client.request("train", draw ? pg._viewPayload(payload) : Object.assign(payload, {include_params: true}));
    reply.catch(() => {}); // handled where it is awaited
    return {reply, draw, from, sent};
  };
  let chunk = send(pg.stats.epoch);
  while (chunk) {
    let reply;
    try {
      reply = await chunk.reply;
    } catch (err) {
      if (!err.engineLost || pg.client.gaveUp) throw err;
      // Restored at the last chunk shown: go on from there (unless paused meanwhile).
      chunk = !run.cancelled && pg.stats.epoch < target ? send(pg.stats.epoch) : null;
      continue;
    }
    const epoch = reply.fields.stats.epoch;
    const done = epoch - chunk.from;
    if (done > 0) pg.epochMs = (performance.now() - chunk.sent) / done;
    const more = epoch < target && done > 0 && !reply.fields.diverged && !run.cancelled;
    const current = chunk;
    chunk = more ? send(epoch) : null; // the worker trains on while this chunk is shown
    pg._show(reply, !current.draw);
    if (current.draw) drawn = performance.now();
    shown = current.draw;
  }
  return shown;
}
