"""Overview callbacks: when the pushed versions say a domain changed, patch its map traces and card."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, Patch, State, callback, clientside_callback, no_update

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


# A changed label list is patched label by label when fewer than this share of its labels changed.
LABEL_PATCH_SHARE = 0.25


def patch_trace(figure: Patch, index: int, before: dict | None, after: dict) -> None:
    """Send what changed in trace `index` since `before` (what the page shows; None: unknown): nothing when equal,
    only the changed hover labels when nothing else changed (a new reading on a province's thousands of
    segments), else the whole trace."""
    if before == after:
        return
    labels, old = after.get("hovertext"), (before or {}).get("hovertext")
    if (before is not None and isinstance(labels, list) and isinstance(old, list) and len(labels) == len(old)
            and {k: v for k, v in before.items() if k != "hovertext"} == {k: v for k, v in after.items()
                                                                         if k != "hovertext"}):
        changed = [i for i, (a, b) in enumerate(zip(old, labels, strict=True)) if a != b]
        if len(changed) <= LABEL_PATCH_SHARE * len(labels):
            for i in changed:
                figure["data"][index]["hovertext"][i] = labels[i]
            return
    figure["data"][index] = after


CARD_OUTPUTS = [Output(f(v.name), "children") for v in views() for f in (ids.card_value, ids.card_detail)]


@callback(Output(ids.OVERVIEW_MAP, "figure"), *CARD_OUTPUTS, Output(ids.OVERVIEW_UPDATED, "children"),
          Output(ids.OVERVIEW_SEEN, "data"),
          Input(ids.OVERVIEW_ASK, "data"), State(ids.OVERVIEW_SEEN, "data"), State(ids.OVERVIEW_LANG, "data"))
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
        drawn = domain_view.cached(domain, lang, seen.get(domain)) if seen is not None else None
        before = drawn[0] if drawn is not None else [None] * len(traces)
        for index, old, trace in zip(trace_slots()[domain], before, traces, strict=True):
            patch_trace(figure, index, old, trace)
        position = order.index(domain) * 2
        cards[position:position + 2] = views()[order.index(domain)].card(summary, lang)
        if domain == FRESHNESS_DOMAIN:
            updated = updated_text(summary["latest"], get_services().zone, lang)
    # What this page now shows: the versions it was drawn at (the base of the next patch).
    drawn_at = {d: known.get(d, versions.get(d)) for d in domain_names()}
    return (figure, *cards, updated, drawn_at)


# A push of versions the map already shows (the first push after the page drew itself) asks the server nothing.
clientside_callback(
    ClientsideFunction("cityops", "askIfNew"),
    Output(ids.OVERVIEW_ASK, "data"), Input(ids.LIVE_VERSIONS, "data"), State(ids.OVERVIEW_SEEN, "data"),
)
