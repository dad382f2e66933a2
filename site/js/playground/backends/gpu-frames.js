/*
 * The playground's WebGPU frames: train on the GPU and show the frame, adapt the epochs per frame
 * while playing, and fall back to NumPy (the worker holds the parameters after every frame) on
 * any GPU failure. `pg` is the Playground.
 */
const GPU_FRAME_MS = 30; // aim each frame's train + draw at this many ms

/** Train `epochs` on WebGPU and show the frame; returns the ms it took, or 0 after a fallback. */
export async function gpuFrame(pg, epochs) {
  try {
    const t = performance.now();
    const reply = await pg.backends.trainFrame(epochs);
    pg._show(reply, true);
    pg._paint(reply, true); // a frame: the settings did not change
    return performance.now() - t;
  } catch (err) {
    await fallBack(pg, err.message);
    return 0;
  }
}

/**
 * One WebGPU frame while playing. Drawing costs a fixed time (read-back of every neuron over
 * the grids), so the epochs per frame grow until training takes at least as long as drawing,
 * and the frame about GPU_FRAME_MS when drawing is cheap (a hardware GPU).
 */
export async function gpuPlayFrame(pg, trainer) {
  if (trainer.drawMs === undefined) {
    trainer.drawMs = Math.max(0.1, await gpuFrame(pg, 0)); // a frame that only draws
    return;
  }
  const ms = await gpuFrame(pg, pg.gpuEpochs);
  if (ms <= 0) return;
  const perEpoch = Math.max(0.01, (ms - trainer.drawMs) / pg.gpuEpochs);
  const target = Math.max(GPU_FRAME_MS, 2 * trainer.drawMs);
  const epochs = Math.round((target - trainer.drawMs) / perEpoch);
  pg.gpuEpochs = Math.max(1, Math.min(500, 2 * pg.gpuEpochs, epochs));
}

/** Leave WebGPU for NumPy, keeping the state the worker holds (synced after every frame). */
export async function fallBack(pg, why, lost = false) {
  const wasRunning = Boolean(pg.backends.trainer);
  pg.backends.drop(lost);
  if (!wasRunning) {
    pg.backends.failed = why; // do not retry (and re-warn) on every reset; a new backend choice retries
    pg.views.notices.show("WebGPU could not start: " + why + ". Training on NumPy.", "warning");
    return;
  }
  pg.views.notices.show("WebGPU stopped: " + why + ". Training goes on with NumPy from epoch " +
                        pg.stats.epoch + "; nothing was lost.", "warning");
  await pg._show(await pg.client.request("grid", pg._viewPayload({})));
}
