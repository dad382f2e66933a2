/*
 * Epoch counter, train and test loss numbers, and a small loss-over-time chart
 * (test loss in black, train loss in grey, as TF Playground draws them).
 */
export class LossView {
  constructor({epoch, trainLoss, testLoss, chart}) {
    this.epoch = epoch;
    this.trainLoss = trainLoss;
    this.testLoss = testLoss;
    this.chart = chart;
    this.history = []; // [{epoch, train, test}]
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

  drawChart() {
    const ctx = this.chart.getContext("2d");
    const {width, height} = this.chart;
    ctx.clearRect(0, 0, width, height);
    if (this.history.length < 2) return;
    const max = Math.max(1e-9, ...this.history.map((h) => Math.max(h.train || 0, h.test || 0)));
    const line = (key, color) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      this.history.forEach((h, i) => {
        const x = (i / (this.history.length - 1)) * width;
        const y = height - ((h[key] || 0) / max) * (height - 2) - 1;
        if (i) ctx.lineTo(x, y); else ctx.moveTo(x, y);
      });
      ctx.stroke();
    };
    line("train", "#999");
    line("test", "#000");
  }
}

function format(v) {
  return v === null || v === undefined ? "–" : v.toFixed(3);
}
