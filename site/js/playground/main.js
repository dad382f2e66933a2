/*
 * site/js/playground/: the playground page (index.html). This folder: the controller
 * (playground.js) and its helpers, each handed a small documented object of what it needs; the URL
 * table (state.js); views/ draws; tools/ binds the controls, data tools and embed messaging;
 * backends/ picks the trainer (the Pyodide worker or WebGPU); grid/ evaluates heatmaps off the main
 * thread. Shared with other pages: ../engine-client.js, ../charts/, ../webgpu/ (kernels), ../shell/.
 *
 * Entry point: reads the URL hash, builds the views and the playground, binds the controls
 * and exposes window.playground (ready, state, play, pause, step, reset, setConfig, ...).
 */
import {Playground} from "./playground.js";
import * as state from "./state.js";
import {OutputView} from "./views/output-view.js";
import {NetworkView} from "./views/network-view.js";
import {LossView} from "./views/loss-view.js";
import {LandscapeView} from "./views/landscape-view.js";
import {LoadingView} from "../shell/loading-view.js";
import {Notices} from "../shell/notices.js";
import {ParamEditor} from "./views/param-editor.js";
import {explainNeuron} from "./views/explanations.js";
import {bindControls} from "./tools/controls.js";
import {bindDataTools} from "./tools/data-tools.js";
import {connectEmbed} from "./tools/embed.js";
import {EmbedLayout} from "./tools/embed-layout.js";
import {DatasetThumbnails} from "./views/dataset-thumbnails.js";
import {appliesTo, autosaver, clearAutosave, readAutosave} from "./autosave.js";
import {bindRunDynamics} from "./tools/run-dynamics.js";

const $ = (selector) => document.querySelector(selector);
const notices = new Notices($("#notices"));
const report = (err) => notices.show(err.message, "error");
let playground = null;

const editor = new ParamEditor((edit) => playground.setParam(edit));
const nodeLabel = (column, i) => {
  if (column === 0) return state.FEATURES.filter((f) => playground.config[f.name])[i].label;
  return "neuron " + (i + 1) + " of hidden layer " + column;
};
const views = {
  output: new OutputView($("#output-canvas")),
  network: new NetworkView($("#network"), {
    toggleFeature: (name) => playground.setConfig({[name]: !playground.config[name]}).catch(report),
    setShape: (shape) => playground.setConfig({networkShape: shape}).catch(report),
    hoverNode: (node) => playground.previewNode(node),
    // Editing pauses training first, so the fields show the weights as they are and stay so.
    editNode: (node, anchor) => playground.pause().then(() => {
      if (!playground.model) return;
      const c = playground.config;
      const text = explainNeuron(node.layer, c.networkShape.length + 1, c.activation, c.problem === "multiclass" ? 3 : 1);
      editor.openNode(node, playground.model, nodeLabel, text, anchor);
    }),
    editLink: (link, anchor) => playground.pause().then(() => {
      const last = playground.config.networkShape.length + 1;
      const to = link.layer + 1 === last ? "the output" : nodeLabel(link.layer + 1, link.j);
      const {i, j, layer} = link;
      editor.openLink(Object.assign({}, link, {value: playground.model.weights[layer][i][j]}), nodeLabel(layer, i), to, anchor);
    }),
  }),
  loss: new LossView({epoch: $("#epoch"), trainLoss: $("#train-loss"), testLoss: $("#test-loss"),
                      chart: $("#loss-chart"), readout: $("#loss-readout")}),
  loading: new LoadingView($("#loading")),
  landscape: new LandscapeView($("#landscape-canvas"), $("#landscape-readout")),
  relevanceReadout: $("#relevance-readout"),
  notices,
};

const reportURL = (errors) => {
  if (errors.length) notices.show("URL: " + errors.join("; "), "warning");
};
const parsed = state.parseHash(location.hash);
reportURL(parsed.errors);
// A reload (or a bare visit) picks up the autosaved session; a link to another config does not.
const saved = parsed.values.embed ? null : readAutosave();
const resume = appliesTo(saved, location.hash) ? saved : null;
if (parsed.values.dataset === "custom" && !resume) {
  notices.show("URL: custom points are not stored in links; starting from the circle data", "warning");
  delete parsed.values.dataset;
}

// The hash follows the config; written only when it changes (browsers rate-limit history calls).
let lastHash = null;
function writeHash(config) {
  const hash = "#" + state.toHash(config);
  if (hash === lastHash) return;
  lastHash = hash;
  try {
    history.replaceState(null, "", hash);
  } catch (err) {
    // A refused history update must never stop training; the next change tries again.
    lastHash = null;
  }
}

let sync = () => {};
let configHash = null; // state.toHash(config) as of the last change
let notifyParent = () => {};
const saver = parsed.values.embed ? {save() {}, stop() {}}
  : autosaver((err) => notices.show("Autosave is off: the browser refused to store the session (" + err.message + ")", "warning"));
playground = new Playground({
  views,
  initial: parsed.values,
  resume,
  // A play frame (`frame`) changes the network and the losses, which the views already show: only
  // the embedding page and the autosave hear of it; the controls and the URL follow the config.
  onChange: (pg, {frame = false} = {}) => {
    if (!frame) {
      if (pg.playing && !editor.form.hidden) editor.close(); // its fields would go stale while training
      sync();
    }
    notifyParent();
    if (pg.phase === "ready") {
      if (!frame || configHash === null) {
        configHash = state.toHash(pg.config);
        writeHash(pg.config);
      }
      saver.save(pg, configHash);
    }
  },
});
if (resume) {
  playground.ready.then(() => {
    if (!playground.resumed) return;
    const ago = Math.max(0, Math.round((Date.now() - resume.savedAt) / 60000));
    notices.show("Restored your last session (epoch " + playground.stats.epoch + ", saved " +
                 (ago < 1 ? "less than a minute" : ago + " minute" + (ago === 1 ? "" : "s")) + " ago).", "info",
                 {label: "Start fresh", run: () => { saver.stop(); clearAutosave(); location.reload(); }});
  }, () => {});
}
const syncControls = bindControls(document, playground, report);
const layout = new EmbedLayout(document, views.network);
const thumbnails = new DatasetThumbnails(document);
sync = () => {
  syncControls();
  thumbnails.draw(); // follows the palette
  layout.apply(playground.config.embed === true, playground.config);
};
bindDataTools(document, playground, views.output, notices);
const runDynamics = bindRunDynamics(document, playground, report);
sync();

// A hand-edited URL: apply what is valid, report the rest, keep the last good state on error.
window.addEventListener("hashchange", () => {
  const {values, errors} = state.parseHash(location.hash);
  reportURL(errors);
  if (values.dataset === "custom") delete values.dataset;
  playground.setConfig(values).catch((err) => notices.show("URL: " + err.message, "error"));
});

window.playground = {
  get ready() { return playground.ready.then(() => undefined); }, // a Retry after a failed start replaces it
  retryStart: () => playground.retryStart(),
  state: () => playground.state(),
  play: () => playground.play(),
  pause: () => playground.pause(),  // resolves with the state once the frame in flight has landed
  step: (n = 1) => playground.step(n),
  reset: () => playground.reset(),
  rewind: () => playground.rewind(),
  undo: () => playground.undo(),   // back to the session before the last change that replaced the network
  setConfig: (partial) => playground.setConfig(partial),
  setParam: (edit) => playground.setParam(edit),
  saveModel: () => playground.saveModel(),
  loadModel: (model) => playground.loadModel(model),
  setCustomPoints: (points) => playground.setCustomPoints(points),
  currentPoints: () => playground.currentPoints(), // the points shown (train then test), as {x, y}
  neuronGrids: (options) => playground.neuronGrids(options),
  landscape: () => playground.landscapeSnapshot(), // the live loss landscape as last drawn, or null
  relevance: () => playground.relevanceSnapshot(), // the diagram's LRP relevance as last drawn, or null
  explainPoint: (point) => playground.explainPoint(point), // [x1, x2]; the relevance view must be on
  notices: () => notices.messages(),
  dynamics: () => runDynamics.refresh(), // this run's training dynamics, shown in its panel (opened or not)
  engine: playground.client, // the supervised EngineClient: restarts, timeouts (ms by request type), lastLoss
};
notifyParent = connectEmbed(window.playground, parsed.values.embed === true); // only with embed=true
