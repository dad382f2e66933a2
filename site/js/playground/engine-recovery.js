/*
 * What the playground does when its engine worker is lost (see EngineClient): say so, and hand
 * the restarted worker the page's own copy of the session, so nothing is lost:
 * config and custom points (configure), the loaded model as the rewind point (load_model), then
 * the last weights and epoch shown (set_params). The session's shuffle depends only on the seed
 * and the epoch, so training then goes on exactly as it would have. The same steps start the page
 * from an autosave record, and bring back an Undo record.
 *
 * Each function takes `ctx`, an object of what it needs of the playground (built in playground.js).
 */
import * as state from "./state.js";
import {paramsPayload, viewPayload} from "./model-params.js";

/**
 * The worker was lost (`err`); the next request restarts it. Shows the restart, or the end of them.
 * ctx: {started(): boolean (the first network was shown), gaveUp(): Error|null (the client stopped
 * restarting), stopPlaying(), loading (the LoadingView), retryStart(): Promise, changed() (onChange)}
 */
export function engineLost(ctx, err) {
  if (!ctx.started()) return; // start-up failures are shown by _start
  const gaveUp = ctx.gaveUp();
  if (gaveUp) {
    ctx.stopPlaying();
    ctx.loading.fail(gaveUp.message, () => ctx.retryStart());
    ctx.changed();
    return;
  }
  ctx.loading.restarting("Restarting the engine: " + err.message);
}

/*
 * restoreEngine and resumeSaved take `ctx`:
 *   session(): object       the page's copy (Playground.session(): {config, resets, customPoints,
 *                           keptPoints, rewindModel, model, epoch})
 *   adopt(parts)            make `parts` (of config, customPoints, keptPoints, rewindModel, resumed) the playground's
 *   configure(config, resets): Promise  a fresh network on the engine from `config`, shown (Playground._configure)
 *   request(type, payload): Promise     an engine request for a snapshot to draw
 *   show(reply): Promise    take in and draw a snapshot; resolves once drawn
 *   ready()                 the engine is up again: phase "ready", the loading panel says so
 *   lastLoss(): string      why the worker was lost last (EngineClient.lastLoss)
 *   notify(message, kind)   a notice
 */

/** EngineClient's onRestore: bring the new worker to the page's state with `send(type, payload)`. */
export async function restoreEngine(ctx, send) {
  const session = ctx.session();
  const engine = state.toEngineConfig(session.config, session.resets, session.customPoints);
  let reply = await send("configure", viewPayload({config: engine}));
  if (session.rewindModel) reply = await send("load_model", viewPayload({model: session.rewindModel}));
  if (session.model) {
    reply = await send("set_params", viewPayload(paramsPayload(session.model, session.epoch)));
  }
  ctx.ready();
  await ctx.show(reply);
  ctx.notify("The engine stopped (" + ctx.lastLoss() + ") and was restarted; the network was " +
             "restored at epoch " + reply.fields.stats.epoch + ", nothing was lost.", "warning");
}

/**
 * Start from an autosave record (autosave.js) instead of fresh weights: its config and points, its
 * loaded model, its weights and epoch. A record the engine refuses is dropped: start fresh.
 */
export async function resumeSaved(ctx, record) {
  const fresh = ctx.session().config;
  try {
    const config = state.applyPartial(state.defaultConfig(), record.config);
    ctx.adopt({config, customPoints: record.customPoints || null, keptPoints: record.keptPoints || null});
    await ctx.configure(config, Number.isInteger(record.resets) && record.resets >= 0 ? record.resets : 0);
    if (record.rewindModel) {
      await ctx.show(await ctx.request("load_model", {model: record.rewindModel}));
      ctx.adopt({rewindModel: record.rewindModel});
    }
    if (record.model) {
      await ctx.show(await ctx.request("set_params", paramsPayload(record.model, record.epoch)));
    }
  } catch (err) {
    ctx.notify("Your last session could not be restored (" + err.message + "); starting fresh.", "warning");
    ctx.adopt({customPoints: null, keptPoints: null, rewindModel: null});
    await ctx.configure(fresh, 0);
    return false;
  }
  ctx.adopt({resumed: true});
  return true;
}
