/*
 * Epoch counter, train and test loss numbers, and a loss-over-time chart (test loss in
 * black, train loss in grey, as TF Playground draws them) that reads out values on hover.
 * The numbers follow every update; the chart is drawn once per animation frame, at most two
 * points per pixel column.
 */
import {oncePerFrame} from "./next-frame.js";

export class LossView {
  constructor({epoch, trainLoss, testLoss, chart, readout}) {
    this.epoch = epoch;
    this.trainLoss = trainLoss;
    this.testLoss = testLoss;
    this.chart = chart;
    this.readout = readout;
    this.history = []; // [{epoch, train, test}]
    this.hover = null; // index into history under the pointer
    this.scheduleChart = oncePerFrame(() => this.drawChart());
    chart.addEventListener("mousemove", (e) => this._onHover(e));
    chart.addEventListener("mouseleave", () => { this.hover = null; this.readout.textContent = ""; this.drawChart(); });
  }

  clear() {
    this.history = [];
  }

  update(stats) {
    this.epoch.textContent = String(stats.epoch).padStart(6, "0");
    this.trainLoss.textContent = format(stats.train_loss);
    this.testLoss.textContent = format(stats.test_loss);
    const last = this.history[this.history.length - 1];
    if (!last || last.epoch !== stats.epoch) {
      this.history.push({epoch: stats.epoch, train: stats.train_loss, test: stats.test_loss});
      if (this.history.length > 2000) this.history = this.history.filter((_, i) => i % 2 === 0);
    }
    this.scheduleChart();
  }

  _onHover(e) {
    if (this.history.length < 2) return;
    const rect = this.chart.getBoundingClientRect();
    const t = Math.max(0, Math.min(1, (e.clientX - rect.left) / rect.width));
    this.hover = Math.round(t * (this.history.length - 1));
    const h = this.history[this.hover];
    this.readout.textContent = "Epoch " + h.epoch + ": test loss " + format(h.test) + ", training loss " + format(h.train);
    this.drawChart();
  }

  drawChart() {
    const ctx = this.chart.getContext("2d");
    const {width, height} = this.chart;
    ctx.clearRect(0, 0, width, height);
    if (this.history.length < 2) return;
    let max = 1e-9;
    for (const h of this.history) max = Math.max(max, h.train || 0, h.test || 0);
    const last = this.history.length - 1;
    const px = (i) => (i / last) * width;
    const py = (v) => height - ((v || 0) / max) * (height - 2) - 1;
    const every = Math.max(1, Math.floor(last / (2 * width))); // about two points per pixel column
    const line = (key, color) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(px(0), py(this.history[0][key]));
      for (let i = every; i < last; i += every) ctx.lineTo(px(i), py(this.history[i][key]));
      ctx.lineTo(px(last), py(this.history[last][key]));
      ctx.stroke();
    };
    line("train", "#999");
    line("test", "#000");
    if (this.hover !== null) {
      ctx.strokeStyle = "#7b2cbf";
      ctx.beginPath();
      ctx.moveTo(px(this.hover), 0);
      ctx.lineTo(px(this.hover), height);
      ctx.stroke();
    }
  }
}

function format(v) {
  return v === null || v === undefined ? "–" : v.toFixed(3);
}
