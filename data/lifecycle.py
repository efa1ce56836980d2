"""Incident statuses and the transitions allowed between them."""

from __future__ import annotations

NEW, ACKNOWLEDGED, DISPATCHED, IN_PROGRESS, RESOLVED, CLOSED = (
    "new", "acknowledged", "dispatched", "in_progress", "resolved", "closed")
REJECTED, DUPLICATE = "rejected", "duplicate"

STATUSES = (NEW, ACKNOWLEDGED, DISPATCHED, IN_PROGRESS, RESOLVED, CLOSED, REJECTED, DUPLICATE)
OPEN_STATUSES = (NEW, ACKNOWLEDGED, DISPATCHED, IN_PROGRESS)
# The statuses in which the response has been finished (for SLA "resolved in time" figures).
DONE_STATUSES = (RESOLVED, CLOSED, REJECTED, DUPLICATE)

TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({NEW}),
    NEW: frozenset({ACKNOWLEDGED, REJECTED, DUPLICATE}),
    ACKNOWLEDGED: frozenset({DISPATCHED, IN_PROGRESS, RESOLVED, REJECTED, DUPLICATE}),
    DISPATCHED: frozenset({IN_PROGRESS, RESOLVED, DISPATCHED}),
    IN_PROGRESS: frozenset({RESOLVED, DISPATCHED}),
    RESOLVED: frozenset({CLOSED, ACKNOWLEDGED}),  # resolved -> acknowledged is a reopen
    CLOSED: frozenset({ACKNOWLEDGED}),
    REJECTED: frozenset({ACKNOWLEDGED}),
    DUPLICATE: frozenset(),
}


def is_allowed(current: str | None, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
