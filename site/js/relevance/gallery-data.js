/*
 * A relevance artifact's gallery (relevance/<model>/gallery.json + heatmaps.bin, written by
 * pipeline/relevance/jobs.py), decoded and checked. heatmaps.bin is int8
 * (digits, 2 targets, methods, 784) in C order, each map round(127 * R / max|R|);
 * gallery.json has the digits, their pixels, the methods and max|R| of each map ("scales").
 */
const PIXELS = 784;

export class GalleryData {
  /** Throws an Error saying what is wrong when the two files do not fit together. */
  constructor(meta, bytes) {
    if (!meta || !Array.isArray(meta.digits) || !Array.isArray(meta.methods) || typeof meta.pixels_u8_b64 !== "string") {
      throw new Error("gallery.json has no digits, methods and pixels");
    }
    this.methods = meta.methods;
    this.digits = meta.digits;
    const expected = this.digits.length * 2 * this.methods.length * PIXELS;
    if (!(bytes instanceof ArrayBuffer) || bytes.byteLength !== expected) {
      throw new Error("heatmaps.bin holds " + (bytes ? bytes.byteLength : 0) + " bytes where gallery.json needs " + expected);
    }
    this.maps = new Int8Array(bytes);
    let binary;
    try {
      binary = atob(meta.pixels_u8_b64);
    } catch (err) {
      throw new Error("the gallery's pixels are not valid base64");
    }
    if (binary.length !== this.digits.length * PIXELS) throw new Error("the gallery's pixels do not match its digits");
    this.pixelBytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    this.scales = meta.scales || [];
  }

  get count() {
    return this.digits.length;
  }

  /** Digit `i`'s pixels: 784 numbers in [0, 1]. */
  pixels(i) {
    return Array.from(this.pixelBytes.subarray(i * PIXELS, (i + 1) * PIXELS), (b) => b / 255);
  }

  /** The heatmap of digit `i`, target slot `t` (0: predicted, 1: runner-up), method `m` (name):
   *  784 numbers in [-1, 1] (the map divided by its largest |R|). */
  heatmap(i, t, m) {
    const k = this.methods.indexOf(m);
    if (k < 0) throw new Error("no method '" + m + "' in this gallery");
    const offset = ((i * 2 + t) * this.methods.length + k) * PIXELS;
    return Array.from(this.maps.subarray(offset, offset + PIXELS), (q) => q / 127);
  }
}
