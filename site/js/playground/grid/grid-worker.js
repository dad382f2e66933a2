/*
 * A module worker that evaluates the playground network over the grids while the engine's worker
 * trains (see grid-client.js): one request at a time, answered with transferred Float32Arrays.
 */
import {evaluateFrame} from "./mlp-grid.js";

self.onmessage = ({data}) => {
  const {id, network, params, resolution, neuronResolution} = data;
  try {
    const frame = evaluateFrame(network, params, resolution, neuronResolution);
    const transfer = [frame.grid.buffer, frame.neurons.buffer].concat(frame.scores ? [frame.scores.buffer] : []);
    self.postMessage(Object.assign({id}, frame), transfer);
  } catch (err) {
    self.postMessage({id, error: err.message});
  }
};
