/*
 * Entry point of the Training page (DGMTracker's views for the zoo's digit models): every layer's
 * metrics over training as small multiples; one layer's neurons as polylines, a blue-noise sample
 * beside a random sample of the same size with the outlying lines in red; the credit map with its
 * time slider. Reads the "dynamics" artifacts. Exposes window.dynamics:
 *   ready                     Promise; resolves once the first model is shown
 *   setModel(id), setLayer(k), setMetric(name), setSnapshot(i)   Promises
 *   state()                   {model, models, layer, metric, snapshot, steps, outliersKept, drawn}
 * A missing or corrupt artifact is reported on the page in words.
 */
import "../shell/nav.js";
import {loadManifest, ArtifactError} from "../shell/artifacts.js";
import {lineChart} from "../charts/line-chart.js";
import {drawLines} from "./lines-view.js";
import {renderCreditMap} from "./credit-map.js";

const $ = (selector) => document.querySelector(selector);
const METRIC_LABELS = {act_mean: "activation mean", act_std: "activation std", weight_norm: "weight norm",
                       grad_norm: "gradient norm", update_ratio: "update / weight", dead: "dead units"};

let manifest = null;
let entries = [];
let data = null;
let view = {model: null, layer: 0, metric: "act_mean", snapshot: 0};
const cache = new Map();

function failPage(err) {
  $("#page-status-text").textContent = err.message;
  $("#page-status").hidden = false;
  $("#dynamics-content").hidden = true;
  throw err;
}

async function load(id) {
  const entry = entries.find((e) => e.model === id);
  if (!entry) throw new Error("no dynamics artifact for model '" + id + "'; models: " + entries.map((e) => e.model).join(", "));
  if (!cache.has(id)) cache.set(id, manifest.fetch(entry, {as: "json"}));
  try {
    return await cache.get(id);
  } catch (err) {
    cache.delete(id);
    throw err;
  }
}

function fill(select, options, value) {
  select.replaceChildren(...options.map(([v, label]) => {
    const o = document.createElement("option");
    o.value = String(v);
    o.textContent = label;
    return o;
  }));
  select.value = String(value);
}

function renderLayerCharts() {
  const root = $("#layer-charts");
  const figures = data.metrics.map((metric) => {
    const f = document.createElement("figure");
    const caption = document.createElement("figcaption");
    caption.textContent = METRIC_LABELS[metric] + (metric === "dead" ? " (fraction)" : " (layer mean)");
    f.append(caption, lineChart({
      x: data.steps, width: 220, height: 110, xLabel: "step", title: METRIC_LABELS[metric] + " per layer over training steps",
      series: data.layers.map((l, k) => ({label: l.name, values: l.layer_series[metric], className: "layer-" + k})),
    }));
    return f;
  });
  const legend = document.createElement("p");
  legend.className = "hint layer-legend";
  legend.innerHTML = data.layers.map((l, k) => '<span class="key layer-' + k + '">' + l.name + "</span>").join(" ");
  root.replaceChildren(legend, ...figures);
}

function renderLines() {
  const layer = data.layers[view.layer];
  const samples = layer.samples[view.metric];
  const series = layer.series[view.metric];
  const showAll = $("#show-all").checked;
  drawLines($("#lines-blue"), series, {sample: samples.blue_noise, outliers: samples.outliers, context: showAll});
  drawLines($("#lines-random"), series, {sample: samples.random, outliers: samples.outliers, context: showAll});
  const n = samples.outliers.length;
  $("#caption-blue").textContent = "Blue-noise sample: " + samples.blue_noise.length + " of " + layer.units +
    " lines; keeps " + samples.kept.blue_noise + " of " + n + " outlying";
  $("#caption-random").textContent = "Random sample: " + samples.random.length + " of " + layer.units +
    " lines; keeps " + samples.kept.random + " of " + n + " outlying";
  $("#outliers-total").textContent = "Over every layer and metric of this model, the blue-noise samples keep " +
    Math.round(100 * data.outliers_kept.blue_noise) + "% of the " + data.outliers + " outlying lines, random samples " +
    Math.round(100 * data.outliers_kept.random) + "%.";
}

function renderMap() {
  renderCreditMap($("#credit-map"), data, view.snapshot);
  $("#snapshot-label").textContent = "step " + data.steps[view.snapshot] + " (" + (view.snapshot + 1) + " of " +
    data.steps.length + ")";
}

async function setModel(id) {
  data = await load(id);
  view = {model: id, layer: Math.min(view.layer, data.layers.length - 1), metric: view.metric,
          snapshot: data.steps.length - 1};
  fill($("#model"), entries.map((e) => [e.model, e.title.replace(/^Training dynamics: /, "")]), id);
  fill($("#layer"), data.layers.map((l, k) => [k, l.name + " (" + l.units + " units)"]), view.layer);
  fill($("#metric"), Object.keys(data.layers[0].samples).map((m) => [m, METRIC_LABELS[m]]), view.metric);
  const slider = $("#snapshot");
  slider.max = String(data.steps.length - 1);
  slider.value = String(view.snapshot);
  $("#training-note").textContent = data.training.epochs + " epoch" + (data.training.epochs === 1 ? "" : "s") + " of " + data.training.train_size +
    " digits, batch " + data.training.batch_size + ", " + data.training.optimizer + " at " + data.training.lr +
    "; a snapshot every " + data.every + " steps (" + data.steps.length + " in all).";
  renderLayerCharts();
  renderLines();
  renderMap();
}

function within(value, count, what) {
  const k = Number(value);
  if (!Number.isInteger(k) || k < 0 || k >= count) throw new Error(what + " must be 0.." + (count - 1));
  return k;
}

const api = {
  setModel,
  async setLayer(k) { view.layer = within(k, data.layers.length, "layer"); $("#layer").value = String(view.layer); renderLines(); },
  async setMetric(m) {
    if (!(m in data.layers[0].samples)) throw new Error("unknown metric " + m);
    view.metric = m; $("#metric").value = m; renderLines();
  },
  async setSnapshot(i) { view.snapshot = within(i, data.steps.length, "snapshot"); $("#snapshot").value = String(i); renderMap(); },
  state() {
    return {model: view.model, models: entries.map((e) => e.model), layer: view.layer, metric: view.metric,
            snapshot: view.snapshot, steps: data ? data.steps.slice() : [], outliersKept: data && data.outliers_kept,
            drawn: document.querySelectorAll("#credit-map circle.neuron").length};
  },
};

$("#model").addEventListener("change", (e) => setModel(e.target.value).catch(failPage));
$("#layer").addEventListener("change", (e) => api.setLayer(Number(e.target.value)));
$("#metric").addEventListener("change", (e) => api.setMetric(e.target.value));
$("#show-all").addEventListener("change", () => renderLines());
$("#snapshot").addEventListener("input", (e) => api.setSnapshot(Number(e.target.value)));

api.ready = (async () => {
  try {
    manifest = await loadManifest();
    entries = manifest.ofKind("dynamics");
    if (!entries.length) {
      throw new ArtifactError("There are no 'dynamics' artifacts in artifacts/manifest.json; build them with " +
                              "'python3 build.py artifacts --only dynamics'.", null);
    }
    await setModel(entries[entries.length - 1].model);
  } catch (err) {
    failPage(err);
  }
})();
window.dynamics = api;
