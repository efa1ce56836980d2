"""A background loop on a daemon thread: started once, stopped promptly (the version watcher, the live
simulator and the alert rules run on it)."""

from __future__ import annotations

import logging
import threading

log = logging.getLogger("cityops")


class BackgroundLoop:
    """Calls `step()` until `stop()`; `step` waits on `self.stopping` (an Event) between runs, so a stop wakes it.
    An exception in `step` is logged and the loop goes on (a database outage must not end the job)."""

    name = "cityops-background"

    def __init__(self) -> None:
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def step(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        if self._thread is None:
            self.stopping.clear()
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.step()
            except Exception:
                log.exception("%s: step failed", self.name)
                self.stopping.wait(1.0)
