/*
 * Undo for the changes that replace the network: a reset, a rewind, a change of data, features or
 * layers, loading a model, new custom points. Before each, the page's own copy of the session (the
 * autosave record: config, points, loaded model, weights, epoch) is pushed; undo() restores the last
 * one exactly as a reload restores an autosave (engine-recovery.js: resumeSaved).
 */
import {snapshot} from "./autosave.js";

const DEPTH = 10; // records kept

export class UndoStack {
  /**
   * @param {object} ctx  what undo needs of the playground:
   *   session(): object      the page's copy of the session (Playground.session()); model null before the first network
   *   resume(record): Promise<boolean>  restore an autosave record (engine-recovery.js: resumeSaved)
   *   undo(): Promise        the playground's undo() (queued), for the notice's Undo button
   *   clearLoss()            empty the loss chart
   *   changed()              the playground's onChange
   *   notify(message, kind, action)  a notice, optionally with a button {label, run}
   */
  constructor(ctx) {
    this.ctx = ctx;
    this.records = [];
  }

  get size() {
    return this.records.length;
  }

  /** Remember the session before a change that may replace the network. */
  push() {
    const session = this.ctx.session();
    if (!session.model) return; // nothing shown yet: nothing to lose
    this.records.push(JSON.parse(JSON.stringify(snapshot(session, ""))));
    if (this.records.length > DEPTH) this.records.shift();
  }

  /** The change did not happen: forget what push() remembered for it. */
  drop() {
    this.records.pop();
  }

  /** The change replaced the network (`what` it was): offer Undo in a notice if training is lost. */
  announce(what) {
    const {notify, undo} = this.ctx;
    const last = this.records[this.records.length - 1];
    if (!last || last.epoch <= 0) return;
    notify(what + ": the network trained for " + last.epoch + " epochs was replaced.", "info",
           {label: "Undo", run: () => undo().catch((err) => notify(err.message, "error"))});
  }

  /** Restore the last record; inside the playground's queue. Resolves true, or false with nothing to undo. */
  async undo() {
    const record = this.records.pop();
    if (!record) return false;
    this.ctx.clearLoss();
    if (!(await this.ctx.resume(record))) return false;
    this.ctx.changed();
    return true;
  }
}
