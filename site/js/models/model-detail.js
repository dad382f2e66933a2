/*
 * One model in detail: its architecture graph, training curves, per-layer dynamics and
 * confusion matrix, from its summary.json. Each part draws on its own: a part the summary
 * lacks or that fails shows a message in its place, and the other parts still draw.
 */
import {GraphView} from "./graph-view.js";
import {graphProblems, prettyLabel} from "./graph-model.js";
import {renderTrainingCurves} from "./training-view.js";
import {renderDynamics} from "./dynamics-view.js";
import {renderConfusion} from "./confusion-view.js";
import {formatNumber} from "../charts/svg.js";

export class ModelDetail {
  /** @param {object} els {heading, meta, graph, curves, dynamics, confusion} elements */
  constructor(els) {
    this.els = els;
    this.graphView = null;
    this.flags = [];
    this.entry = null;
  }

  /** Show `entry` (manifest) with `summary` (its summary.json); resolves when all is drawn. */
  async show(entry, summary) {
    this.entry = entry;
    this.els.heading.textContent = entry.title;
    this.els.meta.textContent = describe(entry, summary);
    const history = summary && summary.history;
    const graph = summary && summary.graph;
    const labels = new Map(((graph && graph.nodes) || []).map((n) => [n.id, prettyLabel(n.label)]));
    await Promise.all([
      part(this.els.graph, async () => {
        const problems = graphProblems(graph);
        if (problems.length) throw new Error("the summary's graph is malformed: " + problems.slice(0, 3).join("; "));
        this.graphView = new GraphView(this.els.graph, entry.title);
        await this.graphView.show(graph);
      }),
      part(this.els.curves, () => {
        checkHistory(history);
        renderTrainingCurves(this.els.curves, history);
      }),
      part(this.els.dynamics, () => {
        checkHistory(history);
        this.flags = renderDynamics(this.els.dynamics, history, labels);
      }),
      part(this.els.confusion, () => renderConfusion(this.els.confusion, summary && summary.confusion, entry.title)),
    ]);
  }

  /** Put `message` in every part (the summary itself could not be loaded). */
  fail(entry, message) {
    this.entry = entry;
    this.graphView = null;
    this.els.heading.textContent = entry.title;
    this.els.meta.textContent = "";
    for (const el of [this.els.graph, this.els.curves, this.els.dynamics, this.els.confusion]) showError(el, message);
  }
}

async function part(el, draw) {
  try {
    await draw();
  } catch (err) {
    showError(el, "Could not draw this: " + err.message);
  }
}

export function showError(el, message) {
  const p = document.createElement("p");
  p.className = "artifact-error";
  p.setAttribute("role", "alert");
  p.textContent = message;
  el.replaceChildren(p);
}

function checkHistory(history) {
  if (!history || !Array.isArray(history.epoch) || !history.epoch.length) throw new Error("the summary has no training history");
}

function describe(entry, summary) {
  const m = entry.metrics || {};
  const parts = [];
  if (Number.isFinite(m.test_accuracy)) parts.push("test accuracy " + (100 * m.test_accuracy).toFixed(2) + "%");
  if (Number.isFinite(m.test_loss)) parts.push("test loss " + formatNumber(m.test_loss));
  if (Number.isFinite(m.parameters)) parts.push(m.parameters.toLocaleString("en") + " parameters");
  if (Number.isFinite(m.epochs)) parts.push(m.epochs + " epochs" + (Number.isFinite(m.train_size) ?
    " on " + m.train_size.toLocaleString("en") + " training digits" : ""));
  if (summary && Array.isArray(summary.input_shape)) parts.push("input " + summary.input_shape.join("\u00d7"));
  return parts.join(" \u00b7 ");
}
