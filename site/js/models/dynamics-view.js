/*
 * Per-layer training dynamics as small multiples, after DGMTracker's snapshot view: one
 * row per layer, one column per metric, one tiny chart per cell over the epochs. Every
 * chart in a column shares its y scale (log for the norms and the update ratio), so a layer
 * whose gradient explodes or whose activations die stands out; such cells are also flagged
 * in words.
 *
 * history.layers: {"<node id>": {weight_norm, grad_norm, update_ratio, act_mean, act_std}}
 * (arrays over history.epoch; a layer without weights may leave the weight metrics out).
 */
import {lineChart, extent} from "../charts/line-chart.js";
import {formatNumber} from "../charts/svg.js";

export const METRICS = [
  {key: "weight_norm", title: "Weight norm", log: true},
  {key: "grad_norm", title: "Gradient norm", log: true},
  {key: "update_ratio", title: "Update / weight", log: true},
  {key: "act_mean", title: "Activation mean", log: false},
  {key: "act_std", title: "Activation std", log: false},
];
const FACTOR = 10; // a last value this many times above or below its column's median is flagged

/**
 * Fill `root` with the table. `labels`: node id -> layer label, in graph order (from
 * summary.graph); rows follow that order (a JS object would put "8" before "6.block.0").
 * Returns the flags: [{layer, metric, kind: "high"|"low"|"dead"|"nonfinite", text}].
 */
export function renderDynamics(root, history, labels) {
  const recorded = Object.keys(history.layers || {});
  const layers = Array.from(labels.keys()).filter((id) => recorded.includes(id))
    .concat(recorded.filter((id) => !labels.has(id)));
  root.replaceChildren();
  if (!layers.length) {
    root.textContent = "This model's summary records no per-layer dynamics.";
    return [];
  }
  const flags = findFlags(history.layers, layers);
  const table = document.createElement("table");
  table.className = "dynamics";
  table.createCaption().textContent = "One row per layer, one small chart per measure over " + history.epoch.length +
    " epochs. Each column shares one y scale, so an exploding or dying layer stands out; a flagged cell ends " +
    FACTOR + " times above or below the median layer, or its activations are dead.";
  const head = table.createTHead().insertRow();
  head.appendChild(th("Layer", "col"));
  for (const m of METRICS) head.appendChild(th(m.title + (m.log ? " (log)" : ""), "col"));
  const domains = METRICS.map((m) => extent(layers.flatMap((id) => (history.layers[id][m.key] || [])
    .filter((v) => Number.isFinite(v) && (!m.log || v > 0)))));
  const body = table.createTBody();
  for (const id of layers) {
    const row = body.insertRow();
    const label = labels.get(id) || "layer " + id;
    const rowFlags = flags.filter((f) => f.layer === id);
    const header = th(label, "row");
    const path = document.createElement("span");
    path.className = "layer-id";
    path.textContent = "layer " + id;
    header.appendChild(path);
    if (rowFlags.length) {
      header.classList.add("flagged");
      header.appendChild(badge("\u26a0 " + rowFlags.map((f) => f.text).join("; ")));
    }
    row.appendChild(header);
    METRICS.forEach((m, j) => {
      const cell = row.insertCell();
      const values = history.layers[id][m.key];
      if (!Array.isArray(values) || !values.some(Number.isFinite)) {
        cell.textContent = "\u2013";
        cell.className = "empty";
        cell.setAttribute("aria-label", m.title + ": not recorded for this layer");
        return;
      }
      const flag = rowFlags.find((f) => f.metric === m.key);
      cell.appendChild(lineChart({x: history.epoch, series: [{label: m.title, values, className: "dyn"}],
                                  width: 92, height: 34, compact: true, log: m.log, domain: domains[j],
                                  highlight: flag ? "outlier" : null, title: label + ", " + m.title}));
      const value = document.createElement("div");
      value.className = "cell-value";
      value.textContent = formatNumber(lastFinite(values));
      cell.appendChild(value);
      if (flag) {
        cell.classList.add("outlier");
        cell.appendChild(badge(flag.text));
      }
    });
  }
  root.appendChild(table);
  return flags;
}

/** Layers whose last value of a metric is far from that metric's median over layers. */
export function findFlags(layerHistory, layers) {
  const flags = [];
  for (const m of METRICS) {
    const last = layers.map((id) => ({id, values: layerHistory[id][m.key]}))
      .filter((r) => Array.isArray(r.values) && r.values.length);
    for (const r of last) {
      if (r.values.some((v) => v !== null && !Number.isFinite(v))) {
        flags.push({layer: r.id, metric: m.key, kind: "nonfinite", text: m.title + " not finite"});
      }
    }
    if (m.key === "act_mean") continue; // a mean may sit anywhere; its spread says more
    const finals = last.map((r) => ({id: r.id, v: lastFinite(r.values)})).filter((r) => Number.isFinite(r.v));
    if (m.key === "act_std") {
      for (const r of finals) if (r.v < 1e-6) flags.push({layer: r.id, metric: m.key, kind: "dead", text: "dead (activation std " + formatNumber(r.v) + ")"});
      continue;
    }
    if (finals.length < 3) continue; // a median of fewer layers says little
    const med = median(finals.map((r) => r.v));
    for (const r of finals) {
      if (med > 0 && r.v > FACTOR * med) flags.push({layer: r.id, metric: m.key, kind: "high", text: m.title + " " + formatNumber(r.v / med) + "\u00d7 median"});
      else if (med > 0 && r.v < med / FACTOR) flags.push({layer: r.id, metric: m.key, kind: "low", text: m.title + " " + formatNumber(r.v / med) + "\u00d7 median"});
    }
  }
  return flags;
}

function lastFinite(values) {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return values[i];
  return NaN;
}

function median(values) {
  const s = values.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function th(text, scope) {
  const el = document.createElement("th");
  el.scope = scope;
  el.textContent = text;
  return el;
}

function badge(text) {
  const el = document.createElement("div");
  el.className = "flag";
  el.textContent = text;
  return el;
}
