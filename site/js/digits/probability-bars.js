/*
 * Ten class probabilities as horizontal bars, the most likely class highlighted; each row
 * states its digit and percentage in text, so screen readers read the same as the bars.
 */
export class ProbabilityBars {
  constructor(root, classes = 10) {
    this.root = root;
    this.rows = [];
    root.replaceChildren();
    for (let k = 0; k < classes; k++) {
      const row = document.createElement("li");
      row.className = "prob-row";
      const digit = document.createElement("span");
      digit.className = "prob-digit";
      digit.textContent = String(k);
      const track = document.createElement("span");
      track.className = "prob-track";
      track.setAttribute("aria-hidden", "true");
      const bar = document.createElement("span");
      bar.className = "prob-bar";
      track.appendChild(bar);
      const value = document.createElement("span");
      value.className = "prob-value";
      value.textContent = "\u2013";
      row.append(digit, track, value);
      root.appendChild(row);
      this.rows.push({row, bar, value});
    }
  }

  /** Show `probabilities` (numbers summing to 1), or clear the bars with null. */
  update(probabilities) {
    const best = probabilities ? probabilities.indexOf(Math.max(...probabilities)) : -1;
    this.rows.forEach(({row, bar, value}, k) => {
      const p = probabilities ? probabilities[k] : 0;
      bar.style.width = (100 * p).toFixed(1) + "%";
      value.textContent = probabilities ? (100 * p).toFixed(1) + "%" : "\u2013";
      row.classList.toggle("best", k === best);
      row.setAttribute("aria-label", "digit " + k + ": " + (probabilities ? value.textContent : "no prediction"));
    });
  }
}
