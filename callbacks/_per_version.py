"""What open pages show at a data version, computed once for all of them.

Twenty walls woken by the same push ask for the same figures at the same moment: the first caller computes,
the others wait for its result; a failure (e.g. the database went away) is not kept, so the next call retries.
"""

from __future__ import annotations

import functools
import threading
from concurrent.futures import Future


def per_version(size: int = 32):
    def wrap(func):
        results: dict[tuple, Future] = {}
        lock = threading.Lock()

        @functools.wraps(func)
        def inner(*key):
            with lock:
                future = results.get(key)
                owner = future is None
                if owner:
                    future = results[key] = Future()
                    while len(results) > size:
                        results.pop(next(iter(results)))
            if owner:
                try:
                    future.set_result(func(*key))
                except BaseException as exc:
                    with lock:
                        results.pop(key, None)
                    future.set_exception(exc)
            return future.result()

        def cached(*key):
            """The result for `key` if it was computed already (never computes)."""
            with lock:
                future = results.get(key)
            return future.result() if future is not None and future.done() and not future.exception() else None

        inner.cached = cached
        return inner

    return wrap
