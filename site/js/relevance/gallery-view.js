/*
 * The gallery: precomputed heatmaps of held-out test digits, one row per digit, one column
 * per method, for the predicted class or the runner-up (the class the model found second
 * most likely: "why a 9 and not a 4?"). A digit's button opens it in the live panel.
 */
import {drawGray, drawSigned} from "../charts/pixel-maps.js";
import {heatmapCanvas} from "./heatmap.js";
import {methodDescription, methodLabel} from "./methods.js";

export class GalleryView {
  /** @param {HTMLElement} root  @param {function(number[]): void} onOpen  opens pixels in the live panel */
  constructor(root, onOpen) {
    this.root = root;
    this.onOpen = onOpen;
    this.data = null;
    this.slot = 0; // 0: the predicted class, 1: the runner-up
  }

  /** Show GalleryData `data` for target slot `slot`. */
  show(data, slot = this.slot) {
    this.data = data;
    this.slot = slot;
    const table = document.createElement("table");
    table.className = "gallery";
    const caption = document.createElement("caption");
    caption.textContent = slot === 0 ? "Evidence for the class each digit is predicted as."
      : "Evidence for the runner-up class: why not the second most likely class?";
    const head = document.createElement("tr");
    head.appendChild(th("Digit", "col"));
    for (const m of data.methods) {
      const cell = th(methodLabel(m), "col");
      cell.title = methodDescription(m);
      head.appendChild(cell);
    }
    const thead = document.createElement("thead");
    thead.appendChild(head);
    const tbody = document.createElement("tbody");
    data.digits.forEach((d, i) => tbody.appendChild(this._row(d, i)));
    table.append(caption, thead, tbody);
    this.root.replaceChildren(table);
  }

  _row(d, i) {
    const data = this.data;
    const target = d.targets[this.slot];
    const row = document.createElement("tr");
    const first = document.createElement("th");
    first.scope = "row";
    const open = document.createElement("button");
    open.type = "button";
    open.className = "gallery-digit";
    const p = d.probabilities[target];
    const words = "a " + d.label + ", predicted " + d.predicted + "; explaining " + target + " (" + (100 * p).toFixed(1) + "%)";
    open.setAttribute("aria-label", "Test digit " + words + ". Open it in the live panel");
    const digit = heatmapCanvas("");
    digit.removeAttribute("role");
    digit.removeAttribute("aria-label");
    drawGray(digit, data.pixels(i), 28);
    const label = document.createElement("span");
    label.className = "gallery-label";
    label.textContent = d.label + (d.predicted === d.label ? "" : "\u2192" + d.predicted) + " : " + target;
    label.title = words;
    open.append(digit, label);
    open.addEventListener("click", () => this.onOpen(data.pixels(i), target));
    first.appendChild(open);
    row.appendChild(first);
    for (const m of data.methods) {
      const cell = document.createElement("td");
      const canvas = heatmapCanvas(methodLabel(m) + " heatmap of test digit " + (i + 1) + " for class " + target);
      drawSigned(canvas, data.heatmap(i, this.slot, m), 28, 1);
      cell.appendChild(canvas);
      row.appendChild(cell);
    }
    return row;
  }
}

function th(text, scope) {
  const cell = document.createElement("th");
  cell.scope = scope;
  cell.textContent = text;
  return cell;
}
