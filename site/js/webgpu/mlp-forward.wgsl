// Forward pass of the whole MLP over many points, writing every neuron's activation.
// Prepended with mlp-common.wgsl (limits, the `net` layout buffer, activations).
//
// Bindings:
//   0 net     (storage, read)       the layout, see mlp-common.wgsl
//   1 params  (storage, read)       packed parameters: per layer, weights (d_in x d_out,
//                                   row-major, numpy C order) then biases (d_out)
//   2 points  (storage, read)       (n_points, d_in) row-major
//   3 out     (storage, read_write) (n_neurons, n_points) neuron-major:
//                                   out[neuron * n_points + point], neurons layer by layer
//   4 cfg     (uniform)             n_points
// One invocation per point; the activations of one layer live in private memory.

struct ForwardConfig {
    n_points: u32,
    _pad0: u32,
    _pad1: u32,
    _pad2: u32,
}

@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<storage, read> points: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> cfg: ForwardConfig;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
    let point = gid.x;
    if (point >= cfg.n_points) {
        return;
    }
    let d0 = layer_size(0u);
    var a: array<f32, MAX_WIDTH>;     // the current layer's input
    var next: array<f32, MAX_WIDTH>;  // its output
    for (var i = 0u; i < d0; i++) {
        a[i] = points[point * d0 + i];
    }
    for (var l = 0u; l < n_layers(); l++) {
        let d_in = layer_size(l);
        let d_out = layer_size(l + 1u);
        let w0 = param_offset(l);
        let b0 = w0 + d_in * d_out;
        let code = layer_activation(l);
        let neuron0 = unit_offset(l + 1u) - d0;
        for (var j = 0u; j < d_out; j++) {
            var z = 0.0;
            for (var i = 0u; i < d_in; i++) {
                z += a[i] * params[w0 + i * d_out + j];
            }
            let v = activate(code, z + params[b0 + j]);
            next[j] = v;
            out[(neuron0 + j) * cfg.n_points + point] = v;
        }
        for (var j = 0u; j < d_out; j++) {
            a[j] = next[j];
        }
    }
}
