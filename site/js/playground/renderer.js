/*
 * The playground's drawing: a snapshot (the engine's reply, or a play frame with the grid worker's
 * grids) becomes the network diagram, every neuron's heatmap, the output plot and the hover preview.
 * It reads the playground's config and live relevance; it changes no state but the views'.
 */
import {GRID_RESOLUTIONS} from "../generated/vocabulary.js";
import {setPalette} from "../charts/colormaps.js";
import {relevanceRows} from "./views/relevance-display.js";

export const GRID_RESOLUTION = GRID_RESOLUTIONS.output;     // output heatmap cells per side
export const NEURON_RESOLUTION = GRID_RESOLUTIONS.neurons;  // every neuron's heatmap cells per side

export class Renderer {
  /**
   * @param {object} ctx  what drawing needs of the playground:
   *   views                  the page's views ({output, network, relevanceReadout, ...})
   *   config(): object       the settings shown
   *   shape(): object        the network diagram's shape (NetworkView.setShape's argument)
   *   relevance(): object|null  the live relevance shown (LiveViews.data("relevance")), null while off
   *   point(): number[]|null    the input-plane point the relevance explains
   */
  constructor(ctx) {
    this.ctx = ctx;
    this.neurons = null;    // {values, layout}: every neuron's grid last drawn
    this.previewing = null; // {layer, row}: the node whose heatmap the output plot previews
    this.relevanceDrawn = null; // [relevance, diagram nodes, config] as last drawn
  }

  /** Draw a snapshot: its grids, neurons and model where it has them. */
  paint(reply) {
    const {fields, arrays} = reply;
    const views = this.ctx.views;
    views.network.setShape(this.ctx.shape());
    if (arrays.grid) views.output.setGrid(arrays.grid, GRID_RESOLUTION, arrays.grid_scores || null);
    if (arrays.neurons) this.neurons = {values: arrays.neurons, layout: fields.neuron_layout};
    if (fields.model) views.network.setWeights(fields.model);
    this.redraw();
  }

  /** Draw again from what was drawn last (after a view setting changed). */
  redraw() {
    const ctx = this.ctx, config = ctx.config(), views = ctx.views;
    // The links' colours follow the palette: recolour them from the network last drawn.
    if (setPalette(config.palette) && views.network.model) views.network.setWeights(views.network.model);
    const out = views.output;
    // Hand-placed points always show, the test ones (black outline) too: every click stays visible.
    out.showTest = config.showTestData || config.dataset === "custom";
    out.discretize = config.discretize;
    out.classes = config.problem === "multiclass";
    const relevance = ctx.relevance();
    out.marker = relevance ? ctx.point() : null;
    if (this.previewing) out.preview = this.nodeGrid(this.previewing.layer, this.previewing.row);
    out.draw();
    if (relevance) {
      // The relevance changes a few times a second, the frames up to 60: draw it only when it, the
      // diagram or the settings did.
      const drawn = [relevance, views.network.nodes, config];
      if (this.relevanceDrawn && drawn.every((d, k) => d === this.relevanceDrawn[k])) return;
      this.relevanceDrawn = drawn;
      const rows = relevanceRows(relevance, config);
      views.network.setNeuronGrids(rows.grids, relevance.info.layout, NEURON_RESOLUTION);
      views.network.setBadges(rows.badges);
      views.relevanceReadout.textContent = rows.text;
    } else if (this.neurons) {
      this.relevanceDrawn = null;
      views.network.setNeuronGrids(this.neurons.values, this.neurons.layout, NEURON_RESOLUTION,
                                   {discretize: config.discretize});
      views.network.setBadges(null);
      views.relevanceReadout.textContent = "";
    }
  }

  /** Preview node {layer, row}'s heatmap in the output plot (null restores the output). */
  preview(node) {
    this.previewing = node;
    this.ctx.views.output.setPreview(node ? this.nodeGrid(node.layer, node.row) : null);
  }

  /** Neuron `row` of diagram column `layer`: {values, resolution} (the relevance map while that view is on), or null. */
  nodeGrid(layer, row) {
    const relevance = this.ctx.relevance();
    const source = relevance ? {values: relevance.scaled, layout: relevance.info.layout} : this.neurons;
    if (!source) return null;
    let offset = 0;
    for (const [l, count] of source.layout) {
      if (l === layer) {
        if (row < 0 || row >= count) return null;
        const cells = NEURON_RESOLUTION * NEURON_RESOLUTION;
        return {values: source.values.subarray((offset + row) * cells, (offset + row + 1) * cells), resolution: NEURON_RESOLUTION};
      }
      offset += count;
    }
    return null;
  }
}
