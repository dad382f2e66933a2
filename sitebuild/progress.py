"""One-line progress reports with a rate and an ETA, for long build steps."""
import sys
import time


class Progress:
    """Prints ``label: done/total unit (pct) rate ETA`` at most every ``every_s`` seconds."""

    def __init__(self, label, total, unit="MB", scale=1e6, every_s=1.0, stream=None):
        self.label, self.total, self.unit, self.scale = label, total, unit, scale
        self.every_s = every_s
        self.stream = stream or sys.stdout
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, done, force=False):
        now = time.monotonic()
        if not force and now - self._last < self.every_s:
            return
        self._last = now
        elapsed = max(now - self.start, 1e-9)
        rate = done / elapsed
        line = "%s: %.1f" % (self.label, done / self.scale)
        if self.total:
            pct = min(100.0, 100.0 * done / self.total)
            line += "/%.1f %s (%3.0f%%)" % (self.total / self.scale, self.unit, pct)
            if 0 < done < self.total and rate > 0:
                line += ", ETA %ds" % int((self.total - done) / rate)
        else:
            line += " %s" % self.unit
        line += ", %.1f %s/s" % (rate / self.scale, self.unit)
        self.stream.write(line + "\n")
        self.stream.flush()
