/*
 * Relevance heatmaps on canvases, as Samek et al. 2017 draw them: red = evidence for the
 * explained class, blue = evidence against, white = none, on a symmetric scale (each map
 * divided by its own largest |R|, so 0 is always white and the strongest pixel full colour).
 * The maps are drawn by ../charts/pixel-maps.js (drawSigned; digits with drawGray); this file
 * makes the canvases. A 28x28 map is drawn at its own resolution; CSS enlarges it with crisp pixels.
 */

/** A new side x side canvas with class "heatmap" and an accessible label. */
export function heatmapCanvas(label, side = 28) {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = side;
  canvas.className = "heatmap";
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label);
  return canvas;
}
