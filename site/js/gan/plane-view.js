/*
 * The GAN page's plane (the unit square, y up): the discriminator's probability as a heatmap
 * (green: "real", purple: "fake"), the generator's manifold (a grid of noise values pushed
 * through G, drawn as a warped grid), real and generated points, and the gradient G receives at
 * each generated point as an arrow. In "drawing" mode the plane takes points: click or drag,
 * or from the keyboard move the cross with the arrow keys, Enter adds a point, Delete removes
 * the last.
 */
const REAL = [26, 150, 65];
const FAKE = [123, 50, 148];
const ARROW = "rgba(214, 39, 40, 0.85)";
const KEY_STEP = 0.02;

export class PlaneView {
  /** @param {HTMLCanvasElement} canvas  @param {{onDraw(points)}} callbacks  the drawing changed */
  constructor(canvas, {onDraw}) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.onDraw = onDraw;
    this.layers = {heatmap: true, real: true, fake: true, manifold: true, gradients: true};
    this.frame = null;
    this.drawing = false;     // the plane takes points
    this.points = [];         // the drawing, [[x, y]] in the unit square
    this.cursor = [0.5, 0.5]; // the keyboard's cross
    this.keyboard = false;
    this.cell = document.createElement("canvas");
    this._bindPointer();
    this._bindKeys();
  }

  setDrawing(on, points) {
    this.drawing = on;
    this.points = points.map((p) => p.slice());
    this.canvas.classList.toggle("drawing", on);
    this.render();
  }

  show(frame) {
    this.frame = frame;
    this.render();
  }

  toPixel([x, y]) {
    return [x * this.canvas.width, (1 - y) * this.canvas.height];
  }

  render() {
    const {ctx, canvas} = this;
    const frame = this.frame;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (frame && frame.grid && this.layers.heatmap) this._heatmap(frame.grid);
    if (frame && frame.manifold && this.layers.manifold) this._manifold(frame.manifold, frame.manifoldShape);
    if (frame && frame.real && this.layers.real && !this.drawing) this._dots(frame.real, REAL, 2.2);
    if (this.drawing) this._dots(this.points.flat(), REAL, 3);
    if (frame && frame.fake && this.layers.fake) this._dots(frame.fake, FAKE, 2.2);
    if (frame && frame.gradients && frame.fake && this.layers.gradients) this._arrows(frame.fake, frame.gradients);
    if (this.drawing && this.keyboard) this._cross();
  }

  _heatmap(grid) {
    const n = Math.round(Math.sqrt(grid.length));
    this.cell.width = this.cell.height = n;
    const cellCtx = this.cell.getContext("2d");
    const image = cellCtx.createImageData(n, n);
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        const p = grid[row * n + col];               // row 0 is y's lowest cells: the canvas's bottom
        const o = ((n - 1 - row) * n + col) * 4;
        const [r, g, b] = p >= 0.5 ? REAL : FAKE;
        const a = Math.min(1, Math.abs(p - 0.5) * 2) * 0.55;
        image.data[o] = 255 + (r - 255) * a;
        image.data[o + 1] = 255 + (g - 255) * a;
        image.data[o + 2] = 255 + (b - 255) * a;
        image.data[o + 3] = 255;
      }
    }
    cellCtx.putImageData(image, 0, 0);
    this.ctx.imageSmoothingEnabled = true;
    this.ctx.drawImage(this.cell, 0, 0, this.canvas.width, this.canvas.height);
  }

  _manifold(values, [lines, perLine]) {
    const {ctx} = this;
    ctx.strokeStyle = "rgba(80, 80, 80, 0.45)";
    ctx.lineWidth = 1;
    for (let line = 0; line < lines; line++) {
      ctx.beginPath();
      for (let k = 0; k < perLine; k++) {
        const o = (line * perLine + k) * 2;
        const [px, py] = this.toPixel([values[o], values[o + 1]]);
        if (k === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
      }
      ctx.stroke();
    }
  }

  _dots(values, [r, g, b], radius) {
    const {ctx} = this;
    ctx.fillStyle = "rgb(" + r + "," + g + "," + b + ")";
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 0.6;
    for (let o = 0; o + 1 < values.length; o += 2) {
      const [px, py] = this.toPixel([values[o], values[o + 1]]);
      ctx.beginPath();
      ctx.arc(px, py, radius, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  }

  _arrows(fake, gradients) {
    let longest = 0;
    for (let o = 0; o + 1 < gradients.length; o += 2) longest = Math.max(longest, Math.hypot(gradients[o], gradients[o + 1]));
    if (!(longest > 0)) return;
    const scale = 24 / longest;   // the longest arrow is 24 px; the others in proportion
    const {ctx} = this;
    ctx.strokeStyle = ARROW;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let o = 0; o + 1 < fake.length; o += 2) {
      const [x0, y0] = this.toPixel([fake[o], fake[o + 1]]);
      const dx = gradients[o] * scale;
      const dy = -gradients[o + 1] * scale;
      if (Math.hypot(dx, dy) < 1.5) continue;
      ctx.moveTo(x0, y0);
      ctx.lineTo(x0 + dx, y0 + dy);
    }
    ctx.stroke();
  }

  _cross() {
    const [px, py] = this.toPixel(this.cursor);
    const {ctx} = this;
    ctx.strokeStyle = "#000";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(px - 8, py); ctx.lineTo(px + 8, py);
    ctx.moveTo(px, py - 8); ctx.lineTo(px, py + 8);
    ctx.stroke();
  }

  _pointAt(event) {
    const rect = this.canvas.getBoundingClientRect();
    const x = (event.clientX - rect.left) / rect.width;
    const y = 1 - (event.clientY - rect.top) / rect.height;
    return [Math.min(1, Math.max(0, x)), Math.min(1, Math.max(0, y))];
  }

  _add(point) {
    this.points.push(point);
    this.render();
  }

  _bindPointer() {
    let last = null;
    this.canvas.addEventListener("pointerdown", (event) => {
      if (!this.drawing) return;
      this.keyboard = false;
      last = this._pointAt(event);
      this._add(last);
      this.canvas.setPointerCapture(event.pointerId);
    });
    this.canvas.addEventListener("pointermove", (event) => {
      if (!this.drawing || !last) return;
      const point = this._pointAt(event);
      if (Math.hypot(point[0] - last[0], point[1] - last[1]) >= 0.02) {
        last = point;
        this._add(point);
      }
    });
    const end = () => {
      if (last) this.onDraw(this.points.slice());
      last = null;
    };
    this.canvas.addEventListener("pointerup", end);
    this.canvas.addEventListener("pointercancel", end);
  }

  _bindKeys() {
    const moves = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1]};
    this.canvas.addEventListener("keydown", (event) => {
      if (!this.drawing) return;
      if (moves[event.key]) {
        const [dx, dy] = moves[event.key];
        this.cursor = [Math.min(1, Math.max(0, this.cursor[0] + dx * KEY_STEP)),
                       Math.min(1, Math.max(0, this.cursor[1] + dy * KEY_STEP))];
      } else if (event.key === "Enter" || event.key === " ") {
        this._add(this.cursor.slice());
        this.onDraw(this.points.slice());
      } else if (event.key === "Delete" || event.key === "Backspace") {
        if (!this.points.length) return;
        this.points.pop();
        this.onDraw(this.points.slice());
      } else {
        return;
      }
      event.preventDefault();
      this.keyboard = true;
      this.render();
    });
    this.canvas.addEventListener("blur", () => { this.keyboard = false; this.render(); });
  }
}
