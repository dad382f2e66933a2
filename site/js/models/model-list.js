/*
 * The overview of every model in the artifacts: a table with each model's test accuracy,
 * parameter count and epochs; a model's name is a button that shows it in detail.
 */
export class ModelList {
  constructor(root, models, onSelect) {
    this.buttons = new Map();
    const table = document.createElement("table");
    table.className = "model-list";
    table.createCaption().textContent = "Models trained offline on MNIST digits; accuracy on the 2,000 held-out test digits";
    const head = table.createTHead().insertRow();
    for (const title of ["Model", "Test accuracy", "Parameters", "Epochs"]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = title;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const entry of models) {
      const m = entry.metrics || {};
      const row = body.insertRow();
      const name = document.createElement("th");
      name.scope = "row";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "model-button";
      button.textContent = entry.title;
      button.dataset.model = entry.id;
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", () => onSelect(entry.id));
      name.appendChild(button);
      row.appendChild(name);
      row.insertCell().textContent = Number.isFinite(m.test_accuracy) ? (100 * m.test_accuracy).toFixed(2) + "%" : "\u2013";
      row.insertCell().textContent = Number.isFinite(m.parameters) ? m.parameters.toLocaleString("en") : "\u2013";
      row.insertCell().textContent = Number.isFinite(m.epochs) ? String(m.epochs) : "\u2013";
      this.buttons.set(entry.id, button);
    }
    root.replaceChildren(table);
  }

  /** Mark `id` as the model shown in detail. */
  mark(id) {
    for (const [key, button] of this.buttons) button.setAttribute("aria-pressed", String(key === id));
  }
}
