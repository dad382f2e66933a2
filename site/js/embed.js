/*
 * Embed mode for course pages: the page (in an iframe) posts its state to the parent and
 * accepts commands from it. Messages, parent -> playground:
 *   {type: "pyplayground:setConfig", id, config}   {type: "pyplayground:play" | ":pause" | ":reset", id}
 *   {type: "pyplayground:step", id, epochs}        {type: "pyplayground:getState", id}
 * Replies, playground -> parent: {type: "pyplayground:result", id, ok, state | error};
 * state changes (at most 5 per second): {type: "pyplayground:state", state}.
 */
const PREFIX = "pyplayground:";

export function connectEmbed(api) {
  if (window.parent === window) return () => {};
  const post = (message) => window.parent.postMessage(message, "*"); // state is not secret; any course page may embed
  window.addEventListener("message", async (event) => {
    if (event.source !== window.parent) return;
    const msg = event.data;
    if (!msg || typeof msg.type !== "string" || !msg.type.startsWith(PREFIX)) return;
    const command = msg.type.slice(PREFIX.length);
    try {
      let result;
      if (command === "setConfig") result = await api.setConfig(msg.config);
      else if (command === "step") result = await api.step(msg.epochs === undefined ? 1 : msg.epochs);
      else if (command === "reset") result = await api.reset();
      else if (command === "play" || command === "pause") result = await api[command]();
      else if (command !== "getState") throw new Error("unknown command '" + command + "'");
      post({type: PREFIX + "result", id: msg.id, ok: true, state: result || api.state()});
    } catch (err) {
      post({type: PREFIX + "result", id: msg.id, ok: false, error: err.message});
    }
  });
  let last = 0;
  let pending = null;
  return function notify() {
    const send = () => { pending = null; last = performance.now(); post({type: PREFIX + "state", state: api.state()}); };
    if (pending) return;
    const wait = Math.max(0, 200 - (performance.now() - last));
    pending = setTimeout(send, wait);
  };
}
