/*
 * Entry point of the Clusters page (CNNVis's views for the zoo's wide CNN): every convolution
 * layer's neurons clustered by their responses to a class-balanced set of test digits, each
 * cluster a rectangle of its neurons' top image patches in similarity order; the edges between
 * layers bundled by biclique or all drawn; a digit picked to light up the clusters it activates.
 * Reads the "clusters" artifact and the split's test sample. Exposes window.clusters:
 *   ready                 Promise; resolves once the clusters are drawn
 *   selectDigit(i|null)   light up the clusters digit i of the sample activates (null: none)
 *   setEdges(mode)        "bundled" | "all"
 *   state()               {model, layers: [{name, units, k}], digit, edges, edgesBefore, edgesAfter}
 * A missing or corrupt artifact is reported on the page in words.
 */
import "../shell/nav.js";
import {loadManifest, ArtifactError} from "../shell/artifacts.js";
import {ClusterView} from "./cluster-view.js";

const $ = (selector) => document.querySelector(selector);
const SAMPLE = "data/mnist-test-sample.json";
let data = null;
let view = null;

function failPage(err) {
  $("#page-status-text").textContent = err.message;
  $("#page-status").hidden = false;
  $("#clusters-content").hidden = true;
  throw err;
}

function decode(b64) {
  const text = atob(b64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function digitButtons(sample) {
  const root = $("#digits");
  const buttons = sample.labels.map((label, i) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "digit-button";
    button.dataset.digit = String(i);
    button.setAttribute("aria-label", "Test digit " + (i + 1) + ", a " + label);
    button.setAttribute("aria-pressed", "false");
    const c = document.createElement("canvas");
    c.width = c.height = 28;
    c.getContext("2d").drawImage(view.image(i), 0, 0);
    button.appendChild(c);
    button.addEventListener("click", () => api.selectDigit(view.digit === i ? null : i));
    return button;
  });
  root.replaceChildren(...buttons);
}

function describe() {
  const pairs = data.edges.map((e) => e.from_layer + " to " + e.to_layer + ": " + e.edges_before + " strong edges in " +
    e.edges_after + " strokes (" + e.bundles.length + " bundles)");
  $("#edge-stats").textContent = "Bundling draws " + data.edges_after + " strokes for " + data.edges_before +
    " strong edges (" + Math.round(100 * (1 - data.edges_after / data.edges_before)) + "% fewer). " + pairs.join("; ") + ".";
  const digit = view.digit;
  $("#digit-note").textContent = digit === null ? "No digit chosen: pick one to see which clusters it activates."
    : "Digit " + (digit + 1) + " (a " + data.labels[digit] + "): the more a cluster's neurons respond, the stronger its outline.";
}

const api = {
  selectDigit(i) {
    if (i !== null && !(Number.isInteger(i) && i >= 0 && i < data.labels.length)) throw new Error("no digit " + i);
    view.digit = i;
    for (const b of document.querySelectorAll(".digit-button")) b.setAttribute("aria-pressed", String(Number(b.dataset.digit) === i));
    view.render(data);
    describe();
  },
  setEdges(mode) {
    if (!["bundled", "all"].includes(mode)) throw new Error("edges must be 'bundled' or 'all'");
    view.edges = mode;
    $("#edges-" + mode).checked = true;
    view.render(data);
  },
  state() {
    return {model: data && data.model, layers: data ? data.layers.map((l) => ({name: l.name, units: l.units, k: l.k})) : [],
            digit: view ? view.digit : null, edges: view ? view.edges : null,
            edgesBefore: data && data.edges_before, edgesAfter: data && data.edges_after};
  },
};

for (const mode of ["bundled", "all"]) $("#edges-" + mode).addEventListener("change", () => api.setEdges(mode));
$("#cluster-canvas").addEventListener("mousemove", (event) => {
  if (!view) return;
  const rect = event.target.getBoundingClientRect();
  const scale = event.target.width / rect.width;
  const hit = view.hit((event.clientX - rect.left) * scale, (event.clientY - rect.top) * scale);
  $("#hover-note").textContent = hit ? data.layers[hit.layer].name + ", cluster " + (hit.cluster + 1) + ": " +
    hit.units.length + " neurons (" + hit.units.join(", ") + ")" : "";
});

api.ready = (async () => {
  try {
    const manifest = await loadManifest();
    const entry = manifest.ofKind("clusters")[0];
    if (!entry) {
      throw new ArtifactError("There is no 'clusters' artifact in artifacts/manifest.json; build it with " +
                              "'python3 build.py artifacts --only clusters'.", null);
    }
    const dataset = manifest.ofKind("dataset").find((e) => e.files.some((f) => f.path === SAMPLE));
    if (!dataset) throw new ArtifactError("The test digits (" + SAMPLE + ") are missing from artifacts/manifest.json.", SAMPLE);
    const [clusters, sample] = await Promise.all([manifest.fetch(entry, {as: "json"}),
                                                  manifest.fetch(dataset, {path: SAMPLE, as: "json"})]);
    data = clusters;
    view = new ClusterView($("#cluster-canvas"), {pixels: decode(sample.pixels_u8_b64)});
    digitButtons(sample);
    view.render(data);
    describe();
  } catch (err) {
    failPage(err);
  }
})();
window.clusters = api;
