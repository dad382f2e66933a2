/*
 * The precomputed half of the page: one relevance artifact at a time (kind "relevance", a
 * model each; files relevance/<model>/evaluation.json, gallery.json, heatmaps.bin), chosen in
 * a select, drawn by GalleryView and EvaluationView. A file that is missing or corrupt is
 * explained where its view would be, and the rest of the page goes on working.
 */
import {GalleryData} from "./gallery-data.js";
import {GalleryView} from "./gallery-view.js";
import {EvaluationView} from "./evaluation-view.js";

const REBUILD = "build them with 'python3 build.py artifacts'";

export class RelevanceArtifacts {
  /**
   * @param {object} els  {model (select), slot (fieldset), gallery, perturbation (fieldset), summary, table, chart}
   * @param {object} deps {manifest, entries: [relevance entry], report(Error), onOpen(pixels, target)}
   */
  constructor(els, {manifest, entries, report, onOpen}) {
    Object.assign(this, {els, manifest, entries, report});
    this.modelId = null;
    this.gallery = new GalleryView(els.gallery, onOpen);
    this.evaluation = new EvaluationView({table: els.table, chart: els.chart, summary: els.summary});
    this.loaded = new Map(); // entry id -> Promise of {gallery: GalleryData|Error, evaluation: object|Error}
    for (const e of entries) els.model.add(new Option(e.title.replace(/^Relevance heatmaps: /, ""), e.model || e.id));
    els.model.disabled = entries.length < 2;
    els.model.addEventListener("change", () => this.show(els.model.value).catch(report));
    els.slot.addEventListener("change", () => this.setSlot(Number(els.slot.querySelector("input:checked").value)));
    els.perturbation.addEventListener("change", () =>
      this.setPerturbation(els.perturbation.querySelector("input:checked").value));
  }

  /** Show the first artifact (cnn-small's if there is one); resolves once it is drawn. */
  async start() {
    if (!this.entries.length) {
      const message = "There are no relevance heatmaps in artifacts/manifest.json yet: " + REBUILD +
                      ". You can still explain digits live above.";
      for (const el of [this.els.gallery, this.els.table]) placeError(el, message);
      this.report(new Error(message));
      return;
    }
    const first = this.entries.find((e) => e.model === "cnn-small") || this.entries[0];
    await this.show(first.model || first.id);
  }

  async show(modelId) {
    const entry = this.entries.find((e) => (e.model || e.id) === modelId);
    if (!entry) throw new Error("no relevance artifact for model '" + modelId + "'");
    this.modelId = modelId;
    this.els.model.value = modelId;
    const {gallery, evaluation} = await this._load(entry);
    if (this.modelId !== modelId) return;
    if (gallery instanceof Error) placeError(this.els.gallery, gallery.message); else this.gallery.show(gallery);
    if (evaluation instanceof Error) {
      placeError(this.els.table, evaluation.message);
      this.els.chart.replaceChildren();
      this.els.summary.textContent = "";
    } else {
      this.evaluation.show(evaluation);
    }
  }

  setSlot(slot) {
    if (slot !== 0 && slot !== 1) throw new Error("the gallery's slot is 0 (predicted) or 1 (runner-up)");
    this.els.slot.querySelector("input[value='" + slot + "']").checked = true;
    if (this.gallery.data) this.gallery.show(this.gallery.data, slot); else this.gallery.slot = slot;
  }

  setPerturbation(name) {
    const input = this.els.perturbation.querySelector("input[value='" + name + "']");
    if (!input) throw new Error("unknown perturbation '" + name + "'; valid: noise, erase");
    input.checked = true;
    if (this.evaluation.data) this.evaluation.show(this.evaluation.data, name); else this.evaluation.perturbation = name;
  }

  /** Both halves of an entry, each an object or the Error that explains why it is missing. */
  _load(entry) {
    if (!this.loaded.has(entry.id)) {
      const file = (suffix) => (entry.files.find((f) => f.path.endsWith(suffix)) || {path: "relevance/" + entry.model + "/" + suffix}).path;
      const caught = (promise) => promise.catch((err) => {
        this.report(err);
        return err;
      });
      const gallery = caught((async () => {
        const [meta, bytes] = await Promise.all([this.manifest.fetch(entry, {path: file("gallery.json"), as: "json"}),
                                                 this.manifest.fetch(entry, {path: file("heatmaps.bin")})]);
        try {
          return new GalleryData(meta, bytes);
        } catch (err) {
          throw new Error(entry.title + ": " + err.message + "; " + REBUILD + ".");
        }
      })());
      const evaluation = caught((async () => {
        const data = await this.manifest.fetch(entry, {path: file("evaluation.json"), as: "json"});
        try {
          return EvaluationView.check(data);
        } catch (err) {
          throw new Error(entry.title + ": " + err.message + "; " + REBUILD + ".");
        }
      })());
      this.loaded.set(entry.id, Promise.all([gallery, evaluation]).then(([g, e]) => ({gallery: g, evaluation: e})));
    }
    return this.loaded.get(entry.id);
  }
}

function placeError(el, message) {
  const p = document.createElement("p");
  p.className = "artifact-error";
  p.setAttribute("role", "alert");
  p.textContent = message;
  el.replaceChildren(p);
}
