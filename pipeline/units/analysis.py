"""What the Units page precomputes per unit (build time): the top-9 most activating training
images with the receptive-field patch, the unit's maximum over the training set, and
regularized activation maximization per preset with its activation ratio.

A unit is a channel of a unit layer (:func:`pyplayground.units.unit_layers`: conv and dense
outputs after their ReLU; the last Dense's logits). Its response to an image: a conv
channel's **maximum over its map** (the deep visualization toolbox ranks its top-9 images
so, and shows the patch of the input that the winning position sees), a dense unit's value.
The **activation ratio** of an activation-maximization image is the unit's activation on it
(a conv unit at the centre of its map, as maximized) over the unit's maximum response over
all training images: above 1 means the synthetic image excites the unit more than any real
digit (Yosinski et al. 2015, section 3, compare their Fig. 4 with the top-9 images).
"""
import numpy as np

from pyplayground import layers as L
from pyplayground import units

TOP = 9
BATCH = 500


def responses(model, images, progress=None):
    """Per unit layer (by index): ``(score (n, c), position (n, c, 2) or None)``, every unit's
    response to every image (``images (n, 1, 28, 28)``) and where in its map it peaked."""
    found = units.unit_layers(model)
    last = max(e["index"] for e in found)
    chain = L.Chain(model.layers[:last + 1])
    out = {e["index"]: ([], []) for e in found}
    for start in range(0, len(images), BATCH):
        x = np.asarray(images[start:start + BATCH], dtype=model.dtype)
        for i, layer in enumerate(chain.layers):
            x = layer.forward(x)
            if i in out:
                if x.ndim == 4:
                    flat = x.reshape(x.shape[0], x.shape[1], -1)
                    arg = flat.argmax(axis=2)
                    out[i][0].append(np.take_along_axis(flat, arg[:, :, None], axis=2)[:, :, 0])
                    out[i][1].append(np.stack([arg // x.shape[3], arg % x.shape[3]], axis=2))
                else:
                    out[i][0].append(x.copy())
        if progress:
            progress(min(start + BATCH, len(images)), len(images))
    return {i: (np.concatenate(s).astype(np.float64), np.concatenate(p) if p else None) for i, (s, p) in out.items()}


def top_images(model, scores, positions, layer_entry, ids):
    """Per unit of one layer: ``{"max", "top": [{"index", "value", "pos"?, "box"?}]}``, the
    ``TOP`` training images (``ids``: their MNIST indices) with the highest response, ties by
    lower position in ``ids``; ``box`` = (top, left, bottom, right) of the receptive field of
    the winning position, clipped to the 28x28 image (:func:`units.patch_box`)."""
    out = []
    for c in range(scores.shape[1]):
        order = np.argsort(-scores[:, c], kind="stable")[:TOP]
        top = []
        for k in order:
            item = {"index": int(ids[k]), "value": round(float(scores[k, c]), 5)}
            if positions is not None:
                i, j = (int(v) for v in positions[k, c])
                item["pos"] = [i, j]
                item["box"] = list(units.patch_box(model, layer_entry["index"], i, j, 28))
            top.append(item)
        out.append({"max": round(float(scores[order[0], c]), 6), "top": top})
    return out


def sample_channels(count, per_layer):
    """``per_layer`` channels spread evenly over ``count`` (all when ``per_layer >= count``)."""
    if per_layer >= count:
        return list(range(count))
    return sorted(set(np.linspace(0, count - 1, per_layer).round().astype(int).tolist()))


def shown_activation(model, image, layer_entry, channel):
    """The unit's value on ``image`` at its shown (rectified) output: at the map's centre for a conv unit."""
    return float(units.activation_and_gradient(model, image, layer_entry["index"], channel)[0][0])


def maximize_unit(model, layer_entry, channel, start, preset, steps, train_max):
    """One activation-maximization run (the pre-activation, Yosinski et al. eq. 2) ->
    ``(image (784,), record)``; ``record`` holds the activation, the ratio and a trace."""
    image, trace = units.maximize(model, layer_entry["source"], channel, start, steps=steps, preset=preset)
    activation = shown_activation(model, image, layer_entry, channel)
    ratio = activation / train_max if train_max > 0 else None
    return image.reshape(-1), {
        "layer": layer_entry["index"], "channel": int(channel), "preset": preset, "steps": int(steps),
        "activation": round(activation, 5), "train_max": round(float(train_max), 5),
        "ratio": None if ratio is None else round(ratio, 4),
        "trace": [round(float(v), 4) for v in trace[::max(1, steps // 20)]] + [round(float(trace[-1]), 4)]}
