/*
 * Live relevance: draw a digit (or pick a held-out test digit from the keyboard) and the
 * chosen model explains it in the worker's Pyodide: every method's heatmap and the class
 * scores, updated as you draw. The explained class is the predicted one, or any class you
 * pick ("why a 9 and not a 4?": pick 4). The pad, the picker and the scheduling (at most one
 * request in flight; strokes made meanwhile are explained as soon as it lands) are the digit
 * pages' LiveInput; this file adds the model and class pickers and the heatmaps.
 */
import {LiveInput} from "../digits/live-input.js";
import {ProbabilityBars} from "../digits/probability-bars.js";
import {SIDE} from "../digits/mnist-preprocess.js";
import {drawSigned, peak} from "../charts/pixel-maps.js";
import {heatmapCanvas} from "./heatmap.js";
import {methodDescription, methodLabel} from "./methods.js";

export class LiveRelevance {
  /**
   * @param {object} els  {pad, preview, clear, model, digit, prev, next, target (fieldset of radios),
   *                       bars, grid, status}
   * @param {object} deps {engine: RelevanceEngine, manifest, models: [entry], report(Error)}
   */
  constructor(els, {engine, manifest, models, report}) {
    Object.assign(this, {els, engine, manifest, models, report});
    this.last = null;         // {modelId, pixels, target, predicted, probabilities, heatmaps, ms, pythonMs, source}
    this.cells = new Map();   // method -> {canvas, caption}
    this.bars = new ProbabilityBars(els.bars);
    this.input = new LiveInput(els, {run: (pixels, source) => this._explain(pixels, source), report,
                                     onClear: () => this._cleared()});
    for (const entry of models) els.model.add(new Option(entry.title, entry.id));
    els.model.value = (models.find((m) => m.id === "cnn-small") || models[0]).id;
    els.model.addEventListener("change", () => this.setModel(els.model.value).catch(report));
    els.target.addEventListener("change", () => { if (!this.input.empty) this.input.schedule(); });
  }

  get modelId() {
    return this.els.model.value;
  }

  /** The class to explain: null for the predicted one. */
  get target() {
    const checked = this.els.target.querySelector("input:checked");
    return checked && checked.value !== "auto" ? Number(checked.value) : null;
  }

  setTarget(target) {
    const value = target === null || target === undefined ? "auto" : String(target);
    const input = this.els.target.querySelector("input[value='" + value + "']");
    if (!input) throw new Error("target must be null or a class 0-9, got " + JSON.stringify(target));
    input.checked = true;
    if (!this.input.empty) this.input.schedule();
  }

  async setModel(id) {
    this.els.model.value = id;
    const entry = this.models.find((m) => m.id === id);
    this._status("Loading " + entry.title + "\u2026");
    await this.engine.load(this.manifest, entry);
    // A first explanation prepares the model in the worker (BatchNorm merged, LRP's modified
    // layers built), so the first digit drawn is explained as fast as the rest.
    await this.engine.explain(id, new Float32Array(SIDE * SIDE));
    this._status(entry.title + " is ready. Draw a digit, or pick a test digit.");
    if (!this.input.empty) this.input.schedule();
  }

  setTestDigits(digits) {
    this.input.setTestDigits(digits);
  }

  /** Show test digit `i` (of the sample) on the pad and explain it. */
  pickTestDigit(i) {
    this.input.pickTestDigit(i);
  }

  /** Explain a 28x28 image (784 numbers in [0, 1]) as it is, shown on the pad. */
  showImage(pixels) {
    this.input.showImage(pixels);
  }

  currentPixels() {
    return this.input.currentPixels();
  }

  schedule() {
    this.input.schedule();
  }

  /** LiveInput's run: explain `pixels` for the chosen class with every method. */
  async _explain(pixels, source) {
    const modelId = this.modelId;
    const target = this.target;
    const entry = this.models.find((m) => m.id === modelId);
    await this.engine.load(this.manifest, entry);
    const r = await this.engine.explain(modelId, pixels, {target});
    this.last = Object.assign({modelId, pixels: Array.from(pixels), source, requested: target}, r);
    this._draw(r);
    const p = r.probabilities;
    this._status("The " + source + " looks like a " + r.predicted + " (" + (100 * p[r.predicted]).toFixed(1) +
                 "%) to " + entry.title + ". Explaining " + (target === null ? "that prediction" :
                 "class " + r.target + " (" + (100 * p[r.target]).toFixed(1) + "%)") + ": " +
                 r.methods.length + " heatmaps in " + r.ms.toFixed(0) + " ms.");
  }

  _draw(r) {
    this.bars.update(r.probabilities);
    for (const method of r.methods) {
      const cell = this._cell(method);
      const values = r.heatmaps[method];
      drawSigned(cell.canvas, values, SIDE);
      cell.canvas.setAttribute("aria-label", methodLabel(method) + " heatmap for class " + r.target +
                               (peak(values) > 0 ? "" : " (all zero)"));
    }
    this.els.grid.dataset.target = String(r.target);
  }

  _cell(method) {
    if (!this.cells.has(method)) {
      const figure = document.createElement("figure");
      figure.className = "heatmap-cell";
      figure.title = methodDescription(method);
      const canvas = heatmapCanvas(methodLabel(method) + " heatmap");
      const caption = document.createElement("figcaption");
      caption.textContent = methodLabel(method);
      figure.append(canvas, caption);
      figure.dataset.method = method;
      this.els.grid.appendChild(figure);
      this.cells.set(method, {canvas, caption});
    }
    return this.cells.get(method);
  }

  _cleared() {
    this.last = null;
    this.input.showPreview(new Float32Array(SIDE * SIDE));
    this.bars.update(null);
    for (const {canvas} of this.cells.values()) drawSigned(canvas, new Float32Array(SIDE * SIDE));
    this._status("Draw a digit, or pick a test digit.");
  }

  _status(text) {
    this.els.status.textContent = text;
  }
}
