/*
 * Multifaceted feature visualization (Nguyen, Yosinski, Clune 2016), precomputed per class:
 * the class's facets (activation maximization of its logit, each from the mean of the 15
 * training digits nearest a k-means centroid), the selected facet's start and member digits,
 * and the t-SNE embedding of the class's penultimate-layer codes coloured by facet.
 */
import {drawGray} from "../charts/pixel-maps.js";
import {figure, mapCanvas} from "./draw.js";
import {drawScatter, FACET_COLOURS} from "./scatter.js";

export class FacetsView {
  /** @param {object} els  {classes (fieldset), facets, members, scatter, note} */
  constructor(els, onPickImage) {
    Object.assign(this, {els, onPickImage});
    this.data = null;
    this.label = 0;
    this.selected = null;
    els.classes.addEventListener("change", () => {
      const checked = els.classes.querySelector("input:checked");
      if (checked) this.showClass(Number(checked.value));
    });
  }

  setData(data) {
    this.data = data;
    this.showClass(this.label);
  }

  fail(message) {
    this.data = null;
    const p = document.createElement("p");
    p.className = "artifact-error";
    p.textContent = message;
    this.els.facets.replaceChildren(p);
    this.els.members.replaceChildren();
    this.els.note.textContent = "";
    const ctx = this.els.scatter.getContext("2d");
    ctx.clearRect(0, 0, this.els.scatter.width, this.els.scatter.height);
  }

  showClass(label) {
    this.label = label;
    const input = this.els.classes.querySelector("input[value='" + label + "']");
    if (input) input.checked = true;
    if (!this.data) return;
    const c = this.data.ofClass(label);
    if (!c) {
      this.fail("No facets for class " + label + " in the artifact.");
      return;
    }
    const rejected = c.rejected.length ? " k = " + c.rejected.map((r) => r.k).join(", ") + " rejected (" +
      c.rejected[c.rejected.length - 1].why + ")." : "";
    this.els.note.textContent = c.k + " facet" + (c.k === 1 ? "" : "s") + " of " + c.points.length + " training " +
      label + "s." + rejected + (c.k > 1 ? " Closest two facets: " + c.min_distance.toFixed(2) + " apart (bound " +
      c.bound.toFixed(2) + ")." : "");
    this.els.facets.replaceChildren();
    c.facets.forEach((f, i) => {
      const canvas = mapCanvas("");
      drawGray(canvas, this.data.facetImage(f), 28);
      const button = document.createElement("button");
      button.type = "button";
      button.className = "facet-button";
      button.dataset.facet = String(i);
      button.style.borderColor = FACET_COLOURS[i % FACET_COLOURS.length];
      button.setAttribute("aria-label", "Facet " + (i + 1) + " of class " + label + ": " + f.size + " training digits, " +
                          "logit " + f.activation.toFixed(2) + " (\u00d7" + f.ratio.toFixed(2) + " the class's training maximum)");
      const caption = document.createElement("span");
      caption.textContent = f.size + " \u00b7 \u00d7" + f.ratio.toFixed(2);
      button.append(canvas, caption);
      button.addEventListener("click", () => this.select(i));
      this.els.facets.appendChild(button);
    });
    this.select(0);
  }

  /** Select facet `i` of the shown class: its start, its members, highlighted in the scatter. */
  select(i) {
    const c = this.data && this.data.ofClass(this.label);
    if (!c || !c.facets[i]) return;
    this.selected = i;
    for (const b of this.els.facets.querySelectorAll(".facet-button")) b.setAttribute("aria-pressed", String(b.dataset.facet === String(i)));
    const f = c.facets[i];
    this.els.members.replaceChildren();
    const start = mapCanvas("The facet's starting image: the mean of its " + f.nearest.length + " digits nearest the centroid");
    drawGray(start, this.data.startImage(f), 28);
    this.els.members.appendChild(figure(start, "start (mean)", "unit-figure member-start"));
    for (const index of f.nearest) {
      const canvas = mapCanvas("");
      const pixels = this.data.gallery.image(index);
      drawGray(canvas, pixels, 28);
      const button = document.createElement("button");
      button.type = "button";
      button.className = "member-image";
      button.setAttribute("aria-label", "Member digit " + index + " of facet " + (i + 1) + ". Show it on the pad.");
      button.appendChild(canvas);
      button.addEventListener("click", () => this.onPickImage(pixels));
      this.els.members.appendChild(button);
    }
    drawScatter(this.els.scatter, c.points, c.assign, i);
    this.els.scatter.setAttribute("aria-label", "t-SNE embedding of the " + c.points.length + " training " + this.label +
                                  "s' penultimate-layer codes, coloured by facet; facet " + (i + 1) + " highlighted");
  }
}
