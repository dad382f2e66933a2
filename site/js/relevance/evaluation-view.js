/*
 * The evaluation of one model (relevance/<model>/evaluation.json): the AOPC / ABPC table with
 * 95% intervals and each method's compressed heatmap size, and the perturbation curves of
 * the methods ticked in the table. Two perturbations: the paper's uniform noise, and erasing
 * a region to the blank background (see pipeline/relevance/jobs.py for why both).
 */
import {curveChart, SERIES_COLORS} from "./curve-chart.js";
import {methodDescription, methodLabel} from "./methods.js";

const SHOWN = ["sensitivity", "deconvnet", "lrp-epsilon", "lrp-alphabeta", "composite-epsilon-plus-box", "random"];
export const PERTURBATION_LABELS = {noise: "uniform noise (the paper's)", erase: "erase to background"};

export class EvaluationView {
  /** @param {{table: HTMLElement, chart: HTMLElement, summary: HTMLElement}} els */
  constructor(els) {
    this.els = els;
    this.data = null;
    this.perturbation = "noise";
    this.shown = new Set(SHOWN);
  }

  /** Check the shape of evaluation.json; throws an Error saying what is missing. */
  static check(data) {
    const ok = data && data.table && data.curves && data.png_bytes && data.table.noise && data.curves.noise;
    if (!ok) throw new Error("evaluation.json has no table, curves and heatmap sizes");
    return data;
  }

  show(data, perturbation = this.perturbation) {
    this.data = EvaluationView.check(data);
    this.perturbation = data.table[perturbation] ? perturbation : "noise";
    const d = data;
    this.els.summary.textContent = d.images + " held-out test digits (" + (100 * d.accuracy).toFixed(1) +
      "% classified correctly), the predicted class explained; " + d.patch + "\u00d7" + d.patch +
      " regions, L = " + d.steps + " steps, " + d.seeds + " noise seeds. Intervals: 95% over digits.";
    this._table();
    this._chart();
  }

  /** The rows shown: [{method, aopc, aopc_ci95, abpc, abpc_ci95, png_bytes}], best AOPC first. */
  rows() {
    if (!this.data) return [];
    const table = this.data.table[this.perturbation];
    return Object.keys(table).map((m) => Object.assign({method: m, png_bytes: this.data.png_bytes[m]}, table[m]))
      .sort((a, b) => b.aopc - a.aopc);
  }

  _table() {
    const table = document.createElement("table");
    table.className = "aopc-table";
    const caption = document.createElement("caption");
    caption.textContent = "Perturbation: " + PERTURBATION_LABELS[this.perturbation] + ". Higher AOPC and ABPC: " +
      "the heatmap found what the score depends on. Smaller PNG: a simpler heatmap.";
    const head = document.createElement("tr");
    for (const text of ["Curve", "Method", "AOPC", "ABPC", "PNG bytes"]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      head.appendChild(th);
    }
    const thead = document.createElement("thead");
    thead.appendChild(head);
    const tbody = document.createElement("tbody");
    for (const r of this.rows()) {
      const row = document.createElement("tr");
      row.dataset.method = r.method;
      if (r.method === "random") row.className = "baseline";
      const tick = document.createElement("input");
      tick.type = "checkbox";
      tick.checked = this.shown.has(r.method);
      tick.setAttribute("aria-label", "Show " + methodLabel(r.method) + " in the chart");
      tick.addEventListener("change", () => {
        if (tick.checked) this.shown.add(r.method); else this.shown.delete(r.method);
        this._chart();
      });
      const name = document.createElement("th");
      name.scope = "row";
      name.textContent = methodLabel(r.method);
      name.title = methodDescription(r.method);
      row.append(cell(tick), name, cell(fmt(r.aopc, r.aopc_ci95)), cell(fmt(r.abpc, r.abpc_ci95)),
                 cell(String(Math.round(r.png_bytes))));
      tbody.appendChild(row);
    }
    table.append(caption, thead, tbody);
    this.els.table.replaceChildren(table);
  }

  _chart() {
    const curves = this.data.curves[this.perturbation];
    const methods = Object.keys(curves).filter((m) => this.shown.has(m));
    const series = [];
    methods.forEach((m, i) => {
      const color = m === "random" ? "#888888" : SERIES_COLORS[i % SERIES_COLORS.length];
      series.push({label: methodLabel(m) + ", MoRF", values: curves[m].morf, color});
      series.push({label: methodLabel(m) + ", LeRF", values: curves[m].lerf, color, dashed: true});
    });
    const chart = curveChart({series, title: "Mean class score as regions are perturbed, most relevant first " +
                                              "(solid) and least relevant first (dashed)"});
    const legend = document.createElement("ul");
    legend.className = "curve-legend";
    legend.setAttribute("aria-label", "Solid lines: most relevant first (MoRF); dashed: least relevant first (LeRF)");
    const key = document.createElement("li");
    key.className = "curve-key";
    key.textContent = "solid: MoRF, dashed: LeRF";
    legend.appendChild(key);
    for (const s of series.filter((x) => !x.dashed)) {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = s.color;
      item.append(swatch, document.createTextNode(s.label.replace(", MoRF", "")));
      legend.appendChild(item);
    }
    this.els.chart.replaceChildren(chart, legend);
  }
}

function cell(content) {
  const td = document.createElement("td");
  if (typeof content === "string") td.textContent = content; else td.appendChild(content);
  return td;
}

function fmt(mean, half) {
  return mean.toFixed(3) + " \u00b1 " + (Number.isFinite(half) ? half.toFixed(3) : "?");
}
