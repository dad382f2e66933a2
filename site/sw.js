/*
 * The offline cache. Registered by js/shell/offline.js as sw.js?build=<id> (the id from precache.json),
 * so each new build installs a new worker. Install: fetch every file of precache.json, check its
 * SHA-256 against the list, store it in the cache "pyplayground-<id>"; any missing or altered file
 * fails the install (the previous build keeps serving). Activate: delete the other builds' caches.
 * Fetch: the listed files come from the cache, each checked once more against its hash the first
 * time this worker serves it (a cached file altered since is dropped and fetched again, or refused
 * with a message naming it when offline); everything else goes to the network.
 */
const BUILD = new URL(self.location.href).searchParams.get("build") || "none";
const CACHE = "pyplayground-" + BUILD;
const LIST = "precache.json";
const PARALLEL = 4;

let listed = null;            // Promise of {path -> sha256} for this build
const verified = new Set();   // paths whose cached bytes this worker has checked

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256(response) {
  return hex(await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer()));
}

function siteURL(path) {
  return new URL(path, self.registration.scope).href;
}

function sitePath(url) {
  let path = new URL(url).pathname.slice(new URL(self.registration.scope).pathname.length);
  if (path === "" || path.endsWith("/")) path += "index.html";
  return decodeURIComponent(path);
}

async function fetchChecked(path, sha) {
  const response = await fetch(siteURL(path), {cache: "no-store"});
  if (!response.ok) throw new Error(path + ": HTTP " + response.status);
  const actual = await sha256(response);
  if (actual !== sha) throw new Error(path + ": its SHA-256 " + actual.slice(0, 12) + "… is not the build's " + sha.slice(0, 12) + "…");
  return response;
}

async function tell(message) {
  for (const client of await self.clients.matchAll({includeUncontrolled: true})) client.postMessage(message);
}

async function install() {
  const response = await fetch(siteURL(LIST), {cache: "no-store"});
  const list = await response.clone().json();
  if (list.build !== BUILD) throw new Error("precache.json is build " + list.build + ", not " + BUILD);
  const cache = await caches.open(CACHE);
  const queue = list.files.slice();
  let done = 0;
  let failed = false;
  const next = async () => {
    for (let file = queue.shift(); file && !failed; file = queue.shift()) {
      try {
        await cache.put(siteURL(file.path), await fetchChecked(file.path, file.sha256));
      } catch (err) {
        failed = true; // the other fetchers stop too
        throw err;
      }
      done += 1;
      if (done % 20 === 0 || done === list.files.length) tell({type: "offline-progress", done, total: list.files.length});
    }
  };
  try {
    await Promise.all(Array.from({length: PARALLEL}, next));
  } catch (err) {
    await caches.delete(CACHE);
    tell({type: "offline-failed", message: err.message});
    throw err;
  }
  await cache.put(siteURL(LIST), response);
  await self.skipWaiting();
}

async function activate() {
  for (const name of await caches.keys()) {
    if (name.startsWith("pyplayground-") && name !== CACHE) await caches.delete(name);
  }
  await self.clients.claim();
  tell({type: "offline-ready", build: BUILD});
}

function hashes() {
  if (!listed) {
    listed = caches.open(CACHE)
      .then((cache) => cache.match(siteURL(LIST)))
      .then((r) => (r ? r.json() : {files: []}))
      .then((list) => new Map(list.files.map((f) => [f.path, f.sha256])));
  }
  return listed;
}

async function respond(request) {
  const path = sitePath(request.url);
  const sha = (await hashes()).get(path);
  if (!sha) return fetch(request);
  const cache = await caches.open(CACHE);
  const cached = await cache.match(siteURL(path));
  if (cached && (verified.has(path) || (await sha256(cached)) === sha)) {
    verified.add(path);
    return cached;
  }
  if (cached) await cache.delete(siteURL(path)); // altered in the cache: never serve it
  try {
    const fresh = await fetchChecked(path, sha);
    await cache.put(siteURL(path), fresh.clone());
    verified.add(path);
    return fresh;
  } catch (err) {
    return new Response("pyplayground offline cache: " + path + " is damaged and the server cannot be reached (" +
                        err.message + "). Reconnect and reload.", {status: 503, headers: {"Content-Type": "text/plain"}});
  }
}

self.addEventListener("install", (event) => event.waitUntil(install()));
self.addEventListener("activate", (event) => event.waitUntil(activate()));
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(respond(request));
});
