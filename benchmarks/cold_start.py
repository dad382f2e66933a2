"""Time to the first trained frame: a cold visit (a fresh browser context, empty cache, no service worker
yet) and a repeat visit (a reload once the offline cache holds the site), for ``build.py bench --cold N``.

The clock is the page's own (performance.now() from navigation start): the moment each start-up phase
is first seen, Play pressed as soon as the engine is ready, and the first frame drawn with a trained
epoch. Phases: download (runtime files), runtime (Python starting), packages (NumPy), install (the
engine's wheel), import, ready.
"""
import statistics

WATCH = """() => new Promise((resolve) => {
  const marks = {};
  const poll = () => {
    const s = window.playground && window.playground.state();
    if (s && !(s.phase in marks)) marks[s.phase] = performance.now();
    if (s && s.phase === 'ready' && marks.play === undefined) { marks.play = performance.now(); window.playground.play(); }
    if (s && marks.play !== undefined && s.epoch > 0 && s.frames > 1) {
      marks.frame = performance.now();
      window.playground.pause().then(() => resolve(marks));
      return;
    }
    setTimeout(poll, 2);
  };
  poll();
})"""

KEPT_BYTECODE = "caches.open('python-bytecode').then((c) => c.keys()).then((keys) => keys.length > 0)"

PHASES = ("runtime", "packages", "install", "import", "ready", "frame")


def visit(new_context, url, repeat):
    """One visit's marks (ms from navigation start); ``repeat``: after a first visit filled the offline cache."""
    context = new_context(service_workers="allow" if repeat else "block")
    try:
        page = context.new_page()
        page.set_default_timeout(120000)
        if repeat:
            page.goto(url)
            page.evaluate("window.playground.ready")
            page.evaluate("navigator.serviceWorker.ready.then(() => null)")  # the offline cache is filled
            while not page.evaluate(KEPT_BYTECODE):  # and the bytecode the first start compiled is kept
                page.wait_for_timeout(100)
            page.reload()
        else:
            page.goto(url)
        marks = page.evaluate(WATCH)
        marks["precompiled"] = page.evaluate("window.playground.state().versions.precompiled")
        return marks
    finally:
        context.close()


def report(new_context, url, rounds):
    """Print the median marks of ``rounds`` cold and ``rounds`` repeat visits."""
    print("time to the first trained frame, median of %d visits (ms from navigation start; Play pressed at ready)"
          % rounds)
    print("  %-8s %s" % ("visit", " ".join("%9s" % p for p in PHASES)))
    for repeat in (False, True):
        runs = [visit(new_context, url, repeat) for _ in range(rounds)]
        med = [statistics.median(r.get(p, float("nan")) for r in runs) for p in PHASES]
        print("  %-8s %s   (%d modules from kept bytecode)" % ("repeat" if repeat else "cold", " ".join("%9.0f" % m for m in med),
                                                               statistics.median(r["precompiled"] for r in runs)))
