/*
 * A model's training curves from summary.history: loss and accuracy per epoch, train and
 * test, each chart with a legend and the final values in words.
 */
import {lineChart} from "../charts/line-chart.js";
import {formatNumber} from "../charts/svg.js";

export function renderTrainingCurves(root, history) {
  root.replaceChildren();
  const epochs = history.epoch;
  const charts = [
    {title: "Loss", keys: ["train_loss", "test_loss"], log: false},
    {title: "Accuracy", keys: ["train_accuracy", "test_accuracy"], log: false, domain: accuracyDomain(history)},
  ];
  for (const c of charts) {
    const figure = document.createElement("figure");
    figure.className = "curve";
    const caption = document.createElement("figcaption");
    caption.textContent = c.title + " (" + c.keys.map((k) => (k.startsWith("train") ? "train" : "test") + " " +
      formatNumber(last(history[k]))).join(", ") + ")";
    const series = c.keys.map((k) => ({label: (k.startsWith("train") ? "Training " : "Test ") + c.title.toLowerCase(),
                                       values: history[k] || [], className: k.startsWith("train") ? "train" : "test"}));
    figure.append(caption, lineChart({x: epochs, series, width: 300, height: 150, title: c.title + " per epoch",
                                      domain: c.domain, log: c.log}));
    root.appendChild(figure);
  }
  const legend = document.createElement("p");
  legend.className = "legend";
  legend.innerHTML = '<span class="key train"></span> training <span class="key test"></span> test';
  root.appendChild(legend);
}

function last(values) {
  return values && values.length ? values[values.length - 1] : NaN;
}

// Accuracy near 1 reads best on a range that starts at the lowest value seen, not 0.
function accuracyDomain(history) {
  const values = [].concat(history.train_accuracy || [], history.test_accuracy || []).filter(Number.isFinite);
  if (!values.length) return [0, 1];
  return [Math.max(0, Math.floor(Math.min(...values) * 20) / 20), 1];
}
