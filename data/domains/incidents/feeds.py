"""Incidents across the feeds: an NGSI-v2 `Alert` becomes a new incident (no registered code needed)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from data.rules.ngsi import EntityError, Translated, observed_at, value_of

SEVERITY = {"critical": 1, "high": 2, "medium": 3, "low": 4, "informational": 4}
ALERT_CATEGORIES = {"traffic": "giao_thong", "weather": "cap_thoat_nuoc", "environment": "moi_truong",
                    "health": "y_te", "security": "an_ninh_trat_tu", "infrastructure": "ha_tang"}
CODE_RE = re.compile(r"^[\w.\-:]{1,32}$")


def alert(entity: Mapping, _code: str | None) -> Translated:
    entity_id = entity["id"]
    ts, _ = observed_at(entity, "dateIssued", "dateObserved")
    location = value_of(entity.get("location"))
    try:
        lon, lat = location["coordinates"][:2]
    except (TypeError, KeyError, ValueError) as exc:
        raise EntityError("location: a GeoJSON Point is required") from exc
    category = str(value_of(entity.get("category")) or "").lower()
    sub = str(value_of(entity.get("subCategory")) or category or "alert")
    external = entity_id if CODE_RE.match(entity_id) else hashlib.sha1(entity_id.encode()).hexdigest()[:32]
    return Translated("incidents", [{
        "external_id": external, "source": "ngsi", "category": ALERT_CATEGORIES.get(category, "khac"),
        "severity": SEVERITY.get(str(value_of(entity.get("severity")) or "").lower(), 3),
        "title": sub[:200], "description": (str(value_of(entity.get("description")) or "") or None),
        "lat": lat, "lon": lon, "reported_at": ts.isoformat()}])


def series(incidents, start, end, bucket: str, ward: str | None, _entity: str | None, _parameter: str):
    return incidents.series(start, end, bucket, ward=ward)
