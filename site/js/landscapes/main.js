/*
 * Entry point of the Landscapes page (Li et al. 2018 on our digit models): loads the manifest,
 * lists every model's landscape numbers, shows one group of models side by side (with and
 * without skip connections at one depth), and the batch-size comparison. Exposes
 * window.landscapes for tests:
 *   ready           Promise; resolves once the first group and the batch section are drawn
 *   groups()        [{key, label, models: [model ids]}]
 *   show(key)       Promise; draws that group (resolves when every part has drawn or failed)
 *   artifacts()     ids of every landscape entry the page shows (parts of split grids are not)
 *   state()         {group, rendered: [ids drawn without error], errors: {id: message}}
 *   notices()       the messages shown on the page
 * A missing or corrupt artifact puts a message where it would be drawn, never a blank page.
 */
import "../shell/nav.js";
import {loadManifest, ArtifactError} from "../shell/artifacts.js";
import {Notices} from "../shell/notices.js";
import {Catalog} from "./catalog.js";
import {LandscapeData} from "./data.js";
import {ModelPanel} from "./model-panel.js";
import {BatchPanel} from "./batch-panel.js";
import {renderSummaryTable} from "./summary-table.js";

const $ = (selector) => document.querySelector(selector);
const notices = new Notices($("#notices"));
const rendered = new Set();
const errors = new Map();
let catalog = null;
let data = null;
let current = null;     // {key, panels: [ModelPanel]}
let showing = Promise.resolve();

const hooks = {
  onRendered: (id) => {
    rendered.add(id);
    errors.delete(id);
  },
  onError: (id, err) => {
    errors.set(id, err.message);
    notices.show(err.message, "error");
  },
};

function failPage(err) {
  $("#page-status-text").textContent = err.message;
  $("#page-status").hidden = false;
  $("#landscapes-content").hidden = true;
  throw err;
}

function groupButtons() {
  const bar = $("#group-picker");
  bar.replaceChildren();
  for (const group of catalog.groups) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "group-button";
    b.dataset.group = group.key;
    b.textContent = group.label;
    b.setAttribute("aria-pressed", "false");
    b.addEventListener("click", () => show(group.key).catch(() => {}));
    bar.appendChild(b);
  }
}

async function drawGroup(key) {
  const group = catalog.groups.find((g) => g.key === key);
  if (!group) throw new Error("no group '" + key + "'; groups: " + catalog.groups.map((g) => g.key).join(", "));
  if (current) for (const panel of current.panels) panel.destroy();
  const area = $("#comparison");
  area.replaceChildren();
  area.classList.toggle("single", group.models.length === 1);
  for (const b of document.querySelectorAll(".group-button")) b.setAttribute("aria-pressed", String(b.dataset.group === key));
  const panels = group.models.map((model) => {
    const column = document.createElement("section");
    column.setAttribute("aria-labelledby", "heading-" + model.id);
    area.appendChild(column);
    return new ModelPanel(column, model, {data, ...hooks});
  });
  current = {key, panels};
  $("#comparison-status").textContent = "Showing " + group.label + ": " + group.models.map((m) => m.id).join(" and ") +
    (group.models.length === 2 ? " (first with skip connections, then without)." : ".");
  try {
    history.replaceState(null, "", "#group=" + encodeURIComponent(key));
  } catch (err) { /* a refused history update changes nothing that matters */ }
  await Promise.all(panels.map((p) => p.render()));
}

/** Draw group `key`; calls queue, so two quick clicks never interleave their drawing. */
function show(key) {
  showing = showing.catch(() => {}).then(() => drawGroup(key));
  return showing;
}

async function start() {
  let manifest;
  try {
    manifest = await loadManifest();
  } catch (err) {
    failPage(err);
  }
  for (const problem of manifest.problems) notices.show(problem, "warning");
  catalog = new Catalog(manifest);
  for (const problem of catalog.problems) notices.show(problem, "warning");
  if (!catalog.groups.length && !Object.keys(catalog.batch).length) {
    failPage(new ArtifactError("There are no landscapes in artifacts/manifest.json yet: build them with " +
                               "'python3 build.py artifacts --only landscape'.", "manifest.json"));
  }
  data = new LandscapeData(manifest);
  renderSummaryTable($("#summary"), catalog, (key) => {
    show(key).catch(() => {});
    $("#comparison-heading").scrollIntoView({block: "start"});
  });
  groupButtons();
  const batch = new BatchPanel($("#batch"), {...catalog.batch, data, ...hooks});
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("group");
  const first = catalog.groups.some((g) => g.key === fromHash) ? fromHash : (catalog.groups[0] || {}).key;
  await Promise.all([first ? show(first) : Promise.resolve(), batch.render()]);
}

const ready = start();
ready.catch(() => {}); // reported on the page; callers that await window.landscapes.ready still see it

window.landscapes = {
  ready: ready.then(() => undefined),
  groups: () => (catalog ? catalog.groups.map((g) => ({key: g.key, label: g.label, models: g.models.map((m) => m.id)})) : []),
  show: (key) => show(key),
  artifacts: () => (catalog ? catalog.shownIds() : []),
  state: () => ({group: current ? current.key : null, rendered: Array.from(rendered),
                 errors: Object.fromEntries(errors)}),
  notices: () => notices.messages(),
};
window.landscapes.ready.catch(() => {});
