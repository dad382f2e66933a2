/*
 * The page's gallery of held-out MNIST test digits (artifacts data/mnist-test-sample.json):
 * {"indices": [n ints], "labels": [n ints], "pixels_u8_b64": base64 of n * 784 bytes}, each
 * image 28x28 row-major, grey level 0..255 (ink = 255).
 */
export const SAMPLE_PATH = "data/mnist-test-sample.json";
const PIXELS = 784;

export class TestDigits {
  /** Decode and check the sample; throws an Error saying what is wrong. */
  constructor(data) {
    if (!data || !Array.isArray(data.labels) || typeof data.pixels_u8_b64 !== "string") {
      throw new Error("the test digits file has no labels and pixels");
    }
    let binary;
    try {
      binary = atob(data.pixels_u8_b64);
    } catch (err) {
      throw new Error("the test digits' pixels are not valid base64");
    }
    if (binary.length !== data.labels.length * PIXELS) {
      throw new Error("the test digits file holds " + binary.length + " pixels for " + data.labels.length + " digits");
    }
    this.bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    this.labels = data.labels;
    this.indices = Array.isArray(data.indices) ? data.indices : data.labels.map((_, i) => i);
  }

  get count() {
    return this.labels.length;
  }

  /** Image `i` as 784 numbers in [0, 1]. */
  image(i) {
    return Array.from(this.bytes.subarray(i * PIXELS, (i + 1) * PIXELS), (b) => b / 255);
  }
}

/**
 * Load the test digits listed in `manifest` (shell/artifacts.js) and hand them to `use(TestDigits)`;
 * resolves true, or false after a warning in `notices` when they are missing or damaged (the page's
 * pad still works: "you can still draw").
 */
export async function loadTestDigits(manifest, notices, use) {
  const found = manifest.findFile(SAMPLE_PATH);
  if (!found) {
    notices.show("The test digits (artifacts/" + SAMPLE_PATH + ") are not in the manifest; you can still draw.", "warning");
    return false;
  }
  try {
    use(new TestDigits(await manifest.fetch(found.entry, {path: SAMPLE_PATH, as: "json"})));
    return true;
  } catch (err) {
    notices.show("Test digits unavailable (" + err.message + "); you can still draw.", "warning");
    return false;
  }
}
