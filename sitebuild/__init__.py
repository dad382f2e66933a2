"""Build steps behind ``build.py``: fetch the runtime, vendor it, build the wheel, serve.

Standard library only, so ``python build.py`` works with nothing installed but
Python and npm. Imports ``pyplayground`` only to read its version; the package
never imports this.
"""
