/*
 * The Clusters page's drawing (CNNVis's main view) on one canvas: per layer, its clusters as
 * rectangles of their neurons' top image patches; between layers, the strong edges bundled by
 * biclique (bands from the bundle's source tiles to its target tiles, width by edge count) or all
 * drawn one by one; clusters the chosen digit activates most are outlined in proportion.
 */
import {layoutClusters, TILE} from "./layout.js";

const INK = [20, 20, 20];

export class ClusterView {
  constructor(canvas, sample) {
    this.canvas = canvas;
    this.sample = sample;             // {pixels: Uint8Array (n * 784)}
    this.images = new Map();          // image index -> canvas 28x28
    this.edges = "bundled";
    this.digit = null;
  }

  /** Digit `index` of the sample as a 28x28 canvas (made once, then kept). */
  image(index) {
    if (!this.images.has(index)) {
      const c = document.createElement("canvas");
      c.width = c.height = 28;
      const ctx = c.getContext("2d");
      const img = ctx.createImageData(28, 28);
      for (let p = 0; p < 784; p++) {
        const v = this.sample.pixels[index * 784 + p] / 255;
        img.data[4 * p] = 255 + (INK[0] - 255) * v;
        img.data[4 * p + 1] = 255 + (INK[1] - 255) * v;
        img.data[4 * p + 2] = 255 + (INK[2] - 255) * v;
        img.data[4 * p + 3] = 255;
      }
      ctx.putImageData(img, 0, 0);
      this.images.set(index, c);
    }
    return this.images.get(index);
  }

  render(data) {
    this.data = data;
    const width = 940;
    const layout = layoutClusters(data, width);
    this.layout = layout;
    const {canvas} = this;
    canvas.width = width;
    canvas.height = layout.height;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    data.edges.forEach((pair, k) => this._edges(ctx, pair, layout.layers[k], layout.layers[k + 1]));
    data.layers.forEach((layer, k) => this._layer(ctx, layer, layout.layers[k]));
  }

  _centre(tiles, units) {
    let x = 0;
    let y = 0;
    for (const u of units) { x += tiles[u][0]; y += tiles[u][1]; }
    return [x / units.length + TILE / 2, y / units.length + TILE / 2];
  }

  _edges(ctx, pair, from, to) {
    const link = (a, b, width, style) => {
      const y0 = from.y1 + 2;
      const y1 = to.y0;
      ctx.strokeStyle = style;
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.moveTo(a[0], y0);
      ctx.bezierCurveTo(a[0], (y0 + y1) / 2, b[0], (y0 + y1) / 2, b[0], y1);
      ctx.stroke();
    };
    if (this.edges === "bundled") {
      for (const b of pair.bundles) {
        link(this._centre(from.tiles, b.rows), this._centre(to.tiles, b.cols), Math.max(1, Math.sqrt(b.edges)),
             "rgba(43,123,185,0.35)");
      }
      for (const [i, j] of pair.single) link(this._centre(from.tiles, [i]), this._centre(to.tiles, [j]), 0.6, "rgba(0,0,0,0.18)");
    } else {
      for (const b of pair.bundles) {
        for (const i of b.rows) for (const j of b.cols) link(this._centre(from.tiles, [i]), this._centre(to.tiles, [j]), 0.6, "rgba(0,0,0,0.18)");
      }
      for (const [i, j] of pair.single) link(this._centre(from.tiles, [i]), this._centre(to.tiles, [j]), 0.6, "rgba(0,0,0,0.18)");
    }
  }

  _layer(ctx, layer, place) {
    ctx.fillStyle = "#555";
    ctx.font = "12px sans-serif";
    ctx.fillText(layer.name + ": " + layer.units + " neurons in " + layer.k + " clusters", 0, place.y0 + 12);
    for (const c of place.clusters) {
      const strength = this.digit === null ? 0 : layer.cluster_activation[c.cluster][this.digit];
      ctx.fillStyle = this.digit === null ? "#f3f3f3" : "rgba(230, 120, 20, " + (0.08 + 0.6 * strength).toFixed(3) + ")";
      ctx.fillRect(c.x, c.y, c.w, c.h);
      ctx.strokeStyle = this.digit === null ? "#bbb" : "rgba(200, 90, 0, " + (0.2 + 0.8 * strength).toFixed(3) + ")";
      ctx.lineWidth = this.digit === null ? 1 : 1 + 3 * strength;
      ctx.strokeRect(c.x + 0.5, c.y + 0.5, c.w - 1, c.h - 1);
      for (const unit of c.units) {
        const [image, top, left, bottom, right] = layer.top[unit][0];
        const [x, y] = place.tiles[unit];
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(this.image(image), left, top, right - left, bottom - top, x, y, TILE, TILE);
      }
    }
  }

  /** The cluster under canvas point (x, y): {layer, cluster, units} or null. */
  hit(x, y) {
    if (!this.layout) return null;
    for (let k = 0; k < this.layout.layers.length; k++) {
      for (const c of this.layout.layers[k].clusters) {
        if (x >= c.x && x <= c.x + c.w && y >= c.y && y <= c.y + c.h) return {layer: k, cluster: c.cluster, units: c.units};
      }
    }
    return null;
  }
}
