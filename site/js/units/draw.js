/*
 * The Units page's canvases and figures for a unit's maps; the maps themselves are drawn by
 * ../charts/pixel-maps.js (grey and signed, the site's one colour-map module behind it).
 */

/** A canvas for a map, with class "unit-map" and an accessible name. */
export function mapCanvas(label, className = "unit-map") {
  const canvas = document.createElement("canvas");
  canvas.className = className;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label);
  return canvas;
}

/** A captioned figure holding `canvas`. */
export function figure(canvas, caption, className = "unit-figure") {
  const fig = document.createElement("figure");
  fig.className = className;
  const cap = document.createElement("figcaption");
  cap.textContent = caption;
  fig.append(canvas, cap);
  return fig;
}
