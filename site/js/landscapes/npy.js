/*
 * A reader for the landscape grids: NumPy .npy files of little-endian float32 in C order
 * (format 1.0/2.0: magic "\x93NUMPY", version, header length, a Python-literal header dict
 * {'descr': '<f4', 'fortran_order': False, 'shape': (...)}, then the numbers).
 */
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93 N U M P Y

/** {shape: number[], data: Float32Array} of an .npy ArrayBuffer; throws Error saying what is wrong. */
export function parseNpy(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 12 || !MAGIC.every((b, i) => bytes[i] === b)) throw new Error("not a NumPy .npy file");
  const view = new DataView(buffer);
  const major = bytes[6];
  if (major !== 1 && major !== 2) throw new Error(".npy format version " + major + " is not supported");
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder("latin1").decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr':\s*'([^']*)'/.exec(header);
  const fortran = /'fortran_order':\s*(True|False)/.exec(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeText) throw new Error(".npy header is malformed");
  if (descr[1] !== "<f4") throw new Error(".npy holds " + descr[1] + ", expected little-endian float32 (<f4)");
  if (fortran[1] !== "False") throw new Error(".npy is in Fortran order, expected C order");
  const shape = shapeText[1].split(",").map((s) => s.trim()).filter(Boolean).map(Number);
  if (!shape.every((n) => Number.isInteger(n) && n >= 0)) throw new Error(".npy shape is malformed");
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLength;
  if (buffer.byteLength - offset !== count * 4) {
    throw new Error(".npy holds " + (buffer.byteLength - offset) + " bytes of data where its shape needs " + count * 4);
  }
  const data = offset % 4 === 0 ? new Float32Array(buffer, offset, count) : new Float32Array(buffer.slice(offset));
  return {shape, data};
}

/** Channel `c` of a (channels, rows, cols) array as an array of row arrays (plotly's z). */
export function channelRows(array, c) {
  const [, rows, cols] = array.shape;
  const out = [];
  for (let r = 0; r < rows; r++) {
    const start = (c * rows + r) * cols;
    out.push(Array.from(array.data.subarray(start, start + cols)));
  }
  return out;
}
