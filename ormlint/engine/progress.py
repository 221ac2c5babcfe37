"""Progress of a run on stderr: the phase (indexing, checking) and files done of the total.

The runner counts files in a :class:`ProgressCounter` (shared memory, so worker processes
count too); a :class:`ProgressDisplay` thread in the main process reads it and draws. On
a terminal the line is redrawn in place once the run has lasted ``delay`` seconds, and
cleared at the end; elsewhere (only when asked) each phase gets plain lines: when it
starts, every ``interval`` seconds, and its final count.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from typing import TextIO

PHASES = ("indexing", "checking")
TERMINAL_DELAY = 2.0  # seconds before a terminal shows anything: short runs stay quiet


class ProgressCounter:
    """Files started per phase, counted by the runner in any process."""

    def __init__(self) -> None:
        self._done = {phase: multiprocessing.Value("q", 0) for phase in PHASES}

    def advance(self, phase: str) -> None:
        value = self._done[phase]
        with value.get_lock():
            value.value += 1

    def done(self, phase: str) -> int:
        return self._done[phase].value


class ProgressDisplay:
    """Draws a counter on ``stream`` from a background thread while the ``with`` block runs."""

    def __init__(self, counter: ProgressCounter, totals: dict[str, int], stream: TextIO, *, interactive: bool,
                 delay: float = 0.0, tick: float = 0.1, interval: float = 5.0) -> None:
        self.counter = counter
        self.totals = totals
        self.stream = stream
        self.interactive = interactive
        self.delay = delay
        self.tick = tick
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="ormlint-progress", daemon=True)
        self._start = 0.0
        self._drawn = False  # a terminal line is showing
        self._printed: dict[str, int] = {}  # plain lines: the count last printed per phase
        self._last_line = 0.0

    def __enter__(self) -> "ProgressDisplay":
        self._start = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()
        if self.interactive:
            if self._drawn:
                self._write("\r\x1b[K")
        else:
            self._plain_lines(final=True)

    def _loop(self) -> None:
        while not self._stop.wait(self.tick):
            if self.interactive:
                self._redraw()
            else:
                self._plain_lines(final=False)

    def _status(self, phase: str) -> str:
        return f"ormlint: {phase} {self.counter.done(phase)}/{self.totals.get(phase, 0)} files"

    def _redraw(self) -> None:
        if time.monotonic() - self._start < self.delay:
            return
        started = [p for p in PHASES if self.counter.done(p)]
        if started:
            self._write("\r" + self._status(started[-1]) + "\x1b[K")
            self._drawn = True

    def _plain_lines(self, final: bool) -> None:
        started = [p for p in PHASES if self.counter.done(p)]
        now = time.monotonic()
        for phase in started:
            done = self.counter.done(phase)
            finished = final or phase != started[-1]  # a later phase has begun
            due = phase not in self._printed or now - self._last_line >= self.interval
            if self._printed.get(phase) != done and (finished or due):
                self._write(self._status(phase) + "\n")
                self._printed[phase] = done
                self._last_line = now

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            pass  # a closed stderr never stops a run
