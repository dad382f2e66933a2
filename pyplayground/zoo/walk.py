"""Walking a model's layer tree by dotted path, and recording what chosen layers output.

Paths are the prefixes of parameter names: top-level layer ``"3"``, a layer inside a
residual block ``"4.block.0"`` (its weight is ``"4.block.0.weight"``), the Chain holding
a block ``"4.block"``.
"""
from collections import OrderedDict


def walk(model):
    """``[(path, layer)]`` for every layer of ``model``, depth first, parents before children."""
    out = []

    def visit(prefix, layer):
        out.append((prefix, layer))
        for name, child in layer.children():
            visit(prefix + "." + name, child)

    for i, layer in enumerate(model.layers):
        visit(str(i), layer)
    return out


def parametrized(model):
    """OrderedDict path -> layer, for the layers that own parameters (Conv2D, Dense, BatchNorm)."""
    return OrderedDict((path, layer) for path, layer in walk(model) if layer.params)


def record_outputs(model, x, paths):
    """``(output of model.forward(x), {path: that layer's output})`` for the layers at ``paths``.

    Wraps each chosen layer's ``forward`` for the one call (an instance attribute that
    shadows the method), so containers of any kind are recorded without copying their logic.
    """
    by_path = dict(walk(model))
    recorded = {}
    for path in paths:
        layer = by_path[path]

        def forward(inp, _layer=layer, _path=path, _method=type(layer).forward):
            out = _method(_layer, inp)
            recorded[_path] = out
            return out
        layer.forward = forward
    try:
        out = model.forward(x)
    finally:
        for path in paths:
            del by_path[path].forward
    return out, recorded
