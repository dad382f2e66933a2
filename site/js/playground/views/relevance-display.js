/*
 * What the relevance view draws (live-views.js fetches it): every node's relevance over the input
 * plane, each scaled to its own largest |value| so a weak neuron's pattern still shows, and the
 * numbers at the explained point, as badges on the diagram and one line of text.
 */
import {FEATURES} from "../state.js";

function label(layer, index, config, last) {
  if (layer === 0) return FEATURES.filter((f) => config[f.name])[index].label;
  if (layer === last) return config.problem === "multiclass" ? "class " + (index + 1) : "output";
  return "h" + layer + "." + (index + 1);
}

/** Every node's relevance over the grid, each row scaled to [-1, 1] by its own largest |value|. */
export function scaleRows(grids, cells) {
  const scaled = new Float32Array(grids.length);
  for (let row = 0; row * cells < grids.length; row++) {
    const part = grids.subarray(row * cells, (row + 1) * cells);
    let max = 0;
    for (const v of part) max = Math.max(max, Math.abs(v));
    for (let k = 0; k < cells; k++) scaled[row * cells + k] = max > 0 ? part[k] / max : 0;
  }
  return scaled;
}

/** {grids: the scaled rows (live-views.js scales them once per refresh), badges: [{layer, index, value}] or null, text}. */
export function relevanceRows(relevance, config) {
  const {info, scaled, atPoint} = relevance;
  if (!atPoint) return {grids: scaled, badges: null, text: "Click a point of the output to explain it."};
  const badges = [];
  const last = info.layout.length - 1;
  let row = 0;
  for (const [layer, count] of info.layout) {
    for (let index = 0; index < count; index++, row++) badges.push({layer, index, value: atPoint[row]});
  }
  const inputs = badges.filter((b) => b.layer === 0);
  const outputs = badges.filter((b) => b.layer === last && b.value !== 0);
  const explained = outputs.length ? outputs[0] : badges[badges.length - 1];
  const [x1, x2] = info.point;
  const sum = inputs.reduce((t, b) => t + b.value, 0);
  const text = "At (" + x1.toFixed(2) + ", " + x2.toFixed(2) + ") " + label(explained.layer, explained.index, config, last) +
    " has logit " + explained.value.toFixed(3) + "; the features' relevance (" + info.method + "): " +
    inputs.map((b) => label(0, b.index, config, last) + " " + (b.value >= 0 ? "+" : "") + b.value.toFixed(3)).join(", ") +
    " (sum " + sum.toFixed(3) + "; the rest is absorbed by the biases).";
  return {grids: scaled, badges, text};
}
