/*
 * The Landscapes page's charts, drawn with plotly.js (the CSP-safe "strict" build vendored in
 * site/vendor/plotly/, loaded on first use). Each function takes a container element and plain
 * arrays, sets an accessible name on the container (role="img", a sentence with the numbers)
 * and resolves when plotly has drawn. Colours follow the playground: blue low, orange high.
 */
const PLOTLY_URL = new URL("../../vendor/plotly/plotly-strict.min.js", import.meta.url).href;
const FONT = {family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 11, color: "#222"};
const CONFIG = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["toImage", "sendDataToCloud"]};
// Low loss blue, high loss orange (the playground's colours), through a pale middle.
export const LOSS_SCALE = [[0, "#0877bd"], [0.35, "#8fc4e3"], [0.6, "#f4f0e6"], [0.8, "#f9c486"], [1, "#f59322"]];
const RATIO_SCALE = [[0, "#0877bd"], [0.2, "#9fd0ea"], [0.5, "#f6e7a8"], [1, "#d95f02"]];

let loading = null;

/** Promise of window.Plotly; loads the vendored script once. */
export function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = PLOTLY_URL;
      script.onload = () => (window.Plotly ? resolve(window.Plotly)
        : reject(new Error("vendor/plotly/plotly-strict.min.js loaded but defined no Plotly")));
      script.onerror = () => reject(new Error("The plotting library vendor/plotly/plotly-strict.min.js is missing; " +
                                               "run 'python3 build.py' to vendor it."));
      document.head.appendChild(script);
    });
    loading.catch(() => { loading = null; });
  }
  return loading;
}

function label(div, text) {
  div.setAttribute("role", "img");
  div.setAttribute("aria-label", text);
}

function layout(extra) {
  return Object.assign({font: FONT, margin: {l: 52, r: 12, t: 8, b: 40}, paper_bgcolor: "#fff", plot_bgcolor: "#fff",
                        showlegend: false}, extra);
}

const decades = (lo, hi) => [0.001, 0.01, 0.1, 1, 10, 100, 1000].filter((t) => Math.log10(t) >= lo - 0.3 &&
                                                                            Math.log10(t) <= hi + 0.3);
const clip = (z, cap) => z.map((row) => row.map((v) => Math.min(v, cap)));
const log10 = (z) => z.map((row) => row.map((v) => Math.log10(Math.max(v, 1e-6))));
const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2));

/** Rotatable 3-D surface of the loss over (alpha, beta), heights on a log scale (the basin and the
 * chaos far from it both stay visible; the paper clips a linear scale instead). */
export async function surface3d(div, {x, y, z, name, xTitle = "α", yTitle = "β"}) {
  const Plotly = await loadPlotly();
  const lz = log10(z);
  const flat = lz.flat();
  const lo = Math.min(...flat);
  const hi = Math.max(...flat);
  const ticks = decades(lo, hi);
  const trace = {type: "surface", x, y, z: lz, customdata: z, colorscale: LOSS_SCALE, cmin: lo, cmax: hi,
                 showscale: false, hovertemplate: "α %{x:.2f}, β %{y:.2f}<br>loss %{customdata:.4g}<extra></extra>",
                 contours: {z: {show: true, usecolormap: true, project: {z: false}, width: 1}}};
  await Plotly.newPlot(div, [trace], layout({margin: {l: 0, r: 0, t: 0, b: 0}, scene: {
    xaxis: {title: {text: xTitle}}, yaxis: {title: {text: yTitle}},
    zaxis: {title: {text: "loss"}, tickvals: ticks.map(Math.log10), ticktext: ticks.map(String)},
    aspectmode: "manual", aspectratio: {x: 1, y: 1, z: 0.7}, camera: {eye: {x: 1.25, y: -1.25, z: 0.85}}}}), CONFIG);
  const centre = z[(z.length - 1) >> 1][(z[0].length - 1) >> 1];
  label(div, "3-D loss surface of " + name + " (log-scaled heights): loss " + fmt(centre) +
             " at the trained weights (centre), " + fmt(Math.pow(10, hi)) + " at most on the grid");
}

/** Turn a 3-D plot's camera by `degrees` around the vertical axis (the keyboard's way to rotate). */
export async function rotate(div, degrees) {
  const Plotly = await loadPlotly();
  const scene = div._fullLayout && div._fullLayout.scene;
  const eye = (scene && scene.camera && scene.camera.eye) || {x: 1.25, y: -1.25, z: 0.85};
  const t = degrees * Math.PI / 180;
  const next = {x: eye.x * Math.cos(t) - eye.y * Math.sin(t), y: eye.x * Math.sin(t) + eye.y * Math.cos(t), z: eye.z};
  await Plotly.relayout(div, {"scene.camera.eye": next});
}

/** Contour plot of log10 loss; `path` ({x, y, text}) draws a trajectory on top. */
export async function contour(div, {x, y, z, name, xTitle = "α", yTitle = "β", path = null}) {
  const Plotly = await loadPlotly();
  const lz = log10(z);
  const flat = lz.flat();
  const lo = Math.min(...flat);
  const hi = Math.max(...flat);
  const ticks = decades(lo, hi);
  const traces = [{type: "contour", x, y, z: lz, colorscale: LOSS_SCALE, zmin: lo, zmax: hi, ncontours: 22,
                   contours: {coloring: "heatmap", showlines: true}, line: {width: 0.5, color: "rgba(0,0,0,0.35)"},
                   colorbar: {title: {text: "loss", side: "right"}, tickvals: ticks.map(Math.log10), ticktext: ticks.map(String),
                              thickness: 10, len: 0.9},
                   customdata: z, hovertemplate: xTitle + " %{x:.3g}, " + yTitle + " %{y:.3g}<br>loss %{customdata:.4g}<extra></extra>"}];
  if (path) {
    traces.push({type: "scatter", mode: "lines+markers", x: path.x, y: path.y, text: path.text,
                 line: {color: "#222", width: 2}, marker: {size: 6, color: "#fff", line: {color: "#222", width: 1.5}},
                 hovertemplate: "%{text}<extra></extra>"});
    traces.push({type: "scatter", mode: "markers", x: [0], y: [0], marker: {symbol: "star", size: 13, color: "#c00"},
                 hovertemplate: "trained model<extra></extra>"});
  }
  await Plotly.newPlot(div, traces, layout({xaxis: {title: {text: xTitle}, zeroline: false},
                                            yaxis: {title: {text: yTitle}, zeroline: false}}), CONFIG);
  label(div, "Contour plot of the loss of " + name + " (log scale), from " + fmt(Math.pow(10, lo)) + " to " +
             fmt(Math.pow(10, Math.max(...flat))) + (path ? ", with the training path of " + path.x.length + " points" : ""));
}

/** Heatmap of |lambda_min / lambda_max| on [0, 1]. */
export async function ratioMap(div, {x, y, z, name, mean}) {
  const Plotly = await loadPlotly();
  const trace = {type: "heatmap", x, y, z: clip(z, 1), zmin: 0, zmax: 1, colorscale: RATIO_SCALE, customdata: z,
                 colorbar: {title: {text: "|λmin/λmax|", side: "right"}, thickness: 10, len: 0.9},
                 hovertemplate: "α %{x:.2f}, β %{y:.2f}<br>|λmin/λmax| %{customdata:.3f}<extra></extra>"};
  await Plotly.newPlot(div, [trace], layout({xaxis: {title: {text: "α"}, zeroline: false},
                                                           yaxis: {title: {text: "β"}, zeroline: false}}),
                       CONFIG);
  label(div, "Map of the Hessian eigenvalue ratio |λmin/λmax| of " + name + " over the surface: mean " + fmt(mean) +
             " (0 is convex, 1 or more strongly non-convex)");
}

/** Line chart: `series` [{name, y, color, dash}] over `x`; `log` for a log-scale y axis. */
export async function lines(div, {x, series, xTitle, yTitle, log = false, name, legend = false, marks = []}) {
  const Plotly = await loadPlotly();
  const traces = series.map((s) => ({type: "scatter", mode: "lines", x, y: s.y, name: s.name,
                                     line: {color: s.color, width: 1.6, dash: s.dash || "solid"},
                                     hovertemplate: s.name + "<br>" + xTitle + " %{x:.2f}: %{y:.4g}<extra></extra>"}));
  const shapes = marks.map((m) => ({type: "line", x0: m, x1: m, yref: "paper", y0: 0, y1: 1,
                                    line: {color: "#999", width: 1, dash: "dot"}}));
  const values = series.flatMap((s) => s.y).filter((v) => v > 0);
  const decadesSpanned = Math.log10(Math.max(...values) / Math.min(...values));
  await Plotly.newPlot(div, traces, layout({xaxis: {title: {text: xTitle}, zeroline: false},
                                            yaxis: {title: {text: yTitle}, type: log ? "log" : "linear",
                                                    dtick: log && decadesSpanned > 2 ? 1 : undefined},
                                            showlegend: legend, shapes,
                                            legend: {orientation: "h", x: 0, y: 1.0, yanchor: "bottom"},
                                            margin: {l: 52, r: 12, t: legend ? 28 : 8, b: 40}}), CONFIG);
  label(div, name);
}

/** Free a container's plot (and its WebGL context). */
export function purge(div) {
  if (window.Plotly && div && div.data) window.Plotly.purge(div);
}
