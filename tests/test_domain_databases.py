"""A domain may live in another database: its rows go there, shared bookkeeping stays in the main one."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from data.domains.traffic.models import TrafficObs
from data.store.models import FeedHealth
from data.store.settings import Settings
from data.wiring.services import Services
from data.wiring.setup import migrate_all


def rows(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_traffic_in_its_own_database(tmp_path):
    settings = Settings(data_dir=tmp_path, demo=False, _env_file=None,
                        database_urls={"traffic": f"sqlite:///{tmp_path / 'traffic.db'}"})
    services = Services.create(settings)
    assert services.engines["traffic"] is not services.engines.main
    assert services.engines["incidents"] is services.engines.main
    migrate_all(services)
    segment = services.pack.roads["code"].iloc[0]
    now = datetime.now(UTC).replace(microsecond=0)
    result = services.write_path.write("traffic", [{"segment": segment, "ts": now, "speed_kmh": 35}], feed="t")
    assert result.accepted == 1
    assert rows(services.engines["traffic"], TrafficObs) == 1
    assert rows(services.engines.main, TrafficObs) == 0
    assert rows(services.engines.main, FeedHealth) == 1  # feed health is shared bookkeeping
    assert services.traffic.current(at=now).set_index("segment_code").loc[segment, "speed_kmh"] == 35
    # The write bumped the traffic version in the traffic database and woke this process's watcher.
    assert services.watcher.snapshot()[1] == {"traffic": 1, "cameras": 0, "environment": 0, "incidents": 0,
                                              "indicators": 0}
    services.engines.dispose()
