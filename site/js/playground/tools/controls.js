/*
 * Wires the page's controls to the playground and keeps them in step with its state.
 * Settings controls are declared in the HTML with data-setting="NAME" (a row of state.js);
 * their values are parsed by the row's type, so adding a control needs no code here.
 */
import * as state from "../state.js";
import {LIMITS} from "../../generated/vocabulary.js";
import {paletteWords} from "../../charts/colormaps.js";
import {ColourLegend} from "../views/colour-legend.js";

function formatRate(v) {
  return String(v);
}

function fillMenu(select, values, current) {
  const options = values.includes(current) ? values : values.concat([current]).sort((a, b) => a - b);
  const key = options.join(",");
  if (select.dataset.menu === key) return; // rebuilding would close a menu the user has open
  select.dataset.menu = key;
  select.textContent = "";
  for (const v of options) {
    const option = document.createElement("option");
    option.value = String(v);
    option.textContent = formatRate(v);
    select.appendChild(option);
  }
}

function readControl(el) {
  const p = state.property(el.dataset.setting);
  if (el.type === "checkbox") return el.checked;
  if (p.type === "int" || p.type === "number") return Number(el.value);
  return el.value;
}

export function bindControls(root, playground, report) {
  const playButton = root.querySelector("#play-pause");
  const settings = Array.from(root.querySelectorAll("[data-setting]"));
  let sync = null;
  const legend = new ColourLegend(root.querySelector("#colour-legend"));
  // A refused change is reported and the controls show the state again.
  const apply = (partial) => playground.setConfig(partial).catch((err) => { report(err); sync(); });

  playButton.addEventListener("click", () => (playground.playing ? playground.pause() : playground.play()));
  root.querySelector("#step").addEventListener("click", () => playground.step(1).catch(report));
  root.querySelector("#reset").addEventListener("click", () => playground.reset().catch(report));
  root.querySelector("#rewind").addEventListener("click", () => playground.rewind().catch(report));
  root.querySelector("#undo").addEventListener("click", () => playground.undo().catch(report));
  root.querySelector("#regenerate").addEventListener("click", () => apply({seed: Math.random().toFixed(5)}));
  for (const el of settings) {
    el.addEventListener(el.type === "range" ? "input" : "change", () => apply({[el.dataset.setting]: readControl(el)}));
  }
  for (const input of root.querySelectorAll("input[name=dataset], input[name=regDataset]")) {
    // Custom brings back the points placed before, or an empty plane to click on.
    input.addEventListener("change", () => apply({[input.name]: input.value}));
  }
  const shape = () => playground.state().config.networkShape;
  root.querySelector("#add-layer").addEventListener("click", () => apply({networkShape: shape().concat([2])}));
  root.querySelector("#remove-layer").addEventListener("click", () => apply({networkShape: shape().slice(0, -1)}));

  sync = function () {
    const s = playground.state();
    const c = s.config;
    playButton.setAttribute("aria-pressed", String(s.playing));
    playButton.textContent = s.playing ? "Pause" : "Play";
    playButton.classList.toggle("playing", s.playing);
    fillMenu(root.querySelector("[data-setting=learningRate]"), state.LEARNING_RATES, c.learningRate);
    fillMenu(root.querySelector("[data-setting=regularizationRate]"), state.REGULARIZATION_RATES, c.regularizationRate);
    for (const el of settings) {
      if (el.type === "checkbox") el.checked = c[el.dataset.setting];
      else el.value = String(c[el.dataset.setting]);
    }
    for (const out of root.querySelectorAll("[data-show]")) out.textContent = String(c[out.dataset.show]);
    for (const input of root.querySelectorAll("input[name=dataset], input[name=regDataset]")) {
      input.checked = c[input.name] === input.value;
    }
    for (const group of root.querySelectorAll(".dataset-group")) group.hidden = group.dataset.problem !== c.problem;
    for (const el of root.querySelectorAll("#landscape-canvas, #landscape-readout, .landscape-help")) {
      el.hidden = c.landscape === "off";
    }
    for (const el of root.querySelectorAll("#relevance-readout, .relevance-help")) el.hidden = c.relevance === "off";
    const words = paletteWords(); // legends name the colours actually shown
    for (const el of root.querySelectorAll("[data-colour-word]")) el.textContent = words[el.dataset.colourWord];
    legend.show(c.problem);
    root.querySelector("#custom-tools").hidden = !(c.problem === "classification" && c.dataset === "custom");
    root.querySelector("#backend-label").textContent = s.backend === "webgpu" ? "WebGPU (" + s.adapter + ")" : "NumPy (Pyodide)";
    const layers = c.networkShape.length;
    root.querySelector("#layer-count-label").textContent = layers + (layers === 1 ? " hidden layer" : " hidden layers");
    const ready = s.phase === "ready";
    const usable = (el) => ready || (s.explorable && el.hasAttribute("data-explorable")); // while loading
    const addLayer = root.querySelector("#add-layer"), removeLayer = root.querySelector("#remove-layer");
    addLayer.disabled = layers >= LIMITS.hidden_layers || !usable(addLayer);
    removeLayer.disabled = layers <= 0 || !usable(removeLayer);
    for (const name of state.HIDABLE) {
      for (const el of root.querySelectorAll(".ui-" + name)) el.classList.toggle("hidden-by-url", c[name + "_hide"]);
    }
    document.body.classList.toggle("hide-text", c.hideText);
    document.body.classList.toggle("embed", c.embed);
    for (const b of root.querySelectorAll("[data-needs-engine]")) {
      if (b !== addLayer && b !== removeLayer) b.disabled = !usable(b) || b.dataset.atLimit === "true";
    }
    root.querySelector("#undo").disabled = !ready || !s.canUndo;
  };
  return sync;
}
