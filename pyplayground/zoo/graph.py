"""A model as the layered graph the Models page draws (the ``graph`` of a model's summary.json).

``graph(model, input_shape)`` -> ``{"nodes": [...], "edges": [...]}``:
- node ``{"id", "label", "type", "params", "output_shape", "parent"}``: one per layer, ``id``
  its dotted path (the prefix of its parameter names, so ``history.layers`` uses the same
  keys); ``params`` counts the layer's parameters (a Residual: everything inside it);
  ``output_shape`` is per sample; ``parent`` is the id of the Residual it sits in, or None.
- pseudo-nodes ``"input"`` (type "Input") and ``"output"`` (type "Output") start and end it;
  each Residual ``R`` has an ``"R.add"`` node (type "Add", parent R) where block and skip meet.
- edge ``{"from", "to", "shape"}`` with the per-sample shape of the tensor it carries; the
  skip path of a Residual has ``"skip": true`` (one edge to the Add for an identity, or the
  edges through the shortcut's nodes).
Layers inside a block are named like parameters: ``"4.block.0"``, ``"4.shortcut.0"``.
"""
from .. import layers as L


def label(layer):
    """Short human-readable description: ``"Conv2D 3x3, 1->8, stride 2"``."""
    kind = type(layer).__name__
    if isinstance(layer, L.Conv2D):
        text = "Conv2D %dx%d, %d->%d" % (layer.kernel_size, layer.kernel_size, layer.in_channels, layer.out_channels)
        return text + (", stride %d" % layer.stride if layer.stride != 1 else "")
    if isinstance(layer, L.Dense):
        return "Dense %d->%d" % (layer.n_in, layer.n_out)
    if kind in ("BatchNorm1D", "BatchNorm2D"):
        return "%s %d" % (kind, layer.num_features)
    if kind in ("MaxPool2D", "AvgPool2D"):
        k = layer.kernel_size
        return "%s %dx%d" % (kind, k, k) + (", stride %d" % layer.stride if layer.stride != k else "")
    if isinstance(layer, L.Residual):
        return "Residual (%s skip)" % ("identity" if layer.shortcut is None else "projection")
    if kind == "Activation":
        return layer.name
    return kind


def _node(node_id, text, kind, params, shape, parent):
    return {"id": node_id, "label": text, "type": kind, "params": int(params),
            "output_shape": [int(s) for s in shape], "parent": parent}


def _edge(src, dst, shape, skip=False):
    edge = {"from": src, "to": dst, "shape": [int(s) for s in shape]}
    if skip:
        edge["skip"] = True
    return edge


def _chain(items, src, shape, parent, nodes, edges, skip=False):
    """Add ``items`` ((path, layer) pairs) in sequence after node ``src``; return (last node, shape)."""
    for path, layer in items:
        if isinstance(layer, L.Chain):
            src, shape = _chain(_children(path, layer), src, shape, parent, nodes, edges, skip)
        elif isinstance(layer, L.Residual):
            src, shape = _residual(path, layer, src, shape, parent, nodes, edges, skip)
        else:
            out_shape = layer.output_shape(shape)
            nodes.append(_node(path, label(layer), type(layer).__name__, layer.parameter_count(), out_shape, parent))
            edges.append(_edge(src, path, shape, skip))
            src, shape = path, out_shape
    return src, shape


def _residual(path, layer, src, shape, parent, nodes, edges, skip):
    out_shape = layer.output_shape(shape)
    nodes.append(_node(path, label(layer), "Residual", layer.parameter_count(), out_shape, parent))
    add = path + ".add"
    last, last_shape = _chain([(path + ".block", layer.block)], src, shape, path, nodes, edges, skip)
    if layer.shortcut is None:
        edges.append(_edge(src, add, shape, skip=True))
    else:
        s_last, s_shape = _chain([(path + ".shortcut", layer.shortcut)], src, shape, path, nodes, edges, skip=True)
        edges.append(_edge(s_last, add, s_shape, skip=True))
    nodes.append(_node(add, "Add", "Add", 0, out_shape, path))
    edges.append(_edge(last, add, last_shape, skip))
    return add, out_shape


def _children(path, layer):
    return [(path + "." + name, child) for name, child in layer.children()]


def graph(model, input_shape=None):
    """The graph dict of ``model`` (an ``nn.Sequential``) for per-sample ``input_shape``
    (default ``model.input_shape``); see the module docstring."""
    shape = tuple(input_shape or model.input_shape)
    nodes = [_node("input", "Input %s" % "x".join(str(s) for s in shape), "Input", 0, shape, None)]
    edges = []
    last, shape = _chain([(str(i), layer) for i, layer in enumerate(model.layers)], "input", shape, None,
                         nodes, edges)
    nodes.append(_node("output", "Output (logits)", "Output", 0, shape, None))
    edges.append(_edge(last, "output", shape))
    return {"nodes": nodes, "edges": edges}
