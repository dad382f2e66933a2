/*
 * The network diagram: every neuron as a small heatmap of its output over the input plane,
 * links coloured by the weight's sign and sized by its magnitude, input features as toggles,
 * +/- buttons for hidden layers and neurons. Editing a weight or bias goes through the
 * ParamEditor popover (views/param-editor.js).
 */
import {paint, valueToCSS} from "../../charts/colormaps.js";
import {explainNeuron} from "./explanations.js";
import {featureGrid} from "../grid/feature-grid.js";
import {LIMITS} from "../../generated/vocabulary.js";

const SVG = "http://www.w3.org/2000/svg";
const NODE = 36;       // css px of a node's heatmap
const GAP = 12;        // vertical gap between nodes
const MIN_COLUMN = 64; // css px between columns before the diagram is scaled down
const TOP = 50;        // room for the per-layer +/- buttons and "N neurons"
const PREVIEW = 32;    // cells per side of a feature's preview

function svgEl(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function htmlEl(tag, attrs, parent, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

export class NetworkView {
  /**
   * @param {HTMLElement} root  container; the view fills it
   * @param {object} actions   {toggleFeature(name), setShape(shape), editNode(node, anchor), editLink(link, anchor)}
   */
  constructor(root, actions) {
    this.root = root;
    this.actions = actions;
    this.key = null;
    this.nodes = [];   // per column: [{el, canvas, layer, index, feature?}]
    this.links = [];   // links[l][i][j]: {path, layer, i, j, value}
    this.model = null;
    this.maxHeight = null; // px, in embed frames (setMaxHeight)
    this.tooltip = htmlEl("div", {class: "net-tooltip", role: "tooltip", hidden: ""}, document.body);
    if (typeof ResizeObserver !== "undefined") new ResizeObserver(() => this._fit()).observe(this.root);
  }

  /**
   * Lay out the diagram. `features`: [{name, label, enabled}] for the input column;
   * `shape`: hidden layer sizes; `outputs`: output units; `activation`: hidden activation name.
   */
  setShape({features, shape, outputs, activation}) {
    const key = JSON.stringify([features, shape, outputs, activation]);
    if (key === this.key) return;
    this.key = key;
    const refocus = this._focusSelector();
    this.root.textContent = "";
    const columns = [features.length].concat(shape, [outputs]);
    // Columns as wide as the panel allows, at least MIN_COLUMN apart; a diagram still wider than the
    // panel is scaled down to fit (_fit), never cut off.
    const width = Math.max(this.root.clientWidth || 560, 170 + MIN_COLUMN * (columns.length - 1));
    const tallest = Math.max(...columns);
    const height = TOP + tallest * (NODE + GAP);
    const stage = htmlEl("div", {class: "network-stage"}, this.root);
    stage.style.height = height + "px";
    stage.style.width = width + "px";
    this.stage = stage;
    this.stageSize = {width, height};
    this.svg = svgEl("svg", {width, height, class: "network-links", "aria-hidden": "true"}, stage);
    const x = (c) => 90 + (c * (width - 150)) / (columns.length - 1);
    const y = (c, i) => TOP + i * (NODE + GAP) + ((tallest - columns[c]) * (NODE + GAP)) / 2;
    this.position = {x, y};

    this.nodes = columns.map((count, c) => {
      const column = [];
      // A hidden layer's +/- come first in the document, so the keyboard meets them before its neurons.
      if (c > 0 && c <= shape.length) this._layerButtons(stage, shape, c - 1, x(c));
      for (let i = 0; i < count; i++) {
        const feature = c === 0 ? features[i] : null;
        const layerName = c === 0 ? "input" : c === columns.length - 1 ? "output" : "hidden layer " + c;
        const label = feature ? feature.label : layerName + ", neuron " + (i + 1);
        const node = htmlEl("button", {type: "button", class: "neuron", "data-layer": c, "data-index": i}, stage);
        node.style.left = x(c) - NODE / 2 + "px";
        node.style.top = y(c, i) + "px";
        const canvas = htmlEl("canvas", {width: 32, height: 32, "aria-hidden": "true"}, node);
        if (feature) {
          if (!feature.enabled) this._paint(canvas, featureGrid(feature.name, PREVIEW), PREVIEW); // faded preview
          node.classList.toggle("disabled", !feature.enabled);
          node.setAttribute("aria-pressed", String(feature.enabled));
          node.setAttribute("aria-label", "Input feature " + feature.label + (feature.enabled ? ", on" : ", off") +
                            ". Press to turn it " + (feature.enabled ? "off" : "on") + ".");
          htmlEl("span", {class: "neuron-label"}, node, feature.label);
          node.addEventListener("click", () => this.actions.toggleFeature(feature.name));
        } else {
          node.setAttribute("aria-label", label + ". Press to read or edit its bias and incoming weights.");
          node.addEventListener("click", () => this.actions.editNode({layer: c, index: i, label}, node));
        }
        // Written when shown, so it names the colours of the palette in use.
        const text = () => (feature ? label : this._biasText(c, i) + explainNeuron(c, columns.length - 1, activation, outputs));
        const tip = () => {
          this.hovered = {anchor: node, text};
          this._showTip(node, text());
          // TF Playground's gesture: the hovered neuron's heatmap fills the output plot.
          const entry = this.nodes[c] && this.nodes[c][i];
          if (entry && entry.enabled && this.actions.hoverNode) {
            this.actions.hoverNode({layer: c, row: this.nodes[c].filter((n) => n.enabled).indexOf(entry)});
          }
        };
        const untip = () => {
          this._hideTip();
          if (this.actions.hoverNode) this.actions.hoverNode(null);
        };
        node.addEventListener("mouseenter", tip);
        node.addEventListener("focus", tip);
        node.addEventListener("mouseleave", untip);
        node.addEventListener("blur", untip);
        node.addEventListener("mouseenter", () => this._highlight(c, i));
        node.addEventListener("mouseleave", () => this._highlight(null));
        column.push({el: node, canvas, layer: c, index: i, x: x(c), y: y(c, i), enabled: !feature || feature.enabled});
      }
      return column;
    });
    this._buildLinks();
    this._fit();
    const again = refocus && this.root.querySelector(refocus);
    if (again) again.focus(); // keyboard users keep their place when the diagram is rebuilt
  }

  /** A selector for the focused control of the diagram, to find it again after a rebuild. */
  _focusSelector() {
    const el = document.activeElement;
    if (!el || !this.root.contains(el)) return null;
    if (el.dataset.focusKey) return '[data-focus-key="' + el.dataset.focusKey + '"]';
    if (el.dataset.layer !== undefined) return '.neuron[data-layer="' + el.dataset.layer + '"][data-index="' + el.dataset.index + '"]';
    return null;
  }

  _buildLinks() {
    // weights[l][i][j] joins the i-th *enabled* node of column l to node j of column l + 1.
    const active = this.nodes.map((column) => column.filter((n) => n.enabled));
    this.links = [];
    for (let c = 0; c + 1 < active.length; c++) {
      const layer = active[c].map((from) => active[c + 1].map((to) => {
        const x1 = from.x + NODE / 2, y1 = from.y + NODE / 2, x2 = to.x - NODE / 2, y2 = to.y + NODE / 2;
        const mid = (x1 + x2) / 2;
        const d = "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + "," + y2;
        const path = svgEl("path", {d, class: "link", stroke: "#bbb", "stroke-width": 1, fill: "none"}, this.svg);
        const link = {path, layer: c, i: active[c].indexOf(from), j: to.index, value: 0};
        path.addEventListener("mouseenter", (e) => {
          this.hovered = {anchor: e, text: () => link.dead
            ? "Dead link: L1 regularization pushed its weight across zero, so it stays 0 (click to revive it)"
            : "Weight " + link.value.toFixed(3) + " (click to edit)"};
          this._showTip(e, this.hovered.text());
          this._highlight(null, null, link);
        });
        path.addEventListener("mouseleave", () => {
          this._hideTip();
          this._highlight(null);
        });
        path.addEventListener("click", (e) => this.actions.editLink(link, e));
        return link;
      }));
      this.links.push(layer);
    }
  }

  /**
   * Emphasize what the pointer is on: a node's links (column c, node i) or one link; others fade.
   * null: back to normal.
   */
  _highlight(c, i, only = null) {
    const on = c !== null || only !== null;
    this.svg.classList.toggle("dim", on);
    for (const layer of this.links) {
      for (const row of layer) {
        for (const link of row) {
          const mine = only ? link === only : on && this._touches(link, c, i);
          link.path.classList.toggle("highlight", mine);
        }
      }
    }
  }

  /** Does `link` start or end at node i of column c (indices among the enabled nodes for inputs)? */
  _touches(link, c, i) {
    const index = (column, k) => this.nodes[column].filter((n) => n.enabled).indexOf(this.nodes[column][k]);
    return (link.layer === c && link.i === index(c, i)) || (link.layer + 1 === c && link.j === i);
  }

  _paint(canvas, values, resolution, discretize = false) {
    if (canvas.width !== resolution) canvas.width = resolution; // resizing would reallocate it every frame
    if (canvas.height !== resolution) canvas.height = resolution;
    const ctx = canvas.getContext("2d");
    const image = ctx.createImageData(resolution, resolution);
    paint(image, values, {discretize});
    ctx.putImageData(image, 0, 0);
  }

  _layerButtons(stage, shape, l, left) {
    const count = shape[l];
    const group = htmlEl("div", {class: "layer-buttons ui-numHiddenLayers", role: "group",
                                 "aria-label": "Hidden layer " + (l + 1) + ": " + count + " neurons"}, stage);
    group.style.left = left - 38 + "px";
    const change = (delta) => {
      const next = shape.slice();
      next[l] = count + delta;
      this.actions.setShape(next);
    };
    const minus = htmlEl("button", {type: "button", "data-focus-key": "minus-" + l,
                                    "aria-label": "Remove a neuron from hidden layer " + (l + 1)}, group, "−");
    minus.dataset.atLimit = String(count <= 1); // controls.js disables it there, and until the engine is up
    minus.setAttribute("data-needs-engine", "");
    minus.setAttribute("data-explorable", "");
    minus.disabled = count <= 1;
    minus.addEventListener("click", () => change(-1));
    const plus = htmlEl("button", {type: "button", "data-focus-key": "plus-" + l,
                                   "aria-label": "Add a neuron to hidden layer " + (l + 1)}, group, "+");
    plus.dataset.atLimit = String(count >= LIMITS.units);
    plus.setAttribute("data-needs-engine", "");
    plus.setAttribute("data-explorable", "");
    plus.disabled = count >= LIMITS.units;
    plus.addEventListener("click", () => change(1));
    htmlEl("span", {class: "layer-size", "aria-hidden": "true"}, group, count + (count === 1 ? " neuron" : " neurons"));
  }

  /** At most `px` tall (embed frames), or no limit with null; the diagram scales down to fit. */
  setMaxHeight(px) {
    if (px === this.maxHeight) return;
    this.maxHeight = px;
    this._fit();
  }

  /** Scale the diagram down to the panel's width (and maxHeight; never up); the panel's height follows. */
  _fit() {
    if (!this.stage) return;
    const available = this.root.clientWidth;
    let scale = available > 0 ? Math.min(1, available / this.stageSize.width) : 1;
    if (this.maxHeight) scale = Math.min(scale, this.maxHeight / this.stageSize.height);
    this.stage.style.transform = scale < 1 ? "scale(" + scale.toFixed(4) + ")" : "";
    this.root.style.overflowX = scale < 1 ? "hidden" : "";
    this.root.style.height = scale < 1 ? Math.ceil(this.stageSize.height * scale) + "px" : "";
    this.scale = scale;
  }

  /** Colour the links from a model (nn.MLP.to_dict()); a hovered link or node reads out live. */
  setWeights(model) {
    this.model = model;
    if (!model) return;
    model.weights.forEach((w, l) => w.forEach((row, i) => row.forEach((value, j) => {
      const link = this.links[l] && this.links[l][i] && this.links[l][i][j];
      if (!link) return;
      link.value = value;
      // A link L1 switched off for good (TF Playground's dead links) is drawn as a thin dashed line.
      link.dead = Boolean(model.dead && model.dead[l] && model.dead[l][i] && model.dead[l][i][j]);
      link.path.classList.toggle("dead", link.dead);
      link.path.setAttribute("stroke", link.dead ? "#999" : valueToCSS(Math.sign(value)));
      link.path.setAttribute("stroke-width", link.dead ? "1" : Math.min(8, 0.4 + Math.abs(value) * 2).toFixed(2));
    })));
    if (this.hovered) this.tooltip.textContent = this.hovered.text();
  }

  /** Paint every node: `neurons` (n_neurons * res * res) in `layout` order ([[layer, count], ...]). */
  setNeuronGrids(neurons, layout, resolution, {discretize = false} = {}) {
    const cells = resolution * resolution;
    let row = 0;
    for (const [layer, count] of layout) {
      const column = this.nodes[layer] || [];
      const enabled = column.filter((n) => n.enabled);
      for (let k = 0; k < count; k++, row++) {
        const node = enabled[k];
        if (node) this._paint(node.canvas, neurons.subarray(row * cells, (row + 1) * cells), resolution, discretize && layer > 0);
      }
    }
  }

  /** Show each node's relevance at the explained point ([{layer, index, value}], enabled nodes), or none. */
  setBadges(badges) {
    for (const badge of this.root.querySelectorAll(".neuron-badge")) badge.remove();
    if (!badges) return;
    for (const {layer, index, value} of badges) {
      const node = (this.nodes[layer] || []).filter((n) => n.enabled)[index];
      if (!node) continue;
      const text = (value >= 0 ? "+" : "") + (Math.abs(value) >= 100 ? value.toExponential(1) : value.toFixed(2));
      htmlEl("span", {class: "neuron-badge " + (value >= 0 ? "positive" : "negative"), title: "relevance " + value}, node.el, text);
    }
  }

  _biasText(column, index) {
    const biases = this.model && this.model.biases[column - 1];
    return biases && biases[index] !== undefined ? "Bias " + biases[index].toFixed(3) + ". " : "";
  }

  _showTip(anchor, text) {
    const rect = anchor.getBoundingClientRect ? anchor.getBoundingClientRect() : {left: anchor.clientX, top: anchor.clientY, width: 0};
    this.tooltip.textContent = text;
    this.tooltip.hidden = false;
    this.tooltip.style.left = window.scrollX + rect.left + (rect.width || 0) + 8 + "px";
    this.tooltip.style.top = window.scrollY + rect.top - 4 + "px";
  }

  _hideTip() {
    this.hovered = null;
    this.tooltip.hidden = true;
  }
}
