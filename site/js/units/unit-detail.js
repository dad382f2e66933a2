/*
 * The selected unit in detail: its map for the current digit, enlarged; its deconvolution and
 * plain backprop onto the input (live, from the worker); its top-9 most activating training
 * digits with the receptive field of the winning position outlined (precomputed); and its
 * precomputed activation-maximization images, one per preset, with their activation ratios.
 */
import {drawGray, drawSigned} from "../charts/pixel-maps.js";
import {figure, mapCanvas} from "./draw.js";

const SCALE = 3; // top-image canvases: 84x84, so the receptive-field outline is thin

export class UnitDetail {
  /**
   * @param {object} els  {heading, value, zoom, backprop, deconv, top, am, amNote}
   * @param {function(number[]): void} onPickImage  show a training digit on the pad
   */
  constructor(els, onPickImage) {
    Object.assign(this, {els, onPickImage});
    this.data = null;   // UnitsData, or null when the units artifact is unavailable
    this.dataError = null;
    this.unit = null;   // {layer: meta, channel}
  }

  setData(data, error = null) {
    this.data = data;
    this.dataError = error;
  }

  /** Show unit `channel` of layer `meta` ({index, name, kind, shape}); the precomputed parts at once. */
  show(meta, channel) {
    this.unit = {layer: meta, channel};
    const what = meta.name === "logits" ? "class " + channel : "channel " + channel;
    this.els.heading.textContent = meta.name + " \u00b7 " + what;
    this._top(meta, channel);
    this._am(meta, channel);
  }

  /** The live parts for the current digit: the unit's map and its two projections. */
  live(values, backprop, deconv) {
    const {layer, channel} = this.unit;
    if (layer.kind === "conv") {
      const size = layer.shape[1] * layer.shape[2];
      const map = values.subarray(channel * size, (channel + 1) * size);
      let top = 0;
      for (const v of values) top = Math.max(top, v);
      drawGray(this.els.zoom, map, layer.shape[2], layer.shape[1], top);
      this.els.zoom.hidden = false;
      this.els.value.textContent = "Peak " + Math.max(...map).toFixed(3) + " (layer's largest: " + top.toFixed(3) + ")";
    } else {
      this.els.zoom.hidden = true;
      this.els.value.textContent = "Value " + values[channel].toFixed(3);
    }
    drawSigned(this.els.backprop, backprop);
    drawSigned(this.els.deconv, deconv);
  }

  _message(root, text) {
    const p = document.createElement("p");
    p.className = this.dataError ? "artifact-error" : "hint";
    p.textContent = text;
    root.replaceChildren(p);
  }

  _top(meta, channel) {
    const root = this.els.top;
    const unit = this.data && this.data.unit(meta.index, channel);
    if (!unit) {
      this._message(root, this.dataError || "No precomputed top images for this unit.");
      return;
    }
    root.replaceChildren();
    unit.top.forEach((t, rank) => {
      const canvas = mapCanvas("", "unit-map top-map");
      const pixels = this.data.gallery.image(t.index);
      drawTop(canvas, pixels, t.box);
      const button = document.createElement("button");
      button.type = "button";
      button.className = "top-image";
      button.setAttribute("aria-label", "Top " + (rank + 1) + ": training digit " + t.index + " (a " +
                          this.data.gallery.label(t.index) + "), activation " + t.value.toFixed(3) +
                          (t.box ? ", receptive field outlined" : "") + ". Show it on the pad.");
      button.append(canvas);
      const caption = document.createElement("span");
      caption.textContent = t.value.toFixed(2);
      button.append(caption);
      button.addEventListener("click", () => this.onPickImage(pixels));
      root.appendChild(button);
    });
  }

  _am(meta, channel) {
    const root = this.els.am;
    const records = this.data ? this.data.maximized(meta.index, channel) : [];
    if (!records.length) {
      this._message(root, this.dataError || "Not precomputed for this unit (every class and a sample of channels " +
                    "are); run it live below.");
      return;
    }
    root.replaceChildren();
    for (const r of records) {
      const canvas = mapCanvas("Activation maximization, preset " + r.preset + ": activation " + r.activation.toFixed(2) +
                               ", " + (r.ratio === null ? "no ratio" : r.ratio.toFixed(2) + " times the training maximum"));
      drawGray(canvas, r.pixels, 28);
      root.appendChild(figure(canvas, r.preset.replace("yosinski-", "Table 1, #") + " \u00b7 \u00d7" +
                              (r.ratio === null ? "?" : r.ratio.toFixed(2)), "unit-figure am-figure"));
    }
  }
}

/** A training digit enlarged SCALE times with its receptive-field box (top, left, bottom, right) outlined. */
export function drawTop(canvas, pixels, box) {
  const small = document.createElement("canvas");
  drawGray(small, pixels, 28);
  canvas.width = canvas.height = 28 * SCALE;
  const ctx = canvas.getContext("2d");
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  if (box) {
    const [top, left, bottom, right] = box;
    ctx.strokeStyle = "#f5b400";
    ctx.lineWidth = 2;
    ctx.strokeRect(left * SCALE + 1, top * SCALE + 1, (right - left) * SCALE - 2, (bottom - top) * SCALE - 2);
  }
}
