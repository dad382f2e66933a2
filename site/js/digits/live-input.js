/*
 * site/js/digits/: what the digit pages (Models, Relevance, Units) share: the zoo engine client,
 * the drawing pad, MNIST preprocessing of a drawing, the held-out test digits, the probability
 * bars, and this file, the one live-input controller.
 *
 * The live input digit: drawn on the pad or picked from the held-out test digits (the picker, or
 * the keyboard's previous / next buttons). Each change calls `run(pixels, source)`; at most one run
 * is in flight, and changes made meanwhile are run as soon as it lands (the newest digit wins).
 * The page keeps what it does with a digit (predict, explain, show a layer) in `run`.
 */
import {DrawPad} from "./draw-pad.js";
import {toMnist, SIDE} from "./mnist-preprocess.js";
import {drawGray} from "../charts/pixel-maps.js";

export class LiveInput {
  /**
   * @param {object} els  {pad, preview, clear, digit, prev, next} elements
   * @param {object} o
   *   run(pixels: Float32Array (784, in [0, 1]), source: "drawing" | "test digit"): Promise
   *   report(Error): shows an error of `run`
   *   onClear(): called when the pad is cleared; default: run the empty pad like any change
   */
  constructor(els, {run, report, onClear = null}) {
    Object.assign(this, {els, run, report});
    this.digits = null;       // TestDigits, once loaded
    this.testImage = null;    // the picked digit's pixels while the pad shows it unchanged
    this.busy = false;        // a run is in flight
    this.dirty = false;       // the digit changed since that run started
    this.pad = new DrawPad(els.pad, {
      onStroke: () => { this.testImage = null; this.schedule(); },
      onClear: () => { this.testImage = null; if (onClear) onClear(); else this.schedule(); },
    });
    els.clear.addEventListener("click", () => this.pad.clear());
    els.digit.addEventListener("change", () => this.pickTestDigit(Number(els.digit.value)));
    els.prev.addEventListener("click", () => this._step(-1));
    els.next.addEventListener("click", () => this._step(1));
  }

  /** Offer the test digits (TestDigits) in the picker. */
  setTestDigits(digits) {
    this.digits = digits;
    const select = this.els.digit;
    select.replaceChildren(new Option("Choose a test digit\u2026", ""));
    for (let i = 0; i < digits.count; i++) select.add(new Option("No. " + (i + 1) + ": a " + digits.labels[i], String(i)));
    for (const el of [select, this.els.prev, this.els.next]) el.disabled = false;
  }

  /** Show test digit `i` on the pad and run its pixels as they are. */
  pickTestDigit(i) {
    if (!this.digits || !(i >= 0 && i < this.digits.count)) return;
    this.els.digit.value = String(i);
    this.showImage(this.digits.image(i));
  }

  /** Run any 784 pixels in [0, 1] as they are, shown on the pad (the picker is left as it is). */
  showImage(pixels) {
    this.testImage = Array.from(pixels);
    this.pad.showImage(this.testImage);
    this.schedule();
  }

  /** What `run` is given now: the picked digit as it is, or the drawing preprocessed. */
  currentPixels() {
    if (this.testImage) return Float32Array.from(this.testImage);
    return toMnist(this.pad.gray(), this.pad.size);
  }

  get source() {
    return this.testImage ? "test digit" : "drawing";
  }

  /** Whether the pad shows nothing (no stroke, no picked digit). */
  get empty() {
    return this.pad.empty;
  }

  /** Draw `pixels` (784 in [0, 1]) on the preview canvas, as the model is given them. */
  showPreview(pixels) {
    drawGray(this.els.preview, pixels, SIDE);
  }

  /** Run the current digit now, or as soon as the run in flight lands. */
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
    this.showPreview(pixels);
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
