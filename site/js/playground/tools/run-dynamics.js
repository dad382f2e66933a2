/*
 * The playground's "Training dynamics of this run" panel: the Training page's views
 * (dynamics/views.js) of the running session, fetched from the engine (Session.dynamics) when the
 * panel opens, on Refresh, and every few seconds while it is open and training.
 */
import {DynamicsViews} from "../../dynamics/views.js";

const REFRESH_MS = 3000;

export function bindRunDynamics(root, playground, report) {
  const $ = (id) => root.querySelector("#" + id);
  const panel = $("run-dynamics");
  const views = new DynamicsViews({
    charts: $("run-layer-charts"), layer: $("run-layer"), metric: $("run-metric"), showAll: $("run-show-all"),
    linesBlue: $("run-lines-blue"), linesRandom: $("run-lines-random"), captionBlue: $("run-caption-blue"),
    captionRandom: $("run-caption-random"), total: $("run-outliers-total"), slider: $("run-snapshot"),
    sliderLabel: $("run-snapshot-label"), map: $("run-credit-map"),
  }, "epoch");
  let busy = null;
  let shown = null;

  const refresh = () => {
    if (busy) return busy;
    $("run-dynamics-status").textContent = "Reading the run…";
    busy = playground.dynamics().then((data) => {
      shown = data;
      views.show(data);
      $("run-dynamics-status").textContent = data.steps.length + " snapshots up to epoch " + data.epoch + ".";
      return data;
    }, (err) => {
      $("run-dynamics-status").textContent = "";
      report(err);
      throw err;
    }).finally(() => { busy = null; });
    return busy;
  };
  panel.addEventListener("toggle", () => { if (panel.open) refresh().catch(() => {}); });
  $("run-dynamics-refresh").addEventListener("click", () => refresh().catch(() => {}));
  setInterval(() => {
    if (panel.open && playground.playing && !busy) refresh().catch(() => {});
  }, REFRESH_MS);
  return {refresh, views, get data() { return shown; }};
}
