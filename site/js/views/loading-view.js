/*
 * The loading panel: which start-up phase the engine is in, with a progress bar for the
 * runtime download. Hidden once the engine is ready; shows a message if start-up fails.
 */
import "../protocol.js";

const {PHASES, PHASE_LABELS} = globalThis.PlaygroundProtocol;

export class LoadingView {
  constructor(root) {
    this.root = root;
    this.label = root.querySelector(".loading-label");
    this.bar = root.querySelector("progress");
    this.detail = root.querySelector(".loading-detail");
  }

  progress(p) {
    const step = PHASES.indexOf(p.phase) + 1;
    this.label.textContent = (this.prefix || "") + "Step " + step + " of " + PHASES.length + ": " +
                             (PHASE_LABELS[p.phase] || p.phase);
    if (p.phase === "download" && p.total) {
      this.bar.max = p.total;
      this.bar.value = p.loaded;
      this.detail.textContent = (p.loaded / 1e6).toFixed(1) + " of " + (p.total / 1e6).toFixed(1) + " MB";
    } else {
      this.bar.removeAttribute("value"); // indeterminate while Python starts
      this.detail.textContent = p.message || "";
    }
    if (p.phase === "ready") {
      this.root.hidden = true;
      this.prefix = "";
    }
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
