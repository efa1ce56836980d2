"""The change bus on the real Redis: a write in one process wakes the version watcher of another at once (its
own poll set to a minute), and views computed at a data version are shared between processes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from conftest import need_service, wait_for

pytestmark = pytest.mark.redis
REDIS = "redis://127.0.0.1:6379/0"


def redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def channel():
    need_service(redis_up(), "Redis at 127.0.0.1:6379")
    return f"cityops-test:{uuid.uuid4().hex[:8]}"


def test_bus001_a_write_elsewhere_wakes_the_watcher_at_once(app_services, channel):
    from data.store.bus import ChangeBus
    from data.store.versions import VersionWatcher

    # Two watchers of one database, each with a bus: as two workers or two nodes would be.
    writer = VersionWatcher(app_services.engines, bus=ChangeBus(REDIS, channel), safety_poll_s=60)
    reader = VersionWatcher(app_services.engines, bus=ChangeBus(REDIS, channel), safety_poll_s=60)
    writer.start()
    reader.start()
    try:
        assert all(w.bus.subscribed.wait(5) for w in (writer, reader))
        epoch = reader.snapshot()[0]
        segment = app_services.pack.roads["code"].iloc[0]
        app_services.write_path.write("traffic", [{"segment": segment, "ts": datetime.now(UTC).isoformat(),
                                                   "speed_kmh": 30.0}], feed="test/bus")
        writer.bump("traffic")  # what the write path's notify does in the writing process
        # Within seconds, where the safety poll would take a minute: only the bus can have told it.
        wait_for(lambda: reader.snapshot()[0] != epoch, 5, "the other watcher never heard of the write")
        assert reader.snapshot()[1]["traffic"] == writer.snapshot()[1]["traffic"] >= 1
    finally:
        writer.stop()
        reader.stop()


def test_bus002_views_at_a_version_are_shared_between_processes(app_services, channel):
    from callbacks._per_version import SharedViews

    app_services.settings.redis_url = REDIS
    app_services.settings.bus_channel = channel
    calls = []

    def view(version: int, lang: str) -> dict:
        calls.append(version)
        return {"version": version, "lang": lang}

    first, second = SharedViews(), SharedViews()  # two processes' halves
    assert first.get(view, (7, "vi")) is None
    first.put(view, (7, "vi"), view(7, "vi"))
    assert second.get(view, (7, "vi")) == {"version": 7, "lang": "vi"} and calls == [7]
    assert second.get(view, (8, "vi")) is None
