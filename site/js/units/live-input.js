/*
 * The page's input digit: drawn on the Models page's pad (its DrawPad and MNIST
 * preprocessing, imported, not copied) or picked from the held-out test digits. Each change
 * calls `run(pixels, source)`; at most one run is in flight, and strokes made meanwhile are
 * run as soon as it lands (the newest drawing wins).
 */
import {DrawPad} from "../digits/draw-pad.js";
import {toMnist, SIDE} from "../digits/mnist-preprocess.js";
import {drawGray} from "./draw.js";

export class LiveInput {
  /**
   * @param {object} els  {pad, preview, clear, digit, prev, next}
   * @param {function(Float32Array, string): Promise} run  source: "drawing" | "test digit"
   */
  constructor(els, run, report) {
    Object.assign(this, {els, run, report});
    this.digits = null;
    this.testImage = null;
    this.busy = false;
    this.dirty = false;
    this.pad = new DrawPad(els.pad, {
      onStroke: () => { this.testImage = null; this.schedule(); },
      onClear: () => { this.testImage = null; this.schedule(); },
    });
    els.clear.addEventListener("click", () => this.pad.clear());
    els.digit.addEventListener("change", () => this.pickTestDigit(Number(els.digit.value)));
    els.prev.addEventListener("click", () => this._step(-1));
    els.next.addEventListener("click", () => this._step(1));
  }

  setTestDigits(digits) {
    this.digits = digits;
    const select = this.els.digit;
    select.replaceChildren(new Option("Choose a test digit\u2026", ""));
    for (let i = 0; i < digits.count; i++) select.add(new Option("No. " + (i + 1) + ": a " + digits.labels[i], String(i)));
    for (const el of [select, this.els.prev, this.els.next]) el.disabled = false;
  }

  pickTestDigit(i) {
    if (!this.digits || !(i >= 0 && i < this.digits.count)) return;
    this.els.digit.value = String(i);
    this.testImage = this.digits.image(i);
    this.pad.showImage(this.testImage);
    this.schedule();
  }

  /** Show any 784 pixels on the pad as if picked (e.g. a top image or a facet). */
  showPixels(pixels) {
    this.els.digit.value = "";
    this.testImage = Array.from(pixels);
    this.pad.showImage(this.testImage);
    this.schedule();
  }

  currentPixels() {
    if (this.testImage) return Float32Array.from(this.testImage);
    return toMnist(this.pad.gray(), this.pad.size);
  }

  get source() {
    return this.testImage ? "test digit" : "drawing";
  }

  schedule() {
    if (this.busy) {
      this.dirty = true;
      return;
    }
    this._run();
  }

  async _run() {
    this.busy = true;
    this.dirty = false;
    const pixels = this.currentPixels();
    drawGray(this.els.preview, pixels, SIDE);
    try {
      await this.run(pixels, this.source);
    } catch (err) {
      this.report(err);
    } finally {
      this.busy = false;
      if (this.dirty) this._run();
    }
  }

  _step(delta) {
    if (!this.digits) return;
    const current = this.els.digit.value === "" ? (delta > 0 ? -1 : 0) : Number(this.els.digit.value);
    this.pickTestDigit((current + delta + this.digits.count) % this.digits.count);
  }
}
