"""Imported boundaries in the databases (`cityops import-geo`): one level of `admin_units` replaced and, for the
wards, every site's and incident's `ward_code` reassigned, with the copies of a site's ward that its readings,
rollups and alerts keep.

Not reassigned: a response unit's ward is the ward it serves (response_units.csv), not where its base stands. The
former level is stored nowhere per site: only `admin_units` and the pack hold it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field

import numpy as np
import shapely
from sqlalchemy import Connection, delete, func, select, update

from data.domains.indicators.models import CITY, IndicatorValue
from data.domains.registry import specs
from data.domains.spec import Placed
from data.ingest.registry import admin_unit_rows
from data.store.db import Engines
from data.store.inserts import upsert_rows
from data.store.models import AdminUnit
from data.store.models_alerts import Alert
from geo.importer import SitePoints

CHUNK = 500  # codes per IN list (SQLite's limit on bound parameters is far above)
# Tables with a ward_code that the import leaves alone on purpose (see the module's docstring).
NOT_REASSIGNED = {"response_units"}


def placed_kinds() -> list[tuple[str, Placed]]:
    """(domain, what it places) of every domain whose rows lie in a ward, from the registry."""
    return [(spec.name, spec.placed) for spec in specs() if spec.placed is not None]


def reassigned_tables() -> set[str]:
    """Every table whose ward_code the import rewrites (or sums again per ward)."""
    kinds = [placed for _, placed in placed_kinds()]
    return ({p.model.__tablename__ for p in kinds} | {m.__tablename__ for p in kinds for m, _ in p.copies}
            | {m.__tablename__ for p in kinds for m in p.regrouped} | {Alert.__tablename__})


@dataclass(frozen=True)
class Located(SitePoints):
    """Site points with the ward each one has in the database now."""

    wards: list = field(default_factory=list)


def read_sites(engines: Engines) -> dict[str, Located]:
    """Every row that lies in a ward (cameras, stations, road segments by their representative point, as the
    registry loader places them, incidents...) by kind, with its point and its current ward."""
    sites = {}
    for domain, placed in placed_kinds():
        model, key = placed.model, getattr(placed.model, placed.key)
        with engines[domain].connect() as conn:
            if hasattr(model, "geometry"):
                rows = conn.execute(select(key, model.ward_code, model.geometry).order_by(key)).all()
                points = shapely.point_on_surface(shapely.from_geojson([r[2] for r in rows])) if rows else []
                lons, lats = shapely.get_x(points), shapely.get_y(points)
            else:
                rows = conn.execute(select(key, model.ward_code, model.lon, model.lat).order_by(key)).all()
                lons, lats = [r[2] for r in rows], [r[3] for r in rows]
        sites[placed.name] = _located(rows, lons, lats)
    return sites


def _located(rows, lons, lats) -> Located:
    return Located(codes=[r[0] for r in rows], lons=np.asarray(lons, dtype=float), lats=np.asarray(lats, dtype=float),
                   wards=[r[1] for r in rows])


@dataclass
class Changes:
    """What an import changed (or, in a dry run, would change) in the databases."""

    units_added: list[str]
    units_updated: list[str]
    units_removed: list[str]
    # sites (and incidents) whose ward changed, by kind
    reassigned: dict[str, int] = field(default_factory=dict)
    # rows of readings, rollups and alerts whose copy of the ward changed (None: not counted in a dry run)
    copies: int | None = None
    domains: set[str] = field(default_factory=set)  # domains whose rows changed

    @property
    def sites_reassigned(self) -> int:
        return sum(self.reassigned.values())


def apply_units(engines: Engines, units, level: str, sites: Mapping[str, Located] | None = None,
                located: Mapping[str, list] | None = None, *, dry_run: bool = False,
                before_commit: Callable[[], None] | None = None,
                bump: Callable[[Connection, str], None] | None = None) -> Changes:
    """Make the databases hold `units` as the whole of `level`: upsert them into admin_units, delete that level's
    other units and, for wards, give every site and incident of `sites` the ward `located` for it (and every copy
    of a site's ward the same). One transaction per database, all committed after `before_commit` (the pack file
    is replaced there) or none; `bump(conn, domain)` marks a changed domain's data version. A dry run only counts.
    """
    rows = {r["code"]: r for r in admin_unit_rows(units)}
    with engines.main.connect() as conn:
        stored = {r["code"]: dict(r) for r in conn.execute(
            select(*AdminUnit.__table__.columns).where(AdminUnit.level == level)).mappings()}
    added = [code for code in rows if code not in stored]
    updated = [code for code in rows if code in stored and stored[code] != rows[code]]
    removed = sorted(set(stored) - set(rows))
    changes = Changes(added, updated, removed)
    wards = level == "ward" and sites is not None
    if wards:
        changes.reassigned = {kind: sum(old != new for old, new in zip(points.wards, located[kind], strict=True))
                              for kind, points in sites.items()}
    if dry_run:
        return changes

    with ExitStack() as stack:
        connections = {id(engine): stack.enter_context(engine.begin()) for engine in engines.distinct()}
        main = connections[id(engines.main)]
        upsert_rows(main, AdminUnit.__table__, [rows[code] for code in added + updated], ["level", "code"])
        for chunk in _chunks(removed):
            main.execute(delete(AdminUnit).where(AdminUnit.level == level, AdminUnit.code.in_(chunk)))
        if wards:
            changes.reassigned, changes.copies, changes.domains = _reassign(engines, connections, sites, located)
            if bump is not None:
                for domain in sorted(changes.domains):
                    bump(connections[id(engines[domain])], domain)
        if before_commit is not None:
            before_commit()
    return changes


def _reassign(engines: Engines, connections: dict, sites: Mapping[str, Located], located: Mapping[str, list]):
    """Every placed row's ward (and its copies) set to the located one: (rows changed by kind, copies changed,
    domains changed). Only rows whose ward differs are written, so copies that were stale are mended as well."""
    reassigned, copies, domains = {}, 0, set()
    alerted: dict[str, list[str]] = defaultdict(list)
    for domain, placed in placed_kinds():
        conn = connections[id(engines[domain])]
        by_ward = _group(sites[placed.name].codes, located[placed.name])
        reassigned[placed.name] = _set_ward(conn, placed.model, placed.key, by_ward)
        changed_copies = sum(_set_ward(conn, model, column, by_ward) for model, column in placed.copies)
        if changed_copies and placed.regroup is not None:
            placed.regroup(conn)
        if reassigned[placed.name] or changed_copies:
            domains.add(domain)
        copies += changed_copies
        if placed.alerted:
            for ward, codes in by_ward.items():
                alerted[ward].extend(codes)
    copies += _set_ward(connections[id(engines.main)], Alert, "entity", alerted)
    return reassigned, copies, domains


def _group(codes: Iterable, wards: Iterable) -> dict[str, list]:
    grouped: dict[str, list] = defaultdict(list)
    for code, ward in zip(codes, wards, strict=True):
        grouped[ward].append(code)
    return grouped


def _set_ward(conn: Connection, model, column: str, by_ward: Mapping[str, list]) -> int:
    """Set ward_code to each ward for the rows whose `column` is one of its codes; the rows changed."""
    key = getattr(model, column)
    changed = 0
    for ward, codes in by_ward.items():
        for chunk in _chunks(codes):
            result = conn.execute(update(model).where(key.in_(chunk), model.ward_code.is_distinct_from(ward))
                                  .values(ward_code=ward))
            changed += result.rowcount
    return changed


def indicator_scopes_left(engines: Engines, ward_codes: Iterable[str]) -> dict[str, int]:
    """Ward codes that indicator values were reported for but no imported ward has, with their values (these
    are by ward, not by place: the import cannot move them)."""
    with engines["indicators"].connect() as conn:
        counts = dict(conn.execute(select(IndicatorValue.scope, func.count()).where(IndicatorValue.scope != CITY)
                                   .group_by(IndicatorValue.scope)).all())
    return {scope: n for scope, n in sorted(counts.items()) if scope not in set(ward_codes)}


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]
