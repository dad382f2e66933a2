/*
 * Entry point of the Units page: live activations of every layer for a drawn or picked digit
 * (the deep visualization toolbox's main view), the selected unit's top-9 training digits,
 * deconvolution, backprop and activation maximization (precomputed per preset, and live with
 * progress and cancel), and the facets of each class. Exposes window.units:
 *   ready                                   Promise; resolves once the live view shows a digit
 *   activations(modelId, pixels)            Promise of {layers: [{index, name, kind, shape, values}], probabilities}
 *   backprop(modelId, pixels, layer, channel, method)   Promise of 784 numbers ("backprop" | "deconv")
 *   maximize(options)                       Promise of {image, trace, cancelled, step}: a live run for
 *                                           {layer, channel, preset?, steps?, start?, noise?, seed?,
 *                                           center_bias?, model?} (the worker's maximize_start payload)
 *   cancelMaximize()                        stop the live run after its current chunk
 *   select(layer, channel)                  Promise; shows that unit in detail
 *   showFacets(label), selectFacet(i)       the facets panel
 *   state()                                 {model, layers, selected, last, maximize, facets}
 *   drawnPixels(), pickTestDigit(i), notices()
 * Any artifact that is missing or corrupt is reported on the page in words.
 */
import "../shell/nav.js";
import {loadManifest, ArtifactError} from "../shell/artifacts.js";
import {Notices} from "../shell/notices.js";
import {LoadingView} from "../shell/loading-view.js";
import {loadTestDigits} from "../digits/test-digits.js";
import {ProbabilityBars} from "../digits/probability-bars.js";
import {UnitsEngine} from "./units-engine.js";
import {LiveInput} from "../digits/live-input.js";
import {LayerGrids} from "./layer-grids.js";
import {UnitDetail} from "./unit-detail.js";
import {LiveMaximize} from "./live-maximize.js";
import {FacetsView} from "./facets-view.js";
import {UnitsData, FacetsData} from "./units-data.js";

const $ = (selector) => document.querySelector(selector);
const notices = new Notices($("#notices"));
const report = (err) => notices.show(err.message, "error");
const loading = new LoadingView($("#loading"));
const engine = new UnitsEngine({onProgress: (p) => loading.progress(p)});
engine.ready.catch((err) => loading.fail(err.message));

let manifest = null;
let models = [];       // model entries that have a units artifact
let modelId = null;
let layers = [];       // the unit layers of the model, as the worker lists them
let selected = null;   // {layer, channel}
let last = null;       // {modelId, pixels, source, probabilities, ms}
let lastValues = null; // layer index -> Float32Array of the current digit
let units = null;      // UnitsData of the model, or null
const bars = new ProbabilityBars($("#probabilities"));
const grids = new LayerGrids($("#grids"), (layer, channel) => select(layer, channel).catch(report));
const detail = new UnitDetail({heading: $("#detail-heading"), value: $("#unit-value"), zoom: $("#zoom"),
                               backprop: $("#backprop"), deconv: $("#deconv"), top: $("#top-images"), am: $("#am-images")},
                              (pixels) => showPixels(pixels));
const maximizer = new LiveMaximize({preset: $("#am-preset"), steps: $("#am-steps"), start: $("#am-start"),
                                    centerBias: $("#am-center"), run: $("#am-run"), cancel: $("#am-cancel"),
                                    progress: $("#am-progress"), status: $("#am-status"), canvas: $("#am-canvas")},
                                   {engine, report});
const facets = new FacetsView({classes: $("#facet-classes"), facets: $("#facet-list"), members: $("#facet-members"),
                               scatter: $("#facet-scatter"), note: $("#facet-note")}, (pixels) => showPixels(pixels));
const input = new LiveInput({pad: $("#pad"), preview: $("#preview"), clear: $("#pad-clear"), digit: $("#test-digit"),
                             prev: $("#digit-prev"), next: $("#digit-next")},
                            {run: (pixels, source) => show(pixels, source), report});

/** Any 784 pixels (a top image, a facet) on the pad as if picked; the test-digit picker shows none. */
function showPixels(pixels) {
  $("#test-digit").value = "";
  input.showImage(pixels);
}

function failPage(err) {
  $("#page-status-text").textContent = err.message;
  $("#page-status").hidden = false;
  $("#units-content").hidden = true;
  throw err;
}

function modelEntry(id) {
  const entry = models.find((m) => m.id === id);
  if (!entry) throw new Error("no model '" + id + "' with units; models: " + models.map((m) => m.id).join(", "));
  return entry;
}

async function artifactOf(kind, id, wrap) {
  const entry = manifest.ofKind(kind).find((e) => e.model === id);
  if (!entry) throw new ArtifactError("There is no '" + kind + "' artifact for " + id + " in artifacts/manifest.json; " +
                                      "build it with 'python3 build.py artifacts'.", null);
  const data = await manifest.fetch(entry, {as: "json"});
  try {
    return wrap(data);
  } catch (err) {
    throw new ArtifactError(entry.title + ": artifacts/" + entry.files[0].path + " is corrupt (" + err.message + "); " +
                            "rebuild it with 'python3 build.py artifacts'.", entry.files[0].path);
  }
}

async function setModel(id) {
  const entry = modelEntry(id);
  $("#live-model").value = id;
  modelId = id;
  layers = [];
  await engine.load(manifest, entry);
  try {
    units = await artifactOf("units", id, (d) => new UnitsData(d));
    detail.setData(units);
  } catch (err) {
    units = null;
    detail.setData(null, err.message);
    report(err);
  }
  artifactOf("facets", id, (d) => new FacetsData(d)).then((d) => facets.setData(d), (err) => {
    facets.fail(err.message);
    report(err);
  });
}

/** Activations of the digit on the pad; redraw the grids, the bars and the selected unit. */
async function show(pixels, source) {
  const id = modelId;
  const result = await engine.activations(id, pixels);
  if (id !== modelId) return;
  if (!layers.length) {
    layers = result.layers.map(({index, source: src, name, kind, shape}) => ({index, source: src, name, kind, shape}));
    grids.build(layers);
    const logits = layers[layers.length - 1];
    if (!selected || !layers.some((l) => l.index === selected.layer)) {
      const best = result.probabilities.indexOf(Math.max(...result.probabilities));
      selected = {layer: logits.index, channel: best};
    }
    grids.mark(selected.layer, selected.channel);
    detail.show(meta(selected.layer), selected.channel);
    maximizer.setUnit(unitContext());
  }
  grids.update(result.layers);
  lastValues = new Map(result.layers.map((l) => [l.index, l.values]));
  bars.update(result.probabilities);
  const best = result.probabilities.indexOf(Math.max(...result.probabilities));
  last = {modelId: id, pixels: Array.from(pixels), source, probabilities: result.probabilities, ms: result.ms};
  $("#live-status").textContent = "The " + source + " looks like a " + best + " (" +
    (100 * result.probabilities[best]).toFixed(1) + "%); every layer computed in " + result.ms.toFixed(0) + " ms.";
  await refreshUnit();
}

function meta(index) {
  const found = layers.find((l) => l.index === index);
  if (!found) throw new Error("layer " + index + " holds no units; unit layers: " + layers.map((l) => l.index + " (" + l.name + ")").join(", "));
  return found;
}

function unitContext() {
  const unit = units && units.unit(selected.layer, selected.channel);
  const start = units ? units.start : {mean: new Array(784).fill(0), noise: 0.1, seed: 0};
  return {modelId, layer: selected.layer, channel: selected.channel, trainMax: unit ? unit.max : null,
          mean: start.mean, noise: start.noise, seed: start.seed, current: () => input.currentPixels()};
}

async function refreshUnit() {
  if (!selected || !last) return;
  const {layer, channel} = selected;
  const pixels = last.pixels;
  const bp = await engine.backprop(modelId, pixels, layer, channel, "backprop");
  const dc = await engine.backprop(modelId, pixels, layer, channel, "deconv");
  if (selected.layer === layer && selected.channel === channel) detail.live(lastValues.get(layer), bp.signal, dc.signal);
}

async function select(layer, channel) {
  const m = meta(layer);
  if (!(channel >= 0 && channel < m.shape[0])) throw new Error(m.name + " has " + m.shape[0] + " units; got " + channel);
  selected = {layer, channel};
  grids.mark(layer, channel);
  detail.show(m, channel);
  maximizer.setUnit(unitContext());
  await refreshUnit();
}

async function start() {
  try {
    manifest = await loadManifest();
  } catch (err) {
    failPage(err);
  }
  for (const problem of manifest.problems) notices.show(problem, "warning");
  const withUnits = new Set(manifest.ofKind("units").map((e) => e.model));
  models = manifest.ofKind("model").filter((m) => withUnits.has(m.id));
  if (!models.length) {
    failPage(new ArtifactError("There are no unit artifacts in artifacts/manifest.json yet (kind 'units' for a model): " +
                               "build them with 'python3 build.py artifacts'.", "manifest.json"));
  }
  const select = $("#live-model");
  for (const entry of models) select.add(new Option(entry.title, entry.id));
  select.addEventListener("change", () => setModel(select.value).then(() => input.schedule()).catch(report));
  const first = (models.find((m) => m.id === "cnn-small") || models[0]).id;
  const [, haveDigits] = await Promise.all([setModel(first),
                                            loadTestDigits(manifest, notices, (digits) => input.setTestDigits(digits))]);
  if (haveDigits) input.pickTestDigit(0);
  await waitForView();
}

// Resolves once the live view has shown a digit (the first activations and unit detail).
async function waitForView() {
  if (!input.busy && !last) input.schedule();
  while (input.busy) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!last) throw new Error("The live view could not show a digit; see the messages above.");
}

function checkPixels(pixels) {
  const values = Array.from(pixels || [], Number);
  if (values.length !== 784 || !values.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)) {
    throw new Error("pixels must be 784 numbers in [0, 1] (a 28x28 image, row-major)");
  }
  return values;
}

async function loaded(id) {
  await engine.load(manifest, modelEntry(id));
}

const ready = start();
ready.catch(() => {}); // reported on the page; callers that await window.units.ready still see it

window.units = {
  ready: ready.then(() => undefined),
  activations: async (id, pixels) => {
    const values = checkPixels(pixels);
    await loaded(id);
    const result = await engine.activations(id, values);
    return {layers: result.layers.map((l) => Object.assign({}, l, {values: Array.from(l.values)})),
            probabilities: result.probabilities};
  },
  backprop: async (id, pixels, layer, channel, method = "backprop") => {
    const values = checkPixels(pixels);
    await loaded(id);
    return Array.from((await engine.backprop(id, values, layer, channel, method)).signal);
  },
  maximize: async (options) => {
    const o = Object.assign({}, options);
    o.id = o.model || modelId;
    delete o.model;
    if (o.start) o.start = checkPixels(o.start);
    await loaded(o.id);
    return maximizer.run(o);
  },
  cancelMaximize: () => maximizer.cancel(),
  select: (layer, channel) => select(layer, channel),
  showFacets: (label) => facets.showClass(label),
  selectFacet: (i) => facets.select(i),
  state: () => ({model: modelId, layers, selected, last,
                 maximize: {running: Boolean(maximizer.running), last: maximizer.last},
                 facets: {label: facets.label, selected: facets.selected, loaded: Boolean(facets.data)}}),
  drawnPixels: () => Array.from(input.currentPixels()),
  pickTestDigit: (i) => input.pickTestDigit(i),
  notices: () => notices.messages(),
};
window.units.ready.catch(() => {});
