/*
 * TF Playground's diverging palette: orange for -1, near-white for 0, blue for +1.
 * `valueToRGB` and the 256-entry lookup table map a value in [-1, 1] to a colour.
 */
const NEGATIVE = [245, 147, 34];
const MIDDLE = [232, 234, 235];
const POSITIVE = [8, 119, 189];

function mix(a, b, t) {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t));
}

export function valueToRGB(v) {
  const t = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  return t < 0 ? mix(MIDDLE, NEGATIVE, -t) : mix(MIDDLE, POSITIVE, t);
}

export function valueToCSS(v) {
  const [r, g, b] = valueToRGB(v);
  return "rgb(" + r + "," + g + "," + b + ")";
}

/** RGBA bytes for 256 evenly spaced values from -1 to 1. */
export const LUT = (() => {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = valueToRGB(i / 127.5 - 1);
    lut.set([r, g, b, 255], i * 4);
  }
  return lut;
})();
