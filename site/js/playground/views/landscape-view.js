/*
 * The landscape panel: the training loss on a plane through the current weights (the centre)
 * as a log-scaled, banded heatmap (each band a contour interval), with the path the weights took
 * projected onto the plane. Data from the engine's "landscape" snapshot key (bridge.py).
 */
const STOPS = [[13, 8, 135], [84, 2, 163], [139, 10, 165], [185, 50, 137], [219, 92, 104],
               [244, 136, 73], [254, 188, 43], [240, 249, 33]]; // plasma: low loss dark, high loss bright
const BANDS = 14;         // contour bands over the shown range of log10(loss)
const MAX_DECADES = 3;    // colours span at most this many decades above the lowest loss

function color(t) {
  const x = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  return STOPS[i].map((c, k) => Math.round(c + f * (STOPS[i + 1][k] - c)));
}

export class LandscapeView {
  /** @param {HTMLCanvasElement} canvas  @param {HTMLElement} readout  a line of text under it */
  constructor(canvas, readout) {
    this.canvas = canvas;
    this.readout = readout;
    this.ctx = canvas.getContext("2d");
    this.offscreen = document.createElement("canvas");
    this.last = null; // {info, loss, path}
  }

  clear() {
    this.last = null;
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.readout.textContent = "";
  }

  /** `info`: the reply's field `landscape`; `loss` (R*R) row i at beta_i; `path` (2*T). */
  set(info, loss, path) {
    this.last = {info, loss, path};
    this.draw();
  }

  draw() {
    if (!this.last) return;
    const {info, loss, path} = this.last;
    const r = info.resolution;
    const logs = Array.from(loss, (v) => (Number.isFinite(v) && v > 0 ? Math.log10(v) : NaN));
    const finite = logs.filter(Number.isFinite);
    const lo = finite.length ? Math.min(...finite) : 0;
    const hi = finite.length ? Math.min(Math.max(...finite), lo + MAX_DECADES) : 1;
    this.offscreen.width = this.offscreen.height = r;
    const octx = this.offscreen.getContext("2d");
    const image = octx.createImageData(r, r);
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < r; j++) {
        const v = logs[i * r + j];
        // Beta grows upwards: row i of the reply is drawn at canvas row r - 1 - i.
        const at = ((r - 1 - i) * r + j) * 4;
        const band = Number.isFinite(v) ? Math.floor(((v - lo) / Math.max(hi - lo, 1e-9)) * BANDS) / BANDS : 1;
        const [cr, cg, cb] = Number.isFinite(v) ? color(band) : [255, 255, 255];
        image.data.set([cr, cg, cb, 255], at);
      }
    }
    octx.putImageData(image, 0, 0);
    const {ctx, canvas} = this;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.offscreen, 0, 0, canvas.width, canvas.height);
    this._drawPath(path, info.span);
    this.readout.textContent = this._describe(info);
    canvas.setAttribute("aria-label", "Loss landscape around the current weights: " + this._describe(info));
  }

  _toPixel(alpha, beta, span) {
    const {width, height} = this.canvas;
    return [(alpha / span + 1) / 2 * width, (1 - beta / span) / 2 * height];
  }

  _drawPath(path, span) {
    const {ctx} = this;
    const n = path.length / 2;
    if (n > 1) {
      ctx.strokeStyle = "#ffffff";
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (let k = 0; k < n; k++) {
        const [x, y] = this._toPixel(path[2 * k], path[2 * k + 1], span);
        if (k === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      }
      ctx.stroke();
      const [sx, sy] = this._toPixel(path[0], path[1], span);
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(sx - 3, sy - 3, 6, 6); // the start: the initial weights
    }
    const [cx, cy] = this._toPixel(0, 0, span);
    ctx.fillStyle = "#00e5ff";
    ctx.strokeStyle = "#000000";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.arc(cx, cy, 4, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }

  _describe(info) {
    const loss = info.center_loss === null ? "–" : info.center_loss.toPrecision(3);
    const plane = info.directions === "pca"
      ? "PCA of the path (explains " + Math.round(100 * (info.explained[0] + info.explained[1])) + "% of its variance)"
      : "two random filter-normalized directions";
    return "Loss " + loss + " at the current weights (the dot); plane: " + plane + "; " +
           Math.round(100 * info.off_plane) + "% of the path lies off the plane; " +
           info.resolution + "×" + info.resolution + " in " + Math.round(info.ms) + " ms";
  }
}
