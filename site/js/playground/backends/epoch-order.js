// The order an epoch visits the training points, identical on every backend.
// Mirror of pyplayground/playground/shuffle.py (the NumPy session's copy): change both or neither;
// tests/browser/test_webgpu_backend.py checks that they agree.
//
// Point i of epoch `epoch` gets the uint32 key fmix32(base ^ (i * 0x9E3779B1 mod 2^32)) with
// base = fmix32(fmix32(seed ^ 0x9E3779B9) ^ epoch) (fmix32: MurmurHash3's finalizer; seed and
// epoch taken mod 2^32); the order is the indices sorted by (key, index).

const GOLDEN = 0x9e3779b1;    // odd, so i -> i * GOLDEN is a bijection mod 2^32
const SEED_SALT = 0x9e3779b9; // keeps seed 0 away from fmix32's fixed point 0

/** MurmurHash3's 32-bit finalizer of a uint32. */
export function fmix32(h) {
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The sort keys of points 0 .. n-1 in epoch `epoch`: Uint32Array (n). */
export function epochKeys(n, seed, epoch) {
  const base = fmix32((fmix32((seed ^ SEED_SALT) >>> 0) ^ epoch) >>> 0);
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = fmix32((base ^ Math.imul(i, GOLDEN)) >>> 0);
  return keys;
}

/** Indices 0 .. n-1 in the order epoch `epoch` visits them, written into `out` (Uint32Array (n)). */
export function epochOrder(n, seed, epoch, out = new Uint32Array(n)) {
  const keys = epochKeys(n, seed, epoch);
  for (let i = 0; i < n; i++) out[i] = i;
  return out.sort((a, b) => keys[a] - keys[b] || a - b);
}
