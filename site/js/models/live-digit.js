/*
 * The live digit: draw on the pad (or pick a held-out test digit from the keyboard) and the
 * chosen model classifies it in the worker's Pyodide as you draw. The pad, the picker and the
 * scheduling (at most one prediction in flight; strokes made meanwhile are classified as soon as
 * it lands) are the digit pages' LiveInput; this file adds the model picker and the prediction.
 */
import {LiveInput} from "../digits/live-input.js";
import {ProbabilityBars} from "../digits/probability-bars.js";
import {SIDE} from "../digits/mnist-preprocess.js";

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
    this.last = null;         // {modelId, probabilities, ms, pixels, source}
    this.bars = new ProbabilityBars(els.bars);
    this.input = new LiveInput(els, {run: (pixels, source) => this._predict(pixels, source), report,
                                     onClear: () => this._cleared()});
    for (const entry of models) els.model.add(new Option(entry.title, entry.id));
    const preferred = models.find((m) => m.id === "cnn-small") || models[0];
    els.model.value = preferred.id;
    els.model.addEventListener("change", () => this.setModel(els.model.value).catch(report));
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
    if (!this.input.empty) this.input.schedule();
  }

  /** Offer the test digits (TestDigits) in the picker. */
  setTestDigits(digits) {
    this.input.setTestDigits(digits);
  }

  /** Show test digit `i` on the pad and classify its pixels as they are. */
  pickTestDigit(i) {
    this.input.pickTestDigit(i);
  }

  /** What the model is given now: the test digit as it is, or the drawing preprocessed. */
  currentPixels() {
    return this.input.currentPixels();
  }

  /** Classify the pad's contents now, or as soon as the prediction in flight lands. */
  schedule() {
    this.input.schedule();
  }

  /** LiveInput's run: classify `pixels` with the selected model. */
  async _predict(pixels, source) {
    const modelId = this.modelId;
    const entry = this.models.find((m) => m.id === modelId);
    await this.engine.load(this.manifest, entry);
    const {probabilities, ms} = await this.engine.predict(modelId, pixels);
    this.last = {modelId, probabilities, ms, pixels: Array.from(pixels), source};
    this.bars.update(probabilities);
    const best = probabilities.indexOf(Math.max(...probabilities));
    this._status("The " + source + " looks like a " + best + " (" + (100 * probabilities[best]).toFixed(1) +
                 "%) to " + entry.title + "; predicted in " + ms.toFixed(1) + " ms.");
  }

  _cleared() {
    this.input.showPreview(new Float32Array(SIDE * SIDE));
    this.bars.update(null);
    this.last = null;
    this._status("Draw a digit, or pick a test digit.");
  }

  _status(text) {
    this.els.status.textContent = text;
  }
}
