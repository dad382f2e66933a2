/*
 * Loading the precomputed artifacts (site/artifacts/, written by `python3 build.py artifacts`):
 * the index manifest.json and the files its entries list, each checked against the size and
 * SHA-256 the manifest records. Every failure is an ArtifactError whose message says, in
 * words, which file is wrong and how to fix it; pages show it instead of going blank.
 *
 * Manifest (docs/model-zoo.md): {"schema": 1, "artifacts": [entry, ...]}, entry =
 * {id, kind, title, files: [{path (relative to artifacts/), bytes, sha256}], metrics, ...}.
 */
export const ARTIFACTS_URL = new URL("../../artifacts/", import.meta.url);
export const SCHEMAS = [1]; // manifest schema versions this code reads
const REBUILD = "rebuild them with 'python3 build.py artifacts'";

export class ArtifactError extends Error {
  constructor(message, path) {
    super(message);
    this.name = "ArtifactError";
    this.path = path; // the artifact file at fault (relative to artifacts/), if one is
  }
}

/**
 * Fetch and validate artifacts/manifest.json.
 * Resolves with a Manifest; entries that are malformed are left out and described in
 * `manifest.problems` (one bad entry must not hide the good ones). Rejects with an
 * ArtifactError when the index itself is missing or unreadable.
 */
export async function loadManifest(baseURL = ARTIFACTS_URL) {
  const path = "manifest.json";
  const response = await get(baseURL, path);
  let data;
  try {
    data = JSON.parse(await response.text());
  } catch (err) {
    throw new ArtifactError("The artifact index artifacts/manifest.json is corrupt (not valid JSON); " + REBUILD + ".", path);
  }
  if (!data || typeof data !== "object" || !Array.isArray(data.artifacts)) {
    throw new ArtifactError("The artifact index artifacts/manifest.json has no list of artifacts; " + REBUILD + ".", path);
  }
  if (!SCHEMAS.includes(data.schema)) {
    throw new ArtifactError("The artifact index artifacts/manifest.json has schema " + JSON.stringify(data.schema) +
                            "; this page reads schema " + SCHEMAS.join(" or ") + ". " + capitalize(REBUILD) + ".", path);
  }
  const problems = [];
  const artifacts = [];
  const seen = new Set();
  data.artifacts.forEach((entry, i) => {
    const problem = entryProblem(entry) || (seen.has(entry.id) ? "its id is used twice" : null);
    if (problem) {
      const name = entry && typeof entry.id === "string" ? "'" + entry.id + "'" : "number " + (i + 1);
      problems.push("Artifact " + name + " in artifacts/manifest.json is malformed (" + problem + ") and was skipped.");
    } else {
      seen.add(entry.id);
      artifacts.push(entry);
    }
  });
  return new Manifest(baseURL, data.schema, artifacts, problems);
}

export class Manifest {
  constructor(baseURL, schema, artifacts, problems) {
    this.baseURL = baseURL;
    this.schema = schema;
    this.artifacts = artifacts;  // valid entries, in manifest order
    this.problems = problems;    // messages about entries that were skipped
  }

  ofKind(kind) {
    return this.artifacts.filter((a) => a.kind === kind);
  }

  byId(id) {
    return this.artifacts.find((a) => a.id === id) || null;
  }

  /** The entry and file record that list `path` (e.g. "data/mnist-test-sample.json"), or null. */
  findFile(path) {
    for (const entry of this.artifacts) {
      const file = entry.files.find((f) => f.path === path);
      if (file) return {entry, file};
    }
    return null;
  }

  /**
   * One file of an entry, checked: resolves with an ArrayBuffer (as "bytes") or parsed JSON
   * (as "json"). `path` defaults to the entry's first file.
   */
  async fetch(entry, {path = entry.files[0].path, as = "bytes"} = {}) {
    const file = entry.files.find((f) => f.path === path);
    if (!file) throw new ArtifactError(entry.title + ": the manifest lists no file " + path + "; " + REBUILD + ".", path);
    const response = await get(this.baseURL, path, entry.title);
    const bytes = await response.arrayBuffer();
    const corrupt = (why) => new ArtifactError(entry.title + ": artifacts/" + path + " is corrupt (" + why + "); " + REBUILD + ".", path);
    if (bytes.byteLength !== file.bytes) {
      throw corrupt(bytes.byteLength + " bytes where the manifest records " + file.bytes);
    }
    const digest = await sha256(bytes);
    if (digest !== null && digest !== file.sha256) throw corrupt("its SHA-256 does not match the manifest");
    if (as === "bytes") return bytes;
    try {
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch (err) {
      throw corrupt("not valid JSON");
    }
  }
}

/** Hex SHA-256 of `bytes`, or null where the browser offers no WebCrypto (plain http off localhost). */
export async function sha256(bytes) {
  if (!(globalThis.crypto && crypto.subtle)) return null;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function get(baseURL, path, title) {
  const where = (title ? title + ": " : "") + "artifacts/" + path;
  let response;
  try {
    response = await fetch(new URL(path, baseURL).href);
  } catch (err) {
    throw new ArtifactError(where + " could not be loaded (" + err.message + "); is the site's server running?", path);
  }
  if (!response.ok) {
    throw new ArtifactError(where + " is missing (HTTP " + response.status + "); " + REBUILD + ".", path);
  }
  return response;
}

// Why an entry cannot be used, or null. Paths stay inside artifacts/ (no "..", no scheme).
function entryProblem(entry) {
  if (!entry || typeof entry !== "object") return "not an object";
  for (const key of ["id", "kind", "title"]) {
    if (typeof entry[key] !== "string" || !entry[key]) return "no " + key;
  }
  if (!Array.isArray(entry.files) || entry.files.length === 0) return "no files";
  for (const f of entry.files) {
    if (!f || typeof f.path !== "string" || !Number.isInteger(f.bytes) || !/^[0-9a-f]{64}$/.test(f.sha256 || "")) {
      return "a file without path, bytes and sha256";
    }
    if (/^\/|^[a-z][a-z0-9+.-]*:|(^|\/)\.\.(\/|$)|\\/i.test(f.path)) return "file path " + JSON.stringify(f.path) + " leaves artifacts/";
  }
  return null;
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
