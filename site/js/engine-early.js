/*
 * The engine worker started as the page starts, before the page's own modules have loaded, so the
 * runtime's download and Python's start begin about 0.2 s sooner. start-engine.js calls
 * startEngineEarly() on pages that always need the engine at once (the playground); the first
 * EngineClient (engine-client.js) then takes the worker over with the messages it sent meanwhile.
 */
export const ENGINE_WORKER_URL = new URL("./worker/engine-worker.js", import.meta.url).href;
export const SITE_BASE_URL = new URL("../", import.meta.url).href; // the "init" request's base_url

let early = null; // {worker, messages, errors} until taken

export function startEngineEarly() {
  if (early) return;
  const worker = new Worker(ENGINE_WORKER_URL);
  early = {worker, messages: [], errors: []};
  const kept = early;
  worker.onmessage = (event) => kept.messages.push(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    kept.errors.push(event.message || "unknown error");
  };
  // Id 0 is never used by an EngineClient: its own "init" joins this start and gets its own reply.
  worker.postMessage({id: 0, type: "init", payload: {base_url: SITE_BASE_URL}});
}

/** The worker started early, once ({worker, messages, errors}), or null. */
export function takeEarlyWorker() {
  const taken = early;
  early = null;
  return taken;
}
