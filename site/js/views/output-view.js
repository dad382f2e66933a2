/*
 * The output panel: the network's output over the input square as a heatmap, with the
 * training points (white outline) and, optionally, the test points (black outline).
 */
import {LUT, valueToCSS} from "./colors.js";

const DOMAIN = [-6, 6]; // matches pyplayground.datasets.DOMAIN

export class OutputView {
  /** @param {HTMLCanvasElement} canvas  square canvas the panel draws into */
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.grid = null;       // Float32Array (resolution * resolution), top row first
    this.resolution = 0;
    this.points = null;     // {train_x, train_y, test_x, test_y} as Float32Arrays
    this.showTest = false;
    this.discretize = false;
    this.offscreen = document.createElement("canvas");
  }

  setPoints(points) {
    this.points = points;
  }

  setGrid(grid, resolution) {
    this.grid = grid;
    this.resolution = resolution;
  }

  draw() {
    const {ctx, canvas} = this;
    ctx.fillStyle = "#e8eaeb";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (this.grid) this._drawGrid();
    if (this.points) {
      this._drawPoints(this.points.train_x, this.points.train_y, "#ffffff");
      if (this.showTest) this._drawPoints(this.points.test_x, this.points.test_y, "#000000");
    }
  }

  _drawGrid() {
    const n = this.resolution;
    this.offscreen.width = n;
    this.offscreen.height = n;
    const octx = this.offscreen.getContext("2d");
    const image = octx.createImageData(n, n);
    for (let i = 0; i < n * n; i++) {
      let v = this.grid[i];
      if (this.discretize) v = v >= 0 ? 1 : -1;
      const k = Math.max(0, Math.min(255, Math.round((v + 1) * 127.5))) * 4;
      image.data[i * 4] = LUT[k];
      image.data[i * 4 + 1] = LUT[k + 1];
      image.data[i * 4 + 2] = LUT[k + 2];
      image.data[i * 4 + 3] = 160; // translucent, as TF Playground draws it
    }
    octx.putImageData(image, 0, 0);
    this.ctx.imageSmoothingEnabled = true;
    this.ctx.drawImage(this.offscreen, 0, 0, this.canvas.width, this.canvas.height);
  }

  _toPixel(v, size) {
    return ((v - DOMAIN[0]) / (DOMAIN[1] - DOMAIN[0])) * size;
  }

  _drawPoints(xs, ys, stroke) {
    const {ctx, canvas} = this;
    const r = Math.max(2.5, canvas.width / 120);
    ctx.lineWidth = 1;
    ctx.strokeStyle = stroke;
    for (let i = 0; i < ys.length; i++) {
      const px = this._toPixel(xs[2 * i], canvas.width);
      const py = canvas.height - this._toPixel(xs[2 * i + 1], canvas.height);
      ctx.beginPath();
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      ctx.fillStyle = valueToCSS(ys[i]);
      ctx.fill();
      ctx.stroke();
    }
  }
}
