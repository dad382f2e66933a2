/*
 * A drawing pad for one digit: white ink on black, drawn with a mouse, a finger or a pen
 * (pointer events; the canvas sets touch-action: none so a finger draws instead of
 * scrolling). Delete or Backspace clears it when it has focus.
 */
const LINE_WIDTH = 20; // at 280 px: about 2 px at MNIST's 28, like its pen strokes

export class DrawPad {
  /**
   * @param {HTMLCanvasElement} canvas  a square canvas (280 x 280)
   * @param {{onStroke: function(): void, onClear: function(): void}} handlers
   *   onStroke runs while drawing (each pointer move) and at the end of a stroke
   */
  constructor(canvas, {onStroke = () => {}, onClear = () => {}} = {}) {
    this.canvas = canvas;
    this.size = canvas.width;
    this.ctx = canvas.getContext("2d", {willReadFrequently: true});
    this.onStroke = onStroke;
    this.onClear = onClear;
    this.last = null; // the previous point of the stroke in progress, canvas pixels
    this.clear(false);
    canvas.addEventListener("pointerdown", (e) => this._down(e));
    canvas.addEventListener("pointermove", (e) => this._move(e));
    for (const type of ["pointerup", "pointercancel"]) canvas.addEventListener(type, (e) => this._up(e));
    canvas.addEventListener("keydown", (e) => {
      if (e.key === "Delete" || e.key === "Backspace") {
        e.preventDefault();
        this.clear();
      }
    });
  }

  clear(notify = true) {
    this.ctx.fillStyle = "#000";
    this.ctx.fillRect(0, 0, this.size, this.size);
    this.empty = true;
    if (notify) this.onClear();
  }

  /** Show a 28x28 image (784 values in [0, 1]) enlarged to fill the pad. */
  showImage(pixels, side = 28) {
    const image = this.ctx.createImageData(side, side);
    for (let i = 0; i < side * side; i++) {
      const v = Math.round(255 * pixels[i]);
      image.data.set([v, v, v, 255], 4 * i);
    }
    const small = document.createElement("canvas");
    small.width = small.height = side;
    small.getContext("2d").putImageData(image, 0, 0);
    this.ctx.imageSmoothingEnabled = false;
    this.ctx.drawImage(small, 0, 0, this.size, this.size);
    this.empty = false;
  }

  /** The pad's grey levels: Float32Array (size * size) in [0, 1], ink = 1, row-major. */
  gray() {
    const data = this.ctx.getImageData(0, 0, this.size, this.size).data;
    const out = new Float32Array(this.size * this.size);
    for (let i = 0; i < out.length; i++) out[i] = data[4 * i] / 255;
    return out;
  }

  _point(e) {
    const rect = this.canvas.getBoundingClientRect();
    return {x: (e.clientX - rect.left) * this.size / rect.width, y: (e.clientY - rect.top) * this.size / rect.height};
  }

  _down(e) {
    if (e.button !== undefined && e.button > 0) return;
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    this.last = this._point(e);
    this._segment(this.last, this.last);
  }

  _move(e) {
    if (!this.last) return;
    const p = this._point(e);
    this._segment(this.last, p);
    this.last = p;
    this.onStroke();
  }

  _up(e) {
    if (!this.last) return;
    this.last = null;
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    this.onStroke();
  }

  _segment(a, b) {
    const ctx = this.ctx;
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = LINE_WIDTH;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x + 0.01, b.y); // a zero-length segment would draw nothing on a tap
    ctx.stroke();
    this.empty = false;
  }
}
