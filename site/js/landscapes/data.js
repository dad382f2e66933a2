/*
 * Loading one landscape artifact: its JSON description (first file) and, for the 2-D methods,
 * its float32 grid (second file, .npy), both checked against the manifest's sizes and hashes
 * (shell/artifacts.js). Every failure is an ArtifactError naming the file.
 * Results are cached per entry id; a failed load is not cached, so a retry fetches again.
 */
import {ArtifactError} from "../shell/artifacts.js";
import {parseNpy, channelRows} from "./npy.js";

export class LandscapeData {
  constructor(manifest) {
    this.manifest = manifest;
    this.cache = new Map();
  }

  /** Promise of {entry, meta, grid?: {shape, channel(name) -> rows}} for a landscape entry. */
  load(entry) {
    if (!this.cache.has(entry.id)) {
      const loading = this._load(entry);
      loading.catch(() => this.cache.delete(entry.id));
      this.cache.set(entry.id, loading);
    }
    return this.cache.get(entry.id);
  }

  async _load(entry) {
    const meta = await this.manifest.fetch(entry, {path: entry.files[0].path, as: "json"});
    const bad = (why) => new ArtifactError(entry.title + ": artifacts/" + entry.files[0].path + " is malformed (" + why +
                                           "); rebuild it with 'python3 build.py artifacts --only landscape'.",
                                           entry.files[0].path);
    if (!meta || typeof meta !== "object") throw bad("not an object");
    if (!meta.array) return {entry, meta};
    const file = entry.files.find((f) => f.path === meta.array);
    if (!file) throw bad("its grid " + meta.array + " is not among the entry's files");
    let array;
    try {
      array = parseNpy(await this.manifest.fetch(entry, {path: meta.array}));
    } catch (err) {
      if (err instanceof ArtifactError) throw err;
      throw new ArtifactError(entry.title + ": artifacts/" + meta.array + " is corrupt (" + err.message + ").", meta.array);
    }
    const shape = meta.shape || [];
    const [channels, rows, cols] = array.shape;
    if (array.shape.length !== 3 || shape.join() !== array.shape.join() || !Array.isArray(meta.channels) ||
        meta.channels.length !== channels || (meta.betas || []).length !== rows || (meta.alphas || []).length !== cols) {
      throw bad("its grid has shape " + array.shape.join("x") + ", which does not fit its axes and channels");
    }
    const grid = {shape: array.shape, channel: (name) => {
      const c = meta.channels.indexOf(name);
      if (c < 0) throw bad("no channel " + name);
      return channelRows(array, c);
    }};
    return {entry, meta, grid};
  }
}
