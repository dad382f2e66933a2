/*
 * A module worker that evaluates the playground network over the grids while the engine's worker
 * trains (see grid-client.js): one request at a time, answered with transferred Float32Arrays.
 */
import {evaluateGrid} from "./mlp-grid.js";

self.onmessage = ({data}) => {
  const {id, network, params, resolution, neuronResolution} = data;
  try {
    const out = evaluateGrid(network, params, resolution, false);
    const inner = evaluateGrid(network, params, neuronResolution, true);
    const reply = {id, grid: out.grid, scores: out.scores, neurons: inner.neurons, layout: inner.layout};
    self.postMessage(reply, [out.grid.buffer, inner.neurons.buffer].concat(out.scores ? [out.scores.buffer] : []));
  } catch (err) {
    self.postMessage({id, error: err.message});
  }
};
