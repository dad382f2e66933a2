/*
 * Autosave: the playground's config, custom points, loaded model (the rewind point), weights and
 * epoch are kept in localStorage, written at most once a second and when the page is hidden, and
 * offered back on the next visit to the same URL (or to the bare page), with a notice and a
 * one-click "Start fresh". The stored record is validated like any input; a bad one is dropped.
 */
const KEY = "pyplayground:autosave:v1";
const WRITE_MS = 1000;

/** The stored record, or null (none, unreadable, or storage disabled). */
export function readAutosave() {
  try {
    const record = JSON.parse(localStorage.getItem(KEY) || "null");
    return record && record.version === 1 && record.config && typeof record.config === "object" ? record : null;
  } catch (err) {
    return null;
  }
}

export function clearAutosave() {
  try {
    localStorage.removeItem(KEY);
  } catch (err) {
    // Storage disabled: nothing was saved either.
  }
}

/** Should `record` be restored for a visit whose URL hash is `hash`? (Only a reload or a bare visit.) */
export function appliesTo(record, hash) {
  const text = String(hash || "").replace(/^#/, "");
  return Boolean(record) && (text === "" || text === record.hash);
}

/**
 * What a playground saves: everything needed to put the same network on the same data again.
 * `session`: Playground.session() ({config, resets, customPoints, keptPoints, rewindModel, model, epoch}).
 */
export function snapshot(session, hash) {
  return {
    version: 1,
    savedAt: Date.now(),
    hash: String(hash || "").replace(/^#/, ""),
    config: session.config,
    resets: session.resets,
    customPoints: session.customPoints,
    keptPoints: session.keptPoints,
    rewindModel: session.rewindModel,
    model: session.model,
    epoch: session.epoch,
  };
}

/** {save(pg, hash), stop()}: save writes at most every WRITE_MS, and at once when the page is hidden. */
export function autosaver(onError) {
  let timer = null;
  let latest = null;
  let stopped = false;
  const write = () => {
    timer = null;
    if (!latest || stopped) return;
    try {
      localStorage.setItem(KEY, JSON.stringify(snapshot(latest.pg.session(), latest.hash)));
    } catch (err) {
      onError(err); // storage full or disabled: say so once, training goes on
      onError = () => {};
    }
  };
  const flush = () => {
    if (timer) clearTimeout(timer);
    write();
  };
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => { if (document.hidden) flush(); });
  return {
    save(pg, hash) {
      if (pg.phase !== "ready" || stopped) return;
      latest = {pg, hash};
      if (!timer) timer = setTimeout(write, WRITE_MS);
    },
    /** Save nothing more (before "Start fresh" reloads the page). */
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
