"""Generate the page's and the kernels' copy of ``pyplayground/vocabulary.py`` (the one definition).

- ``site/js/generated/vocabulary.js``: every constant of the module as a frozen ES export, same names.
- ``site/js/generated/gan-vocabulary.js``: the same for the GAN page's ``pyplayground/gan/vocabulary.py``.
- ``site/js/generated/vocabulary.wgsl``: the kernels' limits and codes as WGSL consts; gpu-mlp.js and
  tests/webgpu/wgsl_runner.py put it in front of mlp-common.wgsl.
- ``site/js/generated/engine-requests.js``: the request names of the worker's request table
  (``pyplayground/bridge/requests.py``), a classic script (the classic worker loads it with
  ``importScripts``) that sets ``globalThis.PlaygroundEngineRequests``; ``protocol.js`` reads it.

The module is loaded by its path, so the build needs neither numpy nor the package's other modules.
A file is written only when its text changes (a second build rewrites nothing).
"""
import importlib.util
import json
import os

from .paths import PACKAGE, SITE

SOURCE = os.path.join(PACKAGE, "vocabulary.py")
GAN_SOURCE = os.path.join(PACKAGE, "gan", "vocabulary.py")
REQUESTS_SOURCE = os.path.join(PACKAGE, "bridge", "requests.py")
GENERATED = os.path.join(SITE, "js", "generated")
JS = os.path.join(GENERATED, "vocabulary.js")
WGSL = os.path.join(GENERATED, "vocabulary.wgsl")
GAN_JS = os.path.join(GENERATED, "gan-vocabulary.js")
REQUESTS_JS = os.path.join(GENERATED, "engine-requests.js")
HEADER = "Generated from pyplayground/vocabulary.py by sitebuild/vocabulary.py (python3 build.py): do not edit."

# WGSL const name -> key of LIMITS the kernels size their arrays by.
WGSL_LIMITS = {"MAX_INPUT": "inputs", "MAX_HIDDEN_LAYERS": "hidden_layers", "MAX_HIDDEN_UNITS": "units",
               "MAX_OUTPUT": "classes", "MAX_BATCH": "batch_size"}


def load(path=SOURCE):
    """The vocabulary module, imported from ``path`` alone."""
    spec = importlib.util.spec_from_file_location("pyplayground_vocabulary", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def constants(module):
    """The module's public constants (UPPER_CASE names), in the order they are defined."""
    return {name: value for name, value in vars(module).items() if name.isupper() and not name.startswith("_")}


def javascript(module, header=HEADER):
    lines = ["// " + header, "", "const freeze = (value) => {",
             "  if (value && typeof value === \"object\") Object.values(value).forEach(freeze);",
             "  return Object.freeze(value);", "};", ""]
    for name, value in constants(module).items():
        lines.append("export const %s = freeze(%s);" % (name, json.dumps(value, ensure_ascii=False)))
    return "\n".join(lines) + "\n"


def wgsl(module):
    consts = [(name, module.LIMITS[key]) for name, key in WGSL_LIMITS.items()]
    consts += [(name.upper(), code) for name, code in module.ACTIVATION_CODES.items()]
    consts += [("REG_" + name.upper(), code) for name, code in module.REGULARIZATION_CODES.items()]
    lines = ["// " + HEADER] + ["const %s: u32 = %du;" % (name, value) for name, value in consts]
    return "\n".join(lines) + "\n"


def engine_requests(module):
    """The classic script that names the worker's requests, in the request table's order."""
    header = HEADER.replace("pyplayground/vocabulary.py", "pyplayground/bridge/requests.py")
    return ("// %s\n// The worker's request names; protocol.js exposes them as PlaygroundProtocol.ENGINE_REQUESTS.\n"
            "globalThis.PlaygroundEngineRequests = Object.freeze(%s);\n" % (header, json.dumps(list(module.REQUESTS))))


def generate():
    """{path: text} of every generated file."""
    module = load()
    gan_header = HEADER.replace("pyplayground/vocabulary.py", "pyplayground/gan/vocabulary.py")
    return {JS: javascript(module), WGSL: wgsl(module), GAN_JS: javascript(load(GAN_SOURCE), gan_header),
            REQUESTS_JS: engine_requests(load(REQUESTS_SOURCE))}


def write_generated():
    """Write the generated files whose text changed; returns the paths written."""
    written = []
    for path, text in generate().items():
        try:
            with open(path, encoding="utf-8") as f:
                if f.read() == text:
                    continue
        except OSError:
            pass
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(path + ".tmp", path)
        written.append(path)
    return written
