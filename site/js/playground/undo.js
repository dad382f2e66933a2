/*
 * Undo for the changes that replace the network: a reset, a rewind, a change of data, features or
 * layers, loading a model, new custom points. Before each, the page's own copy of the session (the
 * autosave record: config, points, loaded model, weights, epoch) is pushed; undo() restores the last
 * one exactly as a reload restores an autosave (engine-recovery.js: resumeSaved).
 */
import {snapshot} from "./autosave.js";
import {resumeSaved} from "./engine-recovery.js";

const DEPTH = 10; // records kept

export class UndoStack {
  constructor(pg) {
    this.pg = pg;
    this.records = [];
  }

  get size() {
    return this.records.length;
  }

  /** Remember the session before a change that may replace the network. */
  push() {
    const pg = this.pg;
    if (!pg.saved) return; // nothing shown yet: nothing to lose
    this.records.push(JSON.parse(JSON.stringify(snapshot(pg, ""))));
    if (this.records.length > DEPTH) this.records.shift();
  }

  /** The change did not happen: forget what push() remembered for it. */
  drop() {
    this.records.pop();
  }

  /** The change replaced the network (`what` it was): offer Undo in a notice if training is lost. */
  announce(what) {
    const pg = this.pg;
    const last = this.records[this.records.length - 1];
    if (!last || last.epoch <= 0) return;
    pg.views.notices.show(what + ": the network trained for " + last.epoch + " epochs was replaced.", "info",
                          {label: "Undo", run: () => pg.undo().catch((err) => pg.views.notices.show(err.message, "error"))});
  }

  /** Restore the last record; inside the playground's queue. Resolves true, or false with nothing to undo. */
  async undo() {
    const record = this.records.pop();
    if (!record) return false;
    const pg = this.pg;
    pg.views.loss.clear();
    if (!(await resumeSaved(pg, record))) return false;
    pg.onChange(pg);
    return true;
  }
}
