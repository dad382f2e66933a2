/** Run `fn` at the next animation frame; requestAnimationFrame pauses in hidden tabs, the 100 ms timeout does not. */
export function atNextFrame(fn) {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    fn();
  };
  const timer = setTimeout(once, 100);
  requestAnimationFrame(once);
}

/** `draw` wrapped so that any number of calls within a frame draw once, at the next animation frame. */
export function oncePerFrame(draw) {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    atNextFrame(() => {
      scheduled = false;
      draw();
    });
  };
}
