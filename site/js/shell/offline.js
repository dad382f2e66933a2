/*
 * Offline use: register the service worker (site/sw.js) for this build, so after one visit the
 * whole site (runtime, engine, pages, artifacts) loads with the server stopped. The build id comes
 * from precache.json (written by the build); a new build registers a new worker, which replaces
 * the old cache once it has fetched and checked every file. Nothing happens on file:// or where
 * the browser has no service workers; a failure is logged, never in the way of the page.
 */
export const offline = {status: "off", build: null, done: 0, total: 0, message: ""};

export async function registerOffline() {
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return offline;
  try {
    const response = await fetch("precache.json", {cache: "no-cache"});
    if (!response.ok) return offline;
    const {build} = await response.json();
    navigator.serviceWorker.addEventListener("message", (event) => {
      const m = event.data || {};
      if (m.type === "offline-progress" && offline.status !== "failed") Object.assign(offline, {status: "caching", done: m.done, total: m.total});
      if (m.type === "offline-ready") Object.assign(offline, {status: "ready", build: m.build});
      if (m.type === "offline-failed") Object.assign(offline, {status: "failed", message: m.message});
    });
    await navigator.serviceWorker.register("sw.js?build=" + encodeURIComponent(build), {scope: "./"});
    Object.assign(offline, {status: offline.status === "off" ? "registered" : offline.status, build});
  } catch (err) {
    Object.assign(offline, {status: "failed", message: err.message});
    console.warn("offline cache unavailable: " + err.message);
  }
  return offline;
}
