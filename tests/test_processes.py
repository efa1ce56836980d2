"""Process behaviour: gunicorn serves the same app with the simulator running once, not once per worker."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest
from conftest import wait_for
from live_server import LiveServer


@pytest.mark.process
def test_gunicorn_two_workers_one_simulator(tmp_path):
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = LiveServer(tmp_path, command=[
        gunicorn, "-k", "uvicorn_worker.UvicornWorker", "-w", "2", "--no-control-socket",
        "-b", "127.0.0.1:{port}", "app:server"], CITYOPS_SEED_DAYS="0.1").start()
    try:
        def two_workers_and_a_simulator() -> bool:
            log = server.log()
            return log.count("Application startup complete") == 2 and "Live simulator started" in log

        wait_for(two_workers_and_a_simulator, 60, lambda: f"no two workers and a simulator:\n{server.log()}")
        assert httpx.get(server.url + "/api/v1/nope").status_code == 404
        assert httpx.get(server.url + "/").status_code == 303  # the login page first
        assert httpx.get(server.url + "/login").status_code == 200
        # A second simulator must never start: a bounded observation window, while the running one writes three
        # more times (each tick moves the traffic version), for the other worker to finish preparing and try the
        # jobs lock (it tries once, then every 30 s).
        versions: set[int] = set()

        def three_more_ticks() -> bool:
            versions.add(httpx.get(server.url + "/api/v1/health").json()["versions"]["traffic"])
            return len(versions) > 3

        wait_for(three_more_ticks, 60, lambda: f"the simulator did not write:\n{server.log()[-3000:]}")
        started = server.log().count("Live simulator started")
        assert started == 1, server.log()[-3000:]
    finally:
        assert server.stop() in (0, -15)


def test_a_released_lock_is_free_for_the_next_process(db_services):
    """The lock's connection goes back to a pool with its session alive; releasing must still free the lock
    (on PostgreSQL a session advisory lock outlives `close()` of a pooled connection)."""
    from conftest import PG_URL

    from data.store.db import make_engine
    from data.store.singleton import ProcessLock

    settings, engine = db_services.settings, db_services.engines.main
    with ProcessLock("migrate", engine, settings.data_dir):
        pass
    # Another process: on PostgreSQL a fresh engine (its own session), on SQLite a new handle on the lock file.
    other = make_engine(PG_URL) if engine.dialect.name == "postgresql" else engine
    second = ProcessLock("migrate", other, settings.data_dir)
    try:
        assert second.acquire(blocking=False)
    finally:
        second.release()
        if other is not engine:
            other.dispose()
