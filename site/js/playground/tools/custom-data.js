/*
 * Custom datasets: CSV reading and writing (x1,x2,label) with per-line error reports.
 * Points live in the input plane DOMAIN^2 (the generated vocabulary's); labels are +1 or -1 (classification).
 */
import {DOMAIN, LIMITS} from "../../generated/vocabulary.js";

export const MAX_POINTS = LIMITS.custom_points;

/** Parse CSV text. Returns {points: {x: [[x1, x2]], y: [label]}, errors: ["line N: why"]}. */
export function parseCSV(text) {
  const points = {x: [], y: []};
  const errors = [];
  const lines = String(text).split(/\r\n|\n|\r/);
  lines.forEach((line, k) => {
    const n = k + 1;
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) return;
    const cells = trimmed.split(/[,;\t]/).map((c) => c.trim());
    if (n === 1 && cells.some((c) => c !== "" && Number.isNaN(Number(c)))) return; // a header row
    if (cells.length !== 3) {
      errors.push("line " + n + ": expected 3 values (x1,x2,label), found " + cells.length);
      return;
    }
    const [x1, x2, label] = cells.map((c) => (c === "" ? NaN : Number(c)));
    if (!Number.isFinite(x1) || !Number.isFinite(x2)) {
      errors.push("line " + n + ": x1 and x2 must be numbers");
    } else if (x1 < DOMAIN[0] || x1 > DOMAIN[1] || x2 < DOMAIN[0] || x2 > DOMAIN[1]) {
      errors.push("line " + n + ": point (" + x1 + ", " + x2 + ") lies outside [" + DOMAIN.join(", ") + "]");
    } else if (label !== 1 && label !== -1) {
      errors.push("line " + n + ": label must be 1 or -1, found '" + cells[2] + "'");
    } else if (points.y.length >= MAX_POINTS) {
      errors.push("line " + n + ": more than " + MAX_POINTS + " points; the rest were skipped");
    } else {
      points.x.push([x1, x2]);
      points.y.push(label);
    }
  });
  return {points, errors: errors.slice(0, 50).concat(errors.length > 50 ? ["… and " + (errors.length - 50) + " more"] : [])};
}

export function toCSV(points) {
  const rows = points.x.map((p, i) => p[0].toFixed(4) + "," + p[1].toFixed(4) + "," + points.y[i]);
  return "x1,x2,label\n" + rows.join("\n") + "\n";
}

/** Train and test points of the current data (Float32Arrays) as a custom point set. */
export function pointsFromArrays(a) {
  const points = {x: [], y: []};
  for (const [xs, ys] of [[a.train_x, a.train_y], [a.test_x, a.test_y]]) {
    for (let i = 0; i < ys.length; i++) {
      points.x.push([xs[2 * i], xs[2 * i + 1]]);
      points.y.push(ys[i] >= 0 ? 1 : -1);
    }
  }
  return points;
}

/** Offer `text` as a file download. */
export function download(name, text, type = "text/csv") {
  const url = URL.createObjectURL(new Blob([text], {type}));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
