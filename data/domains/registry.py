"""Every domain's `DomainSpec`, found by folder (`data/domains/<name>/__init__.py` defines `SPEC`)."""

from __future__ import annotations

import importlib
from functools import cache

from data.domains import domain_names
from data.domains.spec import DomainSpec


@cache
def specs() -> tuple[DomainSpec, ...]:
    """The specs in their display order."""
    found = []
    for name in domain_names():
        spec = importlib.import_module(f"data.domains.{name}").SPEC
        if spec.name != name:
            raise ValueError(f"data/domains/{name}: SPEC.name is {spec.name!r}")
        found.append(spec)
    return tuple(sorted(found, key=lambda s: (s.order, s.name)))


def spec(name: str) -> DomainSpec:
    for found in specs():
        if found.name == name:
            return found
    raise ValueError(f"unknown domain {name!r} (known: {', '.join(s.name for s in specs())})")


def ordered_names() -> tuple[str, ...]:
    return tuple(s.name for s in specs())
