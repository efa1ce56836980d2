"""A refusal (`data.rules.refusals.Refusal` or a write path `Rejection`) in the page's language: every callback that
shows one goes through `refusal_text`."""

from __future__ import annotations

from typing import Protocol

from layouts.i18n import t, t_or

# Params naming something the catalog has words for: a record field, an incident or alert status, a data domain.
NAMED_PARAMS = {"field": "field.{}", "from_status": "inc.status.{}", "to_status": "inc.status.{}",
                "alert_status": "alerts.status.{}", "domain": "card.{}"}


class Refused(Protocol):
    reason: str
    params: dict


def refusal_text(refusal: Refused, lang: str) -> str:
    """"Không thực hiện được: …" / "Refused: …" with the reason's catalog text (`refusal.<reason>`)."""
    params = {name: _in_words(name, value, lang) for name, value in refusal.params.items()}
    return t("inc.action.refused", lang, error=t(f"refusal.{refusal.reason}", lang, **params))


def _in_words(name: str, value, lang: str):
    pattern = NAMED_PARAMS.get(name)
    return value if pattern is None else t_or(pattern.format(value), lang, str(value))
