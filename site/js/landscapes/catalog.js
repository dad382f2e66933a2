/*
 * Which landscapes the manifest holds, arranged as the page shows them.
 *
 * Landscape entries (docs/landscapes.md): kind "landscape", parameters.method one of METHODS,
 * model = the model's id; parts of a split grid (parameters.part) are build intermediates and
 * are not shown. Models are grouped for side-by-side comparison: residual-family models with
 * the same number of blocks form one group (with skips on the left, without on the right);
 * any other model is a group of its own. The batch-size comparison is a group apart.
 */
export const MODEL_METHODS = ["surface", "pca", "hessian", "curves", "summary"];
export const BATCH_METHODS = ["interpolation", "normalization"];
const METHODS = MODEL_METHODS.concat(BATCH_METHODS);

export class Catalog {
  /** @param {Manifest} manifest  the loaded artifacts manifest (shell/artifacts.js) */
  constructor(manifest) {
    this.problems = [];
    this.models = new Map();   // model id -> {id, methods: {method: entry}, facts: {skip, blocks, depth}}
    this.batch = {};           // method -> entry
    for (const entry of manifest.ofKind("landscape")) {
      const params = entry.parameters || {};
      if (params.part) continue;
      const method = params.method;
      if (!METHODS.includes(method)) {
        this.problems.push("Landscape '" + entry.id + "' has an unknown method " + JSON.stringify(method) +
                           " and is not shown; this page knows " + METHODS.join(", ") + ".");
        continue;
      }
      if (BATCH_METHODS.includes(method)) {
        this.batch[method] = entry;
        continue;
      }
      if (!this.models.has(entry.model)) this.models.set(entry.model, {id: entry.model, methods: {}, facts: {}});
      const model = this.models.get(entry.model);
      model.methods[method] = entry;
      const m = entry.metrics || {};
      for (const key of ["skip", "blocks", "depth"]) if (m[key] !== undefined) model.facts[key] = m[key];
    }
    this.groups = this._group(manifest);
  }

  /** Every landscape entry the page shows (ids). */
  shownIds() {
    const ids = [];
    for (const model of this.models.values()) ids.push(...Object.values(model.methods).map((e) => e.id));
    ids.push(...Object.values(this.batch).map((e) => e.id));
    return ids;
  }

  _group(manifest) {
    const byBlocks = new Map();
    const singles = [];
    for (const model of this.models.values()) {
      const blocks = model.facts.blocks || 0;
      if (blocks > 0) {
        if (!byBlocks.has(blocks)) byBlocks.set(blocks, []);
        byBlocks.get(blocks).push(model);
      } else {
        singles.push(model);
      }
    }
    const title = (id) => {
      const entry = manifest.byId(id);
      return entry ? entry.title : id;
    };
    const groups = [];
    for (const blocks of Array.from(byBlocks.keys()).sort((a, b) => b - a)) {
      // with skips first, then without, so the columns always read "skip | no skip"
      const models = byBlocks.get(blocks).sort((a, b) => Number(!!b.facts.skip) - Number(!!a.facts.skip));
      const depth = models[0].facts.depth;
      groups.push({key: "blocks-" + blocks, label: blocks + " block" + (blocks > 1 ? "s" : "") +
                   (depth ? " (" + depth + " layers)" : ""), models: models.map((m) => ({...m, title: title(m.id)}))});
    }
    for (const model of singles) groups.push({key: model.id, label: title(model.id), models: [{...model, title: title(model.id)}]});
    return groups;
  }
}
