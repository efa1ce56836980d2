"""Raw readings by month on PostgreSQL (writes never fail for want of a month; months kept ahead; old months
dropped by retention, rollups kept) and retention by rows on SQLite; the plans of the time-range reads use the
partitions and indexes they were chosen for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, text

from data.domains.traffic.models import TrafficDaily, TrafficObs
from data.ingest.write_path import WritePath
from data.store import partitions

NOW = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)


def _readings(pack, days_back: list[int]) -> list[dict]:
    segment = pack.roads["code"].iloc[0]
    return [{"segment": segment, "ts": NOW - timedelta(days=d, minutes=m), "speed_kmh": 30.0 + m}
            for d in days_back for m in (0, 10, 20)]


def _count(conn, model) -> int:
    return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_months_kept_ahead_and_retention_keeps_rollups(db_services):
    engine = db_services.engines["traffic"]
    write = WritePath(db_services.engines, db_services.registry, clock=lambda: NOW, offset_hours=7)
    assert write.write("traffic", _readings(db_services.pack, [70, 40, 5]), "test").accepted == 9
    tables = [TrafficObs.__table__]
    postgres = engine.dialect.name == "postgresql"
    created = partitions.keep_ahead(engine, tables, months_ahead=2, now=NOW)
    with engine.connect() as conn:
        assert _count(conn, TrafficObs) == 9
        days = _count(conn, TrafficDaily)
        if postgres:
            assert partitions.months(conn, "traffic_obs") == [
                "traffic_obs_p202609", "traffic_obs_p202610", "traffic_obs_p202611", "traffic_obs_p202612",
                "traffic_obs_p202701"]
            assert created == 5
            assert conn.execute(text("SELECT count(*) FROM traffic_obs_default")).scalar_one() == 0
            assert conn.execute(text("SELECT count(*) FROM traffic_obs_p202610")).scalar_one() == 3
    assert partitions.keep_ahead(engine, tables, months_ahead=2, now=NOW) == 0  # idempotent
    # A reading of a month with no partition yet lands in the default one, and the next run moves it out.
    assert write.write("traffic", _readings(db_services.pack, [400]), "test").accepted == 3
    if postgres:
        assert partitions.keep_ahead(engine, tables, months_ahead=2, now=NOW) == 1 + 10  # 2025-10 … 2026-08
    removed = partitions.drop_expired(engine, tables, keep_days=50, now=NOW)  # cutoff 2026-10-01 06:00
    with engine.connect() as conn:
        assert _count(conn, TrafficObs) == 6  # the 70- and 400-day-old readings are gone …
        assert _count(conn, TrafficDaily) == days + 1  # … their daily rollups are not
        if postgres:
            assert "traffic_obs_p202609" not in partitions.months(conn, "traffic_obs") and removed == 12
        else:
            assert removed == 6


def _plan(conn, sql: str, params: dict) -> str:
    if conn.dialect.name == "postgresql":
        return "\n".join(conn.execute(text(f"EXPLAIN {sql}"), params).scalars())
    return "\n".join(str(row[-1]) for row in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"), params))


def test_time_range_reads_use_their_partitions_and_indexes(db_services):
    engine = db_services.engines["traffic"]
    write = WritePath(db_services.engines, db_services.registry, clock=lambda: NOW, offset_hours=7)
    write.write("traffic", _readings(db_services.pack, [70, 40, 5]), "test")
    partitions.keep_ahead(engine, [TrafficObs.__table__], now=NOW)
    with engine.connect() as conn:
        raw = _plan(conn, "SELECT avg(speed_kmh) FROM traffic_obs WHERE ts >= :a AND ts < :b",
                    {"a": datetime(2026, 11, 2, tzinfo=UTC), "b": datetime(2026, 11, 9, tzinfo=UTC)})
        daily = _plan(conn, "SELECT sum(speed_sum) FROM traffic_daily WHERE day >= :a AND day < :b AND ward_code = :w",
                      {"a": "2026-01-01", "b": "2026-12-01", "w": "x"})
    if engine.dialect.name == "postgresql":
        assert "traffic_obs_p202611" in raw and "traffic_obs_p202610" not in raw and "_default" not in raw
        with engine.connect() as conn:  # the time index is BRIN, on the parent and on every month
            methods = conn.execute(text(
                "SELECT c.relname, am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am am ON am.oid = c.relam JOIN pg_class t ON t.oid = i.indrelid "
                "WHERE t.relname LIKE 'traffic_obs%' AND pg_get_indexdef(i.indexrelid) LIKE '%(ts)%' "
                "AND NOT i.indisprimary")).all()
        assert methods and {method for _, method in methods} == {"brin"}, methods
    else:
        assert "ix_traffic_obs_ts" in raw
        assert "ix_traffic_daily_day_ward" in daily


def test_a_history_about_to_be_seeded_gets_its_months_first(db_services):
    """The seeder asks for the months of the history it will write, so none of it lands in the default partition."""
    engine = db_services.engines["traffic"]
    created = partitions.keep_ahead(engine, [TrafficObs.__table__], months_ahead=0, now=NOW,
                                    since=NOW - timedelta(days=100))
    if engine.dialect.name != "postgresql":
        assert created == 0
        return
    with engine.connect() as conn:
        assert partitions.months(conn, "traffic_obs") == [
            "traffic_obs_p202608", "traffic_obs_p202609", "traffic_obs_p202610", "traffic_obs_p202611"]
    write = WritePath(db_services.engines, db_services.registry, clock=lambda: NOW, offset_hours=7)
    assert write.write("traffic", _readings(db_services.pack, [90]), "test").accepted == 3
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM traffic_obs_default")).scalar_one() == 0
