"""What open pages show at a data version, computed once for all of them.

Twenty walls woken by the same push ask for the same figures at the same moment: the first caller computes,
the others wait for its result; a failure (e.g. the database went away) is not kept, so the next call retries.
With Redis configured the result is also shared between the processes and nodes of a deployment: a worker that
has not computed a version yet takes it from Redis when another one has.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import threading
from concurrent.futures import Future

log = logging.getLogger("cityops")
SHARED_TTL_S = 600  # a version's views are asked for within seconds of its push; older ones are never asked again


class SharedViews:
    """The Redis half of the cache (None when no Redis is configured)."""

    def __init__(self) -> None:
        self._client = None
        self._prefix = ""
        self._configured = False

    def _connect(self):
        if not self._configured:
            from data.wiring.services import get_services

            settings = get_services().settings
            if settings.redis_url:
                import redis

                self._client = redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
                self._prefix = f"{settings.bus_channel}:view:"
            self._configured = True
        return self._client

    def key(self, func, key: tuple) -> str:
        digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
        return f"{self._prefix}{func.__module__}.{func.__qualname__}:{digest}"

    def get(self, func, key: tuple):
        client = self._connect()
        if client is None:
            return None
        try:
            found = client.get(self.key(func, key))
        except Exception:  # Redis away: each process computes for itself
            log.warning("shared view cache unreachable")
            return None
        return None if found is None else pickle.loads(found)  # noqa: S301 - our own values, in our own Redis

    def put(self, func, key: tuple, value) -> None:
        client = self._connect()
        if client is not None:
            try:
                client.set(self.key(func, key), pickle.dumps(value), ex=SHARED_TTL_S)
            except Exception:
                log.warning("shared view cache unreachable")


shared = SharedViews()


def per_version(size: int = 32, across_processes: bool = True):
    """`across_processes`: whether the key means the same in every process (data versions, a time bucket) —
    not when it holds a process's own counter (the version watcher's epoch)."""
    def wrap(func):
        results: dict[tuple, Future] = {}
        lock = threading.Lock()

        def compute(key: tuple):
            if not across_processes:
                return func(*key)
            found = shared.get(func, key)
            if found is None:
                found = func(*key)
                shared.put(func, key, found)
            return found

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
                    future.set_result(compute(key))
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
        inner.across_processes = across_processes
        return inner

    return wrap
