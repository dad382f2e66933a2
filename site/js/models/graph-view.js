/*
 * A model's architecture as an SVG layered graph, drawn the way TensorFlow's graph
 * visualizer draws one: layers as boxes with their parameter counts, tensor shapes on the
 * edges (thicker for larger tensors), skip connections dashed, and residual blocks as
 * group nodes that open into a cluster and close again on click, Enter or Space.
 */
import {svg, titled, pathThrough} from "../charts/svg.js";
import {formatCount, formatShape, groupIds, visibleGraph} from "./graph-model.js";
import {layout} from "./graph-layout.js";

const NODE_HEIGHT = 40;
const CHAR_WIDTH = 6.6; // average width of a 12px label character, for sizing boxes
const TYPE_CLASS = {Conv2D: "conv", Dense: "dense", BatchNorm1D: "norm", BatchNorm2D: "norm",
                    MaxPool2D: "pool", AvgPool2D: "pool", Flatten: "shape"};
let instances = 0;

export class GraphView {
  /** @param {HTMLElement} root  where the SVG goes; @param {string} name  the model's title */
  constructor(root, name) {
    this.root = root;
    this.name = name;
    this.graph = null;
    this.expanded = new Set();
    this.marker = "graph-arrow-" + (++instances);
  }

  /** Draw `graph` (summary.graph) with every group collapsed. */
  async show(graph) {
    this.graph = graph;
    this.expanded = new Set();
    await this.render();
  }

  /** Open or close group `id`; focus stays on it. */
  async toggle(id) {
    if (this.expanded.has(id)) this.expanded.delete(id);
    else this.expanded.add(id);
    await this.render(id);
  }

  groups() {
    return this.graph ? groupIds(this.graph) : [];
  }

  async render(focusId) {
    const visible = visibleGraph(this.graph, this.expanded);
    const placed = await layout(visible, nodeSize, labelSize);
    const root = svg("svg", {viewBox: "0 0 " + Math.ceil(placed.width) + " " + Math.ceil(placed.height),
                             width: Math.ceil(placed.width), height: Math.ceil(placed.height),
                             role: "group", "aria-label": "Architecture of " + this.name, class: "arch-graph"});
    root.appendChild(defs(this.marker));
    const clusters = svg("g", {class: "clusters"});
    const edges = svg("g", {class: "edges"});
    const nodes = svg("g", {class: "nodes"});
    root.append(clusters, edges, nodes);
    // Clusters first (outermost first), so nested ones and the nodes draw on top.
    for (const node of visible.nodes.filter((n) => n.kind === "cluster")) clusters.appendChild(this._cluster(node, placed.nodes.get(node.id)));
    for (const e of placed.edges) edges.appendChild(this._edge(e));
    for (const node of visible.nodes.filter((n) => n.kind !== "cluster")) nodes.appendChild(this._node(node, placed.nodes.get(node.id)));
    this.root.replaceChildren(root);
    if (focusId != null) {
      const target = root.querySelector('[data-group="' + CSS.escape(focusId) + '"]');
      if (target) target.focus();
    }
  }

  _node(node, box) {
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    const g = svg("g", {class: "node node-" + node.kind + " type-" + (TYPE_CLASS[node.type] || "other"), "data-node": node.id});
    if (node.kind === "add") {
      g.appendChild(svg("circle", {cx: box.x, cy: box.y, r: box.width / 2}));
      g.appendChild(svg("text", {x: box.x, y: box.y + 4, "text-anchor": "middle"}, "+"));
      return titled(g, "Addition: the block's output plus its skip connection");
    }
    g.appendChild(svg("rect", {x, y, width: box.width, height: box.height, rx: node.kind === "io" ? box.height / 2 : 5}));
    const sub = subText(node);
    g.appendChild(svg("text", {x: box.x, y: sub ? y + 16 : box.y + 4, "text-anchor": "middle", class: "node-label"}, node.label));
    if (sub) g.appendChild(svg("text", {x: box.x, y: y + 31, "text-anchor": "middle", class: "node-sub"}, sub));
    const description = node.label + (sub ? ", " + sub : "") + (node.shape && node.kind !== "io" ? ", output " + formatShape(node.shape) : "");
    if (node.kind === "group") {
      g.appendChild(svg("text", {x: x + box.width - 10, y: y + 14, "text-anchor": "middle", class: "toggle-mark"}, "+"));
      this._makeToggle(g, node, description + ". Collapsed block; press Enter to show its layers");
    } else {
      titled(g, description);
    }
    return g;
  }

  _cluster(node, box) {
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    const g = svg("g", {class: "node node-cluster", "data-node": node.id});
    g.appendChild(svg("rect", {x, y, width: box.width, height: box.height, rx: 8}));
    g.appendChild(svg("text", {x: x + 8, y: y + 13, class: "cluster-label"}, "\u2212 " + node.label + " \u00b7 " + paramText(node)));
    this._makeToggle(g, node, node.label + ", " + paramText(node) + ". Expanded block; press Enter to collapse");
    return g;
  }

  _makeToggle(g, node, label) {
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
    g.setAttribute("aria-expanded", String(node.kind === "cluster"));
    g.setAttribute("aria-label", label);
    g.dataset.group = node.id;
    titled(g, label);
    g.addEventListener("click", (event) => {
      event.stopPropagation();
      this.toggle(node.id);
    });
    g.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        this.toggle(node.id);
      }
    });
  }

  _edge({edge, points, label}) {
    const g = svg("g", {class: "edge" + (edge.skip ? " edge-skip" : "")});
    const size = Array.isArray(edge.shape) ? edge.shape.reduce((a, b) => a * b, 1) : 1;
    const width = Math.max(1, Math.min(5, Math.log10(size + 1))); // thicker for larger tensors
    g.appendChild(svg("path", {d: pathThrough(points), "stroke-width": width.toFixed(2), "marker-end": "url(#" + this.marker + ")"}));
    const text = formatShape(edge.shape);
    if (text) g.appendChild(svg("text", {x: label.x, y: label.y + 4, class: "edge-label", "text-anchor": "middle"}, text));
    return titled(g, (edge.skip ? "Skip connection" : "Tensor") + (text ? " of shape " + text : "") + ", from " + edge.from + " to " + edge.to);
  }
}

function paramText(node) {
  return node.params ? formatCount(node.params) + " params" : "";
}

// The second line of a node: parameters, or for input and output the shape (unless named already).
function subText(node) {
  if (node.kind === "group") return [paramText(node), node.children + " layers"].filter(Boolean).join(" \u00b7 ");
  if (node.kind !== "io") return paramText(node);
  const shape = formatShape(node.shape);
  return Array.isArray(node.shape) && node.label.includes(shape) ? "" : shape;
}

function nodeSize(node) {
  if (node.kind === "add") return {width: 22, height: 22};
  const sub = subText(node);
  const chars = Math.max(node.label.length, sub.length) + (node.kind === "group" ? 3 : 0);
  return {width: Math.max(node.kind === "io" ? 80 : 110, Math.ceil(chars * CHAR_WIDTH) + 24), height: NODE_HEIGHT};
}

function labelSize(edge) {
  const text = formatShape(edge.shape);
  return text ? {width: Math.ceil(text.length * 6) + 4, height: 12} : {width: 0, height: 0};
}

function defs(id) {
  const d = svg("defs");
  const marker = svg("marker", {id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
                                orient: "auto-start-reverse", markerUnits: "userSpaceOnUse"});
  marker.appendChild(svg("path", {d: "M0 0 L10 5 L0 10 z", class: "arrow-head"}));
  d.appendChild(marker);
  return d;
}
