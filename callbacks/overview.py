"""Overview callbacks: when the pushed versions say a domain changed, patch its map traces and card."""

from __future__ import annotations

from dash import Input, Output, Patch, State, callback, no_update

from callbacks._per_version import per_version
from data.store.settings import DOMAINS
from data.wiring.services import get_services
from layouts.map import DOMAIN_TRACES, air_trace, camera_trace, incident_trace, segment_traces
from layouts.overview import card_texts, updated_text


def changed_domains(live: dict | None, seen: dict | None) -> list[str]:
    """Domains whose version differs from what this page last drew (all of them on first draw)."""
    if seen is None:
        return list(DOMAINS)
    versions = (live or {}).get("versions") or {}
    return [d for d in DOMAINS if versions.get(d) != seen.get(d)]


def domain_traces(domain: str, lang: str) -> list[dict]:
    services = get_services()
    if domain == "traffic":
        return segment_traces(services.traffic.segments(), services.traffic.current(), lang)
    if domain == "cameras":
        return [camera_trace(services.cameras.status(), lang)]
    if domain == "environment":
        return [air_trace(services.environment.aqi_current(), lang)]
    return [incident_trace(services.incidents.incidents(open_only=True), lang)]


def domain_summary(domain: str) -> dict:
    return getattr(get_services(), domain).summary()


@per_version(64)
def domain_view(domain: str, lang: str, version: int | None) -> tuple[list[dict], dict]:
    """Traces and summary of a domain at a data version: computed once per version, shared by every open page."""
    return domain_traces(domain, lang), domain_summary(domain)


CARD_OUTPUTS = [Output(f"card-{d}-{part}", "children") for d in DOMAINS for part in ("value", "detail")]


@callback(Output("overview-map", "figure"), *CARD_OUTPUTS, Output("overview-updated", "children"),
          Output("overview-seen", "data"),
          Input("live-versions", "data"), State("overview-seen", "data"), State("overview-lang", "data"))
def refresh_overview(live: dict | None, seen: dict | None, lang: str | None):
    changed = changed_domains(live, seen)
    if not changed:
        return (no_update,) * (len(CARD_OUTPUTS) + 3)
    figure = Patch()
    cards: list = [no_update] * len(CARD_OUTPUTS)
    updated = no_update
    versions = (live or {}).get("versions") or {}
    known = get_services().watcher.snapshot()[1]  # keyed by what this process knows (the first draw has no push yet)
    for domain in changed:
        traces, summary = domain_view(domain, lang, known.get(domain))
        for index, trace in zip(DOMAIN_TRACES[domain], traces, strict=True):
            figure["data"][index] = trace
        position = DOMAINS.index(domain) * 2
        cards[position:position + 2] = card_texts(domain, summary, lang)
        if domain == "traffic":
            updated = updated_text(summary["latest"], get_services().zone, lang)
    return (figure, *cards, updated, {d: versions.get(d) for d in DOMAINS})
