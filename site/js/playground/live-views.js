/*
 * The playground's optional live views that the worker computes on request, apart from the
 * frames: the loss landscape (Li et al. 2018) and the diagram's LRP relevance. Each is a
 * view setting (state.js: landscape, relevance; "off" = not shown). After every redraw the
 * playground calls queue(): a view that is on asks the worker again at once when paused, and
 * while playing at most every `interval` ms and at most `share` of the time (a bigger network
 * waits longer), so the frame rate stays close to what it is without them. Either backend
 * works: the worker holds the weights after every frame.
 */
import {GRID_RESOLUTIONS} from "../generated/vocabulary.js";
import {scaleRows} from "./views/relevance-display.js";

const LANDSCAPE_RESOLUTION = GRID_RESOLUTIONS.landscape;   // cells per side of the live loss landscape

const SPECS = {
  landscape: {
    interval: 500, share: 0.1, what: "The loss landscape",
    payload: (ctx) => ({landscape: {resolution: LANDSCAPE_RESOLUTION, directions: ctx.config().landscape}}),
    read: (reply) => ({info: reply.fields.landscape, loss: reply.arrays.landscape, path: reply.arrays.landscape_path}),
    show: (ctx, data) => ctx.views.landscape && (data ? ctx.views.landscape.set(data.info, data.loss, data.path)
                                                      : ctx.views.landscape.clear()),
    copy: (d) => ({info: Object.assign({}, d.info), loss: Array.from(d.loss), path: Array.from(d.path)}),
  },
  relevance: {
    interval: 150, share: 0.2, what: "The relevance",
    payload: (ctx, views) => ({relevance: Object.assign({method: ctx.config().relevance, resolution: ctx.neuronResolution()},
                                                         views.point ? {point: views.point} : {})}),
    read: (reply) => {
      const info = reply.fields.relevance;
      const grids = reply.arrays.relevance;
      return {info, grids, scaled: scaleRows(grids, info.resolution * info.resolution),
              atPoint: reply.arrays.relevance_point || null};
    },
    show: (ctx) => ctx.redraw(),
    copy: (d) => ({info: JSON.parse(JSON.stringify(d.info)), grids: Array.from(d.grids),
                   atPoint: d.atPoint ? Array.from(d.atPoint) : null}),
  },
};

export class LiveViews {
  /**
   * @param {object} ctx  what the live views need of the playground:
   *   config(): object       the settings (landscape, relevance: "off" or what to show)
   *   playing(): boolean     whether it plays (refreshes are then spaced out)
   *   neuronResolution(): number  cells per side of the relevance grids
   *   enqueue(fn): Promise   run fn in the playground's queue of operations
   *   request(type, payload): Promise  an engine request
   *   views                  the page's views (landscape, if the page has one)
   *   redraw()               draw again from what was drawn last (the relevance is drawn there)
   *   notify(message, kind)  a notice
   */
  constructor(ctx) {
    this.ctx = ctx;
    this.point = null; // [x1, x2]: the input-plane point the relevance view explains, or null
    this.kinds = {};
    for (const kind of Object.keys(SPECS)) this.kinds[kind] = {at: -Infinity, ms: 0, queued: false, data: null};
  }

  on(kind) {
    return this.ctx.config()[kind] !== "off";
  }

  /** The last data of `kind` as plain arrays, or null while it is off. */
  snapshot(kind) {
    const data = this.kinds[kind].data;
    return data && this.on(kind) ? SPECS[kind].copy(data) : null;
  }

  data(kind) {
    return this.on(kind) ? this.kinds[kind].data : null;
  }

  /** After a redraw: queue a refresh of every view that is on and due (`force`: due now). */
  queue(force = false) {
    const now = performance.now();
    for (const [kind, s] of Object.entries(this.kinds)) {
      const spec = SPECS[kind];
      if (!this.on(kind) || s.queued) continue;
      if (!force && this.ctx.playing() && now - s.at < Math.max(spec.interval, s.ms / spec.share)) continue;
      s.queued = true;
      this.ctx.enqueue(() => this.refresh(kind)).catch((err) => {
        s.queued = false;
        this.ctx.notify(spec.what + " could not be computed: " + err.message, "warning");
      });
    }
  }

  /** Ask the worker for `kind` now (inside the playground's queue) and show it; clears it when off. */
  async refresh(kind) {
    const s = this.kinds[kind];
    const spec = SPECS[kind];
    s.queued = false;
    if (!this.on(kind)) {
      s.data = null;
      spec.show(this.ctx, null);
      return;
    }
    s.at = performance.now();
    const reply = await this.ctx.request("grid", spec.payload(this.ctx, this));
    s.ms = performance.now() - s.at;
    s.data = spec.read(reply);
    spec.show(this.ctx, s.data);
  }

  /** Refresh every view that is on (inside the playground's queue). */
  async refreshAll() {
    for (const kind of Object.keys(SPECS)) {
      if (this.on(kind)) await this.refresh(kind);
    }
  }

  /** Refresh every view whose setting differs between `before` and `after` (config objects). */
  async changed(before, after) {
    for (const kind of Object.keys(SPECS)) {
      if (before[kind] !== after[kind]) await this.refresh(kind);
    }
  }
}
