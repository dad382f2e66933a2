/*
 * Entry point of the Models page: loads the artifacts manifest, lists the models, shows one
 * in detail, runs the live digit in the engine worker, and exposes window.models:
 *   ready                      Promise; resolves once the page and the live model are ready
 *   list()                     [{id, title, metrics}] of the models in the artifacts
 *   predict(modelId, pixels)   Promise of 10 probabilities for 784 numbers in [0, 1] (row-major)
 *   select(modelId)            Promise; shows that model in detail
 *   state()                    {selected, liveModel, lastPrediction, flags, expanded, groups}
 *   drawnPixels()              what the live model is given now (784 numbers)
 *   pickTestDigit(i)           show test digit i on the pad and classify it
 *   notices()                  the messages shown on the page
 * Any artifact that is missing or corrupt is reported on the page in words.
 */
import "../shell/nav.js";
import {loadManifest, ArtifactError} from "../shell/artifacts.js";
import {Notices} from "../shell/notices.js";
import {LoadingView} from "../shell/loading-view.js";
import {ZooEngine} from "../digits/zoo-engine.js";
import {ModelDetail} from "./model-detail.js";
import {ModelList} from "./model-list.js";
import {LiveDigit} from "./live-digit.js";
import {loadTestDigits} from "../digits/test-digits.js";

const $ = (selector) => document.querySelector(selector);
const notices = new Notices($("#notices"));
const report = (err) => notices.show(err.message, "error");
const loading = new LoadingView($("#loading"));
const engine = new ZooEngine({onProgress: (p) => loading.progress(p)});
engine.ready.catch((err) => loading.fail(err.message));

let manifest = null;
let models = [];
let list = null;
let live = null;
let selected = null;
const summaries = new Map(); // model id -> Promise of its summary.json
const detail = new ModelDetail({heading: $("#detail-heading"), meta: $("#detail-meta"), graph: $("#graph"),
                                curves: $("#curves"), dynamics: $("#dynamics"), confusion: $("#confusion")});

function summaryOf(entry) {
  if (!summaries.has(entry.id)) {
    const file = entry.files.find((f) => f.path.endsWith("/summary.json"));
    const loading = file ? manifest.fetch(entry, {path: file.path, as: "json"})
      : Promise.reject(new ArtifactError(entry.title + ": the manifest lists no summary.json for this model.", null));
    loading.catch(() => summaries.delete(entry.id));
    summaries.set(entry.id, loading);
  }
  return summaries.get(entry.id);
}

async function select(id) {
  const entry = models.find((m) => m.id === id);
  if (!entry) throw new Error("no model '" + id + "'; models: " + models.map((m) => m.id).join(", "));
  selected = id;
  list.mark(id);
  try {
    history.replaceState(null, "", "#model=" + encodeURIComponent(id));
  } catch (err) { /* a refused history update changes nothing that matters */ }
  let summary;
  try {
    summary = await summaryOf(entry);
  } catch (err) {
    detail.fail(entry, err.message);
    report(err);
    return;
  }
  if (selected === id) await detail.show(entry, summary);
}

function failPage(err) {
  $("#page-status-text").textContent = err.message;
  $("#page-status").hidden = false;
  $("#models-content").hidden = true;
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
  if (!models.length) {
    failPage(new ArtifactError("There are no models in artifacts/manifest.json yet: build them with " +
                               "'python3 build.py artifacts'.", "manifest.json"));
  }
  list = new ModelList($("#model-list"), models, (id) => select(id).catch(report));
  live = new LiveDigit({pad: $("#pad"), preview: $("#preview"), clear: $("#pad-clear"), model: $("#live-model"),
                        digit: $("#test-digit"), prev: $("#digit-prev"), next: $("#digit-next"),
                        bars: $("#probabilities"), status: $("#live-status")},
                       {engine, manifest, models, report});
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("model");
  const first = models.some((m) => m.id === fromHash) ? fromHash : live.modelId;
  const liveReady = live.setModel(live.modelId).catch((err) => {
    report(err);
    throw err;
  });
  await Promise.all([select(first), loadTestDigits(manifest, notices, (digits) => live.setTestDigits(digits)),
                     liveReady]);
}

function checkPixels(pixels) {
  const values = Array.from(pixels || [], Number);
  if (values.length !== 784 || !values.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)) {
    throw new Error("pixels must be 784 numbers in [0, 1] (a 28x28 image, row-major)");
  }
  return values;
}

const ready = start();
ready.catch(() => {}); // reported on the page; callers that await window.models.ready still see it

window.models = {
  ready: ready.then(() => undefined),
  list: () => models.map((m) => ({id: m.id, title: m.title, metrics: m.metrics || {}})),
  predict: async (modelId, pixels) => {
    const values = checkPixels(pixels);
    const entry = models.find((m) => m.id === modelId);
    if (!entry) throw new Error("no model '" + modelId + "'; models: " + models.map((m) => m.id).join(", "));
    await engine.load(manifest, entry);
    return (await engine.predict(modelId, values)).probabilities;
  },
  select: (id) => select(id),
  state: () => ({
    selected,
    liveModel: live ? live.modelId : null,
    lastPrediction: live ? live.last : null,
    flags: detail.flags,
    groups: detail.graphView ? detail.graphView.groups() : [],
    expanded: detail.graphView ? Array.from(detail.graphView.expanded) : [],
  }),
  drawnPixels: () => (live ? Array.from(live.currentPixels()) : null),
  pickTestDigit: (i) => live && live.pickTestDigit(i),
  notices: () => notices.messages(),
};
window.models.ready.catch(() => {});
