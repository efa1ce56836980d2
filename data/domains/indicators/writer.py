"""Indicators in the write path: a value must name a catalogued indicator and a known ward (or none: the whole
city), lie in its range and not be for a period that has not begun; a month's value is filed under the month's
first day. Stored once per (indicator, period, scope): an equal value resent is a duplicate, a different one a
correction. The city pack's catalogue is the registry; its targets seed `kpi_targets` (admins edit them there)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, func, literal, select, tuple_, update

from data.domains.indicators.models import CITY, Indicator, IndicatorValue, KpiTarget
from data.domains.indicators.records import IndicatorRecord
from data.rules.refusals import RecordError
from data.store.inserts import add_missing, insert_new, upsert
from geo.pack import CityPack

NO_MAX = -1.0


def period_start(day: date, period: str) -> date:
    return day.replace(day=1) if period == "month" else day


def check(ctx, rec: IndicatorRecord) -> IndicatorRecord:
    entity = ctx.known("indicators", rec.indicator, "indicator")
    if rec.ward is not None and rec.ward not in ctx.registry.locator.codes:
        raise RecordError("unknown_code", f"ward: unknown code {rec.ward!r}", field="ward", code=rec.ward)
    if entity.value is not None and entity.value != NO_MAX and rec.value > entity.value:
        raise RecordError("value_out_of_range", f"value: above {entity.value:g}", field="value")
    start = period_start(rec.period, entity.kind)
    today = (ctx.clock() + timedelta(hours=ctx.offset)).date()
    if start > today:
        raise RecordError("period_in_future", "period: has not begun yet")
    return rec.model_copy(update={"period": start})


def insert(ctx, conn: Connection, valid: list[tuple[int, IndicatorRecord]]) -> int:
    table = IndicatorValue.__table__
    rows = {}
    for _, r in sorted(valid, key=lambda item: item[1].reported_at):  # the latest report of a key wins
        rows[(r.indicator, r.period, r.ward or CITY)] = {
            "indicator_code": r.indicator, "period_start": r.period, "scope": r.ward or CITY, "value": float(r.value),
            "reported_at": r.reported_at, "simulated": r.simulated}
    if not rows:
        return 0
    key = tuple_(table.c.indicator_code, table.c.period_start, table.c.scope)
    stored = {(c, p, s): v for c, p, s, v in conn.execute(
        select(table.c.indicator_code, table.c.period_start, table.c.scope, table.c.value).where(key.in_(list(rows))))}
    fresh = [row for k, row in rows.items() if k not in stored]
    changed = len(insert_new(conn, table, fresh, ["indicator_code", "period_start", "scope"]))
    for k, row in rows.items():
        if k in stored and stored[k] != row["value"]:
            conn.execute(update(table).where(key == k).values(
                value=row["value"], reported_at=row["reported_at"], simulated=row["simulated"]))
            changed += 1
    return changed


def entities():
    ind = Indicator
    return select(ind.code, literal(None).label("ward_code"), ind.period, func.coalesce(ind.max_value, NO_MAX))


def catalogue(pack: CityPack) -> pd.DataFrame:
    """The pack's `indicators.csv` (empty when the pack has none)."""
    return catalogue_at(pack.file("indicators.csv"))


def catalogue_at(path: Path) -> pd.DataFrame:
    if not path.is_file():
        return pd.DataFrame(columns=["code"])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for column in ("target", "amber", "max_value"):
        frame[column] = pd.to_numeric(frame[column].replace("", None))
    frame["placeholder"] = frame["placeholder"].str.lower().eq("true")
    return frame


def pack_targets(pack: CityPack) -> pd.DataFrame:
    """The pack's `kpi_targets.csv`: targets of the KPIs the centre computes itself."""
    path = pack.file("kpi_targets.csv")
    if not path.is_file():
        return pd.DataFrame(columns=["code", "target", "amber", "better", "placeholder"])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for column in ("target", "amber"):
        frame[column] = pd.to_numeric(frame[column].replace("", None))
    frame["placeholder"] = frame["placeholder"].str.lower().eq("true")
    return frame


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def load_registry(engine, pack: CityPack) -> int:
    """Upsert the catalogue; add the targets that are not in the database yet (an admin's edits stay)."""
    cat = catalogue(pack)
    rows = [{"code": r.code, "name_vi": r.name_vi, "name_en": r.name_en, "pillar": r.pillar, "unit_vi": r.unit_vi,
             "unit_en": r.unit_en, "period": r.period, "better": r.better, "max_value": _number(r.max_value),
             "department_vi": r.department_vi, "department_en": r.department_en} for r in cat.itertuples()]
    upsert(engine, Indicator.__table__, rows, ["code"])
    targets = [{"code": r.code, "target": _number(r.target), "amber": _number(r.amber), "better": r.better,
                "placeholder": bool(r.placeholder), "updated_at": None, "updated_by": None}
               for frame in (cat, pack_targets(pack)) if not frame.empty for r in frame.itertuples()]
    add_missing(engine, KpiTarget.__table__, targets, ["code"])
    return len(rows)
