/*
 * The Training views, for a dynamics record (pipeline/dynamics/jobs.py's file or the playground's
 * Session.dynamics()): every layer's metrics as small multiples, one layer's neuron lines as a
 * blue-noise sample beside a random one, the credit map with its slider. Used by the Training page
 * and by the playground's "this run" panel; `els` holds the elements (see DynamicsViews's fields).
 */
import {lineChart} from "../charts/line-chart.js";
import {drawLines} from "./lines-view.js";
import {renderCreditMap} from "./credit-map.js";

export const METRIC_LABELS = {act_mean: "activation mean", act_std: "activation std", weight_norm: "weight norm",
                              grad_norm: "gradient norm", update_ratio: "update / weight", dead: "dead units"};

function fill(select, options, value) {
  select.replaceChildren(...options.map(([v, label]) => {
    const o = document.createElement("option");
    o.value = String(v);
    o.textContent = label;
    return o;
  }));
  select.value = String(value);
}

export class DynamicsViews {
  /**
   * @param {object} els  charts, layer (select), metric (select), showAll (checkbox), linesBlue, linesRandom
   *                      (canvases), captionBlue, captionRandom, total, slider (range), sliderLabel, map
   * @param {string} xLabel  what the snapshots count ("step" or "epoch")
   */
  constructor(els, xLabel = "step") {
    this.els = els;
    this.xLabel = xLabel;
    this.data = null;
    this.view = {layer: 0, metric: "act_mean", snapshot: 0};
    els.layer.addEventListener("change", () => this.setLayer(Number(els.layer.value)));
    els.metric.addEventListener("change", () => this.setMetric(els.metric.value));
    els.showAll.addEventListener("change", () => this.renderLines());
    els.slider.addEventListener("input", () => this.setSnapshot(Number(els.slider.value)));
  }

  show(data) {
    this.data = data;
    const {els, view} = this;
    view.layer = Math.min(view.layer, data.layers.length - 1);
    view.snapshot = data.steps.length - 1;
    fill(els.layer, data.layers.map((l, k) => [k, l.name + " (" + l.units + " units)"]), view.layer);
    fill(els.metric, Object.keys(data.layers[0].samples).map((m) => [m, METRIC_LABELS[m]]), view.metric);
    els.slider.max = String(data.steps.length - 1);
    els.slider.value = String(view.snapshot);
    this.renderLayerCharts();
    this.renderLines();
    this.renderMap();
  }

  setLayer(k) {
    this.view.layer = this._within(k, this.data.layers.length, "layer");
    this.els.layer.value = String(this.view.layer);
    this.renderLines();
  }

  setMetric(m) {
    if (!(m in this.data.layers[0].samples)) throw new Error("unknown metric " + m);
    this.view.metric = m;
    this.els.metric.value = m;
    this.renderLines();
  }

  setSnapshot(i) {
    this.view.snapshot = this._within(i, this.data.steps.length, "snapshot");
    this.els.slider.value = String(i);
    this.renderMap();
  }

  _within(value, count, what) {
    const k = Number(value);
    if (!Number.isInteger(k) || k < 0 || k >= count) throw new Error(what + " must be 0.." + (count - 1));
    return k;
  }

  renderLayerCharts() {
    const {data} = this;
    const figures = data.metrics.map((metric) => {
      const f = document.createElement("figure");
      const caption = document.createElement("figcaption");
      caption.textContent = METRIC_LABELS[metric] + (metric === "dead" ? " (fraction)" : " (layer mean)");
      f.append(caption, lineChart({
        x: data.steps, width: 220, height: 110, xLabel: this.xLabel, title: METRIC_LABELS[metric] + " per layer",
        series: data.layers.map((l, k) => ({label: l.name, values: l.layer_series[metric], className: "layer-" + k})),
      }));
      return f;
    });
    const legend = document.createElement("p");
    legend.className = "hint layer-legend";
    legend.innerHTML = data.layers.map((l, k) => '<span class="key layer-' + (k % 4) + '">' + l.name + "</span>").join(" ");
    this.els.charts.replaceChildren(legend, ...figures);
  }

  renderLines() {
    const {data, els, view} = this;
    const layer = data.layers[view.layer];
    const samples = layer.samples[view.metric];
    const series = layer.series[view.metric];
    const context = els.showAll.checked;
    drawLines(els.linesBlue, series, {sample: samples.blue_noise, outliers: samples.outliers, context});
    drawLines(els.linesRandom, series, {sample: samples.random, outliers: samples.outliers, context});
    const n = samples.outliers.length;
    els.captionBlue.textContent = "Blue-noise sample: " + samples.blue_noise.length + " of " + layer.units +
      " lines; keeps " + samples.kept.blue_noise + " of " + n + " outlying";
    els.captionRandom.textContent = "Random sample: " + samples.random.length + " of " + layer.units +
      " lines; keeps " + samples.kept.random + " of " + n + " outlying";
    els.total.textContent = "Over every layer and metric, the blue-noise samples keep " +
      Math.round(100 * data.outliers_kept.blue_noise) + "% of the " + data.outliers + " outlying lines, random samples " +
      Math.round(100 * data.outliers_kept.random) + "%.";
  }

  renderMap() {
    const {data, view} = this;
    renderCreditMap(this.els.map, data, view.snapshot);
    this.els.sliderLabel.textContent = this.xLabel + " " + data.steps[view.snapshot] + " (" + (view.snapshot + 1) +
      " of " + data.steps.length + ")";
  }
}
