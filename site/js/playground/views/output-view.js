/*
 * The output panel: the network's output over the input square as a heatmap, with the
 * training points (white outline) and, optionally, the test points (black outline).
 * Multiclass outputs are drawn as the predicted class. Clicks can add custom points.
 */
import {classToCSS, paint, valueToCSS} from "../../charts/colormaps.js";
import {bilinear, upsampleScores} from "./upsample.js";

import {DOMAIN} from "../../generated/vocabulary.js"; // the plane, as the engine defines it

export {DOMAIN};
const TICKS = [-6, -4, -2, 0, 2, 4, 6];

/** Tick labels under and left of the plot (TF Playground's axes), placed in `frame` around the canvas. */
function addAxes(frame) {
  for (const axis of ["x", "y"]) {
    const scale = document.createElement("div");
    scale.className = "axis axis-" + axis;
    scale.setAttribute("aria-hidden", "true");
    for (const v of TICKS) {
      const tick = document.createElement("span");
      const at = ((v - DOMAIN[0]) / (DOMAIN[1] - DOMAIN[0])) * 100;
      tick.style[axis === "x" ? "left" : "bottom"] = at + "%";
      tick.textContent = String(v).replace("-", "−");
      scale.append(tick);
    }
    frame.append(scale);
  }
}

export class OutputView {
  /** @param {HTMLCanvasElement} canvas  square canvas the panel draws into */
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.grid = null;       // Float32Array (resolution * resolution), top row first
    this.scores = null;     // multiclass: class probabilities per grid point (setGrid)
    this.resolution = 0;
    this.points = null;     // {train_x (n, 2), train_y, test_x, test_y} as Float32Arrays
    this.classes = false;   // multiclass: values are class indices
    this.showTest = false;
    this.discretize = false;
    this.cursor = null;     // [x1, x2] of the keyboard cursor for placing custom points, or null
    this.marker = null;     // [x1, x2] the relevance view explains, or null
    this.pending = null;    // custom points not yet in the engine ({x, y}), or null
    this.preview = null;    // a hovered neuron's heatmap {values, resolution} shown instead of the output
    this.offscreen = document.createElement("canvas");
    this.pointLayer = document.createElement("canvas"); // the data points, drawn again only when they change
    this.pointKey = null;    // what the points' layer was drawn for: settings...
    this.pointsDrawn = null; // ...and the points themselves
    if (canvas.parentNode) addAxes(canvas.parentNode);
  }

  setPoints(points) {
    this.points = points;
  }

  /** `scores`: multiclass class probabilities per grid point (resolution^2 x 3), for sharp boundaries. */
  setGrid(grid, resolution, scores = null) {
    this.grid = grid;
    this.resolution = resolution;
    this.scores = scores;
  }

  /** The input-plane coordinates of a pointer event on the canvas. */
  toData(event) {
    const rect = this.canvas.getBoundingClientRect();
    const fx = (event.clientX - rect.left) / rect.width;
    const fy = (event.clientY - rect.top) / rect.height;
    return [DOMAIN[0] + fx * (DOMAIN[1] - DOMAIN[0]), DOMAIN[1] - fy * (DOMAIN[1] - DOMAIN[0])];
  }

  draw() {
    const {ctx, canvas} = this;
    ctx.fillStyle = "#e8eaeb";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (this.preview) this._drawGrid(this.preview.values, this.preview.resolution, false);
    else if (this.grid) this._drawGrid(this.grid, this.resolution, this.classes, this.scores);
    if (this.points) ctx.drawImage(this._points(), 0, 0);
    if (this.pending) this._drawPending();
    if (this.cursor) this._drawCrosshair(this.cursor, "#7b2cbf");
    if (this.marker) this._drawCrosshair(this.marker, "#d00000");
  }

  /** Custom points on their way to the engine ({x: [[x1, x2]], y}): drawn at once, dashed. */
  _drawPending() {
    const {ctx, canvas} = this;
    const r = Math.max(2.5, canvas.width / 120);
    ctx.setLineDash([2, 2]);
    ctx.strokeStyle = "#333333";
    this.pending.x.forEach(([x1, x2], i) => {
      ctx.beginPath();
      ctx.arc(this._toPixel(x1, canvas.width), canvas.height - this._toPixel(x2, canvas.height), r, 0, 2 * Math.PI);
      ctx.fillStyle = valueToCSS(this.pending.y[i]);
      ctx.fill();
      ctx.stroke();
    });
    ctx.setLineDash([]);
  }

  /** A ring with a cross at input-plane point [x1, x2]: the keyboard cursor, the point the relevance view explains. */
  _drawCrosshair([x1, x2], color) {
    const {ctx, canvas} = this;
    const px = this._toPixel(x1, canvas.width);
    const py = canvas.height - this._toPixel(x2, canvas.height);
    ctx.lineWidth = 2;
    ctx.strokeStyle = color;
    ctx.beginPath();
    ctx.arc(px, py, 8, 0, 2 * Math.PI);
    ctx.moveTo(px - 12, py); ctx.lineTo(px + 12, py);
    ctx.moveTo(px, py - 12); ctx.lineTo(px, py + 12);
    ctx.stroke();
  }

  /** Show one neuron's heatmap ({values, resolution}) in place of the output while it is hovered; null: the output. */
  setPreview(preview) {
    this.preview = preview;
    this.draw();
  }

  _drawGrid(values, n, classes, scores = null) {
    // Hard boundaries (discretized, multiclass) are drawn per canvas pixel; smooth values are stretched.
    const sharp = classes ? Boolean(scores) : this.discretize;
    const size = sharp ? this.canvas.width : n;
    if (sharp) values = classes ? upsampleScores(scores, n, size) : bilinear(values, n, size);
    if (this.offscreen.width !== size) this.offscreen.width = size;
    if (this.offscreen.height !== size) this.offscreen.height = size;
    const octx = this.offscreen.getContext("2d");
    const image = octx.createImageData(size, size);
    paint(image, values, {discretize: this.discretize, classes, alpha: 160});
    octx.putImageData(image, 0, 0);
    this.ctx.imageSmoothingEnabled = !sharp;
    this.ctx.drawImage(this.offscreen, 0, 0, this.canvas.width, this.canvas.height);
  }

  _toPixel(v, size) {
    return ((v - DOMAIN[0]) / (DOMAIN[1] - DOMAIN[0])) * size;
  }

  /** The points' layer, redrawn when the points, the test-point switch, the palette or the size changed. */
  _points() {
    const layer = this.pointLayer, {width, height} = this.canvas;
    const key = [this.showTest, this.classes, width, height, valueToCSS(1), valueToCSS(-1), classToCSS(0)].join();
    if (this.pointKey === key && this.pointsDrawn === this.points) return layer;
    if (layer.width !== width) layer.width = width;
    if (layer.height !== height) layer.height = height;
    const ctx = layer.getContext("2d");
    ctx.clearRect(0, 0, width, height);
    this._drawPoints(ctx, this.points.train_x, this.points.train_y, "#ffffff");
    if (this.showTest) this._drawPoints(ctx, this.points.test_x, this.points.test_y, "#000000");
    this.pointKey = key;
    this.pointsDrawn = this.points;
    return layer;
  }

  _drawPoints(ctx, xs, ys, stroke) {
    const {canvas} = this;
    const r = Math.max(2.5, canvas.width / 120);
    ctx.lineWidth = 1;
    ctx.strokeStyle = stroke;
    for (let i = 0; i < ys.length; i++) {
      const px = this._toPixel(xs[2 * i], canvas.width);
      const py = canvas.height - this._toPixel(xs[2 * i + 1], canvas.height);
      ctx.beginPath();
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      ctx.fillStyle = this.classes ? classToCSS(ys[i]) : valueToCSS(ys[i]);
      ctx.fill();
      ctx.stroke();
    }
  }
}
