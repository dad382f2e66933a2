"""Receptive fields: which input pixels a unit of a layer can see (for top-image patches).

For a chain of layers with kernel k, stride s and padding p, the field grows as
``size += (k - 1) * jump``, ``start += ((k - 1) / 2 - p) * jump``, ``jump *= s``
(Dumoulin & Visin 2016; Araujo et al. 2019). A residual block's field is its block's (the
identity path is never larger).
"""
from .. import layers as L


def _walk(layers, size, jump, start):
    for layer in layers:
        if isinstance(layer, L.Conv2D):
            k, s, p = layer.kernel_size, layer.stride, layer.padding
        elif isinstance(layer, (L.MaxPool2D, L.AvgPool2D)):
            k, s, p = layer.kernel_size, layer.stride, 0
        elif isinstance(layer, L.Residual):
            size, jump, start = _walk(layer.block.layers, size, jump, start)
            continue
        else:
            continue
        size += (k - 1) * jump
        start += ((k - 1) / 2.0 - p) * jump
        jump *= s
    return size, jump, start


def receptive_field(model, layer):
    """``(size, jump, start)`` of top-level layer ``layer``'s units: the unit at map position
    ``(i, j)`` sees the input square of side ``size`` centred at ``(start + i*jump, start + j*jump)``."""
    return _walk(model.layers[:int(layer) + 1], 1, 1, 0.0)


def patch_box(model, layer, i, j, image_size):
    """``(top, left, bottom, right)`` of unit ``(i, j)``'s field, clipped to the image (exclusive ends)."""
    size, jump, start = receptive_field(model, layer)
    half = (size - 1) / 2.0
    top, left = int(round(start + i * jump - half)), int(round(start + j * jump - half))
    return max(0, top), max(0, left), min(image_size, top + size), min(image_size, left + size)
