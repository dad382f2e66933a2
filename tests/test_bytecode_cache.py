"""The bytecode kept between visits: what is packed, that Python uses it, and that a stale entry is harmless.
(The worker's reading of the zip: tests/browser/test_repeat_start.py.)"""
import importlib
import importlib.util
import io
import marshal
import os
import sys
import zipfile

import pytest

from pyplayground import bytecode_cache


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A fresh importable package ``bcpkg_<n>`` with one module."""
    name = "bcpkg_%d" % (abs(hash(str(tmp_path))) % 10 ** 8)
    root = tmp_path / "site"
    (root / name).mkdir(parents=True)
    (root / name / "__init__.py").write_text("")
    (root / name / "mod.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # as in Pyodide
    yield root, name
    for key in [k for k in sys.modules if k.split(".")[0] == name]:
        del sys.modules[key]


def _fresh_import(name):
    for key in [k for k in sys.modules if k.split(".")[0] == name.split(".")[0]]:
        del sys.modules[key]
    importlib.invalidate_caches()
    return importlib.import_module(name)


def _packed(roots):
    packer = bytecode_cache.Packer(roots)
    while not packer.step(0.001):
        pass
    return packer.data()


def test_the_packer_compiles_imported_modules_under_the_roots_as_checked_hash_pycs(package):
    root, name = package
    module = _fresh_import(name + ".mod")
    data = _packed([str(root)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == sorted([module.__cached__, sys.modules[name].__cached__])
        pyc = archive.read(module.__cached__)
    source = (root / name / "mod.py").read_bytes()
    assert pyc[:4] == importlib.util.MAGIC_NUMBER
    assert int.from_bytes(pyc[4:8], "little") == 0b11  # hash-based, checked against the source
    assert pyc[8:16] == importlib.util.source_hash(source)
    code = marshal.loads(pyc[16:])
    assert code.co_filename == str(root / name / "mod.py")  # tracebacks name the real file
    namespace = {}
    exec(code, namespace)
    assert namespace["VALUE"] == 1
    assert _packed([str(root / "elsewhere")]) == b""  # nothing imported from there


def test_the_same_bytes_as_pythons_own_hash_based_pyc(package, tmp_path):
    import py_compile
    root, name = package
    source = str(root / name / "mod.py")
    target = str(tmp_path / "own.pyc")
    py_compile.compile(source, cfile=target, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    assert bytecode_cache.compiled(source) == open(target, "rb").read()


def test_packed_bytecode_is_used_and_a_changed_source_wins(package, monkeypatch):
    root, name = package
    module = _fresh_import(name + ".mod")
    data = _packed([str(root)])
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # as in Pyodide: nothing written while importing
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # what the worker does: each file to its path
        for path in archive.namelist():
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(archive.read(path))
    # Python takes the pyc without compiling: a pyc whose code says 7 for this source is believed.
    pyc = open(module.__cached__, "rb").read()
    with open(module.__cached__, "wb") as f:
        f.write(pyc[:16] + marshal.dumps(compile("VALUE = 7\n", str(root / name / "mod.py"), "exec")))
    assert _fresh_import(name + ".mod").VALUE == 7
    # Once the source changes, its hash no longer matches and Python compiles the source again.
    (root / name / "mod.py").write_text("VALUE = 3\n")
    assert _fresh_import(name + ".mod").VALUE == 3


def test_the_module_imports_only_the_standard_library():
    # The worker runs it by path before the package exists in sys.modules.
    source = open(bytecode_cache.__file__).read()
    assert "pyplayground" not in "".join(line for line in source.splitlines() if line.startswith(("import", "from")))
