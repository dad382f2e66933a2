/*
 * Every unit layer's activations for the current digit, as the deep visualization toolbox's
 * main view: one grid per layer with a tile per channel (its whole map, grey: 0 black, the
 * layer's largest value white, so channels compare within a layer) or per dense unit (its
 * value as a bar). Each tile is a button: click, or Enter, selects the unit; the arrow keys
 * move between tiles of a layer.
 */
import {drawGray} from "../charts/pixel-maps.js";
import {mapCanvas} from "./draw.js";

export class LayerGrids {
  /** @param {HTMLElement} root  @param {function(number, number): void} onSelect  (layer index, channel) */
  constructor(root, onSelect) {
    this.root = root;
    this.onSelect = onSelect;
    this.layers = [];      // unit layers as the engine lists them
    this.tiles = new Map(); // "layer:channel" -> {button, canvas?, bar?, value}
    this.selected = null;
  }

  /** Build the grids for `layers` ({index, name, kind, shape}); keeps the selection if it still exists. */
  build(layers) {
    this.layers = layers;
    this.tiles.clear();
    this.root.replaceChildren();
    for (const layer of layers) {
      const section = document.createElement("section");
      section.className = "layer-block layer-" + layer.kind;
      const heading = document.createElement("h3");
      heading.id = "layer-heading-" + layer.index;
      heading.textContent = layer.name + " \u00b7 " + layer.shape[0] + (layer.kind === "conv"
        ? " channels, " + layer.shape[1] + "\u00d7" + layer.shape[2] + (layer.name.startsWith("conv") ? " (after ReLU)" : "")
        : (layer.name === "logits" ? " classes (logits)" : " units"));
      const grid = document.createElement("div");
      grid.className = "unit-grid";
      grid.setAttribute("role", "group");
      grid.setAttribute("aria-labelledby", heading.id);
      for (let c = 0; c < layer.shape[0]; c++) grid.appendChild(this._tile(layer, c));
      grid.addEventListener("keydown", (e) => this._arrows(e, layer));
      section.append(heading, grid);
      this.root.appendChild(section);
    }
    if (this.selected) this.mark(this.selected.layer, this.selected.channel);
  }

  _tile(layer, c) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "unit-tile";
    button.dataset.layer = String(layer.index);
    button.dataset.channel = String(c);
    button.setAttribute("aria-pressed", "false");
    const tile = {button, value: 0};
    if (layer.kind === "conv") {
      tile.canvas = mapCanvas(layer.name + " channel " + c, "unit-map tile-map");
      tile.canvas.setAttribute("aria-hidden", "true");
      button.appendChild(tile.canvas);
    } else {
      const label = document.createElement("span");
      label.className = "tile-label";
      label.textContent = String(c);
      const track = document.createElement("span");
      track.className = "tile-track";
      tile.bar = document.createElement("span");
      tile.bar.className = "tile-bar";
      track.appendChild(tile.bar);
      button.append(label, track);
    }
    button.addEventListener("click", () => this.onSelect(layer.index, c));
    this.tiles.set(layer.index + ":" + c, tile);
    this._label(layer, c, null);
    return button;
  }

  _label(layer, c, value) {
    const what = layer.name === "logits" ? "class " + c + " logit" : layer.name + " unit " + c;
    const text = value === null ? "" : (layer.kind === "conv" ? ", peak " : ", value ") + value.toFixed(2);
    this.tiles.get(layer.index + ":" + c).button.setAttribute("aria-label", what + text);
  }

  /** Draw the activations ({index, values} per layer) of the current digit. */
  update(layers) {
    for (const layer of layers) {
      const meta = this.layers.find((l) => l.index === layer.index);
      if (!meta) continue;
      const n = meta.shape[0];
      const size = layer.values.length / n;
      let top = 0;
      for (const v of layer.values) top = Math.max(top, Math.abs(v));
      for (let c = 0; c < n; c++) {
        const tile = this.tiles.get(meta.index + ":" + c);
        const values = layer.values.subarray(c * size, (c + 1) * size);
        let peak = -Infinity;
        for (const v of values) peak = Math.max(peak, v);
        tile.value = peak;
        if (tile.canvas) {
          drawGray(tile.canvas, values, meta.shape[2], meta.shape[1], top);
        } else {
          // A diverging bar from the track's middle: right for positive, left for negative values.
          const half = top > 0 ? 50 * Math.abs(peak) / top : 0;
          tile.bar.style.width = half.toFixed(1) + "%";
          tile.bar.style.left = (peak < 0 ? 50 - half : 50).toFixed(1) + "%";
          tile.bar.classList.toggle("negative", peak < 0);
        }
        this._label(meta, c, peak);
      }
    }
  }

  mark(layer, channel) {
    this.selected = {layer, channel};
    for (const [key, tile] of this.tiles) tile.button.setAttribute("aria-pressed", String(key === layer + ":" + channel));
  }

  _arrows(e, layer) {
    const step = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1}[e.key];
    const current = e.target.closest(".unit-tile");
    if (!step || !current) return;
    e.preventDefault();
    const n = layer.shape[0];
    const next = (Number(current.dataset.channel) + step + n) % n;
    this.tiles.get(layer.index + ":" + next).button.focus();
  }
}
