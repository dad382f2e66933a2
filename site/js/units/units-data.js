/*
 * The precomputed Units artifacts (pipeline/units/jobs.py), decoded and checked:
 * units/<model>/units.json (every unit's top-9 training digits with receptive-field boxes,
 * activation-maximization images per preset with their activation ratios) and
 * facets/<model>/facets.json (multifaceted feature visualization per class). Training digits
 * are uint8 (base64), synthetic images little-endian float32 (base64); all 28x28 row-major.
 */
const PIXELS = 784;

function bytes(b64, what) {
  let binary;
  try {
    binary = atob(b64);
  } catch (err) {
    throw new Error(what + " is not valid base64");
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The base64 float32 images as one Float32Array (n * 784). */
export function float32Images(b64, what) {
  const raw = bytes(b64 || "", what);
  if (raw.length % (4 * PIXELS)) throw new Error(what + " holds " + raw.length + " bytes, not whole 28x28 float32 images");
  const view = new DataView(raw.buffer);
  const out = new Float32Array(raw.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

/** Training digits by MNIST index: {has(i), image(i) -> 784 numbers in [0, 1], label(i)}. */
export class Gallery {
  constructor(data, what) {
    if (!data || !Array.isArray(data.indices) || !Array.isArray(data.labels)) throw new Error(what + " has no gallery");
    this.bytes = bytes(data.pixels_u8_b64 || "", what);
    if (this.bytes.length !== data.indices.length * PIXELS) {
      throw new Error(what + "'s gallery holds " + this.bytes.length + " pixels for " + data.indices.length + " digits");
    }
    this.rows = new Map(data.indices.map((index, row) => [index, row]));
    this.labels = data.labels;
  }

  has(index) {
    return this.rows.has(index);
  }

  image(index) {
    const row = this.rows.get(index);
    return Array.from(this.bytes.subarray(row * PIXELS, (row + 1) * PIXELS), (b) => b / 255);
  }

  label(index) {
    return this.labels[this.rows.get(index)];
  }
}

export class UnitsData {
  /** @param {object} data  parsed units.json; throws an Error saying what is wrong */
  constructor(data) {
    if (!data || !Array.isArray(data.layers) || !Array.isArray(data.am)) throw new Error("units.json has no layers and am lists");
    this.data = data;
    this.gallery = new Gallery(data.gallery, "units.json");
    this.amImages = float32Images(data.am_images_f32_b64, "units.json's AM images");
    this.layers = new Map(data.layers.map((l) => [l.index, l]));
    this.presets = Object.keys(data.presets || {});
  }

  /** {max, top: [{index, value, pos?, box?}]} of a unit, or null. */
  unit(layer, channel) {
    const l = this.layers.get(layer);
    return l && l.units[channel] ? l.units[channel] : null;
  }

  /** The precomputed AM records of a unit (one per preset), each with its image (784 floats). */
  maximized(layer, channel) {
    return this.data.am.filter((r) => r.layer === layer && r.channel === channel)
      .map((r) => Object.assign({}, r, {pixels: this.amImages.subarray(r.image * PIXELS, (r.image + 1) * PIXELS)}));
  }

  /** The AM starting image's base (the mean training digit) and noise: {mean, noise, seed}. */
  get start() {
    const s = this.data.start || {};
    return {mean: s.mean_image || new Array(PIXELS).fill(0), noise: s.noise || 0, seed: s.seed || 0};
  }
}

export class FacetsData {
  constructor(data) {
    if (!data || !Array.isArray(data.classes)) throw new Error("facets.json has no classes");
    this.data = data;
    this.gallery = new Gallery(data.gallery, "facets.json");
    this.images = float32Images(data.facet_images_f32_b64, "facets.json's facet images");
    this.starts = float32Images(data.start_images_f32_b64, "facets.json's start images");
    this.classes = data.classes;
  }

  ofClass(label) {
    return this.classes.find((c) => c.label === label) || null;
  }

  facetImage(facet) {
    return this.images.subarray(facet.image * PIXELS, (facet.image + 1) * PIXELS);
  }

  startImage(facet) {
    return this.starts.subarray(facet.start * PIXELS, (facet.start + 1) * PIXELS);
  }
}
