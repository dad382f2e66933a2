/*
 * The playground's configuration: one table of properties using TF Playground's URL key
 * names and value spellings (so a TF Playground lesson link opens the same lesson here),
 * from which validation, the URL hash and the engine config all follow. A control is a row.
 * Names and limits come from the generated vocabulary (pyplayground/vocabulary.py).
 */

import {
  ACTIVATION_CODES, CUSTOM_DATASET, DATASET_PROBLEMS, FEATURE_LABELS, LANDSCAPE_DIRECTIONS, LEARNING_RATES, LIMITS,
  NOISE_PERCENT, PLAYGROUND_DEFAULTS as DEFAULTS, PLAYGROUND_RELEVANCE_METHODS, PROBLEMS, REGULARIZATION_CODES,
  REGULARIZATION_RATES, SAMPLES, TRAIN_PERCENT,
} from "../generated/vocabulary.js";

export {LEARNING_RATES, REGULARIZATION_RATES, SAMPLES};

const datasetsOf = (problem) => Object.keys(DATASET_PROBLEMS).filter((name) => DATASET_PROBLEMS[name] === problem);
export const CLASSIFICATION_DATASETS = [...datasetsOf("classification"), CUSTOM_DATASET];
export const REGRESSION_DATASETS = datasetsOf("regression");
export const MULTICLASS_DATASET = datasetsOf("multiclass")[0];

/** Input features, in TF Playground's order; names are its URL keys and the engine's feature names. */
export const FEATURES = Object.entries(FEATURE_LABELS).map(([name, label]) => ({name, label}));

/** Controls a `NAME_hide=true` URL key can hide (TF Playground's list). */
export const HIDABLE = ["showTestData", "discretize", "playButton", "stepButton", "resetButton", "learningRate",
  "activation", "regularization", "regularizationRate", "problem", "dataset", "percTrainData", "noise",
  "batchSize", "numHiddenLayers"];

const WELL_FORMED = /^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/; // no lone surrogate

/**
 * Each row: name (URL key), type, allowed values or range, default, and `effect`:
 * "reset" (new data or network), "train" (changes training in place), "view" (drawing only),
 * "backend" (which engine trains), "none" (accepted for TF Playground compatibility, no effect).
 */
export const PROPERTIES = [
  {name: "activation", type: "enum", values: Object.keys(ACTIVATION_CODES), default: DEFAULTS.activation, effect: "reset"},
  {name: "regularization", type: "enum", values: Object.keys(REGULARIZATION_CODES), default: DEFAULTS.regularization, effect: "train"},
  {name: "batchSize", type: "int", min: 1, max: LIMITS.batch_size, default: DEFAULTS.batch_size, effect: "train"},
  {name: "dataset", type: "enum", values: CLASSIFICATION_DATASETS, default: DEFAULTS.dataset, effect: "reset"},
  {name: "regDataset", type: "enum", values: REGRESSION_DATASETS, default: DEFAULTS.regression_dataset, effect: "reset"},
  {name: "learningRate", type: "number", min: LEARNING_RATES[0], max: LIMITS.learning_rate, default: DEFAULTS.learning_rate,
   effect: "train"},
  {name: "regularizationRate", type: "number", min: 0, max: LIMITS.regularization_rate, default: DEFAULTS.regularization_rate, effect: "train"},
  {name: "noise", type: "int", min: NOISE_PERCENT[0], max: NOISE_PERCENT[1], default: DEFAULTS.noise_percent, effect: "reset"},
  {name: "networkShape", type: "intList", min: 1, max: LIMITS.units, maxLength: LIMITS.hidden_layers, default: DEFAULTS.hidden,
   effect: "reset"},
  {name: "seed", type: "seed", default: "0", effect: "reset"},
  {name: "showTestData", type: "bool", default: false, effect: "view"},
  {name: "discretize", type: "bool", default: false, effect: "view"},
  {name: "percTrainData", type: "int", min: TRAIN_PERCENT[0], max: TRAIN_PERCENT[1], default: DEFAULTS.train_percent, effect: "reset"},
  ...FEATURES.map((f) => ({name: f.name, type: "bool", default: DEFAULTS.features.includes(f.name), effect: "reset"})),
  {name: "collectStats", type: "bool", default: false, effect: "none"},
  {name: "tutorial", type: "text", default: "", effect: "none"},
  {name: "problem", type: "enum", values: PROBLEMS, default: DEFAULTS.problem, effect: "reset"},
  {name: "initZero", type: "bool", default: false, effect: "reset"},
  {name: "hideText", type: "bool", default: false, effect: "view"},
  // Ours, beyond TF Playground:
  {name: "backend", type: "enum", values: ["auto", "numpy", "webgpu"], default: "auto", effect: "backend"},
  {name: "palette", type: "enum", values: ["default", "colorblind"], default: "default", effect: "view"},
  {name: "landscape", type: "enum", values: ["off", ...LANDSCAPE_DIRECTIONS], default: "off", effect: "view"},
  {name: "relevance", type: "enum", values: ["off", ...PLAYGROUND_RELEVANCE_METHODS], default: "off", effect: "view"},
  {name: "embed", type: "bool", default: false, effect: "view"},
  ...HIDABLE.map((name) => ({name: name + "_hide", type: "bool", default: false, effect: "view"})),
];

const BY_NAME = new Map(PROPERTIES.map((p) => [p.name, p]));

export function property(name) {
  return BY_NAME.get(name);
}

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
  if (p.type === "text") return "text of up to 64 characters";
  return (p.type === "int" ? "an integer" : "a number") + " in [" + p.min + ", " + p.max + "]";
}

/** Check one value (already of its JS type); returns it normalized or throws an Error naming the key. */
export function checkValue(name, value) {
  const p = BY_NAME.get(name);
  if (!p) throw new Error("unknown setting '" + name + "'");
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
    case "text":
      // No lone UTF-16 surrogates: they pass a length check but break encodeURIComponent (the hash).
      if (typeof value !== "string" || value.length > 64 || !WELL_FORMED.test(value)) throw bad();
      return value;
  }
  throw new Error("internal: property type " + p.type);
}

/** Rules across settings; returns a list of problems (empty when the config is usable). */
export function crossCheck(config) {
  const problems = [];
  if (!FEATURES.some((f) => config[f.name])) problems.push("turn on at least one input feature");
  return problems;
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
  errors.push(...(errors.length ? [] : crossCheck(next)));
  if (errors.length) throw new Error(errors.join("; "));
  return next;
}

function changed(a, b, effect) {
  return PROPERTIES.some((p) => p.effect === effect && JSON.stringify(a[p.name]) !== JSON.stringify(b[p.name]));
}

/** Does going from `a` to `b` need new data or a new network? */
export function needsReset(a, b) {
  return changed(a, b, "reset");
}

/** Does going from `a` to `b` change the backend choice? */
export function changesBackend(a, b) {
  return changed(a, b, "backend");
}

/** Does going from `a` to `b` change how training proceeds (without a reset)? */
export function changesTraining(a, b) {
  return changed(a, b, "train");
}

// -- URL hash (TF Playground's format: key=value pairs joined by '&') -------------------

function decodeValue(p, text) {
  switch (p.type) {
    case "bool":
      return text === "true" ? true : text === "false" ? false : text;
    case "int":
    case "number":
      return text.trim() === "" ? text : Number(text);
    case "intList":
      return text.trim() === "" ? [] : text.split(",").map((v) => (/^\s*-?\d+\s*$/.test(v) ? Number(v) : v));
    default:
      return text;
  }
}

/** The hash for a config: every setting (hide keys only when set), in table order. */
export function toHash(config) {
  return PROPERTIES
    .filter((p) => !(p.name.endsWith("_hide") && !config[p.name]))
    // Commas stay literal: TF Playground reads "networkShape=4,2" without URL-decoding it.
    .map((p) => p.name + "=" + encodeURIComponent(p.type === "intList" ? config[p.name].join(",") : String(config[p.name]))
      .replace(/%2C/g, ","))
    .join("&");
}

/**
 * Parse a URL hash into {values, errors}: `values` holds each key that parsed and passed
 * its check; `errors` describes every unknown key or bad value (never applied).
 */
export function parseHash(hash) {
  const values = {};
  const errors = [];
  const text = String(hash || "").replace(/^#/, "");
  for (const part of text.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    let raw;
    try {
      raw = decodeURIComponent(eq < 0 ? "" : part.slice(eq + 1));
    } catch (err) {
      errors.push("'" + key.slice(0, 40) + "' has a malformed value (ignored)");
      continue;
    }
    const p = BY_NAME.get(key);
    if (!p) {
      errors.push("unknown setting '" + key.slice(0, 40) + "' (ignored)");
      continue;
    }
    try {
      values[key] = checkValue(key, decodeValue(p, raw));
    } catch (err) {
      errors.push(err.message.slice(0, 200) + " (ignored)");
    }
  }
  const problems = crossCheck(Object.assign(defaultConfig(), values));
  if (problems.length) {
    for (const f of FEATURES) delete values[f.name];
    errors.push(problems.join("; ") + " (feature settings ignored)");
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

export function datasetName(config) {
  if (config.problem === "multiclass") return MULTICLASS_DATASET;
  return config.problem === "regression" ? config.regDataset : config.dataset;
}

export function enabledFeatures(config) {
  return FEATURES.filter((f) => config[f.name]).map((f) => f.name);
}

/** The engine's (snake_case) config; `resets` counts presses of reset, `points` is custom data. */
export function toEngineConfig(config, resets = 0, points = null) {
  const seed = seedToInt(config.seed);
  const engine = {
    dataset: datasetName(config),
    n_samples: SAMPLES[config.problem],
    noise: config.noise / 100,
    train_fraction: config.percTrainData / 100,
    hidden: config.networkShape.slice(),
    features: enabledFeatures(config),
    activation: config.activation,
    learning_rate: config.learningRate,
    regularization: config.regularization,
    regularization_rate: config.regularizationRate,
    batch_size: config.batchSize,
    data_seed: seed,
    init_seed: (seed + resets) >>> 0,
    init: config.initZero ? "zero" : "uniform",
  };
  if (engine.dataset === "custom") engine.points = points || {x: [], y: []};
  return engine;
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
