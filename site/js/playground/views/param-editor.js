/*
 * A small popover form to read and edit a neuron's bias and incoming weights, or one link's
 * weight. Keyboard friendly: focus moves into it, Enter saves, Escape closes.
 */
export class ParamEditor {
  /** @param {function({kind, layer, i, j, value}): Promise} setParam  applies one edit */
  constructor(setParam) {
    this.setParam = setParam;
    this.form = document.createElement("form");
    this.form.className = "param-editor";
    this.form.hidden = true;
    this.form.setAttribute("role", "dialog");
    this.form.setAttribute("aria-label", "Edit parameters");
    document.body.appendChild(this.form);
    this.form.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.close();
    });
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this._save();
    });
    this.returnFocus = null;
  }

  /** Edit neuron `node` ({layer, index, label}) of `model`, next to `anchor`. */
  openNode(node, model, inputLabels, explanation, anchor) {
    const l = node.layer - 1; // weights[l] feeds column node.layer
    const fields = [{kind: "bias", layer: l, i: null, j: node.index, label: "Bias", value: model.biases[l][node.index]}];
    model.weights[l].forEach((row, i) => fields.push({
      kind: "weight", layer: l, i, j: node.index, label: "Weight from " + inputLabels(node.layer - 1, i), value: row[node.index],
    }));
    this._open(node.label, explanation, fields, anchor);
  }

  /** Edit one link's weight. */
  openLink(link, fromLabel, toLabel, anchor) {
    this._open("Link", fromLabel + " → " + toLabel,
               [{kind: "weight", layer: link.layer, i: link.i, j: link.j, label: "Weight", value: link.value}], anchor);
  }

  _open(title, text, fields, anchor) {
    this.returnFocus = document.activeElement;
    this.fields = fields;
    this.form.textContent = "";
    const h = document.createElement("h3");
    h.textContent = title;
    const p = document.createElement("p");
    p.textContent = text;
    this.form.append(h, p);
    fields.forEach((f, k) => {
      const label = document.createElement("label");
      label.textContent = f.label + " ";
      const input = document.createElement("input");
      input.type = "text";
      input.inputMode = "decimal"; // free text, validated on apply, so a typo gets a message
      input.value = String(Number(f.value.toFixed(4)));
      input.dataset.field = String(k);
      label.appendChild(input);
      this.form.appendChild(label);
    });
    this.error = document.createElement("p");
    this.error.className = "param-error";
    this.error.setAttribute("role", "alert");
    const save = document.createElement("button");
    save.type = "submit";
    save.textContent = "Apply";
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "Close";
    cancel.addEventListener("click", () => this.close());
    const buttons = document.createElement("div");
    buttons.className = "param-buttons";
    buttons.append(save, cancel);
    this.form.append(this.error, buttons);
    const rect = anchor && anchor.getBoundingClientRect ? anchor.getBoundingClientRect()
      : {left: anchor ? anchor.clientX : 100, top: anchor ? anchor.clientY : 100, width: 0};
    this.form.style.left = Math.max(8, Math.min(window.scrollX + rect.left + (rect.width || 0) + 10, window.scrollX + window.innerWidth - 300)) + "px";
    this.form.style.top = window.scrollY + Math.max(8, rect.top - 10) + "px";
    this.form.hidden = false;
    this.form.querySelector("input").focus();
  }

  async _save() {
    const edits = [];
    for (const input of this.form.querySelectorAll("input[data-field]")) {
      const f = this.fields[Number(input.dataset.field)];
      const value = Number(input.value);
      if (input.value.trim() === "" || !Number.isFinite(value)) {
        this.error.textContent = f.label + ": enter a finite number";
        input.focus();
        return;
      }
      if (Number(f.value.toFixed(4)) !== value) edits.push({kind: f.kind, layer: f.layer, i: f.i, j: f.j, value});
    }
    try {
      for (const edit of edits) await this.setParam(edit);
      this.close();
    } catch (err) {
      this.error.textContent = err.message;
    }
  }

  close() {
    this.form.hidden = true;
    if (this.returnFocus && this.returnFocus.focus) this.returnFocus.focus();
  }
}
