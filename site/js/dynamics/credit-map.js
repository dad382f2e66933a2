/*
 * The credit map (DGMTracker's credit assignment view) at one snapshot: one column per unit layer,
 * its neurons grouped by k-means cluster (a shaded band per cluster), each coloured by its forward
 * credit in [-1, 1] (the palette's negative/positive colours), links to the next layer drawn with
 * opacity by |C[i, j]| (the strongest quarter of them).
 */
import {valueToCSS} from "../charts/colormaps.js";
import {svg} from "../charts/svg.js";

const WIDTH = 900;
const HEIGHT = 400;
const R = 5;

function positions(layer, x) {
  const order = layer.clusters.map((c, i) => [c, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const groups = new Set(layer.clusters).size;
  const gap = 8;
  const step = Math.min(2 * R + 2, (HEIGHT - 40 - gap * (groups - 1)) / Math.max(1, layer.units));
  let y = 20 + (HEIGHT - 40 - gap * (groups - 1) - step * layer.units) / 2;
  const out = new Array(layer.units);
  const bands = [];
  let previous = null;
  for (const [cluster, i] of order) {
    if (previous !== null && cluster !== previous) y += gap;
    if (cluster !== previous) bands.push({cluster, y0: y});
    out[i] = [x, y + step / 2];
    y += step;
    bands[bands.length - 1].y1 = y;
    previous = cluster;
  }
  return {at: out, bands, radius: Math.max(1.5, Math.min(R, step / 2 - 0.5))};
}

export function renderCreditMap(root, data, snapshot) {
  const layers = data.layers;
  const xs = layers.map((_, k) => 40 + k * (WIDTH - 80) / Math.max(1, layers.length - 1));
  const placed = layers.map((layer, k) => positions(layer, xs[k]));
  const map = svg("svg", {viewBox: "0 0 " + WIDTH + " " + HEIGHT, width: WIDTH, height: HEIGHT, role: "img",
                          class: "credit-map", "aria-label": "Credit map at step " + data.steps[snapshot] +
                          ": " + layers.map((l) => l.name + " (" + l.units + " units)").join(", ")});
  layers.forEach((layer, k) => {
    for (const band of placed[k].bands) {
      map.appendChild(svg("rect", {x: xs[k] - 14, y: band.y0 - 2, width: 28, height: band.y1 - band.y0 + 4,
                                   rx: 4, class: "cluster-band cluster-" + (band.cluster % 6)}));
    }
    map.appendChild(svg("text", {x: xs[k], y: HEIGHT - 6, "text-anchor": "middle", class: "layer-name"}, layer.name));
  });
  layers.forEach((layer, k) => {
    if (!layer.links) return;
    const [n, m] = layer.links_shape;
    const links = layer.links[snapshot];
    const magnitudes = links.map(Math.abs);
    const sorted = magnitudes.slice().sort((a, b) => b - a);
    const threshold = sorted[Math.floor(sorted.length / 4)] || 0;
    const peak = sorted[0] || 1;
    const group = svg("g", {class: "links"});
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const v = links[i * m + j];
        if (Math.abs(v) < threshold || !(Math.abs(v) > 0)) continue;
        const [x1, y1] = placed[k].at[i];
        const [x2, y2] = placed[k + 1].at[j];
        group.appendChild(svg("line", {x1, y1, x2, y2, stroke: valueToCSS(v > 0 ? 1 : -1),
                                       "stroke-opacity": (0.1 + 0.6 * Math.abs(v) / peak).toFixed(3)}));
      }
    }
    map.appendChild(group);
  });
  layers.forEach((layer, k) => {
    const credit = layer.credit ? layer.credit[snapshot] : null;
    layer.clusters.forEach((cluster, i) => {
      const [cx, cy] = placed[k].at[i];
      const value = credit ? credit[i] : 0;
      const dot = svg("circle", {cx, cy, r: placed[k].radius, fill: credit ? valueToCSS(value) : "#ccc",
                                 class: "neuron", "data-layer": k, "data-unit": i});
      const title = svg("title", {}, layer.name + " unit " + i + ", cluster " + (cluster + 1) +
                        (credit ? ", credit " + value.toFixed(2) : " (output layer: no next layer)"));
      dot.appendChild(title);
      map.appendChild(dot);
    });
  });
  root.replaceChildren(map);
}
