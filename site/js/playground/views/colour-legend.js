/*
 * The output's colour legend, as TF Playground draws it: a gradient bar from -1 to +1 in the palette
 * shown (or one swatch per class for multiclass), with a sentence naming the colours.
 */
import {classToCSS, paint, paletteWords} from "../../charts/colormaps.js";

const BAR = 128; // px of gradient

export class ColourLegend {
  constructor(root) {
    this.root = root;
    this.key = null;
  }

  /** Draw for `problem`; cheap when neither it nor the palette changed. */
  show(problem) {
    const words = paletteWords();
    const key = problem + "|" + words.negative + "|" + words.positive;
    if (key === this.key) return;
    this.key = key;
    this.root.textContent = "";
    const scale = document.createElement("div");
    scale.className = "legend-scale";
    scale.setAttribute("aria-hidden", "true");
    if (problem === "multiclass") {
      words.classes.forEach((name, k) => {
        const swatch = document.createElement("span");
        swatch.className = "legend-swatch";
        swatch.style.background = classToCSS(k);
        scale.append(swatch, "class " + (k + 1) + " ");
      });
    } else {
      scale.append("−1 ", this._bar(), " +1");
    }
    const text = document.createElement("span");
    text.textContent = problem === "multiclass"
      ? "Colours show the predicted class: class 1 " + words.classes[0] + ", class 2 " + words.classes[1] +
        ", class 3 " + words.classes[2] + "."
      : "Colours show values: " + words.negative + " is negative, " + words.positive + " positive (−1 to +1).";
    this.root.append(scale, text);
  }

  _bar() {
    const canvas = document.createElement("canvas");
    canvas.className = "legend-bar";
    canvas.width = BAR;
    canvas.height = 1;
    const ctx = canvas.getContext("2d");
    const image = ctx.createImageData(BAR, 1);
    paint(image, Float32Array.from({length: BAR}, (_, i) => -1 + (2 * i) / (BAR - 1)));
    ctx.putImageData(image, 0, 0);
    return canvas;
  }
}
