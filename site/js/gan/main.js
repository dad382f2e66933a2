/*
 * Entry point of the GAN page: a two-dimensional GAN (pyplayground.gan) trained live in the
 * engine worker, drawn as GAN Lab draws it, with a timeline of snapshots to scrub back through.
 * Exposes window.gan:
 *   ready                   Promise; resolves once the first GAN is shown
 *   play(), pause()         train continuously (slow motion: setSlowMotion(true)) / stop
 *   step(n, mode?)          Promise; n epochs ("both" | "d" | "g"), resolves when they are done
 *   reset()                 Promise; a new GAN with the same settings
 *   setConfig(partial)      Promise; new settings (any of pyplayground/gan/vocabulary.py's keys)
 *   showSnapshot(i), resumeFrom(i), live()   the timeline
 *   state()                 {epoch, dLoss, gLoss, kl, js, modesCovered, modes, playing, config,
 *                            snapshots, history, viewing, messages}
 * Bad URL settings, refused settings and a diverging run give a message; the last good GAN stays.
 */
import "../shell/nav.js";
import {Notices} from "../shell/notices.js";
import {LoadingView} from "../shell/loading-view.js";
import {GanEngine} from "./gan-engine.js";
import {PlaneView} from "./plane-view.js";
import {renderCharts} from "./charts.js";
import {buildForm, parseHash, toHash, DEFAULTS} from "./settings.js";

const $ = (selector) => document.querySelector(selector);
const notices = new Notices($("#notices"));
const loading = new LoadingView($("#loading"));
const engine = new GanEngine({onProgress: (p) => loading.progress(p), onLost: (message) => notices.show(message, "error")});
engine.ready.catch((err) => loading.fail(err.message));

const plane = new PlaneView($("#plane"), {onDraw: (points) => drawn(points)});
const form = buildForm($("#settings"), (key, value, err) => {
  if (err) { notices.show(err.message, "error"); form.show(config); return; }
  setConfig({[key]: value}).catch(() => {});
});

let config = Object.assign({}, DEFAULTS);   // the settings shown (the engine's, or a drawing not yet trained)
let frame = null;          // the newest frame from the engine
let playing = false;
let slow = false;
let viewing = null;        // the snapshot index shown, or null for the present
let queue = Promise.resolve();

/** Run `op` after every queued engine operation; errors are shown, and the queue goes on. */
function enqueue(op) {
  const run = queue.then(op);
  queue = run.catch(() => {});
  return run.catch((err) => {
    notices.show(err.message, "error");
    throw err;
  });
}

function show(next) {
  frame = next;
  plane.show(next);
  renderCharts($("#charts"), engine.history);
  $("#epoch").textContent = String(next.epoch);
  $("#stat-d").textContent = format(next.dLoss);
  $("#stat-g").textContent = format(next.gLoss);
  $("#stat-js").textContent = format(next.js);
  $("#stat-kl").textContent = format(next.kl);
  $("#stat-modes").textContent = next.modes ? next.modesCovered + " of " + next.modes : "no modes (not a mixture)";
  const timeline = $("#timeline");
  timeline.max = String(Math.max(0, next.snapshots.length - 1));
  if (viewing === null) timeline.value = timeline.max;
  $("#timeline-label").textContent = viewing === null
    ? "now (" + next.snapshots.length + " snapshots)"
    : "snapshot " + (viewing + 1) + " of " + next.snapshots.length + ", epoch " + next.snapshots[viewing];
  $("#resume").disabled = viewing === null;
  $("#back-to-now").disabled = viewing === null;
}

function format(v) {
  return v === null || v === undefined ? "–" : Number(v).toFixed(3);
}

function writeURL() {
  const hash = toHash(config);
  history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
}

/** Show the settings; `drawing`: they came from the plane's own drawing, which keeps its points (newer
 * strokes may have been drawn while the engine took the earlier ones). */
function showSettings(drawing = false) {
  form.show(config);
  plane.setDrawing(config.dataset === "drawing", drawing ? plane.points : config.points || []);
  $("#clear-drawing").hidden = config.dataset !== "drawing";
  $("#draw-hint").hidden = config.dataset !== "drawing";
}

async function configure(next, drawing = false) {
  const reply = await engine.configure(next);
  config = Object.assign({}, engine.config);
  viewing = null;
  showSettings(drawing);
  writeURL();
  show(reply);
  return reply;
}

/** New settings over the current ones; a drawing with no points waits for points. */
function setConfig(partial, drawing = false) {
  const next = Object.assign({}, config, partial);
  if (next.dataset === "drawing" && !(next.points && next.points.length)) {
    pause();
    config = next;
    showSettings();
    writeURL();
    notices.show("Draw the real data on the plane: click or drag, or use the arrow keys and Enter. Training starts from your points.");
    return Promise.resolve();
  }
  return enqueue(() => configure(next, drawing)).catch((err) => { showSettings(); throw err; });
}

function drawn(points) {
  if (config.dataset !== "drawing") return;
  setConfig({points}, true).catch(() => {});
}

function trainable() {
  return !(config.dataset === "drawing" && !(config.points && config.points.length)) && engine.config;
}

async function trainChunk(epochs, mode, budget) {
  viewing = null;   // training shows the present
  const reply = await engine.train(epochs, mode, budget);
  show(reply);
  return reply;
}

function play() {
  if (playing || !trainable()) return;
  playing = true;
  $("#play").textContent = "Pause";
  $("#play").setAttribute("aria-pressed", "true");
  const loop = () => {
    if (!playing) return;
    enqueue(() => trainChunk(slow ? 1 : 100000, "both", slow ? 1 : 25)).then(() => {
      if (slow) setTimeout(() => requestAnimationFrame(loop), 150); else requestAnimationFrame(loop);
    }, () => pause());
  };
  loop();
}

function pause() {
  playing = false;
  $("#play").textContent = "Play";
  $("#play").setAttribute("aria-pressed", "false");
}

/** Exactly n epochs (in time-budgeted chunks so the page stays responsive). */
function step(n = 1, mode = "both") {
  return enqueue(async () => {
    if (!trainable()) throw new Error("Draw some real points first.");
    let left = n;
    while (left > 0) {
      const reply = await trainChunk(left, mode, 200);
      left -= reply.trained;
    }
    return frame;
  });
}

function reset() {
  pause();
  if (!trainable()) return Promise.resolve();
  return enqueue(() => configure(config));
}

function showSnapshot(index) {
  pause();
  return enqueue(async () => {
    viewing = index;
    show(await engine.view(index));
  });
}

function resumeFrom(index) {
  pause();
  return enqueue(async () => {
    viewing = null;
    show(await engine.restore(index));
  });
}

function live() {
  viewing = null;
  return enqueue(async () => show(await engine.view(null)));
}

$("#play").addEventListener("click", () => (playing ? pause() : play()));
$("#step").addEventListener("click", () => step(1).catch(() => {}));
$("#step-d").addEventListener("click", () => step(1, "d").catch(() => {}));
$("#step-g").addEventListener("click", () => step(1, "g").catch(() => {}));
$("#reset").addEventListener("click", () => reset().catch(() => {}));
$("#slow").addEventListener("change", (event) => { slow = event.target.checked; });
$("#clear-drawing").addEventListener("click", () => { pause(); setConfig({points: []}); });
$("#timeline").addEventListener("input", (event) => {
  const index = Number(event.target.value);
  if (frame && index === frame.snapshots.length - 1 && viewing === null) return;
  showSnapshot(index).catch(() => {});
});
$("#resume").addEventListener("click", () => { if (viewing !== null) resumeFrom(viewing).catch(() => {}); });
$("#back-to-now").addEventListener("click", () => live().catch(() => {}));
for (const box of document.querySelectorAll("[data-layer]")) {
  box.addEventListener("change", () => { plane.layers[box.dataset.layer] = box.checked; plane.render(); });
}

const ready = (async () => {
  const {config: fromURL, problems} = parseHash(location.hash);
  problems.forEach((message) => notices.show(message, "error"));
  await engine.ready;
  loading.progress({phase: "ready"});
  try {
    if (fromURL.dataset === "drawing" && !(fromURL.points && fromURL.points.length)) {
      await configure(Object.assign({}, fromURL, {dataset: DEFAULTS.dataset}));
      await setConfig({dataset: "drawing"});
    } else {
      await configure(fromURL);
    }
  } catch (err) {
    notices.show("The URL's settings were refused (" + err.message + "); using the defaults.", "error");
    await configure({});
  }
  $("#loading").hidden = true;
})();

window.gan = {
  ready,
  play, pause, step, reset, showSnapshot, resumeFrom, live,
  setConfig: (partial) => setConfig(partial),
  setSlowMotion(on) { slow = Boolean(on); $("#slow").checked = slow; },
  state() {
    const f = frame || {};
    return {epoch: f.epoch, dLoss: f.dLoss, gLoss: f.gLoss, kl: f.kl, js: f.js, modesCovered: f.modesCovered,
            modes: f.modes, playing, config: Object.assign({}, config), snapshots: (f.snapshots || []).slice(),
            history: engine.history.slice(), viewing, messages: notices.messages()};
  },
};
