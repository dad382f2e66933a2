/*
 * Epoch counter, train and test loss numbers, and a loss-over-time chart (test loss in
 * black, train loss in grey, as TF Playground draws them) that reads out values on hover.
 */
export class LossView {
  constructor({epoch, trainLoss, testLoss, chart, readout}) {
    this.epoch = epoch;
    this.trainLoss = trainLoss;
    this.testLoss = testLoss;
    this.chart = chart;
    this.readout = readout;
    this.history = []; // [{epoch, train, test}]
    this.hover = null; // index into history under the pointer
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
    this.drawChart();
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
    const max = Math.max(1e-9, ...this.history.map((h) => Math.max(h.train || 0, h.test || 0)));
    const px = (i) => (i / (this.history.length - 1)) * width;
    const py = (v) => height - ((v || 0) / max) * (height - 2) - 1;
    const line = (key, color) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      this.history.forEach((h, i) => (i ? ctx.lineTo(px(i), py(h[key])) : ctx.moveTo(px(i), py(h[key]))));
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
