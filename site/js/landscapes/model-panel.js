/*
 * One model's landscapes in a column: its numbers, the 3-D surface and contour (random
 * filter-normalized directions), the training path on its PCA plane, the Hessian eigenvalue
 * ratio map and the 1-D curves. Each part loads and draws on its own; a missing or corrupt
 * artifact puts a message in its place and the rest still draws.
 */
import * as plots from "./plots.js";

const SKIP_TEXT = {true: "with skip connections", false: "without skip connections"};
const pct = (v) => (100 * v).toFixed(1) + "%";
const num = (v) => (typeof v === "number" ? (Math.abs(v) >= 0.01 ? v.toFixed(3) : v.toPrecision(2)) : "–");

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

export class ModelPanel {
  /**
   * @param {HTMLElement} root   an empty element to fill
   * @param {object} model       catalog model {id, title, methods: {method: entry}, facts}
   * @param {object} o           {data: LandscapeData, onRendered(id), onError(id, err)}
   */
  constructor(root, model, o) {
    this.root = root;
    this.model = model;
    this.o = o;
    this.plots = [];
    root.classList.add("model-panel");
    const skip = model.facts.skip;
    const heading = el("h3", {class: "panel-heading", id: "heading-" + model.id});
    heading.append(el("span", {class: "model-id"}, model.id), document.createTextNode(" "),
                   el("span", {class: "skip-badge " + (skip ? "with-skip" : "no-skip")},
                      skip === undefined ? "" : SKIP_TEXT[skip]));
    root.append(heading, el("p", {class: "hint model-title"}, model.title));
    this.numbers = el("dl", {class: "numbers", "aria-label": "Numbers for " + model.id});
    root.append(this.numbers);
    this.figures = {};
    const add = (key, title, hint) => {
      const fig = el("figure", {class: "plot-figure plot-" + key});
      const cap = el("figcaption");
      cap.append(el("strong", {}, title), document.createTextNode(" "), el("span", {class: "hint"}, hint));
      const plot = el("div", {class: "plot"});
      fig.append(cap, plot);
      root.append(fig);
      this.figures[key] = {fig, plot};
      return plot;
    };
    add("surface3d", "Loss surface", "drag to turn it; or use the buttons");
    const turn = el("div", {class: "turn-buttons", role: "group", "aria-label": "Turn the 3-D surface of " + model.id});
    for (const [text, deg, name] of [["◀", -30, "Turn left"], ["▶", 30, "Turn right"]]) {
      const b = el("button", {type: "button", "aria-label": name + " (3-D surface of " + model.id + ")"}, text);
      b.addEventListener("click", () => plots.rotate(this.figures.surface3d.plot, deg).catch(() => {}));
      turn.append(b);
    }
    this.figures.surface3d.fig.append(turn);
    add("contour", "Contour", "the same surface from above; the trained model is at (0, 0)");
    add("pca", "Training path", "on the two directions the weights moved along most (PCA)");
    add("hessian", "Curvature", "|λmin/λmax|: blue is convex, orange strongly non-convex");
    add("curves", "1-D curves", "along several random directions");
  }

  async render() {
    const m = this.model.methods;
    await Promise.all([
      this._part("summary", m.summary, (d) => this._numbers(d.meta.metrics || {})),
      this._part("surface", m.surface, async (d) => {
        const z = d.grid.channel("loss");
        const args = {x: d.meta.alphas, y: d.meta.betas, z, name: this.model.id};
        await plots.surface3d(this._plot("surface3d"), args);
        await plots.contour(this._plot("contour"), args);
      }, ["surface3d", "contour"]),
      this._part("pca", m.pca, (d) => {
        const [e1, e2] = d.meta.explained;
        const path = {x: d.meta.path.map((p) => p[0]), y: d.meta.path.map((p) => p[1]),
                      text: d.meta.epochs.map((e) => (e === 0 ? "initial weights" : "after epoch " + e))};
        return plots.contour(this._plot("pca"), {x: d.meta.alphas, y: d.meta.betas, z: d.grid.channel("loss"),
                                                 name: this.model.id + " on its PCA plane", path,
                                                 xTitle: "PC1 (" + pct(e1) + ")", yTitle: "PC2 (" + pct(e2) + ")"});
      }),
      this._part("hessian", m.hessian, (d) => plots.ratioMap(this._plot("hessian"), {
        x: d.meta.alphas, y: d.meta.betas, z: d.grid.channel("ratio"), name: this.model.id,
        mean: d.meta.metrics.eig_ratio_mean})),
      this._part("curves", m.curves, (d) => plots.lines(this._plot("curves"), {
        x: d.meta.alphas, xTitle: "α", yTitle: "loss", log: true,
        series: d.meta.curves.map((c, i) => ({name: "direction " + (i + 1) + " (seed " + c.seed + ")", y: c.loss,
                                               color: ["#0877bd", "#f59322", "#2a9d57", "#7b2cbf", "#c0392b"][i % 5]})),
        name: d.meta.curves.length + " loss curves of " + this.model.id + " along random filter-normalized directions; " +
              "they differ by " + pct(d.meta.metrics.curve_spread) + " on average"})),
    ]);
  }

  _plot(key) {
    const div = this.figures[key].plot;
    this.plots.push(div);
    return div;
  }

  async _part(method, entry, draw, keys = [method]) {
    if (!entry) {
      if (method !== "summary") for (const k of keys) this._message(k, "Not built yet: the manifest has no " + method +
                                                                   " landscape of " + this.model.id + ".", "missing");
      return;
    }
    try {
      await draw(await this.o.data.load(entry));
      this.o.onRendered(entry.id);
    } catch (err) {
      if (method === "summary") this.numbers.replaceChildren(el("p", {class: "artifact-error"}, err.message));
      for (const k of method === "summary" ? [] : keys) this._message(k, err.message, "artifact-error");
      this.o.onError(entry.id, err);
    }
  }

  _message(key, text, cls) {
    const {plot} = this.figures[key];
    plots.purge(plot);
    plot.replaceChildren(el("p", {class: cls}, text));
    plot.removeAttribute("role");
    plot.removeAttribute("aria-label");
  }

  _numbers(m) {
    const rows = [["test accuracy", typeof m.test_accuracy === "number" ? pct(m.test_accuracy) : "–"],
                  ["loss at the centre", num(m.loss_at_origin)], ["roughness", num(m.roughness)],
                  ["mean |λmin/λmax|", num(m.eig_ratio_mean)],
                  ["1-D curves differ by", typeof m.curve_spread === "number" ? pct(m.curve_spread) : "–"],
                  ["PCA explains", Array.isArray(m.pca_explained) ? m.pca_explained.map(pct).join(" + ") : "–"]];
    this.numbers.replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  }

  destroy() {
    for (const div of this.plots) plots.purge(div);
    this.root.replaceChildren();
  }
}
