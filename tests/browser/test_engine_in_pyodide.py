"""The engine's own unit tests (tests/engine), run inside the browser's Pyodide 0.17.1.

This checks Python 3.8 / numpy 1.17.5 compatibility for real: the wheel the site ships is
installed with micropip and the same test files run under Pyodide's pytest.
"""
import json
import os
import re

import pytest

from sitebuild import paths

pytestmark = pytest.mark.browser

ENGINE_TESTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "engine")

RUN_IN_PYODIDE = """async ({files, wheel}) => {
    await new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = '/__pyodide_full__/pyodide.js'; s.onload = resolve; s.onerror = reject;
        document.head.appendChild(s);
    });
    const py = await loadPyodide({indexURL: '/__pyodide_full__/'});
    await py.loadPackage(['numpy', 'micropip', 'pytest']);
    py.runPython('import micropip');
    await py.globals.get('micropip').install(new URL(wheel, location.href).href);
    const FS = py._module.FS;
    FS.mkdirTree('/engine_tests');
    for (const name of files) {
        const text = await (await fetch('/__tests__/engine/' + name)).text();
        FS.writeFile('/engine_tests/' + name, text);
    }
    py.runPython(`
import io, sys, numpy, pytest
_out = io.StringIO()
_stdout, sys.stdout = sys.stdout, _out
try:
    _code = int(pytest.main(["-q", "-p", "no:cacheprovider", "/engine_tests"]))
finally:
    sys.stdout = _stdout
_result = {"code": _code, "output": _out.getvalue(), "python": sys.version.split()[0], "numpy": numpy.__version__}
`);
    return py.runPython('import json; json.dumps(_result)');
}"""


def test_engine_unit_tests_pass_inside_pyodide(page, site_url):
    files = sorted(f for f in os.listdir(ENGINE_TESTS) if f.endswith(".py"))  # the tests and their helper modules
    with open(paths.MANIFEST) as f:
        wheel = json.load(f)["pyplayground"]["wheel"]["path"]
    page.goto(site_url + "__tests__/browser/blank.html")
    result = json.loads(page.evaluate(RUN_IN_PYODIDE, {"files": files, "wheel": "/" + wheel}))
    assert result["python"].startswith("3.8.") and result["numpy"] == "1.17.5"
    assert result["code"] == 0, result["output"]
    passed = re.search(r"(\d+) passed", result["output"])
    assert passed and int(passed.group(1)) >= 80, result["output"]
    assert "failed" not in result["output"] and "error" not in result["output"].lower()
