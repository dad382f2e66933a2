"""Run the site's WGSL kernels (site/js/webgpu/*.wgsl) from Python with wgpu-py.

This mirrors site/js/webgpu/mlp-layout.js and gpu-mlp.js so that pytest can check the very
same shader source against the NumPy engine, without a browser. Conventions:

- ``sizes = [d_in, h_1, ..., d_out]``; ``weights[l]`` is ``(sizes[l], sizes[l+1])``,
  ``biases[l]`` is ``(sizes[l+1],)``, as in :class:`pyplayground.nn.MLP`.
- Packed parameters (float32): per layer, ``weights[l]`` in C order, then ``biases[l]``.
- Dead links (uint32, packed the same way): 1 where L1 switched a weight off (``MLP.dead``).
- The ``net`` layout buffer (uint32, 32 values) is described in mlp-common.wgsl.
- Forward output: ``(n_neurons, n_points)``, neurons layer by layer (hidden 1, ..., output).

:func:`request_device` returns ``None`` (with the reason in :data:`NO_ADAPTER_REASON`) when
wgpu is not installed or finds no adapter, so tests can skip.
"""
import os

import numpy as np

from pyplayground import vocabulary

HERE = os.path.dirname(os.path.abspath(__file__))
WEBGPU_DIR = os.path.join(os.path.dirname(os.path.dirname(HERE)), "site", "js", "webgpu")

GENERATED_DIR = os.path.join(os.path.dirname(WEBGPU_DIR), "generated")  # written by python3 build.py

ACTIVATION_CODES = vocabulary.ACTIVATION_CODES
REGULARIZATION_CODES = dict(vocabulary.REGULARIZATION_CODES)
REGULARIZATION_CODES[None] = REGULARIZATION_CODES["none"]
LIMITS = {"input": vocabulary.LIMITS["inputs"], "hidden_layers": vocabulary.LIMITS["hidden_layers"],
          "hidden_units": vocabulary.LIMITS["units"], "output": vocabulary.LIMITS["classes"],
          "batch": vocabulary.LIMITS["batch_size"]}
NET_LEN = 32
FORWARD_WORKGROUP = 64
# Mesa's llvmpipe (lavapipe) stops any loop once one invocation has run 65535 loop iterations
# in total (gallivm's loop limiter), silently. One training step of the largest net costs about
# 1,100 iterations, so training is split into dispatches of at most this many steps.
STEPS_PER_DISPATCH = 32
CONFIG_STRIDE = 256  # WebGPU's minUniformBufferOffsetAlignment

NO_ADAPTER_REASON = []  # filled by request_device when it returns None


def shader_source(kernel):
    """WGSL of ``kernel`` ("mlp-forward" or "mlp-train") after the generated vocabulary.wgsl and
    mlp-common.wgsl, as gpu-mlp.js compiles it."""
    parts = []
    for path in (os.path.join(GENERATED_DIR, "vocabulary.wgsl"), os.path.join(WEBGPU_DIR, "mlp-common.wgsl"),
                 os.path.join(WEBGPU_DIR, kernel + ".wgsl")):
        with open(path, encoding="utf-8") as f:
            parts.append(f.read())
    return "\n".join(parts)


def describe_layout(sizes, activation, output_activation):
    """The ``net`` uint32 array (32,) and offsets for a network; ValueError for unsupported ones."""
    sizes = [int(s) for s in sizes]
    hidden = sizes[1:-1]
    if len(sizes) < 2 or not 1 <= sizes[0] <= LIMITS["input"] or not 1 <= sizes[-1] <= LIMITS["output"]:
        raise ValueError("unsupported sizes %r" % (sizes,))
    if len(hidden) > LIMITS["hidden_layers"] or any(not 1 <= h <= LIMITS["hidden_units"] for h in hidden):
        raise ValueError("unsupported hidden sizes %r" % (hidden,))
    n_layers = len(sizes) - 1
    param_offsets, unit_offsets = [0], [0]
    for d_in, d_out in zip(sizes[:-1], sizes[1:]):
        param_offsets.append(param_offsets[-1] + (d_in + 1) * d_out)
    for s in sizes[:-1]:
        unit_offsets.append(unit_offsets[-1] + s)
    net = np.zeros(NET_LEN, dtype=np.uint32)
    net[0:4] = [n_layers, ACTIVATION_CODES[activation], ACTIVATION_CODES[output_activation], param_offsets[-1]]
    net[4:4 + n_layers + 1] = sizes
    net[12:12 + n_layers + 1] = param_offsets
    net[20:20 + n_layers + 1] = unit_offsets
    net[28] = sum(sizes[1:])
    return {"net": net, "sizes": sizes, "n_params": param_offsets[-1], "n_neurons": int(net[28]),
            "param_offsets": param_offsets}


def pack_params(weights, biases):
    """Float32 ``(n_params,)``: per layer, the weights in C order, then the biases."""
    parts = []
    for w, b in zip(weights, biases):
        parts += [np.asarray(w, np.float64).ravel(), np.asarray(b, np.float64).ravel()]
    return np.concatenate(parts).astype(np.float32)


def unpack_params(flat, sizes):
    """Inverse of :func:`pack_params`: ``(weights, biases)`` lists of float64 arrays."""
    weights, biases, at = [], [], 0
    for d_in, d_out in zip(sizes[:-1], sizes[1:]):
        weights.append(np.asarray(flat[at:at + d_in * d_out], np.float64).reshape(d_in, d_out))
        at += d_in * d_out
        biases.append(np.asarray(flat[at:at + d_out], np.float64))
        at += d_out
    return weights, biases


def pack_dead(dead, sizes):
    """Uint32 ``(n_params,)`` from ``dead`` (per layer, bool like ``weights[l]``) or None (all live)."""
    parts = []
    for l, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        parts += [np.zeros(d_in * d_out, np.uint32) if dead is None else np.asarray(dead[l], np.uint32).ravel(),
                  np.zeros(d_out, np.uint32)]
    return np.concatenate(parts)


def unpack_dead(flat, sizes):
    """Inverse of :func:`pack_dead`: a list of bool arrays ``(sizes[l], sizes[l+1])``."""
    dead, at = [], 0
    for d_in, d_out in zip(sizes[:-1], sizes[1:]):
        dead.append(np.asarray(flat[at:at + d_in * d_out]).reshape(d_in, d_out) != 0)
        at += (d_in + 1) * d_out
    return dead


def request_device():
    """A wgpu device, or None (reason appended to NO_ADAPTER_REASON) when none is available."""
    os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")
    try:
        import wgpu
    except ImportError as err:
        NO_ADAPTER_REASON.append("wgpu-py is not installed (%s)" % err)
        return None
    try:
        adapter = wgpu.gpu.request_adapter_sync(power_preference="high-performance")
    except Exception as err:  # no backend works, or an old wgpu-py lacks request_adapter_sync
        NO_ADAPTER_REASON.append("wgpu found no adapter: %s" % err)
        return None
    if adapter is None:
        NO_ADAPTER_REASON.append("wgpu found no adapter (install mesa-vulkan-drivers for lavapipe)")
        return None
    try:
        return adapter.request_device_sync()
    except Exception as err:
        NO_ADAPTER_REASON.append("wgpu could not open a device on %s: %s" % (adapter.info.get("device"), err))
        return None


class WgslMlp:
    """The two kernels bound to one network on one wgpu device (mirrors gpu-mlp.js's GpuMlp)."""

    def __init__(self, device, sizes, activation, output_activation):
        import wgpu
        self._wgpu = wgpu
        self.device = device
        self.layout = describe_layout(sizes, activation, output_activation)
        self.sizes = self.layout["sizes"]
        storage = wgpu.BufferUsage.STORAGE | wgpu.BufferUsage.COPY_DST | wgpu.BufferUsage.COPY_SRC
        self._net = device.create_buffer_with_data(data=self.layout["net"], usage=storage)
        self._params = device.create_buffer(size=4 * self.layout["n_params"], usage=storage)
        self._dead = device.create_buffer_with_data(data=pack_dead(None, self.sizes), usage=storage)
        self._forward = self._pipeline("mlp-forward")
        self._train = self._pipeline("mlp-train")

    def _pipeline(self, kernel):
        module = self.device.create_shader_module(code=shader_source(kernel))
        return self.device.create_compute_pipeline(layout="auto", compute={"module": module, "entry_point": "main"})

    def _buffer(self, array, uniform=False):
        usage = self._wgpu.BufferUsage.UNIFORM if uniform else self._wgpu.BufferUsage.STORAGE
        array = np.ascontiguousarray(array)
        if array.nbytes < 16:  # wgpu rejects empty or tiny bindings; padding is never read
            array = np.concatenate([array.view(np.uint8), np.zeros(16 - array.nbytes, np.uint8)])
        return self.device.create_buffer_with_data(data=array, usage=usage | self._wgpu.BufferUsage.COPY_SRC)

    def _run(self, pipeline, dispatches, workgroups):
        """One compute pass; ``dispatches`` is a list of ``{binding: buffer or (buffer, offset, size)}``."""
        encoder = self.device.create_command_encoder()
        compute = encoder.begin_compute_pass()
        compute.set_pipeline(pipeline)
        for buffers in dispatches:
            entries = []
            for binding, b in buffers.items():
                buffer, offset, size = b if isinstance(b, tuple) else (b, 0, b.size)
                entries.append({"binding": binding, "resource": {"buffer": buffer, "offset": offset, "size": size}})
            compute.set_bind_group(0, self.device.create_bind_group(layout=pipeline.get_bind_group_layout(0),
                                                                    entries=entries))
            compute.dispatch_workgroups(workgroups, 1, 1)
        compute.end()
        self.device.queue.submit([encoder.finish()])

    def set_params(self, weights, biases, dead=None):
        flat = pack_params(weights, biases)
        if flat.size != self.layout["n_params"]:
            raise ValueError("expected %d parameters, got %d" % (self.layout["n_params"], flat.size))
        self.device.queue.write_buffer(self._params, 0, flat)
        self.device.queue.write_buffer(self._dead, 0, pack_dead(dead, self.sizes))

    def read_dead(self):
        """The dead-link masks on the GPU: a list of bool arrays ``(sizes[l], sizes[l+1])``."""
        return unpack_dead(np.frombuffer(self.device.queue.read_buffer(self._dead), np.uint32), self.sizes)

    def read_params(self):
        """``(weights, biases)`` as float64 lists shaped like the engine's."""
        flat = np.frombuffer(self.device.queue.read_buffer(self._params), np.float32)
        return unpack_params(flat, self.sizes)

    def forward_all(self, points):
        """Every neuron's activation for ``points (n, d_in)``: a list, per non-input layer, of ``(units, n)``."""
        points = np.asarray(points, np.float32)
        n = points.shape[0]
        out = self.device.create_buffer(size=4 * self.layout["n_neurons"] * n,
                                        usage=self._wgpu.BufferUsage.STORAGE | self._wgpu.BufferUsage.COPY_SRC)
        cfg = np.array([n, 0, 0, 0], np.uint32)
        self._run(self._forward, [{0: self._net, 1: self._params, 2: self._buffer(points), 3: out,
                                   4: self._buffer(cfg, uniform=True)}], -(-n // FORWARD_WORKGROUP))
        flat = np.frombuffer(self.device.queue.read_buffer(out), np.float32).reshape(-1, n)
        bounds = np.cumsum([0] + self.sizes[1:])
        return [flat[a:b] for a, b in zip(bounds[:-1], bounds[1:])]

    def train(self, x, y, batch_indices, batch_offsets, learning_rate, regularization=None,
              regularization_rate=0.0):
        """Run ``len(batch_offsets) - 1`` SGD steps in one submission; step s uses
        ``batch_indices[batch_offsets[s]:batch_offsets[s + 1]]`` (at most 30 samples)."""
        x = np.asarray(x, np.float32)
        y = np.asarray(y, np.float32).reshape(x.shape[0], self.sizes[-1])
        offsets = np.asarray(batch_offsets, np.uint32)
        if np.any(np.diff(offsets.astype(np.int64)) < 1) or np.any(np.diff(offsets.astype(np.int64)) > LIMITS["batch"]):
            raise ValueError("every batch needs 1 to %d samples" % LIMITS["batch"])
        n_steps = offsets.size - 1
        # One dispatch per STEPS_PER_DISPATCH steps, each reading its own TrainConfig at a
        # CONFIG_STRIDE-aligned offset of one uniform buffer, all in one compute pass.
        firsts = range(0, n_steps, STEPS_PER_DISPATCH)
        cfg = np.zeros((len(firsts), CONFIG_STRIDE // 4), np.uint32)
        for k, first in enumerate(firsts):
            cfg[k, 0:3] = [min(STEPS_PER_DISPATCH, n_steps - first), first, REGULARIZATION_CODES[regularization]]
            cfg[k, 4:6] = np.array([learning_rate, regularization_rate], np.float32).view(np.uint32)
        shared = {0: self._net, 1: self._params, 2: self._buffer(x), 3: self._buffer(y),
                  4: self._buffer(np.asarray(batch_indices, np.uint32)), 5: self._buffer(offsets), 7: self._dead}
        configs = self._buffer(cfg, uniform=True)
        self._run(self._train, [{**shared, 6: (configs, k * CONFIG_STRIDE, 32)} for k in range(len(firsts))], 1)
