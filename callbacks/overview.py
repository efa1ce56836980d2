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


# Per-point lists a trace may change in place (a reading's label, a camera's status colour and size); a changed
# list is patched item by item when fewer than this share of its items changed.
PATCHABLE = (("hovertext",), ("marker", "color"), ("marker", "size"))
LABEL_PATCH_SHARE = 0.25


def _at(trace: dict, path: tuple[str, ...]):
    for key in path:
        trace = trace.get(key) if isinstance(trace, dict) else None
    return trace


def _without_patchable(trace: dict) -> dict:
    out = {**trace}
    for *parents, last in PATCHABLE:
        node = out
        for key in parents:
            if not isinstance(node.get(key), dict):
                break
            node[key] = node = {**node[key]}
        else:
            node.pop(last, None)
    return out


def patch_trace(figure: Patch, index: int, before: dict | None, after: dict) -> None:
    """Send what changed in trace `index` since `before` (what the page shows; None: unknown): nothing when equal,
    only the changed items of its per-point lists when nothing else changed (a new reading on a province's
    thousands of segments, a camera going offline among thousands), else the whole trace."""
    if before == after:
        return
    if before is not None and _without_patchable(before) == _without_patchable(after):
        edits = []
        for path in PATCHABLE:
            old, new = _at(before, path), _at(after, path)
            if old == new:
                continue
            if not (isinstance(old, list) and isinstance(new, list) and len(old) == len(new)):
                edits = None
                break
            changed = [(path, i, b) for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
            if len(changed) > LABEL_PATCH_SHARE * len(new):
                edits = None
                break
            edits += changed
        if edits is not None:
            for path, i, value in edits:
                target = figure["data"][index]
                for key in path:
                    target = target[key]
                target[i] = value
            return
    figure["data"][index] = after


CARD_OUTPUTS = [Output(f(v.name), "children") for v in views() for f in (ids.card_value, ids.card_detail)]


@callback(Output(ids.OVERVIEW_MAP, "figure"), *CARD_OUTPUTS, Output(ids.OVERVIEW_UPDATED, "children"),
          Output(ids.OVERVIEW_SEEN, "data"),
          Input(ids.OVERVIEW_ASK, "data"), State(ids.OVERVIEW_SEEN, "data"), State(ids.OVERVIEW_LANG, "data"))
def refresh_overview(live: dict | None, seen: dict | None, lang: str | None):
    if live is None:  # a page just opened draws at its first push (see callbacks.incidents.refresh_queue)
        return (no_update,) * (len(CARD_OUTPUTS) + 3)
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
