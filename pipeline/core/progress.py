"""Progress of a pipeline run with ETAs (tqdm): one bar for the jobs, one per running job.

On a terminal the bars redraw in place; in a log (stderr not a terminal, as in CI) the same
tqdm meters are printed as plain lines, each running job at most every ``LOG_EVERY_S``.
Per-job result lines go to stdout in both cases.
"""
import sys
import time

from tqdm import tqdm

LOG_EVERY_S = 15.0


class Display:
    def __init__(self, total_jobs, quiet=False, interactive=None):
        self.quiet = quiet
        self.interactive = sys.stderr.isatty() if interactive is None else interactive
        self.total, self.done, self.start = total_jobs, 0, time.monotonic()
        self._bars, self._jobs, self._logged = {}, {}, {}
        self._overall = tqdm(total=total_jobs, desc="artifacts", unit="job", position=0,
                             disable=quiet or not self.interactive)

    def line(self, text):
        """A result line (``model cnn-small: done ...``), with the overall meter in logs."""
        if self.quiet:
            return
        if not self.interactive:
            text += "  [%s]" % tqdm.format_meter(self.done, self.total, time.monotonic() - self.start, unit="job")
        tqdm.write(text, file=sys.stdout)
        sys.stdout.flush()  # keep result lines in order with stderr's meters in a log

    def job_progress(self, job_id, done, total):
        """A running job reports ``done`` of ``total`` steps."""
        if self.quiet:
            return
        if self.interactive:
            if job_id not in self._bars:
                self._bars[job_id] = tqdm(total=total, desc=job_id, unit="step", leave=False,
                                          position=1 + len(self._bars))
            self._bars[job_id].update(done - self._bars[job_id].n)
            return
        now = time.monotonic()
        first = self._jobs.setdefault(job_id, now)
        if now - self._logged.get(job_id, 0.0) >= LOG_EVERY_S or done == total:
            self._logged[job_id] = now
            print(tqdm.format_meter(done, total, now - first, prefix=job_id, unit="step"), file=sys.stderr, flush=True)

    def job_finished(self, job_id):
        """A job ended (built, skipped, failed or blocked)."""
        self.done += 1
        self._overall.update(1)
        bar = self._bars.pop(job_id, None)
        if bar is not None:
            bar.close()

    def close(self):
        for bar in self._bars.values():
            bar.close()
        self._overall.close()
