/*
 * Polylines of a layer's neurons (one metric over the snapshots), drawn on a canvas: the lines of
 * a sample in the sample's colour, the outlying lines (see pipeline/dynamics/jobs.py) in red and
 * thicker when the sample kept them, every other line as a faint grey context when asked.
 */
export function drawLines(canvas, series, {sample, outliers, context = false}) {
  const ctx = canvas.getContext("2d");
  const {width, height} = canvas;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, width, height);
  const values = series.flat().filter(Number.isFinite);
  if (!values.length) return;
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
  const pad = 6;
  const steps = series[0].length;
  const px = (t) => pad + (width - 2 * pad) * (steps > 1 ? t / (steps - 1) : 0.5);
  const py = (v) => pad + (height - 2 * pad) * (1 - (v - lo) / (hi - lo));
  const line = (values, style, lineWidth) => {
    ctx.strokeStyle = style;
    ctx.lineWidth = lineWidth;
    ctx.beginPath();
    values.forEach((v, t) => (t ? ctx.lineTo(px(t), py(v)) : ctx.moveTo(px(t), py(v))));
    ctx.stroke();
  };
  const chosen = new Set(sample);
  const outlying = new Set(outliers);
  if (context) series.forEach((s, i) => { if (!chosen.has(i)) line(s, "rgba(0,0,0,0.06)", 1); });
  for (const i of sample) if (!outlying.has(i)) line(series[i], "rgba(43,123,185,0.75)", 1.2);
  for (const i of sample) if (outlying.has(i)) line(series[i], "rgba(215,25,28,0.95)", 2.2);
}
