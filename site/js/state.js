/*
 * The playground's configuration: one table of properties, using TF Playground's URL
 * key names and value spellings, from which validation, the URL hash and the engine
 * config all follow. Adding a control is one row here.
 */

export const CLASSIFICATION_DATASETS = ["circle", "xor", "gauss", "spiral"];
export const REGRESSION_DATASETS = ["reg-plane", "reg-gauss"];
export const SAMPLES = {classification: 500, regression: 1200}; // TF Playground's counts

/** Each row: name (URL key), type, allowed values or range, default, and whether a change resets. */
export const PROPERTIES = [
  {name: "dataset", type: "enum", values: CLASSIFICATION_DATASETS, default: "circle", resets: true},
  {name: "regDataset", type: "enum", values: REGRESSION_DATASETS, default: "reg-plane", resets: true},
  {name: "problem", type: "enum", values: ["classification", "regression"], default: "classification", resets: true},
  {name: "noise", type: "int", min: 0, max: 50, default: 0, resets: true},
  {name: "percTrainData", type: "int", min: 10, max: 90, default: 50, resets: true},
  {name: "networkShape", type: "intList", min: 1, max: 8, maxLength: 6, default: [4, 2], resets: true},
  {name: "activation", type: "enum", values: ["relu", "tanh", "sigmoid", "linear"], default: "tanh", resets: true},
  {name: "learningRate", type: "number", min: 0.00001, max: 10, default: 0.03, resets: false},
  {name: "regularization", type: "enum", values: ["none", "L1", "L2"], default: "none", resets: false},
  {name: "regularizationRate", type: "number", min: 0, max: 10, default: 0, resets: false},
  {name: "batchSize", type: "int", min: 1, max: 30, default: 10, resets: false},
  {name: "seed", type: "seed", default: "0", resets: true},
  {name: "initZero", type: "bool", default: false, resets: true},
  {name: "showTestData", type: "bool", default: false, resets: false},
  {name: "discretize", type: "bool", default: false, resets: false},
];

const BY_NAME = new Map(PROPERTIES.map((p) => [p.name, p]));

export function defaultConfig() {
  const config = {};
  for (const p of PROPERTIES) config[p.name] = Array.isArray(p.default) ? p.default.slice() : p.default;
  return config;
}

function describe(p) {
  if (p.type === "enum") return "one of " + p.values.join(", ");
  if (p.type === "bool") return "true or false";
  if (p.type === "intList") return "a list of up to " + p.maxLength + " integers in [" + p.min + ", " + p.max + "]";
  if (p.type === "seed") return "up to 32 letters, digits, '.', '_' or '-'";
  return (p.type === "int" ? "an integer" : "a number") + " in [" + p.min + ", " + p.max + "]";
}

/** Check one value (already of its JS type); returns it normalized or throws an Error naming the key. */
export function checkValue(name, value) {
  const p = BY_NAME.get(name);
  if (!p) throw new Error("unknown setting '" + name + "'; valid: " + PROPERTIES.map((q) => q.name).join(", "));
  const bad = () => new Error(name + " must be " + describe(p) + ", got " + JSON.stringify(value));
  switch (p.type) {
    case "enum":
      if (!p.values.includes(value)) throw bad();
      return value;
    case "bool":
      if (typeof value !== "boolean") throw bad();
      return value;
    case "int":
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value) || value < p.min || value > p.max ||
          (p.type === "int" && !Number.isInteger(value))) throw bad();
      return value;
    case "intList":
      if (!Array.isArray(value) || value.length > p.maxLength ||
          !value.every((v) => Number.isInteger(v) && v >= p.min && v <= p.max)) throw bad();
      return value.slice();
    case "seed":
      if (typeof value !== "string" || !/^[A-Za-z0-9._-]{1,32}$/.test(value)) throw bad();
      return value;
  }
  throw new Error("internal: property type " + p.type);
}

/** A new config: `base` with `partial` applied. Throws (naming every bad key) and changes nothing on error. */
export function applyPartial(base, partial) {
  if (partial === null || typeof partial !== "object" || Array.isArray(partial)) {
    throw new Error("setConfig expects an object of settings, e.g. {dataset: 'xor'}");
  }
  const next = Object.assign({}, base);
  const errors = [];
  for (const [name, value] of Object.entries(partial)) {
    try {
      next[name] = checkValue(name, value);
    } catch (err) {
      errors.push(err.message);
    }
  }
  if (errors.length) throw new Error(errors.join("; "));
  return next;
}

/** Does going from `a` to `b` need new data or a new network? */
export function needsReset(a, b) {
  return PROPERTIES.some((p) => p.resets && JSON.stringify(a[p.name]) !== JSON.stringify(b[p.name]));
}

// -- URL hash (TF Playground's format: key=value pairs joined by '&') -------------------

function encodeValue(p, value) {
  if (p.type === "intList") return value.join(",");
  return String(value);
}

function decodeValue(p, text) {
  switch (p.type) {
    case "bool":
      return text === "true" ? true : text === "false" ? false : text;
    case "int":
    case "number":
      return text.trim() === "" ? text : Number(text);
    case "intList":
      return text === "" ? [] : text.split(",").map((v) => (/^\s*-?\d+\s*$/.test(v) ? Number(v) : v));
    default:
      return text;
  }
}

export function toHash(config) {
  return PROPERTIES.map((p) => p.name + "=" + encodeURIComponent(encodeValue(p, config[p.name]))).join("&");
}

/**
 * Parse a URL hash into {values, errors}: `values` holds each key that parsed and passed
 * its check; `errors` describes every unknown key or bad value (never applied).
 */
export function parseHash(hash) {
  const values = {};
  const errors = [];
  const text = String(hash || "").replace(/^#/, "");
  if (!text) return {values, errors};
  for (const part of text.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    let raw;
    try {
      raw = decodeURIComponent(eq < 0 ? "" : part.slice(eq + 1));
    } catch (err) {
      errors.push("'" + key + "' has a malformed value");
      continue;
    }
    const p = BY_NAME.get(key);
    if (!p) {
      errors.push("unknown setting '" + key + "' ignored");
      continue;
    }
    try {
      values[key] = checkValue(key, decodeValue(p, raw));
    } catch (err) {
      errors.push(err.message + " (ignored)");
    }
  }
  return {values, errors};
}

// -- engine config ----------------------------------------------------------------------

/** FNV-1a hash of the seed text: TF Playground's seeds are strings, the engine's integers. */
export function seedToInt(seed) {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The engine's (snake_case) config for a page config; `resets` counts presses of reset. */
export function toEngineConfig(config, resets = 0) {
  const seed = seedToInt(config.seed);
  return {
    dataset: config.problem === "classification" ? config.dataset : config.regDataset,
    n_samples: SAMPLES[config.problem],
    noise: config.noise / 100,
    train_fraction: config.percTrainData / 100,
    hidden: config.networkShape.slice(),
    activation: config.activation,
    learning_rate: config.learningRate,
    regularization: config.regularization,
    regularization_rate: config.regularizationRate,
    batch_size: config.batchSize,
    data_seed: seed,
    init_seed: (seed + resets) >>> 0,
    init: config.initZero ? "zero" : "uniform",
  };
}

/** Only the hyperparameters that change without a reset, in engine names. */
export function toEngineHyperparameters(config) {
  return {
    learning_rate: config.learningRate,
    regularization: config.regularization,
    regularization_rate: config.regularizationRate,
    batch_size: config.batchSize,
  };
}
