/*
 * Every colour map of the site, in one module.
 * - The playground's diverging palette: values in [-1, 1] through TF Playground's orange /
 *   near-white / blue by default, or a colour-blind-safe purple / green from ColorBrewer's PRGn
 *   (setPalette); class indices (multiclass) map to categorical colours from the Okabe-Ito set,
 *   which stay distinct for every common colour-vision deficiency. Also the Dynamics page's credit map.
 * - The signed map of relevance heatmaps and unit maps (signedRGB), as Samek et al. 2017 draw them:
 *   blue < 0 < red through white, ColorBrewer RdBu's ends; never switched by the palette.
 * Canvas drawing of whole maps (grey and signed, symmetric scales) is in pixel-maps.js.
 */
const PALETTES = {
  default: {negative: [245, 147, 34], middle: [232, 234, 235], positive: [8, 119, 189]},
  colorblind: {negative: [118, 42, 131], middle: [247, 247, 247], positive: [27, 120, 55]},
};
const CLASS_COLORS = {
  default: [[245, 147, 34], [8, 119, 189], [0, 158, 115]],
  colorblind: [[230, 159, 0], [86, 180, 233], [204, 121, 167]],
};

const WORDS = {
  default: {negative: "orange", positive: "blue", classes: ["orange", "blue", "green"]},
  colorblind: {negative: "purple", positive: "green", classes: ["orange", "sky blue", "pink"]},
};

// The signed map's ends (ColorBrewer RdBu, the paper's red / blue) and its middle.
const SIGNED = {negative: [33, 102, 172], middle: [255, 255, 255], positive: [178, 24, 43]};

let current = "default";

/** The colour names of the palette shown: {negative, positive, classes: [3 names]}, for legends. */
export function paletteWords() {
  return WORDS[current];
}
export let LUT = buildLUT();

function mix(a, b, t) {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t));
}

/** Switch every scale to palette `name` ("default" or "colorblind"). */
export function setPalette(name) {
  if (!PALETTES[name]) throw new Error("unknown palette '" + name + "'; valid: " + Object.keys(PALETTES).join(", "));
  if (name === current) return false;
  current = name;
  LUT = buildLUT();
  return true;
}

export function valueToRGB(v) {
  const p = PALETTES[current];
  const t = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  return t < 0 ? mix(p.middle, p.negative, -t) : mix(p.middle, p.positive, t);
}

/** RGB of v in [-1, 1] (clamped; not finite: 0) on the signed map: blue < 0 < red through white. */
export function signedRGB(v) {
  const t = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  return t < 0 ? mix(SIGNED.middle, SIGNED.negative, -t) : mix(SIGNED.middle, SIGNED.positive, t);
}

export function valueToCSS(v) {
  const [r, g, b] = valueToRGB(v);
  return "rgb(" + r + "," + g + "," + b + ")";
}

export function classToRGB(k) {
  const colors = CLASS_COLORS[current];
  return colors[Math.max(0, Math.min(colors.length - 1, Math.round(k)))];
}

export function classToCSS(k) {
  const [r, g, b] = classToRGB(k);
  return "rgb(" + r + "," + g + "," + b + ")";
}

/** RGBA bytes for 256 evenly spaced values from -1 to 1. */
function buildLUT() {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = valueToRGB(i / 127.5 - 1);
    lut.set([r, g, b, 255], i * 4);
  }
  return lut;
}

/** Paint `values` (n x n, top row first) into an ImageData: diverging scale, or classes. */
export function paint(image, values, {discretize = false, classes = false, alpha = 255} = {}) {
  const data = image.data;
  for (let i = 0; i < values.length; i++) {
    let r, g, b;
    if (classes) {
      [r, g, b] = classToRGB(values[i]);
    } else {
      let v = values[i];
      if (discretize) v = v >= 0 ? 1 : -1;
      const k = Math.max(0, Math.min(255, Math.round((v + 1) * 127.5))) * 4;
      r = LUT[k]; g = LUT[k + 1]; b = LUT[k + 2];
    }
    data[i * 4] = r; data[i * 4 + 1] = g; data[i * 4 + 2] = b; data[i * 4 + 3] = alpha;
  }
}
