"""FIWARE NGSI-v2 entities (Smart Data Models) → write-path records.

Every domain names the entity types it reads (`DomainSpec.ngsi_types`: `AirQualityObserved`,
`WaterQualityObserved`, `TrafficFlowObserved`, `Device` for camera status, `Alert` → incident) and translates
them (`data/domains/<name>/feeds.py`, with the readers of `data.rules.ngsi`: normalized and keyValues forms,
`dateObserved` instants or intervals read as UTC without an offset, `unitCode` metadata). Here: which domain an
entity belongs to, and which registered code its id (or refDevice / refPointOfInterest / refRoadSegment) maps to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy import Engine, select

from data.domains.registry import specs
from data.domains.spec import DomainSpec
from data.rules.ngsi import EntityError, Translated, value_of
from data.store.db import dialect_insert
from data.store.models_feeds import NgsiEntity


class EntityMap:
    """NGSI ids (entity, refDevice, refPointOfInterest, refRoadSegment) → registered codes, kept in the database."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def register(self, entity_id: str, domain: str, code: str) -> None:
        table = NgsiEntity.__table__
        with self.engine.begin() as conn:
            stmt = dialect_insert(conn, table).values(entity_id=entity_id, domain=domain, code=code)
            conn.execute(stmt.on_conflict_do_update(index_elements=["entity_id"],
                                                    set_={"domain": domain, "code": code}))

    def lookup(self, ids: list[str], domain: str) -> str | None:
        if not ids:
            return None
        with self.engine.connect() as conn:
            found = dict(conn.execute(select(NgsiEntity.entity_id, NgsiEntity.code)
                                      .where(NgsiEntity.entity_id.in_(ids), NgsiEntity.domain == domain)).all())
        return next((found[i] for i in ids if i in found), None)


def entity_types() -> dict[str, tuple[DomainSpec, Callable]]:
    """NGSI entity type → (its domain, the domain's translator), from the domain registry."""
    return {kind: (found, translate) for found in specs() for kind, translate in found.ngsi_types.items()}


def translate(entity: Mapping, resolve: Callable[[list[str], str], str | None]) -> Translated:
    """Records for one entity; `resolve(candidate ids, domain)` finds the registered code."""
    if not isinstance(entity, Mapping):
        raise EntityError("entity: must be a JSON object")
    kind = entity.get("type")
    found = entity_types().get(kind) if isinstance(kind, str) else None
    if found is None:
        raise EntityError(f"type: unsupported entity type {str(kind)[:60]!r}")
    domain, translator = found
    entity_id = entity.get("id")
    if not isinstance(entity_id, str) or not entity_id:
        raise EntityError("id: missing")
    if not domain.ngsi_needs_code:
        return translator(entity, None)
    refs = [entity_id] + [str(value_of(entity[k])) for k in ("refDevice", "refPointOfInterest", "refRoadSegment")
                          if isinstance(value_of(entity.get(k)), str)]
    code = resolve(refs, domain.name)
    if code is None:
        raise EntityError(f"id: no registered {domain.name} entity for {entity_id[:80]!r} (map it or use its code)")
    return translator(entity, code)
