/*
 * Live relevance: draw a digit (or pick a held-out test digit from the keyboard) and the
 * chosen model explains it in the worker's Pyodide: every method's heatmap and the class
 * scores, updated as you draw. The explained class is the predicted one, or any class you
 * pick ("why a 9 and not a 4?": pick 4). At most one request is in flight; strokes made
 * meanwhile are explained as soon as it lands.
 */
import {DrawPad} from "../digits/draw-pad.js";
import {ProbabilityBars} from "../digits/probability-bars.js";
import {toMnist, SIDE} from "../digits/mnist-preprocess.js";
import {drawDigit, drawHeatmap, heatmapCanvas, peak} from "./heatmap.js";
import {methodDescription, methodLabel} from "./methods.js";

export class LiveRelevance {
  /**
   * @param {object} els  {pad, preview, clear, model, digit, prev, next, target (fieldset of radios),
   *                       bars, grid, status}
   * @param {object} deps {engine: RelevanceEngine, manifest, models: [entry], report(Error)}
   */
  constructor(els, {engine, manifest, models, report}) {
    Object.assign(this, {els, engine, manifest, models, report});
    this.digits = null;       // TestDigits, once loaded
    this.testImage = null;    // the picked test digit's pixels while the pad shows it unchanged
    this.busy = false;
    this.dirty = false;
    this.last = null;         // {modelId, pixels, target, predicted, probabilities, heatmaps, ms, pythonMs, source}
    this.cells = new Map();   // method -> {canvas, caption}
    this.bars = new ProbabilityBars(els.bars);
    this.pad = new DrawPad(els.pad, {
      onStroke: () => { this.testImage = null; this.schedule(); },
      onClear: () => this._cleared(),
    });
    els.clear.addEventListener("click", () => this.pad.clear());
    for (const entry of models) els.model.add(new Option(entry.title, entry.id));
    els.model.value = (models.find((m) => m.id === "cnn-small") || models[0]).id;
    els.model.addEventListener("change", () => this.setModel(els.model.value).catch(report));
    els.digit.addEventListener("change", () => this.pickTestDigit(Number(els.digit.value)));
    els.prev.addEventListener("click", () => this._step(-1));
    els.next.addEventListener("click", () => this._step(1));
    els.target.addEventListener("change", () => { if (!this.pad.empty) this.schedule(); });
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
    if (!this.pad.empty) this.schedule();
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
    if (!this.pad.empty) this.schedule();
  }

  setTestDigits(digits) {
    this.digits = digits;
    const select = this.els.digit;
    select.replaceChildren(new Option("Choose a test digit\u2026", ""));
    for (let i = 0; i < digits.count; i++) select.add(new Option("No. " + (i + 1) + ": a " + digits.labels[i], String(i)));
    for (const el of [select, this.els.prev, this.els.next]) el.disabled = false;
  }

  /** Show test digit `i` (of the sample) on the pad and explain it. */
  pickTestDigit(i) {
    if (!this.digits || !(i >= 0 && i < this.digits.count)) return;
    this.els.digit.value = String(i);
    this.showImage(this.digits.image(i));
  }

  /** Explain a 28x28 image (784 numbers in [0, 1]) as it is, shown on the pad. */
  showImage(pixels) {
    this.testImage = Array.from(pixels);
    this.pad.showImage(this.testImage);
    this.schedule();
  }

  currentPixels() {
    if (this.testImage) return Float32Array.from(this.testImage);
    return toMnist(this.pad.gray(), this.pad.size);
  }

  schedule() {
    if (this.busy) {
      this.dirty = true;
      return;
    }
    this._explain();
  }

  async _explain() {
    this.busy = true;
    this.dirty = false;
    const pixels = this.currentPixels();
    const source = this.testImage ? "test digit" : "drawing";
    const modelId = this.modelId;
    const target = this.target;
    drawDigit(this.els.preview, pixels);
    try {
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
    } catch (err) {
      this.report(err);
    } finally {
      this.busy = false;
      if (this.dirty) this._explain();
    }
  }

  _draw(r) {
    this.bars.update(r.probabilities);
    for (const method of r.methods) {
      const cell = this._cell(method);
      const values = r.heatmaps[method];
      drawHeatmap(cell.canvas, values, SIDE);
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
    this.testImage = null;
    this.last = null;
    drawDigit(this.els.preview, new Float32Array(SIDE * SIDE));
    this.bars.update(null);
    for (const {canvas} of this.cells.values()) drawHeatmap(canvas, new Float32Array(SIDE * SIDE));
    this._status("Draw a digit, or pick a test digit.");
  }

  _step(delta) {
    if (!this.digits) return;
    const current = this.els.digit.value === "" ? (delta > 0 ? -1 : 0) : Number(this.els.digit.value);
    this.pickTestDigit((current + delta + this.digits.count) % this.digits.count);
  }

  _status(text) {
    this.els.status.textContent = text;
  }
}
