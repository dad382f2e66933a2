/*
 * Embed mode's layout (embed=true, for course-page iframes): the network and the output fill the
 * frame they are given, side by side at every width; the settings the URL's `*_hide` keys leave
 * (hyperparameters, data) follow below them, in screen order for the keyboard too.
 */
const MARGIN = 12;          // px kept free below the diagram and the plot
const MIN_PLOT = 120;       // the output plot never gets smaller than this (px)
const BELOW_PLOT = 30;      // the "Show test data" line under the plot
const REFIT_MS = 500;       // between frames, embed mode re-measures at most this often

/** The px from the top of `el` to the bottom of the frame's viewport (as if scrolled to the top). */
function roomBelow(el) {
  return window.innerHeight - (el.getBoundingClientRect().top + window.scrollY);
}

export class EmbedLayout {
  constructor(root, networkView) {
    this.root = root;
    this.network = networkView;
    this.on = false;
    this.settings = root.querySelector(".column.data");
    this.hyper = root.querySelector("#hyper-controls");
    this.hyperHome = this.hyper.parentNode;
    window.addEventListener("resize", () => this.fit());
  }

  /**
   * Arrange the page for `embed`; call after every view change. Layout is read (a forced reflow) only
   * when the mode or `config` (the settings object, replaced on every edit) changed, on resize, and
   * otherwise at most every REFIT_MS: never once per frame.
   */
  apply(embed, config = null) {
    const now = performance.now();
    if (embed === this.on && config === this.config && now - (this.fitAt || 0) < REFIT_MS) return;
    this.config = config;
    this.fitAt = now;
    if (embed !== this.on) {
      this.on = embed;
      const columns = this.settings.parentNode;
      if (embed) {
        this.settings.querySelector("h2").after(this.hyper);
        columns.append(this.settings); // below the network and the output: tab order follows
      } else {
        this.hyperHome.append(this.hyper);
        columns.prepend(this.settings);
      }
    }
    if (embed) this.settings.classList.toggle("empty", !this._anySettingShown());
    this.fit();
  }

  _anySettingShown() {
    const parts = this.settings.querySelectorAll(".top-control[class*='ui-'], .datasets, .slider, #custom-tools");
    return Array.from(parts).some((el) => !el.hidden && !el.classList.contains("hidden-by-url"));
  }

  /** Size the diagram and the plot to the frame's height (embed) or release them. */
  fit() {
    const frame = this.root.querySelector(".output-frame");
    if (!this.on) {
      if (this.released) return; // called after every frame: nothing to undo twice
      frame.style.maxWidth = "";
      this.network.setMaxHeight(null);
      this.released = true;
      return;
    }
    this.released = false;
    const plot = Math.max(MIN_PLOT, Math.floor(roomBelow(frame) - BELOW_PLOT - MARGIN));
    frame.style.maxWidth = Math.min(400, plot) + "px";
    this.network.setMaxHeight(Math.max(MIN_PLOT, Math.floor(roomBelow(this.network.root) - MARGIN)));
  }
}
