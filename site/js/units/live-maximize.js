/*
 * Activation maximization of the selected unit, live in the worker's Pyodide (Yosinski et al.
 * 2015, eq. 2 with the regularizers of the chosen Table 1 preset): the run advances in chunks
 * of steps, so the page draws the image and the unit's activation between chunks, and Cancel
 * simply stops asking for more (the worker forgets the run). One run at a time.
 */
import {drawGray} from "../charts/pixel-maps.js";

const CHUNK = 10;

export class LiveMaximize {
  /**
   * @param {object} els  {preset, steps, start, centerBias, run, cancel, progress, status, canvas}
   * @param {object} deps {engine: UnitsEngine, report(Error)}
   */
  constructor(els, {engine, report}) {
    Object.assign(this, {els, engine, report});
    this.context = null; // {modelId, layer, channel, trainMax, startPixels()}
    this.running = null; // {token, cancelled}
    this.last = null;    // {image, trace, cancelled, options}
    els.run.addEventListener("click", () => this.run().catch(report));
    els.cancel.addEventListener("click", () => this.cancel());
  }

  /** The unit the Run button maximizes: {modelId, layer, channel, trainMax, mean, noise, seed, current()}. */
  setUnit(context) {
    this.context = context;
    if (!this.running) {
      this.els.run.disabled = false;
      this.els.status.textContent = "Press Run to maximize this unit live.";
    }
  }

  /** The run's options from the controls (and the selected unit), as the worker takes them. */
  options() {
    const c = this.context;
    const steps = Math.max(1, Math.min(1000, Math.round(Number(this.els.steps.value) || 200)));
    const from = this.els.start.value;
    const start = from === "digit" ? Array.from(c.current()) : from === "mean" ? c.mean : null;
    return {id: c.modelId, layer: c.layer, channel: c.channel, preset: this.els.preset.value, steps,
            center_bias: this.els.centerBias.checked, start, noise: from === "mean" ? c.noise : 0, seed: c.seed};
  }

  /**
   * Run to the end (or until cancelled); resolves with {image: number[], trace: number[], cancelled, step}.
   * `options` overrides what the controls say (window.units.maximize).
   */
  async run(options = this.options()) {
    this.cancel();
    const run = {token: null, cancelled: false};
    this.running = run;
    this._busy(true);
    const trainMax = this.context ? this.context.trainMax : null;
    try {
      const first = await this.engine.maximizeStart(options);
      run.token = first.token;
      const trace = [first.activation];
      let image = first.image, step = 0;
      this._draw(image, trace, 0, first.steps, trainMax);
      while (!run.cancelled && step < first.steps) {
        const next = await this.engine.maximizeStep(run.token, Math.min(CHUNK, first.steps - step));
        trace.push(...next.trace);
        image = next.image;
        step = next.step;
        this._draw(image, trace, step, first.steps, trainMax);
        if (next.done) break;
      }
      this.last = {image: Array.from(image), trace, cancelled: run.cancelled, step, options};
      this.els.status.textContent = (run.cancelled ? "Cancelled after " + step + " steps. " : "Done: " + step + " steps. ") +
                                    this._reading(trace, trainMax);
      return this.last;
    } finally {
      if (run.token !== null) this.engine.maximizeStop(run.token).catch(() => {});
      if (this.running === run) {
        this.running = null;
        this._busy(false);
      }
    }
  }

  cancel() {
    if (this.running) this.running.cancelled = true;
  }

  _busy(busy) {
    this.els.cancel.disabled = !busy;
    this.els.run.disabled = busy;
    if (!busy) this.els.progress.removeAttribute("aria-busy");
    else this.els.progress.setAttribute("aria-busy", "true");
  }

  _reading(trace, trainMax) {
    const a = trace[trace.length - 1];
    return "Pre-activation " + trace[0].toFixed(2) + " \u2192 " + a.toFixed(2) +
           (trainMax ? " (\u00d7" + (Math.max(a, 0) / trainMax).toFixed(2) + " the unit's training maximum)" : "");
  }

  _draw(image, trace, step, steps, trainMax) {
    drawGray(this.els.canvas, image, 28);
    this.els.progress.max = steps;
    this.els.progress.value = step;
    this.els.status.textContent = "Step " + step + " of " + steps + ". " + this._reading(trace, trainMax);
  }
}
