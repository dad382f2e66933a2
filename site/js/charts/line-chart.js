/*
 * A small hand-written SVG line chart: one x axis (epochs), one or more series, optional
 * log y scale and a fixed y domain (so small multiples share a scale). Returns an <svg>
 * with role="img" and a label that states the values in words.
 */
import {svg, titled, pathThrough, formatNumber} from "./svg.js";

/**
 * @param {object} o
 *   x: number[]                          x values (epochs), shared by every series
 *   series: [{label, values: number[], className}]
 *   width, height: pixels; title: accessible name; compact: sparkline without axes text
 *   domain: [lo, hi] y range to use (default: the data's); log: log10 y scale (values > 0)
 *   highlight: class added to the frame (e.g. "outlier"); xLabel: the x axis's name (default "epoch")
 */
export function lineChart(o) {
  const {x, series, width = 320, height = 160, compact = false, log = false} = o;
  const pad = compact ? {l: 3, r: 3, t: 3, b: 3} : {l: 46, r: 10, t: 10, b: 28};
  const values = series.flatMap((s) => s.values).filter((v) => Number.isFinite(v) && (!log || v > 0));
  let [lo, hi] = o.domain || extent(values);
  const f = log ? (v) => Math.log10(Math.max(v, 1e-30)) : (v) => v;
  let flo = f(lo);
  let fhi = f(hi);
  if (!(fhi > flo)) { flo -= 0.5; fhi += 0.5; }
  const x0 = x.length ? x[0] : 0;
  const x1 = x.length > 1 ? x[x.length - 1] : x0 + 1;
  const px = (v) => pad.l + (width - pad.l - pad.r) * (v - x0) / (x1 - x0 || 1);
  const py = (v) => pad.t + (height - pad.t - pad.b) * (1 - (f(v) - flo) / (fhi - flo));
  const root = svg("svg", {viewBox: "0 0 " + width + " " + height, width, height, role: "img",
                           class: "line-chart" + (compact ? " compact" : "") + (o.highlight ? " " + o.highlight : ""),
                           "aria-label": o.title + ". " + describe(x, series)});
  root.appendChild(svg("rect", {x: 0.5, y: 0.5, width: width - 1, height: height - 1, class: "frame"}));
  if (!compact) {
    const axis = svg("g", {class: "axis"});
    for (const t of [0, 0.5, 1]) {
      const fv = flo + (fhi - flo) * t;
      const v = log ? Math.pow(10, fv) : fv;
      const y = py(v);
      axis.appendChild(svg("line", {x1: pad.l, x2: width - pad.r, y1: y, y2: y, class: "grid"}));
      axis.appendChild(svg("text", {x: pad.l - 4, y: y + 4, "text-anchor": "end"}, formatNumber(v)));
    }
    axis.appendChild(svg("text", {x: pad.l, y: height - 8}, String(x0)));
    axis.appendChild(svg("text", {x: width - pad.r, y: height - 8, "text-anchor": "end"}, String(x1)));
    axis.appendChild(svg("text", {x: (pad.l + width - pad.r) / 2, y: height - 8, "text-anchor": "middle"}, o.xLabel || "epoch"));
    root.appendChild(axis);
  }
  for (const s of series) {
    const points = [];
    s.values.forEach((v, i) => {
      if (Number.isFinite(v) && (!log || v > 0) && i < x.length) points.push({x: px(x[i]), y: py(v)});
    });
    if (!points.length) continue;
    const line = svg("path", {d: pathThrough(points), class: "series " + (s.className || "")});
    root.appendChild(titled(line, s.label));
    if (points.length === 1) root.appendChild(svg("circle", {cx: points[0].x, cy: points[0].y, r: 2, class: "series-dot " + (s.className || "")}));
  }
  return root;
}

/** [min, max] of finite values, [0, 1] when there are none. */
export function extent(values) {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return [0, 1];
  return [Math.min(...finite), Math.max(...finite)];
}

function describe(x, series) {
  return series.map((s) => {
    const finite = s.values.filter(Number.isFinite);
    if (!finite.length) return s.label + ": no values";
    return s.label + " from " + formatNumber(finite[0]) + " to " + formatNumber(finite[finite.length - 1]) +
      " over " + x.length + " epochs";
  }).join("; ");
}
