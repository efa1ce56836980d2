"""Overview callbacks: when the pushed versions say a domain changed, patch its map traces and card."""

from __future__ import annotations

from dash import Input, Output, Patch, State, callback, no_update

from callbacks._per_version import per_version
from callbacks.domains import module
from data.domains import domain_names
from data.wiring.services import get_services
from layouts import ids
from layouts.domains import trace_slots, views
from layouts.overview import updated_text

# The card whose provider's `latest` says how fresh the page is.
FRESHNESS_DOMAIN = "traffic"


def changed_domains(live: dict | None, seen: dict | None) -> list[str]:
    """Domains whose version differs from what this page last drew (all of them on first draw)."""
    names = [v.name for v in views()]
    if seen is None:
        return names
    versions = (live or {}).get("versions") or {}
    return [d for d in names if versions.get(d) != seen.get(d)]


@per_version(64)
def domain_view(domain: str, lang: str, version: int | None) -> tuple[list[dict], dict]:
    """Traces and summary of a domain at a data version: computed once per version, shared by every open page."""
    return module(domain).map_traces(lang), get_services().provider(domain).summary()


CARD_OUTPUTS = [Output(f(v.name), "children") for v in views() for f in (ids.card_value, ids.card_detail)]


@callback(Output(ids.OVERVIEW_MAP, "figure"), *CARD_OUTPUTS, Output(ids.OVERVIEW_UPDATED, "children"),
          Output(ids.OVERVIEW_SEEN, "data"),
          Input(ids.LIVE_VERSIONS, "data"), State(ids.OVERVIEW_SEEN, "data"), State(ids.OVERVIEW_LANG, "data"))
def refresh_overview(live: dict | None, seen: dict | None, lang: str | None):
    changed = changed_domains(live, seen)
    if not changed:
        return (no_update,) * (len(CARD_OUTPUTS) + 3)
    figure = Patch()
    cards: list = [no_update] * len(CARD_OUTPUTS)
    updated = no_update
    versions = (live or {}).get("versions") or {}
    known = get_services().watcher.snapshot()[1]  # keyed by what this process knows (the first draw has no push yet)
    order = [v.name for v in views()]
    for domain in changed:
        traces, summary = domain_view(domain, lang, known.get(domain))
        for index, trace in zip(trace_slots()[domain], traces, strict=True):
            figure["data"][index] = trace
        position = order.index(domain) * 2
        cards[position:position + 2] = views()[order.index(domain)].card(summary, lang)
        if domain == FRESHNESS_DOMAIN:
            updated = updated_text(summary["latest"], get_services().zone, lang)
    return (figure, *cards, updated, {d: versions.get(d) for d in domain_names()})
