/*
 * A 2-D embedding (t-SNE of the penultimate-layer codes) as a scatter plot on a canvas, each
 * point coloured by its facet; the selected facet drawn on top, the others faded.
 */
export const FACET_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
                              "#ff9da7", "#9c755f", "#7f7f7f"];

/** Draw points ([[x, y] in [0, 1]]) with facet labels `assign` on `canvas`; `selected` facet or null. */
export function drawScatter(canvas, points, assign, selected = null) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, pad = 8;
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  const r = points.length > 3000 ? 1.6 : 2.4;
  const draw = (faded) => {
    points.forEach(([x, y], i) => {
      const mine = selected === null || assign[i] === selected;
      if (mine === faded) return;
      ctx.globalAlpha = faded ? 0.3 : 0.9;
      ctx.fillStyle = FACET_COLOURS[assign[i] % FACET_COLOURS.length];
      ctx.beginPath();
      ctx.arc(pad + x * (w - 2 * pad), pad + (1 - y) * (h - 2 * pad), r, 0, 2 * Math.PI);
      ctx.fill();
    });
  };
  draw(true);
  draw(false);
  ctx.globalAlpha = 1;
}
