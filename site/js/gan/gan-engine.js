/*
 * The GAN page's side of the engine worker (pyplayground/bridge/gan.py): one GAN in the worker,
 * its history (one row per measurement) kept here and extended by every reply, and the views
 * each reply carries. A lost worker is given the same settings again (training restarts).
 */
import {EngineClient} from "../engine-client.js";

export const VIEWS = Object.freeze({grid: 40, samples: 300, manifold: true, gradients: true});
const COLUMNS = ["epoch", "dLoss", "gLoss", "kl", "js", "modesCovered", "modes"];

export class GanEngine {
  /** @param {{onProgress, onLost}} callbacks  start-up progress; onLost(message) after a restart */
  constructor({onProgress, onLost} = {}) {
    this.config = null;     // the worker's GAN settings (complete, as the engine checked them)
    this.history = [];      // [{epoch, dLoss, gLoss, kl, js, modesCovered, modes}]
    this.client = new EngineClient({
      onProgress,
      onRestore: async (send) => {
        if (!this.config) return;
        const reply = await send("gan_configure", {config: this.config, views: VIEWS});
        this._absorb(reply, 0);
        if (onLost) onLost("The engine restarted; training starts again from epoch 0 with the same settings.");
      },
    });
    this.ready = this.client.init();
  }

  /** A new GAN from `config` (partial over the defaults); rejects, keeping the old one, when refused. */
  async configure(config) {
    const reply = await this.client.request("gan_configure", {config, views: VIEWS});
    this.config = reply.fields.config;
    return this._absorb(reply, 0);
  }

  /** Up to `epochs` epochs ("both" | "d" | "g") within `budgetMs`; resolves with the frame. */
  async train(epochs, mode = "both", budgetMs = 30) {
    const since = this.history.length;
    const reply = await this.client.request("gan_train", {epochs, mode, budget_ms: budgetMs, since, views: VIEWS});
    return this._absorb(reply, since);
  }

  /** The views at timeline snapshot `index` (training is not changed). */
  async view(index) {
    const reply = await this.client.request("gan_view", {snapshot: index, since: this.history.length, views: VIEWS});
    return this._absorb(reply, this.history.length);
  }

  /** Training rewound to snapshot `index`. */
  async restore(index) {
    return this._absorb(await this.client.request("gan_restore", {snapshot: index, since: 0, views: VIEWS}), 0);
  }

  _absorb({fields, arrays}, since) {
    this.history.length = Math.min(this.history.length, fields.history_from);
    const rows = arrays.history || new Float32Array(0);
    for (let r = 0; r + COLUMNS.length <= rows.length; r += COLUMNS.length) {
      const row = {};
      COLUMNS.forEach((name, c) => { row[name] = Number.isNaN(rows[r + c]) ? null : rows[r + c]; });
      this.history.push(row);
    }
    return {
      epoch: fields.epoch, dLoss: fields.d_loss, gLoss: fields.g_loss, kl: fields.kl, js: fields.js,
      modesCovered: fields.modes_covered, modes: fields.modes, snapshots: fields.snapshots,
      trained: fields.trained || 0, grid: arrays.d_grid, real: arrays.real, fake: arrays.fake,
      gradients: arrays.gradients, manifold: arrays.manifold, manifoldShape: fields.manifold_shape,
    };
  }
}
