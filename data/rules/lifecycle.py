"""Incident statuses and the transitions allowed between them."""

from __future__ import annotations

NEW, ACKNOWLEDGED, DISPATCHED, IN_PROGRESS, RESOLVED, CLOSED = (
    "new", "acknowledged", "dispatched", "in_progress", "resolved", "closed")
REJECTED, DUPLICATE = "rejected", "duplicate"

STATUSES = (NEW, ACKNOWLEDGED, DISPATCHED, IN_PROGRESS, RESOLVED, CLOSED, REJECTED, DUPLICATE)
OPEN_STATUSES = (NEW, ACKNOWLEDGED, DISPATCHED, IN_PROGRESS)
# The statuses in which the response has been finished (for SLA "resolved in time" figures).
DONE_STATUSES = (RESOLVED, CLOSED, REJECTED, DUPLICATE)
# The statuses an incident first reaches when its handling ends (closing follows a resolution).
ENDED_STATUSES = (RESOLVED, REJECTED, DUPLICATE)

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


# Reopening (back to acknowledged from a finished status), rejecting and merging need the operator's comment.
REOPEN_FROM = (RESOLVED, CLOSED, REJECTED)
# The operator's actions in the console, each the target status it moves an incident to.
ACTIONS = {"acknowledge": ACKNOWLEDGED, "dispatch": DISPATCHED, "start": IN_PROGRESS, "resolve": RESOLVED,
           "close": CLOSED, "reject": REJECTED, "duplicate": DUPLICATE, "reopen": ACKNOWLEDGED}


def is_allowed(current: str | None, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def is_reopen(current: str | None, target: str) -> bool:
    return target == ACKNOWLEDGED and current in REOPEN_FROM


def needs_note(current: str | None, target: str) -> bool:
    return target in (REJECTED, DUPLICATE) or is_reopen(current, target)


def available_actions(current: str | None) -> list[str]:
    """The console actions legal from `current` (acknowledge and reopen share a target, told apart here)."""
    return [name for name, target in ACTIONS.items() if is_allowed(current, target)
            and (name == "reopen") == is_reopen(current, target)]
