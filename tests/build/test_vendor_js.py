"""The page libraries (dagre) copied from node_modules into site/vendor/ and listed in the build manifest."""
import json
import os

import pytest

import build
from sitebuild import npm, paths, stamps, vendor_js


@pytest.fixture(scope="module")
def built():
    build.build()
    with open(paths.MANIFEST) as f:
        return json.load(f)


def test_dagre_is_vendored_byte_for_byte_and_listed(built):
    dagre = built["libraries"]["dagre"]
    assert dagre["package"] == "@dagrejs/dagre" and dagre["version"] == "3.1.3"
    for entry in dagre["files"]:
        path = os.path.join(paths.SITE, entry["path"])
        assert os.path.getsize(path) == entry["bytes"] and stamps.file_sha256(path) == entry["sha256"]
    source = os.path.join(paths.NODE_MODULES, "@dagrejs", "dagre", "dist", "dagre.esm.js")
    assert stamps.file_sha256(source) == stamps.file_sha256(os.path.join(paths.SITE, "vendor/dagre/dagre.esm.js"))


def test_the_models_page_imports_the_vendored_file():
    with open(os.path.join(paths.SITE, "js", "models", "graph-layout.js")) as f:
        assert '"../../vendor/dagre/dagre.esm.js"' in f.read()
    targets = [target for _package, files in vendor_js.LIBRARIES.values() for _source, target in files]
    assert "vendor/dagre/dagre.esm.js" in targets


def test_a_missing_library_says_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.setattr(vendor_js, "NODE_MODULES", str(tmp_path))
    with pytest.raises(npm.BuildError, match="@dagrejs/dagre is not installed"):
        vendor_js.vendor_libraries()
