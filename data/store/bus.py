"""Change notifications between processes and nodes: after a commit, the writer publishes which domain changed
on Redis pub/sub; every process's version watcher listens and re-reads the versions at once.

Pub/sub keeps no message for a listener that was away (a restart, a lost connection), so watchers keep a slow
safety poll of the `data_version` table as well; a message is only a hint to read it now.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import redis

log = logging.getLogger("cityops.bus")
CHANNEL = "cityops:data-version"
RECONNECT_S = 2.0


class ChangeBus:
    """Publish "domain changed" and call `on_change(domain)` for every such message from any process."""

    def __init__(self, url: str, channel: str = CHANNEL):
        self.url = url
        self.channel = channel
        self._client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.subscribed = threading.Event()  # set while the listener is subscribed

    def publish(self, domain: str) -> None:
        try:
            self._client.publish(self.channel, domain)
        except redis.RedisError:  # the others see the change at their next safety poll
            log.warning("could not publish a change of %s", domain)

    def listen(self, on_change: Callable[[str], None]) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, args=(on_change,), name="cityops-bus", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self, on_change: Callable[[str], None]) -> None:
        while not self._stop.is_set():
            try:
                pubsub = self._client.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self.channel)
                self.subscribed.set()
                on_change("")  # (re)subscribed: whatever changed while away is read now
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message and message.get("type") == "message":
                        on_change(message["data"].decode() if isinstance(message["data"], bytes) else message["data"])
                pubsub.close()
            except redis.RedisError as exc:
                self.subscribed.clear()
                log.warning("change bus unreachable (%s); retrying", exc)
                self._stop.wait(RECONNECT_S)
