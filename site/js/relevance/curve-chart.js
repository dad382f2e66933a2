/*
 * Perturbation curves (Samek et al. 2017, Fig. 3 style): the mean class score after k of L
 * regions were perturbed, one line per method; MoRF solid, LeRF dashed. Hand-written SVG with
 * an accessible label that states each curve's start and end.
 */
import {svg, titled, pathThrough, formatNumber} from "../charts/svg.js";

// Okabe-Ito, distinct for common colour-vision deficiencies; "random" is always grey.
export const SERIES_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

/**
 * @param {object} o
 *   series: [{label, values: number[] (k = 0..L), color, dashed}]
 *   width, height: pixels; title: accessible name; yLabel: the score's name
 */
export function curveChart({series, width = 440, height = 250, title, yLabel = "class score"}) {
  const pad = {l: 42, r: 10, t: 10, b: 32};
  const steps = Math.max(1, ...series.map((s) => s.values.length - 1));
  const px = (k) => pad.l + (width - pad.l - pad.r) * k / steps;
  const py = (v) => pad.t + (height - pad.t - pad.b) * (1 - v);
  const describe = series.map((s) => s.label + " from " + formatNumber(s.values[0]) + " to " +
                                     formatNumber(s.values[s.values.length - 1])).join("; ");
  const root = svg("svg", {viewBox: "0 0 " + width + " " + height, width, height, role: "img",
                           class: "curve-chart", "aria-label": title + ". " + describe});
  root.appendChild(svg("rect", {x: 0.5, y: 0.5, width: width - 1, height: height - 1, class: "frame"}));
  const axis = svg("g", {class: "axis"});
  for (const v of [0, 0.5, 1]) {
    axis.appendChild(svg("line", {x1: pad.l, x2: width - pad.r, y1: py(v), y2: py(v), class: "grid"}));
    axis.appendChild(svg("text", {x: pad.l - 4, y: py(v) + 4, "text-anchor": "end"}, String(v)));
  }
  for (const k of [0, Math.round(steps / 2), steps]) {
    axis.appendChild(svg("text", {x: px(k), y: height - 18, "text-anchor": "middle"}, String(k)));
  }
  axis.appendChild(svg("text", {x: (pad.l + width - pad.r) / 2, y: height - 4, "text-anchor": "middle"},
                       "regions perturbed (k)"));
  axis.appendChild(svg("text", {x: 10, y: pad.t + (height - pad.t - pad.b) / 2, "text-anchor": "middle",
                                transform: "rotate(-90 10 " + (pad.t + (height - pad.t - pad.b) / 2) + ")"}, yLabel));
  root.appendChild(axis);
  for (const s of series) {
    const points = s.values.map((v, k) => ({x: px(k), y: py(Math.max(0, Math.min(1, v)))}));
    const line = svg("path", {d: pathThrough(points), class: "series" + (s.dashed ? " dashed" : ""),
                              stroke: s.color, "data-label": s.label});
    root.appendChild(titled(line, s.label));
  }
  return root;
}
