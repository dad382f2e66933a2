"""Name lookups shared by every registry (activations, regularizers, datasets)."""


def lookup(registry, name, kind):
    """Return ``registry[name]``; unknown names raise ValueError listing the valid ones."""
    try:
        return registry[name]
    except (KeyError, TypeError):
        valid = ", ".join(repr(key) for key in registry)
        raise ValueError("unknown %s %r; valid: %s" % (kind, name, valid)) from None
