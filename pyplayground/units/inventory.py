"""Which layers of a model hold "units" to show, as the deep visualization toolbox shows them.

A unit layer is the output of a Conv2D, a Residual block or a Dense layer **after** the
BatchNorm and activation layers that follow it directly (Caffe's in-place ReLU: the
toolbox's conv blobs are rectified). Each records:

- ``index``: the top-level layer whose output is shown (``model.activations(x)[str(index)]``);
- ``source``: the top-level layer whose output is the units' pre-activation (the Conv2D,
  Residual or Dense itself). Activation maximization ascends the pre-activation: a rectified
  unit that is 0 has no gradient, its pre-activation does, and the two rise together above 0;
- ``name``: ``conv1``, ``conv2``, ... / ``block1``, ... / ``dense1``, ..., the last Dense ``logits``;
- ``kind``: ``"conv"`` (units are channels of a ``(c, h, w)`` map) or ``"dense"``;
- ``shape``: the per-image output shape, ``[c, h, w]`` or ``[k]``.
"""
from .. import layers as L

_FOLLOWERS = (L.Activation, L.BatchNorm1D, L.BatchNorm2D)


def unit_layers(model):
    """``[{index, source, name, kind, shape}]`` in layer order (module docstring); ``model``
    needs an ``input_shape``."""
    if model.input_shape is None:
        raise ValueError("the model needs an input_shape to list its unit layers")
    layers = model.layers
    shapes, shape = [], tuple(model.input_shape)
    for layer in layers:
        shape = layer.output_shape(shape)
        shapes.append(list(shape))
    out, counts = [], {"conv": 0, "block": 0, "dense": 0}
    last_dense = max([i for i, layer in enumerate(layers) if isinstance(layer, L.Dense)] or [-1])
    for i, layer in enumerate(layers):
        if isinstance(layer, L.Conv2D):
            prefix = "conv"
        elif isinstance(layer, L.Residual):
            prefix = "block"
        elif isinstance(layer, L.Dense):
            prefix = "dense"
        else:
            continue
        end = i
        while end + 1 < len(layers) and isinstance(layers[end + 1], _FOLLOWERS):
            end += 1
        counts[prefix] += 1
        name = "logits" if i == last_dense else "%s%d" % (prefix, counts[prefix])
        out.append({"index": end, "source": i, "name": name, "kind": "dense" if prefix == "dense" else "conv",
                    "shape": shapes[end]})
    return out


def find_layer(model, index):
    """The unit layer whose shown output is top-level layer ``index``; ValueError listing them."""
    found = unit_layers(model)
    for entry in found:
        if entry["index"] == int(index):
            return entry
    raise ValueError("layer %r holds no units; unit layers: %s"
                     % (index, ", ".join("%d (%s)" % (e["index"], e["name"]) for e in found)))


def penultimate(model):
    """Top-level index of the layer whose output is the last Dense layer's input (the codes
    that multifaceted feature visualization clusters, Nguyen et al. 2016, section 2)."""
    dense = [i for i, layer in enumerate(model.layers) if isinstance(layer, L.Dense)]
    if not dense or dense[-1] == 0:
        raise ValueError("the model has no layer before its last Dense layer")
    return dense[-1] - 1
