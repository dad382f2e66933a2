/*
 * Entry point of the Relevance page: the live explainer (a drawn or picked digit, every
 * method's heatmap from the worker's Pyodide), the gallery of precomputed heatmaps and the
 * region-perturbation evaluation (artifacts of kind "relevance"). Exposes window.relevance:
 *   ready                                Promise; resolves once the live model, gallery and table are shown
 *   explain(modelId, pixels, method, target = null)   Promise of one heatmap (784 numbers) of a zoo model
 *   explainAll(modelId, pixels, target = null)        Promise of {methods, heatmaps: {method: number[]},
 *                                        probabilities, target, predicted, ms, pythonMs}
 *   state()                              {liveModel, target, lastLive, galleryModel, gallerySlot,
 *                                         perturbation, rows (the AOPC table shown)}
 *   drawnPixels(), pickTestDigit(i), setTarget(t|null), showModel(id), setGallerySlot(0|1),
 *   setPerturbation("noise"|"erase"), notices()
 * Any artifact that is missing or corrupt is reported on the page in words.
 */
import "../shell/nav.js";
import {loadManifest, ArtifactError} from "../shell/artifacts.js";
import {Notices} from "../shell/notices.js";
import {LoadingView} from "../shell/loading-view.js";
import {loadTestDigits} from "../digits/test-digits.js";
import {RelevanceEngine} from "./relevance-engine.js";
import {LiveRelevance} from "./live-relevance.js";
import {RelevanceArtifacts} from "./relevance-artifacts.js";

const $ = (selector) => document.querySelector(selector);
const notices = new Notices($("#notices"));
const report = (err) => notices.show(err.message, "error");
const loading = new LoadingView($("#loading"));
const engine = new RelevanceEngine({onProgress: (p) => loading.progress(p)});
engine.ready.catch((err) => loading.fail(err.message));

let manifest = null;
let models = [];
let live = null;
let artifacts = null;

function failPage(err) {
  $("#page-status-text").textContent = err.message;
  $("#page-status").hidden = false;
  $("#relevance-content").hidden = true;
  throw err;
}

async function start() {
  try {
    manifest = await loadManifest();
  } catch (err) {
    failPage(err);
  }
  for (const problem of manifest.problems) notices.show(problem, "warning");
  models = manifest.ofKind("model");
  const explained = manifest.ofKind("relevance");
  if (!models.length) {
    failPage(new ArtifactError("There are no models in artifacts/manifest.json yet: build them with " +
                               "'python3 build.py artifacts'.", "manifest.json"));
  }
  live = new LiveRelevance({pad: $("#pad"), preview: $("#preview"), clear: $("#pad-clear"), model: $("#live-model"),
                            digit: $("#test-digit"), prev: $("#digit-prev"), next: $("#digit-next"),
                            target: $("#live-target"), bars: $("#probabilities"), grid: $("#live-heatmaps"),
                            status: $("#live-status")}, {engine, manifest, models, report});
  artifacts = new RelevanceArtifacts({model: $("#gallery-model"), slot: $("#gallery-slot"), gallery: $("#gallery"),
                                      perturbation: $("#perturbation"), summary: $("#eval-summary"),
                                      table: $("#aopc-table"), chart: $("#curves")},
                                     {manifest, entries: explained, report,
                                      onOpen: (pixels, target) => { live.setTarget(target); live.showImage(pixels); }});
  const liveReady = live.setModel(live.modelId).catch((err) => {
    report(err);
    throw err;
  });
  await Promise.all([liveReady, loadTestDigits(manifest, notices, (digits) => live.setTestDigits(digits)),
                     artifacts.start()]);
}

function checkPixels(pixels) {
  const values = Array.from(pixels || [], Number);
  if (values.length !== 784 || !values.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)) {
    throw new Error("pixels must be 784 numbers in [0, 1] (a 28x28 image, row-major)");
  }
  return values;
}

async function explainAll(modelId, pixels, target = null, methods = null) {
  const values = checkPixels(pixels);
  const entry = models.find((m) => m.id === modelId);
  if (!entry) throw new Error("no model '" + modelId + "'; models: " + models.map((m) => m.id).join(", "));
  await engine.load(manifest, entry);
  const r = await engine.explain(modelId, values, {methods, target});
  const heatmaps = {};
  for (const m of r.methods) heatmaps[m] = Array.from(r.heatmaps[m]);
  return Object.assign({}, r, {heatmaps});
}

const ready = start();
ready.catch(() => {}); // reported on the page; callers that await window.relevance.ready still see it

window.relevance = {
  ready: ready.then(() => undefined),
  explain: async (modelId, pixels, method, target = null) =>
    (await explainAll(modelId, pixels, target, [method])).heatmaps[method],
  explainAll: (modelId, pixels, target = null) => explainAll(modelId, pixels, target),
  state: () => ({
    liveModel: live ? live.modelId : null,
    target: live ? live.target : null,
    lastLive: live && live.last ? Object.assign({}, live.last, {heatmaps: undefined}) : null,
    lastHeatmaps: live && live.last ? Object.fromEntries(Object.entries(live.last.heatmaps).map(([k, v]) => [k, Array.from(v)])) : null,
    galleryModel: artifacts ? artifacts.modelId : null,
    gallerySlot: artifacts ? artifacts.gallery.slot : 0,
    galleryRows: document.querySelectorAll("#gallery tbody tr").length,
    perturbation: artifacts ? artifacts.evaluation.perturbation : null,
    rows: artifacts ? artifacts.evaluation.rows() : [],
  }),
  drawnPixels: () => (live ? Array.from(live.currentPixels()) : null),
  pickTestDigit: (i) => live && live.pickTestDigit(i),
  setTarget: (t) => live && live.setTarget(t),
  showModel: (id) => artifacts.show(id),
  setGallerySlot: (slot) => artifacts.setSlot(slot),
  setPerturbation: (name) => artifacts.setPerturbation(name),
  notices: () => notices.messages(),
};
window.relevance.ready.catch(() => {});
