/*
 * Runtime adapter for Pyodide 0.17.1 (classic-script API). The only file that knows how
 * this Pyodide is loaded and how its proxies convert; swap it to move to another runtime.
 * Defines self.PlaygroundRuntime.load(manifest, baseURL, onProgress) -> {handle, versions}.
 */
(function (root) {
  // Fetch every runtime file once, all at the same time, streaming, so progress is real bytes;
  // Pyodide's own loads then revalidate against the browser cache instead of downloading again.
  // Returns one promise per file (in order), resolving with the bytes of `keep` (the wheel,
  // installed from them) and with null for the others, so Python can start as soon as its own
  // files are in while the packages still download: bytes arriving then are reported in the phase
  // `phaseNow()` names.
  function prefetch(files, keep, baseURL, onProgress, phaseNow) {
    const total = files.reduce((sum, f) => sum + f.bytes, 0);
    let loaded = 0;
    return files.map(async (file) => {
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
        onProgress({phase: phaseNow(), loaded, total, message: file.path});
      }
      return file === keep ? new Uint8Array(await new Blob(chunks).arrayBuffer()) : null;
    });
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

  // Compiled bytecode kept between visits (pyplayground/bytecode_cache.py says why and how): the
  // Cache Storage entry is named by the runtime and the wheel, so a new build starts afresh. Not a
  // "pyplayground-" cache: the service worker deletes those that are not its own.
  const BYTECODE_CACHE = "python-bytecode";
  const BYTECODE_FILE = "/tmp/bytecode.zip";
  const SAVE_BYTECODE_AFTER_MS = 1500; // after the first frames
  const BYTECODE_SLICE_S = 0.02; // compile at most this long before the next request gets its turn

  async function cachedBytecode(key) {
    try {
      if (!self.caches) return null; // not a secure context: every start compiles
      const response = await (await caches.open(BYTECODE_CACHE)).match(key);
      return response ? new Uint8Array(await response.arrayBuffer()) : null;
    } catch (err) {
      return null;
    }
  }

  /** The pycs of a kept entry, or none (with a warning) when it cannot be read. */
  function keptPycs(bytes) {
    if (!bytes) return [];
    try {
      return self.PlaygroundBytecode.pycFiles(bytes);
    } catch (err) { // a corrupt entry: compile as on a first visit
      console.warn("pyplayground: ignoring the cached bytecode: " + err.message);
      return [];
    }
  }

  /**
   * Have `write(FS)` run inside Python's start, after its file system exists and before Python
   * runs: Pyodide 0.17 offers no hook there, so the module factory its pyodide.asm.js defines as a
   * global (`_createPyodideModule`) is caught as it is assigned, and handed out wrapped so that it
   * adds a pre-run step (Emscripten runs those in order: this one before the standard library is
   * unpacked, which leaves the __pycache__ folders alone).
   */
  function beforePythonStarts(write) {
    let factory = null;
    Object.defineProperty(self, "_createPyodideModule", {
      configurable: true,
      set(value) { factory = value; },
      get() {
        return factory && ((Module) => {
          Module.preRun = [].concat(Module.preRun || [], [(module) => write(module.FS)]);
          return factory(Module);
        });
      },
    });
  }

  /** Write `pycs` ([{name, data}]) into Python's file system; returns how many were written. */
  function writePycs(FS, pycs) {
    let written = 0;
    try {
      for (const {name, data} of pycs) {
        FS.mkdirTree(name.slice(0, name.lastIndexOf("/")));
        FS.writeFile(name, data);
        written++;
      }
    } catch (err) { // Python starts anyway and compiles what is missing
      console.warn("pyplayground: could not write the cached bytecode: " + err.message);
    }
    return written;
  }

  /** Compile what the start imported, a slice at a time between requests, and keep it for the next visit. */
  function saveBytecode(pyodide, key) {
    const failed = (err) => console.warn("pyplayground: could not keep the compiled bytecode: " + err.message);
    const slice = async () => {
      try {
        if (!pyodide.runPython("_packer.step(" + BYTECODE_SLICE_S + ")")) return void setTimeout(slice, 0);
        pyodide.runPython("with open('" + BYTECODE_FILE + "', 'wb') as _f:\n    _f.write(_packer.data())\ndel _packer");
        const bytes = pyodide._module.FS.readFile(BYTECODE_FILE);
        pyodide._module.FS.unlink(BYTECODE_FILE);
        if (!bytes.length) return;
        const cache = await caches.open(BYTECODE_CACHE);
        await cache.put(key, new Response(bytes, {headers: {"Content-Type": "application/zip"}}));
        for (const request of await cache.keys()) if (request.url !== key) await cache.delete(request); // one build's worth
      } catch (err) {
        failed(err);
      }
    };
    if (!self.caches) return;
    try {
      pyodide.runPython("import os\nfrom pyplayground.bytecode_cache import Packer\n" +
                        "_packer = Packer([os.path.dirname(os.__file__)])  # the standard library and site-packages");
      setTimeout(slice, 0);
    } catch (err) {
      failed(err);
    }
  }

  /** Whether a runtime file belongs to the package `name` (numpy.js, numpy.data): loaded after Python starts. */
  function isPackageFile(file, name) {
    const base = file.path.split("/").pop();
    return base === name + ".js" || base === name + ".data";
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
    const bytecodeKey = new URL("python-bytecode/" + runtime.version + "-" + wheel.sha256 + ".zip", baseURL).href;
    const bytecode = cachedBytecode(bytecodeKey);
    let phase = "download";
    const enter = (next, message) => { // bytes still arriving are reported in the phase under way
      phase = next;
      onProgress({phase, message});
    };
    const downloads = prefetch(runtime.files.concat([wheel]), wheel, baseURL, onProgress, () => phase);
    downloads.forEach((d) => d.catch(() => {})); // each is awaited below; none may go unhandled meanwhile
    const ownFile = (file) => !runtime.packages.some((name) => isPackageFile(file, name));
    await Promise.all(downloads.filter((d, i) => i < runtime.files.length && ownFile(runtime.files[i])));

    enter("runtime");
    const indexURL = new URL(runtime.index_url, baseURL).href;
    importScripts(indexURL + "pyodide.js");
    const pycs = keptPycs(await bytecode);
    let precompiled = 0; // modules whose bytecode came from the cache (0 on a first visit)
    if (pycs.length) beforePythonStarts((FS) => { precompiled = writePycs(FS, pycs); });
    const pyodide = await self.loadPyodide({indexURL});

    enter("packages");
    await Promise.all(downloads.slice(0, runtime.files.length));
    await pyodide.loadPackage(runtime.packages, (msg) => onProgress({phase: "packages", message: msg}),
                              (msg) => onProgress({phase: "packages", message: msg}));

    enter("install", wheel.path);
    installWheel(pyodide, await downloads[runtime.files.length]);

    enter("import");
    pyodide.runPython("import sys, numpy, pyplayground.bridge");
    if (!precompiled) setTimeout(() => saveBytecode(pyodide, bytecodeKey), SAVE_BYTECODE_AFTER_MS);
    const bridge = pyodide.globals.get("pyplayground").bridge;
    const versions = {
      pyodide: runtime.version,
      python: pyodide.runPython("sys.version.split()[0]"),
      numpy: pyodide.runPython("numpy.__version__"),
      pyplayground: bridge.version(),
      precompiled,
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
