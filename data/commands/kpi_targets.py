"""The targets of the leaders' board as admins change them: target and amber threshold of a KPI, each change
audited. The city pack only adds targets the database does not hold yet, so what an admin sets here stays."""

from __future__ import annotations

import math

import pandas as pd
from sqlalchemy import select

from data.domains.indicators.models import KpiTarget
from data.domains.indicators.provider import IndicatorsProvider
from data.ingest import audit
from data.rules.refusals import Refusal
from data.store.db import Engines, utcnow


class TargetError(Refusal):
    """A target the store refuses (unknown KPI, not a number, amber on the wrong side of the target)."""


def _number(value, name: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TargetError("kpi_target_number", f"{name}: not a number", field=name) from None
    if not math.isfinite(number) or abs(number) > 1e12:
        raise TargetError("kpi_target_number", f"{name}: not a number", field=name)
    return number


class KpiTargets:
    """Frame from `list()`: the `IndicatorsProvider.targets()` columns. Audit targets are `kpi:<code>`."""

    def __init__(self, engines: Engines, clock=utcnow):
        self.engine = engines["indicators"]
        self.audit_engine = engines.main
        self.clock = clock

    def list(self) -> pd.DataFrame:
        return IndicatorsProvider(self.engine).targets()

    def set(self, code: str, target, amber, actor: str) -> bool:
        """Set a KPI's target and amber threshold (None: no target / no amber band); False when nothing changed.
        The amber threshold lies beyond the target in the worse direction (below it when higher is better)."""
        target, amber = _number(target, "target"), _number(amber, "amber")
        table = KpiTarget.__table__
        with self.engine.begin() as conn:
            row = conn.execute(select(table).where(table.c.code == str(code))).mappings().first()
            if row is None:
                raise TargetError("kpi_unknown", f"code: unknown KPI {code!r}", code=str(code))
            if amber is not None and target is None:
                raise TargetError("kpi_amber_without_target", "amber: needs a target")
            if amber is not None and (amber > target if row["better"] == "higher" else amber < target):
                raise TargetError("kpi_amber_side", "amber: must lie on the worse side of the target")
            before = {"target": row["target"], "amber": row["amber"]}
            after = {"target": target, "amber": amber}
            if before == after:
                return False
            conn.execute(table.update().where(table.c.code == row["code"]).values(
                **after, placeholder=False, updated_at=self.clock(), updated_by=actor))
            entry = {"ts": self.clock(), "actor": actor, "action": "kpi_target.update", "target": f"kpi:{row['code']}",
                     "before": {**before, "placeholder": row["placeholder"]}, "after": {**after, "placeholder": False}}
            if conn.engine is self.audit_engine:
                audit.record(conn, **entry)
        if conn.engine is not self.audit_engine:
            audit.record_many(self.audit_engine, [entry])
        return True
