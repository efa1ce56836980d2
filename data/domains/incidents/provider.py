"""Incidents provider: the queue as of any moment (from the event trail), counts, series, timelines."""

from __future__ import annotations

from datetime import datetime

import geopandas as gpd
import pandas as pd
from sqlalchemy import and_, case, func, or_, select

from data.domains.incidents.models import (
    Incident,
    IncidentCategory,
    IncidentEvent,
    IncidentEventUnit,
    IncidentMerge,
    ResponseUnit,
)
from data.rules import lifecycle
from data.store.frames import (
    DomainProvider,
    as_of,
    bucket_column,
    normalise_bucket,
    points,
    read_frame,
    window,
)

GROUPINGS = {"status": None, "category": Incident.category, "ward": Incident.ward_code,
             "severity": Incident.severity, "source": Incident.source,
             "channel": Incident.channel}



def _matches(search: str):
    """The condition of a console search: the incident's id, or every word in its text (case-insensitive)."""
    inc = Incident
    digits = search.lstrip("#")
    if digits.isdigit() and len(digits) <= 9:
        return or_(inc.id == int(digits), inc.external_id == search)
    words = search.split()[:8]  # % and _ are literal (autoescape)
    fields = (inc.title, inc.description, inc.address, inc.external_id)
    return and_(*[or_(*[func.lower(f).contains(w.lower(), autoescape=True) for f in fields]) for w in words])


class IncidentsProvider(DomainProvider):
    """Answers incident questions from `incidents` and `incident_events`.

    Frames returned:
    - `incidents()`: id, source, external_id, channel, category, severity, title, lon, lat, ward_code,
      reported_at, status, status_since — the status as it stood at `at` (from the row, or replayed from the
      event trail for incidents changed since).
    - `counts()`: <by>, incidents — incidents reported in [start, end), by
      status/category/ward/severity/source/channel (channel: data.rules.records.CHANNELS; citizen field reports,
      from the city's app or Open311, are "citizen_report").
    - `series()`: bucket, incidents (reported per bucket).
    - `timeline()`: ts, actor, from_status, to_status, note, unit_code of one incident.
    - `milestones()`: id, category, severity, channel, ward_code, reported_at, acknowledged_at, resolved_at,
      ended_at (first resolved, rejected or merged as a duplicate; NaT while it goes on), kept on each row.
    - `trail()`: incident_id, ts, actor, from_status, to_status, note, units — with merged duplicates' trails.
    - `detail()` (a dict), `response_units()`, `categories()`; `nearest()` ranks sites by distance.
    - `reported_by()`: external_id, category, description, lon, lat, reported_at, updated_at, status, note.
    - `acknowledged_at()`: id, acknowledged_at; `id_of()` an incident's id by (source, external id).
    - `open_counts()`: <by>, incidents — open incidents at `at` by severity/category/ward_code.
    Reporter contact details are never part of these frames.
    """

    def _state_at(self, at: datetime):
        """(subquery, status, status_since) of the incidents as they stood at `at`. An incident unchanged since
        `at` (updated_at is its latest event's time) stood as its row says; only those changed later are
        replayed from their trail (their latest event at or before `at`; ids grow with time per incident), so
        the cost follows the incidents changed since `at`, not the whole history. Join the subquery with an
        outer join on incident_id."""
        inc, ev = Incident, IncidentEvent
        changed_later = select(inc.id).where(inc.updated_at > at, inc.reported_at <= at)
        last = (select(ev.incident_id, func.max(ev.id).label("id"))
                .where(ev.ts <= at, ev.incident_id.in_(changed_later)).group_by(ev.incident_id).subquery())
        replayed = (select(ev.incident_id, ev.to_status.label("status"), ev.ts.label("status_since"))
                    .join(last, last.c.id == ev.id).subquery())
        unchanged = inc.updated_at <= at
        return (replayed, case((unchanged, inc.status), else_=replayed.c.status),
                case((unchanged, inc.updated_at), else_=replayed.c.status_since))

    def incidents(self, at: datetime | None = None, ward: str | None = None, status: tuple[str, ...] | None = None,
                  category: str | None = None, open_only: bool = False, since: datetime | None = None,
                  search: str | None = None) -> pd.DataFrame:
        """`search`: an id ("12" or "#12") or words found in the title, description, address or external id."""
        at = as_of(at)
        inc = Incident
        replayed, status_at, since_at = self._state_at(at)
        stmt = (select(inc.id, inc.source, inc.external_id, inc.channel, inc.category, inc.severity, inc.title,
                       inc.lon, inc.lat, inc.ward_code, inc.reported_at, status_at.label("status"),
                       since_at.label("status_since"))
                .outerjoin(replayed, replayed.c.incident_id == inc.id)
                .where(inc.reported_at <= at).order_by(inc.reported_at.desc(), inc.id.desc()))
        wanted = lifecycle.OPEN_STATUSES if open_only else status
        if wanted:
            # Open (or in `wanted`) at `at`: in that status now, or changed since (an index on each).
            stmt = stmt.where(or_(inc.status.in_(wanted), inc.updated_at > at), status_at.in_(wanted))
        if ward:
            stmt = stmt.where(inc.ward_code == ward)
        if category:
            stmt = stmt.where(inc.category == category)
        if since is not None:
            stmt = stmt.where(inc.reported_at >= as_of(since))
        if search and search.strip():
            stmt = stmt.where(_matches(search.strip()))
        return read_frame(self.engine, stmt, utc_columns=("reported_at", "status_since"))

    def open_by_severity(self, at: datetime | None = None, ward: str | None = None) -> pd.DataFrame:
        frame = self.incidents(at, ward, open_only=True)
        counts = frame["severity"].value_counts()
        return pd.DataFrame({"severity": [1, 2, 3, 4], "incidents": [int(counts.get(s, 0)) for s in (1, 2, 3, 4)]})

    def counts(self, start: datetime, end: datetime, by: str = "category", ward: str | None = None) -> pd.DataFrame:
        """Incidents reported in [start, end) grouped by a column (status = status at `end`)."""
        if by not in GROUPINGS:
            raise ValueError(f"by must be one of {sorted(GROUPINGS)}")
        start, end = window(start, end)
        inc = Incident
        if by == "status":
            replayed, column, _since = self._state_at(end)
            base = (select(column.label(by), func.count().label("incidents")).select_from(inc)
                    .outerjoin(replayed, replayed.c.incident_id == inc.id))
        else:
            column = GROUPINGS[by]
            base = select(column.label(by), func.count().label("incidents")).select_from(inc)
        stmt = base.where(inc.reported_at >= start, inc.reported_at < end).group_by(column).order_by(column)
        if ward:
            stmt = stmt.where(inc.ward_code == ward)
        return read_frame(self.engine, stmt)

    def series(self, start: datetime, end: datetime, bucket: str = "day", ward: str | None = None,
               category: str | None = None) -> pd.DataFrame:
        start, end = window(start, end)
        inc = Incident
        label = bucket_column(inc.reported_at, bucket, self.offset, hourly=False).label("bucket")
        stmt = (select(label, func.count().label("incidents"))
                .where(inc.reported_at >= start, inc.reported_at < end).group_by(label))
        if ward:
            stmt = stmt.where(inc.ward_code == ward)
        if category:
            stmt = stmt.where(inc.category == category)
        return normalise_bucket(read_frame(self.engine, stmt), bucket)

    def timeline(self, incident_id: int) -> pd.DataFrame:
        ev = IncidentEvent
        stmt = (select(ev.ts, ev.actor, ev.from_status, ev.to_status, ev.note, ev.unit_code)
                .where(ev.incident_id == incident_id).order_by(ev.ts, ev.id))
        return read_frame(self.engine, stmt, utc_columns=("ts",))

    def milestones(self, start: datetime, end: datetime, ward: str | None = None) -> pd.DataFrame:
        """When each incident reported in [start, end) was first acknowledged, first resolved and ended (events
        up to now: pass an `end` in the past and later events still count)."""
        start, end = window(start, end)
        inc = Incident
        stmt = (select(inc.id, inc.category, inc.severity, inc.channel, inc.ward_code, inc.reported_at,
                       inc.acknowledged_at, inc.resolved_at, inc.ended_at)
                .where(inc.reported_at >= start, inc.reported_at < end).order_by(inc.id))
        if ward:
            stmt = stmt.where(inc.ward_code == ward)
        return read_frame(self.engine, stmt,
                          utc_columns=("reported_at", "acknowledged_at", "resolved_at", "ended_at"))

    def active_milestones(self, start: datetime, end: datetime) -> pd.DataFrame:
        """The `milestones()` columns of every incident reported before `end` that had not ended before `start`
        (what any day of [start, end) may count: received, handled, still open, overdue), with where it happened (lon,
        lat)."""
        start, end = window(start, end)
        inc = Incident
        stmt = (select(inc.id, inc.category, inc.severity, inc.channel, inc.ward_code, inc.reported_at,
                       inc.acknowledged_at, inc.resolved_at, inc.ended_at, inc.lon, inc.lat)
                .where(inc.reported_at < end, or_(inc.ended_at.is_(None), inc.ended_at >= start)).order_by(inc.id))
        return read_frame(self.engine, stmt,
                          utc_columns=("reported_at", "acknowledged_at", "resolved_at", "ended_at"))

    def open_counts(self, by: str, at: datetime | None = None) -> pd.DataFrame:
        if by not in ("severity", "category", "ward_code"):
            raise ValueError("by must be severity, category or ward_code")
        frame = self.incidents(at, open_only=True)
        counts = frame.groupby(by).size().rename("incidents").reset_index()
        return counts.sort_values(["incidents", by], ascending=[False, True]).reset_index(drop=True)

    def summary(self, at: datetime | None = None, ward: str | None = None) -> dict:
        by_severity = self.open_by_severity(at, ward).set_index("severity")["incidents"]
        return {"open": int(by_severity.sum()), **{f"s{s}": int(by_severity.get(s, 0)) for s in (1, 2, 3, 4)}}

    # --- the operator console -------------------------------------------------------------------

    def detail(self, incident_id: int, with_contact: bool = False) -> dict | None:
        """One incident with its description and merge links; reporter contact only when `with_contact`
        (operators and admins)."""
        inc, merge = Incident, IncidentMerge
        columns = [inc.id, inc.source, inc.external_id, inc.channel, inc.category, inc.severity, inc.title, inc.description,
                   inc.address, inc.lon, inc.lat, inc.ward_code, inc.reported_at, inc.status, inc.updated_at]
        if with_contact:
            columns += [inc.reporter_name, inc.reporter_phone]
        with self.engine.connect() as conn:
            row = conn.execute(select(*columns).where(inc.id == incident_id)).mappings().first()
            if row is None:
                return None
            into = conn.execute(select(merge.into_id).where(merge.duplicate_id == incident_id)).scalar()
            merged = conn.execute(select(merge.duplicate_id).where(merge.into_id == incident_id)
                                  .order_by(merge.duplicate_id)).scalars().all()
        return {**row, "merged_into": into, "merged_from": list(merged)}

    def trail(self, incident_id: int) -> pd.DataFrame:
        """The event trail of an incident and of every duplicate merged into it: incident_id, ts, actor,
        from_status, to_status, note, units (list of response unit codes)."""
        ev, units, merge = IncidentEvent, IncidentEventUnit, IncidentMerge
        ids = select(merge.duplicate_id).where(merge.into_id == incident_id)
        stmt = (select(ev.id, ev.incident_id, ev.ts, ev.actor, ev.from_status, ev.to_status, ev.note, ev.unit_code)
                .where(or_(ev.incident_id == incident_id, ev.incident_id.in_(ids))).order_by(ev.ts, ev.id))
        frame = read_frame(self.engine, stmt, utc_columns=("ts",))
        unit_rows = read_frame(self.engine, select(units.event_id, units.unit_code)
                               .where(units.event_id.in_([int(i) for i in frame["id"]])))
        by_event = unit_rows.groupby("event_id")["unit_code"].agg(list).to_dict() if not unit_rows.empty else {}
        frame["units"] = [by_event.get(i) or ([u] if isinstance(u, str) else [])
                          for i, u in zip(frame["id"], frame["unit_code"], strict=True)]
        return frame.drop(columns=["id", "unit_code"])

    def reported_by(self, source: str, external_ids: list[str] | None = None, categories: list[str] | None = None,
                    start: datetime | None = None, end: datetime | None = None, open_only: bool | None = None,
                    limit: int = 1000) -> pd.DataFrame:
        """external_id, category, description, lon, lat, reported_at, updated_at, status, note (of the latest
        event) of the incidents one source reported, newest first (`external_ids` overrides the other filters;
        `open_only` False keeps the finished ones). Never the reporter's contact data."""
        inc, ev = Incident, IncidentEvent
        latest = select(ev.incident_id, func.max(ev.id).label("id")).group_by(ev.incident_id).subquery()
        stmt = (select(inc.external_id, inc.category, inc.description, inc.lon, inc.lat,
                       inc.reported_at, inc.updated_at, inc.status, ev.note)
                .outerjoin(latest, latest.c.incident_id == inc.id).outerjoin(ev, ev.id == latest.c.id)
                .where(inc.source == source).order_by(inc.reported_at.desc(), inc.id.desc()).limit(limit))
        if external_ids:
            stmt = stmt.where(inc.external_id.in_(external_ids))
        else:
            if categories:
                stmt = stmt.where(inc.category.in_(categories))
            if start is not None:
                stmt = stmt.where(inc.reported_at >= start)
            if end is not None:
                stmt = stmt.where(inc.reported_at < end)
            if open_only is not None:
                wanted = inc.status.in_(lifecycle.OPEN_STATUSES)
                stmt = stmt.where(wanted if open_only else ~wanted)
        return read_frame(self.engine, stmt, utc_columns=("reported_at", "updated_at"))

    def acknowledged_at(self, ids: list[int], at: datetime) -> pd.DataFrame:
        """id, acknowledged_at (first acknowledgement at or before `at`) of the incidents `ids`."""
        ev = IncidentEvent
        stmt = (select(ev.incident_id.label("id"), func.min(ev.ts).label("acknowledged_at"))
                .where(ev.to_status == lifecycle.ACKNOWLEDGED, ev.ts <= at, ev.incident_id.in_(ids))
                .group_by(ev.incident_id))
        return read_frame(self.engine, stmt, utc_columns=("acknowledged_at",))

    def id_of(self, source: str, external_id: str) -> int | None:
        """The database id of the incident a feed knows as (source, external_id)."""
        with self.engine.connect() as conn:
            return conn.execute(select(Incident.id).where(Incident.source == source,
                                                          Incident.external_id == external_id)).scalar()

    def response_units(self, active_only: bool = False) -> pd.DataFrame:
        """code, name, kind, ward_code, lon, lat, phone, active of the city's response units; `active_only` keeps
        those that may be dispatched (all of them name the units of past events)."""
        ru = ResponseUnit
        stmt = select(ru.code, ru.name, ru.kind, ru.ward_code, ru.lon, ru.lat, ru.phone, ru.active).order_by(ru.code)
        return read_frame(self.engine, stmt.where(ru.active) if active_only else stmt)

    def categories(self) -> pd.DataFrame:
        """code, name_vi, name_en, default_severity."""
        c = IncidentCategory
        return read_frame(self.engine, select(c.code, c.name_vi, c.name_en, c.default_severity).order_by(c.code))



def nearest(incident: dict, sites: pd.DataFrame, k: int = 3) -> pd.DataFrame:
    """The `k` sites (any frame with lon/lat, e.g. cameras) closest to an incident, with distance_m,
    measured in the local UTM zone."""
    if sites.empty:
        return sites.assign(distance_m=pd.Series(dtype=float))
    here = points(pd.DataFrame([{"lon": incident["lon"], "lat": incident["lat"]}]))
    crs = here.estimate_utm_crs()
    candidates = points(sites.drop(columns=["geometry"], errors="ignore")).to_crs(crs)
    joined = gpd.sjoin_nearest(here.to_crs(crs), candidates, how="inner", distance_col="distance_m")
    first = candidates.loc[joined["index_right"]]  # the nearest join's answer leads the list
    rest = candidates.drop(index=first.index)
    rest = rest.assign(distance_m=rest.distance(here.to_crs(crs).geometry.iloc[0])).nsmallest(k - len(first), "distance_m")
    result = pd.concat([first.assign(distance_m=joined["distance_m"].to_numpy()), rest]).head(k)
    return pd.DataFrame(result.drop(columns="geometry")).reset_index(drop=True)
