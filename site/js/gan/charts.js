/* The GAN page's charts: D and G loss, JS and KL divergence (30 x 30 grid), modes covered. */
import {lineChart} from "../charts/line-chart.js";

const MAX_POINTS = 400;   // a long run's history is drawn thinned to about this many points

export function renderCharts(root, full) {
  const stride = Math.max(1, Math.ceil(full.length / MAX_POINTS));
  const history = full.filter((_, i) => i % stride === 0 || i === full.length - 1);
  const x = history.map((h) => h.epoch);
  const pick = (name) => history.map((h) => (h[name] === null ? NaN : h[name]));
  const figure = (caption, chart) => {
    const f = document.createElement("figure");
    const c = document.createElement("figcaption");
    c.innerHTML = caption;
    f.append(c, chart);
    return f;
  };
  root.replaceChildren(
    figure('Loss: <span class="key d-loss">D</span> <span class="key g-loss">G</span>', lineChart({x, width: 300, height: 130, title: "Discriminator and generator loss",
               series: [{label: "D loss", values: pick("dLoss"), className: "d-loss"},
                        {label: "G loss", values: pick("gLoss"), className: "g-loss"}]})),
    figure('<span class="key js">JS divergence</span> (0 to log 2)', lineChart({x, width: 300, height: 130, title: "JS divergence (nats)", domain: [0, Math.log(2)],
               series: [{label: "JS divergence", values: pick("js"), className: "js"}]})),
    figure('<span class="key kl">KL divergence</span> (real to generated)', lineChart({x, width: 300, height: 130, title: "KL divergence (nats)",
               series: [{label: "KL divergence", values: pick("kl"), className: "kl"}]})),
  );
}
