/*
 * Runtime adapter for Pyodide 0.17.1 (classic-script API). The only file that knows how
 * this Pyodide is loaded and how its proxies convert; swap it to move to another runtime.
 * Defines self.PlaygroundRuntime.load(manifest, baseURL, onProgress) -> {handle, versions}.
 */
(function (root) {
  // Fetch every runtime file once, all at the same time, streaming, so progress is real bytes;
  // Pyodide's own loads then revalidate against the browser cache instead of downloading again.
  // Resolves with the bytes of `keep` (the wheel, installed from them).
  async function prefetch(files, keep, baseURL, onProgress) {
    const total = files.reduce((sum, f) => sum + f.bytes, 0);
    let loaded = 0;
    let kept = null;
    await Promise.all(files.map(async (file) => {
      let response;
      try {
        response = await fetch(new URL(file.path, baseURL).href);
      } catch (err) { // the network itself failed: say which file, the page offers Retry
        throw new Error("could not download " + file.path + " (" + err.message + "; is the server still running?)");
      }
      if (!response.ok) throw new Error("could not load " + file.path + " (HTTP " + response.status + ")");
      const reader = response.body.getReader();
      const chunks = [];
      for (;;) {
        let chunk;
        try {
          chunk = await reader.read();
        } catch (err) {
          throw new Error("the download of " + file.path + " broke off (" + err.message + ")");
        }
        if (chunk.done) break;
        if (file === keep) chunks.push(chunk.value);
        loaded += chunk.value.byteLength;
        onProgress({phase: "download", loaded, total, message: file.path});
      }
      if (file === keep) kept = await new Blob(chunks).arrayBuffer();
    }));
    return new Uint8Array(kept);
  }

  // Install the engine's wheel (a zip of pure Python) into site-packages: what micropip would do for a
  // wheel without dependencies, without loading micropip and its own dependencies first.
  function installWheel(pyodide, bytes) {
    pyodide._module.FS.writeFile("/tmp/pyplayground.whl", bytes);
    pyodide.runPython([
      "import importlib, sys, zipfile",
      "with zipfile.ZipFile('/tmp/pyplayground.whl') as _wheel:",
      "    _wheel.extractall(next(p for p in sys.path if p.endswith('site-packages')))",
      "del _wheel",
      "importlib.invalidate_caches()  # site-packages was listed before the wheel was there",
    ].join("\n"));
    pyodide._module.FS.unlink("/tmp/pyplayground.whl");
  }

  function pythonMessage(err) {
    // A PythonError's message is the whole traceback; its last line says what went wrong.
    const text = String((err && err.message) || err);
    const lines = text.trim().split("\n");
    // "ValueError: x must be ..." -> "x must be ...": the engine's messages are written for people.
    return {message: lines[lines.length - 1].replace(/^ValueError: /, ""), detail: text};
  }

  function copyArray(proxy, type) {
    const buffer = proxy.getBuffer(type);
    try {
      return buffer.data.slice(); // the view points into the wasm heap: copy it at once
    } finally {
      buffer.release();
      proxy.destroy();
    }
  }

  async function load(manifest, baseURL, onProgress) {
    const runtime = manifest.runtime;
    const wheel = manifest.pyplayground.wheel;
    const wheelBytes = await prefetch(runtime.files.concat([wheel]), wheel, baseURL, onProgress);

    onProgress({phase: "runtime"});
    const indexURL = new URL(runtime.index_url, baseURL).href;
    importScripts(indexURL + "pyodide.js");
    const pyodide = await self.loadPyodide({indexURL});

    onProgress({phase: "packages"});
    await pyodide.loadPackage(runtime.packages, (msg) => onProgress({phase: "packages", message: msg}),
                              (msg) => onProgress({phase: "packages", message: msg}));

    onProgress({phase: "install", message: wheel.path});
    installWheel(pyodide, wheelBytes);

    onProgress({phase: "import"});
    pyodide.runPython("import sys, numpy, pyplayground.bridge");
    const bridge = pyodide.globals.get("pyplayground").bridge;
    const versions = {
      pyodide: runtime.version,
      python: pyodide.runPython("sys.version.split()[0]"),
      numpy: pyodide.runPython("numpy.__version__"),
      pyplayground: bridge.version(),
    };

    // Binary payload fields (ArrayBuffer or typed array, e.g. a model file) skip JSON: each is
    // copied into a numpy uint8 array and passed after the JSON, named in "$binary" (see bridge.py).
    const numpy = pyodide.globals.get("numpy");
    function toNumpy(value) {
      const bytes = value instanceof ArrayBuffer ? new Uint8Array(value)
        : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      const array = numpy.zeros(bytes.length, "uint8");
      const buffer = array.getBuffer("u8");
      try {
        buffer.data.set(bytes);
      } finally {
        buffer.release();
      }
      return array;
    }

    // Run one bridge request; returns {fields, arrays} of plain JS values.
    function handle(type, payload) {
      const plain = Object.assign({}, payload || {});
      const names = Object.keys(plain).filter((k) => plain[k] instanceof ArrayBuffer || ArrayBuffer.isView(plain[k]));
      const binary = names.map((k) => toNumpy(plain[k]));
      for (const k of names) delete plain[k];
      if (names.length) plain["$binary"] = names;
      let reply;
      try {
        reply = bridge.handle(type, JSON.stringify(plain), ...binary);
      } catch (err) {
        const e = new Error(pythonMessage(err).message);
        e.detail = pythonMessage(err).detail;
        // A Python exception leaves the interpreter usable; anything else (a wasm trap, out of
        // memory, Pyodide's "fatal error") does not, and the page must restart the worker.
        e.fatal = !/Traceback \(most recent call last\)/.test(e.detail);
        throw e;
      } finally {
        for (const array of binary) array.destroy();
      }
      try {
        const fields = JSON.parse(reply.json);
        const arrays = {};
        const wide = fields.float64 || []; // the exact weights travel as float64, everything else as float32
        for (const name of fields.arrays) arrays[name] = copyArray(reply.array(name), wide.includes(name) ? "f64" : "f32");
        delete fields.arrays;
        delete fields.float64;
        return {fields, arrays};
      } finally {
        reply.destroy();
      }
    }
    return {handle, versions};
  }

  root.PlaygroundRuntime = {load};
})(self);
