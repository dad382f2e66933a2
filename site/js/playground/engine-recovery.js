/*
 * What the playground does when its engine worker is lost (see EngineClient): say so, and hand
 * the restarted worker the page's own copy of the session, so nothing is lost:
 * config and custom points (configure), the loaded model as the rewind point (load_model), then
 * the last weights and epoch shown (set_params). The session's shuffle depends only on the seed
 * and the epoch, so training then goes on exactly as it would have.
 */
import * as state from "./state.js";
import {paramsPayload} from "./model-params.js";

/** The worker was lost (`err`); the next request restarts it. Shows the restart, or the end of them. */
export function engineLost(pg, err) {
  if (!pg.started) return; // start-up failures are shown by _start
  if (pg.client.gaveUp) {
    pg.playing = false;
    pg.views.loading.fail(pg.client.gaveUp.message, () => pg.retryStart());
    pg.onChange(pg);
    return;
  }
  pg.views.loading.restarting("Restarting the engine: " + err.message);
}

/** EngineClient's onRestore: bring the new worker to the page's state with `send(type, payload)`. */
export async function restoreEngine(pg, send) {
  const engine = state.toEngineConfig(pg.config, pg.resets, pg.customPoints);
  let reply = await send("configure", pg._viewPayload({config: engine}));
  if (pg.rewindModel) reply = await send("load_model", pg._viewPayload({model: pg.rewindModel}));
  if (pg.saved) {
    reply = await send("set_params", pg._viewPayload(paramsPayload(pg.saved.model, pg.saved.epoch)));
  }
  pg.phase = "ready";
  pg.views.loading.progress({phase: "ready"});
  await pg._show(reply);
  pg.views.notices.show("The engine stopped (" + pg.client.lastLoss + ") and was restarted; the network was " +
                        "restored at epoch " + reply.fields.stats.epoch + ", nothing was lost.", "warning");
}

/**
 * Start from an autosave record (autosave.js) instead of fresh weights: its config and points, its
 * loaded model, its weights and epoch. A record the engine refuses is dropped: start fresh.
 */
export async function resumeSaved(pg, record) {
  const fresh = pg.config;
  try {
    pg.config = state.applyPartial(state.defaultConfig(), record.config);
    pg.customPoints = record.customPoints || null;
    pg.keptPoints = record.keptPoints || null;
    await pg._configure(pg.config, Number.isInteger(record.resets) && record.resets >= 0 ? record.resets : 0);
    if (record.rewindModel) {
      await pg._show(await pg.client.request("load_model", pg._viewPayload({model: record.rewindModel})));
      pg.rewindModel = record.rewindModel;
    }
    if (record.model) {
      await pg._show(await pg.client.request("set_params", pg._viewPayload(paramsPayload(record.model, record.epoch))));
    }
  } catch (err) {
    pg.views.notices.show("Your last session could not be restored (" + err.message + "); starting fresh.", "warning");
    pg.customPoints = pg.keptPoints = pg.rewindModel = null;
    await pg._configure(fresh, 0);
    return false;
  }
  pg.resumed = true;
  return true;
}
