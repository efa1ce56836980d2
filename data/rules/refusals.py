"""Refusals: a change the data layer will not make, with the reason as a code.

`str()` is English and machine-readable (commands, logs, the ingest API's `error`); `reason` and `params` let the
UI say it in the page's language (`refusal.<reason>` in the string catalog, `layouts.refusals.refusal_text`).
"""

from __future__ import annotations

from pydantic import ValidationError

# pydantic error types with a reason of their own; every other type is an `invalid_field`.
VALIDATION_REASONS = {"missing": "missing_field", "extra_forbidden": "unknown_field"}


class Refusal(ValueError):
    """A refused change: `reason` (a code), `params` (the values its text names), `str()` in English."""

    def __init__(self, reason: str, message: str, **params):
        super().__init__(message)
        self.reason, self.params = reason, params


def invalid_record(exc: ValidationError) -> Refusal:
    """The first problem pydantic found in a record, naming the record field it is in (`field`)."""
    first = exc.errors(include_url=False, include_input=False)[0]
    where = [str(part) for part in first["loc"]]
    return Refusal(VALIDATION_REASONS.get(first["type"], "invalid_field"),
                   f"{'.'.join(where) or 'record'}: {first['msg']}", field=where[0] if where else "record")


class RecordError(Refusal):
    """A record that is well-formed but refers to something we do not know or accept."""
