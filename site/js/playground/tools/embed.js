/*
 * Embed mode for course pages, only with `embed=true` in the URL: the page (in an iframe) posts
 * its state to its parent and accepts commands from it, but only from an allowed parent origin:
 * the site's own, plus those listed in embed.json ("allowed_parent_origins", set by whoever hosts
 * the site; the URL cannot widen it, since a hostile parent writes the URL). Replies and state go
 * to that parent's origin only, never to "*".
 * Messages, parent -> playground:
 *   {type: "pyplayground:setConfig", id, config}   {type: "pyplayground:play" | ":pause" | ":reset", id}
 *   {type: "pyplayground:step", id, epochs}        {type: "pyplayground:getState", id}
 * Replies, playground -> parent: {type: "pyplayground:result", id, ok, state | error};
 * state changes (at most 5 per second): {type: "pyplayground:state", state}.
 */
const PREFIX = "pyplayground:";
const COMMANDS = ["setConfig", "play", "pause", "step", "reset", "getState"];
// A string with no lone UTF-16 surrogate (one that encodeURIComponent and JSON can carry).
const WELL_FORMED = /^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;

/** The allowed parent origins: this site's and embed.json's (a missing or bad file adds none). */
async function allowedOrigins() {
  const origins = new Set([location.origin]);
  try {
    const response = await fetch(new URL("../../../embed.json", import.meta.url), {cache: "no-cache"});
    const listed = response.ok ? (await response.json()).allowed_parent_origins : [];
    for (const origin of Array.isArray(listed) ? listed : []) {
      if (typeof origin === "string" && /^https?:\/\/[^/]+$/.test(origin)) origins.add(origin);
    }
  } catch (err) {
    // Same origin only.
  }
  return origins;
}

/** Why `msg` is not a well-formed command, or null. */
function malformed(msg) {
  if (!msg || typeof msg !== "object" || Array.isArray(msg)) return "a command must be an object";
  if (msg.id !== undefined && !(Number.isFinite(msg.id) || (typeof msg.id === "string" && msg.id.length <= 64 &&
      WELL_FORMED.test(msg.id)))) return "id must be a number or a short string";
  if (!COMMANDS.includes(msg.type.slice(PREFIX.length))) {
    return "unknown command '" + msg.type.slice(PREFIX.length, PREFIX.length + 40) + "'; valid: " + COMMANDS.join(", ");
  }
  return null;
}

/**
 * Listen to the parent when `enabled` (the URL says embed=true) and the page is framed.
 * Returns notify(), to call after every state change.
 */
export function connectEmbed(api, enabled) {
  if (!enabled || window.parent === window) return () => {};
  let parentOrigin = null; // known from location.ancestorOrigins or the parent's first allowed command
  const post = (message) => {
    if (parentOrigin) window.parent.postMessage(message, parentOrigin);
  };
  const origins = allowedOrigins().then((allowed) => {
    const ancestor = location.ancestorOrigins && location.ancestorOrigins[0];
    if (ancestor && allowed.has(ancestor)) parentOrigin = ancestor;
    notify();
    return allowed;
  });

  window.addEventListener("message", async (event) => {
    if (event.source !== window.parent) return;
    const msg = event.data;
    if (!msg || typeof msg.type !== "string" || !msg.type.startsWith(PREFIX)) return;
    if (!(await origins).has(event.origin)) return; // not ours to answer: no reply, no state
    parentOrigin = event.origin;
    const reply = (fields) => window.parent.postMessage(Object.assign({type: PREFIX + "result", id: msg.id}, fields),
                                                        event.origin);
    const problem = malformed(msg);
    if (problem) return reply({ok: false, error: problem, id: typeof msg.id === "number" ? msg.id : undefined});
    const command = msg.type.slice(PREFIX.length);
    try {
      let result;
      if (command === "setConfig") result = await api.setConfig(msg.config);
      else if (command === "step") result = await api.step(msg.epochs === undefined ? 1 : msg.epochs);
      else if (command === "reset") result = await api.reset();
      else if (command === "play" || command === "pause") result = await api[command]();
      reply({ok: true, state: result || api.state()});
    } catch (err) {
      reply({ok: false, error: err.message});
    }
  });

  let last = 0;
  let pending = null;
  function notify() {
    if (!parentOrigin || pending) return;
    const send = () => { pending = null; last = performance.now(); post({type: PREFIX + "state", state: api.state()}); };
    pending = setTimeout(send, Math.max(0, 200 - (performance.now() - last)));
  }
  return notify;
}
