/*
 * The network as the engine sends it every frame (include_params: one Float64Array, w0 row-major,
 * b0, w1, b1, ...: exact, so a restarted worker restored from the page's copy trains on exactly; a dead
 * flag per weight; field `network`) and as the page keeps it (nn.MLP.to_dict()'s nested form, what
 * the diagram, saving and the WebGPU trainer read), both ways.
 */
const FORMAT = "pyplayground.mlp";
const FORMAT_VERSION = 1;

/** nn.MLP.to_dict() of `network` ({sizes, activation, output_activation}) from the flat `params` and `dead`. */
function modelFromParams(network, params, dead) {
  const {sizes} = network;
  const weights = [], biases = [], deadLinks = [];
  let offset = 0, at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [rows, cols] = [sizes[l], sizes[l + 1]];
    const w = [], d = [];
    for (let i = 0; i < rows; i++) {
      w.push(Array.from(params.subarray(offset + i * cols, offset + (i + 1) * cols)));
      d.push(Array.from(dead.subarray(at + i * cols, at + (i + 1) * cols), (v) => v !== 0));
    }
    offset += rows * cols;
    at += rows * cols;
    biases.push(Array.from(params.subarray(offset, offset + cols)));
    offset += cols;
    weights.push(w);
    deadLinks.push(d);
  }
  return {format: FORMAT, version: FORMAT_VERSION, sizes: sizes.slice(), activation: network.activation,
          output_activation: network.output_activation, weights, biases, dead: deadLinks};
}

/** A reply carrying `params` gets fields.model too (see EngineClient's `decode`); others pass unchanged. */
export function withModel(reply) {
  if (reply && reply.arrays && reply.arrays.params && reply.fields && reply.fields.network) {
    reply.fields.model = modelFromParams(reply.fields.network, reply.arrays.params, reply.arrays.dead);
  }
  return reply;
}

/**
 * set_params' binary payload from per-layer flat arrays at `epoch`: {params, dead, epoch}. `weights[l]`
 * row-major, `biases[l]`, `dead[l]` a flag per weight (numbers or booleans), or `dead` null: all live.
 */
export function flatPayload(weights, biases, dead, epoch) {
  const params = new Float64Array(weights.reduce((n, w, l) => n + w.length + biases[l].length, 0));
  const flags = new Uint8Array(weights.reduce((n, w) => n + w.length, 0));
  let at = 0, flag = 0;
  weights.forEach((w, l) => {
    params.set(w, at);
    params.set(biases[l], at + w.length);
    at += w.length + biases[l].length;
    if (dead) flags.set(dead[l], flag);
    flag += w.length;
  });
  return {params, dead: flags, epoch};
}

/** set_params' binary payload for `model` (nested, as above) at `epoch`: {params, dead, epoch}. */
export function paramsPayload(model, epoch) {
  const flag = (l, i, j) => Boolean(model.dead[l] && model.dead[l][i] && model.dead[l][i][j]); // a missing flag: live
  return flatPayload(model.weights.map((w) => w.flat()), model.biases,
                     model.dead ? model.weights.map((w, l) => w.flatMap((row, i) => row.map((_, j) => flag(l, i, j)))) : null,
                     epoch);
}

/** A request for a snapshot to draw: the engine sends the parameters, the grid worker the grids. */
export function viewPayload(extra) {
  return Object.assign({include_params: true}, extra);
}
