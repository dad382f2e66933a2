/*
 * A drawing turned into what an MNIST model expects, following MNIST's own preprocessing
 * (LeCun et al.): the digit's bounding box is scaled, keeping its aspect ratio, to fit a
 * 20x20 box (anti-aliased, here by area averaging), and that box is placed in a 28x28 image
 * so that its centre of mass lies at the image centre. Pure functions on arrays.
 */
export const SIDE = 28;
const BOX = 20;
const INK = 0.05; // a source pixel counts as ink (for the bounding box) above this grey level

/**
 * @param {Float32Array|number[]} gray  (size * size) grey levels in [0, 1], ink = 1, row-major
 * @param {number} size  the drawing's side in pixels (280 for the pad)
 * @returns {Float32Array} (28 * 28) in [0, 1], row-major; all zeros for an empty drawing
 */
export function toMnist(gray, size) {
  const out = new Float32Array(SIDE * SIDE);
  let top = size, left = size, bottom = -1, right = -1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (gray[y * size + x] > INK) {
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  if (bottom < 0) return out;
  // A square crop around the bounding box (the longer side), so the aspect ratio survives.
  const side = Math.max(bottom - top + 1, right - left + 1);
  const y0 = Math.round((top + bottom + 1 - side) / 2);
  const x0 = Math.round((left + right + 1 - side) / 2);
  const box = areaResample(gray, size, y0, x0, side, BOX);
  let peak = 0;
  for (const v of box) peak = Math.max(peak, v);
  // Centre of mass of the 20x20 box, pixel centres at i + 0.5.
  let mass = 0, cy = 0, cx = 0;
  for (let i = 0; i < BOX; i++) {
    for (let j = 0; j < BOX; j++) {
      const v = box[i * BOX + j];
      mass += v;
      cy += v * (i + 0.5);
      cx += v * (j + 0.5);
    }
  }
  const dy = Math.round(SIDE / 2 - cy / mass);
  const dx = Math.round(SIDE / 2 - cx / mass);
  for (let i = 0; i < BOX; i++) {
    for (let j = 0; j < BOX; j++) {
      const y = i + dy, x = j + dx;
      // A thin stroke averages to grey; scaling the peak to 1 matches MNIST's full-ink strokes.
      if (y >= 0 && y < SIDE && x >= 0 && x < SIDE) out[y * SIDE + x] = Math.min(1, box[i * BOX + j] / peak);
    }
  }
  return out;
}

/**
 * The square (y0, x0, side) of a size x size image resampled to n x n by area averaging
 * (each output pixel is the mean of the source area it covers; outside the image is 0).
 */
export function areaResample(gray, size, y0, x0, side, n) {
  const weights = coverage(side, n); // per output index: [[source offset, weight], ...]
  const rows = new Float32Array(n * side); // rows resampled, columns not yet
  for (let i = 0; i < n; i++) {
    for (const [k, w] of weights[i]) {
      const y = y0 + k;
      if (y < 0 || y >= size) continue;
      for (let c = 0; c < side; c++) {
        const x = x0 + c;
        if (x >= 0 && x < size) rows[i * side + c] += w * gray[y * size + x];
      }
    }
  }
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (const [k, w] of weights[j]) v += w * rows[i * side + k];
      out[i * n + j] = v;
    }
  }
  return out;
}

// For each of n output cells over `side` source pixels: the pixels it overlaps and the
// overlap's share of the cell (weights of a cell sum to 1).
function coverage(side, n) {
  const step = side / n;
  const cells = [];
  for (let i = 0; i < n; i++) {
    const a = i * step, b = (i + 1) * step;
    const cell = [];
    for (let k = Math.floor(a); k < Math.ceil(b); k++) {
      const overlap = Math.min(b, k + 1) - Math.max(a, k);
      if (overlap > 1e-9) cell.push([k, overlap / step]);
    }
    cells.push(cell);
  }
  return cells;
}
