"""The one write path shared by the seeder, the simulator and the ingest API.

validate → normalise → idempotent insert (+ rollups) → bump the data version → update feed health.
Every record is judged on its own: valid ones are written, invalid ones come back with index and reason.
What a record is and how it is stored belongs to its domain (`data/domains/<name>/`, read through the
registry); this module holds what every domain shares.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, case

from data.domains.incidents import writer as incidents_writer
from data.domains.incidents.records import LifecycleRecord
from data.domains.registry import spec
from data.ingest import audit
from data.ingest.registry import Entity, Registry
from data.rules.refusals import RecordError, Refusal, invalid_record
from data.store.db import Engines, dialect_insert, utcnow
from data.store.inserts import added
from data.store.models import DataVersion, FeedHealth, FeedHourly
from data.store.models_access import AuditEntry

MAX_FUTURE = timedelta(minutes=5)
CHUNK = 10_000  # records per transaction: each recomputes its days' VN_AQI and upserts the rollups once


@dataclass
class Rejection:
    """A record refused, by its index in the batch: `error` in English, `reason` + `params` as a `Refusal` has."""

    index: int
    error: str
    reason: str
    params: dict = field(default_factory=dict)

    @classmethod
    def of(cls, index: int, refusal: Refusal) -> Rejection:
        return cls(index, str(refusal), refusal.reason, refusal.params)

    def at(self, index: int) -> Rejection:
        """The same rejection at the record's position in a larger batch."""
        return replace(self, index=index)


@dataclass
class WriteResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"accepted": self.accepted, "duplicates": self.duplicates,
                "rejected": [{"index": r.index, "error": r.error, "reason": r.reason} for r in self.rejected]}


def _hour(ts: datetime) -> datetime:
    return ts.replace(minute=0, second=0, microsecond=0)


class WritePath:
    """Writes records of every domain. `notify(domain)` is called after each commit that changed data.

    Domain writers get the write path as their context: `known`, `entities`, `locate`, `audit` and `offset`
    (the city's UTC offset in hours, which local days of the daily rollups follow)."""

    def __init__(self, engines: Engines, registry: Registry, clock: Callable[[], datetime] = utcnow,
                 notify: Callable[[str], None] | None = None, offset_hours: int = 7):
        self.offset = offset_hours
        self.engines = engines
        self.registry = registry
        self.clock = clock
        self.notify = notify or (lambda _domain: None)
        self._feed_lock = threading.Lock()

    # --- public entry points ----------------------------------------------------------------------

    def write(self, domain: str, records: Iterable[Mapping], feed: str,
              expected_every_s: int | None = None, actor: str | None = None) -> WriteResult:
        """`actor` names who created incidents in the audit trail (default: the record's source)."""
        found = spec(domain)
        insert = partial(found.insert, actor=actor) if actor is not None else found.insert
        result = WriteResult()
        valid = self._validate(records, found, result)
        changed = 0
        for start in range(0, len(valid), CHUNK):
            with self.engines[domain].begin() as conn:
                inserted = insert(self, conn, valid[start:start + CHUNK])
                if inserted:
                    self.bump_version(conn, domain)
            changed += inserted
        result.accepted = changed
        result.duplicates = len(valid) - changed
        data_ts = max((getattr(r, found.record_time) for _, r in valid), default=None) if found.tracks_data_time else None
        self.record_feed(feed, domain, len(valid), len(result.rejected), data_ts,
                          found.cadence_s if expected_every_s is None else expected_every_s,
                          expected_every_s is not None)
        if changed:
            self.notify(domain)
        return result

    def incident_events(self, records: Iterable[Mapping], feed: str) -> WriteResult:
        """Lifecycle events for known incidents; illegal transitions are rejected per record."""
        result = WriteResult()
        valid = []
        for index, rec in self._parse(records, LifecycleRecord, result):
            try:
                incidents_writer.check_status(rec)
                valid.append((index, rec))
            except RecordError as exc:
                result.rejected.append(Rejection.of(index, exc))
        changed = 0
        with self.engines["incidents"].begin() as conn:
            trails = incidents_writer.Trails(conn, [rec for _, rec in valid])
            for index, rec in sorted(valid, key=lambda item: item[1].ts):
                try:
                    changed += incidents_writer.write_event(self, conn, rec, trails)
                except RecordError as exc:
                    result.rejected.append(Rejection.of(index, exc))
            trails.flush(self, conn)
            if changed:
                self.bump_version(conn, "incidents")
        result.accepted = changed
        result.duplicates = len(valid) - changed - sum(1 for r in result.rejected if r.index in {i for i, _ in valid})
        self.record_feed(feed, "incidents", len(valid), len(result.rejected), None,
                          spec("incidents").cadence_s, False)
        if changed:
            self.notify("incidents")
        return result

    def refusals(self, domain: str, records: Iterable[Mapping]) -> list[Rejection]:
        """What the write path would refuse of `records`, writing nothing."""
        result = WriteResult()
        self._validate(records, spec(domain), result)
        return result.rejected

    def bump(self, domain: str) -> None:
        """Tell watchers that `domain` changed outside the record writes (e.g. alerts opened or acknowledged)."""
        with self.engines[domain].begin() as conn:
            self.bump_version(conn, domain)
        self.notify(domain)

    # --- what domain writers use ------------------------------------------------------------------

    def entities(self, domain: str) -> dict[str, Entity]:
        return self.registry.entities(domain)

    def known(self, domain: str, code: str, what: str) -> Entity:
        """The registered entity `code` of `domain`, else a refusal naming the record field `what`."""
        entity = self.registry.entities(domain).get(code)
        if entity is None:
            raise RecordError("unknown_code", f"{what}: unknown code {code!r}", field=what, code=code)
        return entity

    def locate(self, lon: float, lat: float) -> str | None:
        """The ward a point is in (None outside the city)."""
        return self.registry.locator.locate(lon, lat)

    def audit(self, conn: Connection, entries: list[dict]) -> None:
        """In the same transaction when the audit trail shares the domain's database, else right after."""
        if not entries:
            return
        if conn.engine is self.engines.main:
            conn.execute(AuditEntry.__table__.insert(), [
                {**e, "before": audit.to_json(e["before"]), "after": audit.to_json(e["after"])} for e in entries])
        else:
            audit.record_many(self.engines.main, entries)

    # --- validation -------------------------------------------------------------------------------

    def _parse(self, records: Iterable[Mapping], model: type[BaseModel], result: WriteResult):
        for index, raw in enumerate(records):
            if not isinstance(raw, Mapping):
                result.rejected.append(Rejection(index, "record: must be a JSON object", "not_an_object"))
                continue
            try:
                yield index, model.model_validate(raw)
            except ValidationError as exc:
                result.rejected.append(Rejection.of(index, invalid_record(exc)))

    def _validate(self, records: Iterable[Mapping], found, result: WriteResult) -> list[tuple[int, BaseModel]]:
        latest = self.clock() + MAX_FUTURE
        valid = []
        for index, rec in self._parse(records, found.record, result):
            try:
                if getattr(rec, found.record_time) > latest:
                    raise RecordError("ts_in_future", "ts: timestamp is in the future")
                valid.append((index, found.check(self, rec)))
            except RecordError as exc:
                result.rejected.append(Rejection.of(index, exc))
        return valid

    # --- bookkeeping ------------------------------------------------------------------------------

    def bump_version(self, conn: Connection, domain: str) -> None:
        table = DataVersion.__table__
        stmt = dialect_insert(conn, table).values(domain=domain, version=1, updated_at=self.clock())
        conn.execute(stmt.on_conflict_do_update(
            index_elements=["domain"],
            set_={"version": table.c.version + 1, "updated_at": stmt.excluded.updated_at}))

    def record_feed(self, feed: str, domain: str, received: int, rejected: int, data_ts: datetime | None,
                     expected_every_s: int, set_cadence: bool) -> None:
        """`set_cadence`: the caller named the feed's cadence (0 marks a one-off import, such as the seeded
        history); otherwise a new feed gets the domain's default and a known one keeps its own."""
        now = self.clock()
        health = FeedHealth.__table__
        hourly = FeedHourly.__table__
        with self._feed_lock, self.engines.main.begin() as conn:
            stmt = dialect_insert(conn, health).values(
                feed=feed, domain=domain,
                expected_every_s=expected_every_s,
                last_seen=now, last_data_ts=data_ts, received_total=received, rejected_total=rejected)
            updates = {"last_seen": stmt.excluded.last_seen,
                       "last_data_ts": case((stmt.excluded.last_data_ts.is_(None), health.c.last_data_ts),
                                            else_=stmt.excluded.last_data_ts),
                       **added(stmt, health, ["received_total", "rejected_total"])}
            if set_cadence:
                updates["expected_every_s"] = stmt.excluded.expected_every_s
            conn.execute(stmt.on_conflict_do_update(index_elements=["feed"], set_=updates))
            stmt = dialect_insert(conn, hourly).values(feed=feed, hour=_hour(now), received=received,
                                                       rejected=rejected)
            conn.execute(stmt.on_conflict_do_update(index_elements=["feed", "hour"],
                                                    set_=added(stmt, hourly, ["received", "rejected"])))
