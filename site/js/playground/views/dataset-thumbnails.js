/*
 * Thumbnails on the dataset pickers (TF Playground's), drawn in the palette shown from a few points of
 * each dataset (data/dataset-previews.json, written by the build from the engine's generators), so
 * they are there before the engine is up. A missing file leaves the named radio buttons as they are.
 */
import {classToCSS, paletteWords, valueToCSS} from "../../charts/colormaps.js";
import {DOMAIN} from "./output-view.js";

const SIZE = 44; // px

export class DatasetThumbnails {
  constructor(root) {
    this.root = root;
    this.key = null;
    this.data = null;
    this.loaded = fetch(new URL("../../../data/dataset-previews.json", import.meta.url))
      .then((r) => (r.ok ? r.json() : null))
      .then((data) => { this.data = data; this.key = null; this.draw(); }, () => {});
  }

  /** (Re)draw; cheap unless the palette changed. */
  draw() {
    const key = paletteWords().positive;
    if (!this.data || key === this.key) return;
    this.key = key;
    for (const input of this.root.querySelectorAll(".datasets input[type=radio]")) {
      this._draw(this._canvasFor(input.closest("label")), input.value);
    }
    const multiclass = this.root.querySelector(".dataset-group[data-problem=multiclass]");
    if (multiclass) this._draw(this._canvasFor(multiclass), "gauss3");
  }

  _canvasFor(parent) {
    let canvas = parent.querySelector("canvas.dataset-thumbnail");
    if (!canvas) {
      canvas = document.createElement("canvas");
      canvas.className = "dataset-thumbnail";
      canvas.width = canvas.height = SIZE * 2; // sharp on high-density screens
      canvas.setAttribute("aria-hidden", "true");
      parent.prepend(canvas);
    }
    return canvas;
  }

  _draw(canvas, name) {
    const ctx = canvas.getContext("2d");
    const n = canvas.width;
    ctx.fillStyle = "#f4f5f6";
    ctx.fillRect(0, 0, n, n);
    const points = this.data[name];
    if (!points) { // custom: an empty plane waiting for clicks
      ctx.fillStyle = "#999";
      ctx.font = n / 2 + "px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText("+", n / 2, n / 2);
      return;
    }
    const px = (v) => ((v - DOMAIN[0]) / (DOMAIN[1] - DOMAIN[0])) * n;
    points.x.forEach(([a, b], i) => {
      ctx.fillStyle = name === "gauss3" ? classToCSS(points.y[i]) : valueToCSS(points.y[i]);
      ctx.beginPath();
      ctx.arc(px(a), n - px(b), n / 36, 0, 2 * Math.PI);
      ctx.fill();
    });
  }
}
