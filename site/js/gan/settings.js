/*
 * The GAN page's settings: the URL hash <-> a partial config, and the settings form, both built
 * from the generated copy of pyplayground/gan/vocabulary.py (names, defaults, ranges). Only
 * settings that differ from the defaults are written to the URL; a bad entry is dropped with a
 * message naming it, and the rest still apply.
 */
import {DEFAULTS, ORDER, RANGES, CHOICES, FLOATS, MAX_POINTS, DATASET_LABELS, LOSS_LABELS} from "../generated/gan-vocabulary.js";

export {DEFAULTS};

const LABELS = {
  dataset: "Real data", seed: "Seed", noise_dim: "Noise dimensions", noise: "Noise", g_layers: "Hidden layers",
  g_neurons: "Neurons per layer", d_layers: "Hidden layers", d_neurons: "Neurons per layer", activation: "Activation",
  optimizer: "Optimizer", g_lr: "Learning rate", d_lr: "Learning rate", loss: "Loss", d_steps: "D updates per epoch",
  g_steps: "G updates per epoch", batch_size: "Batch size", label_smoothing: "Label smoothing",
  snapshot_every: "Snapshot every (epochs)",
};
export const GROUPS = [
  ["Data", ["dataset", "noise_dim", "noise"]],
  ["Generator", ["g_layers", "g_neurons", "g_lr", "g_steps"]],
  ["Discriminator", ["d_layers", "d_neurons", "d_lr", "d_steps"]],
  ["Training", ["loss", "optimizer", "activation", "batch_size", "label_smoothing", "snapshot_every", "seed"]],
];
const OPTION_LABELS = {dataset: DATASET_LABELS, loss: LOSS_LABELS};

/** `value` (text or number) for `key` checked as the engine does; throws Error naming the key. */
export function checkSetting(key, value) {
  if (!ORDER.includes(key) || key === "points") throw new Error("unknown setting '" + key + "'");
  if (CHOICES[key]) {
    if (!CHOICES[key].includes(value)) throw new Error(key + " must be one of " + CHOICES[key].join(", "));
    return value;
  }
  const number = typeof value === "number" ? value : Number(String(value).trim() || NaN);
  const [low, high] = RANGES[key];
  if (!Number.isFinite(number) || number < low || number > high) throw new Error(key + " must be a number in [" + low + ", " + high + "]");
  if (!FLOATS.includes(key) && !Number.isInteger(number)) throw new Error(key + " must be a whole number");
  return number;
}

/** "x,y;x,y" (3 decimals) <-> [[x, y], ...] in the unit square. */
export function encodePoints(points) {
  return points.map(([x, y]) => x.toFixed(3) + "," + y.toFixed(3)).join(";");
}

export function decodePoints(text) {
  if (!text) return [];
  const points = text.split(";").map((pair) => pair.split(",").map(Number));
  if (points.length > MAX_POINTS || !points.every((p) => p.length === 2 && p.every((v) => Number.isFinite(v) && v >= 0 && v <= 1))) {
    throw new Error("points must be at most " + MAX_POINTS + " x,y pairs in [0, 1], separated by ';'");
  }
  return points;
}

/** The hash -> {config (partial), problems: [message]}. */
export function parseHash(hash) {
  const config = {};
  const problems = [];
  const params = new URLSearchParams(String(hash || "").replace(/^#/, ""));
  for (const [key, raw] of params) {
    try {
      config[key] = key === "points" ? decodePoints(raw) : checkSetting(key, raw);
    } catch (err) {
      problems.push("Ignored the URL's " + key + "=" + raw.slice(0, 40) + ": " + err.message + ".");
    }
  }
  return {config, problems};
}

/** The settings that differ from the defaults, as a hash (points last). */
export function toHash(config) {
  const params = new URLSearchParams();
  for (const key of ORDER) {
    if (key === "points") continue;
    if (config[key] !== undefined && config[key] !== DEFAULTS[key]) params.set(key, String(config[key]));
  }
  let hash = params.toString();
  if (config.points && config.points.length) hash += (hash ? "&" : "") + "points=" + encodePoints(config.points);
  return hash;
}

/** The settings form in `root`; `onChange(key, value)` for each edit. Returns {show(config)}. */
export function buildForm(root, onChange) {
  const inputs = {};
  for (const [title, keys] of GROUPS) {
    const set = document.createElement("fieldset");
    set.className = "gan-group";
    const legend = document.createElement("legend");
    legend.textContent = title;
    set.appendChild(legend);
    for (const key of keys) {
      const label = document.createElement("label");
      label.className = "field";
      label.append(LABELS[key] + " ");
      let input;
      if (CHOICES[key]) {
        input = document.createElement("select");
        for (const choice of CHOICES[key]) {
          const option = document.createElement("option");
          option.value = choice;
          option.textContent = (OPTION_LABELS[key] && OPTION_LABELS[key][choice]) || choice;
          input.appendChild(option);
        }
      } else {
        input = document.createElement("input");
        input.type = "number";
        [input.min, input.max] = RANGES[key].map(String);
        input.step = FLOATS.includes(key) ? "any" : "1";
      }
      input.id = "gan-" + key.replace(/_/g, "-");
      input.name = key;
      input.addEventListener("change", () => {
        try {
          onChange(key, checkSetting(key, input.value));
        } catch (err) {
          onChange(key, undefined, err);
        }
      });
      label.appendChild(input);
      set.appendChild(label);
      inputs[key] = input;
    }
    root.appendChild(set);
  }
  return {
    inputs,
    show(config) {
      for (const [key, input] of Object.entries(inputs)) {
        if (config[key] !== undefined && document.activeElement !== input) input.value = String(config[key]);
      }
    },
  };
}
