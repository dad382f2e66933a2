/*
 * Entry point: reads the URL hash, builds the views and the playground, binds the controls
 * and exposes window.playground (ready, state, play, pause, step, reset, setConfig).
 */
import {Playground} from "./playground.js";
import * as state from "./state.js";
import {OutputView} from "./views/output-view.js";
import {NetworkView} from "./views/network-view.js";
import {LossView} from "./views/loss-view.js";
import {LoadingView} from "./views/loading-view.js";
import {Notices} from "./views/notices.js";
import {bindControls} from "./controls.js";

const $ = (selector) => document.querySelector(selector);
const notices = new Notices($("#notices"));
const views = {
  output: new OutputView($("#output-canvas")),
  network: new NetworkView($("#network")),
  loss: new LossView({epoch: $("#epoch"), trainLoss: $("#train-loss"), testLoss: $("#test-loss"), chart: $("#loss-chart")}),
  loading: new LoadingView($("#loading")),
  notices,
};

const parsed = state.parseHash(location.hash);
for (const message of parsed.errors) notices.show("URL: " + message, "warning");

let sync = () => {};
const playground = new Playground({
  views,
  initial: parsed.values,
  onChange: (pg) => {
    sync();
    if (pg.phase === "ready") history.replaceState(null, "", "#" + state.toHash(pg.config));
  },
});
sync = bindControls(document, playground, notices);
sync();

// A hand-edited URL: apply what is valid, report the rest, keep the last good state on error.
window.addEventListener("hashchange", () => {
  const {values, errors} = state.parseHash(location.hash);
  for (const message of errors) notices.show("URL: " + message, "warning");
  playground.setConfig(values).catch((err) => notices.show("URL: " + err.message, "error"));
});

window.playground = {
  ready: playground.ready.then(() => undefined),
  state: () => playground.state(),
  play: () => playground.play(),
  pause: () => playground.pause(),
  step: (n = 1) => playground.step(n),
  reset: () => playground.reset(),
  setConfig: (partial) => playground.setConfig(partial),
  notices: () => notices.messages(),
};
