// SGD on mini-batches, many steps per dispatch, matching pyplayground.nn.MLP.step (TF Playground's
// updateWeights): loss = mean over the batch of 0.5 * sum((out - y)^2); the gradient is the batch mean;
//   biases:  b -= lr * d_b (never regularized);
//   live weights: w1 = w - lr * d_w, then w2 = w1 - lr * rate * R'(w), R' = sign (L1), identity (L2)
//   or 0 (none) at the weight before the data step; with L1, w1 * w2 < 0 sets the weight to 0 and
//   marks its link dead; dead links are skipped from then on (they stay exactly 0).
// Prepended with mlp-common.wgsl (limits, the `net` layout buffer, activations).
//
// Bindings:
//   0 net      (storage, read)       the layout, see mlp-common.wgsl
//   1 params   (storage, read_write) packed parameters: per layer, weights (d_in x d_out,
//                                    row-major, numpy C order) then biases (d_out)
//   2 x        (storage, read)       (n_samples, d_in) row-major
//   3 y        (storage, read)       (n_samples, d_out) row-major targets
//   4 indices  (storage, read)       sample indices of all batches, one after another
//   5 offsets  (storage, read)       step s trains on indices[offsets[s] .. offsets[s + 1]]
//   6 cfg      (uniform)             steps to run from first_step, learning rate, regularization
//   7 dead     (storage, read_write) per packed parameter: 1 for a dead link, else 0 (biases: 0)
// Dispatch exactly one workgroup. Per step: (i) thread t < batch size runs sample t forward and
// backward, leaving its layer inputs in `acts` and its d loss / d z in `d_z`; (ii) threads
// stride over the parameters, sum the gradient over the batch and update. Parameters are held
// in workgroup memory for the whole dispatch and written back at the end.

const WORKGROUP: u32 = 128u;
// MAX_BATCH and REG_NONE, REG_L1, REG_L2: see vocabulary.wgsl (generated).

struct TrainConfig {
    n_steps: u32,
    first_step: u32,
    regularization: u32,   // REG_NONE, REG_L1 or REG_L2
    _pad0: u32,
    learning_rate: f32,
    regularization_rate: f32,
    _pad1: u32,
    _pad2: u32,
}

@group(0) @binding(1) var<storage, read_write> params: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> y: array<f32>;
@group(0) @binding(4) var<storage, read> indices: array<u32>;
@group(0) @binding(5) var<storage, read> offsets: array<u32>;
@group(0) @binding(6) var<uniform> cfg: TrainConfig;
@group(0) @binding(7) var<storage, read_write> dead: array<u32>;  // only thread p % WORKGROUP touches dead[p]

var<workgroup> w: array<f32, MAX_PARAMS>;                     // the parameters, packed as `params`
var<workgroup> acts: array<f32, MAX_BATCH * MAX_ACTS>;        // [sample][unit_offset(l) + i]: input i of layer l
var<workgroup> d_z: array<f32, MAX_BATCH * MAX_NEURONS>;      // [sample][neuron]: d loss / d z

// Forward and backward of one sample, the t-th of a batch of n.
fn sample_pass(t: u32, sample_index: u32, n: u32) {
    let L = n_layers();
    let d0 = layer_size(0u);
    let a0 = t * MAX_ACTS;
    let z0 = t * MAX_NEURONS;
    for (var i = 0u; i < d0; i++) {
        acts[a0 + i] = x[sample_index * d0 + i];
    }
    var a: array<f32, MAX_WIDTH>;
    for (var l = 0u; l < L; l++) {
        let d_in = layer_size(l);
        let d_out = layer_size(l + 1u);
        let w0 = param_offset(l);
        let code = layer_activation(l);
        for (var j = 0u; j < d_out; j++) {
            var z = 0.0;
            for (var i = 0u; i < d_in; i++) {
                z += acts[a0 + unit_offset(l) + i] * w[w0 + i * d_out + j];
            }
            a[j] = activate(code, z + w[w0 + d_in * d_out + j]);
        }
        if (l + 1u < L) {
            for (var j = 0u; j < d_out; j++) {
                acts[a0 + unit_offset(l + 1u) + j] = a[j];
            }
        }
    }
    // Output layer: d loss / d out = (out - y) / n, as the engine divides before the chain rule.
    let d_out = layer_size(L);
    let out_neuron0 = unit_offset(L) - d0;
    for (var j = 0u; j < d_out; j++) {
        let d_a = (a[j] - y[sample_index * d_out + j]) / f32(n);
        d_z[z0 + out_neuron0 + j] = d_a * activation_der(net[2], a[j]);
    }
    // Hidden layers, top down: d_a = d_z(l) @ W(l)^T, d_z(l - 1) = d_a * act'(a).
    for (var l = L - 1u; l > 0u; l--) {
        let d_in = layer_size(l);
        let d_out_l = layer_size(l + 1u);
        let w0 = param_offset(l);
        let above0 = unit_offset(l + 1u) - d0;
        let below0 = unit_offset(l) - d0;
        for (var i = 0u; i < d_in; i++) {
            var d_a = 0.0;
            for (var j = 0u; j < d_out_l; j++) {
                d_a += d_z[z0 + above0 + j] * w[w0 + i * d_out_l + j];
            }
            d_z[z0 + below0 + i] = d_a * activation_der(net[1], acts[a0 + unit_offset(l) + i]);
        }
    }
}

struct Gradient {
    value: f32,      // d loss / d parameter, summed over the batch (each d_z already holds 1/n)
    is_weight: bool, // false for a bias
}

// The gradient of parameter p over the current batch of n samples.
fn gradient(p: u32, n: u32) -> Gradient {
    var l = 0u;
    while (p >= param_offset(l + 1u)) {
        l++;
    }
    let d_in = layer_size(l);
    let d_out = layer_size(l + 1u);
    let k = p - param_offset(l);  // index inside layer l's block
    let neuron0 = unit_offset(l + 1u) - layer_size(0u);
    var g = 0.0;
    if (k < d_in * d_out) {
        let i = k / d_out;
        let j = k % d_out;
        for (var s = 0u; s < n; s++) {
            g += acts[s * MAX_ACTS + unit_offset(l) + i] * d_z[s * MAX_NEURONS + neuron0 + j];
        }
        return Gradient(g, true);
    }
    let j = k - d_in * d_out;
    for (var s = 0u; s < n; s++) {
        g += d_z[s * MAX_NEURONS + neuron0 + j];
    }
    return Gradient(g, false);
}

// Parameter p's new value (and, for a link L1 kills, dead[p] = 1).
fn updated(p: u32, old: f32, g: f32, is_weight: bool) -> f32 {
    if (!is_weight) {
        return old - cfg.learning_rate * g;
    }
    if (dead[p] != 0u) {
        return old;
    }
    let moved = old - cfg.learning_rate * g;  // the data step
    var der = 0.0;                            // R' at the weight before the data step, as TF's code
    if (cfg.regularization == REG_L1) {
        der = sign(old);
    } else if (cfg.regularization == REG_L2) {
        der = old;
    }
    let new_w = moved - cfg.learning_rate * cfg.regularization_rate * der;
    // L1 switches a link off for good when its penalty step crosses zero (TF Playground's rule).
    if (cfg.regularization == REG_L1 && moved * new_w < 0.0) {
        dead[p] = 1u;
        return 0.0;
    }
    return new_w;
}

@compute @workgroup_size(WORKGROUP)
fn main(@builtin(local_invocation_index) tid: u32) {
    let count = n_params();
    for (var p = tid; p < count; p += WORKGROUP) {
        w[p] = params[p];
    }
    workgroupBarrier();
    for (var s = 0u; s < cfg.n_steps; s++) {
        let start = offsets[cfg.first_step + s];
        let n = min(offsets[cfg.first_step + s + 1u] - start, MAX_BATCH);
        if (tid < n) {
            sample_pass(tid, indices[start + tid], n);
        }
        workgroupBarrier();
        for (var p = tid; p < count; p += WORKGROUP) {
            let g = gradient(p, n);
            w[p] = updated(p, w[p], g.value, g.is_weight);
        }
        workgroupBarrier();
    }
    for (var p = tid; p < count; p += WORKGROUP) {
        params[p] = w[p];
    }
}
