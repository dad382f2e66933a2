/*
 * The pycs of a kept-bytecode entry (pyplayground/bytecode_cache.py: a zip of stored files, named
 * by their absolute paths), read in plain JavaScript so the worker can write them into Python's
 * file system before Python starts: the modules Python and Pyodide import while starting then load
 * from bytecode too. Only checked-hash pycs under /lib/python3.x are taken (Python compares each
 * with its source's hash, so a stale one costs time, never correctness).
 * Defines self.PlaygroundBytecode.pycFiles(bytes) -> [{name, data}].
 */
(function (root) {
  const END_OF_DIRECTORY = 0x06054b50, DIRECTORY_ENTRY = 0x02014b50, LOCAL_HEADER = 0x04034b50;
  const STORED = 0;
  const PYC = /^\/lib\/python3\.\d+\/(?:[\w.-]+\/)*__pycache__\/[\w.-]+\.pyc$/;
  const CHECKED_HASH = 0b11; // the pyc's flags (bytes 4-7): hash-based, checked against the source

  /** Every file of a zip whose files are stored uncompressed: [{name, data}]; Error for anything else. */
  function storedZipFiles(bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let end = bytes.length - 22;
    while (end >= 0 && view.getUint32(end, true) !== END_OF_DIRECTORY) end--;
    if (end < 0) throw new Error("not a zip file");
    const count = view.getUint16(end + 10, true);
    let at = view.getUint32(end + 16, true);
    const names = new TextDecoder();
    const files = [];
    for (let k = 0; k < count; k++) {
      if (at + 46 > bytes.length || view.getUint32(at, true) !== DIRECTORY_ENTRY) throw new Error("a broken zip directory");
      const method = view.getUint16(at + 10, true), size = view.getUint32(at + 20, true);
      const nameLength = view.getUint16(at + 28, true);
      const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
      const local = view.getUint32(at + 42, true);
      const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
      if (method !== STORED) throw new Error("a compressed zip entry (" + name + ")");
      if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL_HEADER) throw new Error("a broken zip entry (" + name + ")");
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      if (start + size > bytes.length) throw new Error("a truncated zip entry (" + name + ")");
      files.push({name, data: bytes.subarray(start, start + size)});
      at += 46 + skip;
    }
    return files;
  }

  function pycFiles(bytes) {
    return storedZipFiles(bytes).filter(({name, data}) =>
      PYC.test(name) && !name.split("/").includes("..") && data.length >= 16 &&
      new DataView(data.buffer, data.byteOffset + 4, 4).getUint32(0, true) === CHECKED_HASH);
  }

  root.PlaygroundBytecode = {pycFiles};
})(self);
