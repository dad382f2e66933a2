/*
 * Entry point of the Training page (DGMTracker's views for the zoo's digit models): every layer's
 * metrics over training as small multiples; one layer's neurons as polylines, a blue-noise sample
 * beside a random sample of the same size with the outlying lines in red; the credit map with its
 * time slider. Reads the "dynamics" artifacts. Exposes window.dynamics:
 *   ready                     Promise; resolves once the first model is shown
 *   setModel(id), setLayer(k), setMetric(name), setSnapshot(i)   Promises
 *   state()                   {model, models, layer, metric, snapshot, steps, outliersKept, drawn}
 * A missing or corrupt artifact is reported on the page in words.
 */
import "../shell/nav.js";
import {loadManifest, ArtifactError} from "../shell/artifacts.js";
import {DynamicsViews} from "./views.js";

const $ = (selector) => document.querySelector(selector);

let manifest = null;
let entries = [];
let data = null;
let model = null;
const cache = new Map();
const views = new DynamicsViews({
  charts: $("#layer-charts"), layer: $("#layer"), metric: $("#metric"), showAll: $("#show-all"),
  linesBlue: $("#lines-blue"), linesRandom: $("#lines-random"), captionBlue: $("#caption-blue"),
  captionRandom: $("#caption-random"), total: $("#outliers-total"), slider: $("#snapshot"),
  sliderLabel: $("#snapshot-label"), map: $("#credit-map"),
});

function failPage(err) {
  $("#page-status-text").textContent = err.message;
  $("#page-status").hidden = false;
  $("#dynamics-content").hidden = true;
  throw err;
}

async function load(id) {
  const entry = entries.find((e) => e.model === id);
  if (!entry) throw new Error("no dynamics artifact for model '" + id + "'; models: " + entries.map((e) => e.model).join(", "));
  if (!cache.has(id)) cache.set(id, manifest.fetch(entry, {as: "json"}));
  try {
    return await cache.get(id);
  } catch (err) {
    cache.delete(id);
    throw err;
  }
}

async function setModel(id) {
  data = await load(id);
  model = id;
  const select = $("#model");
  select.replaceChildren(...entries.map((e) => {
    const o = document.createElement("option");
    o.value = e.model;
    o.textContent = e.title.replace(/^Training dynamics: /, "");
    return o;
  }));
  select.value = id;
  $("#training-note").textContent = data.training.epochs + " epoch" + (data.training.epochs === 1 ? "" : "s") + " of " +
    data.training.train_size + " digits, batch " + data.training.batch_size + ", " + data.training.optimizer + " at " +
    data.training.lr + "; a snapshot every " + data.every + " steps (" + data.steps.length + " in all).";
  views.show(data);
}

const api = {
  setModel,
  async setLayer(k) { views.setLayer(k); },
  async setMetric(m) { views.setMetric(m); },
  async setSnapshot(i) { views.setSnapshot(i); },
  state() {
    const v = views.view;
    return {model, models: entries.map((e) => e.model), layer: v.layer, metric: v.metric, snapshot: v.snapshot,
            steps: data ? data.steps.slice() : [], outliersKept: data && data.outliers_kept,
            drawn: document.querySelectorAll("#credit-map circle.neuron").length};
  },
};

$("#model").addEventListener("change", (e) => setModel(e.target.value).catch(failPage));

api.ready = (async () => {
  try {
    manifest = await loadManifest();
    entries = manifest.ofKind("dynamics");
    if (!entries.length) {
      throw new ArtifactError("There are no 'dynamics' artifacts in artifacts/manifest.json; build them with " +
                              "'python3 build.py artifacts --only dynamics'.", null);
    }
    await setModel(entries[entries.length - 1].model);
  } catch (err) {
    failPage(err);
  }
})();
window.dynamics = api;
