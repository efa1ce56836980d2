"""SLA timers: each open incident's clock against the city pack's targets (category × severity).

An incident not yet acknowledged runs on the acknowledge target; once acknowledged, on the resolve target;
both counted from when it was reported, from its event trail as of `at`. State: `on_time`, `near_late`
(≥ 80 % of the time used) or `late`; `none` where the pack has no target. Targets of the demo pack are
placeholders (no official figures exist) and say so in their `placeholder` column.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from data.domains.incidents.provider import IncidentsProvider
from data.rules import lifecycle
from data.store.frames import as_of

NEAR_LATE = 0.8
# The SLA states, most urgent first.
SLA_STATES = ("late", "near_late", "on_time", "none")


def sla_state(frame: pd.DataFrame, targets: pd.DataFrame, at: datetime) -> pd.DataFrame:
    """Add stage, due, used (share of the allowed time), sla_state and placeholder to incidents with
    category, severity, reported_at and acknowledged_at (NaT when not yet)."""
    goals = targets[["category", "severity", "ack_minutes", "resolve_minutes", "placeholder"]]
    frame = frame.merge(goals, on=["category", "severity"], how="left")
    waiting = frame["acknowledged_at"].isna()
    frame["stage"] = np.where(waiting, "ack", "resolve")
    minutes = frame["ack_minutes"].where(waiting, frame["resolve_minutes"])
    frame["due"] = frame["reported_at"] + pd.to_timedelta(minutes, unit="min")
    elapsed = (pd.Timestamp(at) - frame["reported_at"]).dt.total_seconds()
    frame["used"] = elapsed / (minutes * 60.0)
    frame["sla_state"] = np.select([minutes.isna(), frame["used"] >= 1, frame["used"] >= NEAR_LATE],
                                   ["none", "late", "near_late"], "on_time")
    frame["placeholder"] = frame["placeholder"].map(lambda v: str(v).lower() in ("true", "1", "yes"))
    return frame.drop(columns=["ack_minutes", "resolve_minutes"])


def resolve_lateness(milestones: pd.DataFrame, targets: pd.DataFrame, at: datetime) -> pd.DataFrame:
    """Add due (reported_at + the resolve target), counted and late to a `milestones()` frame, as the
    one-stop-shop formula counts them at `at`: an incident counts once it has ended or its due time has
    passed; it is late when it ended after its due time or is still open past it. No target: not counted."""
    goals = targets[["category", "severity", "resolve_minutes"]]
    frame = milestones.merge(goals, on=["category", "severity"], how="left")
    frame["due"] = frame["reported_at"] + pd.to_timedelta(frame["resolve_minutes"], unit="min")
    at = pd.Timestamp(at)
    finish = frame["ended_at"].fillna(at)
    has_target = frame["resolve_minutes"].notna()
    frame["counted"] = has_target & (frame["ended_at"].notna() | (frame["due"] <= at))
    frame["late"] = frame["counted"] & (finish > frame["due"])
    return frame.drop(columns=["resolve_minutes"])


class SlaProvider:
    """Frame from `open_incidents()`: the `IncidentsProvider.incidents()` columns of open incidents plus
    acknowledged_at, stage (ack/resolve), due, used, sla_state, placeholder; `queue()` the same with the console's
    filters (and finished incidents when asked for, without the SLA columns filled)."""

    def __init__(self, incidents: IncidentsProvider, targets: pd.DataFrame):
        self.incidents = incidents
        self.targets = targets

    def open_incidents(self, at: datetime | None = None, frame: pd.DataFrame | None = None) -> pd.DataFrame:
        """Open incidents as of `at` with their SLA state (`frame`: an already filtered `incidents()` frame)."""
        at = as_of(at)
        frame = self.incidents.incidents(at, open_only=True) if frame is None else frame
        frame = frame[frame["status"].isin(lifecycle.OPEN_STATUSES)]
        acked = self.incidents.acknowledged_at([int(i) for i in frame["id"]], at)
        return sla_state(frame.merge(acked, on="id", how="left"), self.targets, at)

    def queue(self, statuses: tuple[str, ...] | None = None, categories=None, severities=None, wards=None,
              channels=None, sla_states=None, at: datetime | None = None, search: str | None = None,
              since: datetime | None = None) -> pd.DataFrame:
        """The console's queue: open incidents with their SLA state by default; `statuses` may bring in finished
        ones (no SLA clock, newest first after the open ones); each filter keeps the rows whose value is in it
        (None or empty: no filter); `sla_states` keeps only open incidents in those states; `search` an id or
        words of the text, `since` only those reported from then on."""
        at = as_of(at)
        frame = self.incidents.incidents(at, status=tuple(statuses or lifecycle.OPEN_STATUSES), search=search,
                                         since=since)
        for column, values in (("category", categories), ("severity", severities), ("ward_code", wards),
                               ("channel", channels)):
            if values:
                frame = frame[frame[column].isin(values)]
        with_sla = self.open_incidents(at, frame)
        if sla_states:
            return with_sla[with_sla["sla_state"].isin(sla_states)]
        finished = frame[~frame["status"].isin(lifecycle.OPEN_STATUSES)]
        if finished.empty:
            return with_sla
        return pd.concat([with_sla, finished], ignore_index=True).sort_values("reported_at", ascending=False)

    def of(self, incident_id: int, at: datetime | None = None) -> dict | None:
        """The SLA row of one open incident (None when it is closed or unknown)."""
        found = self.open_incidents(at, self.incidents.incidents(at, open_only=True).query("id == @incident_id"))
        return None if found.empty else found.iloc[0].to_dict()
