/*
 * The network diagram: one column of nodes per layer and a link per weight, drawn in SVG.
 * Link colour follows the weight's sign (blue +, orange -) and width its magnitude.
 */
import {valueToCSS} from "./colors.js";

const SVG = "http://www.w3.org/2000/svg";
const NODE = 28;

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

export class NetworkView {
  /** @param {SVGSVGElement} svg */
  constructor(svg) {
    this.svg = svg;
    this.sizes = null;
    this.links = [];  // links[l][i][j]: <line> from node i of layer l to node j of layer l+1
  }

  /** Lay out the diagram for layer sizes [inputs, hidden..., outputs]. */
  setShape(sizes, inputLabels) {
    if (this.sizes && JSON.stringify(sizes) === JSON.stringify(this.sizes)) return;
    this.sizes = sizes.slice();
    this.svg.textContent = "";
    const width = this.svg.clientWidth || 480;
    const height = Math.max(...sizes) * (NODE + 14) + 30;
    this.svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    this.svg.setAttribute("height", height);
    const x = (l) => 40 + (l * (width - 90)) / (sizes.length - 1);
    const y = (l, i) => 20 + i * (NODE + 14) + ((Math.max(...sizes) - sizes[l]) * (NODE + 14)) / 2;
    const linkGroup = el("g", {class: "links"}, this.svg);
    const nodeGroup = el("g", {class: "nodes"}, this.svg);
    this.links = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const layer = [];
      for (let i = 0; i < sizes[l]; i++) {
        const row = [];
        for (let j = 0; j < sizes[l + 1]; j++) {
          const line = el("line", {x1: x(l), y1: y(l, i) + NODE / 2, x2: x(l + 1), y2: y(l + 1, j) + NODE / 2,
                                   stroke: "#bbb", "stroke-width": 1}, linkGroup);
          el("title", {}, line);
          row.push(line);
        }
        layer.push(row);
      }
      this.links.push(layer);
    }
    sizes.forEach((n, l) => {
      for (let i = 0; i < n; i++) {
        const g = el("g", {class: "node"}, nodeGroup);
        el("rect", {x: x(l) - NODE / 2, y: y(l, i), width: NODE, height: NODE, rx: 3}, g);
        const isOutput = l === sizes.length - 1;
        const label = l === 0 ? inputLabels[i] : isOutput ? "out" : "";
        if (label) {
          const tx = isOutput ? x(l) + NODE / 2 + 4 : x(l) - NODE / 2 - 4;
          const text = el("text", {x: tx, y: y(l, i) + NODE / 2 + 4, "text-anchor": isOutput ? "start" : "end"}, g);
          text.textContent = label;
        }
      }
    });
  }

  /** Colour the links from a saved model (nn.MLP.to_dict()). */
  setWeights(model) {
    if (!model || !this.links.length) return;
    model.weights.forEach((w, l) => {
      w.forEach((row, i) => row.forEach((value, j) => {
        const line = this.links[l] && this.links[l][i] && this.links[l][i][j];
        if (!line) return;
        line.setAttribute("stroke", valueToCSS(Math.sign(value)));
        line.setAttribute("stroke-width", Math.min(8, 0.5 + Math.abs(value) * 2).toFixed(2));
        line.firstChild.textContent = "weight " + value.toFixed(3);
      }));
    });
  }
}
