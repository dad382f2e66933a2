/*
 * The live digit: draw on the pad (or pick a held-out test digit from the keyboard) and the
 * chosen model classifies it in the worker's Pyodide as you draw. At most one prediction
 * is in flight; strokes made meanwhile are classified as soon as it lands.
 */
import {DrawPad} from "../digits/draw-pad.js";
import {ProbabilityBars} from "../digits/probability-bars.js";
import {toMnist, SIDE} from "../digits/mnist-preprocess.js";

export class LiveDigit {
  /**
   * @param {object} els  {pad, preview, clear, model, digit, prev, next, bars, status} elements
   * @param {object} deps {engine: ZooEngine, manifest, models: [entry], report(Error)}
   */
  constructor(els, {engine, manifest, models, report}) {
    this.els = els;
    this.engine = engine;
    this.manifest = manifest;
    this.models = models;
    this.report = report;
    this.digits = null;       // TestDigits, once loaded
    this.testImage = null;    // the picked test digit's pixels while the pad shows it unchanged
    this.busy = false;        // a prediction is in flight
    this.dirty = false;       // the pad changed since that prediction was sent
    this.last = null;         // {modelId, probabilities, ms, pixels, source}
    this.bars = new ProbabilityBars(els.bars);
    this.pad = new DrawPad(els.pad, {
      onStroke: () => { this.testImage = null; this.schedule(); },
      onClear: () => { this.testImage = null; this._showPreview(new Float32Array(SIDE * SIDE)); this.bars.update(null);
                       this.last = null; this._status("Draw a digit, or pick a test digit."); },
    });
    els.clear.addEventListener("click", () => this.pad.clear());
    for (const entry of models) els.model.add(new Option(entry.title, entry.id));
    const preferred = models.find((m) => m.id === "cnn-small") || models[0];
    els.model.value = preferred.id;
    els.model.addEventListener("change", () => this.setModel(els.model.value).catch(report));
    els.digit.addEventListener("change", () => this.pickTestDigit(Number(els.digit.value)));
    els.prev.addEventListener("click", () => this._step(-1));
    els.next.addEventListener("click", () => this._step(1));
  }

  get modelId() {
    return this.els.model.value;
  }

  /** Load the selected model; resolves once it can predict. */
  async setModel(id) {
    this.els.model.value = id;
    const entry = this.models.find((m) => m.id === id);
    this._status("Loading " + entry.title + "\u2026");
    await this.engine.load(this.manifest, entry);
    this._status("Model " + entry.title + " is ready. Draw a digit, or pick a test digit.");
    if (!this.pad.empty) this.schedule();
  }

  /** Offer the test digits (TestDigits) in the picker. */
  setTestDigits(digits) {
    this.digits = digits;
    const select = this.els.digit;
    select.replaceChildren(new Option("Choose a test digit\u2026", ""));
    for (let i = 0; i < digits.count; i++) {
      select.add(new Option("No. " + (i + 1) + ": a " + digits.labels[i], String(i)));
    }
    for (const el of [select, this.els.prev, this.els.next]) el.disabled = false;
  }

  /** Show test digit `i` on the pad and classify its pixels as they are. */
  pickTestDigit(i) {
    if (!this.digits || !(i >= 0 && i < this.digits.count)) return;
    this.els.digit.value = String(i);
    this.testImage = this.digits.image(i);
    this.pad.showImage(this.testImage);
    this.schedule();
  }

  /** What the model is given now: the test digit as it is, or the drawing preprocessed. */
  currentPixels() {
    if (this.testImage) return Float32Array.from(this.testImage);
    return toMnist(this.pad.gray(), this.pad.size);
  }

  /** Classify the pad's contents now, or as soon as the prediction in flight lands. */
  schedule() {
    if (this.busy) {
      this.dirty = true;
      return;
    }
    this._predict();
  }

  async _predict() {
    this.busy = true;
    this.dirty = false;
    const pixels = this.currentPixels();
    const source = this.testImage ? "test digit" : "drawing";
    this._showPreview(pixels);
    const modelId = this.modelId;
    try {
      const entry = this.models.find((m) => m.id === modelId);
      await this.engine.load(this.manifest, entry);
      const {probabilities, ms} = await this.engine.predict(modelId, pixels);
      this.last = {modelId, probabilities, ms, pixels: Array.from(pixels), source};
      this.bars.update(probabilities);
      const best = probabilities.indexOf(Math.max(...probabilities));
      this._status("The " + source + " looks like a " + best + " (" + (100 * probabilities[best]).toFixed(1) +
                   "%) to " + entry.title + "; predicted in " + ms.toFixed(1) + " ms.");
    } catch (err) {
      this.report(err);
    } finally {
      this.busy = false;
      if (this.dirty) this._predict();
    }
  }

  _step(delta) {
    if (!this.digits) return;
    const current = this.els.digit.value === "" ? (delta > 0 ? -1 : 0) : Number(this.els.digit.value);
    this.pickTestDigit((current + delta + this.digits.count) % this.digits.count);
  }

  _showPreview(pixels) {
    const ctx = this.els.preview.getContext("2d");
    const image = ctx.createImageData(SIDE, SIDE);
    for (let i = 0; i < SIDE * SIDE; i++) {
      const v = Math.round(255 * pixels[i]);
      image.data.set([v, v, v, 255], 4 * i);
    }
    ctx.putImageData(image, 0, 0);
  }

  _status(text) {
    this.els.status.textContent = text;
  }
}
