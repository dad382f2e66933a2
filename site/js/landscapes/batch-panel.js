/*
 * Small batch against large batch (Li et al. 2018, sections 3-4): the straight line between
 * the two solutions, and 1-D curves of both along one random direction normalized per filter,
 * per layer and not at all, the comparison that shows why the paper normalizes by filter.
 */
import * as plots from "./plots.js";

const BLUE = "#0877bd";
const ORANGE = "#f59322";

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

export class BatchPanel {
  /** @param {object} o {interpolation, normalization: entries or undefined; data, onRendered, onError} */
  constructor(root, o) {
    this.root = root;
    this.o = o;
    this.plots = [];
  }

  async render() {
    await Promise.all([this._interpolation(), this._normalization()]);
  }

  _area(cls) {
    const div = el("div", {class: "plot " + cls});
    this.root.querySelector("." + cls + "-slot").replaceChildren(div);
    this.plots.push(div);
    return div;
  }

  async _guard(entry, slot, draw) {
    const target = this.root.querySelector("." + slot + "-slot");
    if (!entry) {
      target.replaceChildren(el("p", {class: "missing"}, "Not built yet: the manifest has no " + slot + " landscape."));
      return;
    }
    try {
      await draw(await this.o.data.load(entry));
      this.o.onRendered(entry.id);
    } catch (err) {
      target.replaceChildren(el("p", {class: "artifact-error"}, err.message));
      this.o.onError(entry.id, err);
    }
  }

  _interpolation() {
    return this._guard(this.o.interpolation, "interpolation", async ({meta}) => {
      const [a, b] = meta.models;
      await plots.lines(this._area("interpolation"), {
        x: meta.alphas, xTitle: "α  (0: " + a + ", 1: " + b + ")", yTitle: "loss", log: true, legend: true, marks: [0, 1],
        series: [{name: "training loss", y: meta.train_loss, color: BLUE},
                 {name: "test loss", y: meta.test_loss, color: ORANGE, dash: "dash"}],
        name: "Loss along the straight line from " + a + " (α = 0) to " + b + " (α = 1): training loss " +
              meta.metrics.loss_at_origin.toFixed(3) + " and " + meta.metrics.loss_at_one.toFixed(3) + " at the ends, " +
              meta.metrics.max_loss_between.toFixed(3) + " at most between them"});
      await plots.lines(this._area("interpolation-acc"), {
        x: meta.alphas, xTitle: "α", yTitle: "accuracy", legend: true, marks: [0, 1],
        series: [{name: "training accuracy", y: meta.train_accuracy, color: BLUE},
                 {name: "test accuracy", y: meta.test_accuracy, color: ORANGE, dash: "dash"}],
        name: "Accuracy along the same line"});
    });
  }

  _normalization() {
    return this._guard(this.o.normalization, "normalization", async ({meta}) => {
      const slot = this.root.querySelector(".normalization-slot");
      slot.replaceChildren();
      const [small, large] = meta.results;
      for (const norm of meta.normalizations) {
        const fig = el("figure", {class: "plot-figure"});
        const ratio = meta.metrics["sharpness_ratio_" + norm];
        const cap = el("figcaption");
        cap.append(el("strong", {}, {filter: "Filter-normalized", layer: "Layer-normalized", none: "Not normalized"}[norm]),
                   document.createTextNode(" "),
                   el("span", {class: "hint"}, typeof ratio === "number"
                     ? "the large-batch curve is " + ratio.toFixed(1) + "× as sharp at the centre" : ""));
        const div = el("div", {class: "plot small-plot"});
        fig.append(cap, div);
        slot.append(fig);
        this.plots.push(div);
        await plots.lines(div, {
          x: meta.alphas, xTitle: "α", yTitle: "loss", log: true, legend: true,
          series: [{name: small.model, y: small.curves[norm].loss, color: BLUE},
                   {name: large.model, y: large.curves[norm].loss, color: ORANGE, dash: "dash"}],
          name: (norm === "none" ? "Unnormalized" : norm + "-normalized") + " 1-D loss curves of " + small.model +
                " and " + large.model + (typeof ratio === "number" ? "; sharpness ratio " + ratio.toFixed(2) : "")});
      }
    });
  }

  destroy() {
    for (const div of this.plots) plots.purge(div);
  }
}
