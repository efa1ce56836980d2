"""Response units as admins manage them: add, edit, deactivate and activate, each change audited.

The city pack only adds units it does not know yet (`data.ingest.registry`), so what an admin sets here stays.
A deactivated unit takes no new dispatches; past events naming it still show it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import Connection, select

from data.domains.incidents.models import ResponseUnit
from data.domains.incidents.provider import IncidentsProvider
from data.ingest import audit
from data.rules.refusals import Refusal
from data.store.db import Engines, dialect_insert, utcnow
from geo.pack import UnitLocator

CODE = re.compile(r"^[A-Z0-9_\-]{2,32}$")
PHONE = re.compile(r"^[0-9+ ]+$")
NAME_LENGTH = ResponseUnit.__table__.c.name.type.length
PHONE_LENGTH = ResponseUnit.__table__.c.phone.type.length
EDITABLE = ("name", "kind", "phone", "lon", "lat")
COORDINATE_DIGITS = 6


class UnitError(Refusal):
    """A change the store refuses (bad code, unknown kind, point outside the city, ...)."""


class ResponseUnits:
    """Frame from `list()`: code, name, kind, ward_code, lon, lat, phone, active, by code.

    `kinds` are the unit kinds a new or edited unit may have (the city pack's); `locator` gives the ward of a
    point and refuses points outside every ward. Audit targets are `unit:<code>`.
    """

    def __init__(self, engines: Engines, locator: UnitLocator, kinds: Iterable[str], clock=utcnow):
        self.engine = engines["incidents"]
        self.audit_engine = engines.main
        self.locator = locator
        self.kinds = tuple(sorted(set(kinds)))
        self.clock = clock

    @classmethod
    def from_services(cls, services) -> ResponseUnits:
        """From the process's services (`data.wiring.services.Services`)."""
        return cls(services.engines, services.registry.locator, services.pack.response_units["kind"])

    def list(self, include_inactive: bool = True) -> pd.DataFrame:
        return IncidentsProvider(self.engine).response_units(active_only=not include_inactive)

    def add(self, code: str, name: str, kind: str, lon: float, lat: float, phone: str | None = None,
            actor: str = "cli") -> str:
        """Add a unit (active); returns its code as stored (capitals)."""
        code = str(code or "").strip().upper()
        if not CODE.match(code):
            raise UnitError("unit_code_format", "code: 2 to 32 characters, capital letters, digits, '-' or '_'")
        row = {"code": code, "name": _name(name), "kind": self._kind(kind), **self._place(lon, lat),
               "phone": _phone(phone), "active": True}
        with self._change() as (conn, entries):
            table = ResponseUnit.__table__
            added = conn.execute(dialect_insert(conn, table).values(**row)
                                 .on_conflict_do_nothing(index_elements=["code"]).returning(table.c.code)).first()
            if added is None:
                raise UnitError("unit_exists", f"code: response unit {code!r} already exists", code=code)
            after = {k: v for k, v in row.items() if k != "code"}
            entries.append(self._entry(actor, "unit.add", code, None, after))
        return code

    def update(self, code: str, actor: str, **changes) -> bool:
        """Change name, kind, phone and/or place (lon, lat; the ward follows); False when nothing changed."""
        unknown = sorted(set(changes) - set(EDITABLE))
        if unknown:
            raise UnitError("unit_not_editable", f"{unknown[0]}: not an editable field (editable: {', '.join(EDITABLE)})",
                            field=unknown[0])
        checked = {}
        if "name" in changes:
            checked["name"] = _name(changes["name"])
        if "kind" in changes:
            checked["kind"] = self._kind(changes["kind"])
        if "phone" in changes:
            checked["phone"] = _phone(changes["phone"])
        with self._change() as (conn, entries):
            current = self._current(conn, code)
            if "lon" in changes or "lat" in changes:
                place = self._place(changes.get("lon", current["lon"]), changes.get("lat", current["lat"]))
                if (place["lon"], place["lat"]) != (current["lon"], current["lat"]):
                    checked.update(place)
            after = {k: v for k, v in checked.items() if v != current[k]}
            if not after:
                return False
            table = ResponseUnit.__table__
            conn.execute(table.update().where(table.c.code == code).values(**after))
            entries.append(self._entry(actor, "unit.update", code, {k: current[k] for k in after}, after))
        return True

    def set_active(self, code: str, active: bool, actor: str) -> bool:
        """Activate or deactivate a unit. False when it already was so."""
        table = ResponseUnit.__table__
        with self._change() as (conn, entries):
            self._current(conn, code)
            changed = conn.execute(table.update().where(table.c.code == code, table.c.active != bool(active))
                                   .values(active=bool(active))).rowcount
            if changed:
                entries.append(self._entry(actor, "unit.activate" if active else "unit.deactivate", code,
                                           {"active": not active}, {"active": bool(active)}))
        return bool(changed)

    # --- helpers -----------------------------------------------------------------------------------

    @contextmanager
    def _change(self) -> Iterator[tuple[Connection, list[dict]]]:
        """One transaction; its audit entries are written in it when the audit trail shares the database,
        else right after the commit."""
        entries: list[dict] = []
        shared = self.engine is self.audit_engine
        with self.engine.begin() as conn:
            yield conn, entries
            if shared:
                for entry in entries:
                    audit.record(conn, **entry)
        if not shared:
            audit.record_many(self.audit_engine, entries)

    def _entry(self, actor: str, action: str, code: str, before: dict | None, after: dict) -> dict:
        return {"actor": actor, "action": action, "target": f"unit:{code}", "before": before, "after": after,
                "ts": self.clock()}

    @staticmethod
    def _current(conn: Connection, code: str) -> dict:
        table = ResponseUnit.__table__
        # The row stays locked until the change commits, so a concurrent identical change finds nothing to do.
        row = conn.execute(select(table).where(table.c.code == code).with_for_update()).mappings().first()
        if row is None:
            raise UnitError("unknown_unit", f"code: unknown response unit {code!r}", code=code)
        return dict(row)

    def _kind(self, kind: str) -> str:
        if kind not in self.kinds:
            raise UnitError("unit_kind", f"kind: must be one of {', '.join(self.kinds)}")
        return kind

    def _place(self, lon, lat) -> dict:
        try:
            lon, lat = round(float(lon), COORDINATE_DIGITS), round(float(lat), COORDINATE_DIGITS)
        except (TypeError, ValueError):
            raise UnitError("unit_coordinates", "lon/lat: numbers (degrees, WGS 84)") from None
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise UnitError("unit_coordinates", "lon/lat: numbers (degrees, WGS 84)")
        ward = self.locator.locate(lon, lat)
        if ward is None:
            raise UnitError("outside_city", f"lon/lat: ({lon}, {lat}) is outside every ward of the city", lon=lon, lat=lat)
        return {"lon": lon, "lat": lat, "ward_code": ward}


def _name(name: str | None) -> str:
    name = str(name or "").strip()
    if not name or len(name) > NAME_LENGTH:
        raise UnitError("unit_name", f"name: 1 to {NAME_LENGTH} characters", most=NAME_LENGTH)
    return name


def _phone(phone: str | None) -> str | None:
    phone = " ".join(str(phone or "").split())
    if not phone:
        return None
    if len(phone) > PHONE_LENGTH or not PHONE.match(phone) or not any(c.isdigit() for c in phone):
        raise UnitError("unit_phone", f"phone: up to {PHONE_LENGTH} characters, digits, spaces and '+' only",
                    most=PHONE_LENGTH)
    return phone
