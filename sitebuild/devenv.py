"""Set up what the test command needs: a virtual environment and a Chromium."""
import os
import shutil
import subprocess
import sys

from . import stamps
from .npm import BuildError
from .paths import ROOT

VENV = os.path.join(ROOT, ".venv")
DEBIAN_CHROMIUM = "/usr/bin/chromium"


def venv_python():
    return os.path.join(VENV, "bin", "python")


def ensure_venv(extra="test"):
    """Create ``.venv`` and install the package with ``extra`` unless pyproject.toml is unchanged."""
    key = stamps.hash_files([os.path.join(ROOT, "pyproject.toml")]) + ":" + extra
    if stamps.read("venv") == key and os.path.exists(venv_python()):
        print("venv: .venv is up to date")
        return venv_python()
    if not os.path.exists(venv_python()):
        print("venv: creating .venv")
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    print("venv: installing pyplayground[%s] (pip)" % extra)
    result = subprocess.run([venv_python(), "-m", "pip", "install", "-q", "-e", ".[%s]" % extra], cwd=ROOT)
    if result.returncode != 0:
        raise BuildError("pip could not install the test dependencies (see above); check the network or "
                         "pip's index settings and run this again")
    stamps.write("venv", key)
    return venv_python()


def find_chromium():
    """Chromium to test with: $PYPLAYGROUND_CHROMIUM, else Debian's, else None (Playwright's own)."""
    override = os.environ.get("PYPLAYGROUND_CHROMIUM")
    if override:
        return override
    if os.path.exists(DEBIAN_CHROMIUM):
        return DEBIAN_CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


def ensure_chromium():
    """Install Debian's chromium when we are root on Debian and none is found; else explain."""
    if find_chromium():
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("chromium: installing Debian's chromium with apt-get")
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        result = subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"])
        if result.returncode == 0 and find_chromium():
            return
    print("chromium: not found. Install Debian's 'chromium' package, set PYPLAYGROUND_CHROMIUM to a Chromium "
          "binary, or run '.venv/bin/python -m playwright install chromium' where the internet is reachable; "
          "browser tests will fail until one is available.")
