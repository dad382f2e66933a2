/*
 * Custom data and model files: click/shift-click to place points, clear, CSV upload and
 * download, save/load a model as JSON. Errors are reported with line numbers; nothing else
 * is lost (the previous data and network stay until new ones are accepted).
 */
import {DOMAIN} from "../../generated/vocabulary.js";
import {MAX_POINTS, download, parseCSV, toCSV} from "./custom-data.js";

// Files are refused by size before they are read: MAX_POINTS rows of CSV take well under 1 MB,
// and the largest playground network (6 x 8 neurons) saves to a few dozen kB.
export const MAX_CSV_BYTES = 1024 * 1024;
export const MAX_MODEL_BYTES = 1024 * 1024;

/** Null if `file` is small enough, else a message that names it and says the limit. */
export function tooLarge(file, limit, what) {
  if (file.size <= limit) return null;
  return file.name + " is " + (file.size / 1048576).toFixed(1) + " MB; " + what + " of up to " +
         (limit / 1048576) + " MB are read";
}

export function bindDataTools(root, playground, outputView, notices) {
  const report = (err) => notices.show(err.message, "error");
  const isCustom = () => {
    const c = playground.state().config;
    return c.problem === "classification" && c.dataset === "custom";
  };

  // With the relevance view on, a click (or Enter at the keyboard cursor) explains that point instead.
  const explaining = () => playground.state().config.relevance !== "off";

  outputView.canvas.addEventListener("click", (event) => {
    if (playground.state().phase !== "ready") return;
    if (explaining()) {
      playground.explainPoint(outputView.toData(event)).catch(report);
      return;
    }
    if (!isCustom()) return;
    const [x1, x2] = outputView.toData(event);
    const points = playground.currentPoints();
    points.x.push([x1, x2]);
    points.y.push(event.shiftKey ? -1 : 1);
    playground.setCustomPoints(points).catch(report);
  });

  // Keyboard: with the output focused, arrow keys move a cursor; Enter adds a +1 point there,
  // Shift+Enter a -1 point.
  const canvas = outputView.canvas;
  const redraw = () => outputView.draw();
  canvas.addEventListener("focus", () => {
    // Only for keyboard focus: a mouse click must not leave a cursor over the plot.
    if ((isCustom() || explaining()) && canvas.matches(":focus-visible")) {
      outputView.cursor = outputView.cursor || [0, 0];
      redraw();
    }
  });
  canvas.addEventListener("blur", () => { outputView.cursor = null; redraw(); });
  canvas.addEventListener("keydown", (event) => {
    if (!(isCustom() || explaining()) || playground.state().phase !== "ready") return;
    const moves = {ArrowLeft: [-0.5, 0], ArrowRight: [0.5, 0], ArrowUp: [0, 0.5], ArrowDown: [0, -0.5]};
    const cursor = outputView.cursor || [0, 0];
    if (moves[event.key]) {
      event.preventDefault();
      outputView.cursor = cursor.map((v, k) => Math.max(DOMAIN[0], Math.min(DOMAIN[1], v + moves[event.key][k])));
      redraw();
    } else if (event.key === "Enter" && explaining()) {
      event.preventDefault();
      playground.explainPoint(cursor.slice()).catch(report);
    } else if (event.key === "Enter") {
      event.preventDefault();
      const points = playground.currentPoints();
      points.x.push(cursor.slice());
      points.y.push(event.shiftKey ? -1 : 1);
      playground.setCustomPoints(points).catch(report);
    }
  });

  root.querySelector("#custom-clear").addEventListener("click", () => {
    notices.show("Points cleared: click the output to add new ones (shift-click for the other class).", "info");
    playground.setCustomPoints({x: [], y: []}).catch(report);
  });

  root.querySelector("#csv-download").addEventListener("click", () => {
    download("pyplayground-data.csv", toCSV(playground.currentPoints()));
  });

  root.querySelector("#csv-upload").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    const big = tooLarge(file, MAX_CSV_BYTES, "CSV files (" + MAX_POINTS + " points)");
    if (big) {
      notices.show(big + "; the current data was kept", "error");
      return;
    }
    const {points, errors} = parseCSV(await file.text());
    if (errors.length) notices.show(file.name + ": skipped rows: " + errors.join("; "), "warning");
    if (points.y.length === 0) {
      notices.show(file.name + ": no usable points; the current data was kept", "error");
      return;
    }
    try {
      await playground.setCustomPoints(points);
      notices.show(file.name + ": loaded " + points.y.length + " points", "info");
    } catch (err) {
      report(err);
    }
  });

  root.querySelector("#model-save").addEventListener("click", async () => {
    try {
      const model = await playground.saveModel();
      download("pyplayground-model.json", JSON.stringify(model), "application/json");
    } catch (err) {
      report(err);
    }
  });

  root.querySelector("#model-load").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    const big = tooLarge(file, MAX_MODEL_BYTES, "model files");
    if (big) {
      notices.show(big + "; the current network was kept", "error");
      return;
    }
    let model;
    try {
      model = JSON.parse(await file.text());
    } catch (err) {
      notices.show(file.name + " is not JSON; the current network was kept", "error");
      return;
    }
    playground.loadModel(model).then(() => notices.show("Loaded " + file.name, "info"),
                                      (err) => notices.show(file.name + ": " + err.message + "; the current network was kept", "error"));
  });
}
