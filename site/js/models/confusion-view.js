/*
 * A confusion matrix as an accessible heat table: rows are the true digits, columns the
 * predicted ones, each cell the count, shaded by its share of the row (the diagonal in
 * blue, mistakes in orange). summary.confusion: 10 x 10 integer counts.
 */
export function renderConfusion(root, confusion, title) {
  root.replaceChildren();
  const k = Array.isArray(confusion) ? confusion.length : 0;
  if (!k || !confusion.every((row) => Array.isArray(row) && row.length === k && row.every(Number.isInteger))) {
    root.textContent = "This model's summary has no valid confusion matrix.";
    return;
  }
  const total = confusion.flat().reduce((a, b) => a + b, 0);
  const correct = confusion.reduce((a, row, i) => a + row[i], 0);
  const table = document.createElement("table");
  table.className = "confusion";
  table.createCaption().textContent = title + ": " + correct + " of " + total + " test digits right (" +
    (100 * correct / Math.max(total, 1)).toFixed(1) + "%). Rows: true digit; columns: predicted digit.";
  const head = table.createTHead().insertRow();
  const corner = document.createElement("td");
  corner.className = "corner";
  corner.textContent = "true \u2193 / predicted \u2192";
  head.appendChild(corner);
  for (let j = 0; j < k; j++) head.appendChild(cell("th", String(j), "col"));
  const body = table.createTBody();
  confusion.forEach((row, i) => {
    const tr = body.insertRow();
    tr.appendChild(cell("th", String(i), "row"));
    const rowTotal = row.reduce((a, b) => a + b, 0) || 1;
    row.forEach((count, j) => {
      const td = tr.insertCell();
      td.textContent = String(count);
      const share = count / rowTotal;
      td.className = i === j ? "hit" : count ? "miss" : "zero";
      // Mistakes are rare: a square root makes a few of them visible next to the diagonal.
      const alpha = i === j ? share : Math.min(1, Math.sqrt(share) * 1.5);
      td.style.setProperty("--share", alpha.toFixed(3));
      if (alpha > 0.55) td.classList.add("dark");
      td.title = "True " + i + ", predicted " + j + ": " + count + " (" + (100 * share).toFixed(1) + "% of the " + i + "s)";
    });
  });
  root.appendChild(table);
}

function cell(tag, text, scope) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (scope) el.scope = scope;
  return el;
}
