// Shared by mlp-forward.wgsl and mlp-train.wgsl: size limits, the network layout and the
// activations. The host prepends ../generated/vocabulary.wgsl and this file to each kernel
// (WGSL has no #include), in gpu-mlp.js and in tests/webgpu/wgsl_runner.py alike.
//
// Parameter packing (params: array<f32>): for each layer l = 0 .. L-1 in order, the weights
// row-major (d_in x d_out, element [i, j] at param_offset(l) + i * d_out + j, i.e. numpy's
// weights[l] in C order), then the biases (d_out values, at param_offset(l) + d_in * d_out).
//
// Layout (net: array<u32>, 32 values, fixed for one network):
//   net[0]            L, the number of weight layers (1 .. MAX_LAYERS)
//   net[1]            hidden activation code   (RELU, TANH, SIGMOID or LINEAR)
//   net[2]            output activation code
//   net[3]            number of parameters
//   net[4 + l]        sizes[l], l = 0 .. L        (sizes[0] = d_in, sizes[L] = d_out)
//   net[12 + l]       param_offset(l), l = 0 .. L (param_offset(L) = number of parameters)
//   net[20 + l]       unit_offset(l) = sizes[0] + ... + sizes[l-1], l = 0 .. L
//   net[28]           number of neurons = unit_offset(L + 1) - sizes[0] (all non-input units)
// A neuron's index counts non-input units layer by layer: unit j of layer l's output is
// neuron unit_offset(l + 1) - sizes[0] + j.

// MAX_INPUT (d_in), MAX_HIDDEN_LAYERS, MAX_HIDDEN_UNITS, MAX_OUTPUT (d_out), MAX_BATCH and the
// activation and regularization codes come first, from the generated vocabulary.wgsl.
const MAX_WIDTH: u32 = max(MAX_INPUT, max(MAX_HIDDEN_UNITS, MAX_OUTPUT));  // the widest layer
const MAX_LAYERS: u32 = MAX_HIDDEN_LAYERS + 1u;                            // + the output layer
const MAX_ACTS: u32 = MAX_INPUT + MAX_HIDDEN_LAYERS * MAX_HIDDEN_UNITS;    // every layer's inputs of one sample
const MAX_NEURONS: u32 = MAX_HIDDEN_LAYERS * MAX_HIDDEN_UNITS + MAX_OUTPUT;
const MAX_PARAMS: u32 = (MAX_INPUT + 1u) * MAX_HIDDEN_UNITS
    + (MAX_HIDDEN_LAYERS - 1u) * (MAX_HIDDEN_UNITS + 1u) * MAX_HIDDEN_UNITS + (MAX_HIDDEN_UNITS + 1u) * MAX_OUTPUT;

@group(0) @binding(0) var<storage, read> net: array<u32>;

fn n_layers() -> u32 { return net[0]; }
fn layer_size(l: u32) -> u32 { return net[4u + l]; }
fn param_offset(l: u32) -> u32 { return net[12u + l]; }
fn unit_offset(l: u32) -> u32 { return net[20u + l]; }
fn n_params() -> u32 { return net[3]; }
// The activation code of weight layer l (the last one is the output layer).
fn layer_activation(l: u32) -> u32 { return select(net[1], net[2], l + 1u == net[0]); }

// tanh and sigmoid are written out from exp(-|z|) so that they never overflow and behave the
// same on every WebGPU implementation (some build tanh(z) from exp(2z), which is NaN for large z).
fn activate(code: u32, z: f32) -> f32 {
    switch code {
        case RELU: { return max(z, 0.0); }
        case TANH: {
            let e = exp(-2.0 * abs(z));
            return sign(z) * (1.0 - e) / (1.0 + e);
        }
        case SIGMOID: {
            let e = exp(-abs(z));
            return select(e / (1.0 + e), 1.0 / (1.0 + e), z >= 0.0);
        }
        default: { return z; }
    }
}

// da/dz written in terms of a = activate(code, z), which is all the training kernel keeps;
// for relu, a > 0 exactly when z > 0, so this equals the engine's (z > 0).
fn activation_der(code: u32, a: f32) -> f32 {
    switch code {
        case RELU: { return select(0.0, 1.0, a > 0.0); }
        case TANH: { return 1.0 - a * a; }
        case SIGMOID: { return a * (1.0 - a); }
        default: { return 1.0; }
    }
}
