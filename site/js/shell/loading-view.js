/*
 * The loading panel: which start-up phase the engine is in, with a progress bar for the
 * runtime download (and its tail, while Python starts), what is being fetched in plain words and
 * about how long is left (from the speed so far). Hidden once the engine is ready; shows a message
 * if start-up fails. The page writes only the empty panel (<div id="loading" class="loading"
 * role="status"></div>, "Starting…" shown by shell.css until this runs); the view fills it.
 */
import "../protocol.js";

const {PHASES, PHASE_LABELS} = globalThis.PlaygroundProtocol;

// What each runtime file is, for people who do not know Pyodide's file names.
const FILE_WORDS = [[/^pyodide/, "Python"], [/^numpy/, "NumPy"], [/\.whl$/, "the playground's engine"]];
const MIN_SECONDS = 0.5; // of download before the speed is trusted for an estimate

function fileWords(path) {
  const name = String(path || "").split("/").pop();
  const hit = FILE_WORDS.find(([pattern]) => pattern.test(name));
  return hit ? hit[1] : name;
}

function duration(seconds) {
  if (seconds < 60) return Math.max(1, Math.round(seconds)) + " s";
  return Math.round(seconds / 60) + " min";
}

/** Give an empty panel its label, progress bar and detail line (a filled one is left as it is). */
export function fillPanel(root) {
  if (root.querySelector(".loading-label")) return root;
  const label = document.createElement("div");
  label.className = "loading-label";
  label.textContent = "Starting…";
  const bar = document.createElement("progress");
  bar.max = 1;
  const detail = document.createElement("div");
  detail.className = "loading-detail";
  root.replaceChildren(label, bar, detail);
  return root;
}

export class LoadingView {
  constructor(root) {
    this.root = fillPanel(root);
    this.label = root.querySelector(".loading-label");
    this.bar = root.querySelector("progress");
    this.detail = root.querySelector(".loading-detail");
  }

  progress(p) {
    const step = PHASES.indexOf(p.phase) + 1;
    this.label.textContent = (this.prefix || "") + "Step " + step + " of " + PHASES.length + ": " +
                             (PHASE_LABELS[p.phase] || p.phase);
    // Bytes: the download, or its tail while Python already starts (once all are in, the phase alone).
    if (p.total && (p.phase === "download" || p.loaded < p.total)) {
      this.bar.max = p.total;
      this.bar.value = p.loaded;
      const left = this._secondsLeft(p.loaded, p.total);
      const amount = (p.loaded / 1e6).toFixed(1) + " of " + (p.total / 1e6).toFixed(1) + " MB" +
        (left === null ? "" : ", about " + duration(left) + " left");
      this.detail.textContent = p.phase === "download"
        ? "Downloading " + fileWords(p.message) + ": " + amount +
          ". Only on the first visit: the browser keeps it. Meanwhile, choose the data and shape the network."
        : fileWords(p.message) + " is still downloading: " + amount + ".";
    } else {
      this.bar.removeAttribute("value"); // indeterminate while Python starts
      this.detail.textContent = (!p.total && p.message) || ""; // not the name of a file already in
    }
    if (p.phase === "ready") {
      this.root.hidden = true;
      this.prefix = "";
    }
  }

  /** Seconds left at the speed measured since the download began, or null before it can be trusted. */
  _secondsLeft(loaded, total) {
    const now = performance.now();
    if (!this.since || loaded < this.since.loaded) this.since = {time: now, loaded};
    const seconds = (now - this.since.time) / 1000;
    const rate = (loaded - this.since.loaded) / seconds;
    return seconds >= MIN_SECONDS && rate > 0 ? (total - loaded) / rate : null;
  }

  /** Show the panel again while a lost engine restarts (`why` says what happened). */
  restarting(why) {
    this._clearFailure();
    this.root.hidden = false;
    this.prefix = "Restarting. ";
    this.label.textContent = why;
    this.bar.removeAttribute("value");
    this.detail.textContent = "";
  }

  /** Start-up failed: say why, and offer Retry when `onRetry` is given. */
  fail(message, onRetry) {
    this._clearFailure();
    this.root.hidden = false;
    this.root.classList.add("failed");
    this.label.textContent = "The engine could not start";
    this.bar.hidden = true;
    this.detail.textContent = message;
    if (onRetry) {
      this.retry = document.createElement("button");
      this.retry.type = "button";
      this.retry.className = "loading-retry";
      this.retry.textContent = "Retry";
      this.retry.addEventListener("click", () => onRetry());
      this.root.appendChild(this.retry);
    }
  }

  _clearFailure() {
    this.root.classList.remove("failed");
    this.bar.hidden = false;
    if (this.retry) this.retry.remove();
    this.retry = null;
  }
}
