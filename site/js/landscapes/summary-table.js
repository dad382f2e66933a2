/*
 * Every model's landscape numbers in one table, from the manifest's summary entries (no file
 * needed), pairs of the same depth next to each other: the paper's skip / no-skip comparison
 * as numbers. A model's name is a button that shows its group.
 */
const pct = (v) => (typeof v === "number" ? (100 * v).toFixed(1) + "%" : "–");
const num = (v) => (typeof v === "number" ? (Math.abs(v) >= 0.01 ? v.toFixed(3) : v.toPrecision(2)) : "–");

const COLUMNS = [
  ["skips", (m) => (m.skip === undefined ? "–" : m.skip ? "yes" : "no")],
  ["layers", (m) => (m.depth === undefined ? "–" : String(m.depth))],
  ["test accuracy", (m) => pct(m.test_accuracy)],
  ["training loss (subset)", (m) => num(m.model_loss)],
  ["roughness", (m) => num(m.roughness)],
  ["mean |λmin/λmax|", (m) => num(m.eig_ratio_mean)],
  ["1-D curves differ by", (m) => pct(m.curve_spread)],
  ["PCA explains", (m) => (Array.isArray(m.pca_explained) ? m.pca_explained.map(pct).join(" + ") : "–")],
];

/** Fill `root` with the table; `onShow(groupKey)` is called when a model's button is pressed. */
export function renderSummaryTable(root, catalog, onShow) {
  const table = document.createElement("table");
  table.className = "summary-table";
  const caption = document.createElement("caption");
  caption.textContent = "Every model's landscape in numbers (roughness: mean |discrete Laplacian| of log loss on " +
                        "each surface's grid, 51×51 in the full build; lower is smoother)";
  const head = document.createElement("tr");
  for (const name of ["model"].concat(COLUMNS.map((c) => c[0]))) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = name;
    head.appendChild(th);
  }
  const thead = document.createElement("thead");
  thead.appendChild(head);
  const body = document.createElement("tbody");
  for (const group of catalog.groups) {
    group.models.forEach((model, i) => {
      const entry = model.methods.summary;
      const metrics = Object.assign({}, model.facts, entry ? entry.metrics : {});
      const row = document.createElement("tr");
      if (i === 0) row.className = "group-start";
      const th = document.createElement("th");
      th.scope = "row";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "model-link";
      button.textContent = model.id;
      button.setAttribute("aria-label", "Show the landscapes of " + model.id);
      button.addEventListener("click", () => onShow(group.key));
      th.appendChild(button);
      row.appendChild(th);
      for (const [, value] of COLUMNS) {
        const td = document.createElement("td");
        td.textContent = value(metrics);
        row.appendChild(td);
      }
      body.appendChild(row);
    });
  }
  table.append(caption, thead, body);
  root.replaceChildren(table);
}
