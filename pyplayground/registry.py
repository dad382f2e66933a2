"""Name lookups shared by every registry (activations, regularizers, datasets, features)."""
from collections import OrderedDict


def lookup(registry, name, kind):
    """Return ``registry[name]``; unknown names raise ValueError listing the valid ones."""
    try:
        return registry[name]
    except (KeyError, TypeError):
        valid = ", ".join(repr(key) for key in registry)
        raise ValueError("unknown %s %r; valid: %s" % (kind, name, valid)) from None


def in_order(names, implementations, kind):
    """``implementations`` (a dict) as an OrderedDict in the order of ``names`` (the vocabulary's).

    Both must name the same things, so a name added to one and not the other fails at import.
    """
    if set(names) != set(implementations):
        raise RuntimeError("%s implementations %s do not match the vocabulary's %s"
                           % (kind, sorted(implementations), sorted(names)))
    return OrderedDict((name, implementations[name]) for name in names)
